import { describe, expect, it } from 'vitest';
import type { WorkflowInstance } from '../../src/domain/workflow/index.ts';
import { describeOutcome } from '../../src/features/workflow/click-outcome.ts';

// A stale click is told who acted and when, in the unit's time zone (from the organisation file).

const instance = {} as WorkflowInstance;
const namesOf = async (ids: readonly string[]) =>
  new Map(ids.map((id) => [id, id === 'p-head' ? '刘洋' : id]));
const stale = {
  kind: 'stale' as const,
  instance,
  changes: [{ actorId: 'p-head', action: 'approve', at: new Date('2026-11-20T06:05:00.000Z') }],
};

describe('the answer to a stale click', () => {
  it('names the time in the unit’s time zone', async () => {
    const shanghai = await describeOutcome(stale, 'zh', { namesOf, timeZone: 'Asia/Shanghai' });
    expect(shanghai).toContain('刘洋');
    expect(shanghai).toContain('11/20 14:05');
    const urumqi = await describeOutcome(stale, 'zh', { namesOf, timeZone: 'Asia/Urumqi' });
    expect(urumqi).toContain('11/20 12:05');
  });
});
