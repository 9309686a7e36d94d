// Which web form links were used: the single use of a link, kept in the database so it holds for
// every replica and across restarts. A link is claimed (its id written, primary key) before its
// submission is applied; a second claim of the same id finds the row and is refused.

import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { FormLinkClaims } from '../core/form-link.ts';

/** A day past a link's expiry its row may go: the signature refuses the link by then anyway. */
const KEEP_AFTER_EXPIRY_MS = 24 * 60 * 60 * 1000;

/** The used links. */
export interface FormLinkStore {
  /** Whether `linkId` was used (a page opened with it shows "already used" at once). */
  isUsed(linkId: string): Promise<boolean>;
  /** Takes the link for one submission; false when another took it first (now or ever). */
  claim(claims: FormLinkClaims, now: Date): Promise<boolean>;
  /** Gives the link back: its submission applied nothing (refused, or it failed), so it may be sent again. */
  release(linkId: string): Promise<void>;
}

/** The store on the bot's database. */
export function createFormLinkStore(prisma: PrismaClient): FormLinkStore {
  return {
    async isUsed(linkId) {
      return (await prisma.formLinkUse.count({ where: { linkId } })) > 0;
    },
    async claim(claims, now) {
      // ON CONFLICT DO NOTHING: of two concurrent claims, the database lets exactly one insert.
      const { count } = await prisma.formLinkUse.createMany({
        data: [
          {
            linkId: claims.linkId,
            personId: claims.personId,
            formId: claims.formId,
            usedAt: now,
            expiresAt: claims.expiresAt,
          },
        ],
        skipDuplicates: true,
      });
      if (count === 1) {
        // Rows of links long expired only take room; whoever claims next clears them.
        await prisma.formLinkUse.deleteMany({
          where: { expiresAt: { lt: new Date(now.getTime() - KEEP_AFTER_EXPIRY_MS) } },
        });
      }
      return count === 1;
    },
    async release(linkId) {
      await prisma.formLinkUse.deleteMany({ where: { linkId } });
    },
  };
}
