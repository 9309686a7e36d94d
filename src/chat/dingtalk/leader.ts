// Which replica holds a connection that must exist once per installation (DingTalk's Stream
// connection): the one whose PostgreSQL session holds an advisory lock. The others try again every
// `retryMs` and take over when the holder's session ends, whether it stopped, crashed or lost its
// connection. Nothing here knows about DingTalk: the work is a function that runs while this
// process leads and stops when its signal aborts.
//
// Why one dedicated connection and not the pool: `pg_try_advisory_lock` is held by the session that
// took it. A pool would run the lock on one connection, the check on another, and could close the
// holding connection when it idles, silently handing the lock to another replica while this one
// still believes it leads.

import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../../shared/logger.ts';
import { realSleep, type Sleep } from './backoff.ts';

/** The one connection a leader holds its lock on: the slice of `pg.Client` it uses. */
export interface LeaderSession {
  /** Runs one statement on this connection; rejects if the connection is broken. */
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  /** Calls `listener` once when the connection breaks (an error, the server ending it). */
  onBroken(listener: (error: Error | undefined) => void): void;
  /** Closes the connection; the server releases the session's locks with it. Never rejects. */
  close(): Promise<void>;
}

/**
 * Where the lock lives. PGlite is one process by construction (its data folder is locked), so
 * that process always leads. On PostgreSQL give the URL (a `DatabaseTarget` fits as it is), or a
 * function that opens a new dedicated connection each time it is called (tests, stand-ins).
 */
export type LeaderDatabase =
  | { kind: 'pglite' }
  | { kind: 'postgres'; url: string; connectTimeoutMs?: number }
  | { kind: 'postgres'; connect: () => Promise<LeaderSession> };

/** Settings of {@link createConnectionLeader}. */
export interface ConnectionLeaderSettings {
  database: LeaderDatabase;
  /** The advisory lock's key, a 64-bit integer: one per thing that must run once (see {@link leaderLockKey}). */
  lockKey: bigint | number;
  logger: Logger;
  /** How long to wait before trying again while another replica leads or the database is away (default 5 s). */
  retryMs?: number;
  /** How often the leader asks its connection whether the lock is still held (default: `retryMs`). */
  checkMs?: number;
  /** Longest wait for a connection or a statement; a longer one counts as a lost connection (default 10 s). */
  timeoutMs?: number;
  /** Waits between attempts and between checks; tests pass a fake clock's. */
  sleep?: Sleep;
}

/** The work to do while this process leads; it must end soon after `signal` aborts. */
export type LeaderWork = (signal: AbortSignal) => Promise<void>;

/** A running leadership. */
export interface ConnectionLeader {
  /**
   * Tries for the lock until `stop()`, running `onLeader` each time it is won. When the lock is
   * lost (the connection broke, the database restarted, the check failed) the work's signal
   * aborts, and the next attempt waits until the work has ended, so one process never runs it
   * twice. Work that returns or throws on its own gives the lock up, to be tried for again after
   * `retryMs`. Resolves after `stop()`, once the work has ended and the lock is released.
   * Rejects at once if this leader is already running.
   */
  run(onLeader: LeaderWork): Promise<void>;
  /** Aborts the work, waits for it, releases the lock; resolves when `run` has ended. */
  stop(): Promise<void>;
  /** Whether this process holds the lock and its work is meant to be running. */
  isLeader(): boolean;
}

/**
 * A lock key from a name, so that keys of different purposes (and of two installations sharing a
 * database, e.g. by their client id) do not collide: the first 8 bytes of its SHA-256, signed.
 */
export function leaderLockKey(name: string): bigint {
  return createHash('sha256').update(name, 'utf8').digest().readBigInt64BE(0);
}

/** Opens a dedicated connection on `url` for a leader (not from a pool: see the file comment). */
export async function connectLeaderSession(url: string, timeoutMs: number): Promise<LeaderSession> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    // A statement on a half-open connection otherwise waits for the kernel's TCP timeout.
    query_timeout: timeoutMs,
    keepAlive: true,
    application_name: 'office-bot leader',
  });
  const listeners: Array<(error: Error | undefined) => void> = [];
  let broken = false;
  const breakWith = (error: Error | undefined) => {
    if (broken) return;
    broken = true;
    for (const listener of listeners.splice(0)) listener(error);
  };
  // Without a listener, a server ending the connection would throw from an event and end the process.
  client.on('error', (error) => breakWith(error));
  client.on('end', () => breakWith(undefined));
  await client.connect();
  return {
    query: (text, values) => client.query(text, values),
    onBroken(listener) {
      if (broken) listener(undefined);
      else listeners.push(listener);
    },
    async close() {
      broken = true;
      // end() waits for the socket to close, which a half-open connection may never do; the
      // timer must neither outlive that wait nor hold the process up at shutdown.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        client.end().catch(() => {}),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

/** Whether this session holds the bigint advisory lock: pg_locks keeps it as two 32-bit halves. */
const HOLDS_LOCK_SQL = `SELECT EXISTS (
  SELECT 1 FROM pg_locks
  WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
    AND classid::bigint = $1 AND objid::bigint = $2 AND objsubid = 1
) AS held`;

/** Builds a leader; nothing happens before `run()`. */
export function createConnectionLeader(settings: ConnectionLeaderSettings): ConnectionLeader {
  const log = settings.logger;
  const sleep = settings.sleep ?? realSleep;
  const retryMs = settings.retryMs ?? 5000;
  const checkMs = settings.checkMs ?? retryMs;
  const timeoutMs = settings.timeoutMs ?? 10_000;
  const key = BigInt.asIntN(64, BigInt(settings.lockKey));
  const keyText = key.toString();
  const high = ((key >> 32n) & 0xffffffffn).toString();
  const low = (key & 0xffffffffn).toString();
  const database = settings.database;
  let leader = false;
  let stopper: AbortController | undefined;
  let loop: Promise<void> | undefined;

  function connect(): Promise<LeaderSession> {
    if (database.kind !== 'postgres') throw new Error('PGlite needs no lock connection');
    return 'connect' in database
      ? database.connect()
      : connectLeaderSession(database.url, database.connectTimeoutMs ?? timeoutMs);
  }

  /** A new session, or a rejection after `timeoutMs`; one that connects later is closed. */
  async function connectBounded(): Promise<LeaderSession> {
    const pending = connect();
    try {
      return await bounded(pending, 'connecting');
    } catch (error) {
      pending.then(
        (late) => late.close(),
        () => {},
      );
      throw error;
    }
  }

  /** `promise`, or a rejection after `timeoutMs`: a statement on a dead connection may never answer. */
  function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  /**
   * Runs the work until it ends, `stopped` aborts or `lost` resolves with a reason (the lock can
   * no longer be trusted), then waits for the work to end.
   */
  async function lead(onLeader: LeaderWork, stopped: AbortSignal, lost: Promise<string>): Promise<void> {
    const term = new AbortController();
    let onStop = () => {};
    const stopping = new Promise<'stopping'>((resolve) => {
      onStop = () => resolve('stopping');
    });
    if (stopped.aborted) onStop();
    else stopped.addEventListener('abort', onStop, { once: true });
    leader = true;
    log.info({ lockKey: keyText }, 'leader: this replica holds the connection lock; starting the work');
    const work = (async (): Promise<'ended'> => {
      try {
        await onLeader(term.signal);
      } catch (error) {
        log.error({ err: error, lockKey: keyText }, 'leader: the work failed; giving up the lock');
      }
      return 'ended';
    })();
    const outcome = await Promise.race([work, stopping, lost.then((reason) => ({ reason }))]);
    // Before the work has ended: from here another replica may lead, and isLeader must say so.
    leader = false;
    term.abort();
    stopped.removeEventListener('abort', onStop);
    if (typeof outcome === 'object') {
      log.warn(
        { lockKey: keyText, reason: outcome.reason },
        'leader: lost the connection lock; stopping the work',
      );
    }
    await work;
  }

  /** Resolves with a reason once the session's lock can no longer be trusted; checks every `checkMs`. */
  async function watch(session: LeaderSession, ended: AbortSignal): Promise<string> {
    const broken = new Promise<string>((resolve) =>
      session.onBroken((error) => resolve(`the connection broke${error ? ` (${error.message})` : ''}`)),
    );
    const checks = (async () => {
      while (!ended.aborted) {
        await sleep(checkMs, ended);
        if (ended.aborted) return 'ended';
        try {
          const { rows } = await bounded(session.query(HOLDS_LOCK_SQL, [high, low]), 'the lock check');
          if (rows[0]?.held !== true) return 'the lock is no longer held';
        } catch (error) {
          return `the lock check failed (${error instanceof Error ? error.message : String(error)})`;
        }
      }
      return 'ended';
    })();
    return Promise.race([broken, checks]);
  }

  async function runPglite(onLeader: LeaderWork, stopped: AbortSignal): Promise<void> {
    while (!stopped.aborted) {
      await lead(onLeader, stopped, new Promise<string>(() => {}));
      if (stopped.aborted) break;
      await sleep(retryMs, stopped);
    }
  }

  async function runPostgres(onLeader: LeaderWork, stopped: AbortSignal): Promise<void> {
    let session: LeaderSession | undefined;
    // Logged once per streak, not every retryMs: a replica may wait behind the leader for days.
    let waitingLogged = false;
    let failingLogged = false;
    while (!stopped.aborted) {
      try {
        session ??= await connectBounded();
        if (stopped.aborted) break;
        const { rows } = await bounded(
          session.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [keyText]),
          'taking the lock',
        );
        failingLogged = false;
        if (rows[0]?.locked === true) {
          waitingLogged = false;
          const ended = new AbortController();
          const held = session;
          try {
            await lead(onLeader, stopped, watch(held, ended.signal));
          } finally {
            ended.abort();
          }
          // Closing the session releases the lock at once, so another replica can take it on its
          // next attempt; the next term starts on a fresh connection.
          session = undefined;
          await held.close();
        } else if (!waitingLogged) {
          waitingLogged = true;
          log.info(
            { lockKey: keyText, retryMs },
            'leader: another replica holds the connection lock; waiting',
          );
        }
      } catch (error) {
        if (!failingLogged) {
          failingLogged = true;
          log.warn(
            { err: error, lockKey: keyText, retryMs },
            'leader: cannot reach the database for the lock; retrying',
          );
        }
        const dead = session;
        session = undefined;
        await dead?.close();
      }
      if (stopped.aborted) break;
      await sleep(retryMs, stopped);
    }
    await session?.close();
  }

  return {
    run(onLeader) {
      if (loop) return Promise.reject(new Error('this leader is already running'));
      const controller = new AbortController();
      stopper = controller;
      const body = database.kind === 'postgres' ? runPostgres : runPglite;
      loop = body(onLeader, controller.signal).finally(() => {
        leader = false;
        if (stopper === controller) {
          stopper = undefined;
          loop = undefined;
        }
      });
      return loop;
    },
    async stop() {
      stopper?.abort();
      await loop;
    },
    isLeader: () => leader,
  };
}
