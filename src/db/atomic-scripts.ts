import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/**
 * The schema engine runs each migration through the driver adapter's `executeScript`, and neither
 * adapter we use runs a script safely:
 * - pglite-prisma-adapter 0.7 starts `client.exec(script)` without awaiting it, so a failing
 *   migration is recorded as applied and its error escapes as an unhandled rejection;
 * - @prisma/adapter-pg 7.10 splits the script on every `;` (breaking any string or function body
 *   that contains one) and runs the pieces one by one, so a failure leaves half a migration behind.
 * This wrapper hands out adapters whose `executeScript` sends the whole script in one simple-query
 * message. PostgreSQL runs such a message as one implicit transaction: a migration applies whole or
 * not at all (a migration that needs to run outside a transaction, such as CREATE INDEX
 * CONCURRENTLY, must be applied by hand).
 */
export class AtomicScriptAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres' as const;
  readonly adapterName: string;
  readonly #inner: SqlMigrationAwareDriverAdapterFactory;

  constructor(inner: SqlMigrationAwareDriverAdapterFactory) {
    this.#inner = inner;
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return runScriptsWhole(await this.#inner.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    return runScriptsWhole(await this.#inner.connectToShadowDb());
  }
}

/** What both adapters keep inside: their client (pg.Pool or PGlite) and their error mapper. */
interface AdapterInternals {
  client: { exec?: (sql: string) => Promise<unknown>; query: (sql: string) => Promise<unknown> };
  onError(error: unknown): never;
}

function runScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const { client, onError } = adapter as unknown as AdapterInternals;
  if (typeof client?.query !== 'function' || typeof onError !== 'function') {
    throw new Error(`unexpected ${adapter.adapterName} adapter shape: cannot run migration scripts safely`);
  }
  adapter.executeScript = async (script: string) => {
    try {
      // PGlite's exec and pg's parameterless query both use the simple-query protocol.
      await (client.exec ? client.exec(script) : client.query(script));
    } catch (error) {
      onError.call(adapter, error);
    }
  };
  return adapter;
}
