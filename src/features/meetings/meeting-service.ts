// Meeting requests on the approval engine, and the rooms they hold. A request names a room of the
// organisation file (or a place outside); the booking is written by a transition hook in the
// transaction of the final approval, after the room's row is locked (`SELECT … FOR UPDATE`), so
// two approvals of overlapping meetings in one room at the same moment are taken one after the
// other and the second finds the first's booking. Each approval before it checks the room too, so
// an approver learns early that it has been taken; a request is refused at the start when its room
// is already held or too small, and is told which meeting holds it and which rooms are free.

import { DateTime } from 'luxon';
import type { Db, Tx } from '../../db/types.ts';
import {
  type Booking,
  conflictOf,
  freeRooms,
  headcountOf,
  MEETING_DEFINITION,
  MEETING_PARAMS,
  type RoomChoice,
  type TimeRange,
} from '../../domain/meetings/meeting.ts';
import { isClearedFor, type SecrecyLevel } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { TransitionHook, WorkflowService } from '../workflow/workflow-service.ts';
import { attendeeSetOf, meetingRecordParams } from './similar-service.ts';

/** What an organiser asks for (the form, read). */
export interface NewMeeting {
  /** 秘密 and above: tracked by `reference` only, with no name, agenda, materials or reason. */
  secrecy: SecrecyLevel;
  /** The meeting's number, for a classified meeting; null otherwise. */
  reference: string | null;
  name: string;
  agenda: string;
  startsAt: Date;
  endsAt: Date;
  /** A room of the organisation file; null for a place outside. */
  roomId: string | null;
  place: string | null;
  attendees: string[];
  departments: string[];
  hostDepartmentId: string;
  chairId: string;
  materials: string | null;
  /** Whole yuan; null when none was given. */
  budget: number | null;
  planned: boolean;
  unplannedReason: string | null;
}

/** Whether an instance is a meeting request. */
export const isMeetingRequest = (instance: Pick<WorkflowInstance, 'definitionId'>) =>
  instance.definitionId === MEETING_DEFINITION.id;

/** The rooms of the organisation file still in it, in file order. */
export async function listRooms(db: Db): Promise<RoomChoice[]> {
  return db.meetingRoom.findMany({
    where: { active: true },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true, name: true, nameEn: true, capacity: true, equipment: true },
  });
}

/** Bookings that overlap `range`, in `roomId` only when given. */
export async function bookingsDuring(db: Db, range: TimeRange, roomId?: string): Promise<Booking[]> {
  return db.meetingBooking.findMany({
    where: {
      ...(roomId ? { roomId } : {}),
      startsAt: { lt: range.endsAt },
      endsAt: { gt: range.startsAt },
    },
    orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    select: { roomId: true, instanceId: true, startsAt: true, endsAt: true, title: true },
  });
}

/** A room's name in `locale`. */
export function roomNameOf(room: Pick<RoomChoice, 'name' | 'nameEn'>, locale: Locale): string {
  return locale === 'en' ? (room.nameEn ?? room.name) : room.name;
}

/** A meeting's time as people read it, in the unit's time zone: `12月8日（周二）09:00–11:00`. */
export function timeRangeText(range: TimeRange, zone: string, locale: Locale): string {
  const start = DateTime.fromJSDate(range.startsAt, { zone }).setLocale(locale === 'en' ? 'en-GB' : 'zh-CN');
  const end = DateTime.fromJSDate(range.endsAt, { zone });
  const day = locale === 'en' ? `${start.toFormat('ccc d LLL')} ` : start.toFormat('M月d日（ccc）');
  return `${day}${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`;
}

/** The rooms free for `range` with seats for `headcount`, as a sentence in each language. */
async function freeRoomsWords(
  db: Db,
  range: TimeRange & { instanceId?: string },
  headcount: number,
): Promise<{ freeZh: string; freeEn: string }> {
  const [rooms, bookings] = await Promise.all([listRooms(db), bookingsDuring(db, range)]);
  const free = freeRooms(rooms, bookings, range, headcount);
  const say = (locale: Locale) =>
    free.length === 0
      ? t(locale, 'meeting.no_free_rooms')
      : t(locale, 'meeting.free_rooms', {
          rooms: free
            .map((r) => t(locale, 'meeting.card.room', { name: roomNameOf(r, locale), capacity: r.capacity }))
            .join(locale === 'en' ? ', ' : '、'),
        });
  return { freeZh: say('zh'), freeEn: say('en') };
}

/** The refusal of a room held at that time by another meeting, with the free rooms. */
async function roomTaken(
  db: Db,
  room: RoomChoice,
  holder: Booking,
  wanted: TimeRange & { instanceId?: string },
  headcount: number,
  zone: string,
): Promise<AppError> {
  return new AppError('meeting_room_taken', `room ${room.id} is held by ${holder.instanceId}`, {
    params: {
      roomZh: room.name,
      roomEn: room.nameEn ?? room.name,
      holder: holder.title,
      holderId: holder.instanceId,
      timeZh: timeRangeText(holder, zone, 'zh'),
      timeEn: timeRangeText(holder, zone, 'en'),
      ...(await freeRoomsWords(db, wanted, headcount)),
    },
  });
}

/** What the meeting forms and checks read of each active person, in the organisation file's order. */
export const DIRECTORY_PEOPLE = {
  where: { active: true },
  select: {
    id: true,
    name: true,
    nameEn: true,
    departmentId: true,
    roles: true,
    headRank: true,
    clearance: true,
  },
  orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
} as const satisfies Prisma.PersonFindManyArgs;

/** The people and departments a request is checked against, from the directory. */
async function directoryOf(db: Db) {
  const [people, departments] = await Promise.all([
    db.person.findMany(DIRECTORY_PEOPLE),
    db.department.findMany({ where: { active: true }, select: { id: true } }),
  ]);
  return { people, departments };
}

/**
 * Who reviews first for `hostDepartmentId`: its principal head (a deputy when the organiser is
 * the principal), or the organiser when they are its only head (the step is then skipped). Null
 * when the department has no head.
 */
export function hostHeadOf(
  people: ReadonlyArray<{
    id: string;
    departmentId: string;
    roles: readonly string[];
    headRank: string | null;
  }>,
  hostDepartmentId: string,
  organiserId: string,
): string | null {
  const heads = people
    .filter((p) => p.departmentId === hostDepartmentId && p.roles.includes('department_head'))
    .sort((a, b) => Number(a.headRank !== 'principal') - Number(b.headRank !== 'principal'));
  return heads.find((p) => p.id !== organiserId)?.id ?? heads[0]?.id ?? null;
}

/**
 * Checks a request against the directory and the rooms, and starts it. Throws AppError
 * `meeting_host_unknown`, `meeting_chair_unknown`, `meeting_attendee_unknown`,
 * `meeting_room_unknown`, `meeting_room_too_small` or `meeting_room_taken` (these two with the
 * free rooms of sufficient capacity) and changes nothing then.
 */
export async function startMeetingRequest(
  deps: { service: WorkflowService; prisma: PrismaClient; timeZone: string },
  input: {
    requesterPersonId: string;
    workspaceId: string | null;
    meeting: NewMeeting;
    /** The form's key: sent twice, it starts one request. */
    startKey?: string;
  },
): Promise<WorkflowInstance> {
  const classified = isClassified(input.meeting.secrecy);
  // A classified meeting keeps no text that says what it is about, whatever reached here.
  const meeting: NewMeeting = classified
    ? { ...input.meeting, name: '', agenda: '', materials: null, unplannedReason: null }
    : input.meeting;
  const { prisma } = deps;
  if (input.startKey) {
    const earlier = await deps.service.startedWith(input.startKey);
    if (earlier) return earlier;
  }
  const { people, departments } = await directoryOf(prisma);
  const hostHead = hostHeadOf(people, meeting.hostDepartmentId, input.requesterPersonId);
  if (hostHead === null)
    throw new AppError('meeting_host_unknown', `no head for ${meeting.hostDepartmentId}`);
  const chair = people.find((p) => p.id === meeting.chairId);
  if (!chair?.roles.some((r) => r === 'leader' || r === 'director')) {
    throw new AppError('meeting_chair_unknown', `${meeting.chairId} is not a leader`);
  }
  const known = new Set(people.map((p) => p.id));
  const knownDepartments = new Set(departments.map((d) => d.id));
  if (
    !meeting.attendees.every((id) => known.has(id)) ||
    !meeting.departments.every((id) => knownDepartments.has(id))
  ) {
    throw new AppError('meeting_attendee_unknown', 'an attendee is not in the directory');
  }
  if (classified) checkClearances(meeting, people);
  const headcount = headcountOf(
    { attendees: meeting.attendees, departments: meeting.departments, chairId: meeting.chairId },
    people.map((p) => ({ ...p, active: true })),
  );
  if (meeting.roomId !== null) await checkRoom(prisma, meeting.roomId, meeting, headcount, deps.timeZone);
  const records = await meetingRecordParams(prisma, meeting, people, deps.timeZone);
  return deps.service.start({
    definitionId: MEETING_DEFINITION.id,
    requesterPersonId: input.requesterPersonId,
    workspaceId: input.workspaceId,
    title: classified ? null : meeting.name,
    ...(classified ? { reference: meeting.reference } : {}),
    secrecy: meeting.secrecy,
    urgency: 'normal',
    ...(input.startKey ? { startKey: input.startKey } : {}),
    params: {
      ...(meeting.agenda ? { [MEETING_PARAMS.agenda]: meeting.agenda } : {}),
      [MEETING_PARAMS.startsAt]: meeting.startsAt.toISOString(),
      [MEETING_PARAMS.endsAt]: meeting.endsAt.toISOString(),
      ...(meeting.roomId ? { [MEETING_PARAMS.roomId]: meeting.roomId } : {}),
      ...(meeting.place ? { [MEETING_PARAMS.place]: meeting.place } : {}),
      [MEETING_PARAMS.attendees]: meeting.attendees,
      [MEETING_PARAMS.attendeeDepartments]: meeting.departments,
      [MEETING_PARAMS.headcount]: String(headcount),
      [MEETING_PARAMS.hostDepartmentId]: meeting.hostDepartmentId,
      [MEETING_PARAMS.hostHead]: [hostHead],
      [MEETING_PARAMS.chair]: [meeting.chairId],
      ...(meeting.materials ? { [MEETING_PARAMS.materials]: meeting.materials } : {}),
      ...(meeting.budget !== null ? { [MEETING_PARAMS.budget]: String(meeting.budget) } : {}),
      [MEETING_PARAMS.planned]: meeting.planned ? '1' : '0',
      ...(meeting.unplannedReason ? { [MEETING_PARAMS.unplannedReason]: meeting.unplannedReason } : {}),
      ...records,
    },
  });
}

/**
 * Refuses a classified meeting that invites someone cleared below its level (the people named,
 * the invited departments' members and the chair, with `clearance` from the organisation file, as
 * the documents check their handlers): `meeting_attendee_not_cleared`, naming each of them.
 */
function checkClearances(
  meeting: NewMeeting,
  people: ReadonlyArray<{
    id: string;
    name: string;
    nameEn: string | null;
    departmentId: string;
    clearance: string;
  }>,
): void {
  const invited = attendeeSetOf(
    { attendees: meeting.attendees, departments: meeting.departments, chairId: meeting.chairId },
    people,
  );
  const below = people.filter(
    (p) => invited.has(p.id) && !isClearedFor(p.clearance as SecrecyLevel, meeting.secrecy),
  );
  if (below.length === 0) return;
  throw new AppError('meeting_attendee_not_cleared', `${below.map((p) => p.id).join(', ')} not cleared`, {
    params: {
      namesZh: below.map((p) => p.name).join('、'),
      namesEn: below.map((p) => p.nameEn ?? p.name).join(', '),
      levelZh: t('zh', `meeting.secrecy.${meeting.secrecy}`),
      levelEn: t('en', `meeting.secrecy.${meeting.secrecy}`),
    },
  });
}

/**
 * Refuses a room that is not in the file, has too few seats for `headcount`, or is held by another
 * meeting at some moment of `wanted`; the refusal names the holder and the free rooms.
 */
export async function checkRoom(
  db: Db,
  roomId: string,
  wanted: TimeRange & { instanceId?: string },
  headcount: number,
  zone: string,
): Promise<void> {
  const room = (await listRooms(db)).find((r) => r.id === roomId);
  if (!room) throw new AppError('meeting_room_unknown', `no room ${roomId}`);
  if (room.capacity < headcount) {
    throw new AppError('meeting_room_too_small', `room ${roomId} seats ${room.capacity}`, {
      params: {
        roomZh: room.name,
        roomEn: room.nameEn ?? room.name,
        capacity: room.capacity,
        headcount,
        ...(await freeRoomsWords(db, wanted, headcount)),
      },
    });
  }
  const holder = conflictOf({ ...wanted, roomId }, await bookingsDuring(db, wanted, roomId));
  if (holder) throw await roomTaken(db, room, holder, wanted, headcount, zone);
}

/** The meeting's time and room as its params hold them. */
export function meetingPlaceOf(instance: WorkflowInstance): {
  range: TimeRange | null;
  roomId: string | null;
  headcount: number;
} {
  const p = instance.params;
  const text = (key: string) => (typeof p[key] === 'string' ? (p[key] as string) : null);
  const startsAt = text(MEETING_PARAMS.startsAt);
  const endsAt = text(MEETING_PARAMS.endsAt);
  return {
    range: startsAt && endsAt ? { startsAt: new Date(startsAt), endsAt: new Date(endsAt) } : null,
    roomId: text(MEETING_PARAMS.roomId),
    headcount: Number(text(MEETING_PARAMS.headcount) ?? '0') || 0,
  };
}

/**
 * Every approval of a meeting with a room: the room's row is locked for the rest of the click's
 * transaction, and an approval while another meeting holds the room at an overlapping time is
 * refused (`meeting_room_taken`, naming it and the free rooms). The final approval books the room.
 */
export function meetingApprovalHook(timeZone: string): TransitionHook {
  return async (tx: Tx, { current, next, action, now }) => {
    if (action.type !== 'approve') return null;
    const { range, roomId, headcount } = meetingPlaceOf(current);
    if (roomId === null || range === null) return null;
    // Taken in turn: a second approval for this room waits here until the first commits, then
    // reads its booking (each statement of a transaction sees what committed before it began).
    await tx.$queryRaw`SELECT id FROM meeting_room WHERE id = ${roomId} FOR UPDATE`;
    const wanted = { ...range, instanceId: current.id };
    const holder = conflictOf({ ...wanted, roomId }, await bookingsDuring(tx, range, roomId));
    if (holder) {
      // A room since taken out of the file is still named, by its id.
      const room = (await listRooms(tx)).find((r) => r.id === roomId) ?? {
        id: roomId,
        name: roomId,
        nameEn: null,
        capacity: 0,
        equipment: [],
      };
      throw await roomTaken(tx, room, holder, wanted, headcount, timeZone);
    }
    if (next.status !== 'approved') return null;
    await tx.meetingBooking.create({
      data: {
        roomId,
        instanceId: current.id,
        startsAt: range.startsAt,
        endsAt: range.endsAt,
        // A classified meeting is named by its number only.
        title: current.title ?? current.reference ?? '',
        createdAt: now,
      },
    });
    return { next, details: { booked: roomId } };
  };
}

/** A room's bookings in a week, in time order. */
export async function roomWeek(db: Db, roomId: string, week: { from: Date; to: Date }): Promise<Booking[]> {
  return bookingsDuring(db, { startsAt: week.from, endsAt: week.to }, roomId);
}
