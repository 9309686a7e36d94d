// The modals of the forms `doc` opens (拟稿发文, 收文登记): where their fields sit, which the
// submission listeners read back, and what their private_metadata carries (as they always did).

import { DOC_RECEIVE_FORM_ID } from '../../../features/documents/incoming-form.ts';
import { DOC_NEW_FIELDS, DOC_NEW_FORM_ID } from '../../../features/documents/new-outgoing-form.ts';
import type { SlackFormBinding, SlackFormBindingOf } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { slackText } from '../messages.ts';
import { RECEIVE_FIELD_SLOTS } from './incoming-blocks.ts';
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

/** The documents feature's command-opened modals, by form id. */
export const DOCUMENT_FORMS: ReadonlyArray<readonly [string, SlackFormBindingOf]> = [
  [DOC_NEW_FORM_ID, docNewBinding],
  [DOC_RECEIVE_FORM_ID, docReceiveBinding],
];
