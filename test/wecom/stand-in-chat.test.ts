// The WeCom stand-in's record of each person's chat with the app, which the playground draws: what
// they typed or picked from the menu, the app's messages in order, and each copy of a template card
// as update_template_card left it for that person; listeners hear of every change.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWeComApi } from '../../src/chat/wecom/api.ts';
import { startWeComStandIn, type WeComStandIn } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { createWeComTokenSource } from '../../src/chat/wecom/token.ts';

describe('the WeCom stand-in’s chats', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp() {
    let now = Date.parse('2026-12-01T01:00:00Z');
    const standIn: WeComStandIn = await startWeComStandIn({ now: () => (now += 1000) });
    cleanups.push(() => standIn.close());
    const tokens = createWeComTokenSource({
      apiUrl: standIn.url,
      corpId: standIn.keys.corpId,
      secret: standIn.env.WECOM_SECRET ?? '',
    });
    const api = createWeComApi({ apiUrl: standIn.url, agentId: Number(standIn.env.WECOM_AGENT_ID), tokens });
    // Where the callbacks go: an app that answers every one with an empty 200.
    const app: Server = createServer((_req, res) => res.end(''));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => app.close(resolve)));
    const callbackUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/wecom/callback`;
    return { standIn, api, callbackUrl };
  }

  const card = (taskId: string) => ({
    card_type: 'button_interaction',
    main_title: { title: '用印申请' },
    task_id: taskId,
    button_list: [{ text: '同意', key: 'approve', style: 1 }],
  });

  it('keeps what a person typed and the app’s messages in order, and tells listeners', async () => {
    const { standIn, api, callbackUrl } = await setUp();
    let changes = 0;
    const off = standIn.onChange(() => {
      changes += 1;
    });
    await standIn.postText(callbackUrl, { from: 'xu', content: '用印' });
    await api.send(['xu'], { msgtype: 'text', text: { content: '请填写用印申请' } });
    await standIn.postMenuClick(callbackUrl, { from: 'xu', eventKey: '我的待办' });
    await api.send(['liu'], { msgtype: 'markdown', markdown: { content: '**不给徐慧**' } });
    expect(standIn.chatWith('xu').map((entry) => entry.kind)).toEqual(['typed', 'message', 'menu']);
    expect(standIn.chatWith('xu')[0]).toMatchObject({ kind: 'typed', text: '用印' });
    expect(standIn.chatWith('xu')[1]).toMatchObject({
      msgtype: 'text',
      content: { content: '请填写用印申请' },
      replacedButton: null,
      updates: 0,
    });
    expect(changes).toBe(4);
    off();
    await api.send(['xu'], { msgtype: 'text', text: { content: '再一条' } });
    expect(changes).toBe(4);
  });

  it('shows each copy of a card as the updates for its person left it', async () => {
    const { standIn, api, callbackUrl } = await setUp();
    const shared = await api.send(['xu', 'liu'], { msgtype: 'template_card', template_card: card('t-1') });
    await api.updateTemplateCard({
      userIds: ['xu', 'liu'],
      responseCode: shared.responseCode ?? '',
      change: { template_card: { ...card('t-1'), sub_title_text: '已同意', button_list: [] } },
    });
    for (const user of ['xu', 'liu']) {
      expect(standIn.chatWith(user)[0]).toMatchObject({
        content: { sub_title_text: '已同意', button_list: [] },
        updates: 1,
      });
    }

    const own = await api.send(['liu'], { msgtype: 'template_card', template_card: card('t-2') });
    await api.send(['xu'], { msgtype: 'template_card', template_card: card('t-2') });
    const pressed = await standIn.pressButton(callbackUrl, { from: 'liu', msgId: own.msgId, key: 'approve' });
    await api.updateTemplateCard({
      userIds: ['liu'],
      responseCode: pressed.responseCode,
      change: { button: { replace_name: '已同意' } },
    });
    expect(standIn.chatWith('liu').at(-1)).toMatchObject({
      msgId: own.msgId,
      replacedButton: '已同意',
      updates: 1,
    });
    expect(JSON.stringify(standIn.chatWith('liu').at(-1))).not.toContain('replaced_name');
    expect(standIn.chatWith('xu').at(-1)).toMatchObject({ replacedButton: null, updates: 0 });
  });
});
