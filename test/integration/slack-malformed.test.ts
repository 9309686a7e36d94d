import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createSlackRuntime } from '../../src/chat/slack/slack-app.ts';
import { captureLogs } from '../support/logs.ts';
import {
  blockActionsBody,
  eventCallbackBody,
  getPath,
  newSigningSecret,
  newSlackId,
  postSlack,
  slashCommandBody,
} from '../support/slack.ts';
import { startSocketModeDouble } from '../support/socket-mode.ts';

// Bodies Slack never sends, correctly signed, sent to the real runtime: each is refused at once
// with a 400 and one log line, nothing is left to an unhandled rejection, and the runtime goes on
// serving. Requests of a valid shape that nothing handles are answered at once too.

const API_ORIGIN = 'https://slack-api.test';
const API_URL = `${API_ORIGIN}/api/`;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

afterEach(() => {
  vi.useRealTimers();
});

const REFUSED = 'Slack request refused: malformed body';
const NOT_HANDLED = 'Slack request not handled';
/** What Bolt logs when its 3-second timer answers a request nobody acknowledged. */
const BOLT_TIMEOUT = /not acknowledged within 3 seconds/;

async function startHttpRuntime() {
  const secret = newSigningSecret();
  const logs = captureLogs('debug');
  nock(API_ORIGIN)
    .post('/api/auth.test')
    .reply(200, { ok: true, user_id: newSlackId('U'), bot_id: newSlackId('B') });
  const runtime = createSlackRuntime({
    settings: { mode: 'http', botToken: 'xoxb-test', signingSecret: secret, apiUrl: API_URL },
    port: 0,
    host: '127.0.0.1',
    logger: logs.logger,
    readiness: async () => ({ database: 'ok' }),
    identityOf: async () => ({ actor: null, locale: 'zh' }),
  });
  const { port } = await runtime.start();
  onTestFinished(() => runtime.stop(2000));
  return { port, secret, logs };
}

const user = () => ({ teamId: newSlackId('T'), userId: newSlackId('U') });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const payload = (value: unknown) => form({ payload: JSON.stringify(value) });
const interactive = (fields: Record<string, unknown>) => ({
  team: { id: 'T1', domain: 'office' },
  user: { id: 'U1', team_id: 'T1' },
  api_app_id: 'A0TEST',
  trigger_id: '1.2.3',
  ...fields,
});
const viewOf = (fields: Record<string, unknown> = {}) => ({
  id: 'V1',
  type: 'modal',
  callback_id: 'wf_action_modal',
  private_metadata: '',
  state: { values: {} },
  ...fields,
});

/** Signed bodies no Slack request looks like, each with what it imitates. */
const MALFORMED: Array<[string, string]> = [
  ['payload=null', payload(null)],
  ['payload that is a number', payload(5)],
  ['payload that is a string', payload('block_actions')],
  ['payload=[]', payload([])],
  ['payload that is not JSON', form({ payload: '{"type":' })],
  ['an empty form body', ''],
  ['a form body with no Slack field', form({ hello: 'world' })],
  ['JSON null', 'null'],
  ['a JSON array', '[{"type":"event_callback"}]'],
  ['a JSON object with no type', '{"team_id":"T1"}'],
  ['JSON that does not parse', '{"type":'],
  ['a view_submission without view', payload(interactive({ type: 'view_submission' }))],
  ['a view_submission whose view is null', payload(interactive({ type: 'view_submission', view: null }))],
  [
    'a view_submission without state',
    payload(interactive({ type: 'view_submission', view: viewOf({ state: undefined }) })),
  ],
  ['a view_closed without view', payload(interactive({ type: 'view_closed' }))],
  ['block_actions with actions null', payload(interactive({ type: 'block_actions', actions: null }))],
  ['block_actions with no actions', payload(interactive({ type: 'block_actions', actions: [] }))],
  [
    'block_actions whose action has no action_id',
    payload(interactive({ type: 'block_actions', actions: [{ type: 'button', value: 'x' }] })),
  ],
  [
    'block_actions without user',
    payload({ type: 'block_actions', actions: [{ action_id: 'wf_approve', type: 'button' }] }),
  ],
  [
    'block_actions whose user is null',
    payload(
      interactive({ type: 'block_actions', user: null, actions: [{ action_id: 'a', type: 'button' }] }),
    ),
  ],
  [
    'block_actions whose response_urls is null',
    payload(
      interactive({
        type: 'block_actions',
        response_urls: null,
        actions: [{ action_id: 'a', type: 'button' }],
      }),
    ),
  ],
  ['a shortcut without callback_id', payload(interactive({ type: 'shortcut' }))],
  ['a block_suggestion without user', payload({ type: 'block_suggestion', action_id: 'a', value: 'x' })],
  ['an event_callback whose event is null', JSON.stringify({ type: 'event_callback', event: null })],
  ['an event_callback whose event is a string', JSON.stringify({ type: 'event_callback', event: 'hi' })],
  [
    'an event whose item is a string',
    JSON.stringify({ type: 'event_callback', event: { type: 'reaction_added', item: 'x' } }),
  ],
  [
    'an event whose user is null',
    JSON.stringify({ type: 'event_callback', event: { type: 'app_home_opened', user: null } }),
  ],
  ['a slash command with its command given twice', 'command=%2Fdoc&command=%2Fseal&user_id=U1&team_id=T1'],
  ['a slash command that is not a command', form({ command: 'doc', user_id: 'U1', team_id: 'T1' })],
];

describe('malformed Slack requests over HTTP', () => {
  it.each(MALFORMED)('refuses %s with 400 at once and keeps serving', async (_what, body) => {
    const { port, secret, logs } = await startHttpRuntime();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    const res = await postSlack(port, body, { secret });

    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: 'malformed_body' });
    expect(logs.lines().filter((line) => line.msg === REFUSED)).toHaveLength(1);
    expect(logs.lines().some((line) => line.msg === 'Slack request received')).toBe(false);
    vi.useRealTimers();
    expect((await getPath(port, '/healthz')).status).toBe(200);
    const help = await postSlack(port, slashCommandBody({ command: '/doc', text: 'help', ...user() }), {
      secret,
    });
    expect(help.status).toBe(200);
    expect(JSON.stringify(help.json)).toContain('办公室助手 · 使用说明');
    expect(logs.text()).not.toMatch(BOLT_TIMEOUT);
  });

  it('refuses a malformed body with a wrong signature as unsigned (401), not as malformed', async () => {
    const { port, logs } = await startHttpRuntime();

    const res = await postSlack(port, payload(null), { secret: newSigningSecret() });

    expect(res.status).toBe(401);
    expect(logs.lines().some((line) => line.msg === REFUSED)).toBe(false);
  });

  it('never writes a body that does not parse to the log, not even quoted in the parser’s error', async () => {
    const { port, secret, logs } = await startHttpRuntime();
    const token = `legacy${newSlackId('t')}`;

    // V8's message for this quotes the text: Unexpected token 'l', "legacy…" is not valid JSON.
    await postSlack(port, form({ payload: token }), { secret });

    expect(logs.lines().filter((line) => line.msg === REFUSED)).toHaveLength(1);
    expect(logs.text()).not.toContain(token);
  });

  it('never writes the refused body (its token and response_url) to the log', async () => {
    const { port, secret, logs } = await startHttpRuntime();
    const responseUrl = `https://hooks.slack.com/actions/T1/${newSlackId('r')}`;
    const token = `legacy${newSlackId('t')}`;

    await postSlack(
      port,
      payload(interactive({ type: 'view_submission', token, response_url: responseUrl })),
      { secret },
    );

    expect(logs.lines().filter((line) => line.msg === REFUSED)).toHaveLength(1);
    expect(logs.text()).not.toContain(token);
    expect(logs.text()).not.toContain(responseUrl);
  });
});

describe('Slack requests nothing handles, over HTTP', () => {
  const UNHANDLED: Array<[string, () => string, Record<string, unknown>]> = [
    [
      'a click on a button with an unknown action_id',
      () => blockActionsBody({ ...user(), actionId: 'no_such_button', value: 'x', channel: 'D1' }),
      { kind: 'action', actionId: 'no_such_button' },
    ],
    [
      'a view_submission of a form nobody registered',
      () => payload(interactive({ type: 'view_submission', view: viewOf({ callback_id: 'no_such_form' }) })),
      { kind: 'view', callbackId: 'no_such_form' },
    ],
    [
      'a payload type Bolt has no listener kind for (dialog_cancellation)',
      () => payload(interactive({ type: 'dialog_cancellation', callback_id: 'old_dialog' })),
      { kind: 'other', type: 'dialog_cancellation' },
    ],
    [
      'Slack’s app_rate_limited notice',
      () =>
        JSON.stringify({ type: 'app_rate_limited', team_id: 'T1', minute_rate_limited: 1, api_app_id: 'A1' }),
      { kind: 'other', type: 'app_rate_limited' },
    ],
  ];

  it.each(UNHANDLED)(
    'answers %s with 200 at once, without Bolt’s 3-second wait, and logs it once',
    async (_what, body, logged) => {
      const { port, secret, logs } = await startHttpRuntime();
      // Bolt's 3-second timer cannot fire: only an answer given at once arrives.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

      const res = await postSlack(port, body(), { secret });

      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      const lines = logs.lines().filter((line) => line.msg === NOT_HANDLED);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 'warn', ...logged });
      vi.useRealTimers();
      expect((await getPath(port, '/healthz')).status).toBe(200);
      expect(logs.text()).not.toMatch(BOLT_TIMEOUT);
    },
  );

  it('lets through every valid kind of body: ssl_check, url_verification, an event, a command', async () => {
    const { port, secret, logs } = await startHttpRuntime();

    // Slack's ssl_check is not signed.
    const ssl = await postSlack(port, form({ ssl_check: '1', token: 'legacy' }), {
      secret,
      signature: 'v0=00',
    });
    const challenge = await postSlack(port, JSON.stringify({ type: 'url_verification', challenge: 'c-1' }), {
      secret,
    });
    const event = await postSlack(
      port,
      eventCallbackBody({
        teamId: 'T1',
        event: { type: 'member_joined_channel', user: 'U1', channel: 'C1' },
      }),
      { secret },
    );
    const command = await postSlack(port, slashCommandBody({ command: '/doc', text: 'help', ...user() }), {
      secret,
    });

    expect([ssl.status, challenge.status, event.status, command.status]).toEqual([200, 200, 200, 200]);
    expect(challenge.json).toEqual({ challenge: 'c-1' });
    expect(JSON.stringify(command.json)).toContain('办公室助手 · 使用说明');
    expect(logs.lines().some((line) => line.msg === REFUSED)).toBe(false);
  });
});

async function startSocketRuntime() {
  const double = await startSocketModeDouble();
  onTestFinished(() => double.close());
  const logs = captureLogs('debug');
  nock(API_ORIGIN)
    .post('/api/auth.test')
    .reply(200, { ok: true, user_id: newSlackId('U'), bot_id: newSlackId('B') });
  nock(API_ORIGIN).post('/api/apps.connections.open').reply(200, { ok: true, url: double.url });
  const runtime = createSlackRuntime({
    settings: {
      mode: 'socket',
      botToken: 'xoxb-test',
      appToken: 'xapp-test',
      signingSecret: undefined,
      apiUrl: API_URL,
    },
    port: 0,
    host: '127.0.0.1',
    logger: logs.logger,
    readiness: async () => ({ database: 'ok' }),
    identityOf: async () => ({ actor: null, locale: 'zh' }),
  });
  onTestFinished(() => runtime.stop(2000));
  const { port } = await runtime.start();
  await double.connected;
  const help = async () => {
    const ack = await double.send({
      envelope_id: newSlackId('env'),
      type: 'slash_commands',
      payload: Object.fromEntries(
        new URLSearchParams(slashCommandBody({ command: '/doc', text: 'help', ...user() })),
      ),
    });
    return JSON.stringify(ack.payload);
  };
  return { runtime, port, double, logs, help };
}

describe('malformed Socket Mode messages', () => {
  const ENVELOPES: Array<[string, string]> = [
    ['the message null', 'null'],
    ['a message that is not JSON', '{"type":'],
    ['a message that is an array', '[]'],
    [
      'an events_api envelope whose payload is null',
      '{"type":"events_api","envelope_id":"e1","payload":null}',
    ],
    ['an events_api envelope without an event', '{"type":"events_api","envelope_id":"e2","payload":{}}'],
    ['an envelope typed like the client’s own state events', '{"type":"disconnected","envelope_id":"e3"}'],
    [
      'an event named like the client’s own state events',
      '{"type":"events_api","envelope_id":"e4","payload":{"type":"event_callback","event":{"type":"disconnected"}}}',
    ],
    ['an interactive envelope without envelope_id', '{"type":"interactive","payload":{}}'],
  ];

  it.each(ENVELOPES)('drops %s with one log line and keeps serving', async (_what, text) => {
    const { runtime, port, double, logs, help } = await startSocketRuntime();

    double.sendText(text);
    await logs.waitForLine((line) => line.msg === 'Socket Mode message refused: malformed envelope');

    expect(await help()).toContain('办公室助手 · 使用说明');
    expect(
      logs.lines().filter((line) => line.msg === 'Socket Mode message refused: malformed envelope'),
    ).toHaveLength(1);
    expect(runtime.connectionState()).toBe('connected');
    expect((await getPath(port, '/readyz')).status).toBe(200);
  });

  const PAYLOADS: Array<[string, string, unknown]> = [
    ['payload null', 'interactive', null],
    ['payload []', 'interactive', []],
    ['a view_submission without view', 'interactive', interactive({ type: 'view_submission' })],
    ['block_actions with actions null', 'interactive', interactive({ type: 'block_actions', actions: null })],
    ['a slash command with a null command', 'slash_commands', { command: null, user_id: 'U1' }],
  ];

  it.each(PAYLOADS)(
    'acknowledges an envelope with %s at once, logs it once, and keeps serving',
    async (_what, type, body) => {
      const { double, logs, help } = await startSocketRuntime();

      const ack = await double.send({ envelope_id: 'bad-1', type, payload: body });

      expect(ack).toEqual({ envelope_id: 'bad-1', payload: {} });
      expect(logs.lines().filter((line) => line.msg === REFUSED)).toHaveLength(1);
      expect(await help()).toContain('办公室助手 · 使用说明');
    },
  );

  it('acknowledges a click on an unknown action_id at once and logs it once', async () => {
    const { double, logs } = await startSocketRuntime();
    const click = JSON.parse(
      new URLSearchParams(
        blockActionsBody({ ...user(), actionId: 'no_such_button', value: 'x', channel: 'D1' }),
      ).get('payload') ?? 'null',
    ) as unknown;

    const ack = await double.send({ envelope_id: 'click-1', type: 'interactive', payload: click });

    expect(ack).toEqual({ envelope_id: 'click-1', payload: {} });
    const lines = logs.lines().filter((line) => line.msg === NOT_HANDLED);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'action', actionId: 'no_such_button' });
  });
});
