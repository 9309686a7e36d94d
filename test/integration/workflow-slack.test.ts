import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWorkflowModule, type WorkflowModule } from '../../src/bot.ts';
import type { ChatRuntime } from '../../src/chat/runtime.ts';
import { SLACK_FORM_BINDINGS } from '../../src/chat/slack/form-bindings.ts';
import { createSlackIdentityLookup } from '../../src/chat/slack/slack-accounts.ts';
import { createSlackRuntime } from '../../src/chat/slack/slack-app.ts';
import { slackDelivery } from '../../src/chat/slack/slack-platform.ts';
import { approveCommand, startGenericApproval } from '../../src/features/workflow/approval-commands.ts';
import type { OutboxDispatcher } from '../../src/outbox/dispatcher.ts';
import { linkSlackUsers } from '../support/chat-accounts.ts';
import { createTestDatabase, silentLogger, type TestDatabase } from '../support/databases.ts';
import {
  blockActionsBody,
  newSigningSecret,
  postSlack,
  slashCommandBody,
  viewSubmissionBody,
} from '../support/slack.ts';
import { EXAMPLE, loadExampleOrg, manualClock } from '../support/workflow.ts';

// The whole path of a click, on the embedded database: a signed request to /slack/events →
// listener → service → committed state, audit and outbox → the dispatcher sends cards to the
// Web API (nock). Slack is never reached.

const API_ORIGIN = 'https://slack-api.test';
const HOOKS_ORIGIN = 'https://hooks.slack.test';
const TEAM = 'T0OFFICE';
const SLACK_ID: Record<string, string> = {
  [EXAMPLE.drafter]: 'U0XUHUI',
  [EXAMPLE.deptHead]: 'U0LIUYANG',
  [EXAMPLE.officeHead]: 'U0ZHAOMIN',
  [EXAMPLE.outsider]: 'U0GAOYAN',
};

/** A fresh response_url on the hooks double (nock answers it). */
const actionsHook = () => `${HOOKS_ORIGIN}/actions/${randomBytes(6).toString('hex')}`;

interface ApiCall {
  method: string;
  body: Record<string, unknown>;
}

/** The value of a button with `actionId` in a posted card's blocks. */
function buttonValue(call: ApiCall | undefined, actionId: string): string | undefined {
  const blocks = JSON.parse(String(call?.body.blocks ?? '[]')) as Array<{
    elements?: Array<Record<string, unknown>>;
  }>;
  for (const block of blocks) {
    for (const element of block.elements ?? [])
      if (element.action_id === actionId) return String(element.value);
  }
  return undefined;
}

describe('a click, from a signed request to the updated cards (PGlite)', () => {
  let t: TestDatabase;
  let runtime: ChatRuntime;
  let port: number;
  let module: WorkflowModule;
  let dispatcher: OutboxDispatcher;
  const secret = newSigningSecret();
  const calls: ApiCall[] = [];
  const hooks: Array<{ path: string; body: Record<string, unknown> }> = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    // One Web API double for every method: it records the call and answers like Slack.
    nock(API_ORIGIN)
      .persist()
      .post(/\/api\/.*/)
      .reply(function reply(uri, body) {
        const method = uri.replace('/api/', '');
        const parsed =
          typeof body === 'string'
            ? Object.fromEntries(new URLSearchParams(body))
            : (body as Record<string, unknown>);
        calls.push({ method, body: parsed });
        if (method === 'conversations.open')
          return [200, { ok: true, channel: { id: `D-${String(parsed.users)}` } }];
        if (method === 'chat.postMessage') {
          return [
            200,
            { ok: true, channel: parsed.channel, ts: `1700000000.${String(calls.length).padStart(6, '0')}` },
          ];
        }
        if (method === 'auth.test')
          return [200, { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: TEAM }];
        return [200, { ok: true, channel: parsed.channel, ts: parsed.ts ?? '1', view: { id: 'V0MODAL' } }];
      });
    nock(HOOKS_ORIGIN)
      .persist()
      .post(/.*/)
      .reply(200, function record(uri, body) {
        hooks.push({ path: uri, body: body as Record<string, unknown> });
        return 'ok';
      });

    t = await createTestDatabase('pglite');
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
    runtime = createSlackRuntime({
      settings,
      port: 0,
      host: '127.0.0.1',
      logger: silentLogger,
      readiness: async () => ({ database: 'ok' }),
      identityOf: createSlackIdentityLookup(t.db.prisma),
      workflow: module.workflowChat,
      // `/doc approve` is the approval feature's handler, answered through the commands' glue.
      commands: {
        commands: [approveCommand((input) => startGenericApproval(module.workflowChat, input))],
        buttons: [],
        forms: SLACK_FORM_BINDINGS,
      },
    });
    port = (await runtime.start()).port;
  });

  afterAll(async () => {
    await runtime?.stop(2000);
    await t?.cleanup();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const posts = (channel: string) =>
    calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);

  it('starts an approval from /doc approve and delivers one card to the requester and one to the reviewer', async () => {
    const body = slashCommandBody({
      command: '/doc',
      text: 'approve 关于采购防汛物资的请示',
      userId: SLACK_ID[EXAMPLE.drafter] ?? '',
      teamId: TEAM,
      responseUrl: `${HOOKS_ORIGIN}/commands/1`,
    });
    expect((await postSlack(port, body, { secret })).status).toBe(200);
    await vi.waitFor(async () => expect(await t.db.prisma.workflowInstance.count()).toBe(1));
    await vi.waitFor(() => expect(hooks.some((h) => JSON.stringify(h.body).includes('已提交'))).toBe(true));

    await dispatcher.runOnce();
    expect(posts(`D-${SLACK_ID[EXAMPLE.drafter]}`)).toHaveLength(1);
    expect(posts(`D-${SLACK_ID[EXAMPLE.deptHead]}`)).toHaveLength(1);
    expect(buttonValue(posts(`D-${SLACK_ID[EXAMPLE.deptHead]}`)[0], 'wf_approve')).toBeDefined();
    expect(buttonValue(posts(`D-${SLACK_ID[EXAMPLE.drafter]}`)[0], 'wf_approve')).toBeUndefined();
  });

  it('opens the opinion form on approve, applies the submitted opinion, and updates the copies in place', async () => {
    const reviewerCard = posts(`D-${SLACK_ID[EXAMPLE.deptHead]}`)[0];
    const value = buttonValue(reviewerCard, 'wf_approve') ?? '';
    const click = blockActionsBody({
      teamId: TEAM,
      responseUrl: actionsHook(),
      userId: SLACK_ID[EXAMPLE.deptHead] ?? '',
      actionId: 'wf_approve',
      value,
      channel: `D-${SLACK_ID[EXAMPLE.deptHead]}`,
    });
    expect((await postSlack(port, click, { secret })).status).toBe(200);
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'views.open')).toBe(true));
    const opened = calls.find((c) => c.method === 'views.open');
    const view = JSON.parse(String(opened?.body.view)) as { private_metadata: string };

    const submit = viewSubmissionBody({
      teamId: TEAM,
      userId: SLACK_ID[EXAMPLE.deptHead] ?? '',
      privateMetadata: view.private_metadata,
      comment: '同意，请办公室把关。',
    });
    expect((await postSlack(port, submit, { secret })).status).toBe(200);
    const instance = await t.db.prisma.workflowInstance.findFirstOrThrow();
    await vi.waitFor(async () =>
      expect(
        (await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } })).waitingOn,
      ).toEqual([EXAMPLE.officeHead]),
    );

    const before = calls.length;
    await dispatcher.runOnce();
    const delivered = calls.slice(before);
    const updates = delivered.filter((c) => c.method === 'chat.update').map((c) => c.body.channel);
    expect(updates.sort()).toEqual(
      [`D-${SLACK_ID[EXAMPLE.deptHead]}`, `D-${SLACK_ID[EXAMPLE.drafter]}`].sort(),
    );
    expect(posts(`D-${SLACK_ID[EXAMPLE.officeHead]}`)).toHaveLength(1);
    expect(
      delivered.filter(
        (c) => c.method === 'chat.postMessage' && c.body.channel !== `D-${SLACK_ID[EXAMPLE.officeHead]}`,
      ),
    ).toEqual([]);
    const audit = await t.db.prisma.auditEntry.findMany({
      where: { instanceId: instance.id },
      orderBy: { seq: 'asc' },
    });
    expect(audit.filter((a) => a.action === 'approve')).toEqual([
      expect.objectContaining({ actorId: EXAMPLE.deptHead, comment: '同意，请办公室把关。' }),
    ]);
  });

  it('fills the return form with the earlier steps once it is open, without waiting for the database first', async () => {
    const instance = await t.db.prisma.workflowInstance.findFirstOrThrow();
    const value = JSON.stringify({ i: instance.id, v: instance.version, a: 'return' });
    const before = calls.length;
    const click = blockActionsBody({
      teamId: TEAM,
      responseUrl: actionsHook(),
      userId: SLACK_ID[EXAMPLE.officeHead] ?? '',
      actionId: 'wf_return',
      value,
      channel: `D-${SLACK_ID[EXAMPLE.officeHead]}`,
    });
    expect((await postSlack(port, click, { secret })).status).toBe(200);
    await vi.waitFor(() => expect(calls.slice(before).some((c) => c.method === 'views.update')).toBe(true));
    const methods = calls.slice(before).map((c) => c.method);
    expect(methods.indexOf('views.open')).toBeLessThan(methods.indexOf('views.update'));
    const updated = calls.slice(before).find((c) => c.method === 'views.update');
    expect(String(updated?.body.view)).toContain('部门负责人审核');
    expect(updated?.body.view_id).toBe('V0MODAL');
  });

  it('answers a click by someone the step does not wait on with an ephemeral refusal naming who it waits on', async () => {
    const instance = await t.db.prisma.workflowInstance.findFirstOrThrow();
    const value = JSON.stringify({ i: instance.id, v: instance.version, a: 'acknowledge' });
    const click = blockActionsBody({
      teamId: TEAM,
      responseUrl: actionsHook(),
      userId: SLACK_ID[EXAMPLE.outsider] ?? '',
      actionId: 'wf_acknowledge',
      value,
      channel: 'C0OFFICE',
    });
    expect((await postSlack(port, click, { secret })).status).toBe(200);
    await vi.waitFor(async () =>
      expect(
        await t.db.prisma.auditEntry.count({
          where: { instanceId: instance.id, action: 'refused:acknowledge' },
        }),
      ).toBe(1),
    );
    const before = calls.length;
    await dispatcher.runOnce();
    const ephemeral = calls.slice(before).find((c) => c.method === 'chat.postEphemeral');
    expect(ephemeral?.body.user).toBe(SLACK_ID[EXAMPLE.outsider]);
    expect(String(ephemeral?.body.text)).toContain('赵敏');
    expect(
      (await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } })).version,
    ).toBe(instance.version);
  });

  it('still acknowledges a click when the database is unreachable, and asks the clicker to try again', async () => {
    const instance = await t.db.prisma.workflowInstance.findFirstOrThrow();
    const value = JSON.stringify({ i: instance.id, v: instance.version, a: 'recall' });
    await t.db.close();
    const click = blockActionsBody({
      teamId: TEAM,
      responseUrl: actionsHook(),
      userId: SLACK_ID[EXAMPLE.drafter] ?? '',
      actionId: 'wf_recall',
      value,
      channel: `D-${SLACK_ID[EXAMPLE.drafter]}`,
    });
    const started = performance.now();
    const res = await postSlack(port, click, { secret });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3000);
    await vi.waitFor(() =>
      expect(hooks.some((h) => JSON.stringify(h.body).includes('稍后再点一次'))).toBe(true),
    );
  });
});
