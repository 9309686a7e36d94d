// The attendee's buttons on a meeting's card, for every platform: 参加 answers at once; 请假 and
// 委派 open their form (a modal on Slack, the bot's web form page elsewhere), whose submission
// records the answer. Someone the meeting does not invite, a cancelled or ended meeting, is
// refused at the press and again at the submission.

import { parseCardItemValue } from '../../chat/core/card-item-value.ts';
import { asPerson, type ButtonHandler, formAnswer, textAnswer } from '../../chat/core/commands.ts';
import { appErrorText } from '../../chat/core/flow.ts';
import { type FormSpec, type FormValues, message, textValue } from '../../chat/core/form-spec.ts';
import { richT } from '../../chat/core/reply.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import { displayNameOf, isClearedFor, type SecrecyLevel } from '../../domain/org.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import {
  type AnswerOutcome,
  answerNotice,
  LEAVE_REASON_MAX,
  MEETING_ACTIONS,
  meetingNameOf,
  meetingTimeText,
  meetingToAnswer,
  type NoticeAnswer,
  refuseDelegationOnceStarted,
} from './attendees.ts';

/** Form names (signed into web links). */
export const MEETING_LEAVE_FORM_ID = 'meeting.leave';
export const MEETING_DELEGATE_FORM_ID = 'meeting.delegate';

/** Field ids of the attendee's forms. */
export const ATTENDEE_FIELDS = { reason: 'reason', person: 'person' } as const;

/** What the attendee's side needs. */
export interface AttendeeChatDeps {
  prisma: PrismaClient;
  clock: Clock;
  timeZone: string;
  onOutboxWritten?: () => void;
}

/** A form's params: the meeting (`i`) and the workspace (`w`) where there is one. */
const paramsOf = (instanceId: string, workspaceId: string | null): Record<string, string> => ({
  i: instanceId,
  ...(workspaceId ? { w: workspaceId } : {}),
});

/** What the person is told once their answer is recorded. */
function answeredText(locale: Locale, answer: NoticeAnswer, outcome: AnswerOutcome): string {
  const title = outcome.title;
  if (!outcome.changed) return t(locale, 'meeting.answered.same', { title });
  if (answer.kind === 'attend') return t(locale, 'meeting.answered.attending', { title });
  if (answer.kind === 'leave') return t(locale, 'meeting.answered.leave', { title });
  const name = outcome.delegate ? displayNameOf(outcome.delegate, locale) : '';
  return t(locale, 'meeting.answered.delegated', { title, name });
}

/** The meeting of a form's params, checked open and the person invited; throws the refusal. */
async function meetingFor(
  deps: AttendeeChatDeps,
  params: Readonly<Record<string, string>>,
  personId: string,
) {
  const instance = await meetingToAnswer(
    deps.prisma,
    { instanceId: params.i ?? '', workspaceId: params.w ?? null },
    deps.clock.now(),
    deps.timeZone,
  );
  const mine = await deps.prisma.meetingAttendee.findUnique({
    where: { instanceId_personId: { instanceId: instance.id, personId } },
    select: { id: true },
  });
  if (mine === null) throw new AppError('meeting_not_invited', 'not an attendee');
  return instance;
}

/** The 请假 form. */
export function leaveFormSpec(input: { title: string; time: string }): FormSpec {
  const required = message('meeting.leave.error.reason');
  return {
    id: MEETING_LEAVE_FORM_ID,
    title: message('meeting.leave.title'),
    submitLabel: message('meeting.leave.submit'),
    notices: [{ kind: 'note', lines: [message('meeting.leave.intro', input)] }],
    fields: [
      {
        id: ATTENDEE_FIELDS.reason,
        kind: 'long_text',
        label: message('meeting.leave.reason'),
        required: true,
        maxLength: LEAVE_REASON_MAX,
        messages: { required, invalid: required },
      },
    ],
  };
}

/** The 委派 form, offering the active people the meeting does not invite yet. */
export function delegateFormSpec(input: {
  title: string;
  time: string;
  people: ReadonlyArray<{ id: string; name: string; nameEn: string | null }>;
}): FormSpec {
  const pick = message('meeting.delegate.error.person');
  return {
    id: MEETING_DELEGATE_FORM_ID,
    title: message('meeting.delegate.title'),
    submitLabel: message('meeting.delegate.submit'),
    notices: [
      { kind: 'note', lines: [message('meeting.delegate.intro', { title: input.title, time: input.time })] },
    ],
    fields: [
      {
        id: ATTENDEE_FIELDS.person,
        kind: 'person',
        label: message('meeting.delegate.person'),
        required: true,
        options: input.people.map((p) => ({ value: p.id, label: { zh: p.name, en: p.nameEn } })),
        messages: { required: pick, invalid: pick },
      },
    ],
  };
}

/**
 * The form of `formId` for the meeting of `params`, as `personId` sees it now. At a press, 委派 is
 * refused once the meeting has begun; a form opened before still loads, and its submission is
 * refused with the reason.
 */
async function attendeeFormSpec(
  deps: AttendeeChatDeps,
  formId: string,
  params: Readonly<Record<string, string>>,
  personId: string,
  locale: Locale,
  atPress = false,
): Promise<FormSpec> {
  const instance = await meetingFor(deps, params, personId);
  const facts = { title: meetingNameOf(instance), time: meetingTimeText(instance, deps.timeZone, locale) };
  if (formId === MEETING_LEAVE_FORM_ID) return leaveFormSpec(facts);
  if (atPress) refuseDelegationOnceStarted(instance, deps.clock.now(), deps.timeZone);
  const [people, invited] = await Promise.all([
    deps.prisma.person.findMany({
      where: { active: true },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true, nameEn: true, clearance: true },
    }),
    deps.prisma.meetingAttendee.findMany({ where: { instanceId: instance.id }, select: { personId: true } }),
  ]);
  const taken = new Set(invited.map((a) => a.personId));
  // A classified meeting offers only stand-ins cleared for its level (the answer checks it again).
  const offered = people.filter(
    (p) => !taken.has(p.id) && isClearedFor(p.clearance as SecrecyLevel, instance.secrecy),
  );
  return delegateFormSpec({ ...facts, people: offered });
}

/** 参加, 请假 and 委派 on an attendee's copy of the card. */
export function attendeeButtons(deps: AttendeeChatDeps): ButtonHandler[] {
  const press =
    (action: string, formId: string | null): ButtonHandler['press'] =>
    async (value, context) => {
      const item = parseCardItemValue(value);
      if (item === null) {
        context.log.warn({ action }, 'meeting button with a bad value');
        return { kind: 'error', text: richT(context.locale, 'error.invalid_payload') };
      }
      return asPerson(context, async (actor) => {
        const params = paramsOf(item.instanceId, context.workspaceId);
        if (formId !== null) {
          const spec = await attendeeFormSpec(deps, formId, params, actor.personId, context.locale, true);
          return formAnswer(formId, spec, params);
        }
        const answer: NoticeAnswer = { kind: 'attend' };
        const outcome = await answerNotice(deps, {
          instanceId: item.instanceId,
          workspaceId: context.workspaceId,
          personId: actor.personId,
          answer,
        });
        return textAnswer(answeredText(context.locale, answer, outcome));
      });
    };
  return [
    { action: MEETING_ACTIONS.attend, press: press(MEETING_ACTIONS.attend, null) },
    { action: MEETING_ACTIONS.leave, press: press(MEETING_ACTIONS.leave, MEETING_LEAVE_FORM_ID) },
    { action: MEETING_ACTIONS.delegate, press: press(MEETING_ACTIONS.delegate, MEETING_DELEGATE_FORM_ID) },
  ];
}

/** The 请假 and 委派 forms, on the web and as Slack's modals. */
export function attendeeWebForms(deps: AttendeeChatDeps): WebFormHandler[] {
  /** The form for the person now, or the refusal that keeps it from them. */
  const readForm = async (formId: string, context: WebFormContext): Promise<FormSpec | AppError> => {
    try {
      return await attendeeFormSpec(deps, formId, context.params, context.personId, context.locale);
    } catch (error) {
      if (isAppError(error)) return error;
      throw error;
    }
  };
  const form = (formId: string, answerOf: (values: FormValues) => NoticeAnswer): WebFormHandler => ({
    formId,
    async load(context) {
      const read = await readForm(formId, context);
      return read instanceof AppError ? null : read;
    },
    // A form opened before the meeting was cancelled (or ended) says so when sent.
    async unavailable(context) {
      const read = await readForm(formId, context);
      return read instanceof AppError ? appErrorText(context.locale, read) : null;
    },
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      const answer = answerOf(values);
      try {
        const outcome = await answerNotice(deps, {
          instanceId: context.params.i ?? '',
          workspaceId: context.params.w ?? null,
          personId: context.personId,
          answer,
        });
        return { ok: true, message: answeredText(context.locale, answer, outcome) };
      } catch (error) {
        if (!isAppError(error)) throw error;
        return {
          ok: false,
          message: appErrorText(context.locale, error),
          ...(answer.kind === 'delegate' ? { field: ATTENDEE_FIELDS.person } : {}),
        };
      }
    },
  });
  return [
    form(MEETING_LEAVE_FORM_ID, (values) => ({
      kind: 'leave',
      reason: textValue(values, ATTENDEE_FIELDS.reason) ?? '',
    })),
    form(MEETING_DELEGATE_FORM_ID, (values) => ({
      kind: 'delegate',
      toPersonId: textValue(values, ATTENDEE_FIELDS.person) ?? '',
    })),
  ];
}
