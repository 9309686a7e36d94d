// WeCom's token and API client against the stand-in: the token cached, refreshed before it expires
// and after WeCom refuses it (42001), never logged; errors classified for the outbox (45009 and
// 45033 and HTML answers as rate limits); template card codes single-use and valid 72 hours; the
// stand-in's message limits (over 30 a minute to one member dropped without an error, texts cut at
// 2,048 bytes, file messages only with uploaded media).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWeComApi } from '../../src/chat/wecom/api.ts';
import { WeComApiError } from '../../src/chat/wecom/api-errors.ts';
import { startWeComStandIn, type WeComStandIn } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { createWeComTokenSource } from '../../src/chat/wecom/token.ts';
import { DeliveryError } from '../../src/outbox/delivery.ts';
import { captureLogs } from '../support/logs.ts';

describe('the WeCom API client', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp() {
    let now = Date.parse('2026-12-01T01:00:00Z');
    const clock = { now: () => now, advance: (ms: number) => (now += ms) };
    const standIn: WeComStandIn = await startWeComStandIn({ now: clock.now });
    cleanups.push(() => standIn.close());
    const settings = {
      apiUrl: standIn.url,
      corpId: standIn.keys.corpId,
      secret: standIn.env.WECOM_SECRET ?? '',
    };
    const tokens = createWeComTokenSource({ ...settings, now: clock.now });
    const api = createWeComApi({ apiUrl: standIn.url, agentId: Number(standIn.env.WECOM_AGENT_ID), tokens });
    return { standIn, api, tokens, clock };
  }

  const text = (content: string) => ({ msgtype: 'text' as const, text: { content } });

  it('reuses one token, fetches a new one five minutes before it expires, and after a 42001', async () => {
    const { standIn, api, clock } = await setUp();
    await Promise.all([api.send(['zhangsan'], text('一')), api.send(['zhangsan'], text('二'))]);
    expect(standIn.tokensIssued).toBe(1);
    clock.advance(7200_000 - 6 * 60_000);
    await api.send(['zhangsan'], text('三'));
    expect(standIn.tokensIssued).toBe(1);
    clock.advance(2 * 60_000);
    await api.send(['zhangsan'], text('四'));
    expect(standIn.tokensIssued).toBe(2);
    // WeCom drops the token early: the call is refused with 42001, a new token fetched, the call sent.
    standIn.expireTokens();
    await api.send(['zhangsan'], text('五'));
    expect(standIn.tokensIssued).toBe(3);
    expect(standIn.messagesTo('zhangsan').map((m) => m.content.content)).toEqual([
      '一',
      '二',
      '三',
      '四',
      '五',
    ]);
  });

  it('refuses a wrong secret with WeCom’s code, and never puts the secret or a token in a log line', async () => {
    const { standIn, api } = await setUp();
    const logs = captureLogs();
    const wrong = createWeComTokenSource({
      apiUrl: standIn.url,
      corpId: standIn.keys.corpId,
      secret: 'wrong-secret',
    });
    const refused = await wrong.get().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WeComApiError);
    expect((refused as WeComApiError).errcode).toBe(40001);
    logs.logger.error({ err: refused }, 'token refused');
    standIn.expireTokens();
    standIn.failNext('message/send', 40014, 2);
    const failed = await api.send(['zhangsan'], text('x')).catch((error: unknown) => error);
    logs.logger.error({ err: failed }, 'send failed');
    expect(failed).toMatchObject({ reason: 'invalid_token', classification: { kind: 'transient' } });
    expect(logs.text()).not.toContain('wrong-secret');
    expect(logs.text()).not.toMatch(/tok-\d+-/);
    expect(logs.text()).not.toContain('access_token=');
  });

  it('classifies 45009 and 45033 as rate limits of the call’s scope, and other codes as permanent', async () => {
    const { standIn, api } = await setUp();
    standIn.failNext('message/send', 45009);
    await expect(api.send(['zhangsan'], text('x'))).rejects.toMatchObject({
      reason: 'rate_limit',
      classification: { kind: 'rate_limited', code: '45009', scope: 'message/send', retryAfterMs: 60_000 },
    });
    standIn.failNext('message/send', 45033);
    await expect(api.send(['zhangsan'], text('x'))).rejects.toMatchObject({
      classification: { kind: 'rate_limited', code: '45033' },
    });
    standIn.failNext('message/send', 40003);
    const refused = await api.send(['zhangsan'], text('x')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeliveryError);
    expect(refused).toMatchObject({
      errcode: 40003,
      classification: { kind: 'permanent', code: '40003', recognised: false },
    });
  });

  it('keeps a call from an address outside the app’s 企业可信IP waiting (60020), saying what to fix', async () => {
    const { standIn, api } = await setUp();
    standIn.failNext('message/send', 60020);
    const refused = await api.send(['zhangsan'], text('x')).catch((error: unknown) => error);
    expect(refused).toMatchObject({ errcode: 60020, classification: { kind: 'transient', code: '60020' } });
    expect((refused as Error).message).toContain('企业可信IP');
    // Once the address is added, the next try goes through.
    await api.send(['zhangsan'], text('y'));
    expect(standIn.messagesTo('zhangsan').map((m) => m.content.content)).toEqual(['y']);
  });

  it('reads an HTML page where JSON was due as a rate limit, not a crash', async () => {
    const html = createServer((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad gateway</body></html>');
    });
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => html.close(resolve)));
    const tokens = createWeComTokenSource({
      apiUrl: `http://127.0.0.1:${(html.address() as AddressInfo).port}`,
      corpId: 'ww1',
      secret: 's',
    });
    await expect(tokens.get()).rejects.toMatchObject({
      reason: 'rate_limit',
      classification: { kind: 'rate_limited', code: 'html_answer', scope: 'gettoken' },
    });
  });

  it('updates a template card once per response code, within 72 hours', async () => {
    const { standIn, api, clock } = await setUp();
    const card = { card_type: 'button_interaction', main_title: { title: '用印申请' }, task_id: 'task-1' };
    const sent = await api.send(['zhangsan'], { msgtype: 'template_card', template_card: card });
    expect(sent.responseCode).toEqual(expect.any(String));
    const code = sent.responseCode ?? '';
    const update = {
      userIds: ['zhangsan'],
      responseCode: code,
      change: { button: { replace_name: '已同意' } },
    };
    await api.updateTemplateCard(update);
    expect(standIn.updates).toEqual([
      { responseCode: code, userIds: ['zhangsan'], change: { button: { replace_name: '已同意' } } },
    ]);
    await expect(api.updateTemplateCard(update)).rejects.toMatchObject({ errcode: 40058 });
    const late = standIn.issueResponseCode();
    clock.advance(72 * 60 * 60_000);
    await expect(api.updateTemplateCard({ ...update, responseCode: late })).rejects.toMatchObject({
      errcode: 40058,
    });
    expect(standIn.updates).toHaveLength(1);
  });

  it('uploads a file and sends it, and sets the app menu of at most three buttons', async () => {
    const { standIn, api } = await setUp();
    const { mediaId } = await api.uploadMedia({
      type: 'file',
      fileName: '用印登记.csv',
      content: Buffer.from('a,b\n1,2\n'),
      mimeType: 'text/csv',
    });
    expect(standIn.media.get(mediaId)).toMatchObject({ type: 'file', fileName: '用印登记.csv' });
    expect(standIn.media.get(mediaId)?.bytes.toString()).toBe('a,b\n1,2\n');
    await api.createMenu([
      { name: '我的待办', key: '我的待办' },
      { name: '发起', sub: [{ name: '发起用印', key: '用印' }] },
    ]);
    expect(standIn.menu).toEqual({
      button: [
        { type: 'click', name: '我的待办', key: '我的待办' },
        { name: '发起', sub_button: [{ type: 'click', name: '发起用印', key: '用印' }] },
      ],
    });
    const four = [1, 2, 3, 4].map((n) => ({ name: `b${n}`, key: `k${n}` }));
    await expect(api.createMenu(four)).rejects.toMatchObject({ errcode: 40058 });
  });

  it('drops what goes over 30 a minute to one member without an error, as WeCom does', async () => {
    const { standIn, api, clock } = await setUp();
    for (let i = 1; i <= 31; i++) await api.send(['Busy'], text(`第 ${i} 条`));
    await api.send(['Quiet'], text('另一个人'));
    expect(standIn.messagesTo('Busy')).toHaveLength(30);
    expect(standIn.dropped.map((message) => message.content.content)).toEqual(['第 31 条']);
    expect(standIn.messagesTo('Quiet')).toHaveLength(1);
    clock.advance(60_000);
    await api.send(['Busy'], text('一分钟后'));
    expect(standIn.messagesTo('Busy').at(-1)?.content.content).toBe('一分钟后');
  });

  it('cuts a text over 2,048 bytes, and refuses a file message with media it never uploaded', async () => {
    const { standIn, api } = await setUp();
    await api.send(['Reader'], text('长'.repeat(700)));
    const [long] = standIn.messagesTo('Reader');
    expect(long?.truncated).toBe(true);
    expect(Buffer.byteLength(String(long?.content.content))).toBeLessThanOrEqual(2048);
    await expect(api.send(['Reader'], { msgtype: 'file', file: { media_id: 'nope' } })).rejects.toMatchObject(
      {
        errcode: 40007,
      },
    );
    await expect(
      api.sendToChat('wrchat', { msgtype: 'image', image: { media_id: 'nope' } }),
    ).rejects.toMatchObject({ errcode: 40007 });
  });
});
