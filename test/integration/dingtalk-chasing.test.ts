// Chasing (催办) end to end on DingTalk: the whole bot with DingTalk's variables, against the local
// stand-in, on a clock that moves only when told. An approval typed to the robot; half a working
// day later the scheduler's wake puts 催一下 on the requester's card; a press, its frame pushed
// twice, nudges the reviewer once; on the first morning after the deadline the scheduler's overdue
// reminder reaches the reviewer once, and a second wake sends nothing more.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningBot, startBot } from '../../src/bot.ts';
import { BUTTON_SLOTS, buttonActionId, buttonVars } from '../../src/chat/dingtalk/card/template.ts';
import { cardClickData } from '../../src/chat/dingtalk/stand-in/callbacks.ts';
import { type DingTalkStandIn, startDingTalkStandIn } from '../../src/chat/dingtalk/stand-in/stand-in.ts';
import { TOPIC_CARD_CALLBACK } from '../../src/chat/dingtalk/stream-frames.ts';
import { CHASE_NUDGE_ACTION } from '../../src/features/chasing/chase-buttons.ts';
import { CHASE_OUTBOX_KINDS } from '../../src/features/chasing/run-reminders.ts';
import { linkToDingTalk, robotCardTitled } from '../conformance/dingtalk-harness.ts';
import { silentLogger } from '../support/databases.ts';
import { dingtalkEnv } from '../support/dingtalk-office.ts';
import { FakeClock } from '../support/fake-clock.ts';

/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);
/** 徐慧, who reads English, asks; 刘洋, who reads Chinese, reviews. */
const REQUESTER = 'dt-xu-hui';
const REVIEWER = 'dt-liu-yang';
const WAIT = { timeout: 15_000, interval: 50 };

describe('chasing on DingTalk, end to end', () => {
  // Tuesday 1 December 2026, 10:30 in the unit's zone.
  const clock = new FakeClock(local('2026-12-01T10:30:00'));
  const title = '关于钉钉里催办的请示';
  let dingtalk: DingTalkStandIn;
  let bot: RunningBot;
  let dataDir: string;

  beforeAll(async () => {
    dingtalk = await startDingTalkStandIn();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-dingtalk-chasing-'));
    // The example organisation, with 平件's reminders sent as messages of their own (the default
    // folds them into the morning digest): the generic approval is a 平件.
    const example = await readFile('org.example.yaml', 'utf8');
    const orgFile = path.join(dataDir, 'org.yaml');
    const own = example.replace('normal: { delivery: digest }', 'normal: { delivery: message }');
    expect(own).not.toBe(example);
    await writeFile(orgFile, own);
    bot = await startBot({
      env: {
        DATA_DIR: path.join(dataDir, 'data'),
        PORT: '0',
        HOST: '127.0.0.1',
        ORG_FILE: orgFile,
        ...dingtalkEnv(dingtalk),
      },
      clock,
      logger: silentLogger,
    });
    await dingtalk.waitFor(() => dingtalk.openConnections === 1);
    await linkToDingTalk(bot.db.prisma, ['xu-hui', 'liu-yang']);
  }, 90_000);
  afterAll(async () => {
    await bot?.stop();
    await dingtalk?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** The person's copy of the item's card: its outTrackId. */
  const cardOf = (userId: string) => robotCardTitled(dingtalk, userId, title)?.[0];
  /** The slot of 催一下 on the person's copy, when it shows one. */
  const chaseSlotOf = (userId: string, outTrackId: string) => {
    const viewer = dingtalk.card(outTrackId)?.privateData[userId]?.cardParamMap ?? {};
    for (let index = 1; index <= BUTTON_SLOTS; index++) {
      const vars = buttonVars(index);
      if (viewer[vars.show] === 'true' && viewer[vars.action] === CHASE_NUDGE_ACTION) {
        return { index, value: viewer[vars.value] ?? '', label: viewer[vars.text] ?? '' };
      }
    }
    return null;
  };
  /** What reached the person in their chat with the robot (messages, and cards: a reminder has a button). */
  const seenBy = (userId: string, needle: string) => [
    ...dingtalk
      .messagesTo(userId)
      .filter((m) => JSON.stringify(m.msgParam).includes(needle))
      .map((m) => JSON.stringify(m.msgParam)),
    ...dingtalk
      .cards()
      .filter(
        ([, card]) =>
          card.openSpaceId === `dtv1.card//IM_ROBOT.${userId}` &&
          JSON.stringify(card.cardParamMap).includes(needle),
      )
      .map(([, card]) => JSON.stringify(card.cardParamMap)),
  ];
  /** Every outbox row delivered (or given up): nothing more is on its way to DingTalk. */
  const outboxSettled = () =>
    vi.waitFor(
      async () => expect(await bot.db.prisma.outboxMessage.count({ where: { status: 'pending' } })).toBe(0),
      WAIT,
    );

  it('nudges the reviewer once from 催一下 on the requester’s card, though its frame arrives twice', async () => {
    dingtalk.sendRobotMessage({ senderStaffId: REQUESTER, text: `审批 ${title}` });
    await vi.waitFor(() => {
      expect(cardOf(REQUESTER)).toBeDefined();
      expect(cardOf(REVIEWER)).toBeDefined();
    }, WAIT);
    const outTrackId = cardOf(REQUESTER) ?? '';
    expect(chaseSlotOf(REQUESTER, outTrackId)).toBeNull();

    // 10:30 + 4 h 45 min of office time: the scheduler's wake at 15:15 redraws the card with it.
    clock.set(local('2026-12-01T15:15:00'));
    await bot.wakeScheduler();
    await vi.waitFor(() => expect(chaseSlotOf(REQUESTER, outTrackId)?.label).toBe('Chase'), WAIT);
    const slot = chaseSlotOf(REQUESTER, outTrackId);
    const click = cardClickData({
      outTrackId,
      userId: REQUESTER,
      actionIds: [buttonActionId(slot?.index ?? 1)],
      params: { action: CHASE_NUDGE_ACTION, value: slot?.value },
    });
    const messageId = dingtalk.sendCallback(TOPIC_CARD_CALLBACK, click);
    dingtalk.sendCallback(TOPIC_CARD_CALLBACK, click, { messageId });
    await dingtalk.waitFor(() => dingtalk.acks.filter((ack) => ack.messageId === messageId).length === 2);
    await vi.waitFor(() => expect(seenBy(REQUESTER, 'Chased: Liu Yang')).toHaveLength(1), WAIT);
    await vi.waitFor(() => expect(seenBy(REVIEWER, `催办「${title}」`)).toHaveLength(1), WAIT);
    await outboxSettled();
    expect(seenBy(REVIEWER, `催办「${title}」`)).toHaveLength(1);
    expect(seenBy(REQUESTER, 'Chased')).toHaveLength(1);
    expect(await bot.db.prisma.manualChase.count()).toBe(1);
  });

  it('sends the reviewer the overdue reminder once, on the first working morning after the deadline', async () => {
    // The reviewer's step: two working days, until Thursday 18:00; overdue from Friday 08:30.
    const overdue = `催办：「${title}」`;
    clock.set(local('2026-12-04T08:29:00'));
    await bot.wakeScheduler();
    await outboxSettled();
    expect(seenBy(REVIEWER, overdue)).toHaveLength(0);

    clock.set(local('2026-12-04T08:30:00'));
    await bot.wakeScheduler();
    await vi.waitFor(() => expect(seenBy(REVIEWER, overdue)).toHaveLength(1), WAIT);
    clock.set(local('2026-12-04T08:31:00'));
    await bot.wakeScheduler();
    await outboxSettled();
    expect(seenBy(REVIEWER, overdue)).toHaveLength(1);
    const sent = await bot.db.prisma.outboxMessage.findMany({ where: { kind: CHASE_OUTBOX_KINDS.remind } });
    const kinds = sent.map((row: { payload: unknown }) => (row.payload as { kind?: string }).kind);
    expect(kinds.filter((kind: string | undefined) => kind === 'overdue')).toEqual(['overdue']);
  });
});
