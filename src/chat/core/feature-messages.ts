// The features' messages as the platforms without a feature module of their own (DingTalk, WeCom)
// draw them: the morning digest (a greeting, then the person's work as 待办 shows it) and the
// low-stock alert. Each platform sends them its own way (a card, markdown, texts).

import { itemLabel } from '../../domain/supply/catalog.ts';
import type { MyWork } from '../../features/workflow/my-work.ts';
import { myWorkReply } from '../../features/workflow/my-work-reply.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { fromDatabase } from '../../outbox/delivery.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Reply } from './reply.ts';

/** The morning digest of `work`: the greeting with how many items wait, then the items. */
export function digestReply(locale: Locale, work: MyWork): Reply {
  const header = t(locale, 'chase.digest.header', { count: work.waiting.total });
  return {
    text: [header],
    blocks: [{ kind: 'section', text: [header] }, ...myWorkReply(locale, work).blocks],
  };
}

/** The low-stock alert of a supply item in `locale`, or null when the item is gone. */
export async function lowStockAlert(
  prisma: PrismaClient,
  itemId: string,
): Promise<((locale: Locale) => string) | null> {
  const item = await fromDatabase('load the low-stock item', () =>
    prisma.supplyItem.findUnique({ where: { id: itemId } }),
  );
  if (item === null) return null;
  return (locale) =>
    t(locale, 'supply.low_stock.alert', {
      item: itemLabel(item),
      stock: item.stock,
      unit: item.unit,
      threshold: item.lowStockThreshold,
    });
}
