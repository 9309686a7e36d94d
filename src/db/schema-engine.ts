import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

/**
 * Prisma's own schema engine, in its WebAssembly build. The native engine of the Prisma CLI is
 * downloaded from a host outside the npm registry; this build ships inside an npm package, and it
 * writes the same `_prisma_migrations` history, so `prisma migrate deploy` elsewhere agrees with it.
 */
export type { SchemaEngine };

type EngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

let loaded: Promise<EngineModule> | undefined;

async function loadEngineModule(): Promise<EngineModule> {
  const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const require = createRequire(import.meta.url);
  const wasmPath = require
    .resolve('@prisma/schema-engine-wasm')
    .replace(/schema_engine\.js$/, 'schema_engine_bg.wasm');
  const bytes = await readFile(wasmPath);
  // Node has WebAssembly globally; the TypeScript lib for it comes only with "dom", so type it here.
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports as Parameters<EngineModule['__wbg_set_wasm']>[0]);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === 'function') start();
  return bg;
}

/** Log lines the engine emits, as parsed JSON objects. */
export type EngineLog = (line: Record<string, unknown>) => void;

/** Creates an engine bound to `adapterFactory` (PGlite or PostgreSQL) for the given schema. */
export async function createSchemaEngine(
  schema: { path: string; content: string },
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  onLog: EngineLog = () => {},
): Promise<SchemaEngine> {
  loaded ??= loadEngineModule();
  const bg = await loaded;
  return bg.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    (line: string) => {
      try {
        onLog(JSON.parse(line) as Record<string, unknown>);
      } catch {
        onLog({ message: line });
      }
    },
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}

/** Filters with nothing excluded: the schema owns every table. */
export const NO_FILTERS = { externalTables: [], externalEnums: [] };
