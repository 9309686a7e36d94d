import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { type playgroundClient, startTestPlayground, type TestPlayground } from '../support/playground.ts';

// 催一下 end to end: signed requests to the bot, answers through the Slack double. The requester
// presses it on their card; the reviewer gets the nudge at once with a button to the card; a
// second press within 4 hours is refused with the time it is next allowed.

const P = {
  xuHui: 'U0EXAMPLE14', // water-admin: the requester (reads English)
  liuYang: 'U0EXAMPLE12', // water-admin head: the first reviewer (reads Chinese)
} as const;

describe.each(databaseKinds)('催一下 in chat on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
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

  it('nudges the reviewer at once from the requester’s card, and refuses a second press within 4 hours', async () => {
    const title = '关于更换机关院内防汛排水泵的请示';
    expect((await pg.command(P.xuHui, '/doc', `approve ${title}`)).body).toEqual({ ok: true });
    const card = await pg.cardWithButton(P.xuHui, title, 'chase_nudge');
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

    expect((await pg.click(P.xuHui, card, 'chase_nudge')).body).toEqual({ ok: true });
    const refusal = await ephemeral(P.xuHui, 'less than 4 hours ago');
    expect(refusal.text).toMatch(/chase again at (\d{2}-\d{2} )?\d{2}:\d{2}\./);
    const nudges = pg
      .dm(await pg.state(P.liuYang))
      .messages.filter((m) => m.from === 'bot' && m.text.includes('催办「'));
    expect(nudges).toHaveLength(1);
    expect(await running.playground.bot.db.prisma.manualChase.count()).toBe(1);
  });
});
