import type { Locale } from '../domain/org.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

/** A chat platform a person can have an account on. */
export type ChatPlatform = 'slack' | 'dingtalk' | 'wecom';

/**
 * The tenant of the accounts the organisation file names: the one Slack workspace (DingTalk or
 * WeCom corp) the installation serves. People are not scoped by workspace today, so the file's ids
 * need no team or corp id beside them; an installation serving several would name them.
 */
export const INSTALLATION_TENANT = '';

/** Who is acting, as the chat adapters hand it to the features: a directory person. */
export interface Actor {
  personId: string;
  /** The language the person is answered in. */
  locale: Locale;
}

/** What one chat account says about the person using it. */
export interface ChatIdentity {
  /** The active directory person behind the account; null when nobody (still in the file) is. */
  actor: Actor | null;
  /** Their language: the linked person's, even after they left the file; Chinese for strangers. */
  locale: Locale;
}

/** Who is behind one chat account, and in which language to answer them, in one query. */
export async function identityOfChatAccount(
  prisma: Pick<PrismaClient, 'chatAccount'>,
  account: { platform: ChatPlatform; tenant: string; externalId: string },
): Promise<ChatIdentity> {
  const row = await prisma.chatAccount.findUnique({
    where: { platform_tenant_externalId: account },
    select: { person: { select: { id: true, locale: true, active: true } } },
  });
  const locale: Locale = row?.person.locale === 'en' ? 'en' : 'zh';
  return { actor: row?.person.active ? { personId: row.person.id, locale } : null, locale };
}

/** The accounts of these people on one platform (of the installation's tenant), by person id. */
export async function chatAccountsOfPeople(
  prisma: Pick<PrismaClient, 'chatAccount'>,
  platform: ChatPlatform,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  if (personIds.length === 0) return new Map();
  const rows = await prisma.chatAccount.findMany({
    where: { platform, tenant: INSTALLATION_TENANT, personId: { in: [...personIds] } },
    select: { personId: true, externalId: true },
  });
  return new Map(rows.map((r) => [r.personId, r.externalId]));
}
