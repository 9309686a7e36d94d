import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importCatalog, parseCatalogCsv } from '../../src/features/supply/catalog.ts';
import { addArchiveEntry } from '../support/archive-entries.ts';
import { databaseKinds, type TestDatabaseKind } from '../support/databases.ts';
import { startDingTalkOffice } from '../support/dingtalk-office.ts';
import type { FakeClock } from '../support/fake-clock.ts';
import type { CapturedLogs } from '../support/logs.ts';
import { OFFICE_PUBLIC_URL, type OfficeCard, type OfficeUser } from '../support/office-people.ts';
import { startWeComOffice } from '../support/wecom-office.ts';

// The office's features end to end on DingTalk and on WeCom, the whole bot against each
// platform's local stand-in: people type commands to the bot, press the buttons of their own copy
// of each card, give opinions (in the card's panel on DingTalk; through the form's link on WeCom,
// whose cards take no typed text), and fill the long forms (drafting, registration, 签发, 批办,
// 已盖章, 发放, loans) on the bot's web page through the signed link the bot sent them. What they
// see is what the stand-in holds (cards, messages in their chat with the bot); what the office
// keeps is checked in the database.

/** What the scenarios need of the office on one platform. */
interface Office {
  prisma: Awaited<ReturnType<typeof startDingTalkOffice>>['prisma'];
  clock: FakeClock;
  logs: CapturedLogs;
  people<K extends string>(ids: Record<K, string>): Record<K, OfficeUser>;
  stop(): Promise<void>;
}

interface Platform {
  name: string;
  start(kind: TestDatabaseKind): Promise<Office>;
  /**
   * Every change updates a person's copy in place (DingTalk). On WeCom an update code works once:
   * a copy changes in place once per code, and a new copy comes only when the person has
   * something new to do or, for the requester, when the item ends.
   */
  updatesInPlace: boolean;
}

const PLATFORMS: Platform[] = [
  { name: 'DingTalk', start: (kind) => startDingTalkOffice(kind), updatesInPlace: true },
  { name: 'WeCom', start: (kind) => startWeComOffice(kind), updatesInPlace: false },
];

const YEAR = 2026;

const runs = PLATFORMS.flatMap((platform) => databaseKinds.map((kind) => ({ platform, kind })));

describe.each(runs)('the office on $platform.name ($kind)', ({ platform, kind }) => {
  let office: Office;
  beforeAll(async () => {
    office = await platform.start(kind);
  }, 90_000);
  afterAll(async () => {
    await office?.stop();
  });

  /**
   * `later` is the person's current copy of the item's card, the one the bot keeps: on DingTalk
   * `first` itself, updated in place; on WeCom possibly a newer copy, recorded in its place.
   */
  async function expectKeptCopy(personId: string, title: string, first: OfficeCard, later: OfficeCard) {
    if (platform.updatesInPlace) expect(later.id).toBe(first.id);
    // A new copy reaches the person before the bot records it in place of the old one (the send
    // comes first, so a crash between them posts again rather than loses the copy): wait for it.
    await vi.waitFor(
      async () => {
        const copy = await office.prisma.cardMessage.findFirstOrThrow({
          where: { recipient: personId, instance: { title } },
        });
        expect(Object.values(copy.messageRef as Record<string, unknown>)).toContain(later.id);
      },
      { timeout: 10_000, interval: 20 },
    );
  }

  it('runs an outgoing document from drafting through review, countersign, 签发 and numbering to sent', async () => {
    const { xuHui, liuYang, zhaoMin, maQiang, wangZhenhua, director, zhengTao, zhouJing } = office.people({
      xuHui: 'xu-hui', // drafter, reads English
      liuYang: 'liu-yang', // water-admin head
      zhaoMin: 'zhao-min', // office head
      maQiang: 'ma-qiang', // construction head: countersigns
      wangZhenhua: 'wang-zhenhua', // water-admin's supervising leader
      director: 'zhang-jianguo',
      zhengTao: 'zheng-tao', // print room
      zhouJing: 'zhou-jing', // secretary
    });
    const title = '关于申请2027年度水利建设资金的请示';

    // `/doc new` typed to the bot answers with the drafting form's link; a mistake stays on the page.
    const draft = await xuHui.askForForm('/doc new');
    expect(draft.startsWith(`${OFFICE_PUBLIC_URL}/forms/documents.new?t=`)).toBe(true);
    expect(office.logs.text()).not.toContain('PUBLIC_URL');
    expect((await xuHui.open(draft)).html).toContain('name="countersignDepartments"');
    const fields = {
      title,
      docTypeId: 'main',
      direction: 'upward',
      urgency: 'urgent',
      secrecy: 'internal',
      mainRecipients: '县人民政府',
      copyTo: '',
      countersignDepartments: ['construction'],
      draftLink: 'https://files.example.gov.cn/drafts/42',
      copies: '５',
    };
    const refused = await xuHui.submit(draft, { ...fields, title: '  ', direction: '' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('id="f-title-error"');
    expect(await office.prisma.workflowInstance.count({ where: { title } })).toBe(0);
    const drafted = await xuHui.submit(draft, fields);
    expect(drafted.status).toBe(200);
    expect(drafted.html).toContain('waiting for Liu Yang to review it');
    const drafterCard = await xuHui.card(title);

    // 核稿, 把关, the countersigning department, the supervising leader: an opinion on each card.
    await liuYang.act(title, '同意', '核稿无误。');
    await zhaoMin.act(title, '同意', '已把关，请工程科会签。');
    await maQiang.act(title, '同意', '工程部分无意见。');
    await wangZhenhua.act(title, '同意', '拟同意，请局长签发。');

    // 签发 is the step's own form, on the web: filled from the draft, fixing the distribution.
    const signOff = await director.pressForForm(title, '签发');
    const page = await director.open(signOff);
    expect(page.html).toContain('县人民政府</textarea>');
    expect(page.html).toContain('name="copies" value="5"');
    const decision = { comment: '签发。', mainRecipients: '市水利局', copyTo: '县人民政府，县财政局' };
    expect((await director.submit(signOff, { ...decision, copies: '零' })).status).toBe(422);
    const signed = await director.submit(signOff, { ...decision, copies: '６' });
    expect(signed.status).toBe(200);

    // The print room numbers it. Where every change updates the card, the number shows on the
    // drafter's copy at once.
    const number = `示水发〔${YEAR}〕1号`;
    await zhengTao.act(title, '办结', '已编号排版，印制6份。');
    if (platform.updatesInPlace) {
      const numbered = await xuHui.card(title, (card) => card.body.includes(number));
      expect(numbered.id).toBe(drafterCard.id);
      expect(numbered.updates).toBeGreaterThan(0);
    }

    // The secretary sends it: every copy says so, and the drafter is told by whom and as what.
    await zhouJing.act(title, '办结', '已发送市水利局。');
    const done = await xuHui.card(title, (card) => card.status.includes('Sent'));
    await expectKeptCopy('xu-hui', title, drafterCard, done);
    expect(done.buttons.map((b) => b.action)).not.toContain('recall');
    expect(await xuHui.message('was sent out by Zhou Jing')).toContain(`as ${number}`);
    // On WeCom, eight steps made two cards in the drafter's chat: the first (changed in place
    // once, with the code its post brought) and the outcome; the reviewer who acted saw their
    // own copy change with their press's code, and had no new one.
    const copiesOf = (user: OfficeUser) => user.cards().filter((card) => card.title.includes(title));
    expect(copiesOf(xuHui)).toHaveLength(platform.updatesInPlace ? 1 : 2);
    expect(copiesOf(liuYang)).toHaveLength(1);

    const instance = await office.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    expect(instance.status).toBe('approved');
    const distribution = await office.prisma.documentDistribution.findMany({
      where: { instanceId: instance.id },
      orderBy: [{ kind: 'desc' }, { position: 'asc' }],
    });
    expect(distribution.map((d) => [d.kind, d.recipient, d.sentById])).toEqual([
      ['main', '市水利局', 'zhou-jing'],
      ['copy', '县人民政府', 'zhou-jing'],
      ['copy', '县财政局', 'zhou-jing'],
    ]);
    const opinions = await office.prisma.auditEntry.findMany({
      where: { instanceId: instance.id, action: 'approve' },
      orderBy: { seq: 'asc' },
    });
    expect(opinions.map((entry) => [entry.actorId, entry.comment])).toEqual([
      ['liu-yang', '核稿无误。'],
      ['zhao-min', '已把关，请工程科会签。'],
      ['ma-qiang', '工程部分无意见。'],
      ['wang-zhenhua', '拟同意，请局长签发。'],
      ['zhang-jianguo', '签发。'],
    ]);

    // 归档 on the secretary's card opens the hand-off form on the web; the document goes over once.
    const handOff = await zhouJing.pressForForm(title, '归档');
    const handed = await zhouJing.submit(handOff, {
      retention: 'permanent',
      finalTextLink: 'https://files.example.gov.cn/final/42.pdf',
    });
    expect(handed.status).toBe(200);
    const handoff = await office.prisma.archiveHandoff.findUniqueOrThrow({
      where: { instanceId: instance.id },
    });
    expect(handoff).toMatchObject({ docNumber: number, retention: 'permanent', handedById: 'zhou-jing' });
  }, 90_000);

  it('takes an incoming document from registration through 批办 and 传阅 to 办结', async () => {
    const { zhouJing, zhaoMin, director, liWeidong, wangZhenhua, liuYang } = office.people({
      zhouJing: 'zhou-jing', // secretary
      zhaoMin: 'zhao-min', // office head: 拟办
      director: 'zhang-jianguo', // 批办
      liWeidong: 'li-weidong',
      wangZhenhua: 'wang-zhenhua',
      liuYang: 'liu-yang', // water-admin head: the handler
    });
    const title = '关于做好2027年元旦春节期间水利安全生产工作的通知';

    const registration = await zhouJing.askForForm('/doc receive');
    const registered = await zhouJing.submit(registration, {
      title,
      issuingUnit: '市水利局',
      theirNumber: '市水安〔2026〕31号',
      receivedDate: '2026-11-30',
      category: 'upper',
      urgency: 'urgent',
      secrecy: 'internal',
      copies: '2',
      attachmentLink: '',
    });
    expect(registered.status).toBe(200);
    expect(registered.html).toContain(`示水收上〔${YEAR}〕1号`);
    const secretaryCard = await zhouJing.card(title);

    await zhaoMin.act(title, '同意', '拟请张局长阅示，水政水资源科办理。');
    const instruct = await director.pressForForm(title, '批办');
    const fields = {
      comment: '请李局、王局阅。水政水资源科牵头办理。',
      leadDepartment: 'water-admin',
      coDepartments: [],
      readers: ['li-weidong', 'wang-zhenhua'],
      handlingDays: '3',
    };
    // A handler outside the lead department is refused on the page; nothing is applied.
    const wrong = await director.submit(instruct, { ...fields, handler: 'ma-qiang' });
    expect(wrong.status).toBe(409);
    expect(wrong.html).toContain('承办人须在主办部门');
    expect((await director.submit(instruct, { ...fields, handler: 'liu-yang' })).status).toBe(200);

    // 传阅: one leader after the other; the second has nothing to press before the first has read.
    await liWeidong.card(title, (card) => card.buttons.some((b) => b.text === '已阅'));
    expect(
      wangZhenhua
        .cards()
        .flatMap((card) => card.buttons)
        .some((b) => b.text === '已阅'),
    ).toBe(false);
    await liWeidong.act(title, '已阅', '已阅。');
    await wangZhenhua.act(title, '已阅', '已阅。');

    // 承办 to 办结: the handler records the result; the registering secretary's card says so.
    await liuYang.act(title, '办结', '已部署节日安全检查并报市局。');
    const finished = await zhouJing.card(title, (card) => card.status.includes('已办结'));
    await expectKeptCopy('zhou-jing', title, secretaryCard, finished);
    expect(await zhouJing.message('已由刘洋办结')).toBe(
      `你登记的「${title}」已由刘洋办结：已部署节日安全检查并报市局。`,
    );
    const instance = await office.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    const acts = await office.prisma.auditEntry.findMany({
      where: { instanceId: instance.id, action: { in: ['approve', 'acknowledge', 'complete'] } },
      orderBy: { seq: 'asc' },
    });
    expect(acts.map((entry) => [entry.action, entry.actorId])).toEqual([
      ['approve', 'zhao-min'],
      ['approve', 'zhang-jianguo'],
      ['acknowledge', 'li-weidong'],
      ['acknowledge', 'wang-zhenhua'],
      ['complete', 'liu-yang'],
    ]);
  }, 90_000);

  it('takes 用印 typed to the bot through approval to 已盖章, and writes the seal register row', async () => {
    const { gaoYan, maQiang, wuFang } = office.people({
      gaoYan: 'gao-yan', // construction: the requester
      maQiang: 'ma-qiang', // construction head
      wuFang: 'wu-fang', // custodian of the finance seal
    });
    const title = '关于拨付2027年度防汛经费的请示';
    expect(await gaoYan.ask(`用印 财务章 2 ${title}`)).toContain('已提交用印申请');
    const requesterCard = await gaoYan.card(title);
    await maQiang.act(title, '同意');

    const stamp = await wuFang.pressForForm(title, '已盖章');
    const tooMany = await wuFang.submit(stamp, { impressions: '3', note: '' });
    expect(tooMany.status).toBe(409);
    expect(tooMany.html).toContain('批准用印 2 份');
    expect(await office.prisma.sealUse.count()).toBe(0);
    const stamped = await wuFang.submit(stamp, { impressions: '２次', note: '已核对文件一致。' });
    expect(stamped.status).toBe(200);
    // The link is single use: sent again, nothing more is written.
    expect((await wuFang.submit(stamp, { impressions: '2', note: '' })).status).toBe(410);

    const done = await gaoYan.card(title, (card) => card.body.includes('实际用印'));
    await expectKeptCopy('gao-yan', title, requesterCard, done);
    expect(done.status).toBe('已盖章');
    expect(await gaoYan.message('已由吴芳盖章')).toBe(`你申请的「${title}」已由吴芳盖章 2 次，用印已完成。`);
    const instance = await office.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    expect(await office.prisma.sealUse.findMany({ where: { instanceId: instance.id } })).toEqual([
      expect.objectContaining({
        sealId: 'finance',
        documentTitle: title,
        departmentId: 'construction',
        requesterId: 'gao-yan',
        approverIds: ['ma-qiang'],
        handlerId: 'wu-fang',
        approvedCount: 2,
        impressions: 2,
      }),
    ]);
  }, 60_000);

  it('takes 领用 typed to the bot through approval to 发放, and takes the stock', async () => {
    const parsed = parseCatalogCsv(
      '品名,规格,单位,库存,单价,预警值\n复印纸,A4 70g,包,8,23.50,5\n签字笔,0.5mm 黑,支,30,2,10',
    );
    if (!parsed.ok) throw new Error('the catalog does not parse');
    await importCatalog(office.prisma, {
      rows: parsed.rows,
      actorId: 'zheng-tao',
      now: office.clock.now(),
      timeZone: 'Asia/Shanghai',
    });
    const item = (name: string) => office.prisma.supplyItem.findFirstOrThrow({ where: { name } });
    const [paper, pens] = [await item('复印纸'), await item('签字笔')];
    const { gaoYan, maQiang, zhaoMin, zhengTao } = office.people({
      gaoYan: 'gao-yan',
      maQiang: 'ma-qiang',
      zhaoMin: 'zhao-min', // office head
      zhengTao: 'zheng-tao', // supplies keeper
    });
    const title = '办公用品申领：复印纸×5、签字笔×2';

    expect(await gaoYan.ask('领用 复印纸 5 签字笔2')).toContain(title);
    const requesterCard = await gaoYan.card(title);
    await maQiang.act(title, '同意');
    await zhaoMin.act(title, '同意');
    const issue = await zhengTao.pressForForm(title, '发放');
    const page = await zhengTao.open(issue);
    expect(page.html).toContain('复印纸（A4 70g）');
    const tooMany = await zhengTao.submit(issue, {
      [`item:${paper.id}`]: '5',
      [`item:${pens.id}`]: '3',
      reason: '',
    });
    expect(tooMany.status).toBe(409);
    expect((await item('签字笔')).stock).toBe(pens.stock);
    const issued = await zhengTao.submit(issue, {
      [`item:${paper.id}`]: '5',
      [`item:${pens.id}`]: '1',
      reason: '签字笔暂缺',
    });
    expect(issued.status).toBe(200);
    expect((await item('复印纸')).stock).toBe(paper.stock - 5);
    expect((await item('签字笔')).stock).toBe(pens.stock - 1);
    const issuedCard = await gaoYan.card(title, (card) => card.body.includes('签字笔暂缺'));
    await expectKeptCopy('gao-yan', title, requesterCard, issuedCard);
    expect(issuedCard.status).toBe('已发放');
    expect(await gaoYan.message('已由郑涛发放')).toContain('签字笔（0.5mm 黑） 1支（欠 1支）');
  }, 60_000);

  it('finds a record with 查档 and lends it: 借阅 on the result, approval, 出借 and 归还', async () => {
    const title = '关于2015年度防汛抗旱工作的总结报告';
    const entry = await addArchiveEntry(office.prisma, {
      archiveNo: 'SS-2015-Y30-WS-0007',
      title,
      year: 2015,
      createdAt: office.clock.now(),
    });
    const { gaoYan, maQiang, fengXiaoyu } = office.people({
      gaoYan: 'gao-yan', // the borrower
      maQiang: 'ma-qiang', // her department head
      fengXiaoyu: 'feng-xiaoyu', // archivist
    });

    // The search answers with a card of results, each with 借阅 for the person who asked.
    gaoYan.say('查档 防汛抗旱');
    const result = await gaoYan.card('SS-2015-Y30-WS-0007', (card) =>
      card.buttons.some((b) => b.text === '借阅'),
    );
    expect(result.body).toContain(title);
    const request = await gaoYan.pressForForm('SS-2015-Y30-WS-0007', '借阅');
    const refused = await gaoYan.submit(request, { kind: 'borrow', purpose: '', days: '45', outside: '' });
    expect(refused.status).toBe(422);
    expect(await office.prisma.archiveLoan.count({ where: { entryId: entry.id } })).toBe(0);
    const sent = await gaoYan.submit(request, {
      kind: 'borrow',
      purpose: '编写防汛工作年度总结',
      days: '５天',
      outside: '',
    });
    expect(sent.status).toBe(200);

    await maQiang.act(title, '同意', '同意借阅。');
    const lend = await fengXiaoyu.pressForForm(title, '出借');
    const tooLong = await fengXiaoyu.submit(lend, { days: '6', note: '' });
    expect(tooLong.status).toBe(409);
    expect(tooLong.html).toContain('1 到 5');
    expect((await fengXiaoyu.submit(lend, { days: '', note: '原件，请勿拆卷' })).status).toBe(200);
    const lent = await office.prisma.archiveLoan.findFirstOrThrow({ where: { entryId: entry.id } });
    expect(lent).toMatchObject({ status: 'lent', lentById: 'feng-xiaoyu', days: 5 });

    // 归还 from the archivist's loans list (a reply with a button per record out), as from the card.
    fengXiaoyu.say('查档 loans');
    const list = await fengXiaoyu.card(
      'SS-2015-Y30-WS-0007',
      (card) => card.status === '' && card.buttons.some((b) => b.text === '归还'),
    );
    // On DingTalk a reply's card has an outTrackId of its own kind.
    if (platform.name === 'DingTalk') expect(list.id).toMatch(/^reply-/);
    expect(list.title).toContain('借出中');
    const giveBack = await fengXiaoyu.pressForForm(list.title, '归还');
    expect((await fengXiaoyu.submit(giveBack, { condition: '完好，无缺页' })).status).toBe(200);
    const returned = await office.prisma.archiveLoan.findFirstOrThrow({ where: { entryId: entry.id } });
    expect(returned).toMatchObject({ status: 'returned' });
    const back = await gaoYan.card(title, (card) => card.body.includes('完好，无缺页'));
    expect(back.status).toBe('已归还');
    expect(await gaoYan.message('确认归还')).toBe(`你借阅的「${title}」已由冯晓雨确认归还，借阅结束。`);
  }, 60_000);
});
