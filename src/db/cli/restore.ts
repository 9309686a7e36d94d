// `npm run db:restore -- <file>`: replaces the embedded database in DATA_DIR with a backup. Only
// with no bot running (it refuses a held data folder), only from a backup whose SHA-256, gzip and
// tarball all check out; the database that was there is renamed aside, never deleted. The next
// start applies any migrations newer than the backup.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config.ts';
import { systemClock } from '../../shared/clock.ts';
import { isAppError } from '../../shared/errors.ts';
import { backupsDirOf } from '../backup/backup-files.ts';
import { restoreDataDir } from '../backup/restore.ts';

async function resolveBackup(arg: string, dataDir: string): Promise<string> {
  // A bare name is also looked for in DATA_DIR/backups, where `npm run db:backup` puts them.
  const candidates = [path.resolve(arg), path.join(backupsDirOf(dataDir), arg)];
  for (const candidate of candidates) {
    if (
      await stat(candidate).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return candidate;
  }
  throw new Error(`No backup file ${arg} (looked in ${candidates.join(' and ')}). Nothing was changed.`);
}

try {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const [arg] = args;
  if (!arg || args.length > 1) {
    throw new Error(
      'Usage: npm run db:restore -- <backup file> (for example data/backups/backup-20261206T030000Z-daily.tar.gz). Nothing was changed.',
    );
  }
  const config = loadConfig(process.env, { isTty: process.stdout.isTTY });
  if (config.database.kind !== 'pglite') {
    throw new Error(
      'DATABASE_URL is set: a PostgreSQL server is restored with pg_restore (see docs/backups.md). Nothing was changed.',
    );
  }
  const file = await resolveBackup(arg, config.dataDir);
  const result = await restoreDataDir({ dataDir: config.dataDir, file, now: systemClock.now() });
  console.log(`Restored ${config.dataDir} from ${file}`);
  console.log(
    `  SHA-256 ${result.backup.sha256} checked; PostgreSQL ${result.backup.summary.postgresMajor} data folder with ${result.migrations} migrations applied.`,
  );
  if (result.previous) {
    console.log(
      `  The database that was there is kept in ${result.previous}; delete it once the restored one is right.`,
    );
  }
  console.log('  Start the bot (npm start): it applies any newer migrations as it starts.');
} catch (error) {
  console.error(isAppError(error) || error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
