// The modals of the forms `doc` opens (拟稿发文, 收文登记): where their fields sit, which the
// submission listeners read back, and what their private_metadata carries (as they always did).

import {
  DOC_ARCHIVE_FORM_ID,
  DOC_INSTRUCT_FORM_ID,
  DOC_SIGN_OFF_FORM_ID,
} from '../../../features/documents/card-forms.ts';
import { DOC_RECEIVE_FORM_ID } from '../../../features/documents/incoming-form.ts';
import { DOC_NEW_FIELDS, DOC_NEW_FORM_ID } from '../../../features/documents/new-outgoing-form.ts';
import { encodeItemRef, parseItemRef } from '../action-values.ts';
import type { SlackFormBinding, SlackFormBindingOf } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { slackText } from '../messages.ts';
import type { SlackModalReadBack } from '../web-form-modals.ts';
import { ARCHIVE_HANDOFF_FIELD_SLOTS, SIGN_OFF_FIELD_SLOTS } from './card-form-blocks.ts';
import { INSTRUCT_FIELD_SLOTS, RECEIVE_FIELD_SLOTS } from './incoming-blocks.ts';
import { DOC_NEW_FIELD_SLOTS } from './new-blocks.ts';

// Functions rather than constants: the form builders import them, and these read the builders' slots.

/** The drafting form's modal: the draft link's hint is Slack's own (a draft is often a Slack file). */
export const docNewBinding = (): SlackFormBinding => ({
  callbackId: CALLBACK_IDS.docNewModal,
  fields: {
    ...DOC_NEW_FIELD_SLOTS,
    [DOC_NEW_FIELDS.draftLink]: {
      blockId: BLOCK_IDS.docNewDraftLink,
      actionId: ACTION_IDS.docNewDraftLinkInput,
      hint: { zh: slackText('zh', 'draft_link_hint'), en: slackText('en', 'draft_link_hint') },
    },
  },
  noticeBlockIds: { caution: BLOCK_IDS.docNewNotice },
});

/** The registration form's modal (its metadata was always empty). */
export const docReceiveBinding = (): SlackFormBinding => ({
  callbackId: CALLBACK_IDS.docReceiveModal,
  privateMetadata: '',
  fields: RECEIVE_FIELD_SLOTS,
});

/** The documents feature's modals, by form id: those `doc` opens, and those a card opens. */
export const DOCUMENT_FORMS: ReadonlyArray<readonly [string, SlackFormBindingOf]> = [
  [DOC_NEW_FORM_ID, docNewBinding],
  [DOC_RECEIVE_FORM_ID, docReceiveBinding],
  // The step forms 批办 and 签发: the card's ref rides in private_metadata (the glue writes it).
  [DOC_INSTRUCT_FORM_ID, () => ({ callbackId: CALLBACK_IDS.docInstructModal, fields: INSTRUCT_FIELD_SLOTS })],
  [DOC_SIGN_OFF_FORM_ID, () => ({ callbackId: CALLBACK_IDS.docSignOffModal, fields: SIGN_OFF_FIELD_SLOTS })],
  // 归档移交: the document and the version its card showed ride in private_metadata.
  [
    DOC_ARCHIVE_FORM_ID,
    (params) => ({
      callbackId: CALLBACK_IDS.docArchiveModal,
      privateMetadata: params.i ? encodeItemRef({ instanceId: params.i, version: Number(params.v) }) : '',
      fields: ARCHIVE_HANDOFF_FIELD_SLOTS,
    }),
  ],
];

/** The document a 归档移交 modal is about, as its form's params; null when the metadata is not ours. */
function itemOfMetadata(metadata: string): Record<string, string> | null {
  try {
    const ref = parseItemRef(metadata);
    return { i: ref.instanceId, v: String(ref.version) };
  } catch {
    return null;
  }
}

/** How the documents' modals give their forms back what they were about. */
export const DOCUMENT_READ_BACKS: ReadonlyArray<readonly [string, SlackModalReadBack]> = [
  [DOC_NEW_FORM_ID, {}],
  // A refusal of the registration is shown under its title, as it always was.
  [DOC_RECEIVE_FORM_ID, { errorField: 'title' }],
  [DOC_INSTRUCT_FORM_ID, {}],
  [DOC_SIGN_OFF_FORM_ID, {}],
  [DOC_ARCHIVE_FORM_ID, { paramsOf: itemOfMetadata }],
];
