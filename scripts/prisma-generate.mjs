// Generates the Prisma client without downloading anything.
// `prisma generate` with the `prisma-client` generator never runs the schema engine, but the CLI
// insists on finding one; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies it
// (see docs/development.md). Migrations use the WebAssembly engine instead (src/db/migrate.ts).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
let cli;
try {
  cli = require.resolve('prisma/build/index.js');
} catch {
  // Production installs (`npm ci --omit=dev`) ship the generated client's sources only when built
  // elsewhere; without the CLI there is nothing to generate.
  console.warn('prisma CLI not installed; skipping client generation');
  process.exit(0);
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
const result = spawnSync(process.execPath, [cli, 'generate', '--schema', 'prisma/schema.prisma'], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
