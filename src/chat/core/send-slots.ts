// Pacing of what an app sends to one member of a chat platform that caps it (WeCom: 30 messages a
// minute and 1,000 an hour per member, the excess dropped without an error). Each message takes a
// slot in sliding windows kept in the database (`member_send_slot`), so the bot's replicas, which
// share the database, are counted together. Slots are taken under a transaction-scoped advisory
// lock on the member: two takers of the last free slot are serialised, and the second finds the
// window full. A slot is taken before the send and kept if the send fails: a message the platform
// may have counted is never counted as free.
//
// Times are the taker's clock: replicas' clocks drifting by a second or two shift the windows by
// as much, well within what the caps allow.

import type { PrismaClient } from '../../generated/prisma/client.ts';

/** A sliding window: at most `max` messages in any `ms` milliseconds. */
export interface SendWindow {
  ms: number;
  max: number;
}

/** What a take answered: the slots are taken, or the earliest wait after which they could be. */
export type SlotTake = { taken: true } | { taken: false; retryAfterMs: number };

/** Whom the slots are for, how many (one per message, all or none), and the windows to stay within. */
export interface SlotRequest {
  platform: string;
  /** The platform's user id. */
  member: string;
  count: number;
  windows: readonly SendWindow[];
  now: Date;
}

/**
 * Takes `count` slots for one member when every window has room for them all, atomically across
 * replicas; otherwise takes none and answers how long until enough slots free up. Slots older than
 * the longest window are deleted on the way.
 */
export async function takeSendSlots(prisma: PrismaClient, request: SlotRequest): Promise<SlotTake> {
  const { platform, member, count, windows, now } = request;
  if (count < 1) return { taken: true };
  const tooMany = windows.find((window) => count > window.max);
  if (tooMany !== undefined) {
    throw new Error(`${count} messages at once cannot fit a window of ${tooMany.max}`);
  }
  const longest = Math.max(...windows.map((window) => window.ms));
  const at = now.getTime();
  return prisma.$transaction(async (tx) => {
    // Takers for the same member wait here for each other; others go on.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`send-slot:${platform}:${member}`}))`;
    await tx.memberSendSlot.deleteMany({
      where: { platform, member, takenAt: { lte: new Date(at - longest) } },
    });
    const recent = await tx.memberSendSlot.findMany({
      where: { platform, member },
      orderBy: { takenAt: 'desc' },
      select: { takenAt: true },
    });
    let retryAfterMs = 0;
    for (const window of windows) {
      // A slot counts in the window (now - ms, now]; newest first.
      const inWindow = recent.filter((slot) => slot.takenAt.getTime() > at - window.ms);
      if (inWindow.length + count <= window.max) continue;
      // Enough room once every slot older than the one at position max - count (newest first) has left.
      const mustLeave = inWindow[window.max - count] as { takenAt: Date };
      retryAfterMs = Math.max(retryAfterMs, mustLeave.takenAt.getTime() + window.ms - at);
    }
    if (retryAfterMs > 0) return { taken: false, retryAfterMs };
    await tx.memberSendSlot.createMany({
      data: Array.from({ length: count }, () => ({ platform, member, takenAt: now })),
    });
    return { taken: true };
  });
}
