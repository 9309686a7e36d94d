// Fixity (完整性校验) of electronic records: the SHA-256 of the file at `fileRef` must equal the
// digest recorded with the entry. Checked on every retrieval of the file and by
// `npm run archive:verify`; each check is written to `archive_fixity_check`. A mismatch or an
// unreadable file is recorded and reported — the file is not handed out.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type ArchiveEntry, type ArchiveViewer, ENTRY_SELECT, entryFromRow, getEntry } from './catalog.ts';

/** What a fixity check needs. */
export interface FixityDeps {
  prisma: PrismaClient;
  clock: Clock;
  /** Folder relative `fileRef`s are resolved in (ARCHIVE_FILES_DIR). */
  filesDir: string;
}

/** The result of one check (as recorded). */
export interface FixityResult {
  entryId: string;
  archiveNo: string;
  ok: boolean;
  expected: string;
  actual: string | null;
  error: string | null;
}

/**
 * The file a `fileRef` names: absolute as it is, relative inside `filesDir` — and never outside
 * it (`../` would let a catalog row point anywhere on the machine).
 */
export function resolveFileRef(fileRef: string, filesDir: string): string {
  if (path.isAbsolute(fileRef)) return fileRef;
  const root = path.resolve(filesDir);
  const full = path.resolve(root, fileRef);
  if (full !== root && !full.startsWith(root + path.sep))
    throw new Error(`file reference leaves ${root}: ${fileRef}`);
  return full;
}

/** SHA-256 (hex) of a file, streamed. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Checks one electronic entry and records the check; a non-electronic entry is an error. */
export async function checkFixity(
  deps: FixityDeps,
  entry: Pick<ArchiveEntry, 'id' | 'archiveNo' | 'fileRef' | 'fileSha256'>,
  trigger: 'retrieval' | 'verify',
): Promise<FixityResult> {
  if (!entry.fileRef || !entry.fileSha256) throw new Error(`entry ${entry.archiveNo} has no electronic file`);
  let actual: string | null = null;
  let error: string | null = null;
  try {
    actual = await sha256OfFile(resolveFileRef(entry.fileRef, deps.filesDir));
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const ok = actual !== null && actual === entry.fileSha256.toLowerCase();
  await deps.prisma.archiveFixityCheck.create({
    data: { entryId: entry.id, at: deps.clock.now(), trigger, ok, expected: entry.fileSha256, actual, error },
  });
  return { entryId: entry.id, archiveNo: entry.archiveNo, ok, expected: entry.fileSha256, actual, error };
}

/**
 * The electronic file of entry `id` for `viewer`, after its fixity check: the local path. A
 * mismatch or an unreadable file throws AppError `archive_fixity_failed` (param `archiveNo`), the
 * check being recorded; an entry without a file throws `archive_no_file`.
 */
export async function retrieveEntryFile(
  deps: FixityDeps,
  id: string,
  viewer: ArchiveViewer,
): Promise<{ entry: ArchiveEntry; file: string }> {
  const entry = await getEntry(deps.prisma, id, viewer);
  if (!entry.fileRef || !entry.fileSha256) throw new AppError('archive_no_file', 'not an electronic record');
  const result = await checkFixity(deps, entry, 'retrieval');
  if (!result.ok)
    throw new AppError('archive_fixity_failed', `fixity check failed for ${entry.archiveNo}`, {
      params: { archiveNo: entry.archiveNo },
    });
  return { entry, file: resolveFileRef(entry.fileRef, deps.filesDir) };
}

/**
 * Checks every electronic record (kept or destroyed: the register keeps them), in pages by id so
 * a large catalog never sits in memory. Reports each result through `onResult`.
 */
export async function verifyAllFixity(
  deps: FixityDeps,
  onResult?: (result: FixityResult) => void,
): Promise<{ checked: number; failed: FixityResult[] }> {
  let after: string | undefined;
  let checked = 0;
  const failed: FixityResult[] = [];
  for (;;) {
    const rows = await deps.prisma.archiveEntry.findMany({
      where: { fileRef: { not: null }, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: 'asc' },
      take: 200,
      select: ENTRY_SELECT,
    });
    for (const row of rows) {
      const result = await checkFixity(deps, entryFromRow(row), 'verify');
      checked++;
      if (!result.ok) failed.push(result);
      onResult?.(result);
    }
    const last = rows.at(-1);
    if (!last) return { checked, failed };
    after = last.id;
  }
}
