// The forms of incoming documents (收文): registration by the secretary (`/doc receive`) and the
// director's instruction (批办), opened from the card's 批办 button. Fixed block and action ids
// (view.state.values is keyed by them); documents/incoming-submission.ts parses them.

import type { types } from '@slack/bolt';
import { INCOMING_CATEGORIES, INCOMING_CATEGORY_LABELS } from '../../../domain/documents/incoming.ts';
import { SECRECY_LEVELS } from '../../../domain/org.ts';
import { type Locale, type PlainMessageKey, t } from '../../../shared/i18n.ts';
import { type ActionRef, encodeModalMetadata } from '../action-values.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, plainText } from '../blocks/message.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';

/** A department or person offered by a form. */
export interface IncomingChoice {
  id: string;
  name: string;
  nameEn?: string | null;
}

const OPTIONS_MAX = 100;
const OPTION_TEXT_MAX = 75;

const option = (text: string, value: string) => ({
  text: plainText(truncateText(text, OPTION_TEXT_MAX)),
  value,
});
const choiceLabel = (choice: IncomingChoice, locale: Locale) =>
  locale === 'en' && choice.nameEn ? choice.nameEn : choice.name;

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

/** The director's instruction (批办) for the item `ref` points at. */
export function buildDocInstructModal(input_: {
  locale: Locale;
  ref: ActionRef;
  departments: readonly IncomingChoice[];
  /** People who may handle it: "name · department", value = person id. */
  handlers: readonly IncomingChoice[];
  /** Leaders who may read it. */
  leaders: readonly IncomingChoice[];
}): types.ModalView {
  const { locale } = input_;
  const departments = input_.departments
    .slice(0, OPTIONS_MAX)
    .map((d) => option(choiceLabel(d, locale), d.id));
  const handlers = input_.handlers.slice(0, OPTIONS_MAX).map((p) => option(choiceLabel(p, locale), p.id));
  const leaders = input_.leaders.slice(0, OPTIONS_MAX).map((p) => option(choiceLabel(p, locale), p.id));
  const blocks: Block[] = [
    input(
      locale,
      BLOCK_IDS.docInstructComment,
      'doc.instruct.field.comment',
      textElement(ACTION_IDS.docInstructCommentInput, 3000, undefined, true),
    ),
    input(locale, BLOCK_IDS.docInstructLead, 'doc.instruct.field.lead', {
      type: 'static_select',
      action_id: ACTION_IDS.docInstructLeadSelect,
      options: departments,
    }),
    input(
      locale,
      BLOCK_IDS.docInstructHandler,
      'doc.instruct.field.handler',
      {
        type: 'static_select',
        action_id: ACTION_IDS.docInstructHandlerSelect,
        options: handlers,
      },
      { hint: 'doc.instruct.field.handler_hint' },
    ),
    input(
      locale,
      BLOCK_IDS.docInstructCo,
      'doc.instruct.field.co',
      { type: 'multi_static_select', action_id: ACTION_IDS.docInstructCoSelect, options: departments },
      { optional: true },
    ),
    input(
      locale,
      BLOCK_IDS.docInstructReaders,
      'doc.instruct.field.readers',
      { type: 'multi_static_select', action_id: ACTION_IDS.docInstructReadersSelect, options: leaders },
      { optional: true, hint: 'doc.instruct.field.readers_hint' },
    ),
    input(
      locale,
      BLOCK_IDS.docInstructDays,
      'doc.instruct.field.days',
      textElement(ACTION_IDS.docInstructDaysInput, 3, '5'),
    ),
  ];
  return modal(
    locale,
    CALLBACK_IDS.docInstructModal,
    'doc.instruct.title',
    blocks,
    encodeModalMetadata(input_.ref),
  );
}
