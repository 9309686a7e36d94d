/**
 * The outbox kind of a direct message whose text is a catalog entry, rendered in the person's
 * language at delivery (src/chat/slack/message-delivery.ts): any feature may write it.
 */
export const PERSON_MESSAGE_KIND = 'person.message';

/**
 * The outbox kind that draws one person's copy of an item's card again from committed state
 * (src/chat/slack/workflow-delivery.ts).
 */
export const CARD_SYNC_KIND = 'card.sync';

/**
 * The ordering key of everything one person receives in their direct messages (cards, notices,
 * files): the conversation. What one person receives arrives in the order it was committed, and a
 * row held back for one person (an outage, a backoff) holds back no one else.
 */
export function personConversationKey(personId: string): string {
  return `person:${personId}`;
}

/** The ordering key of everything posted to one channel (the channel copies of cards). */
export function channelConversationKey(channel: string): string {
  return `channel:${channel}`;
}

/**
 * A `card.sync` of `personId`'s copy of `instanceId`'s card, in that person's conversation (so
 * the copy changes one delivery at a time, in order with the person's other cards and notices).
 * `refresh`: redraw a copy whose version is current (what it shows changed outside the instance);
 * `repost`: post it anew at the bottom of the DM.
 */
export function cardSyncMessage(
  instanceId: string,
  personId: string,
  options: { refresh?: true; repost?: true } = {},
): OutboxMessageInput {
  return {
    orderingKey: personConversationKey(personId),
    kind: CARD_SYNC_KIND,
    payload: { instanceId, personId, ...options },
  };
}

/** A JSON value as stored in `outbox_message.payload` and `result`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `outbox_message.status`: `failed` is a permanent error left for operators, never retried. */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** One message to enqueue; see {@link enqueueOutbox}. */
export interface OutboxMessageInput {
  /**
   * Rows with the same key are delivered one at a time, in the order they were enqueued: one key per
   * conversation whose messages must not overtake each other ({@link personConversationKey} for a
   * person's DMs, cards included; {@link channelConversationKey} for a channel).
   */
  orderingKey: string;
  /** Which delivery handler runs it, e.g. `message.post`, `card.sync`; the payload's shape depends on it. */
  kind: string;
  payload: JsonValue;
}

/** A row a dispatcher has claimed: it alone may deliver it until `lockedUntil`. */
export interface ClaimedOutboxMessage {
  id: bigint;
  orderingKey: string;
  kind: string;
  payload: JsonValue;
  /** Delivery attempts started so far, this one included. */
  attempts: number;
  /** End of this dispatcher's lease (renewed by its heartbeat while it delivers). */
  lockedUntil: Date;
  /** The replica holding the claim; with `attempts`, the fencing token its status updates must match. */
  lockedBy: string;
  createdAt: Date;
}
