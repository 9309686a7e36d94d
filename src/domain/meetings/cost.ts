// A meeting's actual cost (实际费用) as people type it and as the register writes it. Amounts are
// kept in whole fen (分), so 1280.50 元 is 128050 and no sum or comparison goes through a float.
// Pure: no database, no clock.

/** The largest actual cost taken, in yuan: ten million (一千万元), far above any office meeting. */
export const MAX_MEETING_COST_YUAN = 10_000_000;

/** Fen in a yuan. */
const FEN_PER_YUAN = 100;

/** Why a typed amount is not taken. */
export type CostProblem = 'invalid' | 'negative' | 'decimals' | 'too_large';

/** A typed amount read: its fen, or why not. */
export type CostReading = { ok: true; fen: number } | { ok: false; problem: CostProblem };

/** Whole yuan, plain (`1280`) or grouped by thousands (`1,280`), then at most two decimals. */
const AMOUNT = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/u;

/**
 * Reads an amount in yuan as people type it: `1280`, `1280.5`, `1280.50`, `1,280.50`, full-width
 * digits, with `¥`/`￥` before or `元` after. Refused: anything else (`abc`), a negative amount, more
 * than two decimals (below a fen), more than {@link MAX_MEETING_COST_YUAN}.
 */
export function parseCostYuan(typed: string): CostReading {
  const signed = typed.normalize('NFKC').replace(/\s+/gu, '');
  const negative = /^[-−]/u.test(signed);
  const text = (negative ? signed.slice(1) : signed).replace(/^¥/u, '').replace(/元$/u, '');
  const match = AMOUNT.exec(text);
  if (!match) return { ok: false, problem: 'invalid' };
  if (negative) return { ok: false, problem: 'negative' };
  const whole = (match[1] as string).replaceAll(',', '').replace(/^0+(?=\d)/u, '');
  const decimals = match[2] ?? '';
  if (decimals.length > 2) return { ok: false, problem: 'decimals' };
  // Compared as digits first: a number too long for a float is too large, never rounded.
  if (whole.length > String(MAX_MEETING_COST_YUAN).length) return { ok: false, problem: 'too_large' };
  const fen = Number(whole) * FEN_PER_YUAN + Number(decimals.padEnd(2, '0'));
  if (fen > MAX_MEETING_COST_YUAN * FEN_PER_YUAN) return { ok: false, problem: 'too_large' };
  return { ok: true, fen };
}

/** Fen as yuan with two decimals, as the register writes money: 128050 → `1280.50`, 0 → `0.00`. */
export function formatCostYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not an amount in fen: ${fen}`);
  const cents = String(fen % FEN_PER_YUAN).padStart(2, '0');
  return `${Math.floor(fen / FEN_PER_YUAN)}.${cents}`;
}
