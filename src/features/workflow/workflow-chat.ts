import { displayNameOf, isClearedFor, type SecrecyLevel } from '../../domain/org.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { OUTBOX_KINDS, type OutboxIntents } from '../../outbox/intents.ts';
import {
  cardSyncOrdering,
  type OutboxMessageInput,
  personConversationKey,
} from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/i18n.ts';
import { startGenericApproval } from './approval-commands.ts';
import { instanceFromRow } from './instance-row.ts';
import type { WorkflowService } from './workflow-service.ts';

/**
 * The database side of the workflow listeners: people's names, and messages
 * that go through the outbox (written in a transaction of their own, then delivered).
 */
export function createWorkflowChatDeps(deps: {
  prisma: PrismaClient;
  service: WorkflowService;
  clock: Clock;
  onOutboxWritten?: () => void;
}) {
  const { prisma, service, clock } = deps;

  async function namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>> {
    if (personIds.length === 0) return new Map();
    const people = await prisma.person.findMany({
      where: { id: { in: [...personIds] } },
      select: { id: true, name: true, nameEn: true },
    });
    return new Map(people.map((p) => [p.id, displayNameOf(p, locale)]));
  }

  async function enqueue(row: OutboxMessageInput) {
    await prisma.$transaction((tx) => enqueueOutbox(tx, [row], clock.now()));
    deps.onOutboxWritten?.();
  }

  /**
   * What an action form needs beyond the button: the earlier steps a return may go back to and
   * the people a transfer or added signer may name (active, cleared for the item, not the actor).
   */
  async function formContext(instanceId: string, actorPersonId: string | null, locale: Locale) {
    const row = await prisma.workflowInstance.findUnique({ where: { id: instanceId } });
    if (!row) return null;
    const instance = instanceFromRow(row);
    const returnTargets = instance.steps
      .slice(0, instance.currentStep)
      .filter((step) => step.status === 'done')
      .map((step) => ({ stepKey: step.key, label: locale === 'en' ? step.name.en : step.name.zh }));
    const people = await prisma.person.findMany({
      where: { active: true, NOT: { id: actorPersonId ?? '' } },
      orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      select: { id: true, name: true, nameEn: true, clearance: true },
    });
    return {
      returnTargets,
      people: people
        .filter((p) => isClearedFor(p.clearance as SecrecyLevel, instance.secrecy))
        .slice(0, 100)
        .map((p) => ({ personId: p.id, name: displayNameOf(p, locale) })),
    };
  }

  return {
    service,
    formContext,
    namesOf,
    /**
     * An answer only `personId` sees, in the conversation they acted in (`conversation`: the
     * platform's reference, opaque here), through the outbox.
     */
    replyTo: (reply: OutboxIntents['person.reply']) =>
      enqueue({
        // Replies of one person stay in order, apart from their DMs: a reply never waits behind a card.
        orderingKey: `reply:${reply.personId}`,
        kind: OUTBOX_KINDS.personReply,
        payload: reply,
      }),
    refreshCard: (instanceId: string, personId: string) =>
      enqueue({
        ...cardSyncOrdering(instanceId, personId, personConversationKey(personId), false),
        kind: OUTBOX_KINDS.cardSync,
        payload: { instanceId, personId },
      }),
    startApproval: (input: {
      workspaceId: string;
      requesterPersonId: string;
      title: string;
      locale: Locale;
      startKey?: string;
    }) => startGenericApproval({ service, namesOf }, input),
  };
}
