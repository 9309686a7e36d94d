// Reading the `/doc new` form's `view.state.values` back into a new outgoing document, checked by
// its FormSpec (features/documents/new-outgoing-form.ts). Pure: no Slack calls, no database; never
// throws. The form itself is documents/new-blocks.ts.

import type { NewOutgoingInput } from '../../../features/documents/new-outgoing.ts';
import { docNewFormSpec, newOutgoingOfForm } from '../../../features/documents/new-outgoing-form.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { readSpecModal } from '../spec-modal.ts';
import type { ParseResult, SlackViewStateValues } from '../view-state.ts';
import { DOC_NEW_FIELD_SLOTS } from './new-blocks.ts';

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
export type DocNewParseResult = ParseResult<NewOutgoingInput>;

/**
 * Parses a submitted `/doc new` form through its FormSpec. Never throws: anything missing, unknown
 * (a doc type, direction or department that is not offered) or malformed becomes a message, in
 * the drafter's language, keyed by the block to show it under (Slack's `response_action: 'errors'`).
 */
export function parseDocNewSubmission(
  values: SlackViewStateValues | null | undefined,
  ctx: DocNewParseContext,
): DocNewParseResult {
  const asChoice = (id: string) => ({ id, name: id });
  const spec = docNewFormSpec({
    docTypes: ctx.docTypeIds.map(asChoice),
    departments: ctx.departmentIds.map(asChoice),
  });
  return readSpecModal(spec, DOC_NEW_FIELD_SLOTS, values, ctx.locale, newOutgoingOfForm);
}

/** An absolute http:// or https:// address with a host. */
export { isHttpUrl } from '../../../chat/core/form-spec.ts';
