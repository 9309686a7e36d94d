import { describe, expect, it } from 'vitest';
import { type FormSpec, validateForm } from '../../src/chat/core/form-spec.ts';

// More choices than a field takes are refused in the form's own words for it: `tooMany`, else
// the words for an invalid value, else the generic ones.

const spec = (messages?: NonNullable<FormSpec['fields'][number]['messages']>): FormSpec => ({
  id: 'test.too_many',
  title: { text: 'T' },
  submitLabel: { text: 'OK' },
  notices: [],
  fields: [
    {
      id: 'pick',
      kind: 'multi_select',
      label: { text: 'Pick' },
      required: false,
      options: ['a', 'b', 'c'].map((value) => ({ value, label: { text: value } })),
      maxSelected: 2,
      ...(messages ? { messages } : {}),
    },
  ],
});
const errorOf = (s: FormSpec, pick: string[]) => {
  const checked = validateForm(s, { pick }, 'en');
  return checked.ok ? null : checked.errors.pick;
};

describe('too many choices', () => {
  it('are refused with the field’s tooMany words, an unknown choice with its invalid words', () => {
    const words = spec({ invalid: { text: 'unknown' }, tooMany: { text: 'two at most' } });
    expect(errorOf(words, ['a', 'b', 'c'])).toBe('two at most');
    expect(errorOf(words, ['a', 'z'])).toBe('unknown');
  });

  it('fall back to the invalid words, then to the generic ones', () => {
    expect(errorOf(spec({ invalid: { text: 'unknown' } }), ['a', 'b', 'c'])).toBe('unknown');
    expect(errorOf(spec(), ['a', 'b', 'c'])).toMatch(/2/);
  });
});
