// The organiser's changes to an approved meeting (会议变更、取消), from the buttons on their card:
// 变更 opens a form with the meeting's day, times and room, and moves it (the room checked free and
// large enough under the same row lock as the booking at approval; the booking moves with it);
// 取消会议 asks for a reason and frees the room. Either writes the meeting's new version with its
// audit entry, redraws every copy of the card (attendees' included) and tells each attendee what
// changed, in one transaction. Reminders follow the new time, and stop for a cancelled meeting.

import { parseCardItemValue } from '../../chat/core/card-item-value.ts';
import { asPerson, type ButtonHandler, formAnswer } from '../../chat/core/commands.ts';
import { appErrorText } from '../../chat/core/flow.ts';
import {
  type FormSpec,
  type FormText,
  type FormValues,
  message,
  prefill,
  textValue,
} from '../../chat/core/form-spec.ts';
import { richT } from '../../chat/core/reply.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import type { Tx } from '../../db/types.ts';
import { MEETING_PARAMS, meetingTimeOf, type TimeRange } from '../../domain/meetings/meeting.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { cardSyncMessage, PERSON_MESSAGE_KIND, personConversationKey } from '../../outbox/outbox-message.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { cardRecipientsOf, homeRefreshesOf, isUniqueViolation } from '../workflow/workflow-service.ts';
import { writeTransition } from '../workflow/write-transition.ts';
import { MEETING_ACTIONS, MEETING_CHANGE_PARAMS, meetingNameOf, meetingToAnswer } from './attendees.ts';
import { MEETING_FIELDS, meetingFormSpec, OUTSIDE_ROOM, TIME_PROBLEMS } from './meeting-form.ts';
import { checkRoom, listRooms, meetingPlaceOf, roomNameOf, timeRangeText } from './meeting-service.ts';

/** Form names (signed into web links). */
export const MEETING_CHANGE_FORM_ID = 'meeting.change';
export const MEETING_CANCEL_FORM_ID = 'meeting.cancel';

/** The cancel form's field. */
export const CANCEL_FIELDS = { reason: 'reason' } as const;

/** What the organiser's side needs. */
export interface MeetingChangeDeps {
  prisma: PrismaClient;
  clock: Clock;
  timeZone: string;
  onOutboxWritten?: () => void;
}

/** The organiser's buttons on their card of an approved meeting not over yet. */
export function organiserButtons(_instance: WorkflowInstance, locale: Locale) {
  return [
    { key: MEETING_ACTIONS.change, label: t(locale, 'meeting.change.button'), style: null },
    { key: MEETING_ACTIONS.cancel, label: t(locale, 'meeting.cancel.button'), style: 'danger' as const },
  ];
}

/** The meeting of `params` for its organiser; throws the refusals of an answer, or `meeting_not_organiser`. */
async function organisersMeeting(
  db: PrismaClient | Tx,
  deps: MeetingChangeDeps,
  params: Readonly<Record<string, string>>,
  personId: string,
): Promise<WorkflowInstance> {
  const instance = await meetingToAnswer(
    db,
    { instanceId: params.i ?? '', workspaceId: params.w ?? null },
    deps.clock.now(),
    deps.timeZone,
  );
  if (instance.requesterId !== personId) throw new AppError('meeting_not_organiser', 'not the organiser');
  return instance;
}

/** The request form's fields the 变更 form asks again. */
const CHANGED_FIELDS: readonly string[] = [
  MEETING_FIELDS.day,
  MEETING_FIELDS.start,
  MEETING_FIELDS.end,
  MEETING_FIELDS.room,
  MEETING_FIELDS.place,
];

/**
 * The 变更 form: the request form's day, times, room and place (their words and checks), filled in
 * with the meeting's.
 */
export async function changeFormSpec(deps: MeetingChangeDeps, instance: WorkflowInstance): Promise<FormSpec> {
  const { range, roomId } = meetingPlaceOf(instance);
  const local = (at: Date | undefined, format: string) =>
    at ? new Intl.DateTimeFormat('en-CA', { timeZone: deps.timeZone, ...formatOf(format) }).format(at) : null;
  const request = meetingFormSpec({
    rooms: await listRooms(deps.prisma),
    people: [],
    departments: [],
    hosts: [],
    chairs: [],
    initialHost: null,
    timeZone: deps.timeZone,
    now: deps.clock.now(),
  });
  const place = instance.params[MEETING_PARAMS.place];
  const spec: FormSpec = {
    id: MEETING_CHANGE_FORM_ID,
    title: message('meeting.change.title'),
    submitLabel: message('meeting.change.submit'),
    notices: [{ kind: 'note', lines: [message('meeting.change.intro', { title: meetingNameOf(instance) })] }],
    fields: request.fields.filter((f) => CHANGED_FIELDS.includes(f.id)),
    check: (values) => {
      const problems: Record<string, FormText> = {};
      const time = timeOf(values, deps.timeZone, deps.clock.now());
      if (!time.ok) problems[TIME_PROBLEMS[time.problem].field] = TIME_PROBLEMS[time.problem].text;
      if (
        textValue(values, MEETING_FIELDS.room) === OUTSIDE_ROOM &&
        !textValue(values, MEETING_FIELDS.place)
      ) {
        problems[MEETING_FIELDS.place] = message('meeting.error.place');
      }
      return problems;
    },
  };
  return prefill(spec, {
    [MEETING_FIELDS.day]: local(range?.startsAt, 'day'),
    [MEETING_FIELDS.start]: local(range?.startsAt, 'time'),
    [MEETING_FIELDS.end]: local(range?.endsAt, 'time'),
    [MEETING_FIELDS.room]: roomId ?? OUTSIDE_ROOM,
    [MEETING_FIELDS.place]: typeof place === 'string' ? place : null,
  });
}

function formatOf(format: string): Intl.DateTimeFormatOptions {
  return format === 'day'
    ? { year: 'numeric', month: '2-digit', day: '2-digit' }
    : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
}

function timeOf(values: FormValues, zone: string, now: Date) {
  return meetingTimeOf(
    {
      day: textValue(values, MEETING_FIELDS.day) ?? '',
      start: textValue(values, MEETING_FIELDS.start) ?? '',
      end: textValue(values, MEETING_FIELDS.end) ?? '',
    },
    zone,
    now,
  );
}

/** The 取消会议 form. */
export function cancelFormSpec(title: string): FormSpec {
  const required = message('meeting.cancel.error.reason');
  return {
    id: MEETING_CANCEL_FORM_ID,
    title: message('meeting.cancel.title'),
    submitLabel: message('meeting.cancel.submit'),
    notices: [{ kind: 'caution', lines: [message('meeting.cancel.intro', { title })] }],
    fields: [
      {
        id: CANCEL_FIELDS.reason,
        kind: 'long_text',
        label: message('meeting.cancel.reason'),
        required: true,
        maxLength: 300,
        messages: { required, invalid: required },
      },
    ],
  };
}

/** What a change or a cancellation writes. */
type Change =
  | { kind: 'change'; range: TimeRange; roomId: string | null; place: string | null }
  | { kind: 'cancel'; reason: string };

/** The meeting's place in `locale`: its room's name, or the place outside. */
function placeText(
  rooms: Awaited<ReturnType<typeof listRooms>>,
  roomId: string | null,
  place: unknown,
  locale: Locale,
) {
  const room = roomId ? rooms.find((r) => r.id === roomId) : undefined;
  if (room) return roomNameOf(room, locale);
  return roomId ?? (typeof place === 'string' ? place : '');
}

/**
 * Applies `change` to the organiser's meeting of `params`, once per submission (`requestKey`):
 * the booking moved or freed, the new version and its audit entry, every copy redrawn and every
 * attendee told. Throws the refusals of an answer, `meeting_not_organiser`, `meeting_unchanged`,
 * the room's (`meeting_room_taken` with the free rooms, `meeting_room_too_small`,
 * `meeting_room_unknown`) and `meeting_changed_meanwhile`.
 */
async function applyChange(
  deps: MeetingChangeDeps,
  input: { params: Readonly<Record<string, string>>; personId: string; change: Change; requestKey: string },
): Promise<{ title: string; duplicate: boolean }> {
  const now = deps.clock.now();
  const { change } = input;
  try {
    const applied = await deps.prisma.$transaction(async (tx) => {
      const current = await organisersMeeting(tx, deps, input.params, input.personId);
      const before = meetingPlaceOf(current);
      const rooms = await listRooms(tx);
      const params = { ...current.params };
      const say = (locale: Locale) => {
        if (change.kind === 'cancel') return '';
        const parts: string[] = [];
        const separator = locale === 'en' ? '; ' : '；';
        if (
          before.range &&
          timeRangeText(before.range, deps.timeZone, locale) !==
            timeRangeText(change.range, deps.timeZone, locale)
        ) {
          parts.push(
            t(locale, 'meeting.changed.time', {
              from: timeRangeText(before.range, deps.timeZone, locale),
              to: timeRangeText(change.range, deps.timeZone, locale),
            }),
          );
        }
        const from = placeText(rooms, before.roomId, current.params[MEETING_PARAMS.place], locale);
        const to = placeText(rooms, change.roomId, change.place, locale);
        if (from !== to) parts.push(t(locale, 'meeting.changed.place', { from, to }));
        return parts.join(separator);
      };
      if (change.kind === 'change') {
        if (!say('zh')) throw new AppError('meeting_unchanged', 'nothing changed');
        if (change.roomId !== null) {
          // The same rule as the booking at approval: the room's row held, then its bookings read.
          await tx.$queryRaw`SELECT id FROM meeting_room WHERE id = ${change.roomId} FOR UPDATE`;
          await checkRoom(
            tx,
            change.roomId,
            { ...change.range, instanceId: current.id },
            before.headcount,
            deps.timeZone,
          );
        }
        await tx.meetingBooking.deleteMany({ where: { instanceId: current.id } });
        if (change.roomId !== null) {
          await tx.meetingBooking.create({
            data: {
              roomId: change.roomId,
              instanceId: current.id,
              startsAt: change.range.startsAt,
              endsAt: change.range.endsAt,
              title: meetingNameOf(current),
              createdAt: now,
            },
          });
        }
        params[MEETING_PARAMS.startsAt] = change.range.startsAt.toISOString();
        params[MEETING_PARAMS.endsAt] = change.range.endsAt.toISOString();
        delete params[MEETING_PARAMS.roomId];
        delete params[MEETING_PARAMS.place];
        if (change.roomId) params[MEETING_PARAMS.roomId] = change.roomId;
        if (change.place) params[MEETING_PARAMS.place] = change.place;
      } else {
        // The room is free again: it shows so in `/meeting rooms` and may be booked.
        await tx.meetingBooking.deleteMany({ where: { instanceId: current.id } });
        params[MEETING_CHANGE_PARAMS.cancelledAt] = now.toISOString();
        params[MEETING_CHANGE_PARAMS.cancelReason] = change.reason;
      }
      const next: WorkflowInstance = { ...current, version: current.version + 1, params };
      const attendees = await tx.meetingAttendee.findMany({
        where: { instanceId: current.id },
        select: { personId: true },
      });
      const copies = new Set([...cardRecipientsOf(next), ...attendees.map((a) => a.personId)]);
      const time = (range: TimeRange | null, locale: Locale) =>
        range ? timeRangeText(range, deps.timeZone, locale) : '';
      const tell: { key: string; params: Record<string, string> } =
        change.kind === 'change'
          ? {
              key: 'meeting.changed',
              params: { title: meetingNameOf(current), changesZh: say('zh'), changesEn: say('en') },
            }
          : {
              key: 'meeting.cancelled',
              params: {
                title: meetingNameOf(current),
                timeZh: time(before.range, 'zh'),
                timeEn: time(before.range, 'en'),
                reason: change.reason,
              },
            };
      const last = await tx.auditEntry.findFirst({
        where: { instanceId: current.id },
        orderBy: { seq: 'desc' },
        select: { seq: true, hash: true },
      });
      const written = await writeTransition(tx, {
        current,
        next,
        lastAudit: last,
        audit: {
          at: now,
          actorId: input.personId,
          action: change.kind === 'change' ? 'meeting_change' : 'meeting_cancel',
          comment: change.kind === 'cancel' ? change.reason : null,
          details: change.kind === 'change' ? { changes: say('zh') } : null,
        },
        clickKey: `meeting-${change.kind}:${input.requestKey}`,
        outbox: [
          // A new time or room is what each copy is for: one a platform cannot update in place
          // is posted anew (the attendees are told the notice is updated), never left showing
          // the old ones.
          ...[...copies].map((personId) =>
            cardSyncMessage(current.id, personId, change.kind === 'change' ? { watched: true } : {}),
          ),
          ...attendees.map((a) => ({
            orderingKey: personConversationKey(a.personId),
            kind: PERSON_MESSAGE_KIND,
            payload: { personId: a.personId, ...tell },
          })),
          // Their 本周会议 shows the meeting's time and place, or shows it no more.
          ...homeRefreshesOf([current.requesterId, ...attendees.map((a) => a.personId)]),
        ],
        now,
      });
      if (!written) throw new AppError('meeting_changed_meanwhile', 'changed meanwhile');
      return { title: meetingNameOf(current), duplicate: false };
    });
    deps.onOutboxWritten?.();
    return applied;
  } catch (error) {
    // The same submission sent again after its commit: it was applied once.
    if (!isUniqueViolation(error)) throw error;
    const seen = await deps.prisma.processedClick.findUnique({
      where: { key: `meeting-${change.kind}:${input.requestKey}` },
    });
    if (seen === null) throw error;
    return { title: '', duplicate: true };
  }
}

/** 变更 and 取消会议 on the organiser's card: each opens its form. */
export function organiserButtonHandlers(deps: MeetingChangeDeps): ButtonHandler[] {
  const handler = (action: string, formId: string): ButtonHandler => ({
    action,
    async press(value, context) {
      const item = parseCardItemValue(value);
      if (item === null) {
        context.log.warn({ action }, 'meeting button with a bad value');
        return { kind: 'error', text: richT(context.locale, 'error.invalid_payload') };
      }
      return asPerson(context, async (actor) => {
        const params = { i: item.instanceId, ...(context.workspaceId ? { w: context.workspaceId } : {}) };
        const instance = await organisersMeeting(deps.prisma, deps, params, actor.personId);
        const spec =
          formId === MEETING_CHANGE_FORM_ID
            ? await changeFormSpec(deps, instance)
            : cancelFormSpec(meetingNameOf(instance));
        return formAnswer(formId, spec, params);
      });
    },
  });
  return [
    handler(MEETING_ACTIONS.change, MEETING_CHANGE_FORM_ID),
    handler(MEETING_ACTIONS.cancel, MEETING_CANCEL_FORM_ID),
  ];
}

/** Refusals about the room or the times, shown beside the room. */
const ROOM_ERRORS = new Set([
  'meeting_room_taken',
  'meeting_room_too_small',
  'meeting_room_unknown',
  'meeting_unchanged',
]);

/** The 变更 and 取消会议 forms, on the web and as Slack's modals. */
export function organiserWebForms(deps: MeetingChangeDeps): WebFormHandler[] {
  const form = (
    formId: string,
    changeOf: (values: FormValues) => Change,
    done: (locale: Locale, title: string) => string,
  ): WebFormHandler => ({
    formId,
    async load(context) {
      try {
        const instance = await organisersMeeting(deps.prisma, deps, context.params, context.personId);
        return formId === MEETING_CHANGE_FORM_ID
          ? await changeFormSpec(deps, instance)
          : cancelFormSpec(meetingNameOf(instance));
      } catch (error) {
        if (isAppError(error)) return null;
        throw error;
      }
    },
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      try {
        const applied = await applyChange(deps, {
          params: context.params,
          personId: context.personId,
          change: changeOf(values),
          requestKey: context.key,
        });
        return { ok: true, ...(applied.duplicate ? {} : { message: done(context.locale, applied.title) }) };
      } catch (error) {
        if (!isAppError(error)) throw error;
        const field =
          formId === MEETING_CHANGE_FORM_ID && ROOM_ERRORS.has(error.code) ? MEETING_FIELDS.room : undefined;
        return { ok: false, message: appErrorText(context.locale, error), ...(field ? { field } : {}) };
      }
    },
  });
  return [
    form(
      MEETING_CHANGE_FORM_ID,
      (values) => {
        const time = timeOf(values, deps.timeZone, deps.clock.now());
        if (!time.ok) throw new Error(`meeting times not checked: ${time.problem}`);
        const room = textValue(values, MEETING_FIELDS.room);
        return {
          kind: 'change',
          range: time.range,
          roomId: room === OUTSIDE_ROOM ? null : room,
          place: room === OUTSIDE_ROOM ? textValue(values, MEETING_FIELDS.place) : null,
        };
      },
      (locale, title) => t(locale, 'meeting.change.done', { title }),
    ),
    form(
      MEETING_CANCEL_FORM_ID,
      (values) => ({ kind: 'cancel', reason: textValue(values, CANCEL_FIELDS.reason) ?? '' }),
      (locale, title) => t(locale, 'meeting.cancel.done', { title }),
    ),
  ];
}
