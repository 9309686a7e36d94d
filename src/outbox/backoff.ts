/** The wait before the next attempt, given how many attempts have failed so far (1, 2, 3…). */
export type BackoffPolicy = (failedAttempts: number) => number;

export interface ExponentialBackoffOptions {
  /** The first wait, before jitter. Default 1 s. */
  baseMs?: number;
  /** No wait is longer. Default 5 min. */
  maxMs?: number;
  /** Default 2. */
  factor?: number;
  /** A number in [0, 1); injected by tests. Default Math.random. */
  random?: () => number;
}

/**
 * Exponential backoff with "equal jitter": the capped delay `min(max, base × factor^(n−1))`, of
 * which the upper half is random. Replicas retrying after the same outage spread out, and no wait
 * collapses to nothing (as full jitter can) while the platform is still down.
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): BackoffPolicy {
  const baseMs = options.baseMs ?? 1000;
  const maxMs = options.maxMs ?? 5 * 60_000;
  const factor = options.factor ?? 2;
  const random = options.random ?? Math.random;
  return (failedAttempts) => {
    const exponent = Math.max(0, failedAttempts - 1);
    // Math.min before the power overflows: factor^exponent grows without bound after weeks of retrying.
    const capped = Math.min(maxMs, baseMs * factor ** Math.min(exponent, 64));
    const half = capped / 2;
    return Math.round(half + random() * half);
  };
}
