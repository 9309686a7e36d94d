// Meeting reminders (会前提醒) and the chase of those who have not answered (催回执), as a periodic
// task for the scheduler. On each wake it looks at the approved meetings starting within the
// longest reminder span: every attendee who answered 参加 is reminded at each configured span
// before the start (`chasing.meeting_remind_before`, default 1 day and 30 minutes), once each; for
// an important meeting (chaired by the director: 局长主持的会议), those still without an answer a
// day before the start are chased once, with their card posted again. A span of whole days, and
// the chase, go on working days within office hours (the unit's calendar, as the chasing feature
// counts them): the day-before reminder of a Monday meeting goes on Friday, not on Sunday. Each message is claimed by
// inserting its `reminder` row (unique key, ON CONFLICT DO NOTHING) in the transaction that writes
// it to the outbox, so two replicas or a restart send it once. The keys carry the start time: a
// meeting moved to another time is reminded again for the new one. A cancelled meeting is not.

import type { Tx } from '../../db/types.ts';
import { MEETING_DEFINITION, MEETING_PARAMS } from '../../domain/meetings/meeting.ts';
import {
  type ReminderCalendar,
  reminderHorizon,
  reminderMoment,
} from '../../domain/meetings/reminder-time.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import {
  cardSyncMessage,
  type OutboxMessageInput,
  PERSON_MESSAGE_KIND,
  personConversationKey,
} from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import type { PeriodicTask } from '../../scheduler/scheduler.ts';
import type { Logger } from '../../shared/logger.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { isCancelled, meetingNameOf } from './attendees.ts';
import { meetingPlaceOf, timeRangeText } from './meeting-service.ts';

/**
 * The span before the start at which those who have not answered an important meeting are chased:
 * a day, so the working day before, in office hours.
 */
export const UNANSWERED_CHASE_MINUTES = 24 * 60;

/** What the reminders need. */
export interface MeetingReminderDeps {
  prisma: PrismaClient;
  logger: Logger;
  timeZone: string;
  /** Minutes before the start at which confirmed attendees are reminded, longest first. */
  remindBeforeMinutes: readonly number[];
  /** The working days and office hours a span of whole days is counted in. */
  unit: ReminderCalendar;
  onOutboxWritten?: () => void;
}

/** The reminder key of one message: `<subject>|<kind>|<person>|<slot>`, the slot naming the start. */
export function meetingReminderKey(instanceId: string, kind: string, personId: string, slot: string): string {
  return `meeting:${instanceId}|${kind}|${personId}|${slot}`;
}

/** A message to claim: its reminder row, and what is written to the outbox when the claim is ours. */
export interface Claim {
  key: string;
  instanceId: string;
  personId: string;
  /** `meeting_before`, `meeting_unanswered`, or the sign-in's kinds (see sign-in-task). */
  kind: string;
  slot: string;
  dueAt: Date;
  /**
   * Written as `skipped`: a longer span whose moment passed while a shorter one is due too, or
   * one whose moment came before the attendee answered 参加.
   */
  skip: boolean;
  outbox: OutboxMessageInput[];
}

/** Whether a meeting counts as important: its chair is the director (局长). */
export function isImportant(chairRoles: readonly string[]): boolean {
  return chairRoles.includes('director');
}

/** What is due for one meeting at `now`. */
async function claimsOf(
  tx: Tx,
  instance: WorkflowInstance,
  spans: readonly number[],
  now: Date,
  timeZone: string,
  unit: ReminderCalendar,
): Promise<Claim[]> {
  const { range } = meetingPlaceOf(instance);
  if (range === null || isCancelled(instance)) return [];
  const startSlot = range.startsAt.toISOString();
  const momentOf = new Map(spans.map((m) => [m, reminderMoment(range.startsAt, m, unit)]));
  const due = spans.filter((m) => (momentOf.get(m)?.getTime() ?? 0) <= now.getTime());
  const chaseAt = reminderMoment(range.startsAt, UNANSWERED_CHASE_MINUTES, unit);
  const chairIds = (instance.params[MEETING_PARAMS.chair] as string[] | undefined) ?? [];
  const chairs = await tx.person.findMany({ where: { id: { in: chairIds } }, select: { roles: true } });
  const chase = now >= chaseAt && chairs.some((c) => isImportant(c.roles));
  if (due.length === 0 && !chase) return [];
  const attendees = await tx.meetingAttendee.findMany({
    where: { instanceId: instance.id, response: { in: ['attending', 'pending'] } },
    select: { personId: true, response: true, createdAt: true, respondedAt: true },
  });
  // When the bot was down past a span, only the latest one due is sent; the others are noted.
  const latest = due.reduce(
    (a, b) => ((momentOf.get(b)?.getTime() ?? 0) > (momentOf.get(a)?.getTime() ?? 0) ? b : a),
    due[0] ?? 0,
  );
  // Said in each reader's language at delivery: the time in both.
  const params = {
    title: meetingNameOf(instance),
    timeZh: timeRangeText(range, timeZone, 'zh'),
    timeEn: timeRangeText(range, timeZone, 'en'),
  };
  const claims: Claim[] = [];
  for (const a of attendees) {
    if (a.response === 'attending') {
      for (const m of due) {
        const dueAt = momentOf.get(m) ?? range.startsAt;
        // A span whose moment came before they answered is not sent (they answered since).
        const late = a.respondedAt !== null && a.respondedAt > dueAt;
        claims.push({
          key: meetingReminderKey(instance.id, 'meeting_before', a.personId, `${startSlot}/${m}m`),
          instanceId: instance.id,
          personId: a.personId,
          kind: 'meeting_before',
          slot: `${startSlot}/${m}m`,
          dueAt,
          skip: m !== latest || late,
          outbox: [
            {
              orderingKey: personConversationKey(a.personId),
              kind: PERSON_MESSAGE_KIND,
              payload: { personId: a.personId, key: 'meeting.remind.before', params },
            },
            cardSyncMessage(instance.id, a.personId, { repost: true }),
          ],
        });
      }
    } else if (chase && a.createdAt <= chaseAt) {
      // Only those invited before the chase's moment: a notice just sent is not chased at once.
      claims.push({
        key: meetingReminderKey(instance.id, 'meeting_unanswered', a.personId, startSlot),
        instanceId: instance.id,
        personId: a.personId,
        kind: 'meeting_unanswered',
        slot: startSlot,
        dueAt: chaseAt,
        skip: false,
        outbox: [
          {
            orderingKey: personConversationKey(a.personId),
            kind: PERSON_MESSAGE_KIND,
            payload: { personId: a.personId, key: 'meeting.remind.unanswered', params },
          },
          cardSyncMessage(instance.id, a.personId, { repost: true }),
        ],
      });
    }
  }
  return claims;
}

/** Inserts the claim's row; true when this transaction took the key (nobody sent it before). */
export async function claim(tx: Tx, c: Claim, now: Date): Promise<boolean> {
  const taken = await tx.$queryRaw<Array<{ id: bigint }>>`
    INSERT INTO reminder (key, subject, instance_id, person_id, kind, slot, due_at, status, created_at, done_at)
    VALUES (${c.key}, ${`meeting:${c.instanceId}`}, ${c.instanceId}::uuid, ${c.personId}, ${c.kind}, ${c.slot},
            ${c.dueAt.toISOString()}::timestamptz, ${c.skip ? 'skipped' : 'sent'},
            ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
    ON CONFLICT (key) DO NOTHING
    RETURNING id`;
  return taken.length > 0 && !c.skip;
}

/** The meeting reminders task: `{ name: 'meeting-reminders', run(now) }`. */
export function meetingReminderTask(deps: MeetingReminderDeps): PeriodicTask {
  const logger = deps.logger.child({ task: 'meeting-reminders' });
  const spans = [...deps.remindBeforeMinutes];
  return {
    name: 'meeting-reminders',
    async run(now: Date): Promise<number> {
      const until = reminderHorizon(now, [UNANSWERED_CHASE_MINUTES, ...spans], deps.unit);
      // Starts are stored as ISO-8601 instants in UTC (one length), so text order is time order.
      const soon = await deps.prisma.$queryRaw<Array<{ id: string }>>`
        SELECT id::text AS id FROM workflow_instance
        WHERE definition_id = ${MEETING_DEFINITION.id} AND status = 'approved'
          AND state #>> '{params,startsAt}' > ${now.toISOString()}
          AND state #>> '{params,startsAt}' <= ${until.toISOString()}`;
      if (soon.length === 0) return 0;
      const meetings = await deps.prisma.workflowInstance.findMany({
        where: { id: { in: soon.map((m) => m.id) } },
      });
      let sent = 0;
      for (const row of meetings) {
        const instance = instanceFromRow(row);
        const written = await deps.prisma.$transaction(async (tx) => {
          const rows: OutboxMessageInput[] = [];
          for (const c of await claimsOf(tx, instance, spans, now, deps.timeZone, deps.unit)) {
            if (await claim(tx, c, now)) rows.push(...c.outbox);
          }
          await enqueueOutbox(tx, rows, now);
          return rows.length;
        });
        sent += written;
      }
      if (sent > 0) {
        deps.onOutboxWritten?.();
        logger.info({ messages: sent }, 'meeting reminders written to the outbox');
      }
      return sent;
    },
  };
}
