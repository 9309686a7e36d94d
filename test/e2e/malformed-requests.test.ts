import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotBehindDouble, startBotBehindDouble } from '../support/bot-behind-double.ts';
import { databaseKinds } from '../support/databases.ts';
import type { PlaygroundMessage } from '../support/playground.ts';
import { blockActionsBody, getPath, postSlack } from '../support/slack.ts';

// The running bot, as its own process, gets correctly signed bodies that Slack never sends. None of
// them may take it down (a signed payload=null used to end it with exit code 1): after each one,
// /healthz answers and a reviewer's real click on a card still opens the opinion form.

const REQUESTER = 'U0EXAMPLE14'; // 徐慧
const REVIEWER = 'U0EXAMPLE12'; // 刘洋, her department's head

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payload = (value: unknown) => form({ payload: JSON.stringify(value) });
const slackUser = { id: REVIEWER, team_id: 'T0PLAYGROUND' };

const BODIES: Array<[string, number, string]> = [
  ['payload=null', 400, payload(null)],
  ['a payload that is a number', 400, payload(42)],
  ['payload=[]', 400, payload([])],
  ['a payload that is not JSON', 400, form({ payload: '{"type":' })],
  ['an empty body', 400, ''],
  ['JSON null', 400, 'null'],
  ['a view_submission without view', 400, payload({ type: 'view_submission', user: slackUser })],
  [
    'block_actions whose actions are null',
    400,
    payload({ type: 'block_actions', user: slackUser, actions: null }),
  ],
  ['an event_callback whose event is null', 400, JSON.stringify({ type: 'event_callback', event: null })],
  [
    'a click on a button nothing handles',
    200,
    blockActionsBody({
      teamId: 'T0PLAYGROUND',
      userId: REVIEWER,
      actionId: 'no_such_button',
      value: 'x',
      channel: `D${REVIEWER.slice(1)}`,
    }),
  ],
];

describe.each(databaseKinds)('malformed requests to the running bot (%s)', (kind) => {
  let running: BotBehindDouble;
  let card: PlaygroundMessage;

  beforeAll(async () => {
    running = await startBotBehindDouble(kind);
    const title = `关于核对防汛物资台账的请示 ${kind}`;
    const started = await running.pg.command(REQUESTER, '/doc', `approve ${title}`);
    expect(started.body).toEqual({ ok: true });
    card = await running.pg.cardWithButton(REVIEWER, title, 'wf_approve');
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
  });

  it.each(BODIES)(
    'answers %s with %i, and then /healthz and a real click still work',
    async (_what, status, body) => {
      const { pg, botPort, signingSecret } = running;

      const res = await postSlack(botPort, body, { secret: signingSecret });

      expect(res.status).toBe(status);
      expect((await getPath(botPort, '/healthz')).status).toBe(200);
      expect((await pg.click(REVIEWER, card, 'wf_approve')).body).toEqual({ ok: true });
      const modal = await pg.modal(REVIEWER, 'the opinion form');
      expect(JSON.stringify(modal.blocks)).toContain('wf_modal_comment');
      expect((await pg.post('/api/view-close', { user: REVIEWER, viewId: modal.id })).body).toEqual({
        ok: true,
      });
      await pg.waitFor(REVIEWER, (s) => s.modals.length === 0, 'the form to close');
    },
  );

  it('is still running, and logged each refused body once without an unhandled rejection', () => {
    const { bot } = running;
    expect(bot.child.exitCode).toBeNull();
    const lines = bot.output().split('\n');
    const refused = lines.filter((line) => line.includes('Slack request refused: malformed body'));
    expect(refused).toHaveLength(BODIES.filter(([, status]) => status === 400).length);
    expect(lines.filter((line) => line.includes('Slack request not handled'))).toHaveLength(1);
    expect(bot.output()).not.toMatch(/unhandled ?rejection|not acknowledged within 3 seconds/i);
  });
});
