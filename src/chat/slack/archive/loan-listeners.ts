// Archive loans on Slack: the submissions of the loan request form (借阅 or 复制) and of 提请销毁,
// and the archivist's 出借 / 归还 / 已复制 forms from the card (step forms of the engine). Opening
// the request and destruction forms, `/archive loans` and `/archive appraisal` are the feature's
// neutral commands and buttons.

import type { App } from '@slack/bolt';
import { z } from 'zod';
import { LOAN_STEP_IDS } from '../../../domain/archive/loan-definitions.ts';
import type { ArchiveLoanChatDeps } from '../../../features/archive/loan-chat.ts';
import { type LoanRequestField, readLoanRequest } from '../../../features/archive/loan-request.ts';
import {
  copyMadeFormSpec,
  lendFormSpec,
  readLoanStepForm,
  returnFormSpec,
} from '../../../features/archive/loan-step-forms.ts';
import type { NewLoanRequest } from '../../../features/archive/loans.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { formText } from '../../core/form-spec.ts';
import { tMrkdwn } from '../blocks/mrkdwn.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { onFormSubmission, type ViewArgs } from '../interactions.ts';
import type { SlackRequestContext } from '../request-context.ts';
import { readSpecModal } from '../spec-modal.ts';
import {
  registerStepFormSubmission,
  type StepFormOpener,
  type WorkflowChatDeps,
} from '../workflow/listeners.ts';
import {
  buildCopyMadeModal,
  buildLendModal,
  buildReturnModal,
  LOAN_STEP_FIELD_SLOTS,
} from './loan-blocks.ts';

type Values = ViewArgs['view']['state']['values'];

const EntryRef = z.strictObject({ entryId: z.uuid() });

// Text as typed (full-width punctuation kept); numbers are normalised where they are read.
const inputValue = (values: Values, block: string, action: string) =>
  (values[block]?.[action]?.value ?? '').trim();

export { readCount } from '../../../features/archive/loan-step-forms.ts';

/** Where each field the reading may fault sits in the modal. */
const LOAN_ERROR_BLOCKS: Record<LoanRequestField, string> = {
  purpose: BLOCK_IDS.archiveLoanPurpose,
  outside: BLOCK_IDS.archiveLoanOutside,
  days: BLOCK_IDS.archiveLoanDays,
  copies: BLOCK_IDS.archiveLoanCopies,
};

/** Reads the loan form: the request, or the errors to show by block. */
export function parseLoanSubmission(
  values: Values,
  entryId: string,
  locale: Locale,
): { ok: true; value: NewLoanRequest } | { ok: false; errors: Record<string, string> } {
  const read = readLoanRequest(
    {
      kind:
        values[BLOCK_IDS.archiveLoanKind]?.[ACTION_IDS.archiveLoanKindSelect]?.selected_option?.value ?? null,
      purpose: inputValue(values, BLOCK_IDS.archiveLoanPurpose, ACTION_IDS.archiveLoanPurposeInput),
      days: inputValue(values, BLOCK_IDS.archiveLoanDays, ACTION_IDS.archiveLoanDaysInput),
      copies: inputValue(values, BLOCK_IDS.archiveLoanCopies, ACTION_IDS.archiveLoanCopiesInput),
      outside: inputValue(values, BLOCK_IDS.archiveLoanOutside, ACTION_IDS.archiveLoanOutsideInput),
    },
    entryId,
  );
  if (read.ok) return read;
  const errors: Record<string, string> = {};
  for (const [field, words] of Object.entries(read.errors)) {
    errors[LOAN_ERROR_BLOCKS[field as LoanRequestField]] = formText(words, locale);
  }
  return { ok: false, errors };
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

/** Registers the submissions of the loan request form, the archivist's step forms and 提请销毁. */
export function registerArchiveLoanListeners(
  app: App<SlackRequestContext>,
  deps: ArchiveLoanChatDeps,
  workflow: WorkflowChatDeps,
): void {
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
