import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflowModule, type WorkflowModule } from '../../src/bot.ts';
import type { ChatRuntime } from '../../src/chat/runtime.ts';
import { createSlackIdentityLookup } from '../../src/chat/slack/slack-accounts.ts';
import { createSlackRuntime } from '../../src/chat/slack/slack-app.ts';
import { slackDelivery } from '../../src/chat/slack/slack-platform.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import type { OutboxDispatcher } from '../../src/outbox/dispatcher.ts';
import { linkSlackUsers } from '../support/chat-accounts.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';
import { blockActionsBody, newSigningSecret, postSlack, viewSubmissionBody } from '../support/slack.ts';
import { EXAMPLE, loadExampleOrg, manualClock } from '../support/workflow.ts';

// Opening the opinion form takes the requester's 撤回 away, and their card is drawn again.
// The opinion form answers on itself: it closes only once its click is committed; a refusal, or a
// database that does not answer within Slack's time, keeps it open and says why. The form's
// deadline and the database's answer are both held by the test (no sleeps).

const API_ORIGIN = 'https://slack-api.test';
const TEAM = 'T0OFFICE';
const SLACK_ID: Record<string, string> = {
  [EXAMPLE.drafter]: 'U0XUHUI',
  [EXAMPLE.deptHead]: 'U0LIUYANG',
  [EXAMPLE.officeHead]: 'U0ZHAOMIN',
  [EXAMPLE.outsider]: 'U0GAOYAN',
};

/** A promise the test settles itself. */
function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe.each(databaseKinds)('the opinion form answers on itself (%s)', (kind) => {
  let t: TestDatabase;
  let runtime: ChatRuntime;
  let port: number;
  let module: WorkflowModule;
  let dispatcher: OutboxDispatcher;
  const secret = newSigningSecret();
  const posted: Array<{ method: string; body: Record<string, unknown> }> = [];
  /** What the form's deadline does this time: already reached, or never. */
  let deadline: () => Promise<void> = () => new Promise(() => {});
  /** When set, clicks wait for it before reaching the database (a database that does not answer). */
  let database: Promise<void> | null = null;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    nock(API_ORIGIN)
      .persist()
      .post(/\/api\/.*/)
      .reply(function reply(uri, body) {
        const parsed =
          typeof body === 'string'
            ? Object.fromEntries(new URLSearchParams(body))
            : (body as Record<string, unknown>);
        posted.push({ method: uri.replace('/api/', ''), body: parsed });
        if (uri.endsWith('conversations.open'))
          return [200, { ok: true, channel: { id: `D-${String(parsed.users)}` } }];
        return [200, { ok: true, channel: parsed.channel, ts: '1700000000.000001' }];
      });
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    await linkSlackUsers(t.db.prisma, SLACK_ID);
    await t.db.prisma.person.updateMany({
      where: { id: { in: Object.keys(SLACK_ID) } },
      data: { locale: 'zh' },
    });
    const settings = {
      mode: 'http' as const,
      botToken: 'xoxb-test',
      signingSecret: secret,
      apiUrl: `${API_ORIGIN}/api/`,
    };
    module = createWorkflowModule({
      db: t.db,
      logger: silentLogger,
      clock: manualClock('2026-11-23T01:30:00Z'),
      timeZone: 'Asia/Shanghai',
    });
    dispatcher = module.dispatchTo([slackDelivery(settings, module.platformDeps)]);
    const service: WorkflowService = {
      ...module.service,
      click: async (input) => {
        if (database) await database;
        return module.service.click(input);
      },
    };
    runtime = createSlackRuntime({
      settings,
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      readiness: async () => ({ database: 'ok' }),
      identityOf: createSlackIdentityLookup(t.db.prisma),
      workflow: { ...module.workflowChat, service, formDeadline: () => deadline() },
    });
    port = (await runtime.start()).port;
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop(2000);
    await t?.cleanup();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const startItem = (title: string) =>
    module.service.start({
      definitionId: GENERIC_APPROVAL.id,
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: TEAM,
      title,
      secrecy: 'internal',
      urgency: 'normal',
    });

  const submitOpinion = (
    personId: string,
    item: { id: string; version: number },
    comment: string,
  ): ReturnType<typeof postSlack> =>
    postSlack(
      port,
      viewSubmissionBody({
        teamId: TEAM,
        userId: SLACK_ID[personId] ?? '',
        privateMetadata: JSON.stringify({ i: item.id, v: item.version, a: 'approve', r: 1 }),
        comment,
      }),
      { secret },
    );

  const approvals = (instanceId: string) =>
    t.db.prisma.auditEntry.count({ where: { instanceId, action: 'approve' } });

  it('redraws the requester’s card without 撤回 once the reviewer opens the opinion form', async () => {
    const item = await startItem('关于调整办公室值班安排的请示');
    await dispatcher.runOnce();
    const requesterDm = `D-${SLACK_ID[EXAMPLE.drafter]}`;
    const requesterCard = posted.findLast(
      (c) => c.method === 'chat.postMessage' && c.body.channel === requesterDm,
    );
    expect(String(requesterCard?.body.blocks)).toContain('wf_recall');

    const before = posted.length;
    const click = blockActionsBody({
      teamId: TEAM,
      userId: SLACK_ID[EXAMPLE.deptHead] ?? '',
      actionId: 'wf_approve',
      value: JSON.stringify({ i: item.id, v: item.version, a: 'approve', r: 1 }),
      channel: `D-${SLACK_ID[EXAMPLE.deptHead]}`,
    });
    expect((await postSlack(port, click, { secret })).status).toBe(200);
    await expect
      .poll(async () => t.db.prisma.auditEntry.count({ where: { instanceId: item.id, action: 'open' } }))
      .toBe(1);
    await dispatcher.runOnce();
    const redrawn = posted
      .slice(before)
      .filter((c) => c.method === 'chat.update' && c.body.channel === requesterDm);
    expect(redrawn).toHaveLength(1);
    expect(String(redrawn[0]?.body.blocks)).not.toContain('wf_recall');
    // The reviewer's own copy did not change: it is not drawn again.
    expect(
      posted
        .slice(before)
        .filter((c) => c.method === 'chat.update' && c.body.channel === `D-${SLACK_ID[EXAMPLE.deptHead]}`),
    ).toEqual([]);
  });

  it('closes the form once the opinion is committed', async () => {
    const item = await startItem('关于购置会议室投影仪的请示');
    const res = await submitOpinion(EXAMPLE.deptHead, item, '同意。');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(await approvals(item.id)).toBe(1);
  });

  it('shows a refusal on the form, which stays open, instead of a direct message after it closed', async () => {
    const item = await startItem('关于更换办公室门锁的请示');
    const before = posted.length;
    const res = await submitOpinion(EXAMPLE.outsider, item, '同意。');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: { wf_modal_comment: expect.stringContaining('刘洋') },
    });
    expect(await approvals(item.id)).toBe(0);
    await dispatcher.runOnce();
    expect(posted.slice(before).filter((c) => c.body.channel === `D-${SLACK_ID[EXAMPLE.outsider]}`)).toEqual(
      [],
    );
  });

  it('keeps the form open when the database does not answer in time, and a second send after the late commit closes it without applying twice', async () => {
    const item = await startItem('关于申请维修办公楼屋顶的请示');
    const slow = gate();
    database = slow.promise;
    deadline = () => Promise.resolve();
    const first = await submitOpinion(EXAMPLE.deptHead, item, '同意维修。');
    expect(first.json).toEqual({
      response_action: 'errors',
      errors: { wf_modal_comment: expect.stringContaining('数据库暂时无法访问') },
    });
    expect(await approvals(item.id)).toBe(0);

    // The database answers after all: the first send commits late.
    database = null;
    slow.open();
    await expect.poll(() => approvals(item.id)).toBe(1);

    // The user presses 提交 again on the open form: it closes, and nothing is applied twice.
    deadline = () => new Promise(() => {});
    const again = await submitOpinion(EXAMPLE.deptHead, item, '同意维修。');
    expect(again.status).toBe(200);
    expect(again.text).toBe('');
    expect(await approvals(item.id)).toBe(1);
  });

  it('keeps the form open and says so when the database fails at once', async () => {
    const item = await startItem('关于采购防汛沙袋的请示');
    database = Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    database.catch(() => {});
    try {
      const res = await submitOpinion(EXAMPLE.deptHead, item, '同意。');
      expect(res.json).toEqual({
        response_action: 'errors',
        errors: { wf_modal_comment: expect.stringContaining('什么都没有改变') },
      });
    } finally {
      database = null;
    }
    expect(await approvals(item.id)).toBe(0);
  });
});
