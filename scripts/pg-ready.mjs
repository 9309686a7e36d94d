// Exits 0 when the PostgreSQL server at the given URL accepts a connection and can create
// databases (the tests make one per test file), 1 otherwise. Used by .ci/run.
import pg from 'pg';

const url = process.argv[2];
if (!url) {
  console.error('usage: node scripts/pg-ready.mjs postgres://user@host:port/db');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
try {
  await client.connect();
  const { rows } = await client.query(
    'SELECT rolcreatedb OR rolsuper AS ok FROM pg_roles WHERE rolname = current_user',
  );
  if (!rows[0]?.ok) throw new Error(`${url}: the role may not create databases`);
  await client.end();
  process.exit(0);
} catch (error) {
  console.error(`PostgreSQL not usable: ${error instanceof Error ? error.message : error}`);
  await client.end().catch(() => {});
  process.exit(1);
}
