import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import type { TransitionHook, WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { enqueueOutbox } from '../../src/outbox/outbox-repository.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { EXAMPLE, loadExampleOrg, manualClock, testWorkflowService } from '../support/workflow.ts';

// Feature work that must commit with a transition (a document number at the print room) runs in
// the click's transaction: it commits with the transition, or not at all.

const TEAM = 'T0OFFICE';

describe.each(databaseKinds)('transition hooks on %s', (kind) => {
  let t: TestDatabase;
  let service: WorkflowService;
  const clock = manualClock();
  /** What the hook does on the next click: add a param, or also make the write lose its race. */
  let mode: 'mark' | 'lose_race' = 'mark';

  const hook: TransitionHook = async (tx, { current, next, action }) => {
    if (action.type !== 'approve') return null;
    // Something the feature writes, in the same transaction.
    await enqueueOutbox(
      tx,
      [
        {
          orderingKey: `hook:${current.id}`,
          kind: 'person.message',
          payload: { personId: EXAMPLE.drafter, key: 'hooked' },
        },
      ],
      clock.now(),
    );
    if (mode === 'lose_race') {
      // Another click committed first: the versioned write below finds nothing to update.
      await tx.$executeRaw(
        Prisma.sql`UPDATE workflow_instance SET version = version + 100 WHERE id = ${current.id}::uuid`,
      );
    }
    return { next: { ...next, params: { ...next.params, stamped: 'yes' } }, details: { stamped: true } };
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    service = testWorkflowService(t, clock, undefined, {
      transitionHooks: new Map([[GENERIC_APPROVAL.id, hook]]),
    });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const start = () =>
    service.start({
      definitionId: GENERIC_APPROVAL.id,
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: TEAM,
      title: '关于汛期值班安排的请示',
      secrecy: 'internal',
      urgency: 'normal',
    });
  const hookRows = (instanceId: string) =>
    t.db.prisma.outboxMessage.count({ where: { orderingKey: `hook:${instanceId}` } });

  it('commits what the hook wrote with the transition, its state and its audit details', async () => {
    mode = 'mark';
    const instance = await start();
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.deptHead,
      action: { type: 'approve', comment: '同意。' },
      expectedVersion: instance.version,
    });
    expect(outcome.kind).toBe('applied');
    const stored = await service.loadInstance(instance.id);
    expect(stored.params.stamped).toBe('yes');
    expect(await hookRows(instance.id)).toBe(1);
    const audit = await t.db.prisma.auditEntry.findFirstOrThrow({
      where: { instanceId: instance.id, action: 'approve' },
    });
    expect(audit.details).toMatchObject({ stamped: true });
  });

  it('rolls the hook’s writes back when the transition loses its race, and reports the click stale', async () => {
    mode = 'lose_race';
    const instance = await start();
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.deptHead,
      action: { type: 'approve', comment: '同意。' },
      expectedVersion: instance.version,
    });
    expect(outcome.kind).toBe('stale');
    expect(await hookRows(instance.id)).toBe(0);
    const stored = await service.loadInstance(instance.id);
    expect(stored.version).toBe(instance.version);
    expect(stored.params.stamped).toBeUndefined();
    expect(
      await t.db.prisma.auditEntry.count({ where: { instanceId: instance.id, action: 'approve' } }),
    ).toBe(0);
  });

  it('is not called for a refused click', async () => {
    mode = 'mark';
    const instance = await start();
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.outsider,
      action: { type: 'approve', comment: '同意。' },
      expectedVersion: instance.version,
    });
    expect(outcome.kind).toBe('refused');
    expect(await hookRows(instance.id)).toBe(0);
  });
});
