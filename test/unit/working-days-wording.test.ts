// "within 1 working day", not "1 working days": messages counting working days take the singular
// for 1 in English (Chinese has no plural, and says the same either way).

import { describe, expect, it } from 'vitest';
import { DECISION_PARAMS, MINUTES_PARAMS } from '../../src/domain/meetings/minutes.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { decisionCardFields, minutesCardFields } from '../../src/features/meetings/minutes-card.ts';
import { countedKey, type Locale, t } from '../../src/shared/i18n.ts';

const instanceWith = (params: Record<string, unknown>) => ({ params }) as unknown as WorkflowInstance;

describe('countedKey', () => {
  it('picks the singular message for 1 (a number or its text) and the usual one otherwise', () => {
    expect(countedKey('meeting.decision.card.days_value', 1)).toBe('meeting.decision.card.days_value.one');
    expect(countedKey('meeting.decision.card.days_value', '1')).toBe('meeting.decision.card.days_value.one');
    expect(countedKey('meeting.decision.card.days_value', 2)).toBe('meeting.decision.card.days_value');
    expect(countedKey('meeting.decision.card.days_value', 0)).toBe('meeting.decision.card.days_value');
  });

  it('keeps a key that has no singular message', () => {
    expect(countedKey('meeting.card.time', 1)).toBe('meeting.card.time');
  });
});

describe('working days, counted', () => {
  const params = {
    title: '请示',
    step: '审核',
    deadline: '12-01',
    assignee: '王芳',
    n: 1,
    text: '整改',
    owner: '李明',
  };
  const say = (locale: Locale, key: Parameters<typeof countedKey>[0], days: number) =>
    t(locale, countedKey(key, days), { ...params, days } as never);
  const keys = [
    'meeting.minutes.notice_decision',
    'meeting.decision.card.days_value',
    'chase.remind.overdue',
    'chase.remind.escalation',
    'doc.receive.card.handling_days_value',
  ] as const;

  it.each(keys)('%s: "1 working day" and "2 working days" in English, the same words in Chinese', (key) => {
    expect(say('en', key, 1)).toContain('1 working day');
    expect(say('en', key, 1)).not.toContain('working days');
    expect(say('en', key, 2)).toContain('2 working days');
    expect(say('zh', key, 1)).toBe(say('zh', key, 2).replace('2 个工作日', '1 个工作日'));
  });

  it('says "within 1 working day" on the minutes card and the decision card', () => {
    const minutes = instanceWith({
      [MINUTES_PARAMS.summary]: '会议纪要',
      [MINUTES_PARAMS.decisions]: [
        { text: 'Fix the gate', ownerId: 'p1', departmentId: null, days: 1 },
        { text: 'Report back', ownerId: 'p1', departmentId: null, days: 3 },
      ],
    });
    const fields = minutesCardFields({
      people: [{ id: 'p1', name: '李明', nameEn: 'Li Ming' }],
      departments: [],
    })(minutes, 'en');
    const decisions = fields.find((f) => f.label === 'Decisions')?.value ?? '';
    expect(decisions).toContain('1. Fix the gate (owner: Li Ming, within 1 working day)');
    expect(decisions).toContain('2. Report back (owner: Li Ming, within 3 working days)');

    const decision = decisionCardFields(instanceWith({ [DECISION_PARAMS.days]: '1' }), 'en');
    expect(decision.find((f) => f.label === 'Time allowed')?.value).toBe('1 working day');
  });
});
