import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { StartupError } from '../shared/errors.ts';

/**
 * PGlite takes no lock of its own, and two processes writing one PGlite folder corrupt it. The bot
 * therefore holds an exclusive lock on DATA_DIR (proper-lockfile: an atomic mkdir whose mtime the
 * holder refreshes) and records who holds it, so a second process can say who is in the way.
 */
export interface DataDirLock {
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  hostname: string;
  startedAt: string;
  command: string;
}

const LOCK_NAME = 'bot.lock';
const HOLDER_NAME = 'bot.lock.json';

export class DataDirLockedError extends StartupError {
  constructor(dataDir: string, holder: Holder | null, cause: unknown) {
    super(
      'data_dir_locked',
      holder
        ? `The data folder ${dataDir} is in use by another bot process (pid ${holder.pid} on ${holder.hostname}, ` +
            `started ${holder.startedAt}). Stop that process first, or give this one another folder with DATA_DIR. ` +
            'Nothing was changed.'
        : `The data folder ${dataDir} is in use by another bot process. Stop it first, or set DATA_DIR to ` +
            'another folder. Nothing was changed.',
      { params: { dataDir }, cause },
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(dataDir: string): Promise<Holder | null> {
  try {
    return JSON.parse(await readFile(path.join(dataDir, HOLDER_NAME), 'utf8')) as Holder;
  } catch {
    return null;
  }
}

/**
 * Takes the lock on `dataDir` or throws DataDirLockedError at once. A lock left by a process that
 * died on this host (kill -9, power loss) is recognised by its dead pid and taken over.
 */
export async function lockDataDir(
  dataDir: string,
  options: { onCompromised?: (error: Error) => void } = {},
): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_NAME);
  const attempt = () =>
    lockfile.lock(dataDir, {
      lockfilePath: lockPath,
      realpath: false,
      stale: 10_000,
      update: 2_000,
      retries: 0,
      onCompromised:
        options.onCompromised ??
        ((error) => {
          throw error;
        }),
    });
  let unlock: () => Promise<void>;
  try {
    unlock = await attempt();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await readHolder(dataDir);
    const deadHereBefore = holder !== null && holder.hostname === os.hostname() && !isAlive(holder.pid);
    if (!deadHereBefore) throw new DataDirLockedError(dataDir, holder, error);
    await rm(lockPath, { recursive: true, force: true });
    try {
      unlock = await attempt();
    } catch (again) {
      throw new DataDirLockedError(dataDir, await readHolder(dataDir), again);
    }
  }
  const holder: Holder = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' '),
  };
  await writeFile(path.join(dataDir, HOLDER_NAME), `${JSON.stringify(holder, null, 2)}\n`);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await rm(path.join(dataDir, HOLDER_NAME), { force: true });
      await unlock();
    },
  };
}
