// What one person receives arrives in the order it was committed: cards of different items and
// notices share the person's conversation, also after a Slack outage with jittered retries.

import { webApi } from '@slack/bolt';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBoltLogger } from '../../src/chat/slack/bolt-logger.ts';
import { registerHomeKind } from '../../src/chat/slack/home/delivery.ts';
import { buildWebClientOptions } from '../../src/chat/slack/slack-app.ts';
import { createSlackDelivery } from '../../src/chat/slack/slack-delivery.ts';
import { registerWorkflowKinds } from '../../src/chat/slack/workflow/delivery.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { HOME_REFRESH_DELAY_MS, type WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { exponentialBackoff } from '../../src/outbox/backoff.ts';
import { createOutboxDispatcher, type OutboxDispatcher } from '../../src/outbox/dispatcher.ts';
import { countByStatus, nextDueAt } from '../../src/outbox/outbox-repository.ts';
import { linkSlackUsers } from '../support/chat-accounts.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { withSlackRef } from '../support/slack.ts';
import { EXAMPLE, loadExampleOrg, testWorkflowService } from '../support/workflow.ts';

const API_ORIGIN = 'http://slack.test';
const API_URL = `${API_ORIGIN}/api/`;
const TEAM = 'T0OFFICE';
const SLACK_IDS: Record<string, string> = {
  [EXAMPLE.drafter]: 'U0DRAFTER',
  [EXAMPLE.deptHead]: 'U0DEPTHEAD',
  [EXAMPLE.officeHead]: 'U0OFFICEHEAD',
  [EXAMPLE.supervisingLeader]: 'U0LEADER',
};
const dmOf = (personId: string) => `D${SLACK_IDS[personId]}`;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterAll(() => {
  nock.enableNetConnect();
});

interface SlackCall {
  method: string;
  params: Record<string, string>;
  accepted: boolean;
}

/** Slack at the HTTP level; `down(channel)` says whether a post or update to `channel` fails with a 503 now. */
function fakeSlack(down: (channel: string) => boolean, hold?: (method: string) => Promise<void> | undefined) {
  const calls: SlackCall[] = [];
  let nextTs = 1;
  const answer = (method: string, params: Record<string, string>): [number, object] => {
    if (method === 'conversations.open') {
      calls.push({ method, params, accepted: true });
      return [200, { ok: true, channel: { id: `D${params.users}` } }];
    }
    if (down(params.channel ?? '')) {
      calls.push({ method, params, accepted: false });
      return [503, { ok: false }];
    }
    calls.push({ method, params, accepted: true });
    const ts = params.ts ?? `1772412000.${String(nextTs++).padStart(6, '0')}`;
    return [200, { ok: true, channel: params.channel, ts }];
  };
  nock(API_ORIGIN)
    .persist()
    .post(/^\/api\/[A-Za-z.]+$/)
    .reply((uri, body, callback) => {
      const method = uri.slice('/api/'.length);
      const text = typeof body === 'string' ? body : '';
      const params = text.startsWith('{')
        ? (JSON.parse(text) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(text));
      const held = hold?.(method);
      if (held === undefined) return callback(null, answer(method, params));
      void held.then(() => callback(null, answer(method, params)));
    });
  return {
    calls,
    /** The new messages accepted in `channel` (updates in place left out), each as what it is and the title of its item. */
    received(channel: string, titles: readonly string[]): string[] {
      return calls
        .filter((c) => c.accepted && c.params.channel === channel && c.method === 'chat.postMessage')
        .map((c) => {
          const title = titles.find((t) => (c.params.text ?? '').includes(t)) ?? '?';
          const what = c.params.blocks ? 'card' : 'notice';
          return `${what} ${title}`;
        });
    },
  };
}

describe.each(databaseKinds)('conversation order on %s', (kind) => {
  let testDb: TestDatabase;
  let prisma: PrismaClient;
  let clock: FakeClock;
  let service: WorkflowService;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    prisma = testDb.db.prisma;
    await loadExampleOrg(testDb);
    await linkSlackUsers(prisma, SLACK_IDS);
  });

  afterAll(async () => {
    await testDb?.cleanup();
  });

  beforeEach(async () => {
    await prisma.outboxMessage.deleteMany();
    clock = new FakeClock('2026-11-23T01:30:00Z');
    service = testWorkflowService(testDb, clock);
  });

  afterEach(() => {
    nock.cleanAll();
  });

  /** Production wiring, with jittered backoff: a seeded sequence, so retries after an outage spread out. */
  function dispatcher(): OutboxDispatcher {
    const client = new webApi.WebClient('xoxb-test', {
      ...buildWebClientOptions(API_URL),
      retryConfig: { retries: 0 },
      logger: createBoltLogger(silentLogger, 'web-api'),
    });
    const delivery = createSlackDelivery({ client, logger: silentLogger });
    const definitions = new Map([[GENERIC_APPROVAL.id, GENERIC_APPROVAL]]);
    registerWorkflowKinds(delivery, { prisma, clock, definitions, timeZone: 'Asia/Shanghai' });
    registerHomeKind(delivery, { prisma, clock, definitions, timeZone: 'Asia/Shanghai' });
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    return createOutboxDispatcher({
      prisma,
      delivery,
      clock,
      logger: silentLogger,
      batchSize: 20,
      backoff: exponentialBackoff({ baseMs: 1000, maxMs: 60_000, random }),
      sleep: clock.sleep,
    });
  }

  async function drain(d: OutboxDispatcher): Promise<void> {
    for (let round = 0; round < 200; round++) {
      if ((await d.runOnce()).claimed > 0) continue;
      const next = await nextDueAt(prisma);
      if (next === null) return;
      clock.set(next);
    }
    throw new Error('the outbox did not drain');
  }

  function start(title: string): Promise<WorkflowInstance> {
    return service.start({
      definitionId: GENERIC_APPROVAL.id,
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: TEAM,
      title,
      reference: null,
      secrecy: 'internal',
      urgency: 'normal',
    });
  }

  async function reject(instance: WorkflowInstance): Promise<void> {
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.deptHead,
      action: { type: 'reject', comment: '不同意' },
      expectedVersion: instance.version,
    });
    expect(outcome.kind).toBe('applied');
  }

  it("delivers one person's cards and notices in commit order after a Slack outage", async () => {
    let outage = true;
    const slack = fakeSlack(() => outage);
    const titles = ['第一件事项', '第二件事项', '第三件事项', '第四件事项'];
    const d = dispatcher();
    const [first, second] = [await start(titles[0] as string), await start(titles[1] as string)];
    await d.runOnce();
    if (!first || !second) throw new Error('expected two items');
    await reject(first);
    await d.runOnce();
    await start(titles[2] as string);
    await d.runOnce();
    await start(titles[3] as string);
    // Slack stays down a while: every head fails, again and again, each with its own jittered wait.
    for (let n = 0; n < 6; n++) {
      await d.runOnce();
      const next = await nextDueAt(prisma);
      if (next) clock.set(next);
    }
    expect(slack.calls.some((c) => c.accepted && c.method !== 'conversations.open')).toBe(false);

    outage = false;
    await drain(d);

    expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: expect.any(Number), failed: 0 });
    // The drafter: cards of the four items in the order they were started, and the notice of the
    // first item's rejection after the second card and before the third, as committed.
    expect(slack.received(dmOf(EXAMPLE.drafter), titles)).toEqual([
      `card ${titles[0]}`,
      `card ${titles[1]}`,
      `notice ${titles[0]}`,
      `card ${titles[2]}`,
      `card ${titles[3]}`,
    ]);
    expect(slack.received(dmOf(EXAMPLE.deptHead), titles)).toEqual([
      `card ${titles[0]}`,
      `card ${titles[1]}`,
      `card ${titles[2]}`,
      `card ${titles[3]}`,
    ]);
  });

  it("updates one person's existing cards side by side, not one after another", async () => {
    const slack = fakeSlack(() => false);
    const titles = ['第一件事项', '第二件事项', '第三件事项'];
    const d = dispatcher();
    const items: WorkflowInstance[] = [];
    for (const title of titles) items.push(await start(title));
    await drain(d);
    const before = slack.calls.length;

    for (const item of items) await reject(item);
    // One round updates the drafter's three copies (and the department head's): they add nothing
    // to the conversation, so they need not wait for each other; the notices follow one by one.
    const round = await d.runOnce();
    expect(round.claimed).toBeGreaterThanOrEqual(7);
    const updates = slack.calls.slice(before).filter((c) => c.method === 'chat.update' && c.accepted);
    expect(updates.filter((c) => c.params.channel === dmOf(EXAMPLE.drafter))).toHaveLength(3);
    await drain(d);
    expect(slack.received(dmOf(EXAMPLE.drafter), titles)).toEqual([
      ...titles.map((t) => `card ${t}`),
      ...titles.map((t) => `notice ${t}`),
    ]);
  });

  it("does not hold back other people's messages behind one person's failing conversation", async () => {
    const slack = fakeSlack((channel) => channel === dmOf(EXAMPLE.drafter));
    const titles = ['第一件事项', '第二件事项', '第三件事项'];
    const d = dispatcher();
    for (const title of titles) await start(title);
    for (let n = 0; n < 8; n++) {
      await d.runOnce();
      const next = await nextDueAt(prisma);
      if (next) clock.set(next);
    }

    expect(slack.received(dmOf(EXAMPLE.deptHead), titles)).toEqual(titles.map((t) => `card ${t}`));
    expect(slack.received(dmOf(EXAMPLE.drafter), titles)).toEqual([]);
    // The drafter's first card is retried; the rest wait behind it, in order.
    const failed = slack.calls.filter((c) => !c.accepted);
    expect(failed.length).toBeGreaterThan(1);
    expect(new Set(failed.map((c) => c.params.text?.includes(titles[0] as string)))).toEqual(new Set([true]));
  });

  describe('economy', () => {
    async function comment(instance: WorkflowInstance, text: string): Promise<WorkflowInstance> {
      const outcome = await service.click({
        instanceId: instance.id,
        workspaceId: TEAM,
        actorPersonId: EXAMPLE.deptHead,
        action: { type: 'comment', comment: text },
        expectedVersion: instance.version,
      });
      if (outcome.kind !== 'applied') throw new Error(`comment was ${outcome.kind}`);
      return outcome.instance;
    }

    it('brings each live copy up to date with one update after a burst while Slack was down, and every notice in order', async () => {
      let outage = false;
      const slack = fakeSlack(() => outage);
      const d = dispatcher();
      let item = await start('事项甲');
      let other = await start('事项乙');
      await drain(d);
      const before = slack.calls.length;
      const copyOf = async (id: string) =>
        (await prisma.cardMessage.findMany({ where: { instanceId: id } })).map(
          (c) => `${withSlackRef(c).channelId}|${withSlackRef(c).messageTs}`,
        );
      const copies = await copyOf(item.id);
      const rowsBefore = await prisma.outboxMessage.count({ where: { kind: 'card.sync' } });

      outage = true;
      // Twenty transitions on one item (and, after every fifth, one on another item of the same
      // drafter, so the order of the notices shows), with the dispatcher trying and failing now and then.
      for (let n = 1; n <= 20; n++) {
        item = await comment(item, `意见${n}`);
        if (n % 5 === 0) {
          other = await comment(other, `另一意见${n}`);
          await d.runOnce();
          const next = await nextDueAt(prisma);
          if (next) clock.set(next);
        }
      }
      outage = false;
      await drain(d);

      const after = slack.calls.slice(before).filter((c) => c.accepted);
      const updates = after.filter(
        (c) => c.method === 'chat.update' && copies.includes(`${c.params.channel}|${c.params.ts}`),
      );
      // One update per live copy (the drafter's and the department head's), showing the last comment.
      expect(updates.map((c) => c.params.channel).sort()).toEqual([
        dmOf(EXAMPLE.deptHead),
        dmOf(EXAMPLE.drafter),
      ]);
      for (const update of updates) expect(update.params.blocks).toContain('意见20');
      // Not a row per transition and copy (80): while a sync of a copy waited, no other was written for it.
      const syncRows = (await prisma.outboxMessage.count({ where: { kind: 'card.sync' } })) - rowsBefore;
      expect(syncRows).toBeLessThanOrEqual(4 * 5);
      // Every notice, in the order of the comments.
      expect(slack.received(dmOf(EXAMPLE.drafter), ['事项甲', '事项乙'])).toEqual([
        'card 事项甲',
        'card 事项乙',
        ...Array.from({ length: 4 }, () => [
          ...Array.from({ length: 5 }, () => 'notice 事项甲'),
          'notice 事项乙',
        ]).flat(),
      ]);
      expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: expect.any(Number), failed: 0 });
    });

    it('never lets an App Home refresh in flight delay a card', async () => {
      let releaseHome!: () => void;
      const homeHeld = new Promise<void>((resolve) => {
        releaseHome = resolve;
      });
      let homeStarted!: () => void;
      const homeInFlight = new Promise<void>((resolve) => {
        homeStarted = resolve;
      });
      const slack = fakeSlack(
        () => false,
        (method) => {
          if (method !== 'views.publish') return undefined;
          homeStarted();
          return homeHeld;
        },
      );
      const d = dispatcher();
      const item = await start('事项乙');
      d.start();
      try {
        // The cards go at once; the homes a second later, and the first publish hangs.
        await vi.waitFor(() =>
          expect(slack.received(dmOf(EXAMPLE.deptHead), ['事项乙'])).toEqual(['card 事项乙']),
        );
        clock.advance(HOME_REFRESH_DELAY_MS);
        await homeInFlight;

        const before = slack.calls.length;
        await reject(item);
        d.notify();
        await vi.waitFor(
          () =>
            expect(
              slack.calls
                .slice(before)
                .filter((c) => c.method === 'chat.update' && c.params.channel === dmOf(EXAMPLE.deptHead)),
            ).toHaveLength(1),
          { timeout: 5000 },
        );
        expect(slack.calls.filter((c) => c.method === 'views.publish')).toHaveLength(0);
      } finally {
        releaseHome();
        await d.stop();
      }
    });
  });
});
