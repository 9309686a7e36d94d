import { describe, expect, it } from 'vitest';
import { defuseCsvCell } from '../../src/shared/csv-cell.ts';

describe('a CSV cell that a spreadsheet would run as a formula', () => {
  it.each([
    ['=HYPERLINK("https://evil.example")', `'=HYPERLINK("https://evil.example")`],
    ['+1+cmd|calc', `'+1+cmd|calc`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `'\r=1+1`],
  ])('gets a leading quote: %j', (cell, expected) => {
    expect(defuseCsvCell(cell)).toBe(expected);
  });

  it.each(['关于防汛的请示', 'a=b', '＝全角等号', ''])(
    'is left alone when it does not start one: %j',
    (cell) => {
      expect(defuseCsvCell(cell)).toBe(cell);
    },
  );

  it('keeps a signed number a number where the file has them (the ledger), and defuses it elsewhere', () => {
    expect(defuseCsvCell('-5', { signedNumbers: true })).toBe('-5');
    expect(defuseCsvCell('-5.50', { signedNumbers: true })).toBe('-5.50');
    expect(defuseCsvCell('-5+1', { signedNumbers: true })).toBe(`'-5+1`);
    expect(defuseCsvCell('-5')).toBe(`'-5`);
  });
});
