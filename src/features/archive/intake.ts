// Intake of documents handed to the archive (归档接收): each pending `archive_handoff` row
// (written by the documents feature, src/features/documents/archive-handoff.ts) becomes a catalog
// entry (source `handoff`, category 文书, a 档号 by the unit's rule) when the archivist runs
// `/archive intake`. Each hand-off is claimed with `UPDATE … WHERE status = 'pending'` in the
// transaction that creates its entry, so two archivists (or two replicas) running intake at the
// same moment catalogue it once: the loser's UPDATE finds it catalogued and skips it, and the
// unique `archive_entry.handoff_id` would refuse a second entry anyway.

import type { ArchiveRetention } from '../../domain/archive/archive-no.ts';
import { ARCHIVE_RETENTIONS } from '../../domain/archive/archive-no.ts';
import { isClearedFor, SECRECY_LEVELS, type SecrecyLevel } from '../../domain/org.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { type ArchiveEntry, createEntryIn, loadArchiveSettings, requireArchivist } from './catalog.ts';

/** The category hand-offs are catalogued under (documents are 文书档案). */
export const HANDOFF_CATEGORY = '文书';

/** The result of one intake run. */
export interface IntakeResult {
  catalogued: ArchiveEntry[];
  /** Hand-offs another run catalogued meanwhile (skipped here). */
  skipped: number;
}

/**
 * Catalogues every pending hand-off (oldest first, at most `limit`), one transaction each.
 * Only an active archivist may: AppError `archive_not_archivist` otherwise.
 */
export async function intakeHandoffs(
  deps: { prisma: PrismaClient; clock: Clock },
  input: { actorId: string; limit?: number },
): Promise<IntakeResult> {
  const { prisma } = deps;
  await requireArchivist(prisma, input.actorId);
  const pending = await prisma.archiveHandoff.findMany({
    where: { status: 'pending' },
    orderBy: { handedAt: 'asc' },
    take: input.limit ?? 200,
    select: { id: true },
  });
  const catalogued: ArchiveEntry[] = [];
  let skipped = 0;
  for (const { id } of pending) {
    const entry = await catalogueHandoff(deps, id, input.actorId);
    if (entry) catalogued.push(entry);
    else skipped++;
  }
  return { catalogued, skipped };
}

/** Catalogues one hand-off if it is still pending; null when someone else did it first. */
export async function catalogueHandoff(
  deps: { prisma: PrismaClient; clock: Clock },
  handoffId: string,
  actorId: string,
): Promise<ArchiveEntry | null> {
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (tx) => {
    // The claim: row-locks the hand-off; a concurrent claim waits, then matches nothing.
    const claimed = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE archive_handoff SET status = 'catalogued', catalogued_at = ${now}::timestamptz
      WHERE id = ${handoffId}::uuid AND status = 'pending'
      RETURNING id::text AS id`;
    if (claimed.length === 0) return null;
    const h = await tx.archiveHandoff.findUniqueOrThrow({ where: { id: handoffId } });
    const department = h.departmentId
      ? await tx.department.findUnique({ where: { id: h.departmentId }, select: { name: true } })
      : null;
    const secrecy: SecrecyLevel = (SECRECY_LEVELS as readonly string[]).includes(h.secrecy)
      ? (h.secrecy as SecrecyLevel)
      : 'internal';
    const retention: ArchiveRetention = (ARCHIVE_RETENTIONS as readonly string[]).includes(h.retention)
      ? (h.retention as ArchiveRetention)
      : 'permanent';
    const settings = await loadArchiveSettings(tx);
    const entry = await createEntryIn(
      tx,
      settings,
      {
        title: isClearedFor(secrecy, 'secret') ? null : h.title,
        docNumber: h.docNumber,
        year: h.year,
        category: HANDOFF_CATEGORY,
        departmentId: h.departmentId,
        departmentName: department?.name ?? null,
        retention,
        secrecy,
        source: 'handoff',
        handoffId: h.id,
        createdById: actorId,
      },
      now,
    );
    await tx.archiveHandoff.update({ where: { id: h.id }, data: { catalogEntryId: entry.id } });
    return entry;
  });
}

/** Pending hand-offs (for `/archive intake` when there is nothing to do, and Home). */
export async function countPendingHandoffs(prisma: PrismaClient): Promise<number> {
  return prisma.archiveHandoff.count({ where: { status: 'pending' } });
}
