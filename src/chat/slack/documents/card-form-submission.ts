// The forms opened from a document's card (documents/card-form-blocks.ts) read back: the modal's
// values through its binding into the FormSpec's input, checked by the spec (features/documents/
// card-forms.ts), errors keyed by block id in the user's language. Pure; never throws.

import type { Retention } from '../../../features/documents/archive-handoff.ts';
import {
  archiveHandOffFormSpec,
  handOffOfForm,
  type SignOff,
  signOffFormSpec,
  signOffOfForm,
} from '../../../features/documents/card-forms.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { readSpecModal } from '../spec-modal.ts';
import type { ParseResult, SlackViewStateValues } from '../view-state.ts';
import { ARCHIVE_HANDOFF_FIELD_SLOTS, SIGN_OFF_FIELD_SLOTS } from './card-form-blocks.ts';

export type { SignOff } from '../../../features/documents/card-forms.ts';

/** The sign-off form: opinion, 主送 and 份数 required; 抄送 optional; digits may be full-width. */
export function parseDocSignOffSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
): ParseResult<SignOff> {
  // The spec's checks do not depend on the draft it was filled from.
  const spec = signOffFormSpec({ mainRecipients: '', copyTo: null, copies: null });
  return readSpecModal(spec, SIGN_OFF_FIELD_SLOTS, values, locale, signOffOfForm);
}

/** The archive hand-off form: a retention from the list; the final text an http(s) link or empty. */
export function parseDocArchiveSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
): ParseResult<{ retention: Retention; finalTextLink: string | null }> {
  return readSpecModal(archiveHandOffFormSpec(), ARCHIVE_HANDOFF_FIELD_SLOTS, values, locale, handOffOfForm);
}
