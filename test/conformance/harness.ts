// What the conformance suite needs of a chat adapter under test: the bot (engine, outbox, the
// adapter) on a test database, a way to act as a person on the platform, and a view of what the
// platform shows each person. Each platform's harness speaks its platform's protocol underneath
// (signed Slack requests to a Slack stand-in; calls of the in-memory platform).

import type { ChatCapabilities } from '../../src/chat/core/adapter.ts';
import type { CardActionType } from '../../src/chat/core/card.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import type { DispatchRoundResult } from '../../src/outbox/dispatcher.ts';

/** A card as one person sees it on the platform, with an opaque handle to press its buttons. */
export interface SeenCard {
  /** Everything the card says, searchable (its title among it). */
  content: string;
  /** The buttons it offers, by action. */
  actions: CardActionType[];
  /** The platform's handle of the card (a message ts, a message id). */
  handle: unknown;
}

/** A form as the platform shows it to a person (a modal; a web page). */
export interface SeenForm {
  handle: unknown;
}

/** What came of submitting a form: taken, or refused with one text per field in error. */
export type FormAnswer = { ok: true } | { ok: false; errors: string[] };

/** One adapter on a running bot, driven as its platform's users would drive it. */
export interface AdapterHarness {
  readonly name: string;
  readonly capabilities: ChatCapabilities;
  readonly prisma: PrismaClient;
  /** The bot's (and the platform's) clock. */
  now(): Date;
  /** Moves the bot's (and the platform's) clock. */
  advance(ms: number): void;
  /** Types the command that starts a general approval titled `title`. */
  startApproval(personId: string, title: string): Promise<void>;
  /** Presses `action` on `card`; the returned event can be delivered again with {@link redeliver}. */
  press(personId: string, card: SeenCard, action: CardActionType): Promise<unknown>;
  /** Delivers an event of {@link press} again, as a platform retrying it would. */
  redeliver(event: unknown): Promise<void>;
  /** Presses a button that asks for a form and returns the form the person is shown. */
  openForm(personId: string, card: SeenCard, action: CardActionType): Promise<SeenForm>;
  /** Fills the form's text fields with `text` and submits it. */
  submitForm(personId: string, form: SeenForm, text: string): Promise<FormAnswer>;
  /** Runs outbox rounds until no row is due; what they did, summed. */
  deliver(): Promise<DispatchRoundResult>;
  /** The cards in the person's conversation with the bot, oldest first. */
  cards(personId: string): Promise<SeenCard[]>;
  /** The texts the bot showed the person (messages and answers), oldest first. */
  texts(personId: string): Promise<string[]>;
  /** The names of the files the bot sent the person. */
  files(personId: string): Promise<string[]>;
  /** The platform refuses every call (down) or takes them again. */
  setDown(down: boolean): void;
  /**
   * The platform answers every call with a rate limit for `ms` from now; returns how long the
   * adapter will wait: `ms` where the platform says how long, else the wait the adapter documents
   * for it (WeCom names no time: a minute), which the platform's limit then lasts.
   */
  rateLimitFor(ms: number): number;
  /** Where electronic archive files are read from (a `file.send` of a lent record). */
  readonly archiveFilesDir: string;
  stop(): Promise<void>;
}
