import { databaseKinds } from '../support/databases.ts';
import { createDingTalkHarness } from './dingtalk-harness.ts';
import { describeConformance } from './suite.ts';

// PGlite always; PostgreSQL too when TEST_DATABASE_URL is set.
for (const kind of databaseKinds) {
  describeConformance(`DingTalk adapter over the stand-in (${kind})`, () => createDingTalkHarness({ kind }));
}
