import { describe, expect, it } from 'vitest';
import { validateForm } from '../../src/chat/core/form-spec.ts';
import type { WebFormContext } from '../../src/chat/core/web-form.ts';
import {
  copyMadeFormSpec,
  type LoanStepChecks,
  lendFormSpec,
  loanStepWebForms,
  readLoanStepForm,
  returnFormSpec,
} from '../../src/features/archive/loan-step-forms.ts';
import type { WorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { silentLogger } from '../support/databases.ts';

// The archivist's loan step forms (出借, 归还, 已复制) as FormSpecs, read against the approval, and
// served on the web as the step's click.

const ID = '5b0d8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12';
const checks: LoanStepChecks = {
  approvedDays: async (id) => (id === ID ? 14 : null),
  checkLendDays: async (_id, days) =>
    days >= 1 && days <= 14 ? { ok: true } : { ok: false, reason: 'out_of_range', approved: 14 },
  checkCopiesMade: async (_id, copies) =>
    copies >= 1 && copies <= 3 ? { ok: true } : { ok: false, reason: 'out_of_range', approved: 3 },
};
const valuesOf = (spec: ReturnType<typeof lendFormSpec>, input: Record<string, string>) => {
  const checked = validateForm(spec, input, 'zh');
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.values;
};

describe('the loan step forms', () => {
  it('lends for the approved days when none are typed, and reads 天 and full-width digits', async () => {
    expect(
      await readLoanStepForm('archive_lend', valuesOf(lendFormSpec(), { days: '' }), ID, checks),
    ).toEqual({
      ok: true,
      comment: null,
      params: { lendDays: '14' },
    });
    const typed = valuesOf(lendFormSpec(), { days: '７天', note: '纸质原件' });
    expect(await readLoanStepForm('archive_lend', typed, ID, checks)).toEqual({
      ok: true,
      comment: '纸质原件',
      params: { lendDays: '7' },
    });
  });

  it('refuses days beyond the approval on the days field, and a loan no longer at 出借', async () => {
    const tooMany = await readLoanStepForm(
      'archive_lend',
      valuesOf(lendFormSpec(), { days: '30' }),
      ID,
      checks,
    );
    expect(tooMany).toEqual({
      ok: false,
      field: 'days',
      words: { key: 'archive.lend.error.days', params: { approved: 14 } },
    });
    const gone = await readLoanStepForm(
      'archive_lend',
      valuesOf(lendFormSpec(), { days: '' }),
      'other',
      checks,
    );
    expect(gone).toMatchObject({ ok: false, words: { key: 'archive.step.error.gone' } });
  });

  it('requires the condition at 归还 and the copies at 已复制, within the approval', async () => {
    const empty = validateForm(returnFormSpec(), { condition: ' ' }, 'zh');
    expect(!empty.ok && empty.errors.condition).toContain('200');
    const returned = valuesOf(returnFormSpec(), { condition: '完好' });
    expect(await readLoanStepForm('archive_return', returned, ID, checks)).toEqual({
      ok: true,
      comment: null,
      params: { condition: '完好' },
    });
    const copies = await readLoanStepForm(
      'archive_copy_made',
      valuesOf(copyMadeFormSpec(), { copies: '5份' }),
      ID,
      checks,
    );
    expect(copies).toMatchObject({ ok: false, field: 'copies', words: { params: { approved: 3 } } });
  });
});

describe('the loan step forms on the web', () => {
  const clicks: unknown[] = [];
  const service = {
    click: async (input: unknown) => {
      clicks.push(input);
      return { kind: 'applied' };
    },
  } as unknown as WorkflowService;
  const forms = loanStepWebForms(
    {
      service,
      namesOf: async () => new Map(),
      timeZone: 'Asia/Shanghai',
      refreshCard: async () => {},
      log: silentLogger,
    },
    checks,
  );
  const context: WebFormContext = {
    personId: 'archivist',
    params: { i: ID, v: '4', w: 'T1' },
    locale: 'zh',
    key: 'form-link:link-1',
  };

  it('are the forms of their steps', () => {
    expect(forms.map((f) => [f.formId, f.stepIds])).toEqual([
      ['archive.lend', ['archive_lend']],
      ['archive.return', ['archive_return']],
      ['archive.copy_made', ['archive_copy_made']],
    ]);
  });

  it('apply 出借 as the step’s click against the card’s version, and refuse days beyond the approval on the page', async () => {
    const lend = forms[0];
    if (!lend) throw new Error('no lend form');
    expect(await lend.load(context)).toMatchObject({ id: 'archive.lend' });
    expect(await lend.load({ ...context, params: {} })).toBeNull();
    const refused = await lend.submit(context, valuesOf(lendFormSpec(), { days: '30' }));
    expect(refused).toEqual({ ok: false, field: 'days', message: expect.stringContaining('14') });
    expect(clicks).toEqual([]);
    expect(await lend.submit(context, valuesOf(lendFormSpec(), { days: '' }))).toEqual({ ok: true });
    expect(clicks).toEqual([
      {
        instanceId: ID,
        workspaceId: 'T1',
        actorPersonId: 'archivist',
        action: { type: 'approve', params: { lendDays: '14' } },
        expectedVersion: 4,
      },
    ]);
  });
});
