/**
 * The outbox kind of a direct message whose text is a catalog entry, rendered in the person's
 * language at delivery (src/chat/slack/message-delivery.ts): any feature may write it.
 */
export const PERSON_MESSAGE_KIND = 'person.message';

/** A JSON value as stored in `outbox_message.payload` and `result`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `outbox_message.status`: `failed` is a permanent error left for operators, never retried. */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** One message to enqueue; see {@link enqueueOutbox}. */
export interface OutboxMessageInput {
  /**
   * Rows with the same key are delivered one at a time, in the order they were enqueued: one key per
   * thing whose messages must not overtake each other (one card copy, one person's DMs).
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
  /** End of this dispatcher's lease; also the fencing token its status updates must match. */
  lockedUntil: Date;
  createdAt: Date;
}
