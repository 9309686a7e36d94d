import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '../../src/domain/chasing/settings.ts';
import { reminderHorizon, reminderMoment } from '../../src/domain/meetings/reminder-time.ts';
import { weekdayCalendar } from '../../src/domain/workflow/calendar.ts';

// When a meeting's reminders go: a span of whole days counts working days of the unit's calendar
// and lands in office hours (08:30–18:00); shorter spans are plain time before the start.

const unit = {
  // 2026-12-10 (Thursday) a holiday, 2026-12-05 (Saturday) a make-up working day, for the tests.
  calendar: weekdayCalendar('Asia/Shanghai', '18:00', {
    extraDaysOff: ['2026-12-10'],
    extraWorkingDays: ['2026-12-05'],
  }),
  officeHours: DEFAULT_OFFICE_HOURS,
};
const local = (iso: string) => new Date(`${iso}+08:00`);
const DAY = 24 * 60;

describe('meeting reminder moments', () => {
  it('puts the day-before reminder of a Monday meeting on Friday at the meeting’s time, not on Sunday', () => {
    expect(reminderMoment(local('2026-11-30T09:00:00'), DAY, unit)).toEqual(local('2026-11-27T09:00:00'));
    // Two days: Thursday.
    expect(reminderMoment(local('2026-11-30T09:00:00'), 2 * DAY, unit)).toEqual(local('2026-11-26T09:00:00'));
    // A weekday meeting: the day before, as before.
    expect(reminderMoment(local('2026-11-25T14:00:00'), DAY, unit)).toEqual(local('2026-11-24T14:00:00'));
  });

  it('holds the moment inside office hours', () => {
    expect(reminderMoment(local('2026-11-25T07:30:00'), DAY, unit)).toEqual(local('2026-11-24T08:30:00'));
    expect(reminderMoment(local('2026-11-25T19:30:00'), DAY, unit)).toEqual(local('2026-11-24T18:00:00'));
  });

  it('skips holidays and counts make-up working days of the calendar', () => {
    // Friday 12-11 after a Thursday holiday: Wednesday.
    expect(reminderMoment(local('2026-12-11T10:00:00'), DAY, unit)).toEqual(local('2026-12-09T10:00:00'));
    // Monday 12-07 after a worked Saturday: that Saturday.
    expect(reminderMoment(local('2026-12-07T10:00:00'), DAY, unit)).toEqual(local('2026-12-05T10:00:00'));
    // A Sunday meeting: Friday (the Saturday before it is not worked that week).
    expect(reminderMoment(local('2026-11-29T10:00:00'), DAY, unit)).toEqual(local('2026-11-27T10:00:00'));
  });

  it('leaves spans shorter than a day, or not whole days, in plain time', () => {
    expect(reminderMoment(local('2026-11-30T09:00:00'), 30, unit)).toEqual(local('2026-11-30T08:30:00'));
    expect(reminderMoment(local('2026-11-30T09:00:00'), 30 * 60, unit)).toEqual(local('2026-11-29T03:00:00'));
  });

  it('looks far enough ahead: on Friday morning, Monday’s meetings are due', () => {
    // Friday 09:00: a Monday meeting's reminder is due, Tuesday's not yet.
    expect(reminderHorizon(local('2026-11-27T09:00:00'), [DAY, 30], unit)).toEqual(
      local('2026-12-01T00:00:00'),
    );
    // Friday 08:00, before office hours: nothing of Monday yet; tomorrow's (Saturday) meetings only.
    expect(reminderHorizon(local('2026-11-27T08:00:00'), [DAY, 30], unit)).toEqual(
      local('2026-11-28T00:00:00'),
    );
  });
});
