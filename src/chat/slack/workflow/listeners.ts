import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import type { WorkflowAction } from '../../../domain/workflow/types.ts';
import {
  ACTION_FORM_FIELDS,
  ACTION_FORM_TYPES,
  type ActionFormContextOf,
} from '../../../features/workflow/action-form.ts';
import type { WorkflowService } from '../../../features/workflow/workflow-service.ts';
import { isAppError } from '../../../shared/errors.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import type { CardActionType } from '../../core/card.ts';
import {
  appErrorText,
  applyAction,
  applyFormAction,
  type FlowDeps,
  type FormAnswer,
  newReferenceId,
  readActionForm,
  recordCardOpened,
} from '../../core/flow.ts';
import type { FormInput } from '../../core/form-spec.ts';
import { type ActionInteraction, actionInteraction, type CardRef } from '../../core/interactions.ts';
import {
  type ActionRef,
  InvalidActionValueError,
  parseActionValue,
  parseModalMetadata,
} from '../action-values.ts';
import { type ActorContext, asActor } from '../actor.ts';
import { actionFormBinding, buildActionModal } from '../blocks/modals.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import {
  commitBeforeClosing,
  type FormDeadlineSource,
  type FormWork,
  formDeadlineOf,
} from '../form-deadline.ts';
import { readSlackModal, slackFormErrors } from '../form-view.ts';
import { BLOCK_IDS, CALLBACK_IDS, WORKFLOW_BUTTON_ACTION_IDS } from '../ids.ts';
import type { SlackRequestContext } from '../request-context.ts';

/**
 * What the workflow listeners need from the rest of the bot. Its `formDeadline` is the deadline of
 * every form that writes (the start forms of seals, supplies, documents… take it from here too).
 */
export interface WorkflowChatDeps extends FormDeadlineSource, FlowDeps {
  service: WorkflowService;
  /**
   * Sends a text only `personId` sees in `conversation` (here a channel id), through the outbox
   * (committed first). When the database is down this rejects, and the listener falls back to
   * response_url.
   */
  replyTo(input: { personId: string; conversation: string; text: string }): Promise<void>;
  /** Return targets and people to choose from, filled into a form after it opened. */
  formContext: ActionFormContextOf;
  /**
   * Forms of steps that choose params (批办), by the step's definition id: opened instead of the
   * opinion form when the card's button names one. The feature handles its own submission.
   */
  stepForms?: ReadonlyMap<string, StepFormOpener>;
}

/**
 * Opens a step's own form with `triggerId` (within Slack's 3 s). Resolves to a string when the
 * form cannot be drawn (the item is gone): what to tell the person instead.
 */
export type StepFormOpener = (input: {
  client: ButtonArgs['client'];
  triggerId: string;
  ref: ActionRef;
  locale: Locale;
  /** The person clicking, or null when linked to nobody (refused when the form is sent). */
  personId: string | null;
  workspaceId: string | null;
}) => Promise<unknown>;

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs<SlackRequestContext>;
type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs<SlackRequestContext>;

/** Actions whose button always opens a form (a reason, a person, a result). */
const FORM_ACTIONS: ReadonlySet<CardActionType> = new Set([
  'reject',
  'return',
  'transfer',
  'add_signer',
  'comment',
  'complete',
]);

const ACTION_OF_BUTTON = new Map<string, CardActionType>(
  Object.entries(WORKFLOW_BUTTON_ACTION_IDS).map(([type, id]) => [id, type as CardActionType]),
);

/** The directory person behind a Slack user picked on a form, or null when nobody is linked. */
export type PickedSlackUserLookup = (teamId: string | null, slackUserId: string) => Promise<string | null>;

/**
 * Card buttons and the action form. Thin: acknowledge → parse → (open the form, before any
 * database work: trigger_id lives 3 s) → the acting person → the core's flow → tell the clicker
 * its answer, escaped for mrkdwn.
 */
export function registerWorkflowListeners(
  app: App<SlackRequestContext>,
  deps: WorkflowChatDeps,
  personOfPickedUser: PickedSlackUserLookup,
): void {
  app.action(/^wf_[a-z_]+$/, async (args) => {
    const { ack, action } = args as unknown as ButtonArgs;
    await ack();
    const type = ACTION_OF_BUTTON.get((action as { action_id: string }).action_id);
    // Form inputs (comment box, person picker) also carry wf_ ids; they need no answer.
    if (!type) return;
    await handleButton(args as unknown as ButtonArgs, type, deps);
  });

  app.view(CALLBACK_IDS.wfActionModal, async (args) => {
    await handleSubmission(args as unknown as ViewArgs, deps, personOfPickedUser);
  });
}

async function handleButton(args: ButtonArgs, type: CardActionType, deps: WorkflowChatDeps): Promise<void> {
  const { body, action, context, client, respond } = args;
  const log = context.log;
  let ref: ActionRef;
  try {
    ref = parseActionValue((action as { value?: unknown }).value, { action: type });
  } catch (error) {
    if (!(error instanceof InvalidActionValueError)) throw error;
    log.warn({ err: error }, 'card button with a bad value');
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: t(await context.locale(), 'error.invalid_payload'),
    });
    return;
  }
  const locale = await context.locale();

  const stepForm = ref.form ? deps.stepForms?.get(ref.form) : undefined;
  if (stepForm) {
    // The step's own form first (the trigger_id expires 3 s after the click), then "opened".
    // The person was resolved with the locale: asking again costs nothing.
    const person = (await context.actor().catch(() => null))?.personId ?? null;
    const workspaceId = body.team?.id ?? null;
    const refused = await stepForm({
      client,
      triggerId: body.trigger_id,
      ref,
      locale,
      personId: person,
      workspaceId,
    });
    if (typeof refused === 'string') {
      await respond({ response_type: 'ephemeral', replace_original: false, text: refused });
      return;
    }
    if (person)
      await recordCardOpened(
        { workspaceId: body.team?.id ?? null, personId: person, card: cardOf(ref) },
        deps,
        log,
      );
    return;
  }

  if (FORM_ACTIONS.has(type) || ((type === 'approve' || type === 'acknowledge') && ref.requireComment)) {
    // The form first: the trigger_id expires 3 s after the click.
    const modal = {
      action: type as Parameters<typeof buildActionModal>[0]['action'],
      instanceId: ref.instanceId,
      version: ref.version,
      requireComment: ref.requireComment ?? false,
      locale,
    };
    const opened = await client.views.open({ trigger_id: body.trigger_id, view: buildActionModal(modal) });
    const person = (await context.actor().catch(() => null))?.personId ?? null;
    if ((type === 'return' || type === 'transfer' || type === 'add_signer') && opened.view?.id) {
      // Now that the form is up, fill in the choices that needed the database.
      const context = await deps.formContext(ref.instanceId, person, locale).catch((error: unknown) => {
        log.warn({ err: error }, 'could not load the form choices');
        return null;
      });
      if (context) {
        await client.views.update({
          view_id: opened.view.id,
          ...(opened.view.hash ? { hash: opened.view.hash } : {}),
          view: buildActionModal({ ...modal, ...context }),
        });
      }
    }
    // Opening the form counts as opening the item: the requester can no longer recall it.
    if (person)
      await recordCardOpened(
        { workspaceId: body.team?.id ?? null, personId: person, card: cardOf(ref) },
        deps,
        log,
      );
    return;
  }

  const channel = body.container?.channel_id ?? body.channel?.id ?? null;
  const reply = async (text: string) => {
    if (channel) {
      try {
        // Someone not linked to a person has no outbox address: response_url answers them.
        const personId = (await context.actor())?.personId;
        if (personId) {
          await deps.replyTo({ personId, conversation: channel, text });
          return;
        }
      } catch (error) {
        log.warn({ err: error }, 'outbox unavailable; answering through response_url');
      }
    }
    await respond({ response_type: 'ephemeral', replace_original: false, text });
  };
  const click = await clickOf(
    context,
    { workspaceId: body.team?.id ?? null, ref, action: { type } as WorkflowAction, locale },
    log,
  );
  const text = 'answer' in click ? click.answer : await applyAction(click, deps, log);
  // The answer is plain (a form shows it as is); as a message it is mrkdwn, where a typed name or
  // reason in it must stay text.
  if (text)
    await reply(escapeMrkdwn(text)).catch((error: unknown) =>
      log.error({ err: error }, 'could not answer the clicker'),
    );
}

async function handleSubmission(
  args: ViewArgs,
  deps: WorkflowChatDeps,
  personOfPickedUser: PickedSlackUserLookup,
): Promise<void> {
  const { ack, body, view, context } = args;
  // Slack's time runs from the request's arrival: the lookups below count against it.
  const deadline = formDeadlineOf(deps);
  const log = context.log;
  const locale = await context.locale();
  let ref: ActionRef;
  try {
    ref = parseModalMetadata(view.private_metadata);
  } catch (error) {
    if (!(error instanceof InvalidActionValueError)) throw error;
    await ack({
      response_action: 'errors',
      errors: { [BLOCK_IDS.wfModalComment]: t(locale, 'error.invalid_payload') },
    });
    return;
  }
  const teamId = body.team?.id ?? null;
  const formAction = ACTION_FORM_TYPES.find((type) => type === ref.action);
  const requireComment = ref.requireComment ?? false;
  let input: FormInput = {};
  let binding: ReturnType<typeof actionFormBinding> | null = null;
  if (formAction) {
    // A person chosen with Slack's people picker is mapped to the directory before the form's check.
    binding = actionFormBinding({ ...ref, action: formAction, requireComment });
    const reading = readSlackModal(binding, view.state.values);
    const values: Record<string, FormInput[string]> = { ...reading.input };
    const slackUser = reading.slackUsers[ACTION_FORM_FIELDS.person];
    if (slackUser)
      values[ACTION_FORM_FIELDS.person] = await personOfPickedUser(teamId, slackUser).catch(() => null);
    input = values;
  }
  // The form's own check (FormSpec), with the opinion rule it was drawn with.
  const read = readActionForm({ action: ref.action, requireComment, input }, locale);
  if (!read.ok) {
    const errors = binding ? slackFormErrors(binding, read.errors) : read.errors;
    await ack({ response_action: 'errors', errors });
    return;
  }
  const action = read.action;
  await answerForm(ack, { workspaceId: teamId, context, ref, action, locale }, deps, log, {
    errorBlock: inputBlockOf(view, errorBlockOfAction(ref.action)),
    deadline,
  });
}

/** The input block a refusal of the opinion form is shown under (the form has no other input). */
function errorBlockOfAction(action: string): string {
  if (action === 'complete') return BLOCK_IDS.wfModalResult;
  if (action === 'transfer' || action === 'add_signer') return BLOCK_IDS.wfModalPerson;
  return BLOCK_IDS.wfModalComment;
}

/**
 * `preferred` when the submitted view has it as an input block, else its first input block:
 * Slack shows `errors` only under input blocks. Without the view's blocks, `preferred`.
 */
function inputBlockOf(view: ViewArgs['view'], preferred: string): string {
  const inputs = (view.blocks ?? [])
    .filter((b) => b.type === 'input' && typeof b.block_id === 'string')
    .map((b) => b.block_id as string);
  if (inputs.length === 0 || inputs.includes(preferred)) return preferred;
  return inputs[0] as string;
}

/**
 * A form's click, answered on the form: it closes only once the click is committed (or was
 * already); a refusal, a change meanwhile or a failure is shown on the form, which stays open.
 * When the commit does not come within Slack's time the form says so and stays open; the click
 * may still commit after, and sending the form again is then a duplicate of it (same item,
 * version, person and action: the click's key), so it closes without applying anything twice.
 */
async function answerForm(
  ack: ViewArgs['ack'],
  request: ClickRequest,
  deps: WorkflowChatDeps,
  log: SlackRequestContext['log'],
  options: { errorBlock: string; deadline: Promise<'late'> },
): Promise<void> {
  const clickLog = log.child({ instanceId: request.ref.instanceId });
  await commitBeforeClosing(ack, {
    deadline: options.deadline,
    errorBlock: options.errorBlock,
    locale: request.locale,
    log: clickLog,
    work: async (): Promise<FormWork<true>> => {
      const click = await clickOf(request.context, request, log);
      const answer: FormAnswer =
        'answer' in click ? { ok: false, error: click.answer } : await applyFormAction(click, deps, log);
      return answer.ok ? { ok: true, value: true } : answer;
    },
  });
}

/** A click as the listeners hand it on: the card's ref, the action and who is clicking. */
interface ClickRequest {
  /** The Slack workspace the click came from; a record of another workspace refuses it. */
  workspaceId: string | null;
  /** The request's acting person, resolved when the click is applied. */
  context: ActorContext;
  ref: ActionRef;
  action: WorkflowAction;
  locale: Locale;
}

/** The card a ref names, as the core takes it. */
function cardOf(ref: ActionRef): CardRef {
  return { instanceId: ref.instanceId, version: ref.version };
}

/**
 * The click as the core takes it, from the directory person behind the Slack request; or, for
 * someone linked to nobody, the not-linked answer, and for a failure to look them up, the answer
 * to try again (nothing was applied).
 */
async function clickOf(
  context: ActorContext,
  request: Omit<ClickRequest, 'context'>,
  log: SlackRequestContext['log'],
): Promise<ActionInteraction | { answer: string }> {
  try {
    return await asActor<{ answer: string }, ActionInteraction>(
      context,
      (answer) => ({ answer }),
      (actor) =>
        actionInteraction({
          workspaceId: request.workspaceId,
          actor: { personId: actor.personId, locale: request.locale },
          card: cardOf(request.ref),
          action: request.action,
        }),
    );
  } catch (error) {
    if (isAppError(error)) return { answer: appErrorText(request.locale, error) };
    const ref = newReferenceId();
    log.error({ err: error, ref }, 'click could not be applied');
    return { answer: t(request.locale, 'wf.try_again', { ref }) };
  }
}
