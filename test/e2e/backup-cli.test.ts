import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotProcess, startBotProcess } from '../support/bot-process.ts';

// `npm run db:backup` and `npm run db:restore`, as an IT person runs them beside a real bot
// process: the running bot takes the backup it is asked for; a restore is refused while the bot
// holds the folder; once it is stopped the restore puts the backup back, keeps the old database
// aside, and the bot starts on the restored one.

const runWith = (
  extra: Record<string, string>,
  dataDir: string,
  script: 'backup' | 'restore',
  ...args: string[]
) =>
  new Promise<{ code: number; out: string }>((resolve) => {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !/^(SLACK_|DATABASE_|DATA_DIR|TEST_DATABASE|BACKUP_)/.test(key))
        env[key] = value;
    }
    execFile(
      process.execPath,
      ['--import', 'tsx', `src/db/cli/${script}.ts`, ...args],
      { env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra }, timeout: 150_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: stdout + stderr });
      },
    );
  });

const run = (dataDir: string, script: 'backup' | 'restore', ...args: string[]) =>
  runWith({}, dataDir, script, ...args);

describe('npm run db:backup and db:restore beside a running bot', { timeout: 300_000 }, () => {
  let dataDir: string;
  let bot: BotProcess | undefined;
  const start = async () => {
    bot = startBotProcess({ DATA_DIR: dataDir, PLAYGROUND: 'off', BACKUP_AT: 'off' });
    await bot.ready(150_000);
  };
  const stop = async () => {
    bot?.child.kill('SIGTERM');
    await bot?.exited();
    bot = undefined;
  };
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-backup-e2e-'));
  });
  afterAll(async () => {
    await stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('backs up through the running bot, refuses to restore under it, and restores once it is stopped', async () => {
    await start();
    const backup = await run(dataDir, 'backup');
    expect(backup.out).toContain('Backup written by the running bot');
    expect(backup.code).toBe(0);
    const [name] = (await readdir(path.join(dataDir, 'backups'))).filter((n) => n.endsWith('.tar.gz'));
    expect(name).toMatch(/^backup-\d{8}T\d{6}Z-manual\.tar\.gz$/);

    const refused = await run(dataDir, 'restore', name ?? '');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('Restore refused');
    expect(refused.out).toContain(`pid ${bot?.child.pid}`);
    expect(refused.out).toContain('Nothing was changed.');

    await stop();
    const restored = await run(dataDir, 'restore', '--', name ?? '');
    expect(restored.out).toContain(`Restored ${dataDir}`);
    expect(restored.code).toBe(0);
    const aside = (await readdir(dataDir)).filter((n) => n.startsWith('pgdata.before-restore-'));
    expect(aside).toHaveLength(1);
    expect(restored.out).toContain(aside[0]);

    // The bot starts on the restored database, and with no bot running the command backs up itself.
    await start();
    await stop();
    const alone = await run(dataDir, 'backup');
    expect(alone.out).toContain('(no bot was running)');
    expect(alone.code).toBe(0);
  });

  it('refuses a restore without a file, and a backup with DATABASE_URL set, saying what to do', async () => {
    const usage = await run(dataDir, 'restore');
    expect(usage.code).toBe(1);
    expect(usage.out).toContain('Usage: npm run db:restore -- <backup file>');
    const missing = await run(dataDir, 'restore', 'backup-19990101T000000Z-daily.tar.gz');
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('No backup file backup-19990101T000000Z-daily.tar.gz');
    const server = await runWith({ DATABASE_URL: 'postgres://u@127.0.0.1:1/db' }, dataDir, 'backup');
    expect(server.code).toBe(1);
    expect(server.out).toContain('backed up with pg_dump (see docs/backups.md)');
  });
});
