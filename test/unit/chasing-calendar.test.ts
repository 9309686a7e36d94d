import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  mergedExceptions,
  nationalHolidayYears,
  uncoveredHolidayYears,
  unitCalendar,
} from '../../src/domain/chasing/holidays.ts';
import {
  isInOfficeHours,
  nextOfficeMoment,
  nextOverdueSlot,
  planAfterOverdue,
  planStepReminders,
  workingDaysLate,
} from '../../src/domain/chasing/plan.ts';
import {
  CalendarSectionSchema,
  ChasingSectionSchema,
  defaultChasingSettings,
  parseStoredChasingSettings,
  ruleFor,
} from '../../src/domain/chasing/settings.ts';
import { parseOrgFile } from '../../src/org/org-file.ts';

const hours = { start: '08:30', end: '18:00' };
const calendar = unitCalendar('Asia/Shanghai', {
  extraDaysOff: [],
  extraWorkingDays: [],
  officeHours: hours,
});
const local = (iso: string) => new Date(`${iso}+08:00`);

describe('the working calendar with Chinese public holidays (chinese-days)', () => {
  it('has the national data for 2026 (and says which years it knows)', () => {
    expect(nationalHolidayYears()).toContain(2026);
  });

  it('tells which of the coming years no calendar covers, until the file lists their days off', () => {
    const shanghai = 'Asia/Shanghai';
    // Early December 2026: 2027 is within 60 days, and the package (1.5.7) has no 2027 yet.
    const now = local('2026-12-02T10:00:00');
    const missing = nationalHolidayYears().includes(2027) ? [] : [2027];
    expect(uncoveredHolidayYears(now, shanghai, { extraDaysOff: [] })).toEqual(missing);
    expect(uncoveredHolidayYears(now, shanghai, { extraDaysOff: ['2027-02-16'] })).toEqual([]);
    // In June next year is far: only this year counts, and it is covered.
    expect(uncoveredHolidayYears(local('2026-06-01T10:00:00'), shanghai, { extraDaysOff: [] })).toEqual([]);
    // A year the package never had.
    expect(uncoveredHolidayYears(local('2040-06-01T10:00:00'), shanghai, { extraDaysOff: [] })).toEqual([
      2040,
    ]);
  });

  it('counts National Day 2026 (1–7 Oct) off and the make-up Saturday 10 Oct as a working day', () => {
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-07')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // 调休上班 (Saturday)
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false); // an ordinary Sunday
  });

  it('counts working days across the holiday and the make-up day', () => {
    // From Wed 30 Sep: 1–7 Oct off; Thu 8 Oct, Fri 9 Oct, then the make-up Sat 10 Oct is the 3rd.
    expect(calendar.addWorkingDays(local('2026-09-30T10:00:00'), 3).toISOString()).toBe(
      local('2026-10-10T18:00:00').toISOString(),
    );
  });

  it('lets the organisation file add days the package does not know (2027) and override national ones', () => {
    const ours = unitCalendar('Asia/Shanghai', {
      extraDaysOff: ['2027-02-08', '2026-10-10'],
      extraWorkingDays: ['2027-02-07'],
      officeHours: hours,
    });
    expect(ours.isWorkingDay('2027-02-08')).toBe(false); // a Monday, off by the file
    expect(ours.isWorkingDay('2027-02-07')).toBe(true); // a Sunday, worked by the file
    expect(ours.isWorkingDay('2026-10-10')).toBe(false); // the file wins over the national 调休
    const merged = mergedExceptions({ extraDaysOff: [], extraWorkingDays: ['2026-10-01'] });
    expect(merged.extraDaysOff).not.toContain('2026-10-01');
  });
});

describe('quiet hours', () => {
  it('holds a moment outside office hours until the next working morning, over a holiday', () => {
    expect(nextOfficeMoment(local('2026-09-30T19:00:00'), calendar, hours).toISOString()).toBe(
      local('2026-10-08T08:30:00').toISOString(),
    );
    expect(nextOfficeMoment(local('2026-12-02T07:00:00'), calendar, hours).toISOString()).toBe(
      local('2026-12-02T08:30:00').toISOString(),
    );
    const inside = local('2026-12-02T10:15:00');
    expect(nextOfficeMoment(inside, calendar, hours)).toBe(inside);
    expect(isInOfficeHours(local('2026-10-10T09:00:00'), calendar, hours)).toBe(true); // make-up Saturday
    expect(isInOfficeHours(local('2026-10-11T09:00:00'), calendar, hours)).toBe(false);
  });
});

describe('reminder planning', () => {
  const settings = defaultChasingSettings();
  const base = {
    instanceId: '00000000-0000-4000-8000-000000000001',
    definitionId: 'generic_approval',
    stepKey: 'dept_review',
    personIds: ['liu-yang'],
    now: local('2026-09-29T09:00:00'),
  };

  it('plans a 平件 on the morning of its last day, at the deadline, and the next working morning', () => {
    const rows = planStepReminders(
      { ...base, urgency: 'normal', deadline: local('2026-09-30T18:00:00') },
      calendar,
      settings,
    );
    expect(rows.map((r) => [r.kind, r.dueAt.toISOString(), r.payload.delivery])).toEqual([
      ['before', local('2026-09-30T08:30:00').toISOString(), 'digest'],
      ['due', local('2026-09-30T18:00:00').toISOString(), 'digest'],
      ['overdue', local('2026-10-08T08:30:00').toISOString(), 'digest'], // after National Day
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(3);
  });

  it('chases 特急 the working day before too, as messages of their own', () => {
    const rows = planStepReminders(
      { ...base, urgency: 'extra_urgent', deadline: local('2026-10-08T18:00:00') },
      calendar,
      settings,
    );
    expect(rows.filter((r) => r.kind === 'before').map((r) => r.dueAt.toISOString())).toEqual([
      local('2026-09-30T08:30:00').toISOString(), // the working day before 8 Oct is 30 Sep
      local('2026-10-08T08:30:00').toISOString(),
    ]);
    expect(rows.every((r) => r.payload.delivery === 'message')).toBe(true);
  });

  it('gives no due reminder for a deadline outside office hours, and no before already past', () => {
    const rows = planStepReminders(
      {
        ...base,
        urgency: 'normal',
        deadline: local('2026-09-29T20:00:00'),
        now: local('2026-09-29T09:00:00'),
      },
      calendar,
      settings,
    );
    expect(rows.map((r) => r.kind)).toEqual(['overdue']);
  });

  it('plans the next overdue slot after the moment one went, twice a day for urgent items', () => {
    expect(nextOverdueSlot(local('2026-12-08T10:00:00'), calendar, ['08:30', '14:00']).at.toISOString()).toBe(
      local('2026-12-08T14:00:00').toISOString(),
    );
    const after = planAfterOverdue(
      {
        instanceId: base.instanceId,
        definitionId: 'generic_approval',
        stepKey: 'dept_review',
        personId: 'liu-yang',
        deadline: local('2026-12-03T18:00:00'),
        urgency: 'normal',
        n: 1,
        sentAt: local('2026-12-04T08:30:00'),
      },
      calendar,
      settings,
    );
    expect(after.next.dueAt.toISOString()).toBe(local('2026-12-07T08:30:00').toISOString());
    expect(after.next.payload.n).toBe(2);
    expect(after.escalate).toBe(false);
    expect(workingDaysLate(local('2026-12-03T18:00:00'), local('2026-12-08T09:00:00'), calendar)).toBe(3);
  });
});

describe('the calendar: and chasing: sections', () => {
  it('reads overrides, office hours and per-urgency and per-flow rules, with defaults for the rest', () => {
    const cal = CalendarSectionSchema.parse({
      days_off: ['2026-12-31'],
      working_days: ['2027-02-07'],
      office_hours: { start: '09:00', end: '17:30' },
    });
    expect(cal).toEqual({
      extraDaysOff: ['2026-12-31'],
      extraWorkingDays: ['2027-02-07'],
      officeHours: { start: '09:00', end: '17:30' },
    });
    const chasing = ChasingSectionSchema.parse({
      urgency: { urgent: { overdue_times: ['14:00', '09:00'], delivery: 'digest' } },
      flows: { incoming_document: { escalate_after_days: 5 } },
    });
    expect(ruleFor(chasing, 'urgent', 'x')).toMatchObject({
      overdueTimes: ['09:00', '14:00'],
      delivery: 'digest',
      escalateAfterOverdue: 2,
    });
    expect(ruleFor(chasing, 'normal', 'incoming_document').escalateAfterDays).toBe(5);
    expect(parseStoredChasingSettings(null)).toEqual(defaultChasingSettings());
  });

  it('refuses a bad date, a bad time and a day both off and worked, naming the line', () => {
    // The example without its own calendar: and chasing: sections (they come last).
    const base = readFileSync('org.example.yaml', 'utf8').split('\ncalendar:\n')[0] ?? '';
    const text = `${base}\ncalendar:\n  days_off: [2026-13-01]\n  office_hours: { start: '8:30', end: '18:00' }\n`;
    expect(() => parseOrgFile(text, 'org.yaml')).toThrow(/calendar\.days_off\[0\].*date/s);
    expect(() => parseOrgFile(text, 'org.yaml')).toThrow(/office_hours\.start.*HH:mm/s);
    expect(() =>
      parseOrgFile(
        `${base}\ncalendar:\n  days_off: [2026-12-31]\n  working_days: [2026-12-31]\n`,
        'org.yaml',
      ),
    ).toThrow(/both/);
    const ok = parseOrgFile(
      `${base}\ncalendar:\n  days_off: [2026-12-31]\nchasing:\n  digest_time: '09:00'\n`,
      'org.yaml',
    );
    expect(ok.calendar?.extraDaysOff).toEqual(['2026-12-31']);
    expect(ok.chasing?.digestTime).toBe('09:00');
  });
});
