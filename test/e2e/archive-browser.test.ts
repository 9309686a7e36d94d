import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultArchiveFilesDir } from '../../src/config.ts';
import { formatArchiveQuery, parseArchiveQuery } from '../../src/domain/archive/query.ts';
import { DEMO_ELECTRONIC_FILE, DEMO_SECRET_DOC_NUMBER } from '../../src/features/archive/demo.ts';
import { retrieveEntryFile } from '../../src/features/archive/fixity.ts';
import { DUE_SOON_DAYS } from '../../src/features/archive/loans.ts';
import { ARCHIVE_PAGE_SIZE, searchEntries } from '../../src/features/archive/search.ts';
import type { RunningPlayground } from '../../src/playground/start.ts';
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

// The archive in the playground, in a real browser (Debian's Chromium, driven by playwright-core),
// on the demo data of a fresh start: the electronic record passes its SHA-256 check; the archivist's
// `/archive loans` shows the demo loans overdue and due soon; the 秘密 entry exists only for those
// cleared; and a requester finds a record (10 a page, 更多 pages on), asks to borrow it, her
// department head approves on the card, the archivist lends it, finds it out with its due date in
// `/archive loans` and takes it back with a condition note. Screenshots go to
// test-results/playground/archive-*.png.

const PEOPLE = {
  gaoYan: 'U0EXAMPLE05', // 高燕, 工程建设管理科, the requester (内部 clearance)
  xuHui: 'U0EXAMPLE14', // 徐慧: the demo lent her the electronic record
  maQiang: 'U0EXAMPLE15', // 马强, her department head
  fengXiaoyu: 'U0EXAMPLE11', // 冯晓雨, archivist (秘密 clearance)
  linFeng: 'U0EXAMPLE16', // 林峰, 农村水利科 head: the demo request waits on him
  tangNing: 'U0EXAMPLE17', // 唐宁, 公开 clearance only
} as const;

const TZ = 'Asia/Shanghai';
const DAY_MS = 24 * 3600 * 1000;
/** A word of many demo titles: more than one page. */
const WORD = '水库';

describe.skipIf(!haveBrowser)('the archive in the playground, in a browser', () => {
  let ui: PlaygroundInBrowser;
  let playground: RunningPlayground;
  let page: Page;

  beforeAll(async () => {
    ui = await startPlaygroundInBrowser('archive-browser', systemClock, TZ);
    ({ playground, page } = ui);
    await page.goto(ui.url(PEOPLE.fengXiaoyu));
    await page
      .locator(`#identity-select option[value="${PEOPLE.fengXiaoyu}"]`)
      .waitFor({ state: 'attached', timeout: WAIT_MS });
  }, 120_000);

  afterAll(() => ui?.stop());

  const prisma = () => playground.bot.db.prisma;
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `archive-${name}.png`) });
  const ephemeral = (text: string) => page.locator('article.is-ephemeral', { hasText: text });
  const cardTitled = (title: string) =>
    page
      .getByRole('article')
      .filter({ has: page.getByRole('heading', { name: title }) })
      .and(page.locator(':not(.is-ephemeral)'));
  /** A line of a result or list message: the section showing `text`. */
  const sectionOf = (message: Locator, text: string) => message.locator('.bk-section', { hasText: text });
  const day = (at: Date | null) => (at ? DateTime.fromJSDate(at).setZone(TZ).toFormat('yyyy-MM-dd') : '—');

  async function actAs(user: string) {
    await page.getByLabel('当前身份').selectOption(user);
    await page.getByRole('button', { name: '与机器人的私信' }).click();
  }
  async function type(command: string) {
    const input = page.getByPlaceholder('输入斜杠命令，例如 /doc help');
    await input.fill(command);
    await input.press('Enter');
  }

  it('writes the demo electronic record into the playground, and retrieving it passes its SHA-256 check', async () => {
    const entry = await prisma().archiveEntry.findFirstOrThrow({
      where: { fileRef: DEMO_ELECTRONIC_FILE.fileRef },
    });
    const { file } = await retrieveEntryFile(
      {
        prisma: prisma(),
        clock: systemClock,
        filesDir: defaultArchiveFilesDir(path.join(ui.dataDir, 'playground')),
      },
      entry.id,
      { personId: 'feng-xiaoyu', clearance: 'secret' },
    );
    expect(await readFile(file, 'utf8')).toBe(DEMO_ELECTRONIC_FILE.content);
    // This retrieval and the one that sent 徐慧 her file at lending: each checked, each passed.
    const checks = await prisma().archiveFixityCheck.findMany({ where: { entryId: entry.id } });
    expect(checks.length).toBeGreaterThanOrEqual(1);
    expect(checks.every((c) => c.trigger === 'retrieval' && c.ok)).toBe(true);

    // 徐慧 borrowed it: the file is in her DM, with its 档号, and it downloads as it was catalogued.
    await actAs(PEOPLE.xuHui);
    const delivered = page.getByRole('article').filter({ hasText: entry.archiveNo });
    await shows(delivered);
    const link = delivered.getByRole('link', { name: /示水办发〔2025〕31号/ });
    await shows(link);
    const href = await link.getAttribute('href');
    expect(href).toBeTruthy();
    const download = await page.request.get(new URL(href ?? '', page.url()).toString());
    expect(await download.text()).toBe(DEMO_ELECTRONIC_FILE.content);
    await shot('00-lent-file');
  });

  it('shows the archivist the demo loans, one overdue and one due soon, and the demo request waits on its head', async () => {
    const demo = await prisma().archiveLoan.findMany({
      include: { entry: true },
      orderBy: { createdAt: 'asc' },
    });
    expect(demo.map((l) => [l.borrowerId, l.status])).toEqual([
      ['gao-yan', 'lent'],
      ['xu-hui', 'lent'],
      ['tang-ning', 'requested'],
    ]);
    const [overdue, dueSoon, asked] = demo as [(typeof demo)[0], (typeof demo)[0], (typeof demo)[0]];

    // Due within three days unless a long holiday leaves no working day in them: then just out.
    expect(overdue.dueAt?.getTime()).toBeLessThan(Date.now());
    const soon = (dueSoon.dueAt?.getTime() ?? 0) <= Date.now() + DUE_SOON_DAYS * DAY_MS;

    await actAs(PEOPLE.fengXiaoyu);
    await type('/archive loans');
    const list = ephemeral('已逾期（1）');
    await shows(list, soon ? '即将到期（1）' : '借出中（1）');
    await shows(sectionOf(list, overdue.entry.archiveNo), `高燕 · 到期 ${day(overdue.dueAt)}`);
    await shows(sectionOf(list, dueSoon.entry.archiveNo), `徐慧 · 到期 ${day(dueSoon.dueAt)}`);
    expect(await list.getByRole('button', { name: '归还', exact: true }).count()).toBe(2);
    await shot('01-demo-loans');

    await actAs(PEOPLE.linFeng);
    const card = cardTitled(asked.entry.title ?? '');
    await shows(card.getByRole('button', { name: '同意', exact: true }));
    await shows(card, '核对固定资产台账');
  }, 60_000);

  it('hides the 秘密 entry from those not cleared for it; the archivist finds it by number only', async () => {
    // The answer repeats the query as read (brackets normalised).
    const parsed = parseArchiveQuery(DEMO_SECRET_DOC_NUMBER);
    if (!parsed.ok) throw new Error('bad query');
    const asRead = formatArchiveQuery(parsed.query);
    for (const user of [PEOPLE.tangNing, PEOPLE.gaoYan]) {
      await actAs(user);
      await type(`/archive ${DEMO_SECRET_DOC_NUMBER}`);
      await shows(ephemeral(`没有找到与“${asRead}”相符的档案。`));
    }
    await shot('02-secret-not-found');

    await actAs(PEOPLE.fengXiaoyu);
    await type(`/archive ${DEMO_SECRET_DOC_NUMBER}`);
    const found = ephemeral(`档案查询：${asRead}`);
    await shows(found, '〔仅按编号登记〕');
    await shows(found, '秘密');
    await shot('03-secret-by-number');
  }, 60_000);

  it('finds, borrows, approves, lends, lists and takes back a record', async () => {
    // What the search should show, from the catalog as 高燕 may see it.
    const parsed = parseArchiveQuery(WORD);
    if (!parsed.ok) throw new Error('bad query');
    const viewer = { personId: 'gao-yan', clearance: 'internal' } as const;
    const first = await searchEntries(prisma(), parsed.query, viewer, 0);
    const second = await searchEntries(prisma(), parsed.query, viewer, 1);
    expect(first.entries).toHaveLength(ARCHIVE_PAGE_SIZE);
    expect(first.hasMore).toBe(true);
    const out = new Set(
      (
        await prisma().archiveLoan.findMany({ where: { status: { in: ['requested', 'approved', 'lent'] } } })
      ).map((l) => l.entryId),
    );
    const target = second.entries.find((e) => !out.has(e.id) && e.title);
    if (!target?.title) throw new Error(`no entry to borrow on page 2 of ${WORD}`);
    const title = target.title;

    await actAs(PEOPLE.gaoYan);
    await type(`/archive ${WORD}`);
    const results = ephemeral(`档案查询：${WORD}`);
    await shows(results, '第 1 页');
    await expect.poll(() => results.getByRole('button', { name: '借阅', exact: true }).count()).toBe(10);
    for (const entry of first.entries) await shows(sectionOf(results, entry.archiveNo));
    await shot('04-search-page-1');
    await results.getByRole('button', { name: '更多', exact: true }).click();
    // Page 2 takes page 1's place.
    await shows(results, '第 2 页');
    expect(await page.locator('article.is-ephemeral', { hasText: '第 1 页' }).count()).toBe(0);
    await expect
      .poll(() => results.getByRole('button', { name: '借阅', exact: true }).count())
      .toBe(second.entries.length);
    expect(await results.getByRole('button', { name: '更多', exact: true }).count()).toBe(
      second.hasMore ? 1 : 0,
    );
    await shot('05-search-page-2');

    await sectionOf(results, target.archiveNo).getByRole('button', { name: '借阅', exact: true }).click();
    const form = page.getByRole('dialog', { name: '借阅或复制档案' });
    await shows(form, `档案：${target.archiveNo} ${title}`);
    await form.getByLabel('用途').fill('编写水库除险加固工作总结，查阅往年资料');
    await form.getByLabel('借阅天数（工作日，1–30）').fill('10');
    await shot('06-loan-form');
    await form.getByRole('button', { name: '提交申请' }).click();
    await gone(form);
    await shows(page.getByRole('article'), `已提交档案借阅申请（${target.archiveNo}），等待马强审批。`);

    // 马强 approves on his card: no opinion needed, one press.
    await actAs(PEOPLE.maQiang);
    const headCard = cardTitled(title);
    await shows(headCard, '编写水库除险加固工作总结');
    await shot('07-head-card');
    await headCard.getByRole('button', { name: '同意', exact: true }).click();
    await gone(headCard.getByRole('button', { name: '同意', exact: true }));

    // 冯晓雨 lends it for the days approved (the field left empty).
    await actAs(PEOPLE.fengXiaoyu);
    const card = cardTitled(title);
    await card.getByRole('button', { name: '出借', exact: true }).click();
    const lend = page.getByRole('dialog', { name: '出借档案' });
    await lend.getByLabel('备注').fill('原件，请勿拆卷');
    await shot('08-lend-form');
    await lend.getByRole('button', { name: '出借', exact: true }).click();
    await gone(lend);
    await shows(card.getByRole('button', { name: '归还', exact: true }));
    const loan = await prisma().archiveLoan.findFirstOrThrow({ where: { entryId: target.id } });
    expect(loan).toMatchObject({ status: 'lent', borrowerId: 'gao-yan', lentById: 'feng-xiaoyu', days: 10 });

    // `/archive loans`: out (due in ten working days), beside the demo's overdue and due-soon ones.
    await type('/archive loans');
    const list = ephemeral(target.archiveNo);
    await shows(list, '已逾期（1）');
    const dueSoon = await prisma().archiveLoan.findFirstOrThrow({ where: { borrowerId: 'xu-hui' } });
    const soon = (dueSoon.dueAt?.getTime() ?? 0) <= Date.now() + DUE_SOON_DAYS * DAY_MS;
    await shows(list, soon ? '借出中（1）' : '借出中（2）');
    const row = sectionOf(list, target.archiveNo);
    await shows(row, `${target.archiveNo} ${title} · 高燕 · 到期 ${day(loan.dueAt)}`);
    await shot('09-loans-out');

    // 归还 from the list: the record's condition is required.
    await row.getByRole('button', { name: '归还', exact: true }).click();
    const back = page.getByRole('dialog', { name: '归还档案' });
    await back.getByLabel('归还时档案状况').fill('完好，无缺页');
    await shot('10-return-form');
    await back.getByRole('button', { name: '确认归还' }).click();
    await gone(back);
    await gone(card.getByRole('button', { name: '归还', exact: true }));
    expect(await prisma().archiveLoan.findFirstOrThrow({ where: { entryId: target.id } })).toMatchObject({
      status: 'returned',
      returnedById: 'feng-xiaoyu',
      condition: '完好，无缺页',
    });

    // 高燕's card says it came back, and in what state.
    await actAs(PEOPLE.gaoYan);
    await shows(cardTitled(title), '完好，无缺页');
    await shot('11-returned');
  }, 150_000);
});
