// Parsing the incoming-document forms (documents/incoming-blocks.ts): the registration and the
// director's instruction. Pure; never throws; errors are keyed by block id, in the user's language.

import { DateTime } from 'luxon';
import { z } from 'zod';
import { INCOMING_CATEGORIES, type IncomingCategory } from '../../../domain/documents/incoming.ts';
import { SECRECY_LEVELS } from '../../../domain/org.ts';
import { isClassified } from '../../../domain/workflow/index.ts';
import type { Urgency } from '../../../domain/workflow/types.ts';
import { instructFormSpec, instructionOfForm } from '../../../features/documents/card-forms.ts';
import type { Instruction, NewIncomingInput } from '../../../features/documents/incoming-documents.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { ACTION_IDS, BLOCK_IDS } from '../ids.ts';
import { readSpecModal } from '../spec-modal.ts';
import { type ParseResult, readViewState, type SlackViewStateValues } from '../view-state.ts';
import { INSTRUCT_FIELD_SLOTS } from './incoming-blocks.ts';
import { isHttpUrl } from './new-submission.ts';

const URGENCIES: readonly Urgency[] = ['extra_urgent', 'urgent', 'normal'];

/** A whole number typed with ASCII or full-width digits, within [min, max]; null when blank. */
function wholeNumber(typed: string, min: number, max: number): number | null | 'invalid' {
  const text = typed.normalize('NFKC').trim();
  if (text === '') return null;
  if (!/^[0-9]+$/.test(text)) return 'invalid';
  const value = Number(text);
  return value >= min && value <= max ? value : 'invalid';
}

const SecrecySchema = z.enum(SECRECY_LEVELS);

/**
 * The registration form (收文登记). For 公开/内部 the title and issuing unit are required; for
 * 秘密 and above (DOMAIN.md: classified content never enters the system) a title, issuing unit or
 * attachment link is refused on its block, and their number (来文字号) is required: it is the
 * item's reference until the 收文编号 is assigned. Such an item's title, issuing unit and link
 * come out null.
 */
export function parseDocReceiveSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
): ParseResult<NewIncomingInput> {
  const { text, choice } = readViewState(values);
  const errors: Record<string, string> = {};
  const secrecy = SecrecySchema.safeParse(
    choice(BLOCK_IDS.docReceiveSecrecy, ACTION_IDS.docReceiveSecrecySelect) ?? 'internal',
  );
  if (!secrecy.success) errors[BLOCK_IDS.docReceiveSecrecy] = t(locale, 'doc.receive.error.required');
  const classified = secrecy.success && isClassified(secrecy.data);
  // Typed content is checked against the level: required below 秘密, refused from 秘密 up. Until
  // a level is read, its own error stands alone (and nothing is returned to start).
  const content = (blockId: string, value: string, required: boolean) => {
    if (!secrecy.success) return;
    if (classified && value) errors[blockId] = t(locale, 'doc.receive.error.classified_content');
    else if (!classified && required && !value) errors[blockId] = t(locale, 'doc.receive.error.required');
  };
  const title = text(BLOCK_IDS.docReceiveTitle, ACTION_IDS.docReceiveTitleInput).trim();
  content(BLOCK_IDS.docReceiveTitle, title, true);
  const issuingUnit = text(BLOCK_IDS.docReceiveIssuer, ACTION_IDS.docReceiveIssuerInput).trim();
  content(BLOCK_IDS.docReceiveIssuer, issuingUnit, true);
  const theirNumber = text(BLOCK_IDS.docReceiveTheirNumber, ACTION_IDS.docReceiveTheirNumberInput).trim();
  if (classified && !theirNumber) {
    errors[BLOCK_IDS.docReceiveTheirNumber] = t(locale, 'doc.receive.error.their_number_required');
  }
  const dateText = text(BLOCK_IDS.docReceiveDate, ACTION_IDS.docReceiveDateInput).normalize('NFKC').trim();
  const date = DateTime.fromFormat(dateText, 'yyyy-MM-dd');
  if (!date.isValid) errors[BLOCK_IDS.docReceiveDate] = t(locale, 'doc.receive.error.date');
  const category = choice(BLOCK_IDS.docReceiveCategory, ACTION_IDS.docReceiveCategorySelect);
  if (!(INCOMING_CATEGORIES as readonly string[]).includes(category ?? '')) {
    errors[BLOCK_IDS.docReceiveCategory] = t(locale, 'doc.receive.error.required');
  }
  const urgency = choice(BLOCK_IDS.docReceiveUrgency, ACTION_IDS.docReceiveUrgencySelect) ?? 'normal';
  if (!(URGENCIES as readonly string[]).includes(urgency))
    errors[BLOCK_IDS.docReceiveUrgency] = t(locale, 'doc.receive.error.required');
  const copies = wholeNumber(text(BLOCK_IDS.docReceiveCopies, ACTION_IDS.docReceiveCopiesInput), 1, 9999);
  if (copies === 'invalid') errors[BLOCK_IDS.docReceiveCopies] = t(locale, 'doc.receive.error.copies');
  const link = text(BLOCK_IDS.docReceiveLink, ACTION_IDS.docReceiveLinkInput).trim();
  content(BLOCK_IDS.docReceiveLink, link, false);
  if (!classified && link && !isHttpUrl(link))
    errors[BLOCK_IDS.docReceiveLink] = t(locale, 'doc.receive.error.link');
  if (!secrecy.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title: classified ? null : title,
      issuingUnit: classified ? null : issuingUnit,
      theirNumber: theirNumber || null,
      receivedDate: date.toFormat('yyyy-MM-dd'),
      category: category as IncomingCategory,
      secrecy: secrecy.data,
      urgency: urgency as Urgency,
      copies: copies === 'invalid' ? null : copies,
      attachmentLink: classified ? null : link || null,
    },
  };
}

/** The director's instruction (批办), checked by its FormSpec. */
export function parseDocInstructSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
  choices: Parameters<typeof instructFormSpec>[0] = { departments: [], handlers: [], leaders: [] },
): ParseResult<Instruction> {
  return readSpecModal(instructFormSpec(choices), INSTRUCT_FIELD_SLOTS, values, locale, instructionOfForm);
}
