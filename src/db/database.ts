import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.ts';
import { AtomicScriptAdapterFactory } from './atomic-scripts.ts';

/** Where the data lives: embedded PGlite (a folder, or memory) or a PostgreSQL server. */
export type DatabaseTarget =
  | {
      kind: 'pglite';
      /** Folder for PGlite's files; `null` keeps everything in memory (tests). */
      dataDir: string | null;
    }
  | {
      kind: 'postgres';
      url: string;
      /** Upper bound of open connections per process. */
      poolMax: number;
      /** How long to wait for a connection before failing, in milliseconds. */
      connectTimeoutMs: number;
    };

/** An open database: the Prisma client plus what migrations and health checks need. */
export interface Database {
  readonly kind: DatabaseTarget['kind'];
  readonly prisma: PrismaClient;
  /**
   * A driver adapter factory for the schema engine, on ONE connection: the engine takes
   * `pg_advisory_lock` before migrating and must release it on the same session, which a pool
   * spreading its queries over several connections cannot promise. Close it when done.
   */
  openMigrationAdapter(): Promise<{ factory: SqlMigrationAwareDriverAdapterFactory; close(): Promise<void> }>;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  /**
   * Embedded PGlite only (null on PostgreSQL, whose backups are pg_dump's job): a tarball of the
   * whole data folder, taken while no query runs, so it is what a clean stop would have left.
   */
  readonly dumpDataDir: (() => Promise<Uint8Array>) | null;
  close(): Promise<void>;
}

/** The folder PGlite keeps its PostgreSQL cluster in, inside DATA_DIR. */
export function pgliteDirOf(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

/** Path of the PGlite folder a restore loads into before it becomes live. */
export function stagingDirOf(dataDir: string): string {
  return `${pgliteDirOf(dataDir)}.restoring`;
}

/**
 * The mark a restore leaves once its staging folder opened and checked out, until that folder has
 * taken the live folder's name: a start that finds it finishes the restore instead of creating an
 * empty database in the live folder's place.
 */
export function restoreReadyMarkOf(dataDir: string): string {
  return path.join(dataDir, 'pgdata.restore-ready');
}

/** Whether anything (file or folder) is at `p`. */
export async function pathExists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * A restore that died between moving the old database aside and moving the restored one in left
 * no live folder, a checked staging folder and its mark: finish it. A staging folder without the
 * mark was never checked (the restore died while loading it) and is not used.
 */
async function finishInterruptedRestore(dataDir: string): Promise<void> {
  const live = pgliteDirOf(dataDir);
  const mark = restoreReadyMarkOf(dataDir);
  if (!(await pathExists(mark))) return;
  if (!(await pathExists(live)) && (await pathExists(stagingDirOf(dataDir))))
    await rename(stagingDirOf(dataDir), live);
  await rm(mark, { force: true });
}

/** Opens the database named by `target`. The caller owns the result and must `close()` it. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'pglite' ? openPglite(target.dataDir) : openPostgres(target);
}

async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir === null) return databaseOnPglite(await PGlite.create());
  await finishInterruptedRestore(dataDir);
  const dir = pgliteDirOf(dataDir);
  await mkdir(dir, { recursive: true });
  return databaseOnPglite(await PGlite.create({ dataDir: dir }));
}

/** A Database over an already created PGlite (the benchmark instruments its client first). */
export function databaseOnPglite(client: PGlite): Database {
  const adapterFactory = new AtomicScriptAdapterFactory(new PrismaPGlite(client));
  const prisma = new PrismaClient({ adapter: adapterFactory });
  let closed = false;
  return {
    kind: 'pglite',
    prisma,
    // PGlite is a single connection already.
    openMigrationAdapter: async () => ({ factory: adapterFactory, close: async () => {} }),
    async ping() {
      await client.query('SELECT 1');
    },
    async dumpDataDir() {
      // PGlite writes every commit's WAL to the folder at once, so the copy is consistent either
      // way (it is what kill -9 would leave); the CHECKPOINT first writes the dirty pages too, so
      // a restored copy starts without replaying WAL. dumpDataDir itself holds PGlite's query
      // lock while it reads the files: no statement runs in between.
      await client.exec('CHECKPOINT');
      const tarball = await client.dumpDataDir('none');
      return new Uint8Array(await tarball.arrayBuffer());
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await client.close();
    },
  };
}

/**
 * Names the statements the bot sends (by a hash of their text), so that each pooled connection
 * parses and plans a statement once and then only binds and runs it: a click's one-statement
 * write is long, and parsing and planning it for every click cost the server more than running
 * it (bench/engine.ts). At most `limit` distinct texts are named, which bounds what each
 * connection keeps prepared; any further text gets no name and runs unnamed, parsed every time.
 */
export function preparedStatementNames(limit = 256): (query: { sql: string }) => string | undefined {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < limit) {
      name = `s_${createHash('sha1').update(sql).digest('hex')}`;
      names.set(sql, name);
    }
    return name;
  };
}

async function openPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolMax,
    connectionTimeoutMillis: target.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool
  // replaces it on the next checkout.
  pool.on('error', () => {});
  const prisma = new PrismaClient({
    // pg runs a query whose name is undefined as an unnamed statement (the adapter's type wants a string).
    adapter: new PrismaPg(pool, {
      statementNameGenerator: preparedStatementNames() as (q: { sql: string }) => string,
    }),
  });
  let closed = false;
  return {
    kind: 'postgres',
    prisma,
    async openMigrationAdapter() {
      const single = new pg.Pool({
        connectionString: target.url,
        max: 1,
        connectionTimeoutMillis: target.connectTimeoutMs,
      });
      single.on('error', () => {});
      return { factory: new AtomicScriptAdapterFactory(new PrismaPg(single)), close: () => single.end() };
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    dumpDataDir: null,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
