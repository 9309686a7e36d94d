// The archive loan forms and lists: the 借阅/复制 request form (from a search result's 借阅), the
// archivist's 出借 / 归还 / 已复制 step forms, `/archive loans` (with 归还 buttons that are the
// card's own step button, so they go through the engine like a click on the card), and
// `/archive appraisal` with 提请销毁 and its form. Fixed block and action ids (ids.ts).

import type { types } from '@slack/bolt';
import { DateTime } from 'luxon';
import {
  LOAN_STEP_IDS,
  MAX_DESTROY_ENTRIES,
  MAX_LOAN_COPIES,
  MAX_LOAN_DAYS,
} from '../../../domain/archive/loan-definitions.ts';
import {
  copyMadeFormSpec,
  destroyFormSpec,
  LOAN_STEP_FIELDS,
  lendFormSpec,
  loanNoticeFormSpec,
  loanRequestFormSpec,
  returnFormSpec,
} from '../../../features/archive/loan-step-forms.ts';
import type { LoanList, LoanListRow } from '../../../features/archive/loans.ts';
import type { ExpiredEntry } from '../../../features/archive/retention.ts';
import { type Locale, type PlainMessageKey, t, translateDynamic } from '../../../shared/i18n.ts';
import type { FormSpec } from '../../core/form-spec.ts';
import { type ActionRef, encodeActionValue, encodeModalMetadata } from '../action-values.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, mrkdwn, plainText, type SlackMessage } from '../blocks/message.ts';
import { bold, escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { renderSlackModal, type SlackFormBinding } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';

function _modal(
  locale: Locale,
  callbackId: string,
  title: PlainMessageKey,
  submit: PlainMessageKey,
  blocks: Block[],
  metadata: string,
): types.ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: metadata,
    title: plainText(truncateText(t(locale, title), BLOCK_KIT_LIMITS.modalTitle)),
    submit: plainText(truncateText(t(locale, submit), BLOCK_KIT_LIMITS.modalTitle)),
    close: plainText(truncateText(t(locale, 'modal.close'), BLOCK_KIT_LIMITS.modalTitle)),
    blocks: blocks as types.ModalView['blocks'],
  };
}

/** The entry the request form is about (only what the viewer may see of it). */
export interface LoanFormEntry {
  id: string;
  archiveNo: string;
  /** Null for classified records: the form shows the 档号 only. */
  title: string | null;
}

/** Where the request form's fields sit in the modal (`parseLoanSubmission` reads them). */
const LOAN_REQUEST_FIELD_SLOTS: SlackFormBinding['fields'] = {
  kind: {
    blockId: BLOCK_IDS.archiveLoanKind,
    actionId: ACTION_IDS.archiveLoanKindSelect,
    omitOptional: true,
  },
  purpose: { blockId: BLOCK_IDS.archiveLoanPurpose, actionId: ACTION_IDS.archiveLoanPurposeInput },
  days: { blockId: BLOCK_IDS.archiveLoanDays, actionId: ACTION_IDS.archiveLoanDaysInput },
  copies: { blockId: BLOCK_IDS.archiveLoanCopies, actionId: ACTION_IDS.archiveLoanCopiesInput },
  outside: { blockId: BLOCK_IDS.archiveLoanOutside, actionId: ACTION_IDS.archiveLoanOutsideInput },
};

/** The 借阅/复制 request form, drawn from its FormSpec; private_metadata is `{"entryId":…}`. */
export function buildLoanRequestModal(input: {
  locale: Locale;
  entryId: string;
  /** Shown once looked up (the form opens first: the trigger_id lives 3 s). */
  entry: LoanFormEntry | null;
}): types.ModalView {
  return renderSlackModal(
    loanRequestFormSpec({ entry: input.entry, maxDays: MAX_LOAN_DAYS, maxCopies: MAX_LOAN_COPIES }),
    {
      callbackId: CALLBACK_IDS.archiveLoanModal,
      privateMetadata: JSON.stringify({ entryId: input.entryId }),
      fields: LOAN_REQUEST_FIELD_SLOTS,
    },
    input.locale,
  );
}

/** A form replaced by a notice (the entry cannot be borrowed): no submit button. */
export function buildLoanNoticeModal(locale: Locale, text: string): types.ModalView {
  return renderSlackModal(
    loanNoticeFormSpec(truncateText(text, 2900)),
    { callbackId: CALLBACK_IDS.archiveLoanModal, fields: {} },
    locale,
  );
}

/** Where the loan step forms' fields sit in their modals. */
export const LOAN_STEP_FIELD_SLOTS: SlackFormBinding['fields'] = {
  [LOAN_STEP_FIELDS.days]: { blockId: BLOCK_IDS.archiveLendDays, actionId: ACTION_IDS.archiveLendDaysInput },
  [LOAN_STEP_FIELDS.note]: { blockId: BLOCK_IDS.archiveLendNote, actionId: ACTION_IDS.archiveLendNoteInput },
  [LOAN_STEP_FIELDS.condition]: {
    blockId: BLOCK_IDS.archiveCondition,
    actionId: ACTION_IDS.archiveConditionInput,
  },
  [LOAN_STEP_FIELDS.copies]: {
    blockId: BLOCK_IDS.archiveCopiesMade,
    actionId: ACTION_IDS.archiveCopiesMadeInput,
  },
};

/** The modal of a loan step form (drawn from its FormSpec) for the card `ref` points at. */
function stepModal(spec: FormSpec, callbackId: string, locale: Locale, ref: ActionRef): types.ModalView {
  return renderSlackModal(
    spec,
    { callbackId, privateMetadata: encodeModalMetadata(ref), fields: LOAN_STEP_FIELD_SLOTS },
    locale,
  );
}

/** The archivist's 出借 form: days lent (empty = as approved) and a note. */
export function buildLendModal(input: { locale: Locale; ref: ActionRef }): types.ModalView {
  return stepModal(lendFormSpec(), CALLBACK_IDS.archiveLendModal, input.locale, input.ref);
}

/** The archivist's 归还 form: the record's condition (required). */
export function buildReturnModal(input: { locale: Locale; ref: ActionRef }): types.ModalView {
  return stepModal(returnFormSpec(), CALLBACK_IDS.archiveReturnModal, input.locale, input.ref);
}

/** The archivist's 已复制 form: the copies made. */
export function buildCopyMadeModal(input: { locale: Locale; ref: ActionRef }): types.ModalView {
  return stepModal(copyMadeFormSpec(), CALLBACK_IDS.archiveCopyMadeModal, input.locale, input.ref);
}

/** Sections per list part; a message holds 50 blocks. */
const ROWS_PER_PART = 12;

const day = (at: Date | null, timeZone: string) =>
  at ? DateTime.fromJSDate(at).setZone(timeZone).toFormat('yyyy-MM-dd') : '—';

/**
 * `/archive loans`: for the archivist the records out (overdue, due soon, the rest), each with a
 * 归还 button (the card's own step button); for anyone else their loans with their state.
 */
export function buildLoanListMessage(input: {
  locale: Locale;
  list: LoanList;
  timeZone: string;
  nameOf: (personId: string) => string;
}): SlackMessage {
  const { locale, list, timeZone } = input;
  const blocks: Block[] = [];
  const title = (row: LoanListRow) => (row.title ?? t(locale, 'archive.loans.classified')).slice(0, 120);
  const lines: string[] = [];
  // A group's title in bold, its count after it (the catalog's texts are plain).
  const heading = (key: PlainMessageKey, count: number) =>
    t(locale, 'archive.loans.header', { title: bold(t(locale, key)), count });
  const part = (header: string, rows: LoanListRow[], line: (row: LoanListRow) => string, button: boolean) => {
    if (rows.length === 0) return;
    blocks.push({ type: 'section', text: mrkdwn(header) } as unknown as Block);
    lines.push(header.replace(/\*/g, ''));
    rows.slice(0, ROWS_PER_PART).forEach((row, index) => {
      const text = line(row);
      lines.push(text);
      const ref: ActionRef = {
        instanceId: row.instanceId,
        version: row.version,
        action: 'approve',
        form: LOAN_STEP_IDS.return,
      };
      blocks.push({
        type: 'section',
        block_id: `${BLOCK_IDS.archiveLoansPrefix}:${header.length}:${index}:${row.instanceId.slice(0, 8)}`,
        text: mrkdwn(escapeMrkdwn(truncateText(text, 2900))),
        ...(button && row.atReturn
          ? {
              accessory: {
                type: 'button',
                action_id: ACTION_IDS.wfApprove,
                text: plainText(t(locale, 'archive.loans.return_button')),
                value: encodeActionValue(ref),
              },
            }
          : {}),
      } as unknown as Block);
    });
  };
  if (list.asArchivist) {
    const out = (row: LoanListRow) =>
      t(locale, 'archive.loans.row', {
        archiveNo: row.archiveNo,
        title: title(row),
        borrower: input.nameOf(row.borrowerId),
        outside: row.outsideUnit ? t(locale, 'archive.loans.outside_suffix', { unit: row.outsideUnit }) : '',
        due: day(row.dueAt, timeZone),
      });
    part(heading('archive.loans.header.overdue', list.overdue.length), list.overdue, out, true);
    part(heading('archive.loans.header.due_soon', list.dueSoon.length), list.dueSoon, out, true);
    part(heading('archive.loans.header.out', list.out.length), list.out, out, true);
    if (blocks.length === 0) return { text: t(locale, 'archive.loans.empty.archivist'), blocks: [] };
  } else {
    const mine = (row: LoanListRow) =>
      t(locale, 'archive.loans.row_mine', {
        archiveNo: row.archiveNo,
        title: title(row),
        kind: t(locale, `archive.loan.kind.${row.kind}`),
        status: translateDynamic(locale, `archive.loan.status.${row.status}`) ?? row.status,
        due:
          row.status === 'lent'
            ? t(locale, 'archive.loans.due_suffix', { due: day(row.dueAt, timeZone) })
            : '',
      });
    part(heading('archive.loans.header.mine', list.mine.length), list.mine, mine, false);
    if (blocks.length === 0) return { text: t(locale, 'archive.loans.empty.mine'), blocks: [] };
  }
  return { text: truncateText(lines.join('\n'), 3000), blocks };
}

/** `/archive appraisal`: the entries past retention, and 提请销毁 for those who may propose it. */
export function buildAppraisalMessage(input: {
  locale: Locale;
  quarter: string;
  total: number;
  entries: readonly ExpiredEntry[];
  lines: string;
  canPropose: boolean;
}): SlackMessage {
  const { locale } = input;
  if (input.total === 0) return { text: t(locale, 'archive.appraisal.empty'), blocks: [] };
  const header = t(locale, 'archive.appraisal.header', {
    title: bold(t(locale, 'archive.appraisal.header.title')),
    count: input.total,
    quarter: input.quarter,
  });
  const blocks: Block[] = [
    { type: 'section', text: mrkdwn(header) } as unknown as Block,
    { type: 'section', text: mrkdwn(escapeMrkdwn(truncateText(input.lines, 2900))) } as unknown as Block,
  ];
  if (input.canPropose) {
    blocks.push({
      type: 'actions',
      block_id: `${BLOCK_IDS.archiveLoansPrefix}:appraisal:${input.quarter}`,
      elements: [
        {
          type: 'button',
          action_id: ACTION_IDS.archiveDestroyStart,
          text: plainText(t(locale, 'archive.appraisal.destroy_button')),
          value: JSON.stringify({ quarter: input.quarter }),
        },
      ],
    } as unknown as Block);
  }
  return { text: `${header.replace(/\*/g, '')}\n${truncateText(input.lines, 3000)}`, blocks };
}

/** 提请销毁: the method and witnesses, then the approval starts; drawn from its FormSpec. */
export function buildDestroyModal(input: { locale: Locale; quarter: string }): types.ModalView {
  return renderSlackModal(
    destroyFormSpec({ maxEntries: MAX_DESTROY_ENTRIES }),
    {
      callbackId: CALLBACK_IDS.archiveDestroyModal,
      privateMetadata: JSON.stringify({ quarter: input.quarter }),
      fields: {
        method: { blockId: BLOCK_IDS.archiveDestroyMethod, actionId: ACTION_IDS.archiveDestroyMethodInput },
      },
    },
    input.locale,
  );
}
