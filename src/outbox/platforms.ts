// Which platform's adapter delivers a row. A card copy lives on one platform (the one it was
// posted on, recorded with it); the row that updates it must go to that platform's adapter. The
// dispatcher sees one ChatDelivery: this one, which hands each row to the right platform.

import { z } from 'zod';
import type { Db } from '../db/types.ts';
import { type ChatDelivery, DeliveryError, fromDatabase } from './delivery.ts';
import { OUTBOX_KINDS } from './intents.ts';
import type { ClaimedOutboxMessage } from './outbox-message.ts';

/** A chat platform's name, as a card copy records it and the composition root names its delivery. */
export type ChatPlatform = string;

/** What {@link routeByPlatform} needs. */
export interface PlatformRoutingOptions {
  /** The delivery of each configured platform, by name. */
  platforms: ReadonlyMap<ChatPlatform, ChatDelivery>;
  /**
   * The platform `message` goes to (e.g. {@link platformOfCardCopy}); undefined for the default
   * one. Asked only when more than one platform is configured: with one, every row is its.
   */
  platformOf(message: ClaimedOutboxMessage): Promise<ChatPlatform | undefined>;
  /**
   * The platform of a row `platformOf` leaves open, or a function asked per row (the playground's
   * page chooses it); undefined from it, or unset: the first configured.
   */
  defaultPlatform?: ChatPlatform | (() => ChatPlatform | undefined);
}

/**
 * One {@link ChatDelivery} over several platforms: each row goes to the platform `platformOf`
 * names. A row of a platform not configured waits (a transient failure, retried with backoff):
 * the platform may come back with the next start, and its copies can only be updated there.
 */
export function routeByPlatform(options: PlatformRoutingOptions): ChatDelivery {
  const { platforms } = options;
  const first = platforms.keys().next().value;
  const chosen = options.defaultPlatform;
  const defaultPlatform = () => (typeof chosen === 'function' ? chosen() : chosen) ?? first;
  const only = platforms.size === 1 ? [...platforms.values()][0] : undefined;

  async function deliveryOf(message: ClaimedOutboxMessage): Promise<ChatDelivery> {
    if (only !== undefined) return only;
    const name = (await options.platformOf(message)) ?? defaultPlatform();
    const delivery = name === undefined ? undefined : platforms.get(name);
    if (delivery === undefined) {
      throw new DeliveryError(
        { kind: 'transient', code: 'platform_not_configured' },
        `no delivery for platform ${name ?? '(none configured)'}`,
      );
    }
    return delivery;
  }

  return {
    // Rate-limit scopes are the platforms' own names (their API methods); with several
    // platforms a row is held back by any scope its platform might use.
    scopesOf(message) {
      if (only !== undefined) return only.scopesOf?.(message) ?? [];
      return [...platforms.values()].flatMap((delivery) => delivery.scopesOf?.(message) ?? []);
    },
    async deliver(message) {
      return (await deliveryOf(message)).deliver(message);
    },
  };
}

const personOfPayload = z.object({ personId: z.string().min(1) });

/**
 * The platform a row goes to: a card copy's own platform (see {@link platformOfCardCopy}); for a
 * copy not posted yet and for anything else told to one person, the first of `configured` (or of
 * what it answers, asked per row) on which the person has an account, so that with Slack and DingTalk side by side each person is reached
 * where the organisation file names their account. Undefined (the default platform) for a person
 * with no account on any of them and for rows told to a channel.
 */
export function platformOfRecipient(
  db: Db,
  configured: readonly ChatPlatform[] | (() => readonly ChatPlatform[]),
): PlatformRoutingOptions['platformOf'] {
  const ofCopy = platformOfCardCopy(db);
  return async (message) => {
    const copy = await ofCopy(message);
    if (copy !== undefined) return copy;
    const parsed = personOfPayload.safeParse(message.payload);
    if (!parsed.success) return undefined;
    const order = typeof configured === 'function' ? configured() : configured;
    const accounts = await fromDatabase('find the person’s chat platforms', () =>
      db.chatAccount.findMany({
        where: { personId: parsed.data.personId, platform: { in: [...order] } },
        select: { platform: true },
      }),
    );
    const held = new Set(accounts.map((account) => account.platform));
    return order.find((platform) => held.has(platform));
  };
}

/** `configured` with `preferred` first when it is one of them (the playground's page chooses it). */
export function preferredFirst(
  configured: readonly ChatPlatform[],
  preferred: ChatPlatform | undefined,
): ChatPlatform[] {
  if (preferred === undefined || !configured.includes(preferred)) return [...configured];
  return [preferred, ...configured.filter((platform) => platform !== preferred)];
}

const copyOfPayload = z.object({
  instanceId: z.uuid(),
  personId: z.string().min(1).optional(),
  channel: z.string().min(1).optional(),
});

/**
 * The platform of the card copy a `card.sync` row updates, read from the copy's record; undefined
 * for other rows and for a copy not posted yet (it goes to the default platform).
 */
export function platformOfCardCopy(db: Db): PlatformRoutingOptions['platformOf'] {
  return async (message) => {
    if (message.kind !== OUTBOX_KINDS.cardSync) return undefined;
    const parsed = copyOfPayload.safeParse(message.payload);
    if (!parsed.success) return undefined;
    const { instanceId, personId, channel } = parsed.data;
    const recipient = personId ?? `channel:${channel ?? ''}`;
    const copy = await fromDatabase('find the card copy’s platform', () =>
      db.cardMessage.findFirst({ where: { instanceId, recipient }, select: { platform: true } }),
    );
    return copy?.platform;
  };
}
