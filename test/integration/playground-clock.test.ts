import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PERSON_MESSAGE_KIND } from '../../src/outbox/outbox-message.ts';
import { enqueueOutbox } from '../../src/outbox/outbox-repository.ts';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { type playgroundClient, startTestPlayground, type TestPlayground } from '../support/playground.ts';

// The playground's clock control: the page moves the bot's injected clock (+1 小时, +1 工作日,
// back to now) through the playground server, and the bot's scheduler wakes at the new time, so
// what is due by then goes at once. The bot's own HTTP server, which is all a real installation
// has, has no such endpoint.

const P = {
  xuHui: 'U0EXAMPLE14', // water-admin: the requester
  liuYang: 'U0EXAMPLE12', // water-admin head: the reviewer
} as const;

/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);

describe.each(databaseKinds)('the playground’s clock control on %s', (kind) => {
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
  // Each test starts at the machine's (fake) time, whatever the one before left.
  afterEach(async () => {
    await pg.post('/api/clock', { move: 'now' });
  });

  const title = '关于申请更新防汛值班电话的请示';
  const digestOf = (user: string) =>
    pg.waitFor(
      user,
      (s) => pg.dm(s).messages.find((m) => m.from === 'bot' && m.text.includes('早上好')),
      `${user}'s morning digest`,
    );

  it('moves the bot’s clock a working day and an hour on, sends what is due by then, and goes back to now', async () => {
    expect((await pg.get('/api/clock')).body).toMatchObject({
      ok: true,
      local: '2026-12-01 周二 10:30',
      timeZone: 'Asia/Shanghai',
      offsetMs: 0,
    });
    expect((await pg.command(P.xuHui, '/doc', `approve ${title}`)).body).toEqual({ ok: true });
    const card = await pg.cardWithButton(P.xuHui, title, 'wf_recall');
    expect(pg.buttonOf(card, 'chase_nudge')).toBeNull();

    const day = await pg.post('/api/clock', { move: 'workday' });
    expect(day).toEqual({
      status: 200,
      body: expect.objectContaining({ ok: true, local: '2026-12-02 周三 10:30', offsetMs: 86_400_000 }),
    });
    // Wednesday's digest to the reviewer, and the requester's 催一下 (half a working day has passed).
    expect((await digestOf(P.liuYang)).text).toContain('早上好');
    await pg.cardWithButton(P.xuHui, title, 'chase_nudge');
    expect(
      await running.playground.bot.db.prisma.reminder.count({
        where: { kind: 'digest', slot: '2026-12-02', status: 'sent' },
      }),
    ).toBe(1);

    const hour = await pg.post('/api/clock', { move: 'hour' });
    expect(hour.body).toMatchObject({ local: '2026-12-02 周三 11:30', offsetMs: 25 * 3_600_000 });
    // A Friday moves to Monday: a working day on skips the weekend.
    clock.set(local('2026-12-04T09:00:00'));
    const back = await pg.post('/api/clock', { move: 'now' });
    expect(back.body).toMatchObject({ local: '2026-12-04 周五 09:00', offsetMs: 0 });
    expect((await pg.post('/api/clock', { move: 'workday' })).body).toMatchObject({
      local: '2026-12-07 周一 09:00',
    });
    expect((await pg.post('/api/clock', { move: 'now' })).body).toMatchObject({ offsetMs: 0 });
  });

  it('makes a message written while the clock ran ahead due at once when it goes back to now', async () => {
    const prisma = running.playground.bot.db.prisma;
    const ahead = new Date(String((await pg.post('/api/clock', { move: 'workday' })).body.now));
    // Written a working day ahead and retrying a minute later (as after a failed delivery): due
    // only at a moment the machine's time reaches tomorrow.
    const written = { orderingKey: 'person:liu-yang', kind: PERSON_MESSAGE_KIND, createdAt: ahead };
    await prisma.$transaction(async (tx) => {
      await enqueueOutbox(
        tx,
        [
          {
            orderingKey: 'person:liu-yang',
            kind: PERSON_MESSAGE_KIND,
            payload: { personId: 'liu-yang', key: 'chase.owed', params: { count: 7 } },
          },
        ],
        ahead,
      );
      await tx.outboxMessage.updateMany({
        where: written,
        data: { attempts: 1, nextAttemptAt: new Date(ahead.getTime() + 60_000) },
      });
    });
    const row = () => prisma.outboxMessage.findFirstOrThrow({ where: written });
    expect(await row()).toMatchObject({ status: 'pending' });

    expect((await pg.post('/api/clock', { move: 'now' })).body).toMatchObject({ offsetMs: 0 });
    expect((await row()).nextAttemptAt.getTime()).toBeLessThanOrEqual(clock.now().getTime());
    await pg.waitFor(
      P.liuYang,
      (s) => pg.dm(s).messages.find((m) => m.from === 'bot' && m.text.includes('仍有 7 条领用欠发记录')),
      'the message written ahead',
    );
    expect(await row()).toMatchObject({ status: 'sent' });
  });

  it('refuses a move it does not know, and changes nothing', async () => {
    const bad = await pg.post('/api/clock', { move: 'year' });
    expect(bad.status).toBe(400);
    expect(bad.body.ok).toBe(false);
    expect((await pg.get('/api/clock')).body).toMatchObject({ offsetMs: 0 });
  });

  it('has no clock endpoint on the bot’s own server, which is all a real installation has', async () => {
    const bot = `http://127.0.0.1:${running.playground.bot.port}`;
    const get = await fetch(`${bot}/api/clock`);
    expect(get.status).toBe(404);
    const post = await fetch(`${bot}/api/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ move: 'workday' }),
    });
    expect(post.status).toBe(404);
    expect((await pg.get('/api/clock')).body).toMatchObject({ offsetMs: 0 });
  });
});
