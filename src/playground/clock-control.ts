// The playground's clock control: the bot runs on an offset clock (the machine's time plus an
// offset the page can move), so overdue marks, reminders, digests and 督办 can be watched without
// waiting for them. Only the playground builds one: a real installation's bot gets the machine's
// clock, and its HTTP server has no endpoint that could move it.

import { DateTime } from 'luxon';
import type { WeekdayCalendar } from '../domain/workflow/calendar.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Clock } from '../shared/clock.ts';

/** A clock `offsetMs` ahead of `base`; the offset only moves through {@link ClockControl}. */
export interface OffsetClock extends Clock {
  readonly offsetMs: number;
  /** Sets how far ahead of the base clock it runs (0: the base clock's time). */
  setOffset(ms: number): void;
}

export function createOffsetClock(base: Clock): OffsetClock {
  let offset = 0;
  return {
    now: () => new Date(base.now().getTime() + offset),
    get offsetMs() {
      return offset;
    },
    setOffset(ms) {
      offset = ms;
    },
  };
}

/** A move of the clock control: an hour on, the next working day at the same time, back to now. */
export type ClockMove = 'hour' | 'workday' | 'now';

/** What the page shows: the bot's time (ISO, and local in the unit's zone) and how far ahead it is. */
export interface ClockState {
  now: string;
  /** `2026-12-02 周三 09:00` in the unit's time zone. */
  local: string;
  timeZone: string;
  offsetMs: number;
}

export interface ClockControl {
  state(): ClockState;
  /** Moves the clock, then lets the bot catch up (its scheduler wakes: what is due now goes). */
  move(move: ClockMove): Promise<ClockState>;
}

const WEEKDAYS_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** The same local time on the next working day after `moment`'s (weekends and holidays skipped). */
export function nextWorkingDaySameTime(moment: Date, calendar: WeekdayCalendar): Date {
  let local = DateTime.fromJSDate(moment, { zone: calendar.timeZone });
  for (let i = 0; i < 400; i += 1) {
    local = local.plus({ days: 1 });
    if (calendar.isWorkingDay(local.toISODate() ?? '')) return local.toJSDate();
  }
  throw new RangeError('no working day within 400 days');
}

/**
 * Makes the pending outbox rows that wait past `now` due at `now`; returns how many. Going back to
 * now, what the bot wrote while the clock ran ahead (due at that moved time, or retrying after it)
 * would otherwise wait until the machine's time reaches it, and hold back every later message of
 * its conversation. In the playground a retry's backoff is cut short by it once: the double does
 * not mind.
 */
export async function outboxDueNow(prisma: PrismaClient, now: Date): Promise<number> {
  const { count } = await prisma.outboxMessage.updateMany({
    where: { status: 'pending', nextAttemptAt: { gt: now } },
    data: { nextAttemptAt: now },
  });
  return count;
}

export function createClockControl(input: {
  clock: OffsetClock;
  calendar: WeekdayCalendar;
  /** Runs the bot's scheduled work at the new time (reminders, digests, 督办 due by then). */
  wake: () => Promise<void>;
  /**
   * Going back to now, before the wake: what the bot wrote at a moved time is made due now
   * ({@link outboxDueNow}).
   */
  backToNow?: (now: Date) => Promise<void>;
}): ClockControl {
  const { clock, calendar } = input;
  const state = (): ClockState => {
    const now = clock.now();
    const local = DateTime.fromJSDate(now, { zone: calendar.timeZone });
    return {
      now: now.toISOString(),
      local: `${local.toFormat('yyyy-MM-dd')} ${WEEKDAYS_ZH[local.weekday]} ${local.toFormat('HH:mm')}`,
      timeZone: calendar.timeZone,
      offsetMs: clock.offsetMs,
    };
  };
  return {
    state,
    async move(move) {
      const now = clock.now();
      if (move === 'now') {
        clock.setOffset(0);
        await input.backToNow?.(clock.now());
      } else {
        const target =
          move === 'hour' ? new Date(now.getTime() + 3_600_000) : nextWorkingDaySameTime(now, calendar);
        clock.setOffset(clock.offsetMs + (target.getTime() - now.getTime()));
      }
      await input.wake();
      return state();
    },
  };
}
