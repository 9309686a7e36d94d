// Restoring the embedded database from a backup: only while no bot holds the data folder, only
// from a backup that checks out completely, and without deleting what was there: the current
// database folder is renamed aside, and the restored one takes its name in one rename.
import { rename, rm, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { AppError } from '../../shared/errors.ts';
import { DataDirLockedError, lockDataDir } from '../data-dir-lock.ts';
import { pathExists as exists, pgliteDirOf, restoreReadyMarkOf, stagingDirOf } from '../database.ts';
import { type CheckedBackup, readBackup } from './backup-files.ts';

/** What a restore did. */
export interface RestoreResult {
  backup: CheckedBackup;
  /** Where the database folder that was there before now is (null when there was none). */
  previous: string | null;
  /** Migrations the backup had applied (the bot applies any newer ones at its next start). */
  migrations: number;
}

/** The restore did not happen; the message says why and that nothing was changed. */
export class RestoreRefusedError extends AppError {}

function stampOf(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Replaces the PGlite database in `dataDir` with the backup at `file`. Refuses, changing nothing,
 * when a bot holds the folder or the backup does not check out; loads the backup into a staging
 * folder and opens it there first, so a backup PGlite cannot open is refused too.
 */
export async function restoreDataDir(input: {
  dataDir: string;
  file: string;
  now: Date;
}): Promise<RestoreResult> {
  const { dataDir, file } = input;
  let lock: Awaited<ReturnType<typeof lockDataDir>>;
  try {
    lock = await lockDataDir(dataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new RestoreRefusedError(
        'restore_data_dir_held',
        `Restore refused: ${error.message.replace(/ Nothing was changed\.$/, '')} A restore cannot replace the ` +
          'database under a running bot: stop the bot, run the restore, then start the bot again. Nothing was changed.',
        { cause: error },
      );
    }
    throw error;
  }
  const live = pgliteDirOf(dataDir);
  const staging = stagingDirOf(dataDir);
  try {
    const backup = await readBackup(file);
    // A staging folder left by a restore that died half-way is never live data.
    await rm(restoreReadyMarkOf(dataDir), { force: true });
    await rm(staging, { recursive: true, force: true });
    let migrations: number;
    try {
      migrations = await openAndCount(staging, backup);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
    // From here the staging folder is the database to have: a start after a crash before the
    // second rename below moves it in (see openDatabase) instead of starting on an empty one.
    await writeFile(restoreReadyMarkOf(dataDir), `${staging}\n`);
    let previous: string | null = null;
    if (await exists(live)) {
      previous = `${live}.before-restore-${stampOf(input.now)}`;
      for (let n = 2; await exists(previous); n++)
        previous = `${live}.before-restore-${stampOf(input.now)}-${n}`;
      await rename(live, previous);
    }
    // Between the two renames the live folder is briefly absent; both copies still exist.
    await rename(staging, live);
    await rm(restoreReadyMarkOf(dataDir), { force: true });
    return { backup, previous, migrations };
  } finally {
    await lock.release();
  }
}

/** Loads the backup into `dir` with PGlite and counts its applied migrations: proof it opens. */
async function openAndCount(dir: string, backup: CheckedBackup): Promise<number> {
  let pg: PGlite;
  try {
    pg = await PGlite.create({ dataDir: dir, loadDataDir: new Blob([backup.tar]) });
  } catch (error) {
    throw new RestoreRefusedError(
      'restore_cannot_open',
      `Restore refused: this version of PGlite cannot open the backup's database (written by PostgreSQL ` +
        `${backup.summary.postgresMajor}): ${(error as Error).message}. Restore it with the version of the bot ` +
        'that made it, or see docs/backups.md. Nothing was changed.',
      { cause: error },
    );
  }
  try {
    const result = await pg.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return result.rows[0]?.n ?? 0;
  } catch (error) {
    throw new RestoreRefusedError(
      'restore_not_bot_database',
      `Restore refused: the backup opens, but is not this bot's database (${(error as Error).message}). Nothing was changed.`,
      { cause: error },
    );
  } finally {
    await pg.close();
  }
}
