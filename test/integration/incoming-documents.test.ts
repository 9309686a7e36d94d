import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCOMING_DEFINITION } from '../../src/domain/documents/incoming.ts';
import { waitingOn } from '../../src/domain/workflow/index.ts';
import {
  incomingStartHook,
  incomingTransitionHook,
  instructionParams,
  loadInstructionDirectory,
  type NewIncomingInput,
  startIncomingDocument,
} from '../../src/features/documents/incoming-documents.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { applyClicks, loadExampleOrg, manualClock, testWorkflowService } from '../support/workflow.ts';

// Incoming documents (收文) in the example bureau: the secretary registers with a 收文编号, the
// office head proposes, the director instructs (readers, lead department, handler, time limit),
// three leaders read in turn, the handler completes it.

const TEAM = 'T0OFFICE';

describe.each(databaseKinds)('incoming documents on %s', (kind) => {
  let t: TestDatabase;
  let service: WorkflowService;
  const clock = manualClock('2026-11-23T01:30:00Z'); // Monday 09:30 in Shanghai

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

  const form = (title: string, category: NewIncomingInput['category'] = 'upper'): NewIncomingInput => ({
    title,
    issuingUnit: '市水利局',
    theirNumber: '市水发〔2026〕88号',
    receivedDate: '2026-11-23',
    category,
    secrecy: 'internal',
    urgency: 'urgent',
    copies: 2,
    attachmentLink: null,
  });
  const register = (title: string, category?: NewIncomingInput['category'], by = 'zhou-jing') =>
    startIncomingDocument(
      { service, prisma: t.db.prisma },
      { requesterPersonId: by, workspaceId: TEAM, form: form(title, category) },
    );

  const act = (...args: Parameters<ReturnType<typeof applyClicks>>) => applyClicks(service, TEAM)(...args);

  it('numbers registrations per category and year, and only the secretary registers', async () => {
    const first = await register('关于做好冬春农田水利基本建设的通知');
    const second = await register('关于开展水利安全生产大检查的通知');
    const peer = await register('关于商请协助提供水文资料的函', 'peer');
    expect(first.params.receiptNumber).toBe('示水收上〔2026〕1号');
    expect(second.params.receiptNumber).toBe('示水收上〔2026〕2号');
    expect(peer.params.receiptNumber).toBe('示水收平〔2026〕1号');
    await expect(register('关于某事的函', 'upper', 'xu-hui')).rejects.toMatchObject({
      code: 'not_secretary',
    });
    // The refused registration took no number.
    expect((await register('关于冬季防火的通知')).params.receiptNumber).toBe('示水收上〔2026〕3号');
  });

  it('runs proposal → instruction → circulation among three leaders → handling to completion', async () => {
    let doc = await register('关于下达2027年度水利建设投资计划的通知');
    expect(waitingOn(doc)).toEqual(['zhao-min']);
    doc = await act(doc, 'zhao-min', { type: 'approve', comment: '拟请张局长阅示，由水政水资源科办理。' });

    const directory = await loadInstructionDirectory(t.db.prisma);
    const params = instructionParams(
      {
        comment: '请李局、王局、陈局阅；水政水资源科牵头，工程建设管理科协办，三个工作日内报送意见。',
        leadDepartment: 'water-admin',
        handler: 'liu-yang',
        coDepartments: ['construction'],
        readers: ['li-weidong', 'wang-zhenhua', 'chen-lixin'],
        handlingDays: 3,
      },
      doc,
      directory,
    );
    doc = await act(doc, 'zhang-jianguo', { type: 'approve', comment: '请阅办。', params });
    expect(doc.steps[2]?.assignments.map((a) => [a.personId, a.status])).toEqual([
      ['li-weidong', 'pending'],
      ['wang-zhenhua', 'waiting'],
      ['chen-lixin', 'waiting'],
    ]);
    // No sideways passing: the second reader cannot read before the first.
    await expect(act(doc, 'wang-zhenhua', { type: 'acknowledge' })).rejects.toThrow(/refused/);
    for (const leader of ['li-weidong', 'wang-zhenhua', 'chen-lixin']) {
      doc = await act(doc, leader, { type: 'acknowledge', comment: '已阅。' });
    }
    const handle = doc.steps[3];
    expect(handle?.assignments.map((a) => a.personId)).toEqual(['liu-yang']);
    expect(handle?.deadlineWorkingDays).toBe(3);
    // 问题上报: the handler's question reaches the leader who instructed it.
    doc = await act(doc, 'liu-yang', {
      type: 'comment',
      comment: '投资计划中两个项目尚未立项，是否一并上报？',
    });
    const notices = await t.db.prisma.outboxMessage.findMany({ where: { kind: 'person.notify' } });
    expect(notices.map((n) => n.payload)).toContainEqual({
      personId: 'zhang-jianguo',
      instanceId: doc.id,
      event: 'reported',
      byPersonId: 'liu-yang',
    });
    // The leader's answer goes back to the handler, and is no question of its own.
    doc = await act(doc, 'zhang-jianguo', { type: 'comment', comment: '一并上报，注明尚未立项。' });
    const answers = await t.db.prisma.outboxMessage.findMany({
      where: { kind: 'person.notify', payload: { path: ['instanceId'], equals: doc.id } },
    });
    expect(answers.map((n) => n.payload)).toContainEqual({
      personId: 'liu-yang',
      instanceId: doc.id,
      event: 'replied',
      byPersonId: 'zhang-jianguo',
    });
    expect(answers.filter((n) => (n.payload as { event?: string }).event === 'reported')).toHaveLength(1);
    // 协办: the construction department's head adds a contribution, which reaches the handler.
    expect(doc.params.contributors).toEqual(['ma-qiang']);
    doc = await act(doc, 'ma-qiang', {
      type: 'comment',
      comment: '工程科意见：两个项目初设已批复，可一并上报。',
    });
    const contributions = await t.db.prisma.outboxMessage.findMany({
      where: { kind: 'person.notify', payload: { path: ['event'], equals: 'contributed' } },
    });
    expect(contributions.map((n) => n.payload)).toEqual([
      { personId: 'liu-yang', instanceId: doc.id, event: 'contributed', byPersonId: 'ma-qiang' },
    ]);
    // Nobody else outside the step may comment: a reader who only acknowledged is refused.
    await expect(act(doc, 'li-weidong', { type: 'comment', comment: '补充一点。' })).rejects.toThrow(
      /refused/,
    );
    doc = await act(doc, 'liu-yang', { type: 'complete', result: '已按要求报送年度投资计划执行意见。' });
    expect(doc.status).toBe('approved');
    const row = await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: doc.id } });
    expect(row.waitingOn).toEqual([]);
  });

  it('refuses an instruction whose handler is outside the lead department or whose reader is no leader', async () => {
    const directory = await loadInstructionDirectory(t.db.prisma);
    const base = {
      comment: '请办。',
      leadDepartment: 'water-admin',
      handler: 'liu-yang',
      coDepartments: [],
      readers: [],
      handlingDays: 5,
    };
    const item = { secrecy: 'internal' as const };
    expect(() => instructionParams({ ...base, handler: 'ma-qiang' }, item, directory)).toThrow(
      expect.objectContaining({ code: 'instruction_invalid', params: { field: 'handler' } }),
    );
    expect(() => instructionParams({ ...base, readers: ['xu-hui'] }, item, directory)).toThrow(
      expect.objectContaining({ params: { field: 'readers' } }),
    );
    expect(() => instructionParams({ ...base, handlingDays: 0 }, item, directory)).toThrow(
      expect.objectContaining({ params: { field: 'handlingDays' } }),
    );
    expect(instructionParams(base, item, directory)).toMatchObject({ readers: [], handler: 'liu-yang' });
    expect(() => instructionParams({ ...base, coDepartments: ['nowhere'] }, item, directory)).toThrow(
      expect.objectContaining({ params: { field: 'coDepartments' } }),
    );
    // 协办 heads: every head of each co-department, not the lead department's, never the handler.
    const withCo = instructionParams(
      { ...base, coDepartments: ['construction', 'water-admin', 'office'] },
      item,
      directory,
    );
    expect(withCo.coDepartments).toEqual(['construction', 'office']);
    expect(withCo.contributors).toEqual(['zhao-min', 'sun-li', 'ma-qiang']);
  });
});
