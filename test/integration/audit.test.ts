import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, GENESIS_HASH, verifyAuditChains } from '../../src/features/workflow/audit.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

async function newInstance(t: TestDatabase): Promise<string> {
  const id = randomUUID();
  const now = new Date('2026-11-20T02:00:00Z');
  await t.db.prisma.workflowInstance.create({
    data: {
      id,
      definitionId: 'generic_approval',
      definitionVersion: 1,
      requesterId: 'someone',
      secrecy: 'internal',
      urgency: 'normal',
      status: 'running',
      version: 1,
      state: {},
      waitingOn: [],
      createdAt: now,
      updatedAt: now,
    },
  });
  return id;
}

async function appendMany(t: TestDatabase, instanceId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.db.prisma.$transaction((tx) =>
      appendAudit(tx, {
        instanceId,
        at: new Date(Date.UTC(2026, 10, 20, 2, i)),
        actorId: `person-${i}`,
        action: i === 0 ? 'start' : 'approve',
        comment: `意见 ${i}`,
        details: { step: `s${i}`, nested: { b: 2, a: 1 } },
        beforeVersion: i,
        afterVersion: i + 1,
      }),
    );
  }
}

describe.each(databaseKinds)('the audit log on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it('chains each entry to the one before it, per instance', async () => {
    const a = await newInstance(t);
    await appendMany(t, a, 3);
    const rows = await t.db.prisma.auditEntry.findMany({ where: { instanceId: a }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    expect(rows[1]?.prevHash).toBe(rows[0]?.hash);
    expect(rows[2]?.prevHash).toBe(rows[1]?.hash);
  });

  it('verifies an untouched log as intact', async () => {
    const b = await newInstance(t);
    await appendMany(t, b, 4);
    const { broken, checked } = await verifyAuditChains(t.db.prisma, { pageSize: 2 });
    expect(broken).toBeNull();
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it('reports the first entry whose content was edited', async () => {
    const c = await newInstance(t);
    await appendMany(t, c, 4);
    await t.db.prisma.$executeRawUnsafe(
      `UPDATE audit_entry SET comment = '改过的意见' WHERE instance_id = '${c}' AND seq = 3`,
    );
    const { broken } = await verifyAuditChains(t.db.prisma);
    expect(broken).toMatchObject({ instanceId: c, seq: 3, reason: 'hash_mismatch' });
    await t.db.prisma.$executeRawUnsafe(`DELETE FROM audit_entry WHERE instance_id = '${c}'`);
  });

  it('reports an entry removed from the middle of a chain', async () => {
    const d = await newInstance(t);
    await appendMany(t, d, 4);
    await t.db.prisma.$executeRawUnsafe(`DELETE FROM audit_entry WHERE instance_id = '${d}' AND seq = 2`);
    const { broken } = await verifyAuditChains(t.db.prisma);
    expect(broken).toMatchObject({ instanceId: d, seq: 3, reason: 'seq_gap' });
    await t.db.prisma.$executeRawUnsafe(`DELETE FROM audit_entry WHERE instance_id = '${d}'`);
  });

  it('reports an entry whose link to its predecessor was changed', async () => {
    const e = await newInstance(t);
    await appendMany(t, e, 3);
    // A forger who recomputes entry 2's own hash still cannot make entry 3 point at it.
    await t.db.prisma.$executeRawUnsafe(
      `UPDATE audit_entry SET prev_hash = '${'f'.repeat(64)}' WHERE instance_id = '${e}' AND seq = 2`,
    );
    const { broken } = await verifyAuditChains(t.db.prisma);
    expect(broken).toMatchObject({ instanceId: e, seq: 2, reason: 'prev_hash_mismatch' });
    await t.db.prisma.$executeRawUnsafe(`DELETE FROM audit_entry WHERE instance_id = '${e}'`);
  });

  it('never forks the chain when two transactions append at once', async () => {
    const f = await newInstance(t);
    const attempts = Array.from({ length: 5 }, (_, i) =>
      t.db.prisma
        .$transaction((tx) =>
          appendAudit(tx, {
            instanceId: f,
            at: new Date(),
            actorId: `p${i}`,
            action: 'comment',
            comment: `${i}`,
          }),
        )
        .then(
          () => 'ok',
          () => 'conflict',
        ),
    );
    const outcomes = await Promise.all(attempts);
    const rows = await t.db.prisma.auditEntry.findMany({ where: { instanceId: f }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows).toHaveLength(outcomes.filter((o) => o === 'ok').length);
    expect((await verifyAuditChains(t.db.prisma)).broken).toBeNull();
  });
});
