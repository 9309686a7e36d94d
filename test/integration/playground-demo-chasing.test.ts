import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAN_DEFINITIONS } from '../../src/domain/archive/loan-definitions.ts';
import { unitCalendar } from '../../src/domain/chasing/holidays.ts';
import { defaultChasingSettings } from '../../src/domain/chasing/settings.ts';
import { SUPPLY_DEFINITION_ID, SUPPLY_STEP_IDS } from '../../src/domain/supply/definition.ts';
import { weekdayCalendar } from '../../src/domain/workflow/index.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { instanceFromRow } from '../../src/features/workflow/instance-row.ts';
import { seedDemoData } from '../../src/playground/demo-data.ts';
import { PLAYGROUND_TEAM_ID } from '../../src/playground/start.ts';
import { createTestDatabase, databaseKinds, silentLogger } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { type playgroundClient, startTestPlayground, type TestPlayground } from '../support/playground.ts';
import { exampleBotServiceAt, loadExampleOrg } from '../support/workflow.ts';

// The playground's demo items (approvals and documents, supply requests, archive loans) are
// started through the bot's own workflow service on a clock set in the past: the chasing hook
// writes their reminder rows, deadlines are counted on the unit's calendar (holidays and 调休), and
// the page's clock control (+1 工作日) chases them as it chases items made by clicks.

/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);

const LIN_FENG = 'U0EXAMPLE16'; // rural-water head: the demo 发文's countersigner
const OVERDUE_DEMO = '关于2027年度防汛物资采购的请示';
const COUNTERSIGN_DEMO = '关于做好2027年度水利工程安全度汛工作的通知';
const STEP_KINDS = ['before', 'due', 'overdue'];

describe.each(databaseKinds)('the playground’s demo items, chased as the bot’s own, on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;
  // Tuesday 1 December 2026, 10:30 in the unit's zone.
  const clock = new FakeClock(local('2026-12-01T10:30:00'));

  beforeAll(async () => {
    running = await startTestPlayground(kind, { demoData: true, clock });
    ({ pg } = running);
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
  });

  const prisma = () => running.playground.bot.db.prisma;
  const stepReminders = (instanceId: string) =>
    prisma().reminder.findMany({ where: { instanceId, kind: { in: STEP_KINDS } } });

  it('writes reminder rows for the demo approvals, supply requests and archive loans', async () => {
    const overdue = await prisma().workflowInstance.findFirstOrThrow({ where: { title: OVERDUE_DEMO } });
    expect((await stepReminders(overdue.id)).map((r) => r.personId)).toContain('liu-yang');
    const supplies = await prisma().workflowInstance.findMany({
      where: { definitionId: SUPPLY_DEFINITION_ID },
    });
    expect(supplies).toHaveLength(2);
    for (const request of supplies) {
      const rows = await stepReminders(request.id);
      expect(rows.filter((r) => r.status === 'pending').map((r) => r.personId)).toEqual(
        expect.arrayContaining(request.waitingOn),
      );
    }
    const loans = await prisma().workflowInstance.findMany({
      where: { definitionId: { in: LOAN_DEFINITIONS.map((d) => d.id) } },
    });
    expect(loans).toHaveLength(3);
    for (const loan of loans) expect(await stepReminders(loan.id)).not.toHaveLength(0);
    // The loan waiting on 唐宁's department head is chased at his step.
    const asked = loans.find((l) => l.status === 'running' && l.waitingOn.includes('lin-feng'));
    expect(asked).toBeDefined();
    const rows = await stepReminders(asked?.id ?? '');
    expect(rows.some((r) => r.personId === 'lin-feng' && r.status === 'pending')).toBe(true);
  });

  it('sends a demo document’s reminder when the clock control moves a working day on', async () => {
    const item = await prisma().workflowInstance.findFirstOrThrow({ where: { title: COUNTERSIGN_DEMO } });
    expect(item).toMatchObject({ urgency: 'urgent', waitingOn: ['lin-feng'] });
    // Due on Wednesday: 加急, so reminded on Tuesday morning (sent at the start) and Wednesday's.
    const wednesday = await prisma().reminder.findFirstOrThrow({
      where: {
        instanceId: item.id,
        kind: 'before',
        personId: 'lin-feng',
        dueAt: local('2026-12-02T08:30:00'),
      },
    });
    expect(wednesday.status).toBe('pending');
    const reminded = (s: Awaited<ReturnType<typeof pg.state>>) =>
      pg
        .dm(s)
        .messages.filter(
          (m) => m.from === 'bot' && m.text.startsWith('⏰ 提醒：') && m.text.includes(COUNTERSIGN_DEMO),
        );
    await pg.waitFor(LIN_FENG, (s) => reminded(s).length === 1, 'Tuesday’s reminder');

    const moved = await pg.post('/api/clock', { move: 'workday' });
    expect(moved.body).toMatchObject({ ok: true, local: '2026-12-02 周三 10:30' });
    expect(await prisma().reminder.findUniqueOrThrow({ where: { id: wednesday.id } })).toMatchObject({
      status: 'sent',
    });
    await pg.waitFor(LIN_FENG, (s) => reminded(s).length === 2, 'Wednesday’s reminder');
  });
});

describe.each(databaseKinds)('the playground’s demo deadlines on %s', (kind) => {
  it('counts the demo approvals’ and supply requests’ deadlines on the unit calendar (国庆, 调休)', async () => {
    const t = await createTestDatabase(kind);
    try {
      await loadExampleOrg(t);
      // Friday 9 October 2026, 10:30: 1–7 October off, Saturday the 10th worked instead.
      const now = local('2026-10-09T10:30:00');
      await seedDemoData({
        db: t.db,
        logger: silentLogger,
        workspaceId: PLAYGROUND_TEAM_ID,
        timeZone: 'Asia/Shanghai',
        now,
        serviceAt: await exampleBotServiceAt(t),
      });
      const unit = unitCalendar('Asia/Shanghai', defaultChasingSettings().calendar);
      const weekdays = weekdayCalendar('Asia/Shanghai');
      const activeStep = (instance: WorkflowInstance) => {
        const step = instance.steps[instance.currentStep];
        if (!step?.activatedAt || !step.deadline || !step.deadlineWorkingDays) throw new Error('no deadline');
        return { ...step, activatedAt: new Date(step.activatedAt), days: step.deadlineWorkingDays };
      };
      const checked = [
        // Started today: due after the Saturday worked instead.
        await t.db.prisma.workflowInstance.findFirstOrThrow({
          where: { title: '关于农村饮水安全巩固提升工程验收情况的报告' },
        }),
        // At the office since the 6th (a holiday): due on the first working days after it.
        ...(await t.db.prisma.workflowInstance.findMany({ where: { definitionId: SUPPLY_DEFINITION_ID } })),
      ].map(instanceFromRow);
      expect(checked).toHaveLength(3);
      expect(checked.map((i) => i.steps[i.currentStep]?.definitionStepId)).toContain(
        SUPPLY_STEP_IDS.officeReview,
      );
      for (const instance of checked) {
        const step = activeStep(instance);
        const onUnit = unit.addWorkingDays(step.activatedAt, step.days).toISOString();
        // The plain weekday count would differ here: the test tells the calendars apart.
        expect(weekdays.addWorkingDays(step.activatedAt, step.days).toISOString()).not.toBe(onUnit);
        expect(step.deadline).toBe(onUnit);
      }
    } finally {
      await t.cleanup();
    }
  }, 60_000);
});
