import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../../src/db/database.ts';
import { Prisma, type PrismaClient } from '../../src/generated/prisma/client.ts';
import { OutboxIntentError } from '../../src/outbox/intents.ts';
import type { OutboxMessageInput } from '../../src/outbox/outbox-message.ts';
import {
  claimDue,
  countByStatus,
  enqueueOutbox,
  listFailed,
  markFailed,
  markRetry,
  markSent,
  nextDueAt,
  releaseClaim,
  renewLeases,
  supersedeRedraws,
  takeBackClaims,
} from '../../src/outbox/outbox-repository.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

const T0 = new Date('2026-03-02T01:00:00.000Z');
const LEASE_MS = 60_000;
const OWNER = 'replica-a';

function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

/**
 * The storage keeps, orders and coalesces rows whatever they say: these tests write kinds whose
 * payload may be any object (what a payload must be is the registry's test).
 */
const ANY_PAYLOAD = z.looseObject({});
const STORAGE_INTENTS = {
  'message.post': ANY_PAYLOAD,
  'card.sync': ANY_PAYLOAD,
  'home.refresh': ANY_PAYLOAD,
  'other.redraw': ANY_PAYLOAD,
};
type Row = OutboxMessageInput<typeof STORAGE_INTENTS>;

function post(orderingKey: string, text: string): Row {
  return { orderingKey, kind: 'message.post', payload: { channel: 'C1', text } };
}

async function enqueue(prisma: PrismaClient, rows: Row[], now = T0): Promise<void> {
  await prisma.$transaction(async (tx) => enqueueOutbox(tx, rows, now, STORAGE_INTENTS));
}

function textsOf(rows: Array<{ payload: unknown }>): string[] {
  return rows.map((row) => (row.payload as { text: string }).text);
}

describe.each(databaseKinds)('outbox repository on %s', (kind) => {
  let testDb: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    prisma = testDb.db.prisma;
  });

  afterAll(async () => {
    await testDb?.cleanup();
  });

  beforeEach(async () => {
    await prisma.outboxMessage.deleteMany();
  });

  it('stores enqueued rows as pending, due at the given time, in array order', async () => {
    await enqueue(prisma, [post('k1', 'first'), post('k1', 'second'), post('k2', 'other')]);

    const rows = await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    expect(textsOf(rows)).toEqual(['first', 'second', 'other']);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: T0, createdAt: T0 });
      expect(row.lockedUntil).toBeNull();
    }
  });

  it('stores nothing when the enqueueing transaction rolls back', async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueOutbox(tx, [post('k1', 'never')], T0, STORAGE_INTENTS);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');

    expect(await prisma.outboxMessage.count()).toBe(0);
    expect(await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER })).toEqual([]);
  });

  it('refuses, with the bot’s registry, a row no delivery could read, and the writer’s transaction with it', async () => {
    // Built at run time (the compiler sees any), as a payload assembled from parsed input would be.
    const rows = JSON.parse(
      JSON.stringify([
        { orderingKey: 'person:p1', kind: 'home.refresh', payload: { personId: 'p1' } },
        { orderingKey: 'person:p1', kind: 'person.notify', payload: { personId: 'p1' } },
      ]),
    );
    await expect(prisma.$transaction(async (tx) => enqueueOutbox(tx, rows, T0))).rejects.toThrow(
      OutboxIntentError,
    );
    await expect(
      prisma.$transaction(async (tx) =>
        enqueueOutbox(tx, JSON.parse('[{"orderingKey":"k","kind":"message.post","payload":{}}]'), T0),
      ),
    ).rejects.toThrow('unknown outbox kind message.post');
    expect(await prisma.outboxMessage.count()).toBe(0);

    await prisma.$transaction(async (tx) => enqueueOutbox(tx, rows.slice(0, 1), T0));
    expect(await prisma.outboxMessage.count()).toBe(1);
  });

  it('claims only the oldest pending row of each ordering key, with a lease and a counted attempt', async () => {
    await enqueue(prisma, [post('k1', 'k1-a'), post('k1', 'k1-b'), post('k2', 'k2-a'), post('k2', 'k2-b')]);

    const claimed = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });

    expect(textsOf(claimed).sort()).toEqual(['k1-a', 'k2-a']);
    for (const row of claimed) {
      expect(row.attempts).toBe(1);
      expect(row.lockedUntil).toEqual(at(LEASE_MS));
    }
    // The heads are leased: nothing else of those keys may go meanwhile.
    expect(await claimDue(prisma, { now: at(1000), limit: 10, leaseMs: LEASE_MS, owner: OWNER })).toEqual([]);
  });

  it('hands out the next row of a key once the head is sent', async () => {
    await enqueue(prisma, [post('k1', 'one'), post('k1', 'two'), post('k1', 'three')]);
    const order: string[] = [];
    for (let round = 0; round < 5; round++) {
      const [row, ...rest] = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
      expect(rest).toEqual([]);
      if (!row) break;
      order.push(textsOf([row])[0] ?? '');
      expect(await markSent(prisma, row, { ts: String(round) }, T0)).toBe(true);
    }
    expect(order).toEqual(['one', 'two', 'three']);
    expect(await countByStatus(prisma)).toEqual({ pending: 0, sent: 3, failed: 0 });
  });

  it('gives no row of a key while a later row of it is in flight (an earlier id that committed later)', async () => {
    await enqueue(prisma, [post('person:p1', 'committed second'), post('person:p1', 'committed first')]);
    await enqueue(prisma, [post('person:p2', 'someone else')]);
    const [earlier, later] = await prisma.outboxMessage.findMany({
      where: { orderingKey: 'person:p1' },
      orderBy: { id: 'asc' },
    });
    if (!earlier || !later) throw new Error('expected two rows');
    // The later id committed first and another replica is delivering it.
    await prisma.outboxMessage.update({
      where: { id: later.id },
      data: { lockedUntil: at(LEASE_MS), lockedBy: 'replica-b', attempts: 1 },
    });

    const claimed = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    expect(textsOf(claimed)).toEqual(['someone else']);
    // Once it is settled, the earlier row goes.
    await prisma.outboxMessage.update({
      where: { id: later.id },
      data: { status: 'sent', lockedUntil: null },
    });
    const next = await claimDue(prisma, { now: at(1), limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    expect(textsOf(next)).toEqual(['committed second']);
  });

  it("holds an update in place back until its copy's post in the conversation is sent, and no longer", async () => {
    await enqueue(prisma, [
      { ...post('person:p1', 'notice before the card'), copyKey: undefined },
      { ...post('person:p1', 'post of the copy'), copyKey: 'card:i1:p1' },
      { ...post('card:i1:p1', 'update of the copy'), copyKey: 'card:i1:p1' },
      { ...post('card:i0:p1', 'update of an older copy'), copyKey: 'card:i0:p1' },
    ]);
    const order: string[][] = [];
    for (let round = 0; round < 5; round++) {
      const claimed = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
      if (claimed.length === 0) break;
      order.push(textsOf(claimed).sort());
      for (const row of claimed) await markSent(prisma, row, { ts: '1' }, T0);
    }
    // The older copy's update goes beside the conversation; the new copy's waits for its post.
    expect(order).toEqual([
      ['notice before the card', 'update of an older copy'],
      ['post of the copy'],
      ['update of the copy'],
    ]);
  });

  it('lets a head waiting on its backoff hold back its key but not others', async () => {
    await enqueue(prisma, [post('k1', 'k1-a'), post('k1', 'k1-b'), post('k2', 'k2-a')]);
    const first = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    const k1 = first.find((row) => row.orderingKey === 'k1');
    const k2 = first.find((row) => row.orderingKey === 'k2');
    if (!k1 || !k2) throw new Error('expected both heads');
    expect(await markRetry(prisma, k1, 'http_503', at(10_000))).toBe(true);
    expect(await markSent(prisma, k2, undefined, T0)).toBe(true);
    await enqueue(prisma, [post('k2', 'k2-b')], at(1000));

    // The earliest a claim can find something: k2's new head now, not k1's second row (held back).
    expect(await nextDueAt(prisma)).toEqual(at(1000));
    const beforeBackoff = await claimDue(prisma, {
      now: at(9_999),
      limit: 10,
      leaseMs: LEASE_MS,
      owner: OWNER,
    });
    expect(textsOf(beforeBackoff)).toEqual(['k2-b']);

    const afterBackoff = await claimDue(prisma, {
      now: at(10_000),
      limit: 10,
      leaseMs: LEASE_MS,
      owner: OWNER,
    });
    expect(textsOf(afterBackoff)).toEqual(['k1-a']);
    expect(afterBackoff[0]).toMatchObject({ attempts: 2 });
    const stored = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: k1.id } });
    expect(stored.lastError).toBe('http_503');
  });

  it('does not let a failed row hold back the rest of its key', async () => {
    await enqueue(prisma, [post('k1', 'bad'), post('k1', 'good')]);
    const [bad] = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    if (!bad) throw new Error('expected a row');
    expect(await markFailed(prisma, bad, 'channel_not_found: chat.postMessage')).toBe(true);

    const next = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    expect(textsOf(next)).toEqual(['good']);

    const failed = await listFailed(prisma);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      id: bad.id,
      status: 'failed',
      lastError: 'channel_not_found: chat.postMessage',
    });
    expect(failed[0]?.lockedUntil).toBeNull();
  });

  it('claims a row again once its lease has expired, and fences the old holder out', async () => {
    await enqueue(prisma, [post('k1', 'slow')]);
    const [first] = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    if (!first) throw new Error('expected a row');

    expect(await nextDueAt(prisma)).toEqual(at(LEASE_MS + 1));
    expect(await claimDue(prisma, { now: at(LEASE_MS), limit: 10, leaseMs: LEASE_MS, owner: OWNER })).toEqual(
      [],
    );
    const [second] = await claimDue(prisma, {
      now: at(LEASE_MS + 1),
      limit: 10,
      leaseMs: LEASE_MS,
      owner: OWNER,
    });
    expect(second).toMatchObject({ id: first.id, attempts: 2, lockedUntil: at(2 * LEASE_MS + 1) });
    if (!second) throw new Error('expected the row again');

    // The first holder's lease is gone: it can no longer reschedule or fail the row.
    expect(await markRetry(prisma, first, 'late', at(LEASE_MS + 5000))).toBe(false);
    expect(await markFailed(prisma, first, 'late')).toBe(false);
    expect(await releaseClaim(prisma, first, T0)).toBe(false);
    // A delivery it did finish is still recorded, once.
    expect(await markSent(prisma, first, { ts: '1' }, at(LEASE_MS + 2))).toBe(true);
    expect(await markSent(prisma, second, { ts: '2' }, at(LEASE_MS + 3))).toBe(false);
    const stored = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: first.id } });
    expect(stored).toMatchObject({ status: 'sent', result: { ts: '1' }, sentAt: at(LEASE_MS + 2) });
  });

  it('tells how many pending rows of its key are behind each claimed row', async () => {
    await enqueue(prisma, [post('k1', 'a'), post('k1', 'b'), post('k1', 'c'), post('k2', 'alone')]);
    const claimed = await claimDue(prisma, {
      now: T0,
      limit: 10,
      leaseMs: LEASE_MS,
      owner: OWNER,
      perKey: 2,
    });
    expect(claimed.map((row) => [row.orderingKey, row.behind])).toEqual([
      ['k1', 2],
      ['k1', 1],
      ['k2', 0],
    ]);
  });

  it('writes a delivery’s records in the statement that marks its row sent: both or neither', async () => {
    await prisma.$executeRawUnsafe('CREATE TABLE IF NOT EXISTS delivery_probe (note text PRIMARY KEY)');
    await prisma.$executeRawUnsafe('DELETE FROM delivery_probe');
    const probe = (note: string | null) => Prisma.sql`INSERT INTO delivery_probe (note) VALUES (${note})`;
    const notes = async () =>
      (await prisma.$queryRaw<Array<{ note: string }>>`SELECT note FROM delivery_probe ORDER BY note`).map(
        (r) => r.note,
      );
    await enqueue(prisma, [post('k1', 'one')]);
    const [row] = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    if (!row) throw new Error('expected a row');

    // The second record fails (a null key): the first is not written, and the row stays pending.
    await expect(markSent(prisma, row, { ts: '1' }, T0, [probe('a'), probe(null)])).rejects.toThrow();
    expect(await notes()).toEqual([]);
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'pending',
    });

    expect(await markSent(prisma, row, { ts: '1' }, T0, [probe('a'), probe('b')])).toBe(true);
    expect(await notes()).toEqual(['a', 'b']);
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'sent',
      result: { ts: '1' },
    });
    // Sent again by a holder whose lease lapsed: that message went out too, so its record is kept.
    expect(await markSent(prisma, row, { ts: '2' }, T0, [probe('c')])).toBe(false);
    expect(await notes()).toEqual(['a', 'b', 'c']);
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      result: { ts: '1' },
    });
  });

  it('fences out a holder whose row another replica took over, even when both are at the same attempt', async () => {
    await enqueue(prisma, [post('k1', 'contested')]);
    const [mine] = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    if (!mine) throw new Error('expected a row');
    // Given back (attempt undone), then claimed by another replica at the same attempt number.
    await prisma.outboxMessage.update({ where: { id: mine.id }, data: { lockedUntil: null, attempts: 0 } });
    const [theirs] = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: 'replica-b' });
    expect(theirs).toMatchObject({
      id: mine.id,
      attempts: 1,
      lockedBy: 'replica-b',
      lockedUntil: mine.lockedUntil,
    });

    expect(await markRetry(prisma, mine, 'late', at(5000))).toBe(false);
    expect(await releaseClaim(prisma, mine, T0)).toBe(false);
    expect(await markFailed(prisma, mine, 'late')).toBe(false);
    expect(await prisma.outboxMessage.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({
      status: 'pending',
      lockedBy: 'replica-b',
    });
  });

  it('renews only the leases its holder still has, so a renewed row is not claimed again', async () => {
    await enqueue(prisma, [post('k1', 'mine'), post('k2', 'lapsed')]);
    const claimed = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    const [mine, lapsed] = claimed;
    if (!mine || !lapsed) throw new Error('expected two rows');
    // `lapsed` was taken over by replica-b after its lease ran out.
    await prisma.outboxMessage.update({ where: { id: lapsed.id }, data: { lockedBy: 'replica-b' } });

    const renewed = await renewLeases(prisma, OWNER, [mine.id, lapsed.id], at(LEASE_MS + 30_000));
    expect(renewed).toEqual([mine.id]);
    expect(
      await claimDue(prisma, { now: at(LEASE_MS + 1), limit: 10, leaseMs: LEASE_MS, owner: 'replica-b' }),
    ).toEqual([expect.objectContaining({ id: lapsed.id })]);
    // The renewed lease still fences: the holder settles its row.
    expect(await markRetry(prisma, mine, 'http_503', at(LEASE_MS + 2000))).toBe(true);
  });

  it("takes back the claims left under one replica id at once, keeping the attempt, and no one else's", async () => {
    await enqueue(prisma, [
      post('k1', 'left by the dead process'),
      post('k2', 'in flight'),
      post('k3', 'other replica'),
    ]);
    const [left, inFlight] = await claimDue(prisma, { now: T0, limit: 2, leaseMs: LEASE_MS, owner: OWNER });
    const [other] = await claimDue(prisma, { now: T0, limit: 1, leaseMs: LEASE_MS, owner: 'replica-b' });
    if (!left || !inFlight || !other) throw new Error('expected three rows');

    expect(await takeBackClaims(prisma, OWNER, [inFlight.id])).toBe(1);
    const [again] = await claimDue(prisma, { now: at(1), limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    expect(again).toMatchObject({ id: left.id, attempts: 2 });
    expect(await claimDue(prisma, { now: at(2), limit: 10, leaseMs: LEASE_MS, owner: OWNER })).toEqual([]);
  });

  it('gives a released row back unattempted, due at the given time', async () => {
    await enqueue(prisma, [post('k1', 'held')]);
    const [row] = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    if (!row) throw new Error('expected a row');

    expect(await releaseClaim(prisma, row, at(30_000))).toBe(true);

    const stored = await prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at(30_000),
      lockedUntil: null,
    });
    expect(await nextDueAt(prisma)).toEqual(at(30_000));
    expect(await claimDue(prisma, { now: at(29_999), limit: 10, leaseMs: LEASE_MS, owner: OWNER })).toEqual(
      [],
    );
  });

  it('claims at most `limit` rows, oldest due first', async () => {
    await enqueue(prisma, [post('late', 'late')], at(5000));
    await enqueue(prisma, [post('a', 'a'), post('b', 'b'), post('c', 'c')], T0);

    const claimed = await claimDue(prisma, { now: at(5000), limit: 2, leaseMs: LEASE_MS, owner: OWNER });

    expect(textsOf(claimed)).toEqual(['a', 'b']);
  });

  it('counts rows by status and lists failed rows newest first', async () => {
    await enqueue(prisma, [post('a', 'a'), post('b', 'b'), post('c', 'c'), post('d', 'd')]);
    const claimed = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
    const [a, b, c] = claimed;
    if (!a || !b || !c) throw new Error('expected rows');
    await markSent(prisma, a, undefined, T0);
    await markFailed(prisma, b, 'invalid_blocks');
    await markFailed(prisma, c, 'channel_not_found');

    expect(await countByStatus(prisma)).toEqual({ pending: 1, sent: 1, failed: 2 });
    expect((await listFailed(prisma)).map((row) => row.lastError)).toEqual([
      'channel_not_found',
      'invalid_blocks',
    ]);
    expect((await listFailed(prisma, { limit: 1 })).map((row) => row.id)).toEqual([c.id]);
    expect((await listFailed(prisma, { beforeId: c.id })).map((row) => row.id)).toEqual([b.id]);
  });

  it('never hands the same row to two claimers racing for it', async () => {
    const keys = Array.from({ length: 60 }, (_, index) => post(`key-${index % 30}`, `m${index}`));
    await enqueue(prisma, keys);
    // On PostgreSQL a second client is a second pool, as a second replica would have.
    const other =
      testDb.url === null
        ? null
        : await openDatabase({ kind: 'postgres', url: testDb.url, poolMax: 5, connectTimeoutMs: 5000 });
    try {
      const clients = [prisma, other?.prisma ?? prisma];
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          claimDue(clients[index % 2] as PrismaClient, {
            now: T0,
            limit: 5,
            leaseMs: LEASE_MS,
            owner: OWNER,
          }),
        ),
      );
      const ids = claims.flat().map((row) => row.id);
      expect(new Set(ids).size).toBe(ids.length);
      // Only heads: 30 keys, at most one row each.
      expect(ids.length).toBeLessThanOrEqual(30);
      const keysClaimed = claims.flat().map((row) => row.orderingKey);
      expect(new Set(keysClaimed).size).toBe(keysClaimed.length);
      const stored = await prisma.outboxMessage.findMany({ where: { id: { in: ids } } });
      expect(stored.every((row) => row.attempts === 1)).toBe(true);
    } finally {
      await other?.close();
    }
  });

  describe('coalescing redraws', () => {
    /** An update of one card copy: redrawn from committed state, so a pending one makes it redundant. */
    function update(copy: string, payload: Record<string, string | boolean> = {}): Row {
      return {
        orderingKey: copy,
        copyKey: copy,
        coalesceKey: copy,
        coalesce: true,
        kind: 'card.sync',
        payload: { copy, ...payload },
      };
    }

    /** A new copy's post: it keeps its place in the conversation, so it is always written. */
    function newCopy(copy: string, conversation: string): Row {
      return {
        orderingKey: conversation,
        copyKey: copy,
        coalesceKey: copy,
        kind: 'card.sync',
        payload: { copy },
      };
    }

    async function pending(): Promise<Array<{ orderingKey: string; payload: unknown; nextAttemptAt: Date }>> {
      return prisma.outboxMessage.findMany({ where: { status: 'pending' }, orderBy: { id: 'asc' } });
    }

    it('writes no update of a copy while one is pending and unclaimed, and keeps its flags', async () => {
      await enqueue(prisma, [update('card:i1:p1')]);
      await enqueue(prisma, [update('card:i1:p1', { refresh: true })], at(10));
      await enqueue(prisma, [update('card:i1:p1')], at(20));

      const rows = await pending();
      expect(rows).toHaveLength(1);
      // The refresh asked in between is not lost: the pending row now redraws even a current version.
      expect(rows[0]?.payload).toEqual({ copy: 'card:i1:p1', refresh: true });
      expect(rows[0]?.nextAttemptAt).toEqual(T0);
    });

    it('coalesces into a pending post of the copy, but never writes an update in place of a post', async () => {
      await enqueue(prisma, [newCopy('card:i1:p1', 'person:p1'), update('card:i1:p1')]);
      await enqueue(prisma, [update('card:i1:p1')], at(10));
      expect((await pending()).map((row) => row.orderingKey)).toEqual(['person:p1']);

      // A second post of the copy (a repost) is written: it goes to the bottom of the conversation.
      await enqueue(prisma, [newCopy('card:i1:p1', 'person:p1')], at(20));
      expect((await pending()).map((row) => row.orderingKey)).toEqual(['person:p1', 'person:p1']);
    });

    it('writes the update while the pending row is claimed, even under a lapsed lease: it may be going out with older state', async () => {
      await enqueue(prisma, [update('card:i1:p1')]);
      const [claimed] = await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
      if (!claimed) throw new Error('expected a claim');
      // Past the lease: its holder may still be sending it, so it is no target.
      await enqueue(prisma, [update('card:i1:p1')], at(LEASE_MS + 10));
      expect(await pending()).toHaveLength(2);
      // The row written then is one.
      await enqueue(prisma, [update('card:i1:p1')], at(LEASE_MS + 20));
      expect(await pending()).toHaveLength(2);

      // Failed and waiting for its retry, a row is a target again: it draws the latest state when it goes.
      expect(await markSent(prisma, claimed, null, at(LEASE_MS + 30))).toBe(true);
      const [second] = await claimDue(prisma, {
        now: at(LEASE_MS + 40),
        limit: 10,
        leaseMs: LEASE_MS,
        owner: OWNER,
      });
      if (!second) throw new Error('expected the second row');
      expect(await markRetry(prisma, second, 'Slack is down', at(LEASE_MS + 5000))).toBe(true);
      await enqueue(prisma, [update('card:i1:p1')], at(LEASE_MS + 50));
      expect(await pending()).toHaveLength(1);
    });

    it('never coalesces rows without a coalesce key, other copies or other kinds', async () => {
      await enqueue(prisma, [post('person:p1', 'notice one'), update('card:i1:p1'), update('card:i2:p1')]);
      await enqueue(
        prisma,
        [
          post('person:p1', 'notice two'),
          update('card:i1:p2'),
          { ...update('card:i1:p1'), kind: 'other.redraw' },
        ],
        at(10),
      );
      expect(await pending()).toHaveLength(6);
    });

    it('coalesces within one call, and writes a delayed row due later', async () => {
      await enqueue(prisma, [
        { ...update('home:p1'), kind: 'home.refresh', delayMs: 1000 },
        post('person:p1', 'notice'),
        { ...update('home:p1', { again: true }), kind: 'home.refresh', delayMs: 1000 },
      ]);
      const rows = await pending();
      expect(rows.map((row) => row.orderingKey)).toEqual(['home:p1', 'person:p1']);
      expect(rows[0]?.payload).toEqual({ copy: 'home:p1', again: true });
      expect(rows[0]?.nextAttemptAt).toEqual(at(1000));
      expect(rows[1]?.nextAttemptAt).toEqual(T0);
    });

    it('drops a redraw written beside an earlier pending one that asks for as much, before claiming', async () => {
      // Two transactions at the same moment, neither seeing the other's row, wrote both.
      const sideBySide = (copy: string, payload: Record<string, string | boolean> = {}) => ({
        ...update(copy, payload),
        coalesce: false,
      });
      await enqueue(prisma, [update('card:i1:p1'), update('home:p1')]);
      await enqueue(prisma, [sideBySide('card:i1:p1'), sideBySide('home:p1')], at(5));
      // Asking for more (a redraw of a current version) is not dropped, nor is a post of the copy.
      await enqueue(
        prisma,
        [sideBySide('card:i1:p1', { refresh: true }), newCopy('card:i1:p1', 'person:p1')],
        at(6),
      );
      expect(await pending()).toHaveLength(6);

      expect(await supersedeRedraws(prisma, at(10))).toBe(2);
      const rows = await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
      expect(rows.map((row) => [row.orderingKey, row.status])).toEqual([
        ['card:i1:p1', 'pending'],
        ['home:p1', 'pending'],
        ['card:i1:p1', 'sent'],
        ['home:p1', 'sent'],
        ['card:i1:p1', 'pending'],
        ['person:p1', 'pending'],
      ]);
      expect(rows[2]?.result).toEqual({ coalescedInto: String(rows[0]?.id) });
      expect(rows[3]?.sentAt).toEqual(at(10));

      // An earlier row in flight may have drawn older state: nothing is dropped behind it.
      await prisma.outboxMessage.deleteMany();
      await enqueue(prisma, [update('home:p2')]);
      await claimDue(prisma, { now: T0, limit: 10, leaseMs: LEASE_MS, owner: OWNER });
      await enqueue(prisma, [sideBySide('home:p2')], at(5));
      expect(await supersedeRedraws(prisma, at(10))).toBe(0);
      expect(await pending()).toHaveLength(2);
    });

    it('claims the card of the person who just acted before older rows, and an absorbed or dropped row lends its priority', async () => {
      await enqueue(prisma, [post('person:p1', 'older notice'), update('card:i1:p1'), update('card:i2:p1')]);
      await enqueue(prisma, [{ ...update('card:i3:p2'), priority: 1 }], at(10));
      const [first] = await claimDue(prisma, { now: at(20), limit: 1, leaseMs: LEASE_MS, owner: OWNER });
      expect(first?.orderingKey).toBe('card:i3:p2');
      expect(first?.priority).toBe(1);

      // The actor's update absorbed into a pending sync of their copy makes that one urgent.
      await enqueue(prisma, [{ ...update('card:i2:p1'), priority: 1 }], at(30));
      const [second] = await claimDue(prisma, { now: at(40), limit: 1, leaseMs: LEASE_MS, owner: OWNER });
      expect(second?.orderingKey).toBe('card:i2:p1');

      // And one dropped beside an earlier pending one.
      await enqueue(prisma, [{ ...update('card:i1:p1'), coalesce: false, priority: 1 }], at(50));
      expect(await supersedeRedraws(prisma, at(60))).toBe(1);
      const [third] = await claimDue(prisma, { now: at(70), limit: 1, leaseMs: LEASE_MS, owner: OWNER });
      expect(third?.orderingKey).toBe('card:i1:p1');
      expect(third?.priority).toBe(1);
    });

    it('does not wait for a row another transaction holds: it writes its own instead', async () => {
      await enqueue(prisma, [update('card:i1:p1')]);
      const other =
        testDb.url === null
          ? null
          : await openDatabase({ kind: 'postgres', url: testDb.url, poolMax: 2, connectTimeoutMs: 5000 });
      if (other === null) return; // One connection on PGlite: no second transaction can hold it.
      try {
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let locked!: () => void;
        const lockTaken = new Promise<void>((resolve) => {
          locked = resolve;
        });
        const holder = other.prisma.$transaction(async (tx) => {
          await tx.$queryRaw`SELECT id FROM outbox_message WHERE status = 'pending' FOR UPDATE`;
          locked();
          await held;
        });
        await lockTaken;
        await enqueue(prisma, [update('card:i1:p1')], at(10));
        release();
        await holder;
        expect(await pending()).toHaveLength(2);
      } finally {
        await other.close();
      }
    });
  });
});
