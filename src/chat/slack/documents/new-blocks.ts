// The `/doc new` form (拟稿发文): title, document type, direction, urgency, secrecy, recipients,
// countersigning departments, a link to the draft and the number of copies. Fixed block and action
// ids (view.state.values is keyed by them); documents/new-submission.ts parses the
// submission.

import type { types } from '@slack/bolt';
import { DIRECTION_LABELS, DOCUMENT_DIRECTIONS } from '../../../domain/documents/outgoing.ts';
import {
  NEW_OUTGOING_LIMITS,
  NEW_OUTGOING_SECRECY,
  NEW_OUTGOING_URGENCIES,
  type NewOutgoingInput,
} from '../../../features/documents/new-outgoing.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, mrkdwn, plainText } from '../blocks/message.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { slackText } from '../messages.ts';

/** A document type or department offered by the form. */
export interface DocNewChoice {
  id: string;
  name: string;
  nameEn?: string | null;
}

export interface DocNewModalInput {
  locale: Locale;
  /** The unit's document types (at least one; the first is preselected). */
  docTypes: readonly DocNewChoice[];
  /** Departments that may countersign; without any, the countersign input is left out. */
  departments: readonly DocNewChoice[];
  /** What the form starts with, e.g. what was typed before it was re-opened. */
  initial?: Partial<NewOutgoingInput>;
  /** A line shown above the inputs (e.g. why the form came back). */
  notice?: string;
}

/** Most options a static_select or multi_static_select takes. */
const SELECT_OPTIONS_MAX = 100;
/** Option text and value limits (@slack/types: 75 each), as in modals.ts. */
const OPTION_TEXT_MAX = 75;
const OPTION_VALUE_MAX = 75;
/** Input labels and hints (Slack: 2,000 characters). */
const LABEL_MAX = 2000;
/** Context block mrkdwn text. */
const CONTEXT_TEXT_MAX = 2000;

const URGENCY_KEYS = {
  extra_urgent: 'card.urgency.extra_urgent',
  urgent: 'card.urgency.urgent',
  normal: 'card.urgency.normal',
} as const;

const SECRECY_KEYS = {
  public: 'doc.new.secrecy.public',
  internal: 'doc.new.secrecy.internal',
} as const;

/** The drafting form, within Slack's modal limits. Throws when `docTypes` is empty. */
export function buildDocNewModal(input: DocNewModalInput): types.ModalView {
  const { locale } = input;
  const initial = input.initial ?? {};
  const label = (choice: DocNewChoice) => (locale === 'en' && choice.nameEn ? choice.nameEn : choice.name);
  const docTypes = choicesOf(input.docTypes, label);
  const departments = choicesOf(input.departments, label);
  const firstDocType = docTypes[0];
  if (!firstDocType) throw new Error('buildDocNewModal: the unit has no document types');
  const placeholder = plainText(
    truncateText(t(locale, 'doc.new.select.placeholder'), BLOCK_KIT_LIMITS.placeholder),
  );

  const directions = DOCUMENT_DIRECTIONS.map((d) => option(DIRECTION_LABELS[d][locale], d));
  const urgencies = NEW_OUTGOING_URGENCIES.map((u) => option(t(locale, URGENCY_KEYS[u]), u));
  const secrecies = NEW_OUTGOING_SECRECY.map((s) => option(t(locale, SECRECY_KEYS[s]), s));
  const initialDepartments = [...new Set(initial.countersignDepartments ?? [])]
    .map((id) => departments.find((o) => o.value === id))
    .filter((o) => o !== undefined)
    .slice(0, NEW_OUTGOING_LIMITS.countersignDepartments);

  const blocks: Block[] = [];
  if (input.notice) {
    blocks.push({
      type: 'context',
      block_id: BLOCK_IDS.docNewNotice,
      elements: [mrkdwn(escapeMrkdwn(truncateText(input.notice, CONTEXT_TEXT_MAX)))],
    });
  }
  blocks.push(
    textInput(BLOCK_IDS.docNewTitle, ACTION_IDS.docNewTitleInput, {
      label: t(locale, 'doc.new.title.label'),
      placeholder: t(locale, 'doc.new.title.placeholder'),
      required: true,
      max: NEW_OUTGOING_LIMITS.title,
      initial: initial.title,
    }),
    inputBlock(BLOCK_IDS.docNewDocType, t(locale, 'doc.new.doc_type.label'), true, {
      type: 'static_select',
      action_id: ACTION_IDS.docNewDocTypeSelect,
      placeholder,
      options: docTypes,
      initial_option: docTypes.find((o) => o.value === initial.docTypeId) ?? firstDocType,
    }),
    inputBlock(BLOCK_IDS.docNewDirection, t(locale, 'doc.new.direction.label'), true, {
      type: 'static_select',
      action_id: ACTION_IDS.docNewDirectionSelect,
      placeholder,
      options: directions,
      ...initialOption(directions, initial.direction),
    }),
    inputBlock(BLOCK_IDS.docNewUrgency, t(locale, 'doc.new.urgency.label'), true, {
      type: 'static_select',
      action_id: ACTION_IDS.docNewUrgencySelect,
      options: urgencies,
      ...initialOption(urgencies, initial.urgency ?? 'normal'),
    }),
    inputBlock(
      BLOCK_IDS.docNewSecrecy,
      t(locale, 'doc.new.secrecy.label'),
      true,
      {
        type: 'static_select',
        action_id: ACTION_IDS.docNewSecrecySelect,
        options: secrecies,
        ...initialOption(secrecies, initial.secrecy ?? 'internal'),
      },
      t(locale, 'doc.new.secrecy.hint'),
    ),
    textInput(BLOCK_IDS.docNewMainRecipients, ACTION_IDS.docNewMainRecipientsInput, {
      label: t(locale, 'doc.new.main_recipients.label'),
      placeholder: t(locale, 'doc.new.main_recipients.placeholder'),
      required: true,
      max: NEW_OUTGOING_LIMITS.recipients,
      initial: initial.mainRecipients,
    }),
    textInput(BLOCK_IDS.docNewCopyTo, ACTION_IDS.docNewCopyToInput, {
      label: t(locale, 'doc.new.copy_to.label'),
      required: false,
      max: NEW_OUTGOING_LIMITS.recipients,
      initial: initial.copyTo,
    }),
  );
  if (departments.length > 0) {
    blocks.push(
      inputBlock(
        BLOCK_IDS.docNewCountersign,
        t(locale, 'doc.new.countersign.label'),
        false,
        {
          type: 'multi_static_select',
          action_id: ACTION_IDS.docNewCountersignSelect,
          placeholder: plainText(
            truncateText(
              t(locale, 'doc.new.countersign.placeholder', {
                max: NEW_OUTGOING_LIMITS.countersignDepartments,
              }),
              BLOCK_KIT_LIMITS.placeholder,
            ),
          ),
          options: departments,
          max_selected_items: NEW_OUTGOING_LIMITS.countersignDepartments,
          ...(initialDepartments.length > 0 ? { initial_options: initialDepartments } : {}),
        },
        t(locale, 'doc.new.countersign.hint'),
      ),
    );
  }
  blocks.push(
    textInput(BLOCK_IDS.docNewDraftLink, ACTION_IDS.docNewDraftLinkInput, {
      label: t(locale, 'doc.new.draft_link.label'),
      placeholder: 'https://',
      hint: slackText(locale, 'draft_link_hint'),
      required: false,
      max: NEW_OUTGOING_LIMITS.draftLink,
      initial: initial.draftLink,
    }),
    textInput(BLOCK_IDS.docNewCopies, ACTION_IDS.docNewCopiesInput, {
      label: t(locale, 'doc.new.copies.label'),
      placeholder: t(locale, 'doc.new.copies.placeholder'),
      required: false,
      max: NEW_OUTGOING_LIMITS.copiesText,
      initial: initial.copies == null ? null : String(initial.copies),
    }),
  );

  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.docNewModal,
    title: plainText(truncateText(t(locale, 'doc.new.modal.title'), BLOCK_KIT_LIMITS.modalTitle)),
    submit: plainText(truncateText(t(locale, 'doc.new.modal.submit'), BLOCK_KIT_LIMITS.modalTitle)),
    close: plainText(truncateText(t(locale, 'doc.new.modal.close'), BLOCK_KIT_LIMITS.modalTitle)),
    blocks,
  };
}

function option(text: string, value: string): types.PlainTextOption {
  return { text: plainText(truncateText(text, OPTION_TEXT_MAX)), value };
}

/** Options for a list of choices: ids too long for a value are left out, at most 100 kept. */
function choicesOf(
  choices: readonly DocNewChoice[],
  label: (choice: DocNewChoice) => string,
): types.PlainTextOption[] {
  return choices
    .filter((c) => c.id.length > 0 && c.id.length <= OPTION_VALUE_MAX)
    .slice(0, SELECT_OPTIONS_MAX)
    .map((c) => option(label(c), c.id));
}

/** `{ initial_option }` when `value` is one of `options` (Slack refuses any other), else nothing. */
function initialOption(
  options: readonly types.PlainTextOption[],
  value: string | undefined,
): { initial_option?: types.PlainTextOption } {
  const found = options.find((o) => o.value === value);
  return found ? { initial_option: found } : {};
}

function inputBlock(
  blockId: string,
  label: string,
  required: boolean,
  element: types.InputBlock['element'],
  hint?: string,
): types.InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: !required,
    label: plainText(truncateText(label, LABEL_MAX)),
    element,
    ...(hint ? { hint: plainText(truncateText(hint, LABEL_MAX)) } : {}),
  };
}

function textInput(
  blockId: string,
  actionId: string,
  options: {
    label: string;
    placeholder?: string;
    hint?: string;
    required: boolean;
    max: number;
    initial: string | null | undefined;
  },
): types.InputBlock {
  const element: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: actionId,
    max_length: options.max,
  };
  if (options.placeholder) {
    element.placeholder = plainText(truncateText(options.placeholder, BLOCK_KIT_LIMITS.placeholder));
  }
  if (options.initial) element.initial_value = clip(options.initial, options.max);
  return inputBlock(blockId, options.label, options.required, element, options.hint);
}

/** `text` cut to at most `max` UTF-16 units without splitting a character (no ellipsis: it is a value). */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}
