// The whole bot with WeCom configured, against the local stand-in: the platform module in the
// root's list is enabled by its variables, binds no port of its own (its callback route is served
// on the bot's port), sets the app's menu, and answers a command typed to the app in the person's
// chat with it: 用印 with the link to the seal request form on the web, and the menu's 会议申请 with
// the meeting request form's. A callback WeCom posts again is answered once; a forged one is
// refused with 401 and does nothing.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startBot } from '../../src/bot.ts';
import { WECOM_CALLBACK_PATH } from '../../src/chat/wecom/callback-route.ts';
import { writeCallbackXml } from '../../src/chat/wecom/callback-xml.ts';
import { startWeComStandIn, type WeComStandIn } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { INSTALLATION_TENANT } from '../../src/org/chat-accounts.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { captureLogs } from '../support/logs.ts';
import { getPath } from '../support/slack.ts';

const WAIT = { timeout: 10_000, interval: 50 };

describe('the bot on WeCom', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startWithWeCom() {
    const clock = new FakeClock('2026-12-01T01:00:00Z');
    const wecom: WeComStandIn = await startWeComStandIn({ now: () => clock.now().getTime() });
    cleanups.push(() => wecom.close());
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-wecom-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const logs = captureLogs();
    const bot = await startBot({
      env: { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ORG_FILE: 'org.example.yaml', ...wecom.env },
      clock,
      logger: logs.logger,
    });
    cleanups.push(() => bot.stop());
    // Xu Hui's WeCom account, as the organisation file's wecom_user_id would record it.
    await bot.db.prisma.chatAccount.create({
      data: { personId: 'xu-hui', platform: 'wecom', tenant: INSTALLATION_TENANT, externalId: 'XuHui' },
    });
    const callbackUrl = `http://127.0.0.1:${bot.port}${WECOM_CALLBACK_PATH}`;
    return { wecom, bot, logs, callbackUrl };
  }

  it('serves its callback on the bot’s port, sets the menu, and answers 用印 with the web-form link', async () => {
    const { wecom, bot, callbackUrl } = await startWithWeCom();
    expect((await getPath(bot.port, '/readyz')).json).toEqual({
      ready: true,
      checks: { database: 'ok', slack: 'not_configured', dingtalk: 'not_configured', wecom: 'http' },
    });
    expect(wecom.menu).toMatchObject({ button: [{ key: '我的待办' }, { name: '发起' }, { key: '查档' }] });

    const answered = await wecom.postText(callbackUrl, { from: 'XuHui', content: '用印', msgId: '7001' });
    expect(answered).toEqual({ status: 200, body: '' });
    await vi.waitFor(() => expect(wecom.messagesTo('XuHui')).toHaveLength(1), WAIT);
    const [reply] = wecom.messagesTo('XuHui');
    expect(reply?.msgtype).toBe('text');
    expect(String(reply?.content.content)).toMatch(/<a href="http:\/\/localhost:\d+\/forms\/[^"]+">/);

    // A menu button is its text: 我的待办 answers as if typed.
    await wecom.postMenuClick(callbackUrl, { from: 'XuHui', eventKey: '我的待办' });
    await vi.waitFor(() => expect(wecom.messagesTo('XuHui')).toHaveLength(2), WAIT);

    // 发起 → 会议申请 opens the meeting request form on the web.
    const start = (
      wecom.menu as { button: Array<{ name: string; sub_button?: Array<{ name: string; key: string }> }> }
    ).button.find((b) => b.name === '发起');
    const meeting = start?.sub_button?.find((b) => b.name === '会议申请');
    expect(meeting).toBeDefined();
    await wecom.postMenuClick(callbackUrl, { from: 'XuHui', eventKey: meeting?.key ?? '' });
    await vi.waitFor(() => expect(wecom.messagesTo('XuHui')).toHaveLength(3), WAIT);
    const link = /<a href="(http:\/\/localhost:\d+\/forms\/[^"]+)">/.exec(
      String(wecom.messagesTo('XuHui')[2]?.content.content),
    )?.[1];
    expect(link).toBeDefined();
    const { pathname, search } = new URL((link ?? '').replaceAll('&amp;', '&'));
    const page = await fetch(`http://127.0.0.1:${bot.port}${pathname}${search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Meeting request|会议申请/);
  });

  it('answers a callback WeCom posts again (same MsgId) once', async () => {
    const { wecom, logs, callbackUrl } = await startWithWeCom();
    await wecom.postText(callbackUrl, { from: 'XuHui', content: '用印', msgId: '8001' });
    await vi.waitFor(() => expect(wecom.messagesTo('XuHui')).toHaveLength(1), WAIT);
    const again = await wecom.postText(callbackUrl, { from: 'XuHui', content: '用印', msgId: '8001' });
    expect(again.status).toBe(200);
    await logs.waitForLine((line) => line.msg === 'WeCom callback seen before; nothing more done');
    // A later message is answered, and the repeat added nothing before it.
    await wecom.postText(callbackUrl, { from: 'XuHui', content: '帮助', msgId: '8002' });
    await vi.waitFor(() => expect(wecom.messagesTo('XuHui')).toHaveLength(2), WAIT);
    expect(wecom.messagesTo('XuHui')[1]?.content.content).not.toMatch(/\/forms\//);
  });

  it('refuses a forged callback with 401: nothing answered, nothing of it logged', async () => {
    const { wecom, logs, callbackUrl } = await startWithWeCom();
    const forgedXml = writeCallbackXml({
      ToUserName: wecom.keys.corpId,
      Encrypt: 'Zm9yZ2VkIGJ5IHNvbWVvbmU=',
    });
    const forged = await fetch(`${callbackUrl}?msg_signature=${'a'.repeat(40)}&timestamp=1&nonce=2`, {
      method: 'POST',
      body: forgedXml,
    });
    expect(forged.status).toBe(401);
    await logs.waitForLine((line) => line.msg === 'WeCom callback refused');
    // Signed with another app's keys: the same.
    const other = await startWeComStandIn({ corpId: wecom.keys.corpId });
    cleanups.push(() => other.close());
    const stranger = await other.postText(callbackUrl, { from: 'XuHui', content: '用印 公章 3 伪造' });
    expect(stranger.status).toBe(401);
    expect(wecom.messages).toEqual([]);
    expect(other.messages).toEqual([]);
    expect(logs.text()).not.toContain('伪造');
    expect(logs.text()).not.toContain('Zm9yZ2VkIGJ5IHNvbWVvbmU=');
  });
});
