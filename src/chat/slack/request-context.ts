import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { InFlightTracker } from '../../http/server.ts';
import type { Actor, ChatIdentity } from '../../org/chat-accounts.ts';
import { DEFAULT_LOCALE, type Locale } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import type { SlackIdentityLookup } from './slack-accounts.ts';

/** What our global middleware adds to Bolt's `context` for every listener. */
export type SlackRequestContext = {
  /** This request's logger: every line carries teamId, userId and requestId. */
  log: Logger;
  /** Slack's event_id or trigger_id when there is one, else a random id. */
  requestId: string;
  /** The user's language, looked up once per request and only when a listener asks. */
  locale: () => Promise<Locale>;
  /**
   * The directory person acting, or null for a Slack user linked to nobody in the organisation
   * file: looked up once per request, in the same query as the locale.
   */
  actor: () => Promise<Actor | null>;
};

export interface RequestContextOptions {
  logger: Logger;
  tracker: InFlightTracker;
  identityOf: SlackIdentityLookup;
  /**
   * Longest wait for `identityOf` before falling back to Chinese. Commands must be acknowledged
   * within 3 s and the help is sent in the acknowledgement (default 1000).
   */
  localeTimeoutMs?: number;
}

const DEFAULT_LOCALE_TIMEOUT_MS = 1000;

/**
 * Global middleware: one child logger per request, the acting person and their locale on demand,
 * and in-flight accounting so a graceful stop waits for listeners that have already acknowledged.
 */
export function requestContextMiddleware(
  options: RequestContextOptions,
): Middleware<AnyMiddlewareArgs, SlackRequestContext> {
  return async ({ body, context, next }) => {
    const done = options.tracker.begin();
    try {
      const requestId = requestIdOf(body);
      const teamId = context.teamId;
      const userId = context.userId;
      const log = options.logger.child({
        requestId,
        teamId,
        userId,
        ...(context.enterpriseId ? { enterpriseId: context.enterpriseId } : {}),
        ...(context.retryNum ? { retryNum: context.retryNum } : {}),
      });
      context.log = log;
      context.requestId = requestId;
      let identity: Promise<ChatIdentity> | undefined;
      const identityOnce = () => {
        identity ??= teamId && userId ? options.identityOf(teamId, userId) : Promise.resolve(STRANGER);
        return identity;
      };
      let locale: Promise<Locale> | undefined;
      context.locale = () => {
        locale ??= resolveLocale(options, identityOnce(), log);
        return locale;
      };
      context.actor = async () => (await identityOnce()).actor;
      log.debug({ kind: kindOf(body) }, 'Slack request received');
      await next();
    } finally {
      done();
    }
  };
}

/** Slack's id for this request: the Events API envelope's event_id, else the trigger_id. */
export function requestIdOf(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    if (typeof record.event_id === 'string' && record.event_id) return record.event_id;
    if (typeof record.trigger_id === 'string' && record.trigger_id) return record.trigger_id;
  }
  return randomUUID();
}

function kindOf(body: unknown): string {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof record.command === 'string') return 'command';
  if (record.type === 'event_callback') {
    const event = record.event as Record<string, unknown> | undefined;
    return `event:${typeof event?.type === 'string' ? event.type : 'unknown'}`;
  }
  return typeof record.type === 'string' ? record.type : 'unknown';
}

/** A request without a user (or team) is nobody's: answered in Chinese, acting as no one. */
const STRANGER: ChatIdentity = { actor: null, locale: DEFAULT_LOCALE };

async function resolveLocale(
  options: RequestContextOptions,
  identity: Promise<ChatIdentity>,
  log: Logger,
): Promise<Locale> {
  const timeoutMs = options.localeTimeoutMs ?? DEFAULT_LOCALE_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([identity, timedOut]);
    if (outcome === 'timeout') {
      log.warn({ timeoutMs }, 'locale lookup timed out; answering in Chinese');
      return DEFAULT_LOCALE;
    }
    return outcome.locale;
  } catch (error) {
    log.warn({ err: error }, 'locale lookup failed; answering in Chinese');
    return DEFAULT_LOCALE;
  } finally {
    clearTimeout(timer);
  }
}
