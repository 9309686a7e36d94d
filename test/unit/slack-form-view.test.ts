import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildActionModal } from '../../src/chat/slack/blocks/modals.ts';
import { buildSealRequestModal } from '../../src/chat/slack/seal/blocks.ts';
import { actionModalCases, sealRequestCases } from './fixtures/modal-view-cases.ts';

// The views recorded from the builders these forms had before they moved onto FormSpec.
const recorded = JSON.parse(
  readFileSync(new URL('./fixtures/legacy-modal-views.json', import.meta.url), 'utf8'),
) as { action: Record<string, unknown>; sealRequest: Record<string, unknown> };

/** JSON with keys sorted: what Slack reads, where the order of an object's keys means nothing. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

describe('forms drawn from a FormSpec keep the Slack views they had', () => {
  it.each(actionModalCases())('the action form: %s', (name, input) => {
    const view = buildActionModal(input);
    expect(view).toStrictEqual(recorded.action[name]);
    expect(canonical(view)).toBe(canonical(recorded.action[name]));
  });

  it.each(sealRequestCases())('the seal request form: %s', (name, input) => {
    const view = buildSealRequestModal(input);
    expect(view).toStrictEqual(recorded.sealRequest[name]);
    expect(canonical(view)).toBe(canonical(recorded.sealRequest[name]));
  });
});
