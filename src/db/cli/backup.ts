// `npm run db:backup`: a backup of the embedded database into DATA_DIR/backups. While a bot holds
// the data folder (PGlite is one process) the running bot takes it, asked through a request file;
// with no bot running, this command opens the folder and takes it itself. Either way the same
// file, the same checksum, the same retention (BACKUP_KEEP).
// `-- --timeout <seconds>`: how long to wait for the running bot (default 120).
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../config.ts';
import { systemClock } from '../../shared/clock.ts';
import { isAppError } from '../../shared/errors.ts';
import { backupsDirOf, writeBackup } from '../backup/backup-files.ts';
import { type BackupAnswer, requestBackupFromBot, requestsDirOf } from '../backup/backup-requests.ts';
import { DataDirLockedError, lockDataDir } from '../data-dir-lock.ts';
import { openDatabase, pgliteDirOf } from '../database.ts';

function secondsArg(args: string[], flag: string, fallback: number): number {
  const at = args.indexOf(flag);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 3600) {
    throw new Error(`${flag} takes a whole number of seconds from 1 to 3600 (now "${args[at + 1] ?? ''}").`);
  }
  return value;
}

function printAnswer(answer: Extract<BackupAnswer, { ok: true }>, by: string): void {
  console.log(`Backup written ${by}: ${answer.file}`);
  console.log(`  ${answer.bytes} bytes, SHA-256 ${answer.sha256} (in ${path.basename(answer.file)}.sha256)`);
  if (answer.removed.length > 0) console.log(`  Removed by retention: ${answer.removed.join(', ')}`);
}

try {
  const timeoutSeconds = secondsArg(process.argv.slice(2), '--timeout', 120);
  const config = loadConfig(process.env, { isTty: process.stdout.isTTY });
  if (config.database.kind !== 'pglite') {
    throw new Error(
      'DATABASE_URL is set: the database is a PostgreSQL server, backed up with pg_dump (see docs/backups.md). ' +
        'npm run db:backup is for the embedded database in DATA_DIR.',
    );
  }
  const dir = backupsDirOf(config.dataDir);
  let lock: Awaited<ReturnType<typeof lockDataDir>> | null = null;
  try {
    lock = await lockDataDir(config.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
  }
  if (lock === null) {
    console.log(`A bot is using ${config.dataDir}; asking it to take the backup…`);
    const answer = await requestBackupFromBot(requestsDirOf(dir), {
      timeoutMs: timeoutSeconds * 1000,
      pollMs: 250,
      sleep: (ms) => sleep(ms),
    }).catch((error: unknown) => {
      throw new Error(
        `The running bot did not take the backup: ${(error as Error).message}. Is it a version without backups, ` +
          'or stuck? Its log says more. Nothing was changed.',
      );
    });
    if (!answer.ok) throw new Error(`The running bot could not take the backup: ${answer.message}`);
    printAnswer(answer, 'by the running bot');
  } else {
    try {
      // Opening an empty folder would create a new, empty database and back that up.
      await stat(path.join(pgliteDirOf(config.dataDir), 'PG_VERSION')).catch(() => {
        throw new Error(
          `There is no embedded database in ${config.dataDir} to back up (DATA_DIR). Nothing was changed.`,
        );
      });
      const db = await openDatabase(config.database);
      try {
        const tar = await db.dumpDataDir?.();
        if (!tar) throw new Error('the embedded database cannot be dumped');
        const written = await writeBackup({
          dir,
          tar,
          kind: 'manual',
          now: systemClock.now(),
          keep: config.backup.keep,
        });
        printAnswer(
          {
            ok: true,
            file: written.file.path,
            sha256: written.sha256,
            bytes: written.bytes,
            removed: written.removed,
          },
          '(no bot was running)',
        );
      } finally {
        await db.close();
      }
    } finally {
      await lock.release();
    }
  }
} catch (error) {
  console.error(isAppError(error) || error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
