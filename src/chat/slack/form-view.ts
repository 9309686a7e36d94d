// A FormSpec as a Slack modal, and a submitted modal read back into the FormSpec's input. The spec
// says what is asked; the binding says where Slack keeps it (callback id, metadata, the block and
// action id of each field, which `view.state.values` is keyed by), so views stay what they were
// when a form moves onto a spec.

import type { types } from '@slack/bolt';
import { type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import {
  type FormField,
  type FormInput,
  type FormNotice,
  type FormOption,
  type FormSpec,
  type FormText,
  formText,
  resolveParams,
} from '../core/form-spec.ts';
import { BLOCK_KIT_LIMITS, truncateText } from './blocks/limits.ts';
import { type Block, mrkdwn, plainText } from './blocks/message.ts';
import { bold, escapeMrkdwn } from './blocks/mrkdwn.ts';
import type { SlackViewStateValues } from './view-state.ts';

/** Where Slack keeps one field of a form. */
export interface SlackFieldBinding {
  blockId: string;
  actionId: string;
  /**
   * A person field drawn without people to offer: the action id of Slack's own people picker,
   * whose value is a Slack user id the listener maps to a person.
   */
  userActionId?: string;
  /** Leave `optional` out of a required field's block (Slack's default), as the form always did. */
  omitOptional?: boolean;
  /**
   * Slack asks for a value here although the spec leaves the field optional and the form's own
   * check decides (the first line of a list, which must not be empty when the others are).
   */
  required?: boolean;
  /** Slack's own hint for the field, where Slack words it its own way (a Slack file's link). */
  hint?: FormText;
}

/** How a FormSpec sits in a Slack modal. */
export interface SlackFormBinding {
  callbackId: string;
  /** Left out of the view when undefined (forms that never carried any). */
  privateMetadata?: string;
  /** By field id; every field of the spec has one. */
  fields: Readonly<Record<string, SlackFieldBinding>>;
  /** Block ids of notices, by notice kind, where a form names them. */
  noticeBlockIds?: Partial<Record<FormNotice['kind'], string>>;
}

/** Where a form's fields sit in its modal, given what it is about (its params). */
export type SlackFormBindingOf = (params: Readonly<Record<string, string>>) => SlackFormBinding;

/** Most options a static_select takes. */
const SELECT_OPTIONS_MAX = 100;
/** Option text and value limits (@slack/types: 75 each). */
const OPTION_TEXT_MAX = 75;
const OPTION_VALUE_MAX = 75;
/** Longest label and hint Slack takes. */
const LABEL_MAX = 2000;
/** The item's title at the top of a form is cut here: it is context, not the form. */
const HEADING_MAX = 500;
/** Longest date a person types: YYYY-MM-DD. */
const DATE_MAX = 10;
/** A note above the fields is cut here, as the forms always cut their notes. */
const NOTE_MAX = 2000;

/** The modal of `spec` in `locale`, laid out by `binding`. */
export function renderSlackModal(spec: FormSpec, binding: SlackFormBinding, locale: Locale): types.ModalView {
  const say = (text: FormText) => formText(text, locale);
  const blocks: Block[] = [];
  for (const notice of spec.notices) blocks.push(noticeBlock(notice, binding, say, locale));
  for (const field of spec.fields) {
    const slot = binding.fields[field.id];
    if (!slot) throw new Error(`the Slack binding of form ${spec.id} has no slot for field ${field.id}`);
    blocks.push(fieldBlock(field, slot, say));
  }
  return {
    type: 'modal',
    callback_id: binding.callbackId,
    ...(binding.privateMetadata === undefined ? {} : { private_metadata: binding.privateMetadata }),
    title: plainText(truncateText(say(spec.title), BLOCK_KIT_LIMITS.modalTitle)),
    ...(spec.submitLabel
      ? { submit: plainText(truncateText(say(spec.submitLabel), BLOCK_KIT_LIMITS.modalTitle)) }
      : {}),
    close: plainText(truncateText(t(locale, 'modal.close'), BLOCK_KIT_LIMITS.modalTitle)),
    blocks,
  };
}

function noticeBlock(
  notice: FormNotice,
  binding: SlackFormBinding,
  say: (text: FormText) => string,
  locale: Locale,
): Block {
  const lines = notice.lines.map(say);
  const blockId = binding.noticeBlockIds?.[notice.kind];
  switch (notice.kind) {
    case 'heading':
      return {
        type: 'context',
        ...(blockId ? { block_id: blockId } : {}),
        elements: [mrkdwn(`*${escapeMrkdwn(truncateText(lines.join(' '), HEADING_MAX))}*`)],
      };
    case 'caution':
      return {
        type: 'context',
        ...(blockId ? { block_id: blockId } : {}),
        elements: [mrkdwn(escapeMrkdwn(lines.join('\n')))],
      };
    case 'note':
      return {
        type: 'context',
        ...(blockId ? { block_id: blockId } : {}),
        elements: [plainText(truncateText(lines.join('\n'), NOTE_MAX))],
      };
    case 'problems':
      return {
        type: 'context',
        ...(blockId ? { block_id: blockId } : {}),
        elements: [
          mrkdwn(
            truncateText(
              lines.map((line) => `⚠️ ${escapeMrkdwn(line)}`).join('\n'),
              BLOCK_KIT_LIMITS.sectionText,
            ),
          ),
        ],
      };
    case 'message':
      return {
        type: 'section',
        ...(blockId ? { block_id: blockId } : {}),
        text: plainText(truncateText(lines.join('\n'), BLOCK_KIT_LIMITS.sectionText)),
      };
    case 'intro':
      return {
        type: 'section',
        ...(blockId ? { block_id: blockId } : {}),
        text: mrkdwn(
          truncateText(
            notice.lines.map((line) => slackMrkdwn(line, locale)).join('\n'),
            BLOCK_KIT_LIMITS.sectionText,
          ),
        ),
      };
  }
}

/**
 * `text` as mrkdwn: words as typed or translated are escaped, emphasised words are bold, and a
 * catalog message keeps its own words (the catalog carries no markup) around its parameters.
 */
export function slackMrkdwn(text: FormText, locale: Locale): string {
  if ('strong' in text) return bold(slackMrkdwn(text.strong, locale));
  if ('parts' in text) return text.parts.map((part) => slackMrkdwn(part, locale)).join('');
  if ('key' in text) {
    const params = resolveParams(text.params, (words) => slackMrkdwn(words, locale));
    for (const [name, value] of Object.entries(text.params ?? {})) {
      if (typeof value === 'string') params[name] = escapeMrkdwn(value);
    }
    return translateDynamic(locale, text.key, params) ?? text.key;
  }
  return escapeMrkdwn(formText(text, locale));
}

function option(o: FormOption, say: (text: FormText) => string): types.PlainTextOption {
  return { text: plainText(truncateText(say(o.label), OPTION_TEXT_MAX)), value: o.value };
}

/** The options Slack can show: values within its limit, at most a menu's worth. */
function options(field: { options: readonly FormOption[] }, say: (text: FormText) => string) {
  return field.options
    .filter((o) => o.value.length > 0 && o.value.length <= OPTION_VALUE_MAX)
    .slice(0, SELECT_OPTIONS_MAX)
    .map((o) => option(o, say));
}

function hintOf(
  hint: FormText | undefined,
  say: (text: FormText) => string,
): { hint?: types.PlainTextElement } {
  return hint ? { hint: plainText(truncateText(say(hint), LABEL_MAX)) } : {};
}

function fieldBlock(field: FormField, slot: SlackFieldBinding, say: (text: FormText) => string): Block {
  const placeholder = field.placeholder
    ? { placeholder: plainText(truncateText(say(field.placeholder), BLOCK_KIT_LIMITS.placeholder)) }
    : {};
  const required = field.required || slot.required === true;
  const head = {
    type: 'input' as const,
    block_id: slot.blockId,
    ...(slot.omitOptional && required ? {} : { optional: !required }),
    label: plainText(truncateText(say(field.label), LABEL_MAX)),
    ...hintOf(slot.hint ?? field.hint, say),
  };
  switch (field.kind) {
    case 'text':
    case 'long_text':
    case 'url':
    case 'number':
    case 'date': {
      const max = field.kind === 'date' ? DATE_MAX : field.maxLength;
      const initial = field.initial === null || field.initial === undefined ? '' : String(field.initial);
      return {
        ...head,
        element: {
          type: 'plain_text_input',
          action_id: slot.actionId,
          ...(field.kind === 'long_text' ? { multiline: true } : {}),
          max_length: max,
          ...placeholder,
          ...(initial ? { initial_value: initial.slice(0, max) } : {}),
        },
      };
    }
    case 'select': {
      const shown = options(field, say);
      const chosen = shown.find((o) => o.value === field.initial);
      return {
        ...head,
        element: {
          type: field.style === 'radio' ? 'radio_buttons' : 'static_select',
          action_id: slot.actionId,
          ...placeholder,
          options: shown,
          ...(chosen ? { initial_option: chosen } : {}),
        } as types.StaticSelect | types.RadioButtons,
      };
    }
    case 'person': {
      const shown = options(field, say);
      if (shown.length === 0) {
        if (!slot.userActionId) throw new Error(`person field ${field.id} has no people and no Slack picker`);
        return { ...head, element: { type: 'users_select', action_id: slot.userActionId, ...placeholder } };
      }
      const chosen = shown.find((o) => o.value === field.initial);
      return {
        ...head,
        element: {
          type: 'static_select',
          action_id: slot.actionId,
          ...placeholder,
          options: shown,
          ...(chosen ? { initial_option: chosen } : {}),
        },
      };
    }
    case 'multi_select':
    case 'checkbox': {
      const shown = options(field, say);
      // In the order of `initial` (the order chosen), each once.
      const chosen = [...new Set(field.initial ?? [])]
        .map((value) => shown.find((o) => o.value === value))
        .filter((o) => o !== undefined);
      const initial = chosen.length > 0 ? { initial_options: chosen } : {};
      return {
        ...head,
        element:
          field.kind === 'checkbox'
            ? { type: 'checkboxes', action_id: slot.actionId, options: shown, ...initial }
            : {
                type: 'multi_static_select',
                action_id: slot.actionId,
                ...placeholder,
                options: shown,
                ...initial,
                ...(field.maxSelected ? { max_selected_items: field.maxSelected } : {}),
              },
      };
    }
  }
}

/** A submitted modal read back: the spec's input, and Slack users picked where no people were offered. */
export interface SlackFormReading {
  input: FormInput;
  /** Person fields answered with Slack's own picker: field id → Slack user id, to map to a person. */
  slackUsers: Record<string, string>;
}

/** Reads `view.state.values` by `binding`; never throws (a missing or odd value reads as empty). */
export function readSlackModal(
  binding: SlackFormBinding,
  values: SlackViewStateValues | null | undefined,
): SlackFormReading {
  const input: Record<string, string | string[]> = {};
  const slackUsers: Record<string, string> = {};
  for (const [fieldId, slot] of Object.entries(binding.fields)) {
    const block = values?.[slot.blockId];
    const state = block?.[slot.actionId];
    if (state && typeof state === 'object') {
      if (typeof state.value === 'string') input[fieldId] = state.value;
      else if (typeof state.selected_option?.value === 'string') input[fieldId] = state.selected_option.value;
      else if (Array.isArray(state.selected_options)) {
        input[fieldId] = state.selected_options
          .map((o: { value?: unknown }) => o?.value)
          .filter((v): v is string => typeof v === 'string');
      }
    }
    const picked = slot.userActionId ? block?.[slot.userActionId] : undefined;
    const user = (picked as { selected_user?: unknown } | undefined)?.selected_user;
    if (input[fieldId] === undefined && typeof user === 'string' && user) slackUsers[fieldId] = user;
  }
  return { input, slackUsers };
}

/** Field errors keyed by the block each field sits in, for `ack({ response_action: 'errors' })`. */
export function slackFormErrors(
  binding: SlackFormBinding,
  errors: Readonly<Record<string, string>>,
): Record<string, string> {
  const byBlock: Record<string, string> = {};
  for (const [fieldId, text] of Object.entries(errors)) {
    const blockId = binding.fields[fieldId]?.blockId;
    if (blockId) byBlock[blockId] = text;
  }
  return byBlock;
}
