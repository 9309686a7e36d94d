// Chasing (催办) end to end on WeCom: the whole bot with WeCom's variables, against the local
// stand-in, on a clock that moves only when told. An approval typed to the app; half a working
// day later the scheduler's wake puts 催一下 on the requester's template card; a press, its
// callback posted twice as WeCom does when it got no answer, nudges the reviewer once; on the
// first morning after the deadline the scheduler's overdue reminder reaches the reviewer once, and
// a second wake sends nothing more; the third overdue morning brings the 督办 to the supervising
// leader as a card whose 立即催办 nudges the reviewer once.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHASE_OUTBOX_KINDS } from '../../src/features/chasing/run-reminders.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { startWeComOffice, type WeComOffice } from '../support/wecom-office.ts';

/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);
const WAIT = { timeout: 15_000, interval: 50 };

describe('chasing on WeCom, end to end', () => {
  // Tuesday 1 December 2026, 10:30 in the unit's zone.
  const clock = new FakeClock(local('2026-12-01T10:30:00'));
  const title = '关于企业微信里催办的请示';
  let office: WeComOffice;

  beforeAll(async () => {
    // 平件's reminders as messages of their own (the default folds them into the morning digest):
    // the generic approval is a 平件.
    office = await startWeComOffice('pglite', {
      clock,
      orgEdit: (yaml) => {
        const own = yaml.replace('normal: { delivery: digest }', 'normal: { delivery: message }');
        if (own === yaml) throw new Error('the example organisation no longer folds 平件 into the digest');
        return own;
      },
    });
  }, 90_000);
  afterAll(async () => {
    await office?.stop();
  });

  /** Everything that reached the person (messages and cards) that mentions `needle`. */
  const seenBy = (userId: string, needle: string) =>
    office.standIn.messagesTo(userId).filter((message) => JSON.stringify(message.content).includes(needle));
  const outboxSettled = () =>
    vi.waitFor(
      async () => expect(await office.prisma.outboxMessage.count({ where: { status: 'pending' } })).toBe(0),
      WAIT,
    );

  it('nudges the reviewer once from 催一下 on the requester’s card, though WeCom posts the press twice', async () => {
    const { xuHui, liuYang } = office.people({ xuHui: 'xu-hui', liuYang: 'liu-yang' });
    await xuHui.say(`审批 ${title}`);
    await liuYang.card(title);
    const requesterCard = await xuHui.card(title);
    expect(requesterCard.buttons.map((b) => b.text)).not.toContain('Chase');

    // 10:30 + 4 h 45 min of office time: the scheduler's wake at 15:15 redraws the card with it.
    clock.set(local('2026-12-01T15:15:00'));
    await office.bot.wakeScheduler();
    const chasable = await xuHui.card(title, (card) => card.buttons.some((b) => b.text === 'Chase'));
    expect(chasable.msgId).toBe(requesterCard.msgId);
    const chase = chasable.buttons.find((b) => b.text === 'Chase');
    const pressed = await office.standIn.pressButton(office.callbackUrl, {
      from: xuHui.userId,
      msgId: chasable.msgId,
      key: chase?.key ?? '',
    });
    expect(pressed.status).toBe(200);
    // WeCom got no answer in time (as it thinks) and posts the same callback again.
    expect((await office.standIn.postCallback(office.callbackUrl, pressed.xml)).status).toBe(200);

    await vi.waitFor(() => expect(seenBy(liuYang.userId, `催办「${title}」`)).toHaveLength(1), WAIT);
    await outboxSettled();
    expect(seenBy(liuYang.userId, `催办「${title}」`)).toHaveLength(1);
    expect(seenBy(xuHui.userId, 'Chased: Liu Yang')).toHaveLength(1);
    expect(await office.prisma.manualChase.count()).toBe(1);
  });

  it('sends the reviewer the overdue reminder once, on the first working morning after the deadline', async () => {
    const reviewer = office.user('liu-yang').userId;
    // The reviewer's step: two working days, until Thursday 18:00; overdue from Friday 08:30.
    const overdue = `催办：「${title}」`;
    clock.set(local('2026-12-04T08:29:00'));
    await office.bot.wakeScheduler();
    await outboxSettled();
    expect(seenBy(reviewer, overdue)).toHaveLength(0);

    clock.set(local('2026-12-04T08:30:00'));
    await office.bot.wakeScheduler();
    await vi.waitFor(() => expect(seenBy(reviewer, overdue)).toHaveLength(1), WAIT);
    clock.set(local('2026-12-04T08:31:00'));
    await office.bot.wakeScheduler();
    await outboxSettled();
    expect(seenBy(reviewer, overdue)).toHaveLength(1);
    const sent = await office.prisma.outboxMessage.findMany({ where: { kind: CHASE_OUTBOX_KINDS.remind } });
    const kinds = sent.map((row: { payload: unknown }) => (row.payload as { kind?: string }).kind);
    expect(kinds.filter((kind: string | undefined) => kind === 'overdue')).toEqual(['overdue']);
    expect(office.logs.text()).not.toContain('wecom_kind_not_delivered_yet');
  });

  it('escalates to the supervising leader with 立即催办 on a card; pressed (and posted twice), it nudges the reviewer once', async () => {
    const { wangZhenhua, liuYang } = office.people({ wangZhenhua: 'wang-zhenhua', liuYang: 'liu-yang' });
    const nudges = () => seenBy(liuYang.userId, `催办「${title}」`).length;
    // Overdue reminders on Friday, Monday and Tuesday: the third brings the 督办 to the leader.
    for (const day of ['2026-12-07', '2026-12-08', '2026-12-09']) {
      clock.set(local(`${day}T08:30:00`));
      await office.bot.wakeScheduler();
      await outboxSettled();
    }
    const before = nudges();
    const escalation = await wangZhenhua.card(title, (card) =>
      card.buttons.some((button) => button.text === '立即催办'),
    );
    expect(escalation.body).toContain('督办');
    const chaseNow = escalation.buttons.find((button) => button.text === '立即催办');
    const pressed = await office.standIn.pressButton(office.callbackUrl, {
      from: wangZhenhua.userId,
      msgId: escalation.msgId,
      key: chaseNow?.key ?? '',
    });
    expect((await office.standIn.postCallback(office.callbackUrl, pressed.xml)).status).toBe(200);
    await vi.waitFor(() => expect(nudges()).toBe(before + 1), WAIT);
    await outboxSettled();
    expect(nudges()).toBe(before + 1);
  });
});
