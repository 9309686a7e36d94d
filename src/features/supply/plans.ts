// Supply plans (采购计划): each department's plan for a month or a quarter, and the office's
// summary per item and department with the cost estimate at the catalog's prices.

import { itemLabel } from '../../domain/supply/catalog.ts';
import { PeriodSchema } from '../../domain/supply/command.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { AppError } from '../../shared/errors.ts';

/**
 * Records a department's plan for `period`, replacing an earlier one of the same department and
 * period. The department is the submitter's own. Throws `supply_period_invalid` or `supply_no_lines`.
 */
export async function submitPlan(
  prisma: PrismaClient,
  input: {
    personId: string;
    period: string;
    lines: ReadonlyArray<{ itemId: string; quantity: number }>;
    now: Date;
  },
): Promise<{ departmentId: string; lines: number }> {
  if (!PeriodSchema.safeParse(input.period).success) {
    throw new AppError('supply_period_invalid', 'bad period', { params: { period: input.period } });
  }
  const lines = input.lines.filter((l) => l.quantity > 0);
  if (lines.length === 0) throw new AppError('supply_no_lines', 'a plan needs an item and a quantity');
  return prisma.$transaction(async (tx) => {
    const person = await tx.person.findUnique({
      where: { id: input.personId },
      select: { departmentId: true },
    });
    if (!person?.departmentId) throw new AppError('supply_no_department', 'the person has no department');
    const merged = new Map<string, number>();
    for (const l of lines) merged.set(l.itemId, (merged.get(l.itemId) ?? 0) + l.quantity);
    const known = await tx.supplyItem.count({ where: { id: { in: [...merged.keys()] }, active: true } });
    if (known !== merged.size) throw new AppError('supply_item_unknown', 'not in the catalog');
    const plan = await tx.supplyPlan.upsert({
      where: { departmentId_period: { departmentId: person.departmentId, period: input.period } },
      create: {
        departmentId: person.departmentId,
        period: input.period,
        submittedById: input.personId,
        submittedAt: input.now,
      },
      update: { submittedById: input.personId, submittedAt: input.now },
      select: { id: true },
    });
    await tx.supplyPlanLine.deleteMany({ where: { planId: plan.id } });
    await tx.supplyPlanLine.createMany({
      data: [...merged].map(([itemId, quantity]) => ({ planId: plan.id, itemId, quantity })),
    });
    return { departmentId: person.departmentId, lines: merged.size };
  });
}

/** One item of a period's summary: quantities per department, the total and the estimate. */
export interface PlanSummaryRow {
  itemId: string;
  label: string;
  unit: string;
  unitPriceFen: number;
  /** Department id → quantity planned. */
  byDepartment: Map<string, number>;
  total: number;
  /** total × the catalog's unit price, in fen. */
  estimateFen: number;
  /** On the shelf now, so the office sees what must be bought. */
  stock: number;
}

/** The summary of every plan for `period`, by item (name order), with departments and the grand total. */
export async function planSummary(
  prisma: PrismaClient,
  period: string,
): Promise<{ period: string; rows: PlanSummaryRow[]; departments: string[]; totalFen: number }> {
  const plans = await prisma.supplyPlan.findMany({
    where: { period },
    include: { lines: { include: { item: true } } },
    orderBy: { departmentId: 'asc' },
  });
  const rows = new Map<string, PlanSummaryRow>();
  for (const plan of plans) {
    for (const line of plan.lines) {
      const row =
        rows.get(line.itemId) ??
        ({
          itemId: line.itemId,
          label: itemLabel(line.item),
          unit: line.item.unit,
          unitPriceFen: line.item.unitPriceFen,
          byDepartment: new Map(),
          total: 0,
          estimateFen: 0,
          stock: line.item.stock,
        } satisfies PlanSummaryRow);
      row.byDepartment.set(plan.departmentId, (row.byDepartment.get(plan.departmentId) ?? 0) + line.quantity);
      row.total += line.quantity;
      row.estimateFen = row.total * row.unitPriceFen;
      rows.set(line.itemId, row);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.label.localeCompare(b.label, 'zh'));
  return {
    period,
    rows: sorted,
    departments: plans.map((p) => p.departmentId),
    totalFen: sorted.reduce((sum, r) => sum + r.estimateFen, 0),
  };
}
