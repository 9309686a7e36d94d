// The playground's WeCom side without a browser: the stand-in started with the bot and the bot's
// WECOM_* settings pointing at it, everyone linked to a stand-in userid, the page's switch deciding
// where new messages go, the routes the 企业微信 view uses (a person's chat, typing, the app's menu,
// pressing a template card's button, submitting a selection card's choices) refusing bad input
// without posting anything, what is typed
// posted to the bot's /wecom/callback and answered in the person's chat, web-form links answered
// through the page's address, and cards drawn as update_template_card left each copy.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWeComApi, type WeComApi } from '../../src/chat/wecom/api.ts';
import { createWeComTokenSource } from '../../src/chat/wecom/token.ts';
import type { RunningPlayground } from '../../src/playground/start.ts';
import { startTestPlayground, type TestPlayground } from '../support/playground.ts';
import { signInListCard } from '../support/wecom-selection.ts';

const WAIT = { timeout: 15_000, interval: 100 };

describe('the playground’s WeCom side', () => {
  let running: TestPlayground;
  let playground: RunningPlayground;
  let base: string;
  /** The WeCom API as the bot calls it, for cards the bot does not send by itself yet. */
  let api: WeComApi;

  beforeAll(async () => {
    running = await startTestPlayground('pglite');
    playground = running.playground;
    base = `http://127.0.0.1:${playground.port}`;
    const { wecom } = playground;
    const tokens = createWeComTokenSource({
      apiUrl: wecom.url,
      corpId: wecom.keys.corpId,
      secret: wecom.env.WECOM_SECRET ?? '',
    });
    api = createWeComApi({ apiUrl: wecom.url, agentId: Number(wecom.env.WECOM_AGENT_ID), tokens });
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  const get = (pathname: string) => running.pg.get(pathname);
  const post = (pathname: string, body: unknown) => running.pg.post(pathname, body);
  const state = async (user: string) => (await get(`/api/wecom/state?user=${user}`)).body;
  const chat = async (user: string) => (await state(user)).chat as Array<Record<string, unknown>>;

  it('configures the bot’s WeCom platform to the stand-in, with every person linked to a stand-in userid', async () => {
    expect((await get('/readyz')).body).toMatchObject({ ready: true, checks: { wecom: 'http' } });
    const people = await playground.bot.db.prisma.person.count({ where: { active: true } });
    const accounts = await playground.bot.db.prisma.chatAccount.findMany({ where: { platform: 'wecom' } });
    expect(accounts).toHaveLength(people);
    expect(accounts.find((a) => a.personId === 'xu-hui')?.externalId).toBe('wc-xu-hui');
    const meta = (await get('/api/people')).body;
    expect(meta).toMatchObject({ platform: 'slack', platforms: ['slack', 'dingtalk', 'wecom'] });
    const xu = (meta.people as Array<{ personId: string; wecomUserId: string }>).find(
      (p) => p.personId === 'xu-hui',
    );
    expect(xu?.wecomUserId).toBe('wc-xu-hui');
    // The bot set the app's menu at its start; the page shows it.
    expect((await state('wc-xu-hui')).menu).toMatchObject({
      button: [{ key: '我的待办' }, { name: '发起' }, { key: '查档' }],
    });
  });

  it('takes WeCom input only once the page shows 企业微信, and refuses bad input without posting a callback', async () => {
    const refused = await post('/api/wecom/message', { user: 'wc-xu-hui', text: '待办' });
    expect(refused).toEqual({
      status: 409,
      body: { ok: false, error: '请先切换到企业微信 / switch the page to 企业微信 first' },
    });
    expect(await post('/api/platform', { platform: 'wecom' })).toEqual({
      status: 200,
      body: { ok: true, platform: 'wecom' },
    });
    expect(await post('/api/wecom/message', { user: 'wc-xu-hui', text: '   ' })).toMatchObject({
      status: 400,
      body: { error: '请输入要发送的文字 / type something to send' },
    });
    expect(await post('/api/wecom/message', { user: 'wc-nobody', text: '待办' })).toMatchObject({
      status: 404,
    });
    expect(await get('/api/wecom/state?user=wc-nobody')).toMatchObject({ status: 404 });
    expect(await post('/api/wecom/menu', { user: 'wc-xu-hui', key: '删库' })).toMatchObject({
      status: 400,
      body: { error: '应用菜单里没有这一项 / the app’s menu has no such item' },
    });
    expect(
      await post('/api/wecom/click', { user: 'wc-xu-hui', msgId: 'msg-x', key: 'approve' }),
    ).toMatchObject({
      status: 400,
      body: { error: '这张卡片上没有这个按钮 / this card shows you no such button' },
    });
    expect(await chat('wc-xu-hui')).toEqual([]);
  });

  it('posts what a person types and picks from the menu to the bot, and shows the answers in their chat', async () => {
    expect(await post('/api/wecom/message', { user: 'wc-xu-hui', text: '用印' })).toEqual({
      status: 200,
      body: { ok: true },
    });
    let link: string | undefined;
    await vi.waitFor(async () => {
      const answer = (await chat('wc-xu-hui')).find((entry) => entry.kind === 'message');
      link = String((answer?.content as { content?: string } | undefined)?.content ?? '').match(
        /<a href="(http:\/\/localhost:\d+\/forms\/seal\.request\?t=[^"]+)">/,
      )?.[1];
      expect(link).toBeDefined();
    }, WAIT);
    expect((await chat('wc-xu-hui'))[0]).toMatchObject({ kind: 'typed', text: '用印' });
    // The web form opens through the page's address.
    const url = new URL(String(link));
    expect(url.port).toBe(String(playground.port));
    const page = await fetch(`${base}${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Seal request');

    expect(await post('/api/wecom/menu', { user: 'wc-xu-hui', key: '我的待办' })).toMatchObject({
      status: 200,
    });
    await vi.waitFor(async () => {
      const entries = await chat('wc-xu-hui');
      expect(entries.map((entry) => entry.kind)).toEqual(['typed', 'message', 'menu', 'message']);
    }, WAIT);
  }, 60_000);

  it('draws a template card as each copy was last updated, and presses only the buttons a person’s copy shows', async () => {
    const card = {
      card_type: 'button_interaction',
      main_title: { title: '关于试用的请示', desc: '待审批' },
      horizontal_content_list: [{ keyname: '申请人', value: '徐慧' }],
      task_id: 'playground-task-1',
      button_list: [
        { text: '同意', key: 'approve-1', style: 1 },
        { text: '退回', key: 'reject-1', style: 3 },
      ],
    };
    const sent = await api.send(['wc-liu-yang'], { msgtype: 'template_card', template_card: card });
    const cardIn = async (user: string) =>
      (await chat(user)).find((entry) => entry.msgId === sent.msgId) as Record<string, unknown> | undefined;
    expect(await cardIn('wc-liu-yang')).toMatchObject({
      msgtype: 'template_card',
      content: card,
      updates: 0,
    });
    // Not in 徐慧's chat: she cannot press his buttons; nor can he press a key the card lacks.
    expect(
      await post('/api/wecom/click', { user: 'wc-xu-hui', msgId: sent.msgId, key: 'approve-1' }),
    ).toMatchObject({ status: 400 });
    expect(
      await post('/api/wecom/click', { user: 'wc-liu-yang', msgId: sent.msgId, key: 'delete' }),
    ).toMatchObject({ status: 400 });

    const callbacks = () => playground.wecom.updates.length;
    const before = callbacks();
    expect(
      await post('/api/wecom/click', { user: 'wc-liu-yang', msgId: sent.msgId, key: 'approve-1' }),
    ).toEqual({ status: 200, body: { ok: true } });
    // The bot took the template_card_event (200); its button is replaced as the bot would.
    await api.updateTemplateCard({
      userIds: ['wc-liu-yang'],
      responseCode: sent.responseCode ?? '',
      change: { button: { replace_name: '已同意' } },
    });
    expect(callbacks()).toBe(before + 1);
    expect(await cardIn('wc-liu-yang')).toMatchObject({ replacedButton: '已同意', updates: 1 });
    // A greyed button presses nothing.
    expect(
      await post('/api/wecom/click', { user: 'wc-liu-yang', msgId: sent.msgId, key: 'approve-1' }),
    ).toMatchObject({ status: 400 });
  });

  it('posts a selection card’s choices as WeCom’s client does, only those the person’s card offers', async () => {
    // A sign-in list for a meeting that is not open: the bot reads the submit and says so.
    const card = signInListCard('代为签到', 'playground-form-1');
    const sent = await api.send(['wc-zhou-jing'], { msgtype: 'template_card', template_card: card });
    for (const chosen of [{ people: ['lin-feng'] }, { other: ['gao-yan'] }]) {
      expect(
        await post('/api/wecom/submit', { user: 'wc-zhou-jing', msgId: sent.msgId, chosen }),
      ).toMatchObject({
        status: 400,
        body: { error: '这张卡片上不能这样选择 / this card offers you no such choice' },
      });
    }
    expect(
      await post('/api/wecom/submit', {
        user: 'wc-xu-hui',
        msgId: sent.msgId,
        chosen: { people: ['gao-yan'] },
      }),
    ).toMatchObject({ status: 400 });
    expect(
      await post('/api/wecom/submit', {
        user: 'wc-zhou-jing',
        msgId: sent.msgId,
        chosen: { people: ['gao-yan', 'ma-qiang'] },
      }),
    ).toEqual({ status: 200, body: { ok: true } });
    await vi.waitFor(async () => {
      const texts = (await chat('wc-zhou-jing')).map((entry) =>
        String((entry.content as { content?: string } | undefined)?.content ?? ''),
      );
      expect(texts).toContain('这张卡片所问的事项已有变化或不再需要办理，没有做任何更改。');
    }, WAIT);
  });

  it('shows a file the app sent with its name, downloadable through the page', async () => {
    const { mediaId } = await api.uploadMedia({
      type: 'file',
      fileName: '用印登记.csv',
      content: Buffer.from('a,b\n1,2\n'),
      mimeType: 'text/csv',
    });
    await api.send(['wc-xu-hui'], { msgtype: 'file', file: { media_id: mediaId } });
    expect((await chat('wc-xu-hui')).at(-1)).toMatchObject({ msgtype: 'file', fileName: '用印登记.csv' });
    const file = await fetch(`${base}/wecom/media/${encodeURIComponent(mediaId)}`);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe('a,b\n1,2\n');
  });
});
