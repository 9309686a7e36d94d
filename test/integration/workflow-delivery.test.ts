import { webApi } from '@slack/bolt';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBoltLogger } from '../../src/chat/slack/bolt-logger.ts';
import { registerHomeKind } from '../../src/chat/slack/home/delivery.ts';
import { WORKFLOW_BUTTON_ACTION_IDS } from '../../src/chat/slack/ids.ts';
import { buildWebClientOptions } from '../../src/chat/slack/slack-app.ts';
import { createSlackDelivery } from '../../src/chat/slack/slack-delivery.ts';
import { registerWorkflowKinds } from '../../src/chat/slack/workflow/delivery.ts';
import type { SecrecyLevel } from '../../src/domain/org.ts';
import { GENERIC_APPROVAL, weekdayCalendar } from '../../src/domain/workflow/index.ts';
import type {
  WorkflowAction,
  WorkflowDefinition,
  WorkflowInstance,
} from '../../src/domain/workflow/types.ts';
import {
  createWorkflowService,
  outboxRowsFor,
  type WorkflowService,
} from '../../src/features/workflow/workflow-service.ts';
import { Prisma, type PrismaClient } from '../../src/generated/prisma/client.ts';
import { loadDirectorySnapshot } from '../../src/org/directory-snapshot.ts';
import { exponentialBackoff } from '../../src/outbox/backoff.ts';
import { createOutboxDispatcher, type OutboxDispatcher } from '../../src/outbox/dispatcher.ts';
import { countByStatus, enqueueOutbox, nextDueAt } from '../../src/outbox/outbox-repository.ts';
import { linkSlackUsers, unlinkSlackUsers } from '../support/chat-accounts.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { type CapturedLogs, captureLogs } from '../support/logs.ts';
import { withSlackRef } from '../support/slack.ts';
import { EXAMPLE, loadExampleOrg, testWorkflowService } from '../support/workflow.ts';

/** The Web API double's address; nock answers it, nothing leaves the machine. */
const API_ORIGIN = 'http://slack.test';
const API_URL = `${API_ORIGIN}/api/`;
const TEAM = 'T0OFFICE';
const TITLE = '关于采购防汛物资的请示';

/** Slack ids the test links the example people to (the org file links only some). */
const SLACK_IDS: Record<string, string> = {
  [EXAMPLE.drafter]: 'U0DRAFTER',
  [EXAMPLE.deptHead]: 'U0DEPTHEAD',
  [EXAMPLE.officeHead]: 'U0OFFICEHEAD',
  [EXAMPLE.supervisingLeader]: 'U0LEADER',
};
/** The DM channel the fake Slack opens with a user. */
const dmOf = (personId: string) => `D${SLACK_IDS[personId]}`;

/** A copy of the generic approval that also posts public items to a channel. */
const APPROVALS_CHANNEL = 'C0APPROVALS';
const CHANNEL_APPROVAL: WorkflowDefinition = {
  ...GENERIC_APPROVAL,
  id: 'channel_approval',
  name: { zh: '公开审批', en: 'Public approval' },
  channel: APPROVALS_CHANNEL,
};
const DEFINITIONS = new Map([
  [GENERIC_APPROVAL.id, GENERIC_APPROVAL],
  [CHANNEL_APPROVAL.id, CHANNEL_APPROVAL],
]);

beforeAll(() => {
  nock.disableNetConnect();
  // PostgreSQL runs on the loopback address.
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterAll(() => {
  nock.enableNetConnect();
});

type SlackReply = { status: number; body: Record<string, unknown> };

interface SlackCall {
  method: string;
  params: Record<string, string>;
  /** `blocks` parsed from the form field, when sent. */
  blocks: Array<Record<string, unknown>> | undefined;
  accepted: boolean;
}

/** Slack's Web API at the HTTP level: records every call, answers ok (fresh `ts`) unless a reply is planned. */
function fakeSlack() {
  const calls: SlackCall[] = [];
  const rules: Array<{
    method: string;
    match: (p: Record<string, string>) => boolean;
    replies: SlackReply[];
  }> = [];
  let nextTs = 1;

  nock(API_ORIGIN)
    .persist()
    .post(/^\/api\/[A-Za-z.]+$/)
    .reply((uri, body) => {
      const method = uri.slice('/api/'.length);
      const params = Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : ''));
      const rule = rules.find((r) => r.method === method && r.replies.length > 0 && r.match(params));
      const planned = rule?.replies.shift();
      const blocks = params.blocks === undefined ? undefined : JSON.parse(params.blocks);
      calls.push({ method, params, blocks, accepted: planned === undefined });
      if (planned !== undefined) return [planned.status, planned.body];
      const ts = `1772412000.${String(nextTs++).padStart(6, '0')}`;
      switch (method) {
        case 'conversations.open':
          return [200, { ok: true, channel: { id: `D${params.users}` } }];
        case 'chat.postMessage':
          return [200, { ok: true, channel: params.channel, ts }];
        case 'chat.update':
          return [200, { ok: true, channel: params.channel, ts: params.ts }];
        default:
          return [200, { ok: true }];
      }
    });

  return {
    calls,
    plan(method: string, replies: SlackReply[], match: (p: Record<string, string>) => boolean = () => true) {
      rules.push({ method, match, replies: [...replies] });
    },
    /** Calls of `method` made after the first `from` calls. */
    of(method: string, from = 0): SlackCall[] {
      return calls.slice(from).filter((c) => c.method === method);
    },
  };
}

function actionIdsOf(blocks: SlackCall['blocks']): string[] {
  return (blocks ?? [])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as Array<{ action_id: string }>).map((e) => e.action_id));
}

describe.each(databaseKinds)('workflow delivery to Slack on %s', (kind) => {
  let testDb: TestDatabase;
  let prisma: PrismaClient;
  let clock: FakeClock;
  let slack: ReturnType<typeof fakeSlack>;
  let logs: CapturedLogs;
  let service: WorkflowService;
  let channelService: WorkflowService;
  let dispatcher: OutboxDispatcher;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    prisma = testDb.db.prisma;
    await loadExampleOrg(testDb);
    // Some items here are 秘密: the generic route's department head must be cleared for them
    // (nobody is routed an item above their clearance); the others already are.
    await prisma.person.update({ where: { id: EXAMPLE.deptHead }, data: { clearance: 'secret' } });
  });

  afterAll(async () => {
    await testDb?.cleanup();
  });

  beforeEach(async () => {
    await prisma.outboxMessage.deleteMany();
    await unlinkSlackUsers(prisma);
    await linkSlackUsers(prisma, SLACK_IDS);
    clock = new FakeClock('2026-11-23T01:30:00Z');
    slack = fakeSlack();
    logs = captureLogs('debug');
    service = testWorkflowService(testDb, clock);
    channelService = createWorkflowService({
      prisma,
      clock,
      calendar: weekdayCalendar('Asia/Shanghai'),
      logger: silentLogger,
      definitions: DEFINITIONS,
      loadDirectory: loadDirectorySnapshot,
    });
    dispatcher = dispatcherWith(prisma);
  });

  afterEach(() => {
    nock.cleanAll();
  });

  /** The production wiring: a Web API client (minus its own real-time retries), the Slack delivery, our kinds. */
  function dispatcherWith(deliveryPrisma: PrismaClient, dispatcherPrisma = prisma): OutboxDispatcher {
    const client = new webApi.WebClient('xoxb-test', {
      ...buildWebClientOptions(API_URL),
      retryConfig: { retries: 0 },
      logger: createBoltLogger(silentLogger, 'web-api'),
    });
    const delivery = createSlackDelivery({ client, logger: logs.logger });
    registerWorkflowKinds(delivery, {
      prisma: deliveryPrisma,
      clock,
      definitions: DEFINITIONS,
      timeZone: 'Asia/Shanghai',
    });
    // Every transition also refreshes the App Home of whoever's lists changed (as in bot.ts).
    registerHomeKind(delivery, {
      prisma: deliveryPrisma,
      clock,
      definitions: DEFINITIONS,
      timeZone: 'Asia/Shanghai',
    });
    return createOutboxDispatcher({
      prisma: dispatcherPrisma,
      delivery,
      clock,
      logger: logs.logger,
      leaseMs: 60_000,
      batchSize: 20,
      backoff: exponentialBackoff({ baseMs: 1000, maxMs: 300_000, random: () => 1 }),
      sleep: clock.sleep,
    });
  }

  /**
   * Delivers every row (a key's next row comes in the next round), letting the clock run on to the
   * App Home refreshes, which are due a moment later; nothing may be left pending.
   */
  async function drain(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      if ((await dispatcher.runOnce()).claimed > 0) continue;
      const next = await nextDueAt(prisma);
      if (next === null) {
        expect(await countByStatus(prisma)).toMatchObject({ pending: 0, failed: 0 });
        return;
      }
      clock.set(next);
    }
    throw new Error('the outbox did not drain');
  }

  async function start(
    options: {
      secrecy?: SecrecyLevel;
      title?: string | null;
      reference?: string | null;
      definitionId?: string;
    } = {},
  ): Promise<WorkflowInstance> {
    const definitionId = options.definitionId ?? GENERIC_APPROVAL.id;
    return (definitionId === GENERIC_APPROVAL.id ? service : channelService).start({
      definitionId,
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: TEAM,
      title: options.title === undefined ? TITLE : options.title,
      reference: options.reference ?? null,
      secrecy: options.secrecy ?? 'internal',
      urgency: 'normal',
    });
  }

  async function act(
    instance: WorkflowInstance,
    actorPersonId: string,
    action: WorkflowAction,
    on: WorkflowService = service,
  ): Promise<WorkflowInstance> {
    const current = await on.loadInstance(instance.id);
    const outcome = await on.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId,
      action,
      expectedVersion: current.version,
    });
    expect(outcome.kind).toBe('applied');
    return outcome.instance;
  }

  async function copyOf(instanceId: string, recipient: string) {
    const copy = await prisma.cardMessage.findUnique({
      where: { instanceId_recipient: { instanceId, recipient } },
    });
    return copy && withSlackRef(copy);
  }

  async function rowsOf(instanceId: string) {
    return prisma.outboxMessage.findMany({
      where: { payload: { path: ['instanceId'], equals: instanceId } },
      orderBy: { id: 'asc' },
    });
  }

  it('posts one card to the requester and one to the first reviewer, and records both copies', async () => {
    const instance = await start();
    await drain();

    expect(slack.calls.every((c) => c.accepted)).toBe(true);
    expect(
      slack
        .of('conversations.open')
        .map((c) => c.params.users)
        .sort(),
    ).toEqual([SLACK_IDS[EXAMPLE.drafter], SLACK_IDS[EXAMPLE.deptHead]].sort());
    const posts = slack.of('chat.postMessage');
    expect(posts.map((c) => c.params.channel).sort()).toEqual(
      [dmOf(EXAMPLE.drafter), dmOf(EXAMPLE.deptHead)].sort(),
    );
    expect(slack.of('chat.update')).toEqual([]);

    const reviewerPost = posts.find((c) => c.params.channel === dmOf(EXAMPLE.deptHead));
    const requesterPost = posts.find((c) => c.params.channel === dmOf(EXAMPLE.drafter));
    expect(JSON.stringify(reviewerPost?.blocks)).toContain(TITLE);
    expect(reviewerPost?.params.text).toContain(TITLE);
    expect(actionIdsOf(reviewerPost?.blocks)).toContain(WORKFLOW_BUTTON_ACTION_IDS.approve);
    expect(JSON.stringify(requesterPost?.blocks)).toContain(TITLE);
    expect(actionIdsOf(requesterPost?.blocks)).not.toContain(WORKFLOW_BUTTON_ACTION_IDS.approve);
    expect(actionIdsOf(requesterPost?.blocks)).toContain(WORKFLOW_BUTTON_ACTION_IDS.recall);
    // Each in the viewer's language: the drafter reads English, the department head Chinese.
    expect(requesterPost?.params.text).toContain('Waiting on');
    expect(reviewerPost?.params.text).toContain('等待');

    for (const personId of [EXAMPLE.drafter, EXAMPLE.deptHead]) {
      expect(await copyOf(instance.id, personId)).toMatchObject({
        platform: 'slack',
        channelId: dmOf(personId),
        messageTs: expect.stringMatching(/^1772412000\./),
        version: 1,
      });
    }
    const rows = await rowsOf(instance.id);
    expect(rows.map((r) => [r.status, (r.result as { action?: string }).action])).toEqual([
      ['sent', 'posted'],
      ['sent', 'posted'],
    ]);
  });

  it('after an approval, updates the existing copies in place and posts only to the next reviewer', async () => {
    const instance = await start();
    await drain();
    const before = {
      requester: await copyOf(instance.id, EXAMPLE.drafter),
      reviewer: await copyOf(instance.id, EXAMPLE.deptHead),
    };
    const mark = slack.calls.length;

    await act(instance, EXAMPLE.deptHead, { type: 'approve', comment: '同意，请办公室把关。' });
    await drain();

    const updates = slack.of('chat.update', mark);
    expect(updates.map((c) => [c.params.channel, c.params.ts]).sort()).toEqual(
      [
        [before.requester?.channelId, before.requester?.messageTs],
        [before.reviewer?.channelId, before.reviewer?.messageTs],
      ].sort(),
    );
    const posts = slack.of('chat.postMessage', mark);
    expect(posts.map((c) => c.params.channel)).toEqual([dmOf(EXAMPLE.officeHead)]);
    expect(actionIdsOf(posts[0]?.blocks)).toContain(WORKFLOW_BUTTON_ACTION_IDS.approve);

    // The reviewer has acted: no more buttons to approve; the opinion is on every copy.
    const reviewerUpdate = updates.find((c) => c.params.channel === before.reviewer?.channelId);
    expect(actionIdsOf(reviewerUpdate?.blocks)).not.toContain(WORKFLOW_BUTTON_ACTION_IDS.approve);
    for (const update of updates) expect(JSON.stringify(update.blocks)).toContain('同意，请办公室把关。');

    for (const personId of [EXAMPLE.drafter, EXAMPLE.deptHead, EXAMPLE.officeHead]) {
      expect((await copyOf(instance.id, personId))?.version).toBe(2);
    }
    expect((await copyOf(instance.id, EXAMPLE.drafter))?.messageTs).toBe(before.requester?.messageTs);
  });

  it('draws the history from the audit log: a requester’s comment shows on every copy', async () => {
    const instance = await start();
    await drain();
    const mark = slack.calls.length;

    await act(instance, EXAMPLE.drafter, { type: 'comment', comment: '补充：报价单已更新' });
    await drain();

    const updates = slack.of('chat.update', mark);
    expect(updates).toHaveLength(2);
    for (const update of updates) expect(JSON.stringify(update.blocks)).toContain('补充：报价单已更新');
    expect(slack.of('chat.postMessage', mark)).toEqual([]);
  });

  it('tells the requester of a rejection in their language, and escapes user text', async () => {
    const title = '采购 <!channel> & <https://evil.example|点这里>';
    const instance = await start({ title });
    await drain();
    const mark = slack.calls.length;

    await act(instance, EXAMPLE.deptHead, { type: 'reject', comment: '预算不足' });
    await drain();

    const notices = slack.of('chat.postMessage', mark);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.params.channel).toBe(dmOf(EXAMPLE.drafter));
    // The drafter's locale is en in the example org.
    expect(notices[0]?.params.text).toBe(
      'Your request “采购 &lt;!channel&gt; &amp; &lt;https://evil.example|点这里&gt;” was rejected by Liu Yang.',
    );
    // Both copies show the rejection, with no buttons left; the title is escaped in mrkdwn text too.
    const updates = slack.of('chat.update', mark);
    expect(updates).toHaveLength(2);
    for (const update of updates) {
      expect(update.params.text).toContain('&lt;!channel&gt;');
      expect(update.params.text).not.toContain('<!channel>');
      expect(actionIdsOf(update.blocks)).toEqual([]);
    }
  });

  it('writes the notice in Chinese for a person whose locale is zh', async () => {
    await prisma.person.update({ where: { id: EXAMPLE.drafter }, data: { locale: 'zh' } });
    try {
      const instance = await start();
      await drain();
      const mark = slack.calls.length;
      await act(instance, EXAMPLE.deptHead, {
        type: 'return',
        comment: '请补充预算明细',
        to: 'requester',
      });
      await drain();
      const notices = slack.of('chat.postMessage', mark);
      expect(notices.map((c) => c.params.text)).toEqual([
        `你提交的「${TITLE}」被刘洋退回，请修改后重新提交。`,
      ]);
    } finally {
      await prisma.person.update({ where: { id: EXAMPLE.drafter }, data: { locale: 'en' } });
    }
  });

  it('never names a classified item in a notice or on its card: only its reference', async () => {
    const reference = '示水密〔2026〕3号';
    const instance = await start({ secrecy: 'secret', title: null, reference });
    await drain();
    // Even a title that somehow got stored must not leak.
    const row = await prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    const secretTitle = '绝密的标题';
    await prisma.workflowInstance.update({
      where: { id: instance.id },
      data: { title: secretTitle, state: { ...(row.state as object), title: secretTitle } },
    });
    await prisma.person.update({ where: { id: EXAMPLE.drafter }, data: { locale: 'zh' } });
    try {
      const mark = slack.calls.length;
      await act(instance, EXAMPLE.deptHead, { type: 'reject', comment: '涉密意见内容' });
      await drain();

      const notices = slack.of('chat.postMessage', mark);
      expect(notices.map((c) => c.params.text)).toEqual([`你提交的「密件 ${reference}」已被刘洋驳回。`]);
      for (const call of slack.calls) {
        expect(JSON.stringify(call.params)).not.toContain(secretTitle);
        expect(JSON.stringify(call.params)).not.toContain('涉密意见内容');
      }
      expect(JSON.stringify(slack.of('chat.update', mark)[0]?.blocks)).toContain(reference);
    } finally {
      await prisma.person.update({ where: { id: EXAMPLE.drafter }, data: { locale: 'en' } });
    }
  });

  it('names a classified item by its reference in the 问题上报 and 答复 notices too', async () => {
    const reference = '示水密〔2026〕4号';
    const instance = await start({ secrecy: 'secret', title: null, reference });
    await drain();
    await prisma.person.update({ where: { id: EXAMPLE.drafter }, data: { locale: 'zh' } });
    try {
      const mark = slack.calls.length;
      const notice = (event: 'reported' | 'replied') => ({
        orderingKey: `person:${EXAMPLE.drafter}`,
        kind: 'person.notify' as const,
        payload: { personId: EXAMPLE.drafter, instanceId: instance.id, event, byPersonId: EXAMPLE.deptHead },
      });
      await prisma.$transaction((tx) =>
        enqueueOutbox(tx, [notice('reported'), notice('replied')], clock.now()),
      );
      await drain();
      expect(slack.of('chat.postMessage', mark).map((c) => c.params.text)).toEqual([
        `刘洋在承办「密件 ${reference}」时向你上报了问题，请在卡片的办理记录中查看，可点卡片上的「答复」给出答复。`,
        `刘洋答复了你在承办「密件 ${reference}」时上报的问题，请在卡片的办理记录中查看。`,
      ]);
    } finally {
      await prisma.person.update({ where: { id: EXAMPLE.drafter }, data: { locale: 'en' } });
    }
  });

  it('skips a person not linked to Slack without calling Slack, and posts to everyone else', async () => {
    await unlinkSlackUsers(prisma, [EXAMPLE.deptHead]);
    const instance = await start();
    await drain();

    expect(slack.of('conversations.open').map((c) => c.params.users)).toEqual([SLACK_IDS[EXAMPLE.drafter]]);
    expect(slack.of('chat.postMessage').map((c) => c.params.channel)).toEqual([dmOf(EXAMPLE.drafter)]);
    const rows = await rowsOf(instance.id);
    const reviewerRow = rows.find((r) => (r.payload as { personId?: string }).personId === EXAMPLE.deptHead);
    expect(reviewerRow).toMatchObject({ status: 'sent', result: { skipped: 'not_linked' } });
    expect(await copyOf(instance.id, EXAMPLE.deptHead)).toBeNull();
    expect(
      logs.lines().some((l) => l.msg === 'Card not delivered: the person is not linked to a Slack account'),
    ).toBe(true);
  });

  it('never rolls a card back: a late row, or a copy already newer, changes nothing', async () => {
    const instance = await start();
    await drain();
    await act(instance, EXAMPLE.deptHead, { type: 'approve', comment: '同意' });
    await drain();
    expect((await copyOf(instance.id, EXAMPLE.drafter))?.version).toBe(2);

    // A row from version 1 delivered after version 2's: the copy already shows version 2.
    const late = outboxRowsFor(instance, [{ type: 'refresh_cards' }], GENERIC_APPROVAL);
    await prisma.$transaction((tx) => enqueueOutbox(tx, late, clock.now()));
    let mark = slack.calls.length;
    await drain();
    expect(slack.calls.slice(mark)).toEqual([]);
    const lateRows = (await rowsOf(instance.id)).slice(-late.length);
    for (const row of lateRows) {
      expect(row).toMatchObject({ status: 'sent', result: { skipped: 'up_to_date', version: 2 } });
    }

    // A stored copy marked newer than the instance is not touched by the next change.
    await prisma.cardMessage.update({
      where: { instanceId_recipient: { instanceId: instance.id, recipient: EXAMPLE.drafter } },
      data: { version: 99 },
    });
    mark = slack.calls.length;
    await act(instance, EXAMPLE.officeHead, { type: 'approve', comment: '同意' });
    await drain();
    const updated = slack.of('chat.update', mark).map((c) => c.params.channel);
    expect(updated).not.toContain(dmOf(EXAMPLE.drafter));
    expect(updated.sort()).toEqual([dmOf(EXAMPLE.deptHead), dmOf(EXAMPLE.officeHead)].sort());
    expect((await copyOf(instance.id, EXAMPLE.drafter))?.version).toBe(99);
  });

  it('posts a fresh copy when the old one was deleted (chat.update answers message_not_found)', async () => {
    const instance = await start();
    await drain();
    const old = await copyOf(instance.id, EXAMPLE.drafter);
    slack.plan('chat.update', [{ status: 200, body: { ok: false, error: 'message_not_found' } }], (p) => {
      return p.channel === old?.channelId && p.ts === old?.messageTs;
    });
    const mark = slack.calls.length;

    await act(instance, EXAMPLE.deptHead, { type: 'approve', comment: '同意' });
    await drain();

    const posts = slack.of('chat.postMessage', mark).map((c) => c.params.channel);
    expect(posts.sort()).toEqual([dmOf(EXAMPLE.drafter), dmOf(EXAMPLE.officeHead)].sort());
    const fresh = await copyOf(instance.id, EXAMPLE.drafter);
    expect(fresh).toMatchObject({ channelId: dmOf(EXAMPLE.drafter), version: 2 });
    expect(fresh?.messageTs).not.toBe(old?.messageTs);
    expect(fresh?.id).not.toBe(old?.id);
  });

  /** Asks for `personId`'s card of `instanceId` to be posted anew (what the 打开 button of a list does). */
  async function askRepost(instanceId: string, personId: string) {
    await prisma.$transaction((tx) =>
      enqueueOutbox(
        tx,
        [
          {
            orderingKey: `person:${personId}`,
            copyKey: `card:${instanceId}:${personId}`,
            kind: 'card.sync',
            payload: { instanceId, personId, repost: true },
          },
        ],
        clock.now(),
      ),
    );
  }

  it('reposts an up-to-date card at the bottom of the DM and turns the old copy into a pointer', async () => {
    const instance = await start();
    await drain();
    const old = await copyOf(instance.id, EXAMPLE.deptHead);
    const mark = slack.calls.length;

    await askRepost(instance.id, EXAMPLE.deptHead);
    await drain();

    const calls = slack.calls.slice(mark).filter((c) => c.method !== 'conversations.open');
    expect(calls.map((c) => c.method)).toEqual(['chat.update', 'chat.postMessage']);
    const [pointer, fresh] = calls;
    expect([pointer?.params.channel, pointer?.params.ts]).toEqual([old?.channelId, old?.messageTs]);
    // The department head reads Chinese.
    expect(pointer?.params.text).toBe('此卡片已更新并在下方重新发送。');
    expect(JSON.stringify(pointer?.blocks)).not.toContain(TITLE);
    expect(fresh?.params.channel).toBe(dmOf(EXAMPLE.deptHead));
    expect(JSON.stringify(fresh?.blocks)).toContain(TITLE);
    expect(actionIdsOf(fresh?.blocks)).toContain(WORKFLOW_BUTTON_ACTION_IDS.approve);

    const now = await copyOf(instance.id, EXAMPLE.deptHead);
    expect(now).toMatchObject({ channelId: dmOf(EXAMPLE.deptHead), version: 1 });
    expect(now?.messageTs).not.toBe(old?.messageTs);
    const row = (await rowsOf(instance.id)).at(-1);
    expect(row).toMatchObject({
      status: 'sent',
      result: { action: 'reposted', previous: { channel: old?.channelId, ts: old?.messageTs } },
    });

    // The next change updates the fresh copy in place, not the pointer.
    const next = slack.calls.length;
    await act(instance, EXAMPLE.deptHead, { type: 'approve', comment: '同意' });
    await drain();
    const updates = slack.of('chat.update', next).filter((c) => c.params.channel === dmOf(EXAMPLE.deptHead));
    expect(updates.map((c) => c.params.ts)).toEqual([now?.messageTs]);
  });

  it('reposts in English for an English reader, and posts anew when the old copy was deleted', async () => {
    const instance = await start();
    await drain();
    const old = await copyOf(instance.id, EXAMPLE.drafter);
    slack.plan('chat.update', [{ status: 200, body: { ok: false, error: 'message_not_found' } }]);
    const mark = slack.calls.length;

    await askRepost(instance.id, EXAMPLE.drafter);
    await drain();

    const pointer = slack.of('chat.update', mark)[0];
    expect(pointer?.params.text).toBe('This card was updated and sent again below.');
    expect(pointer?.accepted).toBe(false);
    expect(slack.of('chat.postMessage', mark).map((c) => c.params.channel)).toEqual([dmOf(EXAMPLE.drafter)]);
    expect((await copyOf(instance.id, EXAMPLE.drafter))?.messageTs).not.toBe(old?.messageTs);
  });

  it('does not repost for a person who is not linked to Slack', async () => {
    const instance = await start();
    await drain();
    await unlinkSlackUsers(prisma, [EXAMPLE.deptHead]);
    const mark = slack.calls.length;

    await askRepost(instance.id, EXAMPLE.deptHead);
    await drain();

    expect(slack.calls.slice(mark)).toEqual([]);
    expect((await rowsOf(instance.id)).at(-1)).toMatchObject({
      status: 'sent',
      result: { skipped: 'not_linked' },
    });
  });

  it('posts a public item’s channel copy without buttons, and updates it in place', async () => {
    const instance = await start({ secrecy: 'public', definitionId: CHANNEL_APPROVAL.id });
    await drain();
    const channelPosts = slack.of('chat.postMessage').filter((c) => c.params.channel === APPROVALS_CHANNEL);
    expect(channelPosts).toHaveLength(1);
    expect(actionIdsOf(channelPosts[0]?.blocks)).toEqual([]);
    expect(JSON.stringify(channelPosts[0]?.blocks)).toContain('公开审批');
    const copy = await copyOf(instance.id, `channel:${APPROVALS_CHANNEL}`);
    expect(copy).toMatchObject({ channelId: APPROVALS_CHANNEL, version: 1 });
    const mark = slack.calls.length;

    await act(instance, EXAMPLE.deptHead, { type: 'approve', comment: '同意' }, channelService);
    await drain();
    const channelCalls = slack.calls.slice(mark).filter((c) => c.params.channel === APPROVALS_CHANNEL);
    expect(channelCalls.map((c) => [c.method, c.params.ts])).toEqual([['chat.update', copy?.messageTs]]);
  });

  it('records a posted copy in the statement that marks its row sent', async () => {
    const statements: string[] = [];
    const watched = withOverrides(prisma, {
      $queryRaw: (strings: TemplateStringsArray, ...values: unknown[]) => {
        statements.push(Prisma.sql(strings, ...values).sql);
        return prisma.$queryRaw(strings, ...values);
      },
    });
    dispatcher = dispatcherWith(prisma, watched);
    const instance = await start();
    await drain();

    expect(await copyOf(instance.id, EXAMPLE.drafter)).toMatchObject({ version: 1 });
    expect(await copyOf(instance.id, EXAMPLE.deptHead)).toMatchObject({ version: 1 });
    const both = statements.filter((sql) => /INSERT INTO card_message[\s\S]*UPDATE outbox_message/.test(sql));
    expect(both).toHaveLength(2);
  });

  it('marks the row sent without its copy when the copy cannot be recorded, rather than posting it twice', async () => {
    // The statement that records a copy fails; the one marking a row sent alone does not.
    const failing = withOverrides(prisma, {
      $queryRaw: (strings: TemplateStringsArray, ...values: unknown[]) =>
        Prisma.sql(strings, ...values).sql.includes('card_message')
          ? Promise.reject(new Error('the database went away'))
          : prisma.$queryRaw(strings, ...values),
    });
    dispatcher = dispatcherWith(prisma, failing);
    const instance = await start();
    await drain();

    expect(slack.of('chat.postMessage')).toHaveLength(2);
    const rows = await rowsOf(instance.id);
    expect(rows.map((r) => [r.status, r.attempts, (r.result as { recorded?: boolean }).recorded])).toEqual([
      ['sent', 1, false],
      ['sent', 1, false],
    ]);
    expect(await prisma.cardMessage.count({ where: { instanceId: instance.id } })).toBe(0);
    const errors = logs
      .lines()
      .filter(
        (l) => typeof l.msg === 'string' && l.msg.startsWith('Delivered, but what the delivery records'),
      );
    const where = errors.map((l) => l.result as { channel: string; ts: string });
    expect(where.map((r) => r.channel).sort()).toEqual(
      [dmOf(EXAMPLE.drafter), dmOf(EXAMPLE.deptHead)].sort(),
    );
    expect(where.every((r) => typeof r.ts === 'string' && r.ts !== '')).toBe(true);
  });
});

/** `target` with some members replaced; everything else (bound to `target`) passes through. */
function withOverrides<T extends object>(target: T, overrides: Record<string, unknown>): T {
  return new Proxy(target, {
    get(object, property) {
      if (typeof property === 'string' && Object.hasOwn(overrides, property)) return overrides[property];
      const value = Reflect.get(object, property);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}
