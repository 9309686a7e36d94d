import type { z } from 'zod';
import { type IntentRegistry, type OUTBOX_INTENTS, OUTBOX_KINDS } from './intents.ts';

/**
 * The outbox kind of a direct message whose text is a catalog entry, rendered in the person's
 * language at delivery: any feature may write it.
 */
export const PERSON_MESSAGE_KIND = OUTBOX_KINDS.personMessage;

/** The outbox kind that draws one person's copy of an item's card again from committed state. */
export const CARD_SYNC_KIND = OUTBOX_KINDS.cardSync;

/**
 * The ordering key of every new message one person receives in their direct messages (notices,
 * new cards, files): the conversation. What one person receives arrives in the order it was
 * committed, and a row held back for one person (an outage, a backoff) holds back no one else.
 */
export function personConversationKey(personId: string): string {
  return `person:${personId}`;
}

/** The ordering key of every new message posted to one channel (the channel copies of cards). */
export function channelConversationKey(channel: string): string {
  return `channel:${channel}`;
}

/**
 * One copy of an item's card (`recipient`: a person id, or `channel:<id>`): the `copyKey` of its
 * rows, and the ordering key of its updates in place, which go out beside the conversation's
 * other messages (they add nothing to it) but never before the copy's post.
 */
export function cardCopyKey(instanceId: string, recipient: string): string {
  return `card:${instanceId}:${recipient}`;
}

/**
 * The ordering of a card sync of one copy: `post` when it brings a new message into the
 * conversation (a new assignee's card, a repost), so it keeps its place among the person's other
 * messages; otherwise an update in place, ordered only after the copy's earlier rows.
 */
export function cardSyncOrdering(
  instanceId: string,
  recipient: string,
  conversationKey: string,
  post: boolean,
): Pick<OutboxRouting, 'orderingKey' | 'copyKey' | 'coalesceKey' | 'coalesce'> {
  const copyKey = cardCopyKey(instanceId, recipient);
  // Every sync of a copy draws the copy's latest state, so a pending one makes a new update
  // worthless; a post keeps its place in the conversation and is always written.
  return { orderingKey: post ? conversationKey : copyKey, copyKey, coalesceKey: copyKey, coalesce: !post };
}

/**
 * A `card.sync` of `personId`'s copy of `instanceId`'s card. `refresh`: redraw a copy whose
 * version is current (what it shows changed outside the instance); `repost`: post it anew at the
 * bottom of the DM (in the conversation's order); otherwise an update of the existing copy.
 * `watched`: the viewer follows what changed (a meeting's tally), so a platform that cannot update
 * the copy in place posts a new one rather than leave it as it was.
 */
export function cardSyncMessage(
  instanceId: string,
  personId: string,
  options: { refresh?: true; repost?: true; watched?: true } = {},
): OutboxMessageInput {
  return {
    ...cardSyncOrdering(instanceId, personId, personConversationKey(personId), options.repost === true),
    kind: CARD_SYNC_KIND,
    payload: { instanceId, personId, ...options },
  };
}

/** The priority of a row the person who just acted is waiting to see (their own card's update). */
export const ACTOR_PRIORITY = 1;

/** A JSON value as stored in `outbox_message.payload` and `result`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `outbox_message.status`: `failed` is a permanent error left for operators, never retried. */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** Where and how one message to enqueue goes, whatever it says; see {@link enqueueOutbox}. */
export interface OutboxRouting {
  /**
   * Rows with the same key are delivered one at a time, in the order they were enqueued: one key per
   * conversation whose messages must not overtake each other ({@link personConversationKey} for a
   * person's DMs, cards included; {@link channelConversationKey} for a channel).
   */
  orderingKey: string;
  /**
   * Rows with the same copy key (one card copy, {@link cardCopyKey}) also go in id order across
   * ordering keys: an update in place on the copy's own key waits for the copy's post in the
   * conversation.
   */
  copyKey?: string;
  /**
   * What the row redraws from committed state when it is delivered (one card copy, one person's App
   * Home): pending rows of one key do the same work, whichever is delivered draws the latest
   * state. Leave it out for rows that say something of their own (notices, replies, files): they
   * are never coalesced.
   */
  coalesceKey?: string;
  /**
   * With `coalesceKey` equal to `orderingKey` (a redraw on its own key: a copy's update, a person's
   * App Home): the row is not written when a row of the same key and kind is pending and
   * not yet claimed (its payload is merged into that row's, so a flag such as `refresh` is kept):
   * that row draws the state this one would have. False (the default) for a row whose place in
   * its conversation matters (a new copy's post, a repost), which is always written.
   */
  coalesce?: boolean;
  /** Due this long after it is written (default 0): a late-tolerant redraw waits for others to coalesce into it. */
  delayMs?: number;
  /**
   * Claimed before due rows of a lower priority (default 0): {@link ACTOR_PRIORITY} for the card of
   * the person who just acted, who is looking at it. Order within a key is unchanged.
   */
  priority?: number;
}

/**
 * One message to enqueue: an intent of the registry (`kind`) with the payload its schema takes,
 * checked again when it is written. `I` is the registry, the bot's own by default (a test may
 * write kinds of a platform's own besides).
 */
export type OutboxMessageInput<I extends IntentRegistry = typeof OUTBOX_INTENTS> = {
  [K in keyof I & string]: OutboxRouting & { kind: K; payload: z.input<I[K]> };
}[keyof I & string];

/** A row a dispatcher has claimed: it alone may deliver it until `lockedUntil`. */
export interface ClaimedOutboxMessage {
  id: bigint;
  orderingKey: string;
  /** See {@link OutboxMessageInput.priority} (0 when left out). */
  priority?: number;
  kind: string;
  payload: JsonValue;
  /** Delivery attempts started so far, this one included. */
  attempts: number;
  /** End of this dispatcher's lease (renewed by its heartbeat while it delivers). */
  lockedUntil: Date;
  /** The replica holding the claim; with `attempts`, the fencing token its status updates must match. */
  lockedBy: string;
  createdAt: Date;
  /** Pending rows of its ordering key behind it when it was claimed (claimed with it or not). */
  behind?: number;
}
