import type { Locale } from '../domain/org.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

/**
 * The language a chat user is answered in: the `locale` of the person linked to that chat id in
 * the organisation directory, Chinese for anyone not (yet) linked.
 */
export function createLocaleLookup(
  prisma: PrismaClient,
): (teamId: string, userId: string) => Promise<Locale> {
  return async (_teamId, userId) => {
    const person = await prisma.person.findUnique({
      where: { slackUserId: userId },
      select: { locale: true },
    });
    return person?.locale === 'en' ? 'en' : 'zh';
  };
}
