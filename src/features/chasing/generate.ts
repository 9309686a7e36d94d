// Reminder rows that no transition writes, generated on each scheduler wake from the tables they
// chase (idempotent by key, so every wake may try): the morning digests, borrowed archive records
// (借阅到期/逾期) and owed supplies (欠发). A row is only made once its time has come, so a bot down
// for days makes today's, not one per missed day.

import { DateTime } from 'luxon';
import {
  firstWorkingDayOfWeek,
  isoWeekOf,
  localDate,
  localTimeOn,
  type PlannedReminder,
  reminderKey,
  workingDaysLate,
} from '../../domain/chasing/plan.ts';
import type { StoredChasingSettings } from '../../domain/chasing/settings.ts';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { insertReminders } from './reminder-store.ts';

export interface GenerateDeps {
  prisma: PrismaClient;
  calendar: WeekdayCalendar;
  settings: StoredChasingSettings;
}

/** Today's local date when it is a working day and `hhmm` has passed; else null. */
function workingDayPast(now: Date, calendar: WeekdayCalendar, hhmm: string): string | null {
  const today = localDate(now, calendar.timeZone);
  if (!calendar.isWorkingDay(today)) return null;
  return now.getTime() >= localTimeOn(today, hhmm, calendar.timeZone).getTime() ? today : null;
}

/** One digest row per person something waits on, for today's digest time (working days only). */
export async function generateDigests(deps: GenerateDeps, now: Date): Promise<number> {
  const { calendar, settings } = deps;
  const today = workingDayPast(now, calendar, settings.chasing.digestTime);
  if (today === null) return 0;
  const people = await deps.prisma.$queryRaw<Array<{ id: string }>>`
    SELECT p.id FROM person p
    WHERE p.active AND EXISTS (SELECT 1 FROM workflow_instance w WHERE w.waiting_on @> ARRAY[p.id]::text[])`;
  const dueAt = localTimeOn(today, settings.chasing.digestTime, calendar.timeZone);
  const rows: PlannedReminder[] = people.map(({ id }) => {
    const subject = `person:${id}`;
    return {
      key: reminderKey(subject, 'digest', id, today),
      subject,
      instanceId: null,
      stepKey: null,
      personId: id,
      kind: 'digest',
      slot: today,
      dueAt,
      deadline: null,
      payload: {},
    };
  });
  return insertReminders(deps.prisma, rows, now);
}

/**
 * Borrowed records (status `lent` with a due date): `loan_before` on the morning of the loan's
 * last working day, `loan_overdue` each working morning after, both to the borrower; after
 * `loanEscalateAfterDays` working days late, `loan_escalation` once to each archivist.
 */
export async function generateLoanReminders(deps: GenerateDeps, now: Date): Promise<number> {
  const { calendar, settings } = deps;
  const start = settings.calendar.officeHours.start;
  const loans = await deps.prisma.archiveLoan.findMany({
    where: { status: 'lent', dueAt: { not: null } },
    select: { id: true, borrowerId: true, dueAt: true, entry: { select: { archiveNo: true } } },
  });
  if (loans.length === 0) return 0;
  const archivists = await deps.prisma.person.findMany({
    where: { active: true, roles: { has: 'archivist' } },
    select: { id: true },
  });
  const today = workingDayPast(now, calendar, start);
  const rows: PlannedReminder[] = [];
  for (const loan of loans) {
    const dueAt = loan.dueAt as Date;
    const subject = `loan:${loan.id}`;
    const payload = {
      record: loan.entry.archiveNo,
      due: DateTime.fromJSDate(dueAt, { zone: calendar.timeZone }).toFormat('yyyy-MM-dd HH:mm'),
      borrowerId: loan.borrowerId,
    };
    const base = { subject, instanceId: null, stepKey: null, deadline: dueAt };
    if (now < dueAt) {
      let lastDay = DateTime.fromJSDate(dueAt, { zone: calendar.timeZone }).startOf('day');
      while (!calendar.isWorkingDay(lastDay.toISODate() ?? '')) lastDay = lastDay.minus({ days: 1 });
      const date = lastDay.toISODate() ?? '';
      const morning = localTimeOn(date, start, calendar.timeZone);
      if (now >= morning && morning < dueAt) {
        rows.push({
          ...base,
          key: reminderKey(subject, 'loan_before', loan.borrowerId, date),
          personId: loan.borrowerId,
          kind: 'loan_before',
          slot: date,
          dueAt: morning,
          payload,
        });
      }
      continue;
    }
    if (today !== null) {
      rows.push({
        ...base,
        key: reminderKey(subject, 'loan_overdue', loan.borrowerId, today),
        personId: loan.borrowerId,
        kind: 'loan_overdue',
        slot: today,
        dueAt: localTimeOn(today, start, calendar.timeZone),
        payload,
      });
      if (workingDaysLate(dueAt, now, calendar) >= settings.chasing.loanEscalateAfterDays) {
        for (const archivist of archivists) {
          rows.push({
            ...base,
            key: reminderKey(subject, 'loan_escalation', archivist.id, 'once'),
            personId: archivist.id,
            kind: 'loan_escalation',
            slot: 'once',
            dueAt: now,
            payload,
          });
        }
      }
    }
  }
  return insertReminders(deps.prisma, rows, now);
}

/**
 * Owed supplies (`supply_issue_line.owed > 0`): one `owed` reminder a week to each supplies
 * keeper, due on the week's first working morning (sent at the first wake after it).
 */
export async function generateOwedReminders(deps: GenerateDeps, now: Date): Promise<number> {
  const { calendar, settings } = deps;
  const first = firstWorkingDayOfWeek(now, calendar);
  if (first === null) return 0;
  const dueAt = localTimeOn(first, settings.calendar.officeHours.start, calendar.timeZone);
  if (now < dueAt) return 0;
  const owed = await deps.prisma.supplyIssueLine.count({ where: { owed: { gt: 0 } } });
  if (owed === 0) return 0;
  const keepers = await deps.prisma.person.findMany({
    where: { active: true, roles: { has: 'supplies_keeper' } },
    select: { id: true },
  });
  const week = isoWeekOf(now, calendar.timeZone);
  const rows: PlannedReminder[] = keepers.map(({ id }) => {
    const subject = `owed:${id}`;
    return {
      key: reminderKey(subject, 'owed', id, week),
      subject,
      instanceId: null,
      stepKey: null,
      personId: id,
      kind: 'owed',
      slot: week,
      dueAt,
      deadline: null,
      payload: {},
    };
  });
  return insertReminders(deps.prisma, rows, now);
}
