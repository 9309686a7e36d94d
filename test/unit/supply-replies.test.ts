import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tMrkdwn } from '../../src/chat/slack/blocks/mrkdwn.ts';
import {
  buildSupplyCountModal,
  buildSupplyEditModal,
  buildSupplyImportModal,
  buildSupplyOwedBlocks,
  buildSupplyOwedModal,
  buildSupplyPlanModal,
  buildSupplyRequestModal,
  buildSupplyStockInModal,
  buildSupplyStockText,
} from '../../src/chat/slack/supply/blocks.ts';
import {
  inlineNote,
  invalidCommandText,
  planSummaryText,
  prefilledLines,
  supplyHelpText,
} from '../../src/chat/slack/supply/listeners.ts';
import type { CatalogItem } from '../../src/domain/supply/catalog.ts';
import type { SupplyCommand } from '../../src/domain/supply/command.ts';
import type { ResolvedLine } from '../../src/features/supply/supply-chat.ts';
import type { OwedLine } from '../../src/features/supply/supply-forms.ts';
import { type Locale, t } from '../../src/shared/i18n.ts';

// Today's /supply answers on Slack, recorded from the Slack builders as JSON fixtures: the
// ephemeral messages (help, nonsense, the stock list, the owed list with its 补发 buttons, the
// plan summary, the started request, the empty exports) and the modals the sub-commands and the
// 补发 button open. Recorded once with UPDATE_FIXTURES=1; the neutral replies and forms drawn on
// Slack must equal them byte for byte.

const DIR = join(import.meta.dirname, 'fixtures', 'supply-replies');

function matchesFixture(name: string, actual: unknown): void {
  const file = join(DIR, `${name}.json`);
  const json = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env.UPDATE_FIXTURES === '1' || !existsSync(file)) writeFileSync(file, json);
  expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

const LOCALES: readonly Locale[] = ['zh', 'en'];
const NASTY = 'A<b>&c*d*_e_`f`';

const item = (i: number, name: string, over: Partial<CatalogItem> = {}): CatalogItem => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name,
  spec: i % 2 === 0 ? '' : `规格${i}`,
  unit: '包',
  stock: i,
  unitPriceFen: 2350 + i,
  lowStockThreshold: 3,
  ...over,
});
const SMALL = [item(1, '复印纸'), item(2, NASTY, { unit: '<盒>' }), item(7, '签字笔')];
const LONG = Array.from({ length: 200 }, (_, i) => item(i, `物品${i}号很长的名称很长的名称`));

const owedLine = (i: number, over: Partial<OwedLine> = {}): OwedLine => ({
  lineId: String(100 + i),
  label: `复印纸（A4 ${i}）`,
  unit: '包',
  owed: i + 1,
  stock: i % 3,
  requester: '高岩',
  ...over,
});
const OWED = [
  owedLine(0),
  owedLine(1, { label: NASTY, unit: '<&>', requester: 'Tom & <Jerry>*' }),
  owedLine(2),
];
const OWED_LONG = Array.from({ length: 60 }, (_, i) => owedLine(i));

const invalid = (request: Extract<SupplyCommand, { kind: 'invalid' }>) => request;
const INVALID = [
  invalid({ kind: 'invalid', reason: 'quantity', input: '复印纸 -2 <&>*`x`' }),
  invalid({ kind: 'invalid', reason: 'no_item', input: '5' }),
  invalid({ kind: 'invalid', reason: 'quantity_missing', item: '复印<纸>', word: 'abc&' }),
  invalid({ kind: 'invalid', reason: 'too_many', input: 'a 1 b 2' }),
  invalid({ kind: 'invalid', reason: 'period', input: `2026-13\n${'长'.repeat(60)}` }),
  invalid({ kind: 'invalid', reason: 'year', input: '二〇二六' }),
] as const;

const SUMMARY = {
  period: '2026-12',
  departments: ['construction', 'water'],
  totalFen: 123456,
  rows: [
    {
      itemId: 'a',
      label: '复印纸（A4）',
      unit: '包',
      unitPriceFen: 2350,
      byDepartment: new Map([
        ['construction', 5],
        ['water', 2],
      ]),
      total: 7,
      estimateFen: 16450,
      stock: 3,
    },
    {
      itemId: 'b',
      label: NASTY,
      unit: '<&>',
      unitPriceFen: 100,
      byDepartment: new Map([['water<&>', 1]]),
      total: 1,
      estimateFen: 100,
      stock: 0,
    },
  ],
};
const LONG_SUMMARY = {
  ...SUMMARY,
  rows: Array.from({ length: 80 }, (_, i) => ({
    ...SUMMARY.rows[0]!,
    itemId: String(i),
    label: `物品${i}号很长的名称`,
  })),
};
const departmentName = (id: string, locale: Locale) => (locale === 'en' ? `Dept ${id}` : `部门${id}`);

const RESOLVED: ResolvedLine[] = [
  { kind: 'found', item: SMALL[0]!, quantity: 2 },
  { kind: 'ambiguous', typed: '笔<&>', candidates: [SMALL[1]!, SMALL[2]!], quantity: 1 },
  { kind: 'missing', typed: '订书机', quantity: 0 },
  { kind: 'found', item: SMALL[2]!, quantity: 0 },
];

describe.each(LOCALES)('the /supply answers on Slack (%s)', (locale) => {
  it('help', () => {
    matchesFixture(`help.${locale}`, { text: supplyHelpText(locale) });
  });

  it('nonsense, each reason', () => {
    matchesFixture(
      `invalid.${locale}`,
      INVALID.map((request) => ({ text: invalidCommandText(request, locale) })),
    );
  });

  it('the stock list: empty, small with markup in names, long', () => {
    matchesFixture(`stock.empty.${locale}`, { text: buildSupplyStockText([], locale) });
    matchesFixture(`stock.small.${locale}`, { text: buildSupplyStockText(SMALL, locale) });
    matchesFixture(`stock.long.${locale}`, { text: buildSupplyStockText(LONG, locale) });
  });

  it('the owed list: none, a few with markup, more than a message holds', () => {
    matchesFixture(`owed.none.${locale}`, { text: t(locale, 'supply.owed.none') });
    matchesFixture(`owed.small.${locale}`, buildSupplyOwedBlocks(locale, OWED));
    matchesFixture(`owed.long.${locale}`, buildSupplyOwedBlocks(locale, OWED_LONG));
  });

  it('the plan summary: empty, two rows with markup, long', () => {
    matchesFixture(`plan-summary.empty.${locale}`, {
      text: t(locale, 'supply.plan.empty', { period: '2026-12' }),
    });
    matchesFixture(`plan-summary.small.${locale}`, {
      text: planSummaryText(SUMMARY, '2026-12', locale, departmentName),
    });
    matchesFixture(`plan-summary.long.${locale}`, {
      text: planSummaryText(LONG_SUMMARY, '2026-Q1', locale, departmentName),
    });
  });

  it('a started request, the empty exports and the file’s comment', () => {
    matchesFixture(`started.${locale}`, {
      text: tMrkdwn(locale, 'supply.request.started', { title: `申领 ${NASTY}`, person: 'Tom & <Jerry>' }),
    });
    matchesFixture(`exports.${locale}`, {
      ledgerEmpty: { text: t(locale, 'supply.ledger.empty') },
      planEmpty: { text: t(locale, 'supply.plan.empty', { period: '2027-Q1' }) },
      ready: t(locale, 'supply.export.ready', { file: '领用台账-2026.csv', count: 12 }),
    });
  });

  it('the forms the sub-commands and 补发 open', () => {
    const periods = { month: '2027-01', quarter: '2027-Q1' };
    matchesFixture(`forms.${locale}`, {
      request: buildSupplyRequestModal({ locale, catalog: SMALL }),
      requestPrefilled: buildSupplyRequestModal({
        locale,
        catalog: SMALL,
        prefilled: prefilledLines(RESOLVED),
        note: inlineNote(RESOLVED, locale),
      }),
      import: buildSupplyImportModal(locale),
      stockIn: buildSupplyStockInModal({ locale, catalog: SMALL, today: '2026-12-06' }),
      count: buildSupplyCountModal({ locale, catalog: SMALL }),
      edit: buildSupplyEditModal({
        locale,
        items: SMALL.map((i, n) => ({ ...i, active: n !== 1 })),
      }),
      plan: buildSupplyPlanModal({ locale, catalog: SMALL, periods }),
      owed: buildSupplyOwedModal({ locale, line: OWED[1]! }),
    });
  });
});
