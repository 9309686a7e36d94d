// Errors of the workflow engine. A refusal is the engine saying "not you, not now, not like
// that": the state is unchanged and the person is told why. Codes are stable (tests, logs and the
// message catalog rely on them); texts for them are in `messages.ts`.

import { AppError } from '../../shared/errors.ts';

/** Every reason `transition()` refuses an action. */
export const REFUSAL_CODES = [
  /** The instance is approved, rejected or cancelled: nothing more can happen to it. */
  'instance_finished',
  /** The actor has no part at the current step (params.waitingOn says who has). */
  'not_assignee',
  /** The actor already did their part at this step (or handed it over). */
  'already_acted',
  /** The step requires an opinion (意见), or the action always does (return, comment). */
  'comment_required',
  /** A comment or result over {@link MAX_COMMENT_LENGTH} characters. */
  'comment_too_long',
  /** Only the requester may recall, resubmit or cancel. */
  'not_requester',
  /** Recall is possible only while the item runs. */
  'nothing_to_recall',
  /** Someone at the current step has opened or acted on it: recall is too late (seed 004 art. 13). */
  'recall_too_late',
  /** A return to a step that is not an earlier, done step of this instance. */
  'invalid_return_target',
  /** Transfer to oneself. */
  'transfer_to_self',
  /** Transfer to someone who already has a part at this step. */
  'transfer_target_already_assigned',
  /** Add-signer naming oneself, nobody, or someone already at this step. */
  'add_signer_invalid',
  /** Circulation (传阅): a later reader tries to act before their turn; no sideways passing. */
  'not_your_turn',
  /** An action this kind of step does not take (acknowledge on a single step, …). */
  'wrong_action_for_step',
  /** Resubmit of an item that is not returned or recalled. */
  'nothing_to_resubmit',
  /** Complete of a task without a result note. */
  'result_required',
  /** An approval setting params its step does not choose (only 批办 names readers and a handler). */
  'params_not_allowed',
] as const;

/**
 * Refusals that need the directory, which `transition()` does not see: the service checks the
 * person a transfer or added signer names before it calls the engine.
 */
export const DIRECTORY_REFUSAL_CODES = [
  /** A transfer or added signer names someone unknown or no longer active. */
  'assignee_unavailable',
  /** A transfer or added signer names someone not cleared for the item's secrecy level. */
  'assignee_not_cleared',
] as const;

/** One of {@link REFUSAL_CODES} or {@link DIRECTORY_REFUSAL_CODES}. */
export type RefusalCode = (typeof REFUSAL_CODES)[number] | (typeof DIRECTORY_REFUSAL_CODES)[number];

/** Longest comment, opinion or result note the engine accepts, in characters. */
export const MAX_COMMENT_LENGTH = 5000;

/**
 * An action refused by `transition()`; nothing changed. `waitingOn` names the people the
 * instance waits on at the time (the current step's pending people, or the requester of a
 * returned or recalled item), so the refusal can say whom to ask; it is also in
 * `params.waitingOn`, comma-joined, for the message catalog.
 */
export class WorkflowRefusal extends AppError {
  declare readonly code: RefusalCode;
  readonly waitingOn: readonly string[];

  constructor(
    code: RefusalCode,
    message: string,
    options: { waitingOn?: readonly string[]; params?: Record<string, string | number> } = {},
  ) {
    const waitingOn = options.waitingOn ?? [];
    super(code, message, { params: { ...options.params, waitingOn: waitingOn.join(',') } });
    this.waitingOn = waitingOn;
  }
}

export function isWorkflowRefusal(error: unknown): error is WorkflowRefusal {
  return error instanceof WorkflowRefusal;
}
