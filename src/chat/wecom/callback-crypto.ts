// WeCom's callback encryption (加解密方案, developer.work.weixin.qq.com/document/path/90968): every
// callback carries `msg_signature = sha1(sort(token, timestamp, nonce, encrypt))`, and its message is
// AES-256-CBC with the key and IV from the 43-character EncodingAESKey, laid out as
// random(16) + length(4, big-endian) + message + corp id. The algorithm is @wecom/crypto's (WeCom's
// own package); this file adds what it leaves to the caller: a constant-time signature check, the
// corp id check, and a failure that never throws past the callback route.

import { timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

/** What the callback is checked with: the app's 接收消息 settings and the corp id. */
export interface CallbackKeys {
  token: string;
  aesKey: string;
  corpId: string;
}

/** The query WeCom adds to every callback URL. */
export interface SignedQuery {
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

/** Whether `msgSignature` signs `encrypted` with the token (compared in constant time). */
export function signatureMatches(
  keys: Pick<CallbackKeys, 'token'>,
  query: SignedQuery,
  encrypted: string,
): boolean {
  const expected = Buffer.from(getSignature(keys.token, query.timestamp, query.nonce, encrypted), 'utf8');
  const given = Buffer.from(query.msgSignature, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The plaintext of a signed, encrypted callback part (the GET check's `echostr`, a POST's
 * `<Encrypt>`), or null when the signature does not match, the text does not decrypt, or it was
 * encrypted for another corp.
 */
export function openCallback(keys: CallbackKeys, query: SignedQuery, encrypted: string): string | null {
  if (!signatureMatches(keys, query, encrypted)) return null;
  try {
    const { message, id } = decrypt(keys.aesKey, encrypted);
    return id === keys.corpId ? message : null;
  } catch {
    // A cipher text of the wrong length or padding: not WeCom's.
    return null;
  }
}

/** Encrypts and signs `message` as WeCom does (the stand-in's callbacks, and passive replies). */
export function sealCallback(
  keys: CallbackKeys,
  message: string,
  at: { timestamp: string; nonce: string },
): { encrypted: string; msgSignature: string } {
  const encrypted = encrypt(keys.aesKey, message, keys.corpId);
  return { encrypted, msgSignature: getSignature(keys.token, at.timestamp, at.nonce, encrypted) };
}
