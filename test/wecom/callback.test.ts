// WeCom's callback: the signature and the encryption (built with @wecom/crypto, checked here), the
// URL check, and the refusal of anything forged or tampered with: 401, nothing handed on, nothing
// of it logged.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getSignature } from '@wecom/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type CallbackKeys, openCallback, sealCallback } from '../../src/chat/wecom/callback-crypto.ts';
import { createCallbackRoute, WECOM_CALLBACK_PATH } from '../../src/chat/wecom/callback-route.ts';
import { readCallbackXml, writeCallbackXml } from '../../src/chat/wecom/callback-xml.ts';
import { randomAesKey } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { captureLogs } from '../support/logs.ts';

const KEYS: CallbackKeys = { token: 'QDG6eK', aesKey: randomAesKey(), corpId: 'wx5823bf96d3bd56c7' };
const AT = { timestamp: '1409659813', nonce: '1372623149' };
const SECRET_TEXT = '用印 公章 3 机密合同';

describe('WeCom callback encryption', () => {
  it('opens what it sealed, and only with the right token, key and corp id', () => {
    const { encrypted, msgSignature } = sealCallback(KEYS, SECRET_TEXT, AT);
    expect(encrypted).not.toContain(SECRET_TEXT);
    expect(msgSignature).toBe(getSignature(KEYS.token, AT.timestamp, AT.nonce, encrypted));
    const query = { msgSignature, ...AT };
    expect(openCallback(KEYS, query, encrypted)).toBe(SECRET_TEXT);
    expect(openCallback({ ...KEYS, token: 'other' }, query, encrypted)).toBeNull();
    expect(openCallback({ ...KEYS, aesKey: randomAesKey() }, query, encrypted)).toBeNull();
    expect(openCallback({ ...KEYS, corpId: 'wwsomeoneelse' }, query, encrypted)).toBeNull();
    expect(openCallback(KEYS, { ...query, nonce: '1' }, encrypted)).toBeNull();
  });

  it('refuses a cipher text changed after signing, and a signed one that is no message of this corp', () => {
    const { encrypted, msgSignature } = sealCallback(KEYS, SECRET_TEXT, AT);
    const flipped = `${encrypted.slice(0, 10)}${encrypted[10] === 'A' ? 'B' : 'A'}${encrypted.slice(11)}`;
    expect(openCallback(KEYS, { msgSignature, ...AT }, flipped)).toBeNull();
    // Signed with the token but garbled where the length lies: it decrypts to no message of this corp.
    const garbled = encrypted.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const resigned = getSignature(KEYS.token, AT.timestamp, AT.nonce, garbled);
    expect(openCallback(KEYS, { msgSignature: resigned, ...AT }, garbled)).toBeNull();
    const notBase64 = 'not-a-cipher-text';
    const signed = getSignature(KEYS.token, AT.timestamp, AT.nonce, notBase64);
    expect(openCallback(KEYS, { msgSignature: signed, ...AT }, notBase64)).toBeNull();
  });

  it('reads and writes the flat callback XML, CDATA and plain text alike', () => {
    const xml = writeCallbackXml({ FromUserName: 'zhang]]>san', CreateTime: 1348831860, Content: '<b>&' });
    expect(readCallbackXml(xml)).toEqual({
      FromUserName: 'zhang]]>san',
      CreateTime: '1348831860',
      Content: '<b>&',
    });
    expect(readCallbackXml('<xml><A>1 &lt; 2 &amp;&#x4e2d;</A></xml>')).toEqual({ A: '1 < 2 &中' });
    expect(readCallbackXml('<html>no</html>')).toBeNull();
  });
});

describe('the WeCom callback route', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve() {
    const logs = captureLogs();
    const received: Array<Record<string, string>> = [];
    const route = createCallbackRoute({
      keys: KEYS,
      logger: logs.logger,
      onCallback: (f) => received.push(f),
    });
    server = createServer((req, res) => {
      if (!route.handle(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WECOM_CALLBACK_PATH}`;
    const url = (query: Record<string, string>) => `${base}?${new URLSearchParams(query)}`;
    return { logs, received, url };
  }

  function sealedPost(plaintext: string) {
    const { encrypted, msgSignature } = sealCallback(KEYS, plaintext, AT);
    return {
      query: { msg_signature: msgSignature, ...AT },
      body: writeCallbackXml({ ToUserName: KEYS.corpId, AgentID: '1000002', Encrypt: encrypted }),
      encrypted,
    };
  }

  const message = writeCallbackXml({
    ToUserName: KEYS.corpId,
    FromUserName: 'zhangsan',
    CreateTime: 1348831860,
    MsgType: 'text',
    Content: SECRET_TEXT,
    MsgId: '1234567890123456',
    AgentID: 1000002,
  });

  it('answers the URL check with the decrypted echostr, and refuses a forged one with 401', async () => {
    const { url } = await serve();
    const { encrypted, msgSignature } = sealCallback(KEYS, 'echo-5417', AT);
    const ok = await fetch(url({ msg_signature: msgSignature, ...AT, echostr: encrypted }));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('echo-5417');
    const forged = await fetch(url({ msg_signature: 'f'.repeat(40), ...AT, echostr: encrypted }));
    expect(forged.status).toBe(401);
    expect(await forged.text()).not.toContain('echo-5417');
  });

  it('acknowledges a genuine message with an empty 200 and hands its fields on', async () => {
    const { url, received } = await serve();
    const post = sealedPost(message);
    const response = await fetch(url(post.query), { method: 'POST', body: post.body });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(received).toEqual([expect.objectContaining({ MsgId: '1234567890123456', Content: SECRET_TEXT })]);
  });

  it('refuses forged and tampered callbacks with 401, hands nothing on and logs none of them', async () => {
    const { url, received, logs } = await serve();
    const post = sealedPost(message);
    const forged = await fetch(url({ ...post.query, msg_signature: '0'.repeat(40) }), {
      method: 'POST',
      body: post.body,
    });
    const tampered = post.encrypted.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const resigned = getSignature(KEYS.token, AT.timestamp, AT.nonce, tampered);
    const changed = await fetch(url({ msg_signature: resigned, ...AT }), {
      method: 'POST',
      body: writeCallbackXml({ ToUserName: KEYS.corpId, Encrypt: tampered }),
    });
    const unsigned = await fetch(url({}), { method: 'POST', body: post.body });
    const notXml = await fetch(url(post.query), { method: 'POST', body: 'hello' });
    expect([forged.status, changed.status, unsigned.status, notXml.status]).toEqual([401, 401, 401, 401]);
    expect(received).toEqual([]);
    const logged = logs.text();
    expect(logs.lines().filter((line) => line.msg === 'WeCom callback refused')).toHaveLength(4);
    expect(logged).not.toContain(post.encrypted);
    expect(logged).not.toContain(tampered);
    expect(logged).not.toContain(SECRET_TEXT);
    expect(logged).not.toContain(post.query.msg_signature);
  });
});
