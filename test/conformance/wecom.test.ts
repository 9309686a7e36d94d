import { databaseKinds } from '../support/databases.ts';
import { describeConformance } from './suite.ts';
import { createWeComHarness } from './wecom-harness.ts';

// PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. The name is short: the suite's titles
// carry it, and a template card's title shows 36 characters.
for (const kind of databaseKinds) {
  describeConformance(`WeCom (${kind})`, () => createWeComHarness({ kind }));
}
