import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlayground } from '../../src/playground/start.ts';
import {
  actAs as actAsOn,
  clockFrom,
  gone,
  haveBrowser,
  type PlaygroundInBrowser,
  SHOTS,
  shows,
  startPlaygroundInBrowser,
  WAIT_MS,
} from '../support/browser.ts';

// A meeting in the playground's Slack view, in a real browser (Debian's Chromium, driven by
// playwright-core), on a fresh playground with its demo data: the organiser requests it on the
// /meeting new form; the host department's head, the office head and the chairing leader approve
// it on their cards; an attendee answers 参加 and the organiser's tally shows it; the page's clock
// control moves the bot's clock a working day on, into the sign-in window, and the attendee signs
// in; an hour on, the organiser writes the minutes from 写纪要 on her card, the chair signs them
// and the decision's owner finds his task card. Screenshots go to test-results/playground/meeting-*.png.

const PEOPLE = {
  gaoYan: 'U0EXAMPLE05', // 高燕, 工程建设管理科: the organiser
  maQiang: 'U0EXAMPLE15', // 马强, its head: first approver, attendee, the decision's owner
  zhaoMin: 'U0EXAMPLE03', // 赵敏, 办公室主任
  chenLixin: 'U0EXAMPLE07', // 陈立新, the chairing leader
  tangNing: 'U0EXAMPLE17', // 唐宁, 农村水利科: an attendee
} as const;

const ZONE = 'Asia/Shanghai';
const TITLE = '汛后水毁工程修复协调会';
const DECISION = '一周内报送水毁工程修复方案';

/**
 * Tuesday 1 December 2026, 14:50 in the unit's zone (a working day in office hours whenever the
 * test runs). The meeting is on Wednesday at 15:00: one working day on, the clock is inside its
 * sign-in window (from 14:30).
 */
const tuesdayAfternoon = () => clockFrom('2026-12-01T14:50:00', ZONE);

describe.skipIf(!haveBrowser)('a meeting in the playground, in a browser', () => {
  let ui: PlaygroundInBrowser;
  let playground: RunningPlayground;
  let page: Page;

  const clock = tuesdayAfternoon();

  beforeAll(async () => {
    ui = await startPlaygroundInBrowser('meetings-browser', clock, ZONE);
    ({ playground, page } = ui);
  }, 120_000);

  afterAll(() => ui?.stop());

  const url = (user: string) => ui.url(user);
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `meeting-${name}.png`) });
  const titled = (title: string) =>
    page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
  /** The meeting's card (not its minutes', which carry the same title and name their drafter). */
  const meetingCard = () => titled(TITLE).filter({ hasNotText: '起草人' });
  const minutesCard = () => titled(TITLE).filter({ hasText: '起草人' });
  const button = (card: ReturnType<typeof titled>, name: string) =>
    card.getByRole('button', { name, exact: true });
  const dialog = () => page.locator('dialog#modal');

  const actAs = (user: string) => actAsOn(page, user);

  it('the organiser requests a meeting on the /meeting new form', async () => {
    await page.goto(url(PEOPLE.gaoYan));
    await page
      .locator(`#identity-select option[value="${PEOPLE.gaoYan}"]`)
      .waitFor({ state: 'attached', timeout: WAIT_MS });
    await actAs(PEOPLE.gaoYan);
    const input = page.getByPlaceholder('输入斜杠命令，例如 /doc help');
    await input.fill('/meeting new');
    await input.press('Enter');
    const form = page.getByRole('dialog', { name: '会议申请' });
    await form.getByLabel('会议名称', { exact: true }).fill(TITLE);
    await form.getByLabel('会议内容和议程').fill('一、通报水毁工程情况；二、研究修复方案和资金安排');
    await form.getByLabel('日期', { exact: true }).fill('2026-12-02');
    await form.getByLabel('开始时间').fill('15:00');
    await form.getByLabel('结束时间').fill('16:00');
    await form.getByLabel('会议室', { exact: true }).selectOption({ label: '二楼小会议室（10 人）' });
    await form.getByLabel('参会人员').selectOption([{ label: '马强' }, { label: '唐宁' }]);
    await form.getByLabel('主持领导').selectOption({ label: '陈立新' });
    await form.getByLabel('计划内会议').check();
    await shot('01-request-form');
    await form.getByRole('button', { name: '提交审批' }).click();
    await gone(form);
    await shows(meetingCard(), '马强');
  }, 60_000);

  it('the host department’s head, the office head and the chairing leader approve it in turn', async () => {
    for (const approver of [PEOPLE.maQiang, PEOPLE.zhaoMin, PEOPLE.chenLixin]) {
      await actAs(approver);
      const approve = button(meetingCard(), '同意');
      await shows(approve);
      await approve.click();
      await gone(approve);
    }
    // The chair's copy is now his notice, with the attendee's buttons.
    await shows(button(meetingCard(), '参加'));
    await actAs(PEOPLE.gaoYan);
    await shows(meetingCard(), '未回复（3）');
    expect(await playground.bot.db.prisma.meetingBooking.count({ where: { title: TITLE } })).toBe(1);
  }, 90_000);

  it('an attendee answers 参加 on the notice, and the organiser’s tally shows it', async () => {
    await actAs(PEOPLE.tangNing);
    await shows(meetingCard(), '我的答复');
    await shot('02-attendee-notice');
    await button(meetingCard(), '参加').click();
    await shows(page.locator('article.is-ephemeral'), TITLE);
    await shows(meetingCard().getByText('参加', { exact: true }));

    await actAs(PEOPLE.gaoYan);
    await shows(meetingCard(), '已确认（1）：唐宁');
    await shot('03-organiser-tally');
  }, 60_000);

  it('a working day on, in the sign-in window, the attendee signs in from her card', async () => {
    const clock = page.getByRole('group', { name: '机器人时钟' });
    await shows(clock.locator('time'), '2026-12-01 周二');
    await clock.getByRole('button', { name: '+1 工作日' }).click();
    await shows(clock.locator('time'), '2026-12-02 周三');

    await actAs(PEOPLE.tangNing);
    const signIn = button(meetingCard(), '签到');
    await shows(signIn);
    await signIn.click();
    await shows(meetingCard(), '已签到（');
    await gone(signIn);
    await shot('04-signed-in');
  }, 60_000);

  it('an hour on, the organiser writes the minutes from her card; the chair signs them', async () => {
    const clock = page.getByRole('group', { name: '机器人时钟' });
    await clock.getByRole('button', { name: '+1 小时' }).click();
    await shows(clock.locator('time'), '快 1 天 1 小时');

    await actAs(PEOPLE.gaoYan);
    // Ten minutes after the start: the attendance is on her card, and 写纪要 with it.
    await shows(meetingCard(), '实到 1 人（唐宁）');
    await button(meetingCard(), '写纪要').click();
    const form = dialog();
    await shows(form.getByLabel('纪要内容'));
    await form.getByLabel('纪要内容').fill('会议通报了汛后水毁工程情况，研究了修复方案和资金安排。');
    await form.getByLabel('决定事项 1', { exact: true }).fill(DECISION);
    await form.getByLabel('决定事项 1：责任人或责任部门').selectOption({ label: '马强' });
    await form.getByLabel('决定事项 1：办理时限（工作日）').fill('5');
    await shot('05-minutes-form');
    await form.getByRole('button', { name: '送主持领导审签' }).click();
    await gone(page.getByRole('dialog', { name: '会议纪要' }));

    await actAs(PEOPLE.chenLixin);
    const sign = button(minutesCard(), '同意');
    await shows(sign);
    await shows(minutesCard(), DECISION);
    await shot('06-minutes-to-sign');
    await sign.click();
    await shows(minutesCard(), '已审签');
  }, 90_000);

  it('the decision is its owner’s task card, with its deadline', async () => {
    await actAs(PEOPLE.maQiang);
    const task = titled(DECISION);
    await shows(button(task, '办结'));
    await shows(task, '5 个工作日');
    await shows(page.getByRole('article').filter({ hasText: `会议纪要：《${TITLE}》` }));
    await task.scrollIntoViewIfNeeded();
    await shot('07-decision-task');
    const decisions = await playground.bot.db.prisma.workflowInstance.findMany({
      where: { definitionId: 'meeting_decision', title: DECISION },
    });
    expect(decisions.map((d) => d.waitingOn)).toEqual([['ma-qiang']]);
  }, 60_000);
});
