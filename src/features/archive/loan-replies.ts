// The answers of `/archive loans` and `/archive appraisal` for every platform. The loans list
// gives the archivist the records out (overdue, due soon, the rest), each with 归还 — the loan
// card's own step button, so a press goes through the engine like a click on the card — and
// anyone else their own loans with their state. The appraisal lists the entries past retention
// with 提请销毁 for those who may propose it.

import { DateTime } from 'luxon';
import { encodeCardItemValue } from '../../chat/core/card-item-value.ts';
import {
  plainOf,
  type Reply,
  type ReplyBlock,
  type ReplyButton,
  type RichText,
  richT,
  strong,
  textReply,
  truncateText,
} from '../../chat/core/reply.ts';
import { type Locale, type PlainMessageKey, t, translateDynamic } from '../../shared/i18n.ts';
import { ARCHIVE_ACTIONS } from './archive-actions.ts';
import type { LoanList, LoanListRow } from './loans.ts';
import type { ExpiredEntry } from './retention.ts';

/** What the loans list's and the appraisal's blocks are named after. */
export const ARCHIVE_LOANS_KEY = 'archive_loans';

/** Sections per list part; a reply holds 50 blocks. */
const ROWS_PER_PART = 12;

const day = (at: Date | null, timeZone: string) =>
  at ? DateTime.fromJSDate(at).setZone(timeZone).toFormat('yyyy-MM-dd') : '—';

/**
 * 归还 on a row: the loan's return form (its return step's own form), for the loan and the version
 * the list showed, so the click it makes is checked against the stored loan as a card's is.
 */
function returnButton(locale: Locale, row: LoanListRow): ReplyButton {
  return {
    label: t(locale, 'archive.loans.return_button'),
    action: ARCHIVE_ACTIONS.loanReturn,
    value: encodeCardItemValue({ instanceId: row.instanceId, version: row.version }),
  };
}

/** `/archive loans`: the archivist's records out, or the person's own loans. */
export function loanListReply(input: {
  locale: Locale;
  list: LoanList;
  timeZone: string;
  nameOf: (personId: string) => string;
}): Reply {
  const { locale, list, timeZone } = input;
  const blocks: ReplyBlock[] = [];
  const lines: string[] = [];
  const title = (row: LoanListRow) => (row.title ?? t(locale, 'archive.loans.classified')).slice(0, 120);
  // A group's title in bold, its count after it (the catalog's texts are plain).
  const heading = (key: PlainMessageKey, count: number): RichText =>
    richT(locale, 'archive.loans.header', { title: strong(t(locale, key)), count });
  const part = (
    header: RichText,
    rows: LoanListRow[],
    line: (row: LoanListRow) => string,
    button: boolean,
  ) => {
    if (rows.length === 0) return;
    blocks.push({ kind: 'section', text: header });
    lines.push(plainOf(header));
    // The rows' keys are those the list always had: the heading's length as drawn with its
    // title in bold marks, the row, and the loan.
    const headerKey = plainOf(header).length + 2;
    rows.slice(0, ROWS_PER_PART).forEach((row, index) => {
      const text = line(row);
      lines.push(text);
      blocks.push({
        kind: 'section',
        key: `${ARCHIVE_LOANS_KEY}:${headerKey}:${index}:${row.instanceId.slice(0, 8)}`,
        text: [truncateText(text, 2900)],
        ...(button && row.atReturn ? { button: returnButton(locale, row) } : {}),
      });
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
    if (blocks.length === 0) return textReply(t(locale, 'archive.loans.empty.archivist'));
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
    if (blocks.length === 0) return textReply(t(locale, 'archive.loans.empty.mine'));
  }
  return textReplyWithBlocks(truncateText(lines.join('\n'), 3000), blocks);
}

/** `/archive appraisal`: the entries past retention, and 提请销毁 for those who may propose it. */
export function appraisalReply(input: {
  locale: Locale;
  quarter: string;
  total: number;
  entries: readonly ExpiredEntry[];
  /** The entries as lines (`appraisalLines`). */
  lines: string;
  canPropose: boolean;
}): Reply {
  const { locale } = input;
  if (input.total === 0) return textReply(t(locale, 'archive.appraisal.empty'));
  const header = richT(locale, 'archive.appraisal.header', {
    title: strong(t(locale, 'archive.appraisal.header.title')),
    count: input.total,
    quarter: input.quarter,
  });
  const blocks: ReplyBlock[] = [
    { kind: 'section', text: header },
    { kind: 'section', text: [truncateText(input.lines, 2900)] },
  ];
  if (input.canPropose) {
    blocks.push({
      kind: 'buttons',
      key: `${ARCHIVE_LOANS_KEY}:appraisal:${input.quarter}`,
      buttons: [
        {
          label: t(locale, 'archive.appraisal.destroy_button'),
          action: ARCHIVE_ACTIONS.destroyStart,
          value: JSON.stringify({ quarter: input.quarter }),
        },
      ],
    });
  }
  return textReplyWithBlocks(`${plainOf(header)}\n${truncateText(input.lines, 3000)}`, blocks);
}

function textReplyWithBlocks(text: string, blocks: ReplyBlock[]): Reply {
  return { text: [text], blocks };
}
