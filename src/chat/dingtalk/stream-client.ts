// DingTalk's Stream mode client: register at the gateway, hold one WebSocket, answer pings, ACK
// every CALLBACK before any work, and reconnect with capped, jittered backoff.
//
// Written on `ws` rather than on the official `dingtalk-stream` package. Where it deliberately
// differs from the official SDKs (nodejs src/client.ts, python dingtalk_stream/stream.py):
// - One loop owns the connection: register, connect, wait for `close`, back off, again. Only
//   `close` ends a session (ws always emits it, after `error` too). dingtalk-stream 2.1.5 reconnected
//   from both `error` and `close`, so every failed handshake doubled the attempts (a reconnect storm).
// - The backoff is reset only after a connection stayed up `stableAfterMs`. 2.1.6 resets it on
//   `open`, so a gateway that accepts and drops at once is hammered every second or so.
// - CALLBACK frames are ACKed first, then handed on. The nodejs SDK leaves the ACK to the handler
//   and the python SDK ACKs after the handler returns: a slow database turns into redeliveries.
//   Redelivered and duplicate frames are handed on again with the same messageId; the adapter
//   stores it with the work it caused, so a second copy does nothing.
// - A frame that is not JSON is logged and dropped; the nodejs SDK's JSON.parse throws inside the
//   socket listener and takes the process down.
// - SYSTEM `disconnect` closes the socket at once and reconnects (as the python SDK); the nodejs
//   SDK only flips flags and waits for the server to close.

import WebSocket, { type RawData } from 'ws';
import type { ChatConnectionState } from '../../http/health.ts';
import type { Logger } from '../../shared/logger.ts';
import { DingTalkApiError, readDingTalkAnswer } from './api-errors.ts';
import { exponentialBackoff, type ReconnectPolicy, realSleep, type Sleep } from './backoff.ts';
import { ackFrame, parseFrame, pongFrame, STREAM_SUBSCRIPTIONS, type StreamFrame } from './stream-frames.ts';

/** A CALLBACK or EVENT frame as the handler gets it, after its ACK went out. */
export interface StreamMessage {
  type: 'CALLBACK' | 'EVENT';
  /** The same on every redelivery of one frame: the key the adapter deduplicates on. */
  messageId: string;
  topic: string;
  /** The frame's `data`, parsed. */
  data: unknown;
  headers: StreamFrame['headers'];
}

/** Does the work a frame asks for; a rejection is logged, never thrown further. */
export type StreamHandler = (message: StreamMessage) => Promise<void>;

/** Settings of {@link createStreamClient}. */
export interface StreamClientSettings {
  /** https://api.dingtalk.com, or a stand-in's base URL. */
  gatewayUrl: string;
  clientId: string;
  clientSecret: string;
  handler: StreamHandler;
  logger: Logger;
  /** Sent to the gateway as `ua`. */
  ua?: string;
  /** Waits between attempts (and between keep-alive pings); tests pass a fake clock's. */
  sleep?: Sleep;
  /** The delay before reconnect attempt n (default {@link exponentialBackoff}: 1 s doubling to 60 s). */
  reconnect?: ReconnectPolicy;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** A connection up this long counts as healthy and resets the backoff (default 30 s). */
  stableAfterMs?: number;
  /** Ping the server this often and drop a connection that did not answer the last ping (default 60 s; 0: off). */
  keepAliveMs?: number;
  /** Longest wait for the gateway's answer and for the WebSocket handshake (default 10 s). */
  timeoutMs?: number;
  /** Told of every change of state (the adapter's `/readyz` entry reads {@link StreamClient.state} too). */
  onState?: (state: ChatConnectionState) => void;
}

/** The running client. */
export interface StreamClient {
  /** Starts the connection loop; a second call while it runs does nothing. */
  start(): void;
  /** Cancels everything (a pending registration, the socket, a backoff wait) and resolves when the loop ended. */
  stop(): Promise<void>;
  /**
   * Resolves when no handler is running. stop() does not wait for handlers (their work is the
   * adapter's, bounded by its own stop timeout); the adapter awaits this after stop().
   */
  drain(): Promise<void>;
  /** `connected` while the socket is open, `connecting` while (re)connecting, else `disconnected`. */
  state(): ChatConnectionState;
}

/** Builds a Stream client; nothing happens before `start()`. */
export function createStreamClient(settings: StreamClientSettings): StreamClient {
  const log = settings.logger;
  const sleep = settings.sleep ?? realSleep;
  const policy = settings.reconnect ?? exponentialBackoff();
  const now = settings.now ?? Date.now;
  const stableAfterMs = settings.stableAfterMs ?? 30_000;
  const keepAliveMs = settings.keepAliveMs ?? 60_000;
  const timeoutMs = settings.timeoutMs ?? 10_000;
  let state: ChatConnectionState = 'disconnected';
  let controller: AbortController | undefined;
  let loop: Promise<void> | undefined;
  const running = new Set<Promise<void>>();

  function setState(next: ChatConnectionState): void {
    if (state === next) return;
    state = next;
    settings.onState?.(next);
  }

  async function run(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted) {
      setState('connecting');
      let failure: unknown;
      try {
        const url = await register(signal);
        if (signal.aborted) break;
        if (await session(url, signal)) attempt = 0;
      } catch (error) {
        failure = error;
      }
      if (signal.aborted) break;
      // Between attempts the bot cannot take callbacks: `/readyz` must not read `connected`.
      setState('connecting');
      // A rate limit or the per-IP ban says how long to stay away; the backoff never undercuts it.
      const delayMs = Math.max(
        policy(attempt),
        failure instanceof DingTalkApiError ? (failure.retryAfterMs ?? 0) : 0,
      );
      attempt += 1;
      if (failure === undefined) {
        log.warn({ attempt, delayMs }, 'DingTalk Stream connection closed; reconnecting');
      } else {
        log.warn(
          { attempt, delayMs, err: failure },
          `DingTalk Stream connection failed (${describe(failure)}); check DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET and the gateway URL; retrying`,
        );
      }
      await sleep(delayMs, signal);
    }
    setState('disconnected');
  }

  /** Registers at the gateway; answers the WebSocket URL with its one-time ticket. */
  async function register(signal: AbortSignal): Promise<string> {
    const response = await fetch(new URL('/v1.0/gateway/connections/open', settings.gatewayUrl), {
      method: 'POST',
      // Without Accept the gateway answers XML (noted in the nodejs SDK).
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        ua: settings.ua ?? 'office-workflow-bot (node; ws)',
        subscriptions: STREAM_SUBSCRIPTIONS,
      }),
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    });
    const body = await readDingTalkAnswer(response, 'gateway/connections/open');
    if (typeof body.endpoint !== 'string' || typeof body.ticket !== 'string') {
      throw new Error('the gateway answered without endpoint and ticket');
    }
    const url = new URL(body.endpoint);
    url.searchParams.set('ticket', body.ticket);
    return url.toString();
  }

  /** One WebSocket, until it closes; answers whether it stayed up long enough to count as healthy. */
  function session(url: string, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const ws = new WebSocket(url, { handshakeTimeout: timeoutMs });
      const ended = new AbortController();
      let openedAt: number | undefined;
      // The ticket is a credential for this one connection: log the endpoint's origin only.
      const where = new URL(url).origin;
      const onAbort = () => {
        ws.close(1000, 'stopping');
        // A server that never answers the close handshake must not hold stop() for ws's 30 s.
        setTimeout(() => ws.terminate(), 1000).unref();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      ws.on('open', () => {
        openedAt = now();
        setState('connected');
        log.info({ endpoint: where }, 'DingTalk Stream connected');
        if (keepAliveMs > 0) void keepAlive(ws, ended.signal);
      });
      ws.on('message', (data, isBinary) => onMessage(ws, data, isBinary));
      // Logged only: `close` always follows, and the loop reconnects from there alone.
      ws.on('error', (error) => log.warn({ err: error, endpoint: where }, 'DingTalk Stream socket error'));
      ws.on('close', (code) => {
        signal.removeEventListener('abort', onAbort);
        ended.abort();
        if (openedAt !== undefined) log.info({ code }, 'DingTalk Stream socket closed');
        resolve(openedAt !== undefined && now() - openedAt >= stableAfterMs);
      });
    });
  }

  /** Drops a connection whose server stopped answering pings (a half-open TCP connection). */
  async function keepAlive(ws: WebSocket, ended: AbortSignal): Promise<void> {
    let answered = true;
    ws.on('pong', () => {
      answered = true;
    });
    while (!ended.aborted) {
      await sleep(keepAliveMs, ended);
      if (ended.aborted) return;
      if (!answered) {
        log.warn('DingTalk Stream server did not answer a ping; dropping the connection');
        ws.terminate();
        return;
      }
      answered = false;
      ws.ping();
    }
  }

  function onMessage(ws: WebSocket, raw: RawData, isBinary: boolean): void {
    const parsed = isBinary ? { ok: false as const, reason: 'binary' } : parseFrame(raw.toString());
    if (!parsed.ok) {
      // The content is not logged: it may carry what a person wrote.
      log.warn({ reason: parsed.reason }, 'malformed DingTalk Stream frame dropped');
      return;
    }
    const frame = parsed.frame;
    if (frame.type === 'SYSTEM') {
      onSystem(ws, frame);
      return;
    }
    // ACK first: the server redelivers whatever is not ACKed, however long the work takes.
    const ack = frame.type === 'CALLBACK' ? { response: {} } : { status: 'SUCCESS', message: 'OK' };
    ws.send(ackFrame(frame.headers.messageId, ack), (error) => {
      if (error)
        log.warn({ messageId: frame.headers.messageId, err: error }, 'ACK not sent; DingTalk will redeliver');
      handOn(frame);
    });
  }

  function onSystem(ws: WebSocket, frame: StreamFrame): void {
    if (frame.headers.topic === 'ping') {
      ws.send(pongFrame(frame));
    } else if (frame.headers.topic === 'disconnect') {
      log.info('DingTalk Stream server asked to reconnect');
      ws.close(1000, 'disconnect');
    } else {
      log.debug({ topic: frame.headers.topic }, 'DingTalk Stream system frame');
    }
  }

  function handOn(frame: StreamFrame): void {
    const { messageId, topic } = frame.headers;
    let data: unknown;
    try {
      data = frame.data === '' ? {} : JSON.parse(frame.data);
    } catch {
      log.warn({ messageId, topic }, 'DingTalk Stream frame data is not JSON; dropped after its ACK');
      return;
    }
    const message: StreamMessage = {
      type: frame.type as StreamMessage['type'],
      messageId,
      topic,
      data,
      headers: frame.headers,
    };
    // Through an async function, so a handler that throws synchronously is caught too.
    const work = (async () => settings.handler(message))().catch((error: unknown) =>
      log.error({ err: error, messageId, topic }, 'DingTalk Stream handler failed'),
    );
    running.add(work);
    void work.finally(() => running.delete(work));
  }

  return {
    start() {
      if (loop) return;
      controller = new AbortController();
      // run() handles its own failures; this guard keeps a bug in it from becoming an unhandled rejection.
      const current = run(controller.signal)
        .catch((error: unknown) => {
          setState('disconnected');
          log.error({ err: error }, 'DingTalk Stream client stopped on an unexpected error');
        })
        .finally(() => {
          if (loop === current) loop = undefined;
        });
      loop = current;
    },
    async stop() {
      controller?.abort();
      await loop;
      setState('disconnected');
    },
    async drain() {
      while (running.size > 0) await Promise.all(running);
    },
    state: () => state,
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
