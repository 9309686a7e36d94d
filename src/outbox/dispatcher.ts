// Delivers committed outbox rows: claims due rows (a lease), hands each to the ChatDelivery, and
// records the outcome. Several dispatchers (bot replicas) may run against one database.
//
// Delivery is AT LEAST ONCE. A dispatcher that dies (or stalls past its lease) after the platform
// accepted a message but before `markSent` committed leaves the row pending; once the lease has
// expired another dispatcher (or this one after a restart) claims it and sends it again. Slack's
// chat.postMessage has no idempotency key, so that message is posted twice; chat.update and
// views.update are idempotent, so a repeated update is harmless. The window is one Web API call
// plus one UPDATE; the lease only decides how soon the repeat happens.
//
// Leases are short (default 10 s) and renewed by a heartbeat (default every 3 s) while their rows
// are being delivered, so a slow delivery keeps its row and a dead replica's rows are taken over
// within one lease. Each dispatcher has a replica id, stored as the rows' holder: a process that
// restarts under the same id (the embedded database's only process, or a stable REPLICA_ID) takes
// its predecessor's claims back at start instead of waiting for them to lapse.

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { type BackoffPolicy, exponentialBackoff } from './backoff.ts';
import { type ChatDelivery, classifyDeliveryError, describeDeliveryError } from './delivery.ts';
import type { ClaimedOutboxMessage } from './outbox-message.ts';
import {
  claimDue,
  markFailed,
  markRetry,
  markSent,
  releaseClaim,
  renewLeases,
  takeBackClaims,
} from './outbox-repository.ts';

/** Waits `ms` or until `signal` aborts, whichever is first; never rejects. Injected by tests. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Real time, for production. */
export const realSleep: Sleep = (ms, signal) =>
  delay(ms, undefined, { signal }).then(
    () => undefined,
    () => undefined,
  );

export interface OutboxDispatcherOptions {
  prisma: PrismaClient;
  delivery: ChatDelivery;
  clock: Clock;
  logger: Logger;
  /**
   * How long a claim lasts without renewal: how soon another replica takes over the rows of one
   * that died. The heartbeat renews the claims being delivered, so a delivery may take longer; a
   * row whose lease has less than half left when its turn in the round comes is given back rather
   * than delivered. Default 10 s.
   */
  leaseMs?: number;
  /** How often the loop renews the leases of the rows it is delivering. Default 3 s (under a third of the lease). */
  heartbeatMs?: number;
  /**
   * This process's id as a claim holder; unique among the replicas running at once. A process
   * restarted under the same id takes back the claims left by its predecessor at `start()`.
   * Default: host name, process id and a random part (unique, so nothing is taken back).
   */
  replicaId?: string;
  /** Rows claimed per round. Default 20. */
  batchSize?: number;
  /**
   * Rows of one ordering key claimed per round, delivered one after another (a busy
   * conversation needs no claim per message). Default 5.
   */
  perKey?: number;
  /** Deliveries in flight at once within a round. Default 4. */
  concurrency?: number;
  /** Wait after a transient failure. Default exponential with jitter, 1 s doubling up to 5 min. */
  backoff?: BackoffPolicy;
  /** The loop looks for due rows this often, besides `notify()`. Default 1 s. */
  intervalMs?: number;
  /** How the loop waits between rounds; tests pass a fake clock's. Default real time. */
  sleep?: Sleep;
}

/** What one round did. */
export interface DispatchRoundResult {
  /** Rows claimed. */
  claimed: number;
  /** Accepted by the platform and marked sent. */
  delivered: number;
  /** Failed for now (transient or rate-limited); due again later. */
  retried: number;
  /** Failed for good and marked failed. */
  failed: number;
  /** Given back unattempted: their platform method is paused by a rate limit, or their lease ran short. */
  deferred: number;
}

export interface OutboxDispatcher {
  /** The id this dispatcher claims rows under. */
  readonly replicaId: string;
  /** One round: claim due rows and deliver them. Tests drive the dispatcher with this. */
  runOnce(): Promise<DispatchRoundResult>;
  /**
   * Renews the leases of the rows this dispatcher is delivering (the heartbeat's work; the loop
   * calls it every `heartbeatMs`). Returns how many it still holds.
   */
  renewLeases(): Promise<number>;
  /**
   * Takes back the claims left under this replica id by a process that died (not the ones this
   * dispatcher is delivering), so they are due at once. `start()` does it first. Returns how many.
   */
  takeBackClaims(): Promise<number>;
  /**
   * Starts the loop (a round every `intervalMs`, on `notify()`, and straight after a round that
   * found work) and the heartbeat, after taking back this replica id's leftover claims.
   */
  start(): void;
  /** Stops the loop; resolves when the round in progress (if any) has finished. */
  stop(): Promise<void>;
  /** Wakes the loop now; call after committing a transaction that enqueued rows. */
  notify(): void;
}

export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const { prisma, delivery, clock } = options;
  const logger = options.logger.child({ component: 'outbox' });
  const leaseMs = options.leaseMs ?? 10_000;
  const heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs * 0.3));
  const replicaId = options.replicaId ?? defaultReplicaId();
  const batchSize = options.batchSize ?? 20;
  const perKey = Math.max(1, options.perKey ?? 5);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const backoff = options.backoff ?? exponentialBackoff();
  const intervalMs = options.intervalMs ?? 1000;
  const sleep = options.sleep ?? realSleep;

  // Slack limits each Web API method separately: after a 429 on chat.postMessage, no row using
  // chat.postMessage is sent by this process before Retry-After has passed. Other replicas learn
  // it from their own 429 (the limited row itself waits in the database, visible to all).
  const pausedScopes = new Map<string, number>();

  // The rows this process has claimed and not yet settled, by id: the heartbeat renews them.
  const held = new Map<bigint, ClaimedOutboxMessage>();

  async function renew(): Promise<number> {
    if (held.size === 0) return 0;
    const lockedUntil = new Date(clock.now().getTime() + leaseMs);
    const kept = new Set(await renewLeases(prisma, replicaId, [...held.keys()], lockedUntil));
    for (const [id, message] of held) {
      if (kept.has(id)) message.lockedUntil = lockedUntil;
    }
    if (kept.size < held.size) {
      logger.warn(
        { lost: held.size - kept.size },
        'Outbox leases lapsed before renewal; another replica may send them too',
      );
    }
    return kept.size;
  }

  async function takeBack(): Promise<number> {
    const taken = await takeBackClaims(prisma, replicaId, [...held.keys()]);
    if (taken > 0) logger.info({ taken, replicaId }, 'Took back outbox claims left by a previous process');
    return taken;
  }

  function pausedUntil(message: ClaimedOutboxMessage, nowMs: number): number | undefined {
    let until: number | undefined;
    for (const scope of delivery.scopesOf?.(message) ?? []) {
      const notBefore = pausedScopes.get(scope);
      if (notBefore === undefined) continue;
      if (notBefore <= nowMs) {
        pausedScopes.delete(scope);
        continue;
      }
      until = Math.max(until ?? 0, notBefore);
    }
    return until;
  }

  function pause(scope: string, untilMs: number): void {
    pausedScopes.set(scope, Math.max(pausedScopes.get(scope) ?? 0, untilMs));
  }

  /** Delivers one claimed row; true when it is settled (sent, or failed for good), false when it waits. */
  async function deliverOne(message: ClaimedOutboxMessage, counts: DispatchRoundResult): Promise<boolean> {
    const log = logger.child({
      outboxId: String(message.id),
      kind: message.kind,
      orderingKey: message.orderingKey,
      attempt: message.attempts,
    });
    const now = clock.now();
    if (message.lockedUntil.getTime() - now.getTime() < leaseMs / 2) {
      // Deliveries before it in this round took long; another dispatcher may soon take it over.
      if (await releaseClaim(prisma, message, now)) counts.deferred++;
      log.warn({ lockedUntil: message.lockedUntil }, 'Outbox lease ran short before delivery; given back');
      return false;
    }
    const paused = pausedUntil(message, now.getTime());
    if (paused !== undefined) {
      const nextAttemptAt = new Date(paused);
      if (await releaseClaim(prisma, message, nextAttemptAt)) counts.deferred++;
      log.debug({ nextAttemptAt }, 'Outbox message held back: its Slack method is rate limited');
      return false;
    }

    let result: Awaited<ReturnType<ChatDelivery['deliver']>>;
    try {
      result = await delivery.deliver(message);
    } catch (error) {
      return recordFailure(message, error, counts, log);
    }
    // See the at-least-once note at the top: a crash here sends the message again after the lease.
    const recorded = await markSent(prisma, message, result.result, clock.now());
    counts.delivered++;
    if (recorded) log.debug('Outbox message delivered');
    else log.warn('Outbox message delivered, but another dispatcher had taken it over: it went out twice');
    return true;
  }

  async function recordFailure(
    message: ClaimedOutboxMessage,
    error: unknown,
    counts: DispatchRoundResult,
    log: Logger,
  ): Promise<boolean> {
    const classification = classifyDeliveryError(error);
    const description = describeDeliveryError(classification, error);
    const now = clock.now();
    let applied: boolean;
    switch (classification.kind) {
      case 'rate_limited': {
        const nextAttemptAt = new Date(now.getTime() + classification.retryAfterMs);
        if (classification.scope !== undefined) pause(classification.scope, nextAttemptAt.getTime());
        applied = await markRetry(prisma, message, description, nextAttemptAt);
        if (applied) counts.retried++;
        log.warn(
          {
            code: classification.code,
            scope: classification.scope,
            retryAfterMs: classification.retryAfterMs,
            nextAttemptAt,
          },
          'Outbox delivery rate limited; method paused until Retry-After',
        );
        break;
      }
      case 'transient': {
        const delayMs = backoff(message.attempts);
        const nextAttemptAt = new Date(now.getTime() + delayMs);
        applied = await markRetry(prisma, message, description, nextAttemptAt);
        if (applied) counts.retried++;
        log.warn(
          { code: classification.code, error: description, delayMs, nextAttemptAt },
          'Outbox delivery failed; will retry',
        );
        break;
      }
      case 'permanent': {
        applied = await markFailed(prisma, message, description);
        if (applied) counts.failed++;
        log.error(
          { code: classification.code, recognised: classification.recognised ?? true, err: error },
          classification.recognised === false
            ? 'Outbox delivery failed with an unrecognised error; marked failed, not retried'
            : 'Outbox delivery failed permanently; marked failed, not retried',
        );
        break;
      }
    }
    if (!applied) log.warn('Outbox lease was lost before the failure could be recorded');
    return classification.kind === 'permanent';
  }

  async function runOnce(): Promise<DispatchRoundResult> {
    const counts: DispatchRoundResult = { claimed: 0, delivered: 0, retried: 0, failed: 0, deferred: 0 };
    const claimed = await claimDue(prisma, {
      now: clock.now(),
      limit: batchSize,
      leaseMs,
      owner: replicaId,
      perKey,
    });
    counts.claimed = claimed.length;
    if (claimed.length === 0) return counts;
    for (const message of claimed) held.set(message.id, message);
    // Keys go out concurrently; the rows of one key (its head and those right behind it) one after
    // another, in id order. A row that does not go out ends its key's run: the rest are given back
    // unattempted, behind it.
    const runs = new Map<string, ClaimedOutboxMessage[]>();
    for (const message of claimed)
      runs.set(message.orderingKey, [...(runs.get(message.orderingKey) ?? []), message]);
    await forEachConcurrently([...runs.values()], concurrency, async (run) => {
      for (const [index, message] of run.entries()) {
        let settled = false;
        try {
          settled = await deliverOne(message, counts);
        } catch (error) {
          // The database failed while recording the outcome; the lease expires and the row is
          // claimed again (for a delivered row, that is the at-least-once case).
          logger.error(
            { err: error, outboxId: String(message.id), kind: message.kind },
            'Could not record an outbox delivery outcome; the row is retried after its lease',
          );
        } finally {
          held.delete(message.id);
        }
        if (settled) continue;
        for (const rest of run.slice(index + 1)) {
          try {
            if (await releaseClaim(prisma, rest, clock.now())) counts.deferred++;
          } catch (error) {
            logger.error(
              { err: error, outboxId: String(rest.id) },
              'Could not give back an outbox claim; it lapses',
            );
          } finally {
            held.delete(rest.id);
          }
        }
        return;
      }
    });
    logger.debug(counts, 'Outbox round finished');
    return counts;
  }

  let loop: Promise<void> | undefined;
  let stopping = false;
  let wakeRequested = false;
  let wake: (() => void) | undefined;

  async function idle(): Promise<void> {
    if (wakeRequested) {
      wakeRequested = false;
      return;
    }
    const controller = new AbortController();
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    try {
      await Promise.race([sleep(intervalMs, controller.signal), woken]);
    } finally {
      controller.abort();
      wake = undefined;
      wakeRequested = false;
    }
  }

  async function beat(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(heartbeatMs, signal);
      if (signal.aborted) break;
      try {
        await renew();
      } catch (error) {
        logger.error({ err: error }, 'Could not renew outbox leases; trying again at the next heartbeat');
      }
    }
  }

  async function run(): Promise<void> {
    try {
      await takeBack();
    } catch (error) {
      logger.error(
        { err: error },
        'Could not take back earlier outbox claims; they are taken over when their leases lapse',
      );
    }
    while (!stopping) {
      let foundWork = false;
      try {
        foundWork = (await runOnce()).claimed > 0;
      } catch (error) {
        logger.error({ err: error }, 'Outbox round failed; trying again after the interval');
      }
      if (stopping) break;
      // A round that found rows may have left more behind (a full batch, a key's next row).
      if (!foundWork) await idle();
    }
  }

  return {
    replicaId,
    runOnce,
    renewLeases: renew,
    takeBackClaims: takeBack,
    start() {
      if (loop !== undefined) return;
      stopping = false;
      const controller = new AbortController();
      const beating = beat(controller.signal);
      loop = run().finally(async () => {
        controller.abort();
        await beating;
        loop = undefined;
      });
      logger.info(
        { intervalMs, batchSize, concurrency, leaseMs, heartbeatMs, replicaId },
        'Outbox dispatcher started',
      );
    },
    async stop() {
      if (loop === undefined) return;
      stopping = true;
      wake?.();
      await loop;
      logger.info('Outbox dispatcher stopped');
    },
    notify() {
      wakeRequested = true;
      wake?.();
    },
  };
}

async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A replica id unique to this process: host, process id and a random part. */
export function defaultReplicaId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
