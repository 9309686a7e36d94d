// The DingTalk adapter's faults, end to end over the stand-in: a frame delivered twice, an ACK lost
// (the frame redelivered after its work committed, also to a restarted bot that remembers no
// frame), the token revoked in the middle of a burst, DingTalk's rate limit and ban page, the
// gateway refusing registration, and the stand-in down when the bot starts. Each loses nothing and
// applies nothing twice.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { robotMessageData } from '../../src/chat/dingtalk/stand-in/callbacks.ts';
import { TOPIC_CARD_CALLBACK, TOPIC_ROBOT_MESSAGE } from '../../src/chat/dingtalk/stream-frames.ts';
import { OUTBOX_KINDS } from '../../src/outbox/intents.ts';
import { personConversationKey } from '../../src/outbox/outbox-message.ts';
import { enqueueOutbox } from '../../src/outbox/outbox-repository.ts';
import { t } from '../../src/shared/i18n.ts';
import {
  createDingTalkHarness,
  type DingTalkHarness,
  dingtalkUserOf,
} from '../conformance/dingtalk-harness.ts';
import { ASSIGNEE, cardTitled, instanceTitled, REQUESTER } from '../conformance/suite.ts';

describe('DingTalk adapter faults', () => {
  let h: DingTalkHarness;
  beforeAll(async () => {
    // A lost ACK is redelivered after 300 ms instead of DingTalk's minute.
    h = await createDingTalkHarness({ redeliverAfterMs: 300 });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  const startedTexts = async (title: string) =>
    (await h.texts(REQUESTER)).filter((text) => text.includes(title) && text.includes('刘洋'));

  /** The robot message frame of `text` by `personId`. */
  const said = (personId: string, text: string) =>
    robotMessageData({ senderStaffId: dingtalkUserOf(personId), text }, h.now().getTime());

  it('starts one approval for a command frame delivered twice, and answers it once', async () => {
    const title = '重复投递的命令';
    const data = said(REQUESTER, `审批 ${title}`);
    const messageId = await h.push(data, TOPIC_ROBOT_MESSAGE);
    await h.push(data, TOPIC_ROBOT_MESSAGE, messageId);
    await h.deliver();
    expect(await h.prisma.workflowInstance.count({ where: { title } })).toBe(1);
    expect(await startedTexts(title)).toHaveLength(1);
  });

  it('starts nothing more when a command is redelivered after the bot restarted (the start is keyed by the frame)', async () => {
    const title = '重启后重投的命令';
    const data = said(REQUESTER, `审批 ${title}`);
    const messageId = await h.push(data, TOPIC_ROBOT_MESSAGE);
    await h.restart();
    await h.push(data, TOPIC_ROBOT_MESSAGE, messageId);
    await h.deliver();
    expect(await h.prisma.workflowInstance.count({ where: { title } })).toBe(1);
  });

  it('applies a click whose ACK was lost once, though DingTalk redelivers it after the work committed', async () => {
    const title = 'ACK 丢失的点击';
    await h.startApproval(REQUESTER, title);
    await h.deliver();
    const card = await cardTitled(h, REQUESTER, title);
    // 撤回 asks to confirm on the card: both the press and the confirmation lose their ACK.
    h.standIn.loseAcks(2);
    const { messageId } = (await h.press(REQUESTER, card, 'recall')) as { messageId: string };
    // The confirmation comes again (its first ACK lost), is ACKed again, and reaches the adapter again.
    await h.handled(messageId, 2);
    expect(h.standIn.deliveries(messageId)).toBe(2);
    await h.standIn.waitFor(() => h.standIn.acks.some((ack) => ack.messageId === messageId));
    const instance = await instanceTitled(h, title);
    expect(instance.status).toBe('recalled');
    expect(instance.version).toBe(2);
    expect(await h.prisma.auditEntry.count({ where: { instanceId: instance.id, action: 'recall' } })).toBe(1);
  });

  it('applies a click once when it is redelivered to a restarted bot, which remembers no frame', async () => {
    const title = '重启后重投的点击';
    await h.startApproval(REQUESTER, title);
    await h.deliver();
    const event = (await h.press(REQUESTER, await cardTitled(h, REQUESTER, title), 'recall')) as {
      messageId: string;
      data: unknown;
    };
    await h.restart();
    await h.push(event.data, TOPIC_CARD_CALLBACK, event.messageId);
    const instance = await instanceTitled(h, title);
    expect(instance.version).toBe(2);
    expect(await h.prisma.auditEntry.count({ where: { instanceId: instance.id, action: 'recall' } })).toBe(1);
  });

  it('refreshes a token revoked in the middle of a burst once, and delivers every message', async () => {
    const rows = Array.from({ length: 6 }, () => ({
      orderingKey: personConversationKey(ASSIGNEE),
      kind: OUTBOX_KINDS.personMessage,
      payload: { personId: ASSIGNEE, key: 'wf.approve_usage' },
    }));
    await enqueueOutbox(h.prisma, rows.slice(0, 3), h.now());
    await h.deliver();
    const before = (await h.texts(ASSIGNEE)).length;
    const tokenRequests = h.standIn.tokenRequests;
    h.standIn.invalidateTokens();
    await enqueueOutbox(h.prisma, rows.slice(3), h.now());
    const result = await h.deliver();
    expect(result.failed).toBe(0);
    expect((await h.texts(ASSIGNEE)).length - before).toBe(3);
    expect(h.standIn.tokenRequests - tokenRequests).toBe(1);
  });

  it('holds a card back on a QPS answer and on the HTML ban page, and delivers it once the wait is over', async () => {
    const title = '限流与封禁';
    await h.startApproval(REQUESTER, title);
    h.standIn.misbehave('rate_limit', 1);
    const limited = await h.deliver();
    expect(limited.retried).toBeGreaterThan(0);
    h.advance(1_000);
    h.standIn.misbehave('ip_ban', 1);
    const banned = await h.deliver();
    expect(banned.retried).toBeGreaterThan(0);
    // The ban page asks for five minutes.
    h.advance(5 * 60_000);
    await h.deliver();
    expect((await cardTitled(h, ASSIGNEE, title)).actions).toContain('approve');
    expect(await h.prisma.outboxMessage.count({ where: { status: 'failed' } })).toBe(0);
  });

  it('keeps trying while the gateway refuses registration, then takes commands', async () => {
    const registrations = h.standIn.registrations;
    h.standIn.refuseRegistration(2);
    await h.restart({ waitConnected: false });
    await h.connected();
    expect(h.standIn.registrations - registrations).toBeGreaterThanOrEqual(3);
    const title = '注册被拒之后';
    await h.startApproval(REQUESTER, title);
    expect((await instanceTitled(h, title)).status).toBe('running');
  });

  it('connects once the stand-in is up when it was down as the bot started, and loses no command', async () => {
    await h.standIn.down();
    await h.restart({ waitConnected: false });
    expect(h.adapter.runtime.connectionState()).not.toBe('connected');
    // A person writes meanwhile: DingTalk keeps the frame until a connection takes it.
    const title = '启动时平台不可用';
    await h.standIn.up();
    await h.connected();
    await h.startApproval(REQUESTER, title);
    expect((await instanceTitled(h, title)).status).toBe('running');
  });

  it('answers text it does not understand with what the bot can do, and a person linked to nobody with the not-linked words', async () => {
    await h.say(REQUESTER, '你好');
    const help = (await h.texts(REQUESTER)).at(-1) ?? '';
    // The words that start each command, from the core's answer to text that names none.
    expect(help).toContain(t('zh', 'command.help', { words: '', commands: '' }).slice(0, 4));
    expect(help).toContain('用印');
    expect(help).toContain('审批');
    await h.prisma.chatAccount.deleteMany({ where: { personId: ASSIGNEE, platform: 'dingtalk' } });
    const stranger = 'dt-stranger';
    await h.push(robotMessageData({ senderStaffId: stranger, text: '待办' }, 0), TOPIC_ROBOT_MESSAGE);
    const answer = h.standIn.messagesTo(stranger).at(-1)?.msgParam as { content?: string };
    expect(answer.content).toBe(t('zh', 'wf.not_linked'));
  });

  it('answers 待办 with the person’s work as a command of the approval feature', async () => {
    const before = h.standIn.messagesTo(dingtalkUserOf(REQUESTER)).length;
    const cardsBefore = h.standIn.cards().length;
    await h.say(REQUESTER, '待办');
    const sent = h.standIn.messagesTo(dingtalkUserOf(REQUESTER)).length - before;
    const cards = h.standIn.cards().length - cardsBefore;
    // A reply with buttons is a card, one without a markdown message: one answer either way.
    expect(sent + cards).toBe(1);
  });
});
