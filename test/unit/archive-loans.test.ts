import { describe, expect, it } from 'vitest';
import { encodeCardItemValue } from '../../src/chat/core/card-item-value.ts';
import { plainOf } from '../../src/chat/core/reply.ts';
import { LOAN_REQUEST_FIELD_SLOTS } from '../../src/chat/slack/archive/form-bindings.ts';
import { readSpecModal } from '../../src/chat/slack/spec-modal.ts';
import type { SlackViewStateValues } from '../../src/chat/slack/view-state.ts';
import {
  ARCHIVE_DESTROY_DEFINITION,
  LOAN_DEFINITIONS,
  loanApproval,
  loanDefinition,
  MAX_LOAN_COPIES,
  MAX_LOAN_DAYS,
} from '../../src/domain/archive/loan-definitions.ts';
import { isRetentionOver, quarterOf, retentionEndsAt } from '../../src/domain/archive/loan-retention.ts';
import { weekdayCalendar } from '../../src/domain/workflow/index.ts';
import { ARCHIVE_ACTIONS } from '../../src/features/archive/archive-actions.ts';
import { lendDaysDueSoon } from '../../src/features/archive/demo.ts';
import { loanListReply } from '../../src/features/archive/loan-replies.ts';
import { readLoanRequest } from '../../src/features/archive/loan-request.ts';
import {
  loanRequestFormSpec,
  loanRequestInputOf,
  readCount,
} from '../../src/features/archive/loan-step-forms.ts';
import { DUE_SOON_DAYS, type LoanList } from '../../src/features/archive/loans.ts';
import { appraisalLines } from '../../src/features/archive/retention.ts';

const TZ = 'Asia/Shanghai';

describe('archive loan routes', () => {
  it.each([
    ['public', false, 'head'],
    ['internal', false, 'head'],
    ['internal', true, 'head_leader'],
    ['secret', false, 'leader'],
    ['confidential', true, 'leader'],
  ] as const)('a %s record (outside unit: %s) needs %s', (secrecy, outside, approval) => {
    expect(loanApproval(secrecy, outside)).toBe(approval);
  });

  it('ends a borrow with the archivist lending and taking back, and a copy with the copies made', () => {
    expect(loanDefinition('borrow', 'internal', false).steps.map((s) => s.id)).toEqual([
      'archive_head',
      'archive_lend',
      'archive_return',
    ]);
    expect(loanDefinition('borrow', 'secret', false).steps.map((s) => s.id)).toEqual([
      'archive_leader',
      'archive_lend',
      'archive_return',
    ]);
    expect(loanDefinition('copy', 'internal', true).steps.map((s) => s.id)).toEqual([
      'archive_head',
      'archive_leader',
      'archive_copy_made',
    ]);
    const ret = loanDefinition('borrow', 'internal', false).steps.find((s) => s.id === 'archive_return');
    // The due date is the return step's deadline, in the working days lent.
    expect(ret).toMatchObject({
      deadlineParam: 'lendDays',
      fixedAssignees: true,
      setsParams: ['condition'],
      // The record is out: only its return (or a comment) is taken, no rejection, recall or cancel.
      onlyActions: ['approve', 'comment'],
    });
    expect(new Set(LOAN_DEFINITIONS.map((d) => d.id)).size).toBe(6);
  });

  it('destroys only after the whole appraisal group and then a leader, each with an opinion', () => {
    expect(ARCHIVE_DESTROY_DEFINITION.steps.map((s) => [s.kind, s.requireComment])).toEqual([
      ['allOf', true],
      ['single', true],
    ]);
  });
});

describe('retention', () => {
  it('counts retention from the end of the entry year, in the unit time zone', () => {
    expect(retentionEndsAt(2015, '10y', TZ)?.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(retentionEndsAt(1990, '30y', TZ)?.toISOString()).toBe('2020-12-31T16:00:00.000Z');
    expect(retentionEndsAt(1990, 'permanent', TZ)).toBeNull();
    expect(isRetentionOver(2015, '10y', new Date('2025-12-31T15:59:59Z'), TZ)).toBe(false);
    expect(isRetentionOver(2015, '10y', new Date('2025-12-31T16:00:00Z'), TZ)).toBe(true);
  });

  it('names the quarter in the unit time zone', () => {
    expect(quarterOf(new Date('2026-12-31T15:59:00Z'), TZ)).toBe('2026-Q4');
    expect(quarterOf(new Date('2026-12-31T16:00:00Z'), TZ)).toBe('2027-Q1');
    expect(quarterOf(new Date('2026-04-01T00:00:00Z'), TZ)).toBe('2026-Q2');
  });

  it('lists classified records by number only and counts the rest', () => {
    const lines = appraisalLines(
      [
        {
          id: '1',
          archiveNo: 'A-1',
          title: '关于某事的通知',
          year: 2010,
          retention: '10y',
          secrecy: 'internal',
        },
        { id: '2', archiveNo: 'A-2', title: null, year: 1990, retention: '30y', secrecy: 'secret' },
      ],
      25,
      'zh',
    );
    expect(lines).toBe('• A-1 关于某事的通知（2010年，定期10年）\n• A-2（1990年，定期30年）\n……另有 23 件');
  });
});

/**
 * The loan form's modal as its submission is read: the values through the modal's slots, checked
 * by the form's spec (whose check is the request's reading), then read as the request of `entryId`.
 */
function parseLoanSubmission(values: SlackViewStateValues, entryId: string, locale: 'zh' | 'en') {
  const spec = loanRequestFormSpec({ entry: null, maxDays: MAX_LOAN_DAYS, maxCopies: MAX_LOAN_COPIES });
  const checked = readSpecModal(spec, LOAN_REQUEST_FIELD_SLOTS, values, locale, (v) =>
    readLoanRequest(loanRequestInputOf(v), entryId),
  );
  return checked.ok ? checked.value : checked;
}

describe('archive loan form', () => {
  const values = (fields: Record<string, string>, kind = 'borrow') => ({
    archive_loan_kind: {
      archive_loan_kind_select: { type: 'static_select', selected_option: { value: kind } },
    },
    ...Object.fromEntries(
      Object.entries(fields).map(([block, value]) => [
        block,
        { [`${block}_input`]: { type: 'plain_text_input', value } },
      ]),
    ),
  });

  it('reads counts typed with full-width digits and units', () => {
    expect(readCount('５天')).toBe(5);
    expect(readCount('12')).toBe(12);
    expect(readCount('十')).toBeNaN();
  });

  it('reads a borrow, keeping the purpose as typed', () => {
    const parsed = parseLoanSubmission(
      values({
        archive_loan_purpose: '编写总结，核对数据',
        archive_loan_days: '7',
        archive_loan_outside: '',
      }) as never,
      'e1',
      'zh',
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        entryId: 'e1',
        kind: 'borrow',
        purpose: '编写总结，核对数据',
        days: 7,
        copies: null,
        outsideUnit: null,
      },
    });
  });

  it('asks for what is missing: purpose, days 1–30, copies 1–50', () => {
    const borrow = parseLoanSubmission(
      values({ archive_loan_purpose: '', archive_loan_days: '31' }) as never,
      'e1',
      'en',
    );
    expect(borrow).toMatchObject({
      ok: false,
      errors: { archive_loan_purpose: expect.any(String), archive_loan_days: expect.stringContaining('30') },
    });
    const copy = parseLoanSubmission(
      values({ archive_loan_purpose: 'audit', archive_loan_copies: '0' }, 'copy') as never,
      'e1',
      'zh',
    );
    expect(copy).toMatchObject({ ok: false, errors: { archive_loan_copies: expect.stringContaining('50') } });
  });
});

describe('/archive loans blocks', () => {
  const row = {
    instanceId: '5b7b3f0e-8a0c-4c36-9a57-6a3a3f0e8a0c',
    version: 4,
    archiveNo: 'A-2',
    title: null,
    kind: 'borrow' as const,
    status: 'lent' as const,
    borrowerId: 'gao-yan',
    outsideUnit: null,
    lentAt: new Date('2026-11-20T02:00:00Z'),
    dueAt: new Date('2026-11-27T10:00:00Z'),
    atReturn: true,
  };

  it('gives the archivist overdue loans with a 归还 button for the loan at the version listed', () => {
    const list: LoanList = { asArchivist: true, overdue: [row], dueSoon: [], out: [], mine: [] };
    const reply = loanListReply({ locale: 'zh', list, timeZone: TZ, nameOf: () => '高燕' });
    expect(plainOf(reply.text)).toContain('已逾期（1）');
    expect(plainOf(reply.text)).toContain('A-2 （密件） · 高燕 · 到期 2026-11-27');
    const rowBlock = reply.blocks[1];
    expect(rowBlock?.kind === 'section' && rowBlock.button).toEqual({
      label: '归还',
      action: ARCHIVE_ACTIONS.loanReturn,
      // The core's item value: the archive feature's button opens the return form for this version.
      value: encodeCardItemValue({ instanceId: row.instanceId, version: 4 }),
    });
  });

  it('tells someone without loans how to ask for one', () => {
    const list: LoanList = { asArchivist: false, overdue: [], dueSoon: [], out: [], mine: [] };
    const reply = loanListReply({ locale: 'en', list, timeZone: TZ, nameOf: (id) => id });
    expect(plainOf(reply.text)).toContain('Press Borrow');
    expect(reply.blocks).toEqual([]);
  });
});

describe('the demo loan due soon', () => {
  const DAY = 24 * 3600 * 1000;
  it('is due within the next three days whatever the weekday and hour the playground starts', () => {
    const calendar = weekdayCalendar(TZ);
    // Every three hours over two weeks: each weekday, before, during and after office hours.
    for (
      let at = Date.parse('2026-11-23T00:00:00Z');
      at < Date.parse('2026-12-07T00:00:00Z');
      at += 3 * 3600 * 1000
    ) {
      const now = new Date(at);
      const lentAt = new Date(at - 5 * DAY);
      const days = lendDaysDueSoon(calendar, lentAt, now, 10);
      expect(days).toBeGreaterThanOrEqual(1);
      expect(days).toBeLessThanOrEqual(10);
      const due = calendar.addWorkingDays(lentAt, days).getTime();
      expect(due, now.toISOString()).toBeGreaterThan(at);
      expect(due, now.toISOString()).toBeLessThanOrEqual(at + DUE_SOON_DAYS * DAY);
      // As late as it can be: one more day lent would be due after the window.
      if (days < 10)
        expect(calendar.addWorkingDays(lentAt, days + 1).getTime()).toBeGreaterThan(at + DUE_SOON_DAYS * DAY);
    }
  });

  it('is due on the first working day after a holiday longer than the window', () => {
    // 国庆节: 1–7 October off; on the 2nd nothing falls due within three days.
    const calendar = weekdayCalendar(TZ, '18:00', {
      extraDaysOff: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
    });
    const now = new Date('2026-10-02T02:00:00Z');
    const lentAt = new Date(now.getTime() - 5 * DAY);
    const days = lendDaysDueSoon(calendar, lentAt, now, 10);
    expect(calendar.addWorkingDays(lentAt, days).toISOString()).toBe('2026-10-08T10:00:00.000Z');
  });
});
