// Card latency, for the engine benchmark: the time from a click's answer (the listener's
// service.click committed, on the real Slack HTTP path) to the clicker's card update reaching the
// Slack stand-in, with the outbox dispatcher running in the same process as a replica would. The
// clicks are driven by the caller: an open loop at a steady rate (card_p99_ms) or closed-loop
// clickers on many approvals at once (flood_card_p99_ms).
//
// Each click is matched to the first chat.update (or post) of the clicker's copy of that item's
// card (its channel and ts, read from card_message afterwards) that arrived after the answer.

import type { ClickInput } from '../src/features/workflow/workflow-service.ts';
import type { TestDatabase } from '../test/support/databases.ts';
import { withSlackRef } from '../test/support/slack.ts';
import type { ClickFn } from './engine.ts';
import { type SlackPath, startSlackPath } from './slack-path.ts';

export interface CardLatencyResult {
  /** Milliseconds from each applied click's answer to its card update at the stand-in. */
  latencies: number[];
  /** Applied clicks whose card update never arrived before the wait ran out. */
  missing: number;
  /** Clicks that did not apply. */
  notApplied: number;
  /** Outbox rows still pending when the wait after the last click ran out (0: everything delivered). */
  pending: number;
}

/** How long to wait after the last click for the outbox to deliver the rest. */
export const DRAIN_TIMEOUT_MS = 30_000;

export interface DeliveryOptions {
  test: TestDatabase;
  teamId: string;
  people: readonly string[];
}

/**
 * Runs `body` on the Slack path with the outbox dispatcher delivering to the stand-in. Rows that
 * earlier phases left pending (written with no dispatcher running) are marked sent first: they
 * are not part of this phase, and no phase after it finds its rows pending either once `body`
 * has waited for the outbox ({@link waitForOutbox}).
 */
export async function withDelivery<T>(
  options: DeliveryOptions,
  body: (slack: SlackPath) => Promise<T>,
): Promise<T> {
  await options.test.db.prisma.outboxMessage.updateMany({
    where: { status: 'pending' },
    data: { status: 'sent' },
  });
  const slack = await startSlackPath({ ...options, deliver: true });
  try {
    return await body(slack);
  } finally {
    await slack.stop();
  }
}

export async function measureCardLatency(
  options: DeliveryOptions & {
    /** Starts instances to click on (their first cards are delivered before the clicks begin). */
    createInstances: (n: number) => Promise<string[]>;
    instances: number;
    /** Sends the clicks on `ids` through `clickFn` (which times each). */
    drive: (clickFn: ClickFn, ids: string[]) => Promise<unknown>;
    drainTimeoutMs?: number;
  },
): Promise<CardLatencyResult> {
  const drainMs = options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS;
  return withDelivery(options, async (slack) => {
    const ids = await options.createInstances(options.instances);
    await waitForOutbox(options.test, drainMs);

    const answered: Array<{ input: ClickInput; sent: number; at: number }> = [];
    let notApplied = 0;
    const timedClick: ClickFn = async (input) => {
      const sent = performance.now();
      const outcome = await slack.clickFn(input);
      if (outcome.kind === 'applied') answered.push({ input, sent, at: performance.now() });
      else notApplied++;
      return outcome;
    };
    await options.drive(timedClick, ids);
    const pending = await waitForOutbox(options.test, drainMs);

    const copies = await options.test.db.prisma.cardMessage.findMany({ where: { instanceId: { in: ids } } });
    const copyOf = new Map(copies.map((c) => [`${c.instanceId}|${c.recipient}`, slackRefKey(c.messageRef)]));
    const arrivals = new Map<string, number[]>();
    for (const message of slack.messages) {
      const key = `${message.channel}|${message.ts}`;
      arrivals.set(key, [...(arrivals.get(key) ?? []), message.at]);
    }
    const latencies: number[] = [];
    let missing = 0;
    for (const { input, sent, at } of answered) {
      const copy = copyOf.get(`${input.instanceId}|${input.actorPersonId}`);
      // The first message of the copy after the click left: the update can only follow the commit,
      // but may come in before this process has noticed the answer (then it counts as 0 ms).
      const arrived = copy === undefined ? undefined : arrivals.get(copy)?.find((t) => t >= sent);
      if (arrived === undefined) missing++;
      else latencies.push(Math.max(0, arrived - at));
    }
    return { latencies, missing, notApplied, pending };
  });
}

/** Waits until no outbox row is pending (or the timeout passes); returns how many still are. */
export async function waitForOutbox(test: TestDatabase, timeoutMs: number): Promise<number> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const pending = await test.db.prisma.outboxMessage.count({ where: { status: 'pending' } });
    if (pending === 0 || performance.now() >= until) return pending;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `channel|ts` of a Slack card copy's recorded reference. */
export function slackRefKey(messageRef: unknown): string {
  const { channelId, messageTs } = withSlackRef({ messageRef });
  return `${channelId}|${messageTs}`;
}
