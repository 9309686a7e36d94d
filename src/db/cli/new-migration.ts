// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the last migration's schema to prisma/schema.prisma. Needs no server: the
// migrations are replayed on an in-memory PGlite.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from '../database.ts';
import { DEFAULT_MIGRATION_PATHS, diffSchemaAgainstMigrations, MIGRATION_LOCK } from '../migrate.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error(
    'Usage: npm run db:migration -- <name>   (lower-case letters, digits and _; e.g. add_seal_state)',
  );
  process.exit(2);
}

const db = await openDatabase({ kind: 'pglite', dataDir: null });
try {
  const sql = await diffSchemaAgainstMigrations(db);
  if (sql === null) {
    console.log('prisma/schema.prisma matches the migrations; nothing to write.');
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const dir = path.join(DEFAULT_MIGRATION_PATHS.migrationsDir, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), sql);
    await writeFile(path.join(DEFAULT_MIGRATION_PATHS.migrationsDir, 'migration_lock.toml'), MIGRATION_LOCK);
    console.log(
      `Wrote ${path.relative(process.cwd(), dir)}/migration.sql — read it, then run npm run db:migrate.`,
    );
  }
} finally {
  await db.close();
}
