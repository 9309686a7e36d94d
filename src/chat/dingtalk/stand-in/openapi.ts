// The stand-in's OpenAPI side: the token endpoint, robot messages, interactive cards and media
// upload, answering with DingTalk's own shapes: v1.0 errors as `{code, message, requestid}` with an
// HTTP status, the older oapi as HTTP 200 `{errcode, errmsg}`.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, parseJson, readBody, v1Error } from './http-shapes.ts';

/** A robot message the bot sent. */
export interface StandInMessage {
  robotCode: string;
  /** The template (`sampleText`…), or for an answer through a session webhook its `msgtype`. */
  msgKey: string;
  msgParam: unknown;
  /** An answer through a session webhook: the people in its `at.atUserIds`… */
  atUserIds?: string[];
  /** …and those of them DingTalk shows as @-mentioned (their `@userId` is in the text too). */
  mentions?: string[];
}

/** A robot message's session webhook: the conversation it answers in, until when. */
interface Session {
  /** The group's openConversationId; null for the person's chat with the robot. */
  conversationId: string | null;
  userId: string;
  expiresAt: number;
}

/** A card as DingTalk holds it, by outTrackId. */
export interface StandInCard {
  cardTemplateId: string;
  openSpaceId: string;
  callbackType: string;
  cardParamMap: Record<string, string>;
  privateData: Record<string, { cardParamMap: Record<string, string> }>;
  /** How many in-place updates it received. */
  updates: number;
}

/** An uploaded file. */
export interface StandInMedia {
  type: string;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/**
 * One entry of a person's chat with the robot, in the order it happened: a robot message the bot
 * sent, a card delivered there (by outTrackId: {@link OpenApi.cards} holds it as last updated), or
 * what the person typed. `at` is the stand-in's time (ms since the epoch).
 */
export type StandInChatEntry =
  | { kind: 'message'; at: number; message: StandInMessage }
  | { kind: 'card'; at: number; outTrackId: string }
  | { kind: 'typed'; at: number; text: string };

type WithoutTime<T> = T extends unknown ? Omit<T, 'at'> : never;

/** The variables `userId` sees on `card`: the shared ones, overlaid with their private data. */
export function cardSeenBy(card: StandInCard, userId: string): Record<string, string> {
  return { ...card.cardParamMap, ...card.privateData[userId]?.cardParamMap };
}

/** What the next calls are answered with instead of their result. */
export type Misbehaviour = 'rate_limit' | 'ip_ban' | 'monthly_quota';

/** The OpenAPI's state and controls. */
export class OpenApi {
  readonly userMessages = new Map<string, StandInMessage[]>();
  readonly groupMessages = new Map<string, StandInMessage[]>();
  readonly cards = new Map<string, StandInCard>();
  readonly media = new Map<string, StandInMedia>();
  /** Each person's chat with the robot, by userId (see {@link StandInChatEntry}). */
  readonly chats = new Map<string, StandInChatEntry[]>();
  /** Called after anything above changes (a message, a card created or updated, a file). */
  onChange: () => void = () => {};
  /** Every token the endpoint issued, in order (tests check none of them reached a log). */
  readonly issuedTokens: string[] = [];
  tokenRequests = 0;
  /** People outside the robot's reach (not in the app's visible range): nothing is delivered to them. */
  readonly unreachable = new Set<string>();
  readonly #tokens = new Map<string, number>();
  readonly #sessions = new Map<string, Session>();
  #misbehaviour: { kind: Misbehaviour; remaining: number } | undefined;
  /** While set, every OpenAPI call fails as DingTalk's own outage would (HTTP 503). */
  unavailable = false;
  /** Until this time (ms since the epoch), every OpenAPI call is refused with a QPS limit and Retry-After. */
  limitedUntil = 0;

  constructor(
    private readonly credentials: { clientId: string; clientSecret: string },
    private readonly now: () => number,
    private readonly tokenTtlSeconds: number,
  ) {}

  /** The next `count` calls (token endpoint included) answer `kind` instead. */
  misbehave(kind: Misbehaviour, count = 1): void {
    this.#misbehaviour = { kind, remaining: count };
  }

  /** Opens the session webhook of a robot message; answers its token (the webhook's `session`). */
  openSession(session: Session): string {
    const token = randomUUID().replaceAll('-', '');
    this.#sessions.set(token, session);
    return token;
  }

  /** Every token issued so far stops working, as when DingTalk revokes them early. */
  invalidateTokens(): void {
    this.#tokens.clear();
  }

  /** Answers one request; false when the path is not the OpenAPI's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const route = `${req.method} ${url.pathname}`;
    const handler = this.#routes[route];
    if (!handler) return false;
    if (this.misbehaving(res, url.pathname)) return true;
    if (this.unavailable) {
      v1Error(res, 503, 'ServiceUnavailable', '服务暂不可用，请稍后重试');
      return true;
    }
    const waitMs = this.limitedUntil - this.now();
    if (waitMs > 0) {
      res.setHeader('retry-after', String(Math.ceil(waitMs / 1000)));
      v1Error(res, 429, 'Forbidden.AccessDenied.QpsLimitForApi', '调用该接口超过每秒最高频率限制');
      return true;
    }
    const body = await readBody(req);
    await handler(req, res, body, url);
    return true;
  }

  readonly #routes: Record<
    string,
    (req: IncomingMessage, res: ServerResponse, body: Buffer, url: URL) => unknown
  > = {
    'POST /v1.0/oauth2/accessToken': (_req, res, body) => {
      this.tokenRequests += 1;
      const { appKey, appSecret } = parseJson(body);
      if (appKey !== this.credentials.clientId || appSecret !== this.credentials.clientSecret) {
        return v1Error(res, 400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
      }
      const token = randomUUID().replaceAll('-', '');
      this.#tokens.set(token, this.now() + this.tokenTtlSeconds * 1000);
      this.issuedTokens.push(token);
      return json(res, 200, { accessToken: token, expireIn: this.tokenTtlSeconds });
    },
    'POST /v1.0/robot/oToMessages/batchSend': (req, res, body) => {
      if (!this.#authorised(req, res)) return;
      const input = parseJson(body);
      const userIds = Array.isArray(input.userIds) ? (input.userIds as string[]) : [];
      if (userIds.length === 0 || userIds.length > 20) {
        return v1Error(res, 400, 'invalidParameter.userIds', 'userIds 数量应在 1 到 20 之间');
      }
      const message = robotMessage(input);
      if (!message) return v1Error(res, 400, 'invalidParameter.msgParam', 'msgParam 不是合法的 JSON');
      const invalid = userIds.filter((id) => this.unreachable.has(id));
      for (const userId of userIds) {
        if (this.unreachable.has(userId)) continue;
        push(this.userMessages, userId, message);
        this.recordInChat(userId, { kind: 'message', message });
      }
      this.onChange();
      return json(res, 200, {
        processQueryKey: randomUUID(),
        invalidStaffIdList: invalid,
        flowControlledStaffIdList: [],
      });
    },
    'POST /v1.0/robot/groupMessages/send': (req, res, body) => {
      if (!this.#authorised(req, res)) return;
      const input = parseJson(body);
      if (typeof input.msgParam === 'string' && Buffer.byteLength(input.msgParam) > 15_000) {
        return v1Error(res, 400, 'invalidParameter.msgParam', 'msgParam 超过 15000 字节');
      }
      const message = robotMessage(input);
      if (!message || typeof input.openConversationId !== 'string') {
        return v1Error(res, 400, 'invalidParameter', '参数错误');
      }
      push(this.groupMessages, input.openConversationId, message);
      this.onChange();
      return json(res, 200, { processQueryKey: randomUUID() });
    },
    // A session webhook answers in its message's conversation with the oapi's shapes; it takes no
    // access token (the session is the credential). DingTalk documents no codes for a stale
    // session or a bad message here: the errcodes are the stand-in's own.
    'POST /robot/sendBySession': (_req, res, body, url) => {
      const session = this.#sessions.get(url.searchParams.get('session') ?? '');
      if (!session || this.now() >= session.expiresAt) {
        return json(res, 200, { errcode: 300001, errmsg: 'session 不存在或已过期' });
      }
      const input = parseJson(body);
      const type = input.msgtype;
      const content = type === 'text' || type === 'markdown' ? input[type] : undefined;
      if (typeof type !== 'string' || typeof content !== 'object' || content === null) {
        return json(res, 200, { errcode: 40035, errmsg: '缺少参数 msgtype 或消息内容' });
      }
      if (Buffer.byteLength(JSON.stringify(content)) > 15_000) {
        return json(res, 200, { errcode: 460101, errmsg: '消息内容超过 15000 字节' });
      }
      const fields = content as { content?: unknown; text?: unknown };
      const text = String((type === 'text' ? fields.content : fields.text) ?? '');
      const at = (input.at ?? {}) as { atUserIds?: unknown };
      const atUserIds = Array.isArray(at.atUserIds)
        ? at.atUserIds.filter((id): id is string => typeof id === 'string')
        : [];
      const message: StandInMessage = {
        robotCode: '',
        msgKey: type,
        msgParam: content,
        atUserIds,
        mentions: atUserIds.filter((id) => text.includes(`@${id}`)),
      };
      if (session.conversationId === null) {
        push(this.userMessages, session.userId, message);
        this.recordInChat(session.userId, { kind: 'message', message });
      } else push(this.groupMessages, session.conversationId, message);
      this.onChange();
      return json(res, 200, { errcode: 0, errmsg: 'ok' });
    },
    'POST /v1.0/card/instances/createAndDeliver': (req, res, body) => {
      if (!this.#authorised(req, res)) return;
      const input = parseJson(body);
      const { outTrackId, cardTemplateId, openSpaceId } = input;
      if (
        typeof outTrackId !== 'string' ||
        typeof cardTemplateId !== 'string' ||
        typeof openSpaceId !== 'string'
      ) {
        return v1Error(res, 400, 'invalidParameter', 'outTrackId、cardTemplateId、openSpaceId 必填');
      }
      const [spaceType = '', spaceId = ''] = openSpaceId.replace(/^dtv1\.card\/\//, '').split(/\.(.*)/s);
      if (spaceType === 'IM_ROBOT' && this.unreachable.has(spaceId)) {
        // DingTalk answers 200 and reports the failed space inside the result.
        return json(res, 200, {
          success: true,
          result: {
            outTrackId,
            deliverResults: [{ spaceType, spaceId, success: false, errorMsg: '用户不在应用可见范围内' }],
          },
        });
      }
      // A repeated create of one outTrackId keeps the first card: a retried call after a lost
      // answer must not fork the card.
      if (!this.cards.has(outTrackId)) {
        this.cards.set(outTrackId, {
          cardTemplateId,
          openSpaceId,
          callbackType: String(input.callbackType ?? ''),
          cardParamMap: { ...paramMapOf(input.cardData) },
          privateData: privateDataOf(input.privateData),
          updates: 0,
        });
        if (spaceType === 'IM_ROBOT') this.recordInChat(spaceId, { kind: 'card', outTrackId });
        this.onChange();
      }
      return json(res, 200, {
        success: true,
        result: { outTrackId, deliverResults: [{ spaceType, spaceId, success: true }] },
      });
    },
    'PUT /v1.0/card/instances': (req, res, body) => {
      if (!this.#authorised(req, res)) return;
      const input = parseJson(body);
      const card = typeof input.outTrackId === 'string' ? this.cards.get(input.outTrackId) : undefined;
      if (!card) return v1Error(res, 400, 'param.cardNotExist', '卡片不存在');
      const options = (input.cardUpdateOptions ?? {}) as Record<string, unknown>;
      const params = paramMapOf(input.cardData);
      card.cardParamMap = options.updateCardDataByKey ? { ...card.cardParamMap, ...params } : { ...params };
      for (const [userId, data] of Object.entries(privateDataOf(input.privateData))) {
        const before = card.privateData[userId]?.cardParamMap ?? {};
        card.privateData[userId] = {
          cardParamMap: options.updatePrivateDataByKey
            ? { ...before, ...data.cardParamMap }
            : data.cardParamMap,
        };
      }
      card.updates += 1;
      this.onChange();
      return json(res, 200, { success: true, result: true });
    },
    'POST /media/upload': async (req, res, body, url) => {
      if (!this.#valid(url.searchParams.get('access_token'))) {
        return json(res, 200, { errcode: 40014, errmsg: '不合法的access_token' });
      }
      const form = await new Request('http://stand-in/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body,
      }).formData();
      const file = form.get('media');
      if (!(file instanceof File)) return json(res, 200, { errcode: 40004, errmsg: '不合法的媒体文件类型' });
      const mediaId = `@lA${randomUUID().replaceAll('-', '')}`;
      const type = String(form.get('type') ?? 'file');
      this.media.set(mediaId, {
        type,
        fileName: file.name,
        mimeType: file.type,
        bytes: Buffer.from(await file.arrayBuffer()),
      });
      this.onChange();
      return json(res, 200, { errcode: 0, errmsg: 'ok', media_id: mediaId, type, created_at: this.now() });
    },
  };

  /** Adds an entry, stamped now, to `userId`'s chat with the robot (the caller tells of the change). */
  recordInChat(userId: string, entry: WithoutTime<StandInChatEntry>): void {
    push(this.chats, userId, { ...entry, at: this.now() } as StandInChatEntry);
  }

  #valid(token: string | null | undefined): boolean {
    const expiresAt = token ? this.#tokens.get(token) : undefined;
    return expiresAt !== undefined && this.now() < expiresAt;
  }

  #authorised(req: IncomingMessage, res: ServerResponse): boolean {
    const token = req.headers['x-acs-dingtalk-access-token'];
    if (this.#valid(typeof token === 'string' ? token : undefined)) return true;
    v1Error(res, 400, 'InvalidAuthentication', '不合法的access_token');
    return false;
  }

  /** Answers the pending misbehaviour, if any, for a call to `path`; true when it did. */
  misbehaving(res: ServerResponse, path: string): boolean {
    const current = this.#misbehaviour;
    if (!current || current.remaining <= 0) return false;
    current.remaining -= 1;
    if (current.kind === 'ip_ban') {
      // DingTalk's per-IP ban is a web page, not an API answer.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<!DOCTYPE html><html><head><title>访问被拒绝</title></head><body>punish: deny, wait 5</body></html>',
      );
    } else if (current.kind === 'rate_limit') {
      if (path === '/media/upload')
        json(res, 200, { errcode: 90018, errmsg: '当前企业调用该接口超过最高频率' });
      else v1Error(res, 403, 'Forbidden.AccessDenied.QpsLimitForApi', '调用该接口超过每秒最高频率限制');
    } else if (path === '/media/upload') {
      json(res, 200, { errcode: 90020, errmsg: '您的企业本月api调用量已超过限制' });
    } else {
      v1Error(res, 403, 'Forbidden.AccessDenied.ApiCountLimitForOrg', '您的企业本月api调用量已超过限制');
    }
    return true;
  }
}

function robotMessage(input: Record<string, unknown>): StandInMessage | undefined {
  if (typeof input.msgKey !== 'string' || typeof input.msgParam !== 'string') return undefined;
  try {
    return {
      robotCode: String(input.robotCode ?? ''),
      msgKey: input.msgKey,
      msgParam: JSON.parse(input.msgParam),
    };
  } catch {
    return undefined;
  }
}

function paramMapOf(cardData: unknown): Record<string, string> {
  const map = (cardData as { cardParamMap?: unknown } | undefined)?.cardParamMap;
  return typeof map === 'object' && map !== null ? (map as Record<string, string>) : {};
}

function privateDataOf(value: unknown): StandInCard['privateData'] {
  if (typeof value !== 'object' || value === null) return {};
  const out: StandInCard['privateData'] = {};
  for (const [userId, data] of Object.entries(value)) out[userId] = { cardParamMap: { ...paramMapOf(data) } };
  return out;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}
