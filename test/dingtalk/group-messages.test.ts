// Commands written with @robot in a DingTalk group, over the stand-in: what is for everyone to see
// (help, a refusal) is answered in the group through the message's session webhook, @-mentioning
// the person; what is theirs alone (a command's reply, a form's signed link, a reply with buttons)
// goes to their chat with the robot, with a line in the group saying so.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { robotMessageData } from '../../src/chat/dingtalk/stand-in/callbacks.ts';
import type { StandInMessage } from '../../src/chat/dingtalk/stand-in/openapi.ts';
import { TOPIC_ROBOT_MESSAGE } from '../../src/chat/dingtalk/stream-frames.ts';
import {
  createDingTalkHarness,
  type DingTalkHarness,
  dingtalkUserOf,
  linkToDingTalk,
} from '../conformance/dingtalk-harness.ts';
import { REQUESTER } from '../conformance/suite.ts';

/** A web-form link of the bot, in a text. */
const FORM_LINK = /http:\/\/dingtalk\.test\/forms\//u;

/** The seals' custodian in the example organisation: her seal list has buttons (报告遗失). */
const CUSTODIAN = 'zhou-jing';

describe('DingTalk group messages with @robot', () => {
  let h: DingTalkHarness;
  let group = 0;
  /** A group of its own for each test, so each reads only its own answers. */
  const newGroup = () => `cid-group-${++group}`;
  const textOf = (message: StandInMessage | undefined) =>
    String((message?.msgParam as { text?: unknown } | undefined)?.text ?? '');
  const dmsOf = (userId: string) => h.standIn.messagesTo(userId).length;

  beforeAll(async () => {
    h = await createDingTalkHarness();
    await linkToDingTalk(h.prisma, [CUSTODIAN]);
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('answers help in the group, @-mentioning the person, and sends them nothing privately', async () => {
    const cid = newGroup();
    const user = dingtalkUserOf(REQUESTER);
    const before = dmsOf(user);
    await h.sayInGroup(REQUESTER, '你好', cid);
    const posted = h.standIn.messagesInGroup(cid);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ msgKey: 'markdown', atUserIds: [user], mentions: [user] });
    expect(textOf(posted[0])).toContain('我能办理');
    expect(dmsOf(user)).toBe(before);
  });

  it('sends a form’s link only to the person’s chat with the robot, and says so in the group', async () => {
    const cid = newGroup();
    const user = dingtalkUserOf(REQUESTER);
    await h.sayInGroup(REQUESTER, '/seal', cid);
    const posted = h.standIn.messagesInGroup(cid);
    expect(posted.map(textOf)).toEqual([`@${user}\n\n已单独发给你，请在与机器人的单聊中查看。`]);
    expect(posted[0]?.mentions).toEqual([user]);
    expect(JSON.stringify(posted)).not.toMatch(FORM_LINK);
    expect((await h.texts(REQUESTER)).at(-1)).toMatch(FORM_LINK);
  });

  it('sends a reply with buttons to the person’s chat as a card, and says so in the group', async () => {
    const cid = newGroup();
    const cardsBefore = h.standIn.cards().length;
    await h.sayInGroup(CUSTODIAN, '/seal list', cid);
    const created = h.standIn.cards().slice(cardsBefore);
    expect(created.map(([, card]) => card.openSpaceId)).toEqual([
      `dtv1.card//IM_ROBOT.${dingtalkUserOf(CUSTODIAN)}`,
    ]);
    expect(h.standIn.messagesInGroup(cid).map(textOf)).toEqual([
      `@${dingtalkUserOf(CUSTODIAN)}\n\n已单独发给你，请在与机器人的单聊中查看。`,
    ]);
  });

  it('tells a person linked to nobody so in the group', async () => {
    const cid = newGroup();
    const stranger = 'dt-stranger';
    await h.push(
      h.standIn.robotMessage({
        senderStaffId: stranger,
        text: '审批 陌生人的请示',
        groupConversationId: cid,
      }),
      TOPIC_ROBOT_MESSAGE,
    );
    const posted = h.standIn.messagesInGroup(cid);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.mentions).toEqual([stranger]);
    expect(textOf(posted[0])).toContain('你的账号还没有关联到单位通讯录');
    expect(dmsOf(stranger)).toBe(0);
  });

  it('answers a group message’s frame delivered twice once', async () => {
    const cid = newGroup();
    const frame = await h.sayInGroup(REQUESTER, '审批 群里发起的审批', cid);
    await h.push(frame.data, TOPIC_ROBOT_MESSAGE, frame.messageId);
    const posted = h.standIn.messagesInGroup(cid);
    expect(posted).toHaveLength(1);
    // What the person started is theirs: told in their chat, only a note in the group.
    expect(textOf(posted[0])).toContain('已单独发给你');
    expect(JSON.stringify(posted)).not.toContain('群里发起的审批');
    const told = (await h.texts(REQUESTER)).filter((text) => text.includes('群里发起的审批'));
    expect(told).toHaveLength(1);
    expect(await h.prisma.workflowInstance.count({ where: { title: '群里发起的审批' } })).toBe(1);
  });

  it('answers in the person’s chat, not the group, when the session webhook is not DingTalk’s address', async () => {
    const cid = newGroup();
    const user = dingtalkUserOf(REQUESTER);
    const before = dmsOf(user);
    const elsewhere = `${h.standIn.url}/elsewhere/robot/sendBySession`;
    await h.push(
      robotMessageData(
        { senderStaffId: user, text: '你好', groupConversationId: cid },
        h.now().getTime(),
        elsewhere,
      ),
      TOPIC_ROBOT_MESSAGE,
    );
    expect(h.standIn.messagesInGroup(cid)).toHaveLength(0);
    expect(dmsOf(user)).toBe(before + 1);
    expect((await h.texts(REQUESTER)).at(-1)).toContain('我能办理');
  });
});
