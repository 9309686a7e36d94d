import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEAL_DEFINITIONS } from '../../src/domain/seal/seal-request.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import {
  changeSealState,
  sealTransitionHooks,
  startSealRequest,
} from '../../src/features/seal/seal-service.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { loadExampleOrg, manualClock, testWorkflowService } from '../support/workflow.ts';

// Seal requests on the engine: the custodian acts only after the approvals, never stamps more
// than approved, not while the seal is out of use, and a stamping is registered once.

const TEAM = 'T0OFFICE';

describe.each(databaseKinds)('seal requests on %s', (kind) => {
  let t: TestDatabase;
  let service: WorkflowService;
  const clock = manualClock('2026-11-23T01:30:00Z');

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    service = testWorkflowService(t, clock, undefined, {
      definitions: SEAL_DEFINITIONS,
      transitionHooks: sealTransitionHooks(),
    });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const request = (title: string, sealId = 'finance', copies = 3) =>
    startSealRequest(
      { service, prisma: t.db.prisma },
      {
        requesterPersonId: 'gao-yan',
        workspaceId: TEAM,
        form: { sealId, title, copies, purpose: null, docLink: null, important: false },
      },
    );
  const click = (
    instance: WorkflowInstance,
    person: string,
    action: Parameters<WorkflowService['click']>[0]['action'],
  ) =>
    service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: person,
      action,
      expectedVersion: instance.version,
    });
  const stamp = (instance: WorkflowInstance, impressions: number) =>
    click(instance, 'wu-fang', { type: 'approve', params: { impressions: String(impressions) } });
  async function approved(title: string, copies = 3) {
    const doc = await request(title, 'finance', copies);
    const outcome = await click(doc, 'ma-qiang', { type: 'approve' });
    if (outcome.kind !== 'applied') throw new Error(outcome.kind);
    return outcome.instance;
  }

  it('refuses the custodian before the department head approved', async () => {
    const doc = await request('关于支付监理费的请示');
    const early = await stamp(doc, 1);
    expect(early.kind).toBe('refused');
    expect(await t.db.prisma.sealUse.count({ where: { instanceId: doc.id } })).toBe(0);
  });

  it('refuses more impressions than approved, even without the form, and writes nothing', async () => {
    const doc = await approved('关于支付设计费的请示', 2);
    await expect(stamp(doc, 3)).rejects.toMatchObject({
      code: 'seal_impressions_invalid',
      params: { approved: 2 },
    });
    await expect(stamp(doc, 0)).rejects.toMatchObject({ code: 'seal_impressions_invalid' });
    expect(await t.db.prisma.sealUse.count({ where: { instanceId: doc.id } })).toBe(0);
    expect((await service.loadInstance(doc.id)).version).toBe(doc.version);
    expect((await stamp(doc, 2)).kind).toBe('applied');
  });

  it('registers a stamping once when the custodian presses twice at the same moment', async () => {
    const doc = await approved('关于支付施工进度款的请示');
    const outcomes = await Promise.all([stamp(doc, 3), stamp(doc, 3)]);
    expect(outcomes.filter((o) => o.kind === 'applied')).toHaveLength(1);
    expect(await t.db.prisma.sealUse.count({ where: { instanceId: doc.id } })).toBe(1);
  });

  it('holds a request whose seal is suspended after approval, and lets it go on once resumed', async () => {
    const doc = await approved('关于支付水土保持补偿费的请示');
    const change = (action: 'suspend' | 'resume', reason = '年检') =>
      changeSealState(
        { prisma: t.db.prisma, clock },
        { actorPersonId: 'zhao-min', sealId: 'finance', action, reason },
      );
    const suspended = await change('suspend');
    expect(suspended).toMatchObject({ state: 'suspended' });
    expect(suspended.held).toBeGreaterThanOrEqual(1);
    await expect(stamp(doc, 1)).rejects.toMatchObject({ code: 'seal_unavailable' });
    await expect(request('关于新的付款的请示')).rejects.toMatchObject({ code: 'seal_unavailable' });
    const held = await t.db.prisma.outboxMessage.findMany({
      where: { kind: 'person.message', payload: { path: ['key'], equals: 'seal.notice.held' } },
    });
    expect(held.map((m) => (m.payload as { personId: string }).personId)).toContain('gao-yan');
    // Suspending twice is refused; resuming is the office head's.
    await expect(change('suspend')).rejects.toMatchObject({ code: 'seal_action_not_allowed' });
    await expect(
      changeSealState(
        { prisma: t.db.prisma, clock },
        { actorPersonId: 'wu-fang', sealId: 'finance', action: 'resume', reason: '' },
      ),
    ).rejects.toMatchObject({ code: 'seal_change_forbidden' });
    expect(await change('resume', '')).toMatchObject({ state: 'active' });
    expect((await stamp(doc, 1)).kind).toBe('applied');
  });

  it('retires and then destroys a seal with a record, never destroying one still in use', async () => {
    const change = (action: 'retire' | 'destroy' | 'resume', reason: string) =>
      changeSealState(
        { prisma: t.db.prisma, clock },
        { actorPersonId: 'zhao-min', sealId: 'hand-zhang-jianguo', action, reason },
      );
    await expect(change('destroy', '旧章')).rejects.toMatchObject({ code: 'seal_action_not_allowed' });
    await expect(change('retire', '')).rejects.toMatchObject({ code: 'seal_reason_required' });
    expect(await change('retire', '换发新章，旧章封存')).toMatchObject({ state: 'retired' });
    await expect(change('resume', '')).rejects.toMatchObject({ code: 'seal_action_not_allowed' });
    expect(await change('destroy', '经局务会批准，监销人：赵敏、周静')).toMatchObject({ state: 'destroyed' });
    const events = await t.db.prisma.sealEvent.findMany({
      where: { sealId: 'hand-zhang-jianguo' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((e) => [e.kind, e.details])).toEqual([
      ['retired', { from: 'active', to: 'retired' }],
      ['destroyed', { from: 'retired', to: 'destroyed' }],
    ]);
  });
});
