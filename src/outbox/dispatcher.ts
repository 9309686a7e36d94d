// Delivers committed outbox rows: claims due rows (a lease), hands each to the ChatDelivery, and
// records the outcome. Several dispatchers (bot replicas) may run against one database.
//
// Delivery is AT LEAST ONCE. A dispatcher that dies (or stalls past its lease) after the platform
// accepted a message but before `markSent` committed leaves the row pending; once the lease has
// expired another dispatcher (or this one after a restart) claims it and sends it again. A new
// message has no idempotency key on the platforms we know, so it is posted twice; an update in
// place is idempotent, so a repeated update is harmless. The window is one platform call plus one
// UPDATE; the lease only decides how soon the repeat happens.
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
import {
  type ChatDelivery,
  classifyDeliveryError,
  type DeliveryResult,
  describeDeliveryError,
} from './delivery.ts';
import type { ClaimedOutboxMessage, JsonValue } from './outbox-message.ts';
import {
  claimDue,
  markFailed,
  markRetry,
  markSent,
  releaseClaim,
  renewLeases,
  supersedeRedraws,
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
  /**
   * Most runs of one key a worker delivers one after another before it turns to the runs waiting
   * for a worker (the rest of the key comes with a later claim), so one person's long queue cannot
   * hold a worker while other people's messages wait. Default 16 (80 rows at the default `perKey`).
   */
  keyRunsMax?: number;
  /** Wait after a transient failure. Default exponential with jitter, 1 s doubling up to 5 min. */
  backoff?: BackoffPolicy;
  /**
   * Before each claim, drop redraws an earlier pending row covers ({@link supersedeRedraws}): pairs
   * that two transactions wrote at the same moment. Default true; the embedded database runs one
   * transaction at a time, so there it finds nothing and only costs a statement per claim.
   */
  supersede?: boolean;
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
  const keyRunsMax = Math.max(1, options.keyRunsMax ?? 16);
  const backoff = options.backoff ?? exponentialBackoff();
  const intervalMs = options.intervalMs ?? 1000;
  const supersede = options.supersede ?? true;
  const sleep = options.sleep ?? realSleep;

  // Platforms rate-limit per scope (an API method): after a rate limit on one scope, no row using
  // it is sent by this process before the platform's wait has passed. Other replicas learn it
  // from their own rate limit (the limited row itself waits in the database, visible to all).
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
      log.debug({ nextAttemptAt }, 'Outbox message held back: a platform scope it uses is rate limited');
      return false;
    }

    let result: DeliveryResult;
    try {
      result = await delivery.deliver(message);
    } catch (error) {
      return recordFailure(message, error, counts, log);
    }
    // See the at-least-once note at the top: a crash here sends the message again after the lease.
    const recorded = await recordSent(message, result, log);
    counts.delivered++;
    if (recorded) log.debug('Outbox message delivered');
    else log.warn('Outbox message delivered, but another dispatcher had taken it over: it went out twice');
    return true;
  }

  /**
   * Marks a delivered row sent with what its delivery records, in one statement. Should that
   * statement fail, the row is marked sent without the records: the message is out, and a row
   * left pending would send it again (a second post) once its lease lapsed.
   */
  async function recordSent(
    message: ClaimedOutboxMessage,
    result: DeliveryResult,
    log: Logger,
  ): Promise<boolean> {
    const records = result.records ?? [];
    if (records.length === 0) return markSent(prisma, message, result.result, clock.now());
    try {
      return await markSent(prisma, message, result.result, clock.now(), records);
    } catch (error) {
      log.error(
        { err: error, result: result.result },
        'Delivered, but what the delivery records could not be written; the row is marked sent without it',
      );
      return markSent(prisma, message, notRecorded(result.result), clock.now());
    }
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

  /** Claims due rows (up to `limit`), held until settled; grouped into runs, one per ordering key. */
  async function claim(limit: number): Promise<ClaimedOutboxMessage[][]> {
    // Redraws written side by side by two transactions, each unaware of the other's row: the
    // earlier one will draw the later one's state, so the later one goes without a call.
    if (supersede) {
      const dropped = await supersedeRedraws(prisma, clock.now());
      if (dropped > 0) logger.debug({ dropped }, 'Outbox redraws superseded by an earlier pending one');
    }
    const claimed = await claimDue(prisma, { now: clock.now(), limit, leaseMs, owner: replicaId, perKey });
    for (const message of claimed) held.set(message.id, message);
    const runs = new Map<string, ClaimedOutboxMessage[]>();
    for (const message of claimed)
      runs.set(message.orderingKey, [...(runs.get(message.orderingKey) ?? []), message]);
    return [...runs.values()];
  }

  /** Claims the next due rows of `orderingKey` (up to `perKey`), held until settled. */
  async function claimKey(orderingKey: string): Promise<ClaimedOutboxMessage[]> {
    const claimed = await claimDue(prisma, {
      now: clock.now(),
      limit: perKey,
      leaseMs,
      owner: replicaId,
      perKey,
      orderingKey,
    });
    for (const message of claimed) held.set(message.id, message);
    return claimed;
  }

  /**
   * Delivers one key's run in id order. A row that does not go out ends the run: the rest are
   * given back unattempted, behind it. True when every row was settled.
   */
  async function deliverRun(
    run: readonly ClaimedOutboxMessage[],
    counts: DispatchRoundResult,
  ): Promise<boolean> {
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
      await giveBack(run.slice(index + 1), counts);
      return false;
    }
    return true;
  }

  /** Gives back claimed rows unattempted (due at once). */
  async function giveBack(rows: readonly ClaimedOutboxMessage[], counts: DispatchRoundResult): Promise<void> {
    for (const rest of rows) {
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
  }

  async function runOnce(): Promise<DispatchRoundResult> {
    const counts = emptyCounts();
    const runs = await claim(batchSize);
    counts.claimed = runs.reduce((n, run) => n + run.length, 0);
    if (counts.claimed === 0) return counts;
    // Keys go out concurrently; the rows of one key (its head and those right behind it) one after
    // another, in id order.
    await forEachConcurrently(runs, concurrency, async (run) => {
      await deliverRun(run, counts);
    });
    logger.debug(counts, 'Outbox round finished');
    return counts;
  }

  let loop: Promise<void> | undefined;
  let stopping = false;
  // Something may be claimable: a notify(), the interval, a full claim, or a run that ended at its
  // key's limit. Cleared by each claim, so idle workers do not claim in a tight loop.
  let dirty = true;
  let wake: (() => void) | undefined;
  let woken: Promise<void> = new Promise((resolve) => {
    wake = resolve;
  });

  // The pipeline: `concurrency` workers take runs from a local queue, and whichever finds it empty
  // (while something may be claimable) claims the next batch for all, one claim at a time. A row
  // committed meanwhile waits for the next free worker, not for a whole round to finish.
  const queue: ClaimedOutboxMessage[][] = [];
  let claiming: Promise<void> | undefined;

  function refill(): Promise<void> {
    claiming ??= (async () => {
      dirty = false;
      try {
        const runs = await claim(batchSize);
        const rows = runs.reduce((n, run) => n + run.length, 0);
        // A full batch may have left more behind.
        if (rows >= batchSize) dirty = true;
        queue.push(...runs);
        // What the person who just acted is waiting to see goes first (a stable sort keeps the rest in order).
        queue.sort((a, b) => runPriority(b) - runPriority(a));
        // The claiming worker takes one run; the idle ones take the others now, not at the interval.
        if (queue.length > 1) wakeIdle();
      } catch (error) {
        logger.error({ err: error }, 'Outbox claim failed; trying again after the interval');
      }
    })().finally(() => {
      claiming = undefined;
    });
    return claiming;
  }

  async function worker(): Promise<void> {
    while (!stopping) {
      // Claim more while fewer runs wait than there are workers, so a row committed meanwhile (the
      // card of someone who just acted) need not wait for a whole batch to go out first.
      if (dirty && queue.length < concurrency) await refill();
      let run = queue.shift();
      if (run === undefined) {
        await waitForWork();
        continue;
      }
      for (let runs = 1; run !== undefined; runs++) {
        const settled = await deliverRun(run, emptyCounts());
        // The key may have more rows behind this run (its limit, or rows committed since).
        dirty = true;
        // After `keyRunsMax` runs of one key, the runs waiting for a worker go first.
        const yieldToQueue = runs >= keyRunsMax && queue.length > 0;
        run = settled && !yieldToQueue ? await continueKey(run) : undefined;
      }
    }
  }

  /**
   * The next rows of a run's key, claimed for the worker that delivered the run: one person's
   * queue of new cards drains one row after another instead of one claim of every key per row.
   * Only when the key had rows behind the run at its claim; not while a run of more urgent rows
   * waits (the card of someone who just acted), nor stopping.
   */
  async function continueKey(
    run: readonly ClaimedOutboxMessage[],
  ): Promise<ClaimedOutboxMessage[] | undefined> {
    const key = run[0]?.orderingKey;
    // Nothing was behind the run when it was claimed: rows committed since come with the next claim.
    if (stopping || key === undefined || (run.at(-1)?.behind ?? 0) === 0) return undefined;
    const priority = runPriority(run);
    if (queue.some((waiting) => runPriority(waiting) > priority)) return undefined;
    try {
      const next = await claimKey(key);
      return next.length === 0 ? undefined : next;
    } catch (error) {
      logger.error(
        { err: error, orderingKey: key },
        'Outbox claim of a key’s next rows failed; left to the next claim',
      );
      return undefined;
    }
  }

  // One interval timer for all idle workers: when it runs out, they look for due rows again.
  let timer: AbortController | undefined;

  async function waitForWork(): Promise<void> {
    if (stopping || dirty) return;
    const wakeUp = woken;
    if (timer === undefined) {
      const controller = new AbortController();
      timer = controller;
      void sleep(intervalMs, controller.signal).then(() => {
        if (timer === controller) timer = undefined;
        if (!controller.signal.aborted) signal();
      });
    }
    await wakeUp;
  }

  function signal(): void {
    dirty = true;
    timer?.abort();
    timer = undefined;
    wakeIdle();
  }

  /** Wakes the workers waiting for work (they take queued runs; they claim only if `dirty`). */
  function wakeIdle(): void {
    const resolve = wake;
    woken = new Promise((r) => {
      wake = r;
    });
    resolve?.();
  }

  async function beat(abort: AbortSignal): Promise<void> {
    while (!abort.aborted) {
      await sleep(heartbeatMs, abort);
      if (abort.aborted) break;
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
    dirty = true;
    await Promise.all(Array.from({ length: concurrency }, worker));
    // Stopped: what was claimed and not started goes back, due at once, for the next process.
    await claiming;
    const left = queue.splice(0);
    await giveBack(left.flat(), emptyCounts());
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
      signal();
      await loop;
      logger.info('Outbox dispatcher stopped');
    },
    notify() {
      signal();
    },
  };
}

/** A delivery's result noting that its records were not written. */
function notRecorded(result: JsonValue | undefined): JsonValue {
  const base =
    typeof result === 'object' && result !== null && !Array.isArray(result)
      ? result
      : { result: result ?? null };
  return { ...base, recorded: false };
}

function runPriority(run: readonly ClaimedOutboxMessage[]): number {
  return Math.max(...run.map((message) => message.priority ?? 0));
}

function emptyCounts(): DispatchRoundResult {
  return { claimed: 0, delivered: 0, retried: 0, failed: 0, deferred: 0 };
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
