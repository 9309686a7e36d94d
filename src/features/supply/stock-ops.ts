// The keeper's own stock work: 入库 (stock in, with supplier, price and date) and 盘点 (a count:
// differences reported and booked as adjustments with a reason, so the books match the shelf).

import { DateTime } from 'luxon';
import { itemLabel } from '../../domain/supply/catalog.ts';
import { type CountDifference, countDifferences } from '../../domain/supply/stock-take.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { AppError } from '../../shared/errors.ts';
import { isUniqueViolation } from '../workflow/workflow-service.ts';
import { KEEPER_ROLE, requireRole } from './catalog.ts';
import { applyStockChange } from './stock.ts';

/** A stock-in as the keeper enters it. */
export interface StockInInput {
  actorId: string;
  itemId: string;
  quantity: number;
  unitPriceFen: number;
  supplier: string;
  /** YYYY-MM-DD; today in the unit's calendar when null. */
  date: string | null;
  now: Date;
  timeZone: string;
  /** The form submission (Slack's view id): the same one sent twice books once. */
  requestKey?: string | null;
}

/**
 * Books a stock-in (入库); the keeper only. Returns the balance after it. The same `requestKey`
 * twice (a form sent again) is refused with `supply_already_booked` and books nothing more.
 */
export async function stockIn(
  prisma: PrismaClient,
  input: StockInInput,
): Promise<{ balanceAfter: number; label: string; unit: string }> {
  if (input.quantity < 1) throw new AppError('supply_quantity_invalid', 'a stock-in needs a quantity');
  const booked = prisma.$transaction(async (tx) => {
    await requireRole(tx, input.actorId, [KEEPER_ROLE]);
    const item = await tx.supplyItem.findUnique({ where: { id: input.itemId } });
    if (!item?.active) throw new AppError('supply_item_unknown', 'not in the catalog');
    const applied = await applyStockChange(tx, {
      itemId: item.id,
      delta: input.quantity,
      kind: 'in',
      actorId: input.actorId,
      now: input.now,
      date: input.date ?? DateTime.fromJSDate(input.now).setZone(input.timeZone).toISODate() ?? '',
      unitPriceFen: input.unitPriceFen,
      supplier: input.supplier,
      requestKey: input.requestKey ?? null,
    });
    if (!applied) throw new Error('a stock-in cannot take stock below zero');
    return { balanceAfter: applied.balanceAfter, label: itemLabel(item), unit: item.unit };
  });
  return booked.catch((error: unknown) => {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('supply_already_booked', 'this stock-in was booked already', { cause: error });
  });
}

/** One difference of a count, named for the report. */
export interface CountReportLine extends CountDifference {
  label: string;
  unit: string;
}

/**
 * Books a count (盘点) in one transaction; the keeper only. Each counted item's row is locked while
 * it is compared, so an issue committed meanwhile is counted in the books, never lost; each
 * difference becomes an `adjust` ledger row with the reason. A count with differences needs a
 * reason (`supply_reason_required`); without differences nothing is written (账实相符).
 */
export async function stockTake(
  prisma: PrismaClient,
  input: {
    actorId: string;
    counted: ReadonlyMap<string, number>;
    reason: string;
    now: Date;
    timeZone: string;
  },
): Promise<CountReportLine[]> {
  return prisma.$transaction(async (tx) => {
    await requireRole(tx, input.actorId, [KEEPER_ROLE]);
    const ids = [...input.counted.keys()].sort();
    const books = await tx.$queryRaw<
      Array<{ id: string; stock: number; name: string; spec: string; unit: string }>
    >`
      SELECT id::text, stock, name, spec, unit FROM supply_item
      WHERE id = ANY(${ids}::uuid[]) AND active
      ORDER BY id
      FOR UPDATE`;
    if (books.length !== ids.length) throw new AppError('supply_item_unknown', 'not in the catalog');
    const differences = countDifferences(
      books.map((b) => ({ itemId: b.id, stock: b.stock })),
      input.counted,
    );
    if (differences.length > 0 && input.reason.trim() === '') {
      throw new AppError('supply_reason_required', 'a count with differences needs a reason');
    }
    const date = DateTime.fromJSDate(input.now).setZone(input.timeZone).toISODate() ?? '';
    const report: CountReportLine[] = [];
    for (const difference of differences) {
      const applied = await applyStockChange(tx, {
        itemId: difference.itemId,
        delta: difference.difference,
        kind: 'adjust',
        actorId: input.actorId,
        now: input.now,
        date,
        reason: input.reason.trim(),
      });
      if (!applied) throw new Error('a count cannot take stock below zero');
      const book = books.find((b) => b.id === difference.itemId);
      report.push({
        ...difference,
        label: book ? itemLabel(book) : difference.itemId,
        unit: book?.unit ?? '',
      });
    }
    return report;
  });
}
