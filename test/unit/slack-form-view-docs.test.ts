import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { docArchiveBuilders } from './fixtures/doc-archive-builders.ts';
import { docArchiveModalCases } from './fixtures/doc-archive-modal-cases.ts';

// The views the documents and archive forms' builders drew before they moved onto FormSpec.
const recorded = JSON.parse(
  readFileSync(new URL('./fixtures/legacy-doc-archive-views.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** JSON with keys sorted: what Slack reads, where the order of an object's keys means nothing. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

describe('the documents and archive forms keep the Slack views they had', () => {
  it.each(docArchiveModalCases())('%s', (name, builder, args) => {
    const build = docArchiveBuilders[builder];
    if (!build) throw new Error(`no builder ${builder}`);
    const view = build(...args);
    expect(recorded[name]).toBeDefined();
    expect(view).toStrictEqual(recorded[name]);
    expect(canonical(view)).toBe(canonical(recorded[name]));
  });
});
