import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecrecyLevel } from '../../src/domain/org.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import {
  type DocViewer,
  findVisible,
  holdsCard,
  listStartedBy,
  listWaitingOn,
} from '../../src/features/documents/lists.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { loadExampleOrg, manualClock, testWorkflowService } from '../support/workflow.ts';

// The list queries on the database: who may find what (requester, anyone on the route, the office
// head and the secretary within their clearance), classified items found only by reference, and
// search words matched literally.

const NOW = new Date('2026-11-23T02:00:00Z');

describe.each(databaseKinds)('/doc list queries on %s', (kind) => {
  let testDb: TestDatabase;
  let prisma: PrismaClient;
  let service: WorkflowService;
  let plain: WorkflowInstance;
  let confidential: WorkflowInstance;
  let secret: WorkflowInstance;

  const viewer = async (personId: string): Promise<DocViewer> => {
    const person = await prisma.person.findUniqueOrThrow({ where: { id: personId } });
    return { personId, roles: person.roles, clearance: person.clearance as SecrecyLevel };
  };
  const titlesFound = async (personId: string, words: string[]) =>
    (await findVisible(prisma, await viewer(personId), words, NOW)).items.map((i) => i.instanceId);

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    prisma = testDb.db.prisma;
    await loadExampleOrg(testDb);
    // The classified items below go along the generic route, whose people must be cleared for
    // them (nobody is routed an item above their clearance): 机密 for xu-hui's, 秘密 for gao-yan's.
    await prisma.person.updateMany({
      where: { id: { in: ['liu-yang', 'zhao-min', 'wang-zhenhua'] } },
      data: { clearance: 'confidential' },
    });
    await prisma.person.update({ where: { id: 'ma-qiang' }, data: { clearance: 'secret' } });
    const clock = manualClock('2026-11-20T01:00:00Z');
    service = testWorkflowService(testDb, clock);
    const start = (
      requester: string,
      secrecy: SecrecyLevel,
      title: string | null,
      reference: string | null,
    ) => {
      clock.advance(60_000);
      return service.start({
        definitionId: GENERIC_APPROVAL.id,
        requesterPersonId: requester,
        workspaceId: null,
        title,
        reference,
        secrecy,
        urgency: 'normal',
      });
    };
    plain = await start('xu-hui', 'internal', '关于100%_完成RFID年度任务的报告', null);
    confidential = await start('xu-hui', 'confidential', null, '示水密〔2026〕5号');
    secret = await start('gao-yan', 'secret', null, '示水密〔2026〕6号');
    // A title stored by mistake on a classified item must still never match or show.
    const row = await prisma.workflowInstance.findUniqueOrThrow({ where: { id: confidential.id } });
    await prisma.workflowInstance.update({
      where: { id: confidential.id },
      data: { title: '机密标题测试', state: { ...(row.state as object), title: '机密标题测试' } },
    });
  });

  afterAll(async () => {
    await testDb?.cleanup();
  });

  it('lets the requester and everyone on the route find an item, and nobody else', async () => {
    expect(await titlesFound('xu-hui', ['年度任务'])).toEqual([plain.id]);
    // liu-yang reviews it now; wang-zhenhua is asked later on the route.
    expect(await titlesFound('liu-yang', ['年度任务'])).toEqual([plain.id]);
    expect(await titlesFound('wang-zhenhua', ['年度任务'])).toEqual([plain.id]);
    expect(await titlesFound('tang-ning', ['年度任务'])).toEqual([]);
    expect(await titlesFound('gao-yan', ['报告'])).toEqual([]);
  });

  it('gives the secretary an office-wide view, within her clearance (秘密, not 机密)', async () => {
    expect(await titlesFound('zhou-jing', ['年度任务'])).toEqual([plain.id]);
    expect(await titlesFound('zhou-jing', ['示水密'])).toEqual([secret.id]);
    // The director, cleared for 机密 but not office-wide, finds neither classified item.
    expect(await titlesFound('zhang-jianguo', ['示水密'])).toEqual([]);
  });

  it('finds classified items only by their reference, never by a title, and shows none', async () => {
    expect(await titlesFound('xu-hui', ['机密标题'])).toEqual([]);
    const found = await findVisible(prisma, await viewer('xu-hui'), ['示水密〔2026〕5号'], NOW);
    expect(found.items.map((i) => [i.instanceId, i.title, i.classified])).toEqual([
      [confidential.id, null, true],
    ]);
  });

  it('matches every word, case-insensitively, and takes % and _ literally', async () => {
    expect(await titlesFound('xu-hui', ['100%_', '报告'])).toEqual([plain.id]);
    expect(await titlesFound('xu-hui', ['100%_', '通知'])).toEqual([]);
    expect(await titlesFound('xu-hui', ['100__'])).toEqual([]);
    expect(await titlesFound('xu-hui', ['%'])).toEqual([plain.id]);
    expect(await titlesFound('xu-hui', ['rfid', '年度'])).toEqual([plain.id]);
  });

  it('lists what waits on a person from waiting_on, and what they started newest first', async () => {
    const waiting = await listWaitingOn(prisma, 'liu-yang', NOW);
    expect(waiting.items.map((i) => i.instanceId).sort()).toEqual([plain.id, confidential.id].sort());
    expect(waiting.total).toBe(2);
    const classified = waiting.items.find((i) => i.instanceId === confidential.id);
    expect(classified?.title).toBeNull();
    expect((await listWaitingOn(prisma, 'ma-qiang', NOW)).items.map((i) => i.instanceId)).toEqual([
      secret.id,
    ]);
    const mine = await listStartedBy(prisma, 'xu-hui', NOW);
    expect(mine.items.map((i) => i.instanceId)).toEqual([confidential.id, plain.id]);
  });

  it('says who holds a card: the requester and those asked so far, not those asked later', async () => {
    expect(await holdsCard(prisma, 'xu-hui', plain.id)).toBe(true);
    expect(await holdsCard(prisma, 'liu-yang', plain.id)).toBe(true);
    expect(await holdsCard(prisma, 'zhao-min', plain.id)).toBe(false);
    expect(await holdsCard(prisma, 'gao-yan', plain.id)).toBe(false);
  });
});
