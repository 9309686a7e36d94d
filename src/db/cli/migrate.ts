// `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL, or
// the PGlite folder DATA_DIR). `-- --rolled-back <name>` first marks a failed migration as rolled
// back, after it has been corrected.
import { loadConfig } from '../../config.ts';
import { isAppError } from '../../shared/errors.ts';
import { createLogger } from '../../shared/logger.ts';
import { type DataDirLock, lockDataDir } from '../data-dir-lock.ts';
import { openDatabase } from '../database.ts';
import { markRolledBack, migrateDatabase } from '../migrate.ts';

const args = process.argv.slice(2);
const rolledBackAt = args.indexOf('--rolled-back');
const rolledBack = rolledBackAt >= 0 ? args[rolledBackAt + 1] : undefined;

try {
  const config = loadConfig(process.env, { isTty: process.stdout.isTTY });
  const logger = createLogger(config.log);
  let lock: DataDirLock | undefined;
  if (config.database.kind === 'pglite') lock = await lockDataDir(config.dataDir);
  const db = await openDatabase(config.database);
  try {
    if (rolledBack) {
      await markRolledBack(db, rolledBack);
      console.log(`Marked ${rolledBack} as rolled back.`);
    }
    const { applied } = await migrateDatabase(db, logger);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await db.close();
    await lock?.release();
  }
} catch (error) {
  console.error(isAppError(error) ? error.message : error);
  process.exit(1);
}
