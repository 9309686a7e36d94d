// The modal of every form a feature's command or reply button opens on Slack, by form id: where
// its fields sit (block and action ids, which the form's submission listener reads back) and what
// its private_metadata carries. Each feature's Slack folder exports its own; they are listed here.

import { ARCHIVE_READ_BACKS, ARCHIVE_SLACK_FORMS } from './archive/form-bindings.ts';
import type { SlackFormBindings } from './command-answers.ts';
import { DOCUMENT_FORMS, DOCUMENT_READ_BACKS } from './documents/form-bindings.ts';
import type { SlackFormBindingOf } from './form-view.ts';
import { MEETING_READ_BACKS, MEETING_SLACK_FORMS } from './meetings/form-bindings.ts';
import { SEAL_FORM_BINDINGS, SEAL_READ_BACKS } from './seal/blocks.ts';
import { SUPPLY_READ_BACKS, SUPPLY_SLACK_FORMS } from './supply/form-bindings.ts';
import type { SlackModalReadBacks } from './web-form-modals.ts';

const FEATURE_FORMS: ReadonlyArray<ReadonlyArray<readonly [string, SlackFormBindingOf]>> = [
  ARCHIVE_SLACK_FORMS,
  DOCUMENT_FORMS,
  MEETING_SLACK_FORMS,
  SEAL_FORM_BINDINGS,
  SUPPLY_SLACK_FORMS,
];

/** Every feature's command-opened modals by form id. */
export const SLACK_FORM_BINDINGS: SlackFormBindings = new Map(FEATURE_FORMS.flat());

/** The modals whose submissions the forms' own handlers apply (web-form-modals.ts), by form id. */
export const SLACK_MODAL_READ_BACKS: SlackModalReadBacks = new Map([
  ...ARCHIVE_READ_BACKS,
  ...DOCUMENT_READ_BACKS,
  ...MEETING_READ_BACKS,
  ...SEAL_READ_BACKS,
  ...SUPPLY_READ_BACKS,
]);
