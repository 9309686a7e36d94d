// The routes of outgoing official documents (发文), seed 004 art. 7, as workflow definitions:
//   上行文: 部门负责人核稿 → 办公室负责人把关 → [会签] → 分管领导审阅 → 局长签发 → 文印室编号排版 → 秘书审核发送
//   下行文/平行文: 部门负责人核稿 → 办公室负责人把关 → [会签] → 分管领导签发 → 文印室编号排版 → 秘书审核发送
// Countersign (会签, allOf) comes before any sign-off; every review step needs an opinion; no
// step on the way to sign-off can be skipped.

import { AppError } from '../../shared/errors.ts';
import type { DirectorySnapshot } from '../workflow/assignees.ts';
import { parseWorkflowDefinition, type WorkflowDefinitionInput } from '../workflow/definition.ts';
import type { StepDefinition, WorkflowDefinition } from '../workflow/types.ts';

/** 上行文 (to a superior body) / 下行文 (to subordinate units) / 平行文 (to peers). */
export const DOCUMENT_DIRECTIONS = ['upward', 'downward', 'parallel'] as const;
export type DocumentDirection = (typeof DOCUMENT_DIRECTIONS)[number];

export const DIRECTION_LABELS: Record<DocumentDirection, { zh: string; en: string }> = {
  upward: { zh: '上行文', en: 'Upward' },
  downward: { zh: '下行文', en: 'Downward' },
  parallel: { zh: '平行文', en: 'Parallel' },
};

/** The run-time parameter naming the countersigning department heads, in order. */
export const COUNTERSIGNERS_PARAM = 'countersigners';

/** Steps whose approval is a sign-off (签发): the leader fixes copies and distribution there. */
export const SIGN_OFF_STEP_IDS = ['director_signoff', 'leader_signoff'] as const;

/**
 * Params of the distribution (主送, 抄送, 份数): drafted on `/doc new`, fixed by the leader at
 * sign-off (签发时确定印制份数和发送范围, DOMAIN.md), sent from at the secretary's step.
 */
export const DISTRIBUTION_PARAMS = {
  mainRecipients: 'mainRecipients',
  copyTo: 'copyTo',
  copies: 'copies',
} as const;

/** Review steps every outgoing document passes before any sign-off, in this order. */
export const REVIEW_STEP_IDS = ['dept_review', 'office_check'] as const;

type StepInput = Omit<StepDefinition, 'skipIfSameAsPrevious' | 'onReject' | 'returnResumesHere'> &
  Partial<Pick<StepDefinition, 'skipIfSameAsPrevious' | 'onReject' | 'returnResumesHere'>>;

const DEPT_REVIEW: StepInput = {
  id: 'dept_review',
  name: { zh: '部门负责人核稿', en: 'Department head review' },
  kind: 'single',
  assignees: { kind: 'role', role: 'department_head' },
  requireComment: true,
  deadlineWorkingDays: 2,
};

const OFFICE_CHECK: StepInput = {
  id: 'office_check',
  name: { zh: '办公室负责人把关', en: 'Office head check' },
  kind: 'single',
  assignees: { kind: 'role', role: 'office_head' },
  requireComment: true,
  deadlineWorkingDays: 2,
};

const COUNTERSIGN: StepInput = {
  id: 'countersign',
  name: { zh: '相关部门会签', en: 'Countersign' },
  kind: 'allOf',
  assignees: { kind: 'runtime', key: COUNTERSIGNERS_PARAM },
  requireComment: true,
  deadlineWorkingDays: 3,
  // A department that disagrees sends the draft back to the drafter to rework, not to the bin.
  onReject: 'return',
};

const LEADER_REVIEW: StepInput = {
  id: 'leader_review',
  name: { zh: '分管领导审阅', en: 'Supervising leader review' },
  kind: 'single',
  assignees: { kind: 'role', role: 'supervising_leader' },
  requireComment: true,
  deadlineWorkingDays: 2,
};

const DIRECTOR_SIGNOFF: StepInput = {
  id: 'director_signoff',
  name: { zh: '局长签发', en: 'Director sign-off' },
  kind: 'single',
  assignees: { kind: 'role', role: 'director' },
  requireComment: true,
  deadlineWorkingDays: 2,
  setsParams: Object.values(DISTRIBUTION_PARAMS),
};

const LEADER_SIGNOFF: StepInput = {
  id: 'leader_signoff',
  name: { zh: '分管领导签发', en: 'Supervising leader sign-off' },
  kind: 'single',
  assignees: { kind: 'role', role: 'supervising_leader' },
  requireComment: true,
  deadlineWorkingDays: 2,
  setsParams: Object.values(DISTRIBUTION_PARAMS),
};

const NUMBERING: StepInput = {
  id: 'numbering',
  name: { zh: '文印室登记编号排版', en: 'Print room: number and typeset' },
  kind: 'task',
  assignees: { kind: 'role', role: 'print_room' },
  requireComment: false,
  deadlineWorkingDays: 1,
  // Proofreading against the signed copy may send the draft back for corrections, sign-off kept.
  returnResumesHere: true,
};

const DISPATCH: StepInput = {
  id: 'dispatch',
  name: { zh: '办公室秘书审核发送', en: 'Secretary: check and send' },
  kind: 'task',
  assignees: { kind: 'role', role: 'secretary' },
  requireComment: false,
  deadlineWorkingDays: 1,
  returnResumesHere: true,
};

/** The definition id of a route: `outgoing_upward`, `outgoing_downward_countersign`, … */
export function outgoingDefinitionId(direction: DocumentDirection, countersign: boolean): string {
  // Parallel documents take the downward route (seed 004 art. 7); the direction is kept on the document.
  const route = direction === 'upward' ? 'upward' : 'downward';
  return `outgoing_${route}${countersign ? '_countersign' : ''}`;
}

function build(route: 'upward' | 'downward', countersign: boolean): WorkflowDefinition {
  const leaderSteps = route === 'upward' ? [LEADER_REVIEW, DIRECTOR_SIGNOFF] : [LEADER_SIGNOFF];
  return parseWorkflowDefinition({
    id: outgoingDefinitionId(route, countersign),
    version: 1,
    name:
      route === 'upward'
        ? { zh: '发文（上行文）', en: 'Outgoing document (upward)' }
        : { zh: '发文（下行文/平行文）', en: 'Outgoing document (downward/parallel)' },
    steps: [
      DEPT_REVIEW,
      OFFICE_CHECK,
      ...(countersign ? [COUNTERSIGN] : []),
      ...leaderSteps,
      NUMBERING,
      DISPATCH,
    ],
  } satisfies WorkflowDefinitionInput);
}

/** Every outgoing route, by definition id. */
export const OUTGOING_DEFINITIONS: readonly WorkflowDefinition[] = [
  build('upward', false),
  build('upward', true),
  build('downward', false),
  build('downward', true),
];

/** The route for a new outgoing document. */
export function outgoingDefinition(direction: DocumentDirection, countersign: boolean): WorkflowDefinition {
  const id = outgoingDefinitionId(direction, countersign);
  const definition = OUTGOING_DEFINITIONS.find((d) => d.id === id);
  if (!definition) throw new Error(`no outgoing route ${id}`);
  return definition;
}

/**
 * The heads who countersign for `departmentIds` (会签), one per department in the order given:
 * its principal head, else a deputy. The drafter's own department is not a countersigner (its head
 * already reviews the draft). Throws AppError `countersign_department_unknown` or
 * `countersign_no_head` (param `department`) so the drafter can fix the choice.
 */
export function countersignersFor(
  departmentIds: readonly string[],
  drafterId: string,
  directory: DirectorySnapshot,
): string[] {
  const drafter = directory.people.find((p) => p.id === drafterId);
  const heads: string[] = [];
  for (const departmentId of new Set(departmentIds)) {
    if (departmentId === drafter?.departmentId) continue;
    if (!directory.departments.some((d) => d.id === departmentId)) {
      throw new AppError('countersign_department_unknown', `Unknown department "${departmentId}"`, {
        params: { department: departmentId },
      });
    }
    const candidates = directory.people.filter(
      (p) => p.active && p.departmentId === departmentId && p.roles.includes('department_head'),
    );
    const head = candidates.find((p) => p.headRank !== 'deputy') ?? candidates[0];
    if (!head) {
      throw new AppError('countersign_no_head', `Department "${departmentId}" has no active head`, {
        params: { department: departmentId },
      });
    }
    if (!heads.includes(head.id)) heads.push(head.id);
  }
  return heads;
}
