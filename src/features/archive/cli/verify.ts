// `npm run archive:verify`: checks the SHA-256 of every electronic record against its catalog
// entry and records each check in `archive_fixity_check`. Files are found at their absolute path,
// or relative to ARCHIVE_FILES_DIR (default `<DATA_DIR>/archive-files`).
// Exit code 0: every file matches; 1: a mismatch or an unreadable file (each one printed), or the
// check could not run.
import { loadConfig } from '../../../config.ts';
import { type DataDirLock, lockDataDir } from '../../../db/data-dir-lock.ts';
import { openDatabase } from '../../../db/database.ts';
import { migrateDatabase } from '../../../db/migrate.ts';
import { systemClock } from '../../../shared/clock.ts';
import { isAppError } from '../../../shared/errors.ts';
import { createLogger } from '../../../shared/logger.ts';
import { verifyAllFixity } from '../fixity.ts';

try {
  const config = loadConfig(process.env);
  const filesDir = config.archiveFilesDir;
  let lock: DataDirLock | undefined;
  if (config.database.kind === 'pglite') lock = await lockDataDir(config.dataDir);
  const db = await openDatabase(config.database);
  try {
    await migrateDatabase(db, createLogger({ level: 'warn', pretty: false }));
    const result = await verifyAllFixity({ prisma: db.prisma, clock: systemClock, filesDir }, (r) => {
      if (!r.ok) {
        console.error(
          r.actual === null
            ? `MISMATCH ${r.archiveNo}: file unreadable (${r.error})`
            : `MISMATCH ${r.archiveNo}: expected ${r.expected}, found ${r.actual}`,
        );
      }
    });
    if (result.failed.length > 0) {
      console.error(
        `Fixity check FAILED: ${result.failed.length} of ${result.checked} electronic records do not match their SHA-256.`,
      );
      process.exitCode = 1;
    } else {
      console.log(`Fixity check passed: ${result.checked} electronic records match their SHA-256.`);
    }
  } finally {
    await db.close();
    await lock?.release();
  }
} catch (error) {
  console.error(isAppError(error) ? error.message : error);
  process.exitCode = 1;
}
