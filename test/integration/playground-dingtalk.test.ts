// The playground's DingTalk side without a browser: the stand-in started with the bot, everyone
// linked to a stand-in userid, the page's switch deciding where new messages go, the routes the 钉钉
// view uses (a person's chat, typing, pressing) refusing bad input without pushing anything, and
// web-form links answered through the page's address.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningPlayground } from '../../src/playground/start.ts';
import { startTestPlayground, type TestPlayground } from '../support/playground.ts';

describe('the playground’s DingTalk side', () => {
  let running: TestPlayground;
  let playground: RunningPlayground;
  let base: string;

  beforeAll(async () => {
    running = await startTestPlayground('pglite');
    playground = running.playground;
    base = `http://127.0.0.1:${playground.port}`;
    await playground.dingtalk.waitFor(() => playground.dingtalk.openConnections > 0);
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  const get = (pathname: string) => running.pg.get(pathname);
  const post = (pathname: string, body: unknown) => running.pg.post(pathname, body);
  const chat = async (user: string) =>
    (await get(`/api/dingtalk/state?user=${user}`)).body.chat as Array<Record<string, unknown>>;

  it('connects the bot to the stand-in, with every person linked to a stand-in userid', async () => {
    expect((await get('/readyz')).body).toMatchObject({ ready: true, checks: { dingtalk: 'connected' } });
    const people = await playground.bot.db.prisma.person.count({ where: { active: true } });
    const accounts = await playground.bot.db.prisma.chatAccount.findMany({ where: { platform: 'dingtalk' } });
    expect(accounts).toHaveLength(people);
    expect(accounts.find((a) => a.personId === 'xu-hui')?.externalId).toBe('dt-xu-hui');
    const meta = (await get('/api/people')).body;
    expect(meta).toMatchObject({ platform: 'slack', platforms: ['slack', 'dingtalk', 'wecom'] });
    expect((meta.people as Array<{ personId: string; dingtalkUserId: string }>)[0]?.dingtalkUserId).toMatch(
      /^dt-/,
    );
  });

  it('takes DingTalk input only once the page shows 钉钉, and refuses bad input without pushing a frame', async () => {
    const acks = () => playground.dingtalk.acks.length;
    const before = acks();
    const refused = await post('/api/dingtalk/message', { user: 'dt-xu-hui', text: '待办' });
    expect(refused).toEqual({
      status: 409,
      body: { ok: false, error: '请先切换到钉钉 / switch the page to 钉钉 first' },
    });
    expect(await post('/api/platform', { platform: 'teams' })).toMatchObject({ status: 400 });
    expect((await get('/api/people')).body.platform).toBe('slack');

    expect(await post('/api/platform', { platform: 'dingtalk' })).toEqual({
      status: 200,
      body: { ok: true, platform: 'dingtalk' },
    });
    expect(await post('/api/dingtalk/message', { user: 'dt-xu-hui', text: '   ' })).toMatchObject({
      status: 400,
      body: { error: '请输入要发送的文字 / type something to send' },
    });
    expect(await post('/api/dingtalk/message', { user: 'dt-nobody', text: '待办' })).toMatchObject({
      status: 404,
    });
    expect(await get('/api/dingtalk/state?user=dt-nobody')).toMatchObject({ status: 404 });
    const noCard = await post('/api/dingtalk/click', {
      user: 'dt-xu-hui',
      outTrackId: 'card-x',
      actionId: 'btn1',
    });
    expect(noCard).toMatchObject({
      status: 400,
      body: { error: '这张卡片上没有这个按钮 / this card shows you no such button' },
    });
    expect(acks()).toBe(before);
    expect(await chat('dt-xu-hui')).toEqual([]);
  });

  it('answers what a person types in their chat with the robot, and a press sends the button’s own value', async () => {
    const title = '钉钉试用的审批';
    expect(await post('/api/dingtalk/message', { user: 'dt-xu-hui', text: `审批 ${title}` })).toMatchObject({
      status: 200,
    });
    const cardOf = async (user: string) =>
      (await chat(user)).find(
        (entry) => entry.kind === 'card' && (entry.variables as Record<string, string>).title === title,
      );
    await vi.waitFor(async () => expect(await cardOf('dt-liu-yang')).toBeDefined(), {
      timeout: 15_000,
      interval: 100,
    });
    expect((await chat('dt-xu-hui'))[0]).toMatchObject({ kind: 'typed', text: `审批 ${title}` });
    const card = (await cardOf('dt-liu-yang')) as { outTrackId: string; variables: Record<string, string> };
    // Someone else cannot press the head's buttons on his card: it is not in their chat.
    expect(
      await post('/api/dingtalk/click', { user: 'dt-xu-hui', outTrackId: card.outTrackId, actionId: 'btn1' }),
    ).toMatchObject({ status: 400 });

    const slot = Object.keys(card.variables).find(
      (key) => /^btn\d+_text$/.test(key) && card.variables[key] === '评论',
    );
    const actionId = String(slot).replace('_text', '');
    const pressed = await post('/api/dingtalk/click', {
      user: 'dt-liu-yang',
      outTrackId: card.outTrackId,
      actionId,
    });
    expect(pressed.status).toBe(200);
    await playground.dingtalk.waitFor(() =>
      playground.dingtalk.acks.some((a) => a.messageId === pressed.body.messageId),
    );
    // The 评论 button asks for an opinion: the panel opens on his copy.
    await vi.waitFor(
      async () => expect(((await cardOf('dt-liu-yang')) as typeof card).variables.panel_show).toBe('true'),
      { timeout: 15_000, interval: 100 },
    );
    expect(((await cardOf('dt-xu-hui')) as typeof card | undefined)?.variables.panel_show).not.toBe('true');
  }, 60_000);

  it('opens the bot’s web forms through the page’s address', async () => {
    await post('/api/dingtalk/message', { user: 'dt-xu-hui', text: '用印' });
    let link: string | undefined;
    await vi.waitFor(
      async () => {
        const texts = (await chat('dt-xu-hui'))
          .filter((entry) => entry.kind === 'message')
          .map((entry) => JSON.stringify(entry.msgParam));
        // The markdown link's target (its title is cut short for the chat list).
        link = texts
          .join(' ')
          .match(/\]\((http:\/\/localhost:\d+\/forms\/seal\.request\?t=[^\s)"\\]+)\)/)?.[1];
        expect(link).toBeDefined();
      },
      { timeout: 15_000, interval: 100 },
    );
    const url = new URL(String(link));
    expect(url.port).toBe(String(playground.port));
    const page = await fetch(`${base}${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Seal request');
  }, 60_000);
});
