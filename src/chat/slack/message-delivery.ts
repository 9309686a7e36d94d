// Delivers `person.message`: a direct message whose text is a catalog entry, rendered in the
// person's language when it is sent (a seal reported lost, a request held). People named in it are
// given by id and shown by their name in that language. Also `person.reply`: an answer only the
// person sees, as an ephemeral message in the channel they acted in.

import { displayNameOf } from '../../domain/org.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { DeliveryError, fromDatabase, type JsonValue } from '../../outbox/delivery.ts';
import { OUTBOX_KINDS, personMessagePayloadSchema, personReplyPayloadSchema } from '../../outbox/intents.ts';
import { type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import { escapeMrkdwn } from './blocks/mrkdwn.ts';
import { slackAccountOf } from './slack-accounts.ts';
import { defineSlackKind, type SlackDelivery } from './slack-delivery.ts';

/** Registers `person.message` and `person.reply` on `delivery`. */
export function registerPersonMessageKind(delivery: SlackDelivery, deps: { prisma: PrismaClient }): void {
  delivery.register(
    OUTBOX_KINDS.personReply,
    defineSlackKind({
      schema: personReplyPayloadSchema,
      methods: () => ['chat.postEphemeral'],
      async deliver(payload, context): Promise<JsonValue> {
        const user = await fromDatabase('look up the Slack account', () =>
          slackAccountOf(deps.prisma, payload.personId),
        );
        if (user === null) return { skipped: 'not_linked' };
        // The conversation is the channel the person acted in, as the Slack listener wrote it.
        const posted = await context.call('chat.postEphemeral', {
          channel: payload.conversation,
          user,
          text: payload.text,
        });
        return {
          channel: payload.conversation,
          messageTs: typeof posted.message_ts === 'string' ? posted.message_ts : '',
        };
      },
    }),
  );
  delivery.register(
    OUTBOX_KINDS.personMessage,
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
