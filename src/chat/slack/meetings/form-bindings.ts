// The `/meeting new` form (会议申请) as a modal: where each field of the feature's FormSpec sits.
// Block and action ids follow one pattern (`meeting_<field>`, `meeting_<field>_input`), read back
// by this binding only; the form's handler applies what the modal sends.

import { MEETING_FIELDS, MEETING_FORM_ID } from '../../../features/meetings/meeting-form.ts';
import type { SlackFormBinding, SlackFormBindingOf } from '../form-view.ts';
import { CALLBACK_IDS } from '../ids.ts';
import type { SlackModalReadBack } from '../web-form-modals.ts';

/** Where the request form's fields sit in the modal. */
export const MEETING_REQUEST_BINDING: SlackFormBinding = {
  callbackId: CALLBACK_IDS.meetingRequestModal,
  privateMetadata: '',
  fields: Object.fromEntries(
    Object.values(MEETING_FIELDS).map((field) => [
      field,
      { blockId: `meeting_${field}`, actionId: `meeting_${field}_input` },
    ]),
  ),
};

/** The modals `/meeting` opens, by form id. */
export const MEETING_SLACK_FORMS: ReadonlyArray<readonly [string, SlackFormBindingOf]> = [
  [MEETING_FORM_ID, () => MEETING_REQUEST_BINDING],
];

/** How the meeting modals' submissions give their forms back what they were about (nothing more). */
export const MEETING_READ_BACKS: ReadonlyArray<readonly [string, SlackModalReadBack]> = [
  [MEETING_FORM_ID, {}],
];
