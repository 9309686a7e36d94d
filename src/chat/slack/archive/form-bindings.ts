// The modals of the forms `/archive` opens, by form id: `/archive add`, the 借阅/复制 request
// (from a result's 借阅) and 提请销毁 (from the appraisal). Where each field sits (the submission
// listeners read them back) and the private_metadata each carries, as these modals always had.

import { ARCHIVE_ADD_FIELDS, ARCHIVE_ADD_FORM_ID } from '../../../features/archive/archive-add-form.ts';
import {
  ARCHIVE_DESTROY_FORM_ID,
  ARCHIVE_LOAN_FORM_ID,
  LOAN_STEP_FORMS,
} from '../../../features/archive/loan-step-forms.ts';
import { encodeModalMetadata } from '../action-values.ts';
import type { SlackFormBinding, SlackFormBindingOf } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import type { SlackModalReadBack } from '../web-form-modals.ts';
import { LOAN_STEP_CALLBACK_IDS, LOAN_STEP_FIELD_SLOTS } from './loan-blocks.ts';

/** Where the add form's fields sit in the modal (`parseArchiveAddSubmission` reads them). */
export const ARCHIVE_ADD_FIELD_SLOTS: SlackFormBinding['fields'] = {
  [ARCHIVE_ADD_FIELDS.title]: {
    blockId: BLOCK_IDS.archiveAddTitle,
    actionId: ACTION_IDS.archiveAddTitleInput,
  },
  [ARCHIVE_ADD_FIELDS.docNumber]: {
    blockId: BLOCK_IDS.archiveAddDocNumber,
    actionId: ACTION_IDS.archiveAddDocNumberInput,
  },
  [ARCHIVE_ADD_FIELDS.year]: { blockId: BLOCK_IDS.archiveAddYear, actionId: ACTION_IDS.archiveAddYearInput },
  [ARCHIVE_ADD_FIELDS.category]: {
    blockId: BLOCK_IDS.archiveAddCategory,
    actionId: ACTION_IDS.archiveAddCategorySelect,
    omitOptional: true,
  },
  [ARCHIVE_ADD_FIELDS.retention]: {
    blockId: BLOCK_IDS.archiveAddRetention,
    actionId: ACTION_IDS.archiveAddRetentionSelect,
    omitOptional: true,
  },
  [ARCHIVE_ADD_FIELDS.secrecy]: {
    blockId: BLOCK_IDS.archiveAddSecrecy,
    actionId: ACTION_IDS.archiveAddSecrecySelect,
    omitOptional: true,
  },
  [ARCHIVE_ADD_FIELDS.pages]: {
    blockId: BLOCK_IDS.archiveAddPages,
    actionId: ACTION_IDS.archiveAddPagesInput,
  },
  [ARCHIVE_ADD_FIELDS.location]: {
    blockId: BLOCK_IDS.archiveAddLocation,
    actionId: ACTION_IDS.archiveAddLocationInput,
  },
};

/** Where the request form's fields sit in the modal (`parseLoanSubmission` reads them). */
export const LOAN_REQUEST_FIELD_SLOTS: SlackFormBinding['fields'] = {
  kind: {
    blockId: BLOCK_IDS.archiveLoanKind,
    actionId: ACTION_IDS.archiveLoanKindSelect,
    omitOptional: true,
  },
  // Slack asks for it; the form's own check words what is missing.
  purpose: {
    blockId: BLOCK_IDS.archiveLoanPurpose,
    actionId: ACTION_IDS.archiveLoanPurposeInput,
    required: true,
  },
  days: { blockId: BLOCK_IDS.archiveLoanDays, actionId: ACTION_IDS.archiveLoanDaysInput },
  copies: { blockId: BLOCK_IDS.archiveLoanCopies, actionId: ACTION_IDS.archiveLoanCopiesInput },
  outside: { blockId: BLOCK_IDS.archiveLoanOutside, actionId: ACTION_IDS.archiveLoanOutsideInput },
};

/** Where 提请销毁's one field sits. */
const DESTROY_FIELD_SLOTS: SlackFormBinding['fields'] = {
  method: { blockId: BLOCK_IDS.archiveDestroyMethod, actionId: ACTION_IDS.archiveDestroyMethodInput },
};

/** The `/archive` forms' modals: the add form has no metadata, the others name their entry or quarter. */
export const ARCHIVE_SLACK_FORMS: ReadonlyArray<readonly [string, SlackFormBindingOf]> = [
  [
    ARCHIVE_ADD_FORM_ID,
    () => ({
      callbackId: CALLBACK_IDS.archiveAddModal,
      privateMetadata: '',
      fields: ARCHIVE_ADD_FIELD_SLOTS,
    }),
  ],
  [
    ARCHIVE_LOAN_FORM_ID,
    (params) => ({
      callbackId: CALLBACK_IDS.archiveLoanModal,
      privateMetadata: JSON.stringify({ entryId: params.entryId }),
      fields: LOAN_REQUEST_FIELD_SLOTS,
    }),
  ],
  [
    ARCHIVE_DESTROY_FORM_ID,
    (params) => ({
      callbackId: CALLBACK_IDS.archiveDestroyModal,
      privateMetadata: JSON.stringify({ quarter: params.quarter }),
      fields: DESTROY_FIELD_SLOTS,
    }),
  ],
  // The archivist's step forms (出借, 归还, 已复制): the card's ref rides in private_metadata.
  ...LOAN_STEP_FORMS.map(
    ({ formId, stepId }) =>
      [
        formId,
        (params: Readonly<Record<string, string>>) => ({
          callbackId: LOAN_STEP_CALLBACK_IDS[stepId],
          // Opened from a reply's button (归还 on the loans list), the loan rides as a card's ref
          // does; a card's step button writes the ref itself.
          privateMetadata: params.i
            ? encodeModalMetadata({
                instanceId: params.i,
                version: Number(params.v),
                action: 'approve',
                form: stepId,
              })
            : '',
          fields: LOAN_STEP_FIELD_SLOTS,
        }),
      ] as const,
  ),
];

/** The entry a loan request's modal names, or null when its metadata is not what was written. */
function entryOfMetadata(metadata: string): Record<string, string> | null {
  try {
    const { entryId } = JSON.parse(metadata) as { entryId?: unknown };
    return typeof entryId === 'string' ? { entryId } : null;
  } catch {
    return null;
  }
}

/** How the `/archive` modals' submissions give their forms back what they were about. */
export const ARCHIVE_READ_BACKS: ReadonlyArray<readonly [string, SlackModalReadBack]> = [
  [ARCHIVE_ADD_FORM_ID, {}],
  // A refusal of the request is shown under its purpose, as it always was.
  [ARCHIVE_LOAN_FORM_ID, { paramsOf: entryOfMetadata, errorField: 'purpose' }],
  [ARCHIVE_DESTROY_FORM_ID, {}],
  ...LOAN_STEP_FORMS.map(({ formId }) => [formId, {}] as const),
];
