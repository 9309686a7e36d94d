// Reminder planning (催办): from a step's deadline, its urgency and the unit's rules, which
// reminders go to whom and when. Pure: times in, rows out; the feature layer writes them.
//
// Decisions (docs/features/chasing.md):
// - `before`: 08:30 (office start) on each chosen working day before the deadline's last working
//   day (`[0]` = that day's morning). A slot already past when the deadline is set is left out:
//   the person was just asked.
// - `due`: at the deadline itself when it falls inside office hours (deadlines are the end of
//   office hours, 18:00, so it says "due now, not done"); a deadline outside them gets none, the
//   first overdue reminder follows the next working morning.
// - `overdue`: only the first slot after the deadline is planned; each one sent plans the next
//   slot after the moment it went (see `nextOverdueSlot`), so a bot down for days sends one, not
//   one per missed slot, and the chain stops by itself when the step moves on.

import { DateTime } from 'luxon';
import type { WeekdayCalendar } from '../workflow/calendar.ts';
import type { Urgency } from '../workflow/types.ts';
import { type ChasingRule, type OfficeHours, ruleFor, type StoredChasingSettings } from './settings.ts';

/** Kinds of reminder row about a workflow step. */
export type StepReminderKind = 'before' | 'due' | 'overdue';

/** One reminder row to write. */
export interface PlannedReminder {
  key: string;
  subject: string;
  instanceId: string | null;
  stepKey: string | null;
  personId: string | null;
  kind: string;
  slot: string;
  dueAt: Date;
  deadline: Date | null;
  payload: ReminderPayload;
}

/** What a reminder row carries besides its columns (no title: classified items stay reference-only). */
export interface ReminderPayload {
  urgency?: Urgency;
  /** `digest`: folded into the morning digest, no message of its own. */
  delivery?: 'digest' | 'message';
  /** The ordinal of an overdue reminder (1, 2, …): escalation counts them. */
  n?: number;
  /** Escalation: whom the item waits on, how many working days late. */
  assigneeId?: string;
  daysLate?: number;
  [key: string]: unknown;
}

/** Subject of an instance's rows. */
export const instanceSubject = (instanceId: string) => `instance:${instanceId}`;

/** `<subject>|<kind>|<person>|<slot>`. */
export function reminderKey(subject: string, kind: string, personId: string | null, slot: string): string {
  return `${subject}|${kind}|${personId ?? '-'}|${slot}`;
}

/**
 * The part of a step's slots that ties them to one deadline of one step: a moved deadline gives
 * new keys (the old rows are cancelled), the same deadline again gives the same keys (no-op).
 */
export function stepSlotBase(stepKey: string, deadline: Date): string {
  return `${stepKey}@${deadline.getTime()}`;
}

function parseHhmm(value: string): { hour: number; minute: number } {
  const [h, m] = value.split(':');
  return { hour: Number(h), minute: Number(m) };
}

function at(day: DateTime, hhmm: string): DateTime {
  return day.set({ ...parseHhmm(hhmm), second: 0, millisecond: 0 });
}

const isWorking = (calendar: WeekdayCalendar, day: DateTime) => calendar.isWorkingDay(day.toISODate() ?? '');

/** Whether `moment` lies inside office hours of a working day (both ends included). */
export function isInOfficeHours(moment: Date, calendar: WeekdayCalendar, hours: OfficeHours): boolean {
  const local = DateTime.fromJSDate(moment, { zone: calendar.timeZone });
  if (!isWorking(calendar, local.startOf('day'))) return false;
  const hm = local.toFormat('HH:mm');
  return hm >= hours.start && hm <= hours.end;
}

/**
 * Quiet hours: `moment` itself when inside office hours, else the next working morning (office
 * start). Everything the scheduler sends goes at a time this returns.
 */
export function nextOfficeMoment(moment: Date, calendar: WeekdayCalendar, hours: OfficeHours): Date {
  if (isInOfficeHours(moment, calendar, hours)) return moment;
  let day = DateTime.fromJSDate(moment, { zone: calendar.timeZone }).startOf('day');
  for (let i = 0; i < 400; i += 1) {
    if (isWorking(calendar, day)) {
      const start = at(day, hours.start);
      if (start.toMillis() >= moment.getTime()) return start.toJSDate();
    }
    day = day.plus({ days: 1 });
  }
  throw new RangeError('no working day within 400 days');
}

/** The working day `n` working days before `day` (n = 0: `day`, or the last working day before it). */
function workingDayBefore(calendar: WeekdayCalendar, day: DateTime, n: number): DateTime {
  let d = day;
  while (!isWorking(calendar, d)) d = d.minus({ days: 1 });
  for (let i = 0; i < n; ) {
    d = d.minus({ days: 1 });
    if (isWorking(calendar, d)) i += 1;
  }
  return d;
}

/** The first overdue slot (a working day at one of `times`) strictly after `after`. */
export function nextOverdueSlot(
  after: Date,
  calendar: WeekdayCalendar,
  times: readonly string[],
): { at: Date; slot: string } {
  let day = DateTime.fromJSDate(after, { zone: calendar.timeZone }).startOf('day');
  const sorted = [...times].sort();
  for (let i = 0; i < 400; i += 1) {
    if (isWorking(calendar, day)) {
      for (const time of sorted) {
        const moment = at(day, time);
        if (moment.toMillis() > after.getTime()) {
          return { at: moment.toJSDate(), slot: `${day.toISODate()}T${time}` };
        }
      }
    }
    day = day.plus({ days: 1 });
  }
  throw new RangeError('no working day within 400 days');
}

/**
 * Working days late at `now`: the working days after the deadline's local day up to and including
 * `now`'s (0 on the deadline's own day or before it).
 */
export function workingDaysLate(deadline: Date, now: Date, calendar: WeekdayCalendar): number {
  if (now.getTime() <= deadline.getTime()) return 0;
  let day = DateTime.fromJSDate(deadline, { zone: calendar.timeZone }).startOf('day');
  const end = DateTime.fromJSDate(now, { zone: calendar.timeZone }).startOf('day');
  let late = 0;
  for (let i = 0; i < 3660 && day < end; i += 1) {
    day = day.plus({ days: 1 });
    if (isWorking(calendar, day)) late += 1;
  }
  return late;
}

/** What a step's reminders are planned from. */
export interface StepPlanInput {
  instanceId: string;
  definitionId: string;
  stepKey: string;
  personIds: readonly string[];
  deadline: Date;
  urgency: Urgency;
  now: Date;
}

/** The rows of one step's deadline for each person asked: before, due and the first overdue. */
export function planStepReminders(
  input: StepPlanInput,
  calendar: WeekdayCalendar,
  settings: StoredChasingSettings,
): PlannedReminder[] {
  const rule = ruleFor(settings.chasing, input.urgency, input.definitionId);
  const hours = settings.calendar.officeHours;
  const subject = instanceSubject(input.instanceId);
  const base = stepSlotBase(input.stepKey, input.deadline);
  const deadlineLocal = DateTime.fromJSDate(input.deadline, { zone: calendar.timeZone });
  const lastDay = workingDayBefore(calendar, deadlineLocal.startOf('day'), 0);
  const payload: ReminderPayload = { urgency: input.urgency, delivery: rule.delivery };
  const slots: Array<{ kind: StepReminderKind; slot: string; dueAt: Date; payload: ReminderPayload }> = [];

  for (const n of rule.beforeDays) {
    const day = workingDayBefore(calendar, lastDay, n);
    const moment = at(day, hours.start).toJSDate();
    if (moment.getTime() < input.now.getTime() || moment.getTime() >= input.deadline.getTime()) continue;
    slots.push({ kind: 'before', slot: `${base}/${day.toISODate()}`, dueAt: moment, payload });
  }
  if (rule.due && isInOfficeHours(input.deadline, calendar, hours)) {
    slots.push({ kind: 'due', slot: `${base}/due`, dueAt: input.deadline, payload });
  }
  const first = firstOverdue(input.deadline, calendar, rule);
  slots.push({
    kind: 'overdue',
    slot: `${base}/${first.slot}`,
    dueAt: first.at,
    payload: { ...payload, n: 1 },
  });

  const rows: PlannedReminder[] = [];
  for (const personId of new Set(input.personIds)) {
    for (const s of slots) {
      rows.push({
        key: reminderKey(subject, s.kind, personId, s.slot),
        subject,
        instanceId: input.instanceId,
        stepKey: input.stepKey,
        personId,
        kind: s.kind,
        slot: s.slot,
        dueAt: s.dueAt,
        deadline: input.deadline,
        payload: s.payload,
      });
    }
  }
  return rows;
}

function firstOverdue(deadline: Date, calendar: WeekdayCalendar, rule: ChasingRule) {
  return nextOverdueSlot(deadline, calendar, rule.overdueTimes);
}

/**
 * After overdue reminder number `n` went at `sentAt`: the next one (the next slot after `sentAt`,
 * so missed slots of the past collapse into none), and whether the item is now escalated.
 */
export function planAfterOverdue(
  input: {
    instanceId: string;
    definitionId: string;
    stepKey: string;
    personId: string;
    deadline: Date;
    urgency: Urgency;
    n: number;
    sentAt: Date;
  },
  calendar: WeekdayCalendar,
  settings: StoredChasingSettings,
): { next: PlannedReminder; escalate: boolean; daysLate: number } {
  const rule = ruleFor(settings.chasing, input.urgency, input.definitionId);
  const subject = instanceSubject(input.instanceId);
  const base = stepSlotBase(input.stepKey, input.deadline);
  const slot = nextOverdueSlot(input.sentAt, calendar, rule.overdueTimes);
  const daysLate = workingDaysLate(input.deadline, input.sentAt, calendar);
  return {
    next: {
      key: reminderKey(subject, 'overdue', input.personId, `${base}/${slot.slot}`),
      subject,
      instanceId: input.instanceId,
      stepKey: input.stepKey,
      personId: input.personId,
      kind: 'overdue',
      slot: `${base}/${slot.slot}`,
      dueAt: slot.at,
      deadline: input.deadline,
      payload: { urgency: input.urgency, delivery: rule.delivery, n: input.n + 1 },
    },
    escalate: input.n >= rule.escalateAfterOverdue || daysLate >= rule.escalateAfterDays,
    daysLate,
  };
}

/** The local date `YYYY-MM-DD` of `moment` in the calendar's zone. */
export function localDate(moment: Date, timeZone: string): string {
  return DateTime.fromJSDate(moment, { zone: timeZone }).toISODate() ?? '';
}

/** `moment`'s local day at `hhmm`. */
export function localTimeOn(date: string, hhmm: string, timeZone: string): Date {
  return at(DateTime.fromISO(date, { zone: timeZone }), hhmm).toJSDate();
}

/** ISO week `2026-W49` of a local date. */
export function isoWeekOf(moment: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(moment, { zone: timeZone });
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
}

/** The first working day of the ISO week of `moment` (the owed-supplies reminder goes then). */
export function firstWorkingDayOfWeek(moment: Date, calendar: WeekdayCalendar): string | null {
  const monday = DateTime.fromJSDate(moment, { zone: calendar.timeZone }).startOf('week');
  for (let i = 0; i < 7; i += 1) {
    const day = monday.plus({ days: i });
    if (isWorking(calendar, day)) return day.toISODate();
  }
  return null;
}
