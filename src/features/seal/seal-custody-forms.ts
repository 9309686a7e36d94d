// The custodian's seal forms as FormSpecs: 已盖章 (the impressions made, checked against the
// approval by the service, and a note) and 报告遗失 (what happened; sending it alerts the office
// head and the director at once).

import {
  type FormSpec,
  type FormValues,
  message,
  numberValue,
  textValue,
} from '../../chat/core/form-spec.ts';
import { MAX_SEAL_COPIES } from '../../domain/seal/seal-request.ts';
import { COUNT_UNITS } from './seal-request-form.ts';

/** Form names (signed into web links). */
export const SEAL_STAMP_FORM_ID = 'seal.stamp';
export const SEAL_LOST_FORM_ID = 'seal.lost';

/** Field ids of the custodian's forms. */
export const SEAL_CUSTODY_FIELDS = {
  impressions: 'impressions',
  note: 'note',
} as const;

/** The 已盖章 form. */
export function sealStampFormSpec(): FormSpec {
  const copies = message('seal.error.copies', { max: MAX_SEAL_COPIES });
  return {
    id: SEAL_STAMP_FORM_ID,
    title: message('seal.stamp.title'),
    submitLabel: message('seal.stamp.submit'),
    notices: [{ kind: 'note', lines: [message('seal.stamp.hint')] }],
    fields: [
      {
        id: SEAL_CUSTODY_FIELDS.impressions,
        kind: 'number',
        label: message('seal.stamp.impressions'),
        required: true,
        min: 1,
        max: MAX_SEAL_COPIES,
        units: COUNT_UNITS,
        // Room for the largest count, spaces and a unit.
        maxLength: String(MAX_SEAL_COPIES).length + 4,
        messages: { required: copies, invalid: copies },
      },
      {
        id: SEAL_CUSTODY_FIELDS.note,
        kind: 'long_text',
        label: message('seal.stamp.note'),
        required: false,
        maxLength: 500,
      },
    ],
  };
}

/** A valid 已盖章 submission: the impressions made, and the note if any. */
export function sealStampOfForm(values: FormValues): { impressions: number; note: string | null } {
  return {
    impressions: numberValue(values, SEAL_CUSTODY_FIELDS.impressions) ?? 0,
    note: textValue(values, SEAL_CUSTODY_FIELDS.note),
  };
}

/** The 报告遗失 form for the seal named `sealName` (in the reader's language). */
export function sealLostFormSpec(input: { sealName: string }): FormSpec {
  return {
    id: SEAL_LOST_FORM_ID,
    title: message('seal.lost.title'),
    submitLabel: message('seal.lost.submit'),
    notices: [
      { kind: 'intro', lines: [message('seal.lost.hint', { seal: { strong: { text: input.sealName } } })] },
    ],
    fields: [
      {
        id: SEAL_CUSTODY_FIELDS.note,
        kind: 'long_text',
        label: message('seal.lost.note'),
        required: true,
        maxLength: 500,
        messages: { required: message('seal.lost.error.note') },
      },
    ],
  };
}

/** A valid 报告遗失 submission: what happened. */
export function sealLostOfForm(values: FormValues): { note: string } {
  return { note: textValue(values, SEAL_CUSTODY_FIELDS.note) ?? '' };
}
