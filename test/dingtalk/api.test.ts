import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DingTalkApi } from '../../src/chat/dingtalk/api.ts';
import { DingTalkApiError, readDingTalkAnswer } from '../../src/chat/dingtalk/api-errors.ts';
import { type DingTalkStandIn, startDingTalkStandIn } from '../../src/chat/dingtalk/stand-in/stand-in.ts';
import { classifyDeliveryError } from '../../src/outbox/delivery.ts';
import { apiOn } from './stream-support.ts';

let standIn: DingTalkStandIn;
let api: DingTalkApi;

beforeEach(async () => {
  standIn = await startDingTalkStandIn();
  api = apiOn(standIn);
});
afterEach(async () => {
  await standIn.close();
});

const failureOf = (work: Promise<unknown>) =>
  work.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as DingTalkApiError,
  );

describe('DingTalk OpenAPI client', () => {
  it('sends robot messages to people and to a group', async () => {
    const result = await api.sendToUsers(['u1', 'u2'], {
      msgKey: 'sampleMarkdown',
      msgParam: { title: 't', text: '**x**' },
    });
    expect(result.invalidStaffIdList).toEqual([]);
    expect(standIn.messagesTo('u2')).toEqual([
      { robotCode: 'robot-1', msgKey: 'sampleMarkdown', msgParam: { title: 't', text: '**x**' } },
    ]);
    await api.sendToGroup('cid-1', { msgKey: 'sampleText', msgParam: { content: '会议' } });
    expect(standIn.messagesInGroup('cid-1')).toHaveLength(1);
  });

  it('creates a STREAM card with per-person data and updates it in place by outTrackId', async () => {
    await api.createAndDeliverCard({
      cardTemplateId: 'tpl.schema',
      outTrackId: 'seal-7-u1',
      cardParamMap: { title: '用印申请', state: '待审批' },
      privateData: { u1: { cardParamMap: { buttons: '["approve"]' } } },
      target: { kind: 'user', userId: 'u1' },
    });
    expect(standIn.card('seal-7-u1')).toMatchObject({
      cardTemplateId: 'tpl.schema',
      callbackType: 'STREAM',
      openSpaceId: 'dtv1.card//IM_ROBOT.u1',
      cardParamMap: { title: '用印申请', state: '待审批' },
      privateData: { u1: { cardParamMap: { buttons: '["approve"]' } } },
    });
    await api.updateCard({ outTrackId: 'seal-7-u1', cardParamMap: { state: '已盖章' }, byKey: true });
    expect(standIn.card('seal-7-u1')).toMatchObject({
      cardParamMap: { title: '用印申请', state: '已盖章' },
      updates: 1,
    });
    await api.updateCard({ outTrackId: 'seal-7-u1', cardParamMap: { state: '已撤回' } });
    expect(standIn.card('seal-7-u1')?.cardParamMap).toEqual({ state: '已撤回' });
  });

  it('delivers a group card to the group’s open space', async () => {
    await api.createAndDeliverCard({
      cardTemplateId: 'tpl',
      outTrackId: 'g-1',
      cardParamMap: {},
      target: { kind: 'group', conversationId: 'cid-9', recipients: ['u1'] },
    });
    expect(standIn.card('g-1')?.openSpaceId).toBe('dtv1.card//IM_GROUP.cid-9');
  });

  it('uploads a file and answers its mediaId', async () => {
    const content = new TextEncoder().encode('编号,名称\n1,公章\n');
    const { mediaId } = await api.uploadMedia({
      type: 'file',
      fileName: '用印登记.csv',
      content,
      mimeType: 'text/csv',
    });
    const stored = standIn.media(mediaId);
    expect(stored).toMatchObject({ type: 'file', fileName: '用印登记.csv' });
    expect(stored?.bytes.toString('utf8')).toBe('编号,名称\n1,公章\n');
  });

  it('reads a QPS limit as a rate limit with a wait, scoped to the API', async () => {
    await api.sendToGroup('c', { msgKey: 'sampleText', msgParam: {} }); // token cached first
    standIn.misbehave('rate_limit');
    const error = await failureOf(
      api.sendToUsers(['u1'], { msgKey: 'sampleText', msgParam: { content: 'x' } }),
    );
    expect(error).toBeInstanceOf(DingTalkApiError);
    expect(error).toMatchObject({
      reason: 'rate_limit',
      status: 403,
      platformCode: 'Forbidden.AccessDenied.QpsLimitForApi',
    });
    expect(classifyDeliveryError(error)).toEqual({
      kind: 'rate_limited',
      code: 'Forbidden.AccessDenied.QpsLimitForApi',
      retryAfterMs: 1000,
      scope: 'robot/oToMessages/batchSend',
    });
  });

  it('reads the HTML ban page as a rate limit of minutes, not a crash', async () => {
    await api.sendToUsers(['u1'], { msgKey: 'sampleText', msgParam: { content: 'x' } }); // token cached first
    standIn.misbehave('ip_ban');
    const error = await failureOf(api.updateCard({ outTrackId: 'x', cardParamMap: {} }));
    expect(error).toMatchObject({ reason: 'ip_ban', retryAfterMs: 5 * 60_000 });
    expect(classifyDeliveryError(error).kind).toBe('rate_limited');
  });

  it('reads the older API’s errcode answers too (rate limit, monthly quota)', async () => {
    const file = {
      type: 'file' as const,
      fileName: 'a.txt',
      content: new Uint8Array([1]),
      mimeType: 'text/plain',
    };
    await api.uploadMedia(file);
    standIn.misbehave('rate_limit');
    expect(await failureOf(api.uploadMedia(file))).toMatchObject({
      reason: 'rate_limit',
      platformCode: '90018',
    });
    standIn.misbehave('monthly_quota');
    const quota = await failureOf(api.uploadMedia(file));
    expect(quota).toMatchObject({
      reason: 'monthly_quota',
      platformCode: '90020',
      retryAfterMs: 60 * 60_000,
    });
  });

  it('refreshes the token of an upload refused for it (errcode 40014) and retries once', async () => {
    const file = {
      type: 'file' as const,
      fileName: 'a.txt',
      content: new Uint8Array([1]),
      mimeType: 'text/plain',
    };
    await api.uploadMedia(file);
    standIn.invalidateTokens();
    await api.uploadMedia(file);
    expect(standIn.tokenRequests).toBe(2);
  });

  it('reads the monthly quota of the v1.0 API as a long wait, and other refusals with the platform’s words', async () => {
    await api.sendToUsers(['u1'], { msgKey: 'sampleText', msgParam: { content: 'x' } });
    standIn.misbehave('monthly_quota');
    expect(await failureOf(api.sendToGroup('c', { msgKey: 'sampleText', msgParam: {} }))).toMatchObject({
      reason: 'monthly_quota',
      platformCode: 'Forbidden.AccessDenied.ApiCountLimitForOrg',
    });
    const missing = await failureOf(api.updateCard({ outTrackId: 'nope', cardParamMap: {} }));
    expect(missing).toMatchObject({
      reason: 'platform',
      status: 400,
      platformCode: 'param.cardNotExist',
      platformMessage: '卡片不存在',
    });
    expect(missing.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(classifyDeliveryError(missing)).toMatchObject({ kind: 'permanent', code: 'param.cardNotExist' });
  });

  it('reads 5xx as transient, 429 with Retry-After as that wait, and a body that is not JSON without crashing', async () => {
    const server = await readDingTalkAnswer(
      new Response('{"code":"ServiceUnavailable"}', { status: 503 }),
      's',
    ).catch((e: DingTalkApiError) => e);
    expect(server).toMatchObject({ reason: 'server', classification: { kind: 'transient' } });
    const limited = await readDingTalkAnswer(
      new Response('{}', { status: 429, headers: { 'retry-after': '7' } }),
      's',
    ).catch((e: DingTalkApiError) => e);
    expect(limited).toMatchObject({ reason: 'rate_limit', retryAfterMs: 7000 });
    const ban = await readDingTalkAnswer(new Response('{"status":1111,"wait":5,"punish":"deny"}'), 's').catch(
      (e: DingTalkApiError) => e,
    );
    expect(ban).toMatchObject({ reason: 'ip_ban', retryAfterMs: 5 * 60_000 });
    const garbage = await readDingTalkAnswer(new Response('plain text', { status: 502 }), 's').catch(
      (e: DingTalkApiError) => e,
    );
    expect(garbage).toMatchObject({
      reason: 'server',
      classification: { kind: 'transient', code: 'unreadable_answer' },
    });
  });

  it('answers DingTalk’s own error shape for unknown paths and a missing token', async () => {
    const response = await fetch(`${standIn.url}/v1.0/robot/oToMessages/batchSend`, {
      method: 'POST',
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'InvalidAuthentication',
      message: '不合法的access_token',
    });
  });

  it('reports people outside the robot’s reach: listed for a DM, an error for a card DingTalk answered 200', async () => {
    standIn.makeUnreachable('u9');
    const sent = await api.sendToUsers(['u1', 'u9'], { msgKey: 'sampleText', msgParam: { content: 'x' } });
    expect(sent.invalidStaffIdList).toEqual(['u9']);
    expect(standIn.messagesTo('u9')).toEqual([]);
    const error = await failureOf(
      api.createAndDeliverCard({
        cardTemplateId: 't',
        outTrackId: 'c-9',
        cardParamMap: {},
        target: { kind: 'user', userId: 'u9' },
      }),
    );
    expect(error).toMatchObject({ reason: 'platform', platformCode: 'card_not_delivered' });
    expect(error.platformMessage).toContain('u9');
    expect(classifyDeliveryError(error).kind).toBe('permanent');
  });
});
