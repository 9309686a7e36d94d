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
    const card = await pg.waitFor(
      user,
      (s) => {
        const found = pg.cardTitled(title)(s);
        return found && pg.buttonOf(found, button) ? found : null;
      },
      `${button} on ${user}'s card`,
    );
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
    await act(P.zhangJianguo, title, 'wf_approve', '签发。');

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

    await act(P.zhouJing, title, 'wf_complete', '已发送县人民政府。');
    const done: PlaygroundMessage = await pg.waitFor(
      P.xuHui,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(card.blocks).includes('Approved') ? card : null;
      },
      'the finished card',
    );
    const blocks = JSON.stringify(done.blocks);
    expect(blocks).toContain(number);
    expect(blocks).toContain('已发送县人民政府。');
  }, 120_000);

  it('numbers the next document of the same type with the next number', async () => {
    const title = '关于调整防汛抢险队伍的通知';
    await pg.command(P.xuHui, '/doc', 'new');
    const form = await pg.waitFor(
      P.xuHui,
      (s) => s.modals.length === 1 && s.modals.at(-1),
      'a new drafting form',
    );
    expect((await pg.submit(P.xuHui, form.id, formValues({ title, direction: 'downward' }))).body).toEqual({
      ok: true,
    });
    await act(P.liuYang, title, 'wf_approve', '同意。');
    await act(P.zhaoMin, title, 'wf_approve', '同意。');
    await act(P.wangZhenhua, title, 'wf_approve', '签发。');
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
