// The stand-in's Stream side: ticket-checked WebSocket connections, frames pushed to the bot, and
// the bot's ACKs. An unACKed CALLBACK is pushed again after `redeliverAfterMs`, with the same
// messageId, as DingTalk does (about 60 s there; a few milliseconds in tests).

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';

/** An ACK (or ping answer) the bot sent. */
export interface StandInAck {
  messageId: string;
  code: unknown;
  /** The ACK's `data`, parsed. */
  data: unknown;
}

interface Pending {
  frame: string;
  timer?: NodeJS.Timeout;
}

/** Stream connections and frames; owned by the stand-in server. */
export class StreamHub {
  readonly acks: StandInAck[] = [];
  /** ACKs the hub ignored on purpose (see {@link loseAcks}). */
  readonly lostAcks: StandInAck[] = [];
  /** How many connections were accepted so far. */
  connectionCount = 0;
  /** False: the server keeps the connection but stops answering WebSocket pings (a half-open link). */
  answerPings = true;
  // Pings are answered by hand so that a test can make the server go silent.
  readonly #wss = new WebSocketServer({ noServer: true, autoPong: false });
  readonly #tickets = new Set<string>();
  readonly #sockets = new Set<WebSocket>();
  readonly #pending = new Map<string, Pending>();
  readonly #deliveries = new Map<string, number>();
  readonly #watchers = new Set<() => void>();
  #acksToLose = 0;

  constructor(private readonly redeliverAfterMs: number) {}

  /** A one-time ticket for the next connection (the gateway's answer). */
  issueTicket(): string {
    const ticket = randomUUID();
    this.#tickets.add(ticket);
    return ticket;
  }

  /** Takes a WebSocket upgrade: refused without a valid, unused ticket. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/connect' || !this.#tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
  }

  #accept(ws: WebSocket): void {
    this.connectionCount += 1;
    this.#sockets.add(ws);
    ws.on('message', (raw) => this.#onClientFrame(raw.toString()));
    ws.on('ping', (data) => {
      if (this.answerPings) ws.pong(data);
    });
    ws.on('close', () => {
      this.#sockets.delete(ws);
      this.#notify();
    });
    this.#notify();
  }

  #onClientFrame(text: string): void {
    let frame: { code?: unknown; headers?: { messageId?: unknown }; data?: unknown };
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    const messageId = frame.headers?.messageId;
    if (typeof messageId !== 'string') return;
    let data: unknown = frame.data;
    try {
      data = typeof frame.data === 'string' && frame.data !== '' ? JSON.parse(frame.data) : frame.data;
    } catch {
      // kept as sent
    }
    const ack: StandInAck = { messageId, code: frame.code, data };
    if (this.#acksToLose > 0 && this.#pending.has(messageId)) {
      this.#acksToLose -= 1;
      this.lostAcks.push(ack);
    } else {
      this.acks.push(ack);
      const pending = this.#pending.get(messageId);
      if (pending) clearTimeout(pending.timer);
      this.#pending.delete(messageId);
    }
    this.#notify();
  }

  /** Pushes a CALLBACK frame (redelivered until ACKed); answers its messageId. */
  sendCallback(topic: string, data: unknown, messageId: string = randomUUID()): string {
    const frame = this.#frame('CALLBACK', topic, messageId, data);
    const pending: Pending = { frame };
    this.#pending.set(messageId, pending);
    this.#deliver(messageId, pending);
    return messageId;
  }

  /** Pushes an EVENT frame (not redelivered by the stand-in). */
  sendEvent(eventType: string, data: unknown): string {
    const messageId = randomUUID();
    this.#push(this.#frame('EVENT', '*', messageId, data, { eventType }));
    return messageId;
  }

  /** Pushes a SYSTEM frame (`ping`, `disconnect`…); answers its messageId. */
  sendSystem(topic: string, data: unknown = {}): string {
    const messageId = randomUUID();
    this.#push(this.#frame('SYSTEM', topic, messageId, data));
    return messageId;
  }

  /** Pushes any text as one message, malformed frames included. */
  sendRaw(text: string): void {
    this.#push(text);
  }

  /** The next `count` ACKs of pending CALLBACKs are ignored, as if late or lost. */
  loseAcks(count = 1): void {
    this.#acksToLose += count;
  }

  /** How many times the frame with `messageId` was pushed. */
  deliveries(messageId: string): number {
    return this.#deliveries.get(messageId) ?? 0;
  }

  /** Open connections now. */
  get openConnections(): number {
    return this.#sockets.size;
  }

  /** Cuts every connection without a close handshake, as a network failure would. */
  dropConnections(): void {
    for (const ws of this.#sockets) ws.terminate();
  }

  /** Resolves once `check` holds (checked now and after every frame, ACK and connection). */
  waitFor(check: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const watcher = () => {
        if (!check()) return;
        this.#watchers.delete(watcher);
        resolve();
      };
      this.#watchers.add(watcher);
      watcher();
    });
  }

  close(): void {
    for (const pending of this.#pending.values()) clearTimeout(pending.timer);
    this.#pending.clear();
    this.dropConnections();
    this.#wss.close();
  }

  #deliver(messageId: string, pending: Pending): void {
    if (this.#pending.get(messageId) !== pending) return;
    if (this.#push(pending.frame)) this.#deliveries.set(messageId, this.deliveries(messageId) + 1);
    pending.timer = setTimeout(() => this.#deliver(messageId, pending), this.redeliverAfterMs);
    pending.timer.unref();
  }

  /** Sends to the newest open connection; false when there is none. */
  #push(text: string): boolean {
    const ws = [...this.#sockets].at(-1);
    if (!ws) return false;
    ws.send(text);
    this.#notify();
    return true;
  }

  #frame(
    type: string,
    topic: string,
    messageId: string,
    data: unknown,
    extra: Record<string, string> = {},
  ): string {
    return JSON.stringify({
      specVersion: '1.0',
      type,
      headers: {
        appId: 'stand-in-app',
        connectionId: 'stand-in',
        contentType: 'application/json',
        messageId,
        time: String(Date.now()),
        topic,
        ...extra,
      },
      data: JSON.stringify(data),
    });
  }

  #notify(): void {
    for (const watcher of [...this.#watchers]) watcher();
  }
}
