import { describe, expect, it } from 'vitest';
import {
  availableActions,
  type DirectorySnapshot,
  earlierApprovers,
  GENERIC_APPROVAL,
  parseWorkflowDefinition,
  REFUSAL_CODES,
  type RefusalCode,
  type StepState,
  startInstance,
  type TransitionResult,
  transition,
  type WorkflowAction,
  type WorkflowDefinition,
  type WorkflowDefinitionInput,
  type WorkflowEffect,
  type WorkflowInstance,
  WorkflowRefusal,
  waitingOn,
  weekdayCalendar,
} from '../../src/domain/workflow/index.ts';
import { directoryPerson } from '../support/workflow-fixtures.ts';

// ---------------------------------------------------------------------------------------------
// The office: leadership, the general office, the water section (a principal and a deputy head,
// a drafter), finance, and a section with a single head.

const person = directoryPerson;

const directory: DirectorySnapshot = {
  people: [
    person('director', 'leadership', ['director']),
    person('leader-wang', 'leadership', ['leader']),
    person('leader-li', 'leadership', ['leader']),
    person('office-head', 'office', ['office_head', 'department_head'], 'principal'),
    person('secretary', 'office', ['secretary']),
    person('water-head', 'water', ['department_head'], 'principal'),
    person('water-deputy', 'water', ['department_head'], 'deputy'),
    person('drafter', 'water'),
    person('clerk', 'water'),
    person('finance-head', 'finance', ['department_head'], 'principal'),
    person('solo-head', 'solo', ['department_head'], 'principal'),
  ],
  departments: [
    { id: 'leadership', kind: 'leadership', supervisingLeaderId: null },
    { id: 'office', kind: 'office', supervisingLeaderId: 'leader-li' },
    { id: 'water', kind: 'business', supervisingLeaderId: 'leader-wang' },
    { id: 'finance', kind: 'business', supervisingLeaderId: 'leader-li' },
    { id: 'solo', kind: 'business', supervisingLeaderId: 'leader-li' },
  ],
  seals: [],
};

// Monday 2 March 2026, 09:00 in Shanghai; every action a minute after the previous one.
const START = new Date('2026-03-02T01:00:00Z');
const calendar = weekdayCalendar();
let clock = START.getTime();
const tick = () => {
  clock += 60_000;
  return new Date(clock);
};
/** 18:00 Shanghai time on a March 2026 day. */
const endOf = (day: number) => new Date(Date.UTC(2026, 2, day, 10)).toISOString();

const step = (
  id: string,
  kind: StepState['kind'],
  assignees: WorkflowDefinitionInput['steps'][number]['assignees'],
  extra: Partial<WorkflowDefinitionInput['steps'][number]> = {},
) => ({ id, name: { zh: id, en: id }, kind, assignees, ...extra });

/** Every step kind in one route: review → 或签 → 会签 → 传阅 → 承办. */
const MIXED = parseWorkflowDefinition({
  id: 'mixed',
  version: 1,
  name: { zh: '综合', en: 'Mixed' },
  steps: [
    step(
      'review',
      'single',
      { kind: 'role', role: 'department_head' },
      { requireComment: true, deadlineWorkingDays: 2 },
    ),
    step('either', 'anyOf', { kind: 'runtime', key: 'either' }, { deadlineWorkingDays: 1 }),
    step(
      'countersign',
      'allOf',
      { kind: 'runtime', key: 'signers' },
      { requireComment: true, deadlineWorkingDays: 2 },
    ),
    step('circulate', 'sequence', { kind: 'runtime', key: 'readers' }, { deadlineWorkingDays: 3 }),
    step('handle', 'task', { kind: 'runtime', key: 'handler' }, { deadlineWorkingDays: 5 }),
  ],
});
const MIXED_PARAMS = {
  either: ['office-head', 'secretary'],
  signers: ['finance-head', 'water-deputy'],
  readers: ['leader-wang', 'leader-li', 'director'],
  handler: 'clerk',
};

/** The same route, but a countersign rejection sends the item back to the requester. */
const MIXED_RETURNING: WorkflowDefinition = {
  ...MIXED,
  steps: MIXED.steps.map((s) => (s.id === 'countersign' ? { ...s, onReject: 'return' as const } : s)),
};

/** Skip rule: `second` may be skipped, `third` may not. */
const SKIPPY = parseWorkflowDefinition({
  id: 'skippy',
  version: 1,
  name: { zh: '跳过', en: 'Skip' },
  steps: [
    step('first', 'single', { kind: 'runtime', key: 'first' }),
    step('second', 'single', { kind: 'runtime', key: 'second' }, { skipIfSameAsPrevious: true }),
    step('third', 'single', { kind: 'runtime', key: 'third' }),
  ],
});

/** The second step takes only approve and comment (a borrowed record's 归还). */
const ONLY = parseWorkflowDefinition({
  id: 'only',
  version: 1,
  name: { zh: '限定', en: 'Only' },
  steps: [
    step('first', 'single', { kind: 'runtime', key: 'first' }),
    step('back', 'anyOf', { kind: 'runtime', key: 'back' }, { onlyActions: ['approve', 'comment'] }),
  ],
});

function start(
  definition: WorkflowDefinition,
  requesterId = 'drafter',
  params: Record<string, string | string[]> = {},
): WorkflowInstance {
  return startInstance(
    definition,
    { id: 'inst-1', requesterId, title: '关于防汛物资采购的请示', secrecy: 'internal', params },
    directory,
    tick(),
    calendar,
  ).next;
}

const act = (instance: WorkflowInstance, personId: string, action: WorkflowAction): TransitionResult =>
  transition(instance, action, { personId }, tick(), calendar);

/** Applies a list of [person, action] in turn. */
function play(instance: WorkflowInstance, ...moves: Array<[string, WorkflowAction]>): WorkflowInstance {
  return moves.reduce((state, [personId, action]) => act(state, personId, action).next, instance);
}

const approve = (comment?: string): WorkflowAction => ({ type: 'approve', comment });
const ack = (comment?: string): WorkflowAction => ({ type: 'acknowledge', comment });

// States the tables start from.
const generic = () => start(GENERIC_APPROVAL);
const genericAtOffice = () => play(generic(), ['water-head', approve('同意')]);
const genericAtLeader = () => play(genericAtOffice(), ['office-head', approve('同意')]);
const genericApproved = () => play(genericAtLeader(), ['leader-wang', approve('同意')]);
const genericReturned = () =>
  play(genericAtOffice(), ['office-head', { type: 'return', comment: '请补充预算', to: 'requester' }]);
const genericRecalled = () => play(generic(), ['drafter', { type: 'recall' }]);
const genericRejected = () => play(generic(), ['water-head', { type: 'reject', comment: '不同意' }]);
const genericCancelled = () => play(generic(), ['drafter', { type: 'cancel' }]);
const genericOpened = () => play(generic(), ['water-head', { type: 'open' }]);

const mixed = (definition: WorkflowDefinition = MIXED) => start(definition, 'drafter', MIXED_PARAMS);
const mixedAtEither = (definition: WorkflowDefinition = MIXED) =>
  play(mixed(definition), ['water-head', approve('同意')]);
const mixedAtCountersign = (definition: WorkflowDefinition = MIXED) =>
  play(mixedAtEither(definition), ['office-head', approve()]);
const mixedHalfSigned = (definition: WorkflowDefinition = MIXED) =>
  play(mixedAtCountersign(definition), ['finance-head', approve('财务同意')]);
const mixedAtCirculation = () => play(mixedHalfSigned(), ['water-deputy', approve('同意')]);
const mixedAtHandling = () =>
  play(mixedAtCirculation(), ['leader-wang', ack()], ['leader-li', ack('已阅')], ['director', ack()]);

const skippy = (first: string, second: string, third: string) =>
  start(SKIPPY, 'drafter', { first, second, third });

function stepOf(instance: WorkflowInstance, key: string): StepState {
  const found = instance.steps.find((s) => s.key === key);
  if (!found) throw new Error(`no step ${key}`);
  return found;
}
const statuses = (instance: WorkflowInstance) => instance.steps.map((s) => `${s.key}:${s.status}`);
const parts = (s: StepState) => s.assignments.map((a) => `${a.personId}:${a.status}`);
const current = (instance: WorkflowInstance) => instance.steps[instance.currentStep];

// ---------------------------------------------------------------------------------------------

interface Accepted {
  name: string;
  state: () => WorkflowInstance;
  actor: string;
  action: WorkflowAction;
  expectNext: (next: WorkflowInstance, effects: WorkflowEffect[], before: WorkflowInstance) => void;
}

const accepted: Accepted[] = [
  // single
  {
    name: 'single: the department head’s approval records the trimmed opinion and activates the office check',
    state: generic,
    actor: 'water-head',
    action: approve('  同意，请办公室把关。 '),
    expectNext(next, effects) {
      expect(statuses(next)).toEqual(['dept_review:done', 'office_check:active', 'leader_approval:pending']);
      expect(stepOf(next, 'dept_review').assignments[0]).toMatchObject({
        personId: 'water-head',
        status: 'approved',
        comment: '同意，请办公室把关。',
        actedAt: next.updatedAt,
      });
      expect(next.currentStep).toBe(1);
      expect(stepOf(next, 'office_check')).toMatchObject({ activatedAt: next.updatedAt, deadline: endOf(4) });
      expect(effects).toEqual([
        { type: 'deadline_cleared', stepKey: 'dept_review' },
        { type: 'deadline_set', stepKey: 'office_check', personIds: ['office-head'], deadline: endOf(4) },
        { type: 'notify_assignees', stepKey: 'office_check', personIds: ['office-head'] },
        { type: 'refresh_cards' },
      ]);
    },
  },
  {
    name: 'single: the supervising leader’s approval of the last step approves the instance',
    state: genericAtLeader,
    actor: 'leader-wang',
    action: approve('同意'),
    expectNext(next, effects) {
      expect(next.status).toBe('approved');
      expect(next.currentStep).toBe(3);
      expect(statuses(next)).toEqual(['dept_review:done', 'office_check:done', 'leader_approval:done']);
      expect(effects).toEqual([
        { type: 'deadline_cleared', stepKey: 'leader_approval' },
        { type: 'notify_requester', event: 'approved', byPersonId: 'leader-wang' },
        { type: 'instance_finished', status: 'approved' },
        { type: 'refresh_cards' },
      ]);
    },
  },
  {
    name: 'single: a rejection with an opinion ends the instance as rejected and tells the requester',
    state: genericAtOffice,
    actor: 'office-head',
    action: { type: 'reject', comment: '不符合规定' },
    expectNext(next, effects) {
      expect(next.status).toBe('rejected');
      expect(next.currentStep).toBe(3);
      expect(statuses(next)).toEqual([
        'dept_review:done',
        'office_check:rejected',
        'leader_approval:pending',
      ]);
      expect(stepOf(next, 'office_check').assignments[0]).toMatchObject({
        status: 'rejected',
        comment: '不符合规定',
      });
      expect(effects).toEqual([
        { type: 'deadline_cleared', stepKey: 'office_check' },
        { type: 'notify_requester', event: 'rejected', byPersonId: 'office-head' },
        { type: 'instance_finished', status: 'rejected' },
        { type: 'refresh_cards' },
      ]);
    },
  },
  // anyOf
  {
    name: 'anyOf: the first to approve settles the step and the others are superseded',
    state: () => mixedAtEither(),
    actor: 'secretary',
    action: approve(),
    expectNext(next) {
      expect(parts(stepOf(next, 'either'))).toEqual(['office-head:superseded', 'secretary:approved']);
      expect(stepOf(next, 'either').status).toBe('done');
      expect(current(next)?.key).toBe('countersign');
    },
  },
  {
    name: 'anyOf: a rejection without an opinion ends the instance when the step asks for none',
    state: () => mixedAtEither(),
    actor: 'office-head',
    action: { type: 'reject' },
    expectNext(next) {
      expect(next.status).toBe('rejected');
      expect(parts(stepOf(next, 'either'))).toEqual(['office-head:rejected', 'secretary:superseded']);
    },
  },
  // allOf
  {
    name: 'allOf: one countersigner’s agreement is tallied and the step waits for the others',
    state: () => mixedAtCountersign(),
    actor: 'finance-head',
    action: approve('财务同意'),
    expectNext(next, effects, before) {
      expect(next.currentStep).toBe(before.currentStep);
      expect(stepOf(next, 'countersign').status).toBe('active');
      expect(parts(stepOf(next, 'countersign'))).toEqual(['finance-head:approved', 'water-deputy:pending']);
      expect(effects).toEqual([
        { type: 'deadline_set', stepKey: 'countersign', personIds: ['water-deputy'], deadline: endOf(4) },
        { type: 'refresh_cards' },
      ]);
    },
  },
  {
    name: 'allOf: the last agreement finishes the countersign and starts the circulation with its first reader',
    state: () => mixedHalfSigned(),
    actor: 'water-deputy',
    action: approve('同意'),
    expectNext(next, effects) {
      expect(stepOf(next, 'countersign').status).toBe('done');
      expect(parts(stepOf(next, 'circulate'))).toEqual([
        'leader-wang:pending',
        'leader-li:waiting',
        'director:waiting',
      ]);
      expect(effects).toContainEqual({
        type: 'notify_assignees',
        stepKey: 'circulate',
        personIds: ['leader-wang'],
      });
    },
  },
  {
    name: 'allOf with onReject reject: one rejection ends the instance',
    state: () => mixedHalfSigned(),
    actor: 'water-deputy',
    action: { type: 'reject', comment: '涉及本科职责，不同意' },
    expectNext(next) {
      expect(next.status).toBe('rejected');
      expect(stepOf(next, 'countersign').status).toBe('rejected');
    },
  },
  {
    name: 'allOf with onReject return: one rejection returns the item to the requester',
    state: () => mixedHalfSigned(MIXED_RETURNING),
    actor: 'water-deputy',
    action: { type: 'reject', comment: '请与我科协商后再报' },
    expectNext(next, effects) {
      expect(next.status).toBe('returned');
      expect(stepOf(next, 'countersign').status).toBe('returned');
      expect(parts(stepOf(next, 'countersign'))).toEqual(['finance-head:approved', 'water-deputy:rejected']);
      expect(waitingOn(next)).toEqual(['drafter']);
      expect(effects).toEqual([
        { type: 'deadline_cleared', stepKey: 'countersign' },
        { type: 'notify_requester', event: 'returned', byPersonId: 'water-deputy' },
        { type: 'refresh_cards' },
      ]);
    },
  },
  // sequence
  {
    name: 'sequence: a reader’s acknowledgement passes the circulation to the next reader in order',
    state: mixedAtCirculation,
    actor: 'leader-wang',
    action: ack(' 已阅 '),
    expectNext(next, effects) {
      expect(parts(stepOf(next, 'circulate'))).toEqual([
        'leader-wang:acknowledged',
        'leader-li:pending',
        'director:waiting',
      ]);
      expect(stepOf(next, 'circulate').assignments[0]?.comment).toBe('已阅');
      expect(waitingOn(next)).toEqual(['leader-li']);
      expect(effects).toEqual([
        { type: 'deadline_set', stepKey: 'circulate', personIds: ['leader-li'], deadline: endOf(5) },
        { type: 'notify_assignees', stepKey: 'circulate', personIds: ['leader-li'] },
        { type: 'refresh_cards' },
      ]);
    },
  },
  {
    name: 'sequence: the last reader’s acknowledgement finishes the circulation and hands it to the handler',
    state: () => play(mixedAtCirculation(), ['leader-wang', ack()], ['leader-li', ack()]),
    actor: 'director',
    action: ack(),
    expectNext(next) {
      expect(stepOf(next, 'circulate').status).toBe('done');
      expect(current(next)?.key).toBe('handle');
      expect(parts(stepOf(next, 'handle'))).toEqual(['clerk:pending']);
    },
  },
  // task
  {
    name: 'task: the handler completes it with a result and the instance is approved',
    state: mixedAtHandling,
    actor: 'clerk',
    action: { type: 'complete', result: '  已采购并入库。 ' },
    expectNext(next) {
      expect(stepOf(next, 'handle')).toMatchObject({ status: 'done', result: '已采购并入库。' });
      expect(parts(stepOf(next, 'handle'))).toEqual(['clerk:completed']);
      expect(next.status).toBe('approved');
    },
  },
  // return
  {
    name: 'return to the requester: the item waits on the requester with the reason recorded',
    state: genericAtOffice,
    actor: 'office-head',
    action: { type: 'return', comment: '请补充预算', to: 'requester' },
    expectNext(next, effects) {
      expect(next.status).toBe('returned');
      expect(stepOf(next, 'office_check').status).toBe('returned');
      expect(stepOf(next, 'office_check').assignments[0]).toMatchObject({
        status: 'returned',
        comment: '请补充预算',
      });
      expect(waitingOn(next)).toEqual(['drafter']);
      expect(effects).toEqual([
        { type: 'deadline_cleared', stepKey: 'office_check' },
        { type: 'notify_requester', event: 'returned', byPersonId: 'office-head' },
        { type: 'refresh_cards' },
      ]);
    },
  },
  {
    name: 'return to an earlier step: it runs again with the same people, and the steps between are reset',
    state: () => mixedHalfSigned(),
    actor: 'water-deputy',
    action: { type: 'return', comment: '请部门负责人重新核稿', to: { stepKey: 'review' } },
    expectNext(next, effects) {
      expect(next.status).toBe('running');
      expect(next.currentStep).toBe(0);
      expect(statuses(next)).toEqual([
        'review:active',
        'either:pending',
        'countersign:returned',
        'circulate:pending',
        'handle:pending',
      ]);
      expect(stepOf(next, 'review').assignments).toEqual([
        {
          personId: 'water-head',
          status: 'pending',
          openedAt: null,
          actedAt: null,
          comment: null,
          transferredFrom: null,
        },
      ]);
      expect(parts(stepOf(next, 'either'))).toEqual(['office-head:pending', 'secretary:pending']);
      expect(stepOf(next, 'either').finishedAt).toBeNull();
      expect(effects).toEqual([
        { type: 'deadline_cleared', stepKey: 'countersign' },
        { type: 'deadline_set', stepKey: 'review', personIds: ['water-head'], deadline: endOf(4) },
        { type: 'notify_assignees', stepKey: 'review', personIds: ['water-head'] },
        { type: 'refresh_cards' },
      ]);
    },
  },
  {
    name: 'return from a circulation: the reader whose turn it is may send it back to the requester',
    state: mixedAtCirculation,
    actor: 'leader-wang',
    action: { type: 'return', comment: '请先征求法规科意见', to: 'requester' },
    expectNext(next) {
      expect(next.status).toBe('returned');
      expect(parts(stepOf(next, 'circulate'))).toEqual([
        'leader-wang:returned',
        'leader-li:superseded',
        'director:superseded',
      ]);
    },
  },
  // transfer
  {
    name: 'transfer: the part is handed over and both names are kept',
    state: genericAtOffice,
    actor: 'office-head',
    action: { type: 'transfer', toPersonId: 'secretary', comment: '出差，请代为把关' },
    expectNext(next, effects) {
      expect(stepOf(next, 'office_check').assignments).toEqual([
        {
          personId: 'office-head',
          status: 'transferred',
          openedAt: null,
          actedAt: next.updatedAt,
          comment: '出差，请代为把关',
          transferredFrom: null,
        },
        {
          personId: 'secretary',
          status: 'pending',
          openedAt: null,
          actedAt: null,
          comment: null,
          transferredFrom: 'office-head',
        },
      ]);
      expect(waitingOn(next)).toEqual(['secretary']);
      expect(effects).toEqual([
        { type: 'deadline_set', stepKey: 'office_check', personIds: ['secretary'], deadline: endOf(4) },
        { type: 'notify_assignees', stepKey: 'office_check', personIds: ['secretary'] },
        { type: 'notify_requester', event: 'transferred', byPersonId: 'office-head' },
        { type: 'refresh_cards' },
      ]);
    },
  },
  // add signer
  {
    name: 'add signer before: an added review runs now and the current step waits, asked afresh',
    state: () => play(mixedHalfSigned(), ['water-deputy', { type: 'open' }]),
    actor: 'water-deputy',
    action: { type: 'add_signer', personId: 'solo-head', position: 'before', comment: '请先征求意见' },
    expectNext(next, effects) {
      expect(next.currentStep).toBe(2);
      expect(statuses(next).slice(2, 4)).toEqual(['added-1:active', 'countersign:pending']);
      expect(stepOf(next, 'added-1')).toMatchObject({
        definitionStepId: null,
        name: { zh: '加签审核', en: 'Added review' },
        kind: 'single',
        requireComment: true,
        deadline: endOf(4),
      });
      expect(parts(stepOf(next, 'added-1'))).toEqual(['solo-head:pending']);
      expect(stepOf(next, 'countersign').assignments).toEqual([
        {
          personId: 'finance-head',
          status: 'pending',
          openedAt: null,
          actedAt: null,
          comment: null,
          transferredFrom: null,
        },
        {
          personId: 'water-deputy',
          status: 'pending',
          openedAt: null,
          actedAt: null,
          comment: null,
          transferredFrom: null,
        },
      ]);
      expect(effects).toEqual([
        { type: 'deadline_cleared', stepKey: 'countersign' },
        { type: 'deadline_set', stepKey: 'added-1', personIds: ['solo-head'], deadline: endOf(4) },
        { type: 'notify_assignees', stepKey: 'added-1', personIds: ['solo-head'] },
        { type: 'refresh_cards' },
      ]);
    },
  },
  {
    name: 'add signer after: an added review waits right after the current step',
    state: generic,
    actor: 'water-head',
    action: { type: 'add_signer', personId: 'water-deputy', position: 'after' },
    expectNext(next, effects) {
      expect(statuses(next)).toEqual([
        'dept_review:active',
        'added-1:pending',
        'office_check:pending',
        'leader_approval:pending',
      ]);
      expect(parts(stepOf(next, 'dept_review'))).toEqual(['water-head:pending']);
      expect(effects).toEqual([{ type: 'refresh_cards' }]);
    },
  },
  {
    name: 'add signer: added steps are numbered one after another',
    state: () =>
      play(generic(), ['water-head', { type: 'add_signer', personId: 'water-deputy', position: 'after' }]),
    actor: 'water-head',
    action: { type: 'add_signer', personId: 'finance-head', position: 'after' },
    expectNext(next) {
      expect(next.steps.map((s) => s.key).slice(0, 3)).toEqual(['dept_review', 'added-2', 'added-1']);
    },
  },
  // comment
  {
    name: 'comment by an assignee: nothing changes but the version, and the requester is told',
    state: genericAtOffice,
    actor: 'office-head',
    action: { type: 'comment', comment: '预算表格式请按财政要求' },
    expectNext(next, effects, before) {
      expect(next.steps).toEqual(before.steps);
      expect(next.status).toBe('running');
      expect(effects).toEqual([
        { type: 'notify_requester', event: 'commented', byPersonId: 'office-head' },
        { type: 'refresh_cards' },
      ]);
    },
  },
  {
    name: 'comment by the requester: cards refresh, nobody is messaged',
    state: genericAtOffice,
    actor: 'drafter',
    action: { type: 'comment', comment: '附件已更新' },
    expectNext(next, effects, before) {
      expect(next.steps).toEqual(before.steps);
      expect(effects).toEqual([{ type: 'refresh_cards' }]);
    },
  },
  {
    name: 'comment by a countersigner who already agreed is still allowed',
    state: () => mixedHalfSigned(),
    actor: 'finance-head',
    action: { type: 'comment', comment: '补充：请注明资金来源' },
    expectNext(next, _effects, before) {
      expect(next.steps).toEqual(before.steps);
    },
  },
  {
    name: 'comment by the requester on a returned item',
    state: genericReturned,
    actor: 'drafter',
    action: { type: 'comment', comment: '正在补充' },
    expectNext(next) {
      expect(next.status).toBe('returned');
    },
  },
  // recall, resubmit, cancel
  {
    name: 'recall: the requester takes the item back while nobody at the current step has opened it',
    state: generic,
    actor: 'drafter',
    action: { type: 'recall', comment: '发错了' },
    expectNext(next, effects) {
      expect(next.status).toBe('recalled');
      expect(stepOf(next, 'dept_review').status).toBe('returned');
      expect(parts(stepOf(next, 'dept_review'))).toEqual(['water-head:superseded']);
      expect(waitingOn(next)).toEqual(['drafter']);
      expect(effects).toEqual([
        { type: 'deadline_cleared', stepKey: 'dept_review' },
        { type: 'refresh_cards' },
      ]);
    },
  },
  {
    name: 'resubmit after a return: the route restarts at the first step with fresh assignments',
    state: genericReturned,
    actor: 'drafter',
    action: { type: 'resubmit', comment: '已补充预算' },
    expectNext(next, effects) {
      expect(next.status).toBe('running');
      expect(next.currentStep).toBe(0);
      expect(statuses(next)).toEqual([
        'dept_review:active',
        'office_check:pending',
        'leader_approval:pending',
      ]);
      expect(parts(stepOf(next, 'dept_review'))).toEqual(['water-head:pending']);
      expect(stepOf(next, 'dept_review').assignments[0]?.comment).toBeNull();
      expect(parts(stepOf(next, 'office_check'))).toEqual(['office-head:pending']);
      expect(effects).toEqual([
        {
          type: 'deadline_set',
          stepKey: 'dept_review',
          personIds: ['water-head'],
          deadline: expect.any(String),
        },
        { type: 'notify_assignees', stepKey: 'dept_review', personIds: ['water-head'] },
        { type: 'refresh_cards' },
      ]);
    },
  },
  {
    name: 'resubmit after a recall: the route runs again from the first step',
    state: genericRecalled,
    actor: 'drafter',
    action: { type: 'resubmit' },
    expectNext(next) {
      expect(next.status).toBe('running');
      expect(statuses(next)[0]).toBe('dept_review:active');
    },
  },
  {
    name: 'cancel while running: the instance ends as cancelled and every reminder goes',
    state: genericAtOffice,
    actor: 'drafter',
    action: { type: 'cancel', comment: '不再需要' },
    expectNext(next, effects) {
      expect(next.status).toBe('cancelled');
      expect(next.currentStep).toBe(3);
      expect(parts(stepOf(next, 'office_check'))).toEqual(['office-head:superseded']);
      expect(next.steps.some((s) => s.status === 'active')).toBe(false);
      expect(effects).toEqual([
        { type: 'deadline_cleared', stepKey: null },
        { type: 'instance_finished', status: 'cancelled' },
        { type: 'refresh_cards' },
      ]);
    },
  },
  {
    name: 'cancel a returned item',
    state: genericReturned,
    actor: 'drafter',
    action: { type: 'cancel' },
    expectNext(next) {
      expect(next.status).toBe('cancelled');
    },
  },
  // skip rule
  {
    name: 'skip rule: a skippable step held only by the person who just approved is recorded as skipped',
    state: () => skippy('secretary', 'secretary', 'office-head'),
    actor: 'secretary',
    action: approve(),
    expectNext(next, effects) {
      expect(statuses(next)).toEqual(['first:done', 'second:skipped', 'third:active']);
      expect(parts(stepOf(next, 'second'))).toEqual(['secretary:superseded']);
      expect(effects).not.toContainEqual(expect.objectContaining({ stepKey: 'second' }));
    },
  },
  {
    name: 'skip rule: a skippable step held by someone else runs',
    state: () => skippy('secretary', 'office-head', 'director'),
    actor: 'secretary',
    action: approve(),
    expectNext(next) {
      expect(statuses(next)).toEqual(['first:done', 'second:active', 'third:pending']);
    },
  },
  {
    name: 'skip rule: a step the definition does not let skip runs even when its holder just acted',
    state: () => play(skippy('secretary', 'office-head', 'office-head'), ['secretary', approve()]),
    actor: 'office-head',
    action: approve(),
    expectNext(next) {
      expect(statuses(next)).toEqual(['first:done', 'second:done', 'third:active']);
      expect(waitingOn(next)).toEqual(['office-head']);
    },
  },
  {
    name: 'skip rule: the instance is approved when skipping reaches the end',
    state: () => {
      const flow: WorkflowDefinition = {
        ...SKIPPY,
        steps: SKIPPY.steps.map((s) => ({ ...s, skipIfSameAsPrevious: s.id !== 'first' })),
      };
      return start(flow, 'drafter', { first: 'secretary', second: 'secretary', third: 'secretary' });
    },
    actor: 'secretary',
    action: approve(),
    expectNext(next, effects) {
      expect(statuses(next)).toEqual(['first:done', 'second:skipped', 'third:skipped']);
      expect(next.status).toBe('approved');
      expect(effects).toContainEqual({ type: 'instance_finished', status: 'approved' });
    },
  },
];

describe('transition: accepted actions', () => {
  it.each(accepted)('$name', ({ state, actor, action, expectNext }) => {
    const before = state();
    const snapshot = structuredClone(before);
    const result = act(before, actor, action);
    expect(before, 'the input instance is left unchanged').toEqual(snapshot);
    expect(result.next).not.toBe(before);
    expect(result.changed).toBe(true);
    expect(result.next.version).toBe(before.version + 1);
    expect(result.next.updatedAt > before.updatedAt).toBe(true);
    expectNext(result.next, result.effects, before);
  });
});

// ---------------------------------------------------------------------------------------------

interface Refused {
  name: string;
  state: () => WorkflowInstance;
  actor: string;
  action: WorkflowAction;
  code: RefusalCode;
  waitingOn?: string[];
}

const tooLong = '意'.repeat(5001);

const refused: Refused[] = [
  {
    name: 'an approval may not set params its step does not choose',
    state: generic,
    actor: 'water-head',
    action: { type: 'approve', comment: '同意', params: { readers: ['leader-wang'] } },
    code: 'params_not_allowed',
  },
  {
    name: 'an approved instance refuses an approval',
    state: genericApproved,
    actor: 'leader-wang',
    action: approve('再次同意'),
    code: 'instance_finished',
  },
  {
    name: 'a rejected instance refuses even a comment',
    state: genericRejected,
    actor: 'drafter',
    action: { type: 'comment', comment: '为什么？' },
    code: 'instance_finished',
  },
  {
    name: 'a cancelled instance refuses a resubmit',
    state: genericCancelled,
    actor: 'drafter',
    action: { type: 'resubmit' },
    code: 'instance_finished',
  },
  {
    name: 'someone with no part at the step cannot approve, and is told whom it waits on',
    state: generic,
    actor: 'office-head',
    action: approve('同意'),
    code: 'not_assignee',
    waitingOn: ['water-head'],
  },
  {
    name: 'the requester cannot approve someone else’s step',
    state: generic,
    actor: 'drafter',
    action: approve('同意'),
    code: 'not_assignee',
    waitingOn: ['water-head'],
  },
  {
    name: 'a returned item cannot be approved: it waits on the requester',
    state: genericReturned,
    actor: 'office-head',
    action: approve('同意'),
    code: 'not_assignee',
    waitingOn: ['drafter'],
  },
  {
    name: 'a stranger cannot comment',
    state: generic,
    actor: 'clerk',
    action: { type: 'comment', comment: '路过' },
    code: 'not_assignee',
  },
  {
    name: 'a stranger opening the card records nothing',
    state: generic,
    actor: 'clerk',
    action: { type: 'open' },
    code: 'not_assignee',
  },
  {
    name: 'a countersigner cannot agree twice',
    state: () => mixedHalfSigned(),
    actor: 'finance-head',
    action: approve('同意'),
    code: 'already_acted',
    waitingOn: ['water-deputy'],
  },
  {
    name: 'a person who transferred their part cannot act on it',
    state: () => play(genericAtOffice(), ['office-head', { type: 'transfer', toPersonId: 'secretary' }]),
    actor: 'office-head',
    action: approve('同意'),
    code: 'already_acted',
  },
  {
    name: 'a review step refuses an approval without an opinion',
    state: generic,
    actor: 'water-head',
    action: approve(),
    code: 'comment_required',
  },
  {
    name: 'an opinion of only spaces counts as none',
    state: generic,
    actor: 'water-head',
    action: approve(' \n\t '),
    code: 'comment_required',
  },
  {
    name: 'a review step refuses a rejection without an opinion',
    state: generic,
    actor: 'water-head',
    action: { type: 'reject' },
    code: 'comment_required',
  },
  {
    name: 'a return always needs its reason',
    state: () => mixedAtEither(),
    actor: 'secretary',
    action: { type: 'return', comment: ' ', to: 'requester' },
    code: 'comment_required',
  },
  {
    name: 'an empty comment is refused',
    state: generic,
    actor: 'drafter',
    action: { type: 'comment', comment: '' },
    code: 'comment_required',
  },
  {
    name: 'an opinion over 5,000 characters is refused',
    state: generic,
    actor: 'water-head',
    action: approve(tooLong),
    code: 'comment_too_long',
  },
  {
    name: 'a task result over 5,000 characters is refused',
    state: mixedAtHandling,
    actor: 'clerk',
    action: { type: 'complete', result: tooLong },
    code: 'comment_too_long',
  },
  {
    name: 'an assignee cannot recall',
    state: generic,
    actor: 'water-head',
    action: { type: 'recall' },
    code: 'not_requester',
  },
  {
    name: 'only the requester can cancel',
    state: generic,
    actor: 'water-head',
    action: { type: 'cancel' },
    code: 'not_requester',
  },
  {
    name: 'only the requester can resubmit',
    state: genericReturned,
    actor: 'office-head',
    action: { type: 'resubmit' },
    code: 'not_requester',
  },
  {
    name: 'a returned item cannot be recalled',
    state: genericReturned,
    actor: 'drafter',
    action: { type: 'recall' },
    code: 'nothing_to_recall',
  },
  {
    name: 'recall is too late once the assignee opened the card',
    state: genericOpened,
    actor: 'drafter',
    action: { type: 'recall' },
    code: 'recall_too_late',
  },
  {
    name: 'recall is too late once a countersigner agreed',
    state: () => mixedHalfSigned(),
    actor: 'drafter',
    action: { type: 'recall' },
    code: 'recall_too_late',
  },
  {
    name: 'a return to the current step is refused',
    state: genericAtOffice,
    actor: 'office-head',
    action: { type: 'return', comment: '重办', to: { stepKey: 'office_check' } },
    code: 'invalid_return_target',
  },
  {
    name: 'a return to a later step is refused',
    state: genericAtOffice,
    actor: 'office-head',
    action: { type: 'return', comment: '跳过', to: { stepKey: 'leader_approval' } },
    code: 'invalid_return_target',
  },
  {
    name: 'a return to an unknown step is refused',
    state: genericAtOffice,
    actor: 'office-head',
    action: { type: 'return', comment: '重办', to: { stepKey: 'nowhere' } },
    code: 'invalid_return_target',
  },
  {
    name: 'a return to a skipped step is refused',
    state: () => play(skippy('secretary', 'secretary', 'office-head'), ['secretary', approve()]),
    actor: 'office-head',
    action: { type: 'return', comment: '重办', to: { stepKey: 'second' } },
    code: 'invalid_return_target',
  },
  {
    name: 'a transfer to oneself is refused',
    state: genericAtOffice,
    actor: 'office-head',
    action: { type: 'transfer', toPersonId: 'office-head' },
    code: 'transfer_to_self',
  },
  {
    name: 'a transfer to the other countersigner is refused',
    state: () => mixedAtCountersign(),
    actor: 'finance-head',
    action: { type: 'transfer', toPersonId: 'water-deputy' },
    code: 'transfer_target_already_assigned',
  },
  {
    name: 'a transfer to a later reader of the circulation is refused',
    state: mixedAtCirculation,
    actor: 'leader-wang',
    action: { type: 'transfer', toPersonId: 'director' },
    code: 'wrong_action_for_step',
  },
  {
    name: 'adding oneself as a signer is refused',
    state: generic,
    actor: 'water-head',
    action: { type: 'add_signer', personId: 'water-head', position: 'before' },
    code: 'add_signer_invalid',
  },
  {
    name: 'adding a signer who is already at the step is refused',
    state: () => mixedAtCountersign(),
    actor: 'finance-head',
    action: { type: 'add_signer', personId: 'water-deputy', position: 'after' },
    code: 'add_signer_invalid',
  },
  {
    name: 'a later reader cannot acknowledge before their turn (no sideways passing)',
    state: mixedAtCirculation,
    actor: 'director',
    action: ack('已阅'),
    code: 'not_your_turn',
    waitingOn: ['leader-wang'],
  },
  {
    name: 'a later reader cannot pass the circulation on by transfer',
    state: mixedAtCirculation,
    actor: 'leader-li',
    action: { type: 'transfer', toPersonId: 'secretary' },
    code: 'not_your_turn',
  },
  {
    name: 'the reader whose turn it is cannot hand the circulation to someone else (no 横传)',
    state: mixedAtCirculation,
    actor: 'leader-wang',
    action: { type: 'transfer', toPersonId: 'secretary' },
    code: 'wrong_action_for_step',
  },
  {
    name: 'acknowledge does not apply to a single step',
    state: generic,
    actor: 'water-head',
    action: ack('已阅'),
    code: 'wrong_action_for_step',
  },
  {
    name: 'complete does not apply to a single step',
    state: generic,
    actor: 'water-head',
    action: { type: 'complete', result: '办完' },
    code: 'wrong_action_for_step',
  },
  {
    name: 'approve does not apply to a circulation',
    state: mixedAtCirculation,
    actor: 'leader-wang',
    action: approve('同意'),
    code: 'wrong_action_for_step',
  },
  {
    name: 'reject does not apply to a circulation',
    state: mixedAtCirculation,
    actor: 'leader-wang',
    action: { type: 'reject', comment: '不同意' },
    code: 'wrong_action_for_step',
  },
  {
    name: 'approve does not apply to a task',
    state: mixedAtHandling,
    actor: 'clerk',
    action: approve('同意'),
    code: 'wrong_action_for_step',
  },
  {
    name: 'a running item has nothing to resubmit',
    state: generic,
    actor: 'drafter',
    action: { type: 'resubmit' },
    code: 'nothing_to_resubmit',
  },
  {
    name: 'a task cannot be completed without a result',
    state: mixedAtHandling,
    actor: 'clerk',
    action: { type: 'complete', result: '   ' },
    code: 'result_required',
  },
];

describe('transition: refusals', () => {
  it.each(refused)('$name ($code)', ({ state, actor, action, code, waitingOn: expectedWaitingOn }) => {
    const before = state();
    const snapshot = structuredClone(before);
    let refusal: unknown;
    try {
      act(before, actor, action);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(WorkflowRefusal);
    expect((refusal as WorkflowRefusal).code).toBe(code);
    expect((refusal as WorkflowRefusal).messageKey).toBe(`error.${code}`);
    expect(before, 'nothing changed').toEqual(snapshot);
    if (expectedWaitingOn) {
      expect((refusal as WorkflowRefusal).waitingOn).toEqual(expectedWaitingOn);
      expect((refusal as WorkflowRefusal).params.waitingOn).toBe(expectedWaitingOn.join(','));
    }
  });

  it('covers every refusal code at least once', () => {
    expect(new Set(refused.map((r) => r.code))).toEqual(new Set(REFUSAL_CODES));
  });
});

// ---------------------------------------------------------------------------------------------

describe('transition: opening a card', () => {
  it('records when the assignee first opened it, without a new version, and refreshes the requester’s card', () => {
    const before = generic();
    const snapshot = structuredClone(before);
    const { next, effects, changed } = act(before, 'water-head', { type: 'open' });
    expect(before).toEqual(snapshot);
    expect(changed).toBe(true);
    expect(next.version).toBe(before.version);
    expect(next.updatedAt).toBe(before.updatedAt);
    expect(stepOf(next, 'dept_review').assignments[0]?.openedAt).toEqual(expect.any(String));
    // Only the requester's card changes (撤回 goes), and its version is current: a redraw.
    expect(effects).toEqual([{ type: 'redraw_cards', personIds: ['drafter'] }]);
  });

  it('records nothing when the card is opened again', () => {
    const opened = genericOpened();
    const { next, effects, changed } = act(opened, 'water-head', { type: 'open' });
    expect(changed).toBe(false);
    expect(next).toEqual(opened);
    expect(effects).toEqual([]);
  });

  it('records a second countersigner’s open without refreshing cards (recall was already gone)', () => {
    const { effects, changed, next } = act(mixedHalfSigned(), 'water-deputy', { type: 'open' });
    expect(changed).toBe(true);
    expect(stepOf(next, 'countersign').assignments[1]?.openedAt).not.toBeNull();
    expect(effects).toEqual([]);
  });

  it('records nothing for a countersigner who already agreed', () => {
    expect(act(mixedHalfSigned(), 'finance-head', { type: 'open' }).changed).toBe(false);
  });
});

describe('transition: whole routes', () => {
  it('recall is allowed before the reviewer opens the card and refused after', () => {
    expect(act(generic(), 'drafter', { type: 'recall' }).next.status).toBe('recalled');
    const opened = play(generic(), ['water-head', { type: 'open' }]);
    expect(() => act(opened, 'drafter', { type: 'recall' })).toThrow(WorkflowRefusal);
  });

  it('an added signer before the step reviews first, then the step runs again for its holder', () => {
    const state = play(
      generic(),
      ['water-head', { type: 'add_signer', personId: 'water-deputy', position: 'before' }],
      ['water-deputy', approve('已核')],
    );
    expect(statuses(state)).toEqual([
      'added-1:done',
      'dept_review:active',
      'office_check:pending',
      'leader_approval:pending',
    ]);
    expect(waitingOn(state)).toEqual(['water-head']);
  });

  it('an added signer after the step is asked when the step is done', () => {
    const state = play(
      generic(),
      ['water-head', { type: 'add_signer', personId: 'water-deputy', position: 'after' }],
      ['water-head', approve('同意')],
    );
    expect(current(state)?.key).toBe('added-1');
    expect(waitingOn(state)).toEqual(['water-deputy']);
  });

  it('a transferred part goes to the new holder again when the route comes back to the step', () => {
    const state = play(
      genericAtOffice(),
      ['office-head', { type: 'transfer', toPersonId: 'secretary' }],
      ['secretary', { type: 'return', comment: '请修改', to: 'requester' }],
      ['drafter', { type: 'resubmit' }],
      ['water-head', approve('同意')],
    );
    expect(stepOf(state, 'office_check').assignments).toEqual([
      {
        personId: 'secretary',
        status: 'pending',
        openedAt: null,
        actedAt: null,
        comment: null,
        transferredFrom: 'office-head',
      },
    ]);
  });

  it('the sole head reviews their own draft and the route goes on', () => {
    const state = play(start(GENERIC_APPROVAL, 'solo-head'), ['solo-head', approve('已自行核稿')]);
    expect(statuses(state)).toEqual(['dept_review:done', 'office_check:active', 'leader_approval:pending']);
  });

  it('a drafter who is a head has the draft reviewed by another head', () => {
    expect(waitingOn(start(GENERIC_APPROVAL, 'water-head'))).toEqual(['water-deputy']);
  });

  it('a returned-then-resubmitted countersign asks everyone again, including those who had agreed', () => {
    const state = play(
      mixedHalfSigned(MIXED_RETURNING),
      ['water-deputy', { type: 'reject', comment: '请协商' }],
      ['drafter', { type: 'resubmit' }],
      ['water-head', approve('同意')],
      ['office-head', approve()],
    );
    expect(parts(stepOf(state, 'countersign'))).toEqual(['finance-head:pending', 'water-deputy:pending']);
  });

  it('every step kind runs to the end of the mixed route', () => {
    const state = play(mixedAtHandling(), ['clerk', { type: 'complete', result: '已办结' }]);
    expect(statuses(state)).toEqual([
      'review:done',
      'either:done',
      'countersign:done',
      'circulate:done',
      'handle:done',
    ]);
    expect(state.status).toBe('approved');
    expect(state.version).toBe(1 + 1 + 1 + 2 + 3 + 1);
  });
});

describe('available actions (what a card may offer)', () => {
  it.each([
    {
      name: 'the reviewer of the current step',
      state: generic,
      personId: 'water-head',
      actions: ['approve', 'reject', 'return', 'transfer', 'add_signer', 'comment', 'open'],
    },
    {
      name: 'the requester before anyone opened it',
      state: generic,
      personId: 'drafter',
      actions: ['comment', 'recall', 'cancel'],
    },
    {
      name: 'the requester after the reviewer opened it',
      state: genericOpened,
      personId: 'drafter',
      actions: ['comment', 'cancel'],
    },
    {
      name: 'the requester of a returned item',
      state: genericReturned,
      personId: 'drafter',
      actions: ['comment', 'resubmit', 'cancel'],
    },
    {
      name: 'the reader whose turn it is',
      state: mixedAtCirculation,
      personId: 'leader-wang',
      actions: ['return', 'add_signer', 'comment', 'acknowledge', 'open'],
    },
    {
      name: 'a reader whose turn has not come',
      state: mixedAtCirculation,
      personId: 'director',
      actions: ['comment', 'open'],
    },
    {
      name: 'the handler of a task',
      state: mixedAtHandling,
      personId: 'clerk',
      actions: ['return', 'transfer', 'add_signer', 'comment', 'complete', 'open'],
    },
    { name: 'anyone on a finished item', state: genericApproved, personId: 'drafter', actions: [] },
  ])('$name', ({ state, personId, actions }) => {
    expect(availableActions(state(), personId)).toEqual(actions);
  });
});

describe('available actions: the same as trying each action with transition()', () => {
  // availableActions tries each action without building a refusal for it; what it offers must
  // stay exactly what transition() accepts. Random walks over every route of this file, each
  // state asked for every person (and a stranger).
  const probes: WorkflowAction[] = [
    { type: 'approve', comment: 'x' },
    { type: 'reject', comment: 'x' },
    { type: 'return', comment: 'x', to: 'requester' },
    { type: 'transfer', toPersonId: '\u0000probe' },
    { type: 'add_signer', personId: '\u0000probe', position: 'after' },
    { type: 'comment', comment: 'x' },
    { type: 'acknowledge', comment: 'x' },
    { type: 'complete', result: 'x' },
    { type: 'open' },
    { type: 'recall' },
    { type: 'resubmit' },
    { type: 'cancel' },
  ];
  /** What availableActions answered before: each action tried on transition() itself. */
  const byTransition = (instance: WorkflowInstance, personId: string) =>
    probes
      .filter((action) => {
        try {
          transition(instance, action, { personId }, new Date(instance.updatedAt), {
            addWorkingDays: (from) => from,
          });
          return true;
        } catch (error) {
          if (error instanceof WorkflowRefusal) return false;
          throw error;
        }
      })
      .map((action) => action.type);
  const people = [...directory.people.map((p) => p.id), 'stranger'];
  let seed = 19;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const moves = (): WorkflowAction[] => [
    approve('同意'),
    approve(),
    { type: 'reject', comment: '不同意' },
    { type: 'return', comment: '请补充', to: 'requester' },
    { type: 'transfer', toPersonId: pick(people), comment: '请代办' },
    { type: 'add_signer', personId: pick(people), position: pick(['before', 'after'] as const) },
    { type: 'comment', comment: '请注意' },
    ack('已阅'),
    ack(),
    { type: 'complete', result: '已办结' },
    { type: 'open' },
    { type: 'recall' },
    { type: 'resubmit', comment: '已补充' },
    { type: 'cancel' },
  ];
  const starts: Array<[string, () => WorkflowInstance]> = [
    ['generic', generic],
    ['mixed', () => mixed()],
    ['mixed, a countersign rejection returns', () => mixed(MIXED_RETURNING)],
    ['only some actions at a step', () => start(ONLY, 'drafter', { first: 'water-head', back: ['clerk'] })],
    [
      'skip rule',
      () => start(SKIPPY, 'drafter', { first: 'water-head', second: 'water-head', third: 'office-head' }),
    ],
  ];

  it.each(starts)('%s', (_name, first) => {
    let compared = 0;
    const seen = { statuses: new Set<string>(), actions: new Set<string>() };
    for (let walk = 0; walk < 6; walk++) {
      let state = first();
      for (let move = 0; move < 20; move++) {
        for (const personId of people) {
          expect(availableActions(state, personId), `${personId} at version ${state.version}`).toEqual(
            byTransition(state, personId),
          );
          for (const action of availableActions(state, personId)) seen.actions.add(action);
          compared++;
        }
        seen.statuses.add(state.status);
        const personId = pick([...waitingOn(state), state.requesterId, ...people]);
        try {
          state = act(state, personId, pick(moves())).next;
        } catch (error) {
          if (!(error instanceof WorkflowRefusal)) throw error;
        }
      }
    }
    expect(compared).toBe(6 * 20 * people.length);
    // The walks reach more than the start: several statuses, and offers of many kinds.
    expect(seen.statuses.size).toBeGreaterThan(1);
    expect(seen.actions.size).toBeGreaterThan(4);
  });
});

// ---------------------------------------------------------------------------------------------

describe('transition: people chosen by an earlier step (批办 → 传阅 → 承办)', () => {
  // 拟办 by the office head, 批办 by the director (who names the readers, the handler and the time
  // limit), circulation among the readers in turn, and the handler's task.
  const INSTRUCTED = parseWorkflowDefinition({
    id: 'instructed',
    version: 1,
    name: { zh: '收文', en: 'Incoming' },
    steps: [
      step('propose', 'single', { kind: 'role', role: 'office_head' }, { requireComment: true }),
      step(
        'instruct',
        'single',
        { kind: 'role', role: 'director' },
        {
          requireComment: true,
          setsParams: ['readers', 'handler', 'handlingDays'],
        },
      ),
      step(
        'circulate',
        'sequence',
        { kind: 'runtime', key: 'readers' },
        { bindAtActivation: true, skipIfNobody: true },
      ),
      step(
        'handle',
        'task',
        { kind: 'runtime', key: 'handler' },
        {
          bindAtActivation: true,
          deadlineParam: 'handlingDays',
          deadlineWorkingDays: 5,
        },
      ),
    ],
  } satisfies WorkflowDefinitionInput);

  const instructedWith = (params: Record<string, string | string[]>) =>
    play(
      start(INSTRUCTED, 'secretary'),
      ['office-head', approve('拟请局长阅示。')],
      ['director', { type: 'approve', comment: '请水政科办理。', params }],
    );

  it('starts without the people of the later steps, and binds them when each step activates', () => {
    const fresh = start(INSTRUCTED, 'secretary');
    expect(fresh.steps[2]?.assignments).toEqual([]);
    expect(fresh.steps[3]?.assignments).toEqual([]);
    let doc = instructedWith({
      readers: ['leader-wang', 'leader-li'],
      handler: 'water-head',
      handlingDays: '3',
    });
    expect(waitingOn(doc)).toEqual(['leader-wang']);
    expect(doc.params).toMatchObject({ readers: ['leader-wang', 'leader-li'], handler: 'water-head' });
    doc = play(doc, ['leader-wang', ack('已阅')]);
    expect(waitingOn(doc)).toEqual(['leader-li']);
    const { next, effects } = act(doc, 'leader-li', ack('已阅'));
    expect(waitingOn(next)).toEqual(['water-head']);
    expect(effects).toContainEqual({
      type: 'notify_assignees',
      stepKey: 'handle',
      personIds: ['water-head'],
    });
    // 3 working days from Monday: the end of Thursday.
    const handle = next.steps[3] as StepState;
    expect(handle.deadlineWorkingDays).toBe(3);
    expect(handle.deadline).toBe(
      calendar.addWorkingDays(new Date(handle.activatedAt as string), 3).toISOString(),
    );
  });

  it('skips the circulation when no reader was named, and keeps the default time limit without one', () => {
    const doc = instructedWith({ handler: 'water-head' });
    expect(doc.steps[2]?.status).toBe('skipped');
    expect(waitingOn(doc)).toEqual(['water-head']);
    expect(doc.steps[3]?.deadlineWorkingDays).toBe(5);
  });

  it('refuses a definition that binds a role rule at activation, or skips a step resolved at start', () => {
    expect(() =>
      parseWorkflowDefinition({
        id: 'bad',
        version: 1,
        name: { zh: '坏', en: 'Bad' },
        steps: [
          step('a', 'single', { kind: 'role', role: 'director' }, { bindAtActivation: true }),
          step('b', 'single', { kind: 'runtime', key: 'b' }, { skipIfNobody: true }),
        ],
      }),
    ).toThrow(/steps\.0\.bindAtActivation[\s\S]*steps\.1\.skipIfNobody/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('transition: comments by an earlier step’s approver (commentersFrom, 问题上报 answered)', () => {
  // 收文 in short: 拟办 → 批办 → 传阅 → 承办, where whoever approved 批办 may comment during 承办.
  const ANSWERED = parseWorkflowDefinition({
    id: 'answered',
    version: 1,
    name: { zh: '收文', en: 'Incoming' },
    steps: [
      step('propose', 'single', { kind: 'role', role: 'office_head' }, { requireComment: true }),
      step(
        'instruct',
        'single',
        { kind: 'role', role: 'director' },
        { requireComment: true, setsParams: ['readers', 'handler'] },
      ),
      step(
        'circulate',
        'sequence',
        { kind: 'runtime', key: 'readers' },
        { bindAtActivation: true, skipIfNobody: true },
      ),
      step(
        'handle',
        'task',
        { kind: 'runtime', key: 'handler' },
        { bindAtActivation: true, commentersFrom: ['instruct'] },
      ),
    ],
  } satisfies WorkflowDefinitionInput);

  const proposed = () => play(start(ANSWERED, 'secretary'), ['office-head', approve('拟请局长阅示。')]);
  const instructed = (readers: string[] = ['leader-wang']) =>
    play(proposed(), [
      'director',
      { type: 'approve', comment: '请水政科办理。', params: { readers, handler: 'water-head' } },
    ]);
  const atCirculation = () => instructed();
  const atCirculationWithDirector = () => instructed(['leader-wang', 'director']);
  const atHandling = () => play(instructed(), ['leader-wang', ack('已阅')]);
  /** The director handed 批办 to leader Li, who instructed. */
  const atHandlingTransferred = () =>
    play(
      proposed(),
      ['director', { type: 'transfer', toPersonId: 'leader-li' }],
      ['leader-li', { type: 'approve', comment: '请办理。', params: { handler: 'water-head' } }],
    );
  const atHandlingAfterQuestion = () =>
    play(atHandling(), ['water-head', { type: 'comment', comment: '两个项目尚未立项，是否一并上报？' }]);
  const finished = () => play(atHandling(), ['water-head', { type: 'complete', result: '已办结' }]);

  const reply = (text = '一并上报，注明尚未立项。'): WorkflowAction => ({ type: 'comment', comment: text });

  it.each<Accepted>([
    {
      name: 'the instructing director answers at 承办: the handler is told, the requester hears of it, nothing else moves',
      state: atHandlingAfterQuestion,
      actor: 'director',
      action: reply(),
      expectNext(next, effects, before) {
        expect(next.steps).toEqual(before.steps);
        expect(next.version).toBe(before.version + 1);
        expect(waitingOn(next)).toEqual(['water-head']);
        expect(effects).toEqual([
          {
            type: 'notify_holders',
            stepKey: 'handle',
            event: 'replied',
            personIds: ['water-head'],
            byPersonId: 'director',
          },
          { type: 'notify_requester', event: 'commented', byPersonId: 'director' },
          { type: 'refresh_cards' },
        ]);
      },
    },
    {
      name: 'the handler’s own question tells the requester only (the feature tells the leader)',
      state: atHandling,
      actor: 'water-head',
      action: { type: 'comment', comment: '是否一并上报？' },
      expectNext(_next, effects) {
        expect(effects).toEqual([
          { type: 'notify_requester', event: 'commented', byPersonId: 'water-head' },
          { type: 'refresh_cards' },
        ]);
      },
    },
    {
      name: 'after a transfer of 批办, the leader who approved it is the one who may answer',
      state: atHandlingTransferred,
      actor: 'leader-li',
      action: reply(),
      expectNext(_next, effects) {
        expect(effects).toContainEqual({
          type: 'notify_holders',
          stepKey: 'handle',
          event: 'replied',
          personIds: ['water-head'],
          byPersonId: 'leader-li',
        });
      },
    },
    {
      name: 'the director who is also a reader comments at 传阅 as its holder, not as an answer',
      state: atCirculationWithDirector,
      actor: 'director',
      action: reply('请抓紧传阅。'),
      expectNext(_next, effects) {
        expect(effects).toEqual([
          { type: 'notify_requester', event: 'commented', byPersonId: 'director' },
          { type: 'refresh_cards' },
        ]);
      },
    },
  ])('$name', ({ state, actor, action, expectNext }) => {
    const before = state();
    const snapshot = structuredClone(before);
    const { next, effects, changed } = act(before, actor, action);
    expect(changed).toBe(true);
    expect(before, 'the input is not changed').toEqual(snapshot);
    expectNext(next, effects, before);
  });

  it.each<Refused>([
    {
      name: 'a reader who only acknowledged may not comment at 承办',
      state: atHandling,
      actor: 'leader-wang',
      action: reply(),
      code: 'not_assignee',
      waitingOn: ['water-head'],
    },
    {
      name: 'the office head who proposed (a step commentersFrom does not name) may not',
      state: atHandling,
      actor: 'office-head',
      action: reply(),
      code: 'not_assignee',
      waitingOn: ['water-head'],
    },
    {
      name: 'the director may not while the leaders read (the circulation does not let them)',
      state: atCirculation,
      actor: 'director',
      action: reply(),
      code: 'not_assignee',
      waitingOn: ['leader-wang'],
    },
    {
      name: 'the director who handed 批办 over did not approve it and may not answer',
      state: atHandlingTransferred,
      actor: 'director',
      action: reply(),
      code: 'not_assignee',
      waitingOn: ['water-head'],
    },
    {
      name: 'an answer needs text',
      state: atHandling,
      actor: 'director',
      action: reply('   '),
      code: 'comment_required',
    },
    {
      name: 'nobody answers on a finished item',
      state: finished,
      actor: 'director',
      action: reply(),
      code: 'instance_finished',
    },
  ])('$name ($code)', ({ state, actor, action, code, waitingOn: expectedWaitingOn }) => {
    const before = state();
    let refusal: unknown;
    try {
      act(before, actor, action);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(WorkflowRefusal);
    expect((refusal as WorkflowRefusal).code).toBe(code);
    if (expectedWaitingOn) expect((refusal as WorkflowRefusal).waitingOn).toEqual(expectedWaitingOn);
  });

  it('offers the instructing director only a comment while the handler works, and nothing before', () => {
    expect(availableActions(atHandling(), 'director')).toEqual(['comment']);
    expect(availableActions(atCirculation(), 'director')).toEqual([]);
    expect(availableActions(atHandling(), 'leader-wang')).toEqual([]);
  });

  it('names the approvers of the finished steps commentersFrom names, and nobody for other steps', () => {
    const handling = atHandling();
    expect(earlierApprovers(handling, stepOf(handling, 'handle'))).toEqual(['director']);
    expect(earlierApprovers(handling, stepOf(handling, 'circulate'))).toEqual([]);
    // Sent back to 批办: until the director approves again, nobody approved it.
    const returned = play(handling, [
      'water-head',
      { type: 'return', comment: '请重新批办', to: { stepKey: 'instruct' } },
    ]);
    expect(earlierApprovers(returned, stepOf(returned, 'handle'))).toEqual([]);
  });
});

describe('transition: contributions at a step (contributorsParam, 协办意见)', () => {
  const CONTRIBUTED = parseWorkflowDefinition({
    id: 'contributed',
    version: 1,
    name: { zh: '收文', en: 'Incoming' },
    steps: [
      step(
        'instruct',
        'single',
        { kind: 'role', role: 'director' },
        { requireComment: true, setsParams: ['handler', 'contributors'] },
      ),
      step(
        'handle',
        'task',
        { kind: 'runtime', key: 'handler' },
        { bindAtActivation: true, contributorsParam: 'contributors' },
      ),
    ],
  } satisfies WorkflowDefinitionInput);
  const atHandling = () =>
    play(start(CONTRIBUTED, 'secretary'), [
      'director',
      {
        type: 'approve',
        comment: '请水政科办理，办公室协办。',
        params: { handler: 'water-head', contributors: ['office-head'] },
      },
    ]);

  it('lets a named contributor comment while the step runs, telling its holders', () => {
    const before = atHandling();
    const { next, effects } = act(before, 'office-head', { type: 'comment', comment: '办公室意见：同意。' });
    expect(next.steps).toEqual(before.steps);
    expect(effects).toContainEqual({
      type: 'notify_holders',
      stepKey: 'handle',
      event: 'contributed',
      personIds: ['water-head'],
      byPersonId: 'office-head',
    });
  });

  it('refuses a comment from someone the param does not name', () => {
    expect(() => act(atHandling(), 'leader-wang', { type: 'comment', comment: '我也说一句。' })).toThrow(
      expect.objectContaining({ code: 'not_assignee' }),
    );
  });
});

describe('a step that takes only some actions (onlyActions)', () => {
  it('refuses every other action while it is active, by anyone, and offers only those', () => {
    const atBack = play(start(ONLY, 'drafter', { first: 'water-head', back: ['clerk', 'secretary'] }), [
      'water-head',
      { type: 'approve' },
    ]);
    expect(atBack.steps[atBack.currentStep]?.onlyActions).toEqual(['approve', 'comment']);
    // Before it, the first step still takes a rejection: the restriction is the step's own.
    const atFirst = start(ONLY, 'drafter', { first: 'water-head', back: ['clerk'] });
    expect(availableActions(atFirst, 'water-head')).toContain('reject');

    expect(availableActions(atBack, 'clerk').sort()).toEqual(['approve', 'comment', 'open']);
    expect(availableActions(atBack, 'drafter')).not.toContain('recall');
    expect(availableActions(atBack, 'drafter')).not.toContain('cancel');
    for (const [who, action] of [
      ['clerk', { type: 'reject', comment: '不借' }],
      ['clerk', { type: 'return', comment: '退回', to: 'requester' }],
      ['clerk', { type: 'transfer', toPersonId: 'secretary' }],
      ['drafter', { type: 'recall' }],
      ['drafter', { type: 'cancel' }],
    ] as Array<[string, WorkflowAction]>) {
      expect(() => act(atBack, who, action)).toThrow(
        expect.objectContaining({ code: 'wrong_action_for_step' }) as unknown as Error,
      );
    }
    const done = act(atBack, 'secretary', { type: 'approve', comment: '完好' }).next;
    expect(done.status).toBe('approved');
  });
});
