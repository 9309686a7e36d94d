import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger.ts';

/**
 * How the bot is connected to Slack. `http`: Slack calls us (nothing to hold open);
 * `connecting`/`connected`/`disconnected`: the Socket Mode WebSocket; `not_configured`: offline mode.
 */
export type SlackConnectionState = 'http' | 'connecting' | 'connected' | 'disconnected' | 'not_configured';

/** Outcome of the database ping. */
export type DatabaseCheck = 'ok' | 'error';

/** The body of `GET /readyz`, for both 200 and 503. */
export type Readiness = { ready: boolean; checks: { database: DatabaseCheck; slack: SlackConnectionState } };

/** Pings the database; may throw or hang, the health layer bounds it. */
export type DatabaseProbe = () => Promise<{ database: DatabaseCheck }>;

/**
 * A GET route in the shape Bolt's `customRoutes` takes (HTTPReceiver and SocketModeReceiver), also
 * served by our plain node:http servers through `handleRoute`.
 */
export interface HealthRoute {
  path: string;
  method: ['GET'];
  handler(req: IncomingMessage, res: ServerResponse): void;
}

export interface HealthOptions {
  readiness: DatabaseProbe;
  connectionState: () => SlackConnectionState;
  logger: Logger;
  /** Longest wait for the database ping; a probe slower than this counts as down (default 2000). */
  probeTimeoutMs?: number;
}

/** Slack states in which the bot can take requests: HTTP mode, a live socket, or offline by design. */
const READY_SLACK_STATES: ReadonlySet<SlackConnectionState> = new Set([
  'http',
  'connected',
  'not_configured',
]);

const DEFAULT_PROBE_TIMEOUT_MS = 2000;

/** Runs the checks behind `/readyz`. Never throws: a failing or slow probe reads as `error`. */
export async function checkReadiness(options: HealthOptions): Promise<Readiness> {
  const database = await probeDatabase(options);
  const slack = options.connectionState();
  return { ready: database === 'ok' && READY_SLACK_STATES.has(slack), checks: { database, slack } };
}

/** `/healthz` (alive, no I/O) and `/readyz` (database and Slack checks). */
export function createHealthRoutes(options: HealthOptions): HealthRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        checkReadiness(options).then(
          (readiness) => sendJson(res, readiness.ready ? 200 : 503, readiness),
          // checkReadiness does not throw; this only guards a broken connectionState().
          (error: unknown) => {
            options.logger.error({ err: error }, 'readiness check failed');
            sendJson(res, 503, { ready: false });
          },
        );
      },
    },
  ];
}

/**
 * Serves `req` from `routes` when its path matches one; returns false otherwise so the caller can
 * answer 404. A known path with another method gets 405.
 */
export function handleRoute(
  routes: readonly HealthRoute[],
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const route = routes.find((r) => r.path === path);
  if (!route) return false;
  const allowed: readonly string[] = route.method;
  if (!allowed.includes((req.method ?? 'GET').toUpperCase())) {
    res.writeHead(405, { allow: route.method.join(', ') });
    res.end();
    return true;
  }
  route.handler(req, res);
  return true;
}

/** Writes a JSON response that probes and proxies must not cache. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}

async function probeDatabase(options: HealthOptions): Promise<DatabaseCheck> {
  const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([options.readiness(), timedOut]);
    if (outcome === 'timeout') {
      options.logger.warn({ timeoutMs }, 'database readiness probe timed out');
      return 'error';
    }
    if (outcome.database !== 'ok') options.logger.warn('database readiness probe reported an error');
    return outcome.database;
  } catch (error) {
    options.logger.warn({ err: error }, 'database readiness probe failed');
    return 'error';
  } finally {
    clearTimeout(timer);
  }
}
