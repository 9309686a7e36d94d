import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APPROVALS } from '../../src/playground/demo-data.ts';
import { type RunningPlayground, startPlayground } from '../../src/playground/start.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { type PlaygroundMessage, type PlaygroundState, playgroundClient } from '../support/playground.ts';

// The playground as `npm start` runs it without Slack, in this process: the bot in HTTP mode on
// its own PGlite folder, the Slack double and the page's API. Everything here goes through the
// page's API, so each step is a signed request to the bot and each answer comes back through the
// double, exactly as in the browser.

const PEOPLE = {
  xuHui: 'U0EXAMPLE14', // drafter, water-admin, reads English
  liuYang: 'U0EXAMPLE12', // water-admin head
  huangLei: 'U0EXAMPLE13', // water-admin deputy head
  zhaoMin: 'U0EXAMPLE03', // office head
  gaoYan: 'U0EXAMPLE05', // construction, outsider to water-admin items
} as const;

describe('the playground (PGlite)', () => {
  let dataDir: string;
  let playground: RunningPlayground;
  let base: string;

  let pg: ReturnType<typeof playgroundClient>;
  const get = (pathname: string) => pg.get(pathname);
  const post = (pathname: string, body: unknown) => pg.post(pathname, body);
  const state = (user: string) => pg.state(user);
  const dm = (s: PlaygroundState) => pg.dm(s);
  const waitFor = <T>(
    user: string,
    pick: (s: PlaygroundState) => T | undefined | null | false,
    what: string,
  ) => pg.waitFor(user, pick, what);
  const cardTitled = (title: string) => pg.cardTitled(title);
  const buttonOf = (message: PlaygroundMessage, actionId: string) => pg.buttonOf(message, actionId);
  const click = (user: string, message: PlaygroundMessage, actionId: string) =>
    pg.click(user, message, actionId);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-playground-'));
    playground = await startPlayground({
      env: { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ORG_FILE: 'org.example.yaml' },
      clock: systemClock,
    });
    pg = playgroundClient(playground.port);
    base = pg.base;
  }, 90_000);

  afterAll(async () => {
    await playground?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is ready when the bot is, and serves the page', async () => {
    expect((await get('/healthz')).status).toBe(200);
    const ready = await get('/readyz');
    expect(ready).toMatchObject({ status: 200, body: { checks: { database: 'ok', slack: 'http' } } });
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/app.js');
  });

  it('lists the people of the organisation file with their roles', async () => {
    const { body } = await get('/api/people');
    const people = body.people as Array<{ userId: string; name: string; roleLabels: string[] }>;
    expect(people).toHaveLength(17);
    expect(people.find((p) => p.userId === PEOPLE.zhaoMin)).toMatchObject({
      name: '赵敏',
      roleLabels: expect.arrayContaining(['办公室负责人']),
    });
  });

  it('starts with demo approvals in flight, the overdue one marked on the reviewer’s card', async () => {
    expect(playground.demoApprovals).toBe(DEMO_APPROVALS.length);
    const card = await waitFor(
      PEOPLE.liuYang,
      cardTitled('关于2027年度防汛物资采购的请示'),
      'the overdue demo card',
    );
    expect(JSON.stringify(card.blocks)).toContain('已超期');
    expect(buttonOf(card, 'wf_approve')).not.toBeNull();
    // The returned item waits on its requester, who was told.
    await waitFor(
      PEOPLE.xuHui,
      (s) => dm(s).messages.find((m) => m.text.includes('was returned by Liu Yang')),
      'the return notice',
    );
  });

  it('has demo documents: outgoing ones numbered or at countersign, incoming ones at 批办 or in circulation', async () => {
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
      new Date(Date.now() - 5 * 86_400_000),
    );
    const sent = await waitFor(
      PEOPLE.xuHui,
      cardTitled('关于开展河湖“清四乱”专项整治的通知'),
      'the sent demo document',
    );
    expect(JSON.stringify(sent.blocks)).toContain(`示水办发〔${year}〕1号`);
    const countersign = await waitFor(
      'U0EXAMPLE16',
      cardTitled('关于做好2027年度水利工程安全度汛工作的通知'),
      'the countersign card',
    );
    expect(buttonOf(countersign, 'wf_approve')).not.toBeNull();
  });

  it('walks an approval: command, form with a required opinion, card updates for the requester', async () => {
    const title = `关于购置防汛应急照明设备的请示 ${Date.now()}`;
    const channel = `D${PEOPLE.xuHui.slice(1)}`;
    expect(
      await post('/api/command', { user: PEOPLE.xuHui, channel, command: '/doc', text: `approve ${title}` }),
    ).toMatchObject({
      body: { ok: true },
    });
    await waitFor(
      PEOPLE.xuHui,
      (s) => dm(s).messages.find((m) => m.ephemeral && m.text.includes('Submitted')),
      'the confirmation',
    );
    const requesterCard = await waitFor(PEOPLE.xuHui, cardTitled(title), 'the requester card');
    const reviewerCard = await waitFor(PEOPLE.liuYang, cardTitled(title), 'the reviewer card');

    // 同意 needs an opinion: the button opens the form; an empty one is refused in place.
    expect((await click(PEOPLE.liuYang, reviewerCard, 'wf_approve')).body).toEqual({ ok: true });
    const modal = await waitFor(PEOPLE.liuYang, (s) => s.modals.at(-1), 'the form');
    const empty = await post('/api/view-submit', {
      user: PEOPLE.liuYang,
      viewId: modal.id,
      values: { wf_modal_comment: { wf_comment_input: { type: 'plain_text_input', value: '  ' } } },
    });
    expect(empty.body).toMatchObject({ ok: false, errors: { wf_modal_comment: expect.any(String) } });
    expect((await state(PEOPLE.liuYang)).modals).toHaveLength(1);

    const filled = await post('/api/view-submit', {
      user: PEOPLE.liuYang,
      viewId: modal.id,
      values: {
        wf_modal_comment: { wf_comment_input: { type: 'plain_text_input', value: '同意，请办公室把关。' } },
      },
    });
    expect(filled.body).toEqual({ ok: true });
    expect((await state(PEOPLE.liuYang)).modals).toHaveLength(0);

    // The requester's card is updated in place (same ts), and the office head gets theirs.
    const updated = await waitFor(
      PEOPLE.xuHui,
      (s) =>
        dm(s).messages.find(
          (m) => m.ts === requesterCard.ts && JSON.stringify(m.blocks).includes('同意，请办公室把关'),
        ),
      'the updated requester card',
    );
    expect(updated.edited).toBe(true);
    await waitFor(PEOPLE.zhaoMin, cardTitled(title), 'the office head card');
  }, 60_000);

  it('refuses the previous holder’s out-of-date card after a transfer, and changes nothing', async () => {
    const title = `关于河道采砂专项整治的报告 ${Date.now()}`;
    await post('/api/command', {
      user: PEOPLE.xuHui,
      channel: `D${PEOPLE.xuHui.slice(1)}`,
      command: '/doc',
      text: `approve ${title}`,
    });
    const staleCard = await waitFor(PEOPLE.liuYang, cardTitled(title), 'the reviewer card');
    // Transfer to the deputy head through the form.
    await click(PEOPLE.liuYang, staleCard, 'wf_transfer');
    const form = await waitFor(
      PEOPLE.liuYang,
      (s) => s.modals.at(-1)?.blocks.some((b) => b.block_id === 'wf_modal_person') && s.modals.at(-1),
      'the transfer form',
    );
    const picked = await post('/api/view-submit', {
      user: PEOPLE.liuYang,
      viewId: form.id,
      values: {
        wf_modal_person: {
          wf_person_select: { type: 'static_select', selected_option: { value: 'huang-lei' } },
        },
        wf_modal_comment: {
          wf_comment_input: { type: 'plain_text_input', value: '黄磊同志熟悉此事，请他审核。' },
        },
      },
    });
    expect(picked.body).toEqual({ ok: true });
    const deputyCard = await waitFor(PEOPLE.huangLei, cardTitled(title), 'the deputy head card');
    expect(buttonOf(deputyCard, 'wf_approve')).not.toBeNull();

    // Liu Yang presses 同意 on the copy he still has (another device): the form opens, the
    // submission is refused on the form, which stays open, and the item still waits on Huang Lei.
    await click(PEOPLE.liuYang, staleCard, 'wf_approve');
    const modal = await waitFor(PEOPLE.liuYang, (s) => s.modals.at(-1), 'the form');
    const refused = await post('/api/view-submit', {
      user: PEOPLE.liuYang,
      viewId: modal.id,
      values: { wf_modal_comment: { wf_comment_input: { type: 'plain_text_input', value: '同意' } } },
    });
    // "此件已有新进展：刘洋 于 … 转交。卡片已刷新，请按最新状态办理。"
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { wf_modal_comment: expect.stringContaining('转交') },
    });
    expect((await state(PEOPLE.liuYang)).modals.at(-1)?.id).toBe(modal.id);
    const current = await waitFor(PEOPLE.huangLei, cardTitled(title), 'the deputy head card');
    expect(buttonOf(current, 'wf_approve')).not.toBeNull();
  }, 60_000);

  it('publishes the App Home when it is opened', async () => {
    expect((await post('/api/home-opened', { user: PEOPLE.zhaoMin })).body).toEqual({ ok: true });
    const home = await waitFor(PEOPLE.zhaoMin, (s) => s.home, 'the home view');
    expect(JSON.stringify(home.blocks)).toContain('办公室助手');
  });

  it('answers bad input from the page with a clear error and changes nothing', async () => {
    const before = await state(PEOPLE.gaoYan);
    const unknownCommand = await post('/api/command', {
      user: PEOPLE.gaoYan,
      channel: `D${PEOPLE.gaoYan.slice(1)}`,
      command: '/leave',
      text: '',
    });
    expect(unknownCommand).toMatchObject({ status: 400, body: { ok: false, error: 'unknown_command' } });
    expect((await post('/api/command', { user: 'nobody', command: '/doc' })).body).toMatchObject({
      ok: false,
    });
    expect(
      (await post('/api/view-submit', { user: PEOPLE.gaoYan, viewId: 'V404', values: {} })).body,
    ).toEqual({
      ok: false,
      error: 'view_not_found',
    });
    expect((await get('/api/state?user=U0NOBODY')).status).toBe(404);
    const after = await state(PEOPLE.gaoYan);
    // Only the playground's own note about the unknown command was added.
    expect(dm(after).messages.length).toBe(dm(before).messages.length + 1);
  });

  it('answers the Web API like Slack: the bot token is required, unknown channels are refused', async () => {
    const call = (method: string, body: Record<string, string>, token?: string) =>
      fetch(`${base}/slack/api/${method}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: new URLSearchParams(body).toString(),
      }).then((r) => r.json());
    expect(await call('auth.test', {})).toEqual({ ok: false, error: 'not_authed' });
    expect(await call('auth.test', {}, 'xoxb-forged')).toEqual({ ok: false, error: 'invalid_auth' });
  });
});
