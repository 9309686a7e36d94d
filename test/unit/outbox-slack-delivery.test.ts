import { webApi } from '@slack/bolt';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBoltLogger } from '../../src/chat/slack/bolt-logger.ts';
import { buildWebClientOptions } from '../../src/chat/slack/slack-app.ts';
import {
  createSlackDelivery,
  defineSlackKind,
  type SlackDelivery,
} from '../../src/chat/slack/slack-delivery.ts';
import { DeliveryError } from '../../src/outbox/delivery.ts';
import type { ClaimedOutboxMessage, JsonValue } from '../../src/outbox/outbox-message.ts';
import { silentLogger } from '../support/databases.ts';

const API_ORIGIN = 'http://slack.test';
const API_URL = `${API_ORIGIN}/api/`;

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.enableNetConnect();
});

let nextId = 1n;

function message(kind: string, payload: JsonValue): ClaimedOutboxMessage {
  return {
    id: nextId++,
    orderingKey: `key-${nextId}`,
    kind,
    payload,
    attempts: 1,
    lockedUntil: new Date('2026-03-02T01:01:00.000Z'),
    lockedBy: 'test',
    createdAt: new Date('2026-03-02T01:00:00.000Z'),
  };
}

function newDelivery(): SlackDelivery {
  const client = new webApi.WebClient('xoxb-test', {
    ...buildWebClientOptions(API_URL),
    // The client's own quick retries wait in real time; the outbox retries instead.
    retryConfig: { retries: 0 },
    logger: createBoltLogger(silentLogger, 'web-api'),
  });
  return createSlackDelivery({ client, logger: silentLogger });
}

/** Records the form fields of every call to `method` and answers with `reply`. */
function expectCall(method: string, reply: Record<string, unknown>, status = 200, headers = {}) {
  const bodies: Array<Record<string, string>> = [];
  const scope = nock(API_ORIGIN)
    .post(`/api/${method}`)
    .reply(
      status,
      (_uri, body) => {
        bodies.push(Object.fromEntries(new URLSearchParams(String(body))));
        return reply;
      },
      headers,
    );
  return { scope, bodies };
}

async function deliveryError(work: Promise<unknown>): Promise<DeliveryError> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  return error;
}

describe('Slack delivery', () => {
  it('posts a message to a channel with its text and blocks, and returns channel and ts', async () => {
    const delivery = newDelivery();
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];
    const post = expectCall('chat.postMessage', { ok: true, channel: 'C1', ts: '1.000001' });

    const result = await delivery.deliver(message('message.post', { channel: 'C1', text: 'hi', blocks }));

    expect(result).toEqual({ ok: true, result: { channel: 'C1', ts: '1.000001' } });
    expect(post.bodies).toEqual([{ channel: 'C1', text: 'hi', blocks: JSON.stringify(blocks) }]);
  });

  it('opens a DM once per user, and again after Slack says the remembered channel is gone', async () => {
    const delivery = newDelivery();
    const open = nock(API_ORIGIN)
      .post('/api/conversations.open', (body) => body.users === 'U1')
      .twice()
      .reply(200, { ok: true, channel: { id: 'D1' } });
    const posts = nock(API_ORIGIN)
      .post('/api/chat.postMessage', (body) => body.channel === 'D1')
      .twice()
      .reply(200, { ok: true, channel: 'D1', ts: '1.1' })
      .post('/api/chat.postMessage', (body) => body.channel === 'D1')
      .reply(200, { ok: false, error: 'channel_not_found' })
      .post('/api/chat.postMessage', (body) => body.channel === 'D1')
      .reply(200, { ok: true, channel: 'D1', ts: '1.2' });

    const dm = (text: string) => message('message.post', { userId: 'U1', text });
    expect(await delivery.deliver(dm('one'))).toEqual({ ok: true, result: { channel: 'D1', ts: '1.1' } });
    expect(await delivery.deliver(dm('two'))).toEqual({ ok: true, result: { channel: 'D1', ts: '1.1' } });
    const gone = await deliveryError(delivery.deliver(dm('three')));
    expect(gone.classification).toEqual({ kind: 'permanent', code: 'channel_not_found', recognised: true });
    expect(await delivery.deliver(dm('four'))).toEqual({ ok: true, result: { channel: 'D1', ts: '1.2' } });

    expect(open.isDone()).toBe(true);
    expect(posts.isDone()).toBe(true);
  });

  it('updates a message, posts an ephemeral message and updates a view', async () => {
    const delivery = newDelivery();
    const update = expectCall('chat.update', { ok: true, channel: 'C1', ts: '1.5' });
    const ephemeral = expectCall('chat.postEphemeral', { ok: true, message_ts: '1.6' });
    const view = { type: 'modal', title: { type: 'plain_text', text: 'T' }, blocks: [] };
    const views = expectCall('views.update', { ok: true, view: { id: 'V1', hash: 'h2' } });

    expect(
      await delivery.deliver(message('message.update', { channel: 'C1', ts: '1.5', text: 'new' })),
    ).toEqual({
      ok: true,
      result: { channel: 'C1', ts: '1.5' },
    });
    expect(
      await delivery.deliver(message('message.ephemeral', { channel: 'C1', user: 'U1', text: 'psst' })),
    ).toEqual({
      ok: true,
      result: { channel: 'C1', messageTs: '1.6' },
    });
    expect(await delivery.deliver(message('view.update', { viewId: 'V1', hash: 'h1', view }))).toEqual({
      ok: true,
      result: { viewId: 'V1', hash: 'h2' },
    });

    expect(update.bodies).toEqual([{ channel: 'C1', ts: '1.5', text: 'new' }]);
    expect(ephemeral.bodies).toEqual([{ channel: 'C1', user: 'U1', text: 'psst' }]);
    expect(views.bodies).toEqual([{ view_id: 'V1', hash: 'h1', view: JSON.stringify(view) }]);
  });

  it.each([
    ['message.post', { text: 'nowhere' }],
    ['message.post', { channel: 'C1', userId: 'U1', text: 'both' }],
    ['message.post', { channel: 'C1' }],
    ['message.post', { channel: 'C1', text: 'x', blocks: 'not a list' }],
    ['message.update', { channel: 'C1', text: 'no ts' }],
    ['message.ephemeral', { channel: 'C1', text: 'no user' }],
    ['view.update', { viewId: 'V1' }],
    ['message.post', null],
  ])('fails a %s payload that does not fit its schema, without calling Slack: %j', async (kind, payload) => {
    const delivery = newDelivery();

    const error = await deliveryError(delivery.deliver(message(kind, payload as JsonValue)));

    expect(error.classification).toEqual({ kind: 'permanent', code: 'invalid_payload', recognised: true });
    expect(error.message).toMatch(new RegExp(`^invalid ${kind.replace('.', '\\.')} payload: `));
  });

  it('fails a kind it does not know', async () => {
    const error = await deliveryError(newDelivery().deliver(message('card.sync', {})));
    expect(error.classification).toMatchObject({ kind: 'permanent', code: 'unknown_kind' });
  });

  it('reports a 429 as a rate limit on the method that answered it', async () => {
    const delivery = newDelivery();
    nock(API_ORIGIN).post('/api/conversations.open').reply(
      429,
      { ok: false, error: 'ratelimited' },
      {
        'Retry-After': '12',
      },
    );

    const error = await deliveryError(
      delivery.deliver(message('message.post', { userId: 'U9', text: 'hi' })),
    );

    expect(error.classification).toEqual({
      kind: 'rate_limited',
      code: 'ratelimited',
      retryAfterMs: 12_000,
      scope: 'conversations.open',
    });
  });

  it('reports a connection that broke as transient', async () => {
    const delivery = newDelivery();
    nock(API_ORIGIN)
      .post('/api/chat.update')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

    const error = await deliveryError(
      delivery.deliver(message('message.update', { channel: 'C1', ts: '1.1', text: 'x' })),
    );

    expect(error.classification).toEqual({ kind: 'transient', code: 'ECONNRESET' });
  });

  it('names the methods each message uses, for rate-limit pauses', () => {
    const delivery = newDelivery();
    const scopes = (kind: string, payload: JsonValue) => delivery.scopesOf?.(message(kind, payload));

    expect(scopes('message.post', { channel: 'C1', text: 'x' })).toEqual(['chat.postMessage']);
    expect(scopes('message.post', { userId: 'U1', text: 'x' })).toEqual([
      'conversations.open',
      'chat.postMessage',
    ]);
    expect(scopes('message.update', { channel: 'C1', ts: '1', text: 'x' })).toEqual(['chat.update']);
    expect(scopes('message.ephemeral', { channel: 'C1', user: 'U1', text: 'x' })).toEqual([
      'chat.postEphemeral',
    ]);
    expect(scopes('view.update', { viewId: 'V1', view: { type: 'modal' } })).toEqual(['views.update']);
    expect(scopes('message.post', { text: 'invalid' })).toEqual([]);
    expect(scopes('unknown', {})).toEqual([]);
  });

  it('takes new kinds, once each', async () => {
    const delivery = newDelivery();
    const cardSync = defineSlackKind({
      schema: z.object({ channel: z.string(), text: z.string() }),
      methods: () => ['chat.postMessage'],
      async deliver(payload, context) {
        const posted = await context.call('chat.postMessage', payload);
        return { ts: String(posted.ts), outboxId: String(context.message.id) };
      },
    });
    delivery.register('card.sync', cardSync);
    nock(API_ORIGIN).post('/api/chat.postMessage').reply(200, { ok: true, channel: 'C1', ts: '7.7' });

    const claimed = message('card.sync', { channel: 'C1', text: 'card' });
    expect(await delivery.deliver(claimed)).toEqual({
      ok: true,
      result: { ts: '7.7', outboxId: String(claimed.id) },
    });
    expect(delivery.kinds().sort()).toEqual([
      'card.sync',
      'message.ephemeral',
      'message.post',
      'message.update',
      'view.update',
    ]);
    expect(() => delivery.register('card.sync', cardSync)).toThrow('already registered');
    expect(() => delivery.register('message.post', cardSync)).toThrow('already registered');
  });
});
