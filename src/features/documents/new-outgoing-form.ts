// The drafting form of `/doc new` (拟稿发文) as a FormSpec: title, document type, direction,
// urgency, secrecy (公开 or 内部 only: classified documents are not drafted here), recipients,
// countersigning departments, a link to the draft and the number of copies. Pre-filled with what
// was typed before it came back; a valid submission reads into the new outgoing document.

import {
  choicesValue,
  type FormField,
  type FormNotice,
  type FormSpec,
  type FormText,
  type FormValues,
  message,
  numberValue,
  textValue,
} from '../../chat/core/form-spec.ts';
import { DIRECTION_LABELS, DOCUMENT_DIRECTIONS } from '../../domain/documents/outgoing.ts';
import type { DocFormChoice } from './card-forms.ts';
import {
  NEW_OUTGOING_LIMITS,
  NEW_OUTGOING_SECRECY,
  NEW_OUTGOING_URGENCIES,
  type NewOutgoingInput,
} from './new-outgoing.ts';

/** The form's name (signed into web links). */
export const DOC_NEW_FORM_ID = 'documents.new';

/** Field ids of the drafting form: those of the document it starts. */
export const DOC_NEW_FIELDS = {
  title: 'title',
  docTypeId: 'docTypeId',
  direction: 'direction',
  urgency: 'urgency',
  secrecy: 'secrecy',
  mainRecipients: 'mainRecipients',
  copyTo: 'copyTo',
  countersignDepartments: 'countersignDepartments',
  draftLink: 'draftLink',
  copies: 'copies',
} as const satisfies Record<keyof NewOutgoingInput, string>;

const URGENCY_KEYS = {
  extra_urgent: 'card.urgency.extra_urgent',
  urgent: 'card.urgency.urgent',
  normal: 'card.urgency.normal',
} as const;

const SECRECY_KEYS = { public: 'doc.new.secrecy.public', internal: 'doc.new.secrecy.internal' } as const;

/**
 * The drafting form. `docTypes` are the unit's (the first is chosen unless `initial` names
 * another); without `departments` nothing is countersigned and the field is left out. `notice`
 * says why the form came back; `draftLinkHint` replaces the link's hint where a platform words it
 * its own way.
 */
export function docNewFormSpec(input: {
  docTypes: readonly DocFormChoice[];
  departments: readonly DocFormChoice[];
  initial?: Partial<NewOutgoingInput>;
  notice?: string;
  draftLinkHint?: FormText;
}): FormSpec {
  const initial = input.initial ?? {};
  const firstDocType = input.docTypes[0];
  const label = (c: DocFormChoice): FormText => ({ zh: c.name, en: c.nameEn ?? null });
  const tooLong = (max: number) => message('doc.new.error.too_long', { max });
  const placeholder = message('doc.new.select.placeholder');
  const known = (ids: readonly DocFormChoice[], id: string | undefined) => ids.some((c) => c.id === id);
  const maxDepartments = NEW_OUTGOING_LIMITS.countersignDepartments;

  const fields: FormField[] = [
    {
      id: DOC_NEW_FIELDS.title,
      kind: 'text',
      label: message('doc.new.title.label'),
      placeholder: message('doc.new.title.placeholder'),
      required: true,
      maxLength: NEW_OUTGOING_LIMITS.title,
      initial: initial.title ?? null,
      messages: {
        required: message('doc.new.error.title_required'),
        invalid: tooLong(NEW_OUTGOING_LIMITS.title),
      },
    },
    {
      id: DOC_NEW_FIELDS.docTypeId,
      kind: 'select',
      label: message('doc.new.doc_type.label'),
      placeholder,
      required: true,
      options: input.docTypes.map((c) => ({ value: c.id, label: label(c) })),
      initial: known(input.docTypes, initial.docTypeId)
        ? (initial.docTypeId ?? null)
        : (firstDocType?.id ?? null),
      messages: {
        required: message('doc.new.error.doc_type_unknown'),
        invalid: message('doc.new.error.doc_type_unknown'),
      },
    },
    {
      id: DOC_NEW_FIELDS.direction,
      kind: 'select',
      label: message('doc.new.direction.label'),
      placeholder,
      required: true,
      options: DOCUMENT_DIRECTIONS.map((d) => ({ value: d, label: DIRECTION_LABELS[d] })),
      initial: initial.direction ?? null,
      messages: {
        required: message('doc.new.error.direction_unknown'),
        invalid: message('doc.new.error.direction_unknown'),
      },
    },
    {
      id: DOC_NEW_FIELDS.urgency,
      kind: 'select',
      label: message('doc.new.urgency.label'),
      required: true,
      options: NEW_OUTGOING_URGENCIES.map((u) => ({ value: u, label: message(URGENCY_KEYS[u]) })),
      initial: initial.urgency ?? 'normal',
      messages: {
        required: message('doc.new.error.urgency_unknown'),
        invalid: message('doc.new.error.urgency_unknown'),
      },
    },
    {
      id: DOC_NEW_FIELDS.secrecy,
      kind: 'select',
      label: message('doc.new.secrecy.label'),
      hint: message('doc.new.secrecy.hint'),
      required: true,
      options: NEW_OUTGOING_SECRECY.map((s) => ({ value: s, label: message(SECRECY_KEYS[s]) })),
      initial: initial.secrecy ?? 'internal',
      messages: {
        required: message('doc.new.error.secrecy_not_allowed'),
        invalid: message('doc.new.error.secrecy_not_allowed'),
      },
    },
    {
      id: DOC_NEW_FIELDS.mainRecipients,
      kind: 'text',
      label: message('doc.new.main_recipients.label'),
      placeholder: message('doc.new.main_recipients.placeholder'),
      required: true,
      maxLength: NEW_OUTGOING_LIMITS.recipients,
      initial: initial.mainRecipients ?? null,
      messages: {
        required: message('doc.new.error.main_recipients_required'),
        invalid: tooLong(NEW_OUTGOING_LIMITS.recipients),
      },
    },
    {
      id: DOC_NEW_FIELDS.copyTo,
      kind: 'text',
      label: message('doc.new.copy_to.label'),
      required: false,
      maxLength: NEW_OUTGOING_LIMITS.recipients,
      initial: initial.copyTo ?? null,
      messages: { invalid: tooLong(NEW_OUTGOING_LIMITS.recipients) },
    },
  ];
  if (input.departments.length > 0) {
    fields.push({
      id: DOC_NEW_FIELDS.countersignDepartments,
      kind: 'multi_select',
      label: message('doc.new.countersign.label'),
      placeholder: message('doc.new.countersign.placeholder', { max: maxDepartments }),
      hint: message('doc.new.countersign.hint'),
      required: false,
      options: input.departments.map((c) => ({ value: c.id, label: label(c) })),
      maxSelected: maxDepartments,
      initial: [...new Set(initial.countersignDepartments ?? [])]
        .filter((id) => known(input.departments, id))
        .slice(0, maxDepartments),
      messages: {
        invalid: message('doc.new.error.department_unknown'),
        tooMany: message('doc.new.error.too_many_departments', { max: maxDepartments }),
      },
    });
  }
  const copiesInvalid = message('doc.new.error.copies_invalid', { max: NEW_OUTGOING_LIMITS.copiesMax });
  fields.push(
    {
      id: DOC_NEW_FIELDS.draftLink,
      kind: 'url',
      label: message('doc.new.draft_link.label'),
      placeholder: { text: 'https://' },
      hint: input.draftLinkHint ?? message('doc.new.draft_link.hint'),
      required: false,
      maxLength: NEW_OUTGOING_LIMITS.draftLink,
      initial: initial.draftLink ?? null,
      messages: { invalid: message('doc.new.error.draft_link_invalid') },
    },
    {
      id: DOC_NEW_FIELDS.copies,
      kind: 'number',
      label: message('doc.new.copies.label'),
      placeholder: message('doc.new.copies.placeholder'),
      required: false,
      min: 1,
      max: NEW_OUTGOING_LIMITS.copiesMax,
      maxLength: NEW_OUTGOING_LIMITS.copiesText,
      initial: initial.copies ?? null,
      messages: { invalid: copiesInvalid },
    },
  );
  const notices: FormNotice[] = input.notice ? [{ kind: 'caution', lines: [{ text: input.notice }] }] : [];
  return {
    id: DOC_NEW_FORM_ID,
    title: message('doc.new.modal.title'),
    submitLabel: message('doc.new.modal.submit'),
    notices,
    fields,
  };
}

/** The new outgoing document a valid submission of {@link docNewFormSpec} gives. */
export function newOutgoingOfForm(values: FormValues): NewOutgoingInput {
  const text = (id: string) => textValue(values, id);
  return {
    title: text(DOC_NEW_FIELDS.title) ?? '',
    docTypeId: text(DOC_NEW_FIELDS.docTypeId) ?? '',
    direction: DOCUMENT_DIRECTIONS.find((d) => d === text(DOC_NEW_FIELDS.direction)) ?? 'upward',
    urgency: NEW_OUTGOING_URGENCIES.find((u) => u === text(DOC_NEW_FIELDS.urgency)) ?? 'normal',
    secrecy: NEW_OUTGOING_SECRECY.find((s) => s === text(DOC_NEW_FIELDS.secrecy)) ?? 'internal',
    mainRecipients: text(DOC_NEW_FIELDS.mainRecipients) ?? '',
    copyTo: text(DOC_NEW_FIELDS.copyTo),
    countersignDepartments: [...choicesValue(values, DOC_NEW_FIELDS.countersignDepartments)],
    draftLink: text(DOC_NEW_FIELDS.draftLink),
    copies: numberValue(values, DOC_NEW_FIELDS.copies),
  };
}
