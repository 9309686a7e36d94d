// The keeper's own stock work: 入库 (stock in, with supplier, price and date), 盘点 (a count:
// differences reported and booked as adjustments with a reason, so the books match the shelf)
// and 补发 (issuing later what a request's 发放 left owed).

import { DateTime } from 'luxon';
import { itemLabel } from '../../domain/supply/catalog.ts';
import { type CountDifference, countDifferences } from '../../domain/supply/stock-take.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { PERSON_MESSAGE_KIND } from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
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

/** What a later issue of an owed line (补发) did. */
export interface OwedIssueResult {
  label: string;
  unit: string;
  quantity: number;
  /** Still owed on the line after it. */
  owedAfter: number;
  balanceAfter: number;
  requesterId: string;
}

/**
 * Issues what is still owed on one issue line (补发), later than the request's 发放; the keeper
 * only. In one transaction: the line's `owed` goes down with a conditional UPDATE (never below
 * zero, so two keepers issuing the same line at once issue it once), the stock goes out through
 * the ledger like any issue, and the requester is told through the outbox. More than is owed is
 * refused (`supply_owed_over`, naming what is owed now), stock short of it too
 * (`supply_out_of_stock`), and the same form sent twice books once (`supply_already_booked`).
 */
export async function issueOwed(
  prisma: PrismaClient,
  input: {
    actorId: string;
    lineId: bigint;
    quantity: number;
    now: Date;
    timeZone: string;
    requestKey?: string | null;
    onOutboxWritten?: () => void;
  },
): Promise<OwedIssueResult> {
  if (!Number.isInteger(input.quantity) || input.quantity < 1) {
    throw new AppError('supply_quantity_invalid', 'an issue needs a quantity');
  }
  const done = prisma.$transaction(async (tx) => {
    await requireRole(tx, input.actorId, [KEEPER_ROLE]);
    const line = await tx.supplyIssueLine.findUnique({
      where: { id: input.lineId },
      include: { item: true, instance: { select: { requesterId: true } } },
    });
    if (!line) throw new AppError('supply_owed_none', 'no such owed line');
    const label = itemLabel(line.item);
    const moved = await tx.$queryRaw<Array<{ owed: number }>>`
      UPDATE supply_issue_line SET owed = owed - ${input.quantity}::int, issued = issued + ${input.quantity}::int
      WHERE id = ${input.lineId} AND owed >= ${input.quantity}::int
      RETURNING owed`;
    const owedAfter = moved[0]?.owed;
    if (owedAfter === undefined) {
      const now = await tx.supplyIssueLine.findUnique({
        where: { id: input.lineId },
        select: { owed: true },
      });
      if (!now?.owed) throw new AppError('supply_owed_none', 'nothing owed on this line any more');
      throw new AppError('supply_owed_over', 'more than is owed', {
        params: { item: label, owed: now.owed, unit: line.item.unit },
      });
    }
    const requester = await tx.person.findUnique({
      where: { id: line.instance.requesterId },
      select: { departmentId: true },
    });
    const applied = await applyStockChange(tx, {
      itemId: line.itemId,
      delta: -input.quantity,
      kind: 'issue',
      actorId: input.actorId,
      now: input.now,
      date: DateTime.fromJSDate(input.now).setZone(input.timeZone).toISODate() ?? '',
      instanceId: line.instanceId,
      reason: requester?.departmentId ?? null,
      requestKey: input.requestKey ?? null,
    });
    if (!applied) {
      throw new AppError('supply_out_of_stock', 'not enough in stock', {
        params: { item: label, stock: line.item.stock, quantity: input.quantity, unit: line.item.unit },
      });
    }
    await enqueueOutbox(
      tx,
      [
        {
          orderingKey: `person:${line.instance.requesterId}`,
          kind: PERSON_MESSAGE_KIND,
          payload: {
            personId: line.instance.requesterId,
            key: owedAfter > 0 ? 'supply.notice.owed_part' : 'supply.notice.owed_done',
            params: { item: label, quantity: input.quantity, unit: line.item.unit, owed: owedAfter },
            people: { keeper: input.actorId },
          },
        },
      ],
      input.now,
    );
    return {
      label,
      unit: line.item.unit,
      quantity: input.quantity,
      owedAfter,
      balanceAfter: applied.balanceAfter,
      requesterId: line.instance.requesterId,
    };
  });
  const result = await done.catch((error: unknown) => {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('supply_already_booked', 'this issue was booked already', { cause: error });
  });
  input.onOutboxWritten?.();
  return result;
}
