// `npm run db:backup` while a bot holds the data folder: PGlite is one process, so the command
// cannot open the database itself. It leaves a request file in DATA_DIR/backups/requests, and the
// running bot, which looks there every few seconds, takes the backup and writes the answer beside
// it. A file rather than a port: nothing listens on the network, there is no token to keep, and
// whoever may write into DATA_DIR may read the database anyway.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WrittenBackup } from './backup-files.ts';

/** The bot's answer to one request. */
export type BackupAnswer =
  | { ok: true; file: string; sha256: string; bytes: number; removed: string[] }
  | { ok: false; message: string };

const REQUEST = /^([0-9a-f-]{36})\.request\.json$/;

/** Where requests and answers are exchanged: `DATA_DIR/backups/requests`. */
export function requestsDirOf(backupsDir: string): string {
  return path.join(backupsDir, 'requests');
}

async function writeJsonAtomically(target: string, value: unknown): Promise<void> {
  // The other side reads only complete files: a rename is atomic, a write is not.
  const temp = `${target}.tmp`;
  await writeFile(temp, `${JSON.stringify(value)}\n`, { mode: 0o600 });
  await rename(temp, target);
}

/**
 * The bot's side: takes one backup per waiting request (in order) and answers each. Returns how
 * many it answered. A failed backup is answered with its message, not thrown.
 */
export async function answerBackupRequests(
  requestsDir: string,
  takeBackup: () => Promise<WrittenBackup>,
): Promise<number> {
  let names: string[];
  try {
    names = await readdir(requestsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let answered = 0;
  for (const name of names.sort()) {
    const id = REQUEST.exec(name)?.[1];
    if (!id) continue;
    let answer: BackupAnswer;
    try {
      const written = await takeBackup();
      answer = {
        ok: true,
        file: written.file.path,
        sha256: written.sha256,
        bytes: written.bytes,
        removed: written.removed,
      };
    } catch (error) {
      answer = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    await writeJsonAtomically(path.join(requestsDir, `${id}.answer.json`), answer);
    await rm(path.join(requestsDir, name), { force: true });
    answered += 1;
  }
  return answered;
}

/** The running bot did not answer in time. */
export class BackupRequestTimeout extends Error {}

/**
 * The command's side: leaves a request and waits for the bot's answer, checking every `pollMs`
 * (through `sleep`, so tests move time themselves). On timeout the request is withdrawn, so a bot
 * that comes back later does not take a backup nobody waits for.
 */
export async function requestBackupFromBot(
  requestsDir: string,
  options: { timeoutMs: number; pollMs: number; sleep: (ms: number) => Promise<void> },
): Promise<BackupAnswer> {
  await mkdir(requestsDir, { recursive: true });
  const id = randomUUID();
  const request = path.join(requestsDir, `${id}.request.json`);
  const answerPath = path.join(requestsDir, `${id}.answer.json`);
  await writeJsonAtomically(request, { pid: process.pid, requestedAt: new Date().toISOString() });
  for (let waited = 0; ; waited += options.pollMs) {
    try {
      const answer = JSON.parse(await readFile(answerPath, 'utf8')) as BackupAnswer;
      await rm(answerPath, { force: true });
      return answer;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (waited >= options.timeoutMs) {
      await rm(request, { force: true });
      throw new BackupRequestTimeout(
        `no answer from the running bot within ${Math.round(options.timeoutMs / 1000)} s`,
      );
    }
    await options.sleep(options.pollMs);
  }
}
