// What a DingTalk answer means. Two API generations answer differently: api.dingtalk.com (v1.0)
// with an HTTP status and `{code, message, requestid}`, oapi.dingtalk.com with HTTP 200 and
// `{errcode, errmsg}`. The per-IP ban (10,000 calls in 20 s) answers neither: an HTML page (or a
// bare `{punish: 'deny', wait: <minutes>}`), which must read as "wait", not as a crash.
//
// Sources for the codes: an expired or revoked token is HTTP 400 `InvalidAuthentication`
// "不合法的access_token" on v1.0 and errcode 40014 on oapi (as reported in satorijs/satori#240);
// the python SDK also drops its token on HTTP 401. QPS limits: HTTP 403
// `Forbidden.AccessDenied.QpsLimitForApi`, errcodes 90002/90018/90019; the monthly quota:
// errcode 90020 / `Forbidden.AccessDenied.ApiCountLimitForOrg` (DingTalk's help centre); the
// per-IP ban (10,000 calls in 20 s, five minutes) from DingTalk's rate-limit documentation.

import { DeliveryError, type DeliveryErrorClass } from '../../outbox/delivery.ts';

/** Why a DingTalk call failed, in the bot's terms. */
export type DingTalkErrorReason =
  /** Per-API QPS limit (HTTP 429, 403 `Forbidden.AccessDenied.QpsLimit…`, errcode 90002/90018/90019). */
  | 'rate_limit'
  /** The per-IP ban page: every call is refused for minutes. */
  | 'ip_ban'
  /** The organisation's monthly API quota is spent (errcode 90020, `…ApiCountLimitForOrg`). */
  | 'monthly_quota'
  /** The access token is expired or revoked (400 `InvalidAuthentication`, errcode 40014, HTTP 401). */
  | 'invalid_token'
  /** DingTalk's own failure (5xx): worth retrying. */
  | 'server'
  /** Any other refusal, with the platform's code and message. */
  | 'platform';

/** A QPS limit lasts a second; without a Retry-After, wait that long. */
const QPS_WAIT_MS = 1000;
/** The per-IP ban lasts five minutes (DingTalk's documented punishment). */
const IP_BAN_WAIT_MS = 5 * 60_000;
/** A spent monthly quota can be raised by buying more; look again in an hour rather than give up. */
const QUOTA_WAIT_MS = 60 * 60_000;

const RATE_LIMIT_ERRCODES: ReadonlySet<number> = new Set([90002, 90018, 90019]);
const INVALID_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001]);

/** A DingTalk call that failed, classified for the outbox (it is a {@link DeliveryError}). */
export class DingTalkApiError extends DeliveryError {
  readonly reason: DingTalkErrorReason;
  readonly status: number;
  /** The platform's code (`code` or `errcode`), if it gave one. */
  readonly platformCode: string | undefined;
  readonly platformMessage: string | undefined;
  readonly requestId: string | undefined;

  constructor(
    reason: DingTalkErrorReason,
    classification: DeliveryErrorClass,
    detail: {
      status: number;
      platformCode?: string;
      platformMessage?: string;
      requestId?: string;
      scope: string;
    },
  ) {
    const code = detail.platformCode ? ` ${detail.platformCode}` : '';
    const text = detail.platformMessage ? `: ${detail.platformMessage}` : '';
    super(classification, `DingTalk ${detail.scope} failed (${reason}, HTTP ${detail.status}${code})${text}`);
    this.name = 'DingTalkApiError';
    this.reason = reason;
    this.status = detail.status;
    this.platformCode = detail.platformCode;
    this.platformMessage = detail.platformMessage;
    this.requestId = detail.requestId;
  }

  /** How long to wait before calling again, for limits and bans. */
  get retryAfterMs(): number | undefined {
    return this.classification.kind === 'rate_limited' ? this.classification.retryAfterMs : undefined;
  }
}

/**
 * Reads a DingTalk answer: its JSON body when it succeeded, else throws a classified
 * {@link DingTalkApiError}. `scope` names the API (it becomes the outbox's rate-limit scope).
 */
export async function readDingTalkAnswer(
  response: Response,
  scope: string,
): Promise<Record<string, unknown>> {
  const text = await response.text();
  const status = response.status;
  const contentType = response.headers.get('content-type') ?? '';
  const retryAfter = retryAfterMs(response.headers.get('retry-after'));
  if (contentType.includes('text/html') || text.trimStart().startsWith('<')) {
    throw new DingTalkApiError(
      'ip_ban',
      { kind: 'rate_limited', code: 'ip_ban', retryAfterMs: retryAfter ?? IP_BAN_WAIT_MS, scope },
      { status, scope, platformMessage: 'DingTalk answered with an HTML page (per-IP ban)' },
    );
  }
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text === '' ? {} : JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    const reason = status >= 500 ? 'server' : 'platform';
    throw new DingTalkApiError(
      reason,
      status >= 500
        ? { kind: 'transient', code: 'unreadable_answer' }
        : { kind: 'permanent', code: 'unreadable_answer' },
      { status, scope, platformMessage: 'the answer is not JSON' },
    );
  }
  const failure = classify(status, body, retryAfter, scope);
  if (failure) throw failure;
  return body;
}

function classify(
  status: number,
  body: Record<string, unknown>,
  retryAfter: number | undefined,
  scope: string,
): DingTalkApiError | undefined {
  const errcode = typeof body.errcode === 'number' ? body.errcode : undefined;
  const code =
    typeof body.code === 'string' ? body.code : errcode !== undefined ? String(errcode) : undefined;
  const message = stringOf(body.message) ?? stringOf(body.errmsg);
  const requestId = stringOf(body.requestid) ?? stringOf(body.request_id);
  const detail = { status, scope, platformCode: code, platformMessage: message, requestId };
  if (body.punish === 'deny') {
    const minutes = typeof body.wait === 'number' ? body.wait * 60_000 : IP_BAN_WAIT_MS;
    return new DingTalkApiError(
      'ip_ban',
      { kind: 'rate_limited', code: 'ip_ban', retryAfterMs: retryAfter ?? minutes, scope },
      detail,
    );
  }
  const failed = status >= 400 || (errcode !== undefined && errcode !== 0);
  if (!failed) return undefined;
  if (
    status === 429 ||
    code?.includes('QpsLimit') ||
    (errcode !== undefined && RATE_LIMIT_ERRCODES.has(errcode))
  ) {
    return new DingTalkApiError(
      'rate_limit',
      { kind: 'rate_limited', code: code ?? 'rate_limit', retryAfterMs: retryAfter ?? QPS_WAIT_MS, scope },
      detail,
    );
  }
  if (errcode === 90020 || code?.includes('ApiCountLimit')) {
    return new DingTalkApiError(
      'monthly_quota',
      {
        kind: 'rate_limited',
        code: code ?? 'monthly_quota',
        retryAfterMs: retryAfter ?? QUOTA_WAIT_MS,
        scope,
      },
      detail,
    );
  }
  if (
    status === 401 ||
    code === 'InvalidAuthentication' ||
    (errcode !== undefined && INVALID_TOKEN_ERRCODES.has(errcode))
  ) {
    // Transient: the API client refreshes the token and retries once; if a fresh token is refused
    // too, the outbox retries later rather than dropping the message.
    return new DingTalkApiError(
      'invalid_token',
      { kind: 'transient', code: code ?? 'invalid_token' },
      detail,
    );
  }
  if (status >= 500)
    return new DingTalkApiError('server', { kind: 'transient', code: code ?? `http_${status}` }, detail);
  return new DingTalkApiError(
    'platform',
    { kind: 'permanent', code: code ?? `http_${status}`, recognised: false },
    detail,
  );
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
