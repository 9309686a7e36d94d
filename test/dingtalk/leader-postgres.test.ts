// The leadership primitive on a real PostgreSQL: two replicas (two leaders in this process, each on
// its own connection) on one advisory lock. Runs when TEST_DATABASE_URL is set, as the other
// PostgreSQL tests, and only if that server answers, so a machine without one skips it cleanly.

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ConnectionLeader,
  createConnectionLeader,
  leaderLockKey,
} from '../../src/chat/dingtalk/leader.ts';
import { silentLogger } from '../support/databases.ts';

const url = process.env.TEST_DATABASE_URL;

async function answers(where: string): Promise<boolean> {
  const probe = new pg.Client({ connectionString: where, connectionTimeoutMillis: 2000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.end();
    return true;
  } catch {
    return false;
  }
}

const reachable = url ? await answers(url) : false;
const RETRY_MS = 300;
// Generous for a loaded machine, still far below what a second retry would take.
const TAKEOVER_MS = RETRY_MS + 700;

describe.skipIf(!reachable)('connection leader on PostgreSQL', () => {
  let admin: pg.Client;
  const leaders: ConnectionLeader[] = [];

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });

  afterEach(async () => {
    await Promise.all(leaders.splice(0).map((l) => l.stop()));
  });

  afterAll(async () => {
    await admin?.end();
  });

  /** A "replica": a leader on `key` whose work records when each term started and whether it was aborted. */
  function replica(key: bigint) {
    const leader = createConnectionLeader({
      database: { kind: 'postgres', url: url as string, connectTimeoutMs: 5000 },
      lockKey: key,
      logger: silentLogger,
      retryMs: RETRY_MS,
      checkMs: 100,
      timeoutMs: 5000,
    });
    leaders.push(leader);
    const terms: Array<{ startedAt: number; signal: AbortSignal }> = [];
    void leader.run(async (signal) => {
      terms.push({ startedAt: Date.now(), signal });
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    });
    return { leader, terms };
  }

  /** The backend holding the bigint advisory lock `key` (pg_locks keeps it as two 32-bit halves). */
  async function holderPid(key: bigint): Promise<number | undefined> {
    const { rows } = await admin.query(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
         AND classid::bigint = $1 AND objid::bigint = $2`,
      [((key >> 32n) & 0xffffffffn).toString(), (key & 0xffffffffn).toString()],
    );
    return rows[0]?.pid as number | undefined;
  }

  const freshKey = () => leaderLockKey(`leader-test:${randomUUID()}`);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('two leaders on one key: exactly one runs, and keeps running through many lock checks', async () => {
    // A negative key: the check must read both halves of pg_locks right for the sign bit too.
    const key = -(2n ** 62n) - 12345n;
    const a = replica(key);
    const b = replica(key);
    await vi.waitFor(() => expect(a.terms.length + b.terms.length).toBe(1), { timeout: 5000 });
    // Ten lock checks and several retries later: a wrong check would have dropped and retaken it.
    await sleep(4 * RETRY_MS);
    expect(a.terms.length + b.terms.length).toBe(1);
    expect([a.leader.isLeader(), b.leader.isLeader()].filter(Boolean)).toHaveLength(1);
    expect([...a.terms, ...b.terms][0]?.signal.aborted).toBe(false);
    expect(await holderPid(key)).toBeTypeOf('number');
  });

  it('stopping the leader: the other takes over within the retry time', async () => {
    const key = freshKey();
    const a = replica(key);
    await vi.waitFor(() => expect(a.terms).toHaveLength(1), { timeout: 5000 });
    const b = replica(key);
    await sleep(2 * RETRY_MS);
    expect(b.terms).toHaveLength(0);

    await a.leader.stop();
    const stoppedAt = Date.now();
    expect(a.terms[0]?.signal.aborted).toBe(true);
    await vi.waitFor(() => expect(b.terms).toHaveLength(1), { timeout: 5000, interval: 10 });
    expect((b.terms[0]?.startedAt ?? Infinity) - stoppedAt).toBeLessThan(TAKEOVER_MS);
    expect(b.leader.isLeader()).toBe(true);
  });

  it("killing the leader's backend: its work aborts, the other takes over within the retry time, it waits", async () => {
    const key = freshKey();
    const a = replica(key);
    await vi.waitFor(() => expect(a.terms).toHaveLength(1), { timeout: 5000 });
    const b = replica(key);
    await sleep(2 * RETRY_MS);
    expect(b.terms).toHaveLength(0);

    const pid = await holderPid(key);
    expect(pid).toBeTypeOf('number');
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    const killedAt = Date.now();
    await vi.waitFor(() => expect(a.terms[0]?.signal.aborted).toBe(true), { timeout: 5000, interval: 10 });
    expect(a.leader.isLeader()).toBe(false);
    await vi.waitFor(() => expect(b.terms).toHaveLength(1), { timeout: 5000, interval: 10 });
    expect((b.terms[0]?.startedAt ?? Infinity) - killedAt).toBeLessThan(TAKEOVER_MS);

    // The killed one reconnects and keeps trying, but does not run while the other leads.
    await sleep(3 * RETRY_MS);
    expect(a.terms).toHaveLength(1);
    expect(a.leader.isLeader()).toBe(false);
    expect(await holderPid(key)).not.toBe(pid);
  });

  it('two different keys: both run', async () => {
    const a = replica(freshKey());
    const b = replica(freshKey());
    await vi.waitFor(
      () => {
        expect(a.terms).toHaveLength(1);
        expect(b.terms).toHaveLength(1);
      },
      { timeout: 5000 },
    );
    expect(a.leader.isLeader() && b.leader.isLeader()).toBe(true);
  });
});
