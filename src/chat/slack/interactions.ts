// The shapes every feature's listeners share: the typed arguments of a slash command, a button
// and a form submission (Bolt types an action only as the union of every kind of action, so a
// button listener says once, here, that its action is a button), and the one path a command, a
// button or a form takes: acknowledge first, read the payload, do the work as the acting person,
// answer in their language, and log a failure once.

import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewOutput,
} from '@slack/bolt';
import type { Actor } from '../../org/chat-accounts.ts';
import { type AppError, isAppError } from '../../shared/errors.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import { type ActorContext, asActor } from './actor.ts';
import { actorWork, commitBeforeClosing, type FormDeadlineSource, formDeadlineOf } from './form-deadline.ts';
import { appErrorText, describeErrorForUser, sendDirectMessage } from './listeners/errors.ts';
import type { SlackRequestContext } from './request-context.ts';
import type { ParseResult } from './view-state.ts';

/** A slash command's listener arguments. */
export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs<SlackRequestContext>;
/** A Block Kit button's listener arguments. */
export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> &
  AllMiddlewareArgs<SlackRequestContext>;
/** A modal submission's listener arguments. */
export type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs<SlackRequestContext>;

/**
 * Registers `listener` for the buttons with this action id. Every action id the bot routes on
 * belongs to a button, so the listener gets a button's payload (its `value`, the `trigger_id`).
 */
export function onButton(
  app: App<SlackRequestContext>,
  actionId: string | RegExp,
  listener: (args: ButtonArgs) => Promise<void>,
): void {
  app.action<BlockButtonAction>(actionId, listener);
}

/** What an interaction needs of the platform: acknowledge it, who and where it comes from, and a way to answer. */
export interface InteractionIo {
  /** Acknowledges the request with nothing to show (Slack wants it within 3 s). */
  ack(): Promise<void>;
  /** The acting person, their language and the request's logger. */
  context: ActorContext & { log: Logger };
  /** Tells the person `text` (mrkdwn): an ephemeral reply, or a direct message where there is none. */
  answer(text: string): Promise<void>;
}

/** The feature's side of an interaction: read the payload, do the work, say what was done. */
export interface InteractionSteps<Payload, Result> {
  /** Reads the payload: the value the work takes, or what to answer when it cannot be read. */
  parse(locale: Locale): { ok: true; value: Payload } | { ok: false; answer: string };
  /** Does the work as the acting person; an AppError thrown is a refusal told to the person. */
  start(actor: Actor, value: Payload, locale: Locale): Promise<Result>;
  /** What the person is told once the work is done (mrkdwn); null when nothing needs saying. */
  describe(result: Result, value: Payload, locale: Locale): string | null;
}

/**
 * Acknowledges first, then reads the payload and does the work as the acting person, and answers
 * in their language: what was done, the payload's problem (without starting anything), the
 * not-linked answer, a refusal's own words, or (for anything unexpected) an apology with the
 * reference of the one log line that records the failure.
 */
export async function runInteraction<Payload, Result>(
  io: InteractionIo,
  steps: InteractionSteps<Payload, Result>,
): Promise<void> {
  await io.ack();
  const locale = await io.context.locale();
  const parsed = steps.parse(locale);
  if (!parsed.ok) {
    await io.answer(parsed.answer);
    return;
  }
  let text: string | null;
  try {
    text = await asActor(
      io.context,
      (notLinked) => notLinked,
      async (actor) => steps.describe(await steps.start(actor, parsed.value, locale), parsed.value, locale),
    );
  } catch (error) {
    text = describeErrorForUser(error, locale, io.context.log).text;
  }
  if (text !== null) await io.answer(text);
}

/**
 * Registers a button that runs {@link runInteraction} with the steps built from its arguments,
 * answering with an ephemeral reply (a direct message where the button's message has no
 * response_url, as the App Home's do not).
 */
export function onButtonInteraction<Payload, Result>(
  app: App<SlackRequestContext>,
  actionId: string | RegExp,
  steps: (args: ButtonArgs) => InteractionSteps<Payload, Result>,
): void {
  onButton(app, actionId, async (args) => {
    await runInteraction(buttonIo(args), steps(args));
  });
}

/** A button's acknowledgement, context and answer (ephemeral, or a DM without a response_url). */
export function buttonIo(args: ButtonArgs): InteractionIo {
  const { ack, body, client, context, respond } = args;
  return {
    ack: () => ack(),
    context,
    async answer(text) {
      if (typeof respond === 'function') {
        await respond({ response_type: 'ephemeral', replace_original: false, text });
        return;
      }
      await sendDirectMessage(client, body.user.id, text);
    },
  };
}

/** A slash command's acknowledgement, context and answer (an ephemeral reply through response_url). */
export function commandIo(args: CommandArgs): InteractionIo {
  const { ack, context, respond } = args;
  return {
    ack: () => ack(),
    context,
    async answer(text) {
      await respond({ response_type: 'ephemeral', text });
    },
  };
}

/** Where a submitted form came from: the modal itself and the workspace of the person sending it. */
export interface SubmittedForm {
  view: ViewOutput;
  workspaceId: string | null;
}

/** The feature's side of a form that writes: read it, do the work, say what was done. */
export interface FormSubmissionSteps<Payload, Result> {
  /** Reads the form: the value the work takes, or the error under each block that is wrong. */
  parse(form: SubmittedForm, locale: Locale): ParseResult<Payload> | Promise<ParseResult<Payload>>;
  /**
   * Checks what the form asks before the work (reads only), as the person sending it (null when
   * linked to nobody, who is refused when the work starts): errors to show beside their fields,
   * or null when it may go on. It runs before the work races Slack's deadline.
   */
  check?(
    actor: Actor | null,
    value: Payload,
    locale: Locale,
    log: Logger,
  ): Promise<Record<string, string> | null>;
  /** The block under which a refusal, a failure or a late commit is shown. */
  errorBlock: string;
  /**
   * The block of the form a refusal belongs under, when it belongs under a field of its own
   * (null: under {@link errorBlock}).
   */
  errorFieldOf?: (error: AppError) => string | null;
  /**
   * Does the work as the acting person, before the form closes. It must carry the form's key
   * (`view:<view id>`), so that a form sent again after a late commit finds what it did.
   */
  start(actor: Actor, value: Payload, form: SubmittedForm, locale: Locale): Promise<Result>;
  /** What the person is told in a direct message once the form closed (mrkdwn). */
  describe(result: Result, value: Payload, locale: Locale): string;
}

/**
 * Registers a form whose submission writes: the deadline starts on arrival, the form is read (its
 * errors shown beside their fields, nothing started), the work is committed before the form
 * closes (see {@link commitBeforeClosing}), and the person is told what was done in a DM.
 */
export function onFormSubmission<Payload, Result>(
  app: App<SlackRequestContext>,
  callbackId: string,
  deadlines: FormDeadlineSource,
  steps: FormSubmissionSteps<Payload, Result>,
): void {
  app.view(callbackId, formSubmission(deadlines, steps));
}

/** The listener {@link onFormSubmission} registers: one submission of the form, from arrival to the DM. */
export function formSubmission<Payload, Result>(
  deadlines: FormDeadlineSource,
  steps: FormSubmissionSteps<Payload, Result>,
): (args: ViewArgs) => Promise<void> {
  return async ({ ack, body, view, context, client }) => {
    // Slack's time runs from the request's arrival: the lookups below count against it.
    const deadline = formDeadlineOf(deadlines);
    const locale = await context.locale();
    const form: SubmittedForm = { view, workspaceId: body.team?.id ?? null };
    const parsed = await steps.parse(form, locale);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    const refused = await steps.check?.(await context.actor(), parsed.value, locale, context.log);
    if (refused) {
      await ack({ response_action: 'errors', errors: refused });
      return;
    }
    const done = await commitBeforeClosing(ack, {
      deadline,
      errorBlock: steps.errorBlock,
      locale,
      log: context.log,
      work: async () => {
        try {
          return await actorWork(context, (actor) => steps.start(actor, parsed.value, form, locale));
        } catch (error) {
          const field = isAppError(error) ? steps.errorFieldOf?.(error) : null;
          if (!field || !isAppError(error)) throw error;
          context.log.info({ code: error.code }, 'form submission refused');
          return { ok: false, errors: { [field]: appErrorText(locale, error) } };
        }
      },
    });
    if (done === null) return;
    await sendDirectMessage(client, body.user.id, steps.describe(done, parsed.value, locale));
  };
}
