import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createSlackRuntime } from '../../src/chat/slack/slack-app.ts';
import { captureLogs } from '../support/logs.ts';
import { getPath, newSlackId, slashCommandBody } from '../support/slack.ts';
import { startSocketModeDouble } from '../support/socket-mode.ts';

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

async function startSocketRuntime() {
  const double = await startSocketModeDouble();
  onTestFinished(() => double.close());
  const logs = captureLogs('debug');
  nock(API_ORIGIN)
    .post('/api/auth.test')
    .reply(200, { ok: true, user_id: newSlackId('U'), bot_id: newSlackId('B') });
  const connectionsOpen = nock(API_ORIGIN, { reqheaders: { authorization: 'Bearer xapp-test' } })
    .post('/api/apps.connections.open')
    .reply(200, { ok: true, url: double.url });
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
  return { runtime, port, double, logs, connectionsOpen };
}

describe('Slack app over Socket Mode', () => {
  it('opens the connection with the app token at the configured API URL and reports connected on /readyz', async () => {
    const { runtime, port, connectionsOpen } = await startSocketRuntime();

    expect(connectionsOpen.isDone()).toBe(true);
    expect(runtime.connectionState()).toBe('connected');
    const readyz = await getPath(port, '/readyz');
    expect(readyz.status).toBe(200);
    expect(readyz.json).toEqual({ ready: true, checks: { database: 'ok', slack: 'connected' } });
    expect((await getPath(port, '/healthz')).status).toBe(200);
    expect((await getPath(port, '/slack/events')).status).toBe(404);
  });

  it('answers /doc help in the envelope acknowledgement, without logging the token or response_url', async () => {
    const { double, logs } = await startSocketRuntime();
    const teamId = newSlackId('T');
    const token = `legacy${newSlackId('k')}`;
    const responseUrl = `https://hooks.slack.com/commands/${teamId}/7/${newSlackId('s')}`;
    const payload = Object.fromEntries(
      new URLSearchParams(
        slashCommandBody({
          command: '/doc',
          text: 'help',
          teamId,
          userId: newSlackId('U'),
          token,
          responseUrl,
        }),
      ),
    );

    const ack = await double.send({
      envelope_id: 'envelope-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload,
    });

    const response = ack.payload as {
      response_type: string;
      blocks: Array<{ type: string; text?: { text: string } }>;
    };
    expect(response.response_type).toBe('ephemeral');
    expect(response.blocks[0]?.text?.text).toBe('办公室助手 · 使用说明');
    expect(logs.text()).not.toContain(token);
    expect(logs.text()).not.toContain(responseUrl);
  });

  it('disconnects on stop, reports disconnected and stops serving health checks', async () => {
    const { runtime, port, double, logs } = await startSocketRuntime();

    await runtime.stop(2000);
    await double.closed;

    expect(runtime.connectionState()).toBe('disconnected');
    await expect(getPath(port, '/healthz')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(
      logs.lines().some((line) => line.msg === 'Socket Mode disconnected' && line.level === 'info'),
    ).toBe(true);
  });
});
