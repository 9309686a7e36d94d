// Borrowing (借阅), copying (复制) and destruction (销毁) of archive entries on the approval engine
// (DOMAIN.md "Archive"): lookup and borrowing need approval, an outside unit's request a leader's,
// records at 秘密 and above are tightly limited (a leader approves, the request carries no title),
// copying is a separate approval, and nothing is destroyed by one person. Pure.
//
// Loan periods are counted in WORKING days (the engine's calendar): the archivist's 出借 sets the
// param `lendDays`, the return step takes its deadline from it (`deadlineParam`), and that
// deadline is the loan's `due_at`. So a due date always falls at the end of a day the archive
// room is open, and the card's deadline and the loan's due date are one and the same value.

import type { SecrecyLevel } from '../org.ts';
import { parseWorkflowDefinition, type WorkflowDefinitionInput } from '../workflow/definition.ts';
import { isClassified } from '../workflow/index.ts';
import type { StepDefinition, WorkflowDefinition } from '../workflow/types.ts';

/** Params of a borrowing or copying request. */
export const LOAN_PARAMS = {
  /** The archive entry (`archive_entry.id`). */
  entryId: 'entryId',
  /** 档号, for lists and for the reference of a classified request. */
  archiveNo: 'archiveNo',
  purpose: 'purpose',
  /** Days asked (borrow), as text. */
  days: 'days',
  /** Copies asked (copy), as text. */
  copies: 'copies',
  /** The outside unit borrowing through the requester, when there is one. */
  outsideUnit: 'outsideUnit',
  /** Set by the archivist's 出借: the working days lent (1 to the days approved). */
  lendDays: 'lendDays',
  /** Set by the archivist's 归还: the record's condition when it came back. */
  condition: 'condition',
  /** Set by the archivist's 已复制: the copies made (1 to the copies approved). */
  copiesMade: 'copiesMade',
} as const;

/** Step ids of the loan routes. Unique across all definitions: step forms are found by them. */
export const LOAN_STEP_IDS = {
  head: 'archive_head',
  leader: 'archive_leader',
  lend: 'archive_lend',
  return: 'archive_return',
  copyMade: 'archive_copy_made',
} as const;

/** Longest loan, in working days. */
export const MAX_LOAN_DAYS = 30;
/** Most copies one request may ask for. */
export const MAX_LOAN_COPIES = 50;
/** Longest purpose, outside unit name and condition note (characters). */
export const MAX_LOAN_TEXT = 200;

/** `borrow` (借阅) or `copy` (复制). */
export type LoanKind = 'borrow' | 'copy';

/** Who must approve: the department head; a leader too (outside unit); the leader alone (秘密+). */
export type LoanApproval = 'head' | 'head_leader' | 'leader';

const headStep: WorkflowDefinitionInput['steps'][number] = {
  id: LOAN_STEP_IDS.head,
  name: { zh: '部门负责人审批', en: 'Department head approves' },
  kind: 'single',
  assignees: { kind: 'role', role: 'department_head' },
  deadlineWorkingDays: 1,
};

const leaderStep: WorkflowDefinitionInput['steps'][number] = {
  id: LOAN_STEP_IDS.leader,
  name: { zh: '分管领导审批', en: 'Supervising leader approves' },
  kind: 'single',
  assignees: { kind: 'role', role: 'supervising_leader' },
  deadlineWorkingDays: 2,
};

/** The archivists' steps: any archivist may act, nobody else may take it over. */
function archivistStep(
  id: string,
  name: { zh: string; en: string },
  param: string,
  extra: Partial<StepDefinition> = {},
): WorkflowDefinitionInput['steps'][number] {
  return {
    id,
    name,
    kind: 'anyOf',
    assignees: { kind: 'role', role: 'archivist' },
    setsParams: [param],
    fixedAssignees: true,
    ...extra,
  };
}

const APPROVAL_STEPS: Record<LoanApproval, WorkflowDefinitionInput['steps']> = {
  head: [headStep],
  head_leader: [headStep, leaderStep],
  leader: [leaderStep],
};

const DEFINITION_SUFFIX: Record<LoanApproval, string> = {
  head: '',
  head_leader: '_leader',
  leader: '_secret',
};

function build(kind: LoanKind, approval: LoanApproval): WorkflowDefinition {
  const tail: WorkflowDefinitionInput['steps'] =
    kind === 'borrow'
      ? [
          archivistStep(
            LOAN_STEP_IDS.lend,
            { zh: '档案管理员出借', en: 'Archivist lends' },
            LOAN_PARAMS.lendDays,
            { deadlineWorkingDays: 1 },
          ),
          // The deadline is the due date: the working days lent, from the moment of lending.
          archivistStep(
            LOAN_STEP_IDS.return,
            { zh: '借阅归还', en: 'Record returned' },
            LOAN_PARAMS.condition,
            // The record is out: its return is recorded, nothing ends the loan otherwise.
            { deadlineParam: LOAN_PARAMS.lendDays, onlyActions: ['approve', 'comment'] },
          ),
        ]
      : [
          archivistStep(
            LOAN_STEP_IDS.copyMade,
            { zh: '档案管理员复制', en: 'Archivist makes the copies' },
            LOAN_PARAMS.copiesMade,
            { deadlineWorkingDays: 2 },
          ),
        ];
  return parseWorkflowDefinition({
    id: `archive_${kind}${DEFINITION_SUFFIX[approval]}`,
    version: 1,
    name: kind === 'borrow' ? { zh: '档案借阅', en: 'Archive loan' } : { zh: '档案复制', en: 'Archive copy' },
    steps: [...APPROVAL_STEPS[approval], ...tail],
  } satisfies WorkflowDefinitionInput);
}

const APPROVALS: readonly LoanApproval[] = ['head', 'head_leader', 'leader'];

/** Every loan route: borrowing and copying, each with its three approval shapes. */
export const LOAN_DEFINITIONS: readonly WorkflowDefinition[] = (['borrow', 'copy'] as const).flatMap((kind) =>
  APPROVALS.map((approval) => build(kind, approval)),
);

const LOAN_DEFINITION_IDS: ReadonlySet<string> = new Set(LOAN_DEFINITIONS.map((d) => d.id));

/** Whether a definition id is a loan route. */
export const isLoanDefinition = (definitionId: string) => LOAN_DEFINITION_IDS.has(definitionId);

/**
 * Who approves a request: a record at 秘密 and above needs the borrower's supervising leader
 * (alone: the department head may not be cleared for it, and the leader is who the rule names);
 * an outside unit's request the department head and then the leader; anything else the
 * department head.
 */
export function loanApproval(secrecy: SecrecyLevel, outsideUnit: boolean): LoanApproval {
  if (isClassified(secrecy)) return 'leader';
  return outsideUnit ? 'head_leader' : 'head';
}

/** The route of a request. */
export function loanDefinition(
  kind: LoanKind,
  secrecy: SecrecyLevel,
  outsideUnit: boolean,
): WorkflowDefinition {
  const id = `archive_${kind}${DEFINITION_SUFFIX[loanApproval(secrecy, outsideUnit)]}`;
  const found = LOAN_DEFINITIONS.find((d) => d.id === id);
  if (!found) throw new Error(`no loan route ${id}`);
  return found;
}

/** The kind of a loan route. */
export function loanKindOf(definitionId: string): LoanKind | null {
  if (!isLoanDefinition(definitionId)) return null;
  return definitionId.startsWith('archive_borrow') ? 'borrow' : 'copy';
}

/** Params of a destruction request. */
export const DESTROY_PARAMS = {
  /** The entries to destroy (`archive_entry.id`). */
  entryIds: 'entryIds',
  /** Their 档号, in the same order (for the card). */
  archiveNos: 'archiveNos',
  /** The appraisal group (person ids): every one of them must agree. */
  appraisers: 'appraisers',
  /** The appraisal quarter the list came from (`2026-Q4`). */
  quarter: 'quarter',
  /** Method and witnesses (销毁方式、监销人), as entered. */
  method: 'method',
} as const;

/** Step ids of the destruction route. */
export const DESTROY_STEP_IDS = { group: 'appraisal_group', leader: 'destroy_leader' } as const;

/** Most entries one destruction request takes (its params live in the instance's state). */
export const MAX_DESTROY_ENTRIES = 500;

/**
 * 销毁: the appraisal group appraises jointly (会签, all of them; one refusal keeps everything),
 * then a leader approves. Each must write an opinion.
 */
export const ARCHIVE_DESTROY_DEFINITION: WorkflowDefinition = parseWorkflowDefinition({
  id: 'archive_destroy',
  version: 1,
  name: { zh: '档案销毁审批', en: 'Archive destruction' },
  steps: [
    {
      id: DESTROY_STEP_IDS.group,
      name: { zh: '鉴定小组会签', en: 'Appraisal group agrees' },
      kind: 'allOf',
      assignees: { kind: 'runtime', key: DESTROY_PARAMS.appraisers },
      requireComment: true,
      deadlineWorkingDays: 5,
      onReject: 'reject',
      // Nobody outside the group takes a member's place.
      fixedAssignees: true,
    },
    {
      id: DESTROY_STEP_IDS.leader,
      name: { zh: '分管领导批准', en: 'Supervising leader approves' },
      kind: 'single',
      assignees: { kind: 'role', role: 'supervising_leader' },
      requireComment: true,
      deadlineWorkingDays: 3,
      fixedAssignees: true,
    },
  ],
} satisfies WorkflowDefinitionInput);
