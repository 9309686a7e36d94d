// Storage of reminder rows (催办): written inside the transaction that causes them, exactly once
// by their unique key, and claimed by the scheduler.

import type { Db } from '../../db/types.ts';
import type { PlannedReminder, ReminderPayload } from '../../domain/chasing/plan.ts';

/**
 * Inserts `rows` as pending. A key already there is left alone (sent stays sent, pending stays
 * as it is), except a cancelled row, which comes back: a step whose deadline moved away and
 * back again, or a person transferred away and back, is chased again — never twice for one key.
 */
export async function insertReminders(
  db: Db,
  planned: readonly PlannedReminder[],
  now: Date,
): Promise<number> {
  // One statement may not touch a key twice (ON CONFLICT DO UPDATE refuses it): the first stays.
  const rows = [...new Map(planned.map((r) => [r.key, r] as const).reverse()).values()].reverse();
  if (rows.length === 0) return 0;
  // One fixed-shape statement for any number of rows (nullable columns go as '' and come back as NULL).
  return db.$executeRaw`
    INSERT INTO reminder (key, subject, instance_id, step_key, person_id, kind, slot, due_at, deadline,
                          status, payload, created_at)
    SELECT u.key, u.subject, NULLIF(u.instance_id, '')::uuid, NULLIF(u.step_key, ''), NULLIF(u.person_id, ''),
           u.kind, u.slot, u.due_at::timestamptz, NULLIF(u.deadline, '')::timestamptz, 'pending',
           u.payload::jsonb, ${now}
    FROM unnest(${rows.map((r) => r.key)}::text[], ${rows.map((r) => r.subject)}::text[],
                ${rows.map((r) => r.instanceId ?? '')}::text[], ${rows.map((r) => r.stepKey ?? '')}::text[],
                ${rows.map((r) => r.personId ?? '')}::text[], ${rows.map((r) => r.kind)}::text[],
                ${rows.map((r) => r.slot)}::text[], ${rows.map((r) => r.dueAt.toISOString())}::text[],
                ${rows.map((r) => r.deadline?.toISOString() ?? '')}::text[],
                ${rows.map((r) => JSON.stringify(r.payload))}::text[])
         AS u(key, subject, instance_id, step_key, person_id, kind, slot, due_at, deadline, payload)
    ON CONFLICT (key) DO UPDATE
      SET status = 'pending', done_at = NULL, due_at = EXCLUDED.due_at, payload = EXCLUDED.payload
      WHERE reminder.status = 'cancelled'`;
}

/**
 * Cancels the pending rows of `subject` (of one step when `stepKey` is given), except those
 * whose key is in `keep` (the re-planned ones).
 */
export async function cancelReminders(
  db: Db,
  input: { subject: string; stepKey: string | null; keep?: readonly string[]; now: Date },
): Promise<number> {
  const keep = input.keep ?? [];
  return db.$executeRaw`
    UPDATE reminder SET status = 'cancelled', done_at = ${input.now}
    WHERE subject = ${input.subject} AND status = 'pending'
      AND (${input.stepKey}::text IS NULL OR step_key = ${input.stepKey}::text)
      AND NOT (key = ANY(${keep}::text[]))`;
}

/**
 * A step's deadline was set again: cancels its pending rows of another deadline, or for people no
 * longer asked (an escalation counts as its assignee's). Rows of the same deadline and person
 * stay as they are, so the overdue chain and its count go on.
 */
export async function cancelStaleStepReminders(
  db: Db,
  input: { subject: string; stepKey: string; deadline: Date; personIds: readonly string[]; now: Date },
): Promise<number> {
  return db.$executeRaw`
    UPDATE reminder SET status = 'cancelled', done_at = ${input.now}
    WHERE subject = ${input.subject} AND status = 'pending' AND step_key = ${input.stepKey}
      AND (deadline IS DISTINCT FROM ${input.deadline}::timestamptz
           OR NOT (COALESCE(payload->>'assigneeId', person_id) = ANY(${[...input.personIds]}::text[])))`;
}

/** A reminder row as the scheduler claims it. */
export interface ClaimedReminder {
  id: bigint;
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

/**
 * Claims up to `limit` due pending rows, oldest due first, marking them sent: one statement, so
 * a row is handed to exactly one claimer. `FOR UPDATE SKIP LOCKED` lets concurrent claimers (bot
 * replicas) pass over rows another is claiming; PostgreSQL re-checks `status = 'pending'` on the
 * locked row, so one committed meanwhile is not taken again. Call inside the transaction that
 * writes the rows' messages, so that a crash before commit leaves them pending.
 */
export async function claimDueReminders(db: Db, now: Date, limit: number): Promise<ClaimedReminder[]> {
  const rows = await db.$queryRaw<
    Array<{
      id: bigint;
      key: string;
      subject: string;
      instance_id: string | null;
      step_key: string | null;
      person_id: string | null;
      kind: string;
      slot: string;
      due_at: Date;
      deadline: Date | null;
      payload: unknown;
    }>
  >`
    UPDATE reminder SET status = 'sent', done_at = ${now}
    WHERE id IN (
      SELECT id FROM reminder
      WHERE status = 'pending' AND due_at <= ${now}
      ORDER BY due_at
      LIMIT ${limit}::int
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, key, subject, instance_id::text AS instance_id, step_key, person_id, kind, slot, due_at,
              deadline, payload`;
  return rows
    .map((r) => ({
      id: r.id,
      key: r.key,
      subject: r.subject,
      instanceId: r.instance_id,
      stepKey: r.step_key,
      personId: r.person_id,
      kind: r.kind,
      slot: r.slot,
      dueAt: new Date(r.due_at),
      deadline: r.deadline === null ? null : new Date(r.deadline),
      payload: (r.payload ?? {}) as ReminderPayload,
    }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || Number(a.id - b.id));
}

/** Marks claimed rows `skipped` (the item no longer waits on that person; nothing was sent). */
export async function markSkipped(db: Db, ids: readonly bigint[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.$executeRaw`
    UPDATE reminder SET status = 'skipped', done_at = ${now}
    WHERE id = ANY(${ids.map((id) => id.toString())}::bigint[])`;
}
