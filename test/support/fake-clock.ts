import type { Clock } from '../../src/shared/clock.ts';

/**
 * A clock that moves only when told, with a `sleep` that resolves when the clock passes its
 * deadline (or its signal aborts). Nothing waits on real time.
 */
export class FakeClock implements Clock {
  #now: number;
  #sleepers = new Set<{ until: number; resolve: () => void }>();
  #sleepWatchers: Array<() => void> = [];

  constructor(start: Date | string = '2026-03-02T01:00:00.000Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Moves time forward by `ms`, waking every sleeper whose deadline has come. */
  advance(ms: number): void {
    this.set(new Date(this.#now + ms));
  }

  /** Moves time to `at` (never backwards), waking every sleeper whose deadline has come. */
  set(at: Date): void {
    this.#now = Math.max(this.#now, at.getTime());
    for (const sleeper of [...this.#sleepers]) {
      if (sleeper.until <= this.#now) {
        this.#sleepers.delete(sleeper);
        sleeper.resolve();
      }
    }
  }

  /** A `Sleep` on this clock: resolves once the clock reaches now + `ms`, or on abort. */
  sleep = (ms: number, signal: AbortSignal): Promise<void> => {
    return new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const sleeper = { until: this.#now + ms, resolve };
      this.#sleepers.add(sleeper);
      signal.addEventListener(
        'abort',
        () => {
          this.#sleepers.delete(sleeper);
          resolve();
        },
        { once: true },
      );
      const watchers = this.#sleepWatchers;
      this.#sleepWatchers = [];
      for (const watcher of watchers) watcher();
    });
  };

  /** Resolves at the next call of `sleep` (a loop that has finished its work and waits again). */
  nextSleep(): Promise<void> {
    return new Promise((resolve) => {
      this.#sleepWatchers.push(resolve);
    });
  }

  /** How many sleepers are waiting. */
  get sleeping(): number {
    return this.#sleepers.size;
  }
}
