// Delivers `supply.low_stock`: a DM to one keeper that an item fell below its threshold (预警),
// rendered at delivery time from the item's current row (its stock now, in the keeper's language);
// the words are the feature's, drawn here as mrkdwn.

import { lowStockAlertRich } from '../../../features/supply/supply-replies.ts';
import type { PrismaClient } from '../../../generated/prisma/client.ts';
import { fromDatabase, type JsonValue } from '../../../outbox/delivery.ts';
import { OUTBOX_KINDS, supplyLowStockPayloadSchema } from '../../../outbox/intents.ts';
import { renderMrkdwn } from '../reply-blocks.ts';
import { slackAccountOf } from '../slack-accounts.ts';
import { defineSlackKind, type SlackDelivery } from '../slack-delivery.ts';

/** Registers the supply outbox kinds on `delivery`. */
export function registerSupplyKinds(delivery: SlackDelivery, deps: { prisma: PrismaClient }): void {
  delivery.register(
    OUTBOX_KINDS.supplyLowStock,
    defineSlackKind({
      schema: supplyLowStockPayloadSchema,
      methods: () => ['conversations.open', 'chat.postMessage'],
      async deliver(payload, context): Promise<JsonValue> {
        const [person, slackUserId, item] = await fromDatabase('load the low-stock alert', () =>
          Promise.all([
            deps.prisma.person.findUnique({ where: { id: payload.personId }, select: { locale: true } }),
            slackAccountOf(deps.prisma, payload.personId),
            deps.prisma.supplyItem.findUnique({ where: { id: payload.itemId } }),
          ]),
        );
        if (!person || !slackUserId || !item) {
          context.logger.warn(
            { personId: payload.personId },
            'Low-stock alert not delivered: unknown or unlinked',
          );
          return { skipped: person ? 'not_linked' : 'unknown' };
        }
        const locale = person.locale === 'en' ? 'en' : 'zh';
        const text = renderMrkdwn(lowStockAlertRich(locale, item));
        const channel = await context.openDirectMessage(slackUserId);
        const posted = await context.call('chat.postMessage', { channel, text });
        return { channel, ts: typeof posted.ts === 'string' ? posted.ts : '' };
      },
    }),
  );
}
