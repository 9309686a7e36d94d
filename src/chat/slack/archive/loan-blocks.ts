// The archivist's 出借 / 归还 / 已复制 step forms of a loan on Slack, drawn from their FormSpecs,
// and where their fields sit. Fixed block and action ids (ids.ts).

import type { types } from '@slack/bolt';
import { LOAN_STEP_IDS } from '../../../domain/archive/loan-definitions.ts';
import {
  copyMadeFormSpec,
  LOAN_STEP_FIELDS,
  lendFormSpec,
  returnFormSpec,
} from '../../../features/archive/loan-step-forms.ts';
import type { Locale } from '../../../shared/i18n.ts';
import type { FormSpec } from '../../core/form-spec.ts';
import { type ActionRef, encodeModalMetadata } from '../action-values.ts';
import { renderSlackModal, type SlackFormBinding } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';

/** Where the loan step forms' fields sit in their modals. */
export const LOAN_STEP_FIELD_SLOTS: SlackFormBinding['fields'] = {
  [LOAN_STEP_FIELDS.days]: { blockId: BLOCK_IDS.archiveLendDays, actionId: ACTION_IDS.archiveLendDaysInput },
  [LOAN_STEP_FIELDS.note]: { blockId: BLOCK_IDS.archiveLendNote, actionId: ACTION_IDS.archiveLendNoteInput },
  [LOAN_STEP_FIELDS.condition]: {
    blockId: BLOCK_IDS.archiveCondition,
    actionId: ACTION_IDS.archiveConditionInput,
  },
  [LOAN_STEP_FIELDS.copies]: {
    blockId: BLOCK_IDS.archiveCopiesMade,
    actionId: ACTION_IDS.archiveCopiesMadeInput,
  },
};

/** The callback id of each loan step form's modal, by step id. */
export const LOAN_STEP_CALLBACK_IDS = {
  [LOAN_STEP_IDS.lend]: CALLBACK_IDS.archiveLendModal,
  [LOAN_STEP_IDS.return]: CALLBACK_IDS.archiveReturnModal,
  [LOAN_STEP_IDS.copyMade]: CALLBACK_IDS.archiveCopyMadeModal,
} as const;

/** The modal of a loan step form (drawn from its FormSpec) for the card `ref` points at. */
function stepModal(spec: FormSpec, callbackId: string, locale: Locale, ref: ActionRef): types.ModalView {
  return renderSlackModal(
    spec,
    { callbackId, privateMetadata: encodeModalMetadata(ref), fields: LOAN_STEP_FIELD_SLOTS },
    locale,
  );
}

/** The archivist's 出借 form: days lent (empty = as approved) and a note. */
export function buildLendModal(input: { locale: Locale; ref: ActionRef }): types.ModalView {
  return stepModal(lendFormSpec(), CALLBACK_IDS.archiveLendModal, input.locale, input.ref);
}

/** The archivist's 归还 form: the record's condition (required). */
export function buildReturnModal(input: { locale: Locale; ref: ActionRef }): types.ModalView {
  return stepModal(returnFormSpec(), CALLBACK_IDS.archiveReturnModal, input.locale, input.ref);
}

/** The archivist's 已复制 form: the copies made. */
export function buildCopyMadeModal(input: { locale: Locale; ref: ActionRef }): types.ModalView {
  return stepModal(copyMadeFormSpec(), CALLBACK_IDS.archiveCopyMadeModal, input.locale, input.ref);
}
