// Parsing the `/doc new` form's `view.state.values` into a new outgoing document. Pure: no Slack
// calls, no database; never throws. The form itself is documents/new-blocks.ts.

import { z } from 'zod';
import { DOCUMENT_DIRECTIONS } from '../../../domain/documents/outgoing.ts';
import {
  NEW_OUTGOING_LIMITS,
  NEW_OUTGOING_SECRECY,
  NEW_OUTGOING_URGENCIES,
  type NewOutgoingInput,
} from '../../../features/documents/new-outgoing.ts';
import { type Locale, type PlainMessageKey, t } from '../../../shared/i18n.ts';
import { ACTION_IDS, BLOCK_IDS } from '../ids.ts';
import { readViewState, type SlackViewStateValues } from '../view-state.ts';

/** What the parser checks a submission against: the unit's lists and the drafter's language. */
export interface DocNewParseContext {
  docTypeIds: readonly string[];
  departmentIds: readonly string[];
  locale: Locale;
}

/**
 * The result of {@link parseDocNewSubmission}: the input, or one message per offending block,
 * keyed by block id (`BLOCK_IDS.docNew*`), ready for `ack({ response_action: 'errors', errors })`.
 */
export type DocNewParseResult =
  | { ok: true; value: NewOutgoingInput }
  | { ok: false; errors: Record<string, string> };

const FIELD_BLOCKS = {
  title: BLOCK_IDS.docNewTitle,
  docTypeId: BLOCK_IDS.docNewDocType,
  direction: BLOCK_IDS.docNewDirection,
  urgency: BLOCK_IDS.docNewUrgency,
  secrecy: BLOCK_IDS.docNewSecrecy,
  mainRecipients: BLOCK_IDS.docNewMainRecipients,
  copyTo: BLOCK_IDS.docNewCopyTo,
  countersignDepartments: BLOCK_IDS.docNewCountersign,
  draftLink: BLOCK_IDS.docNewDraftLink,
  copies: BLOCK_IDS.docNewCopies,
} as const satisfies Record<keyof NewOutgoingInput, string>;

/**
 * Parses a submitted `/doc new` form. Never throws: anything missing, unknown (a doc type,
 * direction or department that is not offered) or malformed becomes a message, in the drafter's
 * language, keyed by the block to show it under (Slack's `response_action: 'errors'`).
 */
export function parseDocNewSubmission(
  values: SlackViewStateValues | null | undefined,
  ctx: DocNewParseContext,
): DocNewParseResult {
  const result = schemaFor(ctx).safeParse(rawFields(values ?? {}));
  if (result.success) return { ok: true, value: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as keyof typeof FIELD_BLOCKS | undefined;
    const blockId = field !== undefined ? FIELD_BLOCKS[field] : undefined;
    // A problem the form cannot point at (none is expected) is shown under the title.
    const key = blockId ?? BLOCK_IDS.docNewTitle;
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The submitted values by field, as strings (missing text is ''; a missing choice is undefined). */
function rawFields(values: SlackViewStateValues) {
  const { text, choice, choices } = readViewState(values);
  return {
    title: text(BLOCK_IDS.docNewTitle, ACTION_IDS.docNewTitleInput),
    docTypeId: choice(BLOCK_IDS.docNewDocType, ACTION_IDS.docNewDocTypeSelect),
    direction: choice(BLOCK_IDS.docNewDirection, ACTION_IDS.docNewDirectionSelect),
    urgency: choice(BLOCK_IDS.docNewUrgency, ACTION_IDS.docNewUrgencySelect),
    secrecy: choice(BLOCK_IDS.docNewSecrecy, ACTION_IDS.docNewSecrecySelect),
    mainRecipients: text(BLOCK_IDS.docNewMainRecipients, ACTION_IDS.docNewMainRecipientsInput),
    copyTo: text(BLOCK_IDS.docNewCopyTo, ACTION_IDS.docNewCopyToInput),
    countersignDepartments: choices(BLOCK_IDS.docNewCountersign, ACTION_IDS.docNewCountersignSelect),
    draftLink: text(BLOCK_IDS.docNewDraftLink, ACTION_IDS.docNewDraftLinkInput),
    copies: text(BLOCK_IDS.docNewCopies, ACTION_IDS.docNewCopiesInput),
  };
}

function schemaFor(ctx: DocNewParseContext) {
  const { locale } = ctx;
  const message = (key: PlainMessageKey) => ({ error: t(locale, key) });
  const tooLong = (max: number) => ({ error: t(locale, 'doc.new.error.too_long', { max }) });
  const docTypeIds = new Set(ctx.docTypeIds);
  const departmentIds = new Set(ctx.departmentIds);
  const optionalText = (max: number) =>
    z
      .string()
      .trim()
      .max(max, tooLong(max))
      .transform((v) => (v === '' ? null : v));

  return z.object({
    title: z
      .string()
      .trim()
      .min(1, message('doc.new.error.title_required'))
      .max(NEW_OUTGOING_LIMITS.title, tooLong(NEW_OUTGOING_LIMITS.title)),
    docTypeId: z.string(message('doc.new.error.doc_type_unknown')).refine((id) => docTypeIds.has(id), {
      ...message('doc.new.error.doc_type_unknown'),
      abort: true,
    }),
    direction: z.enum(DOCUMENT_DIRECTIONS, message('doc.new.error.direction_unknown')),
    // Both selects start on a choice; a form that somehow sent none takes the safe default.
    urgency: z.enum(NEW_OUTGOING_URGENCIES, message('doc.new.error.urgency_unknown')).default('normal'),
    secrecy: z.enum(NEW_OUTGOING_SECRECY, message('doc.new.error.secrecy_not_allowed')).default('internal'),
    mainRecipients: z
      .string()
      .trim()
      .min(1, message('doc.new.error.main_recipients_required'))
      .max(NEW_OUTGOING_LIMITS.recipients, tooLong(NEW_OUTGOING_LIMITS.recipients)),
    copyTo: optionalText(NEW_OUTGOING_LIMITS.recipients),
    countersignDepartments: z
      .array(z.string())
      .transform((ids) => [...new Set(ids)])
      .refine((ids) => ids.every((id) => departmentIds.has(id)), {
        ...message('doc.new.error.department_unknown'),
        abort: true,
      })
      .refine((ids) => ids.length <= NEW_OUTGOING_LIMITS.countersignDepartments, {
        error: t(locale, 'doc.new.error.too_many_departments', {
          max: NEW_OUTGOING_LIMITS.countersignDepartments,
        }),
      }),
    draftLink: optionalText(NEW_OUTGOING_LIMITS.draftLink).refine(
      (link) => link === null || isHttpUrl(link),
      {
        ...message('doc.new.error.draft_link_invalid'),
      },
    ),
    copies: z.string().transform((typed, zctx): number | null => {
      // NFKC turns full-width digits (１２) into ASCII ones (12).
      const text = typed.normalize('NFKC').trim();
      if (text === '') return null;
      const copies = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
      if (Number.isSafeInteger(copies) && copies >= 1 && copies <= NEW_OUTGOING_LIMITS.copiesMax)
        return copies;
      zctx.addIssue({
        code: 'custom',
        message: t(locale, 'doc.new.error.copies_invalid', { max: NEW_OUTGOING_LIMITS.copiesMax }),
      });
      return z.NEVER;
    }),
  });
}

/** An absolute http:// or https:// address with a host. */
export function isHttpUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
