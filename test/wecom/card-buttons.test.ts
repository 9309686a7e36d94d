// Feature and reply buttons on WeCom template cards, over the stand-in: 催一下 on the requester's
// card goes to the chasing feature's handler and nudges once however often WeCom posts the press;
// a command's reply with buttons (待办's 打开) arrives as a template card, and its press is answered
// by its feature (the item's card posted again, recorded as the current copy).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseButtonKey } from '../../src/chat/wecom/card/template-card.ts';
import { CHASE_NUDGE_ACTION } from '../../src/features/chasing/chase-buttons.ts';
import { DOC_LIST_OPEN_ACTION } from '../../src/features/documents/doc-list-reply.ts';
import { REQUESTER } from '../conformance/suite.ts';
import { buttonOf, createWeComHarness, type WeComHarness } from '../conformance/wecom-harness.ts';

const HOUR = 3_600_000;

describe('feature and reply buttons on WeCom cards', () => {
  let h: WeComHarness;
  beforeAll(async () => {
    h = await createWeComHarness();
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  const cardsAbout = (personId: string, title: string) =>
    h.templateCards(personId).filter((card) => JSON.stringify(card.content).includes(title));

  it('sends 催一下 to its feature and nudges once, however often WeCom posts the press', async () => {
    const title = '企业微信催一下';
    await h.startApproval(REQUESTER, title);
    await h.deliver();
    const [card] = cardsAbout(REQUESTER, title);
    expect(card && buttonOf(card, CHASE_NUDGE_ACTION)).toBeUndefined();
    // Monday 09:30 + 4 h 45 min of office time: the button is offered from 14:15 on.
    h.advance(5 * HOUR);
    await h.wake();
    await h.deliver();
    // The card was redrawn in place (the code of its send) and offers the button now.
    expect(cardsAbout(REQUESTER, title)).toHaveLength(1);
    const redrawn = cardsAbout(REQUESTER, title)[0];
    expect(redrawn && buttonOf(redrawn, CHASE_NUDGE_ACTION)).toBeDefined();

    const pressed = await h.pressKey(REQUESTER, redrawn?.msgId ?? '', CHASE_NUDGE_ACTION);
    await h.redeliver(pressed);
    await h.deliver();
    const instance = await h.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    expect(await h.prisma.manualChase.count({ where: { instanceId: instance.id } })).toBe(1);
    expect((await h.texts(REQUESTER)).filter((text) => text.startsWith('已催办'))).toEqual([
      '已催办：刘洋。',
    ]);
  });

  it('shows a reply with buttons as a template card whose press its feature answers', async () => {
    const title = '企业微信待办打开';
    await h.startApproval(REQUESTER, title);
    await h.deliver();
    await h.say(REQUESTER, '待办');
    const reply = h
      .templateCards(REQUESTER)
      .filter((card) => String(card.content.task_id).startsWith('reply-'))
      .at(-1);
    const open = ((reply?.content.button_list ?? []) as Array<{ key: string; text: string }>).find(
      (button) => {
        const intent = parseButtonKey(button.key);
        return intent?.a === DOC_LIST_OPEN_ACTION && 'x' in intent;
      },
    );
    expect(open?.text).toBe('打开');
    const instance = await h.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    expect(parseButtonKey(open?.key ?? '')).toEqual({ a: DOC_LIST_OPEN_ACTION, x: instance.id });

    await h.pressKey(REQUESTER, reply?.msgId ?? '', DOC_LIST_OPEN_ACTION);
    await h.deliver();
    // The item's card posted again, and the newest copy is the one recorded.
    const copies = cardsAbout(REQUESTER, title).filter(
      (card) => !String(card.content.task_id).startsWith('reply-'),
    );
    expect(copies).toHaveLength(2);
    const row = await h.prisma.cardMessage.findUniqueOrThrow({
      where: { instanceId_recipient: { instanceId: instance.id, recipient: REQUESTER } },
    });
    expect((row.messageRef as { msgId: string }).msgId).toBe(copies[1]?.msgId);
  });
});
