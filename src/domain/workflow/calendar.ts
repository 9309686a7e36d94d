// Working-day deadlines in the unit's time zone. Monday to Friday for now; public holidays and
// make-up working weekends (调休) arrive as sets of extra days off / extra working days.

import { DateTime } from 'luxon';
import type { WorkingCalendar } from './types.ts';

/** ISO calendar date `YYYY-MM-DD`, local to the calendar's time zone. */
export type IsoDate = string;

/** Holidays and make-up working days on top of the Monday–Friday week. */
export interface CalendarExceptions {
  /** Days off that fall on weekdays (public holidays: 春节, 国庆节 …). */
  extraDaysOff?: Iterable<IsoDate>;
  /** Weekend days worked instead (调休上班). */
  extraWorkingDays?: Iterable<IsoDate>;
}

/** A {@link WorkingCalendar} that can also say whether a date is worked (for reminders). */
export interface WeekdayCalendar extends WorkingCalendar {
  readonly timeZone: string;
  readonly endOfDay: string;
  /** Whether the local date `YYYY-MM-DD` is a working day. */
  isWorkingDay(date: IsoDate): boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** More consecutive days off than any real calendar has: a guard against a bad exception set. */
const MAX_DAYS_OFF_IN_A_ROW = 60;
/** How many different numbers of working days a calendar remembers its last deadline for. */
const MAX_REMEMBERED = 32;

/**
 * Monday–Friday working days in `timeZone`. The deadline of `addWorkingDays(from, n)` is
 * `endOfDay` local time on the n-th working day after `from`'s local date (`from`'s own day does
 * not count; n = 0 means the end of `from`'s day, or of the next working day when that is off).
 *
 * ```ts
 * weekdayCalendar('Asia/Shanghai', '18:00', { extraDaysOff: ['2026-10-01'], extraWorkingDays: ['2026-10-10'] })
 * ```
 */
export function weekdayCalendar(
  timeZone = 'Asia/Shanghai',
  endOfDay = '18:00',
  exceptions: CalendarExceptions = {},
): WeekdayCalendar {
  if (!DateTime.local().setZone(timeZone).isValid) {
    throw new RangeError(`Unknown time zone "${timeZone}"`);
  }
  const time = HH_MM.exec(endOfDay);
  if (!time) throw new RangeError(`endOfDay must be HH:mm, got "${endOfDay}"`);
  const hour = Number(time[1]);
  const minute = Number(time[2]);
  const daysOff = isoDateSet(exceptions.extraDaysOff, 'extraDaysOff');
  const workingDays = isoDateSet(exceptions.extraWorkingDays, 'extraWorkingDays');
  for (const date of daysOff) {
    if (workingDays.has(date)) throw new RangeError(`${date} is both a day off and a working day`);
  }

  /** Per number of working days, the last local day asked about (in UTC ms) and its deadline. */
  const recent = new Map<number, { dayStart: number; nextDayStart: number; deadline: number }>();

  const isWorking = (day: DateTime): boolean => {
    const iso = day.toISODate() ?? '';
    if (daysOff.has(iso)) return false;
    if (workingDays.has(iso)) return true;
    return day.weekday <= 5;
  };

  /** `endOfDay` on the `days`-th working day after the local day `start` (see weekdayCalendar). */
  const deadlineFrom = (start: DateTime, days: number): Date => {
    let day = start;
    const endOf = (d: DateTime) => d.set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
    if (days === 0 && isWorking(day)) return endOf(day);
    // n = 0 on a day off: the end of the next working day.
    const target = Math.max(days, 1);
    let counted = 0;
    let offInARow = 0;
    while (counted < target) {
      day = day.plus({ days: 1 });
      if (isWorking(day)) {
        counted += 1;
        offInARow = 0;
      } else if (++offInARow > MAX_DAYS_OFF_IN_A_ROW) {
        throw new RangeError(`More than ${MAX_DAYS_OFF_IN_A_ROW} days off in a row after ${day.toISODate()}`);
      }
    }
    return endOf(day);
  };

  return {
    timeZone,
    endOfDay,
    isWorkingDay(date) {
      const day = DateTime.fromISO(date, { zone: timeZone });
      if (!ISO_DATE.test(date) || !day.isValid) throw new RangeError(`Not an ISO date: "${date}"`);
      return isWorking(day);
    },
    addWorkingDays(from, days) {
      if (!Number.isInteger(days) || days < 0) {
        throw new RangeError(`Working days must be a whole number ≥ 0, got ${days}`);
      }
      // The deadline depends only on `from`'s local date: the clicks of one day ask the same.
      const at = from.getTime();
      const known = recent.get(days);
      if (known && at >= known.dayStart && at < known.nextDayStart) return new Date(known.deadline);
      const start = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day');
      if (!start.isValid) throw new RangeError('Invalid start date');
      const deadline = deadlineFrom(start, days);
      if (recent.size >= MAX_REMEMBERED) recent.clear();
      recent.set(days, {
        dayStart: start.toMillis(),
        nextDayStart: start.plus({ days: 1 }).toMillis(),
        deadline: deadline.getTime(),
      });
      return deadline;
    },
  };
}

function isoDateSet(dates: Iterable<IsoDate> | undefined, what: string): Set<IsoDate> {
  const set = new Set<IsoDate>();
  for (const date of dates ?? []) {
    if (!ISO_DATE.test(date) || !DateTime.fromISO(date).isValid) {
      throw new RangeError(`${what}: not an ISO date "${date}"`);
    }
    set.add(date);
  }
  return set;
}
