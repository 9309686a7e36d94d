// Incoming documents (收文), DOMAIN.md and seed 004 art. 14, as a workflow definition:
//   秘书登记 (start) → 办公室负责人拟办 → 局长批办 (names the readers, the lead department, its
//   handler and the time limit) → 领导传阅 (one after another, each acknowledges; skipped when
//   nobody is named) → 主办部门承办 (the handler completes it with a result: 办结; the instructing
//   leader may answer the handler's questions meanwhile).

import { parseWorkflowDefinition, type WorkflowDefinitionInput } from '../workflow/definition.ts';
import type { WorkflowDefinition } from '../workflow/types.ts';

/** Where an incoming document comes from; each category numbers its own 收文编号 per year. */
export const INCOMING_CATEGORIES = ['upper', 'peer', 'lower'] as const;
export type IncomingCategory = (typeof INCOMING_CATEGORIES)[number];

export const INCOMING_CATEGORY_LABELS: Record<IncomingCategory, { zh: string; en: string; short: string }> = {
  upper: { zh: '上级来文', en: 'From a superior body', short: '上' },
  peer: { zh: '平级来文', en: 'From a peer body', short: '平' },
  lower: { zh: '下级来文', en: 'From a subordinate unit', short: '下' },
};

/** The 收文编号 pattern of a category, e.g. 示水收上〔2026〕7号. */
export function receiptNumberPattern(category: IncomingCategory): string {
  return `{prefix}收${INCOMING_CATEGORY_LABELS[category].short}〔{year}〕{seq}号`;
}

/** Params the 批办 step sets, read by the steps after it. */
export const INSTRUCTION_PARAMS = {
  readers: 'readers',
  handler: 'handler',
  leadDepartment: 'leadDepartment',
  coDepartments: 'coDepartments',
  /** The co-departments' heads, who add their 协办意见 while the lead department handles it. */
  contributors: 'contributors',
  handlingDays: 'handlingDays',
} as const;

/** The step ids of the incoming route. */
export const INCOMING_STEP_IDS = {
  propose: 'propose',
  instruct: 'instruct',
  circulate: 'circulate',
  handle: 'handle',
} as const;

/** Working days the handler gets when the leader sets no time limit. */
export const DEFAULT_HANDLING_DAYS = 5;

export const INCOMING_DEFINITION: WorkflowDefinition = parseWorkflowDefinition({
  id: 'incoming',
  version: 1,
  name: { zh: '收文', en: 'Incoming document' },
  steps: [
    {
      id: INCOMING_STEP_IDS.propose,
      name: { zh: '办公室负责人拟办', en: 'Office head proposes handling' },
      kind: 'single',
      assignees: { kind: 'role', role: 'office_head' },
      requireComment: true,
      deadlineWorkingDays: 1,
    },
    {
      id: INCOMING_STEP_IDS.instruct,
      name: { zh: '局长批办', en: 'Director instructs' },
      kind: 'single',
      assignees: { kind: 'role', role: 'director' },
      requireComment: true,
      deadlineWorkingDays: 1,
      setsParams: Object.values(INSTRUCTION_PARAMS),
    },
    {
      id: INCOMING_STEP_IDS.circulate,
      name: { zh: '领导传阅', en: 'Leaders read in turn' },
      kind: 'sequence',
      assignees: { kind: 'runtime', key: INSTRUCTION_PARAMS.readers },
      requireComment: false,
      deadlineWorkingDays: 1,
      bindAtActivation: true,
      skipIfNobody: true,
    },
    {
      id: INCOMING_STEP_IDS.handle,
      name: { zh: '主办部门承办', en: 'Lead department handles' },
      kind: 'task',
      assignees: { kind: 'runtime', key: INSTRUCTION_PARAMS.handler },
      requireComment: false,
      deadlineWorkingDays: DEFAULT_HANDLING_DAYS,
      deadlineParam: INSTRUCTION_PARAMS.handlingDays,
      bindAtActivation: true,
      // 问题上报: the leader who instructed answers the handler's questions on the card.
      commentersFrom: [INCOMING_STEP_IDS.instruct],
      // 协办: the co-departments' heads add their contributions for the handler.
      contributorsParam: INSTRUCTION_PARAMS.contributors,
    },
  ],
} satisfies WorkflowDefinitionInput);
