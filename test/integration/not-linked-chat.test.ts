import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import {
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
  text,
} from '../support/playground.ts';

// A Slack user the organisation file links to nobody: every command, button and form answers with
// the one not-linked text, from the Slack adapter (the features never see such a user), and
// nothing is written. An account on another platform does not link the Slack user.

const P = {
  gaoYan: 'U0EXAMPLE05', // construction: the requester
  maQiang: 'U0EXAMPLE15', // construction head, unlinked below
} as const;
const NOT_LINKED = '你的 Slack 账号还没有关联到单位通讯录';

describe.each(databaseKinds)('a Slack user linked to nobody, on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ pg } = running);
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  const prisma = () => running.playground.bot.db.prisma;
  const notLinkedIn = (s: Awaited<ReturnType<typeof pg.state>>) =>
    s.conversations.flatMap((c) => c.messages).filter((m) => m.from === 'bot' && m.text.includes(NOT_LINKED));
  const notLinkedAnswers = async (user: string) => notLinkedIn(await pg.state(user));
  const answered = (user: string, count: number) =>
    pg.waitFor(user, (s) => notLinkedIn(s).length >= count, `${count} not-linked answers`);

  it('is told once per request, whichever listener answers, and nothing is written', async () => {
    const title = '关于河道清淤工程验收的请示';
    expect((await pg.command(P.gaoYan, '/doc', `approve ${title}`)).body).toEqual({ ok: true });
    const card = await pg.cardWithButton(P.maQiang, title, 'wf_approve');
    const instance = await prisma().workflowInstance.findFirstOrThrow({ where: { title } });

    // The head is taken off Slack; his DingTalk account (the playground links everyone to one)
    // does not link the Slack user.
    await prisma().chatAccount.deleteMany({ where: { personId: 'ma-qiang', platform: 'slack' } });
    expect(await prisma().chatAccount.count({ where: { personId: 'ma-qiang', platform: 'dingtalk' } })).toBe(
      1,
    );

    // A card button's form: refused on the form, which stays open.
    expect((await pg.click(P.maQiang, card, 'wf_approve')).body).toEqual({ ok: true });
    const form = await pg.modal(P.maQiang);
    const submitted = await pg.submit(P.maQiang, form.id, {
      wf_modal_comment: { wf_comment_input: text('同意') },
    });
    expect(submitted.body.errors).toEqual({ wf_modal_comment: expect.stringContaining(NOT_LINKED) });

    // Commands: an ephemeral answer (or a DM) with the same words, whichever feature was asked.
    const asks: Array<() => ReturnType<typeof pg.command>> = [
      () => pg.command(P.maQiang, '/doc', 'approve 另一件请示'),
      () => pg.command(P.maQiang, '/doc', 'mine'),
      () => pg.command(P.maQiang, '/seal', '财务章 2 关于拨付经费的请示'),
      () => pg.command(P.maQiang, '/supply', 'ledger'),
      () => pg.command(P.maQiang, '/archive', 'loans'),
    ];
    for (const [n, ask] of asks.entries()) {
      expect((await ask()).body).toEqual({ ok: true });
      await answered(P.maQiang, n + 1);
    }

    expect(await notLinkedAnswers(P.maQiang)).toHaveLength(asks.length);
    const after = await prisma().workflowInstance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(after.version).toBe(instance.version);
    expect(await prisma().workflowInstance.count({ where: { requesterId: 'ma-qiang' } })).toBe(0);
  });
});
