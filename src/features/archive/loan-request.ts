// Reading the 借阅/复制 request form, for the modal's submission and the web form alike: the
// purpose (required, at most MAX_LOAN_TEXT), the unit outside (optional, as long), and the days
// of a loan (1–MAX_LOAN_DAYS) or the copies of a copy (1–MAX_LOAN_COPIES), typed with full-width
// digits or a unit after them too.

import { type FormText, message } from '../../chat/core/form-spec.ts';
import { MAX_LOAN_COPIES, MAX_LOAN_DAYS, MAX_LOAN_TEXT } from '../../domain/archive/loan-definitions.ts';
import { readCount } from './loan-step-forms.ts';
import type { NewLoanRequest } from './loans.ts';

/** The request form's fields as typed (text as typed; `kind` as chosen, anything else a loan). */
export interface LoanRequestTyped {
  kind: string | null;
  purpose: string;
  days: string;
  copies: string;
  outside: string;
}

/** The request form's field ids that a reading may fault. */
export type LoanRequestField = 'purpose' | 'outside' | 'days' | 'copies';

/** The request of `entryId` the form sets, or why each field at fault is refused. */
export function readLoanRequest(
  typed: LoanRequestTyped,
  entryId: string,
): { ok: true; value: NewLoanRequest } | { ok: false; errors: Partial<Record<LoanRequestField, FormText>> } {
  const errors: Partial<Record<LoanRequestField, FormText>> = {};
  const kind = typed.kind === 'copy' ? 'copy' : 'borrow';
  const purpose = typed.purpose.trim();
  if (purpose === '' || [...purpose].length > MAX_LOAN_TEXT) {
    errors.purpose = message('archive.loan.error.purpose', { max: MAX_LOAN_TEXT });
  }
  const outside = typed.outside.trim();
  if ([...outside].length > MAX_LOAN_TEXT) {
    errors.outside = message('archive.loan.error.outside', { max: MAX_LOAN_TEXT });
  }
  let days: number | null = null;
  let copies: number | null = null;
  if (kind === 'borrow') {
    days = readCount(typed.days.trim());
    if (!(days >= 1 && days <= MAX_LOAN_DAYS))
      errors.days = message('archive.loan.error.days', { max: MAX_LOAN_DAYS });
  } else {
    copies = readCount(typed.copies.trim());
    if (!(copies >= 1 && copies <= MAX_LOAN_COPIES)) {
      errors.copies = message('archive.loan.error.copies', { max: MAX_LOAN_COPIES });
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { entryId, kind, purpose, days, copies, outsideUnit: outside === '' ? null : outside },
  };
}
