// A short form of choices as a WeCom selection card, instead of the web-form link: WeCom's
// `multiple_interaction` card (up to three drop-down selects, `select_list`) for a form of single
// choices, its `vote_interaction` card (`checkbox`, mode 1: several ticks) for a form of one
// multiple choice, each with a submit button (developer.work.weixin.qq.com/document/path/90236).
// The submit posts `template_card_event` with the button's key and the choices made
// (`SelectedItems`: each question's key and the option ids chosen); see selection-forms.ts.
//
// WeCom's limits (from that page and its SDKs' structs): at most 3 selects, each of 1 to 10
// options; a checkbox of 1 to 20 options; an option id at most 128 bytes and unique within its
// question; a question_key and the submit key at most 1,024 bytes each; option text "建议不超过"
// 16 characters for a select and 17 for a checkbox, submit text 10 (cut with `…`). A form that
// does not fit (any text, number, date or person field, more choices, a select that may be left
// empty: WeCom's drop-down always holds one, the first unless another is chosen) keeps its link.

import { z } from 'zod';
import type { Locale } from '../../../shared/i18n.ts';
import { truncateText } from '../../../shared/text.ts';
import { type FormField, type FormInput, type FormSpec, formText } from '../../core/form-spec.ts';
import type { SelectedItem } from '../callback-xml.ts';
import { readCardKey, TEMPLATE_CARD_LIMITS, taskIdOf } from './template-card.ts';

/** WeCom's limits on its selection cards (see the top of this file). */
export const SELECTION_CARD_LIMITS = {
  selects: 3,
  selectOptions: 10,
  checkboxOptions: 20,
  optionIdBytes: 128,
  questionKeyBytes: 1024,
  submitKeyBytes: 1024,
  selectOptionText: 16,
  checkboxOptionText: 17,
  submitText: 10,
} as const;

/** A selection card, as message/send takes it. */
export type SelectionCard = Record<string, unknown> & {
  card_type: 'multiple_interaction' | 'vote_interaction';
  task_id: string;
};

/** What a selection card's submit key records: the form and what it is about (a web link's params). */
export interface SelectionSubmitKey {
  formId: string;
  params: Readonly<Record<string, string>>;
}

const SubmitKeySchema = z.strictObject({
  sf: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/),
  p: z.record(z.string().max(200), z.string().max(1000)),
});

/** The submit button's key; null when it would pass WeCom's 1,024 bytes. */
export function encodeSubmitKey(key: SelectionSubmitKey): string | null {
  const raw = JSON.stringify({ sf: key.formId, p: key.params });
  return Buffer.byteLength(raw, 'utf8') <= SELECTION_CARD_LIMITS.submitKeyBytes ? raw : null;
}

/** A submit's EventKey read back; null for anything that is not a selection card's key. Never throws. */
export function parseSubmitKey(raw: string): SelectionSubmitKey | null {
  const read = readCardKey(raw, SubmitKeySchema);
  return read === null ? null : { formId: read.sf, params: read.p };
}

type ChoiceField = Extract<FormField, { kind: 'select' | 'multi_select' | 'checkbox' }>;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Whether the field's options can be a WeCom question's: `max` at most, ids short and distinct. */
function optionsFit(field: ChoiceField, max: number): boolean {
  const ids = field.options.map((option) => option.value);
  return (
    ids.length >= 1 &&
    ids.length <= max &&
    new Set(ids).size === ids.length &&
    ids.every((id) => id !== '' && bytes(id) <= SELECTION_CARD_LIMITS.optionIdBytes) &&
    bytes(field.id) <= SELECTION_CARD_LIMITS.questionKeyBytes
  );
}

/** Whether a select holds a value from the start (WeCom's drop-down always holds one). */
function neverEmpty(field: ChoiceField): boolean {
  return field.required || (field.kind === 'select' && field.options.some((o) => o.value === field.initial));
}

/**
 * Which selection card `spec` fits on, or null when it keeps its web-form link: up to three selects
 * of up to ten options each → `multiple_interaction`; one multiple choice of up to twenty, or one
 * select of more than ten (a single-choice vote, mode 0) → `vote_interaction`.
 */
export function selectionCardKindOf(spec: FormSpec): SelectionCard['card_type'] | null {
  const { fields } = spec;
  if (spec.submitLabel === null || fields.length === 0) return null;
  const choices = fields.filter(
    (field): field is ChoiceField =>
      field.kind === 'select' || field.kind === 'multi_select' || field.kind === 'checkbox',
  );
  if (choices.length !== fields.length) return null;
  const selects = choices.every((field) => field.kind === 'select');
  if (
    selects &&
    choices.length <= SELECTION_CARD_LIMITS.selects &&
    choices.every((field) => neverEmpty(field) && optionsFit(field, SELECTION_CARD_LIMITS.selectOptions))
  ) {
    return 'multiple_interaction';
  }
  const [only] = choices;
  if (choices.length !== 1 || only === undefined) return null;
  if (only.kind === 'select' && !neverEmpty(only)) return null;
  return optionsFit(only, SELECTION_CARD_LIMITS.checkboxOptions) ? 'vote_interaction' : null;
}

const cut = (text: string, max: number) => truncateText(text.replace(/\s+/g, ' ').trim(), max);

/**
 * `spec` as a selection card for a person reading `locale`, whose submit names `key`; null when
 * the form does not fit on one (it keeps its web-form link). Its notices are the text under the
 * title (cut to WeCom's 160 characters: the form's own words, not the choices, are what is cut).
 */
export function renderSelectionCard(
  spec: FormSpec,
  locale: Locale,
  input: { key: SelectionSubmitKey; taskId: string },
): SelectionCard | null {
  const kind = selectionCardKindOf(spec);
  const submitKey = encodeSubmitKey(input.key);
  if (kind === null || submitKey === null || spec.submitLabel === null) return null;
  const say = (text: Parameters<typeof formText>[0]) => formText(text, locale);
  const notes = spec.notices.flatMap((notice) => notice.lines.map(say)).filter((line) => line.trim() !== '');
  const base = {
    main_title: { title: cut(say(spec.title), TEMPLATE_CARD_LIMITS.title) },
    ...(notes.length > 0
      ? { sub_title_text: truncateText(notes.join('\n'), TEMPLATE_CARD_LIMITS.subTitle) }
      : {}),
    task_id: taskIdOf(input.taskId),
    submit_button: { text: cut(say(spec.submitLabel), SELECTION_CARD_LIMITS.submitText), key: submitKey },
  };
  const fields = spec.fields as readonly ChoiceField[];
  if (kind === 'multiple_interaction') {
    return {
      card_type: kind,
      ...base,
      select_list: fields.map((field) => {
        const initial = field.kind === 'select' ? field.initial : null;
        return {
          question_key: field.id,
          title: cut(say(field.label), TEMPLATE_CARD_LIMITS.title),
          ...(initial && field.options.some((o) => o.value === initial) ? { selected_id: initial } : {}),
          option_list: field.options.map((option) => ({
            id: option.value,
            text: cut(say(option.label), SELECTION_CARD_LIMITS.selectOptionText),
          })),
        };
      }),
    };
  }
  const [field] = fields as [ChoiceField];
  const checked = new Set(
    field.kind === 'select' ? (field.initial ? [field.initial] : []) : (field.initial ?? []),
  );
  return {
    card_type: kind,
    ...base,
    // The question's label heads the list: a vote card has no title of its own for it.
    main_title: { ...base.main_title, desc: cut(say(field.label), TEMPLATE_CARD_LIMITS.titleDesc) },
    checkbox: {
      question_key: field.id,
      mode: field.kind === 'select' ? 0 : 1,
      option_list: field.options.map((option) => ({
        id: option.value,
        text: cut(say(option.label), SELECTION_CARD_LIMITS.checkboxOptionText),
        is_checked: checked.has(option.value),
      })),
    },
  };
}

/**
 * The choices a submit carried as the form's input, by field id: a select's one option, a multiple
 * choice's every option; a field the submit did not answer is left out (the form's check then
 * says what is missing). The values are as WeCom sent them: `validateForm` checks each.
 */
export function selectionInputOf(spec: FormSpec, selected: readonly SelectedItem[]): FormInput {
  const input: Record<string, string | string[]> = {};
  for (const field of spec.fields) {
    const item = selected.find((answer) => answer.questionKey === field.id);
    if (item === undefined) continue;
    input[field.id] = field.kind === 'select' ? (item.optionIds[0] ?? '') : [...item.optionIds];
  }
  return input;
}
