// The forms of incoming documents (收文): registration by the secretary (`/doc receive`) and the
// director's instruction (批办), opened from the card's 批办 button (drawn from its FormSpec in
// features/documents/card-forms.ts). Fixed block and action ids
// (view.state.values is keyed by them); documents/incoming-submission.ts parses them.

import type { types } from '@slack/bolt';
import { INCOMING_CATEGORIES, INCOMING_CATEGORY_LABELS } from '../../../domain/documents/incoming.ts';
import { SECRECY_LEVELS } from '../../../domain/org.ts';
import {
  type DocFormChoice,
  INSTRUCT_FIELDS,
  instructFormSpec,
} from '../../../features/documents/card-forms.ts';
import { type Locale, type PlainMessageKey, t } from '../../../shared/i18n.ts';
import { type ActionRef, encodeModalMetadata } from '../action-values.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, plainText } from '../blocks/message.ts';
import { renderSlackModal, type SlackFormBinding } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';

/** A department or person offered by a form. */
export type IncomingChoice = DocFormChoice;

const OPTION_TEXT_MAX = 75;

const option = (text: string, value: string) => ({
  text: plainText(truncateText(text, OPTION_TEXT_MAX)),
  value,
});

function input(
  locale: Locale,
  blockId: string,
  labelKey: PlainMessageKey,
  element: Record<string, unknown>,
  extra: { optional?: boolean; hint?: PlainMessageKey } = {},
): Block {
  return {
    type: 'input',
    block_id: blockId,
    optional: extra.optional ?? false,
    label: plainText(truncateText(t(locale, labelKey), 2000)),
    ...(extra.hint ? { hint: plainText(truncateText(t(locale, extra.hint), 2000)) } : {}),
    element,
  } as unknown as Block;
}

const textElement = (actionId: string, max: number, initial?: string, multiline = false) => ({
  type: 'plain_text_input',
  action_id: actionId,
  max_length: max,
  ...(multiline ? { multiline: true } : {}),
  ...(initial ? { initial_value: initial } : {}),
});

function modal(
  locale: Locale,
  callbackId: string,
  titleKey: PlainMessageKey,
  blocks: Block[],
  metadata = '',
): types.ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: metadata,
    title: plainText(truncateText(t(locale, titleKey), BLOCK_KIT_LIMITS.modalTitle)),
    submit: plainText(truncateText(t(locale, 'modal.submit'), BLOCK_KIT_LIMITS.modalTitle)),
    close: plainText(truncateText(t(locale, 'modal.close'), BLOCK_KIT_LIMITS.modalTitle)),
    blocks: blocks as types.ModalView['blocks'],
  };
}

/**
 * The registration form (收文登记); `today` (YYYY-MM-DD, the unit's calendar) pre-fills the date.
 * All five secrecy levels are offered: an item at 秘密 and above is registered by its numbers only,
 * so title, issuing unit and link are optional here and the parser requires or refuses them by
 * level (Slack cannot make a field required depending on another).
 */
export function buildDocReceiveModal(input_: { locale: Locale; today: string }): types.ModalView {
  const { locale } = input_;
  const urgencies = (['extra_urgent', 'urgent', 'normal'] as const).map((u) =>
    option(t(locale, `card.urgency.${u}`), u),
  );
  const secrecies = SECRECY_LEVELS.map((s) => option(t(locale, `doc.new.secrecy.${s}`), s));
  const categories = INCOMING_CATEGORIES.map((c) => option(INCOMING_CATEGORY_LABELS[c][locale], c));
  return modal(locale, CALLBACK_IDS.docReceiveModal, 'doc.receive.title', [
    // The level first: it decides which of the fields below may be filled in.
    input(
      locale,
      BLOCK_IDS.docReceiveSecrecy,
      'doc.new.secrecy.label',
      {
        type: 'static_select',
        action_id: ACTION_IDS.docReceiveSecrecySelect,
        options: secrecies,
        initial_option: secrecies[1],
      },
      { hint: 'doc.receive.secrecy_hint' },
    ),
    input(
      locale,
      BLOCK_IDS.docReceiveTitle,
      'doc.receive.field.title',
      textElement(ACTION_IDS.docReceiveTitleInput, 200),
      { optional: true, hint: 'doc.receive.field.required_unless_classified' },
    ),
    input(
      locale,
      BLOCK_IDS.docReceiveIssuer,
      'doc.receive.field.issuer',
      textElement(ACTION_IDS.docReceiveIssuerInput, 200),
      { optional: true, hint: 'doc.receive.field.required_unless_classified' },
    ),
    input(
      locale,
      BLOCK_IDS.docReceiveTheirNumber,
      'doc.receive.field.their_number',
      textElement(ACTION_IDS.docReceiveTheirNumberInput, 100),
      { optional: true, hint: 'doc.receive.field.their_number_hint' },
    ),
    input(
      locale,
      BLOCK_IDS.docReceiveDate,
      'doc.receive.field.date',
      textElement(ACTION_IDS.docReceiveDateInput, 10, input_.today),
      {
        hint: 'doc.receive.field.date_hint',
      },
    ),
    input(locale, BLOCK_IDS.docReceiveCategory, 'doc.receive.field.category', {
      type: 'static_select',
      action_id: ACTION_IDS.docReceiveCategorySelect,
      options: categories,
      initial_option: categories[0],
    }),
    input(locale, BLOCK_IDS.docReceiveUrgency, 'doc.new.urgency.label', {
      type: 'static_select',
      action_id: ACTION_IDS.docReceiveUrgencySelect,
      options: urgencies,
      initial_option: urgencies[2],
    }),
    input(
      locale,
      BLOCK_IDS.docReceiveCopies,
      'doc.new.copies.label',
      textElement(ACTION_IDS.docReceiveCopiesInput, 10),
      {
        optional: true,
      },
    ),
    input(
      locale,
      BLOCK_IDS.docReceiveLink,
      'doc.receive.field.link',
      textElement(ACTION_IDS.docReceiveLinkInput, 1000),
      { optional: true, hint: 'doc.receive.field.empty_if_classified' },
    ),
  ]);
}

/** Where the instruction form's fields sit in the modal, without its metadata. */
export const INSTRUCT_FIELD_SLOTS: SlackFormBinding['fields'] = {
  [INSTRUCT_FIELDS.comment]: {
    blockId: BLOCK_IDS.docInstructComment,
    actionId: ACTION_IDS.docInstructCommentInput,
  },
  [INSTRUCT_FIELDS.leadDepartment]: {
    blockId: BLOCK_IDS.docInstructLead,
    actionId: ACTION_IDS.docInstructLeadSelect,
  },
  [INSTRUCT_FIELDS.handler]: {
    blockId: BLOCK_IDS.docInstructHandler,
    actionId: ACTION_IDS.docInstructHandlerSelect,
  },
  [INSTRUCT_FIELDS.coDepartments]: {
    blockId: BLOCK_IDS.docInstructCo,
    actionId: ACTION_IDS.docInstructCoSelect,
  },
  [INSTRUCT_FIELDS.readers]: {
    blockId: BLOCK_IDS.docInstructReaders,
    actionId: ACTION_IDS.docInstructReadersSelect,
  },
  [INSTRUCT_FIELDS.handlingDays]: {
    blockId: BLOCK_IDS.docInstructDays,
    actionId: ACTION_IDS.docInstructDaysInput,
  },
};

/** The director's instruction (批办) for the item `ref` points at, drawn from its FormSpec. */
export function buildDocInstructModal(input_: {
  locale: Locale;
  ref: ActionRef;
  departments: readonly IncomingChoice[];
  /** People who may handle it: "name · department", value = person id. */
  handlers: readonly IncomingChoice[];
  /** Leaders who may read it. */
  leaders: readonly IncomingChoice[];
}): types.ModalView {
  const { locale, ref, ...choices } = input_;
  return renderSlackModal(
    instructFormSpec(choices),
    {
      callbackId: CALLBACK_IDS.docInstructModal,
      privateMetadata: encodeModalMetadata(ref),
      fields: INSTRUCT_FIELD_SLOTS,
    },
    locale,
  );
}
