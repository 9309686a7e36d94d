// Where the /supply forms' fields sit as Slack modals (view.state.values is keyed by block and
// action id), so the views drawn from the feature's FormSpecs are those the forms always had: the
// request, the keeper's issue from the card, the catalog import, stock-in, 补发, the catalog form,
// stock-take and the department plan. The forms are opened and read back by the form glue through
// the forms' Slack bindings (supply/form-bindings.ts); the issue form is the card's, opened at once
// in a loading view (the trigger_id lives 3 s) and filled in with views.update.

import type { types } from '@slack/bolt';
import {
  type IssueFormLine,
  itemFieldId,
  lineFieldIds,
  SUPPLY_FIELDS,
  SUPPLY_FORM_LINES,
  supplyIssueFormSpec,
} from '../../../features/supply/supply-forms.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { type ActionRef, encodeModalMetadata } from '../action-values.ts';
import { renderSlackModal, type SlackFieldBinding, type SlackFormBinding } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';

export type {
  EditableItem,
  IssueFormLine,
  OwedLine,
  PrefilledLine,
} from '../../../features/supply/supply-forms.ts';
export {
  MAX_COUNT_ITEMS,
  MAX_FORM_ITEMS,
  SUPPLY_FORM_LINES,
} from '../../../features/supply/supply-forms.ts';

/** Line `n`'s block ids in the request and plan forms. */
export const lineBlockIds = (n: number) => ({
  item: `${BLOCK_IDS.supplyLineItemPrefix}:${n}`,
  quantity: `${BLOCK_IDS.supplyLineQuantityPrefix}:${n}`,
});

const itemSlot: SlackFieldBinding = { blockId: BLOCK_IDS.supplyItem, actionId: ACTION_IDS.supplyItemSelect };
const reasonSlot: SlackFieldBinding = {
  blockId: BLOCK_IDS.supplyReason,
  actionId: ACTION_IDS.supplyReasonInput,
};
const quantitySlot: SlackFieldBinding = {
  blockId: BLOCK_IDS.supplyQuantity,
  actionId: ACTION_IDS.supplyQuantityInput,
};

/** The request and plan forms' lines; Slack asks for the first one. */
function lineSlots(): Record<string, SlackFieldBinding> {
  const slots: Record<string, SlackFieldBinding> = {};
  for (let n = 1; n <= SUPPLY_FORM_LINES; n += 1) {
    const fields = lineFieldIds(n);
    const blocks = lineBlockIds(n);
    const first = n === 1 ? { required: true } : {};
    slots[fields.item] = { blockId: blocks.item, actionId: ACTION_IDS.supplyItemSelect, ...first };
    slots[fields.quantity] = { blockId: blocks.quantity, actionId: ACTION_IDS.supplyQuantityInput, ...first };
  }
  return slots;
}

/** Where the request form's fields sit. */
export const SUPPLY_REQUEST_BINDING: SlackFormBinding = {
  callbackId: CALLBACK_IDS.supplyRequestModal,
  noticeBlockIds: { note: BLOCK_IDS.supplyNotice },
  fields: { ...lineSlots(), [SUPPLY_FIELDS.reason]: reasonSlot },
};

/** Where the plan form's fields sit. */
export const SUPPLY_PLAN_BINDING: SlackFormBinding = {
  callbackId: CALLBACK_IDS.supplyPlanModal,
  noticeBlockIds: { note: BLOCK_IDS.supplyNotice },
  fields: {
    [SUPPLY_FIELDS.period]: {
      blockId: BLOCK_IDS.supplyPeriod,
      actionId: ACTION_IDS.supplyPeriodSelect,
      omitOptional: true,
    },
    ...lineSlots(),
  },
};

/** The block of one item's quantity in the issue or count form (`<prefix>:<itemId>`). */
export const itemBlockId = (prefix: string, itemId: string) => `${prefix}:${itemId}`;

/** Where a per-item form's fields sit: one block per item under `prefix`, then the reason. */
function perItemBinding(
  callbackId: string,
  prefix: string,
  itemIds: readonly string[],
  privateMetadata?: string,
): SlackFormBinding {
  const fields: Record<string, SlackFieldBinding> = { [SUPPLY_FIELDS.reason]: reasonSlot };
  for (const itemId of itemIds) {
    fields[itemFieldId(itemId)] = {
      blockId: itemBlockId(prefix, itemId),
      actionId: ACTION_IDS.supplyQuantityInput,
    };
  }
  return {
    callbackId,
    ...(privateMetadata === undefined ? {} : { privateMetadata }),
    noticeBlockIds: { note: BLOCK_IDS.supplyNotice },
    fields,
  };
}

/** Where the issue form's fields sit, for the items it lists. */
export function supplyIssueBinding(itemIds: readonly string[], privateMetadata?: string): SlackFormBinding {
  return perItemBinding(CALLBACK_IDS.supplyIssueModal, BLOCK_IDS.supplyIssuePrefix, itemIds, privateMetadata);
}

/** Where the count form's fields sit, for the items it lists. */
export function supplyCountBinding(itemIds: readonly string[]): SlackFormBinding {
  return perItemBinding(CALLBACK_IDS.supplyCountModal, BLOCK_IDS.supplyCountPrefix, itemIds);
}

/** Where the 补发 form's field sits; the owed line rides in private_metadata. */
export function supplyOwedBinding(lineId?: string): SlackFormBinding {
  return {
    callbackId: CALLBACK_IDS.supplyOwedModal,
    ...(lineId === undefined ? {} : { privateMetadata: lineId }),
    noticeBlockIds: { note: BLOCK_IDS.supplyNotice },
    fields: { [SUPPLY_FIELDS.quantity]: quantitySlot },
  };
}

/** Where the import form's field sits. */
export const SUPPLY_IMPORT_BINDING: SlackFormBinding = {
  callbackId: CALLBACK_IDS.supplyImportModal,
  noticeBlockIds: { note: BLOCK_IDS.supplyNotice },
  fields: { [SUPPLY_FIELDS.csv]: { blockId: BLOCK_IDS.supplyCsv, actionId: ACTION_IDS.supplyCsvInput } },
};

/** Where the stock-in form's fields sit. */
export const SUPPLY_STOCK_IN_BINDING: SlackFormBinding = {
  callbackId: CALLBACK_IDS.supplyStockInModal,
  noticeBlockIds: { note: BLOCK_IDS.supplyNotice },
  fields: {
    [SUPPLY_FIELDS.item]: itemSlot,
    [SUPPLY_FIELDS.quantity]: quantitySlot,
    [SUPPLY_FIELDS.price]: { blockId: BLOCK_IDS.supplyPrice, actionId: ACTION_IDS.supplyPriceInput },
    [SUPPLY_FIELDS.supplier]: { blockId: BLOCK_IDS.supplySupplier, actionId: ACTION_IDS.supplySupplierInput },
    [SUPPLY_FIELDS.date]: { blockId: BLOCK_IDS.supplyDate, actionId: ACTION_IDS.supplyDateInput },
  },
};

/** Where the catalog form's fields sit. */
export const SUPPLY_EDIT_BINDING: SlackFormBinding = {
  callbackId: CALLBACK_IDS.supplyEditModal,
  noticeBlockIds: { note: BLOCK_IDS.supplyNotice },
  fields: {
    [SUPPLY_FIELDS.item]: { ...itemSlot, omitOptional: true },
    [SUPPLY_FIELDS.unit]: { blockId: BLOCK_IDS.supplyUnit, actionId: ACTION_IDS.supplyUnitInput },
    [SUPPLY_FIELDS.price]: { blockId: BLOCK_IDS.supplyPrice, actionId: ACTION_IDS.supplyPriceInput },
    [SUPPLY_FIELDS.threshold]: {
      blockId: BLOCK_IDS.supplyThreshold,
      actionId: ACTION_IDS.supplyThresholdInput,
    },
    [SUPPLY_FIELDS.state]: { blockId: BLOCK_IDS.supplyActive, actionId: ACTION_IDS.supplyActiveSelect },
  },
};

/** The keeper's issue form for the card `ref`; `lines` null is the loading view, [] "no longer waiting". */
export function buildSupplyIssueModal(input: {
  locale: Locale;
  ref: ActionRef;
  lines: readonly IssueFormLine[] | null;
}): types.ModalView {
  const itemIds = (input.lines ?? []).map((line) => line.itemId);
  return renderSlackModal(
    supplyIssueFormSpec({ lines: input.lines }),
    supplyIssueBinding(itemIds, encodeModalMetadata(input.ref)),
    input.locale,
  );
}
