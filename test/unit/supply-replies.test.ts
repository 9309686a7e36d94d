import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandAnswer, CommandContext } from '../../src/chat/core/commands.ts';
import { type Reply, textReply } from '../../src/chat/core/reply.ts';
import { SLACK_FORM_BINDINGS } from '../../src/chat/slack/form-bindings.ts';
import { renderSlackModal } from '../../src/chat/slack/form-view.ts';
import { renderMrkdwn, renderReply } from '../../src/chat/slack/reply-blocks.ts';
import type { CatalogItem } from '../../src/domain/supply/catalog.ts';
import type { SupplyCommand } from '../../src/domain/supply/command.ts';
import type { ResolvedLine } from '../../src/features/supply/supply-chat.ts';
import { answerSupply, type SupplyCommandDeps } from '../../src/features/supply/supply-commands.ts';
import type { OwedLine } from '../../src/features/supply/supply-forms.ts';
import { owedButton } from '../../src/features/supply/supply-keeper-commands.ts';
import {
  invalidCommandRich,
  supplyHelpReply,
  supplyOwedReply,
  supplyPlanSummaryReply,
  supplyStartedReply,
  supplyStockReply,
} from '../../src/features/supply/supply-replies.ts';
import type { Locale } from '../../src/shared/i18n.ts';
import { silentLogger } from '../support/databases.ts';

// The /supply answers on Slack, recorded as JSON fixtures from the Slack builders they replaced
// (the ephemeral messages: help, nonsense, the stock list, the owed list with its 补发 buttons,
// the plan summary, the started request, the empty exports; and the modals the sub-commands and
// the 补发 button open). The neutral replies and forms, drawn by the Slack renderer and the form
// bindings, must equal them byte for byte, except where said below.
//
// Deliberate differences:
// - The stock list escaped the item's name but not its unit; every run is escaped now, so a unit
//   typed as `<盒>` reads `&lt;盒&gt;` (it could have made a link or a mention).
// - A list longer than a message holds was cut at 3,000 characters of mrkdwn; it is cut at 3,000
//   characters as read now (the bold marks and escapes not counted), so the cut may fall a few
//   characters later: the text up to the old cut is the same.

const DIR = join(import.meta.dirname, 'fixtures', 'supply-replies');

/** The fixture `name`, recorded from the Slack builders before the neutral replies replaced them. */
function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8'));
}

/** A reply as the Slack glue sends it. */
const onSlack = (reply: Reply) => JSON.parse(JSON.stringify(renderReply(reply)));

/** A form answer as the Slack glue opens it: its spec in the modal its binding lays out. */
function modalOf(answer: CommandAnswer, locale: Locale) {
  if (answer.kind !== 'form') throw new Error(`expected a form, got ${answer.kind}`);
  const binding = SLACK_FORM_BINDINGS.get(answer.form.formId);
  if (!binding) throw new Error(`no Slack binding for ${answer.form.formId}`);
  return JSON.parse(JSON.stringify(renderSlackModal(answer.form.spec, binding(answer.form.params), locale)));
}

function replyOf(answer: CommandAnswer): Reply {
  if (answer.kind !== 'reply') throw new Error(`expected a reply, got ${answer.kind}`);
  return answer.reply;
}

/**
 * A text cut later than the recorded one (see the deliberate differences above): the same up to
 * the recorded cut, and no longer than the limit as read.
 */
function expectCutLater(actual: string, recorded: string): void {
  expect(recorded.endsWith('…')).toBe(true);
  expect(actual.endsWith('…')).toBe(true);
  expect(actual.startsWith(recorded.slice(0, -1))).toBe(true);
  expect(actual.length).toBeGreaterThan(recorded.length);
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
const PAPER = item(1, '复印纸');
const MARKUP = item(2, NASTY, { unit: '<盒>' });
const PEN = item(7, '签字笔');
const SMALL = [PAPER, MARKUP, PEN];
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
const OWED_MARKUP = owedLine(1, { label: NASTY, unit: '<&>', requester: 'Tom & <Jerry>*' });
const OWED = [owedLine(0), OWED_MARKUP, owedLine(2)];
const OWED_LONG = Array.from({ length: 60 }, (_, i) => owedLine(i));

const invalid = (request: Extract<SupplyCommand, { kind: 'invalid' }>) => request;
const INVALID = [
  invalid({ kind: 'invalid', reason: 'quantity', input: '复印纸 -2 <&>*`x`' }),
  invalid({ kind: 'invalid', reason: 'no_item', input: '5' }),
  invalid({
    kind: 'invalid',
    reason: 'quantity_missing',
    input: '复印<纸>abc&',
    item: '复印<纸>',
    word: 'abc&',
  }),
  invalid({ kind: 'invalid', reason: 'too_many', input: 'a 1 b 2' }),
  invalid({ kind: 'invalid', reason: 'period', input: `2026-13\n${'长'.repeat(60)}` }),
  invalid({ kind: 'invalid', reason: 'year', input: '二〇二六' }),
] as const;

const SUMMARY_ROW = {
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
};

const SUMMARY = {
  period: '2026-12',
  departments: ['construction', 'water'],
  totalFen: 123456,
  rows: [
    SUMMARY_ROW,
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
    ...SUMMARY_ROW,
    itemId: String(i),
    label: `物品${i}号很长的名称`,
  })),
};
const departmentName = (id: string, locale: Locale) => (locale === 'en' ? `Dept ${id}` : `部门${id}`);

const RESOLVED: ResolvedLine[] = [
  { kind: 'found', item: PAPER, quantity: 2 },
  { kind: 'ambiguous', typed: '笔<&>', candidates: [MARKUP, PEN], quantity: 1 },
  { kind: 'missing', typed: '订书机', quantity: 0 },
  { kind: 'found', item: PEN, quantity: 0 },
];

const context = (locale: Locale): CommandContext => ({
  workspaceId: 'T1',
  actor: { personId: 'keeper' } as CommandContext['actor'],
  locale,
  dedupeKey: 'command:trigger',
  log: silentLogger,
});

/** The services `/supply` calls, answering with the data above. */
function fakeDeps(): SupplyCommandDeps {
  const deps = {
    catalog: async () => SMALL,
    allItems: async () => SMALL.map((i, n) => ({ ...i, active: n !== 1 })),
    today: () => '2026-12-06',
    nextPeriods: () => ({ month: '2027-01', quarter: '2027-Q1' }),
    checkKeeper: async (id: string) => id,
    checkOffice: async (id: string) => id,
    resolveLines: async () => ({ catalog: SMALL, resolved: RESOLVED, quantityMissing: null }),
    owed: async () =>
      OWED.map(({ requester, ...line }) => ({
        ...line,
        requesterId: requester,
        instanceId: 'i',
        issuedAt: new Date(),
      })),
    namesOf: async (ids: readonly string[]) => new Map(ids.map((id) => [id, id])),
    defaultPeriod: () => '2027-Q1',
    ledgerCsv: async () => null,
    planSummaryCsv: async () => null,
  };
  return deps as unknown as SupplyCommandDeps;
}

describe.each(LOCALES)('the /supply answers on Slack (%s)', (locale) => {
  it('help', () => {
    expect(onSlack(supplyHelpReply(locale))).toEqual(fixture(`help.${locale}`));
  });

  it('nonsense, each reason', () => {
    expect(INVALID.map((request) => onSlack(textReply(invalidCommandRich(request, locale))))).toEqual(
      fixture(`invalid.${locale}`),
    );
  });

  it('the stock list: empty, small with markup in names, long', () => {
    expect(onSlack(supplyStockReply([], locale))).toEqual(fixture(`stock.empty.${locale}`));
    // The unit is escaped now (a deliberate difference).
    const small = fixture(`stock.small.${locale}`) as { text: string };
    expect(small.text).toContain('<盒>');
    expect(onSlack(supplyStockReply(SMALL, locale))).toEqual({
      text: small.text.replaceAll('<盒>', '&lt;盒&gt;'),
    });
    const long = fixture(`stock.long.${locale}`) as { text: string };
    expectCutLater(onSlack(supplyStockReply(LONG, locale)).text, long.text);
  });

  it('the owed list: none, a few with markup, more than a message holds', () => {
    expect(onSlack(supplyOwedReply(locale, []))).toEqual(fixture(`owed.none.${locale}`));
    expect(onSlack(supplyOwedReply(locale, OWED))).toEqual(fixture(`owed.small.${locale}`));
    expect(onSlack(supplyOwedReply(locale, OWED_LONG))).toEqual(fixture(`owed.long.${locale}`));
  });

  it('the plan summary: empty, two rows with markup, long', () => {
    const empty = { ...SUMMARY, rows: [] };
    expect(onSlack(supplyPlanSummaryReply(empty, '2026-12', locale, departmentName))).toEqual(
      fixture(`plan-summary.empty.${locale}`),
    );
    expect(onSlack(supplyPlanSummaryReply(SUMMARY, '2026-12', locale, departmentName))).toEqual(
      fixture(`plan-summary.small.${locale}`),
    );
    const long = fixture(`plan-summary.long.${locale}`) as { text: string };
    const text = onSlack(supplyPlanSummaryReply(LONG_SUMMARY, '2026-Q1', locale, departmentName)).text;
    if (long.text.endsWith('…')) expectCutLater(text, long.text);
    else expect(text).toBe(long.text);
  });

  it('a started request, the empty exports and the file’s comment', async () => {
    expect(
      onSlack(supplyStartedReply(locale, { title: `申领 ${NASTY}`, firstReviewer: 'Tom & <Jerry>' })),
    ).toEqual(fixture(`started.${locale}`));
    const deps = fakeDeps();
    const recorded = fixture(`exports.${locale}`);
    const ledger = await answerSupply(deps, 'ledger', context(locale));
    const plan = await answerSupply(deps, 'plan export 2027-Q1', context(locale));
    const ready = await answerSupply(
      { ...deps, ledgerCsv: async () => ({ csv: Buffer.from('x'), rows: 12 }) },
      'ledger 2026',
      context(locale),
    );
    expect(ready).toMatchObject({ kind: 'file', file: { filename: '领用台账-2026.csv' } });
    expect({
      ledgerEmpty: onSlack(replyOf(ledger)),
      planEmpty: onSlack(replyOf(plan)),
      ready: ready.kind === 'file' ? renderMrkdwn(ready.file.comment) : null,
    }).toEqual(recorded);
  });

  it('the forms the sub-commands and 补发 open', async () => {
    const deps = fakeDeps();
    const ask = async (text: string) => modalOf(await answerSupply(deps, text, context(locale)), locale);
    const owed = await owedButton(deps).press(OWED_MARKUP.lineId, context(locale));
    const recorded = fixture(`forms.${locale}`) as Record<string, unknown>;
    expect({
      request: await ask(''),
      requestPrefilled: await ask('复印纸 2 笔 1 订书机'),
      import: await ask('import'),
      stockIn: await ask('in'),
      count: await ask('count'),
      edit: await ask('edit'),
      plan: await ask('plan'),
      owed: modalOf(owed, locale),
    }).toEqual(recorded);
  });
});
