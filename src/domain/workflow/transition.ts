// The engine: one action by one person on one instance → the next state and the effects to run
// after it commits. Pure: the input is never changed (the work happens on a deep copy), time and
// the calendar come in as arguments, and a refused action throws a WorkflowRefusal.

import { MAX_COMMENT_LENGTH, type RefusalCode, WorkflowRefusal } from './errors.ts';
import { paramList } from './params.ts';
import {
  activateStep,
  advanceFrom,
  holders,
  leaveStep,
  pendingPeople,
  type RouteContext,
  rescheduleDeadline,
  resetStep,
  routeContext,
} from './route.ts';
import type {
  Actor,
  Assignment,
  InstanceStatus,
  StepState,
  TransitionResult,
  WorkflowAction,
  WorkflowActionType,
  WorkflowInstance,
  WorkingCalendar,
} from './types.ts';

/** Statuses after which nothing more happens. */
export const FINISHED_STATUSES: readonly InstanceStatus[] = ['approved', 'rejected', 'cancelled'];

/** Name of a step added by 加签. */
export const ADDED_STEP_NAME = { zh: '加签审核', en: 'Added review' } as const;

/** Whether the instance has ended (approved, rejected or cancelled). */
export function isFinished(instance: Pick<WorkflowInstance, 'status'>): boolean {
  return FINISHED_STATUSES.includes(instance.status);
}

/**
 * Who the instance waits on now: the current step's pending people (in a circulation only the
 * reader whose turn it is), the requester of a returned or recalled item, nobody once finished.
 */
export function waitingOn(instance: WorkflowInstance): string[] {
  if (instance.status === 'returned' || instance.status === 'recalled') return [instance.requesterId];
  if (instance.status !== 'running') return [];
  const step = instance.steps[instance.currentStep];
  if (!step) return [];
  return [...new Set(step.assignments.filter((a) => a.status === 'pending').map((a) => a.personId))];
}

/**
 * Applies `action` by `actor` to `instance` at `now`.
 *
 * Returns a new instance (the input is left as it was) and the effects to execute once the new
 * state is committed. Every accepted action bumps `version` by one and sets `updatedAt`, except
 * `open`: it only sets the assignment's `openedAt` (version and updatedAt stay), and when there is
 * nothing new to record (already opened, or the person's part is done) it returns an unchanged
 * copy with `changed: false` and no effects: the caller writes nothing.
 *
 * Throws {@link WorkflowRefusal} when the action is not allowed to this person at this moment;
 * nothing changed then.
 */
export function transition(
  instance: WorkflowInstance,
  action: WorkflowAction,
  actor: Actor,
  now: Date,
  calendar: WorkingCalendar,
): TransitionResult {
  return apply(instance, action, actor, now, calendar, refuser(instance));
}

/**
 * {@link transition} with the refusals `refuse` makes, working on `working` when given (a deep
 * copy of `instance` the caller lends; it is changed when the action is accepted, never when it
 * is refused: every action refuses before it changes anything).
 */
function apply(
  instance: WorkflowInstance,
  action: WorkflowAction,
  actor: Actor,
  now: Date,
  calendar: WorkingCalendar,
  refuse: Refuse,
  working?: WorkflowInstance,
): TransitionResult {
  if (isFinished(instance)) {
    throw refuse('instance_finished', `The instance is ${instance.status}`, { status: instance.status });
  }
  const current = instance.status === 'running' ? instance.steps[instance.currentStep] : undefined;
  if (current?.onlyActions && action.type !== 'open' && !current.onlyActions.some((a) => a === action.type)) {
    throw refuse('wrong_action_for_step', `${action.type} is not taken at step ${current.key}`, {
      kind: current.kind,
    });
  }
  const next = working ?? structuredClone(instance);
  const ctx = routeContext(now, calendar);
  const run: Run = { instance: next, actorId: actor.personId, ctx, refuse };

  let changed: boolean;
  switch (action.type) {
    case 'approve':
      changed = approve(run, action.comment, action.params);
      break;
    case 'reject':
      changed = reject(run, action.comment);
      break;
    case 'return':
      changed = returnBack(run, action.comment, action.to);
      break;
    case 'transfer':
      changed = transfer(run, action.toPersonId, action.comment);
      break;
    case 'add_signer':
      changed = addSigner(run, action.personId, action.position, action.comment);
      break;
    case 'comment':
      changed = comment(run, action.comment);
      break;
    case 'acknowledge':
      changed = acknowledge(run, action.comment);
      break;
    case 'complete':
      changed = complete(run, action.result);
      break;
    case 'open':
      changed = open(run);
      break;
    case 'recall':
      changed = recall(run, action.comment);
      break;
    case 'resubmit':
      changed = resubmit(run, action.comment);
      break;
    case 'cancel':
      changed = cancel(run, action.comment);
      break;
  }

  if (!changed) {
    return { next: working === undefined ? structuredClone(instance) : next, effects: [], changed: false };
  }
  // Opening a card changes nobody's rights but the requester's recall: it keeps the version, so
  // cards drawn before it (and modals opened with it) are not out of date.
  if (action.type !== 'open') {
    next.version = instance.version + 1;
    next.updatedAt = ctx.nowIso;
  }
  return { next, effects: ctx.effects, changed: true };
}

/**
 * The actions `personId` may take on `instance` now, by trying each on the engine itself (so the
 * buttons on a card can never disagree with what a click would do). `open` is included when it
 * is not refused, even if it would record nothing. Transfer and add-signer are listed when the
 * person may use them at all; the chosen target is checked when they submit it.
 */
export function availableActions(instance: WorkflowInstance, personId: string): WorkflowActionType[] {
  const probe = 'x';
  const nobody = '\u0000probe';
  const probes: WorkflowAction[] = [
    { type: 'approve', comment: probe },
    { type: 'reject', comment: probe },
    { type: 'return', comment: probe, to: 'requester' },
    { type: 'transfer', toPersonId: nobody },
    { type: 'add_signer', personId: nobody, position: 'after' },
    { type: 'comment', comment: probe },
    { type: 'acknowledge', comment: probe },
    { type: 'complete', result: probe },
    { type: 'open' },
    { type: 'recall' },
    { type: 'resubmit' },
    { type: 'cancel' },
  ];
  const now = new Date(instance.updatedAt);
  const calendar: WorkingCalendar = { addWorkingDays: (from) => from };
  // Trials share one deep copy until one is accepted (and so may have changed it): a refused
  // action has changed nothing, and most of the dozen are refused.
  let working: WorkflowInstance | undefined;
  return probes
    .filter((action) => {
      working ??= structuredClone(instance);
      try {
        const { changed } = apply(instance, action, { personId }, now, calendar, refuseProbe, working);
        if (changed) working = undefined;
        return true;
      } catch (error) {
        if (error instanceof WorkflowRefusal) return false;
        throw error;
      }
    })
    .map((action) => action.type);
}

// A trial only asks whether the engine refuses, not why: one refusal made once stands for all of
// them, so the trials of each card drawn build no error (a stack trace each) nor its waitingOn
// list. The engine refuses by the same checks either way.
const PROBE_REFUSAL = new WorkflowRefusal('not_assignee', 'Refused (availableActions trial)', {
  waitingOn: [],
});
const refuseProbe: Refuse = () => PROBE_REFUSAL;

// ---------------------------------------------------------------------------------------------

type Refuse = (
  code: RefusalCode,
  message: string,
  params?: Record<string, string | number>,
) => WorkflowRefusal;

interface Run {
  /** The working copy: changed in place, returned as `next`. */
  instance: WorkflowInstance;
  actorId: string;
  ctx: RouteContext;
  refuse: Refuse;
}

function refuser(original: WorkflowInstance): Refuse {
  return (code, message, params) =>
    new WorkflowRefusal(code, message, { waitingOn: waitingOn(original), params });
}

/** Trimmed text, null when empty; too long is refused. */
function normalizeText(run: Run, text: string | undefined, field: 'comment' | 'result'): string | null {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return null;
  const length = [...trimmed].length;
  if (length > MAX_COMMENT_LENGTH) {
    throw run.refuse(
      'comment_too_long',
      `The ${field} has ${length} characters (max ${MAX_COMMENT_LENGTH})`,
      {
        field,
        length,
        max: MAX_COMMENT_LENGTH,
      },
    );
  }
  return trimmed;
}

function requiredComment(run: Run, text: string | undefined, why: string): string {
  const comment = normalizeText(run, text, 'comment');
  if (comment === null) throw run.refuse('comment_required', why);
  return comment;
}

/** The running instance's current step, or a `not_assignee` refusal (returned, recalled). */
function currentStep(run: Run): { step: StepState; index: number } {
  const { instance } = run;
  const step = instance.steps[instance.currentStep];
  if (instance.status !== 'running' || !step) {
    throw run.refuse('not_assignee', `The instance is ${instance.status}: it waits on its requester`);
  }
  return { step, index: instance.currentStep };
}

/** The actor's part at the step: an open one if they have it, else their latest. */
function ownAssignment(step: StepState, personId: string): Assignment | undefined {
  const own = step.assignments.filter((a) => a.personId === personId);
  return (
    own.find((a) => a.status === 'pending') ??
    own.find((a) => a.status === 'waiting') ??
    own.findLast((a) => a.status !== 'transferred') ??
    own.at(-1)
  );
}

/**
 * The actor's pending part at the current step, for every action that does the step's work.
 * Refuses a non-assignee, a reader whose turn has not come, and someone who already acted.
 */
function actingAssignment(run: Run): { step: StepState; index: number; assignment: Assignment } {
  const { step, index } = currentStep(run);
  const assignment = ownAssignment(step, run.actorId);
  if (!assignment) throw run.refuse('not_assignee', `${run.actorId} has no part at step ${step.key}`);
  if (assignment.status === 'waiting') {
    throw run.refuse('not_your_turn', `${run.actorId} reads later in step ${step.key}`);
  }
  if (assignment.status !== 'pending') {
    throw run.refuse('already_acted', `${run.actorId} already ${assignment.status} at step ${step.key}`, {
      assignmentStatus: assignment.status,
    });
  }
  return { step, index, assignment };
}

function requireKind(
  run: Run,
  step: StepState,
  kinds: StepState['kind'][],
  action: WorkflowActionType,
): void {
  if (!kinds.includes(step.kind)) {
    throw run.refuse('wrong_action_for_step', `${action} does not apply to a ${step.kind} step`, {
      action,
      stepKind: step.kind,
    });
  }
}

function record(
  run: Run,
  assignment: Assignment,
  status: Assignment['status'],
  comment: string | null,
): void {
  assignment.status = status;
  assignment.actedAt = run.ctx.nowIso;
  assignment.comment = comment;
}

/** The current step is done: on to the next step that runs, or the instance is approved. */
function finishStep(run: Run, step: StepState, index: number): void {
  leaveStep(step, 'done', run.ctx);
  advanceFrom(run.instance, index, run.actorId, run.ctx);
  run.ctx.effects.push({ type: 'refresh_cards' });
}

/** The item goes back to the requester, who may resubmit or cancel it. */
function backToRequester(run: Run, step: StepState): void {
  leaveStep(step, 'returned', run.ctx);
  run.instance.status = 'returned';
  // A correction round: the resubmitted draft comes back here, with the earlier approvals kept.
  run.instance.resumeStepKey = step.returnResumesHere ? step.key : null;
  run.ctx.effects.push({ type: 'notify_requester', event: 'returned', byPersonId: run.actorId });
  run.ctx.effects.push({ type: 'refresh_cards' });
}

function approve(run: Run, text: string | undefined, params?: Record<string, string | string[]>): boolean {
  const { step, index, assignment } = actingAssignment(run);
  requireKind(run, step, ['single', 'anyOf', 'allOf'], 'approve');
  const comment = normalizeText(run, text, 'comment');
  if (step.requireComment && comment === null) {
    throw run.refuse('comment_required', `Step ${step.key} requires an opinion to approve`);
  }
  const chosen = Object.keys(params ?? {});
  const refused = chosen.filter((key) => !(step.setsParams ?? []).includes(key));
  if (refused.length > 0) {
    throw run.refuse('params_not_allowed', `Step ${step.key} may not set ${refused.join(', ')}`, {
      params: refused.join(','),
    });
  }
  // The choices made here (批办: readers, handler, time limit) steer the steps after it.
  if (params) Object.assign(run.instance.params, structuredClone(params));
  record(run, assignment, 'approved', comment);
  // 会签: the step is done when every holder agreed; until then the tally moves.
  if (step.kind === 'allOf' && holders(step).some((a) => a.status !== 'approved')) {
    rescheduleDeadline(step, run.ctx);
    run.ctx.effects.push({ type: 'refresh_cards' });
    return true;
  }
  finishStep(run, step, index);
  return true;
}

function reject(run: Run, text: string | undefined): boolean {
  const { step, assignment } = actingAssignment(run);
  requireKind(run, step, ['single', 'anyOf', 'allOf'], 'reject');
  const comment = normalizeText(run, text, 'comment');
  if (step.requireComment && comment === null) {
    throw run.refuse('comment_required', `Step ${step.key} requires an opinion to reject`);
  }
  record(run, assignment, 'rejected', comment);
  if (step.kind === 'allOf' && step.onReject === 'return') {
    backToRequester(run, step);
    return true;
  }
  leaveStep(step, 'rejected', run.ctx);
  run.instance.status = 'rejected';
  run.instance.currentStep = run.instance.steps.length;
  run.ctx.effects.push({ type: 'notify_requester', event: 'rejected', byPersonId: run.actorId });
  run.ctx.effects.push({ type: 'instance_finished', status: 'rejected' });
  run.ctx.effects.push({ type: 'refresh_cards' });
  return true;
}

function returnBack(
  run: Run,
  text: string | undefined,
  to: Extract<WorkflowAction, { type: 'return' }>['to'],
): boolean {
  const { step, index, assignment } = actingAssignment(run);
  const comment = requiredComment(run, text, 'A return needs its reason');
  if (to === 'requester') {
    record(run, assignment, 'returned', comment);
    backToRequester(run, step);
    return true;
  }
  const { steps } = run.instance;
  const target = steps.findIndex((s) => s.key === to.stepKey);
  if (target < 0 || target >= index || steps[target]?.status !== 'done') {
    throw run.refuse('invalid_return_target', `Step ${to.stepKey} is not an earlier, done step`, {
      stepKey: to.stepKey,
    });
  }
  record(run, assignment, 'returned', comment);
  leaveStep(step, 'returned', run.ctx);
  for (let i = target + 1; i < index; i++) resetStep(steps[i] as StepState);
  // The person returning chose this step: it runs again even where the skip rule would apply.
  activateStep(steps[target] as StepState, run.ctx);
  run.instance.currentStep = target;
  run.ctx.effects.push({ type: 'refresh_cards' });
  return true;
}

function transfer(run: Run, toPersonId: string, text: string | undefined): boolean {
  const { step, assignment } = actingAssignment(run);
  if (step.fixedAssignees) {
    throw run.refuse('wrong_action_for_step', `Step ${step.key} cannot be handed to someone else`, {
      kind: step.kind,
    });
  }
  // A circulation goes to the readers the leader listed, in order: handing it on is 横传.
  if (step.kind === 'sequence') {
    throw run.refuse('wrong_action_for_step', 'A circulation cannot be handed to someone else', {
      kind: step.kind,
    });
  }
  const target = toPersonId.trim();
  if (target === run.actorId) throw run.refuse('transfer_to_self', 'A transfer needs another person');
  if (holders(step).some((a) => a.personId === target)) {
    throw run.refuse('transfer_target_already_assigned', `${target} already has a part at step ${step.key}`, {
      person: target,
    });
  }
  const comment = normalizeText(run, text, 'comment');
  record(run, assignment, 'transferred', comment);
  // The new part takes the old one's place, so a circulation keeps its order.
  step.assignments.splice(step.assignments.indexOf(assignment) + 1, 0, {
    personId: target,
    status: 'pending',
    openedAt: null,
    actedAt: null,
    comment: null,
    transferredFrom: run.actorId,
  });
  rescheduleDeadline(step, run.ctx);
  run.ctx.effects.push({ type: 'notify_assignees', stepKey: step.key, personIds: [target] });
  run.ctx.effects.push({ type: 'notify_requester', event: 'transferred', byPersonId: run.actorId });
  run.ctx.effects.push({ type: 'refresh_cards' });
  return true;
}

function addSigner(
  run: Run,
  personId: string,
  position: 'before' | 'after',
  text: string | undefined,
): boolean {
  const { step, index } = actingAssignment(run);
  if (step.fixedAssignees) {
    throw run.refuse('wrong_action_for_step', `Step ${step.key} takes no added signer`, { kind: step.kind });
  }
  const signer = personId.trim();
  const invalid = (reason: string) =>
    run.refuse('add_signer_invalid', `Cannot add ${signer || 'nobody'} as signer: ${reason}`, {
      person: signer,
      reason,
    });
  if (signer === '') throw invalid('no_person');
  if (signer === run.actorId) throw invalid('self');
  if (holders(step).some((a) => a.personId === signer)) throw invalid('already_assigned');
  normalizeText(run, text, 'comment');

  const added: StepState = {
    key: nextAddedKey(run.instance),
    definitionStepId: null,
    name: { ...ADDED_STEP_NAME },
    kind: 'single',
    requireComment: true,
    skipIfSameAsPrevious: false,
    onReject: 'reject',
    // The added review gets the time the current step had (每个节点都有办理时限).
    deadlineWorkingDays: step.deadlineWorkingDays,
    status: 'pending',
    assignments: [
      {
        personId: signer,
        status: 'pending',
        openedAt: null,
        actedAt: null,
        comment: null,
        transferredFrom: null,
      },
    ],
    activatedAt: null,
    finishedAt: null,
    deadline: null,
    result: null,
  };
  if (position === 'after') {
    run.instance.steps.splice(index + 1, 0, added);
    run.ctx.effects.push({ type: 'refresh_cards' });
    return true;
  }
  // Before: the added review runs now; the current step waits and is asked afresh after it.
  resetStep(step);
  run.ctx.effects.push({ type: 'deadline_cleared', stepKey: step.key });
  run.instance.steps.splice(index, 0, added);
  activateStep(added, run.ctx);
  run.ctx.effects.push({ type: 'refresh_cards' });
  return true;
}

function nextAddedKey(instance: WorkflowInstance): string {
  const numbers = instance.steps.map((s) => /^added-(\d+)$/.exec(s.key)?.[1]).map((n) => Number(n ?? 0));
  return `added-${Math.max(0, ...numbers) + 1}`;
}

function comment(run: Run, text: string): boolean {
  const { instance, actorId } = run;
  const isRequester = actorId === instance.requesterId;
  const step = instance.status === 'running' ? instance.steps[instance.currentStep] : undefined;
  const holds = step !== undefined && holders(step).some((a) => a.personId === actorId);
  // Not at the step, but let in by its commentersFrom (an answer) or its contributors (协办意见):
  // the comment goes to the step's holders.
  const answers = step !== undefined && !holds && earlierApprovers(instance, step).includes(actorId);
  const contributes =
    step !== undefined && !holds && !answers && stepContributors(instance, step).includes(actorId);
  if (!isRequester && !holds && !answers && !contributes) {
    const { step: at } = currentStep(run);
    throw run.refuse('not_assignee', `${actorId} has no part at step ${at.key}`);
  }
  requiredComment(run, text, 'A comment needs text');
  const answered =
    (answers || contributes) && step ? [...new Set(pendingPeople(step))].filter((id) => id !== actorId) : [];
  if (step && answered.length > 0) {
    run.ctx.effects.push({
      type: 'notify_holders',
      stepKey: step.key,
      event: answers ? 'replied' : 'contributed',
      personIds: answered,
      byPersonId: actorId,
    });
  }
  // A requester who holds the step hears of the answer once, as its holder.
  if (!isRequester && !answered.includes(instance.requesterId)) {
    run.ctx.effects.push({ type: 'notify_requester', event: 'commented', byPersonId: actorId });
  }
  run.ctx.effects.push({ type: 'refresh_cards' });
  return true;
}

/** The people `step`'s contributorsParam names (the co-departments' heads at 承办), if any. */
export function stepContributors(instance: WorkflowInstance, step: StepState): string[] {
  const named = step.contributorsParam ? instance.params[step.contributorsParam] : undefined;
  return paramList(named);
}

/**
 * The people who may comment at `step` besides its holders and the requester: whoever approved
 * one of the earlier steps its `commentersFrom` names (the leader who instructed, during 承办).
 * Only finished steps before `step` count: a step that is to run again has no approvers yet.
 */
export function earlierApprovers(instance: WorkflowInstance, step: StepState): string[] {
  const from = step.commentersFrom ?? [];
  if (from.length === 0) return [];
  const position = instance.steps.findIndex((s) => s.key === step.key);
  const people = new Set<string>();
  for (const earlier of instance.steps.slice(0, Math.max(0, position))) {
    if (earlier.status !== 'done' || earlier.definitionStepId === null) continue;
    if (!from.includes(earlier.definitionStepId)) continue;
    for (const a of earlier.assignments) if (a.status === 'approved') people.add(a.personId);
  }
  return [...people];
}

function acknowledge(run: Run, text: string | undefined): boolean {
  const { step, index, assignment } = actingAssignment(run);
  requireKind(run, step, ['sequence'], 'acknowledge');
  const comment = normalizeText(run, text, 'comment');
  if (step.requireComment && comment === null) {
    throw run.refuse('comment_required', `Step ${step.key} requires an opinion from each reader`);
  }
  record(run, assignment, 'acknowledged', comment);
  // Passes to the next reader in order, never sideways (不得横传).
  const nextReader = step.assignments.find((a) => a.status === 'waiting');
  if (nextReader) {
    nextReader.status = 'pending';
    rescheduleDeadline(step, run.ctx);
    run.ctx.effects.push({ type: 'notify_assignees', stepKey: step.key, personIds: [nextReader.personId] });
    run.ctx.effects.push({ type: 'refresh_cards' });
    return true;
  }
  finishStep(run, step, index);
  return true;
}

function complete(run: Run, text: string): boolean {
  const { step, index, assignment } = actingAssignment(run);
  requireKind(run, step, ['task'], 'complete');
  const result = normalizeText(run, text, 'result');
  if (result === null) throw run.refuse('result_required', 'A task is completed with its result');
  record(run, assignment, 'completed', null);
  step.result = result;
  finishStep(run, step, index);
  return true;
}

function open(run: Run): boolean {
  const { step } = currentStep(run);
  const assignment = ownAssignment(step, run.actorId);
  if (!assignment) throw run.refuse('not_assignee', `${run.actorId} has no part at step ${step.key}`);
  if (assignment.openedAt !== null || (assignment.status !== 'pending' && assignment.status !== 'waiting')) {
    return false;
  }
  // The first open at the step takes the requester's recall away: their card must show it, and
  // only theirs changes (the version stays, so a plain refresh would find it up to date).
  const firstTouch = !touched(step);
  assignment.openedAt = run.ctx.nowIso;
  if (firstTouch) run.ctx.effects.push({ type: 'redraw_cards', personIds: [run.instance.requesterId] });
  return true;
}

/** Someone at the step has opened it or acted on it. */
function touched(step: StepState): boolean {
  return step.assignments.some((a) => a.openedAt !== null || a.actedAt !== null);
}

function requireRequester(run: Run, action: WorkflowActionType): void {
  if (run.actorId !== run.instance.requesterId) {
    throw run.refuse('not_requester', `Only the requester may ${action}`, { action });
  }
}

function recall(run: Run, text: string | undefined): boolean {
  requireRequester(run, 'recall');
  if (run.instance.status !== 'running') {
    throw run.refuse('nothing_to_recall', `The instance is ${run.instance.status}`, {
      status: run.instance.status,
    });
  }
  const { step } = currentStep(run);
  if (touched(step)) throw run.refuse('recall_too_late', `Step ${step.key} has been opened or acted on`);
  normalizeText(run, text, 'comment');
  leaveStep(step, 'returned', run.ctx);
  run.instance.status = 'recalled';
  run.ctx.effects.push({ type: 'refresh_cards' });
  return true;
}

function resubmit(run: Run, text: string | undefined): boolean {
  requireRequester(run, 'resubmit');
  if (run.instance.status !== 'returned' && run.instance.status !== 'recalled') {
    throw run.refuse('nothing_to_resubmit', `The instance is ${run.instance.status}`, {
      status: run.instance.status,
    });
  }
  normalizeText(run, text, 'comment');
  const { instance } = run;
  const resumeAt =
    instance.status === 'returned' && instance.resumeStepKey
      ? instance.steps.findIndex((s) => s.key === instance.resumeStepKey)
      : -1;
  instance.resumeStepKey = null;
  if (resumeAt >= 0) {
    // A correction round (校对): the corrected draft goes back to the step that returned it; the
    // reviews and the sign-off before it stand.
    for (const step of instance.steps.slice(resumeAt)) resetStep(step);
    advanceFrom(instance, resumeAt - 1, run.actorId, run.ctx);
  } else {
    // The route restarts from the first step: a changed draft is reviewed again from the start.
    for (const step of instance.steps) resetStep(step);
    advanceFrom(instance, -1, run.actorId, run.ctx);
  }
  run.ctx.effects.push({ type: 'refresh_cards' });
  return true;
}

function cancel(run: Run, text: string | undefined): boolean {
  requireRequester(run, 'cancel');
  normalizeText(run, text, 'comment');
  const { instance } = run;
  const step = instance.steps[instance.currentStep];
  if (instance.status === 'running' && step) {
    // The step was never finished: it stays as not done, its open parts lapse.
    for (const a of step.assignments) {
      if (a.status === 'pending' || a.status === 'waiting') a.status = 'superseded';
    }
    step.status = 'pending';
    step.deadline = null;
  }
  instance.status = 'cancelled';
  instance.currentStep = instance.steps.length;
  run.ctx.effects.push({ type: 'deadline_cleared', stepKey: null });
  run.ctx.effects.push({ type: 'instance_finished', status: 'cancelled' });
  run.ctx.effects.push({ type: 'refresh_cards' });
  return true;
}
