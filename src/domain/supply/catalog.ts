// The supply catalog (办公用品目录) as data: rows of an import checked one by one (with the line
// each came from), and finding an item by what someone typed. Pure.

import { MAX_QUANTITY, parsePriceFen, parseQuantity, toHalfWidth } from './numbers.ts';

/** One item of the catalog as the bot knows it. */
export interface CatalogItem {
  id: string;
  name: string;
  spec: string;
  unit: string;
  stock: number;
  unitPriceFen: number;
  lowStockThreshold: number;
}

/** A checked import row. `stock` is the opening stock of a new item. */
export interface CatalogRow {
  line: number;
  name: string;
  spec: string;
  unit: string;
  stock: number;
  unitPriceFen: number;
  lowStockThreshold: number;
}

/** What is wrong with one line of an import. */
export interface CatalogRowError {
  line: number;
  /** The column at fault (its header name as the file spelled it), or null for the whole row. */
  column: string | null;
  problem: 'missing' | 'not_quantity' | 'not_price' | 'too_long' | 'duplicate' | 'column_count';
}

/** The columns, each with the header names accepted for it (Chinese as the office writes them). */
export const CATALOG_COLUMNS = {
  name: ['品名', '名称', 'name', 'item'],
  spec: ['规格', 'spec', 'specification'],
  unit: ['单位', 'unit'],
  stock: ['库存', '数量', 'stock', 'quantity'],
  unitPrice: ['单价', 'unit_price', 'price'],
  threshold: ['预警值', '预警', '最低库存', 'threshold', 'low_stock'],
} as const;

export type CatalogColumn = keyof typeof CATALOG_COLUMNS;

const MAX_TEXT = 60;

/** Maps a header row to column positions; the missing required columns when it cannot. */
export function mapCatalogHeader(
  header: readonly string[],
): { ok: true; positions: Record<CatalogColumn, number | null> } | { ok: false; missing: CatalogColumn[] } {
  const normalized = header.map((h) => toHalfWidth(h).trim().toLowerCase());
  const positions = {} as Record<CatalogColumn, number | null>;
  for (const [column, names] of Object.entries(CATALOG_COLUMNS) as Array<
    [CatalogColumn, readonly string[]]
  >) {
    const index = normalized.findIndex((h) => names.includes(h));
    positions[column] = index >= 0 ? index : null;
  }
  // 规格 may be left out; everything else is needed to stock and price an item.
  const missing = (Object.keys(positions) as CatalogColumn[]).filter(
    (c) => c !== 'spec' && positions[c] === null,
  );
  return missing.length > 0 ? { ok: false, missing } : { ok: true, positions };
}

/**
 * Checks data records (each with the line it starts on) against the mapped header: every row is
 * checked and every problem reported, so one round of fixes is enough. A name and spec twice in
 * the file is a duplicate (the second line is named).
 */
export function checkCatalogRows(
  records: ReadonlyArray<{ line: number; fields: readonly string[] }>,
  header: readonly string[],
  positions: Record<CatalogColumn, number | null>,
): { rows: CatalogRow[]; errors: CatalogRowError[] } {
  const rows: CatalogRow[] = [];
  const errors: CatalogRowError[] = [];
  const seen = new Set<string>();
  const headerName = (column: CatalogColumn) => {
    const at = positions[column];
    return at === null ? column : (header[at] ?? column).trim();
  };
  for (const { line, fields } of records) {
    if (fields.every((f) => f.trim() === '')) continue;
    if (fields.length !== header.length) {
      errors.push({ line, column: null, problem: 'column_count' });
      continue;
    }
    const cell = (column: CatalogColumn) => {
      const at = positions[column];
      return at === null ? '' : toHalfWidth(fields[at] ?? '').trim();
    };
    const rowErrors: CatalogRowError[] = [];
    const text = (column: CatalogColumn, required: boolean) => {
      const value = cell(column);
      if (required && value === '') rowErrors.push({ line, column: headerName(column), problem: 'missing' });
      else if (value.length > MAX_TEXT)
        rowErrors.push({ line, column: headerName(column), problem: 'too_long' });
      return value;
    };
    const quantity = (column: CatalogColumn) => {
      const value = cell(column);
      const parsed = parseQuantity(value);
      if (value === '') rowErrors.push({ line, column: headerName(column), problem: 'missing' });
      else if (parsed === null) rowErrors.push({ line, column: headerName(column), problem: 'not_quantity' });
      return parsed ?? 0;
    };
    const name = text('name', true);
    const spec = text('spec', false);
    // A unit is a code (包, 支, kg): full-width letters become ASCII, as an IME may type them.
    const unit = text('unit', true).normalize('NFKC');
    const stock = quantity('stock');
    const priceText = cell('unitPrice');
    const unitPriceFen = parsePriceFen(priceText);
    if (priceText === '') rowErrors.push({ line, column: headerName('unitPrice'), problem: 'missing' });
    else if (unitPriceFen === null)
      rowErrors.push({ line, column: headerName('unitPrice'), problem: 'not_price' });
    const lowStockThreshold = quantity('threshold');
    const key = itemKey(name, spec);
    if (rowErrors.length === 0 && seen.has(key)) rowErrors.push({ line, column: null, problem: 'duplicate' });
    seen.add(key);
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    rows.push({ line, name, spec, unit, stock, unitPriceFen: unitPriceFen ?? 0, lowStockThreshold });
  }
  return { rows, errors };
}

/** Name and spec identify an item (the database's unique key). */
export function itemKey(name: string, spec: string): string {
  return `${name}\u0000${spec}`;
}

/** What a typed item name found in the catalog. */
export type ItemMatch<T extends Pick<CatalogItem, 'name' | 'spec'>> =
  | { kind: 'found'; item: T }
  | { kind: 'ambiguous'; candidates: T[] }
  | { kind: 'missing' };

/**
 * Finds the item someone typed: an exact name (or `name spec`, or `name（spec）`) wins; otherwise
 * the items whose name contains what was typed. Several → ambiguous; none → missing. Case and
 * full-width forms (letters, digits, brackets) do not matter.
 */
export function matchItem<T extends Pick<CatalogItem, 'name' | 'spec'>>(
  catalog: readonly T[],
  typed: string,
): ItemMatch<T> {
  // NFKC, as the archive search: full-width letters and digits (Ａ４, what an IME in full-width
  // mode gives) match their ASCII forms on both sides.
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const query = norm(typed.replace(/[（(]/g, ' ').replace(/[）)]/g, ''));
  if (query === '') return { kind: 'missing' };
  const full = catalog.filter((i) => norm(`${i.name}${i.spec}`) === query);
  if (full.length === 1 && full[0]) return { kind: 'found', item: full[0] };
  const exact = catalog.filter((i) => norm(i.name) === query);
  if (exact.length === 1 && exact[0]) return { kind: 'found', item: exact[0] };
  if (exact.length > 1) return { kind: 'ambiguous', candidates: exact };
  const partial = catalog.filter((i) => norm(`${i.name}${i.spec}`).includes(query));
  if (partial.length === 1 && partial[0]) return { kind: 'found', item: partial[0] };
  if (partial.length > 1) return { kind: 'ambiguous', candidates: partial };
  return { kind: 'missing' };
}

/** `A4纸（70g）` or `签字笔` when there is no spec. */
export function itemLabel(item: Pick<CatalogItem, 'name' | 'spec'>): string {
  return item.spec ? `${item.name}（${item.spec}）` : item.name;
}

/** Whether the stock is low (预警): strictly below the threshold. */
export function isLowStock(stock: number, threshold: number): boolean {
  return stock < threshold;
}

export { MAX_QUANTITY };
