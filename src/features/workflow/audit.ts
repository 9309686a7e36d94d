import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import type { Db, Tx } from '../../db/types.ts';
import type { AuditEntry, Prisma } from '../../generated/prisma/client.ts';

/** The hash before the first entry of an instance's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a caller records; the chain fields (seq, hashes) are computed. */
export interface AuditInput {
  instanceId: string;
  at: Date;
  actorId: string | null;
  action: string;
  comment?: string | null;
  details?: Record<string, unknown> | null;
  beforeVersion?: number | null;
  afterVersion?: number | null;
  beforeStatus?: string | null;
  afterStatus?: string | null;
}

/** A stored entry, as the hash sees it. */
export interface AuditRecord {
  instanceId: string;
  seq: number;
  at: Date;
  actorId: string | null;
  action: string;
  comment: string | null;
  details: unknown;
  beforeVersion: number | null;
  afterVersion: number | null;
  beforeStatus: string | null;
  afterStatus: string | null;
  prevHash: string;
}

/**
 * SHA-256 over a canonical JSON of every stored field and the previous entry's hash, so changing,
 * removing or reordering an entry breaks the chain from there on.
 */
export function hashAuditEntry(entry: AuditRecord): string {
  const canonical = stringify([
    entry.instanceId,
    entry.seq,
    entry.at.toISOString(),
    entry.actorId,
    entry.action,
    entry.comment,
    entry.details ?? null,
    entry.beforeVersion,
    entry.afterVersion,
    entry.beforeStatus,
    entry.afterStatus,
    entry.prevHash,
  ]);
  return createHash('sha256')
    .update(canonical ?? '')
    .digest('hex');
}

/** The entry that follows `last` in its instance's chain, and its hash. */
export function chainAuditEntry(
  input: AuditInput,
  last: { seq: number; hash: string } | null,
): { record: AuditRecord; hash: string } {
  const record: AuditRecord = {
    instanceId: input.instanceId,
    seq: (last?.seq ?? 0) + 1,
    at: input.at,
    actorId: input.actorId,
    action: input.action,
    comment: input.comment ?? null,
    details: input.details ?? null,
    beforeVersion: input.beforeVersion ?? null,
    afterVersion: input.afterVersion ?? null,
    beforeStatus: input.beforeStatus ?? null,
    afterStatus: input.afterStatus ?? null,
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return { record, hash: hashAuditEntry(record) };
}

/**
 * Appends an entry to the instance's chain inside the caller's transaction. Two transactions
 * appending at once both read the same last entry; the unique (instance_id, seq) makes the second
 * fail, so the chain never forks.
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const last = await tx.auditEntry.findFirst({
    where: { instanceId: input.instanceId },
    orderBy: { seq: 'desc' },
    select: { seq: true, hash: true },
  });
  const { record, hash } = chainAuditEntry(input, last);
  await tx.auditEntry.create({
    data: { ...record, details: (record.details ?? undefined) as Prisma.InputJsonValue | undefined, hash },
  });
  return { seq: record.seq, hash };
}

/** The first place where a chain does not hold, or null when every chain is intact. */
export interface AuditBreak {
  instanceId: string;
  seq: number;
  entryId: string;
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap';
}

/**
 * Walks every instance's chain in order and reports the first broken link: an entry whose stored
 * hash is not the hash of its content, whose prevHash is not the previous entry's hash, or a gap
 * in the numbering (a deleted entry). Reads in pages so a large log does not fill memory.
 */
export async function verifyAuditChains(
  db: Db,
  options: { pageSize?: number } = {},
): Promise<{ checked: number; broken: AuditBreak | null }> {
  const pageSize = options.pageSize ?? 5000;
  let checked = 0;
  let cursor: { instanceId: string; seq: number } | null = null;
  let previous: { instanceId: string; seq: number; hash: string } | null = null;
  for (;;) {
    const where: Prisma.AuditEntryWhereInput | undefined = cursor
      ? {
          OR: [
            { instanceId: { gt: cursor.instanceId } },
            { instanceId: cursor.instanceId, seq: { gt: cursor.seq } },
          ],
        }
      : undefined;
    const page: AuditEntry[] = await db.auditEntry.findMany({
      where,
      orderBy: [{ instanceId: 'asc' }, { seq: 'asc' }],
      take: pageSize,
    });
    for (const row of page) {
      const sameChain: boolean = previous?.instanceId === row.instanceId;
      const expectedSeq: number = sameChain && previous ? previous.seq + 1 : 1;
      const expectedPrev: string = sameChain && previous ? previous.hash : GENESIS_HASH;
      const at = { instanceId: row.instanceId, seq: row.seq, entryId: String(row.id) };
      if (row.seq !== expectedSeq) return { checked, broken: { ...at, reason: 'seq_gap' } };
      if (row.prevHash !== expectedPrev) return { checked, broken: { ...at, reason: 'prev_hash_mismatch' } };
      if (hashAuditEntry({ ...row, details: row.details }) !== row.hash) {
        return { checked, broken: { ...at, reason: 'hash_mismatch' } };
      }
      checked += 1;
      previous = { instanceId: row.instanceId, seq: row.seq, hash: row.hash };
    }
    const last: AuditEntry | undefined = page.at(-1);
    if (!last || page.length < pageSize) return { checked, broken: null };
    cursor = { instanceId: last.instanceId, seq: last.seq };
  }
}
