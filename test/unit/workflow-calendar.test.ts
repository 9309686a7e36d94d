import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import { weekdayCalendar } from '../../src/domain/workflow/index.ts';

// 2026-03-06 is a Friday; 2026-03-09 a Monday.
describe('weekday calendar', () => {
  const shanghai = weekdayCalendar();

  it.each([
    {
      name: 'one working day from a Friday ends on Monday at 18:00 Shanghai time',
      from: '2026-03-06T02:00:00Z', // Fri 10:00 +08
      days: 1,
      deadline: '2026-03-09T10:00:00.000Z', // Mon 18:00 +08
    },
    {
      name: 'two working days from a Thursday cross the weekend to Monday',
      from: '2026-03-05T02:00:00Z', // Thu 10:00 +08
      days: 2,
      deadline: '2026-03-09T10:00:00.000Z',
    },
    {
      name: 'a start on a Saturday counts from Monday',
      from: '2026-03-07T02:00:00Z', // Sat 10:00 +08
      days: 1,
      deadline: '2026-03-09T10:00:00.000Z',
    },
    {
      name: 'the start day does not count even late in the evening',
      from: '2026-03-02T14:00:00Z', // Mon 22:00 +08
      days: 1,
      deadline: '2026-03-03T10:00:00.000Z', // Tue 18:00 +08
    },
    {
      name: 'the local date decides: Sunday evening in UTC is already Monday in Shanghai',
      from: '2026-03-08T20:00:00Z', // Mon 04:00 +08
      days: 1,
      deadline: '2026-03-10T10:00:00.000Z', // Tue 18:00 +08
    },
    {
      name: 'zero days on a working day is the end of that day',
      from: '2026-03-04T02:00:00Z', // Wed 10:00 +08
      days: 0,
      deadline: '2026-03-04T10:00:00.000Z',
    },
    {
      name: 'zero days on a weekend is the end of the next working day',
      from: '2026-03-07T02:00:00Z', // Sat
      days: 0,
      deadline: '2026-03-09T10:00:00.000Z',
    },
    {
      name: 'five working days from a Monday end on the next Monday',
      from: '2026-03-02T02:00:00Z',
      days: 5,
      deadline: '2026-03-09T10:00:00.000Z',
    },
  ])('$name', ({ from, days, deadline }) => {
    expect(shanghai.addWorkingDays(new Date(from), days).toISOString()).toBe(deadline);
  });

  it('counts in its own time zone: the same instant is Friday in Shanghai and Thursday in UTC', () => {
    const instant = new Date('2026-03-05T20:00:00Z'); // Thu 20:00 UTC = Fri 04:00 +08
    expect(shanghai.addWorkingDays(instant, 1).toISOString()).toBe('2026-03-09T10:00:00.000Z');
    expect(weekdayCalendar('UTC').addWorkingDays(instant, 1).toISOString()).toBe('2026-03-06T18:00:00.000Z');
  });

  it('keeps the end of day in local time across a daylight-saving change', () => {
    const newYork = weekdayCalendar('America/New_York', '17:00');
    // Fri 2026-03-06 12:00 EST; clocks go forward on Sunday 2026-03-08.
    expect(newYork.addWorkingDays(new Date('2026-03-06T17:00:00Z'), 1).toISOString()).toBe(
      '2026-03-09T21:00:00.000Z',
    );
  });

  it('uses the configured end of day', () => {
    expect(
      weekdayCalendar('Asia/Shanghai', '17:30').addWorkingDays(new Date('2026-03-02T02:00:00Z'), 1),
    ).toEqual(new Date('2026-03-03T09:30:00.000Z'));
  });

  it('skips extra days off and counts extra working days (调休)', () => {
    const calendar = weekdayCalendar('Asia/Shanghai', '18:00', {
      extraDaysOff: ['2026-03-09'], // Monday off
      extraWorkingDays: ['2026-03-07'], // Saturday worked
    });
    const friday = new Date('2026-03-06T02:00:00Z');
    expect(calendar.addWorkingDays(friday, 1).toISOString()).toBe('2026-03-07T10:00:00.000Z');
    expect(calendar.addWorkingDays(friday, 2).toISOString()).toBe('2026-03-10T10:00:00.000Z');
    expect(calendar.isWorkingDay('2026-03-07')).toBe(true);
    expect(calendar.isWorkingDay('2026-03-08')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-09')).toBe(false);
    expect(calendar.isWorkingDay('2026-03-10')).toBe(true);
  });

  it.each([
    { name: 'an unknown time zone', make: () => weekdayCalendar('Mars/Olympus') },
    { name: 'an end of day that is not HH:mm', make: () => weekdayCalendar('Asia/Shanghai', '6pm') },
    {
      name: 'an extra day off that is not an ISO date',
      make: () => weekdayCalendar('Asia/Shanghai', '18:00', { extraDaysOff: ['2026/10/01'] }),
    },
    {
      name: 'a day that is both off and worked',
      make: () =>
        weekdayCalendar('Asia/Shanghai', '18:00', {
          extraDaysOff: ['2026-10-01'],
          extraWorkingDays: ['2026-10-01'],
        }),
    },
    { name: 'a negative number of days', make: () => shanghai.addWorkingDays(new Date(), -1) },
    { name: 'a fractional number of days', make: () => shanghai.addWorkingDays(new Date(), 1.5) },
  ])('refuses $name', ({ make }) => {
    expect(make).toThrow(RangeError);
  });

  it('works a deadline out once per local day: later questions about that day are answered from it', () => {
    const calendar = weekdayCalendar();
    const read = vi.spyOn(DateTime, 'fromJSDate');
    try {
      const morning = calendar.addWorkingDays(new Date('2026-03-05T01:00:00Z'), 2); // Thu 09:00 +08
      const evening = calendar.addWorkingDays(new Date('2026-03-05T15:59:59.999Z'), 2); // Thu 23:59 +08
      expect(evening.toISOString()).toBe(morning.toISOString());
      expect(read).toHaveBeenCalledTimes(1);
    } finally {
      read.mockRestore();
    }
  });

  it('a remembered day ends at local midnight, and an earlier day asked again is worked out afresh', () => {
    const calendar = weekdayCalendar();
    const thursdayLate = new Date('2026-03-05T15:59:59.999Z'); // Thu 23:59:59.999 +08
    const fridayMidnight = new Date('2026-03-05T16:00:00Z'); // Fri 00:00 +08
    expect(calendar.addWorkingDays(thursdayLate, 1).toISOString()).toBe('2026-03-06T10:00:00.000Z');
    expect(calendar.addWorkingDays(fridayMidnight, 1).toISOString()).toBe('2026-03-09T10:00:00.000Z');
    expect(calendar.addWorkingDays(thursdayLate, 1).toISOString()).toBe('2026-03-06T10:00:00.000Z');
    // Another number of days on the same day is its own question.
    expect(calendar.addWorkingDays(thursdayLate, 0).toISOString()).toBe('2026-03-05T10:00:00.000Z');
    // The answer is a new Date each time: a caller changing it changes no later answer.
    calendar.addWorkingDays(fridayMidnight, 1).setTime(0);
    expect(calendar.addWorkingDays(fridayMidnight, 1).toISOString()).toBe('2026-03-09T10:00:00.000Z');
  });
});
