// The leadership primitive without a server: PGlite, and a fake PostgreSQL whose sessions and
// advisory locks the tests break at will, on a fake clock. The real PostgreSQL behaviour (locks,
// pg_terminate_backend) is in leader-postgres.test.ts.

import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type ConnectionLeader,
  type ConnectionLeaderSettings,
  createConnectionLeader,
  type LeaderSession,
  leaderLockKey,
} from '../../src/chat/dingtalk/leader.ts';
import type { DatabaseTarget } from '../../src/db/database.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { captureLogs } from '../support/logs.ts';

/** Advisory locks of a pretend server: which session holds each key. */
class FakeServer {
  holders = new Map<string, FakeSession>();
  sessions: FakeSession[] = [];
  refuse = false;

  connect = async (): Promise<LeaderSession> => {
    if (this.refuse) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const session = new FakeSession(this);
    this.sessions.push(session);
    return session;
  };

  /** What pg_terminate_backend does: the session ends with an error and its locks go. */
  terminate(session: FakeSession): void {
    this.release(session);
    session.break(new Error('terminating connection due to administrator command'));
  }

  release(session: FakeSession): void {
    for (const [key, holder] of this.holders) if (holder === session) this.holders.delete(key);
  }
}

class FakeSession implements LeaderSession {
  closed = false;
  hang = false;
  statements: string[] = [];
  #listeners: Array<(error: Error | undefined) => void> = [];
  #broken = false;

  constructor(private readonly server: FakeServer) {}

  async query(text: string, values: unknown[] = []) {
    this.statements.push(text);
    if (this.hang) return new Promise<never>(() => {});
    if (this.#broken || this.closed) throw new Error('Client was closed and is not queryable');
    if (text.includes('pg_try_advisory_lock')) {
      const key = String(values[0]);
      const holder = this.server.holders.get(key);
      if (holder === undefined) this.server.holders.set(key, this);
      return { rows: [{ locked: holder === undefined || holder === this }] };
    }
    if (text.includes('pg_locks')) {
      const held = [...this.server.holders.values()].includes(this);
      return { rows: [{ held }] };
    }
    throw new Error(`unexpected statement ${text}`);
  }

  onBroken(listener: (error: Error | undefined) => void): void {
    if (this.#broken) listener(undefined);
    else this.#listeners.push(listener);
  }

  break(error: Error): void {
    this.#broken = true;
    for (const listener of this.#listeners.splice(0)) listener(error);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.server.release(this);
  }
}

const KEY = 4242n;
const leaders: ConnectionLeader[] = [];

afterEach(async () => {
  await Promise.all(leaders.splice(0).map((l) => l.stop()));
});

/** A leader on a fake clock whose work records its terms; `sleeps` lists every wait it asked for. */
function leaderOn(
  database: ConnectionLeaderSettings['database'],
  overrides: Partial<ConnectionLeaderSettings> = {},
) {
  const clock = new FakeClock();
  const sleeps: number[] = [];
  const logs = captureLogs();
  const leader = createConnectionLeader({
    database,
    lockKey: KEY,
    logger: logs.logger,
    retryMs: 1000,
    checkMs: 500,
    timeoutMs: 200,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return clock.sleep(ms, signal);
    },
    ...overrides,
  });
  leaders.push(leader);
  const terms: AbortSignal[] = [];
  const work = async (signal: AbortSignal) => {
    terms.push(signal);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  };
  return { leader, clock, sleeps, logs, terms, work };
}

describe('leaderLockKey', () => {
  it('is the same for one name, differs between names, and fits a signed 64-bit key', () => {
    const a = leaderLockKey('dingtalk-stream:ding123');
    expect(leaderLockKey('dingtalk-stream:ding123')).toBe(a);
    expect(leaderLockKey('dingtalk-stream:ding456')).not.toBe(a);
    expect(BigInt.asIntN(64, a)).toBe(a);
  });
});

describe('connection leader on PGlite', () => {
  it('leads at once, and stop() aborts the work and waits for it', async () => {
    // The configuration's database target is accepted as it is.
    const target: DatabaseTarget = { kind: 'pglite', dataDir: null };
    const { leader, terms } = leaderOn(target);
    let finished = false;
    const running = leader.run(async (signal) => {
      terms.push(signal);
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      await Promise.resolve();
      finished = true;
    });
    expect(leader.isLeader()).toBe(true);
    expect(terms).toHaveLength(1);
    await leader.stop();
    expect(terms[0]?.aborted).toBe(true);
    expect(finished).toBe(true);
    expect(leader.isLeader()).toBe(false);
    await expect(running).resolves.toBeUndefined();
  });

  it('restarts work that failed after retryMs, and logs the failure', async () => {
    const { leader, clock, sleeps, logs } = leaderOn({ kind: 'pglite' });
    let calls = 0;
    void leader.run(async (signal) => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    });
    await vi.waitFor(() => expect(sleeps).toEqual([1000]));
    expect(leader.isLeader()).toBe(false);
    expect(calls).toBe(1);
    expect(logs.text()).toContain('the work failed');
    clock.advance(1000);
    await vi.waitFor(() => expect(calls).toBe(2));
    expect(leader.isLeader()).toBe(true);
  });

  it('refuses a second run while the first runs', async () => {
    const { leader, work } = leaderOn({ kind: 'pglite' });
    void leader.run(work);
    await expect(leader.run(work)).rejects.toThrow('already running');
  });
});

describe('connection leader on (fake) PostgreSQL', () => {
  it('runs the work only once it gets the lock, retrying every retryMs on the same connection', async () => {
    const server = new FakeServer();
    const other = await server.connect();
    await other.query('SELECT pg_try_advisory_lock($1::bigint)', [KEY.toString()]);
    const { leader, clock, sleeps, terms, work, logs } = leaderOn({
      kind: 'postgres',
      connect: server.connect,
    });
    void leader.run(work);
    await vi.waitFor(() => expect(sleeps).toEqual([1000]));
    expect(terms).toHaveLength(0);
    expect(leader.isLeader()).toBe(false);
    clock.advance(1000);
    await vi.waitFor(() => expect(sleeps).toEqual([1000, 1000]));
    expect(terms).toHaveLength(0);
    // Waiting is logged once, not at every attempt.
    expect(logs.text().match(/another replica holds/g)).toHaveLength(1);

    await other.close();
    clock.advance(1000);
    await vi.waitFor(() => expect(terms).toHaveLength(1));
    expect(leader.isLeader()).toBe(true);
    // Three attempts, one connection (besides the other replica's).
    expect(server.sessions).toHaveLength(2);
  });

  it('aborts the work at once when its connection breaks, and takes the lock again on a new one', async () => {
    const server = new FakeServer();
    const { leader, clock, sleeps, terms, work, logs } = leaderOn({
      kind: 'postgres',
      connect: server.connect,
    });
    void leader.run(work);
    await vi.waitFor(() => expect(terms).toHaveLength(1));
    const first = server.sessions[0] as FakeSession;
    server.terminate(first);
    await vi.waitFor(() => expect(terms[0]?.aborted).toBe(true));
    expect(leader.isLeader()).toBe(false);
    expect(logs.text()).toContain('administrator command');
    await vi.waitFor(() => expect(sleeps.at(-1)).toBe(1000));
    clock.advance(1000);
    await vi.waitFor(() => expect(terms).toHaveLength(2));
    expect(server.sessions).toHaveLength(2);
    expect(server.holders.get(KEY.toString())).toBe(server.sessions[1]);
  });

  it('checks every checkMs that the lock is still held, and gives up the term when it is not', async () => {
    const server = new FakeServer();
    const { leader, clock, sleeps, terms, work } = leaderOn({ kind: 'postgres', connect: server.connect });
    void leader.run(work);
    await vi.waitFor(() => expect(sleeps).toEqual([500]));
    const session = server.sessions[0] as FakeSession;
    clock.advance(500);
    await vi.waitFor(() => expect(session.statements.filter((s) => s.includes('pg_locks'))).toHaveLength(1));
    expect(terms[0]?.aborted).toBe(false);
    // The lock went without the connection breaking (say, someone ran pg_advisory_unlock_all).
    server.release(session);
    await vi.waitFor(() => expect(sleeps).toEqual([500, 500]));
    clock.advance(500);
    await vi.waitFor(() => expect(terms[0]?.aborted).toBe(true));
    expect(leader.isLeader()).toBe(false);
    expect(session.closed).toBe(true);
  });

  it('counts a check that does not answer within timeoutMs as a lost lock', async () => {
    const server = new FakeServer();
    const { leader, clock, sleeps, terms, work, logs } = leaderOn({
      kind: 'postgres',
      connect: server.connect,
    });
    void leader.run(work);
    await vi.waitFor(() => expect(sleeps).toEqual([500]));
    (server.sessions[0] as FakeSession).hang = true;
    clock.advance(500);
    await vi.waitFor(() => expect(terms[0]?.aborted).toBe(true));
    expect(logs.text()).toContain('took longer than 200 ms');
  });

  it('does not start a new term before the last one has ended', async () => {
    const server = new FakeServer();
    const { leader, clock, sleeps } = leaderOn({ kind: 'postgres', connect: server.connect });
    let running = 0;
    let most = 0;
    let release!: () => void;
    const slowStop = new Promise<void>((resolve) => {
      release = resolve;
    });
    let terms = 0;
    void leader.run(async (signal) => {
      terms += 1;
      running += 1;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      if (terms === 1) await slowStop;
      running -= 1;
    });
    await vi.waitFor(() => expect(terms).toBe(1));
    server.terminate(server.sessions[0] as FakeSession);
    await vi.waitFor(() => expect(leader.isLeader()).toBe(false));
    // The retry wait has not begun: the first term's work is still ending.
    expect(sleeps.filter((ms) => ms === 1000)).toHaveLength(0);
    release();
    await vi.waitFor(() => expect(sleeps.at(-1)).toBe(1000));
    clock.advance(1000);
    await vi.waitFor(() => expect(terms).toBe(2));
    expect(most).toBe(1);
  });

  it('keeps trying while the database is away, logging it once, and leads when it is back', async () => {
    const server = new FakeServer();
    server.refuse = true;
    const { leader, clock, sleeps, terms, work, logs } = leaderOn({
      kind: 'postgres',
      connect: server.connect,
    });
    void leader.run(work);
    await vi.waitFor(() => expect(sleeps).toEqual([1000]));
    clock.advance(1000);
    await vi.waitFor(() => expect(sleeps).toEqual([1000, 1000]));
    expect(logs.text().match(/cannot reach the database/g)).toHaveLength(1);
    expect(terms).toHaveLength(0);
    server.refuse = false;
    clock.advance(1000);
    await vi.waitFor(() => expect(terms).toHaveLength(1));
  });

  it('stop() ends the work and closes the connection, which releases the lock', async () => {
    const server = new FakeServer();
    const { leader, terms, work } = leaderOn({ kind: 'postgres', connect: server.connect });
    void leader.run(work);
    await vi.waitFor(() => expect(terms).toHaveLength(1));
    await leader.stop();
    expect(terms[0]?.aborted).toBe(true);
    expect((server.sessions[0] as FakeSession).closed).toBe(true);
    expect(server.holders.size).toBe(0);
  });
});
