// Sequence numbers of document series (发文字号 per type, 收文编号 per category), per year, without
// gaps: `number_counter` holds the last number handed out in each series and year.

import type { Db, Tx } from '../../db/types.ts';

/** `<direction>:<kind>`, e.g. `out:office` or `in:upper`. */
const SERIES = /^[a-z]+:[a-z0-9_-]+$/;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export interface NumberSeries {
  series: string;
  year: number;
}

/**
 * Hands out the next number of `series` in `year` (1 for the first) in one statement. Call it
 * inside the transaction that records the number (`prisma.$transaction(async (tx) => …)`): the
 * statement locks the counter row until that transaction ends, so a concurrent caller waits and
 * then gets the next number, and a rollback takes the increment back with it. No number is skipped
 * or given twice; the price is that callers of one series and year run one at a time, so keep the
 * transaction short after this call.
 */
export async function allocateNumber(tx: Tx, input: NumberSeries & { now: Date }): Promise<number> {
  checkSeries(input);
  const rows = await tx.$queryRaw<Array<{ last_seq: number }>>`
    INSERT INTO number_counter (series, year, last_seq, updated_at)
    VALUES (${input.series}, ${input.year}::int, 1, ${input.now}::timestamptz)
    ON CONFLICT (series, year) DO UPDATE
      SET last_seq = number_counter.last_seq + 1, updated_at = EXCLUDED.updated_at
    RETURNING last_seq`;
  const seq = rows[0]?.last_seq;
  if (seq === undefined) throw new Error(`no number allocated for ${input.series} ${input.year}`);
  return seq;
}

/**
 * The number {@link allocateNumber} would hand out next, for display ("next number will be …"). A
 * concurrent allocation may take it first: never store it.
 */
export async function peekNextNumber(db: Db, input: NumberSeries): Promise<number> {
  checkSeries(input);
  const counter = await db.numberCounter.findUnique({
    where: { series_year: { series: input.series, year: input.year } },
    select: { lastSeq: true },
  });
  return (counter?.lastSeq ?? 0) + 1;
}

function checkSeries({ series, year }: NumberSeries): void {
  if (!SERIES.test(series)) {
    throw new Error(
      `number series must look like out:office (lower-case letters, a colon, then letters, digits, _ or -), got ${JSON.stringify(series)}`,
    );
  }
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new Error(`number year must be an integer from ${MIN_YEAR} to ${MAX_YEAR}, got ${year}`);
  }
}
