// The one place the Slack adapter turns Slack user ids into directory people and back.
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import {
  type ChatIdentity,
  chatAccountsOfPeople,
  INSTALLATION_TENANT,
  identityOfChatAccount,
} from '../../org/chat-accounts.ts';

/** Who a Slack user of a team is, and the language they are answered in. */
export type SlackIdentityLookup = (teamId: string, userId: string) => Promise<ChatIdentity>;

/**
 * The Slack identity lookup on the directory's chat accounts. The organisation file names the
 * Slack ids of the one workspace the installation serves, so the team is not part of the key.
 */
export function createSlackIdentityLookup(prisma: Pick<PrismaClient, 'chatAccount'>): SlackIdentityLookup {
  return (_teamId, userId) =>
    identityOfChatAccount(prisma, { platform: 'slack', tenant: INSTALLATION_TENANT, externalId: userId });
}

/** The Slack user ids of these people, by person id; people without a Slack account are absent. */
export function slackAccountsOf(
  prisma: Pick<PrismaClient, 'chatAccount'>,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  return chatAccountsOfPeople(prisma, 'slack', personIds);
}

/** The Slack user id of one person, or null when they have none. */
export async function slackAccountOf(
  prisma: Pick<PrismaClient, 'chatAccount'>,
  personId: string,
): Promise<string | null> {
  return (await slackAccountsOf(prisma, [personId])).get(personId) ?? null;
}

/**
 * The same lookup as a SQL expression, for reads that must stay one statement (the card draw):
 * the Slack user id of the person whose id `personId` yields, or NULL.
 */
export function slackAccountSql(personId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT a.external_id FROM chat_account a
    WHERE a.person_id = ${personId} AND a.platform = 'slack' AND a.tenant = ${INSTALLATION_TENANT})`;
}
