import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { unitCalendar } from '../../src/domain/chasing/holidays.ts';
import { defaultChasingSettings, type StoredChasingSettings } from '../../src/domain/chasing/settings.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import type { Urgency, WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { CHASE_NUDGE_ACTION } from '../../src/features/chasing/chase-buttons.ts';
import { CHASE_OFFER_KIND } from '../../src/features/chasing/chase-offer.ts';
import { chasingEffectsHook } from '../../src/features/chasing/effects-hook.ts';
import {
  generateDigests,
  generateLoanReminders,
  generateOwedReminders,
} from '../../src/features/chasing/generate.ts';
import {
  chaseLiveCardExtras,
  MANUAL_CHASE_INTERVAL_MS,
  manualChase,
} from '../../src/features/chasing/manual-chase.ts';
import { CHASE_OUTBOX_KINDS, runDueReminders } from '../../src/features/chasing/run-reminders.ts';
import { upcomingReminders } from '../../src/features/chasing/upcoming.ts';
import { createWorkflowService, type WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { loadDirectorySnapshot } from '../../src/org/directory-snapshot.ts';
import { isAppError } from '../../src/shared/errors.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { applyClicks, EXAMPLE, loadExampleOrg } from '../support/workflow.ts';

const TEAM = 'T-CHASE';
const calendar = unitCalendar('Asia/Shanghai', defaultChasingSettings().calendar);
/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);

describe.each(databaseKinds)('chasing (催办) on %s', (kind) => {
  let t: TestDatabase;
  let clock: FakeClock;
  let settings: StoredChasingSettings;
  let service: WorkflowService;
  const deps = () => ({ prisma: t.db.prisma, calendar, settings });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
  });
  afterAll(async () => {
    await t.cleanup();
  });
  beforeEach(async () => {
    await t.db.prisma.$executeRawUnsafe('DELETE FROM reminder');
    await t.db.prisma.$executeRawUnsafe('DELETE FROM outbox_message');
    await t.db.prisma.$executeRawUnsafe('DELETE FROM manual_chase');
    // Each test's items must not wait on anyone in the next test's digest.
    await t.db.prisma.$executeRawUnsafe(
      `UPDATE workflow_instance SET status = 'cancelled', waiting_on = '{}'`,
    );
    clock = new FakeClock(local('2026-12-01T09:00:00'));
    settings = defaultChasingSettings();
    service = createWorkflowService({
      prisma: t.db.prisma,
      clock,
      calendar,
      logger: silentLogger,
      definitions: new Map([[GENERIC_APPROVAL.id, GENERIC_APPROVAL]]),
      loadDirectory: loadDirectorySnapshot,
      // A getter: a test may change the rules after the service is built.
      effectsHook: chasingEffectsHook({
        calendar,
        get settings() {
          return settings;
        },
      }),
    });
  });

  const start = (urgency: Urgency = 'urgent', title = '关于购置防汛物资的请示') =>
    service.start({
      definitionId: GENERIC_APPROVAL.id,
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: TEAM,
      title,
      secrecy: 'internal',
      urgency,
    });

  /** The step's deadline reminders of `instance` (not its 催一下 redraw). */
  const rowsOf = (instance: WorkflowInstance) =>
    t.db.prisma.reminder.findMany({
      where: { instanceId: instance.id, kind: { not: CHASE_OFFER_KIND } },
      orderBy: [{ dueAt: 'asc' }, { key: 'asc' }],
    });
  const reminds = async () =>
    (
      await t.db.prisma.outboxMessage.findMany({
        where: { kind: CHASE_OUTBOX_KINDS.remind },
        orderBy: { id: 'asc' },
      })
    ).map((m) => m.payload as Record<string, unknown>);

  it('plans before, due and the first overdue reminder when a step gets its deadline', async () => {
    const item = await start();
    const rows = await rowsOf(item);
    // dept_review: 2 working days from Tue 1 Dec → Thu 3 Dec 18:00; urgent: also the day before.
    expect(rows.map((r) => [r.kind, r.personId, r.dueAt.toISOString(), r.status])).toEqual([
      ['before', EXAMPLE.deptHead, local('2026-12-02T08:30:00').toISOString(), 'pending'],
      ['before', EXAMPLE.deptHead, local('2026-12-03T08:30:00').toISOString(), 'pending'],
      ['due', EXAMPLE.deptHead, local('2026-12-03T18:00:00').toISOString(), 'pending'],
      ['overdue', EXAMPLE.deptHead, local('2026-12-04T08:30:00').toISOString(), 'pending'],
    ]);
  });

  it('sends a reminder once when the bot was down over its time, and not again on the next wake', async () => {
    const item = await start();
    clock.set(local('2026-12-02T11:00:00'));
    const first = await runDueReminders(deps(), clock.now());
    const again = await runDueReminders(deps(), clock.now());
    expect(first.sent).toBe(1);
    expect(again.claimed).toBe(0);
    expect(await reminds()).toEqual([
      expect.objectContaining({ personId: EXAMPLE.deptHead, instanceId: item.id, kind: 'before' }),
    ]);
  });

  it('keeps quiet outside office hours: a reminder due in the evening waits for the next working morning', async () => {
    await start();
    clock.set(local('2026-12-02T20:00:00'));
    expect((await runDueReminders(deps(), clock.now())).claimed).toBe(0);
    clock.set(local('2026-12-03T08:30:00'));
    const morning = await runDueReminders(deps(), clock.now());
    // Wednesday's before is stale by Thursday morning: only Thursday's goes (and the 催一下
    // redraw of Tuesday afternoon finds no card to redraw).
    expect(morning).toMatchObject({ claimed: 3, sent: 1, skipped: 2 });
    expect((await reminds()).map((p) => p.kind)).toEqual(['before']);
  });

  it('sends no reminder for an item finished meanwhile', async () => {
    const item = await start();
    await applyClicks(service, TEAM)(item, EXAMPLE.drafter, { type: 'cancel' });
    const after = await rowsOf(item);
    expect(after.every((r) => r.status === 'cancelled')).toBe(true);
    clock.set(local('2026-12-02T09:00:00'));
    expect((await runDueReminders(deps(), clock.now())).sent).toBe(0);
    expect(await reminds()).toEqual([]);
  });

  it('skips a claimed reminder when the item no longer waits on that person', async () => {
    const item = await start();
    // Changed behind the hook's back: the re-check at claim time still catches it.
    await t.db.prisma.workflowInstance.update({ where: { id: item.id }, data: { waitingOn: [] } });
    clock.set(local('2026-12-02T09:00:00'));
    // The before, and the 催一下 redraw, which finds no card to redraw.
    expect(await runDueReminders(deps(), clock.now())).toMatchObject({ claimed: 2, sent: 0, skipped: 2 });
    expect((await rowsOf(item)).find((r) => r.kind === 'before')?.status).toBe('skipped');
  });

  it('moves the reminders when the deadline changes, and cancels the old ones', async () => {
    const item = await start();
    const hook = chasingEffectsHook({ calendar, settings });
    const moved = local('2026-12-08T18:00:00');
    await t.db.prisma.$transaction((tx) =>
      hook(tx, {
        before: item,
        next: item,
        effects: [
          {
            type: 'deadline_set',
            stepKey: 'dept_review',
            personIds: [EXAMPLE.deptHead],
            deadline: moved.toISOString(),
          },
        ],
        now: clock.now(),
      }),
    );
    const rows = await rowsOf(item);
    expect(rows.filter((r) => r.status === 'pending').map((r) => [r.kind, r.dueAt.toISOString()])).toEqual([
      ['before', local('2026-12-07T08:30:00').toISOString()],
      ['before', local('2026-12-08T08:30:00').toISOString()],
      ['due', moved.toISOString()],
      ['overdue', local('2026-12-09T08:30:00').toISOString()],
    ]);
    expect(rows.filter((r) => r.status === 'cancelled')).toHaveLength(4);
  });

  it('keeps the overdue chain and sends nothing twice when the same deadline is set again', async () => {
    const item = await start();
    clock.set(local('2026-12-04T09:00:00'));
    await runDueReminders(deps(), clock.now());
    const before = (await rowsOf(item)).map((r) => [r.key, r.status]);
    const hook = chasingEffectsHook({ calendar, settings });
    const deadline = local('2026-12-03T18:00:00').toISOString();
    await t.db.prisma.$transaction((tx) =>
      hook(tx, {
        before: item,
        next: item,
        effects: [{ type: 'deadline_set', stepKey: 'dept_review', personIds: [EXAMPLE.deptHead], deadline }],
        now: clock.now(),
      }),
    );
    expect((await rowsOf(item)).map((r) => [r.key, r.status])).toEqual(before);
    expect((await rowsOf(item)).filter((r) => r.status === 'pending').map((r) => r.kind)).toEqual([
      'overdue',
    ]);
  });

  it('re-plans for the new person when a step is transferred', async () => {
    const item = await start();
    await applyClicks(service, TEAM)(item, EXAMPLE.deptHead, {
      type: 'transfer',
      toPersonId: 'huang-lei',
      comment: '请黄磊办理',
    });
    const rows = await rowsOf(item);
    expect(rows.filter((r) => r.status === 'pending').every((r) => r.personId === 'huang-lei')).toBe(true);
    expect(rows.filter((r) => r.personId === EXAMPLE.deptHead).every((r) => r.status === 'cancelled')).toBe(
      true,
    );
  });

  it('collapses missed overdue slots into one, then escalates (督办) to the supervising leader and the office head', async () => {
    const item = await start();
    // Down from Thursday morning to Tuesday 8 Dec, 10:00: 3 working days late.
    clock.set(local('2026-12-08T10:00:00'));
    const run = await runDueReminders(deps(), clock.now());
    const sent = await reminds();
    expect(sent.filter((p) => p.personId === EXAMPLE.deptHead).map((p) => p.kind)).toEqual(['overdue']);
    expect(
      sent
        .filter((p) => p.kind === 'escalation')
        .map((p) => p.personId)
        .sort(),
    ).toEqual([EXAMPLE.officeHead, EXAMPLE.supervisingLeader].sort());
    expect(run.skipped).toBe(4); // two befores and the due of last week, a 催一下 redraw with no card
    const next = (await rowsOf(item)).filter((r) => r.status === 'pending');
    expect(next.map((r) => [r.kind, r.dueAt.toISOString(), (r.payload as { n?: number }).n])).toEqual([
      ['overdue', local('2026-12-08T14:00:00').toISOString(), 2],
    ]);
    // The escalation goes once per step deadline, however long it stays late.
    clock.set(local('2026-12-08T14:00:00'));
    await runDueReminders(deps(), clock.now());
    expect((await reminds()).filter((p) => p.kind === 'escalation')).toHaveLength(2);
  });

  it('escalates after N overdue reminders as the flow configures it, folding 平件 into the digest', async () => {
    settings.chasing.flows[GENERIC_APPROVAL.id] = { escalateAfterOverdue: 2, escalateAfterDays: 30 };
    await start('normal');
    clock.set(local('2026-12-04T08:30:00'));
    await runDueReminders(deps(), clock.now());
    expect(await reminds()).toEqual([]); // the first overdue of a 平件 is folded into the digest
    clock.set(local('2026-12-07T08:30:00'));
    await runDueReminders(deps(), clock.now());
    expect((await reminds()).map((p) => [p.kind, p.personId]).sort()).toEqual(
      [
        ['escalation', EXAMPLE.officeHead],
        ['escalation', EXAMPLE.supervisingLeader],
      ].sort(),
    );
  });

  it('gives each person one digest per working morning', async () => {
    await start('normal', '一');
    await start('urgent', '二');
    clock.set(local('2026-12-02T07:00:00'));
    expect(await generateDigests(deps(), clock.now())).toBe(0);
    clock.set(local('2026-12-02T08:31:00'));
    await generateDigests(deps(), clock.now());
    await generateDigests(deps(), clock.now());
    await runDueReminders(deps(), clock.now());
    clock.set(local('2026-12-02T09:30:00'));
    await generateDigests(deps(), clock.now());
    await runDueReminders(deps(), clock.now());
    const digests = await t.db.prisma.outboxMessage.findMany({ where: { kind: CHASE_OUTBOX_KINDS.digest } });
    expect(digests.map((d) => d.payload)).toEqual([{ personId: EXAMPLE.deptHead, date: '2026-12-02' }]);
    // Saturday: no digest.
    clock.set(local('2026-12-05T09:00:00'));
    expect(await generateDigests(deps(), clock.now())).toBe(0);
  });

  it('offers 催一下 only once the step has waited half a working day, and refuses a press before with the time', async () => {
    const item = await start(); // Tuesday 09:00, due Thursday 18:00
    const live = chaseLiveCardExtras({ clock, calendar, settings });
    const drafter = { personId: EXAMPLE.drafter, roles: [] };
    const chase = () =>
      manualChase(
        { prisma: t.db.prisma, clock, calendar, settings },
        { instanceId: item.id, workspaceId: TEAM, chaserId: EXAMPLE.drafter },
      );
    expect(await live(item, drafter, 'zh', t.db.prisma)).toEqual([]);
    clock.set(local('2026-12-01T13:44:00'));
    expect(await live(item, drafter, 'zh', t.db.prisma)).toEqual([]);
    const early = await chase().catch((e: unknown) => e);
    expect(isAppError(early) && [early.code, early.params.time]).toEqual(['chase_not_yet', '13:45']);
    expect(await t.db.prisma.manualChase.count()).toBe(0);
    expect(await reminds()).toEqual([]);

    clock.set(local('2026-12-01T13:45:00'));
    expect(await live(item, drafter, 'zh', t.db.prisma)).toEqual([
      { key: CHASE_NUDGE_ACTION, label: '催一下', style: null },
    ]);
    expect(await chase()).toEqual({ targetIds: [EXAMPLE.deptHead] });
  });

  it('offers 催一下 sooner when the deadline is within the wait', async () => {
    // A wait of 1.5 working days from Tuesday 09:00 ends Wednesday 13:45; the deadline (Thursday
    // 18:00) is 1.5 working days away from Wednesday 13:15 on, so the button comes then.
    settings.chasing.manualChaseAfterDays = 1.5;
    const item = await start();
    const live = chaseLiveCardExtras({ clock, calendar, settings });
    const drafter = { personId: EXAMPLE.drafter, roles: [] };
    clock.set(local('2026-12-02T13:14:00'));
    expect(await live(item, drafter, 'zh', t.db.prisma)).toEqual([]);
    clock.set(local('2026-12-02T13:15:00'));
    expect(await live(item, drafter, 'zh', t.db.prisma)).toHaveLength(1);
  });

  it('redraws the chasers’ copies of the card once when 催一下 becomes available, and not for a step that moved on', async () => {
    const item = await start('urgent', '关于购置防汛物资的请示');
    const moved = await start('urgent', '关于维修办公楼屋顶的请示');
    const copy = (instanceId: string, recipient: string) =>
      t.db.prisma.cardMessage.create({
        data: {
          instanceId,
          recipient,
          messageRef: { channel: `D-${recipient}`, ts: `1.${recipient}` },
          version: 1,
          updatedAt: clock.now(),
        },
      });
    // The requester, the reviewer it waits on, a secretary and someone who may not chase.
    for (const person of [EXAMPLE.drafter, EXAMPLE.deptHead, 'zhou-jing', EXAMPLE.outsider]) {
      await copy(item.id, person);
    }
    await copy(moved.id, EXAMPLE.drafter);
    const offers = () =>
      t.db.prisma.reminder.findMany({ where: { kind: CHASE_OFFER_KIND }, orderBy: { dueAt: 'asc' } });
    expect((await offers()).map((r) => [r.instanceId, r.dueAt, r.status])).toEqual([
      [item.id, local('2026-12-01T13:45:00'), 'pending'],
      [moved.id, local('2026-12-01T13:45:00'), 'pending'],
    ]);
    // The second item moves on at 10:00: its next step waits from then, until 14:45.
    clock.set(local('2026-12-01T10:00:00'));
    await applyClicks(service, TEAM)(moved, EXAMPLE.deptHead, { type: 'approve', comment: '同意' });
    // Each redraw is recorded and the row marked delivered, as the dispatcher would (a pending sync
    // of a copy takes a later redraw in: see enqueueOutbox).
    const seen: Array<{ instanceId: string; personId: string }> = [];
    const redraws = async () => {
      const rows = await t.db.prisma.outboxMessage.findMany({
        where: { status: 'pending', kind: 'card.sync', payload: { path: ['refresh'], equals: true } },
        orderBy: { id: 'asc' },
      });
      seen.push(...rows.map((m) => m.payload as { instanceId: string; personId: string }));
      await t.db.prisma.outboxMessage.updateMany({ where: { status: 'pending' }, data: { status: 'sent' } });
      return [...seen];
    };

    clock.set(local('2026-12-01T13:44:00'));
    await runDueReminders(deps(), clock.now());
    expect(await redraws()).toEqual([]);
    clock.set(local('2026-12-01T13:45:00'));
    // Two schedulers at once (a second replica, or a restart mid-wake): each row is claimed once.
    await Promise.all([runDueReminders(deps(), clock.now()), runDueReminders(deps(), clock.now())]);
    await runDueReminders(deps(), clock.now());
    expect(await redraws()).toEqual([
      { instanceId: item.id, personId: EXAMPLE.drafter, refresh: true },
      { instanceId: item.id, personId: 'zhou-jing', refresh: true },
    ]);
    expect((await offers()).map((r) => [r.instanceId, r.status])).toEqual([
      [item.id, 'sent'],
      [moved.id, 'skipped'],
      [moved.id, 'pending'],
    ]);
    clock.set(local('2026-12-01T14:45:00'));
    await runDueReminders(deps(), clock.now());
    expect((await redraws()).slice(2)).toEqual([
      { instanceId: moved.id, personId: EXAMPLE.drafter, refresh: true },
    ]);
  });

  it('lists the pending reminders soonest first, with whom they go to and when they will really go', async () => {
    const item = await start('urgent', '关于购置防汛物资的请示');
    clock.set(local('2026-12-01T20:00:00'));
    const upcoming = await upcomingReminders(deps(), { now: clock.now(), limit: 3 });
    expect(upcoming.total).toBe(5);
    expect(upcoming.rows.map((r) => [r.kind, r.personId, r.sendAt, r.item?.title, r.folded])).toEqual([
      // Due at 13:45 but not yet claimed at 20:00: it goes at the next office start.
      [CHASE_OFFER_KIND, EXAMPLE.drafter, local('2026-12-02T08:30:00'), item.title, false],
      ['before', EXAMPLE.deptHead, local('2026-12-02T08:30:00'), item.title, false],
      ['before', EXAMPLE.deptHead, local('2026-12-03T08:30:00'), item.title, false],
    ]);
    // A 平件's reminders are folded into the morning digest.
    await start('normal', '关于报送月度统计的通知');
    const normal = await upcomingReminders(deps(), { now: clock.now(), limit: 20 });
    expect(
      normal.rows.filter((r) => r.item?.title === '关于报送月度统计的通知').map((r) => [r.kind, r.folded]),
    ).toEqual([
      [CHASE_OFFER_KIND, false],
      ['before', true],
      ['due', true],
      ['overdue', true],
    ]);
  });

  it('limits 催一下 to once per 4 hours per item and chaser, and says when it is next allowed', async () => {
    settings.chasing.manualChaseAfterDays = 0; // offered at once: this is about the 4-hour window
    const item = await start();
    const chase = (chaserId: string) =>
      manualChase(
        { prisma: t.db.prisma, clock, calendar, settings },
        { instanceId: item.id, workspaceId: TEAM, chaserId },
      );
    expect(await chase(EXAMPLE.drafter)).toEqual({ targetIds: [EXAMPLE.deptHead] });
    const refused = await chase(EXAMPLE.drafter).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('chase_too_soon');
    expect(isAppError(refused) && refused.params.time).toBe('13:00');
    const outsider = await chase(EXAMPLE.outsider).catch((e: unknown) => e);
    expect(isAppError(outsider) && outsider.code).toBe('chase_not_allowed');
    clock.advance(MANUAL_CHASE_INTERVAL_MS);
    await chase(EXAMPLE.drafter);
    expect((await reminds()).map((p) => [p.kind, p.personId, p.byPersonId])).toEqual([
      ['nudge', EXAMPLE.deptHead, EXAMPLE.drafter],
      ['nudge', EXAMPLE.deptHead, EXAMPLE.drafter],
    ]);
  });

  it('redraws the copy of the card a chaser holds after 催一下, and posts no card to one who holds none', async () => {
    settings.chasing.manualChaseAfterDays = 0; // offered at once: this is about the 4-hour window
    const item = await start();
    await t.db.prisma.cardMessage.create({
      data: {
        instanceId: item.id,
        recipient: EXAMPLE.drafter,
        messageRef: { channel: 'D-DRAFTER', ts: '1.0001' },
        version: item.version,
        updatedAt: clock.now(),
      },
    });
    // The copy above was posted: its row went out (a pending one would take the redraw in).
    await t.db.prisma.outboxMessage.updateMany({ where: { status: 'pending' }, data: { status: 'sent' } });
    const before = (await t.db.prisma.outboxMessage.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const chase = (chaserId: string) =>
      manualChase(
        { prisma: t.db.prisma, clock, calendar, settings },
        { instanceId: item.id, workspaceId: TEAM, chaserId },
      );
    await chase(EXAMPLE.drafter);
    await chase('zhou-jing'); // a secretary, with no copy of this card
    const cards = await t.db.prisma.outboxMessage.findMany({
      where: { id: { gt: before }, kind: 'card.sync' },
      select: { orderingKey: true, payload: true },
    });
    expect(cards).toEqual([
      {
        orderingKey: `card:${item.id}:${EXAMPLE.drafter}`,
        payload: { instanceId: item.id, personId: EXAMPLE.drafter, refresh: true },
      },
    ]);
  });

  it('labels the 催一下 button with when the viewer may chase again, from their own last press', async () => {
    settings.chasing.manualChaseAfterDays = 0; // offered at once: this is about the 4-hour window
    const item = await start();
    const live = chaseLiveCardExtras({ clock, calendar, settings });
    const drafter = { personId: EXAMPLE.drafter, roles: [] };
    const secretary = { personId: 'zhou-jing', roles: ['secretary'] };
    expect(await live(item, drafter, 'zh', t.db.prisma)).toEqual([
      { key: CHASE_NUDGE_ACTION, label: '催一下', style: null },
    ]);
    await manualChase(
      { prisma: t.db.prisma, clock, calendar, settings },
      { instanceId: item.id, workspaceId: TEAM, chaserId: EXAMPLE.drafter },
    );
    clock.advance(30 * 60_000);
    expect(await live(item, drafter, 'zh', t.db.prisma)).toEqual([
      { key: CHASE_NUDGE_ACTION, label: '催一下（13:00 后可再催）', style: null },
    ]);
    expect((await live(item, drafter, 'en', t.db.prisma))[0]?.label).toBe('Chase (again after 13:00)');
    // Another chaser's window is their own.
    expect((await live(item, secretary, 'zh', t.db.prisma))[0]?.label).toBe('催一下');
    // Nobody else gets the button.
    expect(await live(item, { personId: EXAMPLE.outsider, roles: [] }, 'zh', t.db.prisma)).toEqual([]);
    clock.advance(MANUAL_CHASE_INTERVAL_MS - 30 * 60_000);
    expect((await live(item, drafter, 'zh', t.db.prisma))[0]?.label).toBe('催一下');
  });

  it('applies two 催一下 presses at the same moment once', async () => {
    settings.chasing.manualChaseAfterDays = 0; // offered at once: this is about the 4-hour window
    const item = await start();
    const chase = () =>
      manualChase(
        { prisma: t.db.prisma, clock, calendar, settings },
        { instanceId: item.id, workspaceId: TEAM, chaserId: 'zhou-jing' },
      );
    const outcomes = await Promise.allSettled([chase(), chase()]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(isAppError(rejected.reason) && rejected.reason.code).toBe('chase_too_soon');
    expect(await reminds()).toHaveLength(1);
  });

  it('answers a press delivered again with the people it nudged, and nudges nobody again', async () => {
    settings.chasing.manualChaseAfterDays = 0;
    const item = await start();
    const press = (pressKey: string) =>
      manualChase(
        { prisma: t.db.prisma, clock, calendar, settings },
        { instanceId: item.id, workspaceId: TEAM, chaserId: EXAMPLE.drafter, pressKey },
      );
    expect(await press('dingtalk:frame-1')).toEqual({ targetIds: [EXAMPLE.deptHead] });
    // The same frame again, after a restart (nothing in memory remembers it): the same answer.
    expect(await press('dingtalk:frame-1')).toEqual({ targetIds: [EXAMPLE.deptHead] });
    expect(await reminds()).toHaveLength(1);
    expect(await t.db.prisma.manualChase.count()).toBe(1);
    // Another press within the window is another request: refused with the time.
    const again = await press('dingtalk:frame-2').catch((e: unknown) => e);
    expect(isAppError(again) && again.code).toBe('chase_too_soon');
  });

  it('chases a borrowed record before and after its due date, escalating to the archivist, and owed supplies weekly', async () => {
    const item = await start('normal', '借阅审批');
    const entry = await t.db.prisma.archiveEntry.create({
      data: {
        archiveNo: `WS-2026-D30-${kind}`,
        title: '2025年度防汛工作总结',
        year: 2026,
        category: '文书',
        retention: '30y',
        secrecy: 'internal',
        terms: [],
        source: 'manual',
        createdAt: clock.now(),
      },
    });
    const loan = await t.db.prisma.archiveLoan.create({
      data: {
        entryId: entry.id,
        instanceId: item.id,
        kind: 'borrow',
        borrowerId: EXAMPLE.drafter,
        purpose: '查阅',
        days: 3,
        status: 'lent',
        lentAt: clock.now(),
        dueAt: local('2026-12-03T18:00:00'),
        createdAt: clock.now(),
        updatedAt: clock.now(),
      },
    });
    const sentTexts = async () =>
      (
        await t.db.prisma.outboxMessage.findMany({
          where: { kind: 'person.message' },
          orderBy: { id: 'asc' },
        })
      ).map((m) => {
        const p = m.payload as { personId: string; key: string };
        return [p.key, p.personId];
      });
    const wake = async () => {
      await generateLoanReminders(deps(), clock.now());
      await generateOwedReminders(deps(), clock.now());
      await runDueReminders(deps(), clock.now());
    };
    clock.set(local('2026-12-02T09:00:00'));
    await wake();
    expect(await sentTexts()).toEqual([]);
    clock.set(local('2026-12-03T09:00:00'));
    await wake();
    await wake();
    expect(await sentTexts()).toEqual([['chase.loan_before', EXAMPLE.drafter]]);
    // Three working days late on Tue 8 Dec: the borrower each morning, the archivist once.
    for (const day of ['2026-12-04', '2026-12-07', '2026-12-08']) {
      clock.set(local(`${day}T09:00:00`));
      await wake();
    }
    expect(await sentTexts()).toEqual([
      ['chase.loan_before', EXAMPLE.drafter],
      ['chase.loan_overdue', EXAMPLE.drafter],
      ['chase.loan_overdue', EXAMPLE.drafter],
      ['chase.loan_overdue', EXAMPLE.drafter],
      ['chase.loan_escalation', 'feng-xiaoyu'],
    ]);
    // Returned: nothing more.
    await t.db.prisma.archiveLoan.update({ where: { id: loan.id }, data: { status: 'returned' } });
    clock.set(local('2026-12-09T09:00:00'));
    await wake();
    expect(await sentTexts()).toHaveLength(5);

    // Owed supplies: one reminder a week to the keeper.
    const supply = await t.db.prisma.supplyItem.create({
      data: {
        name: `A4纸-${kind}`,
        unit: '包',
        stock: 0,
        unitPriceFen: 2500,
        lowStockThreshold: 1,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      },
    });
    await t.db.prisma.supplyIssueLine.create({
      data: {
        instanceId: item.id,
        itemId: supply.id,
        requested: 5,
        issued: 3,
        owed: 2,
        issuedById: 'zheng-tao',
        issuedAt: clock.now(),
      },
    });
    await wake();
    clock.set(local('2026-12-10T09:00:00'));
    await wake();
    clock.set(local('2026-12-14T09:00:00'));
    await wake();
    const owed = (await sentTexts()).filter(([key]) => key === 'chase.owed');
    expect(owed).toEqual([
      ['chase.owed', 'zheng-tao'],
      ['chase.owed', 'zheng-tao'],
    ]);
  });

  it.runIf(kind === 'postgres')(
    'sends each reminder once with two schedulers on the same database',
    async () => {
      const items = await Promise.all(Array.from({ length: 12 }, (_, i) => start('urgent', `事项${i}`)));
      const second = await openDatabase({
        kind: 'postgres',
        url: t.url as string,
        poolMax: 5,
        connectTimeoutMs: 5000,
      });
      try {
        clock.set(local('2026-12-02T09:00:00'));
        const [a, b] = await Promise.all([
          runDueReminders(deps(), clock.now()),
          runDueReminders({ prisma: second.prisma, calendar, settings }, clock.now()),
        ]);
        expect(a.sent + b.sent).toBe(items.length);
        const sent = await reminds();
        expect(sent).toHaveLength(items.length);
        expect(new Set(sent.map((p) => p.instanceId)).size).toBe(items.length);
      } finally {
        await second.close();
      }
    },
  );
});
