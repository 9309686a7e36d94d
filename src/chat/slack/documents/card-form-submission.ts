// Parsing the forms opened from a document's card (documents/card-form-blocks.ts): the sign-off and the
// archive hand-off. Pure; never throws; errors are keyed by block id, in the user's language.

import { DISTRIBUTION_PARAMS } from '../../../domain/documents/outgoing.ts';
import { RETENTIONS, type Retention } from '../../../features/documents/archive-handoff.ts';
import { NEW_OUTGOING_LIMITS } from '../../../features/documents/new-outgoing.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { ACTION_IDS, BLOCK_IDS } from '../ids.ts';
import { type ParseResult, readViewState, type SlackViewStateValues } from '../view-state.ts';
import { isHttpUrl } from './new-submission.ts';

/** What the leader decided at sign-off: the opinion and the params it fixes. */
export interface SignOff {
  comment: string;
  /** 主送, 抄送 ('' when left empty, so a drafted 抄送 the leader removed is gone) and 份数. */
  params: Record<string, string>;
}

/** The sign-off form: opinion, 主送 and 份数 required; 抄送 optional; digits may be full-width. */
export function parseDocSignOffSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
): ParseResult<SignOff> {
  const { text } = readViewState(values);
  const errors: Record<string, string> = {};
  const comment = text(BLOCK_IDS.docSignOffComment, ACTION_IDS.docSignOffCommentInput).trim();
  if (!comment) errors[BLOCK_IDS.docSignOffComment] = t(locale, 'wf.comment_required');
  const main = text(BLOCK_IDS.docSignOffMain, ACTION_IDS.docSignOffMainInput).trim();
  const max = NEW_OUTGOING_LIMITS.recipients;
  if (!main) errors[BLOCK_IDS.docSignOffMain] = t(locale, 'doc.new.error.main_recipients_required');
  else if (main.length > max) errors[BLOCK_IDS.docSignOffMain] = t(locale, 'doc.new.error.too_long', { max });
  const copyTo = text(BLOCK_IDS.docSignOffCopyTo, ACTION_IDS.docSignOffCopyToInput).trim();
  if (copyTo.length > max) errors[BLOCK_IDS.docSignOffCopyTo] = t(locale, 'doc.new.error.too_long', { max });
  const copiesText = text(BLOCK_IDS.docSignOffCopies, ACTION_IDS.docSignOffCopiesInput)
    .normalize('NFKC')
    .trim();
  const copies = /^[0-9]+$/.test(copiesText) ? Number(copiesText) : Number.NaN;
  if (!(Number.isSafeInteger(copies) && copies >= 1 && copies <= NEW_OUTGOING_LIMITS.copiesMax)) {
    errors[BLOCK_IDS.docSignOffCopies] = t(locale, 'doc.new.error.copies_invalid', {
      max: NEW_OUTGOING_LIMITS.copiesMax,
    });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      comment,
      params: {
        [DISTRIBUTION_PARAMS.mainRecipients]: main,
        [DISTRIBUTION_PARAMS.copyTo]: copyTo,
        [DISTRIBUTION_PARAMS.copies]: String(copies),
      },
    },
  };
}

/** The archive hand-off form: a retention from the list; the final text an http(s) link or empty. */
export function parseDocArchiveSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
): ParseResult<{ retention: Retention; finalTextLink: string | null }> {
  const { text, choice } = readViewState(values);
  const errors: Record<string, string> = {};
  const retention = choice(BLOCK_IDS.docArchiveRetention, ACTION_IDS.docArchiveRetentionSelect);
  if (!(RETENTIONS as readonly string[]).includes(retention ?? '')) {
    errors[BLOCK_IDS.docArchiveRetention] = t(locale, 'doc.receive.error.required');
  }
  const link = text(BLOCK_IDS.docArchiveFinalText, ACTION_IDS.docArchiveFinalTextInput).trim();
  if (link && !isHttpUrl(link)) errors[BLOCK_IDS.docArchiveFinalText] = t(locale, 'doc.archive.error.link');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { retention: retention as Retention, finalTextLink: link || null } };
}
