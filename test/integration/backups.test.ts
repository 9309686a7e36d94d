import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listBackups, readBackup, writeBackup } from '../../src/db/backup/backup-files.ts';
import {
  answerBackupRequests,
  requestBackupFromBot,
  requestsDirOf,
} from '../../src/db/backup/backup-requests.ts';
import { createEmbeddedBackups, lastDailyDue } from '../../src/db/backup/embedded-backups.ts';
import { restoreDataDir } from '../../src/db/backup/restore.ts';
import { lockDataDir } from '../../src/db/data-dir-lock.ts';
import {
  type Database,
  openDatabase,
  pgliteDirOf,
  restoreReadyMarkOf,
  stagingDirOf,
} from '../../src/db/database.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { verifyAuditChains } from '../../src/features/workflow/audit.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { silentLogger, type TestDatabase } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { applyClicks, EXAMPLE, loadExampleOrg, testWorkflowService } from '../support/workflow.ts';

// Backups of the embedded database (PGlite in DATA_DIR): what is backed up comes back row for row
// after the folder is wiped; a backup taken while clicks commit is consistent; retention and the
// daily schedule; a restore refuses a held folder or a bad file and then changes nothing.

const TEAM = 'T-BACKUP';

/** Every table of the public schema, each row as JSON, in a stable order: what "the same data" means. */
async function snapshot(db: Database): Promise<Record<string, string[]>> {
  const tables = await db.prisma.$queryRawUnsafe<Array<{ name: string }>>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await db.prisma.$queryRawUnsafe<Array<{ r: string }>>(
      `SELECT row_to_json(t)::text AS r FROM "${name}" t`,
    );
    out[name] = rows.map((row) => row.r).sort();
  }
  return out;
}

/** A fingerprint of every file of the PGlite folder: "changes nothing" is checked against it. */
async function folderHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (d: string): Promise<void> => {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const p = path.join(d, entry.name);
      hash.update(p);
      if (entry.isDirectory()) await walk(p);
      else hash.update(await readFile(p));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

async function openAt(dataDir: string): Promise<Database> {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  await migrateDatabase(db, silentLogger);
  return db;
}

/** Starts `n` generic approvals by the drafter and takes each through its first step. */
async function someWorkflowState(service: WorkflowService, n: number, label: string): Promise<void> {
  const click = applyClicks(service, TEAM);
  for (let i = 0; i < n; i++) {
    const instance = await service.start({
      definitionId: 'generic_approval',
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: TEAM,
      title: `${label} ${i}（第${i}批）`,
      secrecy: 'internal',
      urgency: 'normal',
    });
    await click(instance, EXAMPLE.deptHead, { type: 'approve', comment: `同意 ${i}` });
  }
}

// Creating a PGlite folder (initdb) takes many seconds on a busy machine: one migrated folder
// with the example organisation is made once per file and copied for each test.
let template: Promise<string> | undefined;
function exampleDataDir(): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-backup-template-'));
    const db = await openAt(dir);
    await loadExampleOrg({ db, url: null, cleanup: () => db.close() });
    await db.close();
    return dir;
  })();
  return template;
}

/** A new DATA_DIR holding a copy of the example database. */
async function newDataDir(prefix: string): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await cp(pgliteDirOf(await exampleDataDir()), pgliteDirOf(dataDir), { recursive: true });
  return dataDir;
}

afterAll(async () => {
  if (template) await rm(await template, { recursive: true, force: true });
});

describe('backups of the embedded database', { timeout: 120_000 }, () => {
  let dataDir: string;
  let clock: FakeClock;
  beforeAll(async () => {
    await exampleDataDir();
  }, 180_000);
  beforeEach(async () => {
    dataDir = await newDataDir('office-bot-backup-');
    clock = new FakeClock('2026-12-07T01:00:00Z');
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('restores, after the database folder is wiped, every row of every table as it was when backed up', async () => {
    let db = await openAt(dataDir);
    const t: TestDatabase = { db, url: null, cleanup: () => db.close() };
    const service = testWorkflowService(t, clock);
    await someWorkflowState(service, 3, '关于防汛物资的请示');
    const backups = createEmbeddedBackups({
      db,
      dataDir,
      clock,
      logger: silentLogger,
      schedule: { at: null, timeZone: 'Asia/Shanghai', keep: 14 },
    });
    const before = await snapshot(db);
    expect(before.workflow_instance).toHaveLength(3);
    const written = await backups.backupNow('manual');
    // Written after the backup: must not come back.
    await someWorkflowState(service, 1, '备份之后');
    await db.close();

    await rm(pgliteDirOf(dataDir), { recursive: true, force: true });
    const restored = await restoreDataDir({ dataDir, file: written.file.path, now: clock.now() });
    expect(restored.previous).toBeNull();
    expect(restored.migrations).toBeGreaterThan(0);

    db = await openAt(dataDir);
    try {
      expect(await snapshot(db)).toEqual(before);
      expect((await verifyAuditChains(db.prisma)).broken).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('keeps the database it replaced beside the restored one instead of deleting it', async () => {
    const db = await openAt(dataDir);
    const t: TestDatabase = { db, url: null, cleanup: () => db.close() };
    const service = testWorkflowService(t, clock);
    const backups = createEmbeddedBackups({
      db,
      dataDir,
      clock,
      logger: silentLogger,
      schedule: { at: null, timeZone: 'Asia/Shanghai', keep: 14 },
    });
    const written = await backups.backupNow('manual');
    await someWorkflowState(service, 2, '恢复前的新件');
    await db.close();

    const restored = await restoreDataDir({ dataDir, file: written.file.path, now: clock.now() });
    expect(restored.previous).toBe(`${pgliteDirOf(dataDir)}.before-restore-20261207T010000Z`);
    // The folder set aside is the whole database as it was: it opens and holds the later items.
    const aside = await PGlite.create({ dataDir: restored.previous ?? '' });
    try {
      const count = await aside.query<{ n: number }>('SELECT count(*)::int AS n FROM workflow_instance');
      expect(count.rows[0]?.n).toBe(2);
    } finally {
      await aside.close();
    }
    const now = await openAt(dataDir);
    try {
      expect(await now.prisma.workflowInstance.count()).toBe(0);
    } finally {
      await now.close();
    }
  });

  it('finishes a restore that died between its two renames at the next start, instead of starting empty', async () => {
    let db = await openAt(dataDir);
    const service = testWorkflowService({ db, url: null, cleanup: () => db.close() }, clock);
    await someWorkflowState(service, 2, '恢复中断');
    await db.close();
    // What the restore leaves at that moment: the old folder moved aside, the checked staging
    // folder not yet moved in, and the mark that it checked out.
    await rename(pgliteDirOf(dataDir), stagingDirOf(dataDir));
    await writeFile(restoreReadyMarkOf(dataDir), `${stagingDirOf(dataDir)}\n`);

    db = await openAt(dataDir);
    try {
      expect(await db.prisma.workflowInstance.count()).toBe(2);
    } finally {
      await db.close();
    }
    expect(await exists(stagingDirOf(dataDir))).toBe(false);
    expect(await exists(restoreReadyMarkOf(dataDir))).toBe(false);
  });

  it('never starts on a staging folder that was not checked (a restore that died while loading it)', async () => {
    let db = await openAt(dataDir);
    const service = testWorkflowService({ db, url: null, cleanup: () => db.close() }, clock);
    await someWorkflowState(service, 1, '未核验的暂存');
    await db.close();
    await cp(pgliteDirOf(dataDir), stagingDirOf(dataDir), { recursive: true });
    await rm(pgliteDirOf(dataDir), { recursive: true, force: true });

    db = await openAt(dataDir);
    try {
      expect(await db.prisma.workflowInstance.count()).toBe(0);
    } finally {
      await db.close();
    }
    expect(await exists(stagingDirOf(dataDir))).toBe(true);
  });

  it('takes a consistent backup while clicks are being committed', async () => {
    const db = await openAt(dataDir);
    const t: TestDatabase = { db, url: null, cleanup: () => db.close() };
    const service = testWorkflowService(t, clock);
    const backups = createEmbeddedBackups({
      db,
      dataDir,
      clock,
      logger: silentLogger,
      schedule: { at: null, timeZone: 'Asia/Shanghai', keep: 14 },
    });
    let stop = false;
    const writer = (async () => {
      let i = 0;
      // Bounded, so that a failed test cannot leave it running.
      while (!stop && i < 50) await someWorkflowState(service, 1, `并发 ${i++}`);
      return i;
    })();
    // Let some commits land first, then back up in the middle of the stream of clicks.
    while ((await db.prisma.auditEntry.count()) < 6) await new Promise((r) => setImmediate(r));
    const written = await backups.backupNow('manual');
    const afterBackup = await db.prisma.auditEntry.count();
    stop = true;
    await writer;
    await db.close();

    const copyDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-backup-copy-'));
    try {
      await restoreDataDir({ dataDir: copyDir, file: written.file.path, now: clock.now() });
      const copy = await openAt(copyDir);
      try {
        const audit = await copy.prisma.auditEntry.count();
        expect(audit).toBeGreaterThanOrEqual(6);
        expect(audit).toBeLessThanOrEqual(afterBackup);
        expect((await verifyAuditChains(copy.prisma)).broken).toBeNull();
        // Each instance's version is the last audit entry's: a torn copy would split them.
        const instances = await copy.prisma.workflowInstance.findMany({
          select: { id: true, version: true },
        });
        for (const instance of instances) {
          const last = await copy.prisma.auditEntry.findFirst({
            where: { instanceId: instance.id },
            orderBy: { seq: 'desc' },
          });
          expect(last?.afterVersion).toBe(instance.version);
        }
      } finally {
        await copy.close();
      }
    } finally {
      await rm(copyDir, { recursive: true, force: true });
    }
  });
});

describe('backup files, retention and the schedule', { timeout: 60_000 }, () => {
  let dataDir: string;
  let db: Database;
  let tar: Uint8Array;
  beforeAll(async () => {
    dataDir = await newDataDir('office-bot-backup-files-');
    db = await openAt(dataDir);
    tar = (await db.dumpDataDir?.()) ?? new Uint8Array();
  }, 180_000);
  afterAll(async () => {
    await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-backups-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names each backup by its UTC time and writes its SHA-256 beside it in sha256sum form', async () => {
    const written = await writeBackup({
      dir,
      tar,
      kind: 'daily',
      now: new Date('2026-12-06T19:00:00.456Z'),
      keep: 14,
    });
    expect(written.file.name).toBe('backup-20261206T190000Z-daily.tar.gz');
    const gz = await readFile(written.file.path);
    const sha = createHash('sha256').update(gz).digest('hex');
    expect(written.sha256).toBe(sha);
    expect(await readFile(`${written.file.path}.sha256`, 'utf8')).toBe(
      `${sha}  backup-20261206T190000Z-daily.tar.gz\n`,
    );
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the newest BACKUP_KEEP of a kind, removing the oldest, and leaves the other kind alone', async () => {
    const at = (day: number) => new Date(Date.UTC(2026, 11, day, 19, 0, 0));
    await writeBackup({ dir, tar, kind: 'manual', now: at(1), keep: 3 });
    for (const day of [2, 3, 4]) await writeBackup({ dir, tar, kind: 'daily', now: at(day), keep: 3 });
    const fourth = await writeBackup({ dir, tar, kind: 'daily', now: at(5), keep: 3 });
    expect(fourth.removed).toEqual(['backup-20261202T190000Z-daily.tar.gz']);
    expect((await listBackups(dir)).map((f) => f.name)).toEqual([
      'backup-20261205T190000Z-daily.tar.gz',
      'backup-20261204T190000Z-daily.tar.gz',
      'backup-20261203T190000Z-daily.tar.gz',
      'backup-20261201T190000Z-manual.tar.gz',
    ]);
    expect(await exists(path.join(dir, 'backup-20261202T190000Z-daily.tar.gz.sha256'))).toBe(false);
  });

  it('never removes the backup just written, even when the clock says it is the oldest', async () => {
    await writeBackup({ dir, tar, kind: 'daily', now: new Date('2026-12-05T19:00:00Z'), keep: 1 });
    const behind = await writeBackup({
      dir,
      tar,
      kind: 'daily',
      now: new Date('2026-12-01T19:00:00Z'),
      keep: 1,
    });
    expect(behind.removed).toEqual(['backup-20261205T190000Z-daily.tar.gz']);
    expect((await listBackups(dir)).map((f) => f.name)).toEqual([behind.file.name]);
  });

  it('gives a second backup in the same second its own name instead of overwriting the first', async () => {
    const now = new Date('2026-12-06T02:00:00Z');
    const first = await writeBackup({ dir, tar, kind: 'manual', now, keep: 14 });
    const second = await writeBackup({ dir, tar, kind: 'manual', now, keep: 14 });
    expect(second.file.name).toBe('backup-20261206T020000Z-2-manual.tar.gz');
    expect(await exists(first.file.path)).toBe(true);
  });

  it('clears a temporary file a crash left mid-write and never lists it as a backup', async () => {
    const leftover = path.join(dir, 'backup-20261206T020000Z-daily.tar.gz.abcd1234.tmp');
    await writeFile(leftover, 'half a backup');
    expect(await listBackups(dir)).toEqual([]);
    await writeBackup({ dir, tar, kind: 'daily', now: new Date('2026-12-06T03:00:00Z'), keep: 14 });
    expect(await exists(leftover)).toBe(false);
  });

  it('finds the daily backup due at BACKUP_AT in the unit time zone', () => {
    const at = { hour: 3, minute: 0 };
    // 03:00 in Shanghai is 19:00 UTC the day before.
    expect(lastDailyDue(new Date('2026-12-06T19:00:00Z'), at, 'Asia/Shanghai')).toEqual(
      new Date('2026-12-06T19:00:00Z'),
    );
    expect(lastDailyDue(new Date('2026-12-06T18:59:59Z'), at, 'Asia/Shanghai')).toEqual(
      new Date('2026-12-05T19:00:00Z'),
    );
  });

  it('takes the daily backup once when BACKUP_AT comes, not at the first start, and a missed one after a restart', async () => {
    const clock = new FakeClock('2026-12-06T10:00:00Z');
    const dailyDb = { ...db, dumpDataDir: async () => tar };
    const schedule = { at: { hour: 3, minute: 0 }, timeZone: 'Asia/Shanghai', keep: 14 };
    const make = () =>
      createEmbeddedBackups({ db: dailyDb, dataDir: dir, clock, logger: silentLogger, schedule });
    const first = make();
    expect(await first.takeDailyIfDue(clock.now())).toBeNull();
    clock.set(new Date('2026-12-06T18:59:00Z'));
    expect(await first.takeDailyIfDue(clock.now())).toBeNull();
    clock.set(new Date('2026-12-06T19:00:00Z'));
    expect((await first.takeDailyIfDue(clock.now()))?.file.name).toBe('backup-20261206T190000Z-daily.tar.gz');
    clock.set(new Date('2026-12-06T19:01:00Z'));
    expect(await first.takeDailyIfDue(clock.now())).toBeNull();
    // Down over the next 03:00, up again at 09:00 Shanghai: the missed one is taken at once.
    clock.set(new Date('2026-12-08T01:00:00Z'));
    const restarted = make();
    expect((await restarted.takeDailyIfDue(clock.now()))?.file.name).toBe(
      'backup-20261208T010000Z-daily.tar.gz',
    );
    expect(await restarted.takeDailyIfDue(clock.now())).toBeNull();
  });

  it('answers an npm run db:backup request with the backup the bot took, and withdraws one nobody answered', async () => {
    const clock = new FakeClock('2026-12-06T10:00:00Z');
    const backups = createEmbeddedBackups({
      db: { ...db, dumpDataDir: async () => tar },
      dataDir: dir,
      clock,
      logger: silentLogger,
      schedule: { at: null, timeZone: 'Asia/Shanghai', keep: 14 },
    });
    const requests = requestsDirOf(backups.dir);
    // The bot looks for requests while the command waits between its checks.
    const answer = await requestBackupFromBot(requests, {
      timeoutMs: 10_000,
      pollMs: 250,
      sleep: async () => {
        await backups.answerRequests();
      },
    });
    expect(answer).toMatchObject({
      ok: true,
      file: path.join(backups.dir, 'backup-20261206T100000Z-manual.tar.gz'),
    });
    expect(await readdir(requests)).toEqual([]);

    const unanswered = await requestBackupFromBot(requests, {
      timeoutMs: 1000,
      pollMs: 250,
      sleep: async () => {},
    }).catch((e: unknown) => e);
    expect(String(unanswered)).toContain('no answer from the running bot within 1 s');
    expect(await readdir(requests)).toEqual([]);
    expect(await answerBackupRequests(requests, backups.backupNow.bind(null, 'manual'))).toBe(0);
  });
});

describe('a restore that must not happen changes nothing', { timeout: 60_000 }, () => {
  let dataDir: string;
  let backupFile: string;
  let original: string;
  beforeAll(async () => {
    dataDir = await newDataDir('office-bot-restore-refused-');
    const db = await openAt(dataDir);
    const backups = createEmbeddedBackups({
      db,
      dataDir,
      clock: new FakeClock('2026-12-06T10:00:00Z'),
      logger: silentLogger,
      schedule: { at: null, timeZone: 'Asia/Shanghai', keep: 14 },
    });
    backupFile = (await backups.backupNow('manual')).file.path;
    await db.close();
    original = await folderHash(pgliteDirOf(dataDir));
  }, 180_000);
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function expectRefused(file: string, code: string, words: string): Promise<void> {
    const error = await restoreDataDir({ dataDir, file, now: new Date() }).catch((e: unknown) => e);
    // Only the code is compared: a restore that went through returns the 40 MB tarball, which a
    // diff of the whole object would take minutes to print.
    expect(error instanceof Error ? (error as Error & { code?: string }).code : 'no error: it restored').toBe(
      code,
    );
    expect((error as Error).message).toContain(words);
    expect((error as Error).message).toContain('Nothing was changed.');
    expect(await folderHash(pgliteDirOf(dataDir))).toBe(original);
    expect(await exists(stagingDirOf(dataDir))).toBe(false);
    expect((await readdir(dataDir)).filter((n) => n.includes('before-restore'))).toEqual([]);
  }

  async function variant(name: string, bytes: Uint8Array, checksum: string | null): Promise<string> {
    const file = path.join(dataDir, 'backups', name);
    await writeFile(file, bytes);
    if (checksum !== null) await writeFile(`${file}.sha256`, checksum);
    return file;
  }

  it('refuses while a bot holds the data folder, saying to stop it first', async () => {
    const lock = await lockDataDir(dataDir);
    try {
      await expectRefused(backupFile, 'restore_data_dir_held', `pid ${process.pid}`);
    } finally {
      await lock.release();
    }
  });

  it('refuses a backup with one byte changed, by its SHA-256', async () => {
    const bytes = new Uint8Array(await readFile(backupFile));
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    const file = await variant('flipped.tar.gz', bytes, await readFile(`${backupFile}.sha256`, 'utf8'));
    await expectRefused(file, 'backup_checksum_mismatch', 'damaged or was changed');
  });

  it('refuses a backup without its checksum file', async () => {
    const file = await variant('lonely.tar.gz', await readFile(backupFile), null);
    await expectRefused(file, 'backup_checksum_missing', 'lonely.tar.gz.sha256');
  });

  it('refuses a truncated tarball even when its checksum was recomputed to match', async () => {
    const cut = gzipSync(gunzipSync(await readFile(backupFile)).subarray(0, 700_000));
    const sha = createHash('sha256').update(cut).digest('hex');
    const file = await variant('cut.tar.gz', cut, `${sha}  cut.tar.gz\n`);
    await expectRefused(file, 'backup_bad_tarball', 'truncated');
  });

  it('refuses a file that is not a backup at all', async () => {
    const junk = new TextEncoder().encode('档号,题名\nE-1,不是备份\n');
    const sha = createHash('sha256').update(junk).digest('hex');
    const file = await variant('catalog.tar.gz', junk, `${sha}  catalog.tar.gz\n`);
    await expectRefused(file, 'backup_not_gzip', 'not a gzip archive');
  });

  it('reads an intact backup back with the PostgreSQL version it was written by', async () => {
    const checked = await readBackup(backupFile);
    expect(checked.summary.postgresMajor).toMatch(/^\d+$/);
    expect(checked.summary.entries).toBeGreaterThan(100);
  });
});
