import { describe, expect, it } from 'vitest';
import { validateForm } from '../../src/chat/core/form-spec.ts';
import { archiveAddFormSpec, archiveAddOfForm } from '../../src/features/archive/archive-add-form.ts';

// The /archive add form as a FormSpec: a title by secrecy level, the year and pages as numbers.

const spec = archiveAddFormSpec({ categories: ['文书', '会计'], year: 2026 });
const base = { year: '2026', category: '文书', retention: '30y', secrecy: 'internal' };

describe('the /archive add form', () => {
  it('starts on the unit’s first category, this year, 永久 and 内部', () => {
    expect(spec.fields.map((f) => [f.id, 'initial' in f ? f.initial : undefined])).toEqual([
      ['title', undefined],
      ['docNumber', undefined],
      ['year', 2026],
      ['category', '文书'],
      ['retention', 'permanent'],
      ['secrecy', 'internal'],
      ['pages', undefined],
      ['location', undefined],
    ]);
  });

  it('reads an entry, with empty optional fields as none', () => {
    const checked = validateForm(spec, { ...base, title: ' 年度预算 ', pages: '12' }, 'zh');
    expect(checked.ok && archiveAddOfForm(checked.values)).toEqual({
      title: '年度预算',
      docNumber: null,
      year: 2026,
      category: '文书',
      retention: '30y',
      secrecy: 'internal',
      pages: 12,
      location: null,
    });
  });

  it('requires a title below 秘密 and refuses one from 秘密 up', () => {
    const missing = validateForm(spec, base, 'zh');
    expect(!missing.ok && Object.keys(missing.errors)).toEqual(['title']);
    const classified = validateForm(spec, { ...base, secrecy: 'secret', title: '某工程' }, 'zh');
    expect(!classified.ok && Object.keys(classified.errors)).toEqual(['title']);
    expect(validateForm(spec, { ...base, secrecy: 'secret' }, 'zh').ok).toBe(true);
  });

  it('refuses a year out of range, pages that are not a number and a level it does not know', () => {
    const checked = validateForm(
      spec,
      { ...base, title: 'x', year: '1800', pages: 'many', secrecy: 'ultra' },
      'en',
    );
    expect(!checked.ok && Object.keys(checked.errors).sort()).toEqual(['pages', 'secrecy', 'year']);
  });
});
