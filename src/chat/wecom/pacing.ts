// The pace of messages to one WeCom member. WeCom lets an app send one member at most 30
// messages a minute and 1,000 an hour, and drops the excess without an error (频率限制,
// developer.work.weixin.qq.com/document/path/90312: 每应用对同一个成员不可超过30次/分钟，
// 1000次/小时，超过部分会被丢弃不下发; ../shared/PLATFORMS.md, WeCom, Limits). So the delivery takes a
// slot before every send to a member, and when the member's window is full it sends nothing and
// throws a rate limit: the outbox retries the row when a slot frees, and holds back that person's
// later rows (the scope) so they keep their order.
//
// A template card update (update_template_card) reaches the member again: WeCom's documents state
// the cap for 发送应用消息 and say nothing either way of updates, so an update takes a slot too;
// counting it can only delay it, while not counting it could lose a message.

import type { PrismaClient } from '../../generated/prisma/client.ts';
import { DeliveryError, fromDatabase } from '../../outbox/delivery.ts';
import type { ClaimedOutboxMessage } from '../../outbox/outbox-message.ts';
import type { Clock } from '../../shared/clock.ts';
import { takeSendSlots } from '../core/send-slots.ts';

/** How many messages WeCom lets an app send one member. */
export interface MemberLimits {
  perMinute: number;
  perHour: number;
}

/** WeCom's caps (document/path/90312). */
export const WECOM_MEMBER_LIMITS: MemberLimits = { perMinute: 30, perHour: 1000 };

/** The failure code of a row held back because its person's window is full. */
export const MEMBER_PACING_CODE = 'wecom_member_pacing';

/** The outbox's rate-limit scope of the messages to one person on WeCom. */
export function memberScope(personId: string): string {
  return `wecom/member:${personId}`;
}

/** The person a row is for, when its payload names one (`personId`). */
export function personOf(message: Pick<ClaimedOutboxMessage, 'payload'>): string | null {
  const { payload } = message;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const personId = (payload as Record<string, unknown>).personId;
  return typeof personId === 'string' && personId !== '' ? personId : null;
}

/** Takes slots before sends to one member. */
export interface MemberPacer {
  /**
   * Takes `count` slots (default 1) for messages to `userId` (person `personId`); throws a
   * rate-limited {@link DeliveryError} scoped to the person, with the wait until they free up,
   * when the member's minute or hour is full.
   */
  take(personId: string, userId: string, count?: number): Promise<void>;
}

/** The pacer of WeCom sends, over the database the replicas share. */
export function createMemberPacer(deps: {
  prisma: PrismaClient;
  clock: Clock;
  limits?: MemberLimits;
}): MemberPacer {
  const limits = deps.limits ?? WECOM_MEMBER_LIMITS;
  const windows = [
    { ms: 60_000, max: limits.perMinute },
    { ms: 3_600_000, max: limits.perHour },
  ];
  return {
    async take(personId, userId, count = 1) {
      const taken = await fromDatabase('take a send slot', () =>
        takeSendSlots(deps.prisma, {
          platform: 'wecom',
          member: userId,
          count,
          windows,
          now: deps.clock.now(),
        }),
      );
      if (taken.taken) return;
      throw new DeliveryError(
        {
          kind: 'rate_limited',
          code: MEMBER_PACING_CODE,
          retryAfterMs: taken.retryAfterMs,
          scope: memberScope(personId),
        },
        `WeCom member ${userId} has had as many messages as WeCom allows; the next goes in ${taken.retryAfterMs} ms`,
      );
    },
  };
}
