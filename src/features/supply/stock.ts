// Stock changes (库存变动): every one is a conditional UPDATE of the item and a ledger row with the
// balance after it, in the caller's transaction; a crossing below the low-stock threshold writes
// one alert to each keeper through the outbox.

import type { Tx } from '../../db/types.ts';
import { OUTBOX_KINDS } from '../../outbox/intents.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';

/** The outbox kind of a low-stock alert (a DM to one keeper). */
export const SUPPLY_LOW_STOCK_KIND = OUTBOX_KINDS.supplyLowStock;

/** Ledger kinds: 期初 (import), 入库, 发放, 盘点调整. */
export type LedgerKind = 'opening' | 'in' | 'issue' | 'adjust';

/** One stock change to apply. */
export interface StockChange {
  itemId: string;
  /** Signed: negative takes stock out. */
  delta: number;
  kind: LedgerKind;
  actorId: string;
  now: Date;
  /** The business date (YYYY-MM-DD in the unit's calendar). */
  date: string;
  instanceId?: string | null;
  unitPriceFen?: number | null;
  supplier?: string | null;
  reason?: string | null;
  /** The form submission behind it (a stock-in's view id): unique, so it books once. */
  requestKey?: string | null;
}

/** What a stock change did. */
export interface AppliedStockChange {
  itemId: string;
  balanceAfter: number;
  /** The change took the item below its threshold for the first time since it was last above. */
  alerted: boolean;
  ledgerId: bigint;
}

/**
 * Applies one stock change, or returns null when it would take the stock below zero (nothing is
 * written then). The UPDATE is conditional (`WHERE stock + delta >= 0`): concurrent issues of the
 * last items wait on the row and re-check the condition, so stock never goes negative; the CHECK
 * constraint on `supply_item.stock` backs it. Back at or above its threshold, an item's alert flag
 * is cleared, so the next crossing alerts again.
 */
export async function applyStockChange(tx: Tx, change: StockChange): Promise<AppliedStockChange | null> {
  const updated = await tx.$queryRaw<Array<{ stock: number }>>`
    UPDATE supply_item
    SET stock = stock + ${change.delta}::int,
        low_stock_alerted = CASE WHEN stock + ${change.delta}::int >= low_stock_threshold THEN false
                                 ELSE low_stock_alerted END,
        updated_at = ${change.now}
    WHERE id = ${change.itemId}::uuid AND stock + ${change.delta}::int >= 0
    RETURNING stock`;
  const balanceAfter = updated[0]?.stock;
  if (balanceAfter === undefined) return null;
  const entry = await tx.supplyLedgerEntry.create({
    data: {
      itemId: change.itemId,
      kind: change.kind,
      quantity: change.delta,
      balanceAfter,
      unitPriceFen: change.unitPriceFen ?? null,
      supplier: change.supplier ?? null,
      instanceId: change.instanceId ?? null,
      date: change.date,
      reason: change.reason ?? null,
      requestKey: change.requestKey ?? null,
      actorId: change.actorId,
      at: change.now,
    },
    select: { id: true },
  });
  // Once per crossing: only the change that finds the flag down raises it (the row is locked by
  // the UPDATE above until commit, so two issues cannot both find it down).
  const crossed = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE supply_item SET low_stock_alerted = true
    WHERE id = ${change.itemId}::uuid AND stock < low_stock_threshold AND NOT low_stock_alerted
    RETURNING id::text`;
  const alerted = crossed.length > 0;
  if (alerted) {
    const keepers = await tx.person.findMany({
      where: { active: true, roles: { has: 'supplies_keeper' } },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    await enqueueOutbox(
      tx,
      keepers.map((k) => ({
        orderingKey: `person:${k.id}`,
        kind: SUPPLY_LOW_STOCK_KIND,
        payload: { personId: k.id, itemId: change.itemId },
      })),
      change.now,
    );
  }
  return { itemId: change.itemId, balanceAfter, alerted, ledgerId: entry.id };
}
