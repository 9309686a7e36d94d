// Forms opened from a document's card: the sign-off (签发) of an outgoing document — the leader's
// opinion and the distribution the leader fixes (主送, 抄送, 印制份数), filled in from the draft; it
// opens at once with a short "loading" view (the trigger_id lives 3 s) and is then updated with the
// draft's values — and the archive hand-off (归档移交) of a finished document.
// documents/card-form-submission.ts parses them.

import type { types } from '@slack/bolt';
import { RETENTIONS } from '../../../features/documents/archive-handoff.ts';
import type { SignOffDraft } from '../../../features/documents/card-forms-chat.ts';
import { NEW_OUTGOING_LIMITS } from '../../../features/documents/new-outgoing.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { type ActionRef, encodeItemRef, encodeModalMetadata, type ItemRef } from '../action-values.ts';
import { textInput } from '../blocks/inputs.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, plainText } from '../blocks/message.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';

/**
 * The sign-off form for the card `ref` points at. With `draft` null it is the loading view: no
 * inputs and no submit button, so nothing can be sent before the draft's values are in.
 */
export function buildDocSignOffModal(input: {
  locale: Locale;
  ref: ActionRef;
  draft: SignOffDraft | null;
}): types.ModalView {
  const { locale, draft } = input;
  const title = plainText(truncateText(t(locale, 'doc.signoff.title'), BLOCK_KIT_LIMITS.modalTitle));
  const close = plainText(truncateText(t(locale, 'modal.close'), BLOCK_KIT_LIMITS.modalTitle));
  const base = {
    type: 'modal' as const,
    callback_id: CALLBACK_IDS.docSignOffModal,
    private_metadata: encodeModalMetadata(input.ref),
    title,
    close,
  };
  if (draft === null) {
    return {
      ...base,
      blocks: [
        { type: 'section', text: plainText(t(locale, 'doc.signoff.loading')) },
      ] as types.ModalView['blocks'],
    };
  }
  const blocks: Block[] = [
    { type: 'context', elements: [plainText(t(locale, 'doc.signoff.hint'))] } as unknown as Block,
    textInput(
      BLOCK_IDS.docSignOffComment,
      ACTION_IDS.docSignOffCommentInput,
      t(locale, 'doc.signoff.comment'),
      {
        max: 3000,
        multiline: true,
      },
    ),
    textInput(
      BLOCK_IDS.docSignOffMain,
      ACTION_IDS.docSignOffMainInput,
      t(locale, 'doc.new.main_recipients.label'),
      { max: NEW_OUTGOING_LIMITS.recipients, initial: draft.mainRecipients, multiline: true },
    ),
    textInput(
      BLOCK_IDS.docSignOffCopyTo,
      ACTION_IDS.docSignOffCopyToInput,
      t(locale, 'doc.new.copy_to.label'),
      {
        max: NEW_OUTGOING_LIMITS.recipients,
        initial: draft.copyTo,
        multiline: true,
        optional: true,
      },
    ),
    textInput(BLOCK_IDS.docSignOffCopies, ACTION_IDS.docSignOffCopiesInput, t(locale, 'doc.signoff.copies'), {
      max: NEW_OUTGOING_LIMITS.copiesText,
      initial: draft.copies === null ? null : String(draft.copies),
    }),
  ];
  return {
    ...base,
    submit: plainText(truncateText(t(locale, 'doc.signoff.submit'), BLOCK_KIT_LIMITS.modalTitle)),
    blocks: blocks as types.ModalView['blocks'],
  };
}

/** The archive hand-off form (归档移交) for the document `ref` points at. */
export function buildDocArchiveModal(input: { locale: Locale; ref: ItemRef }): types.ModalView {
  const { locale } = input;
  const options = RETENTIONS.map((r) => ({
    text: plainText(t(locale, `doc.archive.retention.${r}`)),
    value: r,
  }));
  const blocks: Block[] = [
    { type: 'context', elements: [plainText(t(locale, 'doc.archive.intro'))] } as unknown as Block,
    {
      type: 'input',
      block_id: BLOCK_IDS.docArchiveRetention,
      label: plainText(t(locale, 'doc.archive.retention')),
      element: {
        type: 'static_select',
        action_id: ACTION_IDS.docArchiveRetentionSelect,
        options,
        initial_option: options[1],
      },
    } as unknown as Block,
    {
      type: 'input',
      block_id: BLOCK_IDS.docArchiveFinalText,
      optional: true,
      label: plainText(t(locale, 'doc.archive.final_text')),
      hint: plainText(t(locale, 'doc.archive.final_text_hint')),
      element: {
        type: 'plain_text_input',
        action_id: ACTION_IDS.docArchiveFinalTextInput,
        max_length: NEW_OUTGOING_LIMITS.draftLink,
      },
    } as unknown as Block,
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.docArchiveModal,
    private_metadata: encodeItemRef(input.ref),
    title: plainText(truncateText(t(locale, 'doc.archive.title'), BLOCK_KIT_LIMITS.modalTitle)),
    submit: plainText(truncateText(t(locale, 'doc.archive.submit'), BLOCK_KIT_LIMITS.modalTitle)),
    close: plainText(truncateText(t(locale, 'modal.close'), BLOCK_KIT_LIMITS.modalTitle)),
    blocks: blocks as types.ModalView['blocks'],
  };
}
