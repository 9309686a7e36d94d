// The flow of an interaction, for every platform: a card's action or a form turned into the
// workflow service's call, and what the person is told of it. Answers are plain text in the
// person's language (or field errors for a form); each adapter delivers them in its own way and
// escapes them for its own markup. Nothing here knows a platform.

import { randomBytes } from 'node:crypto';
import type { WorkflowAction } from '../../domain/workflow/types.ts';
import {
  ACTION_FORM_FIELDS,
  ACTION_FORM_TYPES,
  actionFormSpec,
  actionOfForm,
  RETURN_TO_REQUESTER,
} from '../../features/workflow/action-form.ts';
import { describeOutcome } from '../../features/workflow/click-outcome.ts';
import type { ClickOutcome, WorkflowService } from '../../features/workflow/workflow-service.ts';
import { type AppError, isAppError } from '../../shared/errors.ts';
import { type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import { validateForm } from './form-spec.ts';
import type {
  ActionInteraction,
  CardRef,
  CommandInteraction,
  FormSubmitInteraction,
} from './interactions.ts';

/** What the flow of a click needs from the rest of the bot. */
export interface FlowDeps {
  service: Pick<WorkflowService, 'click'>;
  /** The unit's time zone (from the organisation file): times in answers are shown in it. */
  timeZone: string;
  /** Display names of people, for answers ("waiting on 刘洋"). */
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
  /** Asks for the card copy of `personId` to be redrawn from the current state (outbox). */
  refreshCard(instanceId: string, personId: string): Promise<void>;
}

/** What the flow logs: the adapter's request logger. */
export type FlowLog = Pick<Logger, 'error' | 'warn' | 'info' | 'child'>;

/** What a form is answered: closed (the work is done), or what to show on it, which stays open. */
export type FormAnswer =
  | { ok: true }
  /** Shown on the form as a whole (under the field the adapter chooses). */
  | { ok: false; error: string }
  /** Shown beside each field named, by the form's field ids. */
  | { ok: false; errors: Record<string, string> };

/** A short id shown to the person and logged with the error, so support can find the log line. */
export function newReferenceId(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

/** An AppError's own message in the person's language (its code when the catalog has no text). */
export function appErrorText(locale: Locale, error: AppError): string {
  return (
    translateDynamic(locale, error.messageKey, error.params) ??
    t(locale, 'error.app_error', { code: error.code })
  );
}

/**
 * Applies a card's action; what the person must be told (a refusal, what changed meanwhile, a
 * failure with a reference), or null when it was applied (or had been: their card updates
 * itself). A stale click asks their card to be redrawn first. Never throws.
 */
export async function applyAction(
  interaction: ActionInteraction,
  deps: FlowDeps,
  log: FlowLog,
): Promise<string | null> {
  const { card, actor } = interaction;
  const locale = actor.locale;
  let outcome: ClickOutcome;
  try {
    outcome = await deps.service.click({
      instanceId: card.instanceId,
      workspaceId: interaction.workspaceId,
      actorPersonId: actor.personId,
      action: interaction.action,
      expectedVersion: card.version,
    });
    if (outcome.kind === 'stale') await deps.refreshCard(card.instanceId, actor.personId);
  } catch (error) {
    if (isAppError(error)) return appErrorText(locale, error);
    // Most likely the database is unreachable: nothing was written (one transaction), so the
    // click can simply be tried again.
    return tryAgain(locale, log, error, 'click could not be applied');
  }
  try {
    return await describeOutcome(outcome, locale, deps);
  } catch (error) {
    // Only the names of the message could not be read: the click itself stands as it came out.
    log.error({ err: error }, 'could not describe the outcome of a click');
    if (outcome.kind === 'refused') return t(locale, 'error.app_error', { code: outcome.refusal.code });
    return outcome.kind === 'stale' ? t(locale, 'wf.stale_unknown') : null;
  }
}

/**
 * Applies the action a form asks for, answered on the form: closed once it is applied (or had
 * been), else what to show on it.
 */
export async function applyFormAction(
  interaction: ActionInteraction,
  deps: FlowDeps,
  log: FlowLog,
): Promise<FormAnswer> {
  const refusal = await applyAction(interaction, deps, log);
  return refusal === null ? { ok: true } : { ok: false, error: refusal };
}

/**
 * Checks a card's action form against its FormSpec (with the opinion rule it was drawn with):
 * the workflow action it asks for, or the errors beside its fields. An action without a form
 * is handed on as it is: the engine answers it (and refuses what is wrong).
 */
export function readActionForm(
  submission: Pick<FormSubmitInteraction, 'action' | 'requireComment' | 'input'>,
  locale: Locale,
): { ok: true; action: WorkflowAction } | { ok: false; errors: Record<string, string> } {
  const formAction = ACTION_FORM_TYPES.find((type) => type === submission.action);
  if (!formAction) return { ok: true, action: { type: submission.action } as WorkflowAction };
  const input = { ...submission.input };
  // A return form sent without its target (it opens on the requester) has always meant the requester.
  input[ACTION_FORM_FIELDS.returnTarget] ??= RETURN_TO_REQUESTER;
  const spec = actionFormSpec({ action: formAction, requireComment: submission.requireComment });
  const checked = validateForm(spec, input, locale);
  if (!checked.ok) return { ok: false, errors: checked.errors };
  return { ok: true, action: actionOfForm(formAction, checked.values) };
}

/** A card's action form sent: checked, then its action applied; answered on the form. */
export async function submitActionForm(
  submission: FormSubmitInteraction,
  deps: FlowDeps,
  log: FlowLog,
): Promise<FormAnswer> {
  const read = readActionForm(submission, submission.actor.locale);
  if (!read.ok) return read;
  return applyFormAction(
    {
      kind: 'action',
      workspaceId: submission.workspaceId,
      actor: submission.actor,
      dedupeKey: submission.dedupeKey,
      card: submission.card,
      action: read.action,
    },
    deps,
    log,
  );
}

/**
 * Records that the person opened the item (a form on its card opened): the requester can no
 * longer recall it. Nothing to answer; a failure only logs.
 */
export async function recordCardOpened(
  input: { workspaceId: string | null; personId: string; card: CardRef },
  deps: Pick<FlowDeps, 'service'>,
  log: FlowLog,
): Promise<void> {
  await deps.service
    .click({
      instanceId: input.card.instanceId,
      workspaceId: input.workspaceId,
      actorPersonId: input.personId,
      action: { type: 'open' },
      expectedVersion: input.card.version,
    })
    .catch((error: unknown) => log.warn({ err: error }, 'could not record that the card was opened'));
}

/** What a start asks of its feature's service: who, where, in which language, and its key. */
export interface StartRequest {
  workspaceId: string | null;
  requesterPersonId: string;
  locale: Locale;
  /** The command's dedupe key: the same command delivered twice starts one item. */
  startKey: string;
}

/**
 * Starts an item from a command: what was started, or the refusal (logged) for the feature to
 * word. Anything else is not the person's to mend and goes on to the adapter's error answer.
 */
export async function startFromCommand<T>(
  /** The command as far as a start reads it: its text is the feature's to parse, before. */
  command: Pick<CommandInteraction, 'command' | 'workspaceId' | 'actor' | 'dedupeKey'>,
  start: (request: StartRequest) => Promise<T>,
  log: FlowLog,
): Promise<{ ok: true; started: T } | { ok: false; refusal: AppError }> {
  try {
    const started = await start({
      workspaceId: command.workspaceId,
      requesterPersonId: command.actor.personId,
      locale: command.actor.locale,
      startKey: command.dedupeKey,
    });
    return { ok: true, started };
  } catch (error) {
    if (!isAppError(error)) throw error;
    log.info({ code: error.code, command: command.command }, 'start refused');
    return { ok: false, refusal: error };
  }
}

/** The answer to a failure the person cannot mend but may retry: an apology with a reference. */
function tryAgain(locale: Locale, log: FlowLog, error: unknown, what: string): string {
  const ref = newReferenceId();
  log.error({ err: error, ref }, what);
  return t(locale, 'wf.try_again', { ref });
}
