import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalog, parseCatalogCsv } from '../../src/features/supply/catalog.ts';
import { databaseKinds } from '../support/databases.ts';
import {
  csvRecords,
  downloadFile,
  option,
  type PlaygroundMessage,
  type PlaygroundState,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
  text,
} from '../support/playground.ts';

// Office supplies (办公用品) through signed requests to the bot and the Slack double: the keeper's
// catalog import (bad rows named by line, nothing loaded), `/supply 复印纸 5` inline, an ambiguous
// name opening the form pre-filled, nonsense answered in the user's language, the approvals, the
// keeper's issue form from the card (a partial issue owes the rest), the low-stock DM, the form,
// and the ledger export.

const P = {
  gaoYan: 'U0EXAMPLE05', // construction: requester, reads Chinese
  maQiang: 'U0EXAMPLE15', // construction head
  zhaoMin: 'U0EXAMPLE03', // office head
  zhengTao: 'U0EXAMPLE10', // supplies keeper
  xuHui: 'U0EXAMPLE14', // water-admin, reads English
  liuYang: 'U0EXAMPLE12', // water-admin head
} as const;

const CATALOG = [
  '品名,规格,单位,库存,单价,预警值',
  '复印纸,A4 70g,包,8,23.50,5',
  '签字笔,0.5mm 黑,支,30,2,10',
  '白板笔,红,支,12,3.5,2',
].join('\n');

describe.each(databaseKinds)('office supplies in chat on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ pg } = running);
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  const prisma = () => running.playground.bot.db.prisma;
  const allMessages = (s: PlaygroundState) => s.conversations.flatMap((c) => c.messages);
  const answer = (user: string, needle: string, ephemeral: boolean) =>
    pg.waitFor(
      user,
      (s) =>
        allMessages(s).find((m) => m.from === 'bot' && m.ephemeral === ephemeral && m.text.includes(needle)),
      `a message with ${needle}`,
    );
  /** The top form once its blocks contain `needle` (forms fill in after opening). */
  const formWith = (user: string, needle: string) =>
    pg.waitFor(
      user,
      (s) => {
        const view = s.modals.at(-1);
        return view && JSON.stringify(view.blocks).includes(needle) ? view : null;
      },
      `a form with ${needle}`,
    );
  const item = (name: string) => prisma().supplyItem.findFirstOrThrow({ where: { name } });
  /**
   * `/supply <text>` by `user` answered with a refusal only they see, and no form opened: the
   * keeper's forms are refused before they open.
   */
  const refusedWithoutForm = async (user: string, text: string, needle: string) => {
    const before = await pg.state(user);
    const refusals = (s: PlaygroundState) =>
      allMessages(s).filter((m) => m.from === 'bot' && m.ephemeral && m.text.includes(needle)).length;
    expect((await pg.command(user, '/supply', text)).body).toEqual({ ok: true });
    const after = await pg.waitFor(user, (s) => refusals(s) > refusals(before) && s, `a refusal: ${needle}`);
    expect(after.modals.length).toBe(before.modals.length);
  };

  it('refuses an import by anyone but the keeper, names bad rows by line, and loads a good file', async () => {
    expect((await pg.command(P.gaoYan, '/supply', 'import')).body).toEqual({ ok: true });
    const stranger = await pg.modal(P.gaoYan);
    const refused = await pg.submit(P.gaoYan, stranger.id, {
      supply_csv: { supply_csv_input: text(CATALOG) },
    });
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { supply_csv: '只有办公用品保管员可以这样做。' },
    });

    expect((await pg.command(P.zhengTao, '/supply', 'import')).body).toEqual({ ok: true });
    const form = await pg.modal(P.zhengTao);
    const bad = await pg.submit(P.zhengTao, form.id, {
      supply_csv: { supply_csv_input: text(`${CATALOG}\n订书机,,个,很多,15,1`) },
    });
    expect(bad.body).toMatchObject({
      ok: false,
      errors: { supply_csv: expect.stringContaining('第 5 行 库存：不是 0 以上的整数') },
    });
    expect(await prisma().supplyItem.count()).toBe(0);

    const good = await pg.submit(P.zhengTao, form.id, { supply_csv: { supply_csv_input: text(CATALOG) } });
    expect(good.body).toEqual({ ok: true });
    await answer(P.zhengTao, '目录已导入：新增 3 项', false);
    expect(await prisma().supplyItem.count()).toBe(3);
  });

  it('answers nonsense in the user’s language and changes nothing', async () => {
    const before = await prisma().workflowInstance.count();
    expect((await pg.command(P.gaoYan, '/supply', '5')).body).toEqual({ ok: true });
    await answer(P.gaoYan, '数量前面要写物品名称', true);
    expect((await pg.command(P.xuHui, '/supply', '复印纸 -2')).body).toEqual({ ok: true });
    await answer(P.xuHui, 'a quantity is a whole number of 1 or more', true);
    expect(await prisma().workflowInstance.count()).toBe(before);
  });

  it('opens the form pre-filled with a note when a typed name is ambiguous', async () => {
    expect((await pg.command(P.gaoYan, '/supply', '笔 ２　复印纸 1')).body).toEqual({ ok: true });
    const form = await formWith(P.gaoYan, '对应多项');
    const blocks = JSON.stringify(form.blocks);
    expect(blocks).toContain('签字笔（0.5mm 黑）');
    expect(blocks).toContain('"initial_value":"2"');
    // The paper was found: it is chosen on line 2.
    const paper = await item('复印纸');
    expect(blocks).toContain(
      `"initial_option":{"text":{"type":"plain_text","text":"复印纸（A4 70g） （库存 8包）","emoji":true},"value":"${paper.id}"}`,
    );
  });

  it('opens the form pre-filled for a catalog item whose name ends in Latin letters, and says the quantity is missing for a word where it goes', async () => {
    const parsed = parseCatalogCsv('品名,规格,单位,库存,单价,预警值\n铅笔,HB,支,40,1.50,5');
    if (!parsed.ok) throw new Error('the pencil does not parse');
    await importCatalog(prisma(), {
      rows: parsed.rows,
      actorId: 'zheng-tao',
      now: new Date(),
      timeZone: 'Asia/Shanghai',
    });
    const pencil = await item('铅笔');
    const before = await prisma().workflowInstance.count();
    // 铅笔 HB is an item: the form, with it chosen, as for any name typed without a quantity.
    for (const typed of ['铅笔 HB', '铅笔 ＨＢ']) {
      const last = (await pg.state(P.gaoYan)).modals.at(-1)?.id;
      expect((await pg.command(P.gaoYan, '/supply', typed)).body).toEqual({ ok: true });
      const form = await pg.waitFor(
        P.gaoYan,
        (s) => {
          const view = s.modals.at(-1);
          return view && view.id !== last && JSON.stringify(view.blocks).includes('initial_option')
            ? view
            : null;
        },
        `the form for ${typed}`,
      );
      expect(JSON.stringify(form.blocks)).toContain(
        `"initial_option":{"text":{"type":"plain_text","text":"铅笔（HB） （库存 40支）","emoji":true},"value":"${pencil.id}"}`,
      );
    }
    // No item of that name: the word stands where the quantity goes, whether or not an item precedes it.
    expect((await pg.command(P.gaoYan, '/supply', '不存在的东西 abc')).body).toEqual({ ok: true });
    await answer(P.gaoYan, '“不存在的东西”后面缺少数量：“abc”不是数量', true);
    expect((await pg.command(P.xuHui, '/supply', '铅笔 abc')).body).toEqual({ ok: true });
    await answer(P.xuHui, 'No quantity after “铅笔”: “abc” is not a number', true);
    expect(await prisma().workflowInstance.count()).toBe(before);
  });

  let title = '';
  it('takes `/supply 复印纸 5 签字笔2` inline through the approvals to the keeper, who issues part of it', async () => {
    expect((await pg.command(P.gaoYan, '/supply', '复印纸 5 签字笔2')).body).toEqual({ ok: true });
    const started = await answer(P.gaoYan, '已提交', true);
    title = '办公用品申领：复印纸×5、签字笔×2';
    expect(started.text).toContain(title);

    const head = await pg.cardWithButton(P.maQiang, title, 'wf_approve');
    expect(JSON.stringify(head.blocks)).toContain('复印纸（A4 70g） ×5包');
    expect((await pg.click(P.maQiang, head, 'wf_approve')).body).toEqual({ ok: true });
    const office = await pg.cardWithButton(P.zhaoMin, title, 'wf_approve');
    expect((await pg.click(P.zhaoMin, office, 'wf_approve')).body).toEqual({ ok: true });

    const keeper = await pg.cardWithButton(P.zhengTao, title, 'wf_approve');
    expect(JSON.stringify(keeper.blocks)).toContain('"text":"发放"');
    expect((await pg.click(P.zhengTao, keeper, 'wf_approve')).body).toEqual({ ok: true });
    const paper = await item('复印纸');
    const pens = await item('签字笔');
    const form = await formWith(P.zhengTao, `supply_issue:${paper.id}`);
    expect(JSON.stringify(form.blocks)).toContain('复印纸（A4 70g）：申领 5包，库存 8包');
    const notNumber = await pg.submit(P.zhengTao, form.id, {
      [`supply_issue:${paper.id}`]: { supply_quantity_input: text('五') },
      [`supply_issue:${pens.id}`]: { supply_quantity_input: text('1') },
    });
    expect(notNumber.body).toMatchObject({
      ok: false,
      errors: { [`supply_issue:${paper.id}`]: expect.any(String) },
    });
    // Every quantity that does not fit is said under its own item at once.
    const bothOver = await pg.submit(P.zhengTao, form.id, {
      [`supply_issue:${paper.id}`]: { supply_quantity_input: text('6') },
      [`supply_issue:${pens.id}`]: { supply_quantity_input: text('3') },
    });
    expect(bothOver.body).toEqual({
      ok: false,
      error: 'invalid_input',
      errors: {
        [`supply_issue:${paper.id}`]: '复印纸（A4 70g） 申领 5包，发放数不能超过申领数。未发放。',
        [`supply_issue:${pens.id}`]: '签字笔（0.5mm 黑） 申领 2支，发放数不能超过申领数。未发放。',
      },
    });
    const tooMany = await pg.submit(P.zhengTao, form.id, {
      [`supply_issue:${paper.id}`]: { supply_quantity_input: text('5') },
      [`supply_issue:${pens.id}`]: { supply_quantity_input: text('3') },
    });
    expect(tooMany.body).toMatchObject({
      ok: false,
      errors: { [`supply_issue:${pens.id}`]: expect.stringContaining('发放数不能超过申领数') },
    });
    const issued = await pg.submit(P.zhengTao, form.id, {
      [`supply_issue:${paper.id}`]: { supply_quantity_input: text('５') },
      [`supply_issue:${pens.id}`]: { supply_quantity_input: text('1') },
    });
    expect(issued.body).toEqual({ ok: true });

    const done: PlaygroundMessage = await pg.waitFor(
      P.gaoYan,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(card.blocks).includes('欠发') ? card : null;
      },
      'the requester’s card with what is owed',
    );
    const blocks = JSON.stringify(done.blocks);
    expect(blocks).toContain('复印纸（A4 70g） 5包（余 3包）');
    expect(blocks).toContain('签字笔（0.5mm 黑） 1支');
    // The keeper's approval is named after the step's form in the history.
    expect(blocks).toContain('*郑涛* 发放');
    // The card ends issued, and the requester is told what went out and what is still owed.
    expect(blocks).toContain('*已发放*');
    expect(blocks).not.toContain('已通过');
    const notice = await answer(P.gaoYan, '已由郑涛发放', false);
    expect(notice.text).toBe(
      `你申领的「${title}」已由郑涛发放：复印纸（A4 70g） 5包、签字笔（0.5mm 黑） 1支（欠 1支）。`,
    );
    expect((await item('复印纸')).stock).toBe(3);
    expect((await item('签字笔')).stock).toBe(29);
    // 8 → 3 crosses the threshold of 5: the keeper is told once.
    const alert = await answer(P.zhengTao, '库存预警：复印纸（A4 70g） 现有 3包', false);
    expect(alert.ephemeral).toBe(false);
  });

  it('lists the stock with low items marked, and what is owed for the keeper', async () => {
    expect((await pg.command(P.gaoYan, '/supply', 'stock')).body).toEqual({ ok: true });
    await answer(P.gaoYan, '复印纸（A4 70g）  3包  ¥23.50 ⚠ 低于预警值', true);
    expect((await pg.command(P.zhengTao, '/supply', 'owed')).body).toEqual({ ok: true });
    await answer(P.zhengTao, '签字笔（0.5mm 黑） 欠 1支 — 高燕（库存 29）', true);
  });

  it('lets the keeper issue later what is owed (补发), no more than owed, once, and tells the requester', async () => {
    const list = await answer(P.zhengTao, '签字笔（0.5mm 黑） 欠 1支 — 高燕（库存 29）', true);
    expect((await pg.click(P.zhengTao, list, 'supply_issue_owed')).body).toEqual({ ok: true });
    const form = await formWith(P.zhengTao, '高燕 的 签字笔（0.5mm 黑） 还欠 1支');
    const over = await pg.submit(P.zhengTao, form.id, {
      supply_quantity: { supply_quantity_input: text('2') },
    });
    expect(over.body).toMatchObject({
      ok: false,
      errors: { supply_quantity: '签字笔（0.5mm 黑） 现在只欠 1支，发放数不能超过欠发数。未发放。' },
    });
    expect((await item('签字笔')).stock).toBe(29);
    const sent = await pg.submit(P.zhengTao, form.id, {
      supply_quantity: { supply_quantity_input: text('１') },
    });
    expect(sent.body).toEqual({ ok: true });
    await answer(P.zhengTao, '已补发 签字笔（0.5mm 黑） 1支，还欠 0支，库存余 28。已通知 高燕。', false);
    await answer(P.gaoYan, '郑涛 已补发 签字笔（0.5mm 黑） 1支，欠发已全部发齐。', false);
    const pens = await item('签字笔');
    expect(pens.stock).toBe(28);
    const line = await prisma().supplyIssueLine.findFirstOrThrow({ where: { itemId: pens.id } });
    expect([line.issued, line.owed]).toEqual([2, 0]);
    const ledger = await prisma().supplyLedgerEntry.findMany({
      where: { itemId: pens.id, kind: 'issue' },
      orderBy: { id: 'asc' },
    });
    expect(ledger.map((l) => [l.quantity, l.balanceAfter, l.instanceId])).toEqual([
      [-1, 29, line.instanceId],
      [-1, 28, line.instanceId],
    ]);
    // The old list's button again: nothing is owed any more, nothing is issued.
    expect((await pg.click(P.zhengTao, list, 'supply_issue_owed')).body).toEqual({ ok: true });
    await answer(P.zhengTao, '这一项已经没有欠发，未发放。', true);
    expect((await item('签字笔')).stock).toBe(28);
  });

  it('asks for a reason before issuing nothing, then keeps the request owed and tells the requester why', async () => {
    expect((await pg.command(P.gaoYan, '/supply', '复印纸 2')).body).toEqual({ ok: true });
    const request = '办公用品申领：复印纸×2';
    await answer(P.gaoYan, request, true);
    const head = await pg.cardWithButton(P.maQiang, request, 'wf_approve');
    expect((await pg.click(P.maQiang, head, 'wf_approve')).body).toEqual({ ok: true });
    const office = await pg.cardWithButton(P.zhaoMin, request, 'wf_approve');
    expect((await pg.click(P.zhaoMin, office, 'wf_approve')).body).toEqual({ ok: true });
    const keeper = await pg.cardWithButton(P.zhengTao, request, 'wf_approve');
    expect((await pg.click(P.zhengTao, keeper, 'wf_approve')).body).toEqual({ ok: true });
    const paper = await item('复印纸');
    const form = await formWith(P.zhengTao, '欠发原因');
    const zero = { [`supply_issue:${paper.id}`]: { supply_quantity_input: text('0') } };
    const noReason = await pg.submit(P.zhengTao, form.id, zero);
    expect(noReason.body).toMatchObject({
      ok: false,
      errors: { supply_reason: expect.stringContaining('全部发放 0 时请写明欠发原因') },
    });
    const row = await prisma().workflowInstance.findFirstOrThrow({ where: { title: request } });
    expect(row.status).toBe('running');

    const sent = await pg.submit(P.zhengTao, form.id, {
      ...zero,
      supply_reason: { supply_reason_input: text('无货') },
    });
    expect(sent.body).toEqual({ ok: true });
    await answer(
      P.gaoYan,
      `你申领的「${request}」这次未发放任何物品，原因：无货（郑涛）。所申领的物品已全部记为欠发，有货后补发。`,
      false,
    );
    const card = await pg.waitFor(
      P.gaoYan,
      (s) => {
        const c = pg.cardTitled(request)(s);
        return c && JSON.stringify(c.blocks).includes('欠发原因') ? c : null;
      },
      'the requester’s card with why it is owed',
    );
    expect(JSON.stringify(card.blocks)).toContain('复印纸（A4 70g） 2包');
    expect((await item('复印纸')).stock).toBe(paper.stock);
    expect((await pg.command(P.zhengTao, '/supply', 'owed')).body).toEqual({ ok: true });
    await answer(P.zhengTao, `复印纸（A4 70g） 欠 2包 — 高燕（库存 ${paper.stock}）`, true);
  });

  it('takes a request from the form, in English for an English reader', async () => {
    expect((await pg.command(P.xuHui, '/supply', '')).body).toEqual({ ok: true });
    const marker = await item('白板笔');
    const form = await formWith(P.xuHui, marker.id);
    expect(form.title?.text).toBe('Request supplies');
    const empty = await pg.submit(P.xuHui, form.id, {});
    expect(empty.body).toMatchObject({
      ok: false,
      errors: { 'supply_item:1': 'Choose at least one item and its quantity.' },
    });
    const sent = await pg.submit(P.xuHui, form.id, {
      'supply_item:1': { supply_item_select: option(marker.id) },
      'supply_qty:1': { supply_quantity_input: text('3') },
      supply_reason: { supply_reason_input: text('Training session') },
    });
    expect(sent.body).toEqual({ ok: true });
    await answer(P.xuHui, 'Submitted “办公用品申领：白板笔×3”', false);
    await pg.cardWithButton(P.liuYang, '办公用品申领：白板笔×3', 'wf_approve');
  });

  it('exports the ledger for the keeper as CSV with a byte-order mark, and refuses others', async () => {
    expect((await pg.command(P.gaoYan, '/supply', 'ledger')).body).toEqual({ ok: true });
    await answer(P.gaoYan, '只有办公室负责人和办公用品保管员', true);
    expect((await pg.command(P.zhengTao, '/supply', 'ledger 2026')).body).toEqual({ ok: true });
    const upload = await pg.waitFor(
      P.zhengTao,
      (s) => pg.dm(s).messages.find((m) => (m as { files?: unknown[] }).files?.length),
      'the ledger file',
    );
    const file = (upload as unknown as { files: Array<{ title: string; url: string }> }).files[0];
    expect(file?.title).toBe('领用台账-2026.csv');
    const { bom, records } = csvRecords(await downloadFile(file?.url ?? ''));
    expect(bom).toBe(true);
    const paper = records.filter((r) => r[2] === '复印纸');
    expect(paper.map((r) => [r[5], r[6], r[7]])).toEqual([
      ['期初', '8', '8'],
      ['发放', '-5', '3'],
    ]);
  });
  it('books a stock-in from the keeper’s form, and refuses the form to anyone else', async () => {
    // Anyone else is refused in a note only they see (it was the form's refusal in place of its
    // fields while forms opened before the keeper was checked); no form opens.
    await refusedWithoutForm(P.gaoYan, 'in', '只有办公用品保管员可以这样做。');
    expect((await pg.command(P.zhengTao, '/supply', '入库')).body).toEqual({ ok: true });
    const paper = await item('复印纸');
    const form = await formWith(P.zhengTao, 'supply_supplier');
    const bad = await pg.submit(P.zhengTao, form.id, {
      supply_item_one: { supply_item_select: option(paper.id) },
      supply_quantity: { supply_quantity_input: text('２０') },
      supply_price: { supply_price_input: text('二十') },
      supply_supplier: { supply_supplier_input: text('晨光文具') },
      supply_date: { supply_date_input: text('2026-12-01') },
    });
    expect(bad.body).toMatchObject({ ok: false, errors: { supply_price: '请填写单价（元），如 23.50。' } });
    const good = await pg.submit(P.zhengTao, form.id, {
      supply_item_one: { supply_item_select: option(paper.id) },
      supply_quantity: { supply_quantity_input: text('２０') },
      supply_price: { supply_price_input: text('22.80') },
      supply_supplier: { supply_supplier_input: text('晨光文具') },
      supply_date: { supply_date_input: text('2026-12-01') },
    });
    expect(good.body).toEqual({ ok: true });
    await answer(P.zhengTao, '已入库：复印纸（A4 70g） 20包（晨光文具），结存 23包。', false);
    const entry = await prisma().supplyLedgerEntry.findFirstOrThrow({
      where: { itemId: paper.id, kind: 'in' },
    });
    expect(entry).toMatchObject({
      quantity: 20,
      balanceAfter: 23,
      unitPriceFen: 2280,
      supplier: '晨光文具',
      date: '2026-12-01',
    });
  });

  it('reports a stock-take’s differences and books them, asking for the reason on the form first', async () => {
    expect((await pg.command(P.zhengTao, '/supply', 'count')).body).toEqual({ ok: true });
    const marker = await item('白板笔');
    const pens = await item('签字笔');
    const form = await formWith(P.zhengTao, `supply_count:${marker.id}`);
    const counted = {
      [`supply_count:${marker.id}`]: { supply_quantity_input: text('10') },
      [`supply_count:${pens.id}`]: { supply_quantity_input: text(String(pens.stock)) },
    };
    const noReason = await pg.submit(P.zhengTao, form.id, counted);
    expect(noReason.body).toMatchObject({
      ok: false,
      errors: { supply_reason: '盘点有差异，请填写差异原因。' },
    });
    expect((await item('白板笔')).stock).toBe(12);
    const done = await pg.submit(P.zhengTao, form.id, {
      ...counted,
      supply_reason: { supply_reason_input: text('两支干涸报废') },
    });
    expect(done.body).toEqual({ ok: true });
    await answer(P.zhengTao, '白板笔（红）：账面 12支，实盘 10支，差异 -2支', false);
    expect((await item('白板笔')).stock).toBe(10);
  });

  it('takes a department plan and shows the office the summary with the estimate', async () => {
    expect((await pg.command(P.gaoYan, '/supply', 'plan')).body).toEqual({ ok: true });
    const paper = await item('复印纸');
    const form = await formWith(P.gaoYan, 'supply_period_select');
    const period = JSON.parse(JSON.stringify(form.blocks)).find(
      (b: { block_id?: string }) => b.block_id === 'supply_period',
    ).element.initial_option.value as string;
    const sent = await pg.submit(P.gaoYan, form.id, {
      supply_period: { supply_period_select: option(period) },
      'supply_item:1': { supply_item_select: option(paper.id) },
      'supply_qty:1': { supply_quantity_input: text('10') },
    });
    expect(sent.body).toEqual({ ok: true });
    await answer(P.gaoYan, `已提交工程建设管理科 ${period} 的计划（1 项）`, false);
    expect((await pg.command(P.gaoYan, '/supply', `plan summary ${period}`)).body).toEqual({ ok: true });
    await answer(P.gaoYan, '只有办公室负责人和办公用品保管员', true);
    expect((await pg.command(P.zhaoMin, '/supply', `plan summary ${period}`)).body).toEqual({ ok: true });
    await answer(P.zhaoMin, '复印纸（A4 70g） 10包 ¥235.00（工程建设管理科 10）', true);
  });

  it('lets the keeper change an item’s price and threshold or withdraw it, and nobody else', async () => {
    await refusedWithoutForm(P.gaoYan, 'edit', '只有办公用品保管员可以这样做。');

    const marker = await item('白板笔');
    expect((await pg.command(P.zhengTao, '/supply', 'edit')).body).toEqual({ ok: true });
    const form = await formWith(P.zhengTao, marker.id);
    const nothing = await pg.submit(P.zhengTao, form.id, {
      supply_item_one: { supply_item_select: option(marker.id) },
    });
    expect(nothing.body).toMatchObject({
      ok: false,
      errors: { supply_unit: '请至少填写一项要修改的内容。' },
    });
    const badPrice = await pg.submit(P.zhengTao, form.id, {
      supply_item_one: { supply_item_select: option(marker.id) },
      supply_price: { supply_price_input: text('三元') },
    });
    expect(badPrice.body).toMatchObject({ ok: false, errors: { supply_price: expect.any(String) } });
    expect((await item('白板笔')).unitPriceFen).toBe(350);

    const saved = await pg.submit(P.zhengTao, form.id, {
      supply_item_one: { supply_item_select: option(marker.id) },
      supply_price: { supply_price_input: text('４.２') },
      supply_threshold: { supply_threshold_input: text('3') },
      supply_active: { supply_active_select: option('withdrawn') },
    });
    expect(saved.body).toEqual({ ok: true });
    await answer(P.zhengTao, '已更新 白板笔（红）：单价 ¥3.50 → ¥4.20，预警值 2 → 3，已停用。', false);
    const after = await item('白板笔');
    expect([after.unitPriceFen, after.lowStockThreshold, after.active, after.stock]).toEqual([
      420,
      3,
      false,
      10,
    ]);
    // Withdrawn: no longer offered to requesters.
    const stockAnswers = (s: PlaygroundState) =>
      allMessages(s).filter((m) => m.ephemeral && m.text.startsWith('*办公用品库存*'));
    const seen = stockAnswers(await pg.state(P.gaoYan)).length;
    expect((await pg.command(P.gaoYan, '/supply', 'stock')).body).toEqual({ ok: true });
    const stock = await pg.waitFor(P.gaoYan, (s) => stockAnswers(s)[seen], 'a new stock list');
    expect(stock.text).toContain('复印纸（A4 70g）');
    expect(stock.text).not.toContain('白板笔');
  });
  it('shows a refused issue on the keeper’s form, under a quantity, when the request was withdrawn meanwhile', async () => {
    expect((await pg.command(P.gaoYan, '/supply', '签字笔 1')).body).toEqual({ ok: true });
    const title = '办公用品申领：签字笔×1';
    const head = await pg.cardWithButton(P.maQiang, title, 'wf_approve');
    expect((await pg.click(P.maQiang, head, 'wf_approve')).body).toEqual({ ok: true });
    const office = await pg.cardWithButton(P.zhaoMin, title, 'wf_approve');
    expect((await pg.click(P.zhaoMin, office, 'wf_approve')).body).toEqual({ ok: true });
    const keeper = await pg.cardWithButton(P.zhengTao, title, 'wf_approve');
    expect((await pg.click(P.zhengTao, keeper, 'wf_approve')).body).toEqual({ ok: true });
    const pens = await item('签字笔');
    const form = await formWith(P.zhengTao, `supply_issue:${pens.id}`);
    // The requester withdraws it while the keeper's form is open.
    const mine = await pg.cardWithButton(P.gaoYan, title, 'wf_cancel');
    expect((await pg.click(P.gaoYan, mine, 'wf_cancel')).body).toEqual({ ok: true });
    // The click is answered before its work commits; the keeper submits after the withdrawal.
    await expect
      .poll(
        async () =>
          (
            await prisma().workflowInstance.findFirstOrThrow({
              where: { title },
              orderBy: { createdAt: 'desc' },
            })
          ).status,
        {
          timeout: 10_000,
        },
      )
      .toBe('cancelled');
    const refused = await pg.submit(P.zhengTao, form.id, {
      [`supply_issue:${pens.id}`]: { supply_quantity_input: text('1') },
    });
    // Slack shows errors only under an input block: the form's notice is not one.
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { [`supply_issue:${pens.id}`]: expect.any(String) },
    });
    expect((await item('签字笔')).stock).toBe(pens.stock);
  });
});
