// The archive catalog (档案目录): entries with their search terms and 档号, looked up with the
// viewer's clearance. Entries are never deleted: destruction marks them (`status = destroyed`) and
// keeps the record, so nothing here offers a delete.

import type { Db, Tx } from '../../db/types.ts';
import {
  type ArchiveNoParts,
  type ArchiveRetention,
  type ArchiveSettings,
  archiveSeries,
  archiveSettingsOf,
  categoryCode,
  formatArchiveNo,
} from '../../domain/archive/archive-no.ts';
import { entryTerms } from '../../domain/archive/terms.ts';
import { isClearedFor, SECRECY_LEVELS, type SecrecyLevel } from '../../domain/org.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { AppError } from '../../shared/errors.ts';
import { isUniqueViolation } from '../workflow/workflow-service.ts';

/** Who is looking: their clearance decides which entries exist for them. */
export interface ArchiveViewer {
  personId: string;
  clearance: SecrecyLevel;
}

/** Where an entry came from. */
export type ArchiveSource = 'handoff' | 'manual' | 'import';

/** One catalog entry, as shown and lent (the search terms are left out). */
export interface ArchiveEntry {
  id: string;
  archiveNo: string;
  /** Null at 秘密 and above: tracked by 档号 and 文号 only. */
  title: string | null;
  docNumber: string | null;
  year: number;
  category: string;
  departmentId: string | null;
  departmentName: string | null;
  retention: ArchiveRetention;
  secrecy: SecrecyLevel;
  pages: number | null;
  location: string | null;
  fileRef: string | null;
  fileSha256: string | null;
  source: ArchiveSource;
  status: 'kept' | 'destroyed';
  handoffId: string | null;
  createdById: string | null;
  createdAt: Date;
  destroyedAt: Date | null;
}

/** The columns of an {@link ArchiveEntry} (everything but `terms`), for `select`. */
export const ENTRY_SELECT = {
  id: true,
  archiveNo: true,
  title: true,
  docNumber: true,
  year: true,
  category: true,
  departmentId: true,
  departmentName: true,
  retention: true,
  secrecy: true,
  pages: true,
  location: true,
  fileRef: true,
  fileSha256: true,
  source: true,
  status: true,
  handoffId: true,
  createdById: true,
  createdAt: true,
  destroyedAt: true,
} as const;

/** The row as selected with {@link ENTRY_SELECT}, typed as the domain object. */
export function entryFromRow(
  row: {
    [K in keyof typeof ENTRY_SELECT]: unknown;
  },
): ArchiveEntry {
  return row as unknown as ArchiveEntry;
}

/** The secrecy levels a viewer may see, lowest first. */
export function visibleLevels(viewer: Pick<ArchiveViewer, 'clearance'>): SecrecyLevel[] {
  return SECRECY_LEVELS.filter((level) => isClearedFor(viewer.clearance, level));
}

/** The refusal for an entry that does not exist or that the viewer may not see (the same words). */
export const archiveEntryNotFound = () => new AppError('archive_entry_not_found', 'no such entry');

/**
 * The entry `id` if the viewer's clearance allows it, else AppError `archive_entry_not_found` —
 * the same error as for an id that does not exist, so a hidden entry is not revealed. Destroyed
 * entries are returned (status `destroyed`): the record is kept.
 */
export async function getEntry(db: Db, id: string, viewer: ArchiveViewer): Promise<ArchiveEntry> {
  const entry = await findEntry(db, id);
  if (!entry || !isClearedFor(viewer.clearance, entry.secrecy)) throw archiveEntryNotFound();
  return entry;
}

/** The entry `id` whoever asks, or null (for services that check access themselves). */
export async function findEntry(db: Db, id: string): Promise<ArchiveEntry | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row = await db.archiveEntry.findUnique({ where: { id }, select: ENTRY_SELECT });
  return row ? entryFromRow(row) : null;
}

/** The entry with 档号 `archiveNo` if the viewer may see it, else null. */
export async function findEntryByArchiveNo(
  db: Db,
  archiveNo: string,
  viewer: ArchiveViewer,
): Promise<ArchiveEntry | null> {
  const row = await db.archiveEntry.findUnique({
    where: { archiveNo: archiveNo.trim() },
    select: ENTRY_SELECT,
  });
  if (!row) return null;
  const entry = entryFromRow(row);
  return isClearedFor(viewer.clearance, entry.secrecy) ? entry : null;
}

/** The unit's archive rules (`UnitSetting.archive`), defaults when none are loaded. */
export async function loadArchiveSettings(db: Db): Promise<ArchiveSettings> {
  const unit = await db.unitSetting.findUnique({ where: { id: 'unit' }, select: { archive: true } });
  return archiveSettingsOf(unit?.archive ?? null);
}

/**
 * Hands out `count` consecutive sequence numbers of the 档号 series of `parts` in one statement
 * on `number_counter` (as the document numbers do, src/features/documents/numbering.ts): the row
 * stays locked until the transaction ends, so no number is given twice and a rollback returns
 * them. Returns the first.
 */
export async function allocateArchiveSeq(
  tx: Tx,
  settings: ArchiveSettings,
  parts: ArchiveNoParts,
  count: number,
  now: Date,
): Promise<number> {
  const { series, year } = archiveSeries(settings, parts);
  const rows = await tx.$queryRaw<Array<{ last_seq: number }>>`
    INSERT INTO number_counter (series, year, last_seq, updated_at)
    VALUES (${series}, ${year}::int, ${count}::int, ${now}::timestamptz)
    ON CONFLICT (series, year) DO UPDATE
      SET last_seq = number_counter.last_seq + ${count}::int, updated_at = EXCLUDED.updated_at
    RETURNING last_seq`;
  const last = rows[0]?.last_seq;
  if (last === undefined) throw new Error(`no archive number allocated for ${series} ${year}`);
  return last - count + 1;
}

/** What a new entry needs (its 档号 is assigned unless given, its terms are computed). */
export interface NewEntry {
  archiveNo?: string | null;
  title: string | null;
  docNumber: string | null;
  year: number;
  category: string;
  departmentId?: string | null;
  departmentName?: string | null;
  retention: ArchiveRetention;
  secrecy: SecrecyLevel;
  pages?: number | null;
  location?: string | null;
  fileRef?: string | null;
  fileSha256?: string | null;
  source: ArchiveSource;
  handoffId?: string | null;
  createdById: string | null;
  /**
   * The form submission behind a manual entry (`view:<view id>`): the same form sent again finds
   * the entry it added instead of adding a second one.
   */
  requestKey?: string | null;
}

/**
 * Checks what no entry may break: classified entries carry no title, a category the unit knows,
 * an electronic record has both its file and its digest. Throws AppError `archive_invalid` with
 * param `problem` (a message key suffix).
 */
export function checkNewEntry(settings: ArchiveSettings, entry: NewEntry): void {
  const classified = isClearedFor(entry.secrecy, 'secret');
  const invalid = (problem: string) =>
    new AppError('archive_invalid', `invalid entry: ${problem}`, {
      messageKey: `error.archive_invalid.${problem}`,
    });
  if (classified && entry.title) throw invalid('classified_title');
  if (!classified && !entry.title?.trim()) throw invalid('title_required');
  if (entry.archiveNo == null && categoryCode(settings, entry.category) === null) throw invalid('category');
  if ((entry.fileRef == null) !== (entry.fileSha256 == null)) throw invalid('file_digest');
  if (entry.fileSha256 != null && !/^[0-9a-f]{64}$/.test(entry.fileSha256)) throw invalid('file_digest');
}

/**
 * Creates one entry inside `tx`: checks it, assigns the 档号 through the unit's rule (unless the
 * entry brings its own, as an imported catalog does) and stores its search terms. A given 档号
 * that exists already is refused with AppError `archive_no_taken` (param `archiveNo`).
 */
export async function createEntryIn(
  tx: Tx,
  settings: ArchiveSettings,
  entry: NewEntry,
  now: Date,
): Promise<ArchiveEntry> {
  checkNewEntry(settings, entry);
  let archiveNo = entry.archiveNo?.trim() || null;
  if (archiveNo === null) {
    const seq = await allocateArchiveSeq(tx, settings, entry, 1, now);
    archiveNo = formatArchiveNo(settings, entry, seq);
  }
  const taken = await tx.archiveEntry.findUnique({ where: { archiveNo }, select: { id: true } });
  if (taken) throw new AppError('archive_no_taken', 'archive number taken', { params: { archiveNo } });
  const row = await tx.archiveEntry.create({
    data: {
      archiveNo,
      title: entry.title?.trim() || null,
      docNumber: entry.docNumber?.trim() || null,
      year: entry.year,
      category: entry.category,
      departmentId: entry.departmentId ?? null,
      departmentName: entry.departmentName ?? null,
      retention: entry.retention,
      secrecy: entry.secrecy,
      pages: entry.pages ?? null,
      location: entry.location ?? null,
      fileRef: entry.fileRef ?? null,
      fileSha256: entry.fileSha256 ?? null,
      terms: entryTerms({ title: entry.title, docNumber: entry.docNumber, year: entry.year }),
      source: entry.source,
      handoffId: entry.handoffId ?? null,
      createdById: entry.createdById,
      requestKey: entry.requestKey ?? null,
      createdAt: now,
    },
    select: ENTRY_SELECT,
  });
  return entryFromRow(row);
}

/**
 * Creates one entry (`/archive add` by the archivist, or a service) in its own transaction. Only
 * an active archivist may add: AppError `archive_not_archivist` otherwise. An entry with a
 * `requestKey` is created once: the same key again (a form sent again after its commit came too
 * late for Slack, or twice at once) returns the entry it created.
 */
export async function createEntry(
  deps: { prisma: PrismaClient; now: Date },
  entry: NewEntry,
): Promise<ArchiveEntry> {
  const key = entry.requestKey ?? null;
  const earlier = key ? await entryOfRequest(deps.prisma, key) : null;
  if (earlier) return earlier;
  try {
    return await deps.prisma.$transaction(async (tx) => {
      if (entry.source === 'manual') await requireArchivist(tx, entry.createdById);
      const settings = await loadArchiveSettings(tx);
      return createEntryIn(tx, settings, entry, deps.now);
    });
  } catch (error) {
    // Sent twice at once: the other send created it.
    const winner = key && isUniqueViolation(error) ? await entryOfRequest(deps.prisma, key) : null;
    if (!winner) throw error;
    return winner;
  }
}

async function entryOfRequest(db: Db, requestKey: string): Promise<ArchiveEntry | null> {
  const row = await db.archiveEntry.findUnique({ where: { requestKey }, select: ENTRY_SELECT });
  return row ? entryFromRow(row) : null;
}

/** Throws AppError `archive_not_archivist` unless `personId` is an active archivist. */
export async function requireArchivist(db: Db, personId: string | null): Promise<void> {
  const person = personId
    ? await db.person.findUnique({ where: { id: personId }, select: { active: true, roles: true } })
    : null;
  if (!person?.active || !person.roles.includes('archivist'))
    throw new AppError('archive_not_archivist', 'only the archivist does this');
}
