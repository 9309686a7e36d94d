// How long the Stream client waits before its next connection attempt. Injected so that tests
// read the delays without waiting for them.

/** Waits `ms` or until `signal` aborts, whichever is first; never rejects. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Real time, for production. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** The delay before reconnect attempt number `attempt` (0 for the first retry). */
export type ReconnectPolicy = (attempt: number) => number;

/** Settings of {@link exponentialBackoff}. */
export interface BackoffSettings {
  /** The first delay (default 1 s). */
  baseMs?: number;
  /** The longest delay (default 60 s, as the official SDKs). */
  maxMs?: number;
  /** A number in [0, 1); `Math.random` unless a test fixes it. */
  random?: () => number;
}

/**
 * Capped exponential backoff with "equal jitter": half the step is fixed, half is random. The
 * fixed half keeps a flapping gateway from being hammered; the random half spreads the replicas
 * of one installation so they do not all knock at the same instant after an outage.
 */
export function exponentialBackoff(settings: BackoffSettings = {}): ReconnectPolicy {
  const baseMs = settings.baseMs ?? 1000;
  const maxMs = settings.maxMs ?? 60_000;
  const random = settings.random ?? Math.random;
  return (attempt) => {
    // 2 ** 30 already exceeds any sane cap; bounding the exponent keeps the number finite.
    const step = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
    return Math.round(step / 2 + (step / 2) * random());
  };
}
