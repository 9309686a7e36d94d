import { describe, expect, it } from 'vitest';
import { validateForm } from '../../src/chat/core/form-spec.ts';
import { renderSlackModal } from '../../src/chat/slack/form-view.ts';
import { meetingPlanBinding } from '../../src/chat/slack/meetings/form-bindings.ts';
import {
  attendeeOverlap,
  defaultPlanYear,
  isoWeekOf,
  nameBigrams,
  nameSimilarity,
  planEntryFor,
  readPlanTiming,
  readPlanYear,
  similarMeetingOf,
} from '../../src/domain/meetings/plan.ts';
import {
  meetingPlanFormSpec,
  planFieldIds,
  readMeetingPlanForm,
} from '../../src/features/meetings/plan-form.ts';
import { blockKitProblems } from '../support/block-kit.ts';

// The pure side of yearly plans and similar meetings: reading a plan entry's month, the name
// measure (character bigram Jaccard ≥ 0.5), the attendee measure (share of the smaller set ≥ 0.6),
// the same ISO week, and matching a request to its department's plan entry.

const ZONE = 'Asia/Shanghai';

describe('plan years and timings', () => {
  it('reads a year, and refuses what is not one', () => {
    expect(readPlanYear('2027')).toBe(2027);
    expect(readPlanYear('２０２７年')).toBe(2027);
    expect(readPlanYear('27')).toBeNull();
    expect(readPlanYear('1999')).toBeNull();
  });

  it('reads a month or a date of the plan’s year', () => {
    expect(readPlanTiming('3月', 2027)).toEqual({ month: 3 });
    expect(readPlanTiming('３月中旬', 2027)).toEqual({ month: 3 });
    expect(readPlanTiming('2027-11-15', 2027)).toEqual({ month: 11 });
    expect(readPlanTiming('2027年6月', 2027)).toEqual({ month: 6 });
    expect(readPlanTiming('12', 2027)).toEqual({ month: 12 });
    expect(readPlanTiming('2026-03-01', 2027)).toBeNull();
    expect(readPlanTiming('13月', 2027)).toBeNull();
    expect(readPlanTiming('2027-02-30', 2027)).toBeNull();
    expect(readPlanTiming('春天', 2027)).toBeNull();
  });

  it('defaults to the coming year from October', () => {
    expect(defaultPlanYear(new Date('2026-09-30T15:00:00Z'), ZONE)).toBe(2026);
    expect(defaultPlanYear(new Date('2026-09-30T16:00:00Z'), ZONE)).toBe(2027);
  });
});

describe('how alike two meetings are', () => {
  it('measures names by their character bigrams (Jaccard), punctuation and spaces left out', () => {
    expect([...nameBigrams('防汛 会议！')]).toEqual(['防汛', '汛会', '会议']);
    expect(nameSimilarity('防汛工作部署会', '防汛工作部署会')).toBe(1);
    // 防汛工作部署会 / 防汛工作部署会议: 6 bigrams shared of 7.
    expect(nameSimilarity('防汛工作部署会', '防汛工作部署会议')).toBeCloseTo(6 / 7);
    // 防汛工作会 / 防汛工作部署会: 防汛 汛工 工作 shared, of 4 + 6 − 3 = 7.
    expect(nameSimilarity('防汛工作会', '防汛工作部署会')).toBeCloseTo(3 / 7);
    expect(nameSimilarity('防汛工作部署会', '安全生产例会')).toBe(0);
    expect(nameSimilarity('', '安全生产例会')).toBe(0);
  });

  it('measures attendees as the share of the smaller set found in the other', () => {
    const a = new Set(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(attendeeOverlap(a, new Set(['p1', 'p2', 'p3']))).toBe(1);
    expect(attendeeOverlap(a, new Set(['p1', 'p2', 'p9']))).toBeCloseTo(2 / 3);
    expect(attendeeOverlap(a, new Set(['p1', 'p8', 'p9']))).toBeCloseTo(1 / 3);
    expect(attendeeOverlap(a, new Set())).toBe(0);
  });

  it('flags a meeting of the same ISO week with a similar name and mostly the same attendees', () => {
    const people = new Set(['p1', 'p2', 'p3', 'p4']);
    const wanted = { name: '防汛工作部署会', startsAt: new Date('2026-11-25T01:00:00Z'), attendees: people };
    const other = (id: string, name: string, at: string, attendees = people) => ({
      id,
      name,
      startsAt: new Date(at),
      attendees,
    });
    // Monday 00:30 in Shanghai is Sunday 16:30 UTC: the week is the unit's.
    expect(isoWeekOf(new Date('2026-11-22T16:30:00Z'), ZONE)).toBe('2026-W48');
    expect(isoWeekOf(new Date('2026-11-22T15:30:00Z'), ZONE)).toBe('2026-W47');
    const same = other('a', '防汛工作部署会议', '2026-11-27T06:00:00Z');
    expect(similarMeetingOf(wanted, [same], ZONE)).toBe(same);
    expect(
      similarMeetingOf(wanted, [other('b', '防汛工作部署会议', '2026-11-30T06:00:00Z')], ZONE),
    ).toBeNull();
    expect(similarMeetingOf(wanted, [other('c', '安全生产例会', '2026-11-27T06:00:00Z')], ZONE)).toBeNull();
    const few = other('d', '防汛工作部署会议', '2026-11-27T06:00:00Z', new Set(['p1', 'x', 'y', 'z']));
    expect(similarMeetingOf(wanted, [few], ZONE)).toBeNull();
    // The most alike name wins; the meeting itself is never its own match.
    const closer = other('e', '防汛工作部署会', '2026-11-26T06:00:00Z');
    expect(similarMeetingOf(wanted, [same, closer], ZONE)).toBe(closer);
    expect(similarMeetingOf({ ...wanted, id: 'e' }, [closer], ZONE)).toBeNull();
  });

  it('matches a planned meeting to its department’s entry by name, the meeting’s month preferred', () => {
    const entries = [
      { id: '1', name: '防汛工作部署会', month: 4 },
      { id: '2', name: '防汛工作部署会', month: 6 },
      { id: '3', name: '年度工作总结会', month: 12 },
    ];
    expect(planEntryFor({ name: '防汛工作部署会', month: 6 }, entries)?.id).toBe('2');
    expect(planEntryFor({ name: '2026年防汛工作部署会', month: 5 }, entries)?.id).toBe('1');
    expect(planEntryFor({ name: '安全生产例会', month: 6 }, entries)).toBeNull();
  });
});

describe('the plan form', () => {
  const spec = meetingPlanFormSpec({ year: 2027, department: { zh: '水政水资源科', en: null }, entries: [] });
  const line = (n: number, values: Record<string, string>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [planFieldIds(n)[k as 'name'], v]));

  it('reads the lines filled in, in order, and leaves the empty ones out', () => {
    const checked = validateForm(
      spec,
      {
        ...line(1, {
          name: '防汛工作部署会',
          content: '部署防汛',
          timing: '4月',
          place: '三楼会议室',
          attendees: '各科室负责人',
          size: '30人',
          budget: '2000元',
        }),
        ...line(3, {
          name: '年度总结会',
          content: '总结',
          timing: '2027-12-20',
          place: '大会议室',
          attendees: '全体',
        }),
      },
      'zh',
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const read = readMeetingPlanForm(checked.values, 2027);
    expect(read).toEqual({
      ok: true,
      entries: [
        {
          name: '防汛工作部署会',
          content: '部署防汛',
          timing: '4月',
          month: 4,
          place: '三楼会议室',
          attendees: '各科室负责人',
          size: 30,
          budget: 2000,
        },
        {
          name: '年度总结会',
          content: '总结',
          timing: '2027-12-20',
          month: 12,
          place: '大会议室',
          attendees: '全体',
          size: null,
          budget: null,
        },
      ],
    });
  });

  it('refuses a line half filled, a month outside the year and an empty plan, beside each field', () => {
    const errors = (input: Record<string, string>, locale: 'zh' | 'en' = 'zh') => {
      const checked = validateForm(spec, input, locale);
      return checked.ok ? {} : checked.errors;
    };
    expect(errors({})).toEqual({ 'name:1': '请至少填写一个会议。' });
    expect(errors(line(2, { name: '防汛会', timing: '2026-04-01' }))).toEqual({
      'content:2': '请填写会议内容。',
      'place:2': '请填写会议地点。',
      'attendees:2': '请填写参会范围。',
      'timing:2': '请填写 2027 年内的月份或日期，如 3月 或 2027-03-15。',
    });
    expect(
      errors(line(1, { name: 'x', content: 'y', timing: '4', place: 'z', attendees: 'w', size: '0' }), 'en'),
    ).toEqual({
      'size:1': 'The number of people must be a whole number from 1 to 10000.',
    });
  });

  it('is a Slack modal within Block Kit’s limits, its year in private_metadata', () => {
    const view = renderSlackModal(spec, meetingPlanBinding('2027'), 'zh');
    expect(blockKitProblems(view, 'view')).toEqual([]);
    expect(view.private_metadata).toBe('2027');
  });
});
