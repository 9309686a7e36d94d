import { describe, expect, it } from 'vitest';
import {
  documentNumberPatternProblems,
  formatDocumentNumber,
} from '../../src/domain/documents/doc-number.ts';

const OFFICE = '{prefix}办发〔{year}〕{seq}号';

describe('formatDocumentNumber', () => {
  it('fills in prefix, year and sequence: 示水办发〔2026〕12号', () => {
    expect(formatDocumentNumber(OFFICE, { prefix: '示水', year: 2026, seq: 12 })).toBe(
      '示水办发〔2026〕12号',
    );
  });

  it('keeps full-width brackets and everything else outside the placeholders as written', () => {
    expect(
      formatDocumentNumber('{prefix}水字【{year}】第{seq}号（试行）', { prefix: '示', year: 2027, seq: 3 }),
    ).toBe('示水字【2027】第3号（试行）');
  });

  it('writes {seq} without padding and {seq:3} zero-padded to three digits, never cut', () => {
    const padded = '{prefix}收〔{year}〕{seq:3}号';
    expect(formatDocumentNumber(OFFICE, { prefix: '示水', year: 2026, seq: 7 })).toBe('示水办发〔2026〕7号');
    expect(formatDocumentNumber(padded, { prefix: '示水', year: 2026, seq: 7 })).toBe('示水收〔2026〕007号');
    expect(formatDocumentNumber(padded, { prefix: '示水', year: 2026, seq: 42 })).toBe('示水收〔2026〕042号');
    expect(formatDocumentNumber(padded, { prefix: '示水', year: 2026, seq: 1234 })).toBe(
      '示水收〔2026〕1234号',
    );
  });

  it('does not read placeholders inside the values it fills in', () => {
    expect(formatDocumentNumber(OFFICE, { prefix: '{year}', year: 2026, seq: 1 })).toBe(
      '{year}办发〔2026〕1号',
    );
  });

  it('refuses an unknown placeholder, naming it', () => {
    expect(() =>
      formatDocumentNumber('{prefix}{type}〔{year}〕{seq}号', { prefix: '示水', year: 2026, seq: 1 }),
    ).toThrow('unknown placeholder {type}');
    expect(() => formatDocumentNumber('〔{year}〕{seq:0}号', { prefix: '示水', year: 2026, seq: 1 })).toThrow(
      'unknown placeholder {seq:0}',
    );
    expect(() => formatDocumentNumber('〔{year}〕{Seq}号', { prefix: '示水', year: 2026, seq: 1 })).toThrow(
      'unknown placeholder {Seq}',
    );
  });

  it('refuses a pattern without {year} or {seq}, as the organisation file does', () => {
    expect(() => formatDocumentNumber('{prefix}办发{seq}号', { prefix: '示水', year: 2026, seq: 1 })).toThrow(
      'must contain {year} and {seq}',
    );
    expect(documentNumberPatternProblems('{prefix}办发〔{year}〕号')).toEqual([
      'must contain {year} and {seq}, e.g. {prefix}办发〔{year}〕{seq}号',
    ]);
    expect(documentNumberPatternProblems('{prefix}办发〔{year}〕{seq:3}号')).toEqual([]);
  });

  it('refuses a sequence or year that is not a positive integer', () => {
    for (const seq of [0, -1, 1.5, Number.NaN]) {
      expect(() => formatDocumentNumber(OFFICE, { prefix: '示水', year: 2026, seq })).toThrow(
        'sequence must be a positive integer',
      );
    }
    expect(() => formatDocumentNumber(OFFICE, { prefix: '示水', year: 2026.5, seq: 1 })).toThrow(
      'year must be a positive integer',
    );
  });
});
