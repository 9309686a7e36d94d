/** The time source; injected everywhere so tests and replays control "now". */
export interface Clock {
  now(): Date;
}

/** The machine's clock. Only the composition root should use it. */
export const systemClock: Clock = { now: () => new Date() };
