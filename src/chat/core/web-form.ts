// A form the bot serves on the web, as a feature declares it: how to draw it for one person and
// how to apply a checked submission. The HTTP side (links, pages, single use) is the web form
// route's; a feature only says what its modal's submission would do.

import { randomUUID } from 'node:crypto';
import type { Locale } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import { type FormInput, type FormSpec, type FormValues, validateForm } from './form-spec.ts';
import { plainOf, type RichText } from './reply.ts';

/** What a form's handler knows of one request. */
export interface WebFormContext {
  /** The person the link is for (and, with a platform's sign-in, who is signed in). */
  personId: string;
  /**
   * What the form is about (a link's params, or what a modal carried). By the forms' convention
   * `w` is the chat workspace the person works in, where there is one.
   */
  params: Readonly<Record<string, string>>;
  locale: Locale;
  /**
   * The submission's key: the same form sent twice (a retried request, a form sent again after a
   * late commit) applies once. `form-link:<link id>` for a web link, `view:<view id>` for a
   * Slack modal.
   */
  key: string;
}

/** What came of applying a valid submission. */
export type WebFormOutcome =
  /** Applied; `message` says anything more the person should know (told once the form closed). */
  | { ok: true; message?: string | RichText }
  /**
   * Nothing was applied; `message` (in the person's language) is shown on the form, beside
   * `field` (a field id of the form's spec) when it concerns one field. A refusal that concerns
   * several fields names each in `fields` (field id → what is wrong with it), shown beside each;
   * `message` then says it all in one text, for where one text is all that can be shown.
   */
  | { ok: false; message: string; field?: string; fields?: Readonly<Record<string, string>> };

/**
 * A refusal's words beside the fields of the form it concerns, by field id: its `fields`, else its
 * `message` beside its `field`, keeping only fields the form has. Empty when it names none of
 * them: the refusal is then the form's as a whole.
 */
export function refusalByField(
  refusal: WebFormOutcome & { ok: false },
  fieldIds: readonly string[],
): Record<string, string> {
  const named = refusal.fields ?? (refusal.field === undefined ? {} : { [refusal.field]: refusal.message });
  return Object.fromEntries(Object.entries(named).filter(([id]) => fieldIds.includes(id)));
}

/** An applied outcome's message as plain text (a web page, a platform without markup). */
export function outcomeText(message: string | RichText): string {
  return typeof message === 'string' ? message : plainOf(message);
}

/** An applied outcome's message as rich text (a platform with markup escapes the words). */
export function outcomeRichText(message: string | RichText): RichText {
  return typeof message === 'string' ? [message] : message;
}

/** One form the bot serves on the web: how to draw it and how to apply it. */
export interface WebFormHandler {
  /** The FormSpec id links to this form carry. */
  formId: string;
  /**
   * The workflow steps (definition step ids) whose own form this is: a card's step button (批办,
   * 签发) on a platform without modals links here.
   */
  stepIds?: readonly string[];
  /** The form as this person sees it now; null when what it was about is gone. */
  load(context: WebFormContext): Promise<FormSpec | null>;
  /**
   * Why `load` answered null, in the person's language (the meeting was cancelled, …), for the
   * page that says the form cannot be opened; null, or no such method, when there is nothing
   * more to say than that.
   */
  unavailable?(context: WebFormContext): Promise<string | null>;
  /** Applies `values` (already checked with the spec `load` gave): the modal's service call. */
  submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome>;
}

/** What came of one submission of a form, wherever it was sent from (a web page, a WeCom card). */
export type FormSubmission =
  /** A field's own check or the form's refused it: nothing applied, refusals by field id. */
  | { kind: 'invalid'; errors: Record<string, string> }
  /** This submission was applied already (the same link or card sent again): nothing more done. */
  | { kind: 'used' }
  /** The handler failed: nothing applied, the submission may be sent again; `ref` is in the log. */
  | { kind: 'failed'; ref: string }
  /** The handler refused it: nothing applied, the submission may be sent again. */
  | { kind: 'refused'; outcome: Extract<WebFormOutcome, { ok: false }> }
  | { kind: 'applied'; outcome: Extract<WebFormOutcome, { ok: true }> };

/** The single use of one submission: taken before applying, given back when nothing was applied. */
export interface SubmissionOnce {
  /** Takes the submission; false when it was taken before (now or ever). */
  claim(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * Applies one submission of `form`: checks `input` against `spec` (the form as the handler drew it
 * for this person now), takes its single use, and has the handler apply it. A refusal or a
 * failure gives the single use back, so the person may send it again once they read why. Every
 * platform without modals sends its submissions through here: the same check, the same service
 * call, the same words.
 */
export async function submitFormOnce(submission: {
  form: WebFormHandler;
  spec: FormSpec;
  context: WebFormContext;
  input: FormInput;
  once: SubmissionOnce;
  log: Logger;
}): Promise<FormSubmission> {
  const { form, spec, context, once, log } = submission;
  const checked = validateForm(spec, submission.input, context.locale);
  if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
  // The claim is the single use: of two submissions of one link or card, one gets it.
  if (!(await once.claim())) return { kind: 'used' };
  let outcome: WebFormOutcome;
  try {
    outcome = await form.submit(context, checked.values);
  } catch (error) {
    await once.release().catch((e: unknown) => log.error({ err: e }, 'could not give a submission back'));
    const ref = randomUUID().slice(0, 8);
    log.error({ err: error, ref, formId: form.formId }, 'form submission failed');
    return { kind: 'failed', ref };
  }
  if (!outcome.ok) {
    // Nothing was applied: it may be sent again once the person has read why.
    await once.release();
    return { kind: 'refused', outcome };
  }
  log.info({ formId: form.formId }, 'form submission applied');
  return { kind: 'applied', outcome };
}
