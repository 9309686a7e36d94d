import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../shared/logger.ts';

/**
 * How the bot is connected to one chat platform. `http`: the platform calls us (nothing to hold
 * open); `connecting`/`connected`/`disconnected`: a connection we hold (Slack's Socket Mode);
 * `standby`: a connection held once per installation, which another replica holds now (DingTalk's
 * Stream connection; this one takes over when that one goes); `not_configured`: no credentials.
 */
export type ChatConnectionState =
  | 'http'
  | 'connecting'
  | 'connected'
  | 'disconnected'
  | 'standby'
  | 'not_configured';

/**
 * Each platform's connection, by the platform's name (`slack`): every platform the bot knows, a
 * platform without credentials as `not_configured`. The names are the platforms' own, so a new
 * platform needs nothing here.
 */
export type ChatConnections = Readonly<Record<string, ChatConnectionState>>;

/** Outcome of the database ping. */
export type DatabaseCheck = 'ok' | 'error';

/**
 * The body of `GET /readyz`, for both 200 and 503: the database and each platform's connection;
 * when not ready, a sentence per cause; and, while no platform is configured, the messages that
 * wait for one.
 */
export type Readiness = {
  ready: boolean;
  /** `database`, then each platform's connection by its name. */
  checks: { database: DatabaseCheck; [platform: string]: DatabaseCheck | ChatConnectionState };
  reasons?: string[];
  waiting?: WaitingMessages;
};

/** Outbox rows that cannot be delivered yet, and why. */
export type WaitingMessages = { messages: number; reason: string };

/** Pings the database; may throw or hang, the health layer bounds it. */
export type DatabaseProbe = () => Promise<{ database: DatabaseCheck }>;

/** Counts the outbox rows waiting for delivery; may throw or hang, the health layer bounds it. */
export type WaitingProbe = () => Promise<number>;

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
  /** Every platform the bot knows, each with its connection (`not_configured` without credentials). */
  connections: () => ChatConnections;
  /**
   * Messages waiting in the outbox. With no platform configured they cannot go anywhere, and
   * `/readyz` says how many wait and why.
   */
  waiting?: WaitingProbe;
  logger: Logger;
  /** Longest wait for the database ping; a probe slower than this counts as down (default 2000). */
  probeTimeoutMs?: number;
}

/** Connections in which a platform can take requests: HTTP mode, or a live socket. */
// A standby replica is ready: it serves the web forms and delivers the outbox like the leader.
const READY_STATES: ReadonlySet<ChatConnectionState> = new Set(['http', 'connected', 'standby']);

const DEFAULT_PROBE_TIMEOUT_MS = 2000;

/**
 * Runs the checks behind `/readyz`. Never throws: a failing or slow probe reads as `error`. Ready
 * when the database answers and every configured platform is connected. With none configured the
 * bot is still ready (it serves health checks and runs its workflows and scheduler: an
 * orchestrator gains nothing by holding it out of rotation), and the body says how many messages
 * wait for a platform.
 */
export async function checkReadiness(options: HealthOptions): Promise<Readiness> {
  const database = await probeDatabase(options);
  const connections = options.connections();
  const reasons: string[] = [];
  if (database !== 'ok') reasons.push('the database does not answer');
  const configured = Object.entries(connections).filter(([, state]) => state !== 'not_configured');
  for (const [platform, state] of configured) {
    if (!READY_STATES.has(state)) reasons.push(`${platform} is ${state}`);
  }
  const checks = { database, ...connections };
  const readiness: Readiness =
    reasons.length === 0 ? { ready: true, checks } : { ready: false, checks, reasons };
  if (configured.length === 0 && database === 'ok' && options.waiting) {
    const messages = await probeWaiting(options, options.waiting);
    if (messages > 0) readiness.waiting = { messages, reason: 'no chat platform is configured' };
  }
  return readiness;
}

/** `/healthz` (alive, no I/O) and `/readyz` (database, platforms and waiting messages). */
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
          // checkReadiness does not throw; this only guards a broken connections().
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
  try {
    const outcome = await withTimeout(options, options.readiness());
    if (outcome === 'timeout') {
      options.logger.warn({ timeoutMs: timeoutOf(options) }, 'database readiness probe timed out');
      return 'error';
    }
    if (outcome.database !== 'ok') options.logger.warn('database readiness probe reported an error');
    return outcome.database;
  } catch (error) {
    options.logger.warn({ err: error }, 'database readiness probe failed');
    return 'error';
  }
}

/** The waiting count, or 0 when it cannot be had in time (the database check reports that). */
async function probeWaiting(options: HealthOptions, waiting: WaitingProbe): Promise<number> {
  try {
    const outcome = await withTimeout(options, waiting());
    if (outcome === 'timeout') {
      options.logger.warn({ timeoutMs: timeoutOf(options) }, 'outbox readiness probe timed out');
      return 0;
    }
    return outcome;
  } catch (error) {
    options.logger.warn({ err: error }, 'outbox readiness probe failed');
    return 0;
  }
}

const timeoutOf = (options: HealthOptions) => options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;

async function withTimeout<T>(options: HealthOptions, work: Promise<T>): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutOf(options));
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
