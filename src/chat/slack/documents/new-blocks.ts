// The `/doc new` form (拟稿发文): title, document type, direction, urgency, secrecy, recipients,
// countersigning departments, a link to the draft and the number of copies, drawn from its
// FormSpec (features/documents/new-outgoing-form.ts). Fixed block and action ids (view.state.values
// is keyed by them); the form glue (web-form-modals.ts) reads the submission back through them.

import type { types } from '@slack/bolt';
import type { NewOutgoingInput } from '../../../features/documents/new-outgoing.ts';
import { DOC_NEW_FIELDS, docNewFormSpec } from '../../../features/documents/new-outgoing-form.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { truncateText } from '../blocks/limits.ts';
import { renderSlackModal, type SlackFormBinding } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS } from '../ids.ts';
import { docNewBinding } from './form-bindings.ts';

/** A document type or department offered by the form. */
export interface DocNewChoice {
  id: string;
  name: string;
  nameEn?: string | null;
}

export interface DocNewModalInput {
  locale: Locale;
  /** The unit's document types (at least one; the first is preselected). */
  docTypes: readonly DocNewChoice[];
  /** Departments that may countersign; without any, the countersign input is left out. */
  departments: readonly DocNewChoice[];
  /** What the form starts with, e.g. what was typed before it was re-opened. */
  initial?: Partial<NewOutgoingInput>;
  /** A line shown above the inputs (e.g. why the form came back). */
  notice?: string;
}

/** Longest notice shown above the inputs. */
const NOTICE_MAX = 2000;

/** Where the drafting form's fields sit in the modal (`parseDocNewSubmission` reads them). */
export const DOC_NEW_FIELD_SLOTS: SlackFormBinding['fields'] = {
  [DOC_NEW_FIELDS.title]: { blockId: BLOCK_IDS.docNewTitle, actionId: ACTION_IDS.docNewTitleInput },
  [DOC_NEW_FIELDS.docTypeId]: { blockId: BLOCK_IDS.docNewDocType, actionId: ACTION_IDS.docNewDocTypeSelect },
  [DOC_NEW_FIELDS.direction]: {
    blockId: BLOCK_IDS.docNewDirection,
    actionId: ACTION_IDS.docNewDirectionSelect,
  },
  [DOC_NEW_FIELDS.urgency]: { blockId: BLOCK_IDS.docNewUrgency, actionId: ACTION_IDS.docNewUrgencySelect },
  [DOC_NEW_FIELDS.secrecy]: { blockId: BLOCK_IDS.docNewSecrecy, actionId: ACTION_IDS.docNewSecrecySelect },
  [DOC_NEW_FIELDS.mainRecipients]: {
    blockId: BLOCK_IDS.docNewMainRecipients,
    actionId: ACTION_IDS.docNewMainRecipientsInput,
  },
  [DOC_NEW_FIELDS.copyTo]: { blockId: BLOCK_IDS.docNewCopyTo, actionId: ACTION_IDS.docNewCopyToInput },
  [DOC_NEW_FIELDS.countersignDepartments]: {
    blockId: BLOCK_IDS.docNewCountersign,
    actionId: ACTION_IDS.docNewCountersignSelect,
  },
  [DOC_NEW_FIELDS.draftLink]: {
    blockId: BLOCK_IDS.docNewDraftLink,
    actionId: ACTION_IDS.docNewDraftLinkInput,
  },
  [DOC_NEW_FIELDS.copies]: { blockId: BLOCK_IDS.docNewCopies, actionId: ACTION_IDS.docNewCopiesInput },
};

/**
 * The drafting form, drawn from its FormSpec with its Slack binding (whose draft link hint is
 * Slack's own). Throws when `docTypes` is empty.
 */
export function buildDocNewModal(input: DocNewModalInput): types.ModalView {
  const { locale } = input;
  if (input.docTypes.length === 0) throw new Error('buildDocNewModal: the unit has no document types');
  const spec = docNewFormSpec({
    docTypes: input.docTypes,
    departments: input.departments,
    ...(input.initial ? { initial: input.initial } : {}),
    ...(input.notice ? { notice: truncateText(input.notice, NOTICE_MAX) } : {}),
  });
  return renderSlackModal(spec, docNewBinding(), locale);
}
