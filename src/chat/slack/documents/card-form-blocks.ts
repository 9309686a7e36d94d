// Forms opened from a document's card, drawn from their FormSpecs (features/documents/card-forms.ts):
// the sign-off (签发) of an outgoing document — the leader's opinion and the distribution the
// leader fixes (主送, 抄送, 印制份数), filled in from the draft; it opens at once with a short
// "loading" view (the trigger_id lives 3 s) and is then updated with the draft's values — and the
// archive hand-off (归档移交) of a finished document. The bindings say where Slack keeps each field
// (fixed block and action ids: view.state.values is keyed by them); the form glue
// (web-form-modals.ts) reads a submission back through them.

import type { types } from '@slack/bolt';
import {
  ARCHIVE_HANDOFF_FIELDS,
  archiveHandOffFormSpec,
  SIGN_OFF_FIELDS,
  signOffFormSpec,
} from '../../../features/documents/card-forms.ts';
import type { SignOffDraft } from '../../../features/documents/card-forms-chat.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { type ActionRef, encodeItemRef, encodeModalMetadata, type ItemRef } from '../action-values.ts';
import { renderSlackModal, type SlackFormBinding } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';

/** Where the sign-off form's fields sit in the modal, without its metadata. */
export const SIGN_OFF_FIELD_SLOTS: SlackFormBinding['fields'] = {
  [SIGN_OFF_FIELDS.comment]: {
    blockId: BLOCK_IDS.docSignOffComment,
    actionId: ACTION_IDS.docSignOffCommentInput,
  },
  [SIGN_OFF_FIELDS.mainRecipients]: {
    blockId: BLOCK_IDS.docSignOffMain,
    actionId: ACTION_IDS.docSignOffMainInput,
  },
  [SIGN_OFF_FIELDS.copyTo]: {
    blockId: BLOCK_IDS.docSignOffCopyTo,
    actionId: ACTION_IDS.docSignOffCopyToInput,
  },
  [SIGN_OFF_FIELDS.copies]: {
    blockId: BLOCK_IDS.docSignOffCopies,
    actionId: ACTION_IDS.docSignOffCopiesInput,
  },
};

/**
 * The sign-off form for the card `ref` points at. With `draft` null it is the loading view: no
 * inputs and no submit button, so nothing can be sent before the draft's values are in; `gone`
 * says the document has left sign-off.
 */
export function buildDocSignOffModal(input: {
  locale: Locale;
  ref: ActionRef;
  draft: SignOffDraft | null | 'gone';
}): types.ModalView {
  return renderSlackModal(
    signOffFormSpec(input.draft ?? 'loading'),
    {
      callbackId: CALLBACK_IDS.docSignOffModal,
      privateMetadata: encodeModalMetadata(input.ref),
      fields: SIGN_OFF_FIELD_SLOTS,
    },
    input.locale,
  );
}

/** Where the archive hand-off form's fields sit in the modal, without its metadata. */
export const ARCHIVE_HANDOFF_FIELD_SLOTS: SlackFormBinding['fields'] = {
  [ARCHIVE_HANDOFF_FIELDS.retention]: {
    blockId: BLOCK_IDS.docArchiveRetention,
    actionId: ACTION_IDS.docArchiveRetentionSelect,
    omitOptional: true,
  },
  [ARCHIVE_HANDOFF_FIELDS.finalTextLink]: {
    blockId: BLOCK_IDS.docArchiveFinalText,
    actionId: ACTION_IDS.docArchiveFinalTextInput,
  },
};

/** The archive hand-off form (归档移交) for the document `ref` points at. */
export function buildDocArchiveModal(input: { locale: Locale; ref: ItemRef }): types.ModalView {
  return renderSlackModal(
    archiveHandOffFormSpec(),
    {
      callbackId: CALLBACK_IDS.docArchiveModal,
      privateMetadata: encodeItemRef(input.ref),
      fields: ARCHIVE_HANDOFF_FIELD_SLOTS,
    },
    input.locale,
  );
}
