// The archivist's step forms of a loan as FormSpecs: 出借 (the days lent, empty for those approved,
// and a note), 归还 (the record's condition) and 已复制 (the copies made, and a note). The spec
// checks what a form alone can (required, length); the number is then read and checked against
// the approval (`checkLoanStepNumber`), which a platform's modal and the bot's web page share
// through `readLoanStepForm`.

import {
  type FormSpec,
  type FormText,
  type FormValues,
  formText,
  message,
  textValue,
} from '../../chat/core/form-spec.ts';
import type { WebFormHandler } from '../../chat/core/web-form.ts';
import { LOAN_STEP_IDS, MAX_LOAN_TEXT } from '../../domain/archive/loan-definitions.ts';
import { type StepWebFormDeps, stepWebForm } from '../workflow/step-web-form.ts';
import { type LoanRequestTyped, readLoanRequest } from './loan-request.ts';

/** The forms' names (signed into web links). */
export const LOAN_LEND_FORM_ID = 'archive.lend';
export const LOAN_RETURN_FORM_ID = 'archive.return';
export const LOAN_COPY_MADE_FORM_ID = 'archive.copy_made';

/** Field ids of the loan step forms. */
export const LOAN_STEP_FIELDS = {
  days: 'days',
  note: 'note',
  condition: 'condition',
  copies: 'copies',
} as const;

/** Longest note of 出借 and 已复制. */
const NOTE_MAX = 500;
/** Longest count typed (a few digits and a unit). */
const COUNT_TEXT_MAX = 6;

/** A whole number typed in a form (full-width digits allowed, 天/份 after it too); NaN otherwise. */
export function readCount(raw: string): number {
  const match = /^(\d{1,4})\s*(天|日|个工作日|工作日|份|次)?$/u.exec(raw.normalize('NFKC').trim());
  return match ? Number(match[1]) : Number.NaN;
}

const note = {
  id: LOAN_STEP_FIELDS.note,
  kind: 'long_text',
  label: message('archive.lend.note'),
  required: false,
  maxLength: NOTE_MAX,
} as const;

/** 出借: the days lent (empty: as approved) and a note. */
export function lendFormSpec(): FormSpec {
  return {
    id: LOAN_LEND_FORM_ID,
    title: message('archive.lend.title'),
    submitLabel: message('archive.lend.submit'),
    notices: [{ kind: 'note', lines: [message('archive.lend.hint')] }],
    fields: [
      {
        id: LOAN_STEP_FIELDS.days,
        kind: 'text',
        label: message('archive.lend.days'),
        hint: message('archive.lend.days_hint'),
        required: false,
        maxLength: COUNT_TEXT_MAX,
      },
      note,
    ],
  };
}

/** 归还: the record's condition. */
export function returnFormSpec(): FormSpec {
  const refusal = message('error.archive_condition_required', { max: MAX_LOAN_TEXT });
  return {
    id: LOAN_RETURN_FORM_ID,
    title: message('archive.return.title'),
    submitLabel: message('archive.return.submit'),
    notices: [],
    fields: [
      {
        id: LOAN_STEP_FIELDS.condition,
        kind: 'long_text',
        label: message('archive.return.condition'),
        hint: message('archive.return.condition_hint'),
        required: true,
        maxLength: MAX_LOAN_TEXT,
        messages: { required: refusal, invalid: refusal },
      },
    ],
  };
}

/** 已复制: the copies made and a note. */
export function copyMadeFormSpec(): FormSpec {
  return {
    id: LOAN_COPY_MADE_FORM_ID,
    title: message('archive.copy_made.title'),
    submitLabel: message('archive.copy_made.submit'),
    notices: [],
    fields: [
      {
        id: LOAN_STEP_FIELDS.copies,
        kind: 'text',
        label: message('archive.copy_made.copies'),
        required: true,
        maxLength: COUNT_TEXT_MAX,
      },
      note,
    ],
  };
}

/** The approval's numbers a loan step form is checked against (`ArchiveLoanChatDeps`). */
export interface LoanStepChecks {
  /** The approved days of a loan at 出借; null when it is not there. */
  approvedDays(instanceId: string): Promise<number | null>;
  checkLendDays(
    instanceId: string,
    days: number,
  ): Promise<{ ok: true } | { ok: false; reason: string; approved: number }>;
  checkCopiesMade(
    instanceId: string,
    copies: number,
  ): Promise<{ ok: true } | { ok: false; reason: string; approved: number }>;
}

/** What a loan step form sets, or the field at fault and why. */
export type LoanStepReading =
  | { ok: true; comment: string | null; params: Record<string, string> }
  | { ok: false; field: string; words: FormText };

/**
 * What `values` (checked against the step's spec) set at `stepId`: the number read and checked
 * against the approval, the note as the opinion.
 */
export async function readLoanStepForm(
  stepId: string,
  values: FormValues,
  instanceId: string,
  checks: LoanStepChecks,
): Promise<LoanStepReading> {
  const comment = textValue(values, LOAN_STEP_FIELDS.note);
  const gone = message('archive.step.error.gone');
  switch (stepId) {
    case LOAN_STEP_IDS.lend: {
      const approved = await checks.approvedDays(instanceId);
      if (approved === null) return { ok: false, field: LOAN_STEP_FIELDS.days, words: gone };
      const typed = textValue(values, LOAN_STEP_FIELDS.days);
      const days = typed === null ? approved : readCount(typed);
      const checked = await checks.checkLendDays(instanceId, days);
      if (!checked.ok) {
        const words =
          checked.reason === 'out_of_range'
            ? message('archive.lend.error.days', { approved: checked.approved })
            : gone;
        return { ok: false, field: LOAN_STEP_FIELDS.days, words };
      }
      return { ok: true, comment, params: { lendDays: String(days) } };
    }
    case LOAN_STEP_IDS.return:
      return {
        ok: true,
        comment: null,
        params: { condition: textValue(values, LOAN_STEP_FIELDS.condition) ?? '' },
      };
    case LOAN_STEP_IDS.copyMade: {
      const copies = readCount(textValue(values, LOAN_STEP_FIELDS.copies) ?? '');
      const checked = await checks.checkCopiesMade(instanceId, copies);
      if (!checked.ok) {
        const words =
          checked.reason === 'out_of_range'
            ? message('archive.copy_made.error.count', { approved: checked.approved })
            : gone;
        return { ok: false, field: LOAN_STEP_FIELDS.copies, words };
      }
      return { ok: true, comment, params: { copiesMade: String(copies) } };
    }
    default:
      throw new Error(`no loan step form for step ${stepId}`);
  }
}

/** The spec of each loan step form, by step id. */
export const LOAN_STEP_FORMS = [
  { stepId: LOAN_STEP_IDS.lend, formId: LOAN_LEND_FORM_ID, spec: lendFormSpec },
  { stepId: LOAN_STEP_IDS.return, formId: LOAN_RETURN_FORM_ID, spec: returnFormSpec },
  { stepId: LOAN_STEP_IDS.copyMade, formId: LOAN_COPY_MADE_FORM_ID, spec: copyMadeFormSpec },
] as const;

/** 出借, 归还 and 已复制 on the web, each the form of its step, applied as the step's click. */
export function loanStepWebForms(deps: StepWebFormDeps, checks: LoanStepChecks): WebFormHandler[] {
  return LOAN_STEP_FORMS.map(({ stepId, formId, spec }) =>
    stepWebForm(deps, {
      formId,
      stepIds: [stepId],
      load: async () => spec(),
      async read(values, instanceId, context) {
        const reading = await readLoanStepForm(stepId, values, instanceId, checks);
        if (!reading.ok) {
          return { ok: false, message: formText(reading.words, context.locale), field: reading.field };
        }
        return { ok: true, comment: reading.comment ?? '', params: reading.params };
      },
    }),
  );
}

/** The form's name of 提请销毁 (signed into web links). */
export const ARCHIVE_DESTROY_FORM_ID = 'archive.destroy';

/** 提请销毁: the method and witnesses, after which the approval of the quarter's records starts. */
export function destroyFormSpec(input: { maxEntries: number }): FormSpec {
  return {
    id: ARCHIVE_DESTROY_FORM_ID,
    title: message('archive.destroy.title'),
    submitLabel: message('archive.destroy.submit'),
    notices: [{ kind: 'note', lines: [message('archive.destroy.intro', { max: input.maxEntries })] }],
    fields: [
      {
        id: 'method',
        kind: 'long_text',
        label: message('archive.destroy.method'),
        required: true,
        maxLength: NOTE_MAX,
      },
    ],
  };
}

/** The form's name of the 借阅/复制 request (signed into web links). */
export const ARCHIVE_LOAN_FORM_ID = 'archive.loan';

/** The entry the request form is about (only what the viewer may see of it). */
export interface LoanFormEntryView {
  archiveNo: string;
  /** Null for classified records: the form shows the 档号 only. */
  title: string | null;
}

/**
 * The 借阅/复制 request form: the kind (借阅 first chosen), the purpose, the days of a loan or the
 * copies of a copy, and the unit outside where it goes. The entry is named once it is read.
 */
export function loanRequestFormSpec(input: {
  entry: LoanFormEntryView | null;
  maxDays: number;
  maxCopies: number;
}): FormSpec {
  const { entry } = input;
  return {
    id: ARCHIVE_LOAN_FORM_ID,
    title: message('archive.loan.title'),
    submitLabel: message('archive.loan.submit'),
    notices: entry
      ? [
          {
            kind: 'intro',
            lines: [message('archive.loan.entry', { archiveNo: entry.archiveNo, title: entry.title ?? '' })],
          },
        ]
      : [],
    fields: [
      {
        id: 'kind',
        kind: 'select',
        label: message('archive.loan.kind'),
        required: true,
        options: (['borrow', 'copy'] as const).map((kind) => ({
          value: kind,
          label: message(kind === 'borrow' ? 'archive.loan.kind.borrow' : 'archive.loan.kind.copy'),
        })),
        initial: 'borrow',
      },
      {
        id: 'purpose',
        kind: 'long_text',
        label: message('archive.loan.purpose'),
        // Asked for by the request's own reading (the check below), with the counts in one pass.
        required: false,
        maxLength: MAX_LOAN_TEXT,
      },
      {
        id: 'days',
        kind: 'text',
        label: message('archive.loan.days', { max: input.maxDays }),
        hint: message('archive.loan.days_hint'),
        required: false,
        maxLength: COUNT_TEXT_MAX,
      },
      {
        id: 'copies',
        kind: 'text',
        label: message('archive.loan.copies', { max: input.maxCopies }),
        hint: message('archive.loan.copies_hint'),
        required: false,
        maxLength: COUNT_TEXT_MAX,
      },
      {
        id: 'outside',
        kind: 'text',
        label: message('archive.loan.outside'),
        hint: message('archive.loan.outside_hint'),
        required: false,
        maxLength: MAX_LOAN_TEXT,
      },
    ],
    // The request's own reading (a count within the maximum, a purpose…), beside each field.
    check: (values) => {
      const read = readLoanRequest(loanRequestInputOf(values), LOAN_CHECK_ENTRY);
      if (read.ok) return {};
      return Object.fromEntries(Object.entries(read.errors).filter(([, words]) => words !== undefined));
    },
  };
}

/** Any entry: the reading checks the form's values, not what it is about. */
const LOAN_CHECK_ENTRY = '00000000-0000-0000-0000-000000000000';

/** The request form's values as the request's reading takes them. */
export function loanRequestInputOf(values: FormValues): LoanRequestTyped {
  return {
    kind: textValue(values, 'kind'),
    purpose: textValue(values, 'purpose') ?? '',
    days: textValue(values, 'days') ?? '',
    copies: textValue(values, 'copies') ?? '',
    outside: textValue(values, 'outside') ?? '',
  };
}

/** A form replaced by why the entry cannot be borrowed, with nothing to send. */
export function loanNoticeFormSpec(text: string): FormSpec {
  return {
    id: ARCHIVE_LOAN_FORM_ID,
    title: message('archive.loan.title'),
    submitLabel: null,
    notices: [{ kind: 'intro', lines: [{ text }] }],
    fields: [],
  };
}
