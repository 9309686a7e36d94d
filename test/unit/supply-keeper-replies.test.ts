import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLACK_FORM_BINDINGS } from '../../src/chat/slack/form-bindings.ts';
import { slackFormErrors } from '../../src/chat/slack/form-view.ts';
import { renderMrkdwn } from '../../src/chat/slack/reply-blocks.ts';
import type { SupplyChatService } from '../../src/features/supply/supply-chat.ts';
import { SUPPLY_FORM_IDS } from '../../src/features/supply/supply-forms.ts';
import {
  changeItemWork as changeItem,
  importCatalogWork as importCatalog,
  issueOwedWork as issueOwed,
  type KeeperWork,
  stockInWork as stockIn,
  stockTakeWork as stockTake,
} from '../../src/features/supply/supply-keeper-forms.ts';
import { lowStockAlertRich } from '../../src/features/supply/supply-replies.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { Locale } from '../../src/shared/i18n.ts';

// What the keeper is told on Slack after each of their forms (the import's result or its errors,
// a stock-in, a 补发, an item changed, a stock-take's differences) and the low-stock alert,
// recorded from the Slack code they replaced as JSON fixtures: the neutral texts drawn as mrkdwn
// (refusals beside the fields they name) must equal them.
//
// Deliberate difference: the changed item's DM escaped a changed unit twice (`&amp;lt;盒&amp;gt;`,
// shown as `&lt;盒&gt;`); it is escaped once now and reads `<盒>`.

const DIR = join(import.meta.dirname, 'fixtures', 'supply-replies');

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8'));
}

function matchesFixture(name: string, actual: unknown): void {
  expect(JSON.parse(JSON.stringify(actual))).toEqual(fixture(name));
}

const NASTY = 'A<b>&c*d*';
const before = {
  id: 'i1',
  name: NASTY,
  spec: '<规格>',
  unit: '包',
  stock: 3,
  unitPriceFen: 2350,
  lowStockThreshold: 5,
  active: true,
};

function fakeDeps(over: Record<string, unknown> = {}): SupplyChatService {
  return {
    parseCatalogCsv: (csv: string) =>
      csv === 'bad'
        ? {
            ok: false,
            errors: [
              { line: 3, column: '库存', problem: 'not_count' },
              { line: 4, column: null, problem: 'missing' },
            ],
            missingColumns: [],
            malformedAt: null,
          }
        : csv === 'columns'
          ? { ok: false, errors: [], missingColumns: ['name', 'unit'], malformedAt: null }
          : csv === 'malformed'
            ? { ok: false, errors: [], missingColumns: [], malformedAt: 7 }
            : { ok: true, rows: [] },
    importCatalog: async () => ({
      created: 2,
      updated: 1,
      unchanged: 4,
      stockIgnored: [{ name: NASTY, spec: '<x>', booked: 3, inFile: 9 }],
    }),
    stockIn: async () => ({ balanceAfter: 13, label: `${NASTY}（<x>）`, unit: '<包>' }),
    issueOwed: async () => ({
      label: NASTY,
      quantity: 2,
      unit: '<包>',
      owedAfter: 1,
      balanceAfter: 0,
      requesterId: 'p1',
    }),
    namesOf: async () => new Map([['p1', 'Tom & <Jerry>']]),
    changeItem: async () => ({
      before,
      after: { ...before, unit: '<盒>', unitPriceFen: 2500, lowStockThreshold: 2, active: false },
    }),
    stockTake: async () => [
      { label: NASTY, booked: 3, counted: 5, difference: 2, unit: '<包>' },
      { label: '签字笔', booked: 10, counted: 7, difference: -3, unit: '支' },
    ],
    ...over,
  } as unknown as SupplyChatService;
}

/** The keeper's modals that refuse beside a field: each field sits in one block in all of them. */
const keeperBindings = [SUPPLY_FORM_IDS.import, SUPPLY_FORM_IDS.owed, SUPPLY_FORM_IDS.count].map((formId) => {
  const binding = SLACK_FORM_BINDINGS.get(formId)?.({});
  if (!binding) throw new Error(`the form ${formId} has no Slack binding`);
  return binding;
});

/** A keeper form's refusals by field id, by the blocks of the modal they are shown in. */
const blocksOfFields = (errors: Record<string, string>): Record<string, string> =>
  Object.assign({}, ...keeperBindings.map((binding) => slackFormErrors(binding, errors)));

/** A keeper's form applied, as Slack tells the keeper: mrkdwn, or refusals by block. */
const run = async <T>(work: KeeperWork<T>, value: T, locale: Locale, deps = fakeDeps()) => {
  const outcome = await work(deps, 'keeper', value, locale, 'view:V1');
  return outcome.ok ? renderMrkdwn(outcome.text) : { errors: blocksOfFields(outcome.errors) };
};

describe.each(['zh', 'en'] as const)('what the keeper is told on Slack (%s)', (locale) => {
  it('after an import, and its errors', async () => {
    matchesFixture(`keeper-import.${locale}`, {
      done: await run(importCatalog, 'good', locale),
      bad: await run(importCatalog, 'bad', locale),
      columns: await run(importCatalog, 'columns', locale),
      malformed: await run(importCatalog, 'malformed', locale),
    });
  });

  it('after a stock-in and a 补发, and a 补发 over what is owed', async () => {
    const value = { itemId: 'i1', quantity: 10, priceFen: 100, supplier: 'ACME <&>', date: '2026-12-06' };
    const over = fakeDeps({
      issueOwed: async () => {
        throw new AppError('supply_owed_over', 'over', {
          params: { item: NASTY, owed: 1, unit: '包' },
        });
      },
    });
    matchesFixture(`keeper-stock.${locale}`, {
      stockIn: await run(stockIn, value as never, locale),
      owed: await run(issueOwed, { lineId: 5n, quantity: 2 } as never, locale),
      owedOver: await run(issueOwed, { lineId: 5n, quantity: 9 } as never, locale, over),
    });
  });

  it('after an item changed, or not', async () => {
    const same = fakeDeps({ changeItem: async () => ({ before, after: before }) });
    const recorded = fixture(`keeper-edit.${locale}`) as Record<string, string>;
    // Escaped once now (the deliberate difference above).
    expect(recorded.changed).toContain('&amp;lt;盒&amp;gt;');
    const changed = recorded.changed?.replace('&amp;lt;盒&amp;gt;', '&lt;盒&gt;');
    expect({
      changed: await run(changeItem, { itemId: 'i1' } as never, locale),
      restored: await run(
        changeItem,
        { itemId: 'i1' } as never,
        locale,
        fakeDeps({ changeItem: async () => ({ before: { ...before, active: false }, after: before }) }),
      ),
      none: await run(changeItem, { itemId: 'i1' } as never, locale, same),
    }).toEqual({ ...recorded, changed });
  });

  it('after a stock-take: differences, none, and a reason asked for', async () => {
    const counted = { counted: new Map([['i1', 5]]), reason: '' };
    matchesFixture(`keeper-count.${locale}`, {
      differences: await run(stockTake, counted as never, locale),
      match: await run(stockTake, counted as never, locale, fakeDeps({ stockTake: async () => [] })),
      reason: await run(
        stockTake,
        counted as never,
        locale,
        fakeDeps({
          stockTake: async () => {
            throw new AppError('supply_reason_required', 'reason');
          },
        }),
      ),
    });
  });

  it('the low-stock alert', () => {
    matchesFixture(`keeper-low-stock.${locale}`, {
      text: renderMrkdwn(lowStockAlertRich(locale, { ...before, stock: 1, unit: '<包>' })),
    });
  });
});
