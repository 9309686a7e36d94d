import { beforeAll, describe, expect, it } from 'vitest';
import { importCatalog, parseCatalogCsv } from '../../src/features/supply/catalog.ts';
import { SUPPLY_FORM_IDS } from '../../src/features/supply/supply-forms.ts';
import { databaseKinds } from '../support/databases.ts';
import { useWebFormPlayground } from '../support/web-form-playground.ts';

// The keeper's /supply forms as web forms on the running bot of the playground: stock-in, the
// stock-take, the catalog form and the import, each applied by the same work as its modal (the
// keeper checked when it is sent, refusals shown on the page with nothing written, what the keeper
// is told on the page once done), and a used link refused.

const KEEPER = 'zheng-tao';
const GAO_YAN = 'gao-yan'; // not the keeper

describe.each(databaseKinds)('the keeper’s /supply forms on the web (%s)', (kind) => {
  const { webForms, prisma, local, post } = useWebFormPlayground(kind);

  beforeAll(async () => {
    const parsed = parseCatalogCsv(
      '品名,规格,单位,库存,单价,预警值\n复印纸,A4 70g,包,8,23.50,5\n签字笔,0.5mm 黑,支,30,2,10',
    );
    if (!parsed.ok) throw new Error('the catalog does not parse');
    await importCatalog(prisma(), {
      rows: parsed.rows,
      actorId: KEEPER,
      now: new Date(),
      timeZone: 'Asia/Shanghai',
    });
  });

  const link = (personId: string, formId: string) => webForms().linkFor({ personId, formId });
  const item = (name: string) => prisma().supplyItem.findFirstOrThrow({ where: { name } });

  it('books a stock-in for the keeper once, and refuses anyone else with nothing booked', async () => {
    const paper = await item('复印纸');
    const fields = { item: paper.id, quantity: '10', price: '24.00', supplier: '文具店', date: '2026-12-01' };
    const stranger = await post(link(GAO_YAN, SUPPLY_FORM_IDS.stockIn), fields);
    expect(stranger.status).toBe(409);
    expect(await stranger.text()).toContain('只有办公用品保管员可以这样做。');
    expect((await item('复印纸')).stock).toBe(paper.stock);

    const url = link(KEEPER, SUPPLY_FORM_IDS.stockIn);
    expect(await (await fetch(local(url))).text()).toContain('复印纸（A4 70g）');
    const done = await post(url, fields);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(
      `已入库：复印纸（A4 70g） 10包（文具店），结存 ${paper.stock + 10}包。`,
    );
    expect((await item('复印纸')).stock).toBe(paper.stock + 10);
    expect((await post(url, fields)).status).toBe(410);
    expect((await item('复印纸')).stock).toBe(paper.stock + 10);
  });

  it('asks for the reason of a stock-take’s differences on the page, then books them', async () => {
    const pen = await item('签字笔');
    const url = link(KEEPER, SUPPLY_FORM_IDS.count);
    const page = await (await fetch(local(url))).text();
    expect(page).toContain(`name="item:${pen.id}"`);
    // Every item is counted, as the page offers them; only the pens are short.
    const items = await prisma().supplyItem.findMany();
    const counted = Object.fromEntries(
      items.map((i) => [`item:${i.id}`, String(i.id === pen.id ? i.stock - 2 : i.stock)]),
    );
    const noReason = await post(url, counted);
    expect(noReason.status).toBe(409);
    expect(await noReason.text()).toContain('盘点有差异，请填写差异原因。');
    expect((await item('签字笔')).stock).toBe(pen.stock);
    const done = await post(url, { ...counted, reason: '领用未登记' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('盘点完成：1 项有差异，已记入台账：');
    expect((await item('签字笔')).stock).toBe(pen.stock - 2);
  });

  it('changes an item’s price from the catalog form', async () => {
    const pen = await item('签字笔');
    const done = await post(link(KEEPER, SUPPLY_FORM_IDS.edit), { item: pen.id, price: '2.50' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('已更新 签字笔（0.5mm 黑）：单价 ¥2.00 → ¥2.50。');
    expect((await item('签字笔')).unitPriceFen).toBe(250);
  });

  it('names a bad import row by line on the page and loads nothing, then loads a good file', async () => {
    const bad = await post(link(KEEPER, SUPPLY_FORM_IDS.import), {
      csv: '品名,规格,单位,库存,单价,预警值\n订书机,,个,很多,15,1',
    });
    expect(bad.status).toBe(409);
    expect(await bad.text()).toContain('第 2 行 库存');
    expect(await prisma().supplyItem.count({ where: { name: '订书机' } })).toBe(0);
    const good = await post(link(KEEPER, SUPPLY_FORM_IDS.import), {
      csv: '品名,规格,单位,库存,单价,预警值\n订书机,,个,3,15,1',
    });
    expect(good.status).toBe(200);
    expect(await good.text()).toContain('目录已导入：新增 1 项');
  });
});
