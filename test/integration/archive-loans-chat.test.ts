import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addArchiveEntry } from '../support/archive-entries.ts';
import { databaseKinds } from '../support/databases.ts';
import {
  option,
  type PlaygroundMessage,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
  text,
} from '../support/playground.ts';

// Borrowing an archive record through signed requests to the bot and the Slack double: the 借阅
// button of a search result opens the form, the department head approves on the card, the
// archivist's 出借 form sets the due date (never more days than approved), and 归还 takes it back
// with a condition note.

const P = {
  gaoYan: 'U0EXAMPLE05', // construction: the borrower
  maQiang: 'U0EXAMPLE15', // construction head
  fengXiaoyu: 'U0EXAMPLE11', // archivist
  zhaoMin: 'U0EXAMPLE03', // office head
  liWeidong: 'U0EXAMPLE02', // the office's supervising leader
} as const;

describe.each(databaseKinds)('archive loans in chat on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ pg } = running);
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  const prisma = () => running.playground.bot.db.prisma;
  const topModal = (user: string, needle: string) =>
    pg.waitFor(
      user,
      (s) => {
        const view = s.modals.at(-1);
        return view && JSON.stringify(view.blocks).includes(needle) ? view : null;
      },
      `a form showing ${needle}`,
    );
  /** Presses a button that sits on a message of `user` (a search result's 借阅). */
  const pressOn = (user: string, message: PlaygroundMessage, actionId: string, value: string) =>
    pg.post('/api/action', {
      user,
      source: { type: 'message', channel: message.channel, ts: message.ts },
      action: { type: 'button', action_id: actionId, block_id: 'archive_result', value },
    });

  it('borrows a record: form, head approval, 出借 with the due date, 归还 with its condition', async () => {
    const title = '关于2015年度防汛抗旱工作的总结报告';
    const entry = await addArchiveEntry(prisma(), { archiveNo: 'SS-2015-Y30-WS-0007', title, year: 2015 });
    // Found by `/archive 防汛抗旱`: its result carries 借阅.
    await pg.command(P.gaoYan, '/archive', '防汛抗旱');
    const result = await pg.waitFor(
      P.gaoYan,
      (s) =>
        s.conversations
          .flatMap((c) => c.messages)
          .find(
            (m) =>
              m.ephemeral && pg.buttonOf(m, 'archive_borrow') && JSON.stringify(m.blocks).includes(title),
          ),
      'the search result',
    );
    expect((await pg.click(P.gaoYan, result, 'archive_borrow')).body).toEqual({ ok: true });
    const form = await topModal(P.gaoYan, 'SS-2015-Y30-WS-0007');
    const refused = await pg.submit(P.gaoYan, form.id, {
      archive_loan_kind: { archive_loan_kind_select: option('borrow') },
      archive_loan_purpose: { archive_loan_purpose_input: text('') },
      archive_loan_days: { archive_loan_days_input: text('45') },
      archive_loan_outside: { archive_loan_outside_input: text('') },
    });
    expect(refused.body).toMatchObject({
      ok: false,
      errors: {
        archive_loan_purpose: expect.stringContaining('请填写用途'),
        archive_loan_days: expect.stringContaining('1 到 30'),
      },
    });
    expect(await prisma().archiveLoan.count({ where: { entryId: entry.id } })).toBe(0);
    const sent = await pg.submit(P.gaoYan, form.id, {
      archive_loan_kind: { archive_loan_kind_select: option('borrow') },
      archive_loan_purpose: { archive_loan_purpose_input: text('编写防汛工作年度总结') },
      archive_loan_days: { archive_loan_days_input: text('５天') },
      archive_loan_outside: { archive_loan_outside_input: text('') },
    });
    expect(sent.body).toEqual({ ok: true });
    await pg.waitFor(
      P.gaoYan,
      (s) =>
        pg
          .dm(s)
          ?.messages.find((m) => m.text.includes('已提交档案借阅申请（SS-2015-Y30-WS-0007），等待马强审批')),
      'the confirmation',
    );

    const headCard = await pg.cardWithButton(P.maQiang, title, 'wf_approve');
    expect(JSON.stringify(headCard.blocks)).toContain('编写防汛工作年度总结');
    expect((await pg.click(P.maQiang, headCard, 'wf_approve')).body).toEqual({ ok: true });

    const lendCard = await pg.waitFor(
      P.fengXiaoyu,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(pg.buttonOf(card, 'wf_approve')?.element ?? {}).includes('出借')
          ? card
          : null;
      },
      'the 出借 button',
    );
    expect((await pg.click(P.fengXiaoyu, lendCard, 'wf_approve')).body).toEqual({ ok: true });
    const lendForm = await topModal(P.fengXiaoyu, 'archive_lend_days');
    const tooLong = await pg.submit(P.fengXiaoyu, lendForm.id, {
      archive_lend_days: { archive_lend_days_input: text('6') },
      archive_lend_note: { archive_lend_note_input: text('') },
    });
    expect(tooLong.body).toMatchObject({
      ok: false,
      errors: { archive_lend_days: expect.stringContaining('1 到 5') },
    });
    const lent = await pg.submit(P.fengXiaoyu, lendForm.id, {
      archive_lend_days: { archive_lend_days_input: text('') },
      archive_lend_note: { archive_lend_note_input: text('原件，请勿拆卷') },
    });
    expect(lent.body).toEqual({ ok: true });

    const returnCard = await pg.waitFor(
      P.fengXiaoyu,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(pg.buttonOf(card, 'wf_approve')?.element ?? {}).includes('归还')
          ? card
          : null;
      },
      'the 归还 button',
    );
    const loan = await prisma().archiveLoan.findFirstOrThrow({ where: { entryId: entry.id } });
    expect(loan).toMatchObject({ status: 'lent', lentById: 'feng-xiaoyu', days: 5 });
    expect(loan.dueAt).not.toBeNull();
    // The due date is the end of the fifth working day after lending (18:00 in Shanghai).
    const due = loan.dueAt as Date;
    expect(due.getUTCHours()).toBe(10);
    const working = (loan.lentAt as Date).getTime();
    // Five working days end no sooner than 4 days 18 hours after lending: lent late on a
    // Sunday (23:59), due on Friday at 18:00. Lent on a weekday it is longer.
    expect(due.getTime() - working).toBeGreaterThanOrEqual((4 * 24 + 18) * 3600 * 1000);
    // Holidays may lengthen it (春节), never beyond a few weeks.
    expect(due.getTime() - working).toBeLessThan(20 * 24 * 3600 * 1000);

    // `/archive loans`: the borrower sees it out; the archivist presses 归还 on the list.
    await pg.command(P.gaoYan, '/archive', 'loans');
    await pg.waitFor(
      P.gaoYan,
      (s) => s.conversations.flatMap((c) => c.messages).find((m) => m.ephemeral && m.text.includes('借出中')),
      'her loans',
    );
    await pg.command(P.fengXiaoyu, '/archive', 'loans');
    const listed = await pg.waitFor(
      P.fengXiaoyu,
      (s) =>
        s.conversations
          .flatMap((c) => c.messages)
          .find(
            (m) =>
              m.ephemeral && m.text.includes('SS-2015-Y30-WS-0007') && pg.buttonOf(m, 'archive_loan_return'),
          ),
      'the loans list',
    );
    expect(listed.text).toContain('高燕');
    expect(JSON.stringify(returnCard.blocks)).toContain('归还');
    expect((await pg.click(P.fengXiaoyu, listed, 'archive_loan_return')).body).toEqual({ ok: true });
    const returnForm = await topModal(P.fengXiaoyu, 'archive_condition');
    const empty = await pg.submit(P.fengXiaoyu, returnForm.id, {
      archive_condition: { archive_condition_input: text(' ') },
    });
    expect(empty.body).toMatchObject({ ok: false, errors: { archive_condition: expect.any(String) } });
    const back = await pg.submit(P.fengXiaoyu, returnForm.id, {
      archive_condition: { archive_condition_input: text('完好，无缺页') },
    });
    expect(back.body).toEqual({ ok: true });
    await pg.waitFor(
      P.gaoYan,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(card.blocks).includes('*已归还*') ? card : null;
      },
      'the finished card, closed by the return',
    );
    // Her notice says the loan is closed by the return, not that an approval finished; the 归还
    // card offered nothing that ends a loan otherwise (驳回, 退回: the record was out).
    await pg.waitFor(
      P.gaoYan,
      (s) =>
        s.conversations
          .flatMap((c) => c.messages)
          .find((m) => m.text.includes('已由冯晓雨确认归还，借阅结束')),
      'the return notice',
    );
    expect(pg.buttonOf(returnCard, 'wf_reject')).toBeFalsy();
    expect(pg.buttonOf(returnCard, 'wf_return')).toBeFalsy();
    expect(await prisma().archiveLoan.findFirstOrThrow({ where: { entryId: entry.id } })).toMatchObject({
      status: 'returned',
      returnedById: 'feng-xiaoyu',
      condition: '完好，无缺页',
    });
  }, 90_000);

  it('destroys a record past retention only after both appraisers and the leader agreed', async () => {
    const entry = await prisma().archiveEntry.create({
      data: {
        id: randomUUID(),
        archiveNo: 'SS-2008-D10-WS-0003',
        title: '关于2008年度办公用品采购的通知',
        year: 2008,
        category: '文书',
        retention: '10y',
        secrecy: 'internal',
        terms: [],
        source: 'manual',
        createdAt: new Date(),
      },
    });
    // `/archive appraisal` lists it, with 提请销毁.
    await pg.command(P.zhaoMin, '/archive', 'appraisal');
    const list = await pg.waitFor(
      P.zhaoMin,
      (s) =>
        s.conversations
          .flatMap((c) => c.messages)
          .find(
            (m) =>
              m.ephemeral &&
              m.text.includes('SS-2008-D10-WS-0003') &&
              pg.buttonOf(m, 'archive_destroy_start'),
          ),
      'the appraisal list',
    );
    expect(list.text).toContain('保管期限已满的档案');
    await pg.click(P.zhaoMin, list, 'archive_destroy_start');
    const form = await topModal(P.zhaoMin, 'archive_destroy_method');
    await pg.submit(P.zhaoMin, form.id, {
      archive_destroy_method: { archive_destroy_method_input: text('碎纸机粉碎，监销人：赵敏、冯晓雨') },
    });
    await pg.waitFor(
      P.zhaoMin,
      (s) => pg.dm(s)?.messages.find((m) => m.text.includes('已提请销毁')),
      'the confirmation',
    );
    const title = '档案销毁（';
    let expected = 1;
    const agree = async (user: string, opinion: string) => {
      // The card as of the version after the previous act (an earlier copy would be out of date).
      const deadline = Date.now() + 20_000;
      let version = 0;
      for (;;) {
        ({ version } = await prisma().workflowInstance.findFirstOrThrow({
          where: { definitionId: 'archive_destroy' },
          orderBy: { createdAt: 'desc' },
        }));
        if (version >= expected || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expected = version + 1;
      const card = await pg.waitFor(
        user,
        (s) => {
          const found = pg.cardTitled(title)(s);
          const value = found ? String(pg.buttonOf(found, 'wf_approve')?.element.value ?? '') : '';
          return value.includes(`"v":${version}`) ? found : null;
        },
        `${user}'s card at version ${version}`,
      );
      await pg.click(user, card, 'wf_approve');
      const opinionForm = await topModal(user, 'wf_modal_comment');
      await pg.submit(user, opinionForm.id, { wf_modal_comment: { wf_comment_input: text(opinion) } });
    };
    await agree(P.zhaoMin, '已到保管期限，同意销毁。');
    // One of two appraisers agreed: the leader is not asked yet, and the record is kept.
    expect((await prisma().archiveEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe('kept');
    expect(pg.cardTitled(title)(await pg.state(P.liWeidong))).toBeUndefined();
    await agree(P.fengXiaoyu, '经鉴定无继续保存价值。');
    expect((await prisma().archiveEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe('kept');
    await agree(P.liWeidong, '同意销毁。');
    await pg.waitFor(
      P.zhaoMin,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(card.blocks).includes('已通过') ? card : null;
      },
      'the finished card',
    );
    expect(await prisma().archiveEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      status: 'destroyed',
    });
    expect(
      await prisma().archiveDestruction.findUniqueOrThrow({ where: { entryId: entry.id } }),
    ).toMatchObject({
      approverIds: ['zhao-min', 'feng-xiaoyu', 'li-weidong'],
      details: { method: '碎纸机粉碎，监销人：赵敏、冯晓雨' },
    });
  }, 90_000);

  it('records a copy: the head approves, the archivist’s 已复制 never exceeds the copies approved', async () => {
    const title = '关于2014年度水资源公报的通知';
    const entry = await prisma().archiveEntry.create({
      data: {
        id: randomUUID(),
        archiveNo: 'SS-2014-Y30-WS-0021',
        title,
        year: 2014,
        category: '文书',
        retention: '30y',
        secrecy: 'internal',
        terms: [],
        source: 'manual',
        createdAt: new Date(),
      },
    });
    const anchor = await pg.waitFor(
      P.gaoYan,
      (s) => s.conversations.flatMap((c) => c.messages).find((m) => m.from === 'bot'),
      'a message to press on',
    );
    await pressOn(P.gaoYan, anchor, 'archive_borrow', JSON.stringify({ entryId: entry.id }));
    const form = await topModal(P.gaoYan, 'SS-2014-Y30-WS-0021');
    expect(
      (
        await pg.submit(P.gaoYan, form.id, {
          archive_loan_kind: { archive_loan_kind_select: option('copy') },
          archive_loan_purpose: { archive_loan_purpose_input: text('报送市局备查') },
          archive_loan_copies: { archive_loan_copies_input: text('2份') },
          archive_loan_outside: { archive_loan_outside_input: text('') },
        })
      ).body,
    ).toEqual({ ok: true });
    const headCard = await pg.cardWithButton(P.maQiang, title, 'wf_approve');
    await pg.click(P.maQiang, headCard, 'wf_approve');
    const copyCard = await pg.waitFor(
      P.fengXiaoyu,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(pg.buttonOf(card, 'wf_approve')?.element ?? {}).includes('已复制')
          ? card
          : null;
      },
      'the 已复制 button',
    );
    await pg.click(P.fengXiaoyu, copyCard, 'wf_approve');
    const copyForm = await topModal(P.fengXiaoyu, 'archive_copies_made');
    const tooMany = await pg.submit(P.fengXiaoyu, copyForm.id, {
      archive_copies_made: { archive_copies_made_input: text('3') },
      archive_lend_note: { archive_lend_note_input: text('') },
    });
    expect(tooMany.body).toMatchObject({
      ok: false,
      errors: { archive_copies_made: expect.stringContaining('1 到 2') },
    });
    expect(
      (
        await pg.submit(P.fengXiaoyu, copyForm.id, {
          archive_copies_made: { archive_copies_made_input: text('2') },
          archive_lend_note: { archive_lend_note_input: text('') },
        })
      ).body,
    ).toEqual({ ok: true });
    await pg.waitFor(
      P.gaoYan,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(card.blocks).includes('*已交付*') ? card : null;
      },
      'the finished card',
    );
    expect(await prisma().archiveLoan.findFirstOrThrow({ where: { entryId: entry.id } })).toMatchObject({
      kind: 'copy',
      status: 'copied',
      copies: 2,
      lentById: 'feng-xiaoyu',
    });
  }, 90_000);
});
