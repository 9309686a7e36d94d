import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryTerms } from '../../src/domain/archive/terms.ts';
import type { SentToSlack } from '../../src/playground/slack-double.ts';
import { databaseKinds } from '../support/databases.ts';
import {
  csvRecords,
  option,
  options,
  type PlaygroundState,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
  text,
} from '../support/playground.ts';

// Text people type reaches Slack as they typed it and never pings anyone: a hostile title,
// opinion, reason, search and item name is sent through every command and form, and everything the
// bot sends to the Slack stand-in (Web API calls, acknowledgements, response_url posts, uploaded
// files) is scanned. In mrkdwn a typed `<!channel>`, `<@U…>` or `<https://…|…>` must arrive
// escaped; in plain text (titles of forms, options, a form's initial values) unescaped, since
// Slack shows it literally; and no CSV cell may start a spreadsheet formula.

const P = {
  director: 'U0EXAMPLE01',
  zhaoMin: 'U0EXAMPLE03', // office head
  zhouJing: 'U0EXAMPLE04', // secretary, custodian of the official seal
  gaoYan: 'U0EXAMPLE05', // construction
  wangZhenhua: 'U0EXAMPLE06', // leader
  zhengTao: 'U0EXAMPLE10', // print room, supplies keeper
  fengXiaoyu: 'U0EXAMPLE11', // archivist
  liuYang: 'U0EXAMPLE12', // water-admin head
  xuHui: 'U0EXAMPLE14', // water-admin, reads English
  maQiang: 'U0EXAMPLE15', // construction head
} as const;

/** What a hostile user types: a mention of everyone, of a person, a disguised link, a formula. */
const hostile = (tag: string) =>
  `=HYPERLINK("https://evil.example") 〖${tag}〗 <!channel> <@U0EXAMPLE05> <https://evil.example|点我> ＋（全角）`;
/** Markup that would notify or link when it reaches mrkdwn unescaped. */
const LIVE_MARKUP = /<[!@#]|<https?:|<mailto:/iu;
/** A cell a spreadsheet runs as a formula (OWASP: = + - @, and tab or CR before them). */
const FORMULA = /^[=+\-@\t\r]/u;
const NUMBER = /^-?\d+(?:\.\d+)?$/u;

interface Finding {
  where: string;
  text: string;
}

/** Every text of `value` by how Slack shows it: mrkdwn (parsed) or plain (shown literally). */
function textsOf(value: unknown, where: string, out: { mrkdwn: Finding[]; plain: Finding[] }): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) textsOf(v, `${where}[${i}]`, out);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.text === 'string' && (record.type === 'mrkdwn' || record.type === 'plain_text')) {
    out[record.type === 'mrkdwn' ? 'mrkdwn' : 'plain'].push({ where, text: record.text });
    return;
  }
  for (const [key, inner] of Object.entries(record)) {
    if (key === 'initial_value' && typeof inner === 'string')
      out.plain.push({ where: `${where}.${key}`, text: inner });
    else if (
      key === 'blocks' ||
      key === 'view' ||
      key === 'fields' ||
      key === 'elements' ||
      typeof inner === 'object'
    )
      textsOf(inner, `${where}.${key}`, out);
  }
}

/** The blocks and views of a message or view argument, which the Web API takes as JSON text too. */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function scan(sent: readonly SentToSlack[]) {
  const out = { mrkdwn: [] as Finding[], plain: [] as Finding[] };
  const cells: Finding[] = [];
  for (const [index, entry] of sent.entries()) {
    if (entry.via === 'upload') {
      const bytes = entry.bytes;
      if (bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) continue; // the chart (PNG)
      for (const row of csvRecords(bytes).records)
        for (const cell of row) cells.push({ where: `upload ${entry.fileId}`, text: cell });
      continue;
    }
    const body = entry.via === 'web_api' ? entry.args : entry.body;
    const where = entry.via === 'web_api' ? `${index} ${entry.method}` : `${index} ${entry.via}`;
    // A message's own `text` is mrkdwn unless it says otherwise; a file's comment too.
    for (const key of ['text', 'initial_comment'] as const) {
      if (typeof body[key] === 'string' && body.mrkdwn !== false)
        out.mrkdwn.push({ where: `${where}.${key}`, text: body[key] as string });
    }
    textsOf(parsed(body.blocks), `${where}.blocks`, out);
    textsOf(parsed(body.view), `${where}.view`, out);
    textsOf(parsed(body.files), `${where}.files`, out);
  }
  return { ...out, cells };
}

describe.each(databaseKinds)('typed text through every command and form on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;
  const sent: SentToSlack[] = [];

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ pg } = running);
    running.playground.double.sent.on('sent', (entry: SentToSlack) => sent.push(entry));
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  const allMessages = (s: PlaygroundState) => s.conversations.flatMap((c) => c.messages);
  const answer = (user: string, needle: string) =>
    pg.waitFor(
      user,
      (s) => allMessages(s).find((m) => m.from === 'bot' && m.text.includes(needle)),
      `a message with ${needle}`,
    );
  const answers = (user: string, needle: string, count: number) =>
    pg.waitFor(
      user,
      (s) => allMessages(s).filter((m) => m.from === 'bot' && m.text.includes(needle)).length >= count,
      `${count} messages with ${needle}`,
    );
  const formWith = (user: string, needle: string) =>
    pg.waitFor(
      user,
      (s) => {
        const view = s.modals.at(-1);
        return view && JSON.stringify(view.blocks).includes(needle) ? view : null;
      },
      `a form with ${needle}`,
    );
  const fileOf = (user: string, name: string) =>
    pg.waitFor(
      user,
      (s) =>
        allMessages(s)
          .flatMap((m) => (m as { files?: Array<{ title: string }> }).files ?? [])
          .find((f) => f.title.includes(name)),
      `the file ${name}`,
    );
  /** Polls `read` until it finds something (what a command committed after its answer). */
  async function eventually<T>(read: () => Promise<T | null>): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = await read();
      if (found) return found;
      if (Date.now() > deadline) throw new Error('not found in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  /** Waits until every committed message has been handed to the stand-in. */
  async function outboxDrained() {
    const deadline = Date.now() + 20_000;
    const prisma = running.playground.bot.db.prisma;
    while ((await prisma.outboxMessage.count({ where: { status: 'pending' } })) > 0) {
      if (Date.now() > deadline) throw new Error('the outbox did not drain');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  /** Presses `button` on the card titled `title` and writes `comment` in the form that opens. */
  async function act(user: string, title: string, button: string, comment: string) {
    const card = await pg.cardWithButton(user, title, button);
    expect((await pg.click(user, card, button)).body).toEqual({ ok: true });
    const form = await formWith(user, 'wf_modal_comment');
    expect(
      (await pg.submit(user, form.id, { wf_modal_comment: { wf_comment_input: text(comment) } })).body,
    ).toEqual({ ok: true });
  }

  it('sends a hostile title, opinion, reason, search and item name everywhere, and never unescaped', async () => {
    // The keeper's catalog: an item named by a hostile keeper.
    const itemName = `=SUM(1)<!here>纸`;
    await pg.command(P.zhengTao, '/supply', 'import');
    const importForm = await formWith(P.zhengTao, 'supply_csv');
    const catalog = ['品名,规格,单位,库存,单价,预警值', `"${itemName}",<@U0EXAMPLE05>,包,50,1,1`].join('\n');
    expect(
      (await pg.submit(P.zhengTao, importForm.id, { supply_csv: { supply_csv_input: text(catalog) } })).body,
    ).toEqual({ ok: true });
    await answer(P.zhengTao, '目录已导入');

    // /doc approve: the answer, the cards, an opinion and a rejection's reason.
    const approval = hostile('审批');
    await pg.command(P.xuHui, '/doc', `approve ${approval}`);
    await answer(P.xuHui, 'evil.example');
    await act(P.liuYang, '审批', 'wf_approve', hostile('意见'));
    await act(P.zhaoMin, '审批', 'wf_reject', hostile('驳回理由'));
    await answer(P.xuHui, 'Rejected');

    // /doc new: the form, its title and recipients, the card and an opinion.
    await pg.command(P.gaoYan, '/doc', 'new');
    const newForm = await formWith(P.gaoYan, 'doc_new_title');
    const outgoing = hostile('发文');
    expect(
      (
        await pg.submit(P.gaoYan, newForm.id, {
          doc_new_title: { doc_new_title_input: text(outgoing) },
          doc_new_doc_type: { doc_new_doc_type_select: option('main') },
          doc_new_direction: { doc_new_direction_select: option('downward') },
          doc_new_urgency: { doc_new_urgency_select: option('normal') },
          doc_new_secrecy: { doc_new_secrecy_select: option('internal') },
          doc_new_main_recipients: { doc_new_main_recipients_input: text(hostile('主送')) },
          doc_new_copy_to: { doc_new_copy_to_input: text(hostile('抄送')) },
          doc_new_countersign: { doc_new_countersign_select: options([]) },
          doc_new_draft_link: { doc_new_draft_link_input: text('') },
          doc_new_copies: { doc_new_copies_input: text('２') },
        })
      ).body,
    ).toEqual({ ok: true });
    await act(P.maQiang, '发文', 'wf_approve', hostile('核稿'));

    // /doc receive: the registration form, and the office head's 拟办.
    await pg.command(P.zhouJing, '/doc', 'receive');
    const receiveForm = await formWith(P.zhouJing, 'doc_receive_title');
    expect(
      (
        await pg.submit(P.zhouJing, receiveForm.id, {
          doc_receive_title: { doc_receive_title_input: text(hostile('收文')) },
          doc_receive_issuer: { doc_receive_issuer_input: text(hostile('来文单位')) },
          doc_receive_their_number: { doc_receive_their_number_input: text('@市水安〔2026〕31号') },
          doc_receive_date: { doc_receive_date_input: text('2026-11-20') },
          doc_receive_category: { doc_receive_category_select: option('upper') },
          doc_receive_urgency: { doc_receive_urgency_select: option('urgent') },
          doc_receive_secrecy: { doc_receive_secrecy_select: option('internal') },
          doc_receive_copies: { doc_receive_copies_input: text('1') },
          doc_receive_link: { doc_receive_link_input: text('') },
        })
      ).body,
    ).toEqual({ ok: true });
    await act(P.zhaoMin, '收文', 'wf_approve', hostile('拟办'));

    // /seal inline, the form it opens pre-filled, the approval, and a seal's suspension reason.
    await pg.command(P.gaoYan, '/seal', `公章 3 ${hostile('用印')}`);
    await answer(P.gaoYan, '用印');
    await pg.command(P.gaoYan, '/seal', `章 ${hostile('模糊用印')}`);
    await formWith(P.gaoYan, '模糊用印');
    await pg.command(P.zhaoMin, '/seal', `suspend 合同章 ${hostile('停用原因')}`);
    await answers(P.zhaoMin, '合同专用章：', 1);
    await pg.command(P.zhaoMin, '/seal', `resume 合同章 ${hostile('恢复原因')}`);
    await answers(P.zhaoMin, '合同专用章：', 2);

    // /supply: a name not in the catalog, and a request of the hostile item with a hostile reason.
    await pg.command(P.gaoYan, '/supply', `<!channel>笔 5`);
    await formWith(P.gaoYan, '笔');
    await pg.command(P.gaoYan, '/supply', '');
    const supplyForm = await formWith(P.gaoYan, 'supply_reason');
    const items = await running.playground.bot.db.prisma.supplyItem.findMany();
    const hostileItem = items.find((i) => i.name === itemName);
    expect(hostileItem).toBeDefined();
    expect(
      (
        await pg.submit(P.gaoYan, supplyForm.id, {
          'supply_item:1': { supply_item_select: option(hostileItem?.id ?? '') },
          'supply_qty:1': { supply_quantity_input: text('2') },
          supply_reason: { supply_reason_input: text(hostile('申领理由')) },
        })
      ).body,
    ).toEqual({ ok: true });
    await pg.command(P.gaoYan, '/supply', 'stock');
    await answer(P.gaoYan, 'here');

    // The archive: a record with a hostile title (as an import may bring), found and borrowed with
    // a hostile purpose.
    const recordTitle = `${hostile('档案')} 水库除险加固`;
    await running.playground.bot.db.prisma.archiveEntry.create({
      data: {
        id: randomUUID(),
        archiveNo: 'SS-2016-Y30-WS-0009',
        title: recordTitle,
        year: 2016,
        category: '文书',
        retention: '30y',
        secrecy: 'internal',
        terms: entryTerms({ title: recordTitle, docNumber: null, year: 2016 }),
        source: 'manual',
        createdAt: new Date(),
      },
    });
    await pg.command(P.gaoYan, '/archive', '除险加固');
    const result = await pg.waitFor(
      P.gaoYan,
      (s) => allMessages(s).find((m) => m.ephemeral && pg.buttonOf(m, 'archive_borrow')),
      'the search result',
    );
    expect((await pg.click(P.gaoYan, result, 'archive_borrow')).body).toEqual({ ok: true });
    const loanForm = await formWith(P.gaoYan, 'SS-2016-Y30-WS-0009');
    expect(
      (
        await pg.submit(P.gaoYan, loanForm.id, {
          archive_loan_kind: { archive_loan_kind_select: option('borrow') },
          archive_loan_purpose: { archive_loan_purpose_input: text(hostile('借阅用途')) },
          archive_loan_days: { archive_loan_days_input: text('5') },
          archive_loan_outside: { archive_loan_outside_input: text('') },
        })
      ).body,
    ).toEqual({ ok: true });
    await pg.cardWithButton(P.maQiang, '借阅用途', 'wf_approve');

    // Searches and unknown sub-commands echo what was typed.
    await pg.command(P.fengXiaoyu, '/archive', '<!channel> <@U0EXAMPLE05> 水库');
    await answer(P.fengXiaoyu, '水库');
    await pg.command(P.xuHui, '/doc', 'find <!channel> 审批');
    await answer(P.xuHui, 'channel');
    await pg.command(P.xuHui, '/doc', '<!channel> <@U0EXAMPLE05>');
    await answer(P.xuHui, 'U0EXAMPLE05');
    await pg.post('/api/home-opened', { user: P.xuHui });
    await pg.post('/api/home-opened', { user: P.gaoYan });

    // The registers, the ledger and the report (chart and CSV).
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(),
    );
    await pg.command(P.zhouJing, '/doc', `register out ${year}`);
    await fileOf(P.zhouJing, '发文登记簿');
    await pg.command(P.zhouJing, '/doc', `register in ${year}`);
    await fileOf(P.zhouJing, '收文登记簿');
    await pg.command(P.zhengTao, '/supply', `ledger ${year}`);
    await fileOf(P.zhengTao, '领用台账');
    await pg.command(P.zhaoMin, '/doc', 'report week');
    await fileOf(P.zhaoMin, '.png');

    // Everything the acts committed has reached the stand-in.
    await outboxDrained();
    const found = scan(sent);
    const leaks = found.mrkdwn.filter((f) => LIVE_MARKUP.test(f.text));
    expect(leaks).toEqual([]);
    // Plain text is shown literally: an entity there would be read as "&lt;".
    expect(found.plain.filter((f) => /&(lt|gt|amp);/u.test(f.text))).toEqual([]);
    expect(found.cells.filter((c) => FORMULA.test(c.text) && !NUMBER.test(c.text))).toEqual([]);

    // The hostile text did travel: escaped in mrkdwn, literal in plain text and initial values, and
    // defused in the files.
    const escapedTags = new Set(
      found.mrkdwn
        .filter((f) => f.text.includes('&lt;!channel&gt;'))
        .flatMap((f) => [...f.text.matchAll(/〖([^〗]+)〗/gu)].map((m) => m[1])),
    );
    expect([...escapedTags].sort()).toEqual(
      expect.arrayContaining([
        '审批',
        '意见',
        '驳回理由',
        '发文',
        '主送',
        '核稿',
        '收文',
        '来文单位',
        '拟办',
        '用印',
        '申领理由',
        '抄送',
        '档案',
        '借阅用途',
      ]),
    );
    expect(
      found.plain.some((f) => f.text.includes('<!channel> <@U0EXAMPLE05> <https://evil.example|点我>')),
    ).toBe(true);
    expect(found.cells.some((c) => c.text.startsWith(`'=HYPERLINK`))).toBe(true);
    expect(found.cells.some((c) => c.text === `'${itemName}`)).toBe(true);
  }, 180_000);

  it('stores and shows titles, opinions and reasons as typed, and normalises only seal names, counts and dates', async () => {
    const prisma = running.playground.bot.db.prisma;
    const instanceTitled = (title: string) => prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    const paramsOf = async (title: string) =>
      ((await instanceTitled(title)).state as { params: Record<string, string> }).params;

    // /seal: a full-width seal id and count are read, the title keeps its （）.
    const sealTitle = '关于某某事项的函（第二批）：请审核！';
    await pg.command(P.gaoYan, '/seal', `ＯＦＦＩＣＩＡＬ　３份　${sealTitle}`);
    await answer(P.gaoYan, `已提交用印申请《${sealTitle}》（示范县水利局公章，3 份）`);
    expect(await paramsOf(sealTitle)).toMatchObject({ sealId: 'official', copies: '3' });
    const headCard = await pg.cardWithButton(P.maQiang, sealTitle, 'wf_approve');
    expect(JSON.stringify(headCard.blocks)).toContain(sealTitle);

    // /doc approve, and an opinion with full-width punctuation.
    const approvalTitle = '关于购置设备的请示（修订稿）；请批示？';
    await pg.command(P.xuHui, '/doc', `approve ${approvalTitle}`);
    await answer(P.xuHui, `“${approvalTitle}”`);
    const opinion = '同意（按预算执行），请办公室：核对！';
    await act(P.liuYang, approvalTitle, 'wf_approve', opinion);
    const approval = await instanceTitled(approvalTitle);
    // The form closes before the act is written: wait for it.
    const approved = await eventually(() =>
      prisma.auditEntry.findFirst({
        where: { instanceId: approval.id, actorId: 'liu-yang', action: 'approve' },
      }),
    );
    expect(approved.comment).toBe(opinion);

    // /doc new: the title and recipients as typed, the copies read from full-width digits.
    await pg.command(P.gaoYan, '/doc', 'new');
    const newForm = await formWith(P.gaoYan, 'doc_new_title');
    const outgoingTitle = '关于做好防汛工作的通知（第二批）';
    expect(
      (
        await pg.submit(P.gaoYan, newForm.id, {
          doc_new_title: { doc_new_title_input: text(outgoingTitle) },
          doc_new_doc_type: { doc_new_doc_type_select: option('main') },
          doc_new_direction: { doc_new_direction_select: option('downward') },
          doc_new_urgency: { doc_new_urgency_select: option('normal') },
          doc_new_secrecy: { doc_new_secrecy_select: option('internal') },
          doc_new_main_recipients: { doc_new_main_recipients_input: text('各乡（镇）水利站，局属各单位') },
          doc_new_copy_to: { doc_new_copy_to_input: text('') },
          doc_new_countersign: { doc_new_countersign_select: options([]) },
          doc_new_draft_link: { doc_new_draft_link_input: text('') },
          doc_new_copies: { doc_new_copies_input: text('１２') },
        })
      ).body,
    ).toEqual({ ok: true });
    await answer(P.gaoYan, `《${outgoingTitle}》`);
    expect(await paramsOf(outgoingTitle)).toMatchObject({
      mainRecipients: '各乡（镇）水利站，局属各单位',
      copies: '12',
    });

    // /doc receive: title and issuing unit as typed, the date and copies from full-width digits.
    await pg.command(P.zhouJing, '/doc', 'receive');
    const receiveForm = await formWith(P.zhouJing, 'doc_receive_title');
    const incomingTitle = '关于开展“水利安全生产月”活动的通知（市水安〔２０２６〕３１号）';
    expect(
      (
        await pg.submit(P.zhouJing, receiveForm.id, {
          doc_receive_title: { doc_receive_title_input: text(incomingTitle) },
          doc_receive_issuer: { doc_receive_issuer_input: text('市水利局（安监科）') },
          doc_receive_their_number: { doc_receive_their_number_input: text('市水安〔２０２６〕３１号') },
          doc_receive_date: { doc_receive_date_input: text('２０２６-１１-２０') },
          doc_receive_category: { doc_receive_category_select: option('upper') },
          doc_receive_urgency: { doc_receive_urgency_select: option('normal') },
          doc_receive_secrecy: { doc_receive_secrecy_select: option('internal') },
          doc_receive_copies: { doc_receive_copies_input: text('２') },
          doc_receive_link: { doc_receive_link_input: text('') },
        })
      ).body,
    ).toEqual({ ok: true });
    await answer(P.zhouJing, `《${incomingTitle}》`);
    expect(await paramsOf(incomingTitle)).toMatchObject({
      issuingUnit: '市水利局（安监科）',
      theirNumber: '市水安〔２０２６〕３１号',
      receivedDate: '2026-11-20',
      copies: '2',
    });

    // A seal's suspension: the seal named in full-width letters, the reason kept as typed.
    const reason = '年检期间（暂停使用）：至１２月底！';
    await pg.command(P.zhaoMin, '/seal', `suspend ＣＯＮＴＲＡＣＴ ${reason}`);
    const event = await eventually(() =>
      prisma.sealEvent.findFirst({ where: { sealId: 'contract', kind: 'suspended', reason } }),
    );
    expect(event.reason).toBe(reason);
    expect((await prisma.seal.findUniqueOrThrow({ where: { id: 'contract' } })).state).toBe('suspended');
    await pg.command(P.zhaoMin, '/seal', 'resume 合同章 年检完毕');
  }, 120_000);
});
