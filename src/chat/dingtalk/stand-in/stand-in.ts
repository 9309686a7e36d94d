// A local DingTalk: one HTTP server for the Stream gateway, the OpenAPI (api.dingtalk.com and
// oapi.dingtalk.com paths) and the Stream WebSocket. The machines this bot is built on cannot
// reach DingTalk, and DingTalk has no public test server; tests and the playground use this.

import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { TOPIC_CARD_CALLBACK, TOPIC_ROBOT_MESSAGE } from '../stream-frames.ts';
import {
  type CardClickInput,
  cardClickData,
  type RobotMessageInput,
  robotMessageData,
  SESSION_WEBHOOK_TTL_MS,
} from './callbacks.ts';
import { json, parseJson, readBody, v1Error } from './http-shapes.ts';
import type { Misbehaviour, StandInCard, StandInChatEntry, StandInMedia, StandInMessage } from './openapi.ts';
import { OpenApi } from './openapi.ts';
import { type StandInAck, StreamHub } from './stream-hub.ts';

export type {
  CardClickInput,
  Misbehaviour,
  RobotMessageInput,
  StandInAck,
  StandInCard,
  StandInChatEntry,
  StandInMedia,
  StandInMessage,
};

/** Settings of {@link startDingTalkStandIn}. */
export interface StandInSettings {
  /** The app's credentials the stand-in accepts (defaults: `stand-in-client` / `stand-in-secret`). */
  clientId?: string;
  clientSecret?: string;
  /** An unACKed CALLBACK is pushed again after this long (default 60 s, as DingTalk). */
  redeliverAfterMs?: number;
  /** Lifetime of issued access tokens (default 7200 s, as DingTalk). */
  tokenTtlSeconds?: number;
  /** Milliseconds since the epoch, for token expiry (default Date.now). */
  now?: () => number;
  /** Start unreachable (port reserved, nothing listening) until {@link DingTalkStandIn.up}. */
  down?: boolean;
}

/** The running stand-in and its controls. */
export interface DingTalkStandIn {
  /** Base URL for DINGTALK_API_URL, DINGTALK_GATEWAY_URL and the oapi base alike. */
  url: string;
  clientId: string;
  clientSecret: string;
  /** Pushes a CALLBACK frame (redelivered until ACKed); answers its messageId. */
  sendCallback(topic: string, data: unknown, options?: { messageId?: string }): string;
  /**
   * The data of a robot message as this stand-in's DingTalk sends it: its session webhook answers
   * here, in the group (or the person's chat) it was written in, for 90 minutes.
   */
  robotMessage(input: RobotMessageInput): Record<string, unknown>;
  /** A person writes to the robot (robot message CALLBACK); answers the frame's messageId. */
  sendRobotMessage(input: RobotMessageInput): string;
  /** A person presses a card button (card CALLBACK); answers the frame's messageId. */
  sendCardClick(input: CardClickInput): string;
  /** Pushes a SYSTEM frame; answers its messageId. */
  sendSystem(topic: string, data?: unknown): string;
  /** Pushes an EVENT frame; answers its messageId. */
  sendEvent(eventType: string, data: unknown): string;
  /** Pushes raw text (a malformed frame). */
  sendRaw(text: string): void;
  /** The server's `disconnect` frame: the bot should reconnect. */
  disconnect(): string;
  /** Cuts the WebSocket connection(s) without a close handshake. */
  dropConnection(): void;
  /** Keeps the connection open but stops answering WebSocket pings, as a half-open link. */
  stopAnsweringPings(): void;
  /** The next `count` ACKs are ignored, as if they came too late. */
  loseAcks(count?: number): void;
  /** Every ACK received, in order. */
  readonly acks: readonly StandInAck[];
  /** How many times a frame was pushed. */
  deliveries(messageId: string): number;
  /** Resolves once `check` holds, re-checked on every Stream event. */
  waitFor(check: () => boolean): Promise<void>;
  /** Gateway registrations (accepted or refused) so far. */
  readonly registrations: number;
  /** The subscriptions of the last registration. */
  readonly subscriptions: unknown;
  /** WebSocket connections accepted so far. */
  readonly connections: number;
  /** Connections open now. */
  readonly openConnections: number;
  /** Refuses the next `count` registrations with DingTalk's error shape (default: until told otherwise). */
  refuseRegistration(count?: number): void;
  /**
   * A person's chat with the robot as their DingTalk shows it, oldest first: the robot's messages,
   * the cards delivered there, and what they typed (through {@link sendRobotMessage}).
   */
  chatWith(userId: string): readonly StandInChatEntry[];
  /** Calls `listener` after every change to messages, cards, files or chats; answers its removal. */
  onChange(listener: () => void): () => void;
  /** Robot messages sent to a person's chat with the robot. */
  messagesTo(userId: string): StandInMessage[];
  /** Robot messages sent to a group (through the group API, or a session webhook of the group). */
  messagesInGroup(openConversationId: string): StandInMessage[];
  /** A card by outTrackId, as last created or updated. */
  card(outTrackId: string): StandInCard | undefined;
  /** Every card with its outTrackId, in the order they were created. */
  cards(): Array<[string, StandInCard]>;
  /** An uploaded file by mediaId. */
  media(mediaId: string): StandInMedia | undefined;
  /** The next `count` calls (gateway and OpenAPI) answer a QPS limit, the HTML ban page or the monthly quota. */
  misbehave(kind: Misbehaviour, count?: number): void;
  /** DingTalk's OpenAPI fails (HTTP 503) until told otherwise; the Stream side stays up. */
  setApiDown(down: boolean): void;
  /** Every OpenAPI call is refused as a QPS limit for `ms` from now, with Retry-After saying how long. */
  rateLimitFor(ms: number): void;
  /** Puts a person out of the robot's reach: DMs list them as invalid, their cards fail to deliver. */
  makeUnreachable(userId: string): void;
  /** Revokes every token issued so far. */
  invalidateTokens(): void;
  /** Tokens issued so far, and how many times the token endpoint was asked. */
  readonly issuedTokens: readonly string[];
  readonly tokenRequests: number;
  /** Stops listening (connections cut): the bot sees connection refused. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** The robot code the stand-in's robot messages carry (what DINGTALK_ROBOT_CODE names). */
export const STAND_IN_ROBOT_CODE = 'stand-in-robot';

/** The variables that connect a bot to the stand-in as to DingTalk (the gateway at its API's address). */
export function standInEnv(
  standIn: Pick<DingTalkStandIn, 'clientId' | 'clientSecret' | 'url'>,
): NodeJS.ProcessEnv {
  return {
    DINGTALK_CLIENT_ID: standIn.clientId,
    DINGTALK_CLIENT_SECRET: standIn.clientSecret,
    DINGTALK_ROBOT_CODE: STAND_IN_ROBOT_CODE,
    DINGTALK_CARD_TEMPLATE_ID: 'bot-card.schema',
    DINGTALK_API_URL: standIn.url,
    DINGTALK_OAPI_URL: standIn.url,
  };
}

/** Starts a stand-in on a free local port. */
export async function startDingTalkStandIn(settings: StandInSettings = {}): Promise<DingTalkStandIn> {
  const clientId = settings.clientId ?? 'stand-in-client';
  const clientSecret = settings.clientSecret ?? 'stand-in-secret';
  const hub = new StreamHub(settings.redeliverAfterMs ?? 60_000);
  const now = settings.now ?? Date.now;
  const api = new OpenApi({ clientId, clientSecret }, now, settings.tokenTtlSeconds ?? 7200);
  const sockets = new Set<Socket>();
  const listeners = new Set<() => void>();
  api.onChange = () => {
    for (const listener of [...listeners]) listener();
  };
  let refusals = 0;
  let registrations = 0;
  let listening = false;
  let subscriptions: unknown;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    void (async () => {
      if (req.method === 'POST' && url.pathname === '/v1.0/gateway/connections/open') {
        registrations += 1;
        // The per-IP ban and QPS limits cover api.dingtalk.com as a whole, the gateway included.
        if (api.misbehaving(res, url.pathname)) return;
        const body = parseJson(await readBody(req));
        subscriptions = body.subscriptions;
        if (refusals > 0 || body.clientId !== clientId || body.clientSecret !== clientSecret) {
          refusals = Math.max(0, refusals - 1);
          // The shape is DingTalk's; the real gateway's exact code for bad credentials is not documented.
          return v1Error(res, 401, 'Unauthorized', 'clientId 或 clientSecret 无效，注册 Stream 连接失败');
        }
        return json(res, 200, {
          endpoint: `${baseUrl.replace(/^http/, 'ws')}/connect`,
          ticket: hub.issueTicket(),
        });
      }
      if (await api.handle(req, res, url)) return;
      v1Error(res, 404, 'InvalidAction.NotFound', `${req.method} ${url.pathname} 不存在`);
    })().catch(() => {
      if (!res.headersSent) v1Error(res, 500, 'InternalError', '系统错误');
    });
  });
  server.on('upgrade', (req, socket, head) => hub.upgrade(req, socket, head));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await listen(server, 0);
  listening = true;
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  async function down(): Promise<void> {
    if (!listening) return;
    listening = false;
    hub.dropConnections();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  }
  async function up(): Promise<void> {
    if (listening) return;
    await listen(server, port);
    listening = true;
  }
  if (settings.down) await down();

  function robotMessage(input: RobotMessageInput): Record<string, unknown> {
    const at = now();
    const session = api.openSession({
      conversationId: input.groupConversationId ?? null,
      userId: input.senderStaffId,
      expiresAt: at + SESSION_WEBHOOK_TTL_MS,
    });
    return robotMessageData(input, at, `${baseUrl}/robot/sendBySession?session=${session}`);
  }

  return {
    url: baseUrl,
    clientId,
    clientSecret,
    sendCallback: (topic, data, options) => hub.sendCallback(topic, data, options?.messageId),
    robotMessage,
    sendRobotMessage(input) {
      if (input.groupConversationId === undefined) {
        api.recordInChat(input.senderStaffId, { kind: 'typed', text: input.text });
        api.onChange();
      }
      return hub.sendCallback(TOPIC_ROBOT_MESSAGE, robotMessage(input));
    },
    sendCardClick: (input) => hub.sendCallback(TOPIC_CARD_CALLBACK, cardClickData(input)),
    sendSystem: (topic, data) => hub.sendSystem(topic, data),
    sendEvent: (eventType, data) => hub.sendEvent(eventType, data),
    sendRaw: (text) => hub.sendRaw(text),
    disconnect: () => hub.sendSystem('disconnect', { reason: 'stand-in asked' }),
    dropConnection: () => hub.dropConnections(),
    loseAcks: (count) => hub.loseAcks(count),
    stopAnsweringPings() {
      hub.answerPings = false;
    },
    get acks() {
      return hub.acks;
    },
    deliveries: (messageId) => hub.deliveries(messageId),
    waitFor: (check) => hub.waitFor(check),
    get registrations() {
      return registrations;
    },
    get subscriptions() {
      return subscriptions;
    },
    get connections() {
      return hub.connectionCount;
    },
    get openConnections() {
      return hub.openConnections;
    },
    refuseRegistration(count = Number.POSITIVE_INFINITY) {
      refusals = count;
    },
    chatWith: (userId) => api.chats.get(userId) ?? [],
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    messagesTo: (userId) => api.userMessages.get(userId) ?? [],
    messagesInGroup: (id) => api.groupMessages.get(id) ?? [],
    card: (outTrackId) => api.cards.get(outTrackId),
    cards: () => [...api.cards.entries()],
    media: (mediaId) => api.media.get(mediaId),
    misbehave: (kind, count) => api.misbehave(kind, count),
    invalidateTokens: () => api.invalidateTokens(),
    setApiDown(down) {
      api.unavailable = down;
    },
    rateLimitFor(ms) {
      api.limitedUntil = now() + ms;
    },
    makeUnreachable(userId) {
      api.unreachable.add(userId);
    },
    get issuedTokens() {
      return api.issuedTokens;
    },
    get tokenRequests() {
      return api.tokenRequests;
    },
    down,
    up,
    async close() {
      hub.close();
      await down();
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
