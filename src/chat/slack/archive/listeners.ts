// The submission of the archivist's `/archive add` form on Slack. `/archive` itself (search, 更多,
// help, intake, the form's opening) is answered by the feature's neutral commands.

import type { App } from '@slack/bolt';
import { archiveAddFormSpec, archiveAddOfForm } from '../../../features/archive/archive-add-form.ts';
import type { ArchiveAddForm, ArchiveChatDeps } from '../../../features/archive/archive-chat.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { tMrkdwn } from '../blocks/mrkdwn.ts';
import type { FormDeadlineSource } from '../form-deadline.ts';
import { BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { onFormSubmission } from '../interactions.ts';
import type { SlackRequestContext } from '../request-context.ts';
import { readSpecModal } from '../spec-modal.ts';
import type { ParseResult, SlackViewStateValues } from '../view-state.ts';
import { ARCHIVE_ADD_FIELD_SLOTS } from './form-bindings.ts';

/** Registers the add form's submission. */
export function registerArchiveListeners(
  app: App<SlackRequestContext>,
  catalog: Pick<ArchiveChatDeps, 'add'>,
  forms: FormDeadlineSource = {},
): void {
  // Added before the form closes: a refusal, or a database that does not answer within Slack's
  // time, is shown on the form, which stays open; sending it again finds a late entry by its key.
  onFormSubmission(app, CALLBACK_IDS.archiveAddModal, forms, {
    parse: ({ view }, locale) => parseArchiveAddSubmission(view.state.values, locale),
    errorBlock: BLOCK_IDS.archiveAddTitle,
    // A category the unit's rule does not know is shown under the category.
    errorFieldOf: (error) =>
      error.messageKey === 'error.archive_invalid.category' ? BLOCK_IDS.archiveAddCategory : null,
    start: (actor, form, { view }) => catalog.add(actor.personId, form, `view:${view.id}`),
    describe: (added, _form, locale) => tMrkdwn(locale, 'archive.add.done', { archiveNo: added.archiveNo }),
  });
}

/** Reads the add form through its FormSpec; field errors by block id (in the user's language). */
export function parseArchiveAddSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
): ParseResult<ArchiveAddForm> {
  // The categories are checked by the catalog when it adds; the spec's checks do not need them.
  const spec = archiveAddFormSpec({ categories: [], year: 0 });
  return readSpecModal(spec, ARCHIVE_ADD_FIELD_SLOTS, values, locale, archiveAddOfForm);
}
