import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../shared/logger.ts';
import { sendJson } from './health.ts';

/**
 * Counts units of work in progress (HTTP requests, listener runs) so shutdown can wait for them.
 * One per runtime; shared by the HTTP server and the chat middleware.
 */
export class InFlightTracker {
  #count = 0;
  readonly #idleWaiters = new Set<() => void>();

  /** Work in progress now. */
  get count(): number {
    return this.#count;
  }

  /** Marks one unit of work as started; call the returned function (once or more) when it ends. */
  begin(): () => void {
    this.#count += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#count -= 1;
      if (this.#count === 0) for (const wake of [...this.#idleWaiters]) wake();
    };
  }

  /** Resolves true once nothing is in flight, or false when `timeoutMs` passes first. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.#count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onIdle = () => {
        clearTimeout(timer);
        this.#idleWaiters.delete(onIdle);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#idleWaiters.delete(onIdle);
        resolve(false);
      }, timeoutMs);
      this.#idleWaiters.add(onIdle);
    });
  }
}

/** An HTTP server that can stop without dropping requests it already accepted. */
export interface ManagedServer {
  /** Listens on `port` (0 picks a free one) and resolves with the port actually bound. */
  listen(port: number, host: string): Promise<number>;
  /** Stops taking requests: new connections are refused, requests on open ones get 503. */
  stopAccepting(): void;
  /**
   * Waits up to `timeoutMs` for tracked work to finish, then closes every connection and the
   * server. Resolves true when the work finished in time.
   */
  close(timeoutMs: number): Promise<boolean>;
}

export interface ManagedServerOptions {
  logger: Logger;
  tracker: InFlightTracker;
  /** Serves one request; a synchronous throw becomes a 500 (or whatever `onError` writes). */
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Answers a request whose `handle` threw; default 500. */
  onError?: (error: unknown, req: IncomingMessage, res: ServerResponse) => void;
}

/** Pages served beside a runtime's own routes (the web forms): `handle` returns false for paths it does not serve. */
export interface HttpPages {
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

/** `handle`, with `pages` given the first look at each request. */
export function servingFirst(
  pages: HttpPages | undefined,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  if (!pages) return handle;
  return (req, res) => {
    if (!pages.handle(req, res)) handle(req, res);
  };
}

/** How long an idle keep-alive connection is held open (see createManagedServer). */
export const IDLE_KEEP_ALIVE_MS = 65_000;

/** Builds a ManagedServer around `handle`. */
export function createManagedServer(options: ManagedServerOptions): ManagedServer {
  const { logger, tracker } = options;
  let accepting = true;
  let closing: Promise<boolean> | undefined;
  // Responses not yet sent, so stopAccepting() can ask their connections to close afterwards.
  const pending = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    if (!accepting) {
      // A keep-alive connection opened before shutdown can still carry a new request: refuse it
      // and close the connection, so the client (or Slack) retries elsewhere.
      res.setHeader('connection', 'close');
      res.setHeader('retry-after', '5');
      sendJson(res, 503, { error: 'shutting_down' });
      return;
    }
    const done = tracker.begin();
    pending.add(res);
    res.once('close', () => {
      pending.delete(res);
      done();
    });
    try {
      options.handle(req, res);
    } catch (error) {
      if (options.onError) {
        options.onError(error, req, res);
      } else {
        logger.error({ err: error, method: req.method, path: pathOf(req) }, 'request handler failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
        else res.end();
      }
    }
  });

  // Node closes an idle keep-alive connection after 5 s by default. A client that reuses it at
  // that moment (a reverse proxy's upstream pool, fetch's pool, the Slack client) gets ECONNRESET;
  // under load the margin clients keep (fetch: 1 s) is eaten by event-loop delay. Holding idle
  // connections longer than proxies keep theirs (nginx 60 s, cloud load balancers 60 s) means the
  // client side always closes first. Shutdown closes idle connections itself (stopAccepting).
  server.keepAliveTimeout = IDLE_KEEP_ALIVE_MS;
  // Must exceed keepAliveTimeout, or a slow request's headers are cut off on a reused connection.
  server.headersTimeout = IDLE_KEEP_ALIVE_MS + 1_000;

  let listened = false;
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));

  function stopAccepting(): void {
    accepting = false;
    // close() refuses new connections at once; 'close' fires when the last connection ends.
    if (server.listening) server.close();
    for (const res of pending) if (!res.headersSent) res.setHeader('connection', 'close');
    server.closeIdleConnections();
  }

  async function closeAfterDrain(timeoutMs: number): Promise<boolean> {
    stopAccepting();
    const drained = await tracker.drain(timeoutMs);
    if (!drained)
      logger.warn({ inFlight: tracker.count, timeoutMs }, 'shutdown timed out with work in flight');
    // Connections that went idle after stopAccepting(), or still busy past the deadline, would
    // otherwise hold the server open.
    server.closeAllConnections();
    // A server that never listened emits no 'close'.
    if (listened) await closed;
    return drained;
  }

  return {
    listen(port, host) {
      if (!accepting) return Promise.reject(new Error('the server is stopping; not listening'));
      return new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          server.on('error', (error) => logger.error({ err: error }, 'HTTP server error'));
          listened = true;
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    stopAccepting,
    close(timeoutMs) {
      closing ??= closeAfterDrain(timeoutMs);
      return closing;
    },
  };
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://localhost').pathname;
}
