import { describe, expect, it } from 'vitest';
import type { CardHistoryEntry, CardRouteStep, CardStepState } from '../../src/chat/core/card.ts';
import {
  CARD_DETAIL_LEVELS,
  CARD_FIELD_LABEL_MAX,
  CARD_ROUTE_LINE_MAX,
  type CardAtDetail,
  type CardDetailLevel,
  type CardDetailLevels,
  type CardRouteLine,
  cardAtDetail,
  drawCardToFit,
} from '../../src/chat/core/card-detail.ts';
import { cardPeople, cardSteps, cardWith } from '../support/card-fixtures.ts';

/** A level that differs from the real ones where a test needs it to. */
function level(over: Partial<CardDetailLevel> = {}): CardDetailLevel {
  return { history: 10, comment: 1000, routeWhole: 15, routeAround: 3, field: 1000, ...over };
}

function repeat(state: CardStepState, count: number): CardStepState[] {
  return Array.from({ length: count }, () => state);
}

function entry(index: number, comment: string | null = `意见${index}`): CardHistoryEntry {
  return {
    kind: 'approved',
    person: { personId: `p${index}`, name: `办理人${index}` },
    label: '同意',
    stepName: null,
    at: '2025-11-20T06:05:00.000Z',
    atText: '11-20 14:05',
    comment,
  };
}

/** The route lines in short: mark, text, and `*` for the current step, `~` for a count of left-out steps. */
function routeOf(view: CardAtDetail): string[] {
  return view.route.map(
    (line: CardRouteLine) =>
      `${line.mark ?? ''}|${line.text}${line.current ? '|*' : ''}${line.elided ? '|~' : ''}`,
  );
}

describe('cardAtDetail: the route', () => {
  it('shows a route no longer than the level shows whole in full, one line per step', () => {
    const card = cardWith({ route: cardSteps('done', 'skipped', 'current', 'pending', 'pending') });
    const view = cardAtDetail(card, 'zh', level({ routeWhole: 5, routeAround: 1 }));
    expect(view.routeTitle).toBe('办理流程');
    expect(routeOf(view)).toEqual(['✓|第1步', '↷|第2步', '▶|第3步|*', '○|第4步', '○|第5步']);
  });

  it('collapses a longer route around the current step, counting the done steps before and the steps after', () => {
    const card = cardWith({ route: cardSteps(...repeat('done', 6), 'current', ...repeat('pending', 5)) });
    const view = cardAtDetail(card, 'zh', level({ routeWhole: 11, routeAround: 2 }));
    expect(routeOf(view)).toEqual([
      '✓|前 4 步已完成|~',
      '✓|第5步',
      '✓|第6步',
      '▶|第7步|*',
      '○|第8步',
      '○|第9步',
      '|… 还有 3 步|~',
    ]);
  });

  it('without a current step, collapses around the first step not yet reached', () => {
    const card = cardWith({ route: cardSteps(...repeat('done', 8), ...repeat('pending', 4)) });
    const view = cardAtDetail(card, 'zh', level({ routeWhole: 5, routeAround: 1 }));
    expect(routeOf(view)).toEqual(['✓|前 7 步已完成|~', '✓|第8步', '○|第9步', '○|第10步', '|… 还有 2 步|~']);
  });

  it('with every step behind it, collapses to the last steps and counts none to come', () => {
    const card = cardWith({ route: cardSteps(...repeat('done', 9), 'rejected') });
    const view = cardAtDetail(card, 'zh', level({ routeWhole: 5, routeAround: 2 }));
    expect(routeOf(view)).toEqual(['✓|前 8 步已完成|~', '✓|第9步', '✗|第10步']);
  });

  it('counts no done steps when the current step is among the first', () => {
    const card = cardWith({ route: cardSteps('done', 'current', ...repeat('pending', 8)) });
    const view = cardAtDetail(card, 'zh', level({ routeWhole: 5, routeAround: 2 }));
    expect(routeOf(view)).toEqual(['✓|第1步', '▶|第2步|*', '○|第3步', '○|第4步', '|… 还有 6 步|~']);
  });

  it('at the barest level keeps only the current step between the two counts', () => {
    const card = cardWith({ route: cardSteps('done', 'done', 'current', 'pending') });
    const view = cardAtDetail(card, 'en', CARD_DETAIL_LEVELS.at(-1) as CardDetailLevel);
    expect(routeOf(view)).toEqual(['✓|2 earlier steps done|~', '▶|第3步|*', '|… 1 more steps|~']);
  });

  it('puts a step’s name, people (five, then a count), progress, note and time on its line', () => {
    const [first, second] = cardSteps('done', 'current');
    const people = cardPeople(6);
    const route = [
      { ...(first as CardRouteStep), people: people.slice(0, 2), note: '已跳过', atText: '11-20 14:05' },
      { ...(second as CardRouteStep), people, progress: '2/3 同意' },
    ];
    const view = cardAtDetail(cardWith({ route }), 'zh', level());
    expect(view.route.map((line) => line.text)).toEqual([
      '第1步 · 甲、乙 · 已跳过 · 11-20 14:05',
      '第2步 · 甲、乙、丙、丁、戊 等 6 人 · 2/3 同意',
    ]);
    expect(view.routeLineMax).toBe(CARD_ROUTE_LINE_MAX);
  });
});

describe('cardAtDetail: the history', () => {
  const history = Array.from({ length: 10 }, (_, i) => entry(i + 1));

  it('shows the newest entries the level allows, oldest first, and counts the older ones', () => {
    const card = cardWith({ history, earlierHistoryCount: 5 });
    const view = cardAtDetail(card, 'zh', level({ history: 4 }));
    expect(view.history?.title).toBe('办理记录');
    expect(view.history?.entries.map((line) => line.entry.person.name)).toEqual([
      '办理人7',
      '办理人8',
      '办理人9',
      '办理人10',
    ]);
    // 6 left out here and 5 the card model already left out.
    expect(view.history?.earlier).toBe('另有 11 条较早记录');
  });

  it('says nothing of older entries when none are left out', () => {
    const view = cardAtDetail(cardWith({ history: history.slice(0, 3) }), 'zh', level({ history: 4 }));
    expect(view.history?.entries).toHaveLength(3);
    expect(view.history?.earlier).toBeNull();
  });

  it('shows no history at a level of none, nor for a card without any', () => {
    expect(cardAtDetail(cardWith({ history }), 'zh', level({ history: 0 })).history).toBeNull();
    expect(cardAtDetail(cardWith({ history: [] }), 'zh', level()).history).toBeNull();
  });

  it('gives each opinion with the level’s length and the ending of a cut one, and none without', () => {
    const card = cardWith({ history: [entry(1, '同意报送'), entry(2, null), entry(3, '')] });
    const view = cardAtDetail(card, 'en', level({ comment: 150 }));
    expect(view.history?.entries.map((line) => line.comment)).toEqual([
      { text: '同意报送', max: 150, ending: '…(full text in the audit record)' },
      null,
      null,
    ]);
    const none = cardAtDetail(card, 'en', level({ comment: 0 }));
    expect(none.history?.entries.map((line) => line.comment)).toEqual([null, null, null]);
  });
});

describe('cardAtDetail: the fields', () => {
  const fields = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ label: `字段${i}`, value: `值${i}` }));

  it('shows up to ten fields, with the level’s length for values', () => {
    const view = cardAtDetail(cardWith({ fields: fields(10) }), 'zh', level({ field: 200 }));
    expect(view.fields).toEqual(fields(10));
    expect(view.fieldsMore).toBeNull();
    expect(view.fieldValueMax).toBe(200);
    expect(view.fieldLabelMax).toBe(CARD_FIELD_LABEL_MAX);
  });

  it('shows nine of more than ten and counts the rest', () => {
    const view = cardAtDetail(cardWith({ fields: fields(11) }), 'zh', level());
    expect(view.fields).toEqual(fields(9));
    expect(view.fieldsMore).toBe('另有 2 项未显示');
  });

  it('shows a value longer than the level shows as its summary (a tally’s counts) where it has one', () => {
    const names = Array.from({ length: 60 }, (_, i) => `职员${i + 1}号`).join('、');
    const tally = {
      label: '回执',
      value: `已确认（2）：高燕、马强\n未回复（60）：${names}`,
      summary: '已确认（2），未回复（60）',
    };
    const plain = { label: '备注', value: names };
    const at = (field: number) => cardAtDetail(cardWith({ fields: [tally, plain] }), 'zh', level({ field }));
    expect(at(1000).fields).toEqual([tally, plain]);
    expect(at(200).fields).toEqual([{ ...tally, value: '已确认（2），未回复（60）' }, plain]);
  });

  it('shows no fields on a classified card', () => {
    const view = cardAtDetail(cardWith({ classified: true, fields: fields(12) }), 'zh', level());
    expect(view.fields).toEqual([]);
    expect(view.fieldsMore).toBeNull();
  });
});

describe('CARD_DETAIL_LEVELS', () => {
  it('shows no more at each level than at the one before, and no history or opinions at the last', () => {
    const keys = ['history', 'comment', 'routeWhole', 'routeAround', 'field'] as const;
    CARD_DETAIL_LEVELS.slice(1).forEach((barer, index) => {
      const richer = CARD_DETAIL_LEVELS[index] as CardDetailLevel;
      for (const key of keys) expect(barer[key]).toBeLessThanOrEqual(richer[key]);
      expect(keys.some((key) => barer[key] < richer[key])).toBe(true);
    });
    expect(CARD_DETAIL_LEVELS.at(-1)).toMatchObject({ history: 0, comment: 0 });
  });
});

describe('drawCardToFit', () => {
  const card = cardWith({
    history: Array.from({ length: 10 }, (_, i) => entry(i + 1)),
    route: cardSteps(...repeat('done', 10), 'current', ...repeat('pending', 9)),
  });
  /** Draws a view as the number of history entries it shows, remembering each level drawn. */
  function drawer() {
    const drawn: CardDetailLevel[] = [];
    const draw = (view: CardAtDetail) => {
      drawn.push(view.level);
      return view.history?.entries.length ?? 0;
    };
    return { drawn, draw };
  }

  it('draws at the richest level only, when that fits', () => {
    const { drawn, draw } = drawer();
    expect(drawCardToFit(card, 'zh', draw, () => true)).toBe(10);
    expect(drawn).toEqual([CARD_DETAIL_LEVELS[0]]);
  });

  it('walks down level by level and returns the first drawing that fits', () => {
    const { drawn, draw } = drawer();
    expect(drawCardToFit(card, 'zh', draw, (entries) => entries <= 5)).toBe(4);
    expect(drawn.map((l) => l.history)).toEqual([10, 8, 6, 4]);
  });

  it('returns the drawing at the barest level when none fits', () => {
    const { drawn, draw } = drawer();
    expect(drawCardToFit(card, 'zh', draw, () => false)).toBe(0);
    expect(drawn).toEqual([...CARD_DETAIL_LEVELS]);
  });

  it('draws the card in the locale it is given, at the levels it is given', () => {
    const levels: CardDetailLevels = [level({ routeWhole: 30 }), level({ routeWhole: 3, routeAround: 0 })];
    const walked = drawCardToFit(
      card,
      'en',
      (view) => view,
      (view) => view.route.length < 10,
      levels,
    );
    expect(walked.routeTitle).toBe('Route');
    expect(routeOf(walked)).toEqual(['✓|10 earlier steps done|~', '▶|第11步|*', '|… 9 more steps|~']);
  });
});
