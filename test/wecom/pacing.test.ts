// Pacing of WeCom messages to one person, through the real dispatcher and the stand-in (which,
// like WeCom, drops what goes over 30 a minute or 1,000 an hour without an error): a burst of 50
// 督办 reminders arrives complete and in order, never more than 30 in a minute; with a smaller
// hourly cap the rest wait for the hour; a token WeCom revokes mid-burst is fetched anew once and
// nothing is sent twice or late. Time is a fake clock the test moves to the next row due.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MemberLimits, memberScope } from '../../src/chat/wecom/pacing.ts';
import { startWeComStandIn, type WeComStandIn } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { WECOM_PLATFORM } from '../../src/chat/wecom/wecom-delivery.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import { INSTALLATION_TENANT } from '../../src/org/chat-accounts.ts';
import { createOutboxDispatcher } from '../../src/outbox/dispatcher.ts';
import { OUTBOX_KINDS } from '../../src/outbox/intents.ts';
import { personConversationKey } from '../../src/outbox/outbox-message.ts';
import { enqueueOutbox } from '../../src/outbox/outbox-repository.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { weComDeliveryOn, wordsOf } from '../support/wecom.ts';
import { EXAMPLE, loadExampleOrg, testWorkflowService } from '../support/workflow.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The person the reminders go to, and their WeCom userid. */
const LEADER = EXAMPLE.supervisingLeader;
const LEADER_USER = 'WangZhenhua';

describe.each(databaseKinds)('WeCom pacing on %s', (kind) => {
  let t: TestDatabase;
  let standIn: WeComStandIn;
  let instanceId: string;
  const clock = new FakeClock('2026-12-01T01:00:00Z');

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    await t.db.prisma.chatAccount.create({
      data: {
        personId: LEADER,
        platform: WECOM_PLATFORM,
        tenant: INSTALLATION_TENANT,
        externalId: LEADER_USER,
      },
    });
    const service = testWorkflowService(t, clock);
    instanceId = (
      await service.start({
        definitionId: GENERIC_APPROVAL.id,
        requesterPersonId: EXAMPLE.drafter,
        workspaceId: null,
        title: '关于防汛物资的请示',
        secrecy: 'internal',
        urgency: 'urgent',
      })
    ).id;
    standIn = await startWeComStandIn({ now: () => clock.now().getTime() });
  }, 60_000);
  afterAll(async () => {
    await standIn?.close();
    await t?.cleanup();
  });
  beforeEach(async () => {
    await t.db.prisma.outboxMessage.deleteMany();
  });

  /** A dispatcher over the WeCom delivery, with the given caps. */
  function dispatcherWith(memberLimits?: MemberLimits) {
    const delivery = weComDeliveryOn(standIn, t.db.prisma, clock, memberLimits ? { memberLimits } : {});
    const dispatcher = createOutboxDispatcher({ prisma: t.db.prisma, delivery, clock, logger: silentLogger });
    return { delivery, dispatcher };
  }

  /** 50 督办 reminders to the leader, each naming how many working days late (1…50), in one commit. */
  async function burst(count: number): Promise<void> {
    await enqueueOutbox(
      t.db.prisma,
      Array.from({ length: count }, (_, i) => ({
        orderingKey: personConversationKey(LEADER),
        kind: OUTBOX_KINDS.chaseRemind,
        payload: {
          personId: LEADER,
          instanceId,
          kind: 'escalation' as const,
          assigneeId: EXAMPLE.deptHead,
          daysLate: i + 1,
        },
      })),
      clock.now(),
    );
  }

  /** Runs the dispatcher until the outbox is empty, moving the clock on to each next row waiting. */
  async function deliverAll(dispatcher: ReturnType<typeof dispatcherWith>['dispatcher']): Promise<void> {
    for (let round = 0; round < 200; round++) {
      if ((await dispatcher.runOnce()).claimed > 0) continue;
      const next = await t.db.prisma.outboxMessage.findFirst({
        where: { status: 'pending', nextAttemptAt: { gt: clock.now() } },
        orderBy: { nextAttemptAt: 'asc' },
      });
      if (next === null) return;
      clock.set(next.nextAttemptAt);
    }
    throw new Error('the outbox did not empty');
  }

  /** The most messages in any window of `ms` (the stand-in's times). */
  const mostIn = (times: readonly number[], ms: number) =>
    Math.max(...times.map((start) => times.filter((time) => time >= start && time < start + ms).length));

  /**
   * Sends a burst of 50 reminders to the leader through the dispatcher until all are out; checks
   * that they all arrived, in order, none dropped, and answers when each came, from the start.
   */
  async function deliverBurst(memberLimits?: MemberLimits): Promise<number[]> {
    const { dispatcher } = dispatcherWith(memberLimits);
    const from = standIn.messagesTo(LEADER_USER).length;
    const start = clock.now().getTime();
    await burst(50);
    await deliverAll(dispatcher);
    const got = standIn.messagesTo(LEADER_USER).slice(from);
    const days = got.map((message) => Number(/已超期 (\d+) 个工作日/.exec(wordsOf(message))?.[1]));
    expect(days).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(standIn.dropped).toEqual([]);
    const rows = await t.db.prisma.outboxMessage.findMany({ where: { kind: OUTBOX_KINDS.chaseRemind } });
    expect(rows.every((row) => row.status === 'sent')).toBe(true);
    return got.map((message) => message.at - start);
  }

  it('delivers a burst of 50 reminders complete and in order, never more than 30 in a minute', async () => {
    const times = await deliverBurst();
    expect(mostIn(times, MINUTE)).toBe(30);
    // The first 30 at once, the other 20 when the first minute has passed.
    expect(times.slice(0, 30).every((time) => time === 0)).toBe(true);
    expect(times.slice(30).every((time) => time === MINUTE)).toBe(true);
  });

  it('keeps to a smaller hourly cap: the rest wait for the hour', async () => {
    clock.advance(2 * HOUR);
    const times = await deliverBurst({ perMinute: 30, perHour: 40 });
    expect(mostIn(times, HOUR)).toBe(40);
    expect(mostIn(times, MINUTE)).toBe(30);
    // 30 at once, 10 a minute later, the last 10 when the first 30 have left the hour.
    expect(times.slice(30, 40).every((time) => time === MINUTE)).toBe(true);
    expect(times.slice(40).every((time) => time === HOUR)).toBe(true);
  });

  it('delivers the whole burst once when WeCom revokes the token mid-burst, with one new token', async () => {
    clock.advance(4 * HOUR);
    const from = standIn.messagesTo(LEADER_USER).length;
    // WeCom drops the token after the burst's 10th message reached the leader: the sends in flight
    // and those after are answered 42001 until the delivery fetches a fresh token.
    let tokensAtRevocation: number | undefined;
    const stop = standIn.onChange(() => {
      if (tokensAtRevocation === undefined && standIn.messagesTo(LEADER_USER).length - from === 10) {
        tokensAtRevocation = standIn.tokensIssued;
        standIn.expireTokens();
      }
    });
    try {
      const times = await deliverBurst();
      expect(tokensAtRevocation).toBeDefined();
      // Nothing waited for a retry: the send the revocation caught went out again at once.
      expect(times.slice(0, 30).every((time) => time === 0)).toBe(true);
      expect(times.slice(30).every((time) => time === MINUTE)).toBe(true);
      // One refresh, shared by every send the revocation caught, and no message twice.
      expect(standIn.tokensIssued - (tokensAtRevocation ?? 0)).toBe(1);
      expect(standIn.messagesTo(LEADER_USER).length - from).toBe(50);
    } finally {
      stop();
    }
  });

  it('holds back the person’s rows of other conversations while their window is full', async () => {
    const { delivery } = dispatcherWith();
    const row = {
      id: 1n,
      orderingKey: `reply:${LEADER}`,
      kind: OUTBOX_KINDS.personMessage,
      payload: { personId: LEADER, key: 'x' },
      attempts: 1,
      lockedUntil: clock.now(),
      lockedBy: 'test',
      createdAt: clock.now(),
    };
    expect(delivery.scopesOf?.(row)).toContain(memberScope(LEADER));
    expect(delivery.scopesOf?.({ ...row, kind: OUTBOX_KINDS.reportPost, payload: {} })).not.toContain(
      memberScope(LEADER),
    );
  });
});
