// The `/meeting new` form (会议申请) as a modal: where each field of the feature's FormSpec sits.
// Block and action ids follow one pattern (`meeting_<field>`, `meeting_<field>_input`), read back
// by this binding only; the form's handler applies what the modal sends.

import { z } from 'zod';
import {
  ATTENDEE_FIELDS,
  MEETING_DELEGATE_FORM_ID,
  MEETING_LEAVE_FORM_ID,
} from '../../../features/meetings/attendee-chat.ts';
import {
  CANCEL_FIELDS,
  MEETING_CANCEL_FORM_ID,
  MEETING_CHANGE_FORM_ID,
} from '../../../features/meetings/meeting-changes.ts';
import { MEETING_FIELDS, MEETING_FORM_ID } from '../../../features/meetings/meeting-form.ts';
import { MINUTES_FIELD_IDS, MINUTES_FORM_ID } from '../../../features/meetings/minutes-form.ts';
import { MEETING_PLAN_FORM_ID, PLAN_FORM_LINES, planFieldIds } from '../../../features/meetings/plan-form.ts';
import { SECRECY_FIELDS } from '../../../features/meetings/secrecy-form.ts';
import { MEETING_SIGN_IN_FORM_ID, SIGN_IN_FIELD } from '../../../features/meetings/sign-in-chat.ts';
import type { SlackFormBinding, SlackFormBindingOf } from '../form-view.ts';
import { ACTION_IDS, CALLBACK_IDS } from '../ids.ts';
import type { SlackModalReadBack } from '../web-form-modals.ts';

/** Where the request form's fields sit in the modal. */
export const MEETING_REQUEST_BINDING: SlackFormBinding = {
  callbackId: CALLBACK_IDS.meetingRequestModal,
  privateMetadata: '',
  fields: Object.fromEntries(
    [...Object.values(SECRECY_FIELDS), ...Object.values(MEETING_FIELDS)].map((field) => [
      field,
      { blockId: `meeting_${field}`, actionId: `meeting_${field}_input` },
    ]),
  ),
};

/** Where the plan form's lines sit (`meeting_plan_<field>_<n>`); private_metadata carries the year. */
export function meetingPlanBinding(year?: string): SlackFormBinding {
  const fields: Record<string, { blockId: string; actionId: string }> = {};
  for (let n = 1; n <= PLAN_FORM_LINES; n += 1) {
    for (const [field, id] of Object.entries(planFieldIds(n))) {
      fields[id] = { blockId: `meeting_plan_${field}_${n}`, actionId: `meeting_plan_${field}_${n}_input` };
    }
  }
  return { callbackId: CALLBACK_IDS.meetingPlanModal, privateMetadata: year ?? '', fields };
}

/** The 请假 and 委派 modals of a meeting's card: the meeting's instance id rides in private_metadata. */
const attendeeBinding =
  (callbackId: string, field: string, actionId: string): SlackFormBindingOf =>
  (params) => ({
    callbackId,
    privateMetadata: params.i ?? '',
    fields: { [field]: { blockId: `meeting_${field}`, actionId } },
  });

/** The 变更 modal: the request form's slots of the day, times and room. */
const changeBinding: SlackFormBindingOf = (params) => ({
  callbackId: CALLBACK_IDS.meetingChangeModal,
  privateMetadata: params.i ?? '',
  fields: Object.fromEntries(
    [
      MEETING_FIELDS.day,
      MEETING_FIELDS.start,
      MEETING_FIELDS.end,
      MEETING_FIELDS.room,
      MEETING_FIELDS.place,
    ].map((field) => [field, MEETING_REQUEST_BINDING.fields[field] ?? { blockId: '', actionId: '' }]),
  ),
});

/** Where the minutes form's fields sit (`minutes_<field>`); the meeting rides in private_metadata. */
const minutesBinding: SlackFormBindingOf = (params) => ({
  callbackId: CALLBACK_IDS.meetingMinutesModal,
  privateMetadata: JSON.stringify({ m: params.m ?? '' }),
  fields: Object.fromEntries(
    MINUTES_FIELD_IDS.map((field) => [
      field,
      { blockId: `minutes_${field}`, actionId: `minutes_${field}_input` },
    ]),
  ),
});

/** The meeting a minutes modal names, or null when its metadata is not what was written. */
function minutesMeetingOf(metadata: string): Record<string, string> | null {
  try {
    const { m } = JSON.parse(metadata) as { m?: unknown };
    return typeof m === 'string' && m !== '' ? { m } : null;
  } catch {
    return null;
  }
}

/** The modals `/meeting` and a meeting's card open, by form id. */
export const MEETING_SLACK_FORMS: ReadonlyArray<readonly [string, SlackFormBindingOf]> = [
  [MEETING_FORM_ID, () => MEETING_REQUEST_BINDING],
  [MEETING_PLAN_FORM_ID, (params) => meetingPlanBinding(params.year)],
  [
    MEETING_LEAVE_FORM_ID,
    attendeeBinding(
      CALLBACK_IDS.meetingLeaveModal,
      ATTENDEE_FIELDS.reason,
      ACTION_IDS.meetingLeaveReasonInput,
    ),
  ],
  [
    MEETING_DELEGATE_FORM_ID,
    attendeeBinding(
      CALLBACK_IDS.meetingDelegateModal,
      ATTENDEE_FIELDS.person,
      ACTION_IDS.meetingDelegatePersonInput,
    ),
  ],
  [MEETING_CHANGE_FORM_ID, changeBinding],
  [
    MEETING_CANCEL_FORM_ID,
    attendeeBinding(
      CALLBACK_IDS.meetingCancelModal,
      CANCEL_FIELDS.reason,
      ACTION_IDS.meetingCancelReasonInput,
    ),
  ],
  [MINUTES_FORM_ID, minutesBinding],
  [
    MEETING_SIGN_IN_FORM_ID,
    attendeeBinding(CALLBACK_IDS.meetingSignInModal, SIGN_IN_FIELD, ACTION_IDS.meetingSignInPeopleInput),
  ],
];

const InstanceId = z.uuid();

/** The meeting a 请假 or 委派 modal is about, as its form's params; null when the metadata is not ours. */
function meetingOfMetadata(metadata: string): Record<string, string> | null {
  return InstanceId.safeParse(metadata).success ? { i: metadata } : null;
}

/** How the meeting modals' submissions give their forms back what they were about: the plan's year, the meeting. */
export const MEETING_READ_BACKS: ReadonlyArray<readonly [string, SlackModalReadBack]> = [
  [MEETING_FORM_ID, {}],
  [MEETING_PLAN_FORM_ID, { paramsOf: (metadata) => (/^\d{4}$/u.test(metadata) ? { year: metadata } : null) }],
  [MEETING_LEAVE_FORM_ID, { paramsOf: meetingOfMetadata }],
  [MEETING_DELEGATE_FORM_ID, { paramsOf: meetingOfMetadata }],
  [MEETING_CHANGE_FORM_ID, { paramsOf: meetingOfMetadata, errorField: MEETING_FIELDS.room }],
  [MEETING_CANCEL_FORM_ID, { paramsOf: meetingOfMetadata }],
  [MINUTES_FORM_ID, { paramsOf: minutesMeetingOf }],
  [MEETING_SIGN_IN_FORM_ID, { paramsOf: meetingOfMetadata }],
];
