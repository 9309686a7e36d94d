// Moving along the route: activating, skipping, resetting and finishing steps. Internal to the
// engine; these helpers MUTATE the working copy that `transition` / `startInstance` cloned.

import { paramList } from './params.ts';
import type { Assignment, StepState, WorkflowEffect, WorkflowInstance, WorkingCalendar } from './types.ts';

/** What one transition carries along while it changes its working copy. */
export interface RouteContext {
  now: Date;
  nowIso: string;
  calendar: WorkingCalendar;
  effects: WorkflowEffect[];
}

export function routeContext(now: Date, calendar: WorkingCalendar): RouteContext {
  return { now, nowIso: now.toISOString(), calendar, effects: [] };
}

/** Assignments still open at the step: asked and not yet acted (the turn-holder in a circulation). */
export function pendingPeople(step: StepState): string[] {
  return step.assignments.filter((a) => a.status === 'pending').map((a) => a.personId);
}

/**
 * The people who hold the step: everyone assigned except those who handed their part over
 * (转交), in order, once each. A transfer holds for the rest of the instance: when the step runs
 * again (after a return or a resubmit) it goes to the person it was transferred to.
 */
export function holders(step: StepState): Assignment[] {
  const seen = new Set<string>();
  return step.assignments.filter((a) => {
    if (a.status === 'transferred' || seen.has(a.personId)) return false;
    seen.add(a.personId);
    return true;
  });
}

/** The step's holders asked afresh: nothing opened, acted or said yet. */
export function freshAssignments(step: StepState): Assignment[] {
  return holders(step).map((a, index) => ({
    personId: a.personId,
    status: step.kind === 'sequence' && index > 0 ? 'waiting' : 'pending',
    openedAt: null,
    actedAt: null,
    comment: null,
    transferredFrom: a.transferredFrom,
  }));
}

/**
 * The people of a step that chooses them on activation, from `params[bindKey]` in the order
 * given (one person for single and task steps); a circulation (sequence) asks them in turn.
 */
function bindFromParams(instance: WorkflowInstance, step: StepState): void {
  const value = instance.params[step.bindKey as string];
  const ids = [...new Set(paramList(value).map((id) => id.trim()))].filter((id) => id !== '');
  const chosen = step.kind === 'single' || step.kind === 'task' ? ids.slice(0, 1) : ids;
  step.assignments = chosen.map((personId, index) => ({
    personId,
    status: step.kind === 'sequence' && index > 0 ? 'waiting' : 'pending',
    openedAt: null,
    actedAt: null,
    comment: null,
    transferredFrom: null,
  }));
}

/** A deadline chosen at run time (批办's 办理时限), when the step's definition reads one. */
function applyDeadlineParam(instance: WorkflowInstance, step: StepState): void {
  if (!step.deadlineParam) return;
  const raw = instance.params[step.deadlineParam];
  const days = typeof raw === 'string' && /^\d{1,3}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (days >= 1 && days <= 365) step.deadlineWorkingDays = days;
}

/** Back to a step not yet reached: pending, holders asked afresh, no times, no result. */
export function resetStep(step: StepState): void {
  step.status = 'pending';
  step.assignments = freshAssignments(step);
  step.activatedAt = null;
  step.finishedAt = null;
  step.deadline = null;
  step.result = null;
}

/** Assignments that had not acted when their step ended become `superseded`. */
export function supersedeOpen(step: StepState): void {
  for (const a of step.assignments) {
    if (a.status === 'pending' || a.status === 'waiting') a.status = 'superseded';
  }
}

/** The step becomes current: asked afresh, deadline set, its first people notified. */
export function activateStep(step: StepState, ctx: RouteContext): void {
  resetStep(step);
  step.status = 'active';
  step.activatedAt = ctx.nowIso;
  step.deadline =
    step.deadlineWorkingDays === null
      ? null
      : ctx.calendar.addWorkingDays(ctx.now, step.deadlineWorkingDays).toISOString();
  const people = pendingPeople(step);
  if (step.deadline !== null) {
    ctx.effects.push({ type: 'deadline_set', stepKey: step.key, personIds: people, deadline: step.deadline });
  }
  ctx.effects.push({ type: 'notify_assignees', stepKey: step.key, personIds: people });
}

/**
 * After the people asked at the current step changed (a countersigner agreed, a reader passed it
 * on, a part was transferred): reminders are rescheduled for those still asked.
 */
export function rescheduleDeadline(step: StepState, ctx: RouteContext): void {
  if (step.deadline === null) return;
  ctx.effects.push({
    type: 'deadline_set',
    stepKey: step.key,
    personIds: pendingPeople(step),
    deadline: step.deadline,
  });
}

/** The current step ends (done, rejected, returned): its open parts lapse, its reminders go. */
export function leaveStep(step: StepState, status: StepState['status'], ctx: RouteContext): void {
  supersedeOpen(step);
  step.status = status;
  step.finishedAt = ctx.nowIso;
  ctx.effects.push({ type: 'deadline_cleared', stepKey: step.key });
}

/**
 * Activates the first step after `fromIndex` that is not skipped, or approves the instance when
 * none is left. Skip rule: a step whose definition allows it (`skipIfSameAsPrevious`) and whose
 * only holder is `actorId`, the person who just acted, is recorded as skipped.
 */
export function advanceFrom(
  instance: WorkflowInstance,
  fromIndex: number,
  actorId: string,
  ctx: RouteContext,
): void {
  for (let index = fromIndex + 1; index < instance.steps.length; index++) {
    const step = instance.steps[index] as StepState;
    if (step.bindKey !== undefined) {
      bindFromParams(instance, step);
      if (step.assignments.length === 0 && step.skipIfNobody) {
        step.status = 'skipped';
        step.activatedAt = ctx.nowIso;
        step.finishedAt = ctx.nowIso;
        continue;
      }
    }
    applyDeadlineParam(instance, step);
    const people = holders(step);
    if (step.skipIfSameAsPrevious && people.length === 1 && people[0]?.personId === actorId) {
      resetStep(step);
      supersedeOpen(step);
      step.status = 'skipped';
      step.activatedAt = ctx.nowIso;
      step.finishedAt = ctx.nowIso;
      continue;
    }
    activateStep(step, ctx);
    instance.status = 'running';
    instance.currentStep = index;
    return;
  }
  instance.status = 'approved';
  instance.currentStep = instance.steps.length;
  ctx.effects.push({ type: 'notify_requester', event: 'approved', byPersonId: actorId });
  ctx.effects.push({ type: 'instance_finished', status: 'approved' });
}
