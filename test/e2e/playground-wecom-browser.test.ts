import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWeComApi } from '../../src/chat/wecom/api.ts';
import { createWeComTokenSource } from '../../src/chat/wecom/token.ts';
import type { RunningPlayground } from '../../src/playground/start.ts';
import { gone, haveBrowser, openBrowserPage, SHOTS, shows, WAIT_MS } from '../support/browser.ts';
import { startTestPlayground, type TestPlayground } from '../support/playground.ts';
import { signInListCard } from '../support/wecom-selection.ts';

// The playground's 企业微信 view in a real browser: the page switches to WeCom, a requester types
// 用印 to the app and fills the seal request on the web form its link opens (through the page's
// address); while her page stays open the approver presses 同意 on his template card (drawn from
// the template_card JSON the bot sent) on a phone-sized page, and her card is updated in place; a
// secretary ticks a name on a selection card and submits it, and the bot's answer shows.
// Screenshots go to test-results/playground/.

const PEOPLE = {
  xuHui: 'U0EXAMPLE14', // 徐慧, the requester (reads English)
  liuYang: 'U0EXAMPLE12', // 刘洋, her department head (approves at once: no opinion asked)
  zhouJing: 'U0EXAMPLE04', // 周静, an office secretary (a selection card to submit)
} as const;

const TITLE = '关于防汛物资采购合同的用印申请（企业微信）';

describe.skipIf(!haveBrowser)('the playground’s WeCom view in a browser', () => {
  let running: TestPlayground;
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    running = await startTestPlayground('pglite');
    playground = running.playground;
    ({ browser, page } = await openBrowserPage());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const url = (user: string) => `http://localhost:${playground.port}/?user=${user}`;
  const card = (p: Page = page) =>
    p.locator('article.wc-card-message').filter({ has: p.getByRole('heading', { name: TITLE }) });
  const shot = (name: string, p: Page = page) =>
    p.screenshot({ path: path.join(SHOTS, `wecom-${name}.png`) });
  const input = () => page.getByPlaceholder('输入文字发给应用，例如 用印');

  it('switches to 企业微信: the chat with the app and its menu, in Chinese, and new messages go to WeCom', async () => {
    await page.goto(url(PEOPLE.xuHui));
    await page
      .locator(`#identity-select option[value="${PEOPLE.xuHui}"]`)
      .waitFor({ state: 'attached', timeout: WAIT_MS });
    await page.getByRole('button', { name: '企业微信', exact: true }).click();
    await shows(page.getByRole('heading', { name: '与应用的会话' }));
    expect(
      await page.getByRole('button', { name: '企业微信', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    await shows(page.locator('#wecom-menu').getByRole('button', { name: '我的待办', exact: true }));
    expect(await (await fetch(`http://127.0.0.1:${playground.port}/api/people`)).json()).toMatchObject({
      platform: 'wecom',
    });
    // The page's own words in English too; the app's menu stays as the bot set it.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await shows(page.getByRole('heading', { name: 'Chat with the app' }));
    await page.getByRole('button', { name: '切换到中文' }).click();
    await shows(page.getByRole('heading', { name: '与应用的会话' }));
  }, 60_000);

  it('answers 用印 with the web form’s link; filled there, the request arrives as a template card', async () => {
    await input().fill('用印');
    await input().press('Enter');
    await shows(page.locator('article.from-user', { hasText: '用印' }));
    const link = page.locator('article.from-bot a[href*="/forms/seal.request"]');
    await shows(link);
    expect(new URL(String(await link.getAttribute('href'))).port).toBe(String(playground.port));
    // The long link wraps inside the chat: nothing to scroll sideways.
    const box = page.locator('#messages');
    expect(await box.evaluate((node) => node.scrollWidth - node.clientWidth)).toBeLessThanOrEqual(0);
    const [form] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await shows(form.getByRole('heading', { name: 'Seal request' }));
    await form.getByRole('combobox', { name: /^Seal/ }).selectOption('official');
    await form.getByLabel('Document title').fill(TITLE);
    await form.getByLabel('Impressions').fill('2');
    await form.getByRole('button', { name: 'Submit' }).click();
    await shows(form.getByRole('heading', { name: 'Submitted' }));
    await form.close();

    await shows(card());
    await shot('01-requester-card');
  }, 60_000);

  it('the approver presses 同意 on his template card on a phone, and the requester’s card is updated in place', async () => {
    await card().evaluate((node) => node.setAttribute('data-test-mark', 'before-approval'));
    const approver = await browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    try {
      await approver.goto(url(PEOPLE.liuYang));
      await shows(approver.getByRole('heading', { name: '与应用的会话' }));
      const approve = card(approver).getByRole('button', { name: '同意', exact: true });
      await shows(approve);
      // The card fits the phone's width: nothing to scroll sideways.
      const width = await approver.locator('html').evaluate((html) => html.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await shot('02-approver-phone', approver);
      await approve.click();
      await gone(
        card(approver).getByRole('button', { name: '同意', exact: true }).and(approver.locator(':enabled')),
      );
      await shot('03-approver-after', approver);
    } finally {
      await approver.close();
    }

    await shows(card(), '已更新');
    // Her copy now says who the item waits on next (she reads English).
    await shows(card(), 'Waiting on Wang Zhenhua');
    await shot('04-requester-updated');
    // One card, the same element as before the approval: updated in place, not posted again.
    expect(await card().count()).toBe(1);
    expect(await card().getAttribute('data-test-mark')).toBe('before-approval');
  }, 90_000);

  it('the secretary ticks people on a selection card and submits it; the bot’s answer shows in her chat', async () => {
    const { wecom } = playground;
    const tokens = createWeComTokenSource({
      apiUrl: wecom.url,
      corpId: wecom.keys.corpId,
      secret: wecom.env.WECOM_SECRET ?? '',
    });
    const api = createWeComApi({ apiUrl: wecom.url, agentId: Number(wecom.env.WECOM_AGENT_ID), tokens });
    // A sign-in list for a meeting that is not open: the bot reads the submit and says so.
    const selection = signInListCard('代为签到（浏览器）', 'browser-form-1');
    await api.send(['wc-zhou-jing'], { msgtype: 'template_card', template_card: selection });
    await page.goto(url(PEOPLE.zhouJing));
    await shows(page.getByRole('heading', { name: '与应用的会话' }));
    const held = page
      .locator('article.wc-card-message')
      .filter({ has: page.getByRole('heading', { name: '代为签到（浏览器）' }) });
    await held.getByRole('checkbox', { name: '高燕（未回复）' }).check();
    await shot('05-selection-card');
    await held.getByRole('button', { name: '签到', exact: true }).click();
    await shows(page.getByText('这张卡片所问的事项已有变化或不再需要办理，没有做任何更改。'));
  }, 60_000);
});
