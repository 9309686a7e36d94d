import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPLY_PARAMS, supplyRequestDefinition } from '../../src/domain/supply/definition.ts';
import { waitingOn } from '../../src/domain/workflow/index.ts';
import type { WorkflowAction, WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { importCatalog, parseCatalogCsv } from '../../src/features/supply/catalog.ts';
import { ledgerCsv, planSummaryCsv } from '../../src/features/supply/exports.ts';
import { planSummary, submitPlan } from '../../src/features/supply/plans.ts';
import {
  issueParam,
  startSupplyRequest,
  supplyCardFields,
  supplyIssueHook,
  supplyNotice,
} from '../../src/features/supply/requests.ts';
import { SUPPLY_LOW_STOCK_KIND } from '../../src/features/supply/stock.ts';
import { issueOwed, stockIn, stockTake } from '../../src/features/supply/stock-ops.ts';
import { instanceFromRow } from '../../src/features/workflow/instance-row.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { csvRecords } from '../support/playground.ts';
import { loadExampleOrg, manualClock, testWorkflowService } from '../support/workflow.ts';

// Office supplies on the approval engine and the stock ledger: requests through the department
// head and the office to the keeper, whose issue takes stock out atomically (never below zero,
// also under concurrent issues), records what is owed, alerts once per crossing of the
// threshold, and leaves ledger rows that match the audit log. Stock-in, stock-take and plans too.

const TEAM = 'T0OFFICE';
const TZ = 'Asia/Shanghai';
const KEEPER = 'zheng-tao';
const DEFINITION = supplyRequestDefinition({ departmentReview: true });

describe.each(databaseKinds)('office supplies on %s', (kind) => {
  let t: TestDatabase;
  let service: WorkflowService;
  const clock = manualClock('2026-11-23T01:30:00Z');

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    service = testWorkflowService(t, clock, undefined, {
      definitions: [DEFINITION],
      transitionHooks: new Map([[DEFINITION.id, supplyIssueHook({ timeZone: TZ })]]),
    });
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  /** Adds an item of its own to the catalog (each test owns its items). */
  async function addItem(name: string, stock: number, threshold = 0, price = '10'): Promise<string> {
    const parsed = parseCatalogCsv(
      `品名,规格,单位,库存,单价,预警值\n${name},,个,${stock},${price},${threshold}\n`,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed));
    await importCatalog(t.db.prisma, { rows: parsed.rows, actorId: KEEPER, now: clock.now(), timeZone: TZ });
    const item = await t.db.prisma.supplyItem.findUniqueOrThrow({ where: { name_spec: { name, spec: '' } } });
    return item.id;
  }

  const stockOf = async (itemId: string) =>
    (await t.db.prisma.supplyItem.findUniqueOrThrow({ where: { id: itemId } })).stock;

  async function act(instance: WorkflowInstance, person: string, action: WorkflowAction) {
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: TEAM,
      actorPersonId: person,
      action,
      expectedVersion: instance.version,
    });
    if (outcome.kind !== 'applied') throw new Error(`${person} ${action.type}: ${outcome.kind}`);
    return outcome.instance;
  }

  /** A request by 徐慧 (水政水资源科) taken through both reviews to the keeper. */
  async function atKeeper(lines: Array<{ itemId: string; quantity: number }>): Promise<WorkflowInstance> {
    let request = await startSupplyRequest(
      { service, prisma: t.db.prisma },
      { requesterPersonId: 'xu-hui', workspaceId: TEAM, lines, reason: '日常办公' },
    );
    expect(waitingOn(request)).toEqual(['liu-yang']);
    request = await act(request, 'liu-yang', { type: 'approve' });
    expect(waitingOn(request)).toEqual(['zhao-min']);
    request = await act(request, 'zhao-min', { type: 'approve' });
    expect(waitingOn(request)).toEqual([KEEPER]);
    return request;
  }

  const issue = (request: WorkflowInstance, quantities: Array<[string, number]>) =>
    service.click({
      instanceId: request.id,
      workspaceId: TEAM,
      actorPersonId: KEEPER,
      action: { type: 'approve', params: { [SUPPLY_PARAMS.issue]: issueParam(new Map(quantities)) } },
      expectedVersion: request.version,
    });

  it('takes a request through the department head and the office to the keeper, whose issue takes stock out', async () => {
    const paper = await addItem('复印纸甲', 20);
    const pens = await addItem('签字笔甲', 10);
    const request = await atKeeper([
      { itemId: paper, quantity: 5 },
      { itemId: pens, quantity: 3 },
    ]);
    const outcome = await issue(request, [
      [paper, 5],
      [pens, 3],
    ]);
    expect(outcome.kind).toBe('applied');
    if (outcome.kind !== 'applied') return;
    expect(outcome.instance.status).toBe('approved');
    expect(await stockOf(paper)).toBe(15);
    expect(await stockOf(pens)).toBe(7);
    const ledger = await t.db.prisma.supplyLedgerEntry.findMany({
      where: { instanceId: request.id },
      orderBy: { id: 'asc' },
    });
    expect(ledger.map((l) => [l.itemId, l.kind, l.quantity, l.balanceAfter, l.reason]).sort()).toEqual(
      [
        [paper, 'issue', -5, 15, 'water-admin'],
        [pens, 'issue', -3, 7, 'water-admin'],
      ].sort(),
    );
    expect(supplyCardFields(outcome.instance, 'zh')).toEqual([
      { label: '申领物品', value: '复印纸甲 ×5个；签字笔甲 ×3个' },
      { label: '事由', value: '日常办公' },
      { label: '已发放', value: '复印纸甲 5个（余 15个）；签字笔甲 3个（余 7个）' },
    ]);
    // The lines are kept as records in the committed state, not as JSON inside a text.
    const stored = instanceFromRow(
      await t.db.prisma.workflowInstance.findUniqueOrThrow({ where: { id: request.id } }),
    );
    expect(stored.params[SUPPLY_PARAMS.lines]).toEqual([
      { itemId: paper, name: '复印纸甲', spec: expect.any(String), unit: '个', quantity: 5 },
      { itemId: pens, name: '签字笔甲', spec: expect.any(String), unit: '个', quantity: 3 },
    ]);
    expect(stored.params[SUPPLY_PARAMS.issued]).toEqual([
      { itemId: paper, issued: 5, owed: 0, balanceAfter: 15 },
      { itemId: pens, issued: 3, owed: 0, balanceAfter: 7 },
    ]);
  });

  it('leaves out the department head when the organisation file says so', async () => {
    const direct = supplyRequestDefinition({ departmentReview: false });
    const directService = testWorkflowService(t, clock, undefined, { definitions: [direct] });
    const item = await addItem('便签纸甲', 5);
    const request = await startSupplyRequest(
      { service: directService, prisma: t.db.prisma },
      { requesterPersonId: 'xu-hui', workspaceId: TEAM, lines: [{ itemId: item, quantity: 1 }], reason: '' },
    );
    expect(waitingOn(request)).toEqual(['zhao-min']);
  });

  it('records what a partial issue owes, and refuses more than requested or than in stock without writing anything', async () => {
    const toner = await addItem('墨盒甲', 2);
    const request = await atKeeper([{ itemId: toner, quantity: 5 }]);
    await expect(issue(request, [[toner, 6]])).rejects.toMatchObject({ code: 'supply_issue_over' });
    await expect(issue(request, [[toner, 3]])).rejects.toMatchObject({
      code: 'supply_out_of_stock',
      params: { stock: 2, quantity: 3 },
    });
    expect(await stockOf(toner)).toBe(2);
    expect(await t.db.prisma.supplyLedgerEntry.count({ where: { instanceId: request.id } })).toBe(0);
    expect((await service.loadInstance(request.id)).version).toBe(request.version);

    const outcome = await issue(request, [[toner, 2]]);
    expect(outcome.kind).toBe('applied');
    expect(await stockOf(toner)).toBe(0);
    const line = await t.db.prisma.supplyIssueLine.findUniqueOrThrow({
      where: { instanceId_itemId: { instanceId: request.id, itemId: toner } },
    });
    expect(line).toMatchObject({ requested: 5, issued: 2, owed: 3, issuedById: KEEPER });
    if (outcome.kind === 'applied') {
      expect(supplyCardFields(outcome.instance, 'en').find((f) => f.label === 'Owed')).toEqual({
        label: 'Owed',
        value: '墨盒甲 3个',
      });
    }
  });

  it('refuses issuing 0 of everything without a reason, and with one closes the request wholly owed, saying why', async () => {
    const ink = await addItem('印油丙', 0);
    const pads = await addItem('印台丙', 4);
    const request = await atKeeper([
      { itemId: ink, quantity: 2 },
      { itemId: pads, quantity: 1 },
    ]);
    const none = { [SUPPLY_PARAMS.issue]: issueParam(new Map([[ink, 0]])) };
    const nothing = (comment?: string) =>
      service.click({
        instanceId: request.id,
        workspaceId: TEAM,
        actorPersonId: KEEPER,
        action: { type: 'approve', ...(comment === undefined ? {} : { comment }), params: none },
        expectedVersion: request.version,
      });
    await expect(nothing()).rejects.toMatchObject({ code: 'supply_issue_reason_required' });
    await expect(nothing('  ')).rejects.toMatchObject({ code: 'supply_issue_reason_required' });
    expect((await service.loadInstance(request.id)).version).toBe(request.version);
    expect(await t.db.prisma.supplyIssueLine.count({ where: { instanceId: request.id } })).toBe(0);

    const outcome = await nothing('无货');
    if (outcome.kind !== 'applied') throw new Error(outcome.kind);
    const lines = await t.db.prisma.supplyIssueLine.findMany({ where: { instanceId: request.id } });
    expect(lines.map((l) => [l.itemId, l.issued, l.owed]).sort()).toEqual(
      [
        [ink, 0, 2],
        [pads, 0, 1],
      ].sort(),
    );
    expect(await stockOf(pads)).toBe(4);
    expect(supplyCardFields(outcome.instance, 'zh').slice(2)).toEqual([
      { label: '已发放', value: '—' },
      { label: '欠发', value: '印油丙 2个；印台丙 1个' },
      { label: '欠发原因', value: '无货' },
    ]);
    // The requester is told nothing was issued and why, not that the request was approved.
    expect(supplyNotice(outcome.instance, 'approved')).toEqual({
      key: 'supply.notice.none_issued',
      params: { reason: '无货' },
    });
    const notices = await t.db.prisma.outboxMessage.findMany({
      where: { orderingKey: 'person:xu-hui', kind: 'person.notify' },
    });
    expect(
      notices.filter((n) => (n.payload as { instanceId?: string }).instanceId === request.id),
    ).toHaveLength(1);
  });

  it('keeps the usual notice and no reason field when something was issued', async () => {
    const clips = await addItem('回形针丙', 3);
    const request = await atKeeper([{ itemId: clips, quantity: 5 }]);
    const outcome = await service.click({
      instanceId: request.id,
      workspaceId: TEAM,
      actorPersonId: KEEPER,
      action: { type: 'approve', params: { [SUPPLY_PARAMS.issue]: issueParam(new Map([[clips, 3]])) } },
      expectedVersion: request.version,
    });
    if (outcome.kind !== 'applied') throw new Error(outcome.kind);
    expect(supplyCardFields(outcome.instance, 'zh').map((f) => f.label)).not.toContain('欠发原因');
    expect(supplyNotice(outcome.instance, 'approved')).toBeNull();
  });

  it('alerts the keeper once when an item falls below its threshold, and again only after it was back above', async () => {
    const glue = await addItem('胶水甲', 10, 5);
    const alerts = async () =>
      (await t.db.prisma.outboxMessage.findMany({ where: { kind: SUPPLY_LOW_STOCK_KIND } })).filter(
        (m) => (m.payload as { itemId?: string }).itemId === glue,
      );
    expect(await alerts()).toHaveLength(0);
    await issue(await atKeeper([{ itemId: glue, quantity: 6 }]), [[glue, 6]]);
    expect(await stockOf(glue)).toBe(4);
    const first = await alerts();
    expect(first.map((m) => [m.orderingKey, m.payload])).toEqual([
      [`person:${KEEPER}`, { personId: KEEPER, itemId: glue }],
    ]);
    await issue(await atKeeper([{ itemId: glue, quantity: 1 }]), [[glue, 1]]);
    expect(await alerts()).toHaveLength(1);
    await stockIn(t.db.prisma, {
      actorId: KEEPER,
      itemId: glue,
      quantity: 10,
      unitPriceFen: 350,
      supplier: '晨光文具',
      date: '2026-11-23',
      now: clock.now(),
      timeZone: TZ,
    });
    expect((await t.db.prisma.supplyItem.findUniqueOrThrow({ where: { id: glue } })).lowStockAlerted).toBe(
      false,
    );
    expect(await alerts()).toHaveLength(1);
    await issue(await atKeeper([{ itemId: glue, quantity: 9 }]), [[glue, 9]]);
    expect(await stockOf(glue)).toBe(4);
    expect(await alerts()).toHaveLength(2);
  });

  it('never oversells when the keeper issues the last items to many requests at once', async () => {
    const folders = await addItem('档案盒甲', 3);
    const requests: WorkflowInstance[] = [];
    for (let i = 0; i < 8; i += 1) requests.push(await atKeeper([{ itemId: folders, quantity: 1 }]));
    const outcomes = await Promise.allSettled(requests.map((r) => issue(r, [[folders, 1]])));
    const applied = outcomes.filter((o) => o.status === 'fulfilled' && o.value.kind === 'applied');
    const refused = outcomes.filter(
      (o) => o.status === 'rejected' && (o.reason as { code?: string }).code === 'supply_out_of_stock',
    );
    expect(applied).toHaveLength(3);
    expect(refused).toHaveLength(5);
    expect(await stockOf(folders)).toBe(0);
    const ledger = await t.db.prisma.supplyLedgerEntry.findMany({
      where: { itemId: folders, kind: 'issue' },
      orderBy: { id: 'asc' },
    });
    expect(ledger.map((l) => l.balanceAfter)).toEqual([2, 1, 0]);
  });

  it('applies a double-submitted issue once', async () => {
    const staples = await addItem('订书钉甲', 10);
    const request = await atKeeper([{ itemId: staples, quantity: 4 }]);
    const [a, b] = await Promise.all([issue(request, [[staples, 4]]), issue(request, [[staples, 4]])]);
    expect([a.kind, b.kind].sort()).toEqual(['applied', 'duplicate']);
    expect(await stockOf(staples)).toBe(6);
    expect(await t.db.prisma.supplyLedgerEntry.count({ where: { instanceId: request.id } })).toBe(1);
  });

  it('keeps ledger rows that match the audit log of every issue', async () => {
    const issues = await t.db.prisma.auditEntry.findMany({
      where: { action: 'approve', instance: { definitionId: DEFINITION.id }, afterStatus: 'approved' },
    });
    expect(issues.length).toBeGreaterThan(5);
    for (const entry of issues) {
      const details = entry.details as {
        issued: Array<{ itemId: string; quantity: number; balanceAfter: number | null }>;
      };
      const ledger = await t.db.prisma.supplyLedgerEntry.findMany({
        where: { instanceId: entry.instanceId },
      });
      const fromAudit = details.issued
        .filter((l) => l.quantity > 0)
        .map((l) => [l.itemId, -l.quantity, l.balanceAfter, entry.actorId])
        .sort();
      expect(ledger.map((l) => [l.itemId, l.quantity, l.balanceAfter, l.actorId]).sort()).toEqual(fromAudit);
      for (const l of ledger) expect(l.at).toEqual(entry.at);
    }
  });

  it('books a stock-take: differences become adjustments with the reason; none means nothing is written', async () => {
    const tape = await addItem('胶带甲', 10);
    const clips = await addItem('回形针甲', 4);
    await expect(
      stockTake(t.db.prisma, {
        actorId: KEEPER,
        counted: new Map([[tape, 8]]),
        reason: ' ',
        now: clock.now(),
        timeZone: TZ,
      }),
    ).rejects.toMatchObject({ code: 'supply_reason_required' });
    await expect(
      stockTake(t.db.prisma, {
        actorId: 'xu-hui',
        counted: new Map([[tape, 8]]),
        reason: 'x',
        now: clock.now(),
        timeZone: TZ,
      }),
    ).rejects.toMatchObject({ code: 'supply_not_keeper' });
    expect(await stockOf(tape)).toBe(10);
    const report = await stockTake(t.db.prisma, {
      actorId: KEEPER,
      counted: new Map([
        [tape, 8],
        [clips, 4],
      ]),
      reason: '受潮报损',
      now: clock.now(),
      timeZone: TZ,
    });
    expect(report).toEqual([
      { itemId: tape, booked: 10, counted: 8, difference: -2, label: '胶带甲', unit: '个' },
    ]);
    expect(await stockOf(tape)).toBe(8);
    const adjust = await t.db.prisma.supplyLedgerEntry.findMany({
      where: { itemId: { in: [tape, clips] }, kind: 'adjust' },
    });
    expect(adjust.map((a) => [a.itemId, a.quantity, a.balanceAfter, a.reason])).toEqual([
      [tape, -2, 8, '受潮报损'],
    ]);
    expect(
      await stockTake(t.db.prisma, {
        actorId: KEEPER,
        counted: new Map([[tape, 8]]),
        reason: '',
        now: clock.now(),
        timeZone: TZ,
      }),
    ).toEqual([]);
  });

  it('issues what is owed later (补发) once under racing keepers, never more than owed or in stock', async () => {
    const folders = await addItem('文件夹乙', 1);
    const request = await atKeeper([{ itemId: folders, quantity: 4 }]);
    expect((await issue(request, [[folders, 1]])).kind).toBe('applied');
    const line = await t.db.prisma.supplyIssueLine.findUniqueOrThrow({
      where: { instanceId_itemId: { instanceId: request.id, itemId: folders } },
    });
    expect(line.owed).toBe(3);
    const later = (quantity: number, requestKey: string, actorId = KEEPER) =>
      issueOwed(t.db.prisma, {
        actorId,
        lineId: line.id,
        quantity,
        now: clock.now(),
        timeZone: TZ,
        requestKey,
      });
    // Nothing on the shelf; someone not the keeper; more than owed: all refused, nothing written.
    await expect(later(1, 'view:V0EMPTY')).rejects.toMatchObject({ code: 'supply_out_of_stock' });
    await expect(later(1, 'view:V0NOTKEEPER', 'xu-hui')).rejects.toMatchObject({ code: 'supply_not_keeper' });
    await expect(later(4, 'view:V0OVER')).rejects.toMatchObject({
      code: 'supply_owed_over',
      params: { owed: 3 },
    });
    expect((await t.db.prisma.supplyIssueLine.findUniqueOrThrow({ where: { id: line.id } })).owed).toBe(3);

    await stockIn(t.db.prisma, {
      actorId: KEEPER,
      itemId: folders,
      quantity: 10,
      unitPriceFen: 500,
      supplier: '得力文具',
      date: null,
      now: clock.now(),
      timeZone: TZ,
    });
    // Five forms at once, each for all 3 owed: one issues, the others find nothing owed.
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => later(3, `view:V0RACE${n}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'supply_owed_none' });
    }
    expect(await stockOf(folders)).toBe(7);
    const after = await t.db.prisma.supplyIssueLine.findUniqueOrThrow({ where: { id: line.id } });
    expect([after.issued, after.owed]).toEqual([4, 0]);
    // The same form sent again books nothing more.
    await expect(later(1, 'view:V0RACE1')).rejects.toMatchObject({ code: 'supply_owed_none' });
    const notices = await t.db.prisma.outboxMessage.findMany({
      where: { kind: 'person.message', payload: { path: ['key'], equals: 'supply.notice.owed_done' } },
    });
    expect(notices.filter((n) => (n.payload as { personId: string }).personId === 'xu-hui')).toHaveLength(1);
  });

  it('books a stock-in sent twice from the same form once', async () => {
    const pads = await addItem('便签本甲', 2);
    const booking = {
      actorId: KEEPER,
      itemId: pads,
      quantity: 10,
      unitPriceFen: 250,
      supplier: '得力文具',
      date: '2026-11-23',
      now: clock.now(),
      timeZone: TZ,
      requestKey: 'view:V0SAMEFORM',
    };
    expect(await stockIn(t.db.prisma, booking)).toMatchObject({ balanceAfter: 12 });
    await expect(stockIn(t.db.prisma, booking)).rejects.toMatchObject({ code: 'supply_already_booked' });
    expect(await stockOf(pads)).toBe(12);
    expect(await t.db.prisma.supplyLedgerEntry.count({ where: { itemId: pads, kind: 'in' } })).toBe(1);
  });

  it('refuses a stock-in by anyone but the keeper', async () => {
    const ink = await addItem('印油甲', 1);
    await expect(
      stockIn(t.db.prisma, {
        actorId: 'xu-hui',
        itemId: ink,
        quantity: 5,
        unitPriceFen: 100,
        supplier: 'x',
        date: null,
        now: clock.now(),
        timeZone: TZ,
      }),
    ).rejects.toMatchObject({ code: 'supply_not_keeper' });
    expect(await stockOf(ink)).toBe(1);
  });

  it('re-imports the catalog: new prices and thresholds, stock kept and reported; a bad file changes nothing', async () => {
    const eraser = await addItem('橡皮甲', 7, 1, '1');
    const again = parseCatalogCsv('品名,单位,库存,单价,预警值\n橡皮甲,块,99,1.5,2\n');
    if (!again.ok) throw new Error('expected ok');
    const result = await importCatalog(t.db.prisma, {
      rows: again.rows,
      actorId: KEEPER,
      now: clock.now(),
      timeZone: TZ,
    });
    expect(result).toMatchObject({
      created: 0,
      updated: 1,
      stockIgnored: [{ name: '橡皮甲', booked: 7, inFile: 99 }],
    });
    expect(await t.db.prisma.supplyItem.findUniqueOrThrow({ where: { id: eraser } })).toMatchObject({
      stock: 7,
      unit: '块',
      unitPriceFen: 150,
      lowStockThreshold: 2,
    });
    const before = await t.db.prisma.supplyItem.count();
    expect(parseCatalogCsv('品名,单位,库存,单价,预警值\n新物品,个,1,1,1\n坏行,个,x,1,1\n').ok).toBe(false);
    expect(await t.db.prisma.supplyItem.count()).toBe(before);
  });

  it('sums the departments’ plans per item and department with the estimate, a resubmission replacing the first', async () => {
    const binder = await addItem('文件夹甲', 0, 0, '4.5');
    const marker = await addItem('白板笔甲', 0, 0, '3');
    const period = '2027-Q1';
    await submitPlan(t.db.prisma, {
      personId: 'xu-hui',
      period,
      lines: [{ itemId: binder, quantity: 9 }],
      now: clock.now(),
    });
    await submitPlan(t.db.prisma, {
      personId: 'xu-hui',
      period,
      lines: [
        { itemId: binder, quantity: 10 },
        { itemId: marker, quantity: 2 },
      ],
      now: clock.now(),
    });
    await submitPlan(t.db.prisma, {
      personId: 'gao-yan',
      period,
      lines: [{ itemId: binder, quantity: 4 }],
      now: clock.now(),
    });
    await expect(
      submitPlan(t.db.prisma, {
        personId: 'xu-hui',
        period: '2027-13',
        lines: [{ itemId: binder, quantity: 1 }],
        now: clock.now(),
      }),
    ).rejects.toMatchObject({ code: 'supply_period_invalid' });
    const summary = await planSummary(t.db.prisma, period);
    const row = summary.rows.find((r) => r.itemId === binder);
    expect(row && Object.fromEntries(row.byDepartment)).toEqual({ construction: 4, 'water-admin': 10 });
    expect(row).toMatchObject({ total: 14, estimateFen: 6300 });
    expect(summary.totalFen).toBe(6300 + 600);
    const file = await planSummaryCsv(t.db.prisma, { period, departmentName: (id) => id });
    if (!file) throw new Error('expected a summary');
    const { bom, records } = csvRecords(file.csv);
    expect(bom).toBe(true);
    expect(records[0]).toEqual([
      '品名规格',
      '单位',
      'construction',
      'water-admin',
      '合计',
      '单价（元）',
      '金额（元）',
      '现有库存',
    ]);
    expect(records).toContainEqual(['文件夹甲', '个', '4', '10', '14', '4.50', '63.00', '0']);
    expect(records.at(-1)).toEqual(['合计', '', '', '', '', '', '69.00', '']);
  });

  it('exports the ledger as CSV with a byte-order mark, every change with its balance', async () => {
    const file = await ledgerCsv(t.db.prisma, {
      year: 2026,
      timeZone: TZ,
      departmentName: (id) => `D:${id}`,
    });
    if (!file) throw new Error('expected a ledger');
    const { bom, records } = csvRecords(file.csv);
    expect(bom).toBe(true);
    expect(records[0]?.slice(0, 8)).toEqual(['日期', '时间', '品名', '规格', '单位', '类别', '数量', '结存']);
    const toner = records.filter((r) => r[2] === '墨盒甲');
    expect(toner.map((r) => [r[5], r[6], r[7], r[10]])).toEqual([
      ['期初', '2', '2', ''],
      ['发放', '-2', '0', 'D:water-admin'],
    ]);
    expect(records.length - 1).toBe(await t.db.prisma.supplyLedgerEntry.count());
    expect(await ledgerCsv(t.db.prisma, { year: 2020, timeZone: TZ, departmentName: (id) => id })).toBeNull();
  });
});
