import { describe, expect, it } from 'vitest';
import { INCOMING_DEFINITION } from '../../src/domain/documents/incoming.ts';
import {
  GENERIC_APPROVAL,
  instantiateSteps,
  parseWorkflowDefinition,
  REFUSAL_CODES,
  WORKFLOW_MESSAGES_EN,
  WORKFLOW_MESSAGES_ZH,
  WorkflowActionSchema,
} from '../../src/domain/workflow/index.ts';
import { AppError } from '../../src/shared/errors.ts';
import { directoryPerson } from '../support/workflow-fixtures.ts';

const step = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: { zh: '审核', en: 'Review' },
  kind: 'single',
  assignees: { kind: 'role', role: 'office_head' },
  ...extra,
});

const definition = (steps: unknown[], extra: Record<string, unknown> = {}) => ({
  id: 'test_flow',
  version: 1,
  name: { zh: '测试', en: 'Test' },
  steps,
  ...extra,
});

function problemsOf(input: unknown): string {
  try {
    parseWorkflowDefinition(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('workflow_definition_invalid');
    return String((error as AppError).params.problems);
  }
  throw new Error('expected the definition to be refused');
}

describe('workflow definitions', () => {
  it('fills in the defaults: no opinion required, no skipping, a rejection rejects, a return restarts', () => {
    const parsed = parseWorkflowDefinition(definition([step('review')]));
    expect(parsed.steps[0]).toEqual({
      id: 'review',
      name: { zh: '审核', en: 'Review' },
      kind: 'single',
      assignees: { kind: 'role', role: 'office_head' },
      requireComment: false,
      skipIfSameAsPrevious: false,
      onReject: 'reject',
      returnResumesHere: false,
    });
  });

  it.each([
    {
      name: 'refuses a workflow without steps',
      input: definition([]),
      problem: 'steps: A workflow needs at least one step',
    },
    {
      name: 'refuses two steps with the same id',
      input: definition([step('review'), step('review')]),
      problem: 'steps.1.id: Duplicate step id "review"',
    },
    {
      name: 'refuses a review step that could be skipped',
      input: definition([step('review', { requireComment: true, skipIfSameAsPrevious: true })]),
      problem:
        'steps.0.skipIfSameAsPrevious: A step that requires an opinion is a review step and is never skipped',
    },
    {
      name: 'refuses a runtime assignee key that is not a slug',
      input: definition([
        step('countersign', { kind: 'allOf', assignees: { kind: 'runtime', key: 'Counter Signers' } }),
      ]),
      problem: 'steps.0.assignees.key: A runtime assignee key must be a slug',
    },
    {
      name: 'refuses a step id that is not a slug',
      input: definition([step('Review 1')]),
      problem: 'steps.0.id: A step id must be a slug',
    },
    {
      name: 'refuses step ids reserved for added signers',
      input: definition([step('added-1')]),
      problem: 'steps.0.id: Step ids starting with "added-" are reserved',
    },
    {
      name: 'refuses an unknown step kind',
      input: definition([step('review', { kind: 'vote' })]),
      problem: 'steps.0.kind',
    },
    {
      name: 'refuses an unknown role',
      input: definition([step('review', { assignees: { kind: 'role', role: 'janitor' } })]),
      problem: 'steps.0.assignees.role',
    },
    {
      name: 'refuses a negative deadline',
      input: definition([step('review', { deadlineWorkingDays: -1 })]),
      problem: 'steps.0.deadlineWorkingDays',
    },
    {
      name: 'refuses commenters taken from a later step',
      input: definition([step('handle', { commentersFrom: ['instruct'] }), step('instruct')]),
      problem:
        'steps.0.commentersFrom.0: commentersFrom names "instruct", which is not a step before "handle"',
    },
    {
      name: 'refuses commenters taken from the step itself or from an unknown step',
      input: definition([
        step('instruct'),
        step('handle', { commentersFrom: ['instruct', 'handle', 'nope'] }),
      ]),
      problem: 'steps.1.commentersFrom.1: commentersFrom names "handle", which is not a step before "handle"',
    },
    {
      name: 'refuses commenters taken from a step nobody approves (a circulation)',
      input: definition([
        step('circulate', { kind: 'sequence', assignees: { kind: 'runtime', key: 'readers' } }),
        step('handle', { kind: 'task', commentersFrom: ['circulate'] }),
      ]),
      problem:
        'steps.1.commentersFrom.0: commentersFrom names "circulate", a sequence step: nobody approves it',
    },
    {
      name: 'refuses an unknown key (a typo in a flow)',
      input: definition([step('review', { requireComent: true })]),
      problem: 'requireComent',
    },
  ])('$name', ({ input, problem }) => {
    expect(problemsOf(input)).toContain(problem);
  });

  it('lists every problem of a definition at once', () => {
    const problems = problemsOf(
      definition([
        step('review', { requireComment: true, skipIfSameAsPrevious: true }),
        step('review'),
        step('countersign', { assignees: { kind: 'runtime', key: 'A B' } }),
      ]),
    );
    expect(problems.split('; ')).toHaveLength(3);
  });

  it('keeps commenters taken from an earlier approved step, and copies them onto the step state', () => {
    const parsed = parseWorkflowDefinition(
      definition([step('instruct'), step('handle', { kind: 'task', commentersFrom: ['instruct'] })]),
    );
    expect(parsed.steps[1]?.commentersFrom).toEqual(['instruct']);
    const [instruct, handle] = instantiateSteps(parsed, {
      directory: {
        people: [directoryPerson('office-head', 'office', ['office_head'])],
        departments: [{ id: 'office', kind: 'office', supervisingLeaderId: null }],
        seals: [],
      },
      requesterId: 'office-head',
      params: {},
    });
    expect(instruct).not.toHaveProperty('commentersFrom');
    expect(handle?.commentersFrom).toEqual(['instruct']);
  });

  it('lets the instructing leader comment while the incoming document is handled', () => {
    expect(INCOMING_DEFINITION.steps.find((s) => s.id === 'handle')?.commentersFrom).toEqual(['instruct']);
  });

  it('names the definition in the error', () => {
    expect(() => parseWorkflowDefinition(definition([]))).toThrow(/test_flow/);
  });

  it('ships the generic approval: department head → office head → supervising leader, each with an opinion', () => {
    expect(GENERIC_APPROVAL.id).toBe('generic_approval');
    expect(
      GENERIC_APPROVAL.steps.map((s) => [
        s.id,
        s.name.zh,
        s.kind,
        s.assignees,
        s.requireComment,
        s.deadlineWorkingDays,
        s.skipIfSameAsPrevious,
      ]),
    ).toEqual([
      ['dept_review', '部门负责人审核', 'single', { kind: 'role', role: 'department_head' }, true, 2, false],
      ['office_check', '办公室负责人把关', 'single', { kind: 'role', role: 'office_head' }, true, 2, false],
      [
        'leader_approval',
        '分管领导审批',
        'single',
        { kind: 'role', role: 'supervising_leader' },
        true,
        3,
        false,
      ],
    ]);
  });
});

describe('workflow actions at the edge', () => {
  it('parses a return to an earlier step', () => {
    expect(
      WorkflowActionSchema.parse({ type: 'return', comment: '请修改', to: { stepKey: 'dept_review' } }),
    ).toEqual({ type: 'return', comment: '请修改', to: { stepKey: 'dept_review' } });
  });

  it('refuses an action with a missing target or an unknown type', () => {
    expect(WorkflowActionSchema.safeParse({ type: 'transfer', toPersonId: ' ' }).success).toBe(false);
    expect(WorkflowActionSchema.safeParse({ type: 'delete' }).success).toBe(false);
  });
});

describe('workflow messages', () => {
  it('has a Chinese and an English text for every refusal code', () => {
    for (const code of REFUSAL_CODES) {
      expect(WORKFLOW_MESSAGES_ZH).toHaveProperty(`error.${code}`);
      expect(WORKFLOW_MESSAGES_EN).toHaveProperty(`error.${code}`);
    }
  });

  it('uses the same placeholders in both languages except the rule label', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, zh] of Object.entries(WORKFLOW_MESSAGES_ZH)) {
      const en = WORKFLOW_MESSAGES_EN[key as keyof typeof WORKFLOW_MESSAGES_ZH];
      if (key === 'error.no_assignee') continue;
      expect(names(en), key).toEqual(names(zh));
    }
  });
});
