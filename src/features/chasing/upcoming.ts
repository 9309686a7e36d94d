// `/doc reminders` (the office head): what the scheduler will send next, to whom and when — the
// pending reminder rows, soonest first, each with the moment it will really go (quiet hours hold
// a row due in the evening until the next working morning) and the item it is about. Reads only.

import { nextOfficeMoment } from '../../domain/chasing/plan.ts';
import type { StoredChasingSettings } from '../../domain/chasing/settings.ts';
import type { SecrecyLevel } from '../../domain/org.ts';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import { isClassified } from '../../domain/workflow/start-instance.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { CHASE_OFFER_KIND } from './chase-offer.ts';

/** One pending reminder as `/doc reminders` lists it. */
export interface UpcomingReminder {
  /** The row's kind: before, due, overdue, escalation, digest, loan_*, owed, chase_offer … */
  kind: string;
  /** Whom it goes to (for a 催一下 redraw: the requester, whose card shows the button). */
  personId: string | null;
  /** When it will go: its due time, or the next office moment when that is outside office hours or past. */
  sendAt: Date;
  /** The workflow item it is about: its title, or for a classified item its reference only. */
  item: { title: string | null; reference: string | null; classified: boolean } | null;
  /** A borrowed record's name (loan reminders). */
  record: string | null;
  /** Folded into the morning digest (平件): no message of its own. */
  folded: boolean;
  /** The ordinal of an overdue reminder. */
  n: number | null;
}

/** The next `limit` pending reminders, soonest first, and how many are pending in all. */
export async function upcomingReminders(
  deps: { prisma: PrismaClient; calendar: WeekdayCalendar; settings: StoredChasingSettings },
  input: { now: Date; limit: number },
): Promise<{ rows: UpcomingReminder[]; total: number }> {
  const { prisma } = deps;
  const [rows, total] = await Promise.all([
    prisma.reminder.findMany({
      where: { status: 'pending' },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: input.limit,
    }),
    prisma.reminder.count({ where: { status: 'pending' } }),
  ]);
  const ids = [...new Set(rows.flatMap((r) => (r.instanceId ? [r.instanceId] : [])))];
  const instances = new Map(
    (ids.length
      ? await prisma.workflowInstance.findMany({
          where: { id: { in: ids } },
          select: { id: true, title: true, reference: true, secrecy: true, requesterId: true },
        })
      : []
    ).map((i) => [i.id, i] as const),
  );
  const hours = deps.settings.calendar.officeHours;
  return {
    total,
    rows: rows.map((r) => {
      const instance = r.instanceId ? instances.get(r.instanceId) : undefined;
      const payload = (r.payload ?? {}) as Record<string, unknown>;
      const from = r.dueAt.getTime() > input.now.getTime() ? r.dueAt : input.now;
      const classified = instance ? isClassified(instance.secrecy as SecrecyLevel) : false;
      return {
        kind: r.kind,
        personId: r.kind === CHASE_OFFER_KIND ? (instance?.requesterId ?? null) : r.personId,
        sendAt: nextOfficeMoment(from, deps.calendar, hours),
        item: instance
          ? {
              title: classified ? null : instance.title,
              reference: instance.reference ?? instance.id.slice(0, 8),
              classified,
            }
          : null,
        record: typeof payload.record === 'string' ? payload.record : null,
        folded: payload.delivery === 'digest' && ['before', 'due', 'overdue'].includes(r.kind),
        n: typeof payload.n === 'number' ? payload.n : null,
      };
    }),
  };
}
