// Outbox economy, for the engine benchmark (issue 19): the outbox rows written and the Web API
// calls that reach the Slack stand-in per completed three-step generic approval, through the real
// Slack HTTP path with the outbox dispatcher running, next to what the aim allows for the
// same flow: "at most 1 post per new card copy, 1 update per live copy per transition, 1 notice
// per event and 1 App Home publish per person per second".
//
// What it models: a few items moving through one office at once. `lanes` requesters' streams run
// side by side (the example organisation has one drafter and one person per approval step, so
// every item involves the same four people, whose App Homes all items change); in each lane an
// item is started with the signed `/doc approve <title>` command, then each of the three
// approvers submits their opinion a think time of 1–3 s after the previous step was answered (a
// person who has the card open and types a short opinion; longer than the 1 s App Home window,
// so one item's own redraws do not coalesce for free), and the lane's next item starts when the
// last step is answered. Think times come from a fixed seed, so runs are comparable. The approve
// button's form opening (views.open) is not sent: the submission commits, as in the latency phase.

import { seededRandom } from '../src/domain/archive/title-generator.ts';
import type { ClickInput } from '../src/features/workflow/workflow-service.ts';
import {
  type DeliveryOptions,
  DRAIN_TIMEOUT_MS,
  slackRefKey,
  waitForOutbox,
  withDelivery,
} from './card-latency.ts';

export interface EconomyOptions extends DeliveryOptions {
  /** Who starts every item (the first of `people`). */
  requester: string;
  /** Who approves steps 1, 2 and 3. */
  approvers: readonly string[];
  /** The approve of `step` (0-based) on `instanceId`. */
  click: (instanceId: string, step: number) => ClickInput;
  approvals: number;
  lanes: number;
}

export interface EconomyResult {
  approvals: number;
  /** From the first start to the end of the drain. */
  seconds: number;
  /** Rows written in the phase, by kind; card.sync split into `post` (a new copy) and `update`. */
  rows: Record<string, number>;
  /** Calls the stand-in answered, by method (auth.test, the runtime's start-up check, left out). */
  calls: Record<string, number>;
  /** chat.postMessage calls that posted a card copy (the rest are notices). */
  cardPosts: number;
  /** What the aim allows for the whole run, by method. */
  allowed: Record<string, number>;
  /** Transitions that changed someone's App Home lists, summed over people (no per-second folding). */
  homeChanges: number;
  /** App Home publishes less than 1 s after the previous one to the same person, and the shortest such gap (ms). */
  publishesUnderOneSecond: number;
  shortestPublishGapMs: number;
  rowsPerApproval: number;
  /** Web API calls per approval (response_url, the command's own answer, left out). */
  callsPerApproval: number;
}

/** The think time between two steps of one item, in ms. */
const THINK_MS = { min: 1000, max: 3000 };

/** What the aim allows at each transition of one item: k = 0 is the start, k = 1..n the approves. */
interface Allowance {
  posts: number;
  updates: number;
  notices: number;
  /** The people whose App Home lists the transition changes. */
  homes: string[];
}

/**
 * The aim applied to the generic approval, from who holds a copy of its card: after the start the
 * requester and the first approver; each approve brings the next approver in; nobody leaves.
 * - posts: one per copy new at the transition;
 * - updates: one per copy that was already live (every copy shows the status and the opinions);
 * - notices: one event with a notice of its own, the requester's "approved" at the end;
 * - App Home: the requester's 我发起的 row changes at every transition; an approver's 待我办理
 *   gains the item when their step starts and loses it when they approve; at the end the item
 *   comes into everyone's 近期办结. The per-second part is applied over the run (see below).
 */
export function allowancePerTransition(requester: string, approvers: readonly string[]): Allowance[] {
  const holdersAfter = (k: number) => [
    requester,
    ...approvers.slice(0, Math.min(k, approvers.length - 1) + 1),
  ];
  return Array.from({ length: approvers.length + 1 }, (_, k) => {
    const before = k === 0 ? [] : holdersAfter(k - 1);
    const after = holdersAfter(k);
    const finished = k === approvers.length;
    const homes = new Set([requester]);
    if (k > 0) homes.add(approvers[k - 1] as string);
    if (!finished) homes.add(approvers[k] as string);
    if (finished) for (const person of after) homes.add(person);
    return {
      posts: after.length - before.length,
      updates: before.length,
      notices: finished ? 1 : 0,
      homes: [...homes],
    };
  });
}

export async function measureOutboxEconomy(options: EconomyOptions): Promise<EconomyResult> {
  const prisma = options.test.db.prisma;
  const plan = allowancePerTransition(options.requester, options.approvers);
  return withDelivery(options, async (slack) => {
    const last = await prisma.outboxMessage.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
    const watermark = last?.id ?? 0n;
    const random = seededRandom(19);
    const think = () => sleep(THINK_MS.min + random() * (THINK_MS.max - THINK_MS.min));
    /** When each transition was answered, and what the aim allows for it. */
    const transitions: Array<{ at: number; allowance: Allowance }> = [];
    const ids: string[] = [];
    let next = 0;
    const t0 = performance.now();

    const lane = async (n: number) => {
      // Lanes start spread over one mean think time, not in lockstep.
      await sleep((n * (THINK_MS.min + THINK_MS.max)) / 2 / options.lanes);
      while (next < options.approvals) {
        const item = ++next;
        const id = await slack.startFn(options.requester, `关于采购防汛物资的请示（第${item}件）`);
        ids.push(id);
        transitions.push({ at: performance.now(), allowance: plan[0] as Allowance });
        for (let step = 0; step < options.approvers.length; step++) {
          await think();
          const outcome = await slack.clickFn(options.click(id, step));
          if (outcome.kind !== 'applied')
            throw new Error(`outbox economy: step ${step + 1} was ${outcome.kind}`);
          transitions.push({ at: performance.now(), allowance: plan[step + 1] as Allowance });
        }
      }
    };
    await Promise.all(Array.from({ length: options.lanes }, (_, n) => lane(n)));
    const pending = await waitForOutbox(options.test, DRAIN_TIMEOUT_MS);
    if (pending > 0) throw new Error(`outbox economy: ${pending} outbox rows still pending after the drain`);
    const seconds = (performance.now() - t0) / 1000;

    const done = await prisma.workflowInstance.count({ where: { id: { in: ids }, status: 'approved' } });
    if (done !== options.approvals)
      throw new Error(`outbox economy: ${done} of ${options.approvals} approvals completed`);

    const written = await prisma.outboxMessage.findMany({
      where: { id: { gt: watermark } },
      select: { kind: true, orderingKey: true },
    });
    const rows: Record<string, number> = {};
    for (const row of written) {
      const kind =
        row.kind === 'card.sync'
          ? `card.sync ${row.orderingKey.startsWith('card:') ? 'update' : 'post'}`
          : row.kind;
      rows[kind] = (rows[kind] ?? 0) + 1;
    }
    const { 'auth.test': _startUp, ...calls } = slack.apiCalls;
    const copies = await prisma.cardMessage.findMany({ where: { instanceId: { in: ids } } });
    const copyKeys = new Set(copies.map((c) => slackRefKey(c.messageRef)));
    const cardPosts = slack.messages.filter(
      (m) => m.method === 'chat.postMessage' && copyKeys.has(`${m.channel}|${m.ts}`),
    ).length;

    // "1 App Home publish per person per second": each person's list changes folded into one per
    // second of the run (counted from the first start) in which any came.
    const homeSeconds = new Map<string, Set<number>>();
    let homeChanges = 0;
    for (const { at, allowance } of transitions) {
      for (const person of allowance.homes) {
        homeChanges++;
        const set = homeSeconds.get(person) ?? new Set<number>();
        set.add(Math.floor((at - t0) / 1000));
        homeSeconds.set(person, set);
      }
    }
    const sum = (f: (a: Allowance) => number) => transitions.reduce((s, t) => s + f(t.allowance), 0);
    const posts = sum((a) => a.posts);
    const allowed = {
      'chat.postMessage': posts + sum((a) => a.notices),
      'chat.update': sum((a) => a.updates),
      'views.publish': [...homeSeconds.values()].reduce((s, set) => s + set.size, 0),
      // The delivery opens each person's DM once and remembers it (per process).
      'conversations.open': new Set([options.requester, ...options.approvers]).size,
    };

    const lastPublish = new Map<string, number>();
    let publishesUnderOneSecond = 0;
    let shortestPublishGapMs = Number.POSITIVE_INFINITY;
    for (const { user, at } of [...slack.publishes].sort((a, b) => a.at - b.at)) {
      const previous = lastPublish.get(user);
      if (previous !== undefined) {
        if (at - previous < 1000) publishesUnderOneSecond++;
        shortestPublishGapMs = Math.min(shortestPublishGapMs, at - previous);
      }
      lastPublish.set(user, at);
    }

    const webApiCalls = Object.entries(calls)
      .filter(([method]) => method !== 'response_url')
      .reduce((s, [, n]) => s + n, 0);
    return {
      approvals: options.approvals,
      seconds,
      rows,
      calls,
      cardPosts,
      allowed,
      homeChanges,
      publishesUnderOneSecond,
      shortestPublishGapMs,
      rowsPerApproval: written.length / options.approvals,
      callsPerApproval: webApiCalls / options.approvals,
    };
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
