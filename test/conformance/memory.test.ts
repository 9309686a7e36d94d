import { databaseKinds } from '../support/databases.ts';
import { createMemoryHarness } from './memory-harness.ts';
import { describeConformance } from './suite.ts';

// PGlite always; PostgreSQL too when TEST_DATABASE_URL is set.
for (const kind of databaseKinds) {
  describeConformance(`in-memory adapter (${kind})`, () => createMemoryHarness({ kind }));
}
