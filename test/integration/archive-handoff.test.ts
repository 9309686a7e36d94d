import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCOMING_DEFINITION } from '../../src/domain/documents/incoming.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { handOffToArchive } from '../../src/features/documents/archive-handoff.ts';
import {
  incomingStartHook,
  incomingTransitionHook,
  type NewIncomingInput,
  startIncomingDocument,
} from '../../src/features/documents/incoming-documents.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { finishedIncomingDocument } from '../support/documents.ts';
import { loadExampleOrg, manualClock, testWorkflowService } from '../support/workflow.ts';

// Handing a finished document to the archive (归档移交): only when it is finished, only by the
// secretary or the archivist, once (also when two hand-offs race), classified items without content.

const TEAM = 'T0OFFICE';

describe.each(databaseKinds)('archive hand-off on %s', (kind) => {
  let t: TestDatabase;
  let service: WorkflowService;
  const clock = manualClock('2026-11-23T01:30:00Z');

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    service = testWorkflowService(t, clock, undefined, {
      definitions: [INCOMING_DEFINITION],
      transitionHooks: new Map([[INCOMING_DEFINITION.id, incomingTransitionHook()]]),
      startHooks: new Map([
        [INCOMING_DEFINITION.id, incomingStartHook({ docPrefix: '示水', timeZone: 'Asia/Shanghai' })],
      ]),
    });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const handOff = (instance: WorkflowInstance, by: string, retention: '30y' | 'permanent' = '30y') =>
    handOffToArchive(
      { prisma: t.db.prisma, clock, timeZone: 'Asia/Shanghai' },
      { instanceId: instance.id, workspaceId: TEAM, actorPersonId: by, retention, finalTextLink: null },
    );

  /** Registers an incoming document and takes it to 办结 (no circulation). */
  const finished = (form: Partial<NewIncomingInput> = {}) =>
    finishedIncomingDocument({ service, prisma: t.db.prisma }, TEAM, form);

  it('refuses a document still in progress and anyone but the secretary or the archivist', async () => {
    let doc = await startIncomingDocument(
      { service, prisma: t.db.prisma },
      {
        requesterPersonId: 'zhou-jing',
        workspaceId: TEAM,
        form: {
          title: '关于报送冬季水利建设进度的通知',
          issuingUnit: '市水利局',
          theirNumber: null,
          receivedDate: '2026-11-23',
          category: 'upper',
          secrecy: 'internal',
          urgency: 'normal',
          copies: null,
          attachmentLink: null,
        },
      },
    );
    await expect(handOff(doc, 'zhou-jing')).rejects.toMatchObject({ code: 'archive_not_finished' });
    doc = await finished();
    await expect(handOff(doc, 'liu-yang')).rejects.toMatchObject({ code: 'archive_not_allowed' });
    await expect(handOff(doc, 'zhang-jianguo')).rejects.toMatchObject({ code: 'archive_not_allowed' });
    expect(await t.db.prisma.archiveHandoff.count({ where: { instanceId: doc.id } })).toBe(0);
    expect(await t.db.prisma.auditEntry.count({ where: { instanceId: doc.id, action: 'archive' } })).toBe(0);
  });

  it('stores the hand-off with the lead department, year and links, and shows it on the card', async () => {
    const doc = await finished();
    // The cards so far went out (a pending sync of a copy would take the redraw in: see enqueueOutbox).
    await t.db.prisma.outboxMessage.updateMany({ where: { status: 'pending' }, data: { status: 'sent' } });
    const before = (await t.db.prisma.outboxMessage.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const done = await handOff(doc, 'feng-xiaoyu', 'permanent');
    expect(done.retention).toBe('permanent');
    const row = await t.db.prisma.archiveHandoff.findUniqueOrThrow({ where: { instanceId: doc.id } });
    expect(row).toMatchObject({
      kind: 'incoming',
      docNumber: done.number,
      title: '关于开展水利工程安全度汛检查的通知',
      year: 2026,
      departmentId: 'water-admin',
      retention: 'permanent',
      handedById: 'feng-xiaoyu',
      status: 'pending',
      materials: {
        finalText: 'https://files.example.gov.cn/in/12.pdf',
        attachment: 'https://files.example.gov.cn/in/12.pdf',
      },
      countersign: [],
    });
    expect(done.number).toMatch(/^示水收上〔2026〕\d+号$/);
    const instance = await service.loadInstance(doc.id);
    expect(instance.version).toBe(doc.version + 1);
    expect(instance.params.archiveRetention).toBe('permanent');
    expect(instance.updatedAt).toBe(doc.updatedAt);
    // Every holder of a copy and the archivist get their card redrawn.
    const syncs = await t.db.prisma.outboxMessage.findMany({
      where: { id: { gt: before }, kind: 'card.sync', payload: { path: ['instanceId'], equals: doc.id } },
      orderBy: { id: 'asc' },
    });
    expect(new Set(syncs.map((s) => (s.payload as { personId: string }).personId))).toEqual(
      new Set(['zhou-jing', 'zhao-min', 'zhang-jianguo', 'liu-yang', 'feng-xiaoyu']),
    );
  });

  it('of two hand-offs at the same moment stores one: one row, one audit entry', async () => {
    const doc = await finished();
    const results = await Promise.allSettled([handOff(doc, 'zhou-jing'), handOff(doc, 'feng-xiaoyu')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'archive_already' });
    expect(await t.db.prisma.archiveHandoff.count({ where: { instanceId: doc.id } })).toBe(1);
    expect(await t.db.prisma.auditEntry.count({ where: { instanceId: doc.id, action: 'archive' } })).toBe(1);
    expect((await service.loadInstance(doc.id)).version).toBe(doc.version + 1);
    // And later again: refused with when it was done.
    await expect(handOff(doc, 'zhou-jing')).rejects.toMatchObject({
      code: 'archive_already',
      params: { time: '2026-11-23 09:30' },
    });
  });

  it('keeps no content of a classified item: no title, no links, no opinions', async () => {
    const doc = await finished({ title: null, issuingUnit: null, attachmentLink: null, secrecy: 'secret' });
    await handOff(doc, 'zhou-jing');
    const row = await t.db.prisma.archiveHandoff.findUniqueOrThrow({ where: { instanceId: doc.id } });
    expect(row.title).toBeNull();
    expect(row.secrecy).toBe('secret');
    expect(row.materials).toEqual({});
    expect(row.docNumber).toMatch(/^示水收上〔2026〕\d+号$/);
  });
});
