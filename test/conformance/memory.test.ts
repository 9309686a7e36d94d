import { createMemoryHarness } from './memory-harness.ts';
import { describeConformance } from './suite.ts';

describeConformance('in-memory adapter', () => createMemoryHarness());
