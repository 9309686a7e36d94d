// The /supply forms: the request (items with quantities and a reason, pre-filled from an inline
// command that could not be read whole), the keeper's issue from the card, the catalog import,
// stock-in, stock-take and the department plan. Forms that need the catalog open at once in a
// loading view (the trigger_id lives 3 s) and are filled in with views.update.
// supply/submission.ts reads them back.

import type { types } from '@slack/bolt';
import { type CatalogItem, itemLabel } from '../../../domain/supply/catalog.ts';
import { formatFen } from '../../../domain/supply/numbers.ts';
import { type Locale, type PlainMessageKey, t } from '../../../shared/i18n.ts';
import { type ActionRef, encodeModalMetadata } from '../action-values.ts';
import { textInput } from '../blocks/inputs.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, mrkdwn, plainText } from '../blocks/message.ts';
import { bold, escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';

/** Lines the request and plan forms show. */
export const SUPPLY_FORM_LINES = 6;

/** Items a form can list: static_select takes 100 options; the count form one input per item. */
export const MAX_FORM_ITEMS = 100;
export const MAX_COUNT_ITEMS = 90;

/** A line to pre-fill: the item (if found) and the quantity (if typed). */
export interface PrefilledLine {
  itemId: string | null;
  quantity: number | null;
}

const title = (locale: Locale, key: PlainMessageKey) =>
  plainText(truncateText(t(locale, key), BLOCK_KIT_LIMITS.modalTitle));
const button = (locale: Locale, key: PlainMessageKey) =>
  plainText(truncateText(t(locale, key), BLOCK_KIT_LIMITS.modalTitle));

function itemOption(item: CatalogItem, locale: Locale): types.PlainTextOption {
  const stock = t(locale, 'supply.form.option_stock', { stock: item.stock, unit: item.unit });
  return {
    text: plainText(truncateText(`${itemLabel(item)} ${stock}`, 75)),
    value: item.id,
  };
}

function itemSelect(
  blockId: string,
  label: string,
  catalog: readonly CatalogItem[],
  locale: Locale,
  options: { initial?: string | null; optional: boolean },
): Block {
  const choices = catalog.slice(0, MAX_FORM_ITEMS).map((i) => itemOption(i, locale));
  const initial = choices.find((c) => c.value === options.initial);
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional,
    label: plainText(truncateText(label, 2000)),
    element: {
      type: 'static_select',
      action_id: ACTION_IDS.supplyItemSelect,
      placeholder: plainText(t(locale, 'supply.form.item_placeholder')),
      options: choices,
      ...(initial ? { initial_option: initial } : {}),
    },
  } as unknown as Block;
}

const notice = (text: string): Block =>
  ({
    type: 'context',
    block_id: BLOCK_IDS.supplyNotice,
    elements: [plainText(truncateText(text, 2000))],
  }) as unknown as Block;

const loadingBlocks = (locale: Locale) =>
  [{ type: 'section', text: plainText(t(locale, 'supply.form.loading')) }] as types.ModalView['blocks'];

/** Line `n`'s block ids in the request and plan forms. */
export const lineBlockIds = (n: number) => ({
  item: `${BLOCK_IDS.supplyLineItemPrefix}:${n}`,
  quantity: `${BLOCK_IDS.supplyLineQuantityPrefix}:${n}`,
});

function lineBlocks(
  catalog: readonly CatalogItem[],
  locale: Locale,
  prefilled: readonly PrefilledLine[],
): Block[] {
  const blocks: Block[] = [];
  for (let n = 1; n <= SUPPLY_FORM_LINES; n += 1) {
    const line = prefilled[n - 1];
    const ids = lineBlockIds(n);
    blocks.push(
      itemSelect(ids.item, t(locale, 'supply.form.item', { n }), catalog, locale, {
        initial: line?.itemId ?? null,
        optional: n > 1,
      }),
      textInput(ids.quantity, ACTION_IDS.supplyQuantityInput, t(locale, 'supply.form.quantity', { n }), {
        max: 6,
        optional: n > 1,
        initial: line?.quantity ? String(line.quantity) : null,
      }),
    );
  }
  return blocks;
}

/**
 * The request form. `catalog` null is the loading view (no inputs, no submit). `note` explains a
 * pre-fill (an item not found or ambiguous in the inline command).
 */
export function buildSupplyRequestModal(input: {
  locale: Locale;
  catalog: readonly CatalogItem[] | null;
  prefilled?: readonly PrefilledLine[];
  note?: string | null;
  reason?: string | null;
}): types.ModalView {
  const { locale, catalog } = input;
  const base = {
    type: 'modal' as const,
    callback_id: CALLBACK_IDS.supplyRequestModal,
    title: title(locale, 'supply.form.title'),
    close: button(locale, 'modal.close'),
  };
  if (catalog === null) return { ...base, blocks: loadingBlocks(locale) };
  if (catalog.length === 0) {
    return { ...base, blocks: [notice(t(locale, 'supply.catalog.empty'))] as types.ModalView['blocks'] };
  }
  const blocks: Block[] = [
    ...(input.note ? [notice(input.note)] : []),
    ...lineBlocks(catalog, locale, input.prefilled ?? []),
    textInput(BLOCK_IDS.supplyReason, ACTION_IDS.supplyReasonInput, t(locale, 'supply.form.reason'), {
      max: 500,
      multiline: true,
      optional: true,
      initial: input.reason ?? null,
    }),
  ];
  return {
    ...base,
    submit: button(locale, 'supply.form.submit'),
    blocks: blocks as types.ModalView['blocks'],
  };
}

/** A line of the issue form: what was requested and what is on the shelf. */
export interface IssueFormLine {
  itemId: string;
  label: string;
  unit: string;
  requested: number;
  stock: number;
}

/** The keeper's issue form for the card `ref`; `lines` null is the loading view, [] "no longer waiting". */
export function buildSupplyIssueModal(input: {
  locale: Locale;
  ref: ActionRef;
  lines: readonly IssueFormLine[] | null;
}): types.ModalView {
  const { locale, lines } = input;
  const base = {
    type: 'modal' as const,
    callback_id: CALLBACK_IDS.supplyIssueModal,
    private_metadata: encodeModalMetadata(input.ref),
    title: title(locale, 'supply.issue.title'),
    close: button(locale, 'modal.close'),
  };
  if (lines === null) return { ...base, blocks: loadingBlocks(locale) };
  if (lines.length === 0) {
    return { ...base, blocks: [notice(t(locale, 'supply.issue.gone'))] as types.ModalView['blocks'] };
  }
  const blocks: Block[] = [
    notice(t(locale, 'supply.issue.hint')),
    ...lines.map((line) =>
      textInput(
        `${BLOCK_IDS.supplyIssuePrefix}:${line.itemId}`,
        ACTION_IDS.supplyQuantityInput,
        t(locale, 'supply.issue.line', {
          item: line.label,
          requested: line.requested,
          stock: line.stock,
          unit: line.unit,
        }),
        { max: 6, initial: String(Math.max(0, Math.min(line.requested, line.stock))) },
      ),
    ),
    textInput(BLOCK_IDS.supplyReason, ACTION_IDS.supplyReasonInput, t(locale, 'supply.issue.reason'), {
      max: 500,
      optional: true,
      hint: t(locale, 'supply.issue.reason_hint'),
    }),
  ];
  return {
    ...base,
    submit: button(locale, 'supply.issue.submit'),
    blocks: blocks as types.ModalView['blocks'],
  };
}

/** The import form: the CSV pasted in (a file of up to 3,000 characters; larger ones via the script). */
export function buildSupplyImportModal(locale: Locale): types.ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.supplyImportModal,
    title: title(locale, 'supply.import.title'),
    close: button(locale, 'modal.close'),
    submit: button(locale, 'supply.import.submit'),
    blocks: [
      notice(t(locale, 'supply.import.hint')),
      textInput(BLOCK_IDS.supplyCsv, ACTION_IDS.supplyCsvInput, t(locale, 'supply.import.csv'), {
        max: 3000,
        multiline: true,
      }),
    ] as types.ModalView['blocks'],
  };
}

/** The stock-in form (入库); `catalog` null is the loading view. */
export function buildSupplyStockInModal(input: {
  locale: Locale;
  catalog: readonly CatalogItem[] | null;
  today: string;
}): types.ModalView {
  const { locale, catalog } = input;
  const base = {
    type: 'modal' as const,
    callback_id: CALLBACK_IDS.supplyStockInModal,
    title: title(locale, 'supply.in.title'),
    close: button(locale, 'modal.close'),
  };
  if (catalog === null) return { ...base, blocks: loadingBlocks(locale) };
  if (catalog.length === 0) {
    return { ...base, blocks: [notice(t(locale, 'supply.catalog.empty'))] as types.ModalView['blocks'] };
  }
  const blocks: Block[] = [
    itemSelect(BLOCK_IDS.supplyItem, t(locale, 'supply.in.item'), catalog, locale, { optional: false }),
    textInput(BLOCK_IDS.supplyQuantity, ACTION_IDS.supplyQuantityInput, t(locale, 'supply.in.quantity'), {
      max: 6,
    }),
    textInput(BLOCK_IDS.supplyPrice, ACTION_IDS.supplyPriceInput, t(locale, 'supply.in.price'), { max: 14 }),
    textInput(BLOCK_IDS.supplySupplier, ACTION_IDS.supplySupplierInput, t(locale, 'supply.in.supplier'), {
      max: 100,
    }),
    textInput(BLOCK_IDS.supplyDate, ACTION_IDS.supplyDateInput, t(locale, 'supply.in.date'), {
      max: 10,
      initial: input.today,
    }),
  ];
  return { ...base, submit: button(locale, 'supply.in.submit'), blocks: blocks as types.ModalView['blocks'] };
}

/** An owed line (欠发) as `/supply owed` lists it. */
export interface OwedLine {
  lineId: string;
  label: string;
  unit: string;
  owed: number;
  stock: number;
  requester: string;
}

/** `/supply owed`: one section per line, with 补发 while there is stock to issue. */
export function buildSupplyOwedBlocks(
  locale: Locale,
  lines: readonly OwedLine[],
): { text: string; blocks: Block[] } {
  const row = (l: OwedLine) =>
    t(locale, 'supply.owed.row', {
      item: escapeMrkdwn(l.label),
      owed: l.owed,
      unit: escapeMrkdwn(l.unit),
      person: escapeMrkdwn(l.requester),
      stock: l.stock,
    });
  const shown = lines.slice(0, BLOCK_KIT_LIMITS.blocksPerMessage - 1);
  const blocks: Block[] = [
    { type: 'section', text: mrkdwn(bold(t(locale, 'supply.owed.header'))) } as unknown as Block,
    ...shown.map(
      (l) =>
        ({
          type: 'section',
          text: mrkdwn(truncateText(row(l), 3000)),
          ...(l.stock > 0
            ? {
                accessory: {
                  type: 'button',
                  action_id: ACTION_IDS.supplyIssueOwed,
                  value: l.lineId,
                  text: plainText(t(locale, 'supply.owed.button')),
                },
              }
            : {}),
        }) as unknown as Block,
    ),
  ];
  const text = truncateText(
    [bold(t(locale, 'supply.owed.header')), ...shown.map((l) => `• ${row(l)}`)].join('\n'),
    3000,
  );
  return { text, blocks };
}

/** 补发: how many of the owed line to issue now (at most what is owed and what is in stock). */
export function buildSupplyOwedModal(input: { locale: Locale; line: OwedLine }): types.ModalView {
  const { locale, line } = input;
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.supplyOwedModal,
    private_metadata: line.lineId,
    title: title(locale, 'supply.owed.title'),
    close: button(locale, 'modal.close'),
    submit: button(locale, 'supply.owed.submit'),
    blocks: [
      notice(
        t(locale, 'supply.owed.hint', {
          item: line.label,
          owed: line.owed,
          unit: line.unit,
          person: line.requester,
          stock: line.stock,
        }),
      ),
      textInput(BLOCK_IDS.supplyQuantity, ACTION_IDS.supplyQuantityInput, t(locale, 'supply.owed.quantity'), {
        max: 6,
        initial: String(Math.min(line.owed, line.stock)),
      }),
    ] as types.ModalView['blocks'],
  };
}

/** An item as the edit form offers it: withdrawn ones too, so they can be taken back. */
export interface EditableItem extends CatalogItem {
  active: boolean;
}

/**
 * The keeper's catalog form (目录维护): pick an item, then what to change; a blank field stays as
 * it is. Name and specification identify an item and are not edited here; stock only moves
 * through 入库, 发放 and 盘点. `items` null is the loading view.
 */
export function buildSupplyEditModal(input: {
  locale: Locale;
  items: readonly EditableItem[] | null;
}): types.ModalView {
  const { locale, items } = input;
  const base = {
    type: 'modal' as const,
    callback_id: CALLBACK_IDS.supplyEditModal,
    title: title(locale, 'supply.edit.title'),
    close: button(locale, 'modal.close'),
  };
  if (items === null) return { ...base, blocks: loadingBlocks(locale) };
  if (items.length === 0) {
    return { ...base, blocks: [notice(t(locale, 'supply.catalog.empty'))] as types.ModalView['blocks'] };
  }
  const options = items.slice(0, MAX_FORM_ITEMS).map((i) => ({
    text: plainText(
      truncateText(
        t(locale, 'supply.edit.option', {
          item: itemLabel(i),
          unit: i.unit,
          price: formatFen(i.unitPriceFen),
          threshold: i.lowStockThreshold,
          state: i.active ? '' : t(locale, 'supply.edit.withdrawn'),
        }),
        75,
      ),
    ),
    value: i.id,
  }));
  const blocks: Block[] = [
    notice(t(locale, 'supply.edit.hint')),
    {
      type: 'input',
      block_id: BLOCK_IDS.supplyItem,
      label: plainText(t(locale, 'supply.edit.item')),
      element: {
        type: 'static_select',
        action_id: ACTION_IDS.supplyItemSelect,
        placeholder: plainText(t(locale, 'supply.form.item_placeholder')),
        options,
      },
    } as unknown as Block,
    textInput(BLOCK_IDS.supplyUnit, ACTION_IDS.supplyUnitInput, t(locale, 'supply.edit.unit'), {
      max: 10,
      optional: true,
    }),
    textInput(BLOCK_IDS.supplyPrice, ACTION_IDS.supplyPriceInput, t(locale, 'supply.edit.price'), {
      max: 14,
      optional: true,
    }),
    textInput(
      BLOCK_IDS.supplyThreshold,
      ACTION_IDS.supplyThresholdInput,
      t(locale, 'supply.edit.threshold'),
      {
        max: 6,
        optional: true,
      },
    ),
    {
      type: 'input',
      block_id: BLOCK_IDS.supplyActive,
      optional: true,
      label: plainText(t(locale, 'supply.edit.state')),
      element: {
        type: 'static_select',
        action_id: ACTION_IDS.supplyActiveSelect,
        options: [
          { text: plainText(t(locale, 'supply.edit.state_active')), value: 'active' },
          { text: plainText(t(locale, 'supply.edit.state_withdrawn')), value: 'withdrawn' },
        ],
      },
    } as unknown as Block,
  ];
  return {
    ...base,
    submit: button(locale, 'supply.edit.submit'),
    blocks: blocks as types.ModalView['blocks'],
  };
}

/** The count form (盘点): every item with its booked stock filled in; `catalog` null is the loading view. */
export function buildSupplyCountModal(input: {
  locale: Locale;
  catalog: readonly CatalogItem[] | null;
}): types.ModalView {
  const { locale, catalog } = input;
  const base = {
    type: 'modal' as const,
    callback_id: CALLBACK_IDS.supplyCountModal,
    title: title(locale, 'supply.count.title'),
    close: button(locale, 'modal.close'),
  };
  if (catalog === null) return { ...base, blocks: loadingBlocks(locale) };
  if (catalog.length === 0) {
    return { ...base, blocks: [notice(t(locale, 'supply.catalog.empty'))] as types.ModalView['blocks'] };
  }
  const shown = catalog.slice(0, MAX_COUNT_ITEMS);
  const blocks: Block[] = [
    notice(
      catalog.length > shown.length
        ? `${t(locale, 'supply.count.hint')} ${t(locale, 'supply.count.cut', { max: MAX_COUNT_ITEMS })}`
        : t(locale, 'supply.count.hint'),
    ),
    ...shown.map((item) =>
      textInput(
        `${BLOCK_IDS.supplyCountPrefix}:${item.id}`,
        ACTION_IDS.supplyQuantityInput,
        t(locale, 'supply.count.line', { item: itemLabel(item), stock: item.stock, unit: item.unit }),
        { max: 6, initial: String(item.stock) },
      ),
    ),
    textInput(BLOCK_IDS.supplyReason, ACTION_IDS.supplyReasonInput, t(locale, 'supply.count.reason'), {
      max: 500,
      multiline: true,
      optional: true,
    }),
  ];
  return {
    ...base,
    submit: button(locale, 'supply.count.submit'),
    blocks: blocks as types.ModalView['blocks'],
  };
}

/** The plan form: next month or next quarter, and lines; `catalog` null is the loading view. */
export function buildSupplyPlanModal(input: {
  locale: Locale;
  catalog: readonly CatalogItem[] | null;
  periods: { month: string; quarter: string };
}): types.ModalView {
  const { locale, catalog, periods } = input;
  const base = {
    type: 'modal' as const,
    callback_id: CALLBACK_IDS.supplyPlanModal,
    title: title(locale, 'supply.plan.title'),
    close: button(locale, 'modal.close'),
  };
  if (catalog === null) return { ...base, blocks: loadingBlocks(locale) };
  if (catalog.length === 0) {
    return { ...base, blocks: [notice(t(locale, 'supply.catalog.empty'))] as types.ModalView['blocks'] };
  }
  const periodOptions = [
    { text: plainText(t(locale, 'supply.plan.month', { period: periods.month })), value: periods.month },
    {
      text: plainText(t(locale, 'supply.plan.quarter', { period: periods.quarter })),
      value: periods.quarter,
    },
  ];
  const blocks: Block[] = [
    {
      type: 'input',
      block_id: BLOCK_IDS.supplyPeriod,
      label: plainText(t(locale, 'supply.plan.period')),
      element: {
        type: 'static_select',
        action_id: ACTION_IDS.supplyPeriodSelect,
        options: periodOptions,
        initial_option: periodOptions[0],
      },
    } as unknown as Block,
    ...lineBlocks(catalog, locale, []),
  ];
  return {
    ...base,
    submit: button(locale, 'supply.plan.submit'),
    blocks: blocks as types.ModalView['blocks'],
  };
}

/** The catalog as an ephemeral message: stock, price and a mark on low items. */
export function buildSupplyStockText(catalog: readonly CatalogItem[], locale: Locale): string {
  if (catalog.length === 0) return t(locale, 'supply.catalog.empty');
  const lines = catalog.map((item) => {
    const low = item.stock < item.lowStockThreshold ? ` ${t(locale, 'supply.stock.low')}` : '';
    return `• ${escapeMrkdwn(itemLabel(item))}  ${item.stock}${item.unit}  ¥${formatFen(item.unitPriceFen)}${low}`;
  });
  return truncateText(
    [bold(t(locale, 'supply.stock.header')), ...lines].join('\n'),
    BLOCK_KIT_LIMITS.sectionText,
  );
}
