// The send slots of one member, as the bot's replicas take them from the database they share:
// never more than a window allows, even when many takers (on separate connections, as replicas
// are) want the last slots at once; a full window answers how long until a slot frees.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeSendSlots } from '../../src/chat/core/send-slots.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const windows = [
  { ms: MINUTE, max: 30 },
  { ms: HOUR, max: 40 },
];
const t0 = new Date('2026-12-01T01:00:00Z').getTime();
const at = (ms: number) => new Date(t0 + ms);

describe.each(databaseKinds)('member send slots on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  const take = (member: string, now: Date, count = 1, prisma = t.db.prisma) =>
    takeSendSlots(prisma, { platform: 'wecom', member, count, windows, now });

  it('lets exactly 30 of 45 concurrent takers (on two connections, as two replicas) have a slot', async () => {
    // A second client on the same database: on PostgreSQL its own pool, as another replica's.
    const other =
      t.url === null
        ? t.db
        : await openDatabase({ kind: 'postgres', url: t.url, poolMax: 5, connectTimeoutMs: 5000 });
    try {
      const takes = await Promise.all(
        Array.from({ length: 45 }, (_, i) => take('Racer', at(0), 1, (i % 2 ? other : t.db).prisma)),
      );
      expect(takes.filter((taken) => taken.taken)).toHaveLength(30);
      expect(takes.filter((taken) => !taken.taken)).toEqual(
        Array.from({ length: 15 }, () => ({ taken: false, retryAfterMs: MINUTE })),
      );
      expect(await t.db.prisma.memberSendSlot.count({ where: { member: 'Racer' } })).toBe(30);
    } finally {
      if (other !== t.db) await other.close();
    }
  });

  it('frees a slot exactly a minute after it was taken, and counts the hour too', async () => {
    for (let i = 0; i < 30; i++) expect(await take('Slider', at(i * 1000))).toEqual({ taken: true });
    // Full: the first slot (taken at 0 s) leaves the window at 60 s.
    expect(await take('Slider', at(45_000))).toEqual({ taken: false, retryAfterMs: 15_000 });
    expect(await take('Slider', at(MINUTE - 1))).toEqual({ taken: false, retryAfterMs: 1 });
    expect(await take('Slider', at(MINUTE))).toEqual({ taken: true });
    // Two at once need the two oldest gone (taken at 1 s and 2 s): 2 s leaves at 62 s.
    expect(await take('Slider', at(MINUTE + 500), 2)).toEqual({ taken: false, retryAfterMs: 1500 });
    expect(await take('Slider', at(MINUTE + 2000), 2)).toEqual({ taken: true });
    // 33 this hour; 7 more fit the hour, spread over the minutes.
    for (let i = 0; i < 7; i++) expect(await take('Slider', at(10 * MINUTE + i))).toEqual({ taken: true });
    // The hour is full (40) though the minute is not: the first slot leaves the hour at 60 min.
    expect(await take('Slider', at(20 * MINUTE))).toEqual({ taken: false, retryAfterMs: 40 * MINUTE });
    expect(await take('Slider', at(HOUR))).toEqual({ taken: true });
  });

  it('takes all or none of several slots, keeps members apart and forgets slots older than an hour', async () => {
    for (let i = 0; i < 29; i++) await take('Pair', at(0));
    expect(await take('Pair', at(1000), 2)).toEqual({ taken: false, retryAfterMs: MINUTE - 1000 });
    expect(await t.db.prisma.memberSendSlot.count({ where: { member: 'Pair' } })).toBe(29);
    expect(await take('Someone else', at(1000), 2)).toEqual({ taken: true });
    await expect(take('Pair', at(1000), 31)).rejects.toThrow('cannot fit a window of 30');
    await take('Pair', at(HOUR + 1));
    expect(await t.db.prisma.memberSendSlot.count({ where: { member: 'Pair' } })).toBe(1);
  });
});
