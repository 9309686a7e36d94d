// What the benchmarks' click paths (bench/slack-path.ts, bench/dingtalk-path.ts) share: the
// workflow module on the bench's database, its people linked to made-up chat ids, and what a
// platform's listener hands the service matched to the request that caused it: a path sends a
// request (a signed Slack post, a DingTalk frame) and waits for the service call it leads to,
// keyed by what both sides know (an instance and its version, a title).

import { createWorkflowModule, type WorkflowModule } from '../src/bot.ts';
import type { ClickInput, ClickOutcome, WorkflowService } from '../src/features/workflow/workflow-service.ts';
import type { ChatPlatform } from '../src/org/chat-accounts.ts';
import { systemClock } from '../src/shared/clock.ts';
import { silentLogger, type TestDatabase } from '../test/support/databases.ts';

/** The workflow module as the bot builds it, on `test`'s database and the system clock. */
export function benchWorkflowModule(test: TestDatabase): WorkflowModule {
  return createWorkflowModule({
    db: test.db,
    logger: silentLogger,
    clock: systemClock,
    timeZone: 'Asia/Shanghai',
  });
}

/**
 * Links each person of `people` (the n-th of them to `idOf(n)`) on `platform`, replacing the
 * account they had there; answers each person's chat id.
 */
export async function linkPeople(
  test: TestDatabase,
  link: { platform: ChatPlatform; tenant: string; idOf: (n: number) => string },
  people: readonly string[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [n, personId] of people.entries()) {
    const externalId = link.idOf(n);
    ids.set(personId, externalId);
    await test.db.prisma.chatAccount.deleteMany({ where: { platform: link.platform, personId } });
    await test.db.prisma.chatAccount.create({
      data: { platform: link.platform, tenant: link.tenant, externalId, personId },
    });
  }
  return ids;
}

/** How long a request may take before it counts as lost (the listener never reached the service). */
export const LISTENER_TIMEOUT_MS = 15_000;

/** Waiters, one per key: see {@link ListenerWaiters.send} and {@link ListenerWaiters.observe}. */
export interface ListenerWaiters<T> {
  /** Hands `promise` (the service's own call for `key`) to its waiter, if any; returns it as is. */
  observe<P extends T>(key: string, promise: Promise<P>): Promise<P>;
  /**
   * Sends `request` and resolves with the outcome of the call `observe` sees for the same key;
   * fails when `request` fails, or when nothing comes within {@link LISTENER_TIMEOUT_MS}.
   */
  send(key: string, request: () => Promise<void>): Promise<T>;
}

export function listenerWaiters<T>(what = 'nothing reached the service'): ListenerWaiters<T> {
  type Waiter = { resolve: (value: T) => void; reject: (error: unknown) => void };
  const waiters = new Map<string, Waiter>();
  return {
    observe(key, promise) {
      const waiter = waiters.get(key);
      if (waiter) {
        waiters.delete(key);
        promise.then(waiter.resolve, waiter.reject);
      }
      return promise;
    },
    send(key, request) {
      const done = new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(key);
          reject(new Error(`${what} for ${key}`));
        }, LISTENER_TIMEOUT_MS);
        const settle =
          <V>(fn: (value: V) => void) =>
          (value: V) => {
            clearTimeout(timer);
            waiters.delete(key);
            fn(value);
          };
        waiters.set(key, { resolve: settle(resolve), reject: settle(reject) });
      });
      request().catch((error: unknown) => waiters.get(key)?.reject(error));
      return done;
    },
  };
}

/** The clicks a service's callers make, observed: `send` waits for the click on an instance at a version. */
export interface ClickWaiters {
  /** Sends `request` and resolves with the outcome of the service's click on `input`'s instance and version. */
  send(
    input: Pick<ClickInput, 'instanceId' | 'expectedVersion'>,
    request: () => Promise<void>,
  ): Promise<ClickOutcome>;
}

/**
 * Wraps `service.click` (on the service object itself, so every listener holding it goes through
 * the wrapper) to hand each click's outcome to the request waiting for that instance and version.
 */
export function watchClicks(service: WorkflowService): ClickWaiters {
  const clicks = listenerWaiters<ClickOutcome>();
  const keyOf = (input: Pick<ClickInput, 'instanceId' | 'expectedVersion'>) =>
    `${input.instanceId}@${input.expectedVersion}`;
  const click = service.click.bind(service);
  service.click = (input) => clicks.observe(keyOf(input), click(input));
  return { send: (input, request) => clicks.send(keyOf(input), request) };
}

/** The starts a service's callers make, observed: `send` waits for the start with a title. */
export interface StartWaiters {
  /** Sends `request` and resolves with the instance the service's start titled `title` made. */
  send(title: string, request: () => Promise<void>): Promise<{ id: string }>;
}

/**
 * Wraps `service.start` (on the service object itself, as {@link watchClicks} does) to hand each
 * start's instance to the request waiting for its title. Titles must be unique among the starts
 * in flight.
 */
export function watchStarts(service: WorkflowService): StartWaiters {
  const starts = listenerWaiters<{ id: string }>();
  const start = service.start.bind(service);
  service.start = (input) => starts.observe(input.title ?? '', start(input));
  return { send: (title, request) => starts.send(title, request) };
}
