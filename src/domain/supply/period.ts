// Plan periods: a month (`2026-12`) or a quarter (`2027-Q1`), in the unit's calendar. Pure.

import { DateTime } from 'luxon';

/** The kind of a plan period. */
export type PeriodKind = 'month' | 'quarter';

/** The next month and the next quarter after `now` in `timeZone` (what a plan is usually for). */
export function nextPeriods(now: Date, timeZone: string): { month: string; quarter: string } {
  const local = DateTime.fromJSDate(now).setZone(timeZone);
  const month = local.plus({ months: 1 });
  const quarter = local.plus({ quarters: 1 });
  return {
    month: month.toFormat('yyyy-MM'),
    quarter: `${quarter.year}-Q${quarter.quarter}`,
  };
}

/** The current month and quarter, for summaries asked without a period. */
export function currentPeriods(now: Date, timeZone: string): { month: string; quarter: string } {
  const local = DateTime.fromJSDate(now).setZone(timeZone);
  return { month: local.toFormat('yyyy-MM'), quarter: `${local.year}-Q${local.quarter}` };
}

/** Whether a period is a quarter. */
export function periodKind(period: string): PeriodKind {
  return period.includes('Q') ? 'quarter' : 'month';
}
