// Delivers chasing's outbox kinds (催办/督办): `chase.remind` (a reminder, a manual nudge or a
// 督办 about one item) and `chase.digest` (a person's morning list of what waits on them). Both
// render at delivery time from the committed state; a classified item shows its reference only.

import type { WeekdayCalendar } from '../../../domain/workflow/calendar.ts';
import type { WorkflowDefinition } from '../../../domain/workflow/types.ts';
import { reminderOf } from '../../../features/chasing/reminder-reply.ts';
import { buildDocListReply } from '../../../features/documents/doc-list-reply.ts';
import { listWaitingOn } from '../../../features/documents/lists.ts';
import type { PrismaClient } from '../../../generated/prisma/client.ts';
import { fromDatabase, type JsonValue } from '../../../outbox/delivery.ts';
import { chaseDigestPayloadSchema, chaseRemindPayloadSchema, OUTBOX_KINDS } from '../../../outbox/intents.ts';
import type { Clock } from '../../../shared/clock.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { type Block, mrkdwn } from '../blocks/message.ts';
import { renderReply } from '../reply-blocks.ts';
import { slackAccountOf } from '../slack-accounts.ts';
import { defineSlackKind, type SlackDelivery } from '../slack-delivery.ts';

export interface ChaseDeliveryDeps {
  prisma: PrismaClient;
  clock: Clock;
  calendar: WeekdayCalendar;
  definitions: ReadonlyMap<string, WorkflowDefinition>;
}

/** Registers `chase.remind` and `chase.digest` on `delivery`. */
export function registerChaseKinds(delivery: SlackDelivery, deps: ChaseDeliveryDeps): void {
  delivery.register(
    OUTBOX_KINDS.chaseRemind,
    defineSlackKind({
      schema: chaseRemindPayloadSchema,
      methods: () => ['conversations.open', 'chat.postMessage'],
      async deliver(payload, context): Promise<JsonValue> {
        const [reminder, slackUserId] = await fromDatabase('load a reminder', () =>
          Promise.all([reminderOf(deps, payload), slackAccountOf(deps.prisma, payload.personId)]),
        );
        if ('skipped' in reminder && reminder.skipped === 'unknown_person')
          return { skipped: 'unknown_person' };
        if (!slackUserId) return { skipped: 'not_linked' };
        if ('skipped' in reminder) return { skipped: reminder.skipped };
        const channel = await context.openDirectMessage(slackUserId);
        const posted = await context.call('chat.postMessage', { channel, ...renderReply(reminder.reply) });
        return { channel, ts: typeof posted.ts === 'string' ? posted.ts : '' };
      },
    }),
  );

  delivery.register(
    OUTBOX_KINDS.chaseDigest,
    defineSlackKind({
      schema: chaseDigestPayloadSchema,
      methods: () => ['conversations.open', 'chat.postMessage'],
      async deliver(payload, context): Promise<JsonValue> {
        const [person, slackUserId] = await fromDatabase('load the digest reader', () =>
          Promise.all([
            deps.prisma.person.findUnique({ where: { id: payload.personId }, select: { locale: true } }),
            slackAccountOf(deps.prisma, payload.personId),
          ]),
        );
        if (!person || !slackUserId) return { skipped: person ? 'not_linked' : 'unknown_person' };
        const locale: Locale = person.locale === 'en' ? 'en' : 'zh';
        const now = deps.clock.now();
        const page = await fromDatabase('list what waits on the person', () =>
          listWaitingOn(deps.prisma, payload.personId, now),
        );
        if (page.total === 0) return { skipped: 'nothing_waiting' };
        const list = renderReply(
          buildDocListReply({
            kind: 'waiting',
            locale,
            now,
            timeZone: deps.calendar.timeZone,
            page,
            names: new Map(),
            kindLabelOf: (id) => deps.definitions.get(id)?.name ?? { zh: id, en: id },
          }),
        );
        const header = t(locale, 'chase.digest.header', { count: page.total });
        // The list's own heading goes: the digest's says the same, with the greeting.
        const blocks: Block[] = [
          { type: 'section', block_id: 'chase:digest', text: mrkdwn(header) },
          ...(list.blocks ?? []).slice(1),
        ];
        const channel = await context.openDirectMessage(slackUserId);
        const posted = await context.call('chat.postMessage', {
          channel,
          text: `${header}\n${list.text}`.slice(0, 3000),
          blocks,
        });
        return { channel, ts: typeof posted.ts === 'string' ? posted.ts : '' };
      },
    }),
  );
}
