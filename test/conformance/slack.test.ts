import { createSlackHarness } from './slack-harness.ts';
import { describeConformance } from './suite.ts';

describeConformance('Slack adapter', () => createSlackHarness());
