// When a meeting's reminders go. A span of whole days (`1d`, `2d`) counts working days: the
// "tomorrow" reminder of a meeting on Monday 09:00 goes on the working day before, Friday, at the
// meeting's own time of day held inside office hours (a meeting at 08:00 is reminded at 08:30, one
// at 19:00 at 18:00), never on Sunday. Holidays and 调休 come with the unit's calendar. Any other
// span (`30m`, `2h`) is counted in plain time before the start. Pure: times in, times out.

import { DateTime } from 'luxon';
import type { OfficeHours } from '../chasing/settings.ts';
import type { WeekdayCalendar } from '../workflow/calendar.ts';

const DAY_MINUTES = 24 * 60;
const MINUTE_MS = 60_000;
/** At most this many days are walked back (a calendar with no working day). */
const MAX_DAYS = 400;

/** What the reminders count working days with. */
export interface ReminderCalendar {
  calendar: WeekdayCalendar;
  officeHours: OfficeHours;
}

/** Whether a span counts working days: a whole number of days. */
export function isDaySpan(minutes: number): boolean {
  return minutes > 0 && minutes % DAY_MINUTES === 0;
}

/** The `n`-th working day before the local day `day` (n ≥ 1). */
function workingDayBefore(calendar: WeekdayCalendar, day: DateTime, n: number): DateTime {
  let d = day;
  for (let counted = 0, walked = 0; counted < n; walked += 1) {
    if (walked > MAX_DAYS) throw new RangeError(`no working day within ${MAX_DAYS} days`);
    d = d.minus({ days: 1 });
    if (calendar.isWorkingDay(d.toISODate() ?? '')) counted += 1;
  }
  return d;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/**
 * The moment of the reminder `minutes` before a meeting starting at `startsAt`: for a span of
 * whole days, the meeting's time of day on the working day that many working days before the
 * meeting's day, held inside office hours; otherwise `startsAt` minus the span.
 */
export function reminderMoment(startsAt: Date, minutes: number, unit: ReminderCalendar): Date {
  if (!isDaySpan(minutes)) return new Date(startsAt.getTime() - minutes * MINUTE_MS);
  const { calendar, officeHours } = unit;
  const local = DateTime.fromJSDate(startsAt, { zone: calendar.timeZone });
  const day = workingDayBefore(calendar, local.startOf('day'), minutes / DAY_MINUTES);
  const wanted = local.hour * 60 + local.minute;
  const held = Math.min(Math.max(wanted, minutesOf(officeHours.start)), minutesOf(officeHours.end));
  return day.set({ hour: Math.floor(held / 60), minute: held % 60, second: 0, millisecond: 0 }).toJSDate();
}

/**
 * The start before which a meeting may have a reminder due at `now` for one of `spans`: the
 * reminders look at the meetings starting from `now` until then. For a day span, the first local
 * day whose reminder day has not reached its office hours by `now` (a long holiday pushes it out).
 */
export function reminderHorizon(now: Date, spans: readonly number[], unit: ReminderCalendar): Date {
  let until = now.getTime();
  for (const minutes of spans) {
    if (!isDaySpan(minutes)) {
      until = Math.max(until, now.getTime() + minutes * MINUTE_MS);
      continue;
    }
    let day = DateTime.fromJSDate(now, { zone: unit.calendar.timeZone }).startOf('day');
    for (let walked = 0; walked <= MAX_DAYS; walked += 1) {
      day = day.plus({ days: 1 });
      // The earliest reminder of a meeting on `day` is at office start of its reminder day.
      const earliest = reminderMoment(day.toJSDate(), minutes, unit);
      if (earliest.getTime() > now.getTime()) break;
    }
    until = Math.max(until, day.toMillis());
  }
  return new Date(until);
}
