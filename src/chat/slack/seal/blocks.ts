// The `/seal` forms as modals: the request form (用印申请, pre-filled from what `/seal …` could
// read, with a note saying what it could not), the custodian's 已盖章 and 报告遗失 forms, all drawn
// from the feature's FormSpecs. Fixed block and action ids (view.state.values is keyed by them);
// the forms' handlers apply what the modals send, read back by these bindings.

import type { types } from '@slack/bolt';
import {
  SEAL_CUSTODY_FIELDS,
  SEAL_LOST_FORM_ID,
  SEAL_STAMP_FORM_ID,
  sealLostFormSpec,
  sealStampFormSpec,
} from '../../../features/seal/seal-custody-forms.ts';
import {
  SEAL_REQUEST_FIELDS,
  SEAL_REQUEST_FORM_ID,
  type SealFormInitial,
  type SealOption,
  sealRequestFormSpec,
} from '../../../features/seal/seal-request-form.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { type ActionRef, encodeModalMetadata } from '../action-values.ts';
import { renderSlackModal, type SlackFormBinding, type SlackFormBindingOf } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import type { SlackModalReadBack } from '../web-form-modals.ts';

export type { SealFormInitial, SealOption } from '../../../features/seal/seal-request-form.ts';

/** Where the request form's fields sit in the modal (and `parseSealRequestSubmission` reads them). */
export const SEAL_REQUEST_BINDING: SlackFormBinding = {
  callbackId: CALLBACK_IDS.sealRequestModal,
  privateMetadata: '',
  noticeBlockIds: { problems: BLOCK_IDS.sealNotice },
  fields: {
    [SEAL_REQUEST_FIELDS.seal]: {
      blockId: BLOCK_IDS.sealSeal,
      actionId: ACTION_IDS.sealSealSelect,
      omitOptional: true,
    },
    [SEAL_REQUEST_FIELDS.title]: { blockId: BLOCK_IDS.sealTitle, actionId: ACTION_IDS.sealTitleInput },
    [SEAL_REQUEST_FIELDS.copies]: { blockId: BLOCK_IDS.sealCopies, actionId: ACTION_IDS.sealCopiesInput },
    [SEAL_REQUEST_FIELDS.purpose]: { blockId: BLOCK_IDS.sealPurpose, actionId: ACTION_IDS.sealPurposeInput },
    [SEAL_REQUEST_FIELDS.link]: { blockId: BLOCK_IDS.sealLink, actionId: ACTION_IDS.sealLinkInput },
    [SEAL_REQUEST_FIELDS.important]: {
      blockId: BLOCK_IDS.sealImportant,
      actionId: ACTION_IDS.sealImportantCheck,
    },
  },
};

/** The request form (用印申请): only seals in use are offered. */
export function buildSealRequestModal(input: {
  locale: Locale;
  seals: readonly SealOption[];
  initial?: SealFormInitial;
}): types.ModalView {
  return renderSlackModal(
    sealRequestFormSpec({ seals: input.seals, ...(input.initial ? { initial: input.initial } : {}) }),
    SEAL_REQUEST_BINDING,
    input.locale,
  );
}

/** Where the 已盖章 form's fields sit; the request's card ref rides in private_metadata. */
export function sealStampBinding(privateMetadata = ''): SlackFormBinding {
  return {
    callbackId: CALLBACK_IDS.sealStampModal,
    privateMetadata,
    fields: {
      [SEAL_CUSTODY_FIELDS.impressions]: {
        blockId: BLOCK_IDS.sealImpressions,
        actionId: ACTION_IDS.sealImpressionsInput,
      },
      [SEAL_CUSTODY_FIELDS.note]: {
        blockId: BLOCK_IDS.sealStampNote,
        actionId: ACTION_IDS.sealStampNoteInput,
      },
    },
  };
}

/** The custodian's 已盖章 form for the request `ref` points at. */
export function buildSealStampModal(input: { locale: Locale; ref: ActionRef }): types.ModalView {
  return renderSlackModal(
    sealStampFormSpec(),
    sealStampBinding(encodeModalMetadata(input.ref)),
    input.locale,
  );
}

/** Where the 报告遗失 form's field sits; the seal's id rides in private_metadata. */
export function sealLostBinding(sealId = ''): SlackFormBinding {
  return {
    callbackId: CALLBACK_IDS.sealLostModal,
    privateMetadata: sealId,
    fields: {
      [SEAL_CUSTODY_FIELDS.note]: { blockId: BLOCK_IDS.sealLostNote, actionId: ACTION_IDS.sealLostNoteInput },
    },
  };
}

/** 报告遗失: what happened (required); submitting alerts the office head and the director at once. */
export function buildSealLostModal(input: {
  locale: Locale;
  sealId: string;
  sealName: string;
}): types.ModalView {
  return renderSlackModal(
    sealLostFormSpec({ sealName: input.sealName }),
    sealLostBinding(input.sealId),
    input.locale,
  );
}

/** The modals `/seal`, its 报告遗失 button and the 已盖章 step button open, by form id. */
export const SEAL_FORM_BINDINGS: ReadonlyArray<readonly [string, SlackFormBindingOf]> = [
  [SEAL_REQUEST_FORM_ID, () => SEAL_REQUEST_BINDING],
  // The seal's id rides in private_metadata, as the submission reads it.
  [SEAL_LOST_FORM_ID, (params) => sealLostBinding(params.sealId ?? '')],
  // The card's ref rides in private_metadata (the step form glue writes it).
  [SEAL_STAMP_FORM_ID, () => sealStampBinding()],
];

/** How the seal modals' submissions give their forms back what they were about. */
export const SEAL_READ_BACKS: ReadonlyArray<readonly [string, SlackModalReadBack]> = [
  [SEAL_REQUEST_FORM_ID, {}],
  [SEAL_LOST_FORM_ID, { paramsOf: (sealId) => ({ sealId }) }],
  [SEAL_STAMP_FORM_ID, {}],
];
