// The app access token (企业内部应用 accessToken): one per installation, valid for about two hours.
// DingTalk may invalidate it early, so a call refused for the token asks for a fresh one.

import { readDingTalkAnswer } from './api-errors.ts';

/** Gives the current access token; never logs it. */
export interface AccessTokenSource {
  /** The cached token, or a fresh one when it is missing or about to expire. */
  get(): Promise<string>;
  /**
   * Forgets `token` after DingTalk refused it. Only that token is dropped: calls that failed
   * with the same old token while a new one was being fetched cause no second refresh.
   */
  invalidate(token: string): void;
}

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

/**
 * A cached, single-flight token source: concurrent callers share one request, and the token is
 * refreshed `refreshMarginMs` before it expires so no call goes out with a token about to lapse.
 */
export function createAccessTokenSource(settings: AccessTokenSettings): AccessTokenSource {
  const now = settings.now ?? Date.now;
  const margin = settings.refreshMarginMs ?? 5 * 60_000;
  const timeoutMs = settings.timeoutMs ?? 10_000;
  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
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
    // A token shorter-lived than the margin is still used once rather than refetched forever.
    cached = { token, refreshAt: now() + Math.max(0, expireIn * 1000 - margin) };
    return token;
  }

  return {
    get() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      inflight ??= fetchToken().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
