import path from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHASING_DEMO } from '../../src/features/chasing/demo.ts';
import { MANUAL_CHASE_INTERVAL_MS } from '../../src/features/chasing/manual-chase.ts';
import type { RunningPlayground } from '../../src/playground/start.ts';
import {
  actAs as actAsOn,
  clockFrom,
  haveBrowser,
  type PlaygroundInBrowser,
  SHOTS,
  shows,
  startPlaygroundInBrowser,
  WAIT_MS,
} from '../support/browser.ts';

// Chasing (催办/督办) in the playground, in a real browser (Debian's Chromium, driven by
// playwright-core), on the demo data of a fresh playground: the late assignee finds his overdue
// reminder and morning digest in the bot's DM; the requester presses 催一下 on her card, he gets
// the nudge, her button then says when it works again and a second press is refused; the
// supervising leader presses 立即催办 on his 督办; the office head asks for the week's report and
// gets the chart and the CSV, lists the reminders to be sent next (/doc reminders), and moves the
// bot's clock a working day on with the page's clock control, after which the late assignee gets
// that day's overdue reminder and digest; back to now, the clock says so. Screenshots go to
// test-results/playground/chasing-*.png.

const PEOPLE = {
  maQiang: 'U0EXAMPLE15', // 马强, 工程建设管理科科长: the demo item waits on him
  gaoYan: 'U0EXAMPLE05', // 高燕, the requester
  chenLixin: 'U0EXAMPLE07', // 陈立新, the section's supervising leader
  zhaoMin: 'U0EXAMPLE03', // 赵敏, 办公室主任
} as const;

const ZONE = 'Asia/Shanghai';
const TITLE = CHASING_DEMO.title;

/** Thursday 3 December 2026, 10:00 in the unit's zone: a working day, in office hours. */
const officeHoursClock = () => clockFrom('2026-12-03T10:00:00', ZONE);

describe.skipIf(!haveBrowser)('chasing in the playground, in a browser', () => {
  let ui: PlaygroundInBrowser;
  let playground: RunningPlayground;
  let page: Page;

  const clock = officeHoursClock();

  beforeAll(async () => {
    ui = await startPlaygroundInBrowser('chasing-browser', clock, ZONE);
    ({ playground, page } = ui);
  }, 120_000);

  afterAll(() => ui?.stop());

  const url = (user: string) => ui.url(user);
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `chasing-${name}.png`) });
  const messages = (text: string) => page.getByRole('article').filter({ hasText: text });
  const card = () => page.getByRole('article').filter({ has: page.getByRole('heading', { name: TITLE }) });
  const ephemeral = (text: string) => page.locator('article.is-ephemeral').filter({ hasText: text });

  const actAs = (user: string) => actAsOn(page, user);

  /** The local `HH:mm` at which 高燕 may chase the demo item again, from her press on record. */
  async function nextAllowed(): Promise<string> {
    const press = await playground.bot.db.prisma.manualChase.findFirstOrThrow({
      where: { chaserId: 'gao-yan' },
      orderBy: { at: 'desc' },
    });
    return DateTime.fromMillis(press.at.getTime() + MANUAL_CHASE_INTERVAL_MS, { zone: ZONE }).toFormat(
      'HH:mm',
    );
  }

  it('shows the late assignee his overdue reminder and his morning digest', async () => {
    await page.goto(url(PEOPLE.maQiang));
    await page
      .locator(`#identity-select option[value="${PEOPLE.maQiang}"]`)
      .waitFor({ state: 'attached', timeout: WAIT_MS });
    await actAs(PEOPLE.maQiang);
    const overdue = messages('❗ 催办：').filter({ hasText: TITLE });
    await shows(overdue, '已超期 3 个工作日');
    await shows(overdue.getByRole('button', { name: '打开' }));
    const digest = messages('☀️ 早上好！');
    await shows(digest, TITLE);
    await shows(card().getByRole('button', { name: '同意', exact: true }));
    await overdue.first().scrollIntoViewIfNeeded();
    await shot('01-assignee-overdue-and-digest');
  }, 60_000);

  it('the requester presses 催一下; the assignee gets the nudge; her button says when it is next allowed', async () => {
    await actAs(PEOPLE.gaoYan);
    await card().getByRole('button', { name: '催一下', exact: true }).click();
    await shows(ephemeral('已催办：马强。'));
    const time = await nextAllowed();
    const waiting = card().getByRole('button', { name: `催一下（${time} 后可再催）`, exact: true });
    await shows(waiting);
    await waiting.scrollIntoViewIfNeeded();
    await shot('02-requester-chased');

    await actAs(PEOPLE.maQiang);
    await shows(messages('👉 高燕催办「').filter({ hasText: TITLE }));
    await shot('03-assignee-nudged');

    await actAs(PEOPLE.gaoYan);
    await waiting.click();
    await shows(ephemeral('你刚催过这件事项'), `${time} 后可再催`);
    await shot('04-second-press-refused');
    expect(await playground.bot.db.prisma.manualChase.count({ where: { chaserId: 'gao-yan' } })).toBe(1);
  }, 60_000);

  it('the supervising leader sees the 督办 and presses 立即催办', async () => {
    await actAs(PEOPLE.chenLixin);
    const supervision = messages('🚨 督办：').filter({ hasText: TITLE });
    await shows(supervision, '马强办理的');
    await shot('05-supervision');
    await supervision.getByRole('button', { name: '立即催办', exact: true }).click();
    await shows(ephemeral('已催办：马强。'));

    await actAs(PEOPLE.maQiang);
    await shows(messages('👉 陈立新催办「').filter({ hasText: TITLE }));
    await shot('06-assignee-nudged-by-supervisor');
  }, 60_000);

  it('the office head asks for the week’s report and gets the chart and the CSV in her DM', async () => {
    await actAs(PEOPLE.zhaoMin);
    const input = page.getByPlaceholder('输入斜杠命令，例如 /doc help');
    await input.fill('/doc report week');
    await input.press('Enter');
    await shows(ephemeral('正在生成'));
    await shows(messages('定期通报'));
    const upload = page.getByRole('article').filter({ has: page.getByRole('list', { name: '文件' }) });
    const chart = upload.getByRole('img', { name: /^定期通报-.*\.png$/ });
    await shows(chart);
    await expect
      .poll(
        () =>
          chart.evaluate((img) => {
            // Drawn: the PNG loaded and decoded (the project's types have no DOM lib).
            const image = img as unknown as { complete: boolean; naturalWidth: number };
            return image.complete ? image.naturalWidth : 0;
          }),
        { timeout: WAIT_MS },
      )
      .toBeGreaterThan(0);
    const csv = upload.getByRole('link', { name: /定期通报-.*\.csv$/ });
    await shows(csv);
    const response = await page.request.get((await csv.getAttribute('href')) ?? '');
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('部门');
    await upload.first().scrollIntoViewIfNeeded();
    await shot('07-office-head-report');
  }, 60_000);

  it('the office head lists the reminders to be sent next, moves the bot’s clock a working day on and back, and they go', async () => {
    await actAs(PEOPLE.zhaoMin);
    const input = page.getByPlaceholder('输入斜杠命令，例如 /doc help');
    await input.fill('/doc reminders');
    await input.press('Enter');
    const list = ephemeral('接下来要发出的提醒');
    await shows(list, `→ 马强：「${TITLE}」`);
    await list.scrollIntoViewIfNeeded();
    await shot('08-office-head-reminders');

    const clock = page.getByRole('group', { name: '机器人时钟' });
    await shows(clock.locator('time'), '2026-12-03 周四');
    await clock.getByRole('button', { name: '+1 工作日' }).click();
    await shows(clock.locator('time'), '2026-12-04 周五');
    await shows(clock.locator('time'), '快 1 天');
    await actAs(PEOPLE.maQiang);
    // Friday's overdue reminder (the Thursday 14:00 slot, sent at once) and Friday's digest.
    await shows(messages('❗ 催办：').filter({ hasText: '已超期 4 个工作日' }));
    await expect.poll(() => messages('☀️ 早上好！').count(), { timeout: WAIT_MS }).toBe(2);
    await shot('09-clock-moved-a-working-day');

    await clock.getByRole('button', { name: '+1 小时' }).click();
    await shows(clock.locator('time'), '快 1 天 1 小时');
    await clock.getByRole('button', { name: '回到现在' }).click();
    await shows(clock.locator('time'), '2026-12-03 周四');
    await expect.poll(() => clock.locator('time').textContent(), { timeout: WAIT_MS }).not.toContain('快');
  }, 90_000);
});
