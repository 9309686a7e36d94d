// Report periods (定期通报): an ISO week (Monday to Sunday) or a calendar month, in the unit's
// time zone, and when the weekly post is due. Pure: luxon only, no clock.

import { DateTime } from 'luxon';

/** The kind of a report period. */
export type ReportPeriodKind = 'week' | 'month';

/** A report period: `[start, end)` in the unit's time zone, named by `label`. */
export interface ReportPeriod {
  kind: ReportPeriodKind;
  /** `2026-W49` (ISO week-year and week) or `2026-12`. */
  label: string;
  /** Local midnight starting the period (Monday, or the 1st), as an instant. */
  start: Date;
  /** Local midnight after the period's last day: the period is `start <= t < end`. */
  end: Date;
}

/** When the weekly report goes out, in the unit's local time. */
export interface WeeklySchedule {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** `HH:mm`, local time. */
  time: string;
}

/** Monday 09:00: the office reads last week's figures at the start of the week. */
export const DEFAULT_WEEKLY_SCHEDULE: WeeklySchedule = { weekday: 1, time: '09:00' };

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WEEK_LABEL = /^(\d{4})-W(\d{2})$/;
const MONTH_LABEL = /^(\d{4})-(\d{2})$/;

function local(at: Date, timeZone: string): DateTime {
  const dt = DateTime.fromJSDate(at).setZone(timeZone);
  if (!dt.isValid) throw new RangeError(`Unknown time zone "${timeZone}"`);
  return dt;
}

function periodOf(kind: ReportPeriodKind, start: DateTime): ReportPeriod {
  const end = kind === 'week' ? start.plus({ weeks: 1 }) : start.plus({ months: 1 });
  return {
    kind,
    label: kind === 'week' ? start.toFormat("kkkk-'W'WW") : start.toFormat('yyyy-MM'),
    start: start.toJSDate(),
    end: end.toJSDate(),
  };
}

/** The ISO week (Monday start) or the month that contains `at`, in `timeZone`. */
export function periodContaining(kind: ReportPeriodKind, at: Date, timeZone: string): ReportPeriod {
  const day = local(at, timeZone);
  return periodOf(kind, kind === 'week' ? day.startOf('week') : day.startOf('month'));
}

/** The period just before `period` (the week or the month before). */
export function previousPeriod(period: ReportPeriod, timeZone: string): ReportPeriod {
  const start = local(period.start, timeZone);
  return periodOf(
    period.kind,
    period.kind === 'week' ? start.minus({ weeks: 1 }) : start.minus({ months: 1 }),
  );
}

/**
 * The period a label names: `2026-W49` or `2026-12`, in `timeZone`; null for anything else (a
 * week 53 in a year that has none, month 13, years outside 2000–2100).
 */
export function periodOfLabel(label: string, timeZone: string): ReportPeriod | null {
  const week = WEEK_LABEL.exec(label);
  if (week) {
    const weekYear = Number(week[1]);
    const weekNumber = Number(week[2]);
    if (weekYear < 2000 || weekYear > 2100) return null;
    const start = DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone: timeZone });
    // luxon normalises week 53 of a 52-week year into next year's week 1: refuse it instead.
    if (!start.isValid || start.weekYear !== weekYear || start.weekNumber !== weekNumber) return null;
    return periodOf('week', start.startOf('day'));
  }
  const month = MONTH_LABEL.exec(label);
  if (month) {
    const year = Number(month[1]);
    const monthNumber = Number(month[2]);
    if (year < 2000 || year > 2100 || monthNumber < 1 || monthNumber > 12) return null;
    const start = DateTime.fromObject({ year, month: monthNumber, day: 1 }, { zone: timeZone });
    return start.isValid ? periodOf('month', start) : null;
  }
  return null;
}

/** Checks a schedule read from configuration; throws RangeError naming what is wrong. */
export function checkWeeklySchedule(schedule: WeeklySchedule): WeeklySchedule {
  if (!Number.isInteger(schedule.weekday) || schedule.weekday < 1 || schedule.weekday > 7) {
    throw new RangeError(`weekday must be 1 (Monday) to 7 (Sunday), got ${schedule.weekday}`);
  }
  if (!HH_MM.test(schedule.time)) throw new RangeError(`time must be HH:mm, got "${schedule.time}"`);
  return schedule;
}

/**
 * The weekly report due at `now`, if any: once this week's post time (`schedule`, local) has come,
 * the report of the previous ISO week is due, until the week ends. Before the post time nothing is
 * due: last week's report was due last week, and a report the bot missed for a whole week is not
 * posted a week late (stale figures in the channel mislead; `/doc report` gives them on demand).
 */
export function dueWeeklyReport(
  now: Date,
  timeZone: string,
  schedule: WeeklySchedule = DEFAULT_WEEKLY_SCHEDULE,
): { period: ReportPeriod; dueAt: Date } | null {
  const { weekday, time } = checkWeeklySchedule(schedule);
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const thisWeek = local(now, timeZone).startOf('week');
  const dueAt = thisWeek.plus({ days: weekday - 1 }).set({ hour, minute, second: 0, millisecond: 0 });
  if (now.getTime() < dueAt.toMillis()) return null;
  return { period: periodOf('week', thisWeek.minus({ weeks: 1 })), dueAt: dueAt.toJSDate() };
}
