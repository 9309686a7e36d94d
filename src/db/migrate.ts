import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { StartupError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { Database } from './database.ts';
import { createSchemaEngine, type EngineLog, NO_FILTERS, type SchemaEngine } from './schema-engine.ts';

/** Folder of this project's Prisma schema and migrations, relative to the working directory. */
export const PRISMA_DIR = path.resolve('prisma');

export interface MigrationPaths {
  /** The Prisma schema file. */
  schemaFile: string;
  /** The migrations folder (one sub-folder per migration, each with `migration.sql`). */
  migrationsDir: string;
}

export const DEFAULT_MIGRATION_PATHS: MigrationPaths = {
  schemaFile: path.join(PRISMA_DIR, 'schema.prisma'),
  migrationsDir: path.join(PRISMA_DIR, 'migrations'),
};

/** Reads the migrations folder the way the Prisma CLI does. */
export async function readMigrationList(migrationsDir: string): Promise<MigrationList> {
  let entries: string[] = [];
  try {
    entries = (await readdir(migrationsDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let lockContent: string | null = null;
  try {
    lockContent = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8');
  } catch {
    lockContent = null;
  }
  const migrationDirectories = await Promise.all(
    entries.map(async (name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      try {
        return {
          path: name,
          migrationFile: {
            path: 'migration.sql',
            content: { tag: 'ok' as const, value: await readFile(file, 'utf8') },
          },
        };
      } catch (error) {
        return {
          path: name,
          migrationFile: { path: 'migration.sql', content: { tag: 'error' as const, value: String(error) } },
        };
      }
    }),
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/** Raised when a migration cannot be applied; `migration` names it when the engine says which. */
export class MigrationError extends StartupError {
  readonly migration: string | null;
  constructor(migration: string | null, detail: string, cause: unknown) {
    super(
      'migration_failed',
      migration
        ? `Migration "${migration}" failed: ${detail}\n` +
            'Each migration runs in one transaction, so the database is as it was before it. ' +
            `Fix prisma/migrations/${migration}/migration.sql, then run ` +
            `"npm run db:migrate -- --rolled-back ${migration}" and start again.`
        : `Migrations could not be applied: ${detail}`,
      { params: { migration: migration ?? '' }, cause },
    );
    this.migration = migration;
  }
}

/** Picks the failing migration's name out of a schema-engine error message. */
export function failedMigrationName(message: string): string | null {
  const patterns = [
    /Migration name: (\S+)/,
    /The `([^`]+)` migration started at .* failed/,
    /migration `([^`]+)`/i,
    /Applying migration `([^`]+)`/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(message);
    if (match?.[1]) return match[1];
  }
  return null;
}

/**
 * Runs `fn` with a schema engine for `paths.schemaFile` on the database's migration connection,
 * and frees both afterwards, whatever happens.
 */
async function withSchemaEngine<T>(
  db: Database,
  paths: MigrationPaths,
  fn: (engine: SchemaEngine, schema: { path: string; content: string }) => Promise<T>,
  onLog?: EngineLog,
): Promise<T> {
  const schema = { path: paths.schemaFile, content: await readFile(paths.schemaFile, 'utf8') };
  const adapter = await db.openMigrationAdapter();
  try {
    const engine = await createSchemaEngine(schema, adapter.factory, onLog);
    try {
      return await fn(engine, schema);
    } finally {
      engine.free();
    }
  } finally {
    await adapter.close();
  }
}

export interface MigrateResult {
  /** Names of the migrations applied by this call; empty when the database was up to date. */
  applied: string[];
}

/**
 * Applies every pending migration and records it in `_prisma_migrations`. Safe to run on every
 * start and from several replicas at once: on PostgreSQL the engine itself serialises them with
 * the advisory lock `pg_advisory_lock(72707369)`, as `prisma migrate deploy` does.
 */
export async function migrateDatabase(
  db: Database,
  logger: Logger,
  paths: MigrationPaths = DEFAULT_MIGRATION_PATHS,
): Promise<MigrateResult> {
  const list = await readMigrationList(paths.migrationsDir);
  let current: string | null = null;
  const trackCurrent: EngineLog = (line) => {
    const span = line.span as { migration_name?: string } | undefined;
    if (span?.migration_name) current = span.migration_name;
  };
  try {
    const out = await withSchemaEngine(
      db,
      paths,
      (engine) => engine.applyMigrations({ migrationsList: list, filters: NO_FILTERS }),
      trackCurrent,
    );
    for (const name of out.appliedMigrationNames) logger.info({ migration: name }, 'migration applied');
    return { applied: out.appliedMigrationNames };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new MigrationError(failedMigrationName(message) ?? current, firstLines(message, 6), error);
  }
}

/**
 * Marks a failed migration as rolled back, so that a corrected version can be applied. Only for a
 * migration whose transaction was rolled back (the usual case: see MigrationError).
 */
export async function markRolledBack(
  db: Database,
  migration: string,
  paths: MigrationPaths = DEFAULT_MIGRATION_PATHS,
): Promise<void> {
  await withSchemaEngine(db, paths, (engine) => engine.markMigrationRolledBack({ migrationName: migration }));
}

/**
 * The SQL that takes a database from the state of the migrations folder to the current schema,
 * or `null` when nothing changed. Replays the migrations on an in-memory PGlite shadow database,
 * so it needs no server.
 */
export async function diffSchemaAgainstMigrations(
  db: Database,
  paths: MigrationPaths = DEFAULT_MIGRATION_PATHS,
): Promise<string | null> {
  const list = await readMigrationList(paths.migrationsDir);
  return withSchemaEngine(db, paths, async (engine, schema) => {
    const from =
      list.migrationDirectories.length === 0
        ? ({ tag: 'empty' } as const)
        : ({
            tag: 'migrations',
            ...list,
            // The engine needs to know the connector even for a folder written by hand.
            lockfile: { path: list.lockfile.path, content: list.lockfile.content ?? MIGRATION_LOCK },
          } as const);
    const out = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const sql = out.stdout ?? '';
    return /^\s*(--.*)?\s*$/.test(sql) || sql.includes('This is an empty migration') ? null : sql;
  });
}

/** Content of `migration_lock.toml`, as the Prisma CLI writes it. */
export const MIGRATION_LOCK =
  '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n';

function firstLines(text: string, n: number): string {
  return text.split('\n').slice(0, n).join('\n');
}
