import { webApi } from '@slack/bolt';
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerChaseKinds } from '../../src/chat/slack/chasing/delivery.ts';
import { buildWebClientOptions } from '../../src/chat/slack/slack-app.ts';
import { createSlackDelivery } from '../../src/chat/slack/slack-delivery.ts';
import { unitCalendar } from '../../src/domain/chasing/holidays.ts';
import { defaultChasingSettings } from '../../src/domain/chasing/settings.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import { chasingEffectsHook } from '../../src/features/chasing/effects-hook.ts';
import { generateDigests } from '../../src/features/chasing/generate.ts';
import { runDueReminders } from '../../src/features/chasing/run-reminders.ts';
import { createWorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { loadDirectorySnapshot } from '../../src/org/directory-snapshot.ts';
import { createOutboxDispatcher } from '../../src/outbox/dispatcher.ts';
import { slackUserOf } from '../support/chat-accounts.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { EXAMPLE, loadExampleOrg } from '../support/workflow.ts';

// What the reminders look like in Slack: a reminder with an 打开 button, a 督办 with 立即催办 to the
// supervising leader, the morning digest (overdue first, a button per item), and a classified
// item shown by its reference only, never its title.

const API_ORIGIN = 'http://slack.test';
const local = (iso: string) => new Date(`${iso}+08:00`);
const calendar = unitCalendar('Asia/Shanghai', defaultChasingSettings().calendar);

interface Posted {
  channel: string;
  text: string;
  blocks: Array<Record<string, unknown>>;
}

describe.each(databaseKinds)('chasing messages in Slack on %s', (kind) => {
  let t: TestDatabase;
  const posted: Posted[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    nock(API_ORIGIN)
      .persist()
      .post(/^\/api\/[A-Za-z.]+$/)
      .reply((uri, body) => {
        const params = Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : ''));
        if (uri.endsWith('conversations.open'))
          return [200, { ok: true, channel: { id: `D${params.users}` } }];
        posted.push({
          channel: params.channel ?? '',
          text: params.text ?? '',
          blocks: params.blocks ? JSON.parse(params.blocks) : [],
        });
        return [200, { ok: true, channel: params.channel, ts: `1.${posted.length}` }];
      });
  });
  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await t.cleanup();
  });
  beforeEach(() => {
    posted.length = 0;
  });

  it('renders reminders, the 督办 and the digest, and never shows a classified title', async () => {
    const clock = new FakeClock(local('2026-12-01T09:00:00'));
    const settings = defaultChasingSettings();
    const definitions = new Map([[GENERIC_APPROVAL.id, GENERIC_APPROVAL]]);
    const service = createWorkflowService({
      prisma: t.db.prisma,
      clock,
      calendar,
      logger: silentLogger,
      definitions,
      loadDirectory: loadDirectorySnapshot,
      effectsHook: chasingEffectsHook({ calendar, settings }),
    });
    const start = (title: string) =>
      service.start({
        definitionId: GENERIC_APPROVAL.id,
        requesterPersonId: EXAMPLE.drafter,
        workspaceId: 'T1',
        title,
        secrecy: 'internal',
        urgency: 'urgent',
      });
    await start('关于购置防汛物资的请示');
    const secret = await start('绝不可出现的密件标题');
    // Made classified afterwards: the bot keeps no title for it, only the reference.
    await t.db.prisma.workflowInstance.update({
      where: { id: secret.id },
      data: { secrecy: 'secret', reference: '秘-2026-007 <!here>' },
    });

    const client = new webApi.WebClient('xoxb-test', {
      ...buildWebClientOptions(`${API_ORIGIN}/api/`),
      retryConfig: { retries: 0 },
    });
    const delivery = createSlackDelivery({ client, logger: silentLogger });
    registerChaseKinds(delivery, { prisma: t.db.prisma, clock, calendar, definitions });
    const dispatcher = createOutboxDispatcher({ prisma: t.db.prisma, delivery, clock, logger: silentLogger });
    const drain = async () => {
      while ((await dispatcher.runOnce()).claimed > 0) {
        /* until empty */
      }
    };

    // Tuesday 8 Dec, 10:00: 3 working days late → the overdue reminders and the 督办.
    clock.set(local('2026-12-08T10:00:00'));
    await generateDigests({ prisma: t.db.prisma, calendar, settings }, clock.now());
    await runDueReminders({ prisma: t.db.prisma, calendar, settings }, clock.now());
    await drain();

    const liuYang = await slackUserOf(t.db.prisma, EXAMPLE.deptHead);
    const leader = await slackUserOf(t.db.prisma, EXAMPLE.supervisingLeader);
    const toLiu = posted.filter((p) => p.channel === `D${liuYang}`);
    const overdue = toLiu.filter((p) => p.text.startsWith('❗ 催办'));
    expect(overdue).toHaveLength(2);
    expect(overdue.map((p) => p.text).join('\n')).toContain(
      '「关于购置防汛物资的请示」（部门负责人审核）已超期 3 个工作日',
    );
    expect(overdue[0]?.blocks[0]).toMatchObject({ accessory: { action_id: 'doc_list_open' } });

    const digest = toLiu.find((p) => p.text.includes('早上好'));
    expect(digest?.text).toContain('今天有 2 件事项待你办理');
    const openButtons = (digest?.blocks ?? []).filter(
      (b) => (b.accessory as { action_id?: string } | undefined)?.action_id === 'doc_list_open',
    );
    expect(openButtons).toHaveLength(2);

    const toLeader = posted.filter((p) => p.channel === `D${leader}`);
    const escalation = toLeader.find((p) => p.text.includes('督办'));
    expect(escalation?.text).toContain('已超期 3 个工作日');
    expect(escalation?.blocks[0]).toMatchObject({ accessory: { action_id: 'chase_now' } });

    const everything = JSON.stringify(posted);
    expect(everything).not.toContain('绝不可出现的密件标题');
    // The reference, which may be their number as typed, is escaped like a title.
    expect(everything).toContain('秘-2026-007 &lt;!here&gt;');
    expect(everything).not.toContain('<!here>');
  });
});
