import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCostYuan, MAX_MEETING_COST_YUAN, parseCostYuan } from '../../src/domain/meetings/cost.ts';
import { parseMeetingCommand } from '../../src/features/meetings/meeting-commands.ts';

// A meeting's actual cost as typed and as the register writes it: whole fen, never a float.

describe('reading an actual cost typed in yuan', () => {
  it.each([
    ['1280', 128_000],
    ['1280.5', 128_050],
    ['1280.50', 128_050],
    ['0', 0],
    ['0.01', 1],
    ['007.10', 710],
    ['1,280.50', 128_050],
    ['1,234,567', 123_456_700],
    ['１２８０．５０', 128_050],
    ['￥1280', 128_000],
    ['¥ 1280.5', 128_050],
    ['1280元', 128_000],
    [' 1280.50 元 ', 128_050],
    ['0.29', 29],
    ['1.15', 115],
    [String(MAX_MEETING_COST_YUAN), MAX_MEETING_COST_YUAN * 100],
  ])('takes %s as %i fen', (typed, fen) => {
    expect(parseCostYuan(typed)).toEqual({ ok: true, fen });
  });

  it.each([
    ['abc', 'invalid'],
    ['', 'invalid'],
    ['12a', 'invalid'],
    ['1.', 'invalid'],
    ['.5', 'invalid'],
    ['1e3', 'invalid'],
    ['1,28', 'invalid'],
    ['1.2.3', 'invalid'],
    ['Infinity', 'invalid'],
    ['-', 'invalid'],
    ['-5', 'negative'],
    ['−5', 'negative'],
    ['-¥5.00', 'negative'],
    ['1.234', 'decimals'],
    ['0.001', 'decimals'],
    [`${MAX_MEETING_COST_YUAN}.01`, 'too_large'],
    ['99999999999999999999', 'too_large'],
    ['12,345,678', 'too_large'],
  ])('refuses %s as %s', (typed, problem) => {
    expect(parseCostYuan(typed)).toEqual({ ok: false, problem });
  });
});

describe('writing an actual cost', () => {
  it('writes yuan with two decimals', () => {
    expect(formatCostYuan(128_050)).toBe('1280.50');
    expect(formatCostYuan(1)).toBe('0.01');
    expect(formatCostYuan(0)).toBe('0.00');
    expect(formatCostYuan(MAX_MEETING_COST_YUAN * 100)).toBe('10000000.00');
  });

  it('refuses what is not an amount in fen', () => {
    expect(() => formatCostYuan(-1)).toThrow(RangeError);
    expect(() => formatCostYuan(1.5)).toThrow(RangeError);
  });

  it('reads back every amount it writes, to the fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MEETING_COST_YUAN * 100 }), (fen) => {
        expect(parseCostYuan(formatCostYuan(fen))).toEqual({ ok: true, fen });
      }),
    );
  });
});

describe('/meeting cost', () => {
  it('is a sub-command of /meeting in English and Chinese', () => {
    expect(parseMeetingCommand('cost 防汛工作部署会 1280.50')).toEqual({
      kind: 'cost',
      words: ['防汛工作部署会', '1280.50'],
    });
    expect(parseMeetingCommand('费用 1a2b3c4d 300').kind).toBe('cost');
    expect(parseMeetingCommand('实际费用').kind).toBe('cost');
  });
});
