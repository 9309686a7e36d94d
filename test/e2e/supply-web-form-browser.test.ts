import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPPLY_DEFINITION_ID } from '../../src/domain/supply/definition.ts';
import { importCatalog, parseCatalogCsv } from '../../src/features/supply/catalog.ts';
import { SUPPLY_FORM_IDS } from '../../src/features/supply/supply-forms.ts';
import { type RunningPlayground, startPlayground } from '../../src/playground/start.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { haveBrowser, openBrowserPage, SHOTS, shows } from '../support/browser.ts';

// The /supply request form as a web page in a real browser (Debian's Chromium) on a phone-sized
// screen, served by the running playground's bot: the catalog is offered with its stock, a
// quantity without an item comes back refused beside that line with what was typed kept, and the
// corrected form starts one request. Screenshots go to test-results/playground/supply-web-form-*.png.

const TEAM = 'T0PLAYGROUND';
const GAO_YAN = 'gao-yan';

describe.skipIf(!haveBrowser)('the supply request as a web form in a browser', () => {
  let dataDir: string;
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-supply-web-form-'));
    playground = await startPlayground({
      env: { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ORG_FILE: 'org.example.yaml' },
      clock: systemClock,
      demoData: false,
    });
    base = `http://127.0.0.1:${playground.bot.port}`;
    const parsed = parseCatalogCsv(
      '品名,规格,单位,库存,单价,预警值\n复印纸,A4 70g,包,8,23.50,5\n签字笔,0.5mm 黑,支,30,2,10',
    );
    if (!parsed.ok) throw new Error('the catalog does not parse');
    await importCatalog(playground.bot.db.prisma, {
      rows: parsed.rows,
      actorId: 'zheng-tao',
      now: new Date(),
      timeZone: 'Asia/Shanghai',
    });
    ({ browser, page } = await openBrowserPage());
    await page.setViewportSize({ width: 390, height: 844 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const shot = (name: string) =>
    page.screenshot({ path: path.join(SHOTS, `supply-web-form-${name}.png`), fullPage: true });

  it('offers the catalog, refuses a quantity without an item beside its line, then starts the request once', async () => {
    const forms = playground.bot.webForms;
    if (!forms) throw new Error('the bot serves no web forms');
    const url = new URL(
      forms.linkFor({ personId: GAO_YAN, formId: SUPPLY_FORM_IDS.request, params: { w: TEAM } }),
    );
    const opened = await page.goto(`${base}${url.pathname}${url.search}`);
    expect(opened?.status()).toBe(200);
    await shows(page.getByRole('heading', { name: '办公用品申领' }));
    const paper = await playground.bot.db.prisma.supplyItem.findFirstOrThrow({ where: { name: '复印纸' } });
    await page.getByLabel('物品 1', { exact: true }).selectOption(paper.id);
    await page.getByLabel('数量 1', { exact: true }).fill('２');
    await page.getByLabel('数量 2', { exact: true }).fill('3');
    await page.getByLabel('事由').fill('浏览器申领');
    await shot('filled');
    await page.getByRole('button', { name: '提交' }).click();

    await shows(page.locator('[id="f-item:2-error"]'), '请选择物品。');
    await expect(page.getByLabel('数量 2', { exact: true }).inputValue()).resolves.toBe('3');
    await shot('refused');
    await page.getByLabel('数量 2', { exact: true }).fill('');
    await page.getByRole('button', { name: '提交' }).click();
    await shows(page.getByRole('heading', { name: '已提交' }));
    await shot('done');
    const started = await playground.bot.db.prisma.workflowInstance.findMany({
      where: { definitionId: SUPPLY_DEFINITION_ID, requesterId: GAO_YAN },
    });
    expect(started).toHaveLength(1);
  });
});
