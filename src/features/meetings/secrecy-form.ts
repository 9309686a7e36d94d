// The meeting request's secrecy level (公开/内部/秘密/机密/绝密, as documents have). A meeting at 秘密
// or above is tracked by its number only (workflow_instance.title null, reference the number): the
// form then takes no name, agenda, materials or reason, and refuses them when typed, so none of
// that text is stored or sent anywhere.

import {
  type FormField,
  type FormText,
  type FormValues,
  message,
  textValue,
} from '../../chat/core/form-spec.ts';
import { SECRECY_LEVELS, type SecrecyLevel } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';

/** Field ids of the secrecy part of the request form. */
export const SECRECY_FIELDS = { secrecy: 'secrecy', reference: 'reference' } as const;

/** Fields a classified meeting leaves empty: their text would say what the meeting is about. */
export const CLASSIFIED_EMPTY = ['name', 'agenda', 'materials', 'reason'] as const;

const LEVEL_KEYS = {
  public: 'meeting.secrecy.public',
  internal: 'meeting.secrecy.internal',
  secret: 'meeting.secrecy.secret',
  confidential: 'meeting.secrecy.confidential',
  top_secret: 'meeting.secrecy.top_secret',
} as const satisfies Record<SecrecyLevel, string>;

/** The secrecy level and the meeting's number (required at 秘密 and above). */
export function secrecyFields(): FormField[] {
  return [
    {
      id: SECRECY_FIELDS.secrecy,
      kind: 'select',
      label: message('meeting.secrecy.label'),
      hint: message('meeting.secrecy.hint'),
      // 内部 when none is chosen.
      required: false,
      options: SECRECY_LEVELS.map((level) => ({ value: level, label: message(LEVEL_KEYS[level]) })),
      initial: 'internal',
      messages: { invalid: message('meeting.secrecy.error.level') },
    },
    {
      id: SECRECY_FIELDS.reference,
      kind: 'text',
      label: message('meeting.secrecy.reference'),
      required: false,
      maxLength: 60,
    },
  ];
}

/** The level chosen (内部 when none was read). */
export function secrecyOf(values: FormValues): SecrecyLevel {
  return SECRECY_LEVELS.find((s) => s === textValue(values, SECRECY_FIELDS.secrecy)) ?? 'internal';
}

/**
 * The secrecy checks: a classified meeting needs its number and must leave the name, agenda,
 * materials and reason empty; any other needs its name and agenda.
 */
export function checkSecrecy(values: FormValues): Record<string, FormText> {
  const problems: Record<string, FormText> = {};
  if (isClassified(secrecyOf(values))) {
    if (!textValue(values, SECRECY_FIELDS.reference)) {
      problems[SECRECY_FIELDS.reference] = message('meeting.secrecy.error.reference');
    }
    for (const id of CLASSIFIED_EMPTY) {
      if (textValue(values, id)) problems[id] = message('meeting.secrecy.error.classified_text');
    }
    return problems;
  }
  if (!textValue(values, 'name')) problems.name = message('meeting.error.name');
  if (!textValue(values, 'agenda')) problems.agenda = message('meeting.error.agenda');
  return problems;
}
