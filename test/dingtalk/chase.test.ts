// 催一下 on DingTalk, over the stand-in: the requester's card gets the button once the step has
// waited half a working day (the scheduler's wake redraws the copy in place), a press goes to the
// chasing feature's button handler, the person the item waits on is nudged once, and the same
// click frame pushed again (to this bot, or to a restarted one) nudges nobody again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUTTON_SLOTS, buttonVars } from '../../src/chat/dingtalk/card/template.ts';
import { TOPIC_CARD_CALLBACK } from '../../src/chat/dingtalk/stream-frames.ts';
import { CHASE_NUDGE_ACTION } from '../../src/features/chasing/chase-buttons.ts';
import {
  createDingTalkHarness,
  type DingTalkHarness,
  dingtalkUserOf,
} from '../conformance/dingtalk-harness.ts';
import { ASSIGNEE, cardTitled, REQUESTER } from '../conformance/suite.ts';

const HOUR = 3_600_000;

describe('催一下 on a DingTalk card', () => {
  let h: DingTalkHarness;
  beforeAll(async () => {
    h = await createDingTalkHarness();
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  /** The label of the button of `action` on the person's copy of the card, or null when it has none. */
  const labelOf = (personId: string, outTrackId: string, action: string): string | null => {
    const viewer = h.standIn.card(outTrackId)?.privateData[dingtalkUserOf(personId)]?.cardParamMap ?? {};
    for (let index = 1; index <= BUTTON_SLOTS; index++) {
      const vars = buttonVars(index);
      if (viewer[vars.show] === 'true' && viewer[vars.action] === action) return viewer[vars.text] ?? '';
    }
    return null;
  };
  /** The nudges about `title` in the person's chat with the robot (a card: it has a button to the item). */
  const nudgesOf = (personId: string, title: string) =>
    h.standIn
      .cards()
      .filter(
        ([, card]) =>
          card.openSpaceId === `dtv1.card//IM_ROBOT.${dingtalkUserOf(personId)}` &&
          JSON.stringify(card.cardParamMap).includes(`催办「${title}」`),
      );
  const answersOf = async (personId: string) =>
    (await h.texts(personId)).filter((text) => text.startsWith('已催办') || text.includes('催过'));

  it('offers 催一下 once the step has waited, and a press nudges the assignee once, however often its frame arrives', async () => {
    const title = '钉钉里催一下的请示';
    await h.startApproval(REQUESTER, title);
    await h.deliver();
    const outTrackId = (await cardTitled(h, REQUESTER, title)).handle as string;
    expect(labelOf(REQUESTER, outTrackId, CHASE_NUDGE_ACTION)).toBeNull();

    // Monday 09:30 + 4 h 45 min of office time: from 14:15 on.
    h.advance(5 * HOUR);
    await h.wake();
    await h.deliver();
    expect(labelOf(REQUESTER, outTrackId, CHASE_NUDGE_ACTION)).toBe('催一下');
    // The person it waits on is not offered to chase themselves.
    const assigneeCard = (await cardTitled(h, ASSIGNEE, title)).handle as string;
    expect(labelOf(ASSIGNEE, assigneeCard, CHASE_NUDGE_ACTION)).toBeNull();

    const pressed = await h.pressButton(REQUESTER, outTrackId, CHASE_NUDGE_ACTION);
    await h.push(pressed.data, TOPIC_CARD_CALLBACK, pressed.messageId);
    await h.deliver();
    expect(nudgesOf(ASSIGNEE, title)).toHaveLength(1);
    expect(await answersOf(REQUESTER)).toEqual(['已催办：刘洋。']);
    // The requester's copy, redrawn in place, says when the button works again.
    expect(labelOf(REQUESTER, outTrackId, CHASE_NUDGE_ACTION)).toBe('催一下（18:30 后可再催）');

    // The same frame reaches a restarted bot, which remembers no frame: the press is known by it.
    await h.restart();
    await h.push(pressed.data, TOPIC_CARD_CALLBACK, pressed.messageId);
    await h.deliver();
    expect(nudgesOf(ASSIGNEE, title)).toHaveLength(1);
    expect(await answersOf(REQUESTER)).toEqual(['已催办：刘洋。', '已催办：刘洋。']);
    const instance = await h.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    expect(await h.prisma.manualChase.count({ where: { instanceId: instance.id } })).toBe(1);

    // A new press within four hours is refused with the time.
    await h.pressButton(REQUESTER, outTrackId, CHASE_NUDGE_ACTION);
    expect((await answersOf(REQUESTER)).at(-1)).toContain('18:30 后可再催');
    await h.deliver();
    expect(nudgesOf(ASSIGNEE, title)).toHaveLength(1);
  });

  it('refuses a 催一下 whose value the bot did not write, and nudges nobody', async () => {
    const title = '钉钉里伪造的催一下';
    await h.startApproval(REQUESTER, title);
    await h.deliver();
    const outTrackId = (await cardTitled(h, REQUESTER, title)).handle as string;
    const before = (await h.texts(REQUESTER)).length;
    await h.push(
      {
        corpId: 'stand-in-corp',
        userId: dingtalkUserOf(REQUESTER),
        outTrackId,
        spaceType: 'IM_ROBOT',
        spaceId: dingtalkUserOf(REQUESTER),
        content: JSON.stringify({
          cardPrivateData: {
            actionIds: ['btn_1'],
            params: { action: CHASE_NUDGE_ACTION, value: 'not-ours' },
          },
        }),
      },
      TOPIC_CARD_CALLBACK,
    );
    await h.deliver();
    expect((await h.texts(REQUESTER)).slice(before)).toEqual(['无法识别这条请求，请重新操作一次。']);
    expect(nudgesOf(ASSIGNEE, title)).toHaveLength(0);
  });
});
