// The words after `/doc report`: which period. Pure.

import { periodContaining, periodOfLabel, previousPeriod, type ReportPeriod } from './period.ts';

const THIS_WEEK = new Set(['', 'week', 'weekly', '周', '本周', '周报']);
const THIS_MONTH = new Set(['month', 'monthly', '月', '本月', '月报']);
const LAST_WEEK = new Set(['last-week', 'lastweek', '上周']);
const LAST_MONTH = new Set(['last-month', 'lastmonth', '上月']);

/** Full-width digits, letters and hyphen (typed with a Chinese input method) as ASCII. */
function halfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u2010-\u2015\u2212]/g, '-');
}

/**
 * The period `/doc report …` asks for: `week` (this ISO week so far; the default), `month` (this
 * month so far), `last-week`/`上周`, `last-month`/`上月`, or a label such as `2026-W48` or
 * `2026-11`. More than one word, or a word it cannot read, is refused with that word.
 */
export function parseReportArgs(
  words: readonly string[],
  now: Date,
  timeZone: string,
): { ok: true; period: ReportPeriod } | { ok: false; arg: string } {
  if (words.length > 1) return { ok: false, arg: words[1] ?? '' };
  const raw = words[0] ?? '';
  const word = halfWidth(raw).trim().toLowerCase();
  if (THIS_WEEK.has(word)) return { ok: true, period: periodContaining('week', now, timeZone) };
  if (THIS_MONTH.has(word)) return { ok: true, period: periodContaining('month', now, timeZone) };
  if (LAST_WEEK.has(word)) {
    return { ok: true, period: previousPeriod(periodContaining('week', now, timeZone), timeZone) };
  }
  if (LAST_MONTH.has(word)) {
    return { ok: true, period: previousPeriod(periodContaining('month', now, timeZone), timeZone) };
  }
  // `2026-w48` reads as `2026-W48`.
  const labelled = periodOfLabel(word.toUpperCase(), timeZone);
  if (labelled) return { ok: true, period: labelled };
  return { ok: false, arg: raw };
}
