// The in-memory chat platform: what a minimal platform would hold (each person's direct messages:
// cards, texts and files) and how it fails. It has none of Slack's extras: no ephemeral messages,
// no modals, and a card can be updated only for a short while after it was posted. It can be made
// to fail as real platforms do: down (every call refused, worth retrying) or rate limited (every
// call refused with the time to wait). Time is the caller's clock, so tests move it by hand.

import type { Clock } from '../../shared/clock.ts';
import type { Card } from '../core/card.ts';
import type { Reply } from '../core/reply.ts';

/** One message the platform holds, in a person's direct messages with the bot. */
export type MemoryMessage =
  | {
      id: string;
      personId: string;
      postedAt: Date;
      kind: 'card';
      card: Card;
      updatedAt: Date;
      updates: number;
    }
  | { id: string; personId: string; postedAt: Date; kind: 'text'; text: string }
  | {
      id: string;
      personId: string;
      postedAt: Date;
      kind: 'file';
      name: string;
      bytes: Buffer;
      comment: string;
    }
  | { id: string; personId: string; postedAt: Date; kind: 'intent'; intent: string; payload: unknown }
  /** The answer to a command or a button, with its buttons. */
  | { id: string; personId: string; postedAt: Date; kind: 'reply'; reply: Reply };

/** What a message is made of when it is posted (the platform gives it an id and a time). */
export type MemoryContent =
  | { kind: 'card'; card: Card }
  | { kind: 'text'; text: string }
  | { kind: 'file'; name: string; bytes: Buffer; comment: string }
  /** An intent this minimal platform shows as it came (reminders, digests, reports): kept as data. */
  | { kind: 'intent'; intent: string; payload: unknown }
  | { kind: 'reply'; reply: Reply };

/** A call the platform refused. `code` says why, as a platform's error code would. */
export class MemoryPlatformError extends Error {
  constructor(
    readonly code: 'unavailable' | 'rate_limited' | 'update_window_passed' | 'message_not_found',
    /** With `rate_limited`: how long to wait before calling again. */
    readonly retryAfterMs?: number,
  ) {
    super(code);
    this.name = 'MemoryPlatformError';
  }
}

export interface MemoryPlatformOptions {
  clock: Clock;
  /** How long after posting a card may be updated. */
  updateWindowMs: number;
}

/** The in-memory platform: its messages, its failure switches, and the calls an adapter makes. */
export interface MemoryPlatform {
  readonly updateWindowMs: number;
  /** Every message posted so far, oldest first (updated cards in place). */
  messages(): readonly MemoryMessage[];
  /** The messages in one person's direct messages, oldest first. */
  messagesOf(personId: string): readonly MemoryMessage[];
  /** Down: every call is refused as `unavailable` until it is up again. */
  setDown(down: boolean): void;
  isDown(): boolean;
  /** Rate limited for `ms` from now: calls are refused with the time left to wait. */
  rateLimitFor(ms: number): void;
  /** How many calls it refused, by reason. */
  refusals(): Readonly<Record<string, number>>;
  post(personId: string, content: MemoryContent): MemoryMessage;
  /** Redraws a posted card; refused once the update window has passed since it was posted. */
  updateCard(messageId: string, card: Card): MemoryMessage;
}

/** Creates an empty in-memory platform. */
export function createMemoryPlatform(options: MemoryPlatformOptions): MemoryPlatform {
  const { clock, updateWindowMs } = options;
  const all: MemoryMessage[] = [];
  const refused: Record<string, number> = {};
  let down = false;
  let limitedUntil = 0;
  let counter = 0;

  function refuse(error: MemoryPlatformError): never {
    refused[error.code] = (refused[error.code] ?? 0) + 1;
    throw error;
  }

  /** Every call passes here first, as a platform's gateway would. */
  function admit(): Date {
    const now = clock.now();
    if (down) refuse(new MemoryPlatformError('unavailable'));
    if (now.getTime() < limitedUntil) {
      refuse(new MemoryPlatformError('rate_limited', limitedUntil - now.getTime()));
    }
    return now;
  }

  return {
    updateWindowMs,
    messages: () => all,
    messagesOf: (personId) => all.filter((message) => message.personId === personId),
    setDown(value) {
      down = value;
    },
    isDown: () => down,
    rateLimitFor(ms) {
      limitedUntil = clock.now().getTime() + ms;
    },
    refusals: () => ({ ...refused }),
    post(personId, content) {
      const now = admit();
      const id = `M${(++counter).toString().padStart(6, '0')}`;
      const message: MemoryMessage =
        content.kind === 'card'
          ? { id, personId, postedAt: now, kind: 'card', card: content.card, updatedAt: now, updates: 0 }
          : { id, personId, postedAt: now, ...content };
      all.push(message);
      return message;
    },
    updateCard(messageId, card) {
      const now = admit();
      const message = all.find((m) => m.id === messageId);
      if (message?.kind !== 'card') return refuse(new MemoryPlatformError('message_not_found'));
      if (now.getTime() - message.postedAt.getTime() >= updateWindowMs) {
        return refuse(new MemoryPlatformError('update_window_passed'));
      }
      message.card = card;
      message.updatedAt = now;
      message.updates += 1;
      return message;
    },
  };
}
