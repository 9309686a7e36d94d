// The sign-in's periodic task (`meeting-sign-in`, each scheduler wake). Cards are drawn when
// delivered, so when a meeting's sign-in window opens (30 minutes before the start) each attendee's
// copy is redrawn to offer 签到 (`meeting_signin_open`). Ten minutes after the start, everyone
// neither signed in nor excused is reminded (`meeting_absent`) and the organiser is sent the
// attendance with names, their card redrawn to show it (`meeting_attendance`). Each message is
// claimed by its `reminder` row (unique key, ON CONFLICT DO NOTHING) in the transaction that writes
// it to the outbox, so it goes once whatever the runs or replicas; the keys hold the start time.

import type { Tx } from '../../db/types.ts';
import { MEETING_DEFINITION } from '../../domain/meetings/meeting.ts';
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
import { type Claim, claim, meetingReminderKey } from './meeting-reminders.ts';
import { meetingPlaceOf, timeRangeText } from './meeting-service.ts';
import {
  ATTENDANCE_CHECK_MINUTES,
  attendanceCheckAt,
  attendanceOf,
  attendanceRows,
  attendanceText,
  SIGN_IN_OPENS_MINUTES,
  signInWindow,
} from './sign-in.ts';

/** What the task needs. */
export interface SignInTaskDeps {
  prisma: PrismaClient;
  logger: Logger;
  timeZone: string;
  onOutboxWritten?: () => void;
}

/** What is due for one meeting at `now`. */
async function claimsOf(tx: Tx, instance: WorkflowInstance, now: Date, timeZone: string): Promise<Claim[]> {
  const window = signInWindow(instance);
  const checkAt = attendanceCheckAt(instance);
  const { range } = meetingPlaceOf(instance);
  if (window === null || checkAt === null || range === null || isCancelled(instance)) return [];
  if (now < window.opensAt || now >= window.closesAt) return [];
  const slot = range.startsAt.toISOString();
  const rows = await attendanceRows(tx, instance.id);
  const claims: Claim[] = [];
  const of = (kind: string, personId: string, dueAt: Date, outbox: OutboxMessageInput[]): Claim => ({
    key: meetingReminderKey(instance.id, kind, personId, slot),
    instanceId: instance.id,
    personId,
    kind,
    slot,
    dueAt,
    skip: false,
    outbox,
  });
  // The window opened: every copy that may sign in is redrawn with 签到.
  for (const row of rows) {
    if (row.response === 'delegated' || row.signedInAt !== null) continue;
    claims.push(
      of('meeting_signin_open', row.personId, window.opensAt, [
        cardSyncMessage(instance.id, row.personId, { refresh: true }),
      ]),
    );
  }
  if (now < checkAt) return claims;
  const params = {
    title: meetingNameOf(instance),
    timeZh: timeRangeText(range, timeZone, 'zh'),
    timeEn: timeRangeText(range, timeZone, 'en'),
  };
  for (const row of attendanceOf(rows).absent) {
    claims.push(
      of('meeting_absent', row.personId, checkAt, [
        {
          orderingKey: personConversationKey(row.personId),
          kind: PERSON_MESSAGE_KIND,
          payload: { personId: row.personId, key: 'meeting.signin.absent_reminder', params },
        },
        cardSyncMessage(instance.id, row.personId, { repost: true }),
      ]),
    );
  }
  const organiser = instance.requesterId;
  claims.push(
    of('meeting_attendance', organiser, checkAt, [
      {
        orderingKey: personConversationKey(organiser),
        kind: PERSON_MESSAGE_KIND,
        payload: {
          personId: organiser,
          key: 'meeting.signin.attendance_report',
          params: {
            ...params,
            attendanceZh: await attendanceText(tx, rows, 'zh'),
            attendanceEn: await attendanceText(tx, rows, 'en'),
          },
        },
      },
      cardSyncMessage(instance.id, organiser, { refresh: true }),
    ]),
  );
  return claims;
}

/** The sign-in task: `{ name: 'meeting-sign-in', run(now) }`. */
export function meetingSignInTask(deps: SignInTaskDeps): PeriodicTask {
  const logger = deps.logger.child({ task: 'meeting-sign-in' });
  return {
    name: 'meeting-sign-in',
    async run(now: Date): Promise<number> {
      // Meetings whose window is open: starting within 30 minutes, not ended. Starts and ends are
      // ISO-8601 instants in UTC (one length), so text order is time order.
      const opensBy = new Date(now.getTime() + SIGN_IN_OPENS_MINUTES * 60_000).toISOString();
      const open = await deps.prisma.$queryRaw<Array<{ id: string }>>`
        SELECT id::text AS id FROM workflow_instance
        WHERE definition_id = ${MEETING_DEFINITION.id} AND status = 'approved'
          AND state #>> '{params,startsAt}' <= ${opensBy}
          AND state #>> '{params,endsAt}' > ${now.toISOString()}`;
      if (open.length === 0) return 0;
      const meetings = await deps.prisma.workflowInstance.findMany({
        where: { id: { in: open.map((m) => m.id) } },
      });
      let sent = 0;
      for (const row of meetings) {
        const instance = instanceFromRow(row);
        sent += await deps.prisma.$transaction(async (tx) => {
          const rows: OutboxMessageInput[] = [];
          for (const c of await claimsOf(tx, instance, now, deps.timeZone)) {
            if (await claim(tx, c, now)) rows.push(...c.outbox);
          }
          await enqueueOutbox(tx, rows, now);
          return rows.length;
        });
      }
      if (sent > 0) {
        deps.onOutboxWritten?.();
        logger.info(
          { messages: sent, afterStartMinutes: ATTENDANCE_CHECK_MINUTES },
          'meeting sign-in messages written',
        );
      }
      return sent;
    },
  };
}
