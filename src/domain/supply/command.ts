// What the text after `/supply` asks for. Pure: the listener acts on the result.

import { z } from 'zod';
import { QuantityText, toHalfWidth } from './numbers.ts';

/** A line typed inline: the item as typed and the quantity. */
export interface TypedLine {
  item: string;
  quantity: number;
  /**
   * With no quantity: the last word of `item` when it is Latin letters only after a name
   * (`复印纸 abc`, `铅笔 HB`). It may be a spec of the catalog's or a word typed where the quantity
   * goes; {@link quantityMissingIn} tells them apart once the catalog is known.
   */
  countWord?: string;
}

/** A `/supply` request. */
export type SupplyCommand =
  | { kind: 'help' }
  /** The request form, empty. */
  | { kind: 'form' }
  /** `/supply A4纸 5 签字笔 2`: lines to request (matched against the catalog by the listener). */
  | { kind: 'inline'; lines: TypedLine[] }
  | { kind: 'stock' }
  | { kind: 'import' }
  | { kind: 'stock_in' }
  | { kind: 'count' }
  /** The keeper's form to change an item's unit, price, threshold or withdraw it (目录维护). */
  | { kind: 'edit' }
  | { kind: 'ledger'; year: number | null }
  | { kind: 'owed' }
  | { kind: 'plan' }
  | { kind: 'plan_summary'; period: string | null }
  | { kind: 'plan_export'; period: string | null }
  /** Not understood; `reason` says why, for a clear message. */
  | { kind: 'invalid'; reason: 'quantity' | 'no_item' | 'too_many' | 'period' | 'year'; input: string }
  /** `/supply 复印纸 abc`: a word where the quantity goes; `item` is what came before it. */
  | QuantityMissing;

/** A word typed where the quantity goes (see {@link quantityMissingIn}). */
export type QuantityMissing = {
  kind: 'invalid';
  reason: 'quantity_missing';
  input: string;
  item: string;
  word: string;
};

const WORDS: Record<string, SupplyCommand['kind']> = {
  help: 'help',
  帮助: 'help',
  '?': 'help',
  stock: 'stock',
  库存: 'stock',
  catalog: 'stock',
  目录: 'stock',
  import: 'import',
  导入: 'import',
  in: 'stock_in',
  入库: 'stock_in',
  count: 'count',
  盘点: 'count',
  edit: 'edit',
  修改: 'edit',
  维护: 'edit',
  ledger: 'ledger',
  台账: 'ledger',
  owed: 'owed',
  欠发: 'owed',
  plan: 'plan',
  计划: 'plan',
};

/** At most this many lines inline (the form takes as many as it shows). */
export const MAX_INLINE_LINES = 10;

/** `2026-12` (a month) or `2027-Q1` (a quarter). */
export const PeriodSchema = z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2]|Q[1-4])$/);

/** A number-looking token (`5`, `-3`, `2.5`): read as a quantity, or refused as one. */
const numberToken = /^[+-]?\d+(?:\.\d+)?$/;

/** One inline line as read: an item name (as typed) and a whole quantity, 0 when none was typed. */
const TypedLineSchema = z.object({
  item: z.string().trim().min(1).max(60),
  quantity: z.number().int().min(0),
  countWord: z.string().optional(),
});
const TypedLinesSchema = z.array(TypedLineSchema).max(MAX_INLINE_LINES);

/**
 * Reads `/supply …`. Full-width digits and spaces count as ASCII ones. `A4纸 5`, `A4纸5`,
 * `A4纸 x5`, `A4纸×5` and several such pairs make an inline request; a name with no number or a
 * number with no name is invalid (the listener says so, nothing changes).
 */
export function parseSupplyCommand(raw: string): SupplyCommand {
  const text = toHalfWidth(raw).trim();
  if (text === '') return { kind: 'form' };
  const words = text.split(/\s+/);
  const first = (words[0] ?? '').toLowerCase();
  const keyword = WORDS[first];
  if (keyword === 'plan') {
    const sub = (words[1] ?? '').toLowerCase();
    const period = words[2] ?? null;
    if (sub === '' || sub === 'new' || sub === '提交') return { kind: 'plan' };
    if (sub === 'summary' || sub === '汇总' || sub === 'export' || sub === '导出') {
      if (period !== null && !PeriodSchema.safeParse(period.toUpperCase()).success)
        return { kind: 'invalid', reason: 'period', input: period };
      const kind = sub === 'summary' || sub === '汇总' ? 'plan_summary' : 'plan_export';
      return { kind, period: period?.toUpperCase() ?? null };
    }
    return { kind: 'invalid', reason: 'period', input: words.slice(1).join(' ') };
  }
  if (keyword === 'ledger') {
    const year = words[1];
    if (year === undefined) return { kind: 'ledger', year: null };
    if (!/^\d{4}$/.test(year)) return { kind: 'invalid', reason: 'year', input: year };
    return { kind: 'ledger', year: Number(year) };
  }
  if (keyword !== undefined && words.length === 1) return { kind: keyword } as SupplyCommand;
  return parseInlineLines(text);
}

function parseInlineLines(text: string): SupplyCommand {
  // A number glued to the name (`A4纸5`, `A4纸×5`, `A4纸*5`) is split off; `x` only before digits.
  const tokens = text
    .replace(/[×*xX](?=\d)/g, ' ')
    .replace(/(\D)(\d{1,6})(?=\s|$)/g, (whole, before: string, digits: string) =>
      // Keep names that end in a digit-bearing word like `A4` together: only split after a non-ASCII
      // character or a space-free name that is not a model number.
      /[\u4e00-\u9fff）)]/.test(before) ? `${before} ${digits}` : whole,
    )
    .split(/\s+/)
    .filter(Boolean);
  const lines: TypedLine[] = [];
  let name: string[] = [];
  for (const token of tokens) {
    if (!numberToken.test(token)) {
      name.push(token);
      continue;
    }
    if (name.length === 0) return { kind: 'invalid', reason: 'no_item', input: text };
    const quantity = QuantityText.safeParse(token);
    if (!quantity.success || quantity.data < 1) return { kind: 'invalid', reason: 'quantity', input: text };
    lines.push({ item: name.join(' '), quantity: quantity.data });
    name = [];
  }
  // A name with no quantity: still worth the form, with the name looked up. A last word of Latin
  // letters after a name (`复印纸 abc`, `铅笔 HB`) may stand where the quantity goes: marked, for
  // the catalog to decide (quantityMissingIn).
  const last = name.at(-1) ?? '';
  const countWord = name.length > 1 && /^[A-Za-z]+$/u.test(last.normalize('NFKC')) ? { countWord: last } : {};
  if (name.length > 0) lines.push({ item: name.join(' '), quantity: 0, ...countWord });
  const checked = TypedLinesSchema.safeParse(lines);
  if (!checked.success) {
    const tooMany = lines.length > MAX_INLINE_LINES;
    return { kind: 'invalid', reason: tooMany ? 'too_many' : 'no_item', input: text };
  }
  return { kind: 'inline', lines: checked.data };
}

/**
 * `/supply 复印纸 abc`: the quantity is missing where a line's last word stands where the quantity
 * goes (see TypedLine.countWord) and the whole line names no catalog item (`namesItem`: found or
 * ambiguous, NFKC, as the lookup compares) — rather than look for an item called "复印纸 abc".
 * `/supply 铅笔 HB` where the catalog has 铅笔 HB names an item: null, and the form opens
 * pre-filled as for any name typed without a quantity. The first such line, or null.
 */
export function quantityMissingIn(
  lines: readonly TypedLine[],
  namesItem: (line: TypedLine, index: number) => boolean,
): QuantityMissing | null {
  for (const [index, line] of lines.entries()) {
    if (line.countWord === undefined || namesItem(line, index)) continue;
    const item = line.item.slice(0, line.item.length - line.countWord.length).trim();
    return { kind: 'invalid', reason: 'quantity_missing', input: line.item, item, word: line.countWord };
  }
  return null;
}
