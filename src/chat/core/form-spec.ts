// A form as data, with no platform in it: what it asks, in which words, what it starts with and
// how a submission is checked. A platform renders it (a modal where it has one, a web page served
// by the bot otherwise) and reads a submission back into a `FormInput`; `validateForm` is then the
// one check every platform's submission goes through, so a wrong value is refused with the same
// words wherever it was typed.
//
// The field kinds are those of the bot's forms today: one-line and long text, counts typed as text
// (full-width digits and a unit allowed), dates typed as YYYY-MM-DD, links, a choice from a menu or
// from buttons, several choices, a person of the directory, and ticks.

import { type Locale, type MessageKey, translateDynamic } from '../../shared/i18n.ts';

/**
 * Words shown to a person: a catalog message (whose parameters may be words themselves), a pair of
 * translations (a seal's names, a step's label), text as typed (a title) shown as is in every
 * language, several of these in a row (`parts`), or words a platform may emphasise (`strong`: a
 * name in a sentence; the emphasis is the renderer's, the text carries no markup).
 */
export type FormText =
  | { readonly key: MessageKey; readonly params?: FormTextParams }
  | { readonly zh: string; readonly en: string | null }
  | { readonly text: string }
  | { readonly parts: readonly FormText[] }
  | { readonly strong: FormText };

/** The parameters of a catalog message: values, or words shown in the same language. */
export type FormTextParams = Readonly<Record<string, string | number | FormText>>;

/** One choice of a select, radio, multi-select, person or checkbox field. */
export interface FormOption {
  readonly value: string;
  readonly label: FormText;
}

/** What every field has. */
interface FieldBase {
  /** Unique within the form; errors and submitted values are keyed by it. */
  readonly id: string;
  readonly label: FormText;
  readonly required: boolean;
  /** Shown under the field. */
  readonly hint?: FormText;
  /** Shown inside an empty field. */
  readonly placeholder?: FormText;
  /**
   * The words of a refusal when the form's own differ from the generic ones: `required` for a
   * missing value, `invalid` for one that cannot be read or is not offered, `tooMany` for more
   * choices than `maxSelected` (`invalid` when not given).
   */
  readonly messages?: {
    readonly required?: FormText;
    readonly invalid?: FormText;
    readonly tooMany?: FormText;
  };
}

/** A text field: one line (`text`), several (`long_text`), or an http(s) link (`url`). */
export interface TextField extends FieldBase {
  readonly kind: 'text' | 'long_text' | 'url';
  readonly maxLength: number;
  readonly initial?: string | null;
}

/** A whole number typed as text: full-width digits, spaces and one of `units` after it are read. */
export interface NumberField extends FieldBase {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
  /** Longest text accepted in the box (a platform limits typing to it). */
  readonly maxLength: number;
  /** Words allowed after the number (份, 次…). */
  readonly units?: readonly string[];
  /** A number, or the text as typed when the form is shown again after a refusal. */
  readonly initial?: number | string | null;
}

/** A calendar day, YYYY-MM-DD (the unit's calendar; no time, no zone). */
export interface DateField extends FieldBase {
  readonly kind: 'date';
  readonly initial?: string | null;
}

/**
 * One choice among `options`: a menu, or buttons (`style: 'radio'`) for a few choices always
 * shown. With `optionsChecked: false` the options are only what the form offers (the service
 * checks the value again, and a submission may be read without loading the options).
 */
export interface SelectField extends FieldBase {
  readonly kind: 'select';
  readonly options: readonly FormOption[];
  readonly style?: 'menu' | 'radio';
  readonly optionsChecked?: boolean;
  readonly initial?: string | null;
}

/**
 * Several choices among `options`: a menu of many (`multi_select`) or ticks (`checkbox`). With
 * `optionsChecked: false` the options are only what the form offered when drawn (the service
 * checks each value again: a list read anew at submission may have changed meanwhile).
 */
export interface MultiChoiceField extends FieldBase {
  readonly kind: 'multi_select' | 'checkbox';
  readonly options: readonly FormOption[];
  readonly optionsChecked?: boolean;
  readonly maxSelected?: number;
  readonly initial?: readonly string[];
}

/**
 * A person of the directory, by person id. `options` are the people offered; with none, the
 * platform offers its own people picker and maps the choice to a person before validation.
 */
export interface PersonField extends FieldBase {
  readonly kind: 'person';
  readonly options: readonly FormOption[];
  readonly initial?: string | null;
}

/** A field of a form. */
export type FormField = TextField | NumberField | DateField | SelectField | MultiChoiceField | PersonField;

/** The kinds of field a platform must be able to render. */
export type FormFieldKind = FormField['kind'];

/**
 * Text above the fields: the item's title (`heading`), a warning that holds for the whole form
 * (`caution`), a short explanation of the form (`note`), what could not be read from a command
 * (`problems`, one line each), the reason there is nothing to fill in (`message`, with no
 * submit label), or what sending the form will do, as its first paragraph (`intro`, where
 * emphasis is kept).
 */
export interface FormNotice {
  readonly kind: 'heading' | 'caution' | 'note' | 'problems' | 'message' | 'intro';
  readonly lines: readonly FormText[];
}

/** A form, its words and its checks. */
export interface FormSpec {
  /** Stable name of the form (`workflow.action`, `seal.request`): signed into web links. */
  readonly id: string;
  readonly title: FormText;
  /** The send button; null when the form has nothing to send (it only says why). */
  readonly submitLabel: FormText | null;
  readonly notices: readonly FormNotice[];
  readonly fields: readonly FormField[];
  /**
   * Checks across fields, run once every field has passed its own: refusals by field id. Values
   * are those `validateForm` read.
   */
  readonly check?: (values: FormValues) => Readonly<Record<string, FormText>>;
}

/** What was submitted, as text, by field id (a platform's reading of its form). */
export type FormInput = Readonly<Record<string, string | readonly string[] | null | undefined>>;

/** A field's value once read: trimmed text or null, a number, a choice, or the choices made. */
export type FormValue = string | number | readonly string[] | null;

/** Submitted values once read, by field id. */
export type FormValues = Readonly<Record<string, FormValue>>;

/** The outcome of `validateForm`: the values, or a refusal per field in the person's language. */
export type FormValidation =
  | { ok: true; values: FormValues }
  | { ok: false; errors: Record<string, string>; values: FormValues };

/** `text` in `locale`; English falls back to Chinese where a pair has none. */
export function formText(text: FormText, locale: Locale): string {
  if ('text' in text) return text.text;
  if ('parts' in text) return text.parts.map((part) => formText(part, locale)).join('');
  if ('strong' in text) return formText(text.strong, locale);
  if ('key' in text) {
    return (
      translateDynamic(
        locale,
        text.key,
        resolveParams(text.params, (words) => formText(words, locale)),
      ) ?? text.key
    );
  }
  return locale === 'en' ? (text.en ?? text.zh) : text.zh;
}

/** `params` with the words among them put into text by `say` (values stay as they are). */
export function resolveParams(
  params: FormTextParams | undefined,
  say: (words: FormText) => string,
): Record<string, string | number> {
  const resolved: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params ?? {})) {
    resolved[name] = typeof value === 'object' ? say(value) : value;
  }
  return resolved;
}

/** A catalog message as FormText. */
export function message(key: MessageKey, params?: FormTextParams): FormText {
  return params ? { key, params } : { key };
}

/** Whether `text` is an http(s) link with a host and no spaces. */
export function isHttpUrl(text: string): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A whole number typed as text, within `min`…`max`: full-width digits and spaces are read, and
 * one of `units` may follow it. Null for anything else.
 */
export function readWholeNumber(
  typed: string,
  range: { min: number; max: number; units?: readonly string[] },
): number | null {
  let text = typed.normalize('NFKC').replace(/\s+/gu, '');
  for (const unit of range.units ?? []) {
    if (text.endsWith(unit)) {
      text = text.slice(0, -unit.length);
      break;
    }
  }
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= range.min && value <= range.max ? value : null;
}

/** Whether `text` is a real calendar day written YYYY-MM-DD. */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const GENERIC = {
  required: message('form.error.required'),
  invalid: message('form.error.invalid'),
} as const;

/**
 * Reads and checks a submission against `spec`: every field's own rule first, then the form's
 * `check`. Refusals are in `locale`, keyed by field id; the values read are returned either way,
 * so a page can show the form again with what the person typed.
 */
export function validateForm(spec: FormSpec, input: FormInput, locale: Locale): FormValidation {
  const values: Record<string, FormValue> = {};
  const errors: Record<string, string> = {};
  for (const field of spec.fields) {
    const read = readField(field, input[field.id]);
    values[field.id] = read.value;
    if (read.problem === 'required') {
      errors[field.id] = formText(field.messages?.required ?? GENERIC.required, locale);
    } else if (read.problem === 'invalid') {
      errors[field.id] = formText(field.messages?.invalid ?? read.generic ?? GENERIC.invalid, locale);
    } else if (read.problem === 'too_many') {
      const words = field.messages?.tooMany ?? field.messages?.invalid ?? read.generic ?? GENERIC.invalid;
      errors[field.id] = formText(words, locale);
    }
  }
  if (Object.keys(errors).length === 0 && spec.check) {
    for (const [id, words] of Object.entries(spec.check(values))) errors[id] = formText(words, locale);
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors, values } : { ok: true, values };
}

/** The raw text of a single-valued input. */
function single(raw: FormInput[string]): string {
  if (typeof raw === 'string') return raw;
  return raw?.[0] ?? '';
}

/** The raw choices of a multi-valued input. */
function many(raw: FormInput[string]): string[] {
  if (raw === null || raw === undefined) return [];
  return (typeof raw === 'string' ? [raw] : [...raw]).filter((v) => v !== '');
}

type FieldReading = {
  value: FormValue;
  problem?: 'required' | 'invalid' | 'too_many';
  /** A more telling generic refusal than "invalid" (too long, not a number…). */
  generic?: FormText;
};

function readField(field: FormField, raw: FormInput[string]): FieldReading {
  switch (field.kind) {
    case 'text':
    case 'long_text':
    case 'url': {
      const text = single(raw).trim();
      if (!text) return field.required ? { value: null, problem: 'required' } : { value: null };
      if (text.length > field.maxLength) {
        return {
          value: text,
          problem: 'invalid',
          generic: message('form.error.too_long', { max: field.maxLength }),
        };
      }
      if (field.kind === 'url' && !isHttpUrl(text)) {
        return { value: text, problem: 'invalid', generic: message('form.error.url') };
      }
      return { value: text };
    }
    case 'number': {
      const text = single(raw).trim();
      if (!text) return field.required ? { value: null, problem: 'required' } : { value: null };
      const value = text.length <= field.maxLength ? readWholeNumber(text, field) : null;
      if (value === null) {
        return {
          value: text,
          problem: 'invalid',
          generic: message('form.error.number', { min: field.min, max: field.max }),
        };
      }
      return { value };
    }
    case 'date': {
      const text = single(raw).trim().normalize('NFKC');
      if (!text) return field.required ? { value: null, problem: 'required' } : { value: null };
      if (!isCalendarDay(text))
        return { value: text, problem: 'invalid', generic: message('form.error.date') };
      return { value: text };
    }
    case 'select':
    case 'person': {
      const value = single(raw).trim();
      if (!value) return field.required ? { value: null, problem: 'required' } : { value: null };
      const checked = field.kind === 'person' ? field.options.length > 0 : field.optionsChecked !== false;
      if (checked && !field.options.some((o) => o.value === value)) {
        return { value: null, problem: 'invalid', generic: message('form.error.option') };
      }
      return { value };
    }
    case 'multi_select':
    case 'checkbox': {
      const chosen = [...new Set(many(raw))];
      if (chosen.length === 0) return field.required ? { value: [], problem: 'required' } : { value: [] };
      const offered = new Set(field.options.map((o) => o.value));
      const known = field.optionsChecked === false ? chosen : chosen.filter((v) => offered.has(v));
      if (known.length !== chosen.length) {
        return { value: known, problem: 'invalid', generic: message('form.error.option') };
      }
      if (field.maxSelected !== undefined && known.length > field.maxSelected) {
        return {
          value: known,
          problem: 'too_many',
          generic: message('form.error.too_many', { max: field.maxSelected }),
        };
      }
      return { value: known };
    }
  }
}

/** The field's value as text or null (a text, url, date, select or person field). */
export function textValue(values: FormValues, id: string): string | null {
  const value = values[id];
  return typeof value === 'string' ? value : null;
}

/** The field's value as a number or null (a number field that passed). */
export function numberValue(values: FormValues, id: string): number | null {
  const value = values[id];
  return typeof value === 'number' ? value : null;
}

/** The choices made in a multi-select or checkbox field. */
export function choicesValue(values: FormValues, id: string): readonly string[] {
  const value = values[id];
  return Array.isArray(value) ? value : [];
}

/**
 * The values a form shows again after a refusal: what the person sent, by field id, as the
 * `initial` of each field (a platform without in-place errors redraws the whole form).
 */
export function prefill(spec: FormSpec, input: FormInput): FormSpec {
  return {
    ...spec,
    fields: spec.fields.map((field): FormField => {
      const raw = input[field.id];
      switch (field.kind) {
        case 'multi_select':
        case 'checkbox':
          return { ...field, initial: many(raw) };
        default:
          // Shown as typed, even a number that could not be read.
          return { ...field, initial: single(raw) };
      }
    }),
  };
}
