// Card latency, for the engine benchmark: the time from a click's answer (the listener's
// service.click committed, on the real Slack HTTP path) to the clicker's card update reaching the
// Slack stand-in, with the outbox dispatcher running in the same process as a replica would.
//
// Each click is matched to the first chat.update (or post) of the clicker's copy of that item's
// card (its channel and ts, read from card_message afterwards) that arrived after the answer.

import type { ClickInput } from '../src/features/workflow/workflow-service.ts';
import type { TestDatabase } from '../test/support/databases.ts';
import type { ClickFn } from './engine.ts';
import { type StandInMessage, startSlackPath } from './slack-path.ts';

export interface CardLatencyResult {
  /** Milliseconds from each applied click's answer to its card update at the stand-in. */
  latencies: number[];
  /** Applied clicks whose card update never arrived before the wait ran out. */
  missing: number;
  /** Clicks that did not apply. */
  notApplied: number;
}

/** How long to wait after the last click for the outbox to deliver the rest. */
const DRAIN_TIMEOUT_MS = 30_000;

export async function measureCardLatency(options: {
  test: TestDatabase;
  teamId: string;
  people: readonly string[];
  /** Starts instances to click on (their first cards are delivered before the clicks begin). */
  createInstances: (n: number) => Promise<string[]>;
  /** The clicks, in the order they are sent (bench/engine.ts's latency plan). */
  plan: (ids: string[]) => ClickInput[];
  instances: number;
  intervalMs: number;
  /** The engine benchmark's open-loop runner. */
  run: (clickFn: ClickFn, plan: ClickInput[], intervalMs: number) => Promise<unknown>;
}): Promise<CardLatencyResult> {
  const prisma = options.test.db.prisma;
  // Earlier phases left their rows undelivered on purpose; they are not part of this measurement.
  await prisma.outboxMessage.updateMany({ where: { status: 'pending' }, data: { status: 'sent' } });
  const slack = await startSlackPath({
    test: options.test,
    teamId: options.teamId,
    people: options.people,
    deliver: true,
  });
  try {
    const ids = await options.createInstances(options.instances);
    await waitForOutbox(options.test, DRAIN_TIMEOUT_MS);

    const answered: Array<{ input: ClickInput; sent: number; at: number }> = [];
    let notApplied = 0;
    const timedClick: ClickFn = async (input) => {
      const sent = performance.now();
      const outcome = await slack.clickFn(input);
      if (outcome.kind === 'applied') answered.push({ input, sent, at: performance.now() });
      else notApplied++;
      return outcome;
    };
    await options.run(timedClick, options.plan(ids), options.intervalMs);
    await waitForOutbox(options.test, DRAIN_TIMEOUT_MS);

    const copies = await prisma.cardMessage.findMany({ where: { instanceId: { in: ids } } });
    const copyOf = new Map(
      copies.map((c) => [`${c.instanceId}|${c.recipient}`, `${c.channelId}|${c.messageTs}`]),
    );
    const arrivals = new Map<string, number[]>();
    for (const message of slack.messages as StandInMessage[]) {
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
    return { latencies, missing, notApplied };
  } finally {
    await slack.stop();
  }
}

/** Waits until no outbox row is pending (or the timeout passes). */
async function waitForOutbox(test: TestDatabase, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if ((await test.db.prisma.outboxMessage.count({ where: { status: 'pending' } })) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
