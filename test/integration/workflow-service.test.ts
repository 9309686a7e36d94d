import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { EXAMPLE, loadExampleOrg, manualClock, testWorkflowService } from '../support/workflow.ts';

const TEAM = 'T0OFFICE';

describe.each(databaseKinds)('the workflow service on %s', (kind) => {
  let t: TestDatabase;
  let service: WorkflowService;
  const clock = manualClock();
  let notified = 0;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    service = testWorkflowService(t, clock, () => {
      notified += 1;
    });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  async function startApproval(title = '关于采购防汛物资的请示'): Promise<WorkflowInstance> {
    return service.start({
      definitionId: 'generic_approval',
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: TEAM,
      title,
      secrecy: 'internal',
      urgency: 'normal',
    });
  }

  async function auditOf(id: string) {
    return t.db.prisma.auditEntry.findMany({ where: { instanceId: id }, orderBy: { seq: 'asc' } });
  }

  it('starts with the requester’s department head and writes the start, the waiting list and the cards', async () => {
    const before = notified;
    const instance = await startApproval();
    const row = await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(row.waitingOn).toEqual([EXAMPLE.deptHead]);
    expect(row.version).toBe(1);
    expect((await auditOf(instance.id)).map((a) => a.action)).toEqual(['start']);
    const outbox = await t.db.prisma.outboxMessage.findMany({
      where: { payload: { path: ['instanceId'], equals: instance.id } },
    });
    expect(outbox.map((o) => (o.payload as { personId?: string }).personId).sort()).toEqual(
      [EXAMPLE.deptHead, EXAMPLE.drafter].sort(),
    );
    expect(notified).toBe(before + 1);
  });

  it('starts once for a start key sent twice, one after the other or at the same moment', async () => {
    const title = '关于购置会议室投影仪的请示';
    const startWith = (startKey: string) =>
      service.start({
        definitionId: 'generic_approval',
        requesterPersonId: EXAMPLE.drafter,
        workspaceId: TEAM,
        title,
        secrecy: 'internal',
        urgency: 'normal',
        startKey,
      });
    const first = await startWith('view:V-twice');
    const again = await startWith('view:V-twice');
    expect(again.id).toBe(first.id);
    const racing = await Promise.all(Array.from({ length: 5 }, () => startWith('view:V-racing')));
    expect(new Set(racing.map((i) => i.id)).size).toBe(1);
    const other = await startWith('view:V-other');
    expect(other.id).not.toBe(first.id);
    expect(await t.db.prisma.workflowInstance.count({ where: { title } })).toBe(3);
    const racingId = racing[0]?.id ?? '';
    expect((await auditOf(racingId)).map((a) => a.action)).toEqual(['start']);
    const cards = await t.db.prisma.outboxMessage.count({
      where: { kind: 'card.sync', payload: { path: ['instanceId'], equals: racingId } },
    });
    expect(cards).toBe(2);
  });

  it('walks the three steps to approval, each with an opinion, one audit entry and one version per click', async () => {
    const instance = await startApproval();
    let version = instance.version;
    for (const person of [EXAMPLE.deptHead, EXAMPLE.officeHead, EXAMPLE.supervisingLeader]) {
      const outcome = await service.click({
        instanceId: instance.id,
        workspaceId: TEAM,
        actorPersonId: person,
        action: { type: 'approve', comment: `${person} 同意` },
        expectedVersion: version,
      });
      expect(outcome.kind).toBe('applied');
      version += 1;
      expect(outcome.instance.version).toBe(version);
    }
    const row = await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(row.status).toBe('approved');
    expect(row.waitingOn).toEqual([]);
    const audit = await auditOf(instance.id);
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['start', EXAMPLE.drafter],
      ['approve', EXAMPLE.deptHead],
      ['approve', EXAMPLE.officeHead],
      ['approve', EXAMPLE.supervisingLeader],
    ]);
    expect(audit[1]?.comment).toBe(`${EXAMPLE.deptHead} 同意`);
  });

  it('refuses an approval without the opinion the step requires, changing nothing but the audit', async () => {
    const instance = await startApproval();
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.deptHead,
      action: { type: 'approve' },
      expectedVersion: 1,
    });
    expect(outcome.kind).toBe('refused');
    expect(outcome.kind === 'refused' && outcome.refusal.code).toBe('comment_required');
    const row = await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(row.version).toBe(1);
    expect((await auditOf(instance.id)).map((a) => a.action)).toEqual(['start', 'refused:approve']);
  });

  it('refuses someone who is not asked, naming who the step waits on, and audits the attempt', async () => {
    const instance = await startApproval();
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.outsider,
      action: { type: 'approve', comment: '我来批' },
      expectedVersion: 1,
    });
    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.refusal.code).toBe('not_assignee');
    expect(JSON.stringify(outcome.refusal.params)).toContain(EXAMPLE.deptHead);
    const audit = await auditOf(instance.id);
    expect(audit.at(-1)).toMatchObject({ action: 'refused:approve', actorId: EXAMPLE.outsider });
  });

  it('refuses a click from another workspace than the one the record belongs to', async () => {
    const instance = await startApproval();
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: 'T0STRANGER',
      actorPersonId: EXAMPLE.deptHead,
      action: { type: 'approve', comment: '同意' },
      expectedVersion: 1,
    });
    expect(outcome.kind === 'refused' && outcome.refusal.code).toBe('wrong_workspace');
    expect(
      (await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } })).version,
    ).toBe(1);
  });

  it('refuses a transfer to someone inactive or not cleared for the item, before the engine runs', async () => {
    const instance = await startApproval();
    await t.db.prisma.person.update({ where: { id: EXAMPLE.outsider }, data: { active: false } });
    try {
      const inactive = await service.click({
        instanceId: instance.id,
        workspaceId: TEAM,
        actorPersonId: EXAMPLE.deptHead,
        action: { type: 'transfer', toPersonId: EXAMPLE.outsider },
        expectedVersion: 1,
      });
      expect(inactive.kind === 'refused' && inactive.refusal.code).toBe('assignee_unavailable');
    } finally {
      await t.db.prisma.person.update({ where: { id: EXAMPLE.outsider }, data: { active: true } });
    }
    await t.db.prisma.person.update({ where: { id: EXAMPLE.outsider }, data: { clearance: 'public' } });
    try {
      const uncleared = await service.click({
        instanceId: instance.id,
        workspaceId: TEAM,
        actorPersonId: EXAMPLE.deptHead,
        action: { type: 'add_signer', personId: EXAMPLE.outsider, position: 'after' },
        expectedVersion: 1,
      });
      expect(uncleared.kind === 'refused' && uncleared.refusal.code).toBe('assignee_not_cleared');
    } finally {
      await t.db.prisma.person.update({ where: { id: EXAMPLE.outsider }, data: { clearance: 'internal' } });
    }
    expect(
      (await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } })).version,
    ).toBe(1);
  });

  it('transfers to an active, cleared colleague and keeps both names in the audit', async () => {
    const instance = await startApproval();
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.deptHead,
      action: { type: 'transfer', toPersonId: 'huang-lei', comment: '请黄磊审核' },
      expectedVersion: 1,
    });
    expect(outcome.kind).toBe('applied');
    const row = await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(row.waitingOn).toEqual(['huang-lei']);
    const entry = (await auditOf(instance.id)).at(-1);
    expect(entry).toMatchObject({
      action: 'transfer',
      actorId: EXAMPLE.deptHead,
      details: { toPersonId: 'huang-lei' },
    });
  });

  it('applies the same click twice only once, and answers the second with the current state', async () => {
    const instance = await startApproval();
    const click = {
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.deptHead,
      action: { type: 'approve' as const, comment: '同意' },
      expectedVersion: 1,
    };
    const first = await service.click(click);
    const second = await service.click(click);
    expect(first.kind).toBe('applied');
    expect(second.kind).toBe('duplicate');
    expect(second.instance.version).toBe(2);
    expect((await auditOf(instance.id)).filter((a) => a.action === 'approve')).toHaveLength(1);
  });

  it('answers a click on an instance that does not exist, or a mangled id, with instance_not_found', async () => {
    const click = {
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.deptHead,
      action: { type: 'approve' as const, comment: '同意' },
      expectedVersion: 1,
    };
    for (const instanceId of [
      '00000000-0000-4000-8000-000000000000',
      'not-a-uuid',
      "x'; DROP TABLE audit_entry; --",
    ]) {
      await expect(service.click({ ...click, instanceId })).rejects.toMatchObject({
        code: 'instance_not_found',
      });
    }
  });

  it('tells the clicker of an out-of-date card who acted meanwhile, and applies nothing', async () => {
    const instance = await startApproval();
    await service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.drafter,
      action: { type: 'comment', comment: '补充一下预算明细' },
      expectedVersion: 1,
    });
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: EXAMPLE.deptHead,
      action: { type: 'approve', comment: '同意' },
      expectedVersion: 1,
    });
    expect(outcome.kind).toBe('stale');
    if (outcome.kind !== 'stale') return;
    expect(outcome.changes).toEqual([
      expect.objectContaining({ actorId: EXAMPLE.drafter, action: 'comment' }),
    ]);
    expect(outcome.instance.version).toBe(2);
  });

  it('of 50 simultaneous clicks on one step applies exactly one: one transition, one audit entry, version up by one', async () => {
    const instance = await startApproval();
    const clicks = Array.from({ length: 50 }, (_, i) =>
      service.click({
        instanceId: instance.id,
        workspaceId: TEAM,
        actorPersonId: EXAMPLE.deptHead,
        // Half approve, half reject, as if two tabs raced: only one may win.
        action:
          i % 2 === 0
            ? { type: 'approve', comment: `同意 ${i}` }
            : { type: 'reject', comment: `不同意 ${i}` },
        expectedVersion: 1,
      }),
    );
    const outcomes = await Promise.all(clicks);
    const applied = outcomes.filter((o) => o.kind === 'applied');
    expect(applied).toHaveLength(1);
    expect(outcomes.every((o) => ['applied', 'stale', 'duplicate'].includes(o.kind))).toBe(true);
    const row = await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(row.version).toBe(2);
    const audit = await auditOf(instance.id);
    expect(audit.filter((a) => a.action === 'approve' || a.action === 'reject')).toHaveLength(1);
    // The losers were told who won.
    const stale = outcomes.find((o) => o.kind === 'stale');
    if (stale?.kind === 'stale') expect(stale.changes[0]?.actorId).toBe(EXAMPLE.deptHead);
  });
  it('does not lose an approval that races the same person opening the card', async () => {
    // The form records "opened" while the opinion is being submitted: the open appends to the
    // audit chain without moving the version, so the approval must still apply.
    for (let round = 0; round < 8; round += 1) {
      const instance = await startApproval(`关于并发打开与同意的测试 ${round}`);
      const base = {
        instanceId: instance.id,
        workspaceId: TEAM,
        actorPersonId: EXAMPLE.deptHead,
        expectedVersion: instance.version,
      };
      const [, approved] = await Promise.all([
        service.click({ ...base, action: { type: 'open' } }),
        service.click({ ...base, action: { type: 'approve', comment: '同意。' } }),
      ]);
      expect(approved.kind).toBe('applied');
      expect((await auditOf(instance.id)).filter((a) => a.action === 'approve')).toHaveLength(1);
    }
  });
});
