// The running bot's backups of its embedded database: a daily one at a set time of the unit's
// day, and one for each `npm run db:backup` request. One at a time: a request during the daily
// backup waits for it.
import { DateTime } from 'luxon';
import type { PeriodicTask } from '../../scheduler/scheduler.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Database } from '../database.ts';
import {
  type BackupKind,
  backupsDirOf,
  listBackups,
  type WrittenBackup,
  writeBackup,
} from './backup-files.ts';
import { answerBackupRequests, requestsDirOf } from './backup-requests.ts';

/** When the daily backup is due, and how many of each kind are kept. */
export interface BackupSchedule {
  /** Time of day in `timeZone`; null: no daily backups (requests are still answered). */
  at: { hour: number; minute: number } | null;
  timeZone: string;
  keep: number;
}

/** The bot's backups: its scheduled tasks, and taking one now. */
export interface EmbeddedBackups {
  readonly dir: string;
  /** Takes a backup now (after any one running). */
  backupNow(kind: BackupKind): Promise<WrittenBackup>;
  /** Takes the daily backup if it is due at `now` and not yet taken; returns it, or null. */
  takeDailyIfDue(now: Date): Promise<WrittenBackup | null>;
  /** Answers the waiting `npm run db:backup` requests. */
  answerRequests(): Promise<number>;
  /** For the scheduler: the daily check and the requests, on every wake. */
  readonly tasks: PeriodicTask[];
}

/** The latest moment at or before `now` that is `at` o'clock in `timeZone`. */
export function lastDailyDue(now: Date, at: { hour: number; minute: number }, timeZone: string): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let due = local.set({ hour: at.hour, minute: at.minute, second: 0, millisecond: 0 });
  if (due > local) due = due.minus({ days: 1 });
  return due.toJSDate();
}

export function createEmbeddedBackups(deps: {
  db: Database;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  schedule: BackupSchedule;
}): EmbeddedBackups {
  const { db, clock, schedule } = deps;
  const logger = deps.logger.child({ component: 'backups' });
  const dir = backupsDirOf(deps.dataDir);
  const dumpDataDir = db.dumpDataDir;
  if (!dumpDataDir) throw new Error('backups of the data folder are for the embedded database only');
  const dump: () => Promise<Uint8Array> = dumpDataDir;
  // The first start of a new installation waits for the first due time: a backup of an empty
  // database at start would only slow the start. After that, a daily backup missed while the bot
  // was down is taken as soon as it runs again.
  const startedAt = clock.now();
  let running: Promise<unknown> = Promise.resolve();

  function backupNow(kind: BackupKind): Promise<WrittenBackup> {
    const next = running.then(async () => {
      const tar = await dump();
      const written = await writeBackup({ dir, tar, kind, now: clock.now(), keep: schedule.keep });
      logger.info(
        { file: written.file.path, bytes: written.bytes, sha256: written.sha256, removed: written.removed },
        `${kind} backup written`,
      );
      return written;
    });
    running = next.catch(() => {});
    return next;
  }

  async function takeDailyIfDue(now: Date): Promise<WrittenBackup | null> {
    if (!schedule.at) return null;
    const due = lastDailyDue(now, schedule.at, schedule.timeZone);
    const newest = (await listBackups(dir)).find((f) => f.kind === 'daily');
    if (newest && newest.takenAt >= due) return null;
    if (!newest && due < startedAt) return null;
    return backupNow('daily');
  }

  const answerRequests = () => answerBackupRequests(requestsDirOf(dir), () => backupNow('manual'));

  return {
    dir,
    backupNow,
    takeDailyIfDue,
    answerRequests,
    tasks: [
      { name: 'backup.requests', run: () => answerRequests() },
      { name: 'backup.daily', run: (now) => takeDailyIfDue(now) },
    ],
  };
}
