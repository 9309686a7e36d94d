// One scheduler wake's reminder work: claim due rows in batches and, in each batch's
// transaction, write their messages to the outbox — after checking that the item still waits on
// that person (else the row is `skipped`) — and plan what follows (the next overdue slot, 督办).

import type { Tx } from '../../db/types.ts';
import {
  instanceSubject,
  isInOfficeHours,
  localDate,
  nextOfficeMoment,
  type PlannedReminder,
  planAfterOverdue,
  reminderKey,
  stepSlotBase,
} from '../../domain/chasing/plan.ts';
import type { StoredChasingSettings } from '../../domain/chasing/settings.ts';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import type { Urgency, WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { OUTBOX_KINDS, type OutboxIntents } from '../../outbox/intents.ts';
import { type OutboxMessageInput, PERSON_MESSAGE_KIND } from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { CHASE_OFFER_KIND, chaseOfferRedraws } from './chase-offer.ts';
import { type ClaimedReminder, claimDueReminders, insertReminders, markSkipped } from './reminder-store.ts';
import { supervisorsOf } from './supervisors.ts';

/** Outbox kinds of chasing. */
export const CHASE_OUTBOX_KINDS = {
  /** A reminder, a manual nudge or a 督办 about one item, with a button to its card. */
  remind: OUTBOX_KINDS.chaseRemind,
  /** A person's morning digest of everything waiting on them. */
  digest: OUTBOX_KINDS.chaseDigest,
} as const;

/** Rows claimed per transaction. */
export const CLAIM_BATCH = 500;

export interface ReminderRunDeps {
  prisma: PrismaClient;
  calendar: WeekdayCalendar;
  settings: StoredChasingSettings;
}

/** What one run did. */
export interface ReminderRunResult {
  claimed: number;
  sent: number;
  skipped: number;
  folded: number;
}

/** Claims and handles every due row, batch after batch, until none is due at `now`. */
export async function runDueReminders(deps: ReminderRunDeps, now: Date): Promise<ReminderRunResult> {
  const total: ReminderRunResult = { claimed: 0, sent: 0, skipped: 0, folded: 0 };
  // Quiet hours: outside office hours nothing is claimed; due rows wait for the next working
  // morning (a bot started at night sends them then, not at once).
  if (!isInOfficeHours(now, deps.calendar, deps.settings.calendar.officeHours)) return total;
  for (;;) {
    const batch = await deps.prisma.$transaction(
      async (tx) => {
        const rows = await claimDueReminders(tx, now, CLAIM_BATCH);
        const result = await handleClaimed(tx, deps, rows, now);
        return { count: rows.length, ...result };
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
    total.claimed += batch.count;
    total.sent += batch.sent;
    total.skipped += batch.skipped;
    total.folded += batch.folded;
    // An escalation planned in this batch is due at once: one more round picks it up.
    if (batch.count === 0) return total;
  }
}

type InstanceInfo = Pick<
  WorkflowInstance,
  'id' | 'definitionId' | 'status' | 'urgency' | 'steps' | 'currentStep' | 'requesterId'
> & {
  waitingOn: string[];
};

/** The step a row chases, when the item still waits on `personId` there with the same deadline. */
function stillWaiting(instance: InstanceInfo | undefined, row: ClaimedReminder, personId: string): boolean {
  if (instance?.status !== 'running' || !instance.waitingOn.includes(personId)) return false;
  const step = instance.steps[instance.currentStep];
  if (!step || step.key !== row.stepKey || step.status !== 'active') return false;
  if (row.deadline && (step.deadline === null || Date.parse(step.deadline) !== row.deadline.getTime())) {
    return false;
  }
  return step.assignments.some((a) => a.personId === personId && a.status === 'pending');
}

/**
 * Rows that lost their point while nobody claimed them (the bot was down): a `before` of an
 * earlier day or after the deadline, a `due`, a digest or a loan reminder of an earlier day. The overdue reminder
 * that is due as well says it all, once.
 */
function isStale(row: ClaimedReminder, now: Date, today: string, timeZone: string): boolean {
  switch (row.kind) {
    case 'before':
      // An earlier day's `before` when today's (or the deadline) has come: one reminder says it.
      return (
        (row.deadline !== null && now.getTime() > row.deadline.getTime()) ||
        localDate(row.dueAt, timeZone) !== today
      );
    case 'due':
      return localDate(row.dueAt, timeZone) !== today;
    case 'digest':
    case 'loan_overdue':
      return row.slot !== today;
    default:
      return false;
  }
}

async function handleClaimed(
  tx: Tx,
  deps: ReminderRunDeps,
  rows: readonly ClaimedReminder[],
  now: Date,
): Promise<Omit<ReminderRunResult, 'claimed'>> {
  if (rows.length === 0) return { sent: 0, skipped: 0, folded: 0 };
  const instanceIds = [...new Set(rows.flatMap((r) => (r.instanceId ? [r.instanceId] : [])))];
  const instanceRows = instanceIds.length
    ? await tx.workflowInstance.findMany({ where: { id: { in: instanceIds } } })
    : [];
  const instances = new Map<string, InstanceInfo>(
    instanceRows.map((row) => [row.id, { ...instanceFromRow(row), waitingOn: row.waitingOn }]),
  );
  const outbox: OutboxMessageInput[] = [];
  const follow: PlannedReminder[] = [];
  const escalations: Array<{ row: ClaimedReminder; instance: InstanceInfo; daysLate: number }> = [];
  const skipped: bigint[] = [];
  let folded = 0;
  const remind = (personId: string, payload: Omit<OutboxIntents['chase.remind'], 'personId'>) =>
    outbox.push({
      orderingKey: `person:${personId}`,
      kind: CHASE_OUTBOX_KINDS.remind,
      payload: { personId, ...payload },
    });

  const digestPeople = rows.filter((r) => r.kind === 'digest' && r.personId).map((r) => r.personId as string);
  const waitingCounts = new Map<string, number>();
  for (const personId of new Set(digestPeople)) {
    waitingCounts.set(personId, await tx.workflowInstance.count({ where: { waitingOn: { has: personId } } }));
  }
  const loanIds = rows.flatMap((r) => (r.subject.startsWith('loan:') ? [r.subject.slice(5)] : []));
  const lent = new Set(
    loanIds.length
      ? (
          await tx.archiveLoan.findMany({
            where: { id: { in: loanIds }, status: 'lent' },
            select: { id: true },
          })
        ).map((l) => l.id)
      : [],
  );

  const today = localDate(now, deps.calendar.timeZone);
  for (const row of rows) {
    if (row.kind === CHASE_OFFER_KIND) {
      // 催一下 is offered now: the chasers' copies of the card are drawn again to show it (a
      // redraw, never stale: a card drawn while the bot was down still needs the button).
      const instance = row.instanceId ? (instances.get(row.instanceId) ?? null) : null;
      const redraws = await chaseOfferRedraws(tx, instance, row.payload);
      if (redraws.length === 0) skipped.push(row.id);
      else outbox.push(...redraws);
      continue;
    }
    const personId = row.personId;
    if (!personId || isStale(row, now, today, deps.calendar.timeZone)) {
      skipped.push(row.id);
      continue;
    }
    switch (row.kind) {
      case 'before':
      case 'due':
      case 'overdue': {
        const instance = row.instanceId ? instances.get(row.instanceId) : undefined;
        if (!instance || !stillWaiting(instance, row, personId)) {
          skipped.push(row.id);
          break;
        }
        if (row.payload.delivery === 'digest') folded += 1;
        else
          remind(personId, {
            instanceId: instance.id,
            kind: row.kind,
            deadline: row.deadline?.toISOString() ?? '',
          });
        if (row.kind === 'overdue' && row.deadline && row.stepKey) {
          const after = planAfterOverdue(
            {
              instanceId: instance.id,
              definitionId: instance.definitionId,
              stepKey: row.stepKey,
              personId,
              deadline: row.deadline,
              urgency: instance.urgency as Urgency,
              n: row.payload.n ?? 1,
              sentAt: now,
            },
            deps.calendar,
            deps.settings,
          );
          follow.push(after.next);
          if (after.escalate) escalations.push({ row, instance, daysLate: after.daysLate });
        }
        break;
      }
      case 'escalation': {
        const instance = row.instanceId ? instances.get(row.instanceId) : undefined;
        const assigneeId = row.payload.assigneeId;
        if (!instance || typeof assigneeId !== 'string' || !stillWaiting(instance, row, assigneeId)) {
          skipped.push(row.id);
          break;
        }
        remind(personId, {
          instanceId: instance.id,
          kind: 'escalation',
          assigneeId,
          daysLate: row.payload.daysLate ?? 0,
          deadline: row.deadline?.toISOString() ?? '',
        });
        break;
      }
      case 'digest':
        if ((waitingCounts.get(personId) ?? 0) === 0) {
          skipped.push(row.id);
          break;
        }
        outbox.push({
          orderingKey: `person:${personId}`,
          kind: CHASE_OUTBOX_KINDS.digest,
          payload: { personId, date: row.slot },
        });
        break;
      case 'loan_before':
      case 'loan_overdue':
      case 'loan_escalation': {
        if (!lent.has(row.subject.slice(5))) {
          skipped.push(row.id);
          break;
        }
        outbox.push({
          orderingKey: `person:${personId}`,
          kind: PERSON_MESSAGE_KIND,
          payload: {
            personId,
            key: `chase.${row.kind}`,
            params: { record: String(row.payload.record ?? ''), due: String(row.payload.due ?? '') },
            ...(typeof row.payload.borrowerId === 'string'
              ? { people: { borrower: row.payload.borrowerId } }
              : {}),
          },
        });
        break;
      }
      case 'owed': {
        const lines = await tx.supplyIssueLine.count({ where: { owed: { gt: 0 } } });
        if (lines === 0) {
          skipped.push(row.id);
          break;
        }
        outbox.push({
          orderingKey: `person:${personId}`,
          kind: PERSON_MESSAGE_KIND,
          payload: { personId, key: 'chase.owed', params: { count: lines } },
        });
        break;
      }
      default:
        // A kind another feature writes and handles itself (e.g. reports) is not ours to send.
        skipped.push(row.id);
    }
  }

  if (escalations.length > 0) {
    const supervisors = await supervisorsOf(tx, [...new Set(escalations.map((e) => e.row.personId ?? ''))]);
    for (const { row, instance, daysLate } of escalations) {
      const assigneeId = row.personId ?? '';
      if (!row.deadline || !row.stepKey) continue;
      const subject = instanceSubject(instance.id);
      // Once per step deadline, assignee and supervisor: the key has no day in it.
      const slot = `${stepSlotBase(row.stepKey, row.deadline)}/${assigneeId}`;
      for (const supervisorId of supervisors.get(assigneeId) ?? []) {
        follow.push({
          key: reminderKey(subject, 'escalation', supervisorId, slot),
          subject,
          instanceId: instance.id,
          stepKey: row.stepKey,
          personId: supervisorId,
          kind: 'escalation',
          slot,
          dueAt: nextOfficeMoment(now, deps.calendar, deps.settings.calendar.officeHours),
          deadline: row.deadline,
          payload: { urgency: instance.urgency as Urgency, assigneeId, daysLate },
        });
      }
    }
  }

  await markSkipped(tx, skipped, now);
  await insertReminders(tx, follow, now);
  await enqueueOutbox(tx, outbox, now);
  return { sent: outbox.length, skipped: skipped.length, folded };
}
