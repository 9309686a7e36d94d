import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import {
  option,
  options,
  type PlaygroundMessage,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
  text,
} from '../support/playground.ts';

// An outgoing document (发文) from `/doc new` to sent, through signed requests to the bot and
// the Slack double: the drafting form (checked in place), every step of the upward route with a
// countersigning department, the number assigned at the print room and shown on the card.

const P = {
  xuHui: 'U0EXAMPLE14', // drafter, water-admin, reads English
  liuYang: 'U0EXAMPLE12', // water-admin head
  zhaoMin: 'U0EXAMPLE03', // office head
  maQiang: 'U0EXAMPLE15', // construction head: countersigns
  wangZhenhua: 'U0EXAMPLE06', // water-admin's supervising leader
  zhangJianguo: 'U0EXAMPLE01', // director
  zhengTao: 'U0EXAMPLE10', // print room
  zhouJing: 'U0EXAMPLE04', // secretary
  fengXiaoyu: 'U0EXAMPLE11', // archivist
} as const;

describe.each(databaseKinds)('outgoing documents on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ pg } = running);
  }, 90_000);

  afterAll(async () => {
    await running?.stop();
  });

  const formValues = (fields: { title: string; direction?: string; countersign?: string[] }) => ({
    doc_new_title: { doc_new_title_input: text(fields.title) },
    doc_new_doc_type: { doc_new_doc_type_select: option('main') },
    ...(fields.direction
      ? { doc_new_direction: { doc_new_direction_select: option(fields.direction) } }
      : {}),
    doc_new_urgency: { doc_new_urgency_select: option('urgent') },
    doc_new_secrecy: { doc_new_secrecy_select: option('internal') },
    doc_new_main_recipients: { doc_new_main_recipients_input: text('县人民政府') },
    doc_new_copy_to: { doc_new_copy_to_input: text('') },
    doc_new_countersign: { doc_new_countersign_select: options(fields.countersign ?? []) },
    doc_new_draft_link: { doc_new_draft_link_input: text('https://files.example.gov.cn/drafts/42') },
    doc_new_copies: { doc_new_copies_input: text('５') },
  });

  /** The person presses `button` on the card and writes `comment` in the form that opens. */
  async function act(user: string, title: string, button: string, comment: string) {
    const card = await pg.cardWithButton(user, title, button);
    expect((await pg.click(user, card, button)).body).toEqual({ ok: true });
    const form = await pg.modal(user);
    const input = form.blocks.find((b) => b.type === 'input') as {
      block_id: string;
      element: { action_id: string };
    };
    const submitted = await pg.submit(user, form.id, {
      [input.block_id]: { [input.element.action_id]: text(comment) },
    });
    expect(submitted.body).toEqual({ ok: true });
    return card;
  }

  /** A form of `user` once it shows the block `blockId` (forms that fill in after opening). */
  const formWith = (user: string, blockId: string) =>
    pg.waitFor(
      user,
      (s) => s.modals.findLast((m) => m.blocks.some((b) => b.block_id === blockId)),
      `a form with ${blockId}`,
    );

  /** The leader presses 签发 and sends the sign-off form with these values. */
  async function signOff(
    user: string,
    title: string,
    values: { comment: string; main?: string; copyTo?: string; copies?: string },
  ) {
    const card = await pg.cardWithButton(user, title, 'wf_approve');
    expect(JSON.stringify(pg.buttonOf(card, 'wf_approve')?.element)).toContain('签发');
    expect((await pg.click(user, card, 'wf_approve')).body).toEqual({ ok: true });
    const form = await formWith(user, 'doc_signoff_main');
    const initial = (blockId: string) =>
      (form.blocks.find((b) => b.block_id === blockId) as { element: { initial_value?: string } })?.element
        .initial_value ?? '';
    return pg.submit(user, form.id, {
      doc_signoff_comment: { doc_signoff_comment_input: text(values.comment) },
      doc_signoff_main: { doc_signoff_main_input: text(values.main ?? initial('doc_signoff_main')) },
      doc_signoff_copy_to: {
        doc_signoff_copy_to_input: text(values.copyTo ?? initial('doc_signoff_copy_to')),
      },
      doc_signoff_copies: { doc_signoff_copies_input: text(values.copies ?? initial('doc_signoff_copies')) },
    });
  }

  it('checks the drafting form in place and keeps the form open on a mistake', async () => {
    expect((await pg.command(P.xuHui, '/doc', 'new')).body).toEqual({ ok: true });
    const form = await pg.modal(P.xuHui, 'the drafting form');
    expect(form.title?.text).toBe('New outgoing document');
    const refused = await pg.submit(P.xuHui, form.id, formValues({ title: '   ' }));
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { doc_new_title: expect.any(String), doc_new_direction: expect.any(String) },
    });
    expect((await pg.state(P.xuHui)).modals).toHaveLength(1);
  });

  it('names a countersigning department without a head on the form', async () => {
    const form = (await pg.state(P.xuHui)).modals.at(-1);
    if (!form) throw new Error('the form closed');
    // 'leadership' has leaders but no department head to countersign.
    const refused = await pg.submit(
      P.xuHui,
      form.id,
      formValues({
        title: '关于申请2027年度水利建设资金的请示',
        direction: 'upward',
        countersign: ['leadership'],
      }),
    );
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { doc_new_countersign: expect.stringContaining('Bureau leadership') },
    });
  });

  it('runs an upward document through review, countersign, sign-off, numbering and sending', async () => {
    const title = '关于申请2027年度水利建设资金的请示';
    const form = (await pg.state(P.xuHui)).modals.at(-1);
    if (!form) throw new Error('the form closed');
    const sent = await pg.submit(
      P.xuHui,
      form.id,
      formValues({ title, direction: 'upward', countersign: ['construction'] }),
    );
    expect(sent.body).toEqual({ ok: true });
    await pg.waitFor(
      P.xuHui,
      (s) => pg.dm(s).messages.find((m) => m.text.includes('Submitted')),
      'the confirmation',
    );

    const reviewerCard = await act(P.liuYang, title, 'wf_approve', '核稿无误。');
    expect(JSON.stringify(reviewerCard.blocks)).toContain('上行文');
    await act(P.zhaoMin, title, 'wf_approve', '已把关，请工程科会签。');
    await act(P.maQiang, title, 'wf_approve', '工程部分无意见。');
    await act(P.wangZhenhua, title, 'wf_approve', '拟同意，请局长签发。');

    // Sign-off fixes the distribution: the form comes filled from the draft; a bad count stays open.
    const badCount = await signOff(P.zhangJianguo, title, { comment: '签发。', copies: '零' });
    expect(badCount.body).toMatchObject({ ok: false, errors: { doc_signoff_copies: expect.any(String) } });
    const signForm = (await pg.state(P.zhangJianguo)).modals.at(-1);
    if (!signForm) throw new Error('the sign-off form closed');
    expect(JSON.stringify(signForm.blocks)).toContain('县人民政府');
    expect(JSON.stringify(signForm.blocks)).toContain('"initial_value":"5"');
    const signed = await pg.submit(P.zhangJianguo, signForm.id, {
      doc_signoff_comment: { doc_signoff_comment_input: text('签发。') },
      doc_signoff_main: { doc_signoff_main_input: text('市水利局') },
      doc_signoff_copy_to: { doc_signoff_copy_to_input: text('县人民政府，县财政局') },
      doc_signoff_copies: { doc_signoff_copies_input: text('６') },
    });
    expect(signed.body).toEqual({ ok: true });

    // The print room completes its step: the number is assigned then, and shows on every card.
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );
    const number = `示水发〔${year}〕1号`;
    await act(P.zhengTao, title, 'wf_complete', '已编号排版，印制5份。');
    const numbered = await pg.waitFor(
      P.xuHui,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(card.blocks).includes(number) ? card : null;
      },
      'the number on the requester’s card',
    );
    expect(numbered.edited).toBe(true);

    await act(P.zhouJing, title, 'wf_complete', '已发送市水利局。');
    const done: PlaygroundMessage = await pg.waitFor(
      P.xuHui,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(card.blocks).includes('Sent') ? card : null;
      },
      'the finished card, in the words of a sent document',
    );
    // The history says what the print room and the secretary did, not that it was finished twice.
    expect(JSON.stringify(done.blocks)).toContain(`*Zheng Tao* numbered ${number}`);
    expect(JSON.stringify(done.blocks)).toContain('*Zhou Jing* sent it out');
    expect(JSON.stringify(done.blocks)).not.toContain('completed');
    // The drafter is told who sent it and under which number, not that someone "approved" it.
    const notice = await pg.waitFor(
      P.xuHui,
      (s) => pg.dm(s).messages.find((m) => m.text.includes('was sent out by Zhou Jing')),
      'the notice that it was sent',
    );
    expect(notice.text).toContain(`as ${number}`);
    expect(notice.text).not.toContain('approved');
    const blocks = JSON.stringify(done.blocks);
    expect(blocks).toContain(number);
    expect(blocks).toContain('已发送市水利局。');
    // The card shows the distribution as signed off, not as drafted.
    expect(blocks).toContain('县人民政府，县财政局');
    expect(blocks).not.toContain('Archive');

    const prisma = running.playground.bot.db.prisma;
    const instance = await prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    const signOffEntry = await prisma.auditEntry.findFirstOrThrow({
      where: { instanceId: instance.id, action: 'approve', actorId: 'zhang-jianguo' },
    });
    expect(signOffEntry.details).toEqual({
      params: { mainRecipients: '市水利局', copyTo: '县人民政府，县财政局', copies: '6' },
      step: 'director_signoff',
    });
    const sending = await prisma.auditEntry.findFirstOrThrow({
      where: { instanceId: instance.id, action: 'complete', actorId: 'zhou-jing' },
    });
    const distribution = await prisma.documentDistribution.findMany({
      where: { instanceId: instance.id },
      orderBy: [{ kind: 'desc' }, { position: 'asc' }],
    });
    expect(distribution.map((d) => [d.kind, d.recipient, d.position, d.sentById])).toEqual([
      ['main', '市水利局', 1, 'zhou-jing'],
      ['copy', '县人民政府', 1, 'zhou-jing'],
      ['copy', '县财政局', 2, 'zhou-jing'],
    ]);
    expect(distribution.every((d) => d.sentAt.getTime() === sending.at.getTime())).toBe(true);
  }, 120_000);

  it('hands the sent document to the archive from the secretary’s card, once', async () => {
    const title = '关于申请2027年度水利建设资金的请示';
    const prisma = running.playground.bot.db.prisma;
    const instance = await prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );

    // The drafter may not archive: no button, and a click with the secretary's button value is refused.
    const drafterCard = await pg.waitFor(P.xuHui, pg.cardTitled(title), 'the drafter’s card');
    expect(pg.buttonOf(drafterCard, 'doc_archive')).toBeNull();
    const secretaryCard = await pg.cardWithButton(P.zhouJing, title, 'doc_archive');
    const value = pg.buttonOf(secretaryCard, 'doc_archive')?.element.value;
    await pg.post('/api/action', {
      user: P.xuHui,
      source: { type: 'message', channel: drafterCard.channel, ts: drafterCard.ts },
      action: { type: 'button', action_id: 'doc_archive', block_id: 'forged', value },
    });
    const drafterForm = await formWith(P.xuHui, 'doc_archive_retention');
    const refused = await pg.submit(P.xuHui, drafterForm.id, {
      doc_archive_retention: { doc_archive_retention_select: option('permanent') },
      doc_archive_final_text: { doc_archive_final_text_input: text('') },
    });
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { doc_archive_retention: expect.stringContaining('secretary or the archivist') },
    });
    expect(await prisma.archiveHandoff.count({ where: { instanceId: instance.id } })).toBe(0);

    // The secretary hands it over: a bad link stays on the form, then the hand-off is stored.
    expect((await pg.click(P.zhouJing, secretaryCard, 'doc_archive')).body).toEqual({ ok: true });
    const form = await formWith(P.zhouJing, 'doc_archive_retention');
    const badLink = await pg.submit(P.zhouJing, form.id, {
      doc_archive_retention: { doc_archive_retention_select: option('permanent') },
      doc_archive_final_text: { doc_archive_final_text_input: text('正式文本在柜子里') },
    });
    expect(badLink.body).toMatchObject({ ok: false, errors: { doc_archive_final_text: expect.any(String) } });
    const handed = await pg.submit(P.zhouJing, form.id, {
      doc_archive_retention: { doc_archive_retention_select: option('permanent') },
      doc_archive_final_text: {
        doc_archive_final_text_input: text('https://files.example.gov.cn/final/42.pdf'),
      },
    });
    expect(handed.body).toEqual({ ok: true });
    await pg.waitFor(
      P.zhouJing,
      (s) => pg.dm(s).messages.find((m) => m.text.includes('移交归档') && m.text.includes('永久')),
      'the hand-off confirmation',
    );

    const handoff = await prisma.archiveHandoff.findUniqueOrThrow({ where: { instanceId: instance.id } });
    expect(handoff).toMatchObject({
      kind: 'outgoing',
      docNumber: `示水发〔${year}〕1号`,
      title,
      year: Number(year),
      departmentId: 'water-admin',
      retention: 'permanent',
      secrecy: 'internal',
      handedById: 'zhou-jing',
      status: 'pending',
      catalogEntryId: null,
      materials: {
        finalText: 'https://files.example.gov.cn/final/42.pdf',
        signedDraft: 'https://files.example.gov.cn/drafts/42',
        countersignRecord: true,
      },
    });
    expect(handoff.countersign).toEqual([
      expect.objectContaining({
        personId: 'ma-qiang',
        departmentId: 'construction',
        agreed: true,
        opinion: '工程部分无意见。',
      }),
    ]);
    const archived = await prisma.auditEntry.findFirstOrThrow({
      where: { instanceId: instance.id, action: 'archive' },
    });
    expect(archived.actorId).toBe('zhou-jing');

    // Every copy shows the hand-off, the archivist gets the card, and nobody is offered 归档 again.
    const secretaryAfter = await pg.waitFor(
      P.zhouJing,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(card.blocks).includes('已移交（永久）') ? card : null;
      },
      'the hand-off on the secretary’s card',
    );
    expect(pg.buttonOf(secretaryAfter, 'doc_archive')).toBeNull();
    // The hand-off stands in the card's history, as the secretary's act.
    expect(JSON.stringify(secretaryAfter.blocks)).toMatch(/周静\*? 移交归档/);
    const archivistCard = await pg.waitFor(P.fengXiaoyu, pg.cardTitled(title), 'the archivist’s card');
    expect(JSON.stringify(archivistCard.blocks)).toContain('已移交（永久）');
    expect(pg.buttonOf(archivistCard, 'doc_archive')).toBeNull();

    // The old button again (a double click, a second tab): refused on the form, nothing written.
    expect((await pg.click(P.zhouJing, secretaryCard, 'doc_archive')).body).toEqual({ ok: true });
    const again = await pg.waitFor(
      P.zhouJing,
      (s) => s.modals.length > 0 && s.modals.at(-1)?.id !== form.id && s.modals.at(-1),
      'the form opened again',
    );
    const twice = await pg.submit(P.zhouJing, again.id, {
      doc_archive_retention: { doc_archive_retention_select: option('30y') },
      doc_archive_final_text: { doc_archive_final_text_input: text('') },
    });
    expect(twice.body).toMatchObject({
      ok: false,
      errors: { doc_archive_retention: expect.stringContaining('已于') },
    });
    expect(await prisma.archiveHandoff.count({ where: { instanceId: instance.id } })).toBe(1);
    expect(await prisma.auditEntry.count({ where: { instanceId: instance.id, action: 'archive' } })).toBe(1);
  }, 120_000);

  it('numbers the next document of the same type with the next number', async () => {
    const title = '关于调整防汛抢险队伍的通知';
    await pg.command(P.xuHui, '/doc', 'new');
    const form = await pg.waitFor(
      P.xuHui,
      // The drafting form itself: the command is acknowledged before the form opens, so another
      // form of this person's may still be on top for a moment.
      (s) => s.modals.find((m) => m.blocks.some((b) => b.block_id === 'doc_new_title')),
      'a new drafting form',
    );
    expect((await pg.submit(P.xuHui, form.id, formValues({ title, direction: 'downward' }))).body).toEqual({
      ok: true,
    });
    await act(P.liuYang, title, 'wf_approve', '同意。');
    await act(P.zhaoMin, title, 'wf_approve', '同意。');
    expect((await signOff(P.wangZhenhua, title, { comment: '签发。' })).body).toEqual({ ok: true });
    await act(P.zhengTao, title, 'wf_complete', '已编号。');
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );
    await pg.waitFor(
      P.zhouJing,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(card.blocks).includes(`示水发〔${year}〕2号`) ? card : null;
      },
      'the second number',
    );
  }, 120_000);
});
