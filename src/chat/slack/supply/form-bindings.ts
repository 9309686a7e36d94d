// The modals `/supply` and its 补发 button open, by form id: where each form's fields sit and
// what private_metadata carries (the owed line of a 补发), as the modals always had them.

import { itemOfField, SUPPLY_FORM_IDS } from '../../../features/supply/supply-forms.ts';
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
  supplyOwedBinding,
} from './blocks.ts';

/**
 * The count form's binding for whichever items it lists: the form answer names its items only in
 * its fields, so each item's slot (`supply_count:<itemId>`) is made when the modal asks for it.
 */
function countBindingForAnyItems(): SlackFormBinding {
  const known = supplyCountBinding([]);
  const fields = new Proxy(known.fields as Record<string, SlackFieldBinding>, {
    get(target, fieldId) {
      if (typeof fieldId !== 'string') return undefined;
      const itemId = itemOfField(fieldId);
      if (itemId === null) return target[fieldId];
      return supplyCountBinding([itemId]).fields[fieldId];
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
  [SUPPLY_FORM_IDS.count, countBindingForAnyItems],
  [SUPPLY_FORM_IDS.owed, (params) => supplyOwedBinding(params[SUPPLY_OWED_PARAM])],
];

/** The `/supply` modals applied by their forms' handlers (their metadata carries nothing back). */
export const SUPPLY_READ_BACKS: ReadonlyArray<readonly [string, SlackModalReadBack]> = [
  [SUPPLY_FORM_IDS.request, {}],
  [SUPPLY_FORM_IDS.plan, {}],
];
