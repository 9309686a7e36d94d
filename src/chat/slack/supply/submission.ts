// Reads the /supply forms' submissions (view.state.values) with zod, into what the services take,
// or into the errors Slack shows beside each field. Pure.

import { z } from 'zod';
import { parsePriceFen, parseQuantity } from '../../../domain/supply/numbers.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { ACTION_IDS, BLOCK_IDS } from '../ids.ts';
import { lineBlockIds, SUPPLY_FORM_LINES } from './blocks.ts';

const ValueSchema = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      value: z.string().nullish(),
      selected_option: z.object({ value: z.string() }).nullish(),
    }),
  ),
);

/** A parsed form: the value, or errors by block id. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

function read(values: unknown) {
  const parsed = ValueSchema.safeParse(values);
  const state = parsed.success ? parsed.data : {};
  return {
    text: (blockId: string, actionId: string) => state[blockId]?.[actionId]?.value?.trim() ?? '',
    option: (blockId: string, actionId: string) => state[blockId]?.[actionId]?.selected_option?.value ?? null,
    blocks: () => Object.keys(state),
  };
}

/** The lines of the request and plan forms: an item needs a quantity (1 or more) and a quantity an item. */
function readLines(
  values: unknown,
  locale: Locale,
): { lines: Array<{ itemId: string; quantity: number }>; errors: Record<string, string> } {
  const r = read(values);
  const lines: Array<{ itemId: string; quantity: number }> = [];
  const errors: Record<string, string> = {};
  for (let n = 1; n <= SUPPLY_FORM_LINES; n += 1) {
    const ids = lineBlockIds(n);
    const itemId = r.option(ids.item, ACTION_IDS.supplyItemSelect);
    const quantityText = r.text(ids.quantity, ACTION_IDS.supplyQuantityInput);
    if (itemId === null && quantityText === '') continue;
    const quantity = parseQuantity(quantityText);
    if (itemId === null) errors[ids.item] = t(locale, 'supply.form.error.item');
    else if (quantity === null || quantity < 1)
      errors[ids.quantity] = t(locale, 'supply.form.error.quantity');
    else lines.push({ itemId, quantity });
  }
  if (lines.length === 0 && Object.keys(errors).length === 0) {
    errors[lineBlockIds(1).item] = t(locale, 'supply.form.error.empty');
  }
  return { lines, errors };
}

/** The request form: lines and the reason. */
export function parseSupplyRequestSubmission(
  values: unknown,
  locale: Locale,
): Parsed<{ lines: Array<{ itemId: string; quantity: number }>; reason: string }> {
  const { lines, errors } = readLines(values, locale);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { lines, reason: read(values).text(BLOCK_IDS.supplyReason, ACTION_IDS.supplyReasonInput) },
  };
}

/** The plan form: period and lines. */
export function parseSupplyPlanSubmission(
  values: unknown,
  locale: Locale,
): Parsed<{ period: string; lines: Array<{ itemId: string; quantity: number }> }> {
  const period = read(values).option(BLOCK_IDS.supplyPeriod, ACTION_IDS.supplyPeriodSelect);
  const { lines, errors } = readLines(values, locale);
  if (period === null) errors[BLOCK_IDS.supplyPeriod] = t(locale, 'supply.plan.error.period');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { period: period as string, lines } };
}

/** A form with one quantity per item (`<prefix>:<itemId>`): issue or count. Each must be a whole number. */
function readPerItem(
  values: unknown,
  prefix: string,
  locale: Locale,
): { quantities: Map<string, number>; errors: Record<string, string> } {
  const r = read(values);
  const quantities = new Map<string, number>();
  const errors: Record<string, string> = {};
  for (const blockId of r.blocks()) {
    if (!blockId.startsWith(`${prefix}:`)) continue;
    const itemId = blockId.slice(prefix.length + 1);
    const quantity = parseQuantity(r.text(blockId, ACTION_IDS.supplyQuantityInput));
    if (quantity === null) errors[blockId] = t(locale, 'supply.form.error.number');
    else quantities.set(itemId, quantity);
  }
  return { quantities, errors };
}

/** The issue form: the quantity issued per item (0 allowed: all of it owed), and why something is owed. */
export function parseSupplyIssueSubmission(
  values: unknown,
  locale: Locale,
): Parsed<{ quantities: Map<string, number>; reason: string }> {
  const { quantities, errors } = readPerItem(values, BLOCK_IDS.supplyIssuePrefix, locale);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { quantities, reason: read(values).text(BLOCK_IDS.supplyReason, ACTION_IDS.supplyReasonInput) },
  };
}

/** The count form: counted quantities and the reason for differences. */
export function parseSupplyCountSubmission(
  values: unknown,
  locale: Locale,
): Parsed<{ counted: Map<string, number>; reason: string }> {
  const { quantities, errors } = readPerItem(values, BLOCK_IDS.supplyCountPrefix, locale);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      counted: quantities,
      reason: read(values).text(BLOCK_IDS.supplyReason, ACTION_IDS.supplyReasonInput),
    },
  };
}

/** The stock-in form. */
/** The catalog form (目录维护): the item, and only what was filled in (blank = unchanged). */
export function parseSupplyEditSubmission(
  values: unknown,
  locale: Locale,
): Parsed<{
  itemId: string;
  unit: string | null;
  unitPriceFen: number | null;
  lowStockThreshold: number | null;
  active: boolean | null;
}> {
  const r = read(values);
  const errors: Record<string, string> = {};
  const itemId = r.option(BLOCK_IDS.supplyItem, ACTION_IDS.supplyItemSelect);
  if (itemId === null) errors[BLOCK_IDS.supplyItem] = t(locale, 'supply.form.error.item');
  // A unit is a code: full-width letters (ｋｇ) are read as ASCII ones.
  const unit = r.text(BLOCK_IDS.supplyUnit, ACTION_IDS.supplyUnitInput).normalize('NFKC').trim();
  if (unit.length > 10) errors[BLOCK_IDS.supplyUnit] = t(locale, 'supply.edit.error.unit');
  const priceText = r.text(BLOCK_IDS.supplyPrice, ACTION_IDS.supplyPriceInput);
  const unitPriceFen = priceText === '' ? null : parsePriceFen(priceText);
  if (priceText !== '' && unitPriceFen === null)
    errors[BLOCK_IDS.supplyPrice] = t(locale, 'supply.form.error.price');
  const thresholdText = r.text(BLOCK_IDS.supplyThreshold, ACTION_IDS.supplyThresholdInput);
  const lowStockThreshold = thresholdText === '' ? null : parseQuantity(thresholdText);
  if (thresholdText !== '' && lowStockThreshold === null)
    errors[BLOCK_IDS.supplyThreshold] = t(locale, 'supply.edit.error.threshold');
  const state = r.option(BLOCK_IDS.supplyActive, ACTION_IDS.supplyActiveSelect);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (unit === '' && unitPriceFen === null && lowStockThreshold === null && state === null) {
    return { ok: false, errors: { [BLOCK_IDS.supplyUnit]: t(locale, 'supply.edit.error.nothing') } };
  }
  return {
    ok: true,
    value: {
      itemId: itemId as string,
      unit: unit || null,
      unitPriceFen,
      lowStockThreshold,
      active: state === null ? null : state === 'active',
    },
  };
}

/** 补发: the quantity, and the owed line named by the form's private_metadata. */
export function parseSupplyOwedSubmission(
  values: unknown,
  locale: Locale,
  metadata: string,
): Parsed<{ lineId: bigint; quantity: number }> {
  const quantity = parseQuantity(read(values).text(BLOCK_IDS.supplyQuantity, ACTION_IDS.supplyQuantityInput));
  if (!/^\d{1,18}$/.test(metadata)) {
    return { ok: false, errors: { [BLOCK_IDS.supplyQuantity]: t(locale, 'error.invalid_payload') } };
  }
  if (quantity === null || quantity < 1) {
    return { ok: false, errors: { [BLOCK_IDS.supplyQuantity]: t(locale, 'supply.form.error.quantity') } };
  }
  return { ok: true, value: { lineId: BigInt(metadata), quantity } };
}

export function parseSupplyStockInSubmission(
  values: unknown,
  locale: Locale,
): Parsed<{ itemId: string; quantity: number; unitPriceFen: number; supplier: string; date: string }> {
  const r = read(values);
  const errors: Record<string, string> = {};
  const itemId = r.option(BLOCK_IDS.supplyItem, ACTION_IDS.supplyItemSelect);
  if (itemId === null) errors[BLOCK_IDS.supplyItem] = t(locale, 'supply.form.error.item');
  const quantity = parseQuantity(r.text(BLOCK_IDS.supplyQuantity, ACTION_IDS.supplyQuantityInput));
  if (quantity === null || quantity < 1)
    errors[BLOCK_IDS.supplyQuantity] = t(locale, 'supply.form.error.quantity');
  const unitPriceFen = parsePriceFen(r.text(BLOCK_IDS.supplyPrice, ACTION_IDS.supplyPriceInput));
  if (unitPriceFen === null) errors[BLOCK_IDS.supplyPrice] = t(locale, 'supply.form.error.price');
  const supplier = r.text(BLOCK_IDS.supplySupplier, ACTION_IDS.supplySupplierInput);
  if (supplier === '') errors[BLOCK_IDS.supplySupplier] = t(locale, 'supply.form.error.supplier');
  const date = r.text(BLOCK_IDS.supplyDate, ACTION_IDS.supplyDateInput);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    errors[BLOCK_IDS.supplyDate] = t(locale, 'supply.form.error.date');
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      itemId: itemId as string,
      quantity: quantity as number,
      unitPriceFen: unitPriceFen as number,
      supplier,
      date,
    },
  };
}

/** The import form: the pasted CSV text. */
export function parseSupplyImportSubmission(values: unknown, locale: Locale): Parsed<string> {
  const csv = read(values).text(BLOCK_IDS.supplyCsv, ACTION_IDS.supplyCsvInput);
  return csv === ''
    ? { ok: false, errors: { [BLOCK_IDS.supplyCsv]: t(locale, 'supply.import.error.empty') } }
    : { ok: true, value: csv };
}
