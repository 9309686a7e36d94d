import { beforeAll, describe, expect, it } from 'vitest';
import { SUPPLY_DEFINITION_ID } from '../../src/domain/supply/definition.ts';
import { importCatalog, parseCatalogCsv } from '../../src/features/supply/catalog.ts';
import { SUPPLY_FORM_IDS } from '../../src/features/supply/supply-forms.ts';
import { databaseKinds } from '../support/databases.ts';
import { useWebFormPlayground } from '../support/web-form-playground.ts';

// The /supply request and plan forms as web forms on the running bot of the playground, for
// platforms without modals: the page offers the catalog, a wrong line is refused beside its field
// in the modal's words with nothing applied, a good one starts one request or stores the plan, and
// the used link is refused.

const TEAM = 'T0PLAYGROUND';
const GAO_YAN = 'gao-yan'; // 工程建设管理科, reads Chinese
const XU_HUI = 'xu-hui'; // reads English

describe.each(databaseKinds)('the /supply forms on the web (%s)', (kind) => {
  const { webForms, prisma, local, post } = useWebFormPlayground(kind);

  beforeAll(async () => {
    const parsed = parseCatalogCsv(
      '品名,规格,单位,库存,单价,预警值\n复印纸,A4 70g,包,8,23.50,5\n签字笔,0.5mm 黑,支,30,2,10',
    );
    if (!parsed.ok) throw new Error('the catalog does not parse');
    await importCatalog(prisma(), {
      rows: parsed.rows,
      actorId: 'zheng-tao',
      now: new Date(),
      timeZone: 'Asia/Shanghai',
    });
  });

  const link = (personId: string, formId: string) =>
    webForms().linkFor({ personId, formId, params: { w: TEAM } });
  const itemId = async (name: string) => (await prisma().supplyItem.findFirstOrThrow({ where: { name } })).id;
  const requestsOf = (personId: string) =>
    prisma().workflowInstance.count({ where: { definitionId: SUPPLY_DEFINITION_ID, requesterId: personId } });

  it('takes a request: the catalog offered, a wrong line refused beside it, one request started', async () => {
    const url = link(GAO_YAN, SUPPLY_FORM_IDS.request);
    const page = await (await fetch(local(url))).text();
    expect(page).toContain('办公用品申领');
    expect(page).toContain('复印纸（A4 70g） （库存 8包）');
    const before = await requestsOf(GAO_YAN);
    // A quantity without an item, and an item without a quantity: each refused beside its field.
    const wrong = await post(url, { 'item:1': await itemId('复印纸'), 'quantity:2': '4' });
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(html).toContain('<p class="error" id="f-quantity:1-error">');
    expect(html).toContain('<p class="error" id="f-item:2-error">');
    expect(await requestsOf(GAO_YAN)).toBe(before);
    const done = await post(url, { 'item:1': await itemId('复印纸'), 'quantity:1': '２', reason: '会议用' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('已提交');
    expect(await requestsOf(GAO_YAN)).toBe(before + 1);
    // Used: sending it again starts nothing more.
    expect((await post(url, { 'item:1': await itemId('复印纸'), 'quantity:1': '2' })).status).toBe(410);
    expect(await requestsOf(GAO_YAN)).toBe(before + 1);
  });

  it('asks for at least one line, in English for an English reader', async () => {
    const url = link(XU_HUI, SUPPLY_FORM_IDS.request);
    const empty = await post(url, {}, 'en');
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Choose at least one item and its quantity.');
  });

  it('stores a department plan for the period offered', async () => {
    const url = link(GAO_YAN, SUPPLY_FORM_IDS.plan);
    const page = await (await fetch(local(url))).text();
    const period = /name="period"[\s\S]*?value="([^"]+)"/.exec(page)?.[1];
    if (!period) throw new Error(`no period offered: ${page}`);
    const done = await post(url, { period, 'item:1': await itemId('签字笔'), 'quantity:1': '10' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`${period} 的计划（1 项）`);
    const plan = await prisma().supplyPlan.findFirstOrThrow({ where: { period }, include: { lines: true } });
    expect(plan.lines).toEqual([expect.objectContaining({ quantity: 10 })]);
  });
});
