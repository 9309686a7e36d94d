import { describe, expect, it } from 'vitest';
import { validateForm } from '../../src/chat/core/form-spec.ts';
import type { CatalogItem } from '../../src/domain/supply/catalog.ts';
import {
  itemFieldId,
  lineFieldIds,
  readSupplyCountForm,
  readSupplyEditForm,
  readSupplyRequestForm,
  readSupplyStockInForm,
  SUPPLY_FIELDS,
  supplyCountFormSpec,
  supplyEditFormSpec,
  supplyRequestFormSpec,
  supplyStockInFormSpec,
} from '../../src/features/supply/supply-forms.ts';

// The /supply forms checked by their FormSpecs, as a web page submits them (by field id): the same
// refusals in the same words as the modals, without Slack in between.

const catalog: CatalogItem[] = [
  {
    id: 'paper',
    name: '复印纸',
    spec: 'A4',
    unit: '包',
    stock: 12,
    unitPriceFen: 2350,
    lowStockThreshold: 5,
  },
  { id: 'pen', name: '签字笔', spec: '', unit: '支', stock: 0, unitPriceFen: 150, lowStockThreshold: 20 },
];
const line = (n: number) => lineFieldIds(n);

describe('the request form', () => {
  const spec = supplyRequestFormSpec({ catalog });

  it('reads lines with full-width quantities and the reason', () => {
    const checked = validateForm(
      spec,
      { [line(1).item]: 'paper', [line(1).quantity]: '３', [SUPPLY_FIELDS.reason]: ' 会议用 ' },
      'zh',
    );
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(readSupplyRequestForm(checked.values)).toEqual({
      ok: true,
      value: { lines: [{ itemId: 'paper', quantity: 3 }], reason: '会议用' },
    });
  });

  it('puts each refusal beside its line, and asks for one line when none is filled', () => {
    const bad = validateForm(spec, { [line(1).item]: 'paper', [line(2).quantity]: '4' }, 'en');
    expect(bad).toMatchObject({
      ok: false,
      errors: { [line(1).quantity]: 'Enter a whole number of 1 or more.', [line(2).item]: 'Choose an item.' },
    });
    expect(validateForm(spec, {}, 'en')).toMatchObject({
      ok: false,
      errors: { [line(1).item]: 'Choose at least one item and its quantity.' },
    });
  });

  it('offers the catalog with the stock of each item, in the reader’s language', () => {
    const field = spec.fields.find((f) => f.id === line(1).item);
    expect(field?.kind).toBe('select');
    if (field?.kind !== 'select') return;
    expect(field.options.map((o) => o.value)).toEqual(['paper', 'pen']);
  });
});

describe('the keeper’s forms', () => {
  it('refuses a stock-in with a price it cannot read, beside the price', () => {
    const spec = supplyStockInFormSpec({ catalog, today: '2026-12-06' });
    const input = {
      [SUPPLY_FIELDS.item]: 'paper',
      [SUPPLY_FIELDS.quantity]: '２０',
      [SUPPLY_FIELDS.price]: '二十',
      [SUPPLY_FIELDS.supplier]: '晨光文具',
      [SUPPLY_FIELDS.date]: '2026-12-01',
    };
    expect(validateForm(spec, input, 'zh')).toMatchObject({
      ok: false,
      errors: { [SUPPLY_FIELDS.price]: '请填写单价（元），如 23.50。' },
    });
    const checked = validateForm(spec, { ...input, [SUPPLY_FIELDS.price]: '¥23.5' }, 'zh');
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(readSupplyStockInForm(checked.values)).toEqual({
      ok: true,
      value: { itemId: 'paper', quantity: 20, unitPriceFen: 2350, supplier: '晨光文具', date: '2026-12-01' },
    });
  });

  it('asks the catalog form for something to change, and reads a full-width unit as ASCII', () => {
    const spec = supplyEditFormSpec({ items: catalog.map((item) => ({ ...item, active: true })) });
    expect(validateForm(spec, { [SUPPLY_FIELDS.item]: 'pen' }, 'zh')).toMatchObject({
      ok: false,
      errors: { [SUPPLY_FIELDS.unit]: '请至少填写一项要修改的内容。' },
    });
    const checked = validateForm(spec, { [SUPPLY_FIELDS.item]: 'pen', [SUPPLY_FIELDS.unit]: 'ｋｇ' }, 'zh');
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(readSupplyEditForm(checked.values)).toMatchObject({
      ok: true,
      value: { itemId: 'pen', unit: 'kg' },
    });
  });

  it('reads a count per item, 0 allowed, and refuses what is not a number beside its item', () => {
    const spec = supplyCountFormSpec({ catalog });
    const checked = validateForm(spec, { [itemFieldId('paper')]: '11', [itemFieldId('pen')]: '０' }, 'zh');
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(readSupplyCountForm(spec, checked.values)).toEqual({
      ok: true,
      value: {
        counted: new Map([
          ['paper', 11],
          ['pen', 0],
        ]),
        reason: '',
      },
    });
    expect(
      validateForm(spec, { [itemFieldId('paper')]: 'x', [itemFieldId('pen')]: '1' }, 'zh'),
    ).toMatchObject({
      ok: false,
      errors: { [itemFieldId('paper')]: expect.any(String) },
    });
  });
});
