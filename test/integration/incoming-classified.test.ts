import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCOMING_DEFINITION } from '../../src/domain/documents/incoming.ts';
import {
  incomingStartHook,
  type NewIncomingInput,
  startIncomingDocument,
} from '../../src/features/documents/incoming-documents.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { loadExampleOrg, manualClock, testWorkflowService } from '../support/workflow.ts';

// Registering classified incoming documents (秘密 and above) by reference only: no title, issuing
// unit or attachment is stored; the 收文编号 becomes the reference of every incoming document;
// a secretary not cleared for the level cannot register it, and a refusal takes no number.

const TEAM = 'T0OFFICE';

describe.each(databaseKinds)('classified incoming documents on %s', (kind) => {
  let t: TestDatabase;
  let service: WorkflowService;
  const clock = manualClock('2026-11-23T01:30:00Z'); // Monday 09:30 in Shanghai

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    service = testWorkflowService(t, clock, undefined, {
      definitions: [INCOMING_DEFINITION],
      startHooks: new Map([
        [INCOMING_DEFINITION.id, incomingStartHook({ docPrefix: '示水', timeZone: 'Asia/Shanghai' })],
      ]),
    });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const classified = (changes: Partial<NewIncomingInput> = {}): NewIncomingInput => ({
    title: null,
    issuingUnit: null,
    theirNumber: '市水密〔2026〕9号',
    receivedDate: '2026-11-23',
    category: 'upper',
    secrecy: 'secret',
    urgency: 'urgent',
    copies: 1,
    attachmentLink: null,
    ...changes,
  });
  const register = (form: NewIncomingInput, by = 'zhou-jing') =>
    startIncomingDocument(
      { service, prisma: t.db.prisma },
      { requesterPersonId: by, workspaceId: TEAM, form },
    );

  it('refuses content on a classified item and a level above the secretary’s clearance, taking no number', async () => {
    await expect(register(classified({ title: '关于某工程的秘密事项' }))).rejects.toMatchObject({
      code: 'classified_content',
    });
    await expect(register(classified({ issuingUnit: '市水利局' }))).rejects.toMatchObject({
      code: 'classified_content',
    });
    await expect(register(classified({ attachmentLink: 'https://example.com/a.pdf' }))).rejects.toMatchObject(
      { code: 'classified_content' },
    );
    await expect(register(classified({ theirNumber: null }))).rejects.toMatchObject({
      code: 'reference_required',
    });
    // 周静 is cleared for 秘密 only.
    await expect(register(classified({ secrecy: 'confidential' }))).rejects.toMatchObject({
      code: 'registrar_not_cleared',
      messageKey: 'error.registrar_not_cleared',
    });
    await expect(register(classified(), 'xu-hui')).rejects.toMatchObject({ code: 'not_secretary' });
    expect(await t.db.prisma.workflowInstance.count()).toBe(0);
    expect(await t.db.prisma.numberCounter.count()).toBe(0);
  });

  it('starts a classified item with no title and its 收文编号 as the reference, in state and row', async () => {
    const doc = await register(classified());
    expect(doc).toMatchObject({ title: null, reference: '示水收上〔2026〕1号', secrecy: 'secret' });
    expect(doc.params).toMatchObject({
      receiptNumber: '示水收上〔2026〕1号',
      theirNumber: '市水密〔2026〕9号',
    });
    expect(doc.params).not.toHaveProperty('issuingUnit');
    const row = await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row).toMatchObject({ title: null, reference: '示水收上〔2026〕1号' });
    expect(row.state).toMatchObject({ title: null, reference: '示水收上〔2026〕1号' });
  });

  it('gives an internal item its 收文编号 as the reference too, keeping its title', async () => {
    const doc = await register(
      classified({ secrecy: 'internal', title: '关于做好冬季防火工作的通知', issuingUnit: '市水利局' }),
    );
    expect(doc).toMatchObject({ title: '关于做好冬季防火工作的通知', reference: '示水收上〔2026〕2号' });
    expect(doc.params).toMatchObject({ issuingUnit: '市水利局' });
    const row = await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row.reference).toBe('示水收上〔2026〕2号');
  });
});
