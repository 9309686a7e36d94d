import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import {
  DEFAULT_MIGRATION_PATHS,
  diffSchemaAgainstMigrations,
  MigrationError,
  type MigrationPaths,
  markRolledBack,
  migrateDatabase,
} from '../../src/db/migrate.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';

async function appliedNames(t: TestDatabase): Promise<string[]> {
  const rows = await t.db.prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
  );
  return rows.map((r) => r.migration_name);
}

async function tableExists(t: TestDatabase, name: string): Promise<boolean> {
  const rows = await t.db.prisma.$queryRawUnsafe<Array<{ n: string | null }>>(
    `SELECT to_regclass('public.${name}')::text AS n`,
  );
  return rows[0]?.n !== null && rows[0]?.n !== undefined;
}

describe.each(databaseKinds)('migrations on %s', (kind) => {
  let t: TestDatabase;
  let workDir: string;
  let paths: MigrationPaths;

  beforeEach(async () => {
    t = await createTestDatabase(kind, { migrate: false });
    workDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-migrations-'));
    await cp(DEFAULT_MIGRATION_PATHS.migrationsDir, path.join(workDir, 'migrations'), { recursive: true });
    await cp(DEFAULT_MIGRATION_PATHS.schemaFile, path.join(workDir, 'schema.prisma'));
    paths = {
      schemaFile: path.join(workDir, 'schema.prisma'),
      migrationsDir: path.join(workDir, 'migrations'),
    };
  });

  afterEach(async () => {
    await t.cleanup();
    await rm(workDir, { recursive: true, force: true });
  });

  it('migrates a fresh database and records the history in _prisma_migrations', async () => {
    const { applied } = await migrateDatabase(t.db, silentLogger, paths);
    expect(applied.length).toBeGreaterThan(0);
    expect(await appliedNames(t)).toEqual(applied);
    expect(await t.db.prisma.department.count()).toBe(0);
  });

  it('does nothing when run again on a migrated database', async () => {
    const first = await migrateDatabase(t.db, silentLogger, paths);
    const second = await migrateDatabase(t.db, silentLogger, paths);
    expect(second.applied).toEqual([]);
    expect(await appliedNames(t)).toEqual(first.applied);
  });

  it('names a failing migration, leaves earlier ones and the data usable, and applies the corrected one', async () => {
    await migrateDatabase(t.db, silentLogger, paths);
    await t.db.prisma.department.create({ data: { id: 'office', name: '办公室', kind: 'office' } });
    const broken = path.join(paths.migrationsDir, '20990101000000_broken');
    await cp(path.join(paths.migrationsDir, (await appliedNames(t))[0] ?? ''), broken, { recursive: true });
    await writeFile(
      path.join(broken, 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INTEGER PRIMARY KEY);\nSELECT * FROM "no_such_table";\n',
    );

    const error = await migrateDatabase(t.db, silentLogger, paths).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).migration).toBe('20990101000000_broken');
    expect((error as MigrationError).message).toContain('20990101000000_broken');
    expect((error as MigrationError).code).toBe('migration_failed');

    // The failed script ran in one transaction: nothing of it remains, and the data is intact.
    expect(await tableExists(t, 'half_done')).toBe(false);
    expect(await t.db.prisma.department.findUnique({ where: { id: 'office' } })).toMatchObject({
      name: '办公室',
    });

    // Start-up keeps refusing, naming it, until the migration is fixed and marked rolled back.
    const again = await migrateDatabase(t.db, silentLogger, paths).catch((e: unknown) => e);
    expect((again as MigrationError).migration).toBe('20990101000000_broken');

    await writeFile(
      path.join(broken, 'migration.sql'),
      'CREATE TABLE "half_done" ("id" INTEGER PRIMARY KEY);\n',
    );
    await markRolledBack(t.db, '20990101000000_broken', paths);
    const fixed = await migrateDatabase(t.db, silentLogger, paths);
    expect(fixed.applied).toEqual(['20990101000000_broken']);
    expect(await tableExists(t, 'half_done')).toBe(true);
  });
  it("carries each person's Slack id into chat_account and drops person.slack_user_id", async () => {
    const chatAccounts = '20261206080000_chat_accounts';
    const later = (await readdir(paths.migrationsDir)).filter(
      (name) => /^\d/.test(name) && name >= chatAccounts,
    );
    const held = path.join(workDir, 'held');
    for (const name of later) {
      await cp(path.join(paths.migrationsDir, name), path.join(held, name), { recursive: true });
      await rm(path.join(paths.migrationsDir, name), { recursive: true });
    }
    await migrateDatabase(t.db, silentLogger, paths);
    await t.db.prisma.$executeRawUnsafe(
      `INSERT INTO department (id, name, kind, updated_at) VALUES ('office', '办公室', 'office', now())`,
    );
    await t.db.prisma.$executeRawUnsafe(
      `INSERT INTO person (id, name, department_id, slack_user_id, updated_at) VALUES
        ('wang-fang', '王芳', 'office', 'U0WANG', now()), ('li-na', '李娜', 'office', NULL, now())`,
    );

    for (const name of later)
      await cp(path.join(held, name), path.join(paths.migrationsDir, name), { recursive: true });
    const { applied } = await migrateDatabase(t.db, silentLogger, paths);
    expect(applied).toContain(chatAccounts);

    expect(
      await t.db.prisma.chatAccount.findMany({
        select: { platform: true, tenant: true, externalId: true, personId: true },
      }),
    ).toEqual([{ platform: 'slack', tenant: '', externalId: 'U0WANG', personId: 'wang-fang' }]);
    const columns = await t.db.prisma.$queryRawUnsafe<Array<{ column_name: string }>>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'person' AND column_name = 'slack_user_id'`,
    );
    expect(columns).toEqual([]);
  });

  it('applies a migration whose SQL has a semicolon inside a string literal', async () => {
    await migrateDatabase(t.db, silentLogger, paths);
    const dir = path.join(paths.migrationsDir, '20990101000001_comment');
    await cp(path.join(paths.migrationsDir, (await appliedNames(t))[0] ?? ''), dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), `COMMENT ON TABLE "person" IS '人员; people';\n`);
    expect((await migrateDatabase(t.db, silentLogger, paths)).applied).toEqual(['20990101000001_comment']);
    const rows = await t.db.prisma.$queryRawUnsafe<Array<{ c: string }>>(
      `SELECT obj_description('public.person'::regclass) AS c`,
    );
    expect(rows[0]?.c).toBe('人员; people');
  });
});

describe.runIf(databaseKinds.includes('postgres'))('migrations from two replicas at once', () => {
  it('applies each migration once when two processes start together', async () => {
    const a = await createTestDatabase('postgres', { migrate: false });
    const b = await openDatabase({ kind: 'postgres', url: a.url ?? '', poolMax: 2, connectTimeoutMs: 5000 });
    try {
      const [ra, rb] = await Promise.all([
        migrateDatabase(a.db, silentLogger),
        migrateDatabase(b, silentLogger),
      ]);
      const all = [...ra.applied, ...rb.applied].sort();
      expect(all).toEqual(await appliedNames(a));
      expect(new Set(all).size).toBe(all.length);
    } finally {
      await b.close();
      await a.cleanup();
    }
  });
});

describe('writing a new migration', () => {
  it('finds no difference between the committed schema and its migrations', async () => {
    const t = await createTestDatabase('pglite', { migrate: false });
    try {
      expect(await diffSchemaAgainstMigrations(t.db)).toBeNull();
    } finally {
      await t.cleanup();
    }
  });

  it('writes the SQL for a model added to the schema', async () => {
    const t = await createTestDatabase('pglite', { migrate: false });
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-diff-'));
    try {
      await cp(DEFAULT_MIGRATION_PATHS.migrationsDir, path.join(workDir, 'migrations'), { recursive: true });
      const schemaFile = path.join(workDir, 'schema.prisma');
      await cp(DEFAULT_MIGRATION_PATHS.schemaFile, schemaFile);
      await writeFile(schemaFile, '\nmodel Probe {\n  id Int @id\n  @@map("probe")\n}\n', { flag: 'a' });
      const sql = await diffSchemaAgainstMigrations(t.db, {
        schemaFile,
        migrationsDir: path.join(workDir, 'migrations'),
      });
      expect(sql).toContain('CREATE TABLE "probe"');
      expect(sql).not.toContain('CREATE TABLE "person"');
    } finally {
      await t.cleanup();
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
