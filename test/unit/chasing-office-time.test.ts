import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unitCalendar } from '../../src/domain/chasing/holidays.ts';
import {
  addOfficeTime,
  chaseOfferedAt,
  officeDayMs,
  subtractOfficeTime,
} from '../../src/domain/chasing/office-time.ts';
import { ChasingSectionSchema, defaultChasingSettings } from '../../src/domain/chasing/settings.ts';
import { parseOrgFile } from '../../src/org/org-file.ts';

// Office time (time inside office hours of working days) and when 催一下 is first offered on a
// step: after half a working day of waiting by default, or as near to the deadline, whichever
// comes first.

const hours = { start: '08:30', end: '18:00' };
const calendar = unitCalendar('Asia/Shanghai', {
  extraDaysOff: [],
  extraWorkingDays: [],
  officeHours: hours,
});
const local = (iso: string) => new Date(`${iso}+08:00`);
const HALF_DAY = officeDayMs(hours) / 2;

describe('office time', () => {
  it('counts a working day as its office hours: 9 h 30 min from 08:30 to 18:00', () => {
    expect(officeDayMs(hours)).toBe(9.5 * 3_600_000);
  });

  it.each([
    ['within the same morning', '2026-12-01T09:00:00', '2026-12-01T13:45:00'],
    ['across the evening into the next morning', '2026-12-01T16:00:00', '2026-12-02T11:15:00'],
    ['from the night before, from office start', '2026-12-01T22:00:00', '2026-12-02T13:15:00'],
    ['across the weekend (Friday 17:00 → Monday)', '2026-12-04T17:00:00', '2026-12-07T12:15:00'],
    ['across National Day (1–7 Oct off)', '2026-09-30T17:00:00', '2026-10-08T12:15:00'],
  ])('adds half a working day %s', (_what, from, to) => {
    expect(addOfficeTime(local(from), HALF_DAY, calendar, hours)).toEqual(local(to));
  });

  it.each([
    ['before a deadline at the end of the day', '2026-12-03T18:00:00', '2026-12-03T13:15:00'],
    ['back over the weekend', '2026-12-07T10:00:00', '2026-12-04T14:45:00'],
    ['from a moment in the night, from office end', '2026-12-03T23:00:00', '2026-12-03T13:15:00'],
  ])('subtracts half a working day %s', (_what, from, to) => {
    expect(subtractOfficeTime(local(from), HALF_DAY, calendar, hours)).toEqual(local(to));
  });

  it('adds and subtracts nothing for a zero span', () => {
    const night = local('2026-12-05T23:00:00');
    expect(addOfficeTime(night, 0, calendar, hours)).toEqual(night);
    expect(subtractOfficeTime(night, 0, calendar, hours)).toEqual(night);
  });
});

describe('when 催一下 is offered on a step', () => {
  const offered = (activatedAt: string, deadline: string | null, days = 0.5) =>
    chaseOfferedAt(
      {
        activatedAt: local(activatedAt).toISOString(),
        deadline: deadline === null ? null : local(deadline).toISOString(),
      },
      calendar,
      hours,
      days,
    );

  it('after half a working day of waiting when the deadline is further away', () => {
    expect(offered('2026-12-01T09:00:00', '2026-12-03T18:00:00')).toEqual(local('2026-12-01T13:45:00'));
    expect(offered('2026-12-01T09:00:00', null)).toEqual(local('2026-12-01T13:45:00'));
  });

  it('once the deadline is within the same half working day, when that comes first', () => {
    // Started at 16:00 with a deadline at 18:00 the next day: near it from 13:15, waited by 11:15.
    expect(offered('2026-12-01T16:00:00', '2026-12-02T18:00:00')).toEqual(local('2026-12-02T11:15:00'));
    // Started at 11:00 with a deadline the same day: near it from 13:15, before 15:45.
    expect(offered('2026-12-01T11:00:00', '2026-12-01T18:00:00')).toEqual(local('2026-12-01T13:15:00'));
    // Started after that point (or already overdue): at once.
    expect(offered('2026-12-01T15:00:00', '2026-12-01T18:00:00')?.getTime()).toBeLessThan(
      local('2026-12-01T15:00:00').getTime(),
    );
  });

  it('at once with a wait of 0, and for a step without an activation time', () => {
    expect(offered('2026-12-01T09:00:00', '2026-12-03T18:00:00', 0)).toEqual(local('2026-12-01T09:00:00'));
    expect(chaseOfferedAt({ activatedAt: null, deadline: null }, calendar, hours, 0.5)).toBeNull();
  });

  it('after the wait the organisation file sets (manual_chase_after_days), half a day by default', () => {
    expect(defaultChasingSettings().chasing.manualChaseAfterDays).toBe(0.5);
    expect(ChasingSectionSchema.parse({ manual_chase_after_days: 1 }).manualChaseAfterDays).toBe(1);
    expect(ChasingSectionSchema.parse({}).manualChaseAfterDays).toBe(0.5);
    const example = parseOrgFile(readFileSync('org.example.yaml', 'utf8'), 'org.example.yaml');
    expect(example.chasing?.manualChaseAfterDays).toBe(0.5);
    const base = readFileSync('org.example.yaml', 'utf8').split('\ncalendar:\n')[0] ?? '';
    expect(() => parseOrgFile(`${base}\nchasing:\n  manual_chase_after_days: -1\n`, 'org.yaml')).toThrow(
      /manual_chase_after_days/,
    );
    expect(offered('2026-12-01T09:00:00', null, 1)).toEqual(local('2026-12-02T09:00:00'));
  });
});
