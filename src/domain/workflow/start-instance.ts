// A new instance of a workflow: steps resolved from the directory, the first step activated.

import { AppError } from '../../shared/errors.ts';
import { isClearedFor, SECRECY_LEVELS, type SecrecyLevel } from '../org.ts';
import { type DirectorySnapshot, instantiateSteps } from './assignees.ts';
import { advanceFrom, routeContext } from './route.ts';
import type {
  ParamValue,
  TransitionResult,
  Urgency,
  WorkflowDefinition,
  WorkflowInstance,
  WorkingCalendar,
} from './types.ts';

/** What the requester submits to start an instance. */
export interface StartInstanceInit {
  /** The instance id, chosen by the caller (a UUID). */
  id: string;
  requesterId: string;
  /** Required up to 内部; must be absent/null for 秘密 and above (DOMAIN.md: no content kept). */
  title?: string | null;
  /** The item's number; required for 秘密 and above, shown instead of the title. */
  reference?: string | null;
  secrecy: SecrecyLevel;
  /** Defaults to `normal` (平件). */
  urgency?: Urgency;
  /** Run-time parameters: `sealId`, people for `runtime` assignee keys, … */
  params?: Record<string, ParamValue>;
}

/** Whether items at `level` are classified (秘密 and above): tracked by reference only. */
export function isClassified(level: SecrecyLevel): boolean {
  return SECRECY_LEVELS.indexOf(level) >= SECRECY_LEVELS.indexOf('secret');
}

/**
 * Starts an instance of `definition`: version 1, status running, every step's people resolved
 * from `directory` (see `resolveAssignees`), the first step that is not skipped active with its
 * deadline. Effects: deadline_set (when the step has a deadline), notify_assignees, refresh_cards.
 *
 * Throws AppError `classified_title` when a title is given for an item at 秘密 or above,
 * `reference_required` when such an item has no reference, `title_required` when any other
 * item has no title, `requester_unknown` when the requester is not an active person of the
 * directory, `assignee_not_cleared` (message `error.route_not_cleared`; params `person`, `secrecy` and the step's `key`) when someone a step asks
 * is known to be cleared below the item's level, and the errors of `resolveAssignees`
 * (`no_assignee`, `assignee_unavailable`).
 */
export function startInstance(
  definition: WorkflowDefinition,
  init: StartInstanceInit,
  directory: DirectorySnapshot,
  now: Date,
  calendar: WorkingCalendar,
): TransitionResult {
  const title = blankToNull(init.title);
  const reference = blankToNull(init.reference);
  if (isClassified(init.secrecy)) {
    if (title !== null) {
      throw new AppError('classified_title', `Items at ${init.secrecy} carry no title, only a reference`, {
        params: { secrecy: init.secrecy },
      });
    }
    if (reference === null) {
      throw new AppError('reference_required', `Items at ${init.secrecy} need a reference`, {
        params: { secrecy: init.secrecy },
      });
    }
  } else if (title === null) {
    throw new AppError('title_required', 'The item needs a title');
  }
  if (!directory.people.some((p) => p.id === init.requesterId && p.active)) {
    throw new AppError('requester_unknown', `Requester "${init.requesterId}" is not an active person`, {
      params: { person: init.requesterId },
    });
  }

  const params = structuredClone(init.params ?? {});
  const steps = instantiateSteps(definition, { directory, requesterId: init.requesterId, params });
  // Nobody is asked to act on an item above their clearance (涉密文件严格控制知悉范围).
  for (const step of steps) {
    for (const { personId } of step.assignments) {
      const clearance = directory.people.find((p) => p.id === personId)?.clearance;
      if (clearance !== undefined && !isClearedFor(clearance, init.secrecy)) {
        throw new AppError('assignee_not_cleared', `${personId} is not cleared for ${init.secrecy}`, {
          messageKey: 'error.route_not_cleared',
          params: { person: personId, secrecy: init.secrecy, step: step.key },
        });
      }
    }
  }
  const ctx = routeContext(now, calendar);
  const instance: WorkflowInstance = {
    id: init.id,
    definitionId: definition.id,
    definitionVersion: definition.version,
    requesterId: init.requesterId,
    title,
    reference,
    secrecy: init.secrecy,
    urgency: init.urgency ?? 'normal',
    status: 'running',
    version: 1,
    currentStep: 0,
    steps,
    params,
    createdAt: ctx.nowIso,
    updatedAt: ctx.nowIso,
  };
  advanceFrom(instance, -1, init.requesterId, ctx);
  ctx.effects.push({ type: 'refresh_cards' });
  return { next: instance, effects: ctx.effects, changed: true };
}

function blankToNull(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
