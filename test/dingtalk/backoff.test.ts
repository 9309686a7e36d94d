import { describe, expect, it } from 'vitest';
import { exponentialBackoff } from '../../src/chat/dingtalk/backoff.ts';

describe('reconnect backoff', () => {
  it('doubles from the base up to the cap, with half of each step random', () => {
    const low = exponentialBackoff({ baseMs: 1000, maxMs: 60_000, random: () => 0 });
    const high = exponentialBackoff({ baseMs: 1000, maxMs: 60_000, random: () => 0.999_999 });
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(low)).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect([0, 1, 6, 7, 1000].map(high)).toEqual([1000, 2000, 60_000, 60_000, 60_000]);
  });

  it('never waits less than half a step, so replicas never hammer the gateway', () => {
    const policy = exponentialBackoff();
    for (let attempt = 0; attempt < 40; attempt++) {
      const step = Math.min(60_000, 1000 * 2 ** attempt);
      const delay = policy(attempt);
      expect(delay).toBeGreaterThanOrEqual(step / 2);
      expect(delay).toBeLessThanOrEqual(step);
    }
  });
});
