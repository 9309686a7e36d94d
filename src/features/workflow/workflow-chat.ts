import { GENERIC_APPROVAL, waitingOn } from '../../domain/workflow/index.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { WorkflowService } from './workflow-service.ts';

/**
 * The database side of the workflow listeners: who a chat user is, people's names, and messages
 * that go through the outbox (written in a transaction of their own, then delivered).
 */
export function createWorkflowChatDeps(deps: {
  prisma: PrismaClient;
  service: WorkflowService;
  clock: Clock;
  onOutboxWritten?: () => void;
}) {
  const { prisma, service, clock } = deps;

  async function personOfSlackUser(_teamId: string | null, slackUserId: string): Promise<string | null> {
    // One workspace per installation for now: the directory's Slack ids are that workspace's.
    const person = await prisma.person.findUnique({
      where: { slackUserId },
      select: { id: true, active: true },
    });
    return person?.active ? person.id : null;
  }

  async function namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>> {
    if (personIds.length === 0) return new Map();
    const people = await prisma.person.findMany({
      where: { id: { in: [...personIds] } },
      select: { id: true, name: true, nameEn: true },
    });
    return new Map(people.map((p) => [p.id, locale === 'en' && p.nameEn ? p.nameEn : p.name]));
  }

  async function enqueue(row: { orderingKey: string; kind: string; payload: Record<string, string> }) {
    await prisma.$transaction((tx) => enqueueOutbox(tx, [row], clock.now()));
    deps.onOutboxWritten?.();
  }

  return {
    service,
    personOfSlackUser,
    namesOf,
    sendEphemeral: ({ channel, user, text }: { channel: string; user: string; text: string }) =>
      enqueue({
        orderingKey: `ephemeral:${user}`,
        kind: 'message.ephemeral',
        payload: { channel, user, text },
      }),
    refreshCard: (instanceId: string, personId: string) =>
      enqueue({
        orderingKey: `card:${instanceId}:${personId}`,
        kind: 'card.sync',
        payload: { instanceId, personId },
      }),
    async startApproval(input: { teamId: string; slackUserId: string; title: string; locale: Locale }) {
      const { teamId, slackUserId, title, locale } = input;
      const requester = await personOfSlackUser(teamId, slackUserId);
      if (!requester) return 'not_linked' as const;
      const instance = await service.start({
        definitionId: GENERIC_APPROVAL.id,
        requesterPersonId: requester,
        teamId,
        title,
        secrecy: 'internal',
        urgency: 'normal',
      });
      const first = waitingOn(instance);
      const names = await namesOf(first, locale);
      return { firstReviewer: first.map((id) => names.get(id) ?? id).join('、') };
    },
  };
}
