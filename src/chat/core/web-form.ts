// A form the bot serves on the web, as a feature declares it: how to draw it for one person and
// how to apply a checked submission. The HTTP side (links, pages, single use) is the web form
// route's; a feature only says what its modal's submission would do.

import type { Locale } from '../../shared/i18n.ts';
import type { FormSpec, FormValues } from './form-spec.ts';

/** What a form's handler knows of one request. */
export interface WebFormContext {
  /** The person the link is for (and, with a platform's sign-in, who is signed in). */
  personId: string;
  /** The link's params: what the form is about. */
  params: Readonly<Record<string, string>>;
  locale: Locale;
  /** The link's id: a key that makes a retried submission of it apply once. */
  linkId: string;
}

/** What came of applying a valid submission. */
export type WebFormOutcome =
  /** Applied; `message` says anything more the person should know. */
  | { ok: true; message?: string }
  /** Nothing was applied; `message` (in the person's language) is shown on the form. */
  | { ok: false; message: string };

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
  /** Applies `values` (already checked with the spec `load` gave): the modal's service call. */
  submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome>;
}
