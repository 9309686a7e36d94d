import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/shared/clock.ts';
import {
  gone,
  haveBrowser,
  type PlaygroundInBrowser,
  SHOTS,
  shows,
  startPlaygroundInBrowser,
  WAIT_MS,
} from '../support/browser.ts';

// The playground in a real browser (Debian's Chromium, driven by playwright-core): a requester
// starts an approval, each approver acts on the card in their own direct messages (one returns
// it first), the requester's card follows every step, and a press on an out-of-date card is
// refused without changing anything. Screenshots of the steps go to test-results/playground/.

const PEOPLE = {
  xuHui: 'U0EXAMPLE14', // 徐慧, the requester (reads English)
  liuYang: 'U0EXAMPLE12', // 刘洋, department head
  zhaoMin: 'U0EXAMPLE03', // 赵敏, office head
  wangZhenhua: 'U0EXAMPLE06', // 王振华, supervising leader
} as const;

const TITLE = '关于购置防汛应急照明设备的请示';

describe.skipIf(!haveBrowser)('the playground in a browser', () => {
  let ui: PlaygroundInBrowser;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ui = await startPlaygroundInBrowser('browser', systemClock);
    ({ browser, page } = ui);
  }, 120_000);

  afterAll(() => ui?.stop());

  const url = (user: string) => ui.url(user);
  const card = (p: Page = page) =>
    p.getByRole('article').filter({ has: p.getByRole('heading', { name: TITLE }) });
  const shot = (name: string, p: Page = page) => p.screenshot({ path: path.join(SHOTS, `${name}.png`) });

  async function actAs(user: string) {
    await page.getByLabel('当前身份').selectOption(user);
    await page.getByRole('button', { name: '与机器人的私信' }).click();
  }

  /** Presses `button` on the card, fills the form's opinion and submits it. */
  async function actOnCard(
    button: string,
    dialogTitle: string,
    label: string,
    text: string,
    target = card(),
  ) {
    await target.getByRole('button', { name: button, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: dialogTitle });
    await dialog.getByLabel(label).fill(text);
    await dialog.getByRole('button', { name: '提交' }).click();
    await gone(dialog);
  }

  it('starts an approval from a slash command', async () => {
    await page.goto(url(PEOPLE.xuHui));
    await page
      .locator(`#identity-select option[value="${PEOPLE.xuHui}"]`)
      .waitFor({ state: 'attached', timeout: WAIT_MS });
    expect(await page.getByLabel('当前身份').inputValue()).toBe(PEOPLE.xuHui);
    const input = page.getByPlaceholder('输入斜杠命令，例如 /doc help');
    await input.fill(`/doc approve ${TITLE}`);
    await input.press('Enter');
    await shows(page.locator('article.is-ephemeral', { hasText: 'Submitted' }));
    await shows(card(), 'Waiting on Liu Yang');
    await shot('01-requester-started');
  }, 60_000);

  it('the department head returns it with a comment; the requester sees why and resubmits', async () => {
    await actAs(PEOPLE.liuYang);
    await shows(card());
    await shot('02-reviewer-card');
    await actOnCard('退回', '退回', '退回理由', '请补充设备参数和三家报价单后再报。');

    await actAs(PEOPLE.xuHui);
    await shows(card(), '请补充设备参数和三家报价单后再报。');
    await shot('03-requester-returned');
    await card().getByRole('button', { name: 'Resubmit', exact: true }).click();
    await shows(card(), 'Waiting on Liu Yang');
  }, 60_000);

  it('each approver approves in turn, and the requester’s card follows', async () => {
    await actAs(PEOPLE.liuYang);
    await shows(card().getByRole('button', { name: '同意', exact: true }));
    await actOnCard('同意', '同意并填写意见', '意见', '参数和报价已补充，同意。');

    await actAs(PEOPLE.zhaoMin);
    await shows(card().getByRole('button', { name: '同意', exact: true }));
    await actOnCard('同意', '同意并填写意见', '意见', '已核，符合采购程序。');

    await actAs(PEOPLE.xuHui);
    await shows(card(), 'Wang Zhenhua');
    await shows(card(), '已核，符合采购程序。');

    await actAs(PEOPLE.wangZhenhua);
    await shows(card().getByRole('button', { name: '同意', exact: true }));
    await actOnCard('同意', '同意并填写意见', '意见', '同意购置。');
    await gone(card().getByRole('button', { name: '同意', exact: true }));

    await actAs(PEOPLE.xuHui);
    await shows(card(), 'Approved');
    await shows(card(), '同意购置。');
    await shows(card(), '已更新');
    await shot('04-requester-approved');
  }, 90_000);

  it('refuses a press on an out-of-date card by someone the item no longer waits on, changing nothing', async () => {
    // 刘洋 has a second device whose copy of a new card was drawn before he acted on it: the page
    // there shows that copy frozen, while everything else stays live.
    const title = '关于河道管理范围内建设项目审查的请示';
    await actAs(PEOPLE.xuHui);
    const input = page.getByPlaceholder('输入斜杠命令，例如 /doc help');
    await input.fill(`/doc approve ${title}`);
    await input.press('Enter');
    const cardOf = (p: Page) =>
      p.getByRole('article').filter({ has: p.getByRole('heading', { name: title }) });

    const other = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    try {
      let frozen: unknown;
      await other.route('**/api/state?*', async (route) => {
        const response = await route.fetch();
        const state = (await response.json()) as {
          conversations: Array<{ messages: Array<{ text: string }> }>;
        };
        for (const conversation of state.conversations) {
          conversation.messages = conversation.messages.map((message) => {
            if (!message.text.startsWith(title)) return message;
            frozen ??= message;
            return frozen as typeof message;
          });
        }
        await route.fulfill({ response, json: state });
      });
      await other.goto(url(PEOPLE.liuYang));
      await shows(cardOf(other).getByRole('button', { name: '同意', exact: true }));

      // On the first device he approves; the item moves on to 赵敏.
      await actAs(PEOPLE.liuYang);
      await shows(cardOf(page).getByRole('button', { name: '同意', exact: true }));
      await cardOf(page).getByRole('button', { name: '同意', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: '同意并填写意见' });
      await dialog.getByLabel('意见').fill('同意报办公室。');
      await dialog.getByRole('button', { name: '提交' }).click();
      await shows(cardOf(page), '赵敏');

      // The old copy still offers his buttons. 同意 again is the same click as the one applied
      // (same card version): taken as a double click, nothing more is recorded.
      await cardOf(other).getByRole('button', { name: '同意', exact: true }).click();
      const again = other.getByRole('dialog', { name: '同意并填写意见' });
      await again.getByLabel('意见').fill('同意。');
      await again.getByRole('button', { name: '提交' }).click();
      await gone(again);
      // 退回 on it is refused: the item has moved on, and the form itself says who did what and
      // stays open (a refused form never closes silently).
      await cardOf(other).getByRole('button', { name: '退回', exact: true }).click();
      const stale = other.getByRole('dialog', { name: '退回' });
      await stale.getByLabel('退回理由').fill('请重新核对。');
      await stale.getByRole('button', { name: '提交' }).click();
      await shows(stale, '此件已有新进展');
      await shot('05-out-of-date-card-refused', other);
    } finally {
      await other.close();
    }

    // Nothing was applied twice: 赵敏's card has 刘洋's one approval and waits on her.
    await actAs(PEOPLE.zhaoMin);
    const zhaoCard = page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
    await shows(zhaoCard.getByRole('button', { name: '同意', exact: true }));
    expect((await zhaoCard.innerText()).split('同意报办公室。').length - 1).toBe(1);
    const text = await zhaoCard.innerText();
    expect(text).not.toMatch(/同意。$/m);
    expect(text).not.toContain('请重新核对。');
  }, 90_000);
  it('drafts an outgoing document with /doc new, and it gets its number at the print room', async () => {
    const title = '关于加强汛期水库巡查值守的通知';
    const docCard = () =>
      page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
    await actAs('U0EXAMPLE05'); // 高燕, 工程建设管理科
    const input = page.getByPlaceholder('输入斜杠命令，例如 /doc help');
    await input.fill('/doc new');
    await input.press('Enter');
    const form = page.getByRole('dialog', { name: '拟稿发文' });
    await form.getByLabel('标题', { exact: true }).fill(title);
    await form.getByLabel('行文方向').selectOption({ label: '下行文' });
    await form.getByLabel('紧急程度').selectOption({ label: '加急' });
    await form.getByLabel('主送', { exact: true }).fill('各水库管理所');
    await form.getByLabel('份数').fill('８');
    await shot('06-doc-new-form');
    await form.getByRole('button', { name: '提交审核' }).click();
    await gone(form);
    await shows(docCard(), '下行文');

    for (const [user, opinion] of [
      ['U0EXAMPLE15', '核稿无误。'], // 马强, 科长
      ['U0EXAMPLE03', '已把关。'], // 赵敏, 办公室主任
    ] as const) {
      await actAs(user);
      await shows(docCard().getByRole('button', { name: '同意', exact: true }));
      await actOnCard('同意', '同意并填写意见', '意见', opinion, docCard());
    }
    // 陈立新, 分管领导: signing off fixes the distribution; the form comes filled from the draft.
    await actAs('U0EXAMPLE07');
    await docCard().getByRole('button', { name: '签发', exact: true }).click();
    const signOff = page.getByRole('dialog', { name: '签发' });
    await shows(signOff.getByLabel('印制份数'));
    expect(await signOff.getByLabel('主送', { exact: true }).inputValue()).toBe('各水库管理所');
    expect(await signOff.getByLabel('印制份数').inputValue()).toBe('8');
    await signOff.getByLabel('签发意见').fill('签发。');
    await signOff.getByLabel('抄送').fill('县应急管理局');
    await signOff.getByLabel('印制份数').fill('10');
    await shot('07-doc-sign-off-form');
    await signOff.getByRole('button', { name: '签发', exact: true }).click();
    await gone(signOff);

    await actAs('U0EXAMPLE10'); // 郑涛, 文印室
    await shows(docCard().getByRole('button', { name: '办结', exact: true }));
    await shows(docCard(), '县应急管理局');
    await actOnCard('办结', '办结', '办理结果', '已编号排版，印制10份。', docCard());

    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );
    await actAs('U0EXAMPLE05');
    await shows(docCard(), `示水发〔${year}〕`);
    await shot('08-doc-numbered');

    // 周静, 秘书: sends it, then hands it to the archive from the same card.
    await actAs('U0EXAMPLE04');
    await shows(docCard().getByRole('button', { name: '办结', exact: true }));
    await actOnCard('办结', '办结', '办理结果', '已发送各水库管理所，抄送县应急管理局。', docCard());
    await docCard().getByRole('button', { name: '归档', exact: true }).click();
    const archive = page.getByRole('dialog', { name: '归档移交' });
    await archive.getByLabel('保管期限').selectOption({ label: '定期30年' });
    await archive.getByRole('button', { name: '移交归档' }).click();
    await gone(archive);
    await shows(docCard(), '已移交（定期30年）');
    expect(await docCard().getByRole('button', { name: '归档', exact: true }).count()).toBe(0);
    await shot('09-doc-archived');
  }, 150_000);

  it('requests a seal inline; the head approves and the custodian stamps no more than approved', async () => {
    const title = '关于拨付防汛物资采购款的请示';
    const sealCard = () =>
      page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
    await actAs('U0EXAMPLE05'); // 高燕, 工程建设管理科
    const input = page.getByPlaceholder('输入斜杠命令，例如 /doc help');
    await input.fill(`/seal 财务章 2 ${title}`);
    await input.press('Enter');
    await shows(page.locator('article.is-ephemeral', { hasText: '已提交用印申请' }));

    await actAs('U0EXAMPLE15'); // 马强, 科长
    await sealCard().getByRole('button', { name: '同意', exact: true }).click();
    await actAs('U0EXAMPLE09'); // 吴芳, 财务章保管人
    await sealCard().getByRole('button', { name: '已盖章', exact: true }).click();
    const stamp = page.getByRole('dialog', { name: '已盖章' });
    await stamp.getByLabel('实际用印次数').fill('3');
    await stamp.getByRole('button', { name: '确认' }).click();
    await shows(stamp, '批准用印 2 份');
    await shot('10-seal-too-many');
    await stamp.getByLabel('实际用印次数').fill('2');
    await stamp.getByRole('button', { name: '确认' }).click();
    await gone(stamp);
    await shows(sealCard(), '实际用印');
    await shot('11-seal-stamped');
  }, 90_000);
  it('requests office supplies inline; both reviews pass and the keeper issues part of it from the card', async () => {
    const title = '办公用品申领：订书钉×3';
    const supplyCard = () =>
      page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
    await actAs('U0EXAMPLE05'); // 高燕, 工程建设管理科
    const input = page.getByPlaceholder('输入斜杠命令，例如 /doc help');
    await input.fill('/supply 订书钉 ３');
    await input.press('Enter');
    await shows(page.locator('article.is-ephemeral', { hasText: '已提交' }));
    await shows(supplyCard(), '订书钉（24/6） ×3盒');

    for (const user of ['U0EXAMPLE15', 'U0EXAMPLE03'] as const) {
      // 马强 (科长), then 赵敏 (办公室主任): a supply review needs no opinion, one press approves.
      await actAs(user);
      await supplyCard().getByRole('button', { name: '同意', exact: true }).click();
      await gone(supplyCard().getByRole('button', { name: '同意', exact: true }));
    }

    await actAs('U0EXAMPLE10'); // 郑涛, 办公用品保管员
    await supplyCard().getByRole('button', { name: '发放', exact: true }).click();
    const issue = page.getByRole('dialog', { name: '发放办公用品' });
    const quantity = issue.getByLabel('订书钉（24/6）：申领 3盒，库存 15盒');
    await shows(quantity);
    expect(await quantity.inputValue()).toBe('3');
    await quantity.fill('2');
    await shot('12-supply-issue-form');
    await issue.getByRole('button', { name: '发放', exact: true }).click();
    await gone(issue);

    await actAs('U0EXAMPLE05');
    await shows(supplyCard(), '订书钉（24/6） 2盒（余 13盒）');
    await shows(supplyCard(), '欠发');
    await input.fill('/supply stock');
    await input.press('Enter');
    await shows(page.locator('article.is-ephemeral', { hasText: '订书钉（24/6）  13盒' }));
    await shot('13-supply-issued');
  }, 90_000);
});
