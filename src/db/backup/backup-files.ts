// Backup files of the embedded database: one gzipped tarball of the PGlite data folder per backup,
// named by when it was taken (UTC), with its SHA-256 in a `sha256sum`-style file beside it, written
// so that a crash never leaves a half-written file under a backup's name.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { AppError } from '../../shared/errors.ts';
import { BadTarballError, type DataDirTarballSummary, summariseDataDirTarball } from './data-dir-tarball.ts';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** `daily`: taken by the bot's schedule; `manual`: asked for with `npm run db:backup`. */
export type BackupKind = 'daily' | 'manual';

/** One backup in the backups folder. */
export interface BackupFile {
  name: string;
  path: string;
  kind: BackupKind;
  /** When it was taken, to the second (from its name). */
  takenAt: Date;
}

/** A backup just written. */
export interface WrittenBackup {
  file: BackupFile;
  sha256: string;
  bytes: number;
  /** Older backups of the same kind that retention removed. */
  removed: string[];
}

/** A backup file that cannot be used; the message says why and that nothing was changed. */
export class BackupFileError extends AppError {}

const NAME = /^backup-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-(\d+))?-(daily|manual)\.tar\.gz$/;
const CHECKSUM_SUFFIX = '.sha256';
const TEMP_SUFFIX = '.tmp';

/** Where the bot keeps the embedded database's backups: `DATA_DIR/backups`. */
export function backupsDirOf(dataDir: string): string {
  return path.join(dataDir, 'backups');
}

function stampOf(at: Date): string {
  // 2026-12-06T03:00:00.123Z → 20261206T030000Z: sorts by name as by time, and is safe in any file system.
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function parseName(name: string, dir: string): BackupFile | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, , kind] = m;
  return {
    name,
    path: path.join(dir, name),
    kind: kind as BackupKind,
    takenAt: new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))),
  };
}

/** The backups in `dir`, newest first (an absent folder has none). */
export async function listBackups(dir: string): Promise<BackupFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = names.map((n) => parseName(n, dir)).filter((f): f is BackupFile => f !== null);
  // Same second: the numbered one (-2, -3…) came later.
  return files.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.name.localeCompare(a.name));
}

/** Writes `bytes` to `target` through a temporary file and a rename, flushed to disk first. */
async function writeAtomically(target: string, bytes: Uint8Array | string): Promise<void> {
  const temp = `${target}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function syncDir(dir: string): Promise<void> {
  // Makes the renames themselves durable; some file systems refuse to fsync a folder, which only
  // weakens this against a power cut.
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // not supported here
  } finally {
    await handle.close();
  }
}

/**
 * Writes a backup of the tarball `tar` into `dir` as `backup-<UTC time>-<kind>.tar.gz` with its
 * SHA-256 beside it, then removes the oldest of that kind beyond `keep`. The checksum file is in
 * place before the tarball gets its name, so a listed backup always has one; a crash leaves at
 * most a `.tmp` file, which the next backup clears.
 */
export async function writeBackup(input: {
  dir: string;
  tar: Uint8Array;
  kind: BackupKind;
  now: Date;
  keep: number;
}): Promise<WrittenBackup> {
  const { dir, kind, now } = input;
  // A malformed dump must not become a backup that only fails on the day it is needed.
  summariseDataDirTarball(input.tar);
  await mkdir(dir, { recursive: true });
  await removeLeftovers(dir);
  const gz = await gzipAsync(input.tar);
  const sha256 = createHash('sha256').update(gz).digest('hex');
  const existing = new Set(await readdir(dir));
  let name = `backup-${stampOf(now)}-${kind}.tar.gz`;
  for (let n = 2; existing.has(name); n++) name = `backup-${stampOf(now)}-${n}-${kind}.tar.gz`;
  const target = path.join(dir, name);
  await writeAtomically(`${target}${CHECKSUM_SUFFIX}`, `${sha256}  ${name}\n`);
  await writeAtomically(target, gz);
  await syncDir(dir);
  const file = parseName(name, dir);
  if (!file) throw new Error(`backup name ${name} does not parse`);
  const removed = await applyRetention(dir, kind, input.keep, name);
  return { file, sha256, bytes: gz.length, removed };
}

/** Temporary files a crash left behind mid-write: never a backup, so they go. */
async function removeLeftovers(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith('backup-') && name.endsWith(TEMP_SUFFIX))
      await rm(path.join(dir, name), { force: true });
  }
}

/**
 * Keeps the newest `keep` backups of `kind` and removes the rest with their checksum files. The
 * one named `justWritten` is never removed, whatever the clock says about its age.
 */
export async function applyRetention(
  dir: string,
  kind: BackupKind,
  keep: number,
  justWritten: string,
): Promise<string[]> {
  const ofKind = (await listBackups(dir)).filter((f) => f.kind === kind && f.name !== justWritten);
  const stale = ofKind.slice(Math.max(0, keep - 1));
  for (const file of stale) {
    // The tarball goes first: a checksum file without its tarball is ignored, not the reverse.
    await rm(file.path, { force: true });
    await rm(`${file.path}${CHECKSUM_SUFFIX}`, { force: true });
  }
  return stale.map((f) => f.name);
}

/** A backup read and checked: its data folder tarball, ready for PGlite's `loadDataDir`. */
export interface CheckedBackup {
  tar: Uint8Array;
  sha256: string;
  summary: DataDirTarballSummary;
}

/**
 * Reads the backup at `file` and checks it completely before anything uses it: the SHA-256 in the
 * checksum file beside it, the gzip stream, and every header of the tarball inside.
 */
export async function readBackup(file: string): Promise<CheckedBackup> {
  const refuse = (code: string, why: string) =>
    new BackupFileError(code, `${file}: ${why} Nothing was changed.`, { params: { file } });
  let gz: Buffer;
  try {
    gz = await readFile(file);
  } catch (error) {
    throw refuse(
      'backup_unreadable',
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
    );
  }
  let recorded: string;
  try {
    recorded = (await readFile(`${file}${CHECKSUM_SUFFIX}`, 'utf8')).trim().split(/\s+/)[0] ?? '';
  } catch {
    throw refuse(
      'backup_checksum_missing',
      `its checksum file ${path.basename(file)}${CHECKSUM_SUFFIX} is not beside it. Copy it along with the backup (it holds the SHA-256 the restore checks).`,
    );
  }
  const sha256 = createHash('sha256').update(gz).digest('hex');
  if (!/^[0-9a-f]{64}$/.test(recorded)) {
    throw refuse('backup_checksum_invalid', `its checksum file does not hold a SHA-256.`);
  }
  if (sha256 !== recorded) {
    throw refuse(
      'backup_checksum_mismatch',
      `the file is damaged or was changed: its SHA-256 is ${sha256}, but ${recorded} was recorded when it was written.`,
    );
  }
  let tar: Buffer;
  try {
    tar = await gunzipAsync(gz);
  } catch (error) {
    throw refuse('backup_not_gzip', `is not a gzip archive of a backup (${(error as Error).message}).`);
  }
  try {
    return { tar, sha256, summary: summariseDataDirTarball(tar) };
  } catch (error) {
    if (error instanceof BadTarballError)
      throw refuse('backup_bad_tarball', `is not a usable backup: ${error.message}.`);
    throw error;
  }
}
