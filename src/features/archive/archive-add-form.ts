// The archivist's `/archive add` form (登记档案) as a FormSpec: title, document number, year,
// category, retention, secrecy, pages and location; the 档号 is assigned when it is added. A record
// at 秘密 and above is catalogued without its title (the form's check refuses one), any other
// needs one. The category is one of the unit's; the catalog checks it again when it adds.

import {
  type FormSpec,
  type FormText,
  type FormValues,
  message,
  numberValue,
  textValue,
} from '../../chat/core/form-spec.ts';
import { ARCHIVE_RETENTIONS } from '../../domain/archive/archive-no.ts';
import { SECRECY_LABELS_ZH, SECRECY_LEVELS } from '../../domain/org.ts';
import type { ArchiveAddForm } from './archive-chat.ts';

/** The form's name (signed into web links). */
export const ARCHIVE_ADD_FORM_ID = 'archive.add';

/** Field ids of the add form: those of the entry it adds. */
export const ARCHIVE_ADD_FIELDS = {
  title: 'title',
  docNumber: 'docNumber',
  year: 'year',
  category: 'category',
  retention: 'retention',
  secrecy: 'secrecy',
  pages: 'pages',
  location: 'location',
} as const satisfies Record<keyof ArchiveAddForm, string>;

const SECRECY_EN = {
  public: 'Public',
  internal: 'Internal',
  secret: 'Secret',
  confidential: 'Confidential',
  top_secret: 'Top secret',
} as const;

const RETENTION_KEYS = {
  permanent: 'archive.retention.permanent',
  '30y': 'archive.retention.30y',
  '10y': 'archive.retention.10y',
} as const;

/** The add form: `categories` are the unit's (the first chosen), `year` the one it starts with. */
export function archiveAddFormSpec(input: { categories: readonly string[]; year: number }): FormSpec {
  const F = ARCHIVE_ADD_FIELDS;
  const invalid = message('error.invalid_payload');
  return {
    id: ARCHIVE_ADD_FORM_ID,
    title: message('archive.add.title'),
    submitLabel: message('archive.add.submit'),
    notices: [],
    fields: [
      {
        id: F.title,
        kind: 'text',
        label: message('archive.add.field.title'),
        required: false,
        maxLength: 500,
      },
      {
        id: F.docNumber,
        kind: 'text',
        label: message('archive.add.field.doc_number'),
        required: false,
        maxLength: 100,
      },
      {
        id: F.year,
        kind: 'number',
        label: message('archive.add.field.year'),
        required: true,
        min: 1900,
        max: 2100,
        maxLength: 4,
        initial: input.year,
        messages: { required: message('archive.add.error.year'), invalid: message('archive.add.error.year') },
      },
      {
        id: F.category,
        kind: 'select',
        label: message('archive.add.field.category'),
        required: true,
        options: input.categories.map((c) => ({ value: c, label: { text: c } })),
        // Checked by the catalog against the unit's categories when it adds.
        optionsChecked: false,
        initial: input.categories[0] ?? null,
        messages: { required: invalid },
      },
      {
        id: F.retention,
        kind: 'select',
        label: message('archive.add.field.retention'),
        required: true,
        options: ARCHIVE_RETENTIONS.map((r) => ({ value: r, label: message(RETENTION_KEYS[r]) })),
        initial: 'permanent',
        messages: { required: invalid, invalid },
      },
      {
        id: F.secrecy,
        kind: 'select',
        label: message('archive.add.field.secrecy'),
        required: true,
        options: SECRECY_LEVELS.map((s) => ({
          value: s,
          label: { zh: SECRECY_LABELS_ZH[s], en: SECRECY_EN[s] },
        })),
        initial: 'internal',
        messages: { required: invalid, invalid },
      },
      {
        id: F.pages,
        kind: 'number',
        label: message('archive.add.field.pages'),
        required: false,
        min: 0,
        max: 999_999,
        maxLength: 6,
        messages: { invalid: message('archive.add.error.pages') },
      },
      {
        id: F.location,
        kind: 'text',
        label: message('archive.add.field.location'),
        required: false,
        maxLength: 100,
      },
    ],
    check: checkTitleByLevel,
  };
}

/** A title is refused from 秘密 up and required below. */
function checkTitleByLevel(values: FormValues): Record<string, FormText> {
  const secrecy = textValue(values, ARCHIVE_ADD_FIELDS.secrecy) ?? 'internal';
  const classified = SECRECY_LEVELS.indexOf(secrecy as never) >= SECRECY_LEVELS.indexOf('secret');
  const title = textValue(values, ARCHIVE_ADD_FIELDS.title);
  if (classified && title)
    return { [ARCHIVE_ADD_FIELDS.title]: message('error.archive_invalid.classified_title') };
  if (!classified && !title)
    return { [ARCHIVE_ADD_FIELDS.title]: message('error.archive_invalid.title_required') };
  return {};
}

/** The entry a valid submission of {@link archiveAddFormSpec} adds. */
export function archiveAddOfForm(values: FormValues): ArchiveAddForm {
  const F = ARCHIVE_ADD_FIELDS;
  return {
    title: textValue(values, F.title),
    docNumber: textValue(values, F.docNumber),
    year: numberValue(values, F.year) ?? 0,
    category: textValue(values, F.category) ?? '',
    retention: ARCHIVE_RETENTIONS.find((r) => r === textValue(values, F.retention)) ?? 'permanent',
    secrecy: SECRECY_LEVELS.find((s) => s === textValue(values, F.secrecy)) ?? 'internal',
    pages: numberValue(values, F.pages),
    location: textValue(values, F.location),
  };
}
