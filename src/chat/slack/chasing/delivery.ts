// Delivers chasing's outbox kinds (催办/督办): `chase.remind` (a reminder, a manual nudge or a
// 督办 about one item) and `chase.digest` (a person's morning list of what waits on them). Both
// render at delivery time from the committed state; a classified item shows its reference only.

import { workingDaysLate } from '../../../domain/chasing/plan.ts';
import type { SecrecyLevel } from '../../../domain/org.ts';
import { displayNameOf } from '../../../domain/org.ts';
import type { WeekdayCalendar } from '../../../domain/workflow/calendar.ts';
import { isClassified } from '../../../domain/workflow/index.ts';
import type { WorkflowDefinition } from '../../../domain/workflow/types.ts';
import { listWaitingOn } from '../../../features/documents/lists.ts';
import { instanceFromRow } from '../../../features/workflow/instance-row.ts';
import type { PrismaClient } from '../../../generated/prisma/client.ts';
import { fromDatabase, type JsonValue } from '../../../outbox/delivery.ts';
import { chaseDigestPayloadSchema, chaseRemindPayloadSchema, OUTBOX_KINDS } from '../../../outbox/intents.ts';
import type { Clock } from '../../../shared/clock.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { type Block, mrkdwn, plainText } from '../blocks/message.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { buildDocListMessage, formatListTime } from '../documents/list-blocks.ts';
import { ACTION_IDS } from '../ids.ts';
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
        const named = [payload.byPersonId, payload.assigneeId].filter((id): id is string => !!id);
        const [people, slackUserId, row] = await fromDatabase('load a reminder', () =>
          Promise.all([
            deps.prisma.person.findMany({
              where: { id: { in: [payload.personId, ...named] } },
              select: { id: true, name: true, nameEn: true, locale: true },
            }),
            slackAccountOf(deps.prisma, payload.personId),
            deps.prisma.workflowInstance.findUnique({ where: { id: payload.instanceId } }),
          ]),
        );
        const person = people.find((p) => p.id === payload.personId);
        if (!person || !slackUserId) return { skipped: person ? 'not_linked' : 'unknown_person' };
        if (!row) return { skipped: 'unknown_instance' };
        const locale: Locale = person.locale === 'en' ? 'en' : 'zh';
        const instance = instanceFromRow(row);
        const step = instance.steps[instance.currentStep];
        const nameOf = (id: string | undefined) => {
          const p = people.find((x) => x.id === id);
          return escapeMrkdwn((p && displayNameOf(p, locale)) || t(locale, 'card.person.unknown'));
        };
        // A classified item's reference may be their document number, as the secretary typed it.
        const title = escapeMrkdwn(
          isClassified(row.secrecy as SecrecyLevel)
            ? t(locale, 'doc.list.classified_title', { reference: row.reference ?? row.id.slice(0, 8) })
            : (row.title ?? t(locale, 'doc.list.untitled')),
        );
        const now = deps.clock.now();
        const deadlineIso = payload.deadline || step?.deadline || '';
        const deadline = deadlineIso ? formatListTime(deadlineIso, now, deps.calendar.timeZone) : '—';
        const days = deadlineIso ? workingDaysLate(new Date(deadlineIso), now, deps.calendar) : 0;
        const stepName = escapeMrkdwn(step?.name[locale] ?? '—');
        const params = { title, step: stepName, deadline };
        const text =
          payload.kind === 'before'
            ? t(locale, 'chase.remind.before', params)
            : payload.kind === 'due'
              ? t(locale, 'chase.remind.due', params)
              : payload.kind === 'overdue'
                ? t(locale, 'chase.remind.overdue', { ...params, days: Math.max(days, 1) })
                : payload.kind === 'nudge'
                  ? t(locale, 'chase.remind.nudge', { ...params, by: nameOf(payload.byPersonId) })
                  : t(locale, 'chase.remind.escalation', {
                      ...params,
                      assignee: nameOf(payload.assigneeId),
                      days: Math.max(days, payload.daysLate ?? 0),
                    });
        // The assignee opens the card they hold; a supervisor (who may hold none) chases at once.
        const button =
          payload.kind === 'escalation'
            ? {
                type: 'button' as const,
                action_id: ACTION_IDS.chaseNow,
                text: plainText(t(locale, 'chase.now_button')),
                value: instance.id,
                style: 'primary' as const,
              }
            : {
                type: 'button' as const,
                action_id: ACTION_IDS.docListOpen,
                text: plainText(t(locale, 'doc.list.open')),
                value: instance.id,
              };
        const blocks: Block[] = [
          { type: 'section', block_id: `chase:${payload.kind}`, text: mrkdwn(text), accessory: button },
        ];
        const channel = await context.openDirectMessage(slackUserId);
        const posted = await context.call('chat.postMessage', { channel, text, blocks });
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
        const list = buildDocListMessage({
          kind: 'waiting',
          locale,
          now,
          timeZone: deps.calendar.timeZone,
          page,
          names: new Map(),
          kindLabelOf: (id) => deps.definitions.get(id)?.name ?? { zh: id, en: id },
        });
        const header = t(locale, 'chase.digest.header', { count: page.total });
        // The list's own heading goes: the digest's says the same, with the greeting.
        const blocks: Block[] = [
          { type: 'section', block_id: 'chase:digest', text: mrkdwn(header) },
          ...list.blocks.slice(1),
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
