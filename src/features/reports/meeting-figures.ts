// The monthly report's meetings line (定期通报 · 会议): per host department, the meetings its yearly
// plan expects in the month, the approved meetings of the month held against the plan, and the
// unplanned ones (临时会议). Read from the meeting requests (approved, starting in the month) and
// the plans' entries of that month; with the attendance
// of the meetings that recorded sign-ins; overdue decisions are not recorded yet.

import type { Db } from '../../db/types.ts';
import { MEETING_DEFINITION, MEETING_PARAMS } from '../../domain/meetings/meeting.ts';
import type { ReportPeriod } from '../../domain/reports/period.ts';
import { attendanceOf } from '../meetings/sign-in.ts';

/** 实到 and 应到 − 请假 of each meeting of `ids` with at least one sign-in. */
async function attendanceByMeeting(db: Db, ids: readonly string[]) {
  const rows =
    ids.length === 0
      ? []
      : await db.meetingAttendee.findMany({
          where: { instanceId: { in: [...ids] } },
          select: { instanceId: true, personId: true, response: true, signedInAt: true },
        });
  const byMeeting = new Map<string, typeof rows>();
  for (const row of rows) byMeeting.set(row.instanceId, [...(byMeeting.get(row.instanceId) ?? []), row]);
  const out = new Map<string, { present: number; base: number }>();
  for (const [id, list] of byMeeting) {
    const { expected, present, leave } = attendanceOf(list);
    if (present.length > 0) out.set(id, { present: present.length, base: expected.length - leave.length });
  }
  return out;
}

/** One department's meetings of the month. */
export interface MeetingFigures {
  departmentId: string;
  /** Entries of the department's yearly plan expected in the month. */
  planned: number;
  /** Approved meetings of the month marked "in the plan". */
  heldPlanned: number;
  /** Approved meetings of the month that were not in the plan (临时会议). */
  heldUnplanned: number;
  /**
   * Attendance of its meetings with sign-in recorded (at least one attendee signed in): those
   * signed in (实到) and those expected less those on leave (应到 − 请假).
   */
  present?: number;
  expectedPresent?: number;
}

/** The meetings of a month period by department; empty when there were none and none were planned. */
export async function loadMeetingFigures(db: Db, period: ReportPeriod): Promise<MeetingFigures[]> {
  const [year, month] = period.label.split('-').map(Number);
  const rows = await db.$queryRaw<
    Array<{ id: string; department_id: string | null; planned: string | null }>
  >`
    SELECT id::text AS id, state->'params'->>${MEETING_PARAMS.hostDepartmentId} AS department_id,
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
  const attendance = await attendanceByMeeting(
    db,
    rows.map((r) => r.id),
  );
  for (const row of rows) {
    const figure = of(row.department_id ?? '?');
    if (row.planned === '0') figure.heldUnplanned += 1;
    else figure.heldPlanned += 1;
    const seen = attendance.get(row.id);
    if (seen) {
      figure.present = (figure.present ?? 0) + seen.present;
      figure.expectedPresent = (figure.expectedPresent ?? 0) + seen.base;
    }
  }
  return [...figures.values()];
}
