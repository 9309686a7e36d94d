// What a meeting request learns at its start from the records around it: the entry of its host
// department's yearly plan it stands for (a request marked "in the plan" whose name is like an
// entry's), and another meeting of the same ISO week much like it (names alike, attendees shared),
// which the approvers' card then names (合并或套开?). Classified meetings have no name: they are
// neither matched nor compared.

import { DateTime } from 'luxon';
import type { Db } from '../../db/types.ts';
import { MEETING_DEFINITION, MEETING_PARAMS } from '../../domain/meetings/meeting.ts';
import {
  MEETING_RECORD_PARAMS,
  type MeetingLike,
  planEntryFor,
  similarMeetingOf,
} from '../../domain/meetings/plan.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { NewMeeting } from './meeting-service.ts';
import { planEntriesOf } from './plan-service.ts';

type DirectoryPerson = { id: string; departmentId: string };

/** Everyone a meeting expects: the people named, the departments' members and the chair. */
export function attendeeSetOf(
  input: { attendees: readonly string[]; departments: readonly string[]; chairId: string | null },
  people: readonly DirectoryPerson[],
): Set<string> {
  const ids = new Set(input.attendees);
  for (const p of people) if (input.departments.includes(p.departmentId)) ids.add(p.id);
  if (input.chairId) ids.add(input.chairId);
  return ids;
}

const list = (value: unknown) =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The named meeting requests (running, returned or approved) that start in the ISO week of `at`. */
async function meetingsOfWeek(db: Db, at: Date, zone: string, people: readonly DirectoryPerson[]) {
  const monday = DateTime.fromJSDate(at, { zone }).startOf('week');
  const rows = await db.$queryRaw<Array<{ state: WorkflowInstance }>>`
    SELECT state FROM workflow_instance
     WHERE definition_id = ${MEETING_DEFINITION.id}
       AND status IN ('running', 'returned', 'approved')
       AND title IS NOT NULL
       AND state->'params'->>${MEETING_PARAMS.startsAt} >= ${monday.toUTC().toISO() ?? ''}
       AND state->'params'->>${MEETING_PARAMS.startsAt} < ${monday.plus({ weeks: 1 }).toUTC().toISO() ?? ''}`;
  return rows.map(({ state }): MeetingLike & { endsAt: Date } => {
    const p = state.params;
    return {
      id: state.id,
      name: state.title ?? '',
      startsAt: new Date(String(p[MEETING_PARAMS.startsAt])),
      endsAt: new Date(String(p[MEETING_PARAMS.endsAt])),
      attendees: attendeeSetOf(
        {
          attendees: list(p[MEETING_PARAMS.attendees]),
          departments: list(p[MEETING_PARAMS.attendeeDepartments]),
          chairId: list(p[MEETING_PARAMS.chair])[0] ?? null,
        },
        people,
      ),
    };
  });
}

/** The params a request gains: its plan entry, and a similar meeting of its week. */
export async function meetingRecordParams(
  db: Db,
  meeting: NewMeeting,
  people: readonly DirectoryPerson[],
  zone: string,
): Promise<Record<string, string>> {
  if (meeting.name === '') return {};
  const params: Record<string, string> = {};
  const starts = DateTime.fromJSDate(meeting.startsAt, { zone });
  if (meeting.planned) {
    const entry = planEntryFor(
      { name: meeting.name, month: starts.month },
      await planEntriesOf(db, meeting.hostDepartmentId, starts.year),
    );
    if (entry) {
      params[MEETING_RECORD_PARAMS.planEntryId] = entry.id;
      params[MEETING_RECORD_PARAMS.planEntryName] = entry.name;
    }
  }
  const similar = similarMeetingOf(
    {
      name: meeting.name,
      startsAt: meeting.startsAt,
      attendees: attendeeSetOf(
        { attendees: meeting.attendees, departments: meeting.departments, chairId: meeting.chairId },
        people,
      ),
    },
    await meetingsOfWeek(db, meeting.startsAt, zone, people),
    zone,
  );
  if (similar) {
    params[MEETING_RECORD_PARAMS.similarId] = similar.id;
    params[MEETING_RECORD_PARAMS.similarName] = similar.name;
    params[MEETING_RECORD_PARAMS.similarStartsAt] = similar.startsAt.toISOString();
    params[MEETING_RECORD_PARAMS.similarEndsAt] = similar.endsAt.toISOString();
  }
  return params;
}
