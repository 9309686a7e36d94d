// The screenshots of the role guides (docs/roles/*.md) and the README's picture of the playground:
// starts the playground with its demo data on a temporary data folder and a port of its own, at a
// fixed moment in office hours, acts as each role in Debian's Chromium (playwright-core) and saves
// the relevant panel of the page as a small PNG into docs/images/, and the whole page with a
// reviewer's card and the clock control as docs/playground.png. Run it again after the page, cards or forms change:
// `npm run docs:screenshots`.
// It removes its folder and stops by itself, and gives up after TIME_LIMIT_MS.

import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { DEMO_MEETINGS, type DemoMeetingStage } from '../src/features/meetings/demo.ts';
import { type RunningPlayground, startPlayground } from '../src/playground/start.ts';
import type { Clock } from '../src/shared/clock.ts';
import {
  actAs as actAsOn,
  CHROMIUM,
  demoDelivered,
  haveBrowser,
  openBrowserPage,
  shows,
  WAIT_MS,
} from '../test/support/browser.ts';

/** Where the guides' images go. */
const IMAGES = path.resolve('docs/images');
/** The largest PNG the docs take; a bigger one means the crop took in too much. */
const MAX_PNG_BYTES = 150 * 1024;
/** The tallest crop: a long list shows its first rows. */
const MAX_CROP_HEIGHT = 560;
/** The attendee's notice is taller: its answer buttons come last. */
const MAX_NOTICE_HEIGHT = 900;
/** The page's size: tall enough that a card or form fits without scrolling under the header. */
const VIEWPORT = { width: 1000, height: 2000 };
/** The README's picture: the whole page (header with the clock control, sidebar, DMs, command line). */
const README_PICTURE = { file: path.resolve('docs/playground.png'), viewport: { width: 1280, height: 900 } };
/** The whole run may take this long; after it the script exits with an error. */
const TIME_LIMIT_MS = 5 * 60_000;
/**
 * The playground's "now" when it starts: a Tuesday at 10:00 in the unit's time zone, a working day
 * in office hours, so the demo's deadlines, the first reminders and the 督办 come out the same on
 * every run. Time moves on from there at the machine's pace.
 */
const START = new Date('2026-12-01T10:00:00+08:00');
/** START's day in the unit's calendar. */
const START_DAY = '2026-12-01';

const PEOPLE = {
  gaoYan: 'U0EXAMPLE05', // 高燕, 工程建设管理科 科员: requester
  maQiang: 'U0EXAMPLE15', // 马强, 工程建设管理科 科长: reviewer
  zhouJing: 'U0EXAMPLE04', // 周静, 秘书
  wuFang: 'U0EXAMPLE09', // 吴芳, 财务章保管人
  zhengTao: 'U0EXAMPLE10', // 郑涛, 办公用品保管员
  fengXiaoyu: 'U0EXAMPLE11', // 冯晓雨, 档案员
  zhaoMin: 'U0EXAMPLE03', // 赵敏, 办公室主任
  xuHui: 'U0EXAMPLE14', // 徐慧, 水政水资源科 (reads English): the README's requester
  liuYang: 'U0EXAMPLE12', // 刘洋, 水政水资源科 科长: the README's reviewer
  tangNing: 'U0EXAMPLE17', // 唐宁, 农村水利科: invited to the demo's next meeting, not answered yet
  liWeidong: 'U0EXAMPLE02', // 李卫东, 局领导: chairs the demo meeting whose minutes wait for him
} as const;

const startedAt = Date.now();
const clock: Clock = { now: () => new Date(START.getTime() + (Date.now() - startedAt)) };

async function main(): Promise<void> {
  if (!haveBrowser) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: apt-get install -y --no-install-recommends chromium fonts-wqy-microhei fonts-noto-color-emoji`,
    );
  }
  await mkdir(IMAGES, { recursive: true });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-docs-shots-'));
  let playground: RunningPlayground | undefined;
  const { browser, page } = await openBrowserPage();
  try {
    playground = await startPlayground({
      env: { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ORG_FILE: 'org.example.yaml' },
      clock,
    });
    await page.setViewportSize(VIEWPORT);
    await demoDelivered(playground, clock);
    const saved = await takeShots(page, playground.port);
    for (const file of saved) {
      const { size } = await stat(file);
      if (size > MAX_PNG_BYTES) throw new Error(`${file} is ${size} bytes, more than ${MAX_PNG_BYTES}`);
      console.log(`${path.relative(process.cwd(), file)}  ${Math.round(size / 1024)} KB`);
    }
  } catch (error) {
    await page.screenshot({ path: path.join(os.tmpdir(), 'docs-screenshots-failed.png') }).catch(() => {});
    throw error;
  } finally {
    await browser.close();
    await playground?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function takeShots(page: Page, port: number): Promise<string[]> {
  const saved: string[] = [];
  /** Saves what `target` shows, at most `maxHeight` pixels of it from the top. */
  const save = async (name: string, target: Locator, maxHeight = MAX_CROP_HEIGHT) => {
    const file = path.join(IMAGES, `${name}.png`);
    await target.scrollIntoViewIfNeeded();
    const box = await target.boundingBox();
    if (!box) throw new Error(`${name}: nothing to photograph`);
    const clip = { ...box, height: Math.min(box.height, maxHeight) };
    await page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
    saved.push(file);
  };
  /** Saves the whole page at the README's size, `focus` scrolled into view, as the README's picture. */
  const saveWholePage = async (focus: Locator) => {
    await page.setViewportSize(README_PICTURE.viewport);
    await shows(page.locator('#clock-now'));
    await focus.scrollIntoViewIfNeeded();
    await page.screenshot({ path: README_PICTURE.file, animations: 'disabled', caret: 'hide' });
    saved.push(README_PICTURE.file);
    await page.setViewportSize(VIEWPORT);
  };
  const input = page.locator('#command-input');
  const articles = page.locator('#messages article');
  const dialog = page.locator('dialog#modal');
  const cardTitled = (title: string) =>
    page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });

  /** Becomes `user` and opens their direct messages with the bot. */
  const actAs = (user: string) => actAsOn(page, user);
  /** Types a slash command and waits for a message that contains `answer`. */
  const command = async (text: string, answer: string | RegExp) => {
    await input.fill(text);
    await input.press('Enter');
    await shows(articles.filter({ hasText: answer }).last());
    return articles.filter({ hasText: answer }).last();
  };

  await page.goto(`http://localhost:${port}/?user=${PEOPLE.gaoYan}`);
  await page
    .locator(`#identity-select option[value="${PEOPLE.gaoYan}"]`)
    .waitFor({ state: 'attached', timeout: WAIT_MS });
  // The toasts would cover what a crop shows; a message's time is the machine's, not the run's
  // fixed clock, and would make every run's pictures differ.
  await page.addStyleTag({ content: '#toasts, .msg-time { display: none !important; }' });

  // 申请人: an approval started from a command; the card follows it and offers 撤回.
  const approval = '关于购置防汛应急照明设备的请示';
  await actAs(PEOPLE.gaoYan);
  await command(`/doc approve ${approval}`, '已提交');
  await shows(cardTitled(approval), '马强');
  await save('requester-card', cardTitled(approval).last());
  await save('requester-list', await command('/doc mine', approval));

  // 审核人: the department head's copy of the card, and the opinion form of 同意.
  await actAs(PEOPLE.maQiang);
  const review = cardTitled(approval).last();
  await shows(review.getByRole('button', { name: '同意', exact: true }));
  await save('reviewer-card', review);
  await review.getByRole('button', { name: '同意', exact: true }).click();
  await shows(dialog.getByLabel('意见'));
  await dialog.getByLabel('意见').fill('同意，请办公室把关。');
  await save('reviewer-opinion', dialog);
  await dialog.getByRole('button', { name: '提交' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: WAIT_MS });

  // 秘书: the 收文 registration form, and the to-do list.
  await actAs(PEOPLE.zhouJing);
  await save('secretary-list', await command('/doc', /等待我办理|目前没有/));
  await input.fill('/doc receive');
  await input.press('Enter');
  await shows(dialog.getByRole('heading', { name: '收文登记' }));
  // The form pre-fills the machine's date, not the run's fixed one: write the run's.
  await dialog.getByLabel('收文日期').fill(START_DAY);
  await save('secretary-receive', dialog);
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: WAIT_MS });

  // 印章保管人: the demo's finance-seal request, approved and waiting for 已盖章.
  const sealTitle = '关于支付水库除险加固工程监理费的请示';
  await actAs(PEOPLE.wuFang);
  const seal = cardTitled(sealTitle).last();
  await shows(seal.getByRole('button', { name: '已盖章', exact: true }));
  await save('custodian-card', seal);
  await seal.getByRole('button', { name: '已盖章', exact: true }).click();
  await shows(dialog.getByLabel('实际用印次数'));
  await dialog.getByLabel('实际用印次数').fill('2');
  await save('custodian-stamp', dialog);
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: WAIT_MS });

  // 保管员: the demo's supply request at 发放, and its issue form.
  await actAs(PEOPLE.zhengTao);
  const supply = articles.filter({ has: page.getByRole('button', { name: '发放', exact: true }) }).last();
  await shows(supply);
  await save('keeper-card', supply);
  await supply.getByRole('button', { name: '发放', exact: true }).click();
  await shows(dialog.getByRole('heading', { name: '发放办公用品' }));
  await shows(dialog.getByRole('textbox').first());
  await save('keeper-issue', dialog);
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: WAIT_MS });

  // 档案员: search, and the records out on loan.
  await actAs(PEOPLE.fengXiaoyu);
  await save('archivist-search', await command('/archive 水库', '借阅'));
  await save('archivist-loans', await command('/archive loans', '归还'));

  // 办公室主任: the 督办 of the chasing demo, and this week's 通报.
  await actAs(PEOPLE.zhaoMin);
  const escalation = articles.filter({ has: page.getByRole('button', { name: '立即催办', exact: true }) });
  await shows(escalation);
  await save('office-head-escalation', escalation.last());
  await save('office-head-report', await command('/doc report week', '按时办结'));

  // 会议: the demo meetings' notice on an attendee's card (唐宁, not answered yet), the organiser's
  // tally (高燕), and the minutes waiting for the chairing leader's 审签 (李卫东).
  const meetingOf = (stage: DemoMeetingStage) =>
    DEMO_MEETINGS.find((m) => m.stage === stage)?.meeting.name ?? '';
  const next = meetingOf('answered');
  await actAs(PEOPLE.tangNing);
  const notice = cardTitled(next).last();
  await shows(notice.getByRole('button', { name: '参加', exact: true }));
  // The whole notice: its buttons (参加 / 请假 / 委派) are at the bottom.
  await save('meeting-attendee-notice', notice, MAX_NOTICE_HEIGHT);
  await actAs(PEOPLE.gaoYan);
  const tally = cardTitled(next).last();
  await shows(tally, '未回复（2）');
  await save('meeting-organiser-tally', tally);
  await actAs(PEOPLE.liWeidong);
  // The minutes' card has the meeting's title too; it names the drafter (起草人).
  const minutes = cardTitled(meetingOf('minutes_drafted')).filter({ hasText: '起草人' }).last();
  await shows(minutes.getByRole('button', { name: '同意', exact: true }));
  await save('meeting-minutes', minutes);

  // The README's picture, as its "Try" says: 徐慧's approval in 刘洋's DMs, the bot's clock control
  // in the header.
  await actAs(PEOPLE.xuHui);
  await command(`/doc approve ${approval}`, 'Submitted');
  await actAs(PEOPLE.liuYang);
  const readme = cardTitled(approval).last();
  await shows(readme.getByRole('button', { name: '同意', exact: true }));
  await saveWholePage(readme);
  return saved;
}

const deadline = setTimeout(() => {
  console.error(`docs:screenshots: gave up after ${TIME_LIMIT_MS / 1000} s`);
  process.exit(1);
}, TIME_LIMIT_MS);
deadline.unref();

main().then(
  () => {
    clearTimeout(deadline);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
