// `npm run audit:verify`: checks every instance's audit chain and reports the first broken link.
// Exit code 0: intact; 1: broken (or the database could not be read).
import { loadConfig } from '../../../config.ts';
import { type DataDirLock, lockDataDir } from '../../../db/data-dir-lock.ts';
import { openDatabase } from '../../../db/database.ts';
import { isAppError } from '../../../shared/errors.ts';
import { verifyAuditChains } from '../audit.ts';

try {
  const config = loadConfig(process.env);
  let lock: DataDirLock | undefined;
  // PGlite cannot be shared with a running bot: stop it first (the lock says so if it runs).
  if (config.database.kind === 'pglite') lock = await lockDataDir(config.dataDir);
  const db = await openDatabase(config.database);
  try {
    const { checked, broken } = await verifyAuditChains(db.prisma);
    if (broken) {
      console.error(
        `Audit chain BROKEN at instance ${broken.instanceId}, entry #${broken.seq} (row id ${broken.entryId}): ` +
          `${broken.reason}. ${checked} entries before it are intact.`,
      );
      process.exitCode = 1;
    } else {
      console.log(`Audit log intact: ${checked} entries checked.`);
    }
  } finally {
    await db.close();
    await lock?.release();
  }
} catch (error) {
  console.error(isAppError(error) ? error.message : error);
  process.exitCode = 1;
}
