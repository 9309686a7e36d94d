// The supply ledger (领用台账) and plan summaries as CSV: UTF-8 with a byte-order mark, like the
// document registers (registerCsv), so Excel opens the Chinese.

import { stringify } from 'csv-stringify/sync';
import { DateTime } from 'luxon';
import { formatFen } from '../../domain/supply/numbers.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { defuseCsvCell } from '../../shared/csv-cell.ts';
import { planSummary } from './plans.ts';

/**
 * CSV as the registers write it (UTF-8 with a byte-order mark, CRLF), except that signed numbers
 * (an issue's −5) stay numbers: only text that would run as a formula is quoted with a '.
 */
export function supplyCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): Buffer {
  const records = [header, ...rows].map((row) =>
    row.map((cell) => defuseCsvCell(cell, { signedNumbers: true })),
  );
  return Buffer.from(
    stringify(records, { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ }),
    'utf8',
  );
}

/** Most ledger rows one export reads. */
export const MAX_LEDGER_ROWS = 20_000;

/** The ledger's columns (Chinese: the ledger is an office record). */
export const LEDGER_HEADER = [
  '日期',
  '时间',
  '品名',
  '规格',
  '单位',
  '类别',
  '数量',
  '结存',
  '单价（元）',
  '供应商',
  '领用部门',
  '申领单',
  '经办人',
  '说明',
] as const;

const KIND_LABELS: Record<string, string> = {
  opening: '期初',
  in: '入库',
  issue: '发放',
  adjust: '盘点调整',
};

/**
 * The ledger of `year` (all years when null) as CSV, oldest first, every entry with the balance
 * after it. Null when there is nothing to export.
 */
export async function ledgerCsv(
  prisma: PrismaClient,
  input: { year: number | null; timeZone: string; departmentName: (id: string) => string },
): Promise<{ csv: Buffer; rows: number } | null> {
  const range =
    input.year === null
      ? {}
      : (() => {
          const start = DateTime.fromObject({ year: input.year }, { zone: input.timeZone }).startOf('year');
          return { at: { gte: start.toJSDate(), lt: start.plus({ years: 1 }).toJSDate() } };
        })();
  const entries = await prisma.supplyLedgerEntry.findMany({
    where: range,
    orderBy: { id: 'asc' },
    take: MAX_LEDGER_ROWS,
    include: { item: true },
  });
  if (entries.length === 0) return null;
  const people = await prisma.person.findMany({
    where: { id: { in: [...new Set(entries.map((e) => e.actorId))] } },
    select: { id: true, name: true },
  });
  const rows = entries.map((e) => {
    const local = DateTime.fromJSDate(e.at).setZone(input.timeZone);
    return [
      e.date,
      local.toFormat('HH:mm'),
      e.item.name,
      e.item.spec,
      e.item.unit,
      KIND_LABELS[e.kind] ?? e.kind,
      String(e.quantity),
      String(e.balanceAfter),
      e.unitPriceFen === null ? '' : formatFen(e.unitPriceFen),
      e.supplier ?? '',
      e.kind === 'issue' && e.reason ? input.departmentName(e.reason) : '',
      e.instanceId ?? '',
      people.find((p) => p.id === e.actorId)?.name ?? e.actorId,
      e.kind === 'adjust' ? (e.reason ?? '') : '',
    ];
  });
  return { csv: supplyCsv(LEDGER_HEADER, rows), rows: rows.length };
}

/**
 * The plan summary of `period` as CSV: one row per item with a column per department, the total,
 * the unit price, the estimate and the stock now; a last row with the estimated total. Null
 * when no department planned for the period.
 */
export async function planSummaryCsv(
  prisma: PrismaClient,
  input: { period: string; departmentName: (id: string) => string },
): Promise<{ csv: Buffer; rows: number; totalFen: number } | null> {
  const summary = await planSummary(prisma, input.period);
  if (summary.rows.length === 0) return null;
  const header = [
    '品名规格',
    '单位',
    ...summary.departments.map(input.departmentName),
    '合计',
    '单价（元）',
    '金额（元）',
    '现有库存',
  ];
  const rows = summary.rows.map((r) => [
    r.label,
    r.unit,
    ...summary.departments.map((d) => String(r.byDepartment.get(d) ?? '')),
    String(r.total),
    formatFen(r.unitPriceFen),
    formatFen(r.estimateFen),
    String(r.stock),
  ]);
  rows.push(['合计', '', ...summary.departments.map(() => ''), '', '', formatFen(summary.totalFen), '']);
  return { csv: supplyCsv(header, rows), rows: summary.rows.length, totalFen: summary.totalFen };
}
