// Archive loans in chat: a search result's 借阅 opens the loan form (借阅 or 复制), the archivist's
// 出借 / 归还 / 已复制 forms from the card (step forms of the engine), `/archive loans` and
// `/archive appraisal` (sub-commands the `/archive` router hands over), and 提请销毁. Thin:
// ack → parse (zod) → service → answer.

import type { App } from '@slack/bolt';
import { z } from 'zod';
import {
  LOAN_STEP_IDS,
  MAX_LOAN_COPIES,
  MAX_LOAN_DAYS,
  MAX_LOAN_TEXT,
} from '../../../domain/archive/loan-definitions.ts';
import type { ArchiveLoanChatDeps } from '../../../features/archive/loan-chat.ts';
import {
  copyMadeFormSpec,
  lendFormSpec,
  readCount,
  readLoanStepForm,
  returnFormSpec,
} from '../../../features/archive/loan-step-forms.ts';
import type { NewLoanRequest } from '../../../features/archive/loans.ts';
import { isAppError } from '../../../shared/errors.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { formText } from '../../core/form-spec.ts';
import { type ActorContext, asActor } from '../actor.ts';
import { tMrkdwn } from '../blocks/mrkdwn.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { onButton, onFormSubmission, type ViewArgs } from '../interactions.ts';
import { appErrorText } from '../listeners/errors.ts';
import type { SlackRequestContext } from '../request-context.ts';
import { readSpecModal } from '../spec-modal.ts';
import {
  registerStepFormSubmission,
  type StepFormOpener,
  type WorkflowChatDeps,
} from '../workflow/listeners.ts';
import {
  buildAppraisalMessage,
  buildCopyMadeModal,
  buildDestroyModal,
  buildLendModal,
  buildLoanListMessage,
  buildLoanNoticeModal,
  buildLoanRequestModal,
  buildReturnModal,
  LOAN_STEP_FIELD_SLOTS,
} from './loan-blocks.ts';

type Values = ViewArgs['view']['state']['values'];

const EntryRef = z.strictObject({ entryId: z.uuid() });
const QuarterRef = z.strictObject({ quarter: z.string().regex(/^\d{4}-Q[1-4]$/) });

// Text as typed (full-width punctuation kept); numbers are normalised where they are read.
const inputValue = (values: Values, block: string, action: string) =>
  (values[block]?.[action]?.value ?? '').trim();

export { readCount } from '../../../features/archive/loan-step-forms.ts';

/** Reads the loan form: the request, or the errors to show by block. */
export function parseLoanSubmission(
  values: Values,
  entryId: string,
  locale: Locale,
): { ok: true; value: NewLoanRequest } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const kind =
    values[BLOCK_IDS.archiveLoanKind]?.[ACTION_IDS.archiveLoanKindSelect]?.selected_option?.value === 'copy'
      ? 'copy'
      : 'borrow';
  const purpose = inputValue(values, BLOCK_IDS.archiveLoanPurpose, ACTION_IDS.archiveLoanPurposeInput);
  if (purpose === '' || [...purpose].length > MAX_LOAN_TEXT) {
    errors[BLOCK_IDS.archiveLoanPurpose] = t(locale, 'archive.loan.error.purpose', { max: MAX_LOAN_TEXT });
  }
  const outside = inputValue(values, BLOCK_IDS.archiveLoanOutside, ACTION_IDS.archiveLoanOutsideInput);
  if ([...outside].length > MAX_LOAN_TEXT) {
    errors[BLOCK_IDS.archiveLoanOutside] = t(locale, 'archive.loan.error.outside', { max: MAX_LOAN_TEXT });
  }
  let days: number | null = null;
  let copies: number | null = null;
  if (kind === 'borrow') {
    days = readCount(inputValue(values, BLOCK_IDS.archiveLoanDays, ACTION_IDS.archiveLoanDaysInput));
    if (!(days >= 1 && days <= MAX_LOAN_DAYS)) {
      errors[BLOCK_IDS.archiveLoanDays] = t(locale, 'archive.loan.error.days', { max: MAX_LOAN_DAYS });
    }
  } else {
    copies = readCount(inputValue(values, BLOCK_IDS.archiveLoanCopies, ACTION_IDS.archiveLoanCopiesInput));
    if (!(copies >= 1 && copies <= MAX_LOAN_COPIES)) {
      errors[BLOCK_IDS.archiveLoanCopies] = t(locale, 'archive.loan.error.copies', { max: MAX_LOAN_COPIES });
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { entryId, kind, purpose, days, copies, outsideUnit: outside === '' ? null : outside },
  };
}

/** The archivist's step forms (出借, 归还, 已复制), by step id, for the card's step buttons. */
export function archiveLoanStepForms(): Array<[string, StepFormOpener]> {
  return [
    [
      LOAN_STEP_IDS.lend,
      async ({ client, triggerId, ref, locale }) => {
        await client.views.open({ trigger_id: triggerId, view: buildLendModal({ locale, ref }) });
      },
    ],
    [
      LOAN_STEP_IDS.return,
      async ({ client, triggerId, ref, locale }) => {
        await client.views.open({ trigger_id: triggerId, view: buildReturnModal({ locale, ref }) });
      },
    ],
    [
      LOAN_STEP_IDS.copyMade,
      async ({ client, triggerId, ref, locale }) => {
        await client.views.open({ trigger_id: triggerId, view: buildCopyMadeModal({ locale, ref }) });
      },
    ],
  ];
}

/** Registers the 借阅 button and form, the archivist's step forms, and 提请销毁. */
export function registerArchiveLoanListeners(
  app: App<SlackRequestContext>,
  deps: ArchiveLoanChatDeps,
  workflow: WorkflowChatDeps,
): void {
  onButton(app, ACTION_IDS.archiveBorrow, async ({ ack, action, body, client, context, respond }) => {
    await ack();
    const locale = await context.locale();
    let entryId: string;
    try {
      entryId = EntryRef.parse(JSON.parse(String(action.value ?? ''))).entryId;
    } catch {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: t(locale, 'error.invalid_payload'),
      });
      return;
    }
    // The form first (the trigger_id lives 3 s), then what it is about.
    const opened = await client.views.open({
      trigger_id: body.trigger_id,
      view: buildLoanRequestModal({ locale, entryId, entry: null }),
    });
    const viewId = opened.view?.id;
    if (!viewId) return;
    let view: Parameters<typeof client.views.update>[0]['view'];
    try {
      const entry = await asActor(
        context,
        (notLinked) => notLinked,
        (actor) => deps.entryForForm(actor.personId, entryId),
      );
      if (typeof entry === 'string') view = buildLoanNoticeModal(locale, entry);
      else if (entry.destroyed) {
        view = buildLoanNoticeModal(
          locale,
          t(locale, 'error.archive_entry_destroyed', { archiveNo: entry.archiveNo }),
        );
      } else view = buildLoanRequestModal({ locale, entryId, entry });
    } catch (error) {
      if (!isAppError(error)) throw error;
      view = buildLoanNoticeModal(locale, appErrorText(locale, error));
    }
    await client.views.update({
      view_id: viewId,
      ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
      view,
    });
  });

  // Started before the form closes: a refusal (not cleared, lent…), or a database that does not
  // answer within Slack's time, is shown on the form; sending it again finds a late start by its key.
  onFormSubmission(app, CALLBACK_IDS.archiveLoanModal, workflow, {
    parse({ view }, locale) {
      const meta = EntryRef.safeParse(safeJson(view.private_metadata));
      if (!meta.success)
        return { ok: false, errors: { [BLOCK_IDS.archiveLoanPurpose]: t(locale, 'error.invalid_payload') } };
      return parseLoanSubmission(view.state.values, meta.data.entryId, locale);
    },
    errorBlock: BLOCK_IDS.archiveLoanPurpose,
    start: (actor, form, { view, workspaceId }, locale) =>
      deps.start({
        workspaceId,
        requesterPersonId: actor.personId,
        form,
        locale,
        startKey: `view:${view.id}`,
      }),
    describe: (started, form, locale) =>
      tMrkdwn(locale, 'archive.loan.started', {
        kind: t(locale, `archive.loan.kind.${form.kind}`),
        archiveNo: started.archiveNo,
        person: started.firstReviewer,
      }),
  });

  // 出借, 归还 and 已复制: checked by their FormSpec, then the number against the approval.
  const stepForms = [
    [CALLBACK_IDS.archiveLendModal, LOAN_STEP_IDS.lend, lendFormSpec, BLOCK_IDS.archiveLendDays],
    [CALLBACK_IDS.archiveReturnModal, LOAN_STEP_IDS.return, returnFormSpec, BLOCK_IDS.archiveCondition],
    [
      CALLBACK_IDS.archiveCopyMadeModal,
      LOAN_STEP_IDS.copyMade,
      copyMadeFormSpec,
      BLOCK_IDS.archiveCopiesMade,
    ],
  ] as const;
  for (const [callbackId, stepId, spec, errorBlock] of stepForms) {
    registerStepFormSubmission(app, callbackId, workflow, {
      errorBlock,
      async read(values, { ref, locale }) {
        const checked = readSpecModal(spec(), LOAN_STEP_FIELD_SLOTS, values, locale, (v) => v);
        if (!checked.ok) return checked;
        const reading = await readLoanStepForm(stepId, checked.value, ref.instanceId, deps);
        if (!reading.ok) {
          const block = LOAN_STEP_FIELD_SLOTS[reading.field]?.blockId ?? errorBlock;
          return { ok: false, errors: { [block]: formText(reading.words, locale) } };
        }
        const { comment, params } = reading;
        return { ok: true, action: { type: 'approve', ...(comment ? { comment } : {}), params } };
      },
    });
  }

  onButton(app, ACTION_IDS.archiveDestroyStart, async ({ ack, action, body, client, context, respond }) => {
    await ack();
    const locale = await context.locale();
    const parsed = QuarterRef.safeParse(safeJson(action.value));
    if (!parsed.success) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: t(locale, 'error.invalid_payload'),
      });
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildDestroyModal({ locale, quarter: parsed.data.quarter }),
    });
  });

  // Proposed before the form closes: a refusal, or a database that does not answer within
  // Slack's time, is shown on the form, which stays open; sent again, it finds a late proposal
  // by the form's key.
  onFormSubmission(app, CALLBACK_IDS.archiveDestroyModal, workflow, {
    parse: ({ view }) => ({
      ok: true,
      value: inputValue(
        view.state.values,
        BLOCK_IDS.archiveDestroyMethod,
        ACTION_IDS.archiveDestroyMethodInput,
      ),
    }),
    errorBlock: BLOCK_IDS.archiveDestroyMethod,
    start: (actor, method, { view, workspaceId }) =>
      deps.proposeDestruction({
        workspaceId,
        requesterPersonId: actor.personId,
        method,
        startKey: `view:${view.id}`,
      }),
    describe: (done, _method, locale) => t(locale, 'archive.destroy.started', { count: done.count }),
  });
}

function safeJson(raw: unknown): unknown {
  try {
    return JSON.parse(String(raw ?? ''));
  } catch {
    return null;
  }
}

/** What an `/archive` sub-command handler gets from the router. */
export interface ArchiveSubcommandInput {
  /** The request's acting person (resolved when a sub-command needs it). */
  context: ActorContext;
  locale: Locale;
  /** Answers the user (ephemeral). */
  respond(message: { text: string; blocks?: unknown[] }): Promise<unknown>;
}

/** `/archive loans`: out, due soon and overdue (with 归还) for the archivist; one's own loans for others. */
export async function answerArchiveLoans(
  deps: ArchiveLoanChatDeps,
  input: ArchiveSubcommandInput,
): Promise<void> {
  const found = await asActor(
    input.context,
    async (text) => {
      await input.respond({ text });
      return null;
    },
    (actor) => deps.loans(actor.personId, input.locale),
  );
  if (found === null) return;
  const message = buildLoanListMessage({
    locale: input.locale,
    list: found.list,
    timeZone: deps.timeZone,
    nameOf: found.nameOf,
  });
  await input.respond(message.blocks.length > 0 ? message : { text: message.text });
}

/** `/archive appraisal`: the entries past retention now, with 提请销毁. */
export async function answerArchiveAppraisal(
  deps: ArchiveLoanChatDeps,
  input: ArchiveSubcommandInput,
): Promise<void> {
  const found = await asActor(
    input.context,
    async (text) => {
      await input.respond({ text });
      return null;
    },
    (actor) => deps.appraisal(actor.personId, input.locale),
  );
  if (found === null) return;
  if (found === 'forbidden') {
    await input.respond({ text: t(input.locale, 'archive.appraisal.forbidden') });
    return;
  }
  const message = buildAppraisalMessage({ locale: input.locale, ...found });
  await input.respond(message.blocks.length > 0 ? message : { text: message.text });
}

/**
 * The two sub-commands for the `/archive` router (archive/listeners.ts), by word (English and
 * Chinese): the router acknowledges the command, then calls the answer with the user and a `respond`.
 */
export const ARCHIVE_LOAN_SUBCOMMANDS: ReadonlyArray<{
  words: readonly string[];
  answer: (deps: ArchiveLoanChatDeps, input: ArchiveSubcommandInput) => Promise<void>;
}> = [
  { words: ['loans', '借阅', '借出'], answer: answerArchiveLoans },
  { words: ['appraisal', '鉴定'], answer: answerArchiveAppraisal },
];
