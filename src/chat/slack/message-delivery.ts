// Delivers `person.message`: a direct message whose text is a catalog entry, rendered in the
// person's language when it is sent (a seal reported lost, a request held). People named in it are
// given by id and shown by their name in that language.

import { z } from 'zod';
import { displayNameOf } from '../../domain/org.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { DeliveryError, fromDatabase, type JsonValue } from '../../outbox/delivery.ts';
import { PERSON_MESSAGE_KIND } from '../../outbox/outbox-message.ts';
import { type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import { escapeMrkdwn } from './blocks/mrkdwn.ts';
import { slackAccountOf } from './slack-accounts.ts';
import { defineSlackKind, type SlackDelivery } from './slack-delivery.ts';

/** `person.message`: whom, which catalog text, its params, and people to name (param → person id). */
export const personMessagePayloadSchema = z.strictObject({
  personId: z.string().min(1),
  key: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  people: z.record(z.string(), z.string()).optional(),
});

/** Registers `person.message` on `delivery`. */
export function registerPersonMessageKind(delivery: SlackDelivery, deps: { prisma: PrismaClient }): void {
  delivery.register(
    PERSON_MESSAGE_KIND,
    defineSlackKind({
      schema: personMessagePayloadSchema,
      methods: () => ['conversations.open', 'chat.postMessage'],
      async deliver(payload, context): Promise<JsonValue> {
        const named = Object.values(payload.people ?? {});
        const [people, slackUserId] = await fromDatabase('load the people of a message', () =>
          Promise.all([
            deps.prisma.person.findMany({
              where: { id: { in: [payload.personId, ...named] } },
              select: { id: true, name: true, nameEn: true, locale: true },
            }),
            slackAccountOf(deps.prisma, payload.personId),
          ]),
        );
        const person = people.find((p) => p.id === payload.personId);
        if (!person || !slackUserId) return { skipped: person ? 'not_linked' : 'unknown_person' };
        const locale: Locale = person.locale === 'en' ? 'en' : 'zh';
        const params: Record<string, string | number> = {};
        // Everything typed by people is escaped, so a reason cannot mention @channel.
        for (const [key, value] of Object.entries(payload.params)) {
          params[key] = typeof value === 'string' ? escapeMrkdwn(value) : value;
        }
        for (const [key, id] of Object.entries(payload.people ?? {})) {
          const entry = people.find((p) => p.id === id);
          params[key] = escapeMrkdwn(
            (entry && displayNameOf(entry, locale)) || t(locale, 'card.person.unknown'),
          );
        }
        const text = translateDynamic(locale, payload.key, params);
        if (text === undefined) {
          throw new DeliveryError(
            { kind: 'permanent', code: 'unknown_message_key', recognised: true },
            `no catalog text ${payload.key}`,
          );
        }
        const channel = await context.openDirectMessage(slackUserId);
        const posted = await context.call('chat.postMessage', { channel, text });
        return { channel, ts: typeof posted.ts === 'string' ? posted.ts : '' };
      },
    }),
  );
}
