import { describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/scheduler/scheduler.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { FakeClock } from '../support/fake-clock.ts';

const logger = createLogger({ level: 'silent', pretty: false });

describe('the scheduler', () => {
  it('runs every registered task on a wake, in order, with the clock’s time, and a failing task does not stop the rest', async () => {
    const clock = new FakeClock('2026-12-02T01:00:00Z');
    const scheduler = createScheduler({ clock, logger });
    const ran: string[] = [];
    scheduler.register({ name: 'a', run: async (now) => ran.push(`a@${now.toISOString()}`) });
    scheduler.register({
      name: 'broken',
      run: async () => {
        throw new Error('boom');
      },
    });
    scheduler.register({ name: 'b', run: async () => ran.push('b') });
    scheduler.register({ name: 'a', run: async () => ran.push('a twice') }); // ignored
    await scheduler.wake();
    expect(ran).toEqual(['a@2026-12-02T01:00:00.000Z', 'b']);
  });

  it('never runs two wakes at once, and folds wakes that came meanwhile into one', async () => {
    const scheduler = createScheduler({ clock: new FakeClock(), logger });
    let running = 0;
    let most = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    scheduler.register({
      name: 'slow',
      run: async () => {
        running += 1;
        most = Math.max(most, running);
        runs += 1;
        if (runs === 1) await gate;
        running -= 1;
      },
    });
    const first = scheduler.wake();
    await Promise.resolve();
    const second = scheduler.wake();
    const third = scheduler.wake();
    release();
    await Promise.all([first, second, third]);
    expect(most).toBe(1);
    expect(runs).toBe(2);
  });

  it('wakes once at start and stops waiting for the wake in flight', async () => {
    const scheduler = createScheduler({ clock: new FakeClock(), logger });
    let runs = 0;
    scheduler.register({
      name: 't',
      run: async () => {
        runs += 1;
      },
    });
    scheduler.start();
    await scheduler.stop();
    expect(runs).toBe(1);
  });
});
