import { describe, expect, it, vi } from 'vitest';
import { asActor } from '../../src/chat/slack/actor.ts';
import { requestContextMiddleware, type SlackRequestContext } from '../../src/chat/slack/request-context.ts';
import { InFlightTracker } from '../../src/http/server.ts';
import type { ChatIdentity } from '../../src/org/chat-accounts.ts';
import { captureLogs } from '../support/logs.ts';

type MiddlewareArgs = Parameters<ReturnType<typeof requestContextMiddleware>>[0];

/** Runs the middleware for one request of `userId`; `listener` gets the context it filled in. */
async function runRequest(
  identityOf: (teamId: string, userId: string) => Promise<ChatIdentity>,
  listener: (context: SlackRequestContext) => Promise<void>,
  userId: string | null = 'U0WANG',
): Promise<void> {
  const logger = captureLogs().logger;
  const middleware = requestContextMiddleware({
    logger,
    tracker: new InFlightTracker(),
    identityOf,
    localeTimeoutMs: 50,
  });
  // What Bolt puts in the context, and placeholders the middleware replaces.
  const context: MiddlewareArgs['context'] = {
    isEnterpriseInstall: false,
    teamId: 'T0OFFICE',
    ...(userId ? { userId } : {}),
    log: logger,
    requestId: '',
    locale: async () => 'zh',
    actor: async () => null,
  };
  const args = {
    body: { type: 'block_actions', trigger_id: '1.2.3' },
    context,
    next: () => listener(context),
  } as MiddlewareArgs;
  await middleware(args);
}

const wang: ChatIdentity = { actor: { personId: 'wang-fang', locale: 'en' }, locale: 'en' };

describe('the request context: who is acting', () => {
  it('looks the user up once for both the acting person and the locale', async () => {
    const identityOf = vi.fn(async () => wang);
    await runRequest(identityOf, async (context) => {
      expect(await context.locale()).toBe('en');
      expect(await context.actor()).toEqual({ personId: 'wang-fang', locale: 'en' });
      expect(await context.actor()).toEqual({ personId: 'wang-fang', locale: 'en' });
    });
    expect(identityOf).toHaveBeenCalledTimes(1);
    expect(identityOf).toHaveBeenCalledWith('T0OFFICE', 'U0WANG');
  });

  it('looks nobody up when no listener asks, or when the request has no user', async () => {
    const identityOf = vi.fn(async () => wang);
    await runRequest(identityOf, async () => {});
    await runRequest(
      identityOf,
      async (context) => {
        expect(await context.actor()).toBeNull();
        expect(await context.locale()).toBe('zh');
      },
      null,
    );
    expect(identityOf).not.toHaveBeenCalled();
  });

  it('answers in Chinese when the lookup is slow, and still waits for the acting person', async () => {
    let release!: (identity: ChatIdentity) => void;
    const slow = new Promise<ChatIdentity>((resolve) => {
      release = resolve;
    });
    await runRequest(
      () => slow,
      async (context) => {
        expect(await context.locale()).toBe('zh');
        const actor = context.actor();
        release(wang);
        expect(await actor).toEqual({ personId: 'wang-fang', locale: 'en' });
      },
    );
  });

  it('hands a failed lookup to the listener that asks who is acting', async () => {
    await runRequest(
      async () => {
        throw new Error('database unreachable');
      },
      async (context) => {
        expect(await context.locale()).toBe('zh');
        await expect(context.actor()).rejects.toThrow('database unreachable');
      },
    );
  });
});

describe('asActor', () => {
  const contextOf = (identity: ChatIdentity) => ({
    actor: async () => identity.actor,
    locale: async () => identity.locale,
  });

  it('runs the work as the person behind the request', async () => {
    const answer = vi.fn((text: string) => text);
    expect(await asActor(contextOf(wang), answer, async (actor) => `done by ${actor.personId}`)).toBe(
      'done by wang-fang',
    );
    expect(answer).not.toHaveBeenCalled();
  });

  it('answers a user linked to nobody with the not-linked text in their language, and does no work', async () => {
    const work = vi.fn(async () => 'done');
    expect(await asActor(contextOf({ actor: null, locale: 'en' }), (text) => text, work)).toBe(
      'Your Slack account is not linked to the office directory yet. Ask the office to add your slack_user_id.',
    );
    expect(await asActor(contextOf({ actor: null, locale: 'zh' }), (text) => text, work)).toContain(
      '你的 Slack 账号还没有关联到单位通讯录',
    );
    expect(work).not.toHaveBeenCalled();
  });
});
