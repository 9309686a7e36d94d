// Attendees of an approved meeting (会议通知) and their answers. At the chairing leader's approval,
// in its transaction, one `meeting_attendee` row is written for each invitee (the people named,
// every active member of the named departments, the chair; each once) and each gets a copy of the
// meeting's card: that copy is the notice. An attendee answers on it: 参加, 请假 (with a reason) or
// 委派 (a stand-in, who becomes an attendee and gets the card). The organiser's copy shows the
// tally. An answer is a conditional update of the attendee's row, so the same answer twice, or two
// at once, changes it once; the copies it changes are redrawn through the outbox in the same
// transaction.

import { DateTime } from 'luxon';
import type { CardExtraAction, CardField } from '../../chat/core/card.ts';
import type { Db, Tx } from '../../db/types.ts';
import { MEETING_PARAMS } from '../../domain/meetings/meeting.ts';
import { displayNameOf, isClearedFor, type SecrecyLevel } from '../../domain/org.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { OUTBOX_KINDS } from '../../outbox/intents.ts';
import {
  cardSyncMessage,
  cardSyncOrdering,
  type OutboxMessageInput,
  PERSON_MESSAGE_KIND,
  personConversationKey,
} from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import {
  cardRecipientsOf,
  homeRefreshesOf,
  isUniqueViolation,
  type TransitionHook,
} from '../workflow/workflow-service.ts';
import { isMeetingRequest, meetingPlaceOf, timeRangeText } from './meeting-service.ts';

/** An attendee's answer to the notice. */
export const RESPONSES = ['pending', 'attending', 'leave', 'delegated'] as const;
export type AttendeeResponse = (typeof RESPONSES)[number];

/** Longest leave reason kept. */
export const LEAVE_REASON_MAX = 300;

/** The neutral actions of the attendee's and the organiser's buttons on a meeting's card. */
export const MEETING_ACTIONS = {
  attend: 'meeting_attend',
  leave: 'meeting_leave',
  delegate: 'meeting_delegate',
  change: 'meeting_change',
  cancel: 'meeting_cancel',
} as const;

/** Params a change or a cancellation adds to an approved meeting. */
export const MEETING_CHANGE_PARAMS = {
  cancelledAt: 'cancelledAt',
  cancelReason: 'cancelReason',
  /** Marked on the request form (重要会议): non-responders are chased the day before. */
  important: 'important',
} as const;

/**
 * What the notices and forms call a meeting: its name, or its number for a classified meeting
 * (which has no name stored).
 */
export function meetingNameOf(instance: Pick<WorkflowInstance, 'title' | 'reference'>): string {
  return instance.title ?? instance.reference ?? '';
}

/** Whether a meeting has been cancelled after its approval. */
export function isCancelled(instance: WorkflowInstance): boolean {
  return typeof instance.params[MEETING_CHANGE_PARAMS.cancelledAt] === 'string';
}

/** Whether the meeting has begun at `now` (its start has come). */
export function hasStarted(instance: WorkflowInstance, now: Date): boolean {
  const { range } = meetingPlaceOf(instance);
  return range !== null && range.startsAt.getTime() <= now.getTime();
}

/** Whether the meeting is over at `now` (its end has passed). */
export function hasEnded(instance: WorkflowInstance, now: Date): boolean {
  const { range } = meetingPlaceOf(instance);
  return range !== null && range.endsAt.getTime() <= now.getTime();
}

const list = (instance: WorkflowInstance, key: string): string[] => {
  const value = instance.params[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

/**
 * Who a meeting invites, in order: the people named, then the named departments' active members
 * (in directory order), then the chair; each once.
 */
export async function inviteesOf(db: Db, instance: WorkflowInstance): Promise<string[]> {
  const departments = list(instance, MEETING_PARAMS.attendeeDepartments);
  const members =
    departments.length === 0
      ? []
      : await db.person.findMany({
          where: { active: true, departmentId: { in: departments } },
          orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
          select: { id: true },
        });
  return [
    ...new Set([
      ...list(instance, MEETING_PARAMS.attendees),
      ...members.map((m) => m.id),
      ...list(instance, MEETING_PARAMS.chair),
    ]),
  ];
}

/**
 * A new copy of the meeting's card for `personId`, posted in their conversation's order: the
 * notice. A person who already holds a copy gets it updated by the transition itself.
 */
function noticeCard(instanceId: string, personId: string): OutboxMessageInput {
  return {
    ...cardSyncOrdering(instanceId, personId, personConversationKey(personId), true),
    kind: OUTBOX_KINDS.cardSync,
    payload: { instanceId, personId },
  };
}

/**
 * At the final approval, in its transaction: one attendee row per invitee, and the notice (a copy
 * of the card) to each who holds no copy yet. Written again (a retried click), it adds nothing.
 */
export async function inviteAttendees(tx: Tx, next: WorkflowInstance, now: Date): Promise<string[]> {
  const invitees = await inviteesOf(tx, next);
  await tx.meetingAttendee.createMany({
    data: invitees.map((personId) => ({ instanceId: next.id, personId, createdAt: now })),
    skipDuplicates: true,
  });
  const holders = new Set(cardRecipientsOf(next));
  await enqueueOutbox(
    tx,
    [
      ...invitees.filter((id) => !holders.has(id)).map((id) => noticeCard(next.id, id)),
      // The meeting comes into each invitee's 本周会议 when it is this week's.
      ...homeRefreshesOf(invitees),
    ],
    now,
  );
  return invitees;
}

/** What an attendee answers. */
export type NoticeAnswer =
  | { kind: 'attend' }
  | { kind: 'leave'; reason: string }
  | { kind: 'delegate'; toPersonId: string };

/** An attendee's row as the card and the answers read it. */
export interface AttendeeRow {
  personId: string;
  response: string;
  leaveReason: string | null;
  delegateId: string | null;
  delegatedById: string | null;
}

const ATTENDEE_SELECT = {
  personId: true,
  response: true,
  leaveReason: true,
  delegateId: true,
  delegatedById: true,
} as const;

/** The attendees of a meeting, in the order they were invited. */
export function attendeesOf(db: Db, instanceId: string): Promise<AttendeeRow[]> {
  return db.meetingAttendee.findMany({
    where: { instanceId },
    orderBy: { id: 'asc' },
    select: ATTENDEE_SELECT,
  });
}

/** The meeting's end (or start) in both languages, for refusals told in the presser's. */
function timesOf(instance: WorkflowInstance, zone: string, moment: 'startsAt' | 'endsAt' = 'endsAt') {
  const { range } = meetingPlaceOf(instance);
  if (range === null) return { timeZh: '', timeEn: '' };
  const at = (locale: Locale) =>
    DateTime.fromJSDate(range[moment], { zone }).setLocale(locale === 'en' ? 'en-GB' : 'zh-CN');
  return {
    timeZh: at('zh').toFormat('M月d日 HH:mm'),
    timeEn: at('en').toFormat('d LLL HH:mm'),
  };
}

/**
 * Reads an approved, not cancelled, not ended meeting for an answer; throws the refusal
 * otherwise (`meeting_not_found`, `meeting_not_approved`, `meeting_cancelled`, `meeting_ended`).
 */
export async function meetingToAnswer(
  db: Db,
  input: { instanceId: string; workspaceId: string | null },
  now: Date,
  zone: string,
): Promise<WorkflowInstance> {
  const instance = await approvedMeetingOf(db, input);
  if (hasEnded(instance, now)) {
    throw new AppError('meeting_ended', 'the meeting is over', { params: timesOf(instance, zone) });
  }
  return instance;
}

/**
 * Reads an approved, not cancelled meeting of the workspace; throws the refusal otherwise
 * (`meeting_not_found`, `meeting_not_approved`, `meeting_cancelled`).
 */
export async function approvedMeetingOf(
  db: Db,
  input: { instanceId: string; workspaceId: string | null },
): Promise<WorkflowInstance> {
  const row = await db.workflowInstance.findUnique({ where: { id: input.instanceId } });
  if (row === null || (row.workspaceId !== null && row.workspaceId !== input.workspaceId)) {
    throw new AppError('meeting_not_found', `no meeting ${input.instanceId}`);
  }
  const instance = instanceFromRow(row);
  if (!isMeetingRequest(instance)) throw new AppError('meeting_not_found', 'not a meeting');
  if (instance.status !== 'approved') throw new AppError('meeting_not_approved', 'not approved');
  if (isCancelled(instance)) throw new AppError('meeting_cancelled', 'cancelled');
  return instance;
}

/**
 * A stand-in is named before the meeting, not into one under way: throws
 * `meeting_delegate_started` (with the start) once the meeting has begun.
 */
export function refuseDelegationOnceStarted(instance: WorkflowInstance, now: Date, zone: string): void {
  if (hasStarted(instance, now)) {
    throw new AppError('meeting_delegate_started', 'the meeting has started', {
      params: timesOf(instance, zone, 'startsAt'),
    });
  }
}

/** Refuses someone the meeting does not invite. */
function notInvited(): AppError {
  return new AppError('meeting_not_invited', 'not an attendee');
}

/** What came of an answer: whether it changed anything, and the meeting's title. */
export interface AnswerOutcome {
  changed: boolean;
  title: string;
  /** The stand-in, for a delegation: their names, told in the answerer's language. */
  delegate?: { name: string; nameEn: string | null };
}

/**
 * Records `personId`'s answer to the notice of `instanceId`. The row is updated only when the
 * answer differs from the one recorded, so the same press twice (or two at once) applies once; the
 * answerer's and the organiser's copies are redrawn in the same transaction. A delegation also
 * invites the stand-in (refused when they are invited already, or are the answerer) and sends
 * them the notice. Throws the refusals of {@link meetingToAnswer}, `meeting_not_invited`,
 * `meeting_delegate_self`, `meeting_delegate_invited`, `meeting_delegate_unknown`,
 * `meeting_delegate_not_cleared` (a classified meeting's stand-in cleared below its level) and
 * `meeting_already_delegated`.
 */
export async function answerNotice(
  deps: { prisma: PrismaClient; clock: Clock; timeZone: string; onOutboxWritten?: () => void },
  input: { instanceId: string; workspaceId: string | null; personId: string; answer: NoticeAnswer },
): Promise<AnswerOutcome> {
  const now = deps.clock.now();
  const { answer, personId } = input;
  const outcome = await deps.prisma
    .$transaction(async (tx) => {
      const instance = await meetingToAnswer(tx, input, now, deps.timeZone);
      const title = meetingNameOf(instance);
      const mine = await tx.meetingAttendee.findUnique({
        where: { instanceId_personId: { instanceId: instance.id, personId } },
        select: ATTENDEE_SELECT,
      });
      if (mine === null) throw notInvited();
      const where = { instanceId: instance.id, personId };
      const redraw = [
        cardSyncMessage(instance.id, personId, { refresh: true }),
        // The organiser follows the tally: where the copy cannot change in place, a new one shows it.
        ...(instance.requesterId === personId
          ? []
          : [cardSyncMessage(instance.id, instance.requesterId, { refresh: true, watched: true })]),
        // The answer shows in the answerer's 本周会议.
        ...homeRefreshesOf([personId]),
      ];
      if (answer.kind === 'attend' || answer.kind === 'leave') {
        const response = answer.kind === 'attend' ? 'attending' : 'leave';
        const reason = answer.kind === 'leave' ? answer.reason.slice(0, LEAVE_REASON_MAX) : null;
        // Only a different answer is written: the same one again (or at once) changes nothing.
        const updated = await tx.meetingAttendee.updateMany({
          where: {
            ...where,
            NOT: { response, ...(reason === null ? {} : { leaveReason: reason }) },
          },
          data: { response, leaveReason: reason, respondedAt: now },
        });
        if (updated.count === 0) return { changed: false, title };
        await enqueueOutbox(tx, redraw, now);
        return { changed: true, title };
      }
      // 委派: the stand-in must be someone else, in the directory, and not invited yet.
      if (mine.response === 'delegated') {
        if (mine.delegateId === answer.toPersonId) return { changed: false, title };
        throw new AppError('meeting_already_delegated', 'already delegated');
      }
      refuseDelegationOnceStarted(instance, now, deps.timeZone);
      if (answer.toPersonId === personId) throw new AppError('meeting_delegate_self', 'delegates self');
      const stand = await tx.person.findUnique({
        where: { id: answer.toPersonId },
        select: { active: true, name: true, nameEn: true, locale: true, clearance: true },
      });
      if (!stand?.active) throw new AppError('meeting_delegate_unknown', `${answer.toPersonId} unknown`);
      // A classified meeting's stand-in must be cleared for its level, as every invitee is.
      if (!isClearedFor(stand.clearance as SecrecyLevel, instance.secrecy)) {
        throw new AppError('meeting_delegate_not_cleared', `${answer.toPersonId} not cleared`, {
          params: {
            name: stand.name,
            levelZh: t('zh', `meeting.secrecy.${instance.secrecy}`),
            levelEn: t('en', `meeting.secrecy.${instance.secrecy}`),
          },
        });
      }
      const taken = await tx.meetingAttendee.findUnique({
        where: { instanceId_personId: { instanceId: instance.id, personId: answer.toPersonId } },
        select: { id: true },
      });
      if (taken) {
        throw new AppError('meeting_delegate_invited', 'the stand-in is invited already', {
          params: { name: stand.name },
        });
      }
      const updated = await tx.meetingAttendee.updateMany({
        where: { ...where, NOT: { response: 'delegated' } },
        data: { response: 'delegated', delegateId: answer.toPersonId, leaveReason: null, respondedAt: now },
      });
      if (updated.count === 0) return { changed: false, title };
      await tx.meetingAttendee.create({
        data: {
          instanceId: instance.id,
          personId: answer.toPersonId,
          delegatedById: personId,
          createdAt: now,
        },
      });
      await enqueueOutbox(
        tx,
        [
          ...redraw,
          {
            orderingKey: personConversationKey(answer.toPersonId),
            kind: PERSON_MESSAGE_KIND,
            payload: {
              personId: answer.toPersonId,
              key: 'meeting.notice.delegated_to_you',
              params: { title },
              people: { by: personId },
            },
          },
          noticeCard(instance.id, answer.toPersonId),
          ...homeRefreshesOf([answer.toPersonId]),
        ],
        now,
      );
      return { changed: true, title, delegate: { name: stand.name, nameEn: stand.nameEn } };
    })
    .catch(async (error: unknown) => {
      // Two delegations to the same stand-in at once: the unique row lets one through.
      if (!isUniqueViolation(error) || answer.kind !== 'delegate') throw error;
      const stand = await deps.prisma.person.findUnique({
        where: { id: answer.toPersonId },
        select: { name: true },
      });
      throw new AppError('meeting_delegate_invited', 'the stand-in is invited already', {
        params: { name: stand?.name ?? answer.toPersonId },
        cause: error,
      });
    });
  if (outcome.changed) deps.onOutboxWritten?.();
  return outcome;
}

/** The names of `ids` in `locale`, from the directory (the id for someone unknown). */
async function namesIn(db: Db, ids: readonly string[], locale: Locale): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const people = await db.person.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, name: true, nameEn: true },
  });
  return new Map(people.map((p) => [p.id, displayNameOf(p, locale)]));
}

/** What each group of the tally lists: a name, with the reason or the stand-in where there is one. */
export function tallyOf(
  rows: readonly AttendeeRow[],
  name: (id: string) => string,
  locale: Locale,
): Record<AttendeeResponse, string[]> {
  const groups: Record<AttendeeResponse, string[]> = { pending: [], attending: [], leave: [], delegated: [] };
  for (const row of rows) {
    const who = name(row.personId);
    const response = RESPONSES.find((r) => r === row.response) ?? 'pending';
    if (response === 'leave' && row.leaveReason) {
      groups.leave.push(t(locale, 'meeting.tally.with_reason', { name: who, reason: row.leaveReason }));
    } else if (response === 'delegated' && row.delegateId) {
      groups.delegated.push(t(locale, 'meeting.tally.delegated_to', { name: who, to: name(row.delegateId) }));
    } else groups[response].push(who);
  }
  return groups;
}

/**
 * What one viewer of a meeting's card gets besides its facts, read when it is drawn: an attendee
 * their answer and, until the meeting ends (and unless it was cancelled), 参加 / 请假 / 委派; the
 * organiser the tally (已确认 / 请假 / 已委派 / 未回复, with names) and the organiser's buttons.
 */
export function meetingViewerLive(deps: {
  clock: Clock;
  organiserButtons?: (instance: WorkflowInstance, locale: Locale) => CardExtraAction[];
}) {
  return async (
    instance: WorkflowInstance,
    viewer: { personId: string; roles: readonly string[] },
    locale: Locale,
    prisma: PrismaClient,
  ): Promise<{ fields: CardField[]; extras: CardExtraAction[] }> => {
    const fields: CardField[] = [];
    const extras: CardExtraAction[] = [];
    if (instance.status !== 'approved') return { fields, extras };
    const reason = instance.params[MEETING_CHANGE_PARAMS.cancelReason];
    if (isCancelled(instance)) {
      fields.push({
        label: t(locale, 'meeting.card.cancelled'),
        value: typeof reason === 'string' ? reason : '',
      });
    }
    const rows = await attendeesOf(prisma, instance.id);
    const mine = rows.find((r) => r.personId === viewer.personId);
    const organiser = instance.requesterId === viewer.personId;
    if (!mine && !organiser) return { fields, extras };
    const ids = new Set<string>();
    for (const row of organiser ? rows : mine ? [mine] : []) {
      ids.add(row.personId);
      if (row.delegateId) ids.add(row.delegateId);
      if (row.delegatedById) ids.add(row.delegatedById);
    }
    const names = await namesIn(prisma, [...ids], locale);
    const name = (id: string) => names.get(id) ?? id;
    const separator = locale === 'en' ? ', ' : '、';
    const open = !isCancelled(instance) && !hasEnded(instance, deps.clock.now());
    if (mine) {
      if (mine.delegatedById) {
        fields.push({
          label: t(locale, 'meeting.notice.delegated_by'),
          value: name(mine.delegatedById),
        });
      }
      fields.push({ label: t(locale, 'meeting.notice.your_answer'), value: answerText(mine, name, locale) });
      if (open) {
        extras.push(
          {
            key: MEETING_ACTIONS.attend,
            label: t(locale, 'meeting.notice.attend'),
            style: mine.response === 'attending' ? null : 'primary',
          },
          { key: MEETING_ACTIONS.leave, label: t(locale, 'meeting.notice.leave'), style: null },
        );
        // 委派 until the start: a stand-in is named before the meeting (it also keeps an invited
        // organiser's copy within six buttons once 签到 and 写纪要 come).
        if (mine.response !== 'delegated' && !hasStarted(instance, deps.clock.now())) {
          extras.push({
            key: MEETING_ACTIONS.delegate,
            label: t(locale, 'meeting.notice.delegate'),
            style: null,
          });
        }
      }
    }
    if (organiser) {
      // One field, a line per answer: a platform that shows few fields still shows the tally.
      const groups = tallyOf(rows, name, locale);
      const shown = (['attending', 'leave', 'delegated', 'pending'] as const).filter(
        (response) => response !== 'delegated' || groups.delegated.length > 0,
      );
      const group = (response: (typeof shown)[number]) =>
        t(locale, `meeting.tally.${response}`, { count: groups[response].length });
      const lines = shown.map((response) =>
        t(locale, 'meeting.tally.line', {
          group: group(response),
          names:
            groups[response].length === 0
              ? t(locale, 'meeting.tally.none')
              : groups[response].join(separator),
        }),
      );
      // Its counts alone where a platform has no room for a line per answer.
      fields.push({
        label: t(locale, 'meeting.tally.title'),
        value: lines.join('\n'),
        summary: shown
          .map((response) => t(locale, `meeting.tally.short.${response}`, { count: groups[response].length }))
          .join(locale === 'en' ? ', ' : '，'),
      });
      if (open) extras.push(...(deps.organiserButtons?.(instance, locale) ?? []));
    }
    return { fields, extras };
  };
}

/** An attendee's own answer as their card says it. */
function answerText(row: AttendeeRow, name: (id: string) => string, locale: Locale): string {
  switch (row.response) {
    case 'attending':
      return t(locale, 'meeting.answer.attending');
    case 'leave':
      return t(locale, 'meeting.answer.leave', { reason: row.leaveReason ?? '' });
    case 'delegated':
      return t(locale, 'meeting.answer.delegated', { name: row.delegateId ? name(row.delegateId) : '' });
    default:
      return t(locale, 'meeting.answer.pending');
  }
}

/** The meeting's time as a notice names it, in `locale`. */
export function meetingTimeText(instance: WorkflowInstance, zone: string, locale: Locale): string {
  const { range } = meetingPlaceOf(instance);
  return range ? timeRangeText(range, zone, locale) : '';
}

/**
 * The meeting's approval hook with the invitations: once the chairing leader's approval finishes
 * the request (its room booked by `hook`), the attendees are written and sent the notice, in the
 * same transaction.
 */
export function withInvitations(hook: TransitionHook): TransitionHook {
  return async (tx, context) => {
    const done = await hook(tx, context);
    const next = done?.next ?? context.next;
    if (context.action.type !== 'approve' || next.status !== 'approved') return done;
    const invited = await inviteAttendees(tx, next, context.now);
    return { next, details: { ...(done?.details ?? {}), invited: invited.length } };
  };
}
