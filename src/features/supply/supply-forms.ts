// The /supply forms as FormSpecs: the request (items with quantities and a reason, pre-filled
// from an inline command that could not be read whole), the department plan, the keeper's issue
// from the card, 补发 of an owed line, the catalog import, stock-in, stock-take (盘点) and the
// catalog form (目录维护). Each form's check reads its values the way the services take them, so
// a modal and a web page refuse the same values with the same words beside the same fields.
//
// Quantities, prices and dates are typed as text and read here, as people type them in a Chinese
// office (full-width digits, a 元 or ¥ sign): see domain/supply/numbers.ts.

import {
  type FormField,
  type FormNotice,
  type FormOption,
  type FormSpec,
  type FormText,
  type FormValues,
  message,
  textValue,
} from '../../chat/core/form-spec.ts';
import { type CatalogItem, itemLabel } from '../../domain/supply/catalog.ts';
import { formatFen, parsePriceFen, parseQuantity } from '../../domain/supply/numbers.ts';

/** Form names (signed into web links). */
export const SUPPLY_FORM_IDS = {
  request: 'supply.request',
  plan: 'supply.plan',
  issue: 'supply.issue',
  owed: 'supply.owed',
  import: 'supply.import',
  stockIn: 'supply.stock_in',
  count: 'supply.count',
  edit: 'supply.edit',
} as const;

/** Lines the request and plan forms show. */
export const SUPPLY_FORM_LINES = 6;

/** Items a form can list: a menu takes 100 options; the count form one input per item. */
export const MAX_FORM_ITEMS = 100;
export const MAX_COUNT_ITEMS = 90;

/** Field ids of the supply forms (line fields: `lineFieldIds`, per-item fields: `itemFieldId`). */
export const SUPPLY_FIELDS = {
  reason: 'reason',
  period: 'period',
  item: 'item',
  quantity: 'quantity',
  price: 'price',
  supplier: 'supplier',
  date: 'date',
  csv: 'csv',
  unit: 'unit',
  threshold: 'threshold',
  state: 'state',
} as const;

/** Line `n`'s field ids in the request and plan forms. */
export const lineFieldIds = (n: number) => ({ item: `item:${n}`, quantity: `quantity:${n}` });

/** The field of one item's quantity in the issue and count forms. */
export const itemFieldId = (itemId: string) => `item:${itemId}`;

/** The item a per-item field id names, or null. */
export function itemOfField(fieldId: string): string | null {
  return fieldId.startsWith('item:') ? fieldId.slice('item:'.length) : null;
}

/** A line to pre-fill: the item (if found) and the quantity (if typed). */
export interface PrefilledLine {
  itemId: string | null;
  quantity: number | null;
}

/** A line of the issue form: what was requested and what is on the shelf. */
export interface IssueFormLine {
  itemId: string;
  label: string;
  unit: string;
  requested: number;
  stock: number;
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

/** An item as the catalog form offers it: withdrawn ones too, so they can be taken back. */
export interface EditableItem extends CatalogItem {
  active: boolean;
}

/** What a form's check found: refusals by field id, or the value read. */
export type SupplyFormReading<T> =
  | { ok: true; value: T }
  | { ok: false; errors: Readonly<Record<string, FormText>> };

/** A requested or planned line. */
export interface SupplyLine {
  itemId: string;
  quantity: number;
}

/** A form that only says something: loading, or nothing to fill in. */
function sayingOnly(id: string, title: FormText, notice: FormNotice): FormSpec {
  return { id, title, submitLabel: null, notices: [notice], fields: [] };
}

/** The view a form shows while its list loads (a platform that must answer at once shows it first). */
export function supplyLoadingForm(id: string, title: FormText): FormSpec {
  return sayingOnly(id, title, { kind: 'message', lines: [message('supply.form.loading')] });
}

const EMPTY_CATALOG: FormNotice = { kind: 'note', lines: [message('supply.catalog.empty')] };

const textOf = (values: FormValues, id: string) => textValue(values, id) ?? '';

function itemOption(item: CatalogItem): FormOption {
  return {
    value: item.id,
    label: {
      parts: [
        { text: itemLabel(item) },
        { text: ' ' },
        message('supply.form.option_stock', { stock: item.stock, unit: item.unit }),
      ],
    },
  };
}

/** A menu of catalog items; the service checks the item again, so a submission is read without the catalog. */
function itemSelect(
  id: string,
  label: FormText,
  catalog: readonly CatalogItem[],
  options: { required: boolean; initial?: string | null },
): FormField {
  return {
    id,
    kind: 'select',
    label,
    required: options.required,
    placeholder: message('supply.form.item_placeholder'),
    options: catalog.map(itemOption),
    optionsChecked: false,
    messages: { required: message('supply.form.error.item') },
    initial: options.initial ?? null,
  };
}

/** A count typed as text (a quantity, full-width digits allowed), read by the form's check. */
function quantityText(
  id: string,
  label: FormText,
  options: { required: boolean; initial?: string | null; refusal: FormText },
): FormField {
  return {
    id,
    kind: 'text',
    label,
    required: options.required,
    maxLength: 6,
    messages: { required: options.refusal, invalid: options.refusal },
    initial: options.initial ?? null,
  };
}

/** The request and plan forms' lines; each is optional, the form's check wants one at least. */
function lineFields(catalog: readonly CatalogItem[], prefilled: readonly PrefilledLine[]): FormField[] {
  const fields: FormField[] = [];
  for (let n = 1; n <= SUPPLY_FORM_LINES; n += 1) {
    const line = prefilled[n - 1];
    const ids = lineFieldIds(n);
    fields.push(
      itemSelect(ids.item, message('supply.form.item', { n }), catalog, {
        required: false,
        initial: line?.itemId ?? null,
      }),
      quantityText(ids.quantity, message('supply.form.quantity', { n }), {
        required: false,
        initial: line?.quantity ? String(line.quantity) : null,
        refusal: message('supply.form.error.quantity'),
      }),
    );
  }
  return fields;
}

/** The lines filled in: an item needs a quantity (1 or more) and a quantity an item. */
function readLines(values: FormValues): { lines: SupplyLine[]; errors: Record<string, FormText> } {
  const lines: SupplyLine[] = [];
  const errors: Record<string, FormText> = {};
  for (let n = 1; n <= SUPPLY_FORM_LINES; n += 1) {
    const ids = lineFieldIds(n);
    const itemId = textValue(values, ids.item);
    const quantityTyped = textOf(values, ids.quantity);
    if (itemId === null && quantityTyped === '') continue;
    const quantity = parseQuantity(quantityTyped);
    if (itemId === null) errors[ids.item] = message('supply.form.error.item');
    else if (quantity === null || quantity < 1) errors[ids.quantity] = message('supply.form.error.quantity');
    else lines.push({ itemId, quantity });
  }
  if (lines.length === 0 && Object.keys(errors).length === 0) {
    errors[lineFieldIds(1).item] = message('supply.form.error.empty');
  }
  return { lines, errors };
}

const errorsOf = <T>(reading: SupplyFormReading<T>) => (reading.ok ? {} : reading.errors);

/**
 * The request form. `catalog` null is the loading view. `note` explains a pre-fill (an item not
 * found or ambiguous in the inline command).
 */
export function supplyRequestFormSpec(input: {
  catalog: readonly CatalogItem[] | null;
  prefilled?: readonly PrefilledLine[];
  note?: string | null;
  reason?: string | null;
}): FormSpec {
  const id = SUPPLY_FORM_IDS.request;
  const title = message('supply.form.title');
  if (input.catalog === null) return supplyLoadingForm(id, title);
  if (input.catalog.length === 0) return sayingOnly(id, title, EMPTY_CATALOG);
  return requestForm({ ...input, catalog: input.catalog });
}

function requestForm(input: {
  catalog: readonly CatalogItem[];
  prefilled?: readonly PrefilledLine[];
  note?: string | null;
  reason?: string | null;
}): FormSpec {
  return {
    id: SUPPLY_FORM_IDS.request,
    title: message('supply.form.title'),
    submitLabel: message('supply.form.submit'),
    notices: input.note ? [{ kind: 'note', lines: [{ text: input.note }] }] : [],
    fields: [
      ...lineFields(input.catalog, input.prefilled ?? []),
      {
        id: SUPPLY_FIELDS.reason,
        kind: 'long_text',
        label: message('supply.form.reason'),
        required: false,
        maxLength: 500,
        initial: input.reason ?? null,
      },
    ],
    check: (values) => errorsOf(readSupplyRequestForm(values)),
  };
}

/** A submitted request form: its lines and the reason. */
export function readSupplyRequestForm(
  values: FormValues,
): SupplyFormReading<{ lines: SupplyLine[]; reason: string }> {
  const { lines, errors } = readLines(values);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { lines, reason: textOf(values, SUPPLY_FIELDS.reason) } };
}

/** The plan form: next month or next quarter, and lines; `catalog` null is the loading view. */
export function supplyPlanFormSpec(input: {
  catalog: readonly CatalogItem[] | null;
  periods: { month: string; quarter: string };
}): FormSpec {
  const id = SUPPLY_FORM_IDS.plan;
  const title = message('supply.plan.title');
  const { catalog, periods } = input;
  if (catalog === null) return supplyLoadingForm(id, title);
  if (catalog.length === 0) return sayingOnly(id, title, EMPTY_CATALOG);
  return planForm(catalog, periods);
}

function planForm(catalog: readonly CatalogItem[], periods: { month: string; quarter: string }): FormSpec {
  return {
    id: SUPPLY_FORM_IDS.plan,
    title: message('supply.plan.title'),
    submitLabel: message('supply.plan.submit'),
    notices: [],
    fields: [
      {
        id: SUPPLY_FIELDS.period,
        kind: 'select',
        label: message('supply.plan.period'),
        required: true,
        options: [
          { value: periods.month, label: message('supply.plan.month', { period: periods.month }) },
          { value: periods.quarter, label: message('supply.plan.quarter', { period: periods.quarter }) },
        ],
        // The service checks the period; a submission is read without today's periods.
        optionsChecked: false,
        messages: { required: message('supply.plan.error.period') },
        initial: periods.month,
      },
      ...lineFields(catalog, []),
    ],
    check: (values) => errorsOf(readSupplyPlanForm(values)),
  };
}

/** A submitted plan form: the period and the lines. */
export function readSupplyPlanForm(
  values: FormValues,
): SupplyFormReading<{ period: string; lines: SupplyLine[] }> {
  const { lines, errors } = readLines(values);
  const period = textValue(values, SUPPLY_FIELDS.period);
  if (period === null) errors[SUPPLY_FIELDS.period] = message('supply.plan.error.period');
  if (period === null || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { period, lines } };
}

/** One whole number per item (issue, count); `refusal` says what is wrong with one. */
function perItemFields(
  items: ReadonlyArray<{ itemId: string; label: FormText; initial: string }>,
): FormField[] {
  return items.map((item) =>
    quantityText(itemFieldId(item.itemId), item.label, {
      required: true,
      initial: item.initial,
      refusal: message('supply.form.error.number'),
    }),
  );
}

/** The quantities of a per-item form, in the order of its fields; 0 allowed. */
function readPerItem(
  spec: FormSpec,
  values: FormValues,
): { quantities: Map<string, number>; errors: Record<string, FormText> } {
  const quantities = new Map<string, number>();
  const errors: Record<string, FormText> = {};
  for (const field of spec.fields) {
    const itemId = itemOfField(field.id);
    // A field the submission does not hold was not on the form as sent (an item added since).
    if (itemId === null || !Object.hasOwn(values, field.id)) continue;
    const quantity = parseQuantity(textOf(values, field.id));
    if (quantity === null) errors[field.id] = message('supply.form.error.number');
    else quantities.set(itemId, quantity);
  }
  return { quantities, errors };
}

/**
 * The keeper's issue form; `lines` null is the loading view, [] "no longer waiting". A submission
 * is read against the form drawn from the request's lines now (the stock is checked again).
 */
export function supplyIssueFormSpec(input: { lines: readonly IssueFormLine[] | null }): FormSpec {
  const id = SUPPLY_FORM_IDS.issue;
  const title = message('supply.issue.title');
  const { lines } = input;
  if (lines === null) return supplyLoadingForm(id, title);
  if (lines.length === 0)
    return sayingOnly(id, title, { kind: 'note', lines: [message('supply.issue.gone')] });
  const spec: FormSpec = {
    id,
    title,
    submitLabel: message('supply.issue.submit'),
    notices: [{ kind: 'note', lines: [message('supply.issue.hint')] }],
    fields: [
      ...perItemFields(
        lines.map((line) => ({
          itemId: line.itemId,
          label: message('supply.issue.line', {
            item: line.label,
            requested: line.requested,
            stock: line.stock,
            unit: line.unit,
          }),
          initial: String(Math.max(0, Math.min(line.requested, line.stock))),
        })),
      ),
      {
        id: SUPPLY_FIELDS.reason,
        kind: 'text',
        label: message('supply.issue.reason'),
        required: false,
        maxLength: 500,
        hint: message('supply.issue.reason_hint'),
      },
    ],
    check: (values) => errorsOf(readSupplyIssueForm(spec, values)),
  };
  return spec;
}

/** A submitted issue form: the quantity issued per item (0: all of it owed), and why something is owed. */
export function readSupplyIssueForm(
  spec: FormSpec,
  values: FormValues,
): SupplyFormReading<{ quantities: Map<string, number>; reason: string }> {
  const { quantities, errors } = readPerItem(spec, values);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { quantities, reason: textOf(values, SUPPLY_FIELDS.reason) } };
}

/** 补发: how many of the owed line to issue now (at most what is owed and what is in stock). */
export function supplyOwedFormSpec(input: { line: OwedLine }): FormSpec {
  const { line } = input;
  return {
    id: SUPPLY_FORM_IDS.owed,
    title: message('supply.owed.title'),
    submitLabel: message('supply.owed.submit'),
    notices: [
      {
        kind: 'note',
        lines: [
          message('supply.owed.hint', {
            item: line.label,
            owed: line.owed,
            unit: line.unit,
            person: line.requester,
            stock: line.stock,
          }),
        ],
      },
    ],
    fields: [
      quantityText(SUPPLY_FIELDS.quantity, message('supply.owed.quantity'), {
        required: true,
        initial: String(Math.min(line.owed, line.stock)),
        refusal: message('supply.form.error.quantity'),
      }),
    ],
    check: (values) => errorsOf(readSupplyOwedForm(values)),
  };
}

/** A submitted 补发 form: the quantity (1 or more). */
export function readSupplyOwedForm(values: FormValues): SupplyFormReading<{ quantity: number }> {
  const quantity = parseQuantity(textOf(values, SUPPLY_FIELDS.quantity));
  if (quantity === null || quantity < 1) {
    return { ok: false, errors: { [SUPPLY_FIELDS.quantity]: message('supply.form.error.quantity') } };
  }
  return { ok: true, value: { quantity } };
}

/** The import form: the CSV pasted in (a file of up to 3,000 characters; larger ones via the script). */
export function supplyImportFormSpec(): FormSpec {
  return {
    id: SUPPLY_FORM_IDS.import,
    title: message('supply.import.title'),
    submitLabel: message('supply.import.submit'),
    notices: [{ kind: 'note', lines: [message('supply.import.hint')] }],
    fields: [
      {
        id: SUPPLY_FIELDS.csv,
        kind: 'long_text',
        label: message('supply.import.csv'),
        required: true,
        maxLength: 3000,
        messages: { required: message('supply.import.error.empty') },
      },
    ],
  };
}

/** A submitted import form: the CSV text. */
export function readSupplyImportForm(values: FormValues): string {
  return textOf(values, SUPPLY_FIELDS.csv);
}

/** The stock-in form (入库); `catalog` null is the loading view. */
export function supplyStockInFormSpec(input: {
  catalog: readonly CatalogItem[] | null;
  today: string;
}): FormSpec {
  const id = SUPPLY_FORM_IDS.stockIn;
  const title = message('supply.in.title');
  const { catalog } = input;
  if (catalog === null) return supplyLoadingForm(id, title);
  if (catalog.length === 0) return sayingOnly(id, title, EMPTY_CATALOG);
  return stockInForm(catalog, input.today);
}

function stockInForm(catalog: readonly CatalogItem[], today: string): FormSpec {
  const required = (
    field: string,
    key: Parameters<typeof message>[0],
    max: number,
    initial?: string,
  ): FormField => ({
    id: field,
    kind: 'text',
    label: message(key),
    required: true,
    maxLength: max,
    ...(initial ? { initial } : {}),
    messages: { required: STOCK_IN_REFUSALS[field], invalid: STOCK_IN_REFUSALS[field] },
  });
  return {
    id: SUPPLY_FORM_IDS.stockIn,
    title: message('supply.in.title'),
    submitLabel: message('supply.in.submit'),
    notices: [],
    fields: [
      itemSelect(SUPPLY_FIELDS.item, message('supply.in.item'), catalog, { required: true }),
      required(SUPPLY_FIELDS.quantity, 'supply.in.quantity', 6),
      required(SUPPLY_FIELDS.price, 'supply.in.price', 14),
      required(SUPPLY_FIELDS.supplier, 'supply.in.supplier', 100),
      required(SUPPLY_FIELDS.date, 'supply.in.date', 10, today),
    ],
    check: (values) => errorsOf(readSupplyStockInForm(values)),
  };
}

const STOCK_IN_REFUSALS: Readonly<Record<string, FormText>> = {
  [SUPPLY_FIELDS.quantity]: message('supply.form.error.quantity'),
  [SUPPLY_FIELDS.price]: message('supply.form.error.price'),
  [SUPPLY_FIELDS.supplier]: message('supply.form.error.supplier'),
  [SUPPLY_FIELDS.date]: message('supply.form.error.date'),
};

/** A day written YYYY-MM-DD that reads as a date. */
function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));
}

/** A submitted stock-in form. */
export function readSupplyStockInForm(values: FormValues): SupplyFormReading<{
  itemId: string;
  quantity: number;
  unitPriceFen: number;
  supplier: string;
  date: string;
}> {
  const errors: Record<string, FormText> = {};
  const itemId = textValue(values, SUPPLY_FIELDS.item);
  if (itemId === null) errors[SUPPLY_FIELDS.item] = message('supply.form.error.item');
  const quantity = parseQuantity(textOf(values, SUPPLY_FIELDS.quantity));
  if (quantity === null || quantity < 1)
    errors[SUPPLY_FIELDS.quantity] = message('supply.form.error.quantity');
  const unitPriceFen = parsePriceFen(textOf(values, SUPPLY_FIELDS.price));
  if (unitPriceFen === null) errors[SUPPLY_FIELDS.price] = message('supply.form.error.price');
  const supplier = textOf(values, SUPPLY_FIELDS.supplier);
  if (supplier === '') errors[SUPPLY_FIELDS.supplier] = message('supply.form.error.supplier');
  const date = textOf(values, SUPPLY_FIELDS.date);
  if (!isDay(date)) errors[SUPPLY_FIELDS.date] = message('supply.form.error.date');
  if (itemId === null || quantity === null || unitPriceFen === null || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  return { ok: true, value: { itemId, quantity, unitPriceFen, supplier, date } };
}

/** The count form (盘点): every item with its booked stock filled in; `catalog` null is the loading view. */
export function supplyCountFormSpec(input: { catalog: readonly CatalogItem[] | null }): FormSpec {
  const id = SUPPLY_FORM_IDS.count;
  const title = message('supply.count.title');
  const { catalog } = input;
  if (catalog === null) return supplyLoadingForm(id, title);
  if (catalog.length === 0) return sayingOnly(id, title, EMPTY_CATALOG);
  const shown = catalog.slice(0, MAX_COUNT_ITEMS);
  const hint = message('supply.count.hint');
  const spec: FormSpec = {
    id,
    title,
    submitLabel: message('supply.count.submit'),
    notices: [
      {
        kind: 'note',
        lines: [
          catalog.length > shown.length
            ? { parts: [hint, { text: ' ' }, message('supply.count.cut', { max: MAX_COUNT_ITEMS })] }
            : hint,
        ],
      },
    ],
    fields: [
      ...perItemFields(
        shown.map((item) => ({
          itemId: item.id,
          label: message('supply.count.line', { item: itemLabel(item), stock: item.stock, unit: item.unit }),
          initial: String(item.stock),
        })),
      ),
      {
        id: SUPPLY_FIELDS.reason,
        kind: 'long_text',
        label: message('supply.count.reason'),
        required: false,
        maxLength: 500,
      },
    ],
    check: (values) => errorsOf(readSupplyCountForm(spec, values)),
  };
  return spec;
}

/** A submitted count form: the counted quantities and the reason for differences. */
export function readSupplyCountForm(
  spec: FormSpec,
  values: FormValues,
): SupplyFormReading<{ counted: Map<string, number>; reason: string }> {
  const { quantities, errors } = readPerItem(spec, values);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { counted: quantities, reason: textOf(values, SUPPLY_FIELDS.reason) } };
}

/**
 * The keeper's catalog form (目录维护): pick an item, then what to change; a blank field stays as
 * it is. Name and specification identify an item and are not edited here; stock only moves
 * through 入库, 发放 and 盘点. `items` null is the loading view.
 */
export function supplyEditFormSpec(input: { items: readonly EditableItem[] | null }): FormSpec {
  const id = SUPPLY_FORM_IDS.edit;
  const title = message('supply.edit.title');
  const { items } = input;
  if (items === null) return supplyLoadingForm(id, title);
  if (items.length === 0) return sayingOnly(id, title, EMPTY_CATALOG);
  return editForm(items);
}

function editForm(items: readonly EditableItem[]): FormSpec {
  const optionalText = (field: string, key: Parameters<typeof message>[0], max: number, refusal: FormText) =>
    ({
      id: field,
      kind: 'text',
      label: message(key),
      required: false,
      maxLength: max,
      messages: { invalid: refusal },
    }) satisfies FormField;
  return {
    id: SUPPLY_FORM_IDS.edit,
    title: message('supply.edit.title'),
    submitLabel: message('supply.edit.submit'),
    notices: [{ kind: 'note', lines: [message('supply.edit.hint')] }],
    fields: [
      {
        id: SUPPLY_FIELDS.item,
        kind: 'select',
        label: message('supply.edit.item'),
        required: true,
        placeholder: message('supply.form.item_placeholder'),
        options: items.map((item) => ({
          value: item.id,
          label: message('supply.edit.option', {
            item: itemLabel(item),
            unit: item.unit,
            price: formatFen(item.unitPriceFen),
            threshold: item.lowStockThreshold,
            state: item.active ? '' : message('supply.edit.withdrawn'),
          }),
        })),
        optionsChecked: false,
        messages: { required: message('supply.form.error.item') },
      },
      optionalText(SUPPLY_FIELDS.unit, 'supply.edit.unit', 10, message('supply.edit.error.unit')),
      optionalText(SUPPLY_FIELDS.price, 'supply.edit.price', 14, message('supply.form.error.price')),
      optionalText(
        SUPPLY_FIELDS.threshold,
        'supply.edit.threshold',
        6,
        message('supply.edit.error.threshold'),
      ),
      {
        id: SUPPLY_FIELDS.state,
        kind: 'select',
        label: message('supply.edit.state'),
        required: false,
        options: [
          { value: 'active', label: message('supply.edit.state_active') },
          { value: 'withdrawn', label: message('supply.edit.state_withdrawn') },
        ],
      },
    ],
    check: (values) => errorsOf(readSupplyEditForm(values)),
  };
}

/** What the catalog form changes on an item: only what was filled in (null: unchanged). */
export interface SupplyItemEdit {
  itemId: string;
  unit: string | null;
  unitPriceFen: number | null;
  lowStockThreshold: number | null;
  active: boolean | null;
}

/** A submitted catalog form: the item, and only what was filled in. */
export function readSupplyEditForm(values: FormValues): SupplyFormReading<SupplyItemEdit> {
  const errors: Record<string, FormText> = {};
  const itemId = textValue(values, SUPPLY_FIELDS.item);
  if (itemId === null) errors[SUPPLY_FIELDS.item] = message('supply.form.error.item');
  // A unit is a code: full-width letters (ｋｇ) are read as ASCII ones.
  const unit = textOf(values, SUPPLY_FIELDS.unit).normalize('NFKC').trim();
  if (unit.length > 10) errors[SUPPLY_FIELDS.unit] = message('supply.edit.error.unit');
  const priceTyped = textOf(values, SUPPLY_FIELDS.price);
  const unitPriceFen = priceTyped === '' ? null : parsePriceFen(priceTyped);
  if (priceTyped !== '' && unitPriceFen === null)
    errors[SUPPLY_FIELDS.price] = message('supply.form.error.price');
  const thresholdTyped = textOf(values, SUPPLY_FIELDS.threshold);
  const lowStockThreshold = thresholdTyped === '' ? null : parseQuantity(thresholdTyped);
  if (thresholdTyped !== '' && lowStockThreshold === null) {
    errors[SUPPLY_FIELDS.threshold] = message('supply.edit.error.threshold');
  }
  const state = textValue(values, SUPPLY_FIELDS.state);
  if (itemId === null || Object.keys(errors).length > 0) return { ok: false, errors };
  if (unit === '' && unitPriceFen === null && lowStockThreshold === null && state === null) {
    return { ok: false, errors: { [SUPPLY_FIELDS.unit]: message('supply.edit.error.nothing') } };
  }
  return {
    ok: true,
    value: {
      itemId,
      unit: unit || null,
      unitPriceFen,
      lowStockThreshold,
      active: state === null ? null : state === 'active',
    },
  };
}
