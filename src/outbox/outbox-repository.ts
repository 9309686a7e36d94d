// Storage of the outbox: rows are written inside the caller's transaction and claimed, one per
// ordering key at a time, by dispatchers (one per bot replica) that lease them while delivering.

import type { Db, Tx } from '../db/types.ts';
import { type OutboxMessage, Prisma } from '../generated/prisma/client.ts';
import type { DeliveryRecord } from './delivery.ts';
import { checkOutboxIntent, type IntentRegistry, OUTBOX_INTENTS } from './intents.ts';
import type {
  ClaimedOutboxMessage,
  JsonValue,
  OutboxMessageInput,
  OutboxRouting,
  OutboxStatus,
} from './outbox-message.ts';

/** A row as the writer handles it: routing, a kind and a payload (checked against its kind's schema). */
type CheckedRow = OutboxRouting & { kind: string; payload: unknown };

/** `last_error` keeps this many characters; a platform's error text can be long. */
const MAX_ERROR_LENGTH = 2000;

/**
 * Writes `rows` as pending outbox messages, due at `now` (or `delayMs` later). Call it inside the
 * transaction that makes the state change causing them (`prisma.$transaction(async (tx) => …)`),
 * so a message exists if and only if the change committed; call the dispatcher's `notify()` after
 * the commit.
 *
 * Rows of one call keep their order (ids ascend in array order). Across transactions, ids follow
 * the order rows were inserted, not the order of commit: to keep one key's messages in commit
 * order, enqueue after the statement that locks the state they describe (the workflow instance's
 * versioned update), so a second writer of the same key waits for the first to commit.
 *
 * Coalescing: a row with `coalesce: true` is not written when a row of the same `coalesceKey` and
 * kind is pending and unclaimed (or an earlier row of this call has them); its payload is merged
 * into that row's instead. Such rows redraw from committed state at delivery, and the pending row
 * is claimed only after this transaction commits: it is locked here (`FOR UPDATE`), and the
 * claim passes over locked rows and re-checks the rest, so it draws this transaction's state. A
 * row already claimed (in flight, or under a lapsed lease that its holder may still be sending)
 * is never a target, nor one another transaction holds locked (`SKIP LOCKED`): then the row is
 * written, which costs a call but never loses the newer state, and no transaction waits on another.
 */
export async function enqueueOutbox(tx: Tx, rows: readonly OutboxMessageInput[], now: Date): Promise<void>;
/** The same, with rows checked against `intents` (the bot's registry and a platform's own kinds, in a test). */
export async function enqueueOutbox<I extends IntentRegistry>(
  tx: Tx,
  rows: readonly OutboxMessageInput<I>[],
  now: Date,
  intents: I,
): Promise<void>;
export async function enqueueOutbox(
  tx: Tx,
  rows: readonly CheckedRow[],
  now: Date,
  intents?: IntentRegistry,
): Promise<void> {
  if (rows.length === 0) return;
  // One fixed-shape statement, whatever the number of rows: Prisma 7.10 caches no query plan for
  // createMany, which made it the most expensive call of a click (see bench/engine.ts).
  const ctes = writeCtes(rows, now, undefined, intents ?? OUTBOX_INTENTS);
  await tx.$executeRaw`WITH ${ctes} SELECT count(*) FROM outbox_written`;
}

/**
 * The common table expressions that write `rows` as {@link enqueueOutbox} does, for a statement
 * that writes them along with other changes (a click's transition): the last one,
 * `outbox_written`, returns a row per row written. With `gate` (the name of an earlier CTE of the
 * statement), nothing is written or merged unless that CTE returned a row.
 *
 * Every row is checked against its kind's schema in `intents` (the bot's registry by default)
 * before the statement is built: a row no delivery could read throws {@link OutboxIntentError}
 * here, in the writer's transaction, instead of failing later far from its cause.
 */
export function outboxWriteCtes(rows: readonly OutboxMessageInput[], now: Date, gate?: string): Prisma.Sql;
export function outboxWriteCtes<I extends IntentRegistry>(
  rows: readonly OutboxMessageInput<I>[],
  now: Date,
  gate: string | undefined,
  intents: I,
): Prisma.Sql;
export function outboxWriteCtes(
  rows: readonly CheckedRow[],
  now: Date,
  gate?: string,
  intents: IntentRegistry = OUTBOX_INTENTS,
): Prisma.Sql {
  return writeCtes(rows, now, gate, intents);
}

function writeCtes(
  rows: readonly CheckedRow[],
  now: Date,
  gate: string | undefined,
  intents: IntentRegistry,
): Prisma.Sql {
  for (const row of rows) checkOutboxIntent(row.kind, row.payload, intents);
  const input = coalesceWithinCall(rows);
  const status: OutboxStatus = 'pending';
  const gated =
    gate === undefined ? Prisma.empty : Prisma.sql`WHERE EXISTS (SELECT 1 FROM ${Prisma.raw(gate)})`;
  return Prisma.sql`
    outbox_input AS MATERIALIZED (
      SELECT u.ordering_key, u.copy_key, u.coalesce_key, u.absorb, u.kind, u.payload::jsonb AS payload,
             u.delay_ms, u.priority, u.ord
      FROM unnest(${input.map((r) => r.orderingKey)}::text[], ${input.map((r) => r.copyKey ?? null)}::text[],
                  ${input.map((r) => r.coalesceKey ?? null)}::text[],
                  ${input.map((r) => r.coalesce === true && r.coalesceKey === r.orderingKey)}::boolean[],
                  ${input.map((r) => r.kind)}::text[], ${input.map((r) => JSON.stringify(r.payload))}::text[],
                  ${input.map((r) => Math.max(0, Math.round(r.delayMs ?? 0)))}::int[],
                  ${input.map((r) => Math.round(r.priority ?? 0))}::int[])
           WITH ORDINALITY AS u(ordering_key, copy_key, coalesce_key, absorb, kind, payload, delay_ms, priority, ord)
      ${gated}
    ),
    outbox_targets AS (
      -- At most one row per key is locked: the newest that nobody else holds.
      SELECT t.id, k.coalesce_key, k.kind
      FROM (SELECT DISTINCT i.coalesce_key, i.kind FROM outbox_input i WHERE i.absorb) k
      CROSS JOIN LATERAL (
        -- 'pending' written out, not bound: the planner matches the partial index on pending rows
        -- only against a constant, and a generic plan would otherwise scan the whole table.
        SELECT o.id FROM outbox_message o
        WHERE o.status = 'pending' AND o.coalesce_key = k.coalesce_key AND o.locked_until IS NULL
          AND o.kind = k.kind
        ORDER BY o.id DESC
        LIMIT 1
        FOR UPDATE OF o SKIP LOCKED
      ) t
    ),
    outbox_absorbed AS (
      UPDATE outbox_message o SET payload = o.payload || i.payload, priority = GREATEST(o.priority, i.priority)
      FROM outbox_targets t
      JOIN outbox_input i ON i.absorb AND i.coalesce_key = t.coalesce_key AND i.kind = t.kind
      WHERE o.id = t.id
      RETURNING i.ord
    ),
    outbox_written AS (
      INSERT INTO outbox_message (ordering_key, copy_key, coalesce_key, kind, payload, status, attempts,
                                  next_attempt_at, created_at, priority)
      SELECT i.ordering_key, i.copy_key, i.coalesce_key, i.kind, i.payload, ${status}, 0,
             ${now}::timestamptz + i.delay_ms * interval '1 millisecond', ${now}, i.priority
      FROM outbox_input i
      WHERE i.ord NOT IN (SELECT a.ord FROM outbox_absorbed a)
      ORDER BY i.ord
      RETURNING 1
    )`;
}

/**
 * `rows` without those a row earlier in the same call makes redundant (same coalesce key and kind,
 * the later one `coalesce: true`), whose object payloads are merged into the earlier row's.
 */
function coalesceWithinCall(rows: readonly CheckedRow[]): CheckedRow[] {
  const kept: CheckedRow[] = [];
  const byKey = new Map<string, number>();
  for (const row of rows) {
    const key = row.coalesceKey === undefined ? undefined : `${row.kind}\u0000${row.coalesceKey}`;
    const at = key === undefined ? undefined : byKey.get(key);
    if (at !== undefined && row.coalesce === true && row.coalesceKey === row.orderingKey) {
      const earlier = kept[at] as CheckedRow;
      kept[at] = { ...earlier, payload: mergePayloads(earlier.payload, row.payload) };
      continue;
    }
    if (key !== undefined && at === undefined) byKey.set(key, kept.length);
    kept.push(row);
  }
  return kept;
}

/** `later`'s fields over `earlier`'s, as PostgreSQL's `jsonb || jsonb` merges two objects. */
function mergePayloads(earlier: unknown, later: unknown): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  return isObject(earlier) && isObject(later) ? { ...earlier, ...later } : later;
}

export interface ClaimOptions {
  now: Date;
  /** At most this many rows (each of a different ordering key). */
  limit: number;
  /** The claimer holds the rows until `now + leaseMs`; afterwards another dispatcher may take them. */
  leaseMs: number;
  /** The claiming replica's id, stored as the holder (see {@link renewLeases}, {@link takeBackClaims}). */
  owner: string;
  /**
   * Up to this many rows of one ordering key, from its head on, in id order (default 1): the
   * claimer delivers them one after another, so a busy conversation needs no claim per message.
   */
  perKey?: number;
  /**
   * Only rows of this ordering key: the holder of a run that went out goes on with its key's next
   * rows, under the same rules, without waiting for a claim of every key.
   */
  orderingKey?: string;
}

/**
 * Atomically claims due rows for one dispatcher and returns them, oldest due first; with `perKey`
 * above 1, the first rows of a key in a row (its head and the due rows right behind it), which the
 * claimer must deliver in id order, stopping at the first that does not go out.
 *
 * Only the oldest pending row of each ordering key is a candidate, so a key's rows go out strictly
 * one after another: a head row waiting for its backoff, or leased by another dispatcher, holds
 * back the rest of its key. A key with any row under a live lease gives no candidate either: when
 * two transactions write to one key and the later id commits first, its row may already be in
 * flight when the earlier id becomes visible, and the two must still not go out side by side.
 * A row with a copy key also waits for every earlier pending row of its copy, whatever their
 * ordering keys (an update in place behind its copy's post in the conversation), and for one of
 * them in flight. A candidate is due when `next_attempt_at <= now` and it has no live
 * lease. `FOR UPDATE SKIP LOCKED` makes concurrent claimers (several replicas) pass over rows
 * another is claiming; a row claimed and committed meanwhile is re-checked under its row lock
 * (PostgreSQL re-evaluates the locked row's conditions), so it is never handed out twice.
 *
 * Claiming counts an attempt: a dispatcher that dies mid-delivery has still tried once. The row
 * records its holder (`owner`); the holder and the attempt count fence its later updates, so a
 * holder whose lease lapsed cannot retry, release or fail a row another replica has taken over.
 */
export async function claimDue(db: Db, options: ClaimOptions): Promise<ClaimedOutboxMessage[]> {
  const now = options.now.toISOString();
  const lockedUntil = new Date(options.now.getTime() + options.leaseMs).toISOString();
  const perKey = Math.max(1, options.perKey ?? 1);
  // Every pending row still counts for the copies' order; only the candidates are of the one key.
  const onlyKey =
    options.orderingKey === undefined
      ? Prisma.empty
      : Prisma.sql`AND r.ordering_key = ${options.orderingKey}`;
  const claimed = await db.$queryRaw<
    Array<{
      id: bigint | string;
      ordering_key: string;
      priority: number;
      kind: string;
      payload: unknown;
      attempts: number;
      locked_until: Date | string;
      locked_by: string;
      created_at: Date | string;
      behind: bigint | number | string;
    }>
  >`
    WITH pending AS MATERIALIZED (
      SELECT id, ordering_key, copy_key, next_attempt_at, locked_until, priority,
             row_number() OVER (PARTITION BY ordering_key ORDER BY id) AS pos
      FROM outbox_message
      WHERE status = 'pending'
    ),
    flagged AS (
      SELECT r.id, r.ordering_key, r.next_attempt_at, r.pos, r.priority,
             (r.next_attempt_at <= ${now}::timestamptz
              AND (r.locked_until IS NULL OR r.locked_until < ${now}::timestamptz)
              AND (r.copy_key IS NULL OR NOT EXISTS (
                SELECT 1 FROM pending earlier
                WHERE earlier.copy_key = r.copy_key AND earlier.id <> r.id
                  AND ((earlier.id < r.id AND earlier.ordering_key <> r.ordering_key)
                       OR earlier.locked_until >= ${now}::timestamptz)
              ))) AS ok
      FROM pending r
      WHERE r.pos <= ${perKey}::int ${onlyKey}
    ),
    keys AS (
      SELECT ordering_key, coalesce(min(pos) FILTER (WHERE NOT ok), ${perKey + 1}::int) AS stop
      FROM flagged
      GROUP BY ordering_key
    ),
    due AS (
      SELECT f.id, f.ordering_key, f.pos FROM flagged f
      JOIN keys k ON k.ordering_key = f.ordering_key
      WHERE f.pos < k.stop
        AND NOT EXISTS (
          SELECT 1 FROM pending busy
          WHERE busy.ordering_key = f.ordering_key AND busy.locked_until >= ${now}::timestamptz
        )
      ORDER BY f.priority DESC, f.pos, f.next_attempt_at, f.id
      LIMIT ${options.limit}::int
    ),
    locked AS (
      SELECT m.id, due.ordering_key, due.pos FROM outbox_message m
      JOIN due ON due.id = m.id
      WHERE m.status = 'pending'
        AND m.next_attempt_at <= ${now}::timestamptz
        AND (m.locked_until IS NULL OR m.locked_until < ${now}::timestamptz)
      FOR UPDATE OF m SKIP LOCKED
    ),
    -- Only an unbroken run from each key's head: a row another claimer locked first ends it.
    runs AS (
      SELECT id, pos, row_number() OVER (PARTITION BY ordering_key ORDER BY pos) AS n,
             (SELECT count(*) FROM pending p WHERE p.ordering_key = locked.ordering_key) - pos AS behind
      FROM locked
    )
    UPDATE outbox_message o
    SET locked_until = ${lockedUntil}::timestamptz, locked_by = ${options.owner}, attempts = o.attempts + 1
    FROM runs
    WHERE o.id = runs.id AND runs.pos = runs.n
    RETURNING o.id, o.ordering_key, o.priority, o.kind, o.payload, o.attempts, o.locked_until, o.locked_by,
              o.created_at, runs.behind`;
  // The claimed rows come back from the claim itself: no second statement to read them.
  return claimed
    .map(
      (row): ClaimedOutboxMessage => ({
        id: BigInt(row.id),
        orderingKey: row.ordering_key,
        priority: Number(row.priority),
        kind: row.kind,
        payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as JsonValue,
        attempts: Number(row.attempts),
        lockedUntil: new Date(row.locked_until),
        lockedBy: row.locked_by,
        createdAt: new Date(row.created_at),
        behind: Number(row.behind),
      }),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Settles, without sending them, the pending redraws an earlier row makes redundant: a row that
 * redraws on its own key (`ordering_key = coalesce_key`: a card copy's update, a person's App Home)
 * is dropped when an earlier row of the same key and kind is pending and unclaimed and asks for at
 * least as much (its payload contains this one's). That earlier row is delivered after this
 * statement, so it draws the state this one's transaction committed; {@link enqueueOutbox} misses
 * such pairs when two transactions write them at the same moment (neither sees the other's row).
 * A dropped row is marked sent, with `{ coalescedInto: <id> }` as its result. Rows another
 * statement holds locked are left alone. Returns how many were dropped.
 */
export async function supersedeRedraws(db: Db, now: Date): Promise<number> {
  const status: OutboxStatus = 'pending';
  const sent: OutboxStatus = 'sent';
  const dropped = await db.$queryRaw<Array<{ id: bigint }>>`
    WITH redundant AS (
      SELECT later.id, later.priority, (
        SELECT min(earlier.id) FROM outbox_message earlier
        WHERE earlier.status = 'pending' AND earlier.locked_until IS NULL
          AND earlier.coalesce_key = later.coalesce_key AND earlier.kind = later.kind
          AND earlier.id < later.id AND earlier.payload @> later.payload
      ) AS into_id
      FROM outbox_message later
      -- 'pending' written out, not bound, so the partial index on pending rows serves (see outboxWriteCtes).
      WHERE later.status = 'pending' AND later.locked_until IS NULL
        AND later.coalesce_key IS NOT NULL AND later.ordering_key = later.coalesce_key
        AND EXISTS (
          SELECT 1 FROM outbox_message earlier
          WHERE earlier.status = 'pending' AND earlier.locked_until IS NULL
            AND earlier.coalesce_key = later.coalesce_key AND earlier.kind = later.kind
            AND earlier.id < later.id AND earlier.payload @> later.payload
        )
      FOR UPDATE OF later SKIP LOCKED
    )
    , dropped AS (
      UPDATE outbox_message o
      SET status = ${sent}, sent_at = ${now}, result = jsonb_build_object('coalescedInto', r.into_id::text)
      FROM redundant r
      WHERE o.id = r.id AND r.into_id IS NOT NULL AND o.status = ${status} AND o.locked_until IS NULL
      RETURNING o.id, r.into_id, o.priority
    ), raised AS (
      -- The row that stands for them goes as early as the most urgent of them would have.
      UPDATE outbox_message t SET priority = d.priority
      FROM (SELECT into_id, max(priority) AS priority FROM dropped GROUP BY into_id) d
      WHERE t.id = d.into_id AND t.priority < d.priority
      RETURNING t.id
    )
    SELECT id FROM dropped`;
  return dropped.length;
}

/**
 * Records a delivery the platform accepted, with the delivery's `records` (where a posted card
 * copy is…) in the same statement: the records and the row's `sent` commit together or not at
 * all, in one round trip. The records are written whatever the row's state (the message went out
 * either way). Not fenced by the lease: the message went out whoever holds the row now, and a
 * later `markRetry`/`markFailed` by a dispatcher whose lease was taken over cannot undo it (those
 * only touch pending rows). Returns false when the row was no longer pending (another dispatcher
 * delivered it too: see the at-least-once note in dispatcher.ts).
 */
export async function markSent(
  db: Db,
  row: ClaimedOutboxMessage,
  result: JsonValue | undefined,
  now: Date,
  records: readonly DeliveryRecord[] = [],
): Promise<boolean> {
  const sent: OutboxStatus = 'sent';
  // Each record a CTE of its own: PostgreSQL runs every data-modifying CTE once, to completion,
  // whether or not the rest of the statement reads it.
  const writes = records.map((record, i) => Prisma.sql`${Prisma.raw(`record_${i}`)} AS (${record}), `);
  const stored = result === undefined ? null : JSON.stringify(result);
  const marked = await db.$queryRaw<Array<{ id: bigint }>>`
    WITH ${Prisma.join([...writes, Prisma.empty], '')} marked AS (
      UPDATE outbox_message
      SET status = ${sent}, sent_at = ${now}::timestamptz, locked_until = NULL, locked_by = NULL,
          last_error = NULL, result = ${stored}::jsonb
      WHERE id = ${String(row.id)}::bigint AND status = 'pending'
      RETURNING id
    )
    SELECT id FROM marked`;
  return marked.length === 1;
}

/**
 * Puts a claimed row back to wait until `nextAttemptAt` after a failed attempt. Fenced by the
 * lease: returns false (and changes nothing) when the lease was lost to another dispatcher.
 */
export async function markRetry(
  db: Db,
  row: ClaimedOutboxMessage,
  error: string,
  nextAttemptAt: Date,
): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: fence(row),
    data: { nextAttemptAt, lockedUntil: null, lockedBy: null, lastError: truncateError(error) },
  });
  return count === 1;
}

/**
 * Gives back a claimed row that was not attempted (its platform method is paused by a rate limit,
 * or its lease ran short): due again at `nextAttemptAt`, and the attempt the claim counted is
 * undone. Fenced by the lease like {@link markRetry}.
 */
export async function releaseClaim(db: Db, row: ClaimedOutboxMessage, nextAttemptAt: Date): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: fence(row),
    data: { nextAttemptAt, lockedUntil: null, lockedBy: null, attempts: { decrement: 1 } },
  });
  return count === 1;
}

/**
 * Marks a claimed row as failed for good (a permanent error): never retried, listed by
 * {@link listFailed}. Later rows of its ordering key are no longer held back by it.
 * Fenced by the lease like {@link markRetry}.
 */
export async function markFailed(db: Db, row: ClaimedOutboxMessage, error: string): Promise<boolean> {
  const { count } = await db.outboxMessage.updateMany({
    where: fence(row),
    data: {
      status: 'failed' satisfies OutboxStatus,
      lockedUntil: null,
      lockedBy: null,
      lastError: truncateError(error),
    },
  });
  return count === 1;
}

/** The claim `row` was handed out as: still pending, same holder, same attempt. */
function fence(row: ClaimedOutboxMessage) {
  return {
    id: row.id,
    status: 'pending' satisfies OutboxStatus,
    lockedBy: row.lockedBy,
    attempts: row.attempts,
  };
}

/**
 * Extends the leases of the rows `owner` still holds among `ids` to `lockedUntil` (the holder's
 * heartbeat while it delivers them), and returns the ids it still holds. A row whose lease lapsed
 * and was taken over by another replica, or that was settled meanwhile, is left alone.
 */
export async function renewLeases(
  db: Db,
  owner: string,
  ids: readonly bigint[],
  lockedUntil: Date,
): Promise<bigint[]> {
  if (ids.length === 0) return [];
  const renewed = await db.$queryRaw<Array<{ id: bigint }>>`
    UPDATE outbox_message SET locked_until = ${lockedUntil}
    WHERE id = ANY(${ids.map(String)}::bigint[]) AND status = 'pending' AND locked_by = ${owner}
    RETURNING id`;
  return renewed.map((row) => row.id);
}

/**
 * Ends every lease held by `owner` except on `keep`: the claims of a process that died under the
 * same replica id, taken back by its successor at start instead of waiting for them to lapse. The
 * attempt stays counted (the dead process may have sent the message: at least once). Returns how
 * many rows were taken back.
 */
export async function takeBackClaims(db: Db, owner: string, keep: readonly bigint[] = []): Promise<number> {
  return db.$executeRaw`
    UPDATE outbox_message SET locked_until = NULL, locked_by = NULL
    WHERE status = 'pending' AND locked_by = ${owner} AND NOT (id = ANY(${keep.map(String)}::bigint[]))`;
}

export interface ListFailedOptions {
  /** Default 100. */
  limit?: number;
  /** Rows with an id below this one (paging backwards from the newest). */
  beforeId?: bigint;
}

/** Failed rows, newest first, for operators. */
export function listFailed(db: Db, options: ListFailedOptions = {}): Promise<OutboxMessage[]> {
  return db.outboxMessage.findMany({
    where: {
      status: 'failed' satisfies OutboxStatus,
      ...(options.beforeId === undefined ? {} : { id: { lt: options.beforeId } }),
    },
    orderBy: { id: 'desc' },
    take: options.limit ?? 100,
  });
}

/** How many rows are in each status (every status present, zero when none). */
export async function countByStatus(db: Db): Promise<Record<OutboxStatus, number>> {
  const groups = await db.outboxMessage.groupBy({ by: ['status'], _count: { _all: true } });
  const counts: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0 };
  for (const group of groups) {
    if (group.status in counts) counts[group.status as OutboxStatus] = group._count._all;
  }
  return counts;
}

/**
 * The earliest time {@link claimDue} could hand out a row: over the head row of each ordering key
 * (but for one behind an earlier row of its copy, which comes after that one), the later of its
 * `next_attempt_at` and the end of its lease. Null when nothing is pending.
 */
export async function nextDueAt(db: Db): Promise<Date | null> {
  const [row] = await db.$queryRaw<Array<{ at: Date | string | null }>>`
    SELECT min(GREATEST(next_attempt_at, locked_until + interval '1 millisecond')) AS at
    FROM (
      SELECT DISTINCT ON (ordering_key) id, copy_key, next_attempt_at, locked_until
      FROM outbox_message
      WHERE status = 'pending'
      ORDER BY ordering_key, id
    ) AS heads
    WHERE heads.copy_key IS NULL OR NOT EXISTS (
      SELECT 1 FROM outbox_message earlier
      WHERE earlier.status = 'pending' AND earlier.copy_key = heads.copy_key AND earlier.id < heads.id
    )`;
  if (row?.at === null || row?.at === undefined) return null;
  return new Date(row.at);
}

function truncateError(error: string): string {
  return error.length <= MAX_ERROR_LENGTH ? error : `${error.slice(0, MAX_ERROR_LENGTH - 1)}…`;
}
