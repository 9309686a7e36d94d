import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Actor } from '../../org/chat-accounts.ts';
import { isAppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { type ActorContext, asActor } from './actor.ts';
import { appErrorText, newReferenceId } from './listeners/errors.ts';
import type { SlackRequestContext } from './request-context.ts';

/**
 * How long a form submission waits for its commit before answering Slack that it could not be
 * confirmed (Slack gives up at 3 s, and the locale and person lookups come first).
 */
export const FORM_COMMIT_BUDGET_MS = 2000;

/** Where a form's deadline comes from: by default {@link FORM_COMMIT_BUDGET_MS}; tests resolve it themselves. */
export interface FormDeadlineSource {
  /**
   * Resolves once a form submission may wait no longer for its commit: Slack wants the answer
   * within 3 s, and the form stays open until what it asked for is committed.
   */
  formDeadline?: () => Promise<void>;
}

function defaultFormDeadline(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, FORM_COMMIT_BUDGET_MS).unref());
}

/** A form submission's deadline, started now: resolves `'late'` once it may wait no longer. */
export function formDeadlineOf(source: FormDeadlineSource): Promise<'late'> {
  return (source.formDeadline ?? defaultFormDeadline)().then(() => 'late' as const);
}

type ViewAck = (SlackViewMiddlewareArgs & AllMiddlewareArgs<SlackRequestContext>)['ack'];

/** What a form's work came to: done (with what to tell after the form closed), or why not. */
export type FormWork<T> =
  | { ok: true; value: T }
  | { ok: false; error: string }
  /** Refused with errors under blocks of the form's own choosing. */
  | { ok: false; errors: Record<string, string> };

/**
 * A form's work done as the person behind the request: a Slack user linked to nobody in the
 * organisation is refused on the form (the not-linked answer); anything else is done.
 */
export function actorWork<T>(
  context: ActorContext,
  work: (actor: Actor) => Promise<T>,
): Promise<FormWork<T>> {
  return asActor<FormWork<T>, FormWork<T>>(
    context,
    (error) => ({ ok: false, error }),
    async (actor) => ({ ok: true, value: await work(actor) }),
  );
}

/**
 * A form whose submission writes: the work is done before Slack is answered, so the form closes
 * only once it is committed. A refusal (a returned error, or an AppError thrown) shows under
 * `errorBlock` and the form stays open; so does a failure (with a reference) and a commit that
 * does not come before `deadline` (`wf.form_timeout`). The work may still commit after that: it
 * must carry a key (a start's `view:<view id>`) so that sending the form again finds it rather
 * than doing it twice. The value when the form closed, else null.
 */
export async function commitBeforeClosing<T>(
  ack: ViewAck,
  options: {
    deadline: Promise<'late'>;
    errorBlock: string;
    locale: Locale;
    log: SlackRequestContext['log'];
    work: () => Promise<FormWork<T>>;
  },
): Promise<T | null> {
  const { errorBlock, locale, log } = options;
  const work = Promise.resolve()
    .then(options.work)
    .catch((error: unknown): FormWork<T> => {
      if (isAppError(error)) {
        log.info({ code: error.code }, 'form submission refused');
        return { ok: false, error: appErrorText(locale, error) };
      }
      const reference = newReferenceId();
      log.error({ err: error, ref: reference }, 'form submission failed');
      return { ok: false, error: t(locale, 'wf.try_again', { ref: reference }) };
    });
  const first = await Promise.race([work, options.deadline]);
  if (first === 'late') {
    log.warn('form submission not committed in time; the form stays open');
    void work.then((late) =>
      log.info({ refused: !late.ok }, 'late outcome of a form submission answered as not confirmed'),
    );
    await ack({ response_action: 'errors', errors: { [errorBlock]: t(locale, 'wf.form_timeout') } });
    return null;
  }
  if (!first.ok) {
    const errors = 'errors' in first ? first.errors : { [errorBlock]: first.error };
    await ack({ response_action: 'errors', errors });
    return null;
  }
  await ack();
  return first.value;
}
