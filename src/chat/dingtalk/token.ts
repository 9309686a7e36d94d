// The app access token (企业内部应用 accessToken): one per installation, valid for about two hours.
// DingTalk may invalidate it early, so a call refused for the token asks for a fresh one (the
// caching is the core's, shared with WeCom).

import { type AccessTokenSource, createCachedTokenSource } from '../core/access-token.ts';
import { readDingTalkAnswer } from './api-errors.ts';

export type { AccessTokenSource } from '../core/access-token.ts';

/** Settings of {@link createAccessTokenSource}. */
export interface AccessTokenSettings {
  /** The OpenAPI base URL (https://api.dingtalk.com, or a stand-in's). */
  apiUrl: string;
  /** The app's Client ID (AppKey). */
  appKey: string;
  /** The app's Client Secret (AppSecret). */
  appSecret: string;
  /** Milliseconds since the epoch; injected so tests move time. */
  now?: () => number;
  /** Refresh this long before the token expires (default 5 min, as the Python SDK). */
  refreshMarginMs?: number;
  /** Longest wait for the token endpoint (default 10 s). */
  timeoutMs?: number;
}

/** DingTalk's token source: `POST /v1.0/oauth2/accessToken`, cached and refreshed early. */
export function createAccessTokenSource(settings: AccessTokenSettings): AccessTokenSource {
  const timeoutMs = settings.timeoutMs ?? 10_000;
  return createCachedTokenSource({
    ...(settings.now ? { now: settings.now } : {}),
    ...(settings.refreshMarginMs === undefined ? {} : { refreshMarginMs: settings.refreshMarginMs }),
    async fetchToken() {
      const response = await fetch(new URL('/v1.0/oauth2/accessToken', settings.apiUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ appKey: settings.appKey, appSecret: settings.appSecret }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await readDingTalkAnswer(response, 'oauth2/accessToken');
      const token = body.accessToken;
      const expireIn = body.expireIn;
      if (typeof token !== 'string' || token === '' || typeof expireIn !== 'number') {
        throw new Error('DingTalk token endpoint answered without accessToken/expireIn');
      }
      return { token, expiresInSeconds: expireIn };
    },
  });
}
