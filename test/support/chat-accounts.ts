import type { PrismaClient } from '../../src/generated/prisma/client.ts';

type Accounts = Pick<PrismaClient, 'chatAccount'>;

/**
 * Links each person to a Slack user id (person id → Slack id), as the organisation file would:
 * the id leaves whoever held it, and the person's earlier Slack id is let go.
 */
export async function linkSlackUsers(prisma: Accounts, ids: Readonly<Record<string, string>>): Promise<void> {
  for (const [personId, externalId] of Object.entries(ids)) {
    await prisma.chatAccount.deleteMany({
      where: { platform: 'slack', tenant: '', OR: [{ personId }, { externalId }] },
    });
    await prisma.chatAccount.create({ data: { platform: 'slack', tenant: '', externalId, personId } });
  }
}

/** Removes every Slack account, or those of `personIds`. */
export async function unlinkSlackUsers(prisma: Accounts, personIds?: readonly string[]): Promise<void> {
  await prisma.chatAccount.deleteMany({
    where: { platform: 'slack', ...(personIds ? { personId: { in: [...personIds] } } : {}) },
  });
}

/** The Slack user id of a person, or null. */
export async function slackUserOf(prisma: Accounts, personId: string): Promise<string | null> {
  const row = await prisma.chatAccount.findFirst({ where: { platform: 'slack', personId } });
  return row?.externalId ?? null;
}
