import { beforeAll, describe, expect, it } from 'vitest';
import { SUPPLY_STEP_IDS } from '../../src/domain/supply/definition.ts';
import { importCatalog, parseCatalogCsv } from '../../src/features/supply/catalog.ts';
import { SUPPLY_FORM_IDS } from '../../src/features/supply/supply-forms.ts';
import { stepFormLinkParams } from '../../src/features/workflow/step-web-form.ts';
import { t as text } from '../../src/shared/i18n.ts';
import { databaseKinds } from '../support/databases.ts';
import { useWebFormPlayground } from '../support/web-form-playground.ts';

// 发放 on the bot's web page, for platforms without modals: the issuing step's card button links
// to it, a quantity above the request is refused on the page with nothing written, and a valid
// issue is the step's click once, taking the stock. The request is made and approved through Slack,
// as in supply-chat.

const TEAM = 'T0PLAYGROUND';
const P = { gaoYan: 'U0EXAMPLE05', maQiang: 'U0EXAMPLE15', zhaoMin: 'U0EXAMPLE03' } as const;
const KEEPER = 'zheng-tao';

describe.each(databaseKinds)('发放 on the web (%s)', (kind) => {
  const { running, webForms, prisma, local, post } = useWebFormPlayground(kind);

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

  const item = (name: string) => prisma().supplyItem.findFirstOrThrow({ where: { name } });

  it('is the issuing step’s own form', () => {
    expect(webForms().formOfStep(SUPPLY_STEP_IDS.issue)).toBe(SUPPLY_FORM_IDS.issue);
  });

  it('refuses more than requested on the page, then issues once and takes the stock', async () => {
    const { pg } = running();
    const title = '办公用品申领：复印纸×5、签字笔×2';
    expect((await pg.command(P.gaoYan, '/supply', '复印纸 5 签字笔2')).body).toEqual({ ok: true });
    await pg.click(P.maQiang, await pg.cardWithButton(P.maQiang, title, 'wf_approve'), 'wf_approve');
    await pg.click(P.zhaoMin, await pg.cardWithButton(P.zhaoMin, title, 'wf_approve'), 'wf_approve');
    const instance = await waitFor(async () => {
      const found = await prisma().workflowInstance.findFirst({ where: { title } });
      return found?.waitingOn.includes(KEEPER) ? found : null;
    });
    const [paper, pens] = [await item('复印纸'), await item('签字笔')];

    const url = webForms().linkFor({
      personId: KEEPER,
      formId: SUPPLY_FORM_IDS.issue,
      params: stepFormLinkParams({ instanceId: instance.id, version: instance.version, workspaceId: TEAM }),
    });
    const page = await (await fetch(local(url))).text();
    expect(page).toContain('复印纸（A4 70g）');
    expect(page).toContain(`name="item:${pens.id}"`);

    // Every quantity that does not fit is said beside its own item at once.
    const bothOver = await post(url, { [`item:${paper.id}`]: '6', [`item:${pens.id}`]: '3', reason: '' });
    expect(bothOver.status).toBe(409);
    const refused = await bothOver.text();
    expect(refused.match(/<p class="error" id="[^"]+-error">[^<]*<\/p>/g)).toEqual([
      expect.stringContaining('复印纸（A4 70g） 申领 5包，发放数不能超过申领数。未发放。'),
      expect.stringContaining('签字笔（0.5mm 黑） 申领 2支，发放数不能超过申领数。未发放。'),
    ]);
    expect(refused).toContain(text('zh', 'webform.errors_above', { count: 2 }));

    const tooMany = await post(url, { [`item:${paper.id}`]: '5', [`item:${pens.id}`]: '3', reason: '' });
    expect(tooMany.status).toBe(409);
    expect(await tooMany.text()).toContain('发放数不能超过申领数');
    expect((await item('签字笔')).stock).toBe(pens.stock);

    const done = await post(url, {
      [`item:${paper.id}`]: '5',
      [`item:${pens.id}`]: '1',
      reason: '签字笔暂缺',
    });
    expect(done.status).toBe(200);
    expect((await item('复印纸')).stock).toBe(paper.stock - 5);
    expect((await item('签字笔')).stock).toBe(pens.stock - 1);
    const after = await prisma().workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(after.version).toBe(instance.version + 1);
    // Single use: sent again, nothing more is issued.
    expect(
      (await post(url, { [`item:${paper.id}`]: '5', [`item:${pens.id}`]: '1', reason: '' })).status,
    ).toBe(410);
    expect((await item('复印纸')).stock).toBe(paper.stock - 5);
  });
});

async function waitFor<T>(find: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const found = await find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('not found in time');
}
