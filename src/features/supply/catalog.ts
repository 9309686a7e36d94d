// The catalog (办公用品目录): loading it from CSV (all or nothing: a file with a bad row changes
// nothing and every bad row is named with its line), listing it, and who may change it.

import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { Db } from '../../db/types.ts';
import {
  type CatalogItem,
  type CatalogRow,
  type CatalogRowError,
  checkCatalogRows,
  mapCatalogHeader,
} from '../../domain/supply/catalog.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { AppError } from '../../shared/errors.ts';
import { applyStockChange } from './stock.ts';

/** The role that keeps the catalog, takes stock in and issues. */
export const KEEPER_ROLE = 'supplies_keeper';

/** Roles that see plan summaries and exports besides the keeper. */
export const OFFICE_ROLES: readonly string[] = ['office_head', KEEPER_ROLE];

/** Most items an import takes (a catalog, not a warehouse). */
export const MAX_IMPORT_ROWS = 1000;

/** Throws AppError `supply_not_keeper` unless the person is an active supplies keeper. */
export async function requireRole(db: Db, personId: string, roles: readonly string[]): Promise<void> {
  const person = await db.person.findUnique({
    where: { id: personId },
    select: { active: true, roles: true },
  });
  if (!person?.active || !person.roles.some((r) => roles.includes(r))) {
    throw new AppError(
      roles.includes('office_head') ? 'supply_not_office' : 'supply_not_keeper',
      'not allowed for this person',
    );
  }
}

/** The outcome of reading a CSV file: checked rows, or every problem with its line. */
export type ParsedCatalog =
  | { ok: true; rows: CatalogRow[] }
  | { ok: false; errors: CatalogRowError[]; missingColumns: string[]; malformedAt: number | null };

/**
 * Reads a catalog CSV (UTF-8, with or without a byte-order mark; a header row naming the columns
 * 品名, 规格, 单位, 库存, 单价, 预警值 or their English names, in any order).
 */
export function parseCatalogCsv(text: string): ParsedCatalog {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    const line = Number((error as { lines?: unknown }).lines);
    return { ok: false, errors: [], missingColumns: [], malformedAt: Number.isFinite(line) ? line : 1 };
  }
  const [head, ...data] = records;
  if (!head)
    return {
      ok: false,
      errors: [],
      missingColumns: ['name', 'unit', 'stock', 'unitPrice', 'threshold'],
      malformedAt: null,
    };
  const mapped = mapCatalogHeader(head.record);
  if (!mapped.ok) return { ok: false, errors: [], missingColumns: mapped.missing, malformedAt: null };
  if (data.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      errors: [{ line: data[MAX_IMPORT_ROWS]?.info.lines ?? 0, column: null, problem: 'column_count' }],
      missingColumns: [],
      malformedAt: null,
    };
  }
  const { rows, errors } = checkCatalogRows(
    data.map((r) => ({ line: r.info.lines, fields: r.record })),
    head.record,
    mapped.positions,
  );
  return errors.length > 0
    ? { ok: false, errors, missingColumns: [], malformedAt: null }
    : { ok: true, rows };
}

/** What an import did. */
export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Existing items whose stock in the file differs from the books: stock changes only by 入库 or 盘点. */
  stockIgnored: Array<{ name: string; spec: string; booked: number; inFile: number }>;
}

/**
 * Loads checked rows in one transaction: a new item starts with the file's stock (an `opening`
 * ledger row); an existing one (same name and spec) gets the file's unit, price and threshold, but
 * keeps its stock, since the books change only through 入库 and 盘点 (the difference is reported).
 */
export async function importCatalog(
  prisma: PrismaClient,
  input: { rows: readonly CatalogRow[]; actorId: string; now: Date; timeZone: string },
): Promise<ImportResult> {
  const date = DateTime.fromJSDate(input.now).setZone(input.timeZone).toISODate() ?? '';
  return prisma.$transaction(async (tx) => {
    const result: ImportResult = { created: 0, updated: 0, unchanged: 0, stockIgnored: [] };
    for (const row of input.rows) {
      const existing = await tx.supplyItem.findUnique({
        where: { name_spec: { name: row.name, spec: row.spec } },
      });
      if (!existing) {
        const item = await tx.supplyItem.create({
          data: {
            name: row.name,
            spec: row.spec,
            unit: row.unit,
            stock: 0,
            unitPriceFen: row.unitPriceFen,
            lowStockThreshold: row.lowStockThreshold,
            createdAt: input.now,
            updatedAt: input.now,
          },
          select: { id: true },
        });
        await applyStockChange(tx, {
          itemId: item.id,
          delta: row.stock,
          kind: 'opening',
          actorId: input.actorId,
          now: input.now,
          date,
          unitPriceFen: row.unitPriceFen,
          reason: null,
        });
        result.created += 1;
        continue;
      }
      if (existing.stock !== row.stock) {
        result.stockIgnored.push({
          name: row.name,
          spec: row.spec,
          booked: existing.stock,
          inFile: row.stock,
        });
      }
      const same =
        existing.active &&
        existing.unit === row.unit &&
        existing.unitPriceFen === row.unitPriceFen &&
        existing.lowStockThreshold === row.lowStockThreshold;
      if (same) {
        result.unchanged += 1;
        continue;
      }
      await tx.supplyItem.update({
        where: { id: existing.id },
        data: {
          unit: row.unit,
          unitPriceFen: row.unitPriceFen,
          lowStockThreshold: row.lowStockThreshold,
          active: true,
          // A raised threshold may put the item below it: the next issue alerts then.
          lowStockAlerted: existing.lowStockAlerted && existing.stock < row.lowStockThreshold,
          updatedAt: input.now,
        },
      });
      result.updated += 1;
    }
    return result;
  });
}

/** The active catalog, by name then spec. */
export async function listCatalog(db: Db): Promise<CatalogItem[]> {
  return db.supplyItem.findMany({
    where: { active: true },
    orderBy: [{ name: 'asc' }, { spec: 'asc' }],
    select: {
      id: true,
      name: true,
      spec: true,
      unit: true,
      stock: true,
      unitPriceFen: true,
      lowStockThreshold: true,
    },
  });
}

/** What the keeper may change on a catalog item in chat; null leaves it as it is. */
export interface CatalogItemChange {
  unit: string | null;
  unitPriceFen: number | null;
  lowStockThreshold: number | null;
  /** false withdraws the item (no new requests; its ledger stays), true takes it back. */
  active: boolean | null;
}

/**
 * Changes one catalog item (目录维护); the keeper only. Name and specification identify an item
 * and stay; stock changes only through the ledger (入库, 发放, 盘点), never here. A threshold
 * raised above the stock alerts at the next issue that finds it low, as any crossing does.
 * Returns the item before and after.
 */
export async function changeCatalogItem(
  prisma: PrismaClient,
  input: { actorId: string; itemId: string; change: CatalogItemChange; now: Date },
) {
  return prisma.$transaction(async (tx) => {
    await requireRole(tx, input.actorId, [KEEPER_ROLE]);
    const before = await tx.supplyItem.findUnique({ where: { id: input.itemId } });
    if (!before) throw new AppError('supply_item_unknown', 'not in the catalog');
    const { change } = input;
    const after = await tx.supplyItem.update({
      where: { id: before.id },
      data: {
        ...(change.unit !== null ? { unit: change.unit } : {}),
        ...(change.unitPriceFen !== null ? { unitPriceFen: change.unitPriceFen } : {}),
        ...(change.lowStockThreshold !== null
          ? {
              lowStockThreshold: change.lowStockThreshold,
              // Back at or above the new threshold: the next crossing alerts again.
              ...(before.stock >= change.lowStockThreshold ? { lowStockAlerted: false } : {}),
            }
          : {}),
        ...(change.active !== null ? { active: change.active } : {}),
        updatedAt: input.now,
      },
    });
    return { before, after };
  });
}
