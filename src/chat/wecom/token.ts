// The self-built app's access token: `GET /cgi-bin/gettoken?corpid&corpsecret` →
// `{access_token, expires_in: 7200}` (developer.work.weixin.qq.com/document/path/91039). WeCom
// may invalidate it early, so a call refused for the token asks for a fresh one. The request's URL
// carries the secret and every API URL carries the token: neither is ever logged.

import { type AccessTokenSource, createCachedTokenSource } from '../core/access-token.ts';
import { readWeComAnswer } from './api-errors.ts';

/** Settings of {@link createWeComTokenSource}. */
export interface WeComTokenSettings {
  /** https://qyapi.weixin.qq.com, or a stand-in's base URL. */
  apiUrl: string;
  corpId: string;
  /** The app's Secret. */
  secret: string;
  /** Milliseconds since the epoch; injected so tests move time. */
  now?: () => number;
  /** Longest wait for the token endpoint (default 10 s). */
  timeoutMs?: number;
}

/** WeCom's token source, cached per app and refreshed five minutes before it expires. */
export function createWeComTokenSource(settings: WeComTokenSettings): AccessTokenSource {
  const timeoutMs = settings.timeoutMs ?? 10_000;
  return createCachedTokenSource({
    ...(settings.now ? { now: settings.now } : {}),
    async fetchToken() {
      const url = new URL('/cgi-bin/gettoken', settings.apiUrl);
      url.searchParams.set('corpid', settings.corpId);
      url.searchParams.set('corpsecret', settings.secret);
      const body = await readWeComAnswer(
        await fetch(url, { signal: AbortSignal.timeout(timeoutMs) }),
        'gettoken',
      );
      const token = body.access_token;
      const expiresIn = body.expires_in;
      if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number') {
        throw new Error('WeCom gettoken answered without access_token/expires_in');
      }
      return { token, expiresInSeconds: expiresIn };
    },
  });
}
