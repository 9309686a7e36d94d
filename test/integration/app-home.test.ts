import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import {
  type PlaygroundState,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
} from '../support/playground.ts';

// The App Home through signed requests to the bot and the Slack double: a reviewer's home lists
// what waits on them as soon as it does (the outbox republishes it, no need to open the tab), and
// stops listing it once they approved; the requester's home follows the item.

const P = {
  xuHui: 'U0EXAMPLE14', // drafter, water-admin, reads English
  liuYang: 'U0EXAMPLE12', // water-admin head: reviews xu-hui's items
} as const;

describe.each(databaseKinds)('App Home on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ pg } = running);
  }, 90_000);

  afterAll(async () => {
    await running?.stop();
  });

  type HomeBlock = { block_id?: string; text?: { text?: string }; accessory?: { action_id?: string } };
  /** The text of the home's rows in `section` (waiting, mine, finished). */
  const rowsOf = (s: PlaygroundState, section: string) =>
    ((s.home?.blocks ?? []) as HomeBlock[])
      .filter((b) => b.block_id?.startsWith(`home:${section}:row:`))
      .map((b) => ({ text: b.text?.text ?? '', action: b.accessory?.action_id }));

  it('lists the item under 待我办理 for the reviewer, then drops it once approved', async () => {
    const title = `关于购置防汛应急照明设备的请示 ${Date.now()}`;
    expect((await pg.command(P.xuHui, '/doc', `approve ${title}`)).body).toEqual({ ok: true });
    const reviewerCard = await pg.waitFor(P.liuYang, pg.cardTitled(title), 'the reviewer card');

    // Refreshed through the outbox, without opening the tab.
    const pushed = await pg.waitFor(
      P.liuYang,
      (s) => rowsOf(s, 'waiting').find((r) => r.text.includes(title)),
      'the item on the reviewer home',
    );
    expect(pushed.action).toBe('doc_list_open');
    expect(pushed.text).toContain('部门负责人审核');
    // Opening the tab publishes the same.
    expect((await pg.post('/api/home-opened', { user: P.liuYang })).body).toEqual({ ok: true });
    const opened = await pg.state(P.liuYang);
    expect(JSON.stringify(opened.home?.blocks)).toContain('待我办理');
    expect(rowsOf(opened, 'waiting').some((r) => r.text.includes(title))).toBe(true);
    // The requester's home (in English) shows it under My requests, waiting on the reviewer.
    const mine = await pg.waitFor(
      P.xuHui,
      (s) => rowsOf(s, 'mine').find((r) => r.text.includes(title) && r.text.includes('Liu Yang')),
      'the item on the requester home',
    );
    expect(mine.text).toContain('Waiting on Liu Yang');

    // 打开 on the home brings the card to the bottom of the DM (the `/doc` lists' own button).
    const home = (await pg.state(P.liuYang)).home as unknown as { id: string; blocks: HomeBlock[] };
    const row = home.blocks.find((b) => b.text?.text?.includes(title)) as {
      block_id: string;
      accessory: { value: string };
    };
    const clicked = await pg.post('/api/action', {
      user: P.liuYang,
      source: { type: 'view', viewId: home.id },
      action: {
        type: 'button',
        action_id: 'doc_list_open',
        block_id: row.block_id,
        value: row.accessory.value,
      },
    });
    expect(clicked.body).toEqual({ ok: true });
    const reposted = await pg.waitFor(
      P.liuYang,
      (s) => {
        const cards = pg.dm(s).messages.filter((m) => m.from === 'bot' && !m.ephemeral);
        const last = cards.at(-1);
        return last && last.ts !== reviewerCard.ts && pg.cardTitled(title)(s) === last ? last : null;
      },
      'the card brought down from the home',
    );
    // A home button has no response_url: the answer says, in the DM, where the card went.
    await pg.waitFor(
      P.liuYang,
      (s) =>
        pg.dm(s).messages.find((m) => m.from === 'bot' && m.text === '卡片已重新发到你与我私信的最下方。'),
      'the answer to 打开 on the home',
    );
    // Someone who holds no card of it is told so in the DM, and nothing is posted.
    const outsider = 'U0EXAMPLE05'; // 高燕, construction
    expect((await pg.post('/api/home-opened', { user: outsider })).body).toEqual({ ok: true });
    const outsiderHome = (await pg.waitFor(outsider, (s) => s.home, 'the outsider home')) as unknown as {
      id: string;
    };
    await pg.post('/api/action', {
      user: outsider,
      source: { type: 'view', viewId: outsiderHome.id },
      action: {
        type: 'button',
        action_id: 'doc_list_open',
        block_id: row.block_id,
        value: row.accessory.value,
      },
    });
    const told = await pg.waitFor(
      outsider,
      (s) => pg.dm(s)?.messages.find((m) => m.text === '你没有这件事项的卡片，无法打开。'),
      'the refusal of 打开 to a non-holder',
    );
    expect(told.from).toBe('bot');
    expect(pg.cardTitled(title)(await pg.state(outsider))).toBeUndefined();

    expect((await pg.click(P.liuYang, reposted, 'wf_approve')).body).toEqual({ ok: true });
    const form = await pg.modal(P.liuYang);
    const submitted = await pg.submit(P.liuYang, form.id, {
      wf_modal_comment: { wf_comment_input: { type: 'plain_text_input', value: '同意。' } },
    });
    expect(submitted.body).toEqual({ ok: true });

    // Gone from the reviewer's to-do, without opening the tab.
    await pg.waitFor(
      P.liuYang,
      (s) => s.home !== null && !rowsOf(s, 'waiting').some((r) => r.text.includes(title)),
      'the item gone from the reviewer home',
    );
    // The requester's home moved on: it now waits on the next step, not on Liu Yang.
    const moved = await pg.waitFor(
      P.xuHui,
      (s) => rowsOf(s, 'mine').find((r) => r.text.includes(title) && !r.text.includes('Liu Yang')),
      'the requester home after the approval',
    );
    expect(moved.text).toContain('Waiting on');
  }, 60_000);
});
