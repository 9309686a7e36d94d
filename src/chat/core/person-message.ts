// The text of a `person.message` row: its catalog entry in the person's language, with the people
// it names by their names in that language. The same for every platform that sends it as text.

import type { z } from 'zod';
import { displayNameOf } from '../../domain/org.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { type ChatPlatform, chatAccountsOfPeople } from '../../org/chat-accounts.ts';
import { DeliveryError, fromDatabase } from '../../outbox/delivery.ts';
import type { personMessagePayloadSchema } from '../../outbox/intents.ts';
import { type Locale, t, translateDynamic } from '../../shared/i18n.ts';

/** A `person.message` row's text in `locale`; an unknown catalog key is a permanent failure. */
export async function personMessageText(
  prisma: Pick<PrismaClient, 'person'>,
  payload: z.output<typeof personMessagePayloadSchema>,
  locale: Locale,
): Promise<string> {
  const params: Record<string, string | number> = { ...payload.params };
  for (const [key, id] of Object.entries(payload.people ?? {})) {
    const named = await fromDatabase('load a person named in a message', () =>
      prisma.person.findUnique({ where: { id }, select: { name: true, nameEn: true } }),
    );
    params[key] = (named && displayNameOf(named, locale)) || t(locale, 'card.person.unknown');
  }
  const text = translateDynamic(locale, payload.key, params);
  if (text === undefined) {
    throw new DeliveryError(
      { kind: 'permanent', code: 'unknown_message_key', recognised: true },
      `no catalog text ${payload.key}`,
    );
  }
  return text;
}

/** A person's account on `platform` (null when not linked there) and language; null for nobody. */
export async function reachPerson(
  prisma: Pick<PrismaClient, 'person' | 'chatAccount'>,
  platform: ChatPlatform,
  personId: string,
): Promise<{ userId: string | null; locale: Locale } | null> {
  const [person, accounts] = await fromDatabase(`load a person and their ${platform} account`, () =>
    Promise.all([
      prisma.person.findUnique({ where: { id: personId }, select: { locale: true } }),
      chatAccountsOfPeople(prisma, platform, [personId]),
    ]),
  );
  if (person === null) return null;
  return { userId: accounts.get(personId) ?? null, locale: person.locale === 'en' ? 'en' : 'zh' };
}

/** Why a delivery to one person skips them: not in the directory, or not on the platform. */
export type Unreached = { skipped: 'unknown_person' | 'not_linked' };

/**
 * {@link reachPerson} as a delivery to one person reads it: their account on `platform` and
 * language, or the reason the row is skipped (stored as the row's result).
 */
export async function reachLinkedPerson(
  prisma: Pick<PrismaClient, 'person' | 'chatAccount'>,
  platform: ChatPlatform,
  personId: string,
): Promise<{ userId: string; locale: Locale } | Unreached> {
  const person = await reachPerson(prisma, platform, personId);
  if (person === null) return { skipped: 'unknown_person' };
  if (person.userId === null) return { skipped: 'not_linked' };
  return { userId: person.userId, locale: person.locale };
}
