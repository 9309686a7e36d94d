import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/shared/clock.ts';
import { startTestPlayground, type TestPlayground } from '../support/playground.ts';

// The 收文 form's 收文日期 is today in the unit's time zone by the bot's clock: the clock the
// playground can move, and the one every deadline is counted on, not the machine's.

const SECRETARY = 'U0EXAMPLE04'; // 周静

describe('the 收文 registration form', () => {
  let running: TestPlayground;
  // 2025-03-14 23:30 UTC is 2025-03-15 07:30 in Asia/Shanghai (the example unit's zone).
  const clock: Clock = { now: () => new Date('2025-03-14T23:30:00Z') };

  beforeAll(async () => {
    running = await startTestPlayground('pglite', { clock });
  }, 90_000);

  afterAll(async () => {
    await running?.stop();
  });

  it('offers today in the unit’s time zone by the bot’s clock as the date received', async () => {
    const { pg } = running;
    await pg.command(SECRETARY, '/doc', 'receive');
    const form = await pg.modal(SECRETARY, 'the registration form');
    const date = form.blocks.find((b) => b.block_id === 'doc_receive_date') as
      | { element?: { initial_value?: string } }
      | undefined;
    expect(date?.element?.initial_value).toBe('2025-03-15');
  });
});
