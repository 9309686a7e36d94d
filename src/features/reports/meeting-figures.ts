// The monthly report's meetings line (定期通报 · 会议): per host department, the meetings its yearly
// plan expects in the month, the approved meetings of the month held against the plan, and the
// unplanned ones (临时会议). Read from the meeting requests (approved, starting in the month) and
// the plans' entries of that month; attendance and overdue decisions are not recorded yet.

import type { Db } from '../../db/types.ts';
import { MEETING_DEFINITION, MEETING_PARAMS } from '../../domain/meetings/meeting.ts';
import type { ReportPeriod } from '../../domain/reports/period.ts';

/** One department's meetings of the month. */
export interface MeetingFigures {
  departmentId: string;
  /** Entries of the department's yearly plan expected in the month. */
  planned: number;
  /** Approved meetings of the month marked "in the plan". */
  heldPlanned: number;
  /** Approved meetings of the month that were not in the plan (临时会议). */
  heldUnplanned: number;
}

/** The meetings of a month period by department; empty when there were none and none were planned. */
export async function loadMeetingFigures(db: Db, period: ReportPeriod): Promise<MeetingFigures[]> {
  const [year, month] = period.label.split('-').map(Number);
  const rows = await db.$queryRaw<Array<{ department_id: string | null; planned: string | null }>>`
    SELECT state->'params'->>${MEETING_PARAMS.hostDepartmentId} AS department_id,
           state->'params'->>${MEETING_PARAMS.planned} AS planned
      FROM workflow_instance
     WHERE definition_id = ${MEETING_DEFINITION.id}
       AND status = 'approved'
       AND state->'params'->>${MEETING_PARAMS.startsAt} >= ${period.start.toISOString()}
       AND state->'params'->>${MEETING_PARAMS.startsAt} < ${period.end.toISOString()}`;
  const entries = await db.meetingPlanEntry.findMany({
    where: { month: month ?? 0, plan: { year: year ?? 0 } },
    select: { plan: { select: { departmentId: true } } },
  });
  const figures = new Map<string, MeetingFigures>();
  const of = (departmentId: string) => {
    const found = figures.get(departmentId) ?? { departmentId, planned: 0, heldPlanned: 0, heldUnplanned: 0 };
    figures.set(departmentId, found);
    return found;
  };
  for (const entry of entries) of(entry.plan.departmentId).planned += 1;
  for (const row of rows) {
    const figure = of(row.department_id ?? '?');
    if (row.planned === '0') figure.heldUnplanned += 1;
    else figure.heldPlanned += 1;
  }
  return [...figures.values()];
}
