// The platform-neutral port the dispatcher delivers through, and what a failed delivery means.
// Each platform's adapter, in its own folder, throws DeliveryError with its own knowledge of
// which errors pass; the dispatcher only reads the classification.

import type { Prisma } from '../generated/prisma/client.ts';
import type { ClaimedOutboxMessage, JsonValue } from './outbox-message.ts';

export type { ClaimedOutboxMessage, JsonValue } from './outbox-message.ts';

/**
 * A write that records what a delivery did on the platform (where a posted card copy is, the
 * version an update showed): ONE data-modifying SQL statement (`INSERT …` or `UPDATE …`, no
 * `RETURNING` needed), run as part of the statement that marks the row sent, so that the record
 * and the row's `sent` commit together, in one round trip (see markSent in outbox-repository.ts).
 * The records of one delivery must not change the same row twice: PostgreSQL applies only one of
 * two changes a statement makes to a row.
 */
export type DeliveryRecord = Prisma.Sql;

/** A delivery the platform accepted; `result` is stored on the row (e.g. the posted message's ids). */
export interface DeliveryResult {
  ok: true;
  result?: JsonValue;
  /**
   * Written with the row's `sent`, all or none of them ({@link DeliveryRecord}). Should that
   * statement fail, the row is still marked sent without them (the message went out: sending it
   * again would post it twice), its result saying `recorded: false`.
   */
  records?: readonly DeliveryRecord[];
}

/** Sends one outbox message to a chat platform. Failures are thrown (see {@link classifyDeliveryError}). */
export interface ChatDelivery {
  deliver(message: ClaimedOutboxMessage): Promise<DeliveryResult>;
  /**
   * The rate-limit scopes (the platform's API methods) delivering `message` will use. While a scope is
   * paused by a rate limit, the dispatcher holds back every message that uses it. Unknown or
   * invalid messages answer `[]` (their delivery fails on its own).
   */
  scopesOf?(message: ClaimedOutboxMessage): readonly string[];
}

/** What a failed delivery means for the row. */
export type DeliveryErrorClass =
  /** The platform asked us to wait: retry after exactly `retryAfterMs`, and pause `scope` meanwhile. */
  | { kind: 'rate_limited'; code: string; retryAfterMs: number; scope?: string }
  /** Worth retrying with backoff, indefinitely (network, timeouts, the platform's own failures). */
  | { kind: 'transient'; code: string }
  /**
   * Retrying cannot help (bad channel, bad blocks, bad token…): the row is marked failed.
   * `recognised: false` marks a platform error we have no rule for, logged as such.
   */
  | { kind: 'permanent'; code: string; recognised?: boolean };

/** A delivery failure already classified by the platform adapter that saw it. */
export class DeliveryError extends Error {
  readonly classification: DeliveryErrorClass;

  constructor(classification: DeliveryErrorClass, message?: string, options: { cause?: unknown } = {}) {
    super(message ?? classification.code, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DeliveryError';
    this.classification = classification;
  }
}

/** Node and undici error codes of a connection that failed or broke: the network, not the request. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * Classifies a delivery failure. A {@link DeliveryError} carries its class; otherwise network
 * failures and timeouts (anywhere in the `cause` chain) are transient, and anything else is
 * permanent: a bug or an unknown answer is better left failed for an operator than retried forever.
 */
export function classifyDeliveryError(error: unknown): DeliveryErrorClass {
  if (error instanceof DeliveryError) return error.classification;
  const network = findNetworkCode(error);
  if (network !== undefined) return { kind: 'transient', code: network };
  return { kind: 'permanent', code: 'unexpected_error', recognised: false };
}

/** The network error code or timeout in `error`'s cause chain, if any. */
export function findNetworkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return code;
    if (current.name === 'TimeoutError' || current.name === 'AbortError') return 'timeout';
    // fetch reports every connection failure as this TypeError, with the reason (if any) as cause.
    if (current.name === 'TypeError' && current.message === 'fetch failed') {
      return findNetworkCode(current.cause) ?? 'fetch_failed';
    }
    current = current.cause;
  }
  return undefined;
}

/** A one-line description of an error for `last_error` and logs. */
export function describeDeliveryError(classification: DeliveryErrorClass, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message === classification.code ? message : `${classification.code}: ${message}`;
}

/**
 * Runs a database step of a delivery; its failure (nothing sent yet, or an idempotent update
 * sent) is transient: the row is retried with backoff rather than failed for good.
 */
export async function fromDatabase<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new DeliveryError({ kind: 'transient', code: 'database_error' }, `${what}: ${detail}`, {
      cause: error,
    });
  }
}
