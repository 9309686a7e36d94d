// A 催办 message (`chase.remind`) as a reply, for every platform: a reminder before or at the
// deadline, an overdue one, a manual nudge, or a 督办 to the supervising leader. Read at delivery
// time from the committed state; a classified item shows its reference only, never its title.
// The assignee gets 打开 (the card they hold); a supervisor, who may hold none, gets 立即催办.

import type { z } from 'zod';
import type { Reply } from '../../chat/core/reply.ts';
import { richT } from '../../chat/core/reply.ts';
import { workingDaysLate } from '../../domain/chasing/plan.ts';
import { displayNameOf, type SecrecyLevel } from '../../domain/org.ts';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { chaseRemindPayloadSchema } from '../../outbox/intents.ts';
import type { Clock } from '../../shared/clock.ts';
import { countedKey, type Locale, t } from '../../shared/i18n.ts';
import { formatListTime, OPEN_ITEM_ACTION } from '../documents/list-text.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';

/** The neutral action of 立即催办 on a 督办 message (value = the instance id). */
export const CHASE_NOW_ACTION = 'chase_now';

/** What reading a reminder needs. */
export interface ReminderDeps {
  prisma: PrismaClient;
  clock: Clock;
  calendar: WeekdayCalendar;
}

/** What a `chase.remind` intent says: whom, about which item, which kind, the people it names. */
export type ChaseRemindPayload = z.output<typeof chaseRemindPayloadSchema>;

/** A reminder to deliver, in its reader's language; or why there is none. */
export type ReminderOutcome = { skipped: 'unknown_person' | 'unknown_instance' } | { reply: Reply };

/** The reminder `payload` asks for, from the committed state. */
export async function reminderOf(deps: ReminderDeps, payload: ChaseRemindPayload): Promise<ReminderOutcome> {
  const named = [payload.byPersonId, payload.assigneeId].filter((id): id is string => !!id);
  const [people, row] = await Promise.all([
    deps.prisma.person.findMany({
      where: { id: { in: [payload.personId, ...named] } },
      select: { id: true, name: true, nameEn: true, locale: true },
    }),
    deps.prisma.workflowInstance.findUnique({ where: { id: payload.instanceId } }),
  ]);
  const person = people.find((p) => p.id === payload.personId);
  if (!person) return { skipped: 'unknown_person' };
  if (!row) return { skipped: 'unknown_instance' };
  const locale: Locale = person.locale === 'en' ? 'en' : 'zh';
  const instance = instanceFromRow(row);
  const step = instance.steps[instance.currentStep];
  const nameOf = (id: string | undefined) => {
    const p = people.find((x) => x.id === id);
    return (p && displayNameOf(p, locale)) || t(locale, 'card.person.unknown');
  };
  // A classified item's reference may be their document number, as the secretary typed it.
  const title = isClassified(row.secrecy as SecrecyLevel)
    ? t(locale, 'doc.list.classified_title', { reference: row.reference ?? row.id.slice(0, 8) })
    : (row.title ?? t(locale, 'doc.list.untitled'));
  const now = deps.clock.now();
  const deadlineIso = payload.deadline || step?.deadline || '';
  const deadline = deadlineIso ? formatListTime(deadlineIso, now, deps.calendar.timeZone) : '—';
  const days = deadlineIso ? workingDaysLate(new Date(deadlineIso), now, deps.calendar) : 0;
  const params = { title, step: step?.name[locale] ?? '—', deadline };
  const text =
    payload.kind === 'before'
      ? richT(locale, 'chase.remind.before', params)
      : payload.kind === 'due'
        ? richT(locale, 'chase.remind.due', params)
        : payload.kind === 'overdue'
          ? richT(locale, countedKey('chase.remind.overdue', Math.max(days, 1)), {
              ...params,
              days: Math.max(days, 1),
            })
          : payload.kind === 'nudge'
            ? richT(locale, 'chase.remind.nudge', { ...params, by: nameOf(payload.byPersonId) })
            : richT(locale, countedKey('chase.remind.escalation', Math.max(days, payload.daysLate ?? 0)), {
                ...params,
                assignee: nameOf(payload.assigneeId),
                days: Math.max(days, payload.daysLate ?? 0),
              });
  const button =
    payload.kind === 'escalation'
      ? {
          label: t(locale, 'chase.now_button'),
          action: CHASE_NOW_ACTION,
          value: instance.id,
          style: 'primary' as const,
        }
      : { label: t(locale, 'doc.list.open'), action: OPEN_ITEM_ACTION, value: instance.id };
  return { reply: { text, blocks: [{ kind: 'section', key: `chase:${payload.kind}`, text, button }] } };
}
