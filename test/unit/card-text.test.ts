import { describe, expect, it } from 'vitest';
import { cardNames, cardSummaryLine, cardWaitingOn } from '../../src/chat/core/card-text.ts';
import { cardPeople, cardWith } from '../support/card-fixtures.ts';

describe('cardNames', () => {
  it('lists up to five names in the locale’s way', () => {
    expect(cardNames(cardPeople(5), 'zh')).toBe('甲、乙、丙、丁、戊');
    expect(cardNames(cardPeople(2), 'en')).toBe('甲, 乙');
  });

  it('lists the first names of more and counts them all', () => {
    expect(cardNames(cardPeople(6), 'zh')).toBe('甲、乙、丙、丁、戊 等 6 人');
    expect(cardNames(cardPeople(4), 'en', 2)).toBe('甲, 乙 and 4 in all');
  });
});

describe('cardWaitingOn', () => {
  it('names whom the item waits on, up to the number asked, and at which step', () => {
    const card = cardWith({ holders: cardPeople(4), currentStepName: '办公室' });
    expect(cardWaitingOn(card, 'zh', 3)).toBe('等待 甲、乙、丙 等 4 人 办理（办公室）');
    expect(cardWaitingOn(card, 'en', 10)).toBe('Waiting on 甲, 乙, 丙, 丁 (办公室)');
  });

  it('puts a dash where the step has no name', () => {
    expect(cardWaitingOn(cardWith({ holders: cardPeople(1), currentStepName: null }), 'zh', 3)).toBe(
      '等待 甲 办理（—）',
    );
  });
});

describe('cardSummaryLine', () => {
  const urgent = { level: 'urgent', label: '加急', emphasized: true, marker: '🟠' } as const;

  it('puts an emphasised urgency before the title, and whom a running item waits on after it', () => {
    const card = cardWith({ urgency: urgent, holders: cardPeople(4), currentStepName: '办公室' });
    expect(cardSummaryLine(card, 'zh', 120)).toBe(
      '【加急】关于购置办公设备的请示：等待 甲、乙、丙 等 4 人 办理（办公室）',
    );
    expect(cardSummaryLine(card, 'en', 120)).toBe(
      '[加急] 关于购置办公设备的请示: Waiting on 甲, 乙, 丙 and 4 in all (办公室)',
    );
  });

  it('gives the state of an item that does not run, and no urgency that is not emphasised', () => {
    const card = cardWith({ status: { code: 'approved', label: '已通过', finished: true, atText: null } });
    expect(cardSummaryLine(card, 'zh', 120)).toBe('关于购置办公设备的请示：已通过');
  });

  it('cuts the title to its length, and names the kind when there is no title', () => {
    const done = { code: 'approved', label: '已通过', finished: true, atText: null } as const;
    expect(cardSummaryLine(cardWith({ status: done }), 'zh', 5)).toBe('关于购置…：已通过');
    expect(cardSummaryLine(cardWith({ status: done, title: '' }), 'zh', 40)).toBe('通用审批：已通过');
  });
});
