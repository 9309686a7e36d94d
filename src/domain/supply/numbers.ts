// Numbers as people type them in a Chinese office: full-width digits (５), full-width spaces,
// prices with a 元 or ¥ sign. Pure.

import { z } from 'zod';

/** Full-width digits, signs and the ideographic space become their ASCII forms; the rest stays. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF0B\uFF0D\uFF0E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** The largest quantity one line may ask or count (a typo like 50000 is refused, not stored). */
export const MAX_QUANTITY = 100_000;

/** A whole number 0..MAX_QUANTITY, from text with full-width digits allowed. */
export const QuantityText = z
  .string()
  .transform((s) => toHalfWidth(s).trim())
  .pipe(z.string().regex(/^\d{1,6}$/))
  .transform(Number)
  .pipe(z.number().int().min(0).max(MAX_QUANTITY));

/** Reads a quantity; null when it is not a whole number in range. */
export function parseQuantity(text: string): number | null {
  const parsed = QuantityText.safeParse(text);
  return parsed.success ? parsed.data : null;
}

/** The largest price a unit may have, in fen (1,000,000 元). */
export const MAX_PRICE_FEN = 100_000_000;

/** Reads a price in 元 (`23.5`, `¥23.50`, `２３.５元`) into fen; null when it is not one. */
export function parsePriceFen(text: string): number | null {
  const cleaned = toHalfWidth(text)
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '')
    .trim();
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return fen <= MAX_PRICE_FEN ? fen : null;
}

/** Fen as 元 with two decimals (`2350` → `23.50`). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
