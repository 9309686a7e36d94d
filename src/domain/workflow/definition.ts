// Workflow definitions as data, checked with zod before the engine sees them, and the generic
// three-step approval that proves the engine end to end.

import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import type { StepDefinition, WorkflowDefinition } from './types.ts';

/**
 * Slugs for definition, step and runtime-parameter ids: lower-case letters and digits, joined by
 * single `_` or `-` (`dept_review`, `countersign-depts`).
 */
const SLUG = /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/;

/** Keys of steps added at run time (加签) look like `added-3`; definition steps must not. */
export const ADDED_STEP_KEY_PREFIX = 'added-';

const slug = (what: string) =>
  z.string().regex(SLUG, `${what} must be a slug: lower-case letters and digits joined by "_" or "-"`);

/** Names of run-time params, as features write them (`readers`, `handlingDays`). */
const paramName = z
  .string()
  .regex(/^[a-z][A-Za-z0-9_]*$/, 'A param name must start with a lower-case letter');

const LocalizedTextSchema = z.strictObject({
  zh: z.string().trim().min(1, 'Chinese text is required'),
  en: z.string().trim().min(1, 'English text is required'),
});

const AssigneeRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('role'),
    role: z.enum([
      'department_head',
      'office_head',
      'supervising_leader',
      'director',
      'print_room',
      'secretary',
      'archivist',
      'supplies_keeper',
    ]),
  }),
  z.strictObject({ kind: z.literal('seal_custodian') }),
  z.strictObject({ kind: z.literal('runtime'), key: slug('A runtime assignee key') }),
]);

const StepDefinitionSchema = z.strictObject({
  id: slug('A step id').refine((id) => !id.startsWith(ADDED_STEP_KEY_PREFIX), {
    message: `Step ids starting with "${ADDED_STEP_KEY_PREFIX}" are reserved for added signers (加签)`,
  }),
  name: LocalizedTextSchema,
  kind: z.enum(['single', 'anyOf', 'allOf', 'sequence', 'task']),
  assignees: AssigneeRuleSchema,
  requireComment: z.boolean().default(false),
  deadlineWorkingDays: z.number().int().min(0).max(365).optional(),
  skipIfSameAsPrevious: z.boolean().default(false),
  onReject: z.enum(['reject', 'return']).default('reject'),
  returnResumesHere: z.boolean().default(false),
  bindAtActivation: z.boolean().optional(),
  skipIfNobody: z.boolean().optional(),
  deadlineParam: paramName.optional(),
  setsParams: z.array(paramName).optional(),
  commentersFrom: z.array(slug('A step id')).optional(),
  contributorsParam: paramName.optional(),
  fixedAssignees: z.boolean().optional(),
  onlyActions: z
    .array(
      z.enum([
        'approve',
        'reject',
        'return',
        'transfer',
        'add_signer',
        'comment',
        'acknowledge',
        'complete',
        'recall',
        'cancel',
      ]),
    )
    .min(1)
    .optional(),
});

/** Step kinds that end with approvals, so `commentersFrom` can name them. */
const APPROVED_KINDS: ReadonlySet<string> = new Set(['single', 'anyOf', 'allOf']);

/**
 * The zod schema of a {@link WorkflowDefinition}. Defaults: `requireComment` false,
 * `skipIfSameAsPrevious` false, `onReject` 'reject'. Checks beyond the shape: at least one step,
 * unique step ids, no step both requiring an opinion and skippable (a review step is never
 * skipped: DOMAIN.md, seed 004 art. 8), and `commentersFrom` naming only earlier steps that are
 * approved (single, anyOf, allOf).
 */
export const WorkflowDefinitionSchema = z
  .strictObject({
    id: slug('A workflow id'),
    version: z.number().int().min(1),
    name: LocalizedTextSchema,
    steps: z.array(StepDefinitionSchema).min(1, 'A workflow needs at least one step'),
    channel: z.string().trim().min(1).optional(),
  })
  .superRefine((definition, ctx) => {
    const seen = new Set<string>();
    definition.steps.forEach((step, index) => {
      if (seen.has(step.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'id'],
          message: `Duplicate step id "${step.id}"`,
        });
      }
      seen.add(step.id);
      if (step.bindAtActivation && step.assignees.kind !== 'runtime') {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'bindAtActivation'],
          message: 'Only a runtime rule can choose its people when the step activates',
        });
      }
      if (step.skipIfNobody && !step.bindAtActivation) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'skipIfNobody'],
          message: 'skipIfNobody needs bindAtActivation (a step resolved at start always has someone)',
        });
      }
      const earlier = definition.steps.slice(0, index);
      (step.commentersFrom ?? []).forEach((id, position) => {
        const named = earlier.find((s) => s.id === id);
        // A later step has no approvers yet when this one runs; an unknown id is a typo.
        if (!named) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', index, 'commentersFrom', position],
            message: `commentersFrom names "${id}", which is not a step before "${step.id}"`,
          });
        } else if (!APPROVED_KINDS.has(named.kind)) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', index, 'commentersFrom', position],
            message: `commentersFrom names "${id}", a ${named.kind} step: nobody approves it`,
          });
        }
      });
      if (step.skipIfSameAsPrevious && step.requireComment) {
        ctx.addIssue({
          code: 'custom',
          path: ['steps', index, 'skipIfSameAsPrevious'],
          message: 'A step that requires an opinion is a review step and is never skipped',
        });
      }
    });
  });

/** What a definition may look like before defaults are applied (e.g. written in a feature). */
export type WorkflowDefinitionInput = z.input<typeof WorkflowDefinitionSchema>;

// The schema and the hand-written contract in types.ts must describe the same thing.
type Parsed = z.output<typeof WorkflowDefinitionSchema>;
const _parsedIsDefinition: (parsed: Parsed) => WorkflowDefinition = (parsed) => parsed;
const _stepIsParsedStep: (step: StepDefinition) => Parsed['steps'][number] = (step) => step;
void _parsedIsDefinition;
void _stepIsParsedStep;

/**
 * Checks `input` against {@link WorkflowDefinitionSchema} and returns the typed definition with
 * defaults filled in. Throws an AppError `workflow_definition_invalid` listing every problem
 * (`steps.1.id: Duplicate step id "review"`, …) in its message and in `params.problems`.
 */
export function parseWorkflowDefinition(input: unknown): WorkflowDefinition {
  const parsed = WorkflowDefinitionSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  const definitionId =
    typeof input === 'object' && input !== null && typeof (input as { id?: unknown }).id === 'string'
      ? (input as { id: string }).id
      : '?';
  return invalid(definitionId, problems);
}

function invalid(definitionId: string, problems: string[]): never {
  throw new AppError(
    'workflow_definition_invalid',
    `Workflow definition "${definitionId}" is invalid:\n- ${problems.join('\n- ')}`,
    { params: { definitionId, problems: problems.join('; ') } },
  );
}

/**
 * The generic three-step approval (通用审批) that proves the engine until the feature flows land:
 * 部门负责人审核 → 办公室负责人把关 → 分管领导审批, each a single reviewer who must write an opinion.
 */
export const GENERIC_APPROVAL: WorkflowDefinition = parseWorkflowDefinition({
  id: 'generic_approval',
  version: 1,
  name: { zh: '通用审批', en: 'General approval' },
  steps: [
    {
      id: 'dept_review',
      name: { zh: '部门负责人审核', en: 'Department head review' },
      kind: 'single',
      assignees: { kind: 'role', role: 'department_head' },
      requireComment: true,
      deadlineWorkingDays: 2,
    },
    {
      id: 'office_check',
      name: { zh: '办公室负责人把关', en: 'Office head check' },
      kind: 'single',
      assignees: { kind: 'role', role: 'office_head' },
      requireComment: true,
      deadlineWorkingDays: 2,
    },
    {
      id: 'leader_approval',
      name: { zh: '分管领导审批', en: 'Supervising leader approval' },
      kind: 'single',
      assignees: { kind: 'role', role: 'supervising_leader' },
      requireComment: true,
      deadlineWorkingDays: 3,
    },
  ],
} satisfies WorkflowDefinitionInput);
