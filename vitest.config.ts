import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every feature's messages, as the composition root installs them (tests build cards without a bot).
    setupFiles: ['test/support/feature-messages.ts'],
    // PGlite boots a WebAssembly PostgreSQL per test file; give slow machines room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
