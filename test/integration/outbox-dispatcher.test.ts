import { webApi } from '@slack/bolt';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createBoltLogger } from '../../src/chat/slack/bolt-logger.ts';
import { buildWebClientOptions } from '../../src/chat/slack/slack-app.ts';
import {
  createSlackDelivery,
  defineSlackKind,
  SLACK_NATIVE_INTENTS,
  type SlackDelivery,
} from '../../src/chat/slack/slack-delivery.ts';
import { openDatabase } from '../../src/db/database.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { exponentialBackoff } from '../../src/outbox/backoff.ts';
import type { ChatDelivery } from '../../src/outbox/delivery.ts';
import { createOutboxDispatcher, type OutboxDispatcher } from '../../src/outbox/dispatcher.ts';
import { OUTBOX_INTENTS } from '../../src/outbox/intents.ts';
import type { OutboxMessageInput } from '../../src/outbox/outbox-message.ts';
import { countByStatus, enqueueOutbox, listFailed, nextDueAt } from '../../src/outbox/outbox-repository.ts';
import type { Logger } from '../../src/shared/logger.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { type CapturedLogs, captureLogs } from '../support/logs.ts';

/** The Web API double's address; nock answers it, nothing leaves the machine. */
const API_ORIGIN = 'http://slack.test';
const API_URL = `${API_ORIGIN}/api/`;
const LEASE_MS = 60_000;

beforeAll(() => {
  nock.disableNetConnect();
  // PostgreSQL runs on the loopback address.
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterAll(() => {
  nock.enableNetConnect();
});

/** A planned answer: an HTTP reply, or a connection that breaks before any reply. */
type SlackReply =
  | { status: number; body?: Record<string, unknown>; headers?: Record<string, string> }
  | { networkError: string };

interface SlackCall {
  method: string;
  params: Record<string, string>;
  /** Whether Slack accepted it (answered 200 with ok: true). */
  accepted: boolean;
}

/**
 * Slack's Web API at the HTTP level: records every call and answers `ok: true` (with a fresh `ts`)
 * unless a planned reply for that method (and matching call) is left.
 */
function fakeSlack() {
  const calls: SlackCall[] = [];
  const rules: Array<{
    method: string;
    match: (params: Record<string, string>) => boolean;
    replies: SlackReply[];
  }> = [];
  const listeners = new Set<(call: SlackCall) => void>();
  let nextTs = 1;

  nock(API_ORIGIN)
    .persist()
    .post(/^\/api\/[A-Za-z.]+$/)
    .reply(async (uri, body) => {
      const method = uri.slice('/api/'.length);
      const params = Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : ''));
      const rule = rules.find((r) => r.method === method && r.replies.length > 0 && r.match(params));
      const planned = rule?.replies.shift();
      const call: SlackCall = { method, params, accepted: planned === undefined };
      calls.push(call);
      for (const listener of listeners) listener(call);
      if (planned !== undefined && 'networkError' in planned) {
        throw Object.assign(new Error('socket hang up'), { code: planned.networkError });
      }
      if (planned !== undefined) {
        return [planned.status, planned.body ?? { ok: false, error: 'unplanned' }, planned.headers ?? {}];
      }
      const ts = `1772412000.${String(nextTs++).padStart(6, '0')}`;
      switch (method) {
        case 'conversations.open':
          return [200, { ok: true, channel: { id: `D${params.users}` } }];
        case 'chat.postMessage':
        case 'chat.update':
          return [200, { ok: true, channel: params.channel, ts: params.ts ?? ts }];
        default:
          return [200, { ok: true }];
      }
    });

  return {
    calls,
    /** Plans `replies` for the next calls of `method` (that match `match`), in order. */
    plan(
      method: string,
      replies: SlackReply[],
      match: (params: Record<string, string>) => boolean = () => true,
    ) {
      rules.push({ method, match, replies: [...replies] });
    },
    /** The texts Slack accepted through chat.postMessage, in the order it received them. */
    posted(channel?: string): string[] {
      return calls
        .filter((c) => c.method === 'chat.postMessage' && c.accepted)
        .filter((c) => channel === undefined || c.params.channel === channel)
        .map((c) => c.params.text ?? '');
    },
    /** Resolves at the next call of `method`. */
    nextCall(method: string): Promise<SlackCall> {
      return new Promise((resolve) => {
        const listener = (call: SlackCall) => {
          if (call.method !== method) return;
          listeners.delete(listener);
          resolve(call);
        };
        listeners.add(listener);
      });
    },
  };
}

/** The bot's Web API client as production builds it, minus the client's own quick retries (they wait in real time). */
function slackDelivery(logger: Logger = silentLogger): SlackDelivery {
  const client = new webApi.WebClient('xoxb-test', {
    ...buildWebClientOptions(API_URL),
    retryConfig: { retries: 0 },
    logger: createBoltLogger(silentLogger, 'web-api'),
  });
  return createSlackDelivery({ client, logger });
}

/**
 * What these tests write: Slack's raw messages, which say their text plainly, and `feature.card`,
 * a kind another feature adds (see the last tests).
 */
const TEST_INTENTS = {
  ...OUTBOX_INTENTS,
  ...SLACK_NATIVE_INTENTS,
  'feature.card': z.object({ channel: z.string(), ts: z.string().optional(), text: z.string() }),
};
type TestRow = OutboxMessageInput<typeof TEST_INTENTS>;

function post(
  orderingKey: string,
  channel: string,
  text: string,
  extra: { blocks?: Array<{ type: string; [field: string]: unknown }> } = {},
): TestRow {
  return { orderingKey, kind: 'message.post', payload: { channel, text, ...extra } };
}

function texts(rows: TestRow[]): string[] {
  return rows.map((row) => (row.payload as { text: string }).text);
}

describe.each(databaseKinds)('outbox dispatcher on %s', (kind) => {
  let testDb: TestDatabase;
  let prisma: PrismaClient;
  let clock: FakeClock;
  let slack: ReturnType<typeof fakeSlack>;
  let logs: CapturedLogs;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    prisma = testDb.db.prisma;
  });

  afterAll(async () => {
    await testDb?.cleanup();
  });

  beforeEach(async () => {
    await prisma.outboxMessage.deleteMany();
    clock = new FakeClock();
    slack = fakeSlack();
    logs = captureLogs('debug');
  });

  afterEach(() => {
    nock.cleanAll();
  });

  function dispatcherWith(
    options: {
      delivery?: ChatDelivery;
      concurrency?: number;
      prisma?: PrismaClient;
      logger?: Logger;
      /** Default LEASE_MS; `null` for the dispatcher's own default. */
      leaseMs?: number | null;
      replicaId?: string;
      perKey?: number;
      supersede?: boolean;
      keyRunsMax?: number;
    } = {},
  ): OutboxDispatcher {
    return createOutboxDispatcher({
      prisma: options.prisma ?? prisma,
      delivery: options.delivery ?? slackDelivery(logs.logger),
      clock,
      logger: options.logger ?? logs.logger,
      ...(options.leaseMs === null ? {} : { leaseMs: options.leaseMs ?? LEASE_MS }),
      ...(options.replicaId === undefined ? {} : { replicaId: options.replicaId }),
      ...(options.supersede === undefined ? {} : { supersede: options.supersede }),
      ...(options.keyRunsMax === undefined ? {} : { keyRunsMax: options.keyRunsMax }),
      batchSize: 10,
      // One row per key and round unless a test says otherwise: the rounds below count on it.
      perKey: options.perKey ?? 1,
      concurrency: options.concurrency ?? 4,
      // The full delay, no randomness: 1 s, 2 s, 4 s… up to 5 min.
      backoff: exponentialBackoff({ baseMs: 1000, maxMs: 300_000, random: () => 1 }),
      intervalMs: 1000,
      sleep: clock.sleep,
    });
  }

  async function enqueue(rows: TestRow[]): Promise<void> {
    await prisma.$transaction(async (tx) => enqueueOutbox(tx, rows, clock.now(), TEST_INTENTS));
  }

  /** Runs rounds, moving fake time to the next due row whenever a round finds nothing, until none is pending. */
  async function drain(dispatchers: OutboxDispatcher[], maxRounds = 100): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      const results = await Promise.all(dispatchers.map((d) => d.runOnce()));
      if (results.some((result) => result.claimed > 0)) continue;
      const next = await nextDueAt(prisma);
      if (next === null) return;
      clock.set(next);
    }
    throw new Error('the outbox did not drain');
  }

  function linesWith(message: string) {
    return logs.lines().filter((line) => line.msg === message);
  }

  it('delivers every row exactly once, in order per key, once Slack comes back from an outage', async () => {
    const rowsA = [1, 2, 3].map((n) => post('card:A', 'CA', `a${n}`));
    const rowsB = [1, 2, 3].map((n) => post('card:B', 'CB', `b${n}`));
    await enqueue([rowsA[0], rowsB[0], rowsA[1]] as TestRow[]);
    await enqueue([rowsB[1], rowsA[2], rowsB[2]] as TestRow[]);
    slack.plan('chat.postMessage', [
      { status: 503, body: { ok: false } },
      { networkError: 'ECONNRESET' },
      { status: 502, body: { ok: false } },
      { status: 200, body: { ok: false, error: 'internal_error' } },
      { networkError: 'ECONNREFUSED' },
      { status: 200, body: { ok: false, error: 'service_unavailable' } },
    ]);
    const dispatcher = dispatcherWith();

    // While Slack is down, no row is tried again before its backoff has passed.
    const first = await dispatcher.runOnce();
    expect(first).toMatchObject({ claimed: 2, delivered: 0, retried: 2 });
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(999);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });

    await drain([dispatcher]);

    expect(slack.posted('CA')).toEqual(['a1', 'a2', 'a3']);
    expect(slack.posted('CB')).toEqual(['b1', 'b2', 'b3']);
    expect(slack.calls.filter((c) => !c.accepted)).toHaveLength(6);
    expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: 6, failed: 0 });
    const stored = await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(stored.reduce((sum, row) => sum + row.attempts, 0)).toBe(12);
    for (const row of stored) {
      const call = slack.calls.find(
        (c) => c.accepted && c.params.text === (row.payload as { text: string }).text,
      );
      expect(row.result).toEqual({
        channel: call?.params.channel,
        ts: expect.stringMatching(/^1772412000\./),
      });
      expect(row.sentAt).not.toBeNull();
    }
    const retries = linesWith('Outbox delivery failed; will retry');
    expect(retries).toHaveLength(6);
    expect(retries.map((line) => line.code).sort()).toEqual(
      ['ECONNREFUSED', 'ECONNRESET', 'http_502', 'http_503', 'internal_error', 'service_unavailable'].sort(),
    );
  });

  it('sends nothing through a rate-limited method before Retry-After has passed, then each row once', async () => {
    await enqueue([
      post('card:A', 'CA', 'a1'),
      post('card:B', 'CB', 'b1'),
      {
        orderingKey: 'card:U',
        kind: 'message.update',
        payload: { channel: 'CU', ts: '1.000001', text: 'u1' },
      },
    ]);
    slack.plan('chat.postMessage', [
      { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'Retry-After': '30' } },
    ]);
    // One at a time, so the 429 is in before the next chat.postMessage would start.
    const dispatcher = dispatcherWith({ concurrency: 1 });
    const t0 = clock.now().getTime();

    expect(await dispatcher.runOnce()).toEqual({
      claimed: 3,
      delivered: 1,
      retried: 1,
      failed: 0,
      deferred: 1,
    });
    // chat.update has its own limit and went out.
    expect(slack.calls.filter((c) => c.method === 'chat.update' && c.accepted)).toHaveLength(1);
    const limited = await prisma.outboxMessage.findMany({
      where: { status: 'pending' },
      orderBy: { id: 'asc' },
    });
    expect(limited.map((row) => row.nextAttemptAt.getTime() - t0)).toEqual([30_000, 30_000]);
    expect(limited.map((row) => row.attempts)).toEqual([1, 0]);
    expect(linesWith('Outbox delivery rate limited; method paused until Retry-After')[0]).toMatchObject({
      scope: 'chat.postMessage',
      retryAfterMs: 30_000,
    });

    // A new message for another channel, due at once, is held back too: the limit is per method.
    clock.advance(10_000);
    await enqueue([post('card:C', 'CC', 'c1')]);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, delivered: 0, deferred: 1 });
    clock.set(new Date(t0 + 29_999));
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);

    clock.set(new Date(t0 + 30_000));
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 3, delivered: 3 });
    await drain([dispatcher]);

    expect(slack.posted().sort()).toEqual(['a1', 'b1', 'c1']);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(4);
    expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: 4, failed: 0 });
  });

  it('delivers rows committed before a crash once, by the dispatcher of the restarted process', async () => {
    const rows = [post('dm:U1', 'CA', 'before crash 1'), post('dm:U1', 'CA', 'before crash 2')];
    await enqueue(rows);
    // The first process dies here: its dispatcher never ran.
    dispatcherWith();
    expect(slack.calls).toHaveLength(0);

    clock.advance(5 * 60_000);
    const restarted = dispatcherWith();
    await drain([restarted]);

    expect(slack.posted()).toEqual(texts(rows));
    expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: 2, failed: 0 });
  });

  it('delivers again after a lease expires mid-delivery: at least once, so a post can repeat', async () => {
    await enqueue([post('card:A', 'CA', 'stalled')]);
    let accepted!: () => void;
    const acceptedBySlack = new Promise<void>((resolve) => {
      accepted = resolve;
    });
    const inner = slackDelivery();
    // Slack accepts the post, then this process stalls (or dies) before it records it.
    const stalling: ChatDelivery = {
      scopesOf: (message) => inner.scopesOf?.(message) ?? [],
      async deliver(message) {
        await inner.deliver(message);
        accepted();
        return new Promise(() => {});
      },
    };
    void dispatcherWith({ delivery: stalling }).runOnce();
    await acceptedBySlack;
    const other = dispatcherWith();

    clock.advance(LEASE_MS);
    expect(await other.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(1);
    expect(await other.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });

    expect(slack.posted()).toEqual(['stalled', 'stalled']);
    const [row] = await prisma.outboxMessage.findMany();
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it("delivers a key's due rows in one round, in order, and gives back those behind one that fails", async () => {
    await enqueue([1, 2, 3, 4].map((n) => post('person:U1', 'CU', `m${n}`)));
    await enqueue([post('person:U2', 'CV', 'other')]);
    slack.plan('chat.postMessage', [{ status: 503, body: { ok: false } }], (params) => params.text === 'm3');
    const dispatcher = dispatcherWith({ perKey: 5, concurrency: 1 });

    expect(await dispatcher.runOnce()).toEqual({
      claimed: 5,
      delivered: 3,
      retried: 1,
      failed: 0,
      deferred: 1,
    });
    expect(slack.posted('CU')).toEqual(['m1', 'm2']);
    const m4 = await prisma.outboxMessage.findFirstOrThrow({
      where: { payload: { path: ['text'], equals: 'm4' } },
    });
    expect(m4).toMatchObject({ status: 'pending', attempts: 0, lockedBy: null });

    await drain([dispatcher]);
    expect(slack.posted('CU')).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  describe('leases', () => {
    /** A delivery whose Slack call is accepted, after which the process hangs (or dies) before recording it. */
    function stallingDelivery() {
      const inner = slackDelivery();
      let accepted!: () => void;
      const acceptedBySlack = new Promise<void>((resolve) => {
        accepted = resolve;
      });
      const delivery: ChatDelivery = {
        scopesOf: (message) => inner.scopesOf?.(message) ?? [],
        async deliver(message) {
          await inner.deliver(message);
          accepted();
          return new Promise(() => {});
        },
      };
      return { delivery, acceptedBySlack };
    }

    it("takes over a dead replica's claim within 10 s by default", async () => {
      await enqueue([post('card:A', 'CA', 'claimed by the dead replica')]);
      const dead = stallingDelivery();
      void dispatcherWith({ delivery: dead.delivery, leaseMs: null, replicaId: 'dead' }).runOnce();
      await dead.acceptedBySlack;
      const survivor = dispatcherWith({ leaseMs: null, replicaId: 'survivor' });

      clock.advance(9_000);
      expect(await survivor.runOnce()).toMatchObject({ claimed: 0 });
      clock.advance(1_001);
      expect(await survivor.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      // The documented at-least-once window: the dead replica's post had been accepted.
      expect(slack.posted()).toEqual(['claimed by the dead replica', 'claimed by the dead replica']);
    });

    it('renews the lease of a slow delivery by heartbeat, so no other replica sends it meanwhile', async () => {
      await enqueue([post('card:A', 'CA', 'slow')]);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const inner = slackDelivery();
      let entered!: () => void;
      const inDelivery = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const slow: ChatDelivery = {
        scopesOf: (message) => inner.scopesOf?.(message) ?? [],
        async deliver(message) {
          entered();
          await gate;
          return inner.deliver(message);
        },
      };
      const holder = dispatcherWith({ delivery: slow, leaseMs: null, replicaId: 'holder' });
      const other = dispatcherWith({ leaseMs: null, replicaId: 'other' });
      holder.start();
      await inDelivery;

      // 30 s of a delivery that hangs, heartbeat after heartbeat: the 10 s lease never lapses.
      for (let beat = 0; beat < 10; beat++) {
        const renewed = clock.nextSleep();
        clock.advance(3_000);
        await renewed;
        // The heartbeat has woken; wait until its renewal is written (a slow database must not
        // let the test's clock run past a lease the heartbeat is still writing).
        const due = clock.now().getTime() + 10_000;
        await vi.waitFor(
          async () => {
            const row = await prisma.outboxMessage.findFirstOrThrow({ where: { lockedBy: 'holder' } });
            expect(row.lockedUntil?.getTime()).toBeGreaterThanOrEqual(due);
          },
          { timeout: 10_000, interval: 10 },
        );
        expect(await other.runOnce()).toMatchObject({ claimed: 0 });
      }
      release();
      await holder.stop();

      expect(slack.posted()).toEqual(['slow']);
      expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: 1, failed: 0 });
    });

    it('takes back at start the claims a killed process left under the same replica id, at once', async () => {
      await enqueue([post('dm:U1', 'CU', 'card of an answered click'), post('dm:U1', 'CU', 'next')]);
      const killed = stallingDelivery();
      void dispatcherWith({ delivery: killed.delivery, leaseMs: null, replicaId: 'bot-1' }).runOnce();
      await killed.acceptedBySlack;

      // Another replica must still wait for the lease; the restarted process does not.
      expect(await dispatcherWith({ leaseMs: null, replicaId: 'bot-2' }).runOnce()).toMatchObject({
        claimed: 0,
      });
      const restarted = dispatcherWith({ leaseMs: null, replicaId: 'bot-1' });
      restarted.start();
      // Fake time stands still: only taking the claim back lets these go out.
      await vi.waitFor(async () => expect(await countByStatus(prisma)).toMatchObject({ pending: 0 }), {
        timeout: 10_000,
        interval: 20,
      });
      await restarted.stop();

      expect(slack.posted()).toEqual(['card of an answered click', 'card of an answered click', 'next']);
      expect(linesWith('Took back outbox claims left by a previous process')).toHaveLength(1);
    });
  });

  it('sends one of two redraws of one key written side by side, unless told not to look for them', async () => {
    const redraw = (_text: string): TestRow => ({
      orderingKey: 'home:p1',
      kind: 'message.post',
      coalesceKey: 'home:p1',
      payload: { channel: 'C1', text: 'home' },
    });
    const sent = async (supersede?: boolean) => {
      await prisma.outboxMessage.deleteMany();
      const calls = slack.calls.length;
      // Two transactions at one moment, neither seeing the other's row, wrote both.
      await enqueue([redraw('first')]);
      await enqueue([redraw('second')]);
      await drain([dispatcherWith(supersede === undefined ? {} : { supersede })]);
      return slack.calls.slice(calls).filter((c) => c.method === 'chat.postMessage').length;
    };
    expect(await sent()).toBe(1);
    expect(await sent(false)).toBe(2);
  });

  it('marks permanent errors failed, logs them, lists them, and never retries them', async () => {
    await enqueue([
      post('card:A', 'CGONE', 'to a deleted channel'),
      post('card:B', 'CB', 'bad blocks', {
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '' } }],
      }),
      post('card:A', 'CA', 'after the failure'),
    ]);
    slack.plan(
      'chat.postMessage',
      [{ status: 200, body: { ok: false, error: 'channel_not_found' } }],
      (p) => p.channel === 'CGONE',
    );
    slack.plan(
      'chat.postMessage',
      [{ status: 200, body: { ok: false, error: 'invalid_blocks' } }],
      (p) => p.channel === 'CB',
    );
    const dispatcher = dispatcherWith();

    await drain([dispatcher]);

    // A failed row does not hold back the rest of its key.
    expect(slack.posted()).toEqual(['after the failure']);
    const failed = await listFailed(prisma);
    expect(failed.map((row) => [row.status, row.attempts, row.lastError])).toEqual([
      ['failed', 1, expect.stringMatching(/^invalid_blocks: chat\.postMessage: /)],
      ['failed', 1, expect.stringMatching(/^channel_not_found: chat\.postMessage: /)],
    ]);
    const errors = linesWith('Outbox delivery failed permanently; marked failed, not retried');
    expect(errors.map((line) => [line.level, line.outboxId, line.kind, line.code])).toEqual(
      expect.arrayContaining([
        ['error', String(failed[1]?.id), 'message.post', 'channel_not_found'],
        ['error', String(failed[0]?.id), 'message.post', 'invalid_blocks'],
      ]),
    );

    const callsBefore = slack.calls.length;
    clock.advance(24 * 60 * 60_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    expect(slack.calls).toHaveLength(callsBefore);
    expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: 1, failed: 2 });
  });

  it('fails a row whose payload does not fit its kind, without calling Slack', async () => {
    // Written as a row of an older version would be: the writer of today refuses both.
    await prisma.outboxMessage.createMany({
      data: [
        {
          orderingKey: 'k',
          kind: 'message.post',
          payload: { channel: 'C1' },
          nextAttemptAt: clock.now(),
          createdAt: clock.now(),
        },
        {
          orderingKey: 'k2',
          kind: 'no.such.kind',
          payload: {},
          nextAttemptAt: clock.now(),
          createdAt: clock.now(),
        },
      ],
    });
    const dispatcher = dispatcherWith();

    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 2, failed: 2 });

    expect(slack.calls).toHaveLength(0);
    expect((await listFailed(prisma)).map((row) => row.lastError?.split(':')[0]).sort()).toEqual([
      'invalid_payload',
      'unknown_kind',
    ]);
  });

  it('delivers each row once when two dispatchers claim at the same time', async () => {
    const rows: TestRow[] = [];
    for (let n = 0; n < 4; n++) {
      for (let key = 0; key < 10; key++) rows.push(post(`card:${key}`, `C${key}`, `k${key}-m${n}`));
    }
    await enqueue(rows);
    // On PostgreSQL the second dispatcher has its own connection pool, as a second replica would.
    const second =
      testDb.url === null
        ? null
        : await openDatabase({ kind: 'postgres', url: testDb.url, poolMax: 5, connectTimeoutMs: 5000 });
    try {
      const a = dispatcherWith({ concurrency: 4 });
      const b = dispatcherWith({ concurrency: 4, prisma: second?.prisma ?? prisma });

      await drain([a, b]);

      expect(slack.posted().sort()).toEqual(texts(rows).sort());
      for (let key = 0; key < 10; key++) {
        expect(slack.posted(`C${key}`)).toEqual([0, 1, 2, 3].map((n) => `k${key}-m${n}`));
      }
      const stored = await prisma.outboxMessage.findMany();
      expect(stored.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
      expect(
        linesWith('Outbox message delivered, but another dispatcher had taken it over: it went out twice'),
      ).toEqual([]);
    } finally {
      await second?.close();
    }
  });

  it('delivers nothing enqueued in a transaction that rolled back', async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueOutbox(tx, [post('card:A', 'CA', 'never')], clock.now(), TEST_INTENTS);
        throw new Error('the transition lost its race');
      }),
    ).rejects.toThrow('the transition lost its race');
    const dispatcher = dispatcherWith();

    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(60_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    expect(slack.calls).toHaveLength(0);
  });

  it('opens a DM once per user and posts into it', async () => {
    await enqueue([
      { orderingKey: 'dm:U1', kind: 'message.post', payload: { userId: 'U1', text: 'first' } },
      { orderingKey: 'dm:U1', kind: 'message.post', payload: { userId: 'U1', text: 'second' } },
    ]);
    const dispatcher = dispatcherWith();

    await drain([dispatcher]);

    expect(slack.calls.map((c) => [c.method, c.params.users ?? c.params.channel])).toEqual([
      ['conversations.open', 'U1'],
      ['chat.postMessage', 'DU1'],
      ['chat.postMessage', 'DU1'],
    ]);
    const stored = await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(stored.map((row) => (row.result as { channel: string }).channel)).toEqual(['DU1', 'DU1']);
  });

  it('delivers a kind registered later by another feature, without changing the dispatcher', async () => {
    const delivery = slackDelivery(logs.logger);
    delivery.register(
      'feature.card',
      defineSlackKind({
        schema: z.object({ channel: z.string(), ts: z.string().optional(), text: z.string() }),
        methods: (payload) => [payload.ts === undefined ? 'chat.postMessage' : 'chat.update'],
        async deliver(payload, context) {
          const answer = await context.call(
            payload.ts === undefined ? 'chat.postMessage' : 'chat.update',
            payload,
          );
          return { ts: String(answer.ts) };
        },
      }),
    );
    await enqueue([
      { orderingKey: 'card:1', kind: 'feature.card', payload: { channel: 'C1', text: 'card v1' } },
      {
        orderingKey: 'card:1',
        kind: 'feature.card',
        payload: { channel: 'C1', ts: '9.000001', text: 'card v2' },
      },
    ]);

    await drain([dispatcherWith({ delivery })]);

    expect(slack.calls.map((c) => [c.method, c.params.text])).toEqual([
      ['chat.postMessage', 'card v1'],
      ['chat.update', 'card v2'],
    ]);
    expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: 2, failed: 0 });
  });

  describe('loop', () => {
    /** A delivery that records texts and, when `gate` is set, waits for it before answering. */
    function recordingDelivery() {
      const delivered: string[] = [];
      const state: { gate?: Promise<void>; entered?: () => void } = {};
      const delivery: ChatDelivery = {
        async deliver(message) {
          state.entered?.();
          if (state.gate) await state.gate;
          delivered.push((message.payload as { text: string }).text);
          return { ok: true, result: { ts: '1' } };
        },
      };
      return { delivery, delivered, state };
    }

    it('wakes on notify() and on its interval, and sleeps on the injected clock in between', async () => {
      const { delivery, delivered } = recordingDelivery();
      const dispatcher = dispatcherWith({ delivery });
      const idle = clock.nextSleep();
      dispatcher.start();
      await idle;

      await enqueue([post('k1', 'C1', 'notified')]);
      dispatcher.notify();
      await vi.waitFor(() => expect(delivered).toEqual(['notified']));
      // Idle again: one interval timer for all the workers, and the lease heartbeat.
      await vi.waitFor(() => expect(clock.sleeping).toBe(2));

      // Enqueued without notify(): picked up when the interval comes round, not before.
      await enqueue([post('k2', 'C2', 'by interval')]);
      clock.advance(999);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(delivered).toEqual(['notified']);
      expect(clock.sleeping).toBe(2);
      clock.advance(1);
      await vi.waitFor(() => expect(delivered).toEqual(['notified', 'by interval']));

      await dispatcher.stop();
      expect(clock.sleeping).toBe(0);
      expect(linesWith('Outbox dispatcher stopped')).toHaveLength(1);
    });

    it('delivers rows committed while another is in flight, without waiting for it or for the interval', async () => {
      const { delivery, delivered, state } = recordingDelivery();
      let open!: () => void;
      state.gate = new Promise((resolve) => {
        open = resolve;
      });
      const entered = new Promise<void>((resolve) => {
        state.entered = resolve;
      });
      await enqueue([post('k1', 'C1', 'first')]);
      const dispatcher = dispatcherWith({ delivery });
      dispatcher.start();
      await entered;

      state.entered = undefined;
      await enqueue([post('k2', 'C2', 'committed during the round')]);
      state.gate = undefined;
      dispatcher.notify();
      // The injected clock stands still, so no interval comes round: notify() alone brings the row,
      // while the first is still in flight.
      await vi.waitFor(() => expect(delivered).toEqual(['committed during the round']), { timeout: 5000 });
      open();
      await vi.waitFor(() => expect(delivered).toEqual(['committed during the round', 'first']), {
        timeout: 5000,
      });
      await dispatcher.stop();
    });

    it('goes on with a key’s next rows once its run went out, before the runs of other keys claimed with it', async () => {
      const { delivery, delivered } = recordingDelivery();
      // One person's queue of three, and four other keys due as well: one claim takes a run of
      // each (one row per key), and the worker that sent k1's first row sends the rest of k1 next.
      await enqueue([
        post('k1', 'C1', 'k1 first'),
        post('k1', 'C1', 'k1 second'),
        post('k1', 'C1', 'k1 third'),
        post('k2', 'C2', 'k2'),
        post('k3', 'C3', 'k3'),
        post('k4', 'C4', 'k4'),
        post('k5', 'C5', 'k5'),
      ]);
      const dispatcher = dispatcherWith({ delivery, concurrency: 1 });
      dispatcher.start();
      await vi.waitFor(() => expect(delivered).toHaveLength(7), { timeout: 5000 });
      expect(delivered).toEqual(['k1 first', 'k1 second', 'k1 third', 'k2', 'k3', 'k4', 'k5']);
      await dispatcher.stop();
      expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: 7, failed: 0 });
    });

    it('turns to the runs waiting for a worker after keyRunsMax runs of one key; the key’s rest comes with a later claim', async () => {
      const { delivery, delivered } = recordingDelivery();
      await enqueue([
        ...[1, 2, 3, 4, 5].map((n) => post('k1', 'C1', `k1 #${n}`)),
        post('k2', 'C2', 'k2'),
        post('k3', 'C3', 'k3'),
      ]);
      const dispatcher = dispatcherWith({ delivery, concurrency: 1, keyRunsMax: 2 });
      dispatcher.start();
      await vi.waitFor(() => expect(delivered).toHaveLength(7), { timeout: 5000 });
      // Two runs of k1, then the others claimed with it, then k1's rest, still in its order.
      expect(delivered).toEqual(['k1 #1', 'k1 #2', 'k2', 'k3', 'k1 #3', 'k1 #4', 'k1 #5']);
      await dispatcher.stop();
      expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: 7, failed: 0 });
    });

    it('shares one claim’s runs among the idle workers at once, not at the next interval', async () => {
      const { delivery, delivered, state } = recordingDelivery();
      let open!: () => void;
      state.gate = new Promise((resolve) => {
        open = resolve;
      });
      const entered: number[] = [];
      state.entered = () => entered.push(entered.length);
      await enqueue([post('k1', 'C1', 'one'), post('k2', 'C2', 'two'), post('k3', 'C3', 'three')]);
      const dispatcher = dispatcherWith({ delivery, concurrency: 3 });
      dispatcher.start();
      // The clock never moves: only a wake-up after the claim puts the three workers to work.
      await vi.waitFor(() => expect(entered).toHaveLength(3), { timeout: 5000 });
      open();
      await vi.waitFor(() => expect(delivered).toHaveLength(3), { timeout: 5000 });
      await dispatcher.stop();
    });

    it('does not go on with a key while a more urgent run (someone’s own card) waits for a worker', async () => {
      // Deliveries held until the test lets each go: `entered` says which have begun.
      const delivered: string[] = [];
      const entered = new Set<string>();
      const gates = new Map<string, () => void>();
      const held = new Map<string, Promise<void>>();
      for (const text of ['k1 #1', 'k2', 'u1']) {
        held.set(text, new Promise((resolve) => gates.set(text, resolve)));
      }
      const delivery: ChatDelivery = {
        async deliver(message) {
          const { text } = message.payload as { text: string };
          entered.add(text);
          await held.get(text);
          delivered.push(text);
          return { ok: true, result: { ts: '1' } };
        },
      };
      const open = (text: string) => gates.get(text)?.();
      await enqueue([post('k1', 'C1', 'k1 #1'), post('k1', 'C1', 'k1 #2'), post('k2', 'C2', 'k2')]);
      const dispatcher = dispatcherWith({ delivery, concurrency: 2 });
      dispatcher.start();
      // Worker A holds k1's first row (k1's second waits behind it), worker B k2's.
      await vi.waitFor(() => expect([...entered]).toEqual(['k1 #1', 'k2']), { timeout: 5000 });
      // Two people's own cards come in; B claims both when k2 is out and keeps the first.
      await enqueue([
        { ...post('u1', 'CU1', 'u1'), priority: 1 },
        { ...post('u2', 'CU2', 'u2'), priority: 1 },
      ]);
      dispatcher.notify();
      open('k2');
      await vi.waitFor(() => expect(entered.has('u1')).toBe(true), { timeout: 5000 });
      // A finishes k1's first row: u2 waits, so A takes it before k1's second.
      open('k1 #1');
      await vi.waitFor(() => expect(delivered).toContain('u2'), { timeout: 5000 });
      open('u1');
      await vi.waitFor(() => expect(delivered).toHaveLength(5), { timeout: 5000 });
      expect(delivered.indexOf('u2')).toBeLessThan(delivered.indexOf('k1 #2'));
      await dispatcher.stop();
      expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: 5, failed: 0 });
    });

    it('stop() waits for the round in progress and then ends the loop', async () => {
      const { delivery, delivered, state } = recordingDelivery();
      let open!: () => void;
      state.gate = new Promise((resolve) => {
        open = resolve;
      });
      const entered = new Promise<void>((resolve) => {
        state.entered = resolve;
      });
      await enqueue([post('k1', 'C1', 'in flight')]);
      const dispatcher = dispatcherWith({ delivery });
      dispatcher.start();
      await entered;

      let stopped = false;
      const stopping = dispatcher.stop().then(() => {
        stopped = true;
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(stopped).toBe(false);
      open();
      await stopping;

      expect(delivered).toEqual(['in flight']);
      expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: 1, failed: 0 });
      // No more rounds after stop().
      await enqueue([post('k2', 'C2', 'after stop')]);
      dispatcher.notify();
      clock.advance(60_000);
      expect(clock.sleeping).toBe(0);
      expect(await countByStatus(prisma)).toEqual({ pending: 1, sent: 1, failed: 0 });
    });
  });
});
