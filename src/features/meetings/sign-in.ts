// Sign-in (签到) at a meeting. From 30 minutes before the start until the end, an attendee's copy
// of the card offers 签到, and the office secretaries or the organiser may sign several people in
// from a form. A sign-in is a conditional update of the attendee's row (`signed_in_at IS NULL`),
// so a second press, or two at once, records it once. Ten minutes after the start, those neither
// signed in nor excused (请假, or delegated away) are reminded once, and the organiser is sent
// 应到 / 实到 / 请假 / 缺席 with names; their card shows the counts from then on.

import { DateTime } from 'luxon';
import type { CardViewerLiveOf } from '../../chat/core/card-assembly.ts';
import type { Db } from '../../db/types.ts';
import { displayNameOf } from '../../domain/org.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { cardSyncMessage } from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { homeRefreshesOf } from '../workflow/workflow-service.ts';
import { approvedMeetingOf, isCancelled, meetingNameOf } from './attendees.ts';
import { meetingPlaceOf, timeRangeText } from './meeting-service.ts';
import { isOrganiserOrOffice } from './plan-service.ts';

/** Sign-in opens this many minutes before the start. */
export const SIGN_IN_OPENS_MINUTES = 30;
/** Those not signed in are reminded, and the organiser told the attendance, this long after the start. */
export const ATTENDANCE_CHECK_MINUTES = 10;

const MINUTE_MS = 60_000;

/** The 签到 button's neutral action. */
export const SIGN_IN_ACTION = 'meeting_signin';

/** When sign-in is open for a meeting: from 30 minutes before its start until its end. */
export function signInWindow(instance: WorkflowInstance): { opensAt: Date; closesAt: Date } | null {
  const { range } = meetingPlaceOf(instance);
  if (range === null) return null;
  return {
    opensAt: new Date(range.startsAt.getTime() - SIGN_IN_OPENS_MINUTES * MINUTE_MS),
    closesAt: range.endsAt,
  };
}

/** Whether `now` is inside the sign-in window of an approved, not cancelled meeting. */
export function signInOpen(instance: WorkflowInstance, now: Date): boolean {
  const window = signInWindow(instance);
  return (
    window !== null &&
    instance.status === 'approved' &&
    !isCancelled(instance) &&
    window.opensAt <= now &&
    now < window.closesAt
  );
}

/** Whether sign-in has opened for a meeting by `now` (its window's start has come). */
export function signInOpened(instance: WorkflowInstance, now: Date): boolean {
  const window = signInWindow(instance);
  return window !== null && window.opensAt <= now;
}

/** How many attendees signed in, by meeting (meetings with none are absent). */
export async function signedInCounts(db: Db, instanceIds: readonly string[]): Promise<Map<string, number>> {
  if (instanceIds.length === 0) return new Map();
  const groups = await db.meetingAttendee.groupBy({
    by: ['instanceId'],
    where: { instanceId: { in: [...instanceIds] }, signedInAt: { not: null } },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.instanceId, g._count._all]));
}

/** The moment the attendance is checked: ten minutes after the start. */
export function attendanceCheckAt(instance: WorkflowInstance): Date | null {
  const { range } = meetingPlaceOf(instance);
  return range === null ? null : new Date(range.startsAt.getTime() + ATTENDANCE_CHECK_MINUTES * MINUTE_MS);
}

/** An attendee's row as attendance reads it. */
export interface AttendanceRow {
  personId: string;
  response: string;
  signedInAt: Date | null;
}

/** Who counts where: 应到 (invited, not delegated away), 实到, 请假, 缺席 (expected, not signed in). */
export function attendanceOf(rows: readonly AttendanceRow[]) {
  const expected = rows.filter((r) => r.response !== 'delegated');
  const present = expected.filter((r) => r.signedInAt !== null);
  const leave = expected.filter((r) => r.response === 'leave' && r.signedInAt === null);
  const absent = expected.filter((r) => r.response !== 'leave' && r.signedInAt === null);
  return { expected, present, leave, absent };
}

/** Attendance rate: 实到 / (应到 − 请假), null when nobody was expected. */
export function attendanceRate(rows: readonly AttendanceRow[]): number | null {
  const { expected, present, leave } = attendanceOf(rows);
  const base = expected.length - leave.length;
  return base <= 0 ? null : present.length / base;
}

/** The attendees' rows of a meeting, in invitation order. */
export function attendanceRows(db: Db, instanceId: string): Promise<AttendanceRow[]> {
  return db.meetingAttendee.findMany({
    where: { instanceId },
    orderBy: { id: 'asc' },
    select: { personId: true, response: true, signedInAt: true },
  });
}

/** The meeting's time in both languages, for a refusal told in the presser's. */
function timesOf(instance: WorkflowInstance, zone: string) {
  const { range } = meetingPlaceOf(instance);
  return {
    timeZh: range ? timeRangeText(range, zone, 'zh') : '',
    timeEn: range ? timeRangeText(range, zone, 'en') : '',
  };
}

/**
 * Reads a meeting open for sign-in at `now`; throws the refusal otherwise (`meeting_not_found`,
 * `meeting_not_approved`, `meeting_cancelled`, `meeting_signin_closed`).
 */
export async function meetingToSignIn(
  db: Db,
  input: { instanceId: string; workspaceId: string | null },
  now: Date,
  zone: string,
): Promise<WorkflowInstance> {
  const instance = await approvedMeetingOf(db, input);
  if (!signInOpen(instance, now)) {
    throw new AppError('meeting_signin_closed', 'sign-in is not open', { params: timesOf(instance, zone) });
  }
  return instance;
}

/** Whether `personId` may sign others in to `instance`: an office secretary (or head), or its organiser. */
export async function maySignOthersIn(
  db: Db,
  instance: WorkflowInstance,
  personId: string,
): Promise<boolean> {
  return isOrganiserOrOffice(db, instance.requesterId, personId);
}

/** Why the secretary's form did not sign someone in. */
export type SignInRefusal = 'not_invited' | 'delegated';

/** What came of a sign-in. */
export interface SignInOutcome {
  title: string;
  /** Those signed in now (not before). */
  signed: string[];
  /** Those ticked who were signed in already (by themselves or someone else meanwhile): no change. */
  already: string[];
  /** Those ticked who cannot be signed in, with why; nothing is written for them. */
  refused: Array<{ personId: string; reason: SignInRefusal; delegateId: string | null }>;
  /** Those signed in now who had asked for leave: their leave is withdrawn (they came after all). */
  leaveWithdrawn: string[];
}

/**
 * Signs `personIds` in to the meeting, recorded as by `by`. Only rows not signed in yet are
 * written (`signed_in_at IS NULL`), so a second press or two at once apply once; one signed in
 * already is reported, not refused. Signing in is coming: an attendee who had asked for leave (请假)
 * or not answered becomes 参加, the leave withdrawn, so the organiser's 回执 and the attendance agree.
 * The copies of those signed and the organiser's are redrawn in the same transaction. Someone
 * signing only themselves must be invited (`meeting_signin_not_invited`); signing others needs an
 * office secretary or the organiser (`meeting_signin_forbidden`), and each one ticked who is not
 * invited, or delegated the meeting away, is refused by name while the others are signed in.
 */
export async function signIn(
  deps: { prisma: PrismaClient; clock: Clock; timeZone: string; onOutboxWritten?: () => void },
  input: { instanceId: string; workspaceId: string | null; by: string; personIds: readonly string[] },
): Promise<SignInOutcome> {
  const now = deps.clock.now();
  const ids = [...new Set(input.personIds)];
  const outcome = await deps.prisma.$transaction(async (tx) => {
    const instance = await meetingToSignIn(tx, input, now, deps.timeZone);
    const title = meetingNameOf(instance);
    const self = ids.length === 1 && ids[0] === input.by;
    if (!self && !(await maySignOthersIn(tx, instance, input.by))) {
      throw new AppError('meeting_signin_forbidden', 'may not sign others in');
    }
    if (ids.length === 0) throw new AppError('meeting_signin_not_invited', 'nobody to sign in');
    const rows = new Map(
      (
        await tx.meetingAttendee.findMany({
          where: { instanceId: instance.id, personId: { in: ids } },
          select: { personId: true, response: true, delegateId: true },
        })
      ).map((r) => [r.personId, r]),
    );
    if (self && !rows.has(input.by)) throw new AppError('meeting_signin_not_invited', 'not an attendee');
    const result: SignInOutcome = { title, signed: [], already: [], refused: [], leaveWithdrawn: [] };
    for (const personId of ids) {
      const row = rows.get(personId);
      if (!row) {
        result.refused.push({ personId, reason: 'not_invited', delegateId: null });
        continue;
      }
      if (!self && row.response === 'delegated') {
        result.refused.push({ personId, reason: 'delegated', delegateId: row.delegateId });
        continue;
      }
      const updated = await tx.meetingAttendee.updateMany({
        where: { instanceId: instance.id, personId, signedInAt: null },
        data: { signedInAt: now, signedInBy: input.by },
      });
      if (updated.count === 0) {
        result.already.push(personId);
        continue;
      }
      result.signed.push(personId);
      // They came: an answer of 请假 or none becomes 参加.
      const answered = await tx.meetingAttendee.updateMany({
        where: { instanceId: instance.id, personId, response: { in: ['leave', 'pending'] } },
        data: { response: 'attending', leaveReason: null, respondedAt: now },
      });
      if (answered.count > 0 && row.response === 'leave') result.leaveWithdrawn.push(personId);
    }
    if (result.signed.length > 0) {
      const redraw = [...new Set([...result.signed, instance.requesterId])];
      await enqueueOutbox(
        tx,
        [
          ...redraw.map((personId) => cardSyncMessage(instance.id, personId, { refresh: true })),
          // The answer shown in their 本周会议 may have changed.
          ...homeRefreshesOf(result.signed),
        ],
        now,
      );
    }
    return result;
  });
  if (outcome.signed.length > 0) deps.onOutboxWritten?.();
  return outcome;
}

/** The names of `ids` in `locale`, from the directory (the id for someone unknown). */
export async function peopleNames(db: Db, ids: readonly string[], locale: Locale): Promise<string[]> {
  const people = await db.person.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, name: true, nameEn: true },
  });
  const names = new Map(people.map((p) => [p.id, displayNameOf(p, locale)]));
  return ids.map((id) => names.get(id) ?? id);
}

/** The attendance in `locale`: 应到 n，实到 n（names），请假 n（names），缺席 n（names）. */
export async function attendanceText(
  db: Db,
  rows: readonly AttendanceRow[],
  locale: Locale,
): Promise<string> {
  const { expected, present, leave, absent } = attendanceOf(rows);
  const separator = locale === 'en' ? ', ' : '、';
  const group = async (list: readonly AttendanceRow[]) =>
    list.length === 0
      ? t(locale, 'meeting.tally.none')
      : (
          await peopleNames(
            db,
            list.map((r) => r.personId),
            locale,
          )
        ).join(separator);
  return t(locale, 'meeting.signin.attendance', {
    expected: expected.length,
    present: present.length,
    presentNames: await group(present),
    leave: leave.length,
    leaveNames: await group(leave),
    absent: absent.length,
    absentNames: await group(absent),
  });
}

/**
 * The meeting card's viewer parts with sign-in: an attendee's copy shows 签到 (the button, inside
 * the window only) or 已签到 with the time; from ten minutes after the start, the organiser's copy
 * shows the attendance (应到 / 实到 / 请假 / 缺席).
 */
export function withSignIn(
  base: CardViewerLiveOf,
  deps: { clock: Clock; timeZone: string },
): CardViewerLiveOf {
  return async (instance, viewer, locale, prisma) => {
    const drawn = await base(instance, viewer, locale, prisma);
    if (instance.status !== 'approved' || isCancelled(instance)) return drawn;
    const now = deps.clock.now();
    const rows = await attendanceRows(prisma, instance.id);
    const mine = rows.find((r) => r.personId === viewer.personId);
    const fields = [...drawn.fields];
    const extras = [...drawn.extras];
    if (mine?.signedInAt) {
      const at = DateTime.fromJSDate(mine.signedInAt, { zone: deps.timeZone }).toFormat('HH:mm');
      fields.push({
        label: t(locale, 'meeting.signin.field'),
        value: t(locale, 'meeting.signin.done_at', { at }),
      });
    } else if (mine && mine.response !== 'delegated' && signInOpen(instance, now)) {
      extras.unshift({ key: SIGN_IN_ACTION, label: t(locale, 'meeting.signin.button'), style: 'primary' });
    }
    const checkAt = attendanceCheckAt(instance);
    if (instance.requesterId === viewer.personId && checkAt !== null && now >= checkAt) {
      const { expected, present, leave, absent } = attendanceOf(rows);
      // Once the meeting runs, who came is what its organiser's card is for: kept where a
      // platform shows few fields, as its counts alone where the names do not fit.
      fields.push({
        label: t(locale, 'meeting.signin.attendance_title'),
        value: await attendanceText(prisma, rows, locale),
        keep: true,
        summary: t(locale, 'meeting.signin.attendance_counts', {
          expected: expected.length,
          present: present.length,
          leave: leave.length,
          absent: absent.length,
        }),
      });
    }
    return { fields, extras };
  };
}
