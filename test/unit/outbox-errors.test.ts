import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { classifySlackError } from '../../src/chat/slack/slack-errors.ts';
import { exponentialBackoff } from '../../src/outbox/backoff.ts';
import { classifyDeliveryError, DeliveryError } from '../../src/outbox/delivery.ts';

function platformError(error: string) {
  return new webApi.WebAPIPlatformError({ ok: false, error });
}

function networkError(code: string) {
  return Object.assign(new Error(`connect ${code}`), { code });
}

describe('classifySlackError', () => {
  it('turns a 429 into a rate limit of exactly Retry-After on that method', () => {
    expect(classifySlackError(new webApi.WebAPIRateLimitedError(30), 'chat.postMessage')).toEqual({
      kind: 'rate_limited',
      code: 'ratelimited',
      retryAfterMs: 30_000,
      scope: 'chat.postMessage',
    });
  });

  it.each([
    'internal_error',
    'fatal_error',
    'service_unavailable',
    'request_timeout',
    'ratelimited',
    'team_added_to_org',
  ])('retries the platform error %s', (error) => {
    expect(classifySlackError(platformError(error), 'chat.update')).toEqual({
      kind: 'transient',
      code: error,
    });
  });

  it.each([
    'channel_not_found',
    'invalid_blocks',
    'msg_too_long',
    'msg_blocks_too_long',
    'not_in_channel',
    'is_archived',
    'user_not_found',
    'invalid_auth',
    'account_inactive',
    'message_not_found',
    'cant_update_message',
    'invalid_arguments',
    'hash_conflict',
  ])('does not retry the platform error %s', (error) => {
    expect(classifySlackError(platformError(error), 'chat.postMessage')).toEqual({
      kind: 'permanent',
      code: error,
      recognised: true,
    });
  });

  it('does not retry a platform error it has no rule for, and says so', () => {
    expect(classifySlackError(platformError('brand_new_error'), 'chat.postMessage')).toEqual({
      kind: 'permanent',
      code: 'brand_new_error',
      recognised: false,
    });
  });

  it.each([
    [500, 'transient'],
    [502, 'transient'],
    [503, 'transient'],
    [504, 'transient'],
    [408, 'transient'],
    [404, 'permanent'],
    [400, 'permanent'],
  ])('treats HTTP %i as %s', (status, kind) => {
    const error = new webApi.WebAPIHTTPError(status, 'status', {}, '');
    expect(classifySlackError(error, 'chat.postMessage')).toMatchObject({ kind, code: `http_${status}` });
  });

  it.each([
    ['ECONNRESET', 'ECONNRESET'],
    ['ECONNREFUSED', 'ECONNREFUSED'],
    ['EAI_AGAIN', 'EAI_AGAIN'],
  ])('retries a request that failed with %s', (code, expected) => {
    const fetchFailed = new TypeError('fetch failed', { cause: networkError(code) });
    expect(classifySlackError(new webApi.WebAPIRequestError(fetchFailed), 'chat.postMessage')).toEqual({
      kind: 'transient',
      code: expected,
    });
  });

  it("retries a request the client's timeout aborted", () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classifySlackError(new webApi.WebAPIRequestError(timeout), 'chat.update')).toEqual({
      kind: 'transient',
      code: 'timeout',
    });
  });

  it('retries a 429 that came without a usable Retry-After', () => {
    const error = new Error(
      'Retry header did not contain a valid timeout (url: http://slack.test/api/chat.postMessage, retry-after header: null)',
    );
    expect(classifySlackError(error, 'chat.postMessage')).toEqual({
      kind: 'transient',
      code: 'ratelimited_without_retry_after',
    });
  });

  it('does not retry an error that is none of the above', () => {
    expect(classifySlackError(new TypeError('blocks.map is not a function'), 'chat.postMessage')).toEqual({
      kind: 'permanent',
      code: 'unexpected_error',
      recognised: false,
    });
  });
});

describe('classifyDeliveryError', () => {
  it('keeps the class a platform adapter gave', () => {
    const error = new DeliveryError({
      kind: 'rate_limited',
      code: 'ratelimited',
      retryAfterMs: 5000,
      scope: 'm',
    });
    expect(classifyDeliveryError(error)).toEqual({
      kind: 'rate_limited',
      code: 'ratelimited',
      retryAfterMs: 5000,
      scope: 'm',
    });
  });

  it('retries network failures found anywhere in the cause chain', () => {
    const error = new Error('delivery failed', {
      cause: new TypeError('fetch failed', { cause: networkError('ECONNRESET') }),
    });
    expect(classifyDeliveryError(error)).toEqual({ kind: 'transient', code: 'ECONNRESET' });
  });

  it('fails anything unknown for good rather than retrying it forever', () => {
    expect(classifyDeliveryError(new Error('bug'))).toEqual({
      kind: 'permanent',
      code: 'unexpected_error',
      recognised: false,
    });
    expect(classifyDeliveryError('a string')).toMatchObject({ kind: 'permanent' });
  });
});

describe('exponentialBackoff', () => {
  it('doubles from the base up to the cap, with the upper half random', () => {
    const longest = exponentialBackoff({ baseMs: 1000, maxMs: 300_000, random: () => 1 });
    const shortest = exponentialBackoff({ baseMs: 1000, maxMs: 300_000, random: () => 0 });

    expect([1, 2, 3, 4, 9, 10, 50].map(longest)).toEqual([1000, 2000, 4000, 8000, 256_000, 300_000, 300_000]);
    expect([1, 2, 3, 10].map(shortest)).toEqual([500, 1000, 2000, 150_000]);
  });

  it('stays finite after any number of attempts', () => {
    const backoff = exponentialBackoff({ random: () => 0.5 });
    expect(backoff(10_000)).toBe(225_000);
    expect(backoff(0)).toBe(750);
  });
});
