// What a WeCom answer means. The API answers HTTP 200 with `{errcode, errmsg}` (errcode 0: done)
// (developer.work.weixin.qq.com/document/path/90313, 全局错误码). The codes the bot acts on:
// 40014 (不合法的access_token) and 42001 (access_token已过期), and 41001 (缺少access_token参数):
// the token is refreshed and the call retried; 45009 (接口调用超过限制) and 45033 (接口并发调用超过限
// 制): rate limits, which the outbox waits out; -1 (系统繁忙): retried later. An HTML page from a
// proxy or a gateway in front of WeCom is read as a rate limit too, never as a crash. 60020 (not
// allow to access from your ip): the server's public address is not among the app's 企业可信IP, an
// installation mistake the IT person fixes in the admin console; until then rows wait (retried),
// so nothing is lost, and the error says what to do.

import { DeliveryError, type DeliveryErrorClass } from '../../outbox/delivery.ts';

/** Why a WeCom call failed, in the bot's terms. */
export type WeComErrorReason =
  /** errcode 45009 / 45033, HTTP 429, or an HTML page instead of JSON. */
  | 'rate_limit'
  /** errcode 40014 / 42001 / 41001: the token is invalid, expired or missing. */
  | 'invalid_token'
  /** errcode -1 or HTTP 5xx: WeCom's own failure, worth retrying. */
  | 'server'
  /** Any other refusal, with WeCom's code and message. */
  | 'platform';

const INVALID_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001, 41001]);
const RATE_LIMIT_ERRCODES: ReadonlySet<number> = new Set([45009, 45033]);
/** The calling address is not among the app's trusted IPs (企业可信IP). */
const UNTRUSTED_IP = 60020;
/** user & party & tag all invalid: the person is not a member, or outside the app's range. */
const USER_UNREACHABLE = 81013;
/** WeCom documents no Retry-After; its frequency limits are counted per minute. */
const RATE_LIMIT_WAIT_MS = 60_000;

/** A WeCom call that failed, classified for the outbox (it is a {@link DeliveryError}). */
export class WeComApiError extends DeliveryError {
  readonly reason: WeComErrorReason;
  readonly status: number;
  /** WeCom's errcode, if it gave one. */
  readonly errcode: number | undefined;
  readonly errmsg: string | undefined;

  constructor(
    reason: WeComErrorReason,
    classification: DeliveryErrorClass,
    detail: { status: number; scope: string; errcode?: number; errmsg?: string },
  ) {
    const code = detail.errcode === undefined ? '' : ` errcode ${detail.errcode}`;
    const text = detail.errmsg ? `: ${detail.errmsg}` : '';
    super(classification, `WeCom ${detail.scope} failed (${reason}, HTTP ${detail.status}${code})${text}`);
    this.name = 'WeComApiError';
    this.reason = reason;
    this.status = detail.status;
    this.errcode = detail.errcode;
    this.errmsg = detail.errmsg;
  }
}

/** Whether `error` is WeCom refusing the access token (the caller refreshes it and tries again). */
export function isRefusedToken(error: unknown): boolean {
  return error instanceof WeComApiError && error.reason === 'invalid_token';
}

/**
 * Reads a WeCom answer: its JSON body when errcode is 0 (or absent on HTTP 200), else throws a
 * classified {@link WeComApiError}. `scope` names the API (the outbox's rate-limit scope).
 */
export async function readWeComAnswer(response: Response, scope: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  const { status } = response;
  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('text/html') || text.trimStart().startsWith('<')) {
    throw new WeComApiError(
      'rate_limit',
      { kind: 'rate_limited', code: 'html_answer', retryAfterMs: RATE_LIMIT_WAIT_MS, scope },
      { status, scope, errmsg: 'WeCom answered with an HTML page' },
    );
  }
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  if (body === undefined) {
    const transient = status >= 500;
    throw new WeComApiError(
      transient ? 'server' : 'platform',
      { kind: transient ? 'transient' : 'permanent', code: 'unreadable_answer' },
      { status, scope, errmsg: 'the answer is not a JSON object' },
    );
  }
  const errcode = typeof body.errcode === 'number' ? body.errcode : undefined;
  if (status < 400 && (errcode === undefined || errcode === 0)) return body;
  const errmsg = typeof body.errmsg === 'string' ? body.errmsg : undefined;
  const detail = {
    status,
    scope,
    ...(errcode === undefined ? {} : { errcode }),
    ...(errmsg ? { errmsg } : {}),
  };
  const code = errcode === undefined ? `http_${status}` : String(errcode);
  if (status === 429 || (errcode !== undefined && RATE_LIMIT_ERRCODES.has(errcode))) {
    throw new WeComApiError(
      'rate_limit',
      { kind: 'rate_limited', code, retryAfterMs: RATE_LIMIT_WAIT_MS, scope },
      detail,
    );
  }
  if (errcode !== undefined && INVALID_TOKEN_ERRCODES.has(errcode)) {
    // Transient: the API client refreshes the token and retries once; if a fresh token is refused
    // too, the outbox retries later rather than dropping the message.
    throw new WeComApiError('invalid_token', { kind: 'transient', code }, detail);
  }
  if (errcode === -1 || status >= 500) throw new WeComApiError('server', { kind: 'transient', code }, detail);
  if (errcode === UNTRUSTED_IP) {
    throw new WeComApiError(
      'platform',
      { kind: 'transient', code },
      {
        ...detail,
        errmsg: `${errmsg ?? 'not allow to access from your ip'}; add this server's public IP address to the app's 企业可信IP (应用管理 → the app → 企业可信IP)`,
      },
    );
  }
  // 81013: nobody addressed is a member the app can reach; retrying cannot help.
  if (errcode === USER_UNREACHABLE) {
    throw new WeComApiError('platform', { kind: 'permanent', code, recognised: true }, detail);
  }
  throw new WeComApiError('platform', { kind: 'permanent', code, recognised: false }, detail);
}
