import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPlayground } from '../../src/playground/start.ts';
import { databaseKinds } from '../support/databases.ts';
import {
  csvRecords,
  downloadFile,
  option,
  options,
  type PlaygroundMessage,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
  text,
} from '../support/playground.ts';

// An incoming document (收文) in chat, through signed requests to the bot and the Slack double:
// the secretary registers it with `/doc receive`, the office head proposes, the director's 批办
// form names three leaders, the lead department and its handler, the leaders read in turn, the
// handler raises a question the director answers from their card (问题上报), and the handler
// completes it.

const P = {
  zhouJing: 'U0EXAMPLE04', // secretary
  xuHui: 'U0EXAMPLE14', // clerk: may not register
  zhaoMin: 'U0EXAMPLE03', // office head
  zhangJianguo: 'U0EXAMPLE01', // director
  liWeidong: 'U0EXAMPLE02',
  wangZhenhua: 'U0EXAMPLE06',
  chenLixin: 'U0EXAMPLE07',
  liuYang: 'U0EXAMPLE12', // water-admin head: the handler
  maQiang: 'U0EXAMPLE15', // construction head: the co-department (协办)
} as const;

describe.each(databaseKinds)('incoming documents in chat on %s', (kind) => {
  let running: TestPlayground;
  let playground: RunningPlayground;
  let pg: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ playground, pg } = running);
  }, 90_000);

  afterAll(async () => {
    await running?.stop();
  });

  const title = '关于做好2027年元旦春节期间水利安全生产工作的通知';
  const registration = (values: { title: string; date?: string }) => ({
    doc_receive_title: { doc_receive_title_input: text(values.title) },
    doc_receive_issuer: { doc_receive_issuer_input: text('市水利局') },
    doc_receive_their_number: { doc_receive_their_number_input: text('市水安〔2026〕31号') },
    doc_receive_date: { doc_receive_date_input: text(values.date ?? '２０２６-11-20') },
    doc_receive_category: { doc_receive_category_select: option('upper') },
    doc_receive_urgency: { doc_receive_urgency_select: option('urgent') },
    doc_receive_secrecy: { doc_receive_secrecy_select: option('internal') },
    doc_receive_copies: { doc_receive_copies_input: text('2') },
    doc_receive_link: { doc_receive_link_input: text('') },
  });

  const cardWith = (user: string, button: string): Promise<PlaygroundMessage> =>
    pg.cardWithButton(user, title, button);

  /** The user's top form once it is the one titled `title` (an earlier form may still be closing). */
  const formTitled = (user: string, title: string) =>
    pg.waitFor(
      user,
      (s) => {
        const top = s.modals.at(-1);
        return top?.title?.text === title ? top : null;
      },
      `the ${title} form of ${user}`,
    );

  it('refuses registration by anyone but the secretary, on the form', async () => {
    await pg.command(P.xuHui, '/doc', 'receive');
    const form = await pg.modal(P.xuHui, 'the registration form');
    const refused = await pg.submit(P.xuHui, form.id, registration({ title }));
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { doc_receive_title: expect.stringContaining('secretary') },
    });
  });

  it('registers with a 收文编号, checks the date, and waits on the office head', async () => {
    await pg.command(P.zhouJing, '/doc', 'receive');
    const form = await pg.modal(P.zhouJing, 'the registration form');
    expect(form.title?.text).toBe('收文登记');
    const badDate = await pg.submit(P.zhouJing, form.id, registration({ title, date: '11/20/2026' }));
    expect(badDate.body).toMatchObject({ ok: false, errors: { doc_receive_date: expect.any(String) } });
    expect((await pg.submit(P.zhouJing, form.id, registration({ title }))).body).toEqual({ ok: true });
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );
    const done = await pg.waitFor(
      P.zhouJing,
      (s) => pg.dm(s).messages.find((m) => m.text.includes('已登记收文')),
      'the registration reply',
    );
    expect(done.text).toContain(`示水收上〔${year}〕1号`);
    const card = await cardWith(P.zhaoMin, 'wf_approve');
    const blocks = JSON.stringify(card.blocks);
    expect(blocks).toContain('市水利局');
    expect(blocks).toContain('2026-11-20');
  });

  it('runs 拟办 → 批办 → circulation among three leaders → handling to completion', async () => {
    // 拟办
    let card = await cardWith(P.zhaoMin, 'wf_approve');
    await pg.click(P.zhaoMin, card, 'wf_approve');
    let form = await pg.modal(P.zhaoMin);
    await pg.submit(P.zhaoMin, form.id, {
      wf_modal_comment: { wf_comment_input: text('拟请张局长阅示，水政水资源科办理。') },
    });

    // 批办: the button is named for the step and opens its own form.
    card = await cardWith(P.zhangJianguo, 'wf_approve');
    const button = pg.buttonOf(card, 'wf_approve');
    expect(JSON.stringify(button?.element)).toContain('批办');
    await pg.click(P.zhangJianguo, card, 'wf_approve');
    form = await pg.modal(P.zhangJianguo, 'the 批办 form');
    expect(form.title?.text).toBe('批办');
    const instruction = (handler: string) => ({
      doc_instruct_comment: {
        doc_instruct_comment_input: text('请李局、王局、陈局阅。水政水资源科牵头办理。'),
      },
      doc_instruct_lead: { doc_instruct_lead_select: option('water-admin') },
      doc_instruct_handler: { doc_instruct_handler_select: option(handler) },
      doc_instruct_co: { doc_instruct_co_select: options(['construction']) },
      doc_instruct_readers: {
        doc_instruct_readers_select: options(['li-weidong', 'wang-zhenhua', 'chen-lixin']),
      },
      doc_instruct_days: { doc_instruct_days_input: text('3') },
    });
    // A handler outside the lead department is refused on the form.
    const wrong = await pg.submit(P.zhangJianguo, form.id, instruction('ma-qiang'));
    expect(wrong.body).toMatchObject({ ok: false, errors: { doc_instruct_handler: expect.any(String) } });
    expect((await pg.submit(P.zhangJianguo, form.id, instruction('liu-yang'))).body).toEqual({ ok: true });

    // Circulation: each leader in turn; the next one's card offers 已阅 only when it is their turn.
    for (const leader of [P.liWeidong, P.wangZhenhua, P.chenLixin]) {
      card = await cardWith(leader, 'wf_acknowledge');
      expect((await pg.click(leader, card, 'wf_acknowledge')).body).toEqual({ ok: true });
      const readForm = (await pg.state(leader)).modals.at(-1);
      if (readForm)
        await pg.submit(leader, readForm.id, { wf_modal_comment: { wf_comment_input: text('已阅。') } });
    }

    // 问题上报: the handler raises a question from the card; the instructing director is told.
    card = await cardWith(P.liuYang, 'wf_complete');
    expect(JSON.stringify(card.blocks)).toContain('3 个工作日');
    const question = '两个项目尚未立项，是否一并上报？';
    await pg.click(P.liuYang, card, 'wf_comment');
    form = await formTitled(P.liuYang, '评论');
    await pg.submit(P.liuYang, form.id, { wf_modal_comment: { wf_comment_input: text(question) } });
    const reported = await pg.waitFor(
      P.zhangJianguo,
      (s) => pg.dm(s).messages.find((m) => m.text.includes('向你上报了问题')),
      'the 问题上报 notice to the director',
    );
    expect(reported.text).toBe(
      `刘洋在承办「${title}」时向你上报了问题，请在卡片的办理记录中查看，可点卡片上的「答复」给出答复。`,
    );

    // The director answers from their own copy of the card (once it shows the question: an older
    // copy would be out of date): 答复 opens the opinion form.
    card = await pg.waitFor(
      P.zhangJianguo,
      (s) => {
        const found = pg.cardTitled(title)(s);
        return found && pg.buttonOf(found, 'wf_comment') && JSON.stringify(found.blocks).includes(question)
          ? found
          : null;
      },
      "the question on the director's card",
    );
    expect(JSON.stringify(pg.buttonOf(card, 'wf_comment')?.element)).toContain('答复');
    expect(pg.buttonOf(card, 'wf_complete')).toBeNull();
    const answer = '一并上报，注明两个项目尚未立项。';
    await pg.click(P.zhangJianguo, card, 'wf_comment');
    form = await formTitled(P.zhangJianguo, '评论');
    await pg.submit(P.zhangJianguo, form.id, { wf_modal_comment: { wf_comment_input: text(answer) } });
    const replied = await pg.waitFor(
      P.liuYang,
      (s) => pg.dm(s).messages.find((m) => m.text.includes('答复了你')),
      'the answer notice to the handler',
    );
    expect(replied.text).toBe(`张建国答复了你在承办「${title}」时上报的问题，请在卡片的办理记录中查看。`);
    // The answer is in the card's history, after the question.
    card = await pg.waitFor(
      P.liuYang,
      (s) => {
        const found = pg.cardTitled(title)(s);
        return found && JSON.stringify(found.blocks).includes(answer) ? found : null;
      },
      "the answer on the handler's card",
    );
    const history = JSON.stringify(card.blocks);
    expect(history.indexOf(question)).toBeGreaterThan(-1);
    expect(history.indexOf(answer)).toBeGreaterThan(history.indexOf(question));
    // A reader who only read it gets no button to answer with.
    const reader = pg.cardTitled(title)(await pg.state(P.liWeidong));
    expect(reader && pg.buttonOf(reader, 'wf_comment')).toBeNull();

    // 协办: the co-department's head got the card when handling started, and adds a contribution.
    card = await pg.waitFor(
      P.maQiang,
      (s) => {
        const found = pg.cardTitled(title)(s);
        return found && pg.buttonOf(found, 'wf_comment') && JSON.stringify(found.blocks).includes(answer)
          ? found
          : null;
      },
      "the up-to-date card of the co-department's head",
    );
    expect(JSON.stringify(pg.buttonOf(card, 'wf_comment')?.element)).toContain('协办意见');
    expect(pg.buttonOf(card, 'wf_complete')).toBeNull();
    await pg.click(P.maQiang, card, 'wf_comment');
    form = await formTitled(P.maQiang, '评论');
    const contribution = '工程科意见：节日期间在建工地停工，安全检查已排班。';
    await pg.submit(P.maQiang, form.id, { wf_modal_comment: { wf_comment_input: text(contribution) } });
    const contributed = await pg.waitFor(
      P.liuYang,
      (s) => pg.dm(s).messages.find((m) => m.text.includes('协办意见')),
      'the contribution notice',
    );
    expect(contributed.text).toBe(`马强就你承办的「${title}」提交了协办意见，请在卡片的办理记录中查看。`);
    await pg.waitFor(
      P.liuYang,
      (s) => {
        const found = pg.cardTitled(title)(s);
        return found && JSON.stringify(found.blocks).includes(contribution) ? found : null;
      },
      "the contribution on the handler's card",
    );

    // Handling: the lead department's handler completes it with a result.
    card = await cardWith(P.liuYang, 'wf_complete');
    await pg.click(P.liuYang, card, 'wf_complete');
    form = await formTitled(P.liuYang, '办结');
    await pg.submit(P.liuYang, form.id, {
      wf_modal_result: { wf_result_input: text('已部署节日安全检查并报市局。') },
    });
    const finished = await pg.waitFor(
      P.zhouJing,
      (s) => {
        const found = pg.cardTitled(title)(s);
        return found && JSON.stringify(found.blocks).includes('已部署节日安全检查并报市局。') ? found : null;
      },
      'the finished card for the secretary',
    );
    expect(JSON.stringify(finished.blocks)).toContain('工程建设管理科');
    // The card says how it ended and who registered it; 拟办 is named as such, with its text.
    const shown = JSON.stringify(finished.blocks);
    expect(shown).toContain('*已办结*');
    expect(shown).not.toContain('已通过');
    expect(shown).toContain('登记人：周静');
    expect(shown).not.toContain('申请人');
    expect(shown).toContain('*赵敏* 拟办');
    expect(shown).toContain('>拟请张局长阅示，水政水资源科办理。');
    expect(shown).not.toContain('*赵敏* 同意');
    // The registering secretary is told who closed it and with what result.
    const notice = await pg.waitFor(
      P.zhouJing,
      (s) => pg.dm(s).messages.find((m) => m.text.includes('已由刘洋办结')),
      'the notice that it was closed',
    );
    expect(notice.text).toBe(`你登记的「${title}」已由刘洋办结：已部署节日安全检查并报市局。`);
  }, 120_000);
  it('exports the 收文登记簿 with the registration, the instruction and the completion', async () => {
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );
    await pg.command(P.zhouJing, '/doc', `登记簿 收文 ${year}`);
    const message = await pg.waitFor(
      P.zhouJing,
      (s) => pg.dm(s).messages.find((m) => (m as { files?: unknown[] }).files?.length),
      'the uploaded register',
    );
    const [file] = (message as unknown as { files: Array<{ title: string; url: string }> }).files;
    expect(file?.title).toBe(`收文登记簿-${year}.csv`);
    const { bom, records } = csvRecords(await downloadFile(file?.url ?? ''));
    expect(bom).toBe(true);
    const [header, ...rows] = records;
    const column = (name: string) => header?.indexOf(name) ?? -1;
    expect(rows).toHaveLength(1);
    const row = rows[0] as string[];
    expect(row[column('收文编号')]).toBe(`示水收上〔${year}〕1号`);
    expect(row[column('来文单位')]).toBe('市水利局');
    expect(row[column('拟办人')]).toBe('赵敏');
    expect(row[column('批办人')]).toBe('张建国');
    expect(row[column('主办部门')]).toBe('水政水资源科');
    expect(row[column('协办部门')]).toBe('工程建设管理科');
    expect(row[column('承办人')]).toBe('刘洋');
    expect(row[column('办理结果')]).toBe('已部署节日安全检查并报市局。');
    expect(row[column('状态')]).toBe('已办结');
    // The completion time is the audit log's.
    const completed = await playground.bot.db.prisma.auditEntry.findFirstOrThrow({
      where: { instanceId: row[column('流程编号')] as string, action: 'complete' },
    });
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai',
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(completed.at);
    expect(row[column('办结时间')]).toBe(local);
  });
});
