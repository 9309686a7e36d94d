import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import {
  type PlaygroundMessage,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
} from '../support/playground.ts';

// 催一下 end to end: signed requests to the bot, answers through the Slack double, on a clock
// that moves only when told. The requester's card has no 催一下 until the step has waited half a
// working day; the scheduler's wake then redraws it with the button. The requester presses it;
// the reviewer gets the nudge at once with a button to the card; the requester's card then says
// when the button works again, a second press within 4 hours is refused with that time, and one 4
// hours later goes through.

const P = {
  xuHui: 'U0EXAMPLE14', // water-admin: the requester (reads English)
  liuYang: 'U0EXAMPLE12', // water-admin head: the first reviewer (reads Chinese)
  gaoYan: 'U0EXAMPLE05', // construction clerk: a requester who reads Chinese
  zhaoMin: 'U0EXAMPLE03', // office head
} as const;

const HOUR = 3_600_000;
/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);

describe.each(databaseKinds)('催一下 in chat on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;
  // Tuesday 1 December 2026, 10:30 in the unit's zone.
  const clock = new FakeClock(local('2026-12-01T10:30:00'));

  beforeAll(async () => {
    running = await startTestPlayground(kind, { clock });
    ({ pg } = running);
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  const ephemeral = (user: string, needle: string) =>
    pg.waitFor(
      user,
      (s) => s.conversations.flatMap((c) => c.messages).find((m) => m.ephemeral && m.text.includes(needle)),
      `an answer with ${needle}`,
    );
  const labelOf = (message: PlaygroundMessage) =>
    (pg.buttonOf(message, 'chase_nudge')?.element.text as { text?: string } | undefined)?.text ?? null;
  /** `user`'s card of `title` once its 催一下 button reads `label`. */
  const cardLabelled = (user: string, title: string, label: string) =>
    pg.waitFor(
      user,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && labelOf(card) === label ? card : null;
      },
      `the chase button reading ${label}`,
    );
  const nudgesOf = async (user: string) =>
    pg.dm(await pg.state(user)).messages.filter((m) => m.from === 'bot' && m.text.includes('催办「'));

  it('offers 催一下 on the requester’s card only after half a working day, redrawing the card then', async () => {
    const title = '关于更换机关院内防汛排水泵的请示';
    expect((await pg.command(P.xuHui, '/doc', `approve ${title}`)).body).toEqual({ ok: true });
    const first = await pg.cardWithButton(P.xuHui, title, 'wf_recall');
    expect(pg.buttonOf(first, 'chase_nudge')).toBeNull();
    // 10:30 + 4 h 45 min of office time: 15:15 the same day.
    clock.set(local('2026-12-01T15:14:00'));
    await running.playground.bot.wakeScheduler();
    clock.set(local('2026-12-01T15:15:00'));
    await running.playground.bot.wakeScheduler();
    const card = await cardLabelled(P.xuHui, title, 'Chase');
    expect(card.ts).toBe(first.ts);
  });

  it('nudges the reviewer at once from the requester’s card, labels the button with when it is next allowed, and refuses a second press until then', async () => {
    const title = '关于更换机关院内防汛排水泵的请示';
    const card = await pg.cardWithButton(P.xuHui, title, 'chase_nudge');
    expect(labelOf(card)).toBe('Chase');
    // The reviewer's own card has no 催一下: nobody chases themselves.
    const reviewerCard = await pg.cardWithButton(P.liuYang, title, 'wf_approve');
    expect(pg.buttonOf(reviewerCard, 'chase_nudge')).toBeNull();

    expect((await pg.click(P.xuHui, card, 'chase_nudge')).body).toEqual({ ok: true });
    expect((await ephemeral(P.xuHui, 'Chased:')).text).toContain('Liu Yang');
    const nudge = await pg.waitFor(
      P.liuYang,
      (s) => pg.dm(s).messages.find((m) => m.from === 'bot' && m.text.includes('催办「')),
      'the nudge',
    );
    expect(nudge.text).toContain(title);
    expect(pg.buttonOf(nudge, 'doc_list_open')).not.toBeNull();

    // The same copy of the card, drawn again: the button says when it works again (local time).
    const waiting = await cardLabelled(P.xuHui, title, 'Chase (again after 19:15)');
    expect(waiting.ts).toBe(card.ts);
    expect((await pg.click(P.xuHui, waiting, 'chase_nudge')).body).toEqual({ ok: true });
    const refusal = await ephemeral(P.xuHui, 'less than 4 hours ago');
    expect(refusal.text).toContain('you can chase again at 19:15.');
    expect(await nudgesOf(P.liuYang)).toHaveLength(1);
    expect(await running.playground.bot.db.prisma.manualChase.count()).toBe(1);

    // Four hours later it goes through, and the label moves on.
    clock.advance(4 * HOUR);
    expect((await pg.click(P.xuHui, waiting, 'chase_nudge')).body).toEqual({ ok: true });
    await cardLabelled(P.xuHui, title, 'Chase (again after 23:15)');
    expect(await nudgesOf(P.liuYang)).toHaveLength(2);
    // The reviewer's card never got the button, and was not drawn again for the requester's press.
    const reviewerNow = pg.cardTitled(title)(await pg.state(P.liuYang));
    expect(reviewerNow && pg.buttonOf(reviewerNow, 'chase_nudge')).toBeNull();
    expect(reviewerNow?.edited).toBe(false);
  });

  it('says it in Chinese, with the date when the next chance is on another day', async () => {
    clock.set(local('2026-12-01T23:30:00'));
    const title = '关于申请维修机关院内路灯的请示';
    expect((await pg.command(P.gaoYan, '/doc', `approve ${title}`)).body).toEqual({ ok: true });
    const first = await pg.cardWithButton(P.gaoYan, title, 'wf_recall');
    expect(pg.buttonOf(first, 'chase_nudge')).toBeNull();
    // Submitted at night: the wait runs from the next office start, until 13:15.
    clock.set(local('2026-12-02T13:15:00'));
    await running.playground.bot.wakeScheduler();
    clock.set(local('2026-12-02T21:10:00'));
    const card = await cardLabelled(P.gaoYan, title, '催一下');
    expect((await pg.click(P.gaoYan, card, 'chase_nudge')).body).toEqual({ ok: true });
    await ephemeral(P.gaoYan, '已催办：马强');
    const waiting = await cardLabelled(P.gaoYan, title, '催一下（12-03 01:10 后可再催）');
    expect((await pg.click(P.gaoYan, waiting, 'chase_nudge')).body).toEqual({ ok: true });
    const refusal = await ephemeral(P.gaoYan, '你刚催过这件事项');
    expect(refusal.text).toContain('12-03 01:10 后可再催');
  });

  it('shows the office head the reminders to be sent next, to whom and when, and refuses anyone else', async () => {
    expect((await pg.command(P.xuHui, '/doc', 'reminders')).body).toEqual({ ok: true });
    await ephemeral(P.xuHui, 'Only the office head can see the pending reminders.');
    expect((await pg.command(P.zhaoMin, '/doc', '提醒')).body).toEqual({ ok: true });
    const answer = await ephemeral(P.zhaoMin, '接下来要发出的提醒');
    const pending = await running.playground.bot.db.prisma.reminder.count({ where: { status: 'pending' } });
    expect(answer.text).toContain(`共 ${pending} 条待发，Asia/Shanghai 时间`);
    // It is Wednesday 21:10: 马强's reminder of 高燕's request goes on Thursday morning.
    expect(answer.text).toContain(
      '12-03 08:30  到期前提醒（并入早间汇总） → 马强：「关于申请维修机关院内路灯的请示」',
    );
  });
});
