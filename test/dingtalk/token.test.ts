import { afterEach, describe, expect, it } from 'vitest';
import { createDingTalkApi } from '../../src/chat/dingtalk/api.ts';
import { DingTalkApiError } from '../../src/chat/dingtalk/api-errors.ts';
import { type DingTalkStandIn, startDingTalkStandIn } from '../../src/chat/dingtalk/stand-in/stand-in.ts';
import { TOPIC_ROBOT_MESSAGE } from '../../src/chat/dingtalk/stream-frames.ts';
import { createAccessTokenSource } from '../../src/chat/dingtalk/token.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { streamClientOn } from './stream-support.ts';

let standIn: DingTalkStandIn;
afterEach(async () => {
  await standIn?.close();
});

async function setup() {
  const clock = new FakeClock();
  const now = () => clock.now().getTime();
  standIn = await startDingTalkStandIn({ now, tokenTtlSeconds: 7200 });
  const tokens = createAccessTokenSource({
    apiUrl: standIn.url,
    appKey: standIn.clientId,
    appSecret: standIn.clientSecret,
    now,
  });
  const api = createDingTalkApi({ apiUrl: standIn.url, oapiUrl: standIn.url, robotCode: 'robot-1', tokens });
  return { clock, tokens, api };
}

const hello = { msgKey: 'sampleText', msgParam: { content: '你好' } };

describe('DingTalk access token', () => {
  it('is fetched once and shared: cached, and concurrent callers make one request', async () => {
    const { tokens } = await setup();
    const all = await Promise.all([tokens.get(), tokens.get(), tokens.get()]);
    expect(new Set(all).size).toBe(1);
    expect(await tokens.get()).toBe(all[0]);
    expect(standIn.tokenRequests).toBe(1);
  });

  it('is refreshed five minutes before it expires, not after', async () => {
    const { clock, tokens } = await setup();
    const first = await tokens.get();
    clock.advance(7200_000 - 5 * 60_000 - 1);
    expect(await tokens.get()).toBe(first);
    clock.advance(1);
    const second = await tokens.get();
    expect(second).not.toBe(first);
    expect(standIn.tokenRequests).toBe(2);
  });

  it('is refreshed once after DingTalk refuses it, and the refused calls are retried with the new one', async () => {
    const { tokens, api } = await setup();
    await api.sendToUsers(['u1'], hello);
    standIn.invalidateTokens();
    // Three calls in flight all see the refusal; the old token is dropped once, one new one fetched.
    await Promise.all([
      api.sendToUsers(['u1'], hello),
      api.sendToUsers(['u2'], hello),
      api.sendToUsers(['u3'], hello),
    ]);
    expect(standIn.tokenRequests).toBe(2);
    expect(standIn.messagesTo('u1')).toHaveLength(2);
    expect(standIn.messagesTo('u3')).toHaveLength(1);
    expect(await tokens.get()).toBe(standIn.issuedTokens[1]);
  });

  it('retries a refused token only once: a token refused twice is an error for the outbox to retry', async () => {
    standIn = await startDingTalkStandIn();
    let asked = 0;
    const tokens = {
      get: async () => {
        asked += 1;
        return 'revoked';
      },
      invalidate: () => {},
    };
    const api = createDingTalkApi({ apiUrl: standIn.url, oapiUrl: standIn.url, robotCode: 'r', tokens });
    const error = await api.sendToUsers(['u1'], hello).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DingTalkApiError);
    expect(error).toMatchObject({ reason: 'invalid_token', platformCode: 'InvalidAuthentication' });
    expect((error as DingTalkApiError).classification.kind).toBe('transient');
    expect(asked).toBe(2);
  });

  it('never reaches the logs, nor does the client secret', async () => {
    const { tokens, api } = await setup();
    const stream = streamClientOn(standIn, {
      handler: async () => {
        await api.sendToUsers(['u1'], hello);
      },
    });
    stream.client.start();
    await standIn.waitFor(() => standIn.openConnections === 1);
    const id = standIn.sendCallback(TOPIC_ROBOT_MESSAGE, { text: { content: '帮助' } });
    await standIn.waitFor(() => standIn.acks.some((a) => a.messageId === id));
    standIn.invalidateTokens();
    await api.sendToUsers(['u2'], hello);
    await stream.client.stop();
    expect(await tokens.get()).toBeTruthy();
    const text = stream.logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const token of standIn.issuedTokens) expect(text).not.toContain(token);
    expect(text).not.toContain(standIn.clientSecret);
  });

  it('classifies a refusal of the token endpoint itself (wrong secret, rate limit)', async () => {
    standIn = await startDingTalkStandIn();
    const wrong = createAccessTokenSource({
      apiUrl: standIn.url,
      appKey: standIn.clientId,
      appSecret: 'nope',
    });
    await expect(wrong.get()).rejects.toMatchObject({
      reason: 'platform',
      platformCode: 'invalidClientIdOrSecret',
    });
    standIn.misbehave('ip_ban');
    const right = createAccessTokenSource({
      apiUrl: standIn.url,
      appKey: standIn.clientId,
      appSecret: standIn.clientSecret,
    });
    await expect(right.get()).rejects.toMatchObject({ reason: 'ip_ban' });
    // A failed fetch is not cached: the next call asks again.
    expect(await right.get()).toBe(standIn.issuedTokens[0]);
  });
});
