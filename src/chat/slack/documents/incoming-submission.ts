// Reading the incoming-document forms (documents/incoming-blocks.ts) back through their FormSpecs:
// the registration and the director's instruction. Pure; never throws; errors are keyed by block
// id, in the user's language.

import { instructFormSpec, instructionOfForm } from '../../../features/documents/card-forms.ts';
import type { Instruction, NewIncomingInput } from '../../../features/documents/incoming-documents.ts';
import { docReceiveFormSpec, incomingOfForm } from '../../../features/documents/incoming-form.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { readSpecModal } from '../spec-modal.ts';
import type { ParseResult, SlackViewStateValues } from '../view-state.ts';
import { INSTRUCT_FIELD_SLOTS, RECEIVE_FIELD_SLOTS } from './incoming-blocks.ts';

/**
 * The registration form (收文登记), checked by its FormSpec: for 公开/内部 the title and issuing
 * unit are required; for 秘密 and above a title, issuing unit or attachment link is refused on its
 * block, and their number (来文字号) is required. Such an item's title, issuing unit and link come
 * out null.
 */
export function parseDocReceiveSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
): ParseResult<NewIncomingInput> {
  // The date it starts with does not change the checks.
  const spec = docReceiveFormSpec({ today: '' });
  return readSpecModal(spec, RECEIVE_FIELD_SLOTS, values, locale, incomingOfForm);
}

/** The director's instruction (批办), checked by its FormSpec. */
export function parseDocInstructSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
  choices: Parameters<typeof instructFormSpec>[0] = { departments: [], handlers: [], leaders: [] },
): ParseResult<Instruction> {
  return readSpecModal(instructFormSpec(choices), INSTRUCT_FIELD_SLOTS, values, locale, instructionOfForm);
}
