import {
  type AllMiddlewareArgs,
  type App,
  type CodedError,
  ErrorCode,
  type SlackCommandMiddlewareArgs,
  type StringIndexed,
} from '@slack/bolt';
import { type AppError, isAppError } from '../../../shared/errors.ts';
import { type Locale, t, translateDynamic } from '../../../shared/i18n.ts';
import type { Logger } from '../../../shared/logger.ts';
import { appErrorText, newReferenceId } from '../../core/flow.ts';
import { buildErrorMessage } from '../blocks/error.ts';
import type { SlackMessage } from '../blocks/message.ts';
import { escapeMrkdwnParams } from '../blocks/mrkdwn.ts';
import type { SlackRequestContext } from '../request-context.ts';

// A reference id and an AppError's plain text are the core's; the listeners use them from here too.
export { appErrorText, newReferenceId };

/**
 * An AppError's message for a message's mrkdwn: its parameters (an item's name, a typed number)
 * escaped. Form errors take {@link appErrorText}: Slack shows those literally.
 */
export function appErrorMrkdwn(locale: Locale, error: AppError): string {
  return (
    translateDynamic(locale, error.messageKey, escapeMrkdwnParams(error.params)) ??
    t(locale, 'error.app_error', { code: error.code })
  );
}

/** Posts `text` to the person's direct messages with the bot. */
export async function sendDirectMessage(
  client: AllMiddlewareArgs['client'],
  slackUserId: string,
  text: string,
): Promise<void> {
  const dm = await client.conversations.open({ users: slackUserId });
  if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text });
}

/**
 * Logs `error` and returns what the user should see: an AppError's own message in their language,
 * or, for anything unexpected, an apology with a reference id (the full error and stack go to the log).
 */
export function describeErrorForUser(error: unknown, locale: Locale, log: Logger): SlackMessage {
  if (isAppError(error)) {
    log.warn({ err: error, code: error.code }, 'request refused');
    return buildErrorMessage(appErrorMrkdwn(locale, error));
  }
  const ref = newReferenceId();
  log.error({ err: error, ref }, 'listener failed');
  return buildErrorMessage(t(locale, 'error.unexpected', { ref }));
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs<SlackRequestContext>;

/**
 * Wraps a slash-command listener so every failure still reaches the user as an ephemeral message:
 * in the acknowledgement when the listener had not acknowledged yet, else through response_url.
 */
export function withCommandErrors(
  listener: (args: CommandArgs) => Promise<void>,
): (args: CommandArgs) => Promise<void> {
  return async (args) => {
    let acknowledged = false;
    const ack: CommandArgs['ack'] = (response) => {
      acknowledged = true;
      return args.ack(response);
    };
    try {
      await listener({ ...args, ack });
    } catch (error) {
      const locale = await args.context.locale();
      const message = describeErrorForUser(error, locale, args.context.log);
      if (!acknowledged) await args.ack({ response_type: 'ephemeral', ...message });
      else await args.respond({ response_type: 'ephemeral', replace_original: false, ...message });
    }
  };
}

/**
 * Bolt's last resort, for errors no wrapper caught (event listeners, failed authorisation, a
 * failing respond()). Logs with the request's logger and a reference id; does not rethrow, since
 * the request has been acknowledged or Bolt answers it itself.
 */
export function installGlobalErrorHandler(app: App<SlackRequestContext>, fallbackLogger: Logger): void {
  // Typed by hand: Bolt does not export ExtendedErrorHandlerArgs (needs extendedErrorHandler: true).
  app.error(async ({ error, context }: { error: CodedError; context: StringIndexed }) => {
    const log = (context as Partial<SlackRequestContext>).log ?? fallbackLogger;
    const original = unwrap(error);
    log.error(
      { err: original, code: error.code, ref: newReferenceId() },
      'unhandled error in Slack listener',
    );
  });
}

function unwrap(error: CodedError): unknown {
  if (error.code === ErrorCode.UnknownError && 'original' in error) return error.original;
  return error;
}
