// Short forms on the card itself: the template's panel shows a form (DingTalk's form component,
// driven by a JSON variable) or a confirmation, for one viewer, in their private data. A press of a
// button whose value says it needs a form or a confirmation is answered (in the ACK's card update)
// with the panel for that action; the panel's submit sends the same action and value back with
// the form's values. A form the card cannot draw (a person picker without a list of people, more
// fields than a card should carry) goes to the web form instead: {@link formPanel} says null.

import type { Locale } from '../../../shared/i18n.ts';
import { t } from '../../../shared/i18n.ts';
import { type FormField, type FormSpec, formText } from '../../core/form-spec.ts';
import { inertText, MD_LINE_BREAK, plainLine } from '../markdown.ts';
import { type CardParamMap, PANEL_VARS } from './template.ts';

/** Most fields a panel draws; a longer form is the web form's. */
export const PANEL_FIELDS_MAX = 4;

/** Most choices a panel's select offers. */
export const PANEL_OPTIONS_MAX = 50;

/** What the panel's submit sends back: the action and value of the button that opened it. */
export interface PanelTarget {
  action: string;
  value: string;
}

/** A field of DingTalk's form variable (the form component's `fields`). */
interface DingTalkFormField {
  name: string;
  label: string;
  type: 'TEXT' | 'DATE' | 'SELECT' | 'MULTI_SELECT';
  required?: boolean;
  placeholder?: string;
  defaultValue?: string | { index: number; value: string };
  options?: Array<{ value: string; text: string }>;
}

/**
 * The panel for `spec` (its notices as the panel's text, its fields as the form), or null when a
 * field has no DingTalk form equivalent here (a person without options, a checkbox list) or there
 * are more than {@link PANEL_FIELDS_MAX} fields.
 */
export function formPanel(spec: FormSpec, locale: Locale, target: PanelTarget): CardParamMap | null {
  if (spec.fields.length > PANEL_FIELDS_MAX) return null;
  const fields: DingTalkFormField[] = [];
  for (const field of spec.fields) {
    const drawn = formFieldOf(field, locale);
    if (drawn === null) return null;
    fields.push(drawn);
  }
  const lines = [`**${inertText(formText(spec.title, locale))}**`];
  for (const notice of spec.notices) {
    for (const line of notice.lines) lines.push(inertText(formText(line, locale)));
  }
  return {
    [PANEL_VARS.show]: 'true',
    [PANEL_VARS.text]: lines.join(MD_LINE_BREAK),
    [PANEL_VARS.form]: JSON.stringify({ fields }),
    [PANEL_VARS.submitText]: plainLine(formText(spec.submitLabel ?? { key: 'modal.submit' }, locale), 20),
    [PANEL_VARS.cancelText]: plainLine(t(locale, 'modal.close'), 20),
    [PANEL_VARS.action]: target.action,
    [PANEL_VARS.value]: target.value,
  };
}

/** A confirmation on the panel: its words, and a submit that sends the action; no fields. */
export function confirmPanel(
  confirm: { title: string; text: string; confirm: string; deny: string },
  target: PanelTarget,
): CardParamMap {
  return {
    [PANEL_VARS.show]: 'true',
    [PANEL_VARS.text]: `**${inertText(confirm.title)}**${MD_LINE_BREAK}${inertText(confirm.text, { multiline: true })}`,
    [PANEL_VARS.form]: JSON.stringify({ fields: [] }),
    [PANEL_VARS.submitText]: plainLine(confirm.confirm, 20),
    [PANEL_VARS.cancelText]: plainLine(confirm.deny, 20),
    [PANEL_VARS.action]: target.action,
    [PANEL_VARS.value]: target.value,
  };
}

/** The panel closed (after a submit or a cancel). */
export function closedPanel(): CardParamMap {
  return {
    [PANEL_VARS.show]: 'false',
    [PANEL_VARS.text]: '',
    [PANEL_VARS.form]: JSON.stringify({ fields: [] }),
    [PANEL_VARS.action]: '',
    [PANEL_VARS.value]: '',
  };
}

function formFieldOf(field: FormField, locale: Locale): DingTalkFormField | null {
  const base = {
    name: field.id,
    label: plainLine(formText(field.label, locale), 40),
    ...(field.required ? { required: true } : {}),
    ...(field.placeholder ? { placeholder: plainLine(formText(field.placeholder, locale), 60) } : {}),
  };
  switch (field.kind) {
    case 'text':
    case 'long_text':
    case 'url':
      return { ...base, type: 'TEXT', ...(field.initial ? { defaultValue: field.initial } : {}) };
    case 'number':
      return {
        ...base,
        type: 'TEXT',
        ...(field.initial !== undefined && field.initial !== null
          ? { defaultValue: String(field.initial) }
          : {}),
      };
    case 'date':
      return { ...base, type: 'DATE', ...(field.initial ? { defaultValue: field.initial } : {}) };
    case 'select':
    case 'person': {
      if (field.options.length === 0 || field.options.length > PANEL_OPTIONS_MAX) return null;
      const options = field.options.map((o) => ({
        value: o.value,
        text: plainLine(formText(o.label, locale), 40),
      }));
      const index = field.initial ? options.findIndex((o) => o.value === field.initial) : -1;
      return {
        ...base,
        type: 'SELECT',
        options,
        ...(index >= 0 ? { defaultValue: { index, value: options[index]?.value ?? '' } } : {}),
      };
    }
    case 'multi_select':
    case 'checkbox': {
      if (field.options.length === 0 || field.options.length > PANEL_OPTIONS_MAX) return null;
      const options = field.options.map((o) => ({
        value: o.value,
        text: plainLine(formText(o.label, locale), 40),
      }));
      return { ...base, type: 'MULTI_SELECT', options };
    }
  }
}
