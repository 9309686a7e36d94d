import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainOf } from '../../src/chat/core/reply.ts';
import { ARCHIVE_DESTROY_DEFINITION, LOAN_DEFINITIONS } from '../../src/domain/archive/loan-definitions.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { archiveCommands } from '../../src/features/archive/archive-commands.ts';
import { destructionHook, startDestruction } from '../../src/features/archive/destruction.ts';
import { ARCHIVE_FILE_KIND } from '../../src/features/archive/file-retrieval.ts';
import { createArchiveLoanChatDeps } from '../../src/features/archive/loan-chat.ts';
import {
  listLoans,
  loanStartHooks,
  loanTransitionHooks,
  type NewLoanRequest,
  startLoanRequest,
} from '../../src/features/archive/loans.ts';
import { sendQuarterlyAppraisal } from '../../src/features/archive/retention.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { loadExampleOrg, manualClock, testWorkflowService } from '../support/workflow.ts';

// Borrowing (借阅), copying (复制), the quarterly appraisal (鉴定) and destruction (销毁) on the
// engine, with the `archive_loan` / `archive_appraisal` / `archive_destruction` rows written in
// the transactions of the clicks.

const TEAM = 'T0OFFICE';
const TZ = 'Asia/Shanghai';

describe.each(databaseKinds)('archive loans, appraisal and destruction on %s', (kind) => {
  let t: TestDatabase;
  let service: WorkflowService;
  // Monday 2026-11-23, 09:30 in Shanghai.
  const clock = manualClock('2026-11-23T01:30:00Z');

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    const transitionHooks = loanTransitionHooks(TZ);
    transitionHooks.set(ARCHIVE_DESTROY_DEFINITION.id, destructionHook());
    service = testWorkflowService(t, clock, undefined, {
      definitions: [...LOAN_DEFINITIONS, ARCHIVE_DESTROY_DEFINITION],
      transitionHooks,
      startHooks: loanStartHooks(TZ),
    });
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const prisma = () => t.db.prisma;
  let seq = 0;
  async function entry(
    fields: {
      secrecy?: string;
      year?: number;
      retention?: string;
      title?: string | null;
      file?: boolean;
    } = {},
  ) {
    seq += 1;
    const secrecy = fields.secrecy ?? 'internal';
    const classified = ['secret', 'confidential', 'top_secret'].includes(secrecy);
    return prisma().archiveEntry.create({
      data: {
        id: randomUUID(),
        archiveNo: `T-${kind}-${fields.year ?? 2024}-${String(seq).padStart(4, '0')}`,
        title: classified ? null : (fields.title ?? `关于第${seq}项工作的通知`),
        year: fields.year ?? 2024,
        category: '文书',
        retention: fields.retention ?? '30y',
        secrecy,
        terms: [],
        source: 'manual',
        createdAt: clock.now(),
        // An electronic record (its file is not read here: nothing delivers the outbox).
        ...(fields.file ? { fileRef: `loans/${seq}.pdf`, fileSha256: 'ab'.repeat(32) } : {}),
      },
    });
  }
  /** The outbox rows a lend wrote for the borrower about the record's file. */
  const fileRowsOf = async (instanceId: string, archiveNo: string) =>
    (await prisma().outboxMessage.findMany({ orderBy: { id: 'asc' } }))
      .filter((r) => {
        const payload = r.payload as { instanceId?: string; key?: string; params?: { archiveNo?: string } };
        return r.kind === ARCHIVE_FILE_KIND
          ? payload.instanceId === instanceId
          : r.kind === 'person.message' &&
              payload.key?.startsWith('archive.file.') === true &&
              payload.params?.archiveNo === archiveNo;
      })
      .map((r) => ({ orderingKey: r.orderingKey, kind: r.kind, payload: r.payload }));
  const borrow = (
    requester: string,
    entryId: string,
    form: Partial<NewLoanRequest> = {},
  ): Promise<WorkflowInstance> =>
    startLoanRequest(
      { service, prisma: prisma(), timeZone: TZ },
      {
        requesterPersonId: requester,
        workspaceId: TEAM,
        form: {
          entryId,
          kind: 'borrow',
          purpose: '编写年度工作总结',
          days: 10,
          copies: null,
          outsideUnit: null,
          ...form,
        },
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
  async function applied(
    instance: WorkflowInstance,
    person: string,
    action: Parameters<WorkflowService['click']>[0]['action'],
  ) {
    const outcome = await click(instance, person, action);
    if (outcome.kind !== 'applied') throw new Error(`${person} ${action.type}: ${outcome.kind}`);
    return outcome.instance;
  }
  const loanOf = (instance: WorkflowInstance) =>
    prisma().archiveLoan.findUniqueOrThrow({ where: { instanceId: instance.id } });
  const waitingOn = (instance: WorkflowInstance) =>
    instance.steps[instance.currentStep]?.assignments
      .filter((a) => a.status === 'pending')
      .map((a) => a.personId);
  const lend = (instance: WorkflowInstance, days: number) =>
    click(instance, 'feng-xiaoyu', { type: 'approve', params: { lendDays: String(days) } });

  it('lends an internal record after its department head approves, with the due date in working days, and takes it back', async () => {
    const record = await entry();
    const request = await borrow('gao-yan', record.id, { days: 10 });
    expect(request.definitionId).toBe('archive_borrow');
    expect(request.title).toBe(record.title);
    expect(waitingOn(request)).toEqual(['ma-qiang']);
    expect(await loanOf(request)).toMatchObject({
      status: 'requested',
      kind: 'borrow',
      borrowerId: 'gao-yan',
      days: 10,
      purpose: '编写年度工作总结',
      dueAt: null,
    });
    // The archivist cannot lend before the approval.
    expect((await lend(request, 5)).kind).toBe('refused');

    const approved = await applied(request, 'ma-qiang', { type: 'approve' });
    expect(waitingOn(approved)).toEqual(['feng-xiaoyu']);
    expect((await loanOf(request)).status).toBe('approved');

    // Never longer than approved: refused, nothing written.
    await expect(lend(approved, 11)).rejects.toMatchObject({
      code: 'archive_lend_days_invalid',
      params: { approved: 10 },
    });
    expect((await loanOf(request)).status).toBe('approved');

    clock.advance(60_000);
    const lent = await lend(approved, 5);
    expect(lent.kind).toBe('applied');
    const loan = await loanOf(request);
    // Five working days after Monday 23 Nov: Monday 30 Nov, 18:00 in Shanghai.
    expect(loan).toMatchObject({
      status: 'lent',
      lentById: 'feng-xiaoyu',
      lentAt: clock.now(),
      dueAt: new Date('2026-11-30T10:00:00Z'),
    });
    const out = (lent as { instance: WorkflowInstance }).instance;
    expect(out.steps[out.currentStep]?.deadline).toBe('2026-11-30T10:00:00.000Z');

    // Out: a second loan of it is refused at once, with its due date.
    await expect(borrow('xu-hui', record.id)).rejects.toMatchObject({
      code: 'archive_entry_lent',
      params: { archiveNo: record.archiveNo, due: '2026-11-30' },
    });
    // Nothing but the archivist's 归还 ends a loan that is out: the 归还 step takes only that (and
    // comments), so the engine refuses the rest before anything is written.
    for (const [who, action] of [
      ['gao-yan', { type: 'cancel' }],
      ['gao-yan', { type: 'recall' }],
      ['feng-xiaoyu', { type: 'reject', comment: '不借了' }],
      ['feng-xiaoyu', { type: 'return', comment: '退回', to: 'requester' }],
    ] as const) {
      const refused = await click(out, who, action);
      expect(refused).toMatchObject({ kind: 'refused', refusal: { code: 'wrong_action_for_step' } });
    }
    expect((await loanOf(out)).status).toBe('lent');
    // 归还 needs a condition note.
    await expect(
      click(out, 'feng-xiaoyu', { type: 'approve', params: { condition: '  ' } }),
    ).rejects.toMatchObject({ code: 'archive_condition_required' });

    const listed = await listLoans(prisma(), 'feng-xiaoyu', clock.now());
    expect(listed.asArchivist).toBe(true);
    expect([...listed.out, ...listed.dueSoon].map((r) => r.instanceId)).toContain(request.id);
    const mine = await listLoans(prisma(), 'gao-yan', clock.now());
    expect(mine.mine.find((r) => r.instanceId === request.id)).toMatchObject({ status: 'lent' });

    const returned = await applied(out, 'feng-xiaoyu', {
      type: 'approve',
      params: { condition: '完好，无缺页' },
    });
    expect(returned.status).toBe('approved');
    expect(await loanOf(request)).toMatchObject({
      status: 'returned',
      returnedById: 'feng-xiaoyu',
      condition: '完好，无缺页',
    });
    // Back in the archive: it may be borrowed again.
    const again = await borrow('xu-hui', record.id);
    expect((await loanOf(again)).status).toBe('requested');
  });

  it('lends once when the archivist presses 出借 twice at the same moment', async () => {
    const record = await entry();
    const request = await borrow('gao-yan', record.id, { days: 3 });
    const approved = await applied(request, 'ma-qiang', { type: 'approve' });
    const outcomes = await Promise.all([lend(approved, 3), lend(approved, 3)]);
    expect(outcomes.filter((o) => o.kind === 'applied')).toHaveLength(1);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(expect.arrayContaining(['applied']));
    const acts = await prisma().auditEntry.count({
      where: { instanceId: request.id, action: 'approve', actorId: 'feng-xiaoyu' },
    });
    expect(acts).toBe(1);
    expect((await loanOf(request)).status).toBe('lent');
    // The same click once more (a Slack retry) is answered, not applied.
    expect((await lend(approved, 3)).kind).toBe('duplicate');
  });

  it('queues the file of an electronic record once, for the borrower, when 出借 is pressed twice at the same moment', async () => {
    const record = await entry({ file: true });
    const request = await borrow('gao-yan', record.id, { days: 3 });
    const approved = await applied(request, 'ma-qiang', { type: 'approve' });
    expect(await fileRowsOf(request.id, record.archiveNo)).toEqual([]);
    const outcomes = await Promise.all([lend(approved, 3), lend(approved, 3)]);
    expect(outcomes.filter((o) => o.kind === 'applied')).toHaveLength(1);
    expect((await lend(approved, 3)).kind).toBe('duplicate');
    expect(await fileRowsOf(request.id, record.archiveNo)).toEqual([
      {
        orderingKey: 'person:gao-yan',
        kind: ARCHIVE_FILE_KIND,
        payload: { source: 'archive.loan', entryId: record.id, personId: 'gao-yan', instanceId: request.id },
      },
    ]);
  });

  it('queues no file for a paper record, and for a 秘密 electronic one only a notice to read it in the archive room', async () => {
    const paper = await entry();
    const paperLoan = await borrow('gao-yan', paper.id, { days: 3 });
    expect((await lend(await applied(paperLoan, 'ma-qiang', { type: 'approve' }), 3)).kind).toBe('applied');
    expect((await loanOf(paperLoan)).status).toBe('lent');
    expect(await fileRowsOf(paperLoan.id, paper.archiveNo)).toEqual([]);

    const secret = await entry({ secrecy: 'secret', file: true });
    const secretLoan = await borrow('zhou-jing', secret.id, { days: 3 });
    expect((await lend(await applied(secretLoan, 'li-weidong', { type: 'approve' }), 3)).kind).toBe(
      'applied',
    );
    expect((await loanOf(secretLoan)).status).toBe('lent');
    // Classified content never goes on the network: no file, and the notice names the 档号 only.
    expect(await fileRowsOf(secretLoan.id, secret.archiveNo)).toEqual([
      {
        orderingKey: 'person:zhou-jing',
        kind: 'person.message',
        payload: {
          personId: 'zhou-jing',
          key: 'archive.file.classified',
          params: { archiveNo: secret.archiveNo },
        },
      },
    ]);
  });

  it('refuses to lend a record while another approved loan of it is out', async () => {
    const record = await entry();
    const first = await applied(await borrow('gao-yan', record.id), 'ma-qiang', { type: 'approve' });
    const second = await applied(await borrow('xu-hui', record.id), 'liu-yang', { type: 'approve' });
    expect((await lend(first, 5)).kind).toBe('applied');
    await expect(lend(second, 5)).rejects.toMatchObject({ code: 'archive_entry_lent' });
    expect((await loanOf(second)).status).toBe('approved');
    expect(await prisma().archiveLoan.count({ where: { entryId: record.id, status: 'lent' } })).toBe(1);
  });

  it('sends a 秘密 record to the supervising leader, by reference only, and hides it from someone not cleared', async () => {
    const record = await entry({ secrecy: 'secret' });
    // gao-yan is cleared for 内部 only: the record does not exist for her.
    await expect(borrow('gao-yan', record.id)).rejects.toMatchObject({ code: 'archive_entry_not_found' });
    expect(await prisma().archiveLoan.count({ where: { entryId: record.id } })).toBe(0);
    // zhou-jing (办公室, 秘密) → li-weidong, the office's supervising leader.
    const request = await borrow('zhou-jing', record.id);
    expect(request.definitionId).toBe('archive_borrow_secret');
    expect(request).toMatchObject({ title: null, reference: record.archiveNo, secrecy: 'secret' });
    expect(waitingOn(request)).toEqual(['li-weidong']);
    const approved = await applied(request, 'li-weidong', { type: 'approve' });
    expect(waitingOn(approved)).toEqual(['feng-xiaoyu']);
    expect((await lend(approved, 2)).kind).toBe('applied');
  });

  it('asks the department head and then the supervising leader for an outside unit', async () => {
    const record = await entry();
    const request = await borrow('gao-yan', record.id, { outsideUnit: '示范市水利局' });
    expect(request.definitionId).toBe('archive_borrow_leader');
    expect(waitingOn(request)).toEqual(['ma-qiang']);
    const head = await applied(request, 'ma-qiang', { type: 'approve' });
    expect(waitingOn(head)).toEqual(['chen-lixin']);
    expect((await loanOf(request)).status).toBe('requested');
    const leader = await applied(head, 'chen-lixin', { type: 'approve' });
    expect(waitingOn(leader)).toEqual(['feng-xiaoyu']);
    expect(await loanOf(request)).toMatchObject({ status: 'approved', outsideUnit: '示范市水利局' });
  });

  it('records a copy request: approved by the head, copies made by the archivist, never more than approved', async () => {
    const record = await entry();
    const request = await borrow('gao-yan', record.id, { kind: 'copy', copies: 2, days: null });
    expect(request.definitionId).toBe('archive_copy');
    const approved = await applied(request, 'ma-qiang', { type: 'approve' });
    await expect(
      click(approved, 'feng-xiaoyu', { type: 'approve', params: { copiesMade: '3' } }),
    ).rejects.toMatchObject({ code: 'archive_copies_made_invalid', params: { approved: 2 } });
    const done = await applied(approved, 'feng-xiaoyu', { type: 'approve', params: { copiesMade: '2' } });
    expect(done.status).toBe('approved');
    expect(await loanOf(request)).toMatchObject({
      kind: 'copy',
      status: 'copied',
      copies: 2,
      lentById: 'feng-xiaoyu',
    });
    const act = await prisma().auditEntry.findFirstOrThrow({
      where: { instanceId: request.id, action: 'approve', actorId: 'feng-xiaoyu' },
    });
    expect(act.details).toMatchObject({ copiesMade: 2, approved: 2 });
  });

  it('marks a rejected request refused, and refuses bad forms before anything starts', async () => {
    const record = await entry();
    const request = await borrow('gao-yan', record.id);
    await applied(request, 'ma-qiang', { type: 'reject', comment: '与工作无关' });
    expect((await loanOf(request)).status).toBe('refused');
    await expect(borrow('gao-yan', record.id, { days: 31 })).rejects.toMatchObject({
      code: 'archive_loan_invalid',
      params: { field: 'days' },
    });
    await expect(borrow('gao-yan', record.id, { purpose: ' ' })).rejects.toMatchObject({
      code: 'archive_loan_invalid',
      params: { field: 'purpose' },
    });
    expect(await prisma().archiveLoan.count({ where: { entryId: record.id } })).toBe(1);
  });

  it('sends the quarterly appraisal list once, even when called twice or at the same moment', async () => {
    const expired10 = await entry({ year: 2010, retention: '10y' });
    const expired30 = await entry({ year: 1990, retention: '30y', secrecy: 'secret' });
    const notYet = await entry({ year: 2016, retention: '10y' });
    const forever = await entry({ year: 1980, retention: 'permanent' });
    const now = new Date('2026-12-01T02:00:00Z');
    const first = await sendQuarterlyAppraisal(prisma(), now);
    expect(first).toMatchObject({ quarter: '2026-Q4', sent: true, recipients: 2 });
    const second = await sendQuarterlyAppraisal(prisma(), new Date('2026-12-20T02:00:00Z'));
    expect(second).toMatchObject({ quarter: '2026-Q4', sent: false });
    // The dispatcher is woken only by the send that wrote messages.
    let wakes = 0;
    const wake = { onOutboxWritten: () => (wakes += 1) };
    expect(await sendQuarterlyAppraisal(prisma(), new Date('2026-12-21T02:00:00Z'), wake)).toMatchObject({
      sent: false,
    });
    expect(wakes).toBe(0);
    const row = await prisma().archiveAppraisal.findUniqueOrThrow({ where: { quarter: '2026-Q4' } });
    expect(row.entryIds).toEqual(expect.arrayContaining([expired10.id, expired30.id]));
    expect(row.entryIds).not.toContain(notYet.id);
    expect(row.entryIds).not.toContain(forever.id);
    const messages = await prisma().outboxMessage.findMany({
      where: { kind: 'person.message', payload: { path: ['key'], equals: 'archive.appraisal.notice' } },
    });
    const to = messages.map((m) => (m.payload as { personId: string }).personId).sort();
    expect(to).toEqual(['feng-xiaoyu', 'zhao-min']);
    const text = JSON.stringify(messages[0]?.payload);
    expect(text).toContain(expired10.archiveNo);
    // A classified record is listed by its number only.
    expect(text).toContain(expired30.archiveNo);

    const racing = await Promise.all([
      sendQuarterlyAppraisal(prisma(), new Date('2027-01-04T02:00:00Z'), wake),
      sendQuarterlyAppraisal(prisma(), new Date('2027-01-04T02:00:00Z'), wake),
    ]);
    expect(wakes).toBe(1);
    expect(racing.filter((r) => r.sent)).toHaveLength(1);
    expect(racing.every((r) => r.quarter === '2027-Q1')).toBe(true);
    const all = await prisma().outboxMessage.count({
      where: { kind: 'person.message', payload: { path: ['key'], equals: 'archive.appraisal.notice' } },
    });
    expect(all).toBe(4);
  });

  it('destroys only when every member of the appraisal group and the leader approved, with a register row each', async () => {
    const a = await entry({ year: 2008, retention: '10y' });
    const b = await entry({ year: 2009, retention: '10y' });
    const destroy = () =>
      startDestruction(
        { service, prisma: prisma(), clock },
        {
          requesterPersonId: 'feng-xiaoyu',
          workspaceId: TEAM,
          entryIds: [a.id, b.id],
          method: '粉碎，监销人：赵敏',
        },
      );
    // Not past retention, or not an archivist: refused.
    const young = await entry({ year: 2020, retention: '10y' });
    await expect(
      startDestruction(
        { service, prisma: prisma(), clock },
        { requesterPersonId: 'feng-xiaoyu', workspaceId: TEAM, entryIds: [young.id], method: '' },
      ),
    ).rejects.toMatchObject({ code: 'archive_not_destroyable', params: { archiveNo: young.archiveNo } });
    await expect(
      startDestruction(
        { service, prisma: prisma(), clock },
        { requesterPersonId: 'gao-yan', workspaceId: TEAM, entryIds: [a.id], method: '' },
      ),
    ).rejects.toMatchObject({ code: 'archive_destroy_forbidden' });

    const request = await destroy();
    expect(waitingOn(request)?.sort()).toEqual(['feng-xiaoyu', 'zhao-min']);
    // Proposed again while this approval runs: refused, since only one of them could be carried out.
    await expect(destroy()).rejects.toMatchObject({
      code: 'archive_destroy_pending',
      params: { archiveNo: a.archiveNo },
    });
    const kept = async () =>
      (await prisma().archiveEntry.findMany({ where: { id: { in: [a.id, b.id] } } })).map((e) => e.status);

    // One member agrees: nothing happens; the leader cannot act before the whole group.
    const one = await applied(request, 'zhao-min', { type: 'approve', comment: '同意销毁' });
    expect(await kept()).toEqual(['kept', 'kept']);
    expect((await click(one, 'li-weidong', { type: 'approve', comment: '同意' })).kind).toBe('refused');
    const group = await applied(one, 'feng-xiaoyu', { type: 'approve', comment: '已到期，无保存价值' });
    expect(waitingOn(group)).toEqual(['li-weidong']);
    expect(await kept()).toEqual(['kept', 'kept']);
    expect(await prisma().archiveDestruction.count({ where: { instanceId: request.id } })).toBe(0);

    clock.advance(60_000);
    const done = await applied(group, 'li-weidong', { type: 'approve', comment: '同意销毁' });
    expect(done.status).toBe('approved');
    expect(await kept()).toEqual(['destroyed', 'destroyed']);
    const register = await prisma().archiveDestruction.findMany({
      where: { instanceId: request.id },
      orderBy: { entryId: 'asc' },
    });
    expect(register.map((r) => r.entryId).sort()).toEqual([a.id, b.id].sort());
    expect(register[0]).toMatchObject({
      approverIds: expect.arrayContaining(['zhao-min', 'feng-xiaoyu', 'li-weidong']),
      destroyedAt: clock.now(),
      details: { method: '粉碎，监销人：赵敏' },
    });
    expect(register[0]?.approverIds).toHaveLength(3);
    // The record stays, marked; it can no longer be borrowed.
    await expect(borrow('gao-yan', a.id)).rejects.toMatchObject({ code: 'archive_entry_destroyed' });
  });

  it('refuses a destruction that one person would decide alone', async () => {
    const d = await entry({ year: 2006, retention: '10y' });
    const before = await prisma().unitSetting.findUniqueOrThrow({ where: { id: 'unit' } });
    // The organisation file names a group of one: the leader the proposer reports to.
    await prisma().unitSetting.update({
      where: { id: 'unit' },
      data: { archive: { ...((before.archive as object | null) ?? {}), appraisalGroup: ['li-weidong'] } },
    });
    try {
      await expect(
        startDestruction(
          { service, prisma: prisma(), clock },
          { requesterPersonId: 'feng-xiaoyu', workspaceId: TEAM, entryIds: [d.id], method: '' },
        ),
      ).rejects.toMatchObject({ code: 'archive_destroy_group_too_small' });
    } finally {
      await prisma().unitSetting.update({
        where: { id: 'unit' },
        data: { archive: before.archive === null ? Prisma.DbNull : (before.archive as object) },
      });
    }
    expect((await prisma().archiveEntry.findUniqueOrThrow({ where: { id: d.id } })).status).toBe('kept');
  });

  it('keeps everything when one member of the appraisal group refuses', async () => {
    const c = await entry({ year: 2007, retention: '10y' });
    const request = await startDestruction(
      { service, prisma: prisma(), clock },
      { requesterPersonId: 'zhao-min', workspaceId: TEAM, entryIds: [c.id], method: '' },
    );
    const one = await applied(request, 'zhao-min', { type: 'approve', comment: '同意' });
    const refused = await applied(one, 'feng-xiaoyu', { type: 'reject', comment: '仍有查考价值，延长保管' });
    expect(refused.status).toBe('rejected');
    expect((await prisma().archiveEntry.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('kept');
    expect(await prisma().archiveDestruction.count({ where: { entryId: c.id } })).toBe(0);
  });

  it('answers `/archive loans` and `/archive appraisal` by role', async () => {
    const deps = createArchiveLoanChatDeps({
      prisma: prisma(),
      service,
      clock,
      timeZone: TZ,
      namesOf: async (ids) => new Map(ids.map((id) => [id, `名-${id}`])),
    });
    const record = await entry();
    const approved = await applied(await borrow('gao-yan', record.id), 'ma-qiang', { type: 'approve' });
    const lent = await applied(approved, 'feng-xiaoyu', { type: 'approve', params: { lendDays: '2' } });
    const commands = archiveCommands({ catalog: {} as never, loans: deps });
    const handler = (word: string) => commands.find((h) => h.subcommands?.includes(word));
    const answers: Array<{ text: string; blocks: unknown[] }> = [];
    // The platform's adapter hands over the person it resolved for the request.
    const ask = async (word: string, personId: string) => {
      const answer = await handler(word)?.handle('', {
        workspaceId: TEAM,
        actor: { personId, locale: 'zh' },
        locale: 'zh',
        dedupeKey: `test:${word}:${personId}`,
        log: { info() {}, warn() {}, error() {}, debug() {} } as never,
      });
      if (answer?.kind !== 'reply') throw new Error(`no reply: ${answer?.kind}`);
      answers.push({ text: plainOf(answer.reply.text), blocks: [...answer.reply.blocks] });
    };
    await ask('loans', 'feng-xiaoyu');
    const archivist = JSON.stringify(answers.at(-1));
    expect(archivist).toContain(record.archiveNo);
    expect(archivist).toContain('名-gao-yan');
    // 归还 opens the loan's return form at the current version.
    expect(archivist).toContain('archive_loan_return');
    expect(archivist).toContain(`\\"v\\":${lent.version}`);
    await ask('loans', 'gao-yan');
    expect(answers.at(-1)?.text).toContain('借出中');
    await ask('appraisal', 'gao-yan');
    expect(answers.at(-1)?.text).toBe('只有档案管理员和办公室负责人可以查看鉴定清单。');
    await ask('appraisal', 'zhao-min');
    expect(answers.at(-1)?.text).toContain('保管期限已满的档案');
    expect(JSON.stringify(answers.at(-1)?.blocks)).toContain('archive_destroy_start');
  });
});
