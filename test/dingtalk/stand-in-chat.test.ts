// The stand-in's record of each person's chat with the robot (what the playground's 钉钉 view
// shows), its change notices, and the params a press of the card template's buttons sends.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DingTalkApi } from '../../src/chat/dingtalk/api.ts';
import { buttonVars, PANEL_VARS } from '../../src/chat/dingtalk/card/template.ts';
import { templateClickParams } from '../../src/chat/dingtalk/stand-in/callbacks.ts';
import { cardSeenBy } from '../../src/chat/dingtalk/stand-in/openapi.ts';
import { type DingTalkStandIn, startDingTalkStandIn } from '../../src/chat/dingtalk/stand-in/stand-in.ts';
import { apiOn } from './stream-support.ts';

let standIn: DingTalkStandIn;
let api: DingTalkApi;
let now = 1_000;

beforeEach(async () => {
  now = 1_000;
  standIn = await startDingTalkStandIn({ now: () => now });
  api = apiOn(standIn);
});
afterEach(async () => {
  await standIn.close();
});

describe('the stand-in’s chats with the robot', () => {
  it('keeps what a person typed, the robot’s messages and the cards delivered to them, in order', async () => {
    let changes = 0;
    const off = standIn.onChange(() => {
      changes += 1;
    });
    standIn.sendRobotMessage({ senderStaffId: 'u1', text: '用印' });
    now = 2_000;
    await api.sendToUsers(['u1', 'u2'], { msgKey: 'sampleText', msgParam: { content: '请填写表单' } });
    now = 3_000;
    await api.createAndDeliverCard({
      cardTemplateId: 'tpl.schema',
      outTrackId: 'card-1',
      cardParamMap: { title: '用印申请' },
      privateData: { u1: { cardParamMap: { btn1_show: 'true' } } },
      target: { kind: 'user', userId: 'u1' },
    });
    // A group's messages and what someone says there are not in anyone's chat with the robot.
    standIn.sendRobotMessage({ senderStaffId: 'u1', text: '@机器人 待办', groupConversationId: 'cid-1' });
    await api.sendToGroup('cid-1', { msgKey: 'sampleText', msgParam: { content: '群消息' } });

    expect(standIn.chatWith('u1')).toEqual([
      { kind: 'typed', at: 1_000, text: '用印' },
      { kind: 'message', at: 2_000, message: standIn.messagesTo('u1')[0] },
      { kind: 'card', at: 3_000, outTrackId: 'card-1' },
    ]);
    expect(standIn.chatWith('u2').map((entry) => entry.kind)).toEqual(['message']);
    expect(standIn.chatWith('nobody')).toEqual([]);

    const before = changes;
    await api.updateCard({ outTrackId: 'card-1', cardParamMap: { title: '已盖章' }, byKey: true });
    expect(changes).toBe(before + 1);
    off();
    standIn.sendRobotMessage({ senderStaffId: 'u1', text: '待办' });
    expect(changes).toBe(before + 1);
  });

  it('keeps an answer through a message’s session webhook in the person’s chat with the robot', async () => {
    const data = standIn.robotMessage({ senderStaffId: 'u3', text: '待办' });
    const answer = await fetch(String(data.sessionWebhook), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'text', text: { content: '没有待办' } }),
    });
    expect(await answer.json()).toMatchObject({ errcode: 0 });
    expect(standIn.chatWith('u3')).toEqual([
      {
        kind: 'message',
        at: 1_000,
        message: expect.objectContaining({ msgKey: 'text', msgParam: { content: '没有待办' } }),
      },
    ]);
  });

  it('shows each viewer the shared variables with their own private data over them', async () => {
    await api.createAndDeliverCard({
      cardTemplateId: 'tpl.schema',
      outTrackId: 'card-2',
      cardParamMap: { title: '请示', btn1_show: 'false' },
      privateData: { u1: { cardParamMap: { btn1_show: 'true', btn1_text: '同意' } } },
      target: { kind: 'user', userId: 'u1' },
    });
    const card = standIn.card('card-2');
    if (!card) throw new Error('no card');
    expect(cardSeenBy(card, 'u1')).toEqual({ title: '请示', btn1_show: 'true', btn1_text: '同意' });
    expect(cardSeenBy(card, 'u2')).toEqual({ title: '请示', btn1_show: 'false' });
  });
});

describe('what a press of the template’s buttons sends', () => {
  const slot = buttonVars(2);
  const seen = {
    [slot.show]: 'true',
    [slot.action]: 'approve',
    [slot.value]: 'abc:3:',
    [buttonVars(3).show]: 'false',
    [buttonVars(3).action]: 'reject',
    [PANEL_VARS.show]: 'true',
    [PANEL_VARS.action]: 'comment',
    [PANEL_VARS.value]: 'abc:3:mr',
  };

  it('sends a shown slot’s action and value, and nothing for a hidden or unknown one', () => {
    expect(templateClickParams(seen, 'btn2')).toEqual({ action: 'approve', value: 'abc:3:' });
    expect(templateClickParams(seen, 'btn3')).toBeUndefined();
    expect(templateClickParams(seen, 'btn11')).toBeUndefined();
    expect(templateClickParams(seen, 'approve')).toBeUndefined();
  });

  it('sends the open panel’s action and value, the submit with the form’s values', () => {
    expect(templateClickParams(seen, 'panel_submit', { comment: '同意' })).toEqual({
      action: 'comment',
      value: 'abc:3:mr',
      form: { comment: '同意' },
    });
    expect(templateClickParams(seen, 'panel_cancel', { comment: 'x' })).toEqual({
      action: 'comment',
      value: 'abc:3:mr',
    });
    expect(templateClickParams({ ...seen, [PANEL_VARS.show]: 'false' }, 'panel_submit')).toBeUndefined();
  });
});
