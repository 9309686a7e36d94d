import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createSlackRuntime } from '../../src/chat/slack/slack-app.ts';
import type { DatabaseProbe } from '../../src/http/health.ts';
import type { Locale } from '../../src/shared/i18n.ts';
import { captureLogs } from '../support/logs.ts';
import {
  eventCallbackBody,
  getPath,
  newSigningSecret,
  newSlackId,
  postSlack,
  slackTimestamp,
  slashCommandBody,
} from '../support/slack.ts';

/** The Web API double's address; nock answers it, nothing leaves the machine. */
const API_ORIGIN = 'https://slack-api.test';
const API_URL = `${API_ORIGIN}/api/`;

type Json = Record<string, unknown>;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** Starts a real HTTP-mode runtime on an ephemeral port; stopped when the test ends. */
async function startRuntime(
  options: { localeOf?: (teamId: string, userId: string) => Promise<Locale>; readiness?: DatabaseProbe } = {},
) {
  const secret = newSigningSecret();
  const logs = captureLogs('debug');
  const botUserId = newSlackId('U');
  // Bolt verifies the bot token with auth.test once, at start().
  nock(API_ORIGIN)
    .post('/api/auth.test')
    .reply(200, { ok: true, user_id: botUserId, bot_id: newSlackId('B') });
  const localeOf = vi.fn(options.localeOf ?? (async (): Promise<Locale> => 'zh'));
  const runtime = createSlackRuntime({
    settings: { mode: 'http', botToken: 'xoxb-test', signingSecret: secret, apiUrl: API_URL },
    port: 0,
    host: '127.0.0.1',
    logger: logs.logger,
    readiness: options.readiness ?? (async () => ({ database: 'ok' })),
    // Nobody is linked here: the lookup only answers the language.
    identityOf: async (teamId, userId) => ({ actor: null, locale: await localeOf(teamId, userId) }),
  });
  const { port } = await runtime.start();
  onTestFinished(() => runtime.stop(2000));
  return { runtime, port, secret, logs, localeOf };
}

function newUser() {
  return { teamId: newSlackId('T'), userId: newSlackId('U') };
}

function headerText(json: unknown): string {
  const blocks = (json as { blocks?: Json[] }).blocks ?? [];
  const header = blocks.find((b) => b.type === 'header');
  return String((header?.text as Json | undefined)?.text ?? '');
}

describe('Slack app over HTTP', () => {
  it('answers a signed /doc help with an ephemeral help message in Chinese', async () => {
    const { port, secret, localeOf } = await startRuntime();
    const user = newUser();

    const res = await postSlack(port, slashCommandBody({ command: '/doc', text: 'help', ...user }), {
      secret,
    });

    expect(res.status).toBe(200);
    const json = res.json as { response_type: string; text: string; blocks: Json[] };
    expect(json.response_type).toBe('ephemeral');
    expect(headerText(json)).toBe('办公室助手 · 使用说明');
    const body = JSON.stringify(json.blocks);
    expect(body).toContain('/doc new');
    expect(body).toContain('/doc register …');
    expect(body).toContain('即将上线');
    expect(json.text).toContain('/doc help');
    expect(localeOf).toHaveBeenCalledWith(user.teamId, user.userId);
  });

  it('answers /doc with no sub-command with the same help', async () => {
    const { port, secret } = await startRuntime();

    const res = await postSlack(port, slashCommandBody({ command: '/doc', ...newUser() }), { secret });

    expect(res.status).toBe(200);
    expect(headerText(res.json)).toBe('办公室助手 · 使用说明');
  });

  it('answers in English when the user prefers English', async () => {
    const { port, secret } = await startRuntime({ localeOf: async () => 'en' });

    const res = await postSlack(port, slashCommandBody({ command: '/doc', text: 'help', ...newUser() }), {
      secret,
    });

    expect(res.status).toBe(200);
    expect(headerText(res.json)).toBe('Office assistant · Help');
    expect(JSON.stringify(res.json)).toContain('coming soon');
  });

  it('names an unknown sub-command in the help, escaped so it cannot mention the channel', async () => {
    const { port, secret } = await startRuntime();

    const res = await postSlack(
      port,
      slashCommandBody({ command: '/doc', text: '<!channel> hi', ...newUser() }),
      {
        secret,
      },
    );

    const text = JSON.stringify(res.json);
    expect(text).toContain('&lt;!channel&gt; hi');
    expect(text).not.toContain('<!channel>');
  });

  it.each(['/seal', '/supply'])(
    'answers %s with an ephemeral coming-soon note that points to /doc help',
    async (command) => {
      const { port, secret } = await startRuntime();

      const res = await postSlack(port, slashCommandBody({ command, ...newUser() }), { secret });

      expect(res.status).toBe(200);
      const json = res.json as { response_type: string; text: string; blocks: Json[] };
      expect(json.response_type).toBe('ephemeral');
      expect(json.text).toContain(command);
      expect(json.text).toContain('即将上线');
      expect(json.text).toContain('/doc help');
      expect(json.blocks.length).toBeGreaterThan(0);
    },
  );

  it('answers a command payload it cannot parse with an ephemeral error instead of failing silently', async () => {
    const { port, secret } = await startRuntime();
    const body = new URLSearchParams(slashCommandBody({ command: '/doc', ...newUser() }));
    body.delete('user_id');

    const res = await postSlack(port, body.toString(), { secret });

    expect(res.status).toBe(200);
    const json = res.json as { response_type: string; text: string };
    expect(json.response_type).toBe('ephemeral');
    expect(json.text).toBe('无法识别这条请求，请重新操作一次。');
  });

  it('refuses a forged signature with 401 and runs no listener', async () => {
    const { port, secret, localeOf, logs } = await startRuntime();
    const body = slashCommandBody({ command: '/doc', text: 'help', ...newUser() });

    const res = await postSlack(port, body, { secret, signature: `v0=${'0'.repeat(64)}` });

    expect(res.status).toBe(401);
    expect(localeOf).not.toHaveBeenCalled();
    expect(logs.lines().some((line) => line.msg === 'Slack request received')).toBe(false);
  });

  it('refuses a request signed with another secret with 401', async () => {
    const { port, localeOf } = await startRuntime();

    const res = await postSlack(port, slashCommandBody({ command: '/doc', ...newUser() }), {
      secret: newSigningSecret(),
    });

    expect(res.status).toBe(401);
    expect(localeOf).not.toHaveBeenCalled();
  });

  it('refuses a correctly signed request whose timestamp is more than five minutes old with 401', async () => {
    const { port, secret, localeOf, logs } = await startRuntime();

    const res = await postSlack(port, slashCommandBody({ command: '/doc', text: 'help', ...newUser() }), {
      secret,
      timestamp: slackTimestamp(-6 * 60),
    });

    expect(res.status).toBe(401);
    expect(localeOf).not.toHaveBeenCalled();
    expect(logs.lines().some((line) => line.msg === 'Slack request received')).toBe(false);
  });

  it('answers Slack’s url_verification challenge', async () => {
    const { port, secret } = await startRuntime();
    const body = JSON.stringify({
      token: 'legacy-token',
      challenge: 'challenge-123',
      type: 'url_verification',
    });

    const res = await postSlack(port, body, { secret });

    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: 'challenge-123' });
  });

  it('serves /healthz without touching the database', async () => {
    const readiness = vi.fn(async () => ({ database: 'ok' as const }));
    const { port } = await startRuntime({ readiness });

    const res = await getPath(port, '/healthz');

    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
    expect(readiness).not.toHaveBeenCalled();
  });

  it('reports ready on /readyz when the database answers', async () => {
    const { port } = await startRuntime();

    const res = await getPath(port, '/readyz');

    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ready: true, checks: { database: 'ok', slack: 'http' } });
  });

  it('reports 503 on /readyz when the database check fails', async () => {
    const { port } = await startRuntime({ readiness: async () => ({ database: 'error' }) });

    const res = await getPath(port, '/readyz');

    expect(res.status).toBe(503);
    expect(res.json).toEqual({
      ready: false,
      checks: { database: 'error', slack: 'http' },
      reasons: ['the database does not answer'],
    });
  });

  it('reports 503 on /readyz when the database check throws', async () => {
    const { port } = await startRuntime({
      readiness: async () => {
        throw new Error('connection refused');
      },
    });

    const res = await getPath(port, '/readyz');

    expect(res.status).toBe(503);
    expect(res.json).toEqual({
      ready: false,
      checks: { database: 'error', slack: 'http' },
      reasons: ['the database does not answer'],
    });
  });

  it('answers 404 for a path it does not serve', async () => {
    const { port } = await startRuntime();

    const res = await getPath(port, '/nothing-here');

    expect(res.status).toBe(404);
  });

  it('publishes the App Home through the configured Web API URL when a user opens it', async () => {
    const { port, secret } = await startRuntime();
    const user = newUser();
    let published!: (request: { body: URLSearchParams; authorization: string | undefined }) => void;
    const publishedRequest = new Promise<{ body: URLSearchParams; authorization: string | undefined }>(
      (resolve) => {
        published = resolve;
      },
    );
    nock(API_ORIGIN)
      .post('/api/views.publish')
      .reply(function reply(_uri, body) {
        const raw =
          typeof body === 'string' ? body : new URLSearchParams(body as Record<string, string>).toString();
        published({ body: new URLSearchParams(raw), authorization: this.req.headers.authorization });
        return [200, { ok: true }];
      });

    const event = {
      type: 'app_home_opened',
      user: user.userId,
      channel: newSlackId('D'),
      tab: 'home',
      event_ts: '1.2',
    };
    const res = await postSlack(port, eventCallbackBody({ teamId: user.teamId, event }), { secret });

    expect(res.status).toBe(200);
    const request = await publishedRequest;
    expect(request.authorization).toBe('Bearer xoxb-test');
    expect(request.body.get('user_id')).toBe(user.userId);
    const view = JSON.parse(request.body.get('view') ?? '{}') as { type: string; blocks: Json[] };
    expect(view.type).toBe('home');
    expect(JSON.stringify(view.blocks)).toContain('欢迎');
  });

  it('logs a request with its team, user and request ids, and never the response_url or legacy token', async () => {
    const { port, secret, logs } = await startRuntime();
    const user = newUser();
    const triggerId = `${Date.now()}.42.${newSlackId('t').toLowerCase()}`;
    const responseUrl = `https://hooks.slack.com/commands/${user.teamId}/99/${newSlackId('s')}`;
    const token = `legacy${newSlackId('k')}`;

    const res = await postSlack(
      port,
      slashCommandBody({ command: '/doc', text: 'help', ...user, triggerId, responseUrl, token }),
      { secret },
    );
    expect(res.status).toBe(200);

    const requestLines = logs.lines().filter((line) => line.requestId === triggerId);
    expect(requestLines.length).toBeGreaterThanOrEqual(2);
    for (const line of requestLines) {
      expect(line).toMatchObject({ teamId: user.teamId, userId: user.userId });
    }
    expect(requestLines.map((line) => line.msg)).toContain('slash command');
    const text = logs.text();
    expect(text).not.toContain(responseUrl);
    expect(text).not.toContain(token);
    expect(text).not.toContain('xoxb-test');
  });
});

describe('Slack app start-up and Web API failures', () => {
  it('fails start() with a clear error when Slack rejects the bot token', async () => {
    nock(API_ORIGIN).post('/api/auth.test').reply(200, { ok: false, error: 'invalid_auth' });
    const runtime = createSlackRuntime({
      settings: { mode: 'http', botToken: 'xoxb-test', signingSecret: newSigningSecret(), apiUrl: API_URL },
      port: 0,
      host: '127.0.0.1',
      logger: captureLogs().logger,
      readiness: async () => ({ database: 'ok' }),
      identityOf: async () => ({ actor: null, locale: 'zh' }),
    });
    onTestFinished(() => runtime.stop(1000));

    await expect(runtime.start()).rejects.toMatchObject({
      code: 'slack_auth_failed',
      message: expect.stringContaining('invalid_auth'),
    });
  });

  it('hands a rate-limited Web API call back at once instead of retrying, and logs it with the request ids', async () => {
    const { port, secret, logs } = await startRuntime();
    const user = newUser();
    const publish = nock(API_ORIGIN)
      .post('/api/views.publish')
      .reply(429, { ok: false }, { 'retry-after': '30' });
    const eventId = newSlackId('Ev');

    const event = {
      type: 'app_home_opened',
      user: user.userId,
      channel: newSlackId('D'),
      tab: 'home',
      event_ts: '1.2',
    };
    const res = await postSlack(port, eventCallbackBody({ teamId: user.teamId, event, eventId }), { secret });
    const line = await logs.waitForLine((l) => l.msg === 'unhandled error in Slack listener');

    expect(res.status).toBe(200);
    expect(publish.isDone()).toBe(true);
    expect(line).toMatchObject({
      level: 'error',
      requestId: eventId,
      teamId: user.teamId,
      userId: user.userId,
    });
    expect(line.err).toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 });
  });
});

describe('stopping the Slack app', () => {
  it('lets a listener in flight finish before stop() resolves, and refuses requests after stop begins', async () => {
    let lookupStarted!: () => void;
    const listenerRunning = new Promise<void>((resolve) => {
      lookupStarted = resolve;
    });
    let releaseLocale!: (locale: Locale) => void;
    const localeGate = new Promise<Locale>((resolve) => {
      releaseLocale = resolve;
    });
    const { runtime, port, secret } = await startRuntime({
      localeOf: () => {
        lookupStarted();
        return localeGate;
      },
    });
    const order: string[] = [];

    const inFlight = postSlack(port, slashCommandBody({ command: '/doc', text: 'help', ...newUser() }), {
      secret,
    });
    await listenerRunning;
    const stopped = runtime.stop(5000).then(() => order.push('stop resolved'));

    const late = await postSlack(port, slashCommandBody({ command: '/doc', ...newUser() }), { secret }).then(
      (res) => res.status,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect([503, 'ECONNREFUSED']).toContain(late);
    expect(order).toEqual([]);

    order.push('listener released');
    releaseLocale('en');
    const res = await inFlight;
    await stopped;

    // The listener ran to the end on the open connection (its answer uses the released locale).
    expect(res.status).toBe(200);
    expect(headerText(res.json)).toBe('Office assistant · Help');
    expect(order).toEqual(['listener released', 'stop resolved']);
    expect(runtime.connectionState()).toBe('disconnected');
  });

  it('stop() during start() wins: start() fails instead of listening after the stop', async () => {
    let answerAuthTest!: () => void;
    const authTestArrived = new Promise<void>((arrived) => {
      nock(API_ORIGIN)
        .post('/api/auth.test')
        .reply((_uri, _body, callback) => {
          answerAuthTest = () =>
            callback(null, [200, { ok: true, user_id: newSlackId('U'), bot_id: newSlackId('B') }]);
          arrived();
        });
    });
    const runtime = createSlackRuntime({
      settings: { mode: 'http', botToken: 'xoxb-test', signingSecret: newSigningSecret(), apiUrl: API_URL },
      port: 0,
      host: '127.0.0.1',
      logger: captureLogs().logger,
      readiness: async () => ({ database: 'ok' }),
      identityOf: async () => ({ actor: null, locale: 'zh' }),
    });

    const starting = runtime.start();
    await authTestArrived;
    const stopping = runtime.stop(5000);
    answerAuthTest();

    await expect(starting).rejects.toThrow(/stopping/);
    await stopping;
    expect(runtime.connectionState()).toBe('disconnected');
  });

  it('stops at once when nothing is in flight, and a second stop() is harmless', async () => {
    const { runtime, port } = await startRuntime();

    await runtime.stop(5000);
    await runtime.stop(5000);

    await expect(getPath(port, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
