// Which Slack Web API failures are worth retrying. The client (@slack/web-api, built with
// buildWebClientOptions: rejectRateLimitedCalls) throws one of its coded errors for every failure.

import { webApi } from '@slack/bolt';
import { type DeliveryErrorClass, findNetworkCode } from '../../outbox/delivery.ts';

/** Platform errors (`ok: false`) that mean Slack, not the request, failed: retry with backoff. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  // A rate limit reported in the body, without a Retry-After header to honour.
  'ratelimited',
  'rate_limited',
  // "The workspace is being migrated; retry later" (Slack's wording).
  'team_added_to_org',
]);

/**
 * Platform errors known to be permanent for the request as sent: retrying the same payload gets
 * the same answer. Listed so the log can tell them from errors we have no rule for (also
 * permanent, but logged as unrecognised).
 */
const PERMANENT_PLATFORM_ERRORS = new Set([
  // where
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'user_not_found',
  'users_not_found',
  'user_not_visible',
  'user_disabled',
  'cannot_dm_bot',
  'not_enough_users',
  'too_many_users',
  'message_not_found',
  'not_found',
  'cant_update_message',
  'edit_window_closed',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
  // what
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_arguments',
  'invalid_arg_name',
  'invalid_array_arg',
  'invalid_charset',
  'invalid_form_data',
  'invalid_post_type',
  'missing_post_type',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'hash_conflict',
  'view_too_large',
  'duplicate_external_id',
  'method_deprecated',
  'deprecated_endpoint',
  // who
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'ekm_access_denied',
  'as_user_not_supported',
  'accesslimited',
]);

/** What @slack/web-api throws when a 429 carries no usable Retry-After (a plain Error). */
const RATE_LIMIT_WITHOUT_HEADER = /Retry header did not contain a valid timeout/;

/**
 * Classifies an error thrown by a Web API call to `method`. A 429 pauses exactly that method
 * (`scope`): Slack's rate limits are per method, per workspace.
 */
export function classifySlackError(error: unknown, method: string): DeliveryErrorClass {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case webApi.ErrorCode.RateLimitedError: {
      const seconds = (error as { retryAfter?: unknown }).retryAfter;
      if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) {
        return { kind: 'rate_limited', code: 'ratelimited', retryAfterMs: seconds * 1000, scope: method };
      }
      return { kind: 'transient', code: 'ratelimited' };
    }
    case webApi.ErrorCode.PlatformError: {
      const platformError = (error as { data?: { error?: unknown } }).data?.error;
      const name =
        typeof platformError === 'string' && platformError !== '' ? platformError : 'unknown_error';
      if (TRANSIENT_PLATFORM_ERRORS.has(name)) return { kind: 'transient', code: name };
      return { kind: 'permanent', code: name, recognised: PERMANENT_PLATFORM_ERRORS.has(name) };
    }
    case webApi.ErrorCode.HTTPError: {
      // Slack's Web API answers 200 or 429; anything else came from Slack's edge or a proxy.
      const status = (error as { statusCode?: unknown }).statusCode;
      const statusCode = typeof status === 'number' ? status : 0;
      if (statusCode >= 500 || statusCode === 408) {
        return { kind: 'transient', code: `http_${statusCode}` };
      }
      return { kind: 'permanent', code: `http_${statusCode}`, recognised: true };
    }
    case webApi.ErrorCode.RequestError:
      // The request did not complete: connection refused or reset, DNS, the client's timeout.
      return {
        kind: 'transient',
        code: findNetworkCode((error as { original?: unknown }).original) ?? 'request_error',
      };
    default:
      break;
  }
  if (error instanceof Error && RATE_LIMIT_WITHOUT_HEADER.test(error.message)) {
    return { kind: 'transient', code: 'ratelimited_without_retry_after' };
  }
  const network = findNetworkCode(error);
  if (network !== undefined) return { kind: 'transient', code: network };
  return { kind: 'permanent', code: 'unexpected_error', recognised: false };
}
