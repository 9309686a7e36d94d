// Borrowing (借阅) and copying (复制) of archive entries on the approval engine. The `archive_loan`
// row is written in the start's transaction (status requested) and moved by a transition hook in
// the transaction of each click: approved, lent (with its due date), returned, copied, or refused.
// So a loan's row never says more, or less, than its approval's committed state.

import { DateTime } from 'luxon';
import type { Db, Tx } from '../../db/types.ts';
import {
  isLoanDefinition,
  LOAN_DEFINITIONS,
  LOAN_PARAMS,
  LOAN_STEP_IDS,
  type LoanKind,
  loanDefinition,
  loanKindOf,
  MAX_LOAN_COPIES,
  MAX_LOAN_DAYS,
  MAX_LOAN_TEXT,
} from '../../domain/archive/loan-definitions.ts';
import type { SecrecyLevel } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, type PlainMessageKey, t } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import type { StartHook, TransitionHook, WorkflowService } from '../workflow/workflow-service.ts';
import { getEntry } from './catalog.ts';
import { enqueueLentFile } from './file-retrieval.ts';

/** What a borrower submits from a search result's 借阅 button. */
export interface NewLoanRequest {
  entryId: string;
  kind: LoanKind;
  purpose: string;
  /** Working days asked, 1–{@link MAX_LOAN_DAYS} (borrow). */
  days: number | null;
  /** Copies asked, 1–{@link MAX_LOAN_COPIES} (copy). */
  copies: number | null;
  /** The outside unit borrowing through the requester (a leader approves too). */
  outsideUnit: string | null;
}

/** Loan statuses of `archive_loan.status`. */
export type LoanStatus = 'requested' | 'approved' | 'lent' | 'returned' | 'copied' | 'refused';

/** Statuses in which a loan is still going on (not finished). */
const OPEN_STATUSES: readonly LoanStatus[] = ['requested', 'approved', 'lent'];

const textLength = (s: string) => [...s].length;

/** Checks the form's values: AppError `archive_loan_invalid` (param `field`) on the first bad one. */
export function checkLoanRequest(form: NewLoanRequest): NewLoanRequest {
  const bad = (field: string) =>
    new AppError('archive_loan_invalid', `bad ${field}`, {
      params: { field, maxDays: MAX_LOAN_DAYS, maxCopies: MAX_LOAN_COPIES, max: MAX_LOAN_TEXT },
    });
  const purpose = form.purpose.trim();
  if (purpose === '' || textLength(purpose) > MAX_LOAN_TEXT) throw bad('purpose');
  const outsideUnit = form.outsideUnit?.trim() || null;
  if (outsideUnit !== null && textLength(outsideUnit) > MAX_LOAN_TEXT) throw bad('outsideUnit');
  if (form.kind === 'borrow') {
    if (!Number.isInteger(form.days) || (form.days ?? 0) < 1 || (form.days ?? 0) > MAX_LOAN_DAYS) {
      throw bad('days');
    }
    return { ...form, purpose, outsideUnit, copies: null };
  }
  if (!Number.isInteger(form.copies) || (form.copies ?? 0) < 1 || (form.copies ?? 0) > MAX_LOAN_COPIES) {
    throw bad('copies');
  }
  return { ...form, purpose, outsideUnit, days: null };
}

/**
 * Starts a borrowing or copying request for `requesterPersonId`. Refused with AppError
 * `archive_entry_not_found` for an entry that does not exist or that the borrower is not cleared
 * for (the same words: a hidden entry is not revealed), `archive_entry_destroyed`,
 * `archive_entry_lent` (a borrow of a record that is out; param `due`), `archive_loan_invalid`,
 * and the engine's refusals (`no_assignee`, `route_not_cleared`).
 */
export async function startLoanRequest(
  deps: { service: WorkflowService; prisma: PrismaClient; timeZone: string },
  input: {
    requesterPersonId: string;
    workspaceId: string | null;
    form: NewLoanRequest;
    /** Makes the start idempotent: the same key starts once (a form sent again). */
    startKey?: string;
  },
): Promise<WorkflowInstance> {
  const form = checkLoanRequest(input.form);
  const borrower = await deps.prisma.person.findUnique({
    where: { id: input.requesterPersonId },
    select: { clearance: true, active: true },
  });
  if (!borrower?.active)
    throw new AppError('requester_unknown', 'no such person', { params: { person: '' } });
  // A borrower cleared below the record's level never learns it exists (as in search).
  const entry = await getEntry(deps.prisma, form.entryId, {
    personId: input.requesterPersonId,
    clearance: borrower.clearance as SecrecyLevel,
  });
  if (entry.status === 'destroyed') throw destroyed(entry.archiveNo);
  if (form.kind === 'borrow') await refuseIfLent(deps.prisma, entry.id, entry.archiveNo, deps.timeZone);
  const classified = isClassified(entry.secrecy);
  return deps.service.start({
    definitionId: loanDefinition(form.kind, entry.secrecy, form.outsideUnit !== null).id,
    requesterPersonId: input.requesterPersonId,
    workspaceId: input.workspaceId,
    // 秘密 and above: by reference (档号) only, never the title.
    title: classified ? null : (entry.title ?? entry.archiveNo),
    reference: entry.archiveNo,
    secrecy: entry.secrecy,
    urgency: 'normal',
    ...(input.startKey ? { startKey: input.startKey } : {}),
    params: {
      [LOAN_PARAMS.entryId]: entry.id,
      [LOAN_PARAMS.archiveNo]: entry.archiveNo,
      [LOAN_PARAMS.purpose]: form.purpose,
      ...(form.days !== null ? { [LOAN_PARAMS.days]: String(form.days) } : {}),
      ...(form.copies !== null ? { [LOAN_PARAMS.copies]: String(form.copies) } : {}),
      ...(form.outsideUnit ? { [LOAN_PARAMS.outsideUnit]: form.outsideUnit } : {}),
    },
  });
}

function destroyed(archiveNo: string) {
  return new AppError('archive_entry_destroyed', `entry ${archiveNo} was destroyed`, {
    params: { archiveNo },
  });
}

/** The due date as people read it, in the unit's time zone. */
function dueText(dueAt: Date | null, timeZone: string): string {
  return dueAt ? DateTime.fromJSDate(dueAt).setZone(timeZone).toFormat('yyyy-MM-dd') : '—';
}

async function refuseIfLent(db: Db, entryId: string, archiveNo: string, timeZone: string, except?: string) {
  const out = await db.archiveLoan.findFirst({
    where: { entryId, status: 'lent', ...(except ? { NOT: { instanceId: except } } : {}) },
    select: { dueAt: true },
  });
  if (out) {
    throw new AppError('archive_entry_lent', `entry ${archiveNo} is lent out`, {
      params: { archiveNo, due: dueText(out.dueAt, timeZone) },
    });
  }
}

interface LockedEntry {
  status: string;
  archive_no: string;
  secrecy: string;
  file_ref: string | null;
  file_sha256: string | null;
}

/** Locks the entry's row until the transaction ends: two lendings of one record queue up here. */
async function lockEntry(tx: Tx, entryId: string): Promise<LockedEntry | null> {
  const rows = await tx.$queryRaw<LockedEntry[]>`
    SELECT status, archive_no, secrecy, file_ref, file_sha256
    FROM archive_entry WHERE id = ${entryId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

const text = (instance: WorkflowInstance, key: string) => {
  const value = instance.params[key];
  return typeof value === 'string' ? value : '';
};
const wholeNumber = (raw: unknown) => {
  const n = typeof raw === 'string' && /^\s*\d{1,4}\s*$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(n) ? n : Number.NaN;
};

/**
 * The start hook of every loan route: the `archive_loan` row (status requested), in the start's
 * transaction, after checking again under the entry's lock that it is kept (and, to borrow, not
 * out): the checks before the start read without a lock.
 */
export function loanStartHook(timeZone: string): StartHook {
  return async (tx, { instance, now }) => {
    const kind = loanKindOf(instance.definitionId);
    if (!kind) return instance;
    const entryId = text(instance, LOAN_PARAMS.entryId);
    const entry = await lockEntry(tx, entryId);
    if (!entry) throw new AppError('archive_entry_not_found', 'no such entry');
    if (entry.status === 'destroyed') throw destroyed(entry.archive_no);
    if (kind === 'borrow') await refuseIfLent(tx, entryId, entry.archive_no, timeZone);
    const outside = text(instance, LOAN_PARAMS.outsideUnit);
    await tx.archiveLoan.create({
      data: {
        entryId,
        instanceId: instance.id,
        kind,
        borrowerId: instance.requesterId,
        outsideUnit: outside === '' ? null : outside,
        purpose: text(instance, LOAN_PARAMS.purpose),
        days: kind === 'borrow' ? wholeNumber(text(instance, LOAN_PARAMS.days)) : null,
        copies: kind === 'copy' ? wholeNumber(text(instance, LOAN_PARAMS.copies)) : null,
        status: 'requested',
        createdAt: now,
        updatedAt: now,
      },
    });
    return instance;
  };
}

/** Actions that would end or rewind a loan whose record is out. */
const ENDING_ACTIONS: ReadonlySet<string> = new Set(['reject', 'return', 'cancel', 'recall']);

/**
 * Moves the loan row from `from` to `data`. When it is not in `from`, a concurrent click on the
 * same card won (it moved the loan and the instance's version): nothing is moved here and the
 * click's own write then loses on the version, so it is answered as a repeat, never applied
 * twice. Otherwise it is a conflict (`archive_loan_state`).
 */
async function moveLoan(
  tx: Tx,
  current: WorkflowInstance,
  from: readonly LoanStatus[],
  data: Parameters<Tx['archiveLoan']['updateMany']>[0]['data'],
) {
  const moved = await tx.archiveLoan.updateMany({
    where: { instanceId: current.id, status: { in: [...from] } },
    data,
  });
  if (moved.count === 1) return;
  const now = await tx.workflowInstance.findUnique({ where: { id: current.id }, select: { version: true } });
  if (now && now.version !== current.version) return;
  throw new AppError('archive_loan_state', `loan of ${current.id} is not ${from.join('/')}`);
}

/**
 * The transition hook of every loan route, in the click's transaction:
 * - the last approval → `approved`; a rejection, cancellation → `refused`; a resubmission after
 *   a return → `requested` again;
 * - the archivist's 出借 (`lendDays` 1..days approved) → `lent`, with when, by whom and the due
 *   date (the return step's deadline), refused (`archive_entry_lent`) while another loan of the
 *   record is out and (`archive_entry_destroyed`) for a destroyed record; an electronic record's
 *   file is queued for the borrower (file-retrieval.ts);
 * - 归还 (a condition note) → `returned`; 已复制 (`copiesMade` 1..approved) → `copied`;
 * - while the record is out, nothing may reject, return, recall or cancel the request: only the
 *   archivist's 归还 ends it. The 归还 step's `onlyActions` has the engine refuse them first; this
 *   hook refuses them too (`archive_loan_out`), for loans whose stored steps predate that.
 */
export function loanTransitionHook(timeZone: string): TransitionHook {
  return async (tx, { current, next, action, actorPersonId, now }) => {
    const stepId = current.steps[current.currentStep]?.definitionStepId ?? null;
    if (stepId === LOAN_STEP_IDS.return && ENDING_ACTIONS.has(action.type)) {
      throw new AppError('archive_loan_out', 'the record is still out', {
        params: { archiveNo: text(current, LOAN_PARAMS.archiveNo) },
      });
    }
    const id = current.id;
    if (next.status === 'rejected' || next.status === 'cancelled') {
      await moveLoan(tx, current, ['requested', 'approved'], { status: 'refused', updatedAt: now });
      return { next };
    }
    if (action.type === 'resubmit') {
      await tx.archiveLoan.updateMany({
        where: { instanceId: id, status: 'approved' },
        data: { status: 'requested', updatedAt: now },
      });
      return null;
    }
    if (action.type !== 'approve') return null;

    if (stepId === LOAN_STEP_IDS.lend) {
      const approved = wholeNumber(text(current, LOAN_PARAMS.days));
      const days = wholeNumber(action.params?.[LOAN_PARAMS.lendDays]);
      if (!(days >= 1 && days <= approved)) {
        throw new AppError('archive_lend_days_invalid', `lend days ${days} not within 1..${approved}`, {
          params: { approved },
        });
      }
      const entryId = text(current, LOAN_PARAMS.entryId);
      const entry = await lockEntry(tx, entryId);
      if (!entry) throw new AppError('archive_entry_not_found', 'no such entry');
      if (entry.status === 'destroyed') throw destroyed(entry.archive_no);
      await refuseIfLent(tx, entryId, entry.archive_no, timeZone, id);
      const deadline = next.steps.find((s) => s.definitionStepId === LOAN_STEP_IDS.return)?.deadline;
      if (!deadline) throw new Error(`loan ${id}: the return step has no deadline`);
      const dueAt = new Date(deadline);
      await moveLoan(tx, current, ['approved'], {
        status: 'lent',
        lentAt: now,
        lentById: actorPersonId,
        dueAt,
        updatedAt: now,
      });
      // An electronic record's file goes to the borrower after its fixity check, at delivery. If
      // this click then loses its race, the row rolls back with it: a double press queues one file.
      await enqueueLentFile(tx, {
        entry: {
          archiveNo: entry.archive_no,
          secrecy: entry.secrecy as SecrecyLevel,
          fileRef: entry.file_ref,
          fileSha256: entry.file_sha256,
        },
        entryId,
        personId: current.requesterId,
        instanceId: id,
        now,
      });
      return { next, details: { lendDays: days, dueAt: dueAt.toISOString() } };
    }
    if (stepId === LOAN_STEP_IDS.return) {
      const condition = String(action.params?.[LOAN_PARAMS.condition] ?? '').trim();
      if (condition === '' || textLength(condition) > MAX_LOAN_TEXT) {
        throw new AppError('archive_condition_required', 'a condition note is required', {
          params: { max: MAX_LOAN_TEXT },
        });
      }
      await moveLoan(tx, current, ['lent'], {
        status: 'returned',
        returnedAt: now,
        returnedById: actorPersonId,
        condition,
        updatedAt: now,
      });
      return { next, details: { condition } };
    }
    if (stepId === LOAN_STEP_IDS.copyMade) {
      const approved = wholeNumber(text(current, LOAN_PARAMS.copies));
      const made = wholeNumber(action.params?.[LOAN_PARAMS.copiesMade]);
      if (!(made >= 1 && made <= approved)) {
        throw new AppError('archive_copies_made_invalid', `copies ${made} not within 1..${approved}`, {
          params: { approved },
        });
      }
      const entry = await lockEntry(tx, text(current, LOAN_PARAMS.entryId));
      if (entry?.status === 'destroyed') throw destroyed(entry.archive_no);
      // For a copy, "lent" is when and by whom the copies were handed over.
      await moveLoan(tx, current, ['approved'], {
        status: 'copied',
        lentAt: now,
        lentById: actorPersonId,
        updatedAt: now,
      });
      return { next, details: { copiesMade: made, approved } };
    }
    // The approvals are done when the route reaches the archivist.
    const reached = next.steps[next.currentStep]?.definitionStepId;
    if (reached === LOAN_STEP_IDS.lend || reached === LOAN_STEP_IDS.copyMade) {
      await moveLoan(tx, current, ['requested', 'approved'], { status: 'approved', updatedAt: now });
    }
    return null;
  };
}

/** The start hooks of the loan routes, by definition id. */
export function loanStartHooks(timeZone: string): Map<string, StartHook> {
  const hook = loanStartHook(timeZone);
  return new Map(LOAN_DEFINITIONS.map((d) => [d.id, hook]));
}

/** The transition hooks of the loan routes, by definition id. */
export function loanTransitionHooks(timeZone: string): Map<string, TransitionHook> {
  const hook = loanTransitionHook(timeZone);
  return new Map(LOAN_DEFINITIONS.map((d) => [d.id, hook]));
}

/**
 * Checks a step form's number before the form closes (the hook checks it again on the click):
 * 出借's days within what was approved, 已复制's copies within what was approved. Reads only.
 */
export async function checkLoanStepNumber(
  db: Db,
  instanceId: string,
  step: typeof LOAN_STEP_IDS.lend | typeof LOAN_STEP_IDS.copyMade,
  value: number,
): Promise<
  { ok: true; approved: number } | { ok: false; reason: 'not_at_step' | 'out_of_range'; approved: number }
> {
  const row = await db.workflowInstance.findUnique({ where: { id: instanceId } });
  if (!row) return { ok: false, reason: 'not_at_step', approved: 0 };
  const instance = instanceFromRow(row);
  const approved = wholeNumber(
    text(instance, step === LOAN_STEP_IDS.lend ? LOAN_PARAMS.days : LOAN_PARAMS.copies),
  );
  if (instance.status !== 'running' || instance.steps[instance.currentStep]?.definitionStepId !== step) {
    return { ok: false, reason: 'not_at_step', approved };
  }
  return value >= 1 && value <= approved
    ? { ok: true, approved }
    : { ok: false, reason: 'out_of_range', approved };
}

/** The card's field labels (in the feature's messages). */
const FIELD_LABELS = {
  archiveNo: 'archive.loan.card.archive_no',
  purpose: 'archive.loan.card.purpose',
  days: 'archive.loan.card.days',
  lendDays: 'archive.loan.card.lend_days',
  copies: 'archive.loan.card.copies',
  copiesMade: 'archive.loan.card.copies_made',
  outsideUnit: 'archive.loan.card.outside_unit',
  condition: 'archive.loan.card.condition',
} as const satisfies Record<string, PlainMessageKey>;

/** The key fields of a loan's card (the engine shows none for classified items). */
export function loanCardFields(
  instance: WorkflowInstance,
  locale: Locale,
): Array<{ label: string; value: string }> {
  const fields: Array<{ label: string; value: string }> = [];
  for (const key of Object.keys(FIELD_LABELS) as Array<keyof typeof FIELD_LABELS>) {
    const value = text(instance, LOAN_PARAMS[key]);
    if (value) fields.push({ label: t(locale, FIELD_LABELS[key]), value });
  }
  return fields;
}

/** One row of `/archive loans`. */
export interface LoanListRow {
  instanceId: string;
  /** The instance version, for the 归还 button. */
  version: number;
  archiveNo: string;
  /** Null for records at 秘密 and above. */
  title: string | null;
  kind: LoanKind;
  status: LoanStatus;
  borrowerId: string;
  outsideUnit: string | null;
  lentAt: Date | null;
  dueAt: Date | null;
  /** Waiting at the return step (a 归还 button may be offered to an archivist). */
  atReturn: boolean;
}

/** What `/archive loans` shows: the archivist everything out; anyone else their own loans. */
export interface LoanList {
  asArchivist: boolean;
  overdue: LoanListRow[];
  dueSoon: LoanListRow[];
  out: LoanListRow[];
  /** The viewer's own loans not yet finished or recently finished (not for the archivist view). */
  mine: LoanListRow[];
}

/** A loan due within this many days is "due soon". */
export const DUE_SOON_DAYS = 3;
/** The most rows a list shows per section. */
const LIST_LIMIT = 30;

/**
 * `/archive loans`: for an archivist, the records out (overdue first, then due within
 * {@link DUE_SOON_DAYS} days, then the rest), by due date; for anyone else their own loans,
 * newest first (open ones and the last finished ones).
 */
export async function listLoans(prisma: PrismaClient, viewerPersonId: string, now: Date): Promise<LoanList> {
  const viewer = await prisma.person.findUnique({ where: { id: viewerPersonId }, select: { roles: true } });
  const asArchivist = viewer?.roles.includes('archivist') ?? false;
  const rows = await prisma.archiveLoan.findMany({
    where: asArchivist ? { status: 'lent' } : { borrowerId: viewerPersonId },
    orderBy: asArchivist ? [{ dueAt: 'asc' }, { id: 'asc' }] : [{ createdAt: 'desc' }, { id: 'asc' }],
    take: asArchivist ? 300 : LIST_LIMIT,
    include: { entry: { select: { archiveNo: true, title: true, secrecy: true } } },
  });
  const instances = await prisma.workflowInstance.findMany({
    where: { id: { in: rows.map((r) => r.instanceId) } },
    select: { id: true, version: true, state: true },
  });
  const byId = new Map(instances.map((i) => [i.id, i]));
  const list: LoanListRow[] = rows.map((r) => {
    const instance = byId.get(r.instanceId);
    const state = instance?.state as unknown as WorkflowInstance | undefined;
    const step = state?.steps[state.currentStep];
    return {
      instanceId: r.instanceId,
      version: instance?.version ?? 0,
      archiveNo: r.entry.archiveNo,
      title: isClassified(r.entry.secrecy as SecrecyLevel) ? null : r.entry.title,
      kind: r.kind as LoanKind,
      status: r.status as LoanStatus,
      borrowerId: r.borrowerId,
      outsideUnit: r.outsideUnit,
      lentAt: r.lentAt,
      dueAt: r.dueAt,
      atReturn: state?.status === 'running' && step?.definitionStepId === LOAN_STEP_IDS.return,
    };
  });
  if (!asArchivist) {
    const open = list.filter((r) => OPEN_STATUSES.includes(r.status));
    const closed = list.filter((r) => !OPEN_STATUSES.includes(r.status)).slice(0, 10);
    return { asArchivist, overdue: [], dueSoon: [], out: [], mine: [...open, ...closed] };
  }
  const soon = now.getTime() + DUE_SOON_DAYS * 24 * 3600 * 1000;
  const overdue = list.filter((r) => r.dueAt !== null && r.dueAt.getTime() < now.getTime());
  const dueSoon = list.filter(
    (r) => r.dueAt !== null && r.dueAt.getTime() >= now.getTime() && r.dueAt.getTime() <= soon,
  );
  const out = list.filter((r) => !overdue.includes(r) && !dueSoon.includes(r));
  return {
    asArchivist,
    overdue: overdue.slice(0, LIST_LIMIT),
    dueSoon: dueSoon.slice(0, LIST_LIMIT),
    out: out.slice(0, LIST_LIMIT),
    mine: [],
  };
}

/** Whether an instance is a loan (borrow or copy). */
export const isLoanRequest = (instance: Pick<WorkflowInstance, 'definitionId'>) =>
  isLoanDefinition(instance.definitionId);
