import type { Db } from '../../db/types.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { OutboxMessageInput } from '../../outbox/outbox-message.ts';
import { outboxWriteCtes } from '../../outbox/outbox-repository.ts';
import { type AuditInput, chainAuditEntry } from './audit.ts';
import { rowFieldsOf } from './instance-row.ts';

/** Everything one applied click writes. */
export interface TransitionWrite {
  current: WorkflowInstance;
  next: WorkflowInstance;
  /** The instance's last audit entry as read with `current` (null before the first). */
  lastAudit: { seq: number; hash: string } | null;
  audit: Omit<AuditInput, 'instanceId' | 'beforeVersion' | 'afterVersion' | 'beforeStatus' | 'afterStatus'>;
  clickKey: string;
  outbox: readonly OutboxMessageInput[];
  now: Date;
}

/**
 * Writes a transition in ONE statement: the versioned update of the instance and, only if it
 * matched, the audit entry chained to `lastAudit`, the processed click and the outbox rows
 * (data-modifying CTEs run once, all or nothing, as one implicit transaction; the outbox rows
 * through {@link outboxWriteCtes}, which coalesces redraws already pending). One round trip
 * instead of seven keeps a click cheap (see bench/engine.ts).
 *
 * Returns false when the version moved on (another click won). A concurrent append to the audit
 * chain (a refused click recorded at the same moment) or a repeated click makes the statement
 * fail on a unique key; the caller treats that like a lost race.
 */
export async function writeTransition(prisma: Db, w: TransitionWrite): Promise<boolean> {
  const row = rowFieldsOf(w.next);
  const { record, hash } = chainAuditEntry(
    {
      ...w.audit,
      instanceId: w.current.id,
      beforeVersion: w.current.version,
      afterVersion: w.next.version,
      beforeStatus: w.current.status,
      afterStatus: w.next.status,
    },
    w.lastAudit,
  );
  const details = record.details === null ? null : JSON.stringify(record.details);
  const rows = await prisma.$queryRaw<Array<{ updated: number }>>`
    WITH upd AS (
      UPDATE workflow_instance
      SET state = ${JSON.stringify(w.next)}::jsonb, version = ${row.version}, status = ${row.status},
          title = ${row.title}, reference = ${row.reference}, secrecy = ${row.secrecy}, urgency = ${row.urgency},
          waiting_on = ${row.waitingOn}::text[], updated_at = ${row.updatedAt}
      WHERE id = ${w.current.id}::uuid AND version = ${w.current.version}
      RETURNING id
    ), aud AS (
      INSERT INTO audit_entry (instance_id, seq, at, actor_id, action, comment, details, before_version,
                               after_version, before_status, after_status, prev_hash, hash)
      SELECT id, ${record.seq}, ${record.at}, ${record.actorId}, ${record.action}, ${record.comment},
             ${details}::jsonb, ${record.beforeVersion}, ${record.afterVersion}, ${record.beforeStatus},
             ${record.afterStatus}, ${record.prevHash}, ${hash}
      FROM upd
      RETURNING 1
    ), clk AS (
      INSERT INTO processed_click (key, instance_id, result_version, created_at)
      SELECT ${w.clickKey}, id, ${w.next.version}, ${w.now} FROM upd
      RETURNING 1
    ), ${outboxWriteCtes(w.outbox, w.now, 'upd')}
    SELECT (SELECT count(*) FROM upd)::int AS updated`;
  return (rows[0]?.updated ?? 0) === 1;
}
