import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionFormLinkParams } from '../../src/chat/core/action-web-form.ts';
import { type RunningPlayground, startPlayground } from '../../src/playground/start.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { haveBrowser, openBrowserPage, SHOTS, shows } from '../support/browser.ts';
import { playgroundClient } from '../support/playground.ts';

// The web form in a real browser (Debian's Chromium), on a phone-sized screen, served by the
// running playground's bot: a link opens the form, a wrong value comes back beside its field with
// what was typed kept, the corrected form is applied; the used, an expired and a forged link are
// refused with a page that says so. Screenshots go to test-results/playground/web-form-*.png.

const TEAM = 'T0PLAYGROUND';
const ZHAO_MIN = 'zhao-min';
const XU_HUI = { userId: 'U0EXAMPLE14', personId: 'xu-hui' };
const LIU_YANG = 'liu-yang';

describe.skipIf(!haveBrowser)('web forms in a browser', () => {
  let dataDir: string;
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-web-form-'));
    playground = await startPlayground({
      env: { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ORG_FILE: 'org.example.yaml' },
      clock: systemClock,
      demoData: false,
    });
    base = `http://127.0.0.1:${playground.bot.port}`;
    ({ browser, page } = await openBrowserPage());
    await page.setViewportSize({ width: 390, height: 844 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const prisma = () => playground.bot.db.prisma;
  const shot = (name: string) =>
    page.screenshot({ path: path.join(SHOTS, `web-form-${name}.png`), fullPage: true });
  const linkFor = (input: {
    personId: string;
    formId: string;
    params?: Record<string, string>;
    ttlMs?: number;
  }) => {
    const forms = playground.bot.webForms;
    if (!forms) throw new Error('the bot serves no web forms');
    const url = new URL(forms.linkFor(input));
    return `${base}${url.pathname}${url.search}`;
  };

  it('opens a seal request from its link, shows a wrong value beside its field, then applies the corrected form once', async () => {
    const link = linkFor({ personId: ZHAO_MIN, formId: 'seal.request', params: { w: TEAM } });
    const title = `浏览器用印 ${Date.now()}`;
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    await shows(page.getByRole('heading', { name: '用印申请' }));
    const seal = await prisma().seal.findFirstOrThrow({ where: { state: 'active' }, orderBy: { id: 'asc' } });
    await page.getByLabel('印章').selectOption(seal.id);
    await page.getByLabel('文件名称').fill(title);
    await page.getByLabel('用印份数（次）').fill('很多');
    await page.getByRole('checkbox', { name: '重要文件，须分管领导审批' }).check();
    // Big enough to tap on a phone.
    const button = page.getByRole('button', { name: '提交申请' });
    expect((await button.boundingBox())?.height).toBeGreaterThanOrEqual(44);
    await shot('filled');
    await button.click();

    await shows(page.locator('#f-copies-error'), '用印份数应为 1 到');
    await expect(page.getByLabel('文件名称').inputValue()).resolves.toBe(title);
    await expect(page.getByLabel('用印份数（次）').inputValue()).resolves.toBe('很多');
    await expect(page.getByRole('checkbox', { name: '重要文件，须分管领导审批' }).isChecked()).resolves.toBe(
      true,
    );
    expect(await page.getByLabel('用印份数（次）').getAttribute('aria-invalid')).toBe('true');
    await shot('wrong-value');
    expect(await prisma().workflowInstance.count({ where: { title } })).toBe(0);

    await page.getByLabel('用印份数（次）').fill('２份');
    await page.getByRole('button', { name: '提交申请' }).click();
    await shows(page.getByRole('heading', { name: '已提交' }));
    await shot('done');
    const started = await prisma().workflowInstance.findFirstOrThrow({ where: { title } });
    expect(started.requesterId).toBe(ZHAO_MIN);

    // Used: opening it again (or sending it again) is refused.
    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    await shows(page.getByRole('heading', { name: '链接已使用' }));
    await shot('used');
    expect(await prisma().workflowInstance.count({ where: { title } })).toBe(1);
  });

  it('applies an opinion on a card’s item from the web form, in the person’s language', async () => {
    const title = `浏览器审批 ${Date.now()}`;
    await playgroundClient(playground.port).command(XU_HUI.userId, '/doc', `approve ${title}`);
    let instance = await prisma().workflowInstance.findFirst({ where: { title } });
    for (let i = 0; !instance && i < 200; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      instance = await prisma().workflowInstance.findFirst({ where: { title } });
    }
    if (!instance) throw new Error('the approval did not start');
    const link = linkFor({
      personId: LIU_YANG,
      formId: 'workflow.action',
      params: actionFormLinkParams({
        instanceId: instance.id,
        version: instance.version,
        action: 'reject',
        requireComment: false,
        workspaceId: TEAM,
      }),
    });
    await page.goto(link);
    await shows(page.getByRole('heading', { name: '驳回' }));
    await page.getByRole('button', { name: '提交' }).click();
    await shows(page.locator('#f-comment-error'), '请填写意见。');
    await page.getByLabel('驳回理由').fill('预算依据不足，请补充。');
    await page.getByRole('button', { name: '提交' }).click();
    await shows(page.getByRole('heading', { name: '已提交' }));
    const audit = await prisma().auditEntry.findMany({
      where: { instanceId: instance.id, action: 'reject' },
    });
    expect(audit).toEqual([
      expect.objectContaining({ actorId: LIU_YANG, comment: '预算依据不足，请补充。' }),
    ]);
  });

  it('refuses an expired and a forged link with a page that says so', async () => {
    const expired = linkFor({ personId: ZHAO_MIN, formId: 'seal.request', ttlMs: -1000 });
    expect((await page.goto(expired))?.status()).toBe(410);
    await shows(page.getByRole('heading', { name: '链接已过期' }));
    await shot('expired');

    const good = new URL(linkFor({ personId: ZHAO_MIN, formId: 'seal.request' }));
    const token = good.searchParams.get('t') ?? '';
    const [version, payload, signature] = token.split('.') as [string, string, string];
    const otherPerson = Buffer.from(
      Buffer.from(payload, 'base64url').toString('utf8').replace(ZHAO_MIN, LIU_YANG),
    ).toString('base64url');
    const forged = `${base}/forms/seal.request?t=${encodeURIComponent(`${version}.${otherPerson}.${signature}`)}`;
    expect((await page.goto(forged))?.status()).toBe(403);
    await shows(page.getByRole('heading', { name: '链接无效' }));
    await shot('forged');
  });

  it('speaks English to a person who reads English', async () => {
    await page.goto(linkFor({ personId: XU_HUI.personId, formId: 'seal.request' }));
    await shows(page.getByRole('heading', { name: 'Seal request' }));
    await shows(page.getByRole('button', { name: 'Submit' }));
  });
});
