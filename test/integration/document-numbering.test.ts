import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { allocateNumber, peekNextNumber } from '../../src/features/documents/numbering.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

const T0 = new Date('2026-03-02T01:00:00.000Z');
const OFFICE = { series: 'out:office', year: 2026 };

/** 1, 2, …, n. */
function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function ascending(numbers: number[]): number[] {
  return [...numbers].sort((a, b) => a - b);
}

describe.each(databaseKinds)('document numbering on %s', (kind) => {
  let testDb: TestDatabase;
  let prisma: PrismaClient;

  /** Allocates one number in a transaction of its own, committed. */
  function allocate(series = OFFICE.series, year = OFFICE.year, now = T0): Promise<number> {
    return prisma.$transaction(async (tx) => allocateNumber(tx, { series, year, now }));
  }

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    prisma = testDb.db.prisma;
  });

  afterAll(async () => {
    await testDb?.cleanup();
  });

  beforeEach(async () => {
    await prisma.numberCounter.deleteMany();
  });

  it('hands out 1, 2, 3 to sequential allocations and records the last one with its time', async () => {
    expect(await allocate()).toBe(1);
    expect(await allocate()).toBe(2);
    const later = new Date(T0.getTime() + 60_000);
    expect(await allocate(OFFICE.series, OFFICE.year, later)).toBe(3);

    expect(await prisma.numberCounter.findMany()).toEqual([{ ...OFFICE, lastSeq: 3, updatedAt: later }]);
  });

  it('keeps separate series and separate years independent', async () => {
    expect(await allocate('out:office', 2026)).toBe(1);
    expect(await allocate('out:office', 2026)).toBe(2);
    expect(await allocate('in:upper', 2026)).toBe(1);
    expect(await allocate('out:office', 2027)).toBe(1);
    expect(await allocate('in:upper', 2026)).toBe(2);
    expect(await allocate('out:office', 2026)).toBe(3);

    expect(await peekNextNumber(prisma, { series: 'out:office', year: 2026 })).toBe(4);
    expect(await peekNextNumber(prisma, { series: 'out:office', year: 2027 })).toBe(2);
    expect(await peekNextNumber(prisma, { series: 'in:upper', year: 2026 })).toBe(3);
    expect(await peekNextNumber(prisma, { series: 'in:upper', year: 2027 })).toBe(1);
  });

  it('shows the next number without taking it', async () => {
    expect(await peekNextNumber(prisma, OFFICE)).toBe(1);
    expect(await peekNextNumber(prisma, OFFICE)).toBe(1);
    expect(await prisma.numberCounter.count()).toBe(0);
    await allocate();
    expect(await peekNextNumber(prisma, OFFICE)).toBe(2);
    expect(await peekNextNumber(prisma, OFFICE)).toBe(2);
    expect(await allocate()).toBe(2);
  });

  it('gives 40 concurrent transactions exactly the numbers 1 to 40, none twice, none skipped', async () => {
    const numbers = await Promise.all(
      oneTo(40).map(() =>
        prisma.$transaction(async (tx) => {
          const seq = await allocateNumber(tx, { ...OFFICE, now: T0 });
          // Hold the counter a moment, as a caller recording the document would.
          await sleep(1);
          return seq;
        }),
      ),
    );

    expect(ascending(numbers)).toEqual(oneTo(40));
    expect(await peekNextNumber(prisma, OFFICE)).toBe(41);
  });

  it('takes the number back when the allocating transaction rolls back, so the next commit gets it', async () => {
    expect(await allocate()).toBe(1);
    let rolledBack: number | undefined;
    await expect(
      prisma.$transaction(async (tx) => {
        rolledBack = await allocateNumber(tx, { ...OFFICE, now: T0 });
        throw new Error('recording the document failed');
      }),
    ).rejects.toThrow('recording the document failed');

    expect(rolledBack).toBe(2);
    expect(await peekNextNumber(prisma, OFFICE)).toBe(2);
    expect(await allocate()).toBe(2);
  });

  it('takes back the first number of a year when its transaction rolls back', async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await allocateNumber(tx, { ...OFFICE, now: T0 });
        throw new Error('recording the document failed');
      }),
    ).rejects.toThrow('recording the document failed');

    expect(await prisma.numberCounter.count()).toBe(0);
    expect(await allocate()).toBe(1);
  });

  it('leaves the committed numbers exactly 1 to k when some of 30 concurrent transactions roll back', async () => {
    const outcomes = await Promise.allSettled(
      oneTo(30).map((i) =>
        prisma.$transaction(async (tx) => {
          const seq = await allocateNumber(tx, { ...OFFICE, now: T0 });
          await sleep(1);
          if (i % 3 === 0) throw new Error(`transaction ${i} failed`);
          return seq;
        }),
      ),
    );

    const committed = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const failed = outcomes.filter((o) => o.status === 'rejected');
    expect(failed).toHaveLength(10);
    for (const o of failed) expect(String(o.reason)).toMatch(/transaction \d+ failed/);
    expect(ascending(committed)).toEqual(oneTo(20));
    expect(await peekNextNumber(prisma, OFFICE)).toBe(21);
    expect(await allocate()).toBe(21);
  });

  it('refuses a malformed series or a year outside 2000–2100, and writes nothing', async () => {
    for (const series of ['', 'office', 'Out:office', 'out:', 'out:办发', 'out:of fice', ':office']) {
      await expect(allocate(series, 2026)).rejects.toThrow('number series must look like out:office');
      await expect(peekNextNumber(prisma, { series, year: 2026 })).rejects.toThrow(
        'number series must look like out:office',
      );
    }
    for (const year of [1999, 2101, 2026.5, Number.NaN]) {
      await expect(allocate('out:office', year)).rejects.toThrow(
        'number year must be an integer from 2000 to 2100',
      );
    }
    expect(await allocate('in:upper_2', 2000)).toBe(1);
    expect(await allocate('out:a-b', 2100)).toBe(1);
    expect(await prisma.numberCounter.count()).toBe(2);
  });
});
