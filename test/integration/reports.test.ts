import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  REPORT_CHART_KIND,
  REPORT_POST_KIND,
  registerReportKinds,
} from '../../src/chat/slack/reports/delivery.ts';
import { createSlackDelivery } from '../../src/chat/slack/slack-delivery.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import type { SecrecyLevel } from '../../src/domain/org.ts';
import { periodOfLabel } from '../../src/domain/reports/period.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { buildReport, type Report } from '../../src/features/reports/queries.ts';
import { reportOutboxRows } from '../../src/features/reports/report-rows.ts';
import { weeklyReportKey, weeklyReportTask } from '../../src/features/reports/weekly-task.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import type { ClaimedOutboxMessage } from '../../src/outbox/outbox-message.ts';
import type { Clock } from '../../src/shared/clock.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';
import { loadExampleOrg, testWorkflowService } from '../support/workflow.ts';

// The reports (定期通报) on the database: the figures per department of a fixture with items
// finished on time, finished late, still overdue, finished the week before and cancelled, at
// fixed times; the weekly task that claims its reminder row and writes the post once however
// often and however concurrently it runs, and not before its time; and the two outbox kinds.

const TEAM = 'T0OFFICE';
const ZONE = 'Asia/Shanghai';
/** Monday 2026-11-30 09:00 in Shanghai: the weekly report of 2026-W48 is due from then. */
const REPORT_TIME = new Date('2026-11-30T01:00:00Z');
const W48 = periodOfLabel('2026-W48', ZONE) as NonNullable<ReturnType<typeof periodOfLabel>>;
const CLASSIFIED_REF = '示水密〔2026〕7号';

/** A clock the fixture sets to each moment of the story. */
function settableClock(start: string): Clock & { at(iso: string): void; tick(): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    at(iso) {
      now = new Date(iso).getTime();
    },
    tick() {
      now += 60_000;
    },
  };
}

describe.each(databaseKinds)('reports on %s', (kind) => {
  let t: TestDatabase;
  let service: WorkflowService;
  const clock = settableClock('2026-11-18T02:00:00Z');
  const ids: Record<string, string> = {};

  const start = (
    name: string,
    requester: string,
    options: { secrecy?: SecrecyLevel; params?: Record<string, string> } = {},
  ) =>
    service
      .start({
        definitionId: 'generic_approval',
        requesterPersonId: requester,
        workspaceId: TEAM,
        title: options.secrecy === 'secret' ? null : `关于${name}的请示`,
        reference: options.secrecy === 'secret' ? CLASSIFIED_REF : null,
        secrecy: options.secrecy ?? 'internal',
        urgency: 'normal',
        ...(options.params ? { params: options.params } : {}),
      })
      .then((instance) => {
        ids[name] = instance.id;
        return instance;
      });

  /** The current step's assignee approves, one minute after the last thing that happened. */
  async function approveStep(instance: WorkflowInstance): Promise<WorkflowInstance> {
    clock.tick();
    const step = instance.steps[instance.currentStep];
    const person = step?.assignments.find((a) => a.status === 'pending')?.personId;
    if (!person) throw new Error(`nobody to approve ${instance.id}`);
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: person,
      action: { type: 'approve', comment: '同意。' },
      expectedVersion: instance.version,
    });
    if (outcome.kind !== 'applied') throw new Error(`approve: ${outcome.kind}`);
    return outcome.instance;
  }
  async function approveAll(instance: WorkflowInstance): Promise<WorkflowInstance> {
    let current = instance;
    while (current.status === 'running') current = await approveStep(current);
    return current;
  }

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    service = testWorkflowService(t, clock);

    // W47 (Wednesday 2026-11-18 10:00): finished the week before; not in W48's figures.
    await approveAll(await start('上周办结', 'tang-ning'));

    // Monday 2026-11-23 09:30 (W48).
    clock.at('2026-11-23T01:30:00Z');
    const onTime = await start('按时办结', 'xu-hui');
    const late = await start('超时办结', 'xu-hui');
    await start('仍超期', 'gao-yan');
    // A lead department (主办) named on the item files it there, not under the requester's.
    const led = await start('主办科室', 'xu-hui', { params: { leadDepartment: 'rural-water' } });
    const cancelled = await start('撤销', 'xu-hui');
    clock.at('2026-11-23T01:30:00Z');
    await approveAll(onTime); // finished 01:33Z: 3 minutes
    await approveAll(led);
    const outcome = await service.click({
      instanceId: cancelled.id,
      workspaceId: TEAM,
      actorPersonId: 'xu-hui',
      action: { type: 'cancel', comment: '不再需要。' },
      expectedVersion: cancelled.version,
    });
    expect(outcome.kind).toBe('applied');

    // Tuesday 2026-11-24 10:00: a classified item (秘密), tracked by reference only.
    clock.at('2026-11-24T02:00:00Z');
    await start('密件', 'zhou-jing', { secrecy: 'secret' });

    // Thursday 2026-11-26 10:00: the first review was due Wednesday 18:00, so this one is late.
    clock.at('2026-11-26T02:00:00Z');
    await approveAll(late); // finished 02:03Z

    clock.at(REPORT_TIME.toISOString());
  }, 60_000);

  afterAll(async () => {
    await t?.cleanup();
  });

  it('counts per department: on time, late (a step after its deadline), still overdue, average hours', async () => {
    const report = await buildReport(t.db.prisma, { period: W48, now: REPORT_TIME });
    const row = (id: string) => report.departments.find((d) => d.departmentId === id);
    // 按时办结 3 minutes, 超时办结 3 days 33 minutes: (0.05 h + 72.55 h) / 2.
    expect(row('water-admin')).toMatchObject({ onTime: 1, late: 1, overdue: 0, averageHours: 36.3 });
    expect(row('construction')).toMatchObject({ onTime: 0, late: 0, overdue: 1, averageHours: null });
    expect(row('office')).toMatchObject({ onTime: 0, late: 0, overdue: 1 });
    // The lead department's item, not the W47 one (finished the week before).
    expect(row('rural-water')).toMatchObject({ onTime: 1, late: 0, overdue: 0, averageHours: 0.1 });
    // The leadership started nothing: not listed.
    expect(row('leadership')).toBeUndefined();
    expect(report.total).toEqual({ onTime: 2, late: 1, overdue: 2, averageHours: 24.2 });
  });

  it('lists the longest overdue first, a classified item by its reference only', async () => {
    const report = await buildReport(t.db.prisma, { period: W48, now: REPORT_TIME });
    expect(report.longestOverdue.map((i) => i.instanceId)).toEqual([ids.仍超期, ids.密件]);
    const [first, classified] = report.longestOverdue;
    // Due Wednesday 2026-11-25 18:00 Shanghai, reported Monday 09:00: 4 days 15 hours.
    expect(first).toMatchObject({ title: '关于仍超期的请示', classified: false, hoursOverdue: 111 });
    expect(first?.waitingOn).toEqual(['ma-qiang']);
    expect(report.people['ma-qiang']).toEqual({ name: '马强', nameEn: 'Ma Qiang' });
    expect(classified).toMatchObject({ title: null, reference: CLASSIFIED_REF, classified: true });
    expect(JSON.stringify(report)).not.toContain('密件的请示');
  });

  it('counts a still-overdue item as of the report time: not yet overdue before its deadline', async () => {
    const early = await buildReport(t.db.prisma, {
      period: W48,
      now: new Date('2026-11-25T09:59:00Z'), // Wednesday 17:59 Shanghai
    });
    expect(early.total.overdue).toBe(0);
  });

  describe('the weekly task', () => {
    const taskOn = (db: Database) =>
      weeklyReportTask({
        prisma: db.prisma,
        logger: silentLogger,
        timeZone: ZONE,
        channel: 'C0OFFICE',
        schedule: { weekday: 1, time: '09:00' },
        rowsOf: reportOutboxRows,
      });
    const reportRows = () =>
      t.db.prisma.outboxMessage.findMany({
        where: { kind: { in: [REPORT_POST_KIND, REPORT_CHART_KIND] } },
        orderBy: { id: 'asc' },
      });

    it('writes nothing before its time (Monday 08:59 Shanghai)', async () => {
      await taskOn(t.db).run(new Date('2026-11-30T00:59:00Z'));
      expect(await t.db.prisma.reminder.count({ where: { kind: 'report' } })).toBe(0);
      expect(await reportRows()).toHaveLength(0);
    });

    it('posts last week once when run twice and by two replicas at once', async () => {
      // A second replica: its own connection pool on PostgreSQL (the same database on PGlite).
      const replica = t.url
        ? await openDatabase({ kind: 'postgres', url: t.url, poolMax: 2, connectTimeoutMs: 5000 })
        : t.db;
      try {
        await Promise.all([taskOn(t.db).run(REPORT_TIME), taskOn(replica).run(REPORT_TIME)]);
        await taskOn(t.db).run(new Date(REPORT_TIME.getTime() + 60_000));
      } finally {
        if (replica !== t.db) await replica.close();
      }
      const reminders = await t.db.prisma.reminder.findMany({ where: { kind: 'report' } });
      expect(reminders).toHaveLength(1);
      expect(reminders[0]).toMatchObject({
        key: weeklyReportKey('2026-W48'),
        subject: 'unit',
        slot: '2026-W48',
        status: 'sent',
        personId: null,
      });
      expect(reminders[0]?.dueAt.toISOString()).toBe(REPORT_TIME.toISOString());
      const rows = await reportRows();
      expect(rows.map((r) => r.kind)).toEqual([REPORT_POST_KIND, REPORT_CHART_KIND]);
      expect(new Set(rows.map((r) => r.orderingKey))).toEqual(new Set(['report:C0OFFICE']));
      const payload = rows[0]?.payload as unknown as { channel: string; report: Report };
      expect(payload.channel).toBe('C0OFFICE');
      expect(payload.report.period.label).toBe('2026-W48');
      expect(payload.report.total).toEqual({ onTime: 2, late: 1, overdue: 2, averageHours: 24.2 });
    });

    it('delivers the post as Block Kit and the chart as a PNG file in the channel', async () => {
      const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
      const uploads: Buffer[] = [];
      const delivery = createSlackDelivery({
        logger: silentLogger,
        client: {
          apiCall: async (method: string, args?: Record<string, unknown>) => {
            calls.push({ method, args: args ?? {} });
            if (method === 'files.getUploadURLExternal') {
              return { ok: true, upload_url: 'https://files.example/upload/F1', file_id: 'F1' };
            }
            return { ok: true, channel: 'C0OFFICE', ts: '1.000100' };
          },
        } as never,
      });
      registerReportKinds(delivery, {
        logger: silentLogger,
        upload: async (_url, bytes) => {
          uploads.push(bytes);
          return { status: 200 };
        },
      });
      for (const row of await reportRows()) {
        const message: ClaimedOutboxMessage = {
          ...row,
          lockedUntil: new Date(),
          lockedBy: 'test',
          payload: row.payload as never,
        };
        await delivery.deliver(message);
      }
      expect(calls.map((c) => c.method)).toEqual([
        'chat.postMessage',
        'files.getUploadURLExternal',
        'files.completeUploadExternal',
      ]);
      const posted = calls[0]?.args as {
        channel: string;
        text: string;
        blocks: Array<Record<string, unknown>>;
      };
      expect(posted.channel).toBe('C0OFFICE');
      const json = JSON.stringify(posted.blocks);
      expect(json).toContain('水政水资源科');
      expect(json).toContain(`密件 ${CLASSIFIED_REF}`);
      // In the channel even 内部 titles stay out: only 公开 items are named by title there.
      expect(json).not.toContain('关于仍超期的请示');
      expect(uploads).toHaveLength(1);
      expect(uploads[0]?.subarray(0, 8)).toEqual(
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
      expect(calls[1]?.args.length).toBe(uploads[0]?.length);
      expect(calls[2]?.args).toMatchObject({ channel_id: 'C0OFFICE', files: [{ id: 'F1' }] });
    });
  });
});
