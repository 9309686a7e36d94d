import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlayground } from '../../src/playground/start.ts';
import { gone, haveBrowser, openBrowserPage, SHOTS, shows, WAIT_MS } from '../support/browser.ts';
import { startTestPlayground, type TestPlayground } from '../support/playground.ts';

// The playground's 钉钉 view in a real browser: the page switches to DingTalk, a requester types
// 用印 to the robot and fills the seal request on the web form its link opens (through the page's
// address), comments on the card's panel, and while her page stays open the approver presses 同意
// on his DingTalk card (drawn from the card template's variables) on a phone-sized page: her card
// changes in place.
// Screenshots go to test-results/playground/.

const PEOPLE = {
  xuHui: 'U0EXAMPLE14', // 徐慧, the requester (reads English)
  liuYang: 'U0EXAMPLE12', // 刘洋, her department head (approves at once: no opinion asked)
} as const;

const TITLE = '关于防汛物资采购合同的用印申请';

describe.skipIf(!haveBrowser)('the playground’s DingTalk view in a browser', () => {
  let running: TestPlayground;
  let playground: RunningPlayground;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    running = await startTestPlayground('pglite');
    playground = running.playground;
    await playground.dingtalk.waitFor(() => playground.dingtalk.openConnections > 0);
    ({ browser, page } = await openBrowserPage());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const url = (user: string) => `http://localhost:${playground.port}/?user=${user}`;
  const card = (p: Page = page) =>
    p.locator('article.dt-card-message').filter({ has: p.getByRole('heading', { name: TITLE }) });
  const shot = (name: string, p: Page = page) =>
    p.screenshot({ path: path.join(SHOTS, `dingtalk-${name}.png`) });
  const input = () => page.getByPlaceholder('输入文字发给机器人，例如 用印');

  it('switches to 钉钉: the chat with the robot, in Chinese, and new messages go to DingTalk', async () => {
    await page.goto(url(PEOPLE.xuHui));
    await page
      .locator(`#identity-select option[value="${PEOPLE.xuHui}"]`)
      .waitFor({ state: 'attached', timeout: WAIT_MS });
    await page.getByRole('button', { name: '钉钉', exact: true }).click();
    await shows(page.getByRole('heading', { name: '与机器人的单聊' }));
    expect(await page.getByRole('button', { name: '钉钉', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await shows(page.getByRole('button', { name: '用印', exact: true }));
    expect(await (await fetch(`http://127.0.0.1:${playground.port}/api/people`)).json()).toMatchObject({
      platform: 'dingtalk',
    });
  }, 60_000);

  it('answers 用印 with the web form’s link; filled there, the request arrives as a DingTalk card', async () => {
    await input().fill('用印');
    await input().press('Enter');
    await shows(page.locator('article.from-user', { hasText: '用印' }));
    const link = page.locator('article.from-bot a[href*="/forms/seal.request"]');
    await shows(link);
    expect(new URL(String(await link.getAttribute('href'))).port).toBe(String(playground.port));
    const [form] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await shows(form.getByRole('heading', { name: 'Seal request' }));
    await form.getByRole('combobox', { name: /^Seal/ }).selectOption('official');
    await form.getByLabel('Document title').fill(TITLE);
    await form.getByLabel('Impressions').fill('2');
    await form.getByRole('button', { name: 'Submit' }).click();
    await shows(form.getByRole('heading', { name: 'Submitted' }));
    await form.close();

    await shows(card(), 'Waiting on Liu Yang');
    await shows(card().getByRole('button', { name: 'Recall', exact: true }));
    await shot('01-requester-card');
  }, 60_000);

  it('the requester comments on the card’s panel: the form opens on her copy, and closes once applied', async () => {
    await card().getByRole('button', { name: 'Comment', exact: true }).click();
    const panel = card().getByRole('form', { name: '卡片上的表单' });
    await shows(panel);
    await shot('02-requester-panel');
    // The opinion is required: an empty submission is stopped on the card.
    await panel.getByRole('button', { name: 'Submit', exact: true }).click();
    await shows(panel.getByRole('alert'), '请填写');
    await panel.getByRole('textbox').fill('合同文本已经法务审核。');
    await panel.getByRole('button', { name: 'Submit', exact: true }).click();
    await gone(panel);
    // In the history, quoted under her entry.
    await shows(card().locator('blockquote', { hasText: '合同文本已经法务审核。' }));
  }, 60_000);

  it('the approver presses 同意 on his DingTalk card, and the requester’s card changes in place', async () => {
    // The requester keeps her page open; the approver uses his own (the page shows 钉钉 for both).
    await card().evaluate((node) => node.setAttribute('data-test-mark', 'before-approval'));
    const approver = await browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    try {
      await approver.goto(url(PEOPLE.liuYang));
      await shows(approver.getByRole('heading', { name: '与机器人的单聊' }));
      const approve = card(approver).getByRole('button', { name: '同意', exact: true });
      await shows(approve);
      await shot('03-approver-phone', approver);
      await approve.click();
      await gone(card(approver).getByRole('button', { name: '同意', exact: true }));
      await shows(card(approver), '王振华');
    } finally {
      await approver.close();
    }

    await shows(card(), 'Wang Zhenhua');
    await shows(card(), '已更新');
    await shot('04-requester-updated');
    // One card, the same element as before the approval: updated in place, not posted again.
    expect(await card().count()).toBe(1);
    expect(await card().getAttribute('data-test-mark')).toBe('before-approval');
    await shows(card(), '合同文本已经法务审核。');
  }, 90_000);
});
