// The meetings' parts of the person's work (App Home, `todo`): 本周会议, the approved meetings of
// the current week (Monday to Sunday in the unit's time zone) the person is invited to (and has
// not delegated away) or organises, in time order, each with its time, place and the person's
// answer; and 我的决定事项, the open meeting decisions waiting on them with the deadline, listed
// here instead of 待我办理. Read when the work is shown. A classified meeting (no name stored) is
// shown by its number only. The App Home is refreshed through `home.refresh` (the engine's
// `homeRefreshesOf`) whenever a meeting's invitations, answers, time or place change.

import { DateTime } from 'luxon';
import { strong } from '../../chat/core/reply.ts';
import type { Db } from '../../db/types.ts';
import { MEETING_DEFINITION, MEETING_PARAMS, weekOf } from '../../domain/meetings/meeting.ts';
import { DECISION_DEFINITION, isOverdue } from '../../domain/meetings/minutes.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import type { WorkSection, WorkSectionRow } from '../workflow/my-work.ts';
import { type AttendeeResponse, isCancelled } from './attendees.ts';
import type { MeetingDirectory } from './meeting-card.ts';
import { meetingPlaceOf, timeRangeText } from './meeting-service.ts';
import { openDecisionsOf } from './minutes-chat.ts';

/** What the meetings' parts read. */
export interface MyMeetingsDeps {
  prisma: PrismaClient;
  timeZone: string;
  /** The rooms, for the place. */
  directory: Pick<MeetingDirectory, 'rooms'>;
}

/** One meeting of the person's week. */
export interface WeekMeeting {
  instanceId: string;
  /** The meeting's name, or null for a classified meeting (shown by its number). */
  title: string | null;
  reference: string | null;
  startsAt: Date;
  endsAt: Date;
  roomId: string | null;
  place: string | null;
  /** The person's answer; null for an organiser who is not invited. */
  response: Exclude<AttendeeResponse, 'delegated'> | null;
}

/**
 * The approved, not cancelled meetings starting in the week of `now` (Monday to Sunday in `zone`)
 * that invite `personId` (not delegated away) or that they organise, in time order.
 */
export async function meetingsThisWeek(
  db: Db,
  personId: string,
  now: Date,
  zone: string,
): Promise<WeekMeeting[]> {
  const { from, to } = weekOf(null, zone, now);
  // Only this week's meetings are read: starts are ISO-8601 instants in UTC (one length), so text
  // order is time order, and the bound is the week's Monday 00:00 to the next Monday 00:00.
  const week = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM workflow_instance
     WHERE definition_id = ${MEETING_DEFINITION.id} AND status = 'approved'
       AND state #>> '{params,startsAt}' >= ${from.toISOString()}
       AND state #>> '{params,startsAt}' < ${to.toISOString()}
       AND (requester_id = ${personId}
            OR id IN (SELECT instance_id FROM meeting_attendee
                       WHERE person_id = ${personId} AND response <> 'delegated'))`;
  if (week.length === 0) return [];
  const ids = week.map((w) => w.id);
  const invited = await db.meetingAttendee.findMany({
    where: { personId, instanceId: { in: ids }, NOT: { response: 'delegated' } },
    select: { instanceId: true, response: true },
  });
  const answers = new Map(invited.map((row) => [row.instanceId, row.response]));
  const rows = await db.workflowInstance.findMany({ where: { id: { in: ids } } });
  const meetings: WeekMeeting[] = [];
  for (const row of rows) {
    const instance = instanceFromRow(row);
    const { range, roomId } = meetingPlaceOf(instance);
    if (range === null || isCancelled(instance)) continue;
    const answer = answers.get(instance.id);
    const place = instance.params[MEETING_PARAMS.place];
    meetings.push({
      instanceId: instance.id,
      title: instance.title,
      reference: instance.reference,
      startsAt: range.startsAt,
      endsAt: range.endsAt,
      roomId,
      place: typeof place === 'string' && place.trim() !== '' ? place : null,
      response:
        answer === 'attending' || answer === 'leave' ? answer : answer === undefined ? null : 'pending',
    });
  }
  return meetings.sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.instanceId.localeCompare(b.instanceId),
  );
}

/** A meeting's row: its name (or number), then time · place · the person's answer. */
function meetingRow(meeting: WeekMeeting, deps: MyMeetingsDeps, locale: Locale): WorkSectionRow {
  const name =
    meeting.title?.trim() ||
    t(locale, 'doc.list.classified_title', {
      reference: meeting.reference ?? meeting.instanceId.slice(0, 8),
    });
  const room = meeting.roomId ? deps.directory.rooms.find((r) => r.id === meeting.roomId) : undefined;
  const place = room
    ? locale === 'en' && room.nameEn
      ? room.nameEn
      : room.name
    : meeting.place
      ? t(locale, 'meeting.card.outside', { place: meeting.place })
      : (meeting.roomId ?? '');
  const answer =
    meeting.response === null
      ? t(locale, 'meeting.home.organiser')
      : t(locale, `meeting.home.${meeting.response}`);
  const details = [timeRangeText(meeting, deps.timeZone, locale), place, answer].filter((x) => x !== '');
  return { key: meeting.instanceId, text: [strong(name), '\n', details.join(' · ')] };
}

/** The parts the meetings feature adds to the person's work. */
export function meetingWorkSections(deps: MyMeetingsDeps): WorkSection[] {
  return [
    {
      key: 'meetings-week',
      async read({ personId, locale, now }) {
        const meetings = await meetingsThisWeek(deps.prisma, personId, now, deps.timeZone);
        return {
          title: t(locale, 'meeting.home.week_title'),
          rows: meetings.map((meeting) => meetingRow(meeting, deps, locale)),
          empty: t(locale, 'meeting.home.week_empty'),
        };
      },
    },
    {
      key: 'meeting-decisions',
      takesWaiting: [DECISION_DEFINITION.id],
      async read({ personId, locale, now }) {
        const decisions = await openDecisionsOf(deps.prisma, personId);
        return {
          title: t(locale, 'meeting.home.decisions_title'),
          rows: decisions.map((decision) => {
            const due = decision.deadline
              ? t(locale, 'doc.list.deadline', {
                  time: DateTime.fromJSDate(decision.deadline, { zone: deps.timeZone }).toFormat(
                    'yyyy-MM-dd',
                  ),
                })
              : '';
            const meeting = decision.meetingTitle
              ? t(locale, 'meeting.home.decision_of', { meeting: decision.meetingTitle })
              : '';
            return {
              key: decision.instanceId,
              text: [
                strong(decision.text),
                '\n',
                [meeting, due].filter((x) => x !== '').join(' · '),
                ...(isOverdue(decision.deadline, now) ? [' ', strong(t(locale, 'doc.list.overdue'))] : []),
              ],
            };
          }),
        };
      },
    },
  ];
}
