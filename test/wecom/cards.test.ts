// WeCom template cards and their single-use response codes, over the stand-in: a card is updated
// in place with the code its send returned (which the update spends), or with the code a click on
// it brought, even days after it was posted; without a usable code (spent, older than 72 hours,
// or refused by WeCom) a new copy is posted and recorded as the current one when its viewer gains
// something to do, and otherwise the copy is left as it is. A key the bot never
// drew is refused in words and changes nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCallbackXml } from '../../src/chat/wecom/callback-xml.ts';
import { CONFIRM_DENY_ACTION, parseButtonKey } from '../../src/chat/wecom/card/template-card.ts';
import { OUTBOX_KINDS } from '../../src/outbox/intents.ts';
import { personConversationKey } from '../../src/outbox/outbox-message.ts';
import { enqueueOutbox } from '../../src/outbox/outbox-repository.ts';
import { t as translate } from '../../src/shared/i18n.ts';
import { ASSIGNEE, REQUESTER } from '../conformance/suite.ts';
import {
  buttonOf,
  createWeComHarness,
  type WeComHarness,
  wecomUserOf,
} from '../conformance/wecom-harness.ts';

const HOURS_72 = 72 * 60 * 60_000;

describe('WeCom template cards', () => {
  let h: WeComHarness;
  beforeAll(async () => {
    h = await createWeComHarness();
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });
  let n = 0;

  /** Starts an approval and delivers; the requester's and the assignee's card. */
  async function start(what: string) {
    const title = `${what} ${++n}`;
    await h.startApproval(REQUESTER, title);
    await h.deliver();
    const instance = await h.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    const cardOf = (personId: string) => {
      const cards = h.templateCards(personId).filter((c) => JSON.stringify(c.content).includes(title));
      return cards;
    };
    return { title, instance, cardOf };
  }

  /** The requester presses 撤回 on card `msgId` and confirms it. */
  const recall = (msgId: string | undefined) =>
    h.press(REQUESTER, { content: '', actions: [], handle: msgId ?? '' }, 'recall');

  const refOf = async (instanceId: string, personId: string) =>
    (
      await h.prisma.cardMessage.findUniqueOrThrow({
        where: { instanceId_recipient: { instanceId, recipient: personId } },
      })
    ).messageRef as {
      taskId: string;
      msgId: string;
      responseCode: string | null;
      codeIssuedAt: string | null;
    };

  /** Asks for the assignee's copy of `instanceId` to be drawn again. */
  const redraw = (instanceId: string) =>
    enqueueOutbox(
      h.prisma,
      [
        {
          orderingKey: personConversationKey(ASSIGNEE),
          kind: OUTBOX_KINDS.cardSync,
          payload: { instanceId, personId: ASSIGNEE, refresh: true },
        },
      ],
      h.now(),
    );
  const lastCardSync = () =>
    h.prisma.outboxMessage.findFirstOrThrow({
      where: { kind: OUTBOX_KINDS.cardSync },
      orderBy: { id: 'desc' },
    });

  it('posts a button_interaction card with the viewer’s buttons and records its code and task id', async () => {
    const { instance, cardOf } = await start('卡片记录');
    const [card] = cardOf(ASSIGNEE);
    expect(card?.content).toMatchObject({ card_type: 'button_interaction' });
    const buttons = card?.content.button_list as Array<{ key: string; text: string }>;
    expect(buttons.length).toBeLessThanOrEqual(6);
    expect(buttons.map((b) => parseButtonKey(b.key)?.a)).toEqual(
      expect.arrayContaining(['approve', 'reject']),
    );
    const ref = await refOf(instance.id, ASSIGNEE);
    expect(ref).toMatchObject({
      taskId: card?.content.task_id,
      msgId: card?.msgId,
      responseCode: card?.responseCode,
    });
    expect(ref.codeIssuedAt).toBe(h.now().toISOString());
  });

  it('updates a card in place with its send’s code, then, with the code spent, leaves it when nothing is new to do', async () => {
    const { instance, cardOf } = await start('原地更新');
    await recall(cardOf(REQUESTER)[0]?.msgId);
    await h.deliver();
    // The clicker's card was updated with the code their click brought.
    expect(cardOf(REQUESTER)).toHaveLength(1);
    expect(cardOf(REQUESTER)[0]?.updates).toBe(1);
    // The assignee's card changed in place with its send's code, which is spent now.
    const theirs = cardOf(ASSIGNEE);
    expect(theirs).toHaveLength(1);
    expect(theirs[0]?.updates).toBe(1);
    expect(theirs[0]?.content.button_list).not.toContainEqual(expect.objectContaining({ text: '同意' }));
    expect((await refOf(instance.id, ASSIGNEE)).responseCode).toBeNull();

    // Another redraw with no code left, and nothing new for them to do: no new card in their chat.
    await redraw(instance.id);
    await h.deliver();
    expect(cardOf(ASSIGNEE)).toHaveLength(1);
    expect((await lastCardSync()).result).toMatchObject({ skipped: 'kept_without_code' });
  });

  it('posts a new copy without a code only when its viewer gains something to do', async () => {
    const { instance, cardOf } = await start('轮到你了');
    // A first redraw spends the code of the assignee's card: it is updated in place.
    await redraw(instance.id);
    await h.deliver();
    expect(cardOf(ASSIGNEE)).toHaveLength(1);
    expect((await refOf(instance.id, ASSIGNEE)).responseCode).toBeNull();
    // Had their copy offered nothing to do (as a card drawn before their turn), the change that
    // gives them 同意 comes as a new copy, recorded as the current one.
    await h.prisma.cardMessage.update({
      where: { instanceId_recipient: { instanceId: instance.id, recipient: ASSIGNEE } },
      data: { messageRef: { ...(await refOf(instance.id, ASSIGNEE)), actions: [] } },
    });
    await redraw(instance.id);
    await h.deliver();
    const after = cardOf(ASSIGNEE);
    expect(after).toHaveLength(2);
    expect(after[1]?.content.button_list).toContainEqual(expect.objectContaining({ text: '同意' }));
    const ref = await refOf(instance.id, ASSIGNEE);
    expect(ref.msgId).toBe(after[1]?.msgId);
    expect(ref.responseCode).toBe(after[1]?.responseCode);
  });

  it('never spends a code older than 72 hours, and a change that leaves nothing to do keeps the card as it was', async () => {
    const { title, instance, cardOf } = await start('三天以后');
    h.advance(HOURS_72 + 1000);
    // The requester's click brings a fresh code: their card is updated in place, days after posting.
    await recall(cardOf(REQUESTER)[0]?.msgId);
    await h.deliver();
    expect(cardOf(REQUESTER)).toHaveLength(1);
    expect(cardOf(REQUESTER)[0]?.updates).toBe(1);
    // The assignee's code is too old to use, and the recall leaves them nothing to do: their card
    // stays as it was (a press on it is refused with the reason, and redraws it with its code).
    expect(cardOf(ASSIGNEE)).toHaveLength(1);
    expect(cardOf(ASSIGNEE)[0]?.updates).toBe(0);
    const theirUpdates = h.standIn.updates.filter(
      (u) => u.userIds.includes(wecomUserOf(ASSIGNEE)) && JSON.stringify(u.change).includes(title),
    );
    expect(theirUpdates).toEqual([]);
    const row = await h.prisma.cardMessage.findUniqueOrThrow({
      where: { instanceId_recipient: { instanceId: instance.id, recipient: ASSIGNEE } },
    });
    expect((row.messageRef as { msgId: string }).msgId).toBe(cardOf(ASSIGNEE)[0]?.msgId);
  });

  it('posts a new copy when WeCom refuses the code', async () => {
    const { cardOf } = await start('拒绝代码');
    await recall(cardOf(REQUESTER)[0]?.msgId);
    h.standIn.failNext('message/update_template_card', 40058);
    const rounds = await h.deliver();
    expect(rounds.failed).toBe(0);
    // One of the two updates was refused: that person got a new copy.
    const copies = cardOf(REQUESTER).length + cardOf(ASSIGNEE).length;
    expect(copies).toBe(3);
  });

  it('asks to confirm 撤回 on a card of its own, and declining changes nothing', async () => {
    const { instance, cardOf } = await start('确认撤回');
    const before = h.templateCards(REQUESTER).length;
    await h.pressKey(REQUESTER, cardOf(REQUESTER)[0]?.msgId ?? '', 'recall');
    const [confirmation] = h.templateCards(REQUESTER).slice(before);
    expect(confirmation?.content).toMatchObject({
      main_title: { title: translate('zh', 'card.confirm.recall.title') },
    });
    expect((await h.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } })).status).toBe(
      'running',
    );
    // 取消: the confirmation card settles on what was chosen, and the item is as it was.
    await h.pressKey(REQUESTER, confirmation?.msgId ?? '', CONFIRM_DENY_ACTION);
    expect(h.templateCards(REQUESTER).find((c) => c.msgId === confirmation?.msgId)?.content).toMatchObject({
      replaced_name: translate('zh', 'card.confirm.deny'),
    });
    await h.deliver();
    const after = await h.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(after.version).toBe(instance.version);
    expect(cardOf(REQUESTER)[0]?.updates).toBe(0);
  });

  it('answers a key it never drew in words, and changes nothing', async () => {
    const { instance, cardOf } = await start('伪造按钮');
    const card = cardOf(ASSIGNEE)[0];
    const before = h.standIn.messagesTo(wecomUserOf(ASSIGNEE)).length;
    const xml = writeCallbackXml({
      ToUserName: h.standIn.keys.corpId,
      FromUserName: wecomUserOf(ASSIGNEE),
      CreateTime: Math.floor(h.now().getTime() / 1000),
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: '{"a":"approve","i":"not-an-id","v":1}',
      TaskId: String(card?.content.task_id),
      CardType: 'button_interaction',
      ResponseCode: h.standIn.issueResponseCode(),
      AgentID: 1000002,
    });
    await h.redeliver({ xml, key: '' });
    const texts = h.standIn.messagesTo(wecomUserOf(ASSIGNEE)).slice(before);
    expect(texts.map((m) => m.content.content)).toEqual([translate('zh', 'error.invalid_payload')]);
    expect((await h.prisma.workflowInstance.findUniqueOrThrow({ where: { id: instance.id } })).version).toBe(
      instance.version,
    );
    expect(card && buttonOf(card, 'approve')).toBeTruthy();
  });
});
