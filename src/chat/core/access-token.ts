// An app access token as DingTalk and WeCom both issue it: fetched with the app's credentials, valid
// for about two hours, and possibly revoked early, so a call refused for its token asks for a
// fresh one. Each platform gives its own fetch; the caching, the early refresh and the single
// flight are the same. The token is never logged.

/** Gives the current access token; never logs it. */
export interface AccessTokenSource {
  /** The cached token, or a fresh one when it is missing or about to expire. */
  get(): Promise<string>;
  /**
   * Forgets `token` after the platform refused it. Only that token is dropped: calls that failed
   * with the same old token while a new one was being fetched cause no second refresh.
   */
  invalidate(token: string): void;
}

/** A token as the platform issued it. */
export interface IssuedToken {
  token: string;
  /** Its lifetime in seconds, as the platform gave it. */
  expiresInSeconds: number;
}

/** Settings of {@link createCachedTokenSource}. */
export interface CachedTokenSettings {
  /** Asks the platform for a new token (throws the platform's classified error on refusal). */
  fetchToken(): Promise<IssuedToken>;
  /** Milliseconds since the epoch; injected so tests move time. */
  now?: () => number;
  /** Refresh this long before the token expires (default 5 min). */
  refreshMarginMs?: number;
}

/**
 * A cached, single-flight token source: concurrent callers share one request, and the token is
 * refreshed `refreshMarginMs` before it expires so no call goes out with a token about to lapse.
 */
export function createCachedTokenSource(settings: CachedTokenSettings): AccessTokenSource {
  const now = settings.now ?? Date.now;
  const margin = settings.refreshMarginMs ?? 5 * 60_000;
  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function refresh(): Promise<string> {
    const { token, expiresInSeconds } = await settings.fetchToken();
    // A token shorter-lived than the margin is still used once rather than refetched forever.
    cached = { token, refreshAt: now() + Math.max(0, expiresInSeconds * 1000 - margin) };
    return token;
  }

  return {
    get() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      inflight ??= refresh().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/**
 * Runs `call` with the current token; when the platform refused that token (`refusedToken` says
 * so of the error), drops it and runs `call` once more with a fresh one.
 */
export async function withFreshTokenOnRefusal<T>(
  tokens: AccessTokenSource,
  refusedToken: (error: unknown) => boolean,
  call: (token: string) => Promise<T>,
): Promise<T> {
  const token = await tokens.get();
  try {
    return await call(token);
  } catch (error) {
    if (!refusedToken(error)) throw error;
    tokens.invalidate(token);
    return call(await tokens.get());
  }
}
