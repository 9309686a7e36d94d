// The playground's chasing (催办/督办): one 加急 approval left at its first step a few working days
// past its deadline, started through the bot's own workflow service (its chasing hook and
// calendar) at a moment in the past. The first scheduler wake in office hours then sends the assignee their
// overdue reminder (and the morning digest), and — the item being past the 加急 escalation
// threshold — the 督办 to the department's supervising leader and the office head.

import type { Database } from '../../db/database.ts';
import { unitCalendar } from '../../domain/chasing/holidays.ts';
import { localDate, localTimeOn } from '../../domain/chasing/plan.ts';
import { parseStoredChasingSettings } from '../../domain/chasing/settings.ts';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import { GENERIC_APPROVAL } from '../../domain/workflow/index.ts';
import type { Clock } from '../../shared/clock.ts';
import type { WorkflowService } from '../workflow/workflow-service.ts';

/** The demo item: 高燕 asks, 马强 (her section's head) reviews it and is late. */
export const CHASING_DEMO = {
  requester: 'gao-yan',
  title: '关于申请拨付水毁工程修复资金的请示',
  urgency: 'urgent',
  /** Working days the first step is late at the playground's start (加急 escalates after 2). */
  workingDaysLate: 3,
  /** Local time of day it was submitted. */
  startedAt: '09:30',
} as const;

/** The local date `n` working days after `now`'s local date (before it when `n` is negative). */
export function workingDaysFrom(now: Date, n: number, calendar: WeekdayCalendar): string {
  const step = n < 0 ? -86_400_000 : 86_400_000;
  // Noon UTC of each date: stepping a day never crosses a date twice.
  let day = new Date(`${localDate(now, calendar.timeZone)}T12:00:00Z`);
  for (let found = 0, i = 0; found < Math.abs(n); i += 1) {
    if (i > 400) throw new RangeError('no working days within 400 days');
    day = new Date(day.getTime() + step);
    if (calendar.isWorkingDay(day.toISOString().slice(0, 10))) found += 1;
  }
  return day.toISOString().slice(0, 10);
}

/** The unit's own calendar (organisation file `calendar:`) as the bot reads it from the database. */
export async function storedUnitCalendar(db: Database, timeZone: string): Promise<WeekdayCalendar> {
  const unit = await db.prisma.unitSetting.findUnique({ where: { id: 'unit' }, select: { calendar: true } });
  return unitCalendar(timeZone, parseStoredChasingSettings(unit?.calendar ?? null).calendar);
}

/**
 * Starts the demo item unless it is there already (a restarted playground keeps its state).
 * Returns how many items were added (0 or 1).
 */
export async function seedChasingDemo(input: {
  db: Database;
  workspaceId: string;
  timeZone: string;
  now: Date;
  /** The bot's workflow service on the demo's clock (RunningBot.workflowServiceAt). */
  serviceAt: (clock: Clock) => WorkflowService;
}): Promise<number> {
  const { prisma } = input.db;
  const existing = await prisma.workflowInstance.findFirst({
    where: { title: CHASING_DEMO.title, requesterId: CHASING_DEMO.requester },
    select: { id: true },
  });
  if (existing) return 0;
  const calendar = await storedUnitCalendar(input.db, input.timeZone);
  // Submitted so long ago that the first step's deadline lies `workingDaysLate` working days back.
  const stepDays = GENERIC_APPROVAL.steps[0]?.deadlineWorkingDays ?? 0;
  const startDate = workingDaysFrom(input.now, -(stepDays + CHASING_DEMO.workingDaysLate), calendar);
  const startedAt = localTimeOn(startDate, CHASING_DEMO.startedAt, input.timeZone);
  await input.serviceAt({ now: () => startedAt }).start({
    definitionId: GENERIC_APPROVAL.id,
    requesterPersonId: CHASING_DEMO.requester,
    workspaceId: input.workspaceId,
    title: CHASING_DEMO.title,
    secrecy: 'internal',
    urgency: CHASING_DEMO.urgency,
  });
  return 1;
}
