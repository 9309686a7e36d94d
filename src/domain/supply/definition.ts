// Office supply requests (办公用品申领, DOMAIN.md "Office supplies") on the approval engine:
//   [部门负责人审核] → 办公室审核 → 保管员发放.
// The department head's review is optional by the organisation file (on by default). The
// keeper's step is where stock leaves the shelf: its button opens the issue form (setsParams), and
// the issue hook decrements stock in the click's transaction.

import { parseWorkflowDefinition, type WorkflowDefinitionInput } from '../workflow/definition.ts';
import type { WorkflowDefinition } from '../workflow/types.ts';

/** The definition id of every supply request, with or without the department head's review. */
export const SUPPLY_DEFINITION_ID = 'supply_request';

/** Step ids of the supply route. `supply_issue` is also the name of the keeper's form. */
export const SUPPLY_STEP_IDS = {
  deptReview: 'supply_dept_review',
  officeReview: 'supply_office_review',
  issue: 'supply_issue',
} as const;

/** Instance params a supply request uses. */
export const SUPPLY_PARAMS = {
  /** The requested lines ({@link RequestLine}[], a list of records), fixed at start. */
  lines: 'supplyLines',
  /** 事由, as the requester wrote it. */
  reason: 'supplyReason',
  /** Set by the keeper's issue form: `<itemId>:<quantity>` per line (the params of the approval). */
  issue: 'supplyIssue',
  /** What was issued ({@link IssuedLine}[], a list of records), set by the issue hook. */
  issued: 'supplyIssued',
  /**
   * Why something is owed (无货), the keeper's note with the issue, set by the issue hook: required
   * when nothing at all is issued, so a request closed with everything owed always says why.
   */
  owedReason: 'supplyOwedReason',
} as const;

/** One requested line, as kept in the instance (names copied so the card needs no lookup). */
export type RequestLine = {
  itemId: string;
  name: string;
  spec: string;
  unit: string;
  quantity: number;
};

/** One issued line: how many went out, how many are owed (欠发), the stock after. */
export type IssuedLine = {
  itemId: string;
  issued: number;
  owed: number;
  balanceAfter: number | null;
};

/**
 * The supply request route. `departmentReview` false (organisation file
 * `unit.supply_department_review: false`) leaves out the department head's review.
 */
export function supplyRequestDefinition(options: { departmentReview: boolean }): WorkflowDefinition {
  return parseWorkflowDefinition({
    id: SUPPLY_DEFINITION_ID,
    version: 1,
    name: { zh: '办公用品申领', en: 'Office supplies request' },
    steps: [
      ...(options.departmentReview
        ? [
            {
              id: SUPPLY_STEP_IDS.deptReview,
              name: { zh: '部门负责人审核', en: 'Department head review' },
              kind: 'single' as const,
              assignees: { kind: 'role' as const, role: 'department_head' as const },
              deadlineWorkingDays: 2,
            },
          ]
        : []),
      {
        id: SUPPLY_STEP_IDS.officeReview,
        name: { zh: '办公室审核', en: 'Office review' },
        kind: 'single',
        assignees: { kind: 'role', role: 'office_head' },
        deadlineWorkingDays: 2,
        // The office head who just approved as department head is not asked twice.
        skipIfSameAsPrevious: true,
      },
      {
        // A single step with its own form rather than a `task`: the keeper's approval carries the
        // quantities issued (setsParams), which the engine records with the act.
        id: SUPPLY_STEP_IDS.issue,
        name: { zh: '保管员发放', en: 'Keeper issues' },
        kind: 'single',
        assignees: { kind: 'role', role: 'supplies_keeper' },
        deadlineWorkingDays: 3,
        setsParams: [SUPPLY_PARAMS.issue],
      },
    ],
  } satisfies WorkflowDefinitionInput);
}
