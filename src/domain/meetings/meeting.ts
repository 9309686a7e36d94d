// Meetings (会议管理), DOMAIN.md "Meetings": a meeting request (会议方案) goes to the host
// department's head, then the office head, then the leader who chairs it, and a booking made at
// the final approval holds its room. Here: the route, the request's params, reading the times
// people type in the unit's time zone, and finding what holds a room and which rooms are free.
// Pure: no database, no clock.

import { DateTime } from 'luxon';
import { parseWorkflowDefinition, type WorkflowDefinitionInput } from '../workflow/definition.ts';
import type { WorkflowDefinition } from '../workflow/types.ts';

/** Params of a meeting request (the instance's title is the meeting's name). */
export const MEETING_PARAMS = {
  agenda: 'agenda',
  /** ISO-8601 instants (UTC). */
  startsAt: 'startsAt',
  endsAt: 'endsAt',
  /** A room of the organisation file, or absent for a place outside. */
  roomId: 'roomId',
  /** The place outside (外部场所) when no room is booked. */
  place: 'place',
  /** People invited by name (person ids). */
  attendees: 'attendees',
  /** Departments invited whole (department ids). */
  attendeeDepartments: 'attendeeDepartments',
  /** How many people are expected: the people and the departments' members, with the chair. */
  headcount: 'headcount',
  hostDepartmentId: 'hostDepartmentId',
  /** The chairing leader (主持领导): the last step's approver. */
  chair: 'chair',
  /** The host department's head: the first step's reviewer. */
  hostHead: 'host_head',
  materials: 'materials',
  /** Budget in whole yuan, as text; absent when none was given. */
  budget: 'budget',
  /** '1' when the meeting is in this year's plan, '0' for a 临时会议. */
  planned: 'planned',
  /** Why an unplanned meeting is needed (一事一报). */
  unplannedReason: 'unplannedReason',
} as const;

/** The step ids of a meeting request. */
export const MEETING_STEP_IDS = {
  host: 'host_review',
  office: 'office_review',
  chair: 'chair_approval',
} as const;

/**
 * The meeting request (会议审批): the host department's head, the office head, the chairing
 * leader. The first two are skipped only when the person who just acted holds them alone (a head
 * organising their own department's meeting; the office head who is also the host's head); the
 * chairing leader always approves.
 */
export const MEETING_DEFINITION: WorkflowDefinition = parseWorkflowDefinition({
  id: 'meeting_request',
  version: 1,
  name: { zh: '会议审批', en: 'Meeting request' },
  steps: [
    {
      id: MEETING_STEP_IDS.host,
      name: { zh: '主办部门负责人审核', en: 'Host department head review' },
      kind: 'single',
      assignees: { kind: 'runtime', key: MEETING_PARAMS.hostHead },
      deadlineWorkingDays: 1,
      skipIfSameAsPrevious: true,
    },
    {
      id: MEETING_STEP_IDS.office,
      name: { zh: '办公室负责人审核', en: 'Office head review' },
      kind: 'single',
      assignees: { kind: 'role', role: 'office_head' },
      deadlineWorkingDays: 1,
      skipIfSameAsPrevious: true,
    },
    {
      id: MEETING_STEP_IDS.chair,
      name: { zh: '主持领导审批', en: 'Chairing leader approves' },
      kind: 'single',
      assignees: { kind: 'runtime', key: MEETING_PARAMS.chair },
      deadlineWorkingDays: 2,
      fixedAssignees: true,
    },
  ],
} satisfies WorkflowDefinitionInput);

/** Longest meeting the form takes (a day's work). */
export const MAX_MEETING_HOURS = 12;

/**
 * A time of day as people type it: `9:30`, `09:30`, `14：30`, full-width digits, `9点`, `9点半`.
 * Minutes since midnight, or null.
 */
export function readTimeOfDay(typed: string): number | null {
  const text = typed.normalize('NFKC').replace(/\s+/gu, '');
  let hours: number;
  let minutes: number;
  const clock = /^(\d{1,2})[:：.](\d{2})$/u.exec(text);
  const spoken = /^(\d{1,2})点(半|(\d{1,2})分?)?$/u.exec(text);
  if (clock) {
    hours = Number(clock[1]);
    minutes = Number(clock[2]);
  } else if (spoken) {
    hours = Number(spoken[1]);
    minutes = spoken[2] === '半' ? 30 : spoken[3] ? Number(spoken[3]) : 0;
  } else return null;
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/** A meeting's time: from `startsAt` to `endsAt`. */
export interface TimeRange {
  startsAt: Date;
  endsAt: Date;
}

/** What is wrong with a meeting's times, if anything. */
export type MeetingTimeProblem = 'start_invalid' | 'end_invalid' | 'end_before_start' | 'too_long' | 'past';

/**
 * The meeting's time from a day (YYYY-MM-DD) and two times of day typed in the unit's time zone,
 * checked: both read, the end after the start, no longer than {@link MAX_MEETING_HOURS}, and not
 * starting before `now`.
 */
export function meetingTimeOf(
  input: { day: string; start: string; end: string },
  zone: string,
  now: Date,
): { ok: true; range: TimeRange } | { ok: false; problem: MeetingTimeProblem } {
  const start = readTimeOfDay(input.start);
  if (start === null) return { ok: false, problem: 'start_invalid' };
  const end = readTimeOfDay(input.end);
  if (end === null) return { ok: false, problem: 'end_invalid' };
  const day = DateTime.fromISO(input.day, { zone });
  if (!day.isValid) return { ok: false, problem: 'start_invalid' };
  const at = (minutes: number) => day.startOf('day').plus({ minutes }).toJSDate();
  const range = { startsAt: at(start), endsAt: at(end) };
  if (end <= start) return { ok: false, problem: 'end_before_start' };
  if (end - start > MAX_MEETING_HOURS * 60) return { ok: false, problem: 'too_long' };
  if (range.startsAt.getTime() < now.getTime()) return { ok: false, problem: 'past' };
  return { ok: true, range };
}

/** Whether two times overlap; one ending when the other starts does not. */
export function overlaps(a: TimeRange, b: TimeRange): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

/** A room as meetings see it. */
export interface RoomChoice {
  id: string;
  name: string;
  nameEn: string | null;
  capacity: number;
  equipment: readonly string[];
}

/** A room held by a meeting. */
export interface Booking extends TimeRange {
  roomId: string;
  /** The meeting request holding it. */
  instanceId: string;
  title: string;
}

/** The booking that holds `roomId` at some moment of `wanted`, earliest first; null when the room is free. */
export function conflictOf(
  wanted: TimeRange & { roomId: string; instanceId?: string },
  bookings: readonly Booking[],
): Booking | null {
  const holding = bookings
    .filter((b) => b.roomId === wanted.roomId && b.instanceId !== wanted.instanceId && overlaps(b, wanted))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return holding[0] ?? null;
}

/**
 * The rooms free for all of `wanted` with seats for `headcount`, smallest first (a small meeting
 * leaves the hall to those who need it), then in file order.
 */
export function freeRooms(
  rooms: readonly RoomChoice[],
  bookings: readonly Booking[],
  wanted: TimeRange & { instanceId?: string },
  headcount: number,
): RoomChoice[] {
  return rooms
    .map((room, index) => ({ room, index }))
    .filter(
      ({ room }) =>
        room.capacity >= headcount && conflictOf({ ...wanted, roomId: room.id }, bookings) === null,
    )
    .sort((a, b) => a.room.capacity - b.room.capacity || a.index - b.index)
    .map(({ room }) => room);
}

/**
 * How many people a meeting expects: those invited by name, every active member of the invited
 * departments, and the chair, each once.
 */
export function headcountOf(
  input: { attendees: readonly string[]; departments: readonly string[]; chairId: string | null },
  people: ReadonlyArray<{ id: string; departmentId: string; active: boolean }>,
): number {
  const ids = new Set(input.attendees);
  for (const person of people) {
    if (person.active && input.departments.includes(person.departmentId)) ids.add(person.id);
  }
  if (input.chairId) ids.add(input.chairId);
  return ids.size;
}

/**
 * The week (Monday to Sunday, in `zone`) that holds `day` (YYYY-MM-DD), or the week of `now`
 * without one: its first instant and the first instant after it.
 */
export function weekOf(
  day: string | null,
  zone: string,
  now: Date,
): { from: Date; to: Date; monday: DateTime } {
  const base = day ? DateTime.fromISO(day, { zone }) : DateTime.fromJSDate(now, { zone });
  const monday = base.startOf('week');
  return { from: monday.toJSDate(), to: monday.plus({ weeks: 1 }).toJSDate(), monday };
}
