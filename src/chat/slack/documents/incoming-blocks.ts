// The forms of incoming documents (收文), drawn from their FormSpecs: registration by the
// secretary (`/doc receive`, features/documents/incoming-form.ts) and the director's instruction
// (批办), opened from the card's 批办 button (features/documents/card-forms.ts). Fixed block and
// action ids (view.state.values is keyed by them); the form glue (web-form-modals.ts) reads them back.

import type { types } from '@slack/bolt';
import {
  type DocFormChoice,
  INSTRUCT_FIELDS,
  instructFormSpec,
} from '../../../features/documents/card-forms.ts';
import { DOC_RECEIVE_FIELDS, docReceiveFormSpec } from '../../../features/documents/incoming-form.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { type ActionRef, encodeModalMetadata } from '../action-values.ts';
import { renderSlackModal, type SlackFormBinding } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { docReceiveBinding } from './form-bindings.ts';

/** A department or person offered by a form. */
export type IncomingChoice = DocFormChoice;

/** Where the registration form's fields sit in the modal. */
export const RECEIVE_FIELD_SLOTS: SlackFormBinding['fields'] = {
  [DOC_RECEIVE_FIELDS.secrecy]: {
    blockId: BLOCK_IDS.docReceiveSecrecy,
    actionId: ACTION_IDS.docReceiveSecrecySelect,
  },
  [DOC_RECEIVE_FIELDS.title]: {
    blockId: BLOCK_IDS.docReceiveTitle,
    actionId: ACTION_IDS.docReceiveTitleInput,
  },
  [DOC_RECEIVE_FIELDS.issuingUnit]: {
    blockId: BLOCK_IDS.docReceiveIssuer,
    actionId: ACTION_IDS.docReceiveIssuerInput,
  },
  [DOC_RECEIVE_FIELDS.theirNumber]: {
    blockId: BLOCK_IDS.docReceiveTheirNumber,
    actionId: ACTION_IDS.docReceiveTheirNumberInput,
  },
  [DOC_RECEIVE_FIELDS.receivedDate]: {
    blockId: BLOCK_IDS.docReceiveDate,
    actionId: ACTION_IDS.docReceiveDateInput,
  },
  [DOC_RECEIVE_FIELDS.category]: {
    blockId: BLOCK_IDS.docReceiveCategory,
    actionId: ACTION_IDS.docReceiveCategorySelect,
  },
  [DOC_RECEIVE_FIELDS.urgency]: {
    blockId: BLOCK_IDS.docReceiveUrgency,
    actionId: ACTION_IDS.docReceiveUrgencySelect,
  },
  [DOC_RECEIVE_FIELDS.copies]: {
    blockId: BLOCK_IDS.docReceiveCopies,
    actionId: ACTION_IDS.docReceiveCopiesInput,
  },
  [DOC_RECEIVE_FIELDS.attachmentLink]: {
    blockId: BLOCK_IDS.docReceiveLink,
    actionId: ACTION_IDS.docReceiveLinkInput,
  },
};

/**
 * The registration form (收文登记), drawn from its FormSpec; `today` (YYYY-MM-DD, the unit's
 * calendar) pre-fills the date. Title, issuing unit and link are optional here: the spec's check
 * requires or refuses them by level (Slack cannot make a field required depending on another).
 */
export function buildDocReceiveModal(input_: { locale: Locale; today: string }): types.ModalView {
  return renderSlackModal(docReceiveFormSpec({ today: input_.today }), docReceiveBinding(), input_.locale);
}

/** Where the instruction form's fields sit in the modal, without its metadata. */
export const INSTRUCT_FIELD_SLOTS: SlackFormBinding['fields'] = {
  [INSTRUCT_FIELDS.comment]: {
    blockId: BLOCK_IDS.docInstructComment,
    actionId: ACTION_IDS.docInstructCommentInput,
  },
  [INSTRUCT_FIELDS.leadDepartment]: {
    blockId: BLOCK_IDS.docInstructLead,
    actionId: ACTION_IDS.docInstructLeadSelect,
  },
  [INSTRUCT_FIELDS.handler]: {
    blockId: BLOCK_IDS.docInstructHandler,
    actionId: ACTION_IDS.docInstructHandlerSelect,
  },
  [INSTRUCT_FIELDS.coDepartments]: {
    blockId: BLOCK_IDS.docInstructCo,
    actionId: ACTION_IDS.docInstructCoSelect,
  },
  [INSTRUCT_FIELDS.readers]: {
    blockId: BLOCK_IDS.docInstructReaders,
    actionId: ACTION_IDS.docInstructReadersSelect,
  },
  [INSTRUCT_FIELDS.handlingDays]: {
    blockId: BLOCK_IDS.docInstructDays,
    actionId: ACTION_IDS.docInstructDaysInput,
  },
};

/** The director's instruction (批办) for the item `ref` points at, drawn from its FormSpec. */
export function buildDocInstructModal(input_: {
  locale: Locale;
  ref: ActionRef;
  departments: readonly IncomingChoice[];
  /** People who may handle it: "name · department", value = person id. */
  handlers: readonly IncomingChoice[];
  /** Leaders who may read it. */
  leaders: readonly IncomingChoice[];
}): types.ModalView {
  const { locale, ref, ...choices } = input_;
  return renderSlackModal(
    instructFormSpec(choices),
    {
      callbackId: CALLBACK_IDS.docInstructModal,
      privateMetadata: encodeModalMetadata(ref),
      fields: INSTRUCT_FIELD_SLOTS,
    },
    locale,
  );
}
