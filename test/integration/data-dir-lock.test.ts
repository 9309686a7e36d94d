import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../src/db/data-dir-lock.ts';

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  const pid = child.pid ?? 0;
  await new Promise((resolve) => child.on('exit', resolve));
  return pid;
}

describe('the data folder lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second holder and says which process holds the folder', async () => {
    const first = await lockDataDir(dir);
    try {
      const error = await lockDataDir(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as DataDirLockedError).code).toBe('data_dir_locked');
      expect((error as Error).message).toContain(`pid ${process.pid}`);
      expect((error as Error).message).toContain(dir);
    } finally {
      await first.release();
    }
  });

  it('can be taken again once released', async () => {
    const first = await lockDataDir(dir);
    await first.release();
    const second = await lockDataDir(dir);
    await second.release();
  });

  it('takes over a lock left behind by a process that died on this host', async () => {
    await mkdir(path.join(dir, 'bot.lock'));
    const holder = {
      pid: await deadPid(),
      hostname: os.hostname(),
      startedAt: '2026-01-01T00:00:00Z',
      command: 'x',
    };
    await writeFile(path.join(dir, 'bot.lock.json'), JSON.stringify(holder));
    const lock = await lockDataDir(dir);
    const now = JSON.parse(await readFile(path.join(dir, 'bot.lock.json'), 'utf8')) as { pid: number };
    expect(now.pid).toBe(process.pid);
    await lock.release();
  });

  it('does not take over a fresh lock whose holder on another host it cannot check', async () => {
    await mkdir(path.join(dir, 'bot.lock'));
    const holder = { pid: 1, hostname: 'some-other-host', startedAt: '2026-01-01T00:00:00Z', command: 'x' };
    await writeFile(path.join(dir, 'bot.lock.json'), JSON.stringify(holder));
    const error = await lockDataDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as Error).message).toContain('some-other-host');
    expect((await stat(path.join(dir, 'bot.lock'))).isDirectory()).toBe(true);
  });
});
