// Office time: durations counted only inside office hours of working days, in the unit's zone.
// 催一下 is offered once a step has waited half a working day of it (4 h 45 min of 08:30–18:00),
// so a step activated on Friday at 17:00 waits until Monday's 12:45, not through the weekend.
// Pure: times in, times out.

import { DateTime } from 'luxon';
import type { WeekdayCalendar } from '../workflow/calendar.ts';
import type { OfficeHours } from './settings.ts';

/** At most this many days are walked before giving up (a calendar with no working day). */
const MAX_DAYS = 800;

function at(day: DateTime, hhmm: string): DateTime {
  const [h, m] = hhmm.split(':');
  return day.set({ hour: Number(h), minute: Number(m), second: 0, millisecond: 0 });
}

/** The office time of one working day, in ms (08:30–18:00: 9 h 30 min). */
export function officeDayMs(hours: OfficeHours): number {
  const day = DateTime.fromISO('2026-01-05', { zone: 'UTC' });
  return at(day, hours.end).toMillis() - at(day, hours.start).toMillis();
}

/** `moment` plus `ms` of office time; `ms` ≤ 0 gives `moment` itself. */
export function addOfficeTime(moment: Date, ms: number, calendar: WeekdayCalendar, hours: OfficeHours): Date {
  if (ms <= 0) return moment;
  let t: DateTime = DateTime.fromJSDate(moment, { zone: calendar.timeZone });
  let remaining = ms;
  for (let i = 0; i < MAX_DAYS; i += 1) {
    const day = t.startOf('day');
    if (calendar.isWorkingDay(day.toISODate() ?? '')) {
      const start = at(day, hours.start);
      const end = at(day, hours.end);
      if (t < start) t = start;
      if (t < end) {
        const available = end.toMillis() - t.toMillis();
        if (remaining <= available) return t.plus({ milliseconds: remaining }).toJSDate();
        remaining -= available;
      }
    }
    t = day.plus({ days: 1 });
  }
  throw new RangeError(`no working day within ${MAX_DAYS} days`);
}

/** `moment` minus `ms` of office time; `ms` ≤ 0 gives `moment` itself. */
export function subtractOfficeTime(
  moment: Date,
  ms: number,
  calendar: WeekdayCalendar,
  hours: OfficeHours,
): Date {
  if (ms <= 0) return moment;
  let t: DateTime = DateTime.fromJSDate(moment, { zone: calendar.timeZone });
  let remaining = ms;
  for (let i = 0; i < MAX_DAYS; i += 1) {
    const day = t.startOf('day');
    if (calendar.isWorkingDay(day.toISODate() ?? '')) {
      const start = at(day, hours.start);
      const end = at(day, hours.end);
      if (t > end) t = end;
      if (t > start) {
        const available = t.toMillis() - start.toMillis();
        if (remaining <= available) return t.minus({ milliseconds: remaining }).toJSDate();
        remaining -= available;
      }
    }
    // The end of the day before (office hours never reach midnight).
    t = day.minus({ milliseconds: 1 });
  }
  throw new RangeError(`no working day within ${MAX_DAYS} days`);
}

/**
 * When 催一下 is first offered on a step: once it has waited `afterDays` working days of office
 * time since it became active, or once its deadline is as near (`afterDays` of office time before
 * it: with the default half day, from 13:15 on a deadline's last day ending at 18:00), whichever
 * comes first. A step with no activation time is offered at once.
 */
export function chaseOfferedAt(
  step: { activatedAt: string | null; deadline: string | null },
  calendar: WeekdayCalendar,
  hours: OfficeHours,
  afterDays: number,
): Date | null {
  if (step.activatedAt === null) return null;
  const wait = Math.round(afterDays * officeDayMs(hours));
  const waited = addOfficeTime(new Date(step.activatedAt), wait, calendar, hours);
  if (step.deadline === null) return waited;
  const near = subtractOfficeTime(new Date(step.deadline), wait, calendar, hours);
  return near < waited ? near : waited;
}
