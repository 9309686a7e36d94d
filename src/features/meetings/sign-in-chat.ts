// Sign-in (签到) for every platform: the attendee's 签到 button on their copy of the card, and
// `/meeting signin [会议]` for an office secretary or the organiser, which opens a form (a modal on
// Slack, the bot's web form page elsewhere) listing the attendees with their state; those ticked
// are signed in by the secretary. Refusals come in the person's language and change nothing.

import { parseCardItemValue } from '../../chat/core/card-item-value.ts';
import {
  asPerson,
  type ButtonHandler,
  type CommandAnswer,
  formAnswer,
  textAnswer,
} from '../../chat/core/commands.ts';
import { appErrorText } from '../../chat/core/flow.ts';
import { choicesValue, type FormSpec, type FormText, message } from '../../chat/core/form-spec.ts';
import { richT, truncateText } from '../../chat/core/reply.ts';
import type { WebFormHandler } from '../../chat/core/web-form.ts';
import { MEETING_DEFINITION } from '../../domain/meetings/meeting.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { isAppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { meetingNameOf, meetingTimeText } from './attendees.ts';
import {
  maySignOthersIn,
  meetingToSignIn,
  peopleNames,
  SIGN_IN_ACTION,
  SIGN_IN_OPENS_MINUTES,
  type SignInOutcome,
  signIn,
  signInOpen,
} from './sign-in.ts';

/** The secretary's form (signed into web links). */
export const MEETING_SIGN_IN_FORM_ID = 'meeting.signin';
/** Its field: the people ticked present. */
export const SIGN_IN_FIELD = 'people';

/** What the sign-in needs. */
export interface SignInChatDeps {
  prisma: PrismaClient;
  clock: Clock;
  timeZone: string;
  onOutboxWritten?: () => void;
}

/** What an attendee is told after pressing 签到. */
function selfText(locale: Locale, outcome: SignInOutcome): string {
  if (outcome.leaveWithdrawn.length > 0)
    return t(locale, 'meeting.signin.done_leave_withdrawn', { title: outcome.title });
  return t(locale, outcome.signed.length > 0 ? 'meeting.signin.done' : 'meeting.signin.same', {
    title: outcome.title,
  });
}

/**
 * What the secretary is told of a form sent: who was signed in now, whose leave that withdrew, who
 * was signed in already (no change), and each one refused with why.
 */
async function othersText(deps: SignInChatDeps, locale: Locale, outcome: SignInOutcome): Promise<string> {
  const separator = locale === 'en' ? ', ' : '、';
  const names = async (ids: readonly string[]) =>
    (await peopleNames(deps.prisma, ids, locale)).join(separator);
  const parts: string[] = [];
  const { title } = outcome;
  if (outcome.signed.length > 0) {
    parts.push(
      t(locale, 'meeting.signin.done_others', {
        title,
        count: outcome.signed.length,
        names: await names(outcome.signed),
      }),
    );
  }
  if (outcome.leaveWithdrawn.length > 0) {
    parts.push(t(locale, 'meeting.signin.leave_withdrawn', { names: await names(outcome.leaveWithdrawn) }));
  }
  if (outcome.already.length > 0) {
    parts.push(
      outcome.signed.length === 0 && outcome.refused.length === 0
        ? t(locale, 'meeting.signin.none_new', { title })
        : t(locale, 'meeting.signin.already_others', { names: await names(outcome.already) }),
    );
  }
  if (outcome.refused.length > 0) {
    const who = await peopleNames(
      deps.prisma,
      outcome.refused.map((r) => r.personId),
      locale,
    );
    const delegates = await peopleNames(
      deps.prisma,
      outcome.refused.map((r) => r.delegateId ?? ''),
      locale,
    );
    const entries = outcome.refused.map((r, i) =>
      t(locale, 'meeting.signin.refused_entry', {
        name: who[i] ?? r.personId,
        why:
          r.reason === 'delegated'
            ? t(locale, 'meeting.signin.refused.delegated', { name: delegates[i] ?? '' })
            : t(locale, 'meeting.signin.refused.not_invited'),
      }),
    );
    parts.push(t(locale, 'meeting.signin.refused_others', { title, entries: entries.join(separator) }));
  }
  return parts.join(locale === 'en' ? ' ' : '');
}

/** 签到 on an attendee's copy of the card. */
export function signInButton(deps: SignInChatDeps): ButtonHandler {
  return {
    action: SIGN_IN_ACTION,
    press: async (value, context) => {
      const item = parseCardItemValue(value);
      if (item === null) {
        context.log.warn({ action: SIGN_IN_ACTION }, 'sign-in button with a bad value');
        return { kind: 'error', text: richT(context.locale, 'error.invalid_payload') };
      }
      return asPerson(context, async (actor) => {
        const outcome = await signIn(deps, {
          instanceId: item.instanceId,
          workspaceId: context.workspaceId,
          by: actor.personId,
          personIds: [actor.personId],
        });
        return textAnswer(selfText(context.locale, outcome));
      });
    },
  };
}

/** The meetings open for sign-in at `now`, in start order. */
async function openMeetings(deps: SignInChatDeps, workspaceId: string | null): Promise<WorkflowInstance[]> {
  const now = deps.clock.now();
  const opensBy = new Date(now.getTime() + SIGN_IN_OPENS_MINUTES * 60_000).toISOString();
  const ids = await deps.prisma.$queryRaw<Array<{ id: string }>>`
    SELECT id::text AS id FROM workflow_instance
    WHERE definition_id = ${MEETING_DEFINITION.id} AND status = 'approved'
      AND state #>> '{params,startsAt}' <= ${opensBy}
      AND state #>> '{params,endsAt}' > ${now.toISOString()}
    ORDER BY state #>> '{params,startsAt}'`;
  if (ids.length === 0) return [];
  const rows = await deps.prisma.workflowInstance.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
  const order = ids.map((r) => r.id);
  return rows
    .filter((r) => r.workspaceId === null || r.workspaceId === workspaceId)
    .map(instanceFromRow)
    .filter((m) => signInOpen(m, now))
    .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

/** The secretary's form for `instance`, or null when it has no attendee to sign in. */
async function signInFormSpec(
  deps: SignInChatDeps,
  instance: WorkflowInstance,
  locale: Locale,
): Promise<FormSpec | null> {
  const rows = await deps.prisma.meetingAttendee.findMany({
    where: { instanceId: instance.id, NOT: { response: 'delegated' } },
    orderBy: { id: 'asc' },
    select: { personId: true, response: true, signedInAt: true },
  });
  if (rows.length === 0) return null;
  const waiting = rows.filter((r) => r.signedInAt === null);
  const signed = rows.filter((r) => r.signedInAt !== null).map((r) => r.personId);
  const people = await deps.prisma.person.findMany({
    where: { id: { in: rows.map((r) => r.personId) } },
    select: { id: true, name: true, nameEn: true },
  });
  const person = (id: string) => people.find((p) => p.id === id);
  const stateKey = (response: string, signedIn: boolean) =>
    signedIn
      ? 'meeting.signin.state.signed'
      : response === 'leave'
        ? 'meeting.signin.state.leave'
        : response === 'attending'
          ? 'meeting.signin.state.attending'
          : 'meeting.signin.state.pending';
  const nameText = (id: string): FormText => {
    const p = person(id);
    return p ? { zh: p.name, en: p.nameEn } : { text: id };
  };
  const notes: FormText[] = [
    message('meeting.signin.form.intro', {
      title: meetingNameOf(instance),
      time: meetingTimeText(instance, deps.timeZone, locale),
    }),
  ];
  if (signed.length > 0) {
    notes.push(
      message('meeting.signin.form.signed', {
        names: { text: (await peopleNames(deps.prisma, signed, locale)).join(locale === 'en' ? ', ' : '、') },
      }),
    );
  }
  const pick = message('meeting.signin.form.error.people');
  return {
    id: MEETING_SIGN_IN_FORM_ID,
    title: message('meeting.signin.form.title'),
    submitLabel: message('meeting.signin.form.submit'),
    notices: [{ kind: 'note', lines: notes }],
    fields: [
      {
        id: SIGN_IN_FIELD,
        kind: 'checkbox',
        label: message('meeting.signin.form.people'),
        required: true,
        // Those not signed in yet; once everyone is, a form still open lists them all as signed.
        options: (waiting.length > 0 ? waiting : rows).map((r) => ({
          value: r.personId,
          label: message('meeting.signin.option', {
            name: nameText(r.personId),
            state: message(stateKey(r.response, r.signedInAt !== null)),
          }),
        })),
        // Read again at submission, the list may have changed meanwhile (someone signed in, a
        // delegation): each one ticked is checked by the sign-in, which names any it refuses.
        optionsChecked: false,
        messages: { required: pick, invalid: pick },
      },
    ],
  };
}

/** `/meeting signin [会议]`: the form of the one meeting open for sign-in the words name. */
export async function answerSignIn(
  deps: SignInChatDeps,
  input: { personId: string; workspaceId: string | null; words: readonly string[]; locale: Locale },
): Promise<CommandAnswer> {
  const { locale } = input;
  const typed = input.words.join(' ').normalize('NFKC').trim().toLowerCase();
  const open = (await openMeetings(deps, input.workspaceId)).filter(
    (m) =>
      typed === '' ||
      (m.title ?? '').toLowerCase().includes(typed) ||
      (m.reference ?? '').toLowerCase() === typed,
  );
  if (open.length === 0) return textAnswer(t(locale, 'meeting.signin.none_open'));
  const mine: WorkflowInstance[] = [];
  for (const m of open) if (await maySignOthersIn(deps.prisma, m, input.personId)) mine.push(m);
  if (mine.length === 0) return textAnswer(t(locale, 'error.meeting_signin_forbidden'));
  if (mine.length > 1) {
    const titles = mine
      .map((m) => `《${truncateText(meetingNameOf(m), 40)}》`)
      .join(locale === 'en' ? ', ' : '、');
    return textAnswer(t(locale, 'meeting.signin.which', { titles }));
  }
  const [instance] = mine as [WorkflowInstance];
  const spec = await signInFormSpec(deps, instance, locale);
  if (spec === null)
    return textAnswer(t(locale, 'meeting.signin.all_signed', { title: meetingNameOf(instance) }));
  return formAnswer(MEETING_SIGN_IN_FORM_ID, spec, {
    i: instance.id,
    ...(input.workspaceId ? { w: input.workspaceId } : {}),
  });
}

/** The secretary's form, on the web and as Slack's modal. */
export function signInWebForm(deps: SignInChatDeps): WebFormHandler {
  return {
    formId: MEETING_SIGN_IN_FORM_ID,
    async load(context) {
      try {
        const instance = await meetingToSignIn(
          deps.prisma,
          { instanceId: context.params.i ?? '', workspaceId: context.params.w ?? null },
          deps.clock.now(),
          deps.timeZone,
        );
        if (!(await maySignOthersIn(deps.prisma, instance, context.personId))) return null;
        return await signInFormSpec(deps, instance, context.locale);
      } catch (error) {
        if (isAppError(error)) return null;
        throw error;
      }
    },
    async submit(context, values) {
      const personIds = choicesValue(values, SIGN_IN_FIELD);
      try {
        const outcome = await signIn(deps, {
          instanceId: context.params.i ?? '',
          workspaceId: context.params.w ?? null,
          by: context.personId,
          personIds,
        });
        const text = await othersText(deps, context.locale, outcome);
        // Nobody ticked could be signed in: the form stays, naming each refused and why.
        if (outcome.signed.length === 0 && outcome.already.length === 0) {
          return { ok: false, message: text, field: SIGN_IN_FIELD };
        }
        return { ok: true, message: text };
      } catch (error) {
        if (!isAppError(error)) throw error;
        return { ok: false, message: appErrorText(context.locale, error), field: SIGN_IN_FIELD };
      }
    },
  };
}
