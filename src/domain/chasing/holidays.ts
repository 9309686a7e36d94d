// The national public holiday calendar of the PRC (法定节假日 and 调休上班日), from the
// `chinese-days` package's data, merged with the unit's local overrides from the organisation
// file. The package's data covers 2004–2026 in version 1.5.7; the State Council publishes the
// next year's arrangement in November or December, so until a package update brings 2027 the
// organisation file's `calendar:` section is the place to add it (see docs/features/chasing.md).

import holidayData from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { DateTime } from 'luxon';
import { type CalendarExceptions, type WeekdayCalendar, weekdayCalendar } from '../workflow/calendar.ts';
import type { CalendarSettings } from './settings.ts';

interface ChineseDaysData {
  /** `YYYY-MM-DD` → "English,中文,days": every day off of a holiday period, weekends included. */
  holidays: Record<string, string>;
  /** `YYYY-MM-DD` → name: weekend days worked instead (调休上班). */
  workdays: Record<string, string>;
}

const data = holidayData as unknown as ChineseDaysData;

/** The years the package's data covers (each has at least one holiday). */
export function nationalHolidayYears(): number[] {
  return [...new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
}

/** The national days off and make-up working days, as calendar exceptions. */
export function nationalHolidayExceptions(): { extraDaysOff: string[]; extraWorkingDays: string[] } {
  return { extraDaysOff: Object.keys(data.holidays), extraWorkingDays: Object.keys(data.workdays) };
}

/**
 * National holidays with the unit's overrides on top: a local day off wins over a national
 * make-up working day, and a local working day over a national day off (the file is the unit's
 * last word, e.g. next year's 调休 before the package knows it).
 */
export function mergedExceptions(local: Pick<CalendarSettings, 'extraDaysOff' | 'extraWorkingDays'>): {
  extraDaysOff: string[];
  extraWorkingDays: string[];
} {
  const national = nationalHolidayExceptions();
  const localOff = new Set(local.extraDaysOff);
  const localWorking = new Set(local.extraWorkingDays);
  const daysOff = new Set([...national.extraDaysOff.filter((d) => !localWorking.has(d)), ...localOff]);
  const working = new Set([...national.extraWorkingDays.filter((d) => !localOff.has(d)), ...localWorking]);
  return { extraDaysOff: [...daysOff], extraWorkingDays: [...working] };
}

/**
 * The unit's working calendar: Monday–Friday, national holidays off, 调休 weekends on, local
 * overrides, deadlines at the end of office hours.
 */
export function unitCalendar(
  timeZone: string,
  settings: Pick<CalendarSettings, 'extraDaysOff' | 'extraWorkingDays' | 'officeHours'>,
): WeekdayCalendar {
  const exceptions: CalendarExceptions = mergedExceptions(settings);
  return weekdayCalendar(timeZone, settings.officeHours.end, exceptions);
}

/**
 * Years of the coming `aheadDays` (from `now`, in `timeZone`) for which neither the package nor
 * the organisation file lists any day off: deadlines there would count 春节 or 国庆 as working
 * days. The bot warns of them at start, so that the IT person adds next year's arrangement to the
 * file's `calendar:` section (or updates the package) before it matters.
 */
export function uncoveredHolidayYears(
  now: Date,
  timeZone: string,
  local: Pick<CalendarSettings, 'extraDaysOff'>,
  aheadDays = 60,
): number[] {
  const covered = new Set([
    ...nationalHolidayYears(),
    ...local.extraDaysOff.map((d) => Number(d.slice(0, 4))),
  ]);
  const from = DateTime.fromJSDate(now, { zone: timeZone });
  const years = new Set([from.year, from.plus({ days: aheadDays }).year]);
  return [...years].filter((y) => !covered.has(y));
}
