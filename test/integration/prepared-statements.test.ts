import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase, preparedStatementNames } from '../../src/db/database.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { createPostgresDatabase, databaseKinds, silentLogger } from '../support/databases.ts';

describe('statement names', () => {
  it('names a text the same each time, and two texts differently', () => {
    const name = preparedStatementNames();
    const a = name({ sql: 'SELECT 1' });
    expect(a).toMatch(/^s_[0-9a-f]{40}$/);
    expect(name({ sql: 'SELECT 1' })).toBe(a);
    expect(name({ sql: 'SELECT 2' })).not.toBe(a);
  });

  it('names at most `limit` texts; the rest run unnamed, the named ones keep their names', () => {
    const name = preparedStatementNames(2);
    const first = name({ sql: 'SELECT 1' });
    expect(name({ sql: 'SELECT 2' })).toBeDefined();
    expect(name({ sql: 'SELECT 3' })).toBeUndefined();
    expect(name({ sql: 'SELECT 1' })).toBe(first);
  });
});

describe.runIf(databaseKinds.includes('postgres'))('prepared statements on PostgreSQL', () => {
  let drop: () => Promise<void>;
  let db: Database;
  beforeEach(async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    // One connection, so every query below meets the statements the earlier ones prepared.
    db = await openDatabase({ kind: 'postgres', url: created.url, poolMax: 1, connectTimeoutMs: 5000 });
    await migrateDatabase(db, silentLogger);
  });
  afterEach(async () => {
    await db.close();
    await drop();
  });

  it('parses a repeated statement once per connection and runs it again with new parameters', async () => {
    for (const id of ['a', 'b', 'c']) {
      await db.prisma.$queryRaw`SELECT count(*)::int AS n FROM person WHERE id = ${id}`;
    }
    await db.prisma.person.findMany({ where: { id: 'a' } });
    await db.prisma.person.findMany({ where: { id: 'b' } });
    const rows = await db.prisma.$queryRaw<Array<{ name: string; statement: string; runs: number }>>`
      SELECT name, statement, (generic_plans + custom_plans)::int AS runs FROM pg_prepared_statements
      WHERE NOT from_sql AND statement LIKE '%person%' AND statement NOT LIKE '%pg_prepared_statements%'
      ORDER BY statement`;
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.name).toBe(preparedStatementNames()({ sql: row.statement }));
    expect(rows.map((row) => row.runs).sort()).toEqual([2, 3]);
  });
});
