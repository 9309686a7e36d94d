// The database side of the reports (定期通报): the items finished in a period and the items overdue
// now, read with two statements that let PostgreSQL do the JSON work (the current step's deadline,
// steps finished after theirs), then aggregated by the pure src/domain/reports/figures.ts.

import type { Db } from '../../db/types.ts';
import { INSTRUCTION_PARAMS } from '../../domain/documents/incoming.ts';
import { SECRECY_LEVELS, type SecrecyLevel } from '../../domain/org.ts';
import {
  aggregateReport,
  type FinishedReportItem,
  type OverdueReportItem,
  type ReportDepartment,
  type ReportFigures,
} from '../../domain/reports/figures.ts';
import type { ReportPeriod } from '../../domain/reports/period.ts';
import type { LocalizedText, Urgency } from '../../domain/workflow/types.ts';
import { loadMeetingFigures, type MeetingFigures } from './meeting-figures.ts';

/** A person named in a report (whom an overdue item waits on), in both languages. */
export interface ReportPerson {
  name: string;
  nameEn: string | null;
}

/** A report with the names it shows: what the outbox stores and the chat layer renders. */
export interface Report extends ReportFigures {
  /** The people the longest-overdue items wait on, by person id. */
  people: Record<string, ReportPerson>;
  /** A month's meetings by host department (monthly reports with meetings or plans only). */
  meetings?: MeetingFigures[];
}

/** Statuses that end an item as handled (同意/办结, 驳回); 撤销 is not handled and not counted. */
const FINISHED = ['approved', 'rejected'] as const;

/** Department of items whose requester is not in the directory any more (should not happen). */
export const UNKNOWN_DEPARTMENT = '?';

interface FinishedRow {
  id: string;
  department_id: string | null;
  started_at: Date;
  finished_at: Date;
  late_steps: number;
}

interface OverdueRow {
  id: string;
  definition_id: string;
  title: string | null;
  reference: string | null;
  secrecy: string;
  urgency: string;
  waiting_on: string[];
  department_id: string | null;
  step_name: unknown;
  deadline: Date;
}

/**
 * Items finished in `[start, end)`: the finish is the last audit entry that moved the item to a
 * finished status (the audit log is the record of when it happened), the start its creation. A
 * step is late when the state says it finished after its deadline.
 */
export async function loadFinishedItems(db: Db, period: ReportPeriod): Promise<FinishedReportItem[]> {
  const start = period.start.toISOString();
  const end = period.end.toISOString();
  const rows = await db.$queryRaw<FinishedRow[]>`
    SELECT w.id::text AS id,
           COALESCE(NULLIF(w.state->'params'->>${INSTRUCTION_PARAMS.leadDepartment}, ''), p.department_id) AS department_id,
           w.created_at AS started_at,
           f.at AS finished_at,
           (SELECT count(*)::int
              FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.state->'steps') = 'array'
                                             THEN w.state->'steps' ELSE '[]'::jsonb END) s
             WHERE jsonb_typeof(s->'deadline') = 'string'
               AND jsonb_typeof(s->'finishedAt') = 'string'
               AND (s->>'finishedAt')::timestamptz > (s->>'deadline')::timestamptz) AS late_steps
      FROM workflow_instance w
      CROSS JOIN LATERAL (
        SELECT max(a.at) AS at FROM audit_entry a
         WHERE a.instance_id = w.id AND a.after_status IN (${FINISHED[0]}, ${FINISHED[1]})
      ) f
      LEFT JOIN person p ON p.id = w.requester_id
     WHERE w.status IN (${FINISHED[0]}, ${FINISHED[1]})
       -- the finish is never after the last update: this keeps the scan to recent rows
       AND w.updated_at >= ${start}::timestamptz
       AND f.at >= ${start}::timestamptz AND f.at < ${end}::timestamptz`;
  return rows.map((row) => ({
    instanceId: row.id,
    departmentId: row.department_id ?? UNKNOWN_DEPARTMENT,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    lateSteps: row.late_steps,
  }));
}

/** Items running now whose current (active) step's deadline is before `now`. */
export async function loadOverdueItems(db: Db, now: Date): Promise<OverdueReportItem[]> {
  const rows = await db.$queryRaw<OverdueRow[]>`
    SELECT w.id::text AS id, w.definition_id, w.title, w.reference, w.secrecy, w.urgency, w.waiting_on,
           COALESCE(NULLIF(w.state->'params'->>${INSTRUCTION_PARAMS.leadDepartment}, ''), p.department_id) AS department_id,
           cur.step->'name' AS step_name,
           (cur.step->>'deadline')::timestamptz AS deadline
      FROM workflow_instance w
      CROSS JOIN LATERAL (SELECT w.state->'steps'->((w.state->>'currentStep')::int) AS step) cur
      LEFT JOIN person p ON p.id = w.requester_id
     WHERE w.status = 'running'
       AND cur.step->>'status' = 'active'
       AND jsonb_typeof(cur.step->'deadline') = 'string'
       AND (cur.step->>'deadline')::timestamptz < ${now.toISOString()}::timestamptz`;
  return rows.map((row) => ({
    instanceId: row.id,
    departmentId: row.department_id ?? UNKNOWN_DEPARTMENT,
    definitionId: row.definition_id,
    title: row.title,
    reference: row.reference,
    // An unknown level is treated as the strictest: it shows no title.
    secrecy: (SECRECY_LEVELS as readonly string[]).includes(row.secrecy)
      ? (row.secrecy as SecrecyLevel)
      : 'top_secret',
    urgency: (['extra_urgent', 'urgent', 'normal'] as const).includes(row.urgency as Urgency)
      ? (row.urgency as Urgency)
      : 'normal',
    stepName: stepNameOf(row.step_name),
    deadline: row.deadline,
    waitingOn: row.waiting_on,
  }));
}

function stepNameOf(value: unknown): LocalizedText {
  const name = value as Partial<LocalizedText> | null;
  const zh = typeof name?.zh === 'string' ? name.zh : '';
  return { zh, en: typeof name?.en === 'string' ? name.en : zh };
}

/** The departments a report lists: every one ever loaded (history keeps names), in file order. */
export async function loadReportDepartments(db: Db): Promise<ReportDepartment[]> {
  const rows = await db.department.findMany({
    select: { id: true, name: true, nameEn: true, kind: true, active: true },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
  });
  // The leadership (局领导) rarely starts items: listed only when it has a figure.
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    nameEn: d.nameEn,
    alwaysListed: d.active && d.kind !== 'leadership',
  }));
}

/** The report of `period` as of `now`, with the names it shows. */
export async function buildReport(db: Db, input: { period: ReportPeriod; now: Date }): Promise<Report> {
  // One after another: inside a transaction the statements share one connection.
  const departments = await loadReportDepartments(db);
  const finished = await loadFinishedItems(db, input.period);
  const overdue = await loadOverdueItems(db, input.now);
  const figures = aggregateReport({ period: input.period, now: input.now, departments, finished, overdue });
  const meetings = input.period.kind === 'month' ? await loadMeetingFigures(db, input.period) : [];
  const ids = [...new Set(figures.longestOverdue.flatMap((item) => item.waitingOn))];
  const people =
    ids.length === 0
      ? []
      : await db.person.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true, nameEn: true },
        });
  return {
    ...figures,
    people: Object.fromEntries(people.map((p) => [p.id, { name: p.name, nameEn: p.nameEn }])),
    ...(meetings.length > 0 ? { meetings } : {}),
  };
}
