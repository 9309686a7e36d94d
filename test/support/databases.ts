import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/shared/logger.ts';

/**
 * Data-layer tests run on PGlite always, and on PostgreSQL too when TEST_DATABASE_URL is set.
 * Use with `describe.each(databaseKinds)`.
 */
export type TestDatabaseKind = 'pglite' | 'postgres';

export const databaseKinds: TestDatabaseKind[] = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

export interface TestDatabase {
  db: Database;
  /** Connection URL of the private PostgreSQL database (postgres only). */
  url: string | null;
  /** Closes the connection and drops the private database. */
  cleanup(): Promise<void>;
}

export const silentLogger = createLogger({ level: 'silent', pretty: false });

/** Creates a private database for one test file: in-memory PGlite, or a fresh PostgreSQL database. */
export async function createTestDatabase(
  kind: TestDatabaseKind,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (kind === 'pglite') {
    const db = await openDatabase({ kind: 'pglite', dataDir: null });
    if (migrate) await migrateDatabase(db, silentLogger);
    return { db, url: null, cleanup: () => db.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const db = await openDatabase({ kind: 'postgres', url, poolMax: 5, connectTimeoutMs: 5000 });
  if (migrate) await migrateDatabase(db, silentLogger);
  return {
    db,
    url,
    async cleanup() {
      await db.close();
      await drop();
    },
  };
}

/** A new, empty database on the TEST_DATABASE_URL server, and a function that drops it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `office_bot_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
