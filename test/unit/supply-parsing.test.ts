import { describe, expect, it } from 'vitest';
import { type FormSpec, type FormValues, formText } from '../../src/chat/core/form-spec.ts';
import { plainOf, textReply } from '../../src/chat/core/reply.ts';
import { SLACK_FORM_BINDINGS } from '../../src/chat/slack/form-bindings.ts';
import { type SlackFieldBinding, slackFormErrors } from '../../src/chat/slack/form-view.ts';
import { renderReply } from '../../src/chat/slack/reply-blocks.ts';
import { readSpecModal } from '../../src/chat/slack/spec-modal.ts';
import type { SlackViewStateValues } from '../../src/chat/slack/view-state.ts';
import type { CatalogItem } from '../../src/domain/supply/catalog.ts';
import { matchItem } from '../../src/domain/supply/catalog.ts';
import { parseSupplyCommand, quantityMissingIn } from '../../src/domain/supply/command.ts';
import { formatFen, parsePriceFen, parseQuantity } from '../../src/domain/supply/numbers.ts';
import { nextPeriods } from '../../src/domain/supply/period.ts';
import { countDifferences } from '../../src/domain/supply/stock-take.ts';
import { parseCatalogCsv } from '../../src/features/supply/catalog.ts';
import { issuedLinesOf, parseIssueParam, requestLinesOf } from '../../src/features/supply/requests.ts';
import {
  readSupplyEditForm,
  readSupplyIssueForm,
  readSupplyRequestForm,
  SUPPLY_FORM_IDS,
  type SupplyFormReading,
  supplyEditFormSpec,
  supplyIssueFormSpec,
  supplyRequestFormSpec,
} from '../../src/features/supply/supply-forms.ts';
import { invalidCommandRich } from '../../src/features/supply/supply-replies.ts';

// Reading what people type for office supplies: the /supply command, quantities and prices with
// full-width digits, the catalog CSV with bad rows named by line, and the forms.

/** A catalog item of the given id, as the forms offer it. */
const catalogItem = (id: string): CatalogItem => ({
  id,
  name: '复印纸',
  spec: '',
  unit: '包',
  stock: 10,
  unitPriceFen: 100,
  lowStockThreshold: 0,
});

/**
 * A /supply modal's submission as Slack's form glue reads it: by the form's binding, checked by the
 * spec its handler draws, then read by the feature; refusals by the blocks they are shown under.
 */
function readModal<T>(
  formId: string,
  spec: FormSpec,
  values: SlackViewStateValues,
  locale: 'zh' | 'en',
  read: (values: FormValues) => SupplyFormReading<T>,
): { ok: true; value: T } | { ok: false; errors: Record<string, string> } {
  const binding = SLACK_FORM_BINDINGS.get(formId)?.({});
  if (!binding) throw new Error(`no Slack binding for ${formId}`);
  // The fields the spec has (a per-item form's slots are made for its items).
  const fields: Record<string, SlackFieldBinding> = {};
  for (const field of spec.fields) {
    const slot = binding.fields[field.id];
    if (slot) fields[field.id] = slot;
  }
  const checked = readSpecModal(spec, fields, values, locale, (v): FormValues => v);
  if (!checked.ok) return checked;
  const reading = read(checked.value);
  if (reading.ok) return reading;
  const words = Object.fromEntries(Object.entries(reading.errors).map(([f, w]) => [f, formText(w, locale)]));
  return { ok: false, errors: slackFormErrors({ ...binding, fields }, words) };
}

const parseSupplyEditSubmission = (values: SlackViewStateValues, locale: 'zh' | 'en') =>
  readModal(
    SUPPLY_FORM_IDS.edit,
    supplyEditFormSpec({ items: [{ ...catalogItem('i1'), active: true }] }),
    values,
    locale,
    readSupplyEditForm,
  );
/** The item the form tests below pick. */
const FORM_ITEM = '0b7e3f0a-7c44-4c59-8a55-1f3e6e0b8f11';

const parseSupplyRequestSubmission = (
  values: SlackViewStateValues,
  locale: 'zh' | 'en',
  itemId = FORM_ITEM,
) =>
  readModal(
    SUPPLY_FORM_IDS.request,
    supplyRequestFormSpec({ catalog: [catalogItem(itemId)] }),
    values,
    locale,
    readSupplyRequestForm,
  );
const parseSupplyIssueSubmission = (
  values: SlackViewStateValues,
  locale: 'zh' | 'en',
  itemId = FORM_ITEM,
) => {
  const spec = supplyIssueFormSpec({ lines: [{ itemId, label: '', unit: '', requested: 0, stock: 0 }] });
  return readModal(SUPPLY_FORM_IDS.issue, spec, values, locale, (read) => readSupplyIssueForm(spec, read));
};

describe('the /supply command', () => {
  it.each([
    ['', { kind: 'form' }],
    ['help', { kind: 'help' }],
    ['库存', { kind: 'stock' }],
    ['import', { kind: 'import' }],
    ['入库', { kind: 'stock_in' }],
    ['盘点', { kind: 'count' }],
    ['owed', { kind: 'owed' }],
    ['edit', { kind: 'edit' }],
    ['修改', { kind: 'edit' }],
    ['ledger', { kind: 'ledger', year: null }],
    ['台账 2026', { kind: 'ledger', year: 2026 }],
    ['plan', { kind: 'plan' }],
    ['plan summary 2027-q1', { kind: 'plan_summary', period: '2027-Q1' }],
    ['计划 导出 2026-12', { kind: 'plan_export', period: '2026-12' }],
  ])('reads %j', (text, expected) => {
    expect(parseSupplyCommand(text)).toEqual(expected);
  });

  it('reads an inline request with ASCII or full-width digits and spaces, glued or apart', () => {
    expect(parseSupplyCommand('A4纸 5')).toEqual({ kind: 'inline', lines: [{ item: 'A4纸', quantity: 5 }] });
    expect(parseSupplyCommand('A4纸　５')).toEqual({
      kind: 'inline',
      lines: [{ item: 'A4纸', quantity: 5 }],
    });
    expect(parseSupplyCommand('A4纸５ 签字笔×２')).toEqual({
      kind: 'inline',
      lines: [
        { item: 'A4纸', quantity: 5 },
        { item: '签字笔', quantity: 2 },
      ],
    });
  });

  it('keeps a name without a quantity for the form (quantity 0)', () => {
    expect(parseSupplyCommand('签字笔')).toEqual({
      kind: 'inline',
      lines: [{ item: '签字笔', quantity: 0 }],
    });
  });

  it.each([
    ['5', 'no_item'],
    ['A4纸 0', 'quantity'],
    ['A4纸 -3', 'quantity'],
    ['A4纸 2.5', 'quantity'],
    ['plan summary 2026-13', 'period'],
    ['ledger 26', 'year'],
  ])('refuses %j as %s', (text, reason) => {
    expect(parseSupplyCommand(text)).toMatchObject({ kind: 'invalid', reason });
  });

  // What the listener checks once the catalog is read: a typed line names an item when the lookup
  // finds it or offers candidates.
  const CATALOG = [
    { name: '铅笔', spec: 'HB' },
    { name: '复印纸', spec: 'A4 70g' },
  ];
  const missingIn = (text: string) => {
    const parsed = parseSupplyCommand(text);
    if (parsed.kind !== 'inline') throw new Error(`${text} was read as ${parsed.kind}`);
    return quantityMissingIn(parsed.lines, (line) => matchItem(CATALOG, line.item).kind !== 'missing');
  };

  it('says the quantity is missing when a word stands where it goes, in Chinese and English', () => {
    const missing = missingIn('不存在的东西 abc');
    expect(missing).toEqual({
      kind: 'invalid',
      reason: 'quantity_missing',
      input: '不存在的东西 abc',
      item: '不存在的东西',
      word: 'abc',
    });
    // Full-width letters too (an IME in full-width mode); an item of the catalog before the word.
    expect(missingIn('复印纸 ａｂｃ')).toMatchObject({
      reason: 'quantity_missing',
      item: '复印纸',
      word: 'ａｂｃ',
    });
    expect(missingIn('铅笔 five')).toMatchObject({ item: '铅笔', word: 'five' });
    // After a line with its quantity: the second line's word stands where its quantity goes.
    expect(missingIn('复印纸 5 签字笔 abc')).toMatchObject({ item: '签字笔', word: 'abc' });
    if (!missing) throw new Error('not refused');
    expect(plainOf(invalidCommandRich(missing, 'zh'))).toBe(
      '“不存在的东西”后面缺少数量：“abc”不是数量。请在物品名称后写数字，如 /supply A4纸 5。什么也没有改动。',
    );
    expect(plainOf(invalidCommandRich(missing, 'en'))).toBe(
      'No quantity after “不存在的东西”: “abc” is not a number. Write the quantity after the item, e.g. /supply A4纸 5. Nothing was changed.',
    );
    // What was typed is echoed, and escaped when drawn on Slack.
    const hostile = missingIn('<!channel>纸 abc');
    if (!hostile) throw new Error('not refused');
    expect(renderReply(textReply(invalidCommandRich(hostile, 'zh'))).text).toContain('“&lt;!channel&gt;纸”');
  });

  it('keeps a name whose last word is Latin letters for the form when the whole name is a catalog item', () => {
    // 铅笔 HB is in the catalog: the form, pre-filled, as for any name typed without a quantity.
    expect(parseSupplyCommand('铅笔 HB')).toEqual({
      kind: 'inline',
      lines: [{ item: '铅笔 HB', quantity: 0, countWord: 'HB' }],
    });
    expect(missingIn('铅笔 HB')).toBeNull();
    // Compared in NFKC, as the lookup does: full-width letters are the same spec.
    expect(missingIn('铅笔 ＨＢ')).toBeNull();
    expect(missingIn('复印纸 5 铅笔 hb')).toBeNull();
    // No Latin word where the quantity goes: a name for the form, whatever the catalog has.
    expect(missingIn('不存在的东西')).toBeNull();
    expect(missingIn('签字笔 0.5mm')).toBeNull();
    expect(missingIn('abc')).toBeNull();
  });

  it('still takes a name with a model number or a quantity after a Latin word', () => {
    expect(parseSupplyCommand('铅笔 HB 5')).toEqual({
      kind: 'inline',
      lines: [{ item: '铅笔 HB', quantity: 5 }],
    });
    expect(parseSupplyCommand('签字笔 0.5mm')).toEqual({
      kind: 'inline',
      lines: [{ item: '签字笔 0.5mm', quantity: 0 }],
    });
  });

  it('refuses more than ten inline lines', () => {
    const text = Array.from({ length: 11 }, (_, i) => `物品${'甲乙丙丁戊己庚辛壬癸子'[i]} 1`).join(' ');
    expect(parseSupplyCommand(text)).toMatchObject({ kind: 'invalid', reason: 'too_many' });
  });
});

describe('quantities and prices', () => {
  it('reads whole quantities with full-width digits and refuses the rest', () => {
    expect(parseQuantity('１２')).toBe(12);
    expect(parseQuantity(' 0 ')).toBe(0);
    expect(parseQuantity('-1')).toBeNull();
    expect(parseQuantity('1.5')).toBeNull();
    expect(parseQuantity('二')).toBeNull();
    expect(parseQuantity('1000000')).toBeNull();
  });

  it('reads prices in yuan into fen and formats them back', () => {
    expect(parsePriceFen('23.5')).toBe(2350);
    expect(parsePriceFen('¥２３.５０')).toBe(2350);
    expect(parsePriceFen('8元')).toBe(800);
    expect(parsePriceFen('1.234')).toBeNull();
    expect(parsePriceFen('abc')).toBeNull();
    expect(formatFen(2350)).toBe('23.50');
    expect(formatFen(5)).toBe('0.05');
  });
});

describe('finding an item', () => {
  const catalog = [
    { id: 'a', name: 'A4纸', spec: '70g' },
    { id: 'b', name: 'A4纸', spec: '80g' },
    { id: 'c', name: '签字笔', spec: '0.5mm 黑' },
    { id: 'd', name: '订书机', spec: '' },
  ];
  it('finds by name, by name and spec, or by a unique part of them', () => {
    expect(matchItem(catalog, '签字笔')).toEqual({ kind: 'found', item: catalog[2] });
    expect(matchItem(catalog, 'A4纸（80g）')).toEqual({ kind: 'found', item: catalog[1] });
    expect(matchItem(catalog, 'a4纸 70G')).toEqual({ kind: 'found', item: catalog[0] });
    expect(matchItem(catalog, '订书')).toEqual({ kind: 'found', item: catalog[3] });
  });
  it('matches full-width letters and digits to their ASCII forms (what a Chinese IME types)', () => {
    const paper = [{ id: 'p', name: 'A4纸', spec: '' }, ...catalog.slice(2)];
    const typed = parseSupplyCommand('Ａ４纸 ５');
    expect(typed).toEqual({ kind: 'inline', lines: [{ item: 'Ａ4纸', quantity: 5 }] });
    if (typed.kind !== 'inline') throw new Error('not inline');
    expect(matchItem(paper, typed.lines[0]?.item ?? '')).toEqual({ kind: 'found', item: paper[0] });
    expect(matchItem(catalog, 'Ａ４纸（８０ｇ）')).toEqual({ kind: 'found', item: catalog[1] });
    expect(matchItem(catalog, 'ａ４纸　７０Ｇ')).toEqual({ kind: 'found', item: catalog[0] });
    // And the other way round: a catalog name typed in full-width, looked up in ASCII.
    expect(matchItem([{ id: 'w', name: 'Ｕ盘', spec: '３２ＧＢ' }], 'u盘 32gb')).toMatchObject({
      kind: 'found',
    });
  });
  it('says ambiguous when several items match and missing when none does', () => {
    expect(matchItem(catalog, 'A4纸')).toEqual({ kind: 'ambiguous', candidates: [catalog[0], catalog[1]] });
    expect(matchItem(catalog, '复印机')).toEqual({ kind: 'missing' });
  });
});

describe('the catalog CSV', () => {
  const header = '品名,规格,单位,库存,单价,预警值';
  it('reads a unit typed in full-width letters as ASCII, and keeps the name as typed', () => {
    const parsed = parseCatalogCsv(`${header}\n硒鼓（黑色）,ＨＰ　８８Ａ,ｋｇ,2,1,1\n`);
    expect(parsed).toMatchObject({ ok: true, rows: [{ name: '硒鼓（黑色）', unit: 'kg' }] });
    const edited = parseSupplyEditSubmission(
      {
        supply_item_one: { supply_item_select: { selected_option: { value: 'i1' } } },
        supply_unit: { supply_unit_input: { value: ' ｋｇ ' } },
      },
      'zh',
    );
    expect(edited).toMatchObject({ ok: true, value: { itemId: 'i1', unit: 'kg' } });
  });

  it('reads a file with a byte-order mark, Chinese headers in any order and full-width digits', () => {
    const parsed = parseCatalogCsv(
      `\ufeff单位,品名,单价,库存,预警值\r\n包,A4纸,23.5,２０,5\r\n支,签字笔,2,100,20\r\n`,
    );
    expect(parsed).toEqual({
      ok: true,
      rows: [
        { line: 2, name: 'A4纸', spec: '', unit: '包', stock: 20, unitPriceFen: 2350, lowStockThreshold: 5 },
        {
          line: 3,
          name: '签字笔',
          spec: '',
          unit: '支',
          stock: 100,
          unitPriceFen: 200,
          lowStockThreshold: 20,
        },
      ],
    });
  });

  it('names every bad row with its line and column and loads none', () => {
    const parsed = parseCatalogCsv(
      [
        header,
        'A4纸,70g,包,20,23.5,5',
        ',70g,包,1,1,1',
        '签字笔,,支,many,2,20',
        '订书机,,个,3,free,1',
        'A4纸,70g,包,1,1,1',
        '胶水,,瓶,1',
      ].join('\n'),
    );
    expect(parsed).toEqual({
      ok: false,
      missingColumns: [],
      malformedAt: null,
      errors: [
        { line: 3, column: '品名', problem: 'missing' },
        { line: 4, column: '库存', problem: 'not_quantity' },
        { line: 5, column: '单价', problem: 'not_price' },
        { line: 6, column: null, problem: 'duplicate' },
        { line: 7, column: null, problem: 'column_count' },
      ],
    });
  });

  it('reports missing columns and malformed quoting', () => {
    expect(parseCatalogCsv('品名,单位\nA4纸,包\n')).toMatchObject({
      ok: false,
      missingColumns: ['stock', 'unitPrice', 'threshold'],
    });
    expect(parseCatalogCsv(`${header}\n"A4纸,70g,包,1,1,1\n`)).toMatchObject({ ok: false, malformedAt: 2 });
  });
});

describe('stock-take differences', () => {
  it('lists only the counted items that differ, with the sign of the difference', () => {
    const books = [
      { itemId: 'a', stock: 10 },
      { itemId: 'b', stock: 5 },
      { itemId: 'c', stock: 7 },
    ];
    expect(
      countDifferences(
        books,
        new Map([
          ['a', 8],
          ['b', 5],
          ['c', 9],
        ]),
      ),
    ).toEqual([
      { itemId: 'a', booked: 10, counted: 8, difference: -2 },
      { itemId: 'c', booked: 7, counted: 9, difference: 2 },
    ]);
    expect(countDifferences(books, new Map())).toEqual([]);
  });
});

describe('plan periods', () => {
  it('offers the next month and quarter in the unit’s time zone', () => {
    // 2026-12-31 17:00 UTC is already 2027-01-01 in Shanghai.
    expect(nextPeriods(new Date('2026-12-31T17:00:00Z'), 'Asia/Shanghai')).toEqual({
      month: '2027-02',
      quarter: '2027-Q2',
    });
  });
});

describe('the supply forms', () => {
  const line = (n: number, itemId: string | null, quantity: string) => ({
    [`supply_item:${n}`]: {
      supply_item_select: itemId
        ? { type: 'static_select', selected_option: { value: itemId } }
        : { type: 'static_select', selected_option: null },
    },
    [`supply_qty:${n}`]: { supply_quantity_input: { type: 'plain_text_input', value: quantity } },
  });
  const id = FORM_ITEM;

  it('reads lines and the reason, full-width quantities included', () => {
    const parsed = parseSupplyRequestSubmission(
      {
        ...line(1, id, '３'),
        ...line(2, null, ''),
        supply_reason: { supply_reason_input: { value: ' 会议用 ' } },
      },
      'zh',
    );
    expect(parsed).toEqual({ ok: true, value: { lines: [{ itemId: id, quantity: 3 }], reason: '会议用' } });
  });

  it('puts an error beside a line with an item but no quantity, or a quantity but no item', () => {
    const parsed = parseSupplyRequestSubmission({ ...line(1, id, ''), ...line(2, null, '4') }, 'en');
    expect(parsed).toEqual({
      ok: false,
      errors: { 'supply_qty:1': 'Enter a whole number of 1 or more.', 'supply_item:2': 'Choose an item.' },
    });
    expect(parseSupplyRequestSubmission({}, 'zh')).toMatchObject({
      ok: false,
      errors: { 'supply_item:1': expect.any(String) },
    });
  });

  it('reads the issue form per item, 0 allowed, with the reason for what is owed, and refuses a non-number', () => {
    expect(
      parseSupplyIssueSubmission(
        { [`supply_issue:${id}`]: { supply_quantity_input: { value: '０' } } },
        'zh',
      ),
    ).toEqual({ ok: true, value: { quantities: new Map([[id, 0]]), reason: '' } });
    expect(
      parseSupplyIssueSubmission(
        {
          [`supply_issue:${id}`]: { supply_quantity_input: { value: '0' } },
          supply_reason: { supply_reason_input: { value: ' 无货 ' } },
        },
        'zh',
      ),
    ).toEqual({ ok: true, value: { quantities: new Map([[id, 0]]), reason: '无货' } });
    expect(
      parseSupplyIssueSubmission({ [`supply_issue:${id}`]: { supply_quantity_input: { value: 'x' } } }, 'zh'),
    ).toMatchObject({ ok: false, errors: { [`supply_issue:${id}`]: expect.any(String) } });
  });

  it('reads the issue param as the hook gets it and refuses a forged one', () => {
    expect(parseIssueParam([`${id}:3`])).toEqual(new Map([[id, 3]]));
    expect(parseIssueParam([`${id}:3`, `${id}:4`])).toBeNull();
    expect(parseIssueParam(`${id}:3`)).toBeNull();
    expect(parseIssueParam([`${id}:-3`])).toBeNull();
  });
});

describe('a supply request’s lines', () => {
  const line = {
    itemId: '0b8f3a52-6a43-4d8e-9a3c-0f2f4c1d9e01',
    name: '复印纸',
    spec: 'A4 70g',
    unit: '包',
    quantity: 5,
  };
  const issued = { itemId: line.itemId, issued: 3, owed: 2, balanceAfter: 0 };

  it('are read from the records the request keeps', () => {
    expect(requestLinesOf({ params: { supplyLines: [line] } })).toEqual([line]);
    expect(issuedLinesOf({ params: { supplyIssued: [issued] } })).toEqual([issued]);
  });

  it('are read as well from a request started before, which kept them as JSON inside a text', () => {
    expect(requestLinesOf({ params: { supplyLines: JSON.stringify([line]) } })).toEqual([line]);
    expect(issuedLinesOf({ params: { supplyIssued: JSON.stringify([issued]) } })).toEqual([issued]);
  });

  it('are none when the param is missing, not JSON or not lines', () => {
    expect(requestLinesOf({ params: {} })).toEqual([]);
    expect(requestLinesOf({ params: { supplyLines: '[not json' } })).toEqual([]);
    expect(requestLinesOf({ params: { supplyLines: ['a', 'b'] } })).toEqual([]);
  });
});
