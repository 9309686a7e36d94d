// Retention periods (保管期限) and the quarterly appraisal (鉴定), pure: when an entry's retention
// runs out, and which quarter a moment belongs to, in the unit's time zone.

import { DateTime } from 'luxon';
import { type ArchiveRetention, RETENTION_YEARS } from './archive-no.ts';

/**
 * The first moment an entry of `year` kept for `retention` is past its period: retention is
 * counted from the end of the entry's year (an entry of 2015 kept 10 years runs out at the start
 * of 2026, local time). Null for 永久 or an unknown code (never appraised for destruction).
 */
export function retentionEndsAt(year: number, retention: string, timeZone: string): Date | null {
  const years = RETENTION_YEARS[retention as ArchiveRetention];
  if (years === null || years === undefined || !Number.isInteger(year)) return null;
  return DateTime.fromObject({ year: year + years + 1, month: 1, day: 1 }, { zone: timeZone }).toJSDate();
}

/**
 * The latest year whose entries kept `years` years have run out at `now`: an entry of year Y has
 * run out once the local year is past Y + years, i.e. Y ≤ (this year) − years − 1.
 */
export function lastExpiredYear(now: Date, years: number, timeZone: string): number {
  return DateTime.fromJSDate(now, { zone: timeZone }).year - years - 1;
}

/** Whether an entry has run out of retention at `now`. */
export function isRetentionOver(year: number, retention: string, now: Date, timeZone: string): boolean {
  const ends = retentionEndsAt(year, retention, timeZone);
  return ends !== null && now.getTime() >= ends.getTime();
}

/** The quarter of `now` in the unit's time zone, e.g. `2026-Q4`. */
export function quarterOf(now: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return `${local.year}-Q${Math.ceil(local.month / 3)}`;
}
