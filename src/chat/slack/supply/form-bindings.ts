// The /supply modals on Slack, by form id: where each form's fields sit and what private_metadata
// carries (the owed line of a 补发; the card's ref of the 发放 form), as the modals always had
// them, and how each submission is read back for the form's handler to apply.

import {
  itemOfField,
  SUPPLY_FIELDS,
  SUPPLY_FORM_IDS,
  supplyIssueFormSpec,
} from '../../../features/supply/supply-forms.ts';
import { SUPPLY_OWED_PARAM } from '../../../features/supply/supply-keeper-commands.ts';
import type { SlackFieldBinding, SlackFormBinding, SlackFormBindingOf } from '../form-view.ts';
import type { SlackModalReadBack } from '../web-form-modals.ts';
import {
  SUPPLY_EDIT_BINDING,
  SUPPLY_IMPORT_BINDING,
  SUPPLY_PLAN_BINDING,
  SUPPLY_REQUEST_BINDING,
  SUPPLY_STOCK_IN_BINDING,
  supplyCountBinding,
  supplyIssueBinding,
  supplyOwedBinding,
} from './blocks.ts';

/**
 * A per-item form's binding for whichever items it lists (the issue and count forms): the form
 * names its items only in its fields, so each item's slot (`<prefix>:<itemId>`) is made when the
 * modal asks for it.
 */
function bindingForAnyItems(bindingOf: (itemIds: readonly string[]) => SlackFormBinding): SlackFormBinding {
  const known = bindingOf([]);
  const fields = new Proxy(known.fields as Record<string, SlackFieldBinding>, {
    get(target, fieldId) {
      if (typeof fieldId !== 'string') return undefined;
      const itemId = itemOfField(fieldId);
      if (itemId === null) return target[fieldId];
      return bindingOf([itemId]).fields[fieldId];
    },
  });
  return { ...known, fields };
}

/** The `/supply` modals by form id, for the Slack glue. */
export const SUPPLY_SLACK_FORMS: ReadonlyArray<readonly [string, SlackFormBindingOf]> = [
  [SUPPLY_FORM_IDS.request, () => SUPPLY_REQUEST_BINDING],
  [SUPPLY_FORM_IDS.plan, () => SUPPLY_PLAN_BINDING],
  [SUPPLY_FORM_IDS.import, () => SUPPLY_IMPORT_BINDING],
  [SUPPLY_FORM_IDS.stockIn, () => SUPPLY_STOCK_IN_BINDING],
  [SUPPLY_FORM_IDS.edit, () => SUPPLY_EDIT_BINDING],
  [SUPPLY_FORM_IDS.count, () => bindingForAnyItems(supplyCountBinding)],
  [SUPPLY_FORM_IDS.owed, (params) => supplyOwedBinding(params[SUPPLY_OWED_PARAM])],
  // The card's 发放 button: its ref rides in private_metadata, written by the step form's opener.
  [SUPPLY_FORM_IDS.issue, () => bindingForAnyItems((itemIds) => supplyIssueBinding(itemIds))],
];

/** The owed line a 补发 modal carries, or null when it is not one. */
function owedLineOf(privateMetadata: string): Record<string, string> | null {
  return /^\d{1,18}$/.test(privateMetadata) ? { [SUPPLY_OWED_PARAM]: privateMetadata } : null;
}

/**
 * The `/supply` modals applied by their forms' handlers, with the field a refusal of the whole
 * form is shown beside (where the keeper's forms always showed it).
 */
export const SUPPLY_READ_BACKS: ReadonlyArray<readonly [string, SlackModalReadBack]> = [
  [SUPPLY_FORM_IDS.request, {}],
  [SUPPLY_FORM_IDS.plan, {}],
  [SUPPLY_FORM_IDS.import, { errorField: SUPPLY_FIELDS.csv }],
  [SUPPLY_FORM_IDS.stockIn, { errorField: SUPPLY_FIELDS.item }],
  [SUPPLY_FORM_IDS.owed, { paramsOf: owedLineOf, errorField: SUPPLY_FIELDS.quantity }],
  [SUPPLY_FORM_IDS.edit, { errorField: SUPPLY_FIELDS.item }],
  // The catalog may have grown since the stock-take opened: the items it showed are counted.
  [SUPPLY_FORM_IDS.count, { errorField: SUPPLY_FIELDS.reason, checksShownFields: true }],
  // Opened at once in its loading view, then filled in with the lines and the stock.
  [SUPPLY_FORM_IDS.issue, { loading: supplyIssueFormSpec({ lines: null }) }],
];
