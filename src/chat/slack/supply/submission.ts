// Reads the /supply forms' submissions (view.state.values) through their FormSpecs
// (features/supply/supply-forms.ts): the modal's values are read by the form's Slack binding,
// checked by the spec, and refusals come back keyed by the block they belong beside. Pure.

import { type FormSpec, type FormValues, formText, validateForm } from '../../../chat/core/form-spec.ts';
import {
  readSupplyCountForm,
  readSupplyEditForm,
  readSupplyImportForm,
  readSupplyIssueForm,
  readSupplyOwedForm,
  readSupplyPlanForm,
  readSupplyRequestForm,
  readSupplyStockInForm,
  type SupplyFormReading,
  type SupplyItemEdit,
  type SupplyLine,
  supplyCountSubmittedSpec,
  supplyEditSubmittedSpec,
  supplyImportFormSpec,
  supplyIssueSubmittedSpec,
  supplyOwedFormSpec,
  supplyPlanSubmittedSpec,
  supplyRequestSubmittedSpec,
  supplyStockInSubmittedSpec,
} from '../../../features/supply/supply-forms.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { readSlackModal, type SlackFormBinding, slackFormErrors } from '../form-view.ts';
import { BLOCK_IDS } from '../ids.ts';
import type { SlackViewStateValues } from '../view-state.ts';
import {
  itemsOfBlocks,
  SUPPLY_EDIT_BINDING,
  SUPPLY_IMPORT_BINDING,
  SUPPLY_PLAN_BINDING,
  SUPPLY_REQUEST_BINDING,
  SUPPLY_STOCK_IN_BINDING,
  supplyCountBinding,
  supplyIssueBinding,
  supplyOwedBinding,
} from './blocks.ts';

/** A parsed form: the value, or errors by block id. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** `view.state.values` as the binding reads it (anything else reads as an empty form). */
function stateOf(values: unknown): SlackViewStateValues | null {
  return values !== null && typeof values === 'object' ? (values as SlackViewStateValues) : null;
}

/** The blocks a submission holds (the issue and count forms name their items by block). */
function blocksOf(values: unknown): string[] {
  const state = stateOf(values);
  return state ? Object.keys(state) : [];
}

/** Reads `values` by `binding`, checks them by `spec`, and reads the result with `read`. */
function readThrough<T>(
  spec: FormSpec,
  binding: SlackFormBinding,
  values: unknown,
  locale: Locale,
  read: (values: FormValues) => SupplyFormReading<T>,
): Parsed<T> {
  const checked = validateForm(spec, readSlackModal(binding, stateOf(values)).input, locale);
  if (!checked.ok) return { ok: false, errors: slackFormErrors(binding, checked.errors) };
  const reading = read(checked.values);
  if (reading.ok) return reading;
  const errors = Object.fromEntries(
    Object.entries(reading.errors).map(([field, words]) => [field, formText(words, locale)]),
  );
  return { ok: false, errors: slackFormErrors(binding, errors) };
}

/** The request form: lines and the reason. */
export function parseSupplyRequestSubmission(
  values: unknown,
  locale: Locale,
): Parsed<{ lines: SupplyLine[]; reason: string }> {
  return readThrough(
    supplyRequestSubmittedSpec(),
    SUPPLY_REQUEST_BINDING,
    values,
    locale,
    readSupplyRequestForm,
  );
}

/** The plan form: period and lines. */
export function parseSupplyPlanSubmission(
  values: unknown,
  locale: Locale,
): Parsed<{ period: string; lines: SupplyLine[] }> {
  return readThrough(supplyPlanSubmittedSpec(), SUPPLY_PLAN_BINDING, values, locale, readSupplyPlanForm);
}

/** The issue form: the quantity issued per item (0 allowed: all of it owed), and why something is owed. */
export function parseSupplyIssueSubmission(
  values: unknown,
  locale: Locale,
): Parsed<{ quantities: Map<string, number>; reason: string }> {
  const itemIds = itemsOfBlocks(BLOCK_IDS.supplyIssuePrefix, blocksOf(values));
  const spec = supplyIssueSubmittedSpec(itemIds);
  return readThrough(spec, supplyIssueBinding(itemIds), values, locale, (read) =>
    readSupplyIssueForm(spec, read),
  );
}

/** The count form: counted quantities and the reason for differences. */
export function parseSupplyCountSubmission(
  values: unknown,
  locale: Locale,
): Parsed<{ counted: Map<string, number>; reason: string }> {
  const itemIds = itemsOfBlocks(BLOCK_IDS.supplyCountPrefix, blocksOf(values));
  const spec = supplyCountSubmittedSpec(itemIds);
  return readThrough(spec, supplyCountBinding(itemIds), values, locale, (read) =>
    readSupplyCountForm(spec, read),
  );
}

/** The catalog form (目录维护): the item, and only what was filled in (blank = unchanged). */
export function parseSupplyEditSubmission(values: unknown, locale: Locale): Parsed<SupplyItemEdit> {
  return readThrough(supplyEditSubmittedSpec(), SUPPLY_EDIT_BINDING, values, locale, readSupplyEditForm);
}

/** 补发: the quantity, and the owed line named by the form's private_metadata. */
export function parseSupplyOwedSubmission(
  values: unknown,
  locale: Locale,
  metadata: string,
): Parsed<{ lineId: bigint; quantity: number }> {
  const binding = supplyOwedBinding();
  if (!/^\d{1,18}$/.test(metadata)) {
    return { ok: false, errors: { [BLOCK_IDS.supplyQuantity]: t(locale, 'error.invalid_payload') } };
  }
  const spec = supplyOwedFormSpec({
    line: { lineId: metadata, label: '', unit: '', owed: 0, stock: 0, requester: '' },
  });
  const parsed = readThrough(spec, binding, values, locale, readSupplyOwedForm);
  return parsed.ok
    ? { ok: true, value: { lineId: BigInt(metadata), quantity: parsed.value.quantity } }
    : parsed;
}

/** The stock-in form. */
export function parseSupplyStockInSubmission(
  values: unknown,
  locale: Locale,
): Parsed<{ itemId: string; quantity: number; unitPriceFen: number; supplier: string; date: string }> {
  return readThrough(
    supplyStockInSubmittedSpec(),
    SUPPLY_STOCK_IN_BINDING,
    values,
    locale,
    readSupplyStockInForm,
  );
}

/** The import form: the pasted CSV text. */
export function parseSupplyImportSubmission(values: unknown, locale: Locale): Parsed<string> {
  return readThrough(supplyImportFormSpec(), SUPPLY_IMPORT_BINDING, values, locale, (read) => ({
    ok: true,
    value: readSupplyImportForm(read),
  }));
}
