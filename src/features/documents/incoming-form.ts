// The registration form of an incoming document (收文登记, `/doc receive`) as a FormSpec. All
// five secrecy levels are offered, 内部 first chosen: an item at 秘密 and above is registered by
// its numbers only (DOMAIN.md: classified content never enters the system), so title, issuing
// unit and link are optional fields and the form's check requires or refuses them by the level,
// and requires their number (来文字号), the item's reference until the 收文编号 is assigned.

import {
  type FormSpec,
  type FormText,
  type FormValues,
  isHttpUrl,
  message,
  numberValue,
  textValue,
} from '../../chat/core/form-spec.ts';
import { INCOMING_CATEGORIES, INCOMING_CATEGORY_LABELS } from '../../domain/documents/incoming.ts';
import { SECRECY_LEVELS } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { Urgency } from '../../domain/workflow/types.ts';
import type { NewIncomingInput } from './incoming-documents.ts';

/** The form's name (signed into web links). */
export const DOC_RECEIVE_FORM_ID = 'documents.receive';

/** Field ids of the registration form. */
export const DOC_RECEIVE_FIELDS = {
  secrecy: 'secrecy',
  title: 'title',
  issuingUnit: 'issuingUnit',
  theirNumber: 'theirNumber',
  receivedDate: 'receivedDate',
  category: 'category',
  urgency: 'urgency',
  copies: 'copies',
  attachmentLink: 'attachmentLink',
} as const;

const URGENCIES: readonly Urgency[] = ['extra_urgent', 'urgent', 'normal'];
const SECRECY_KEYS = {
  public: 'doc.new.secrecy.public',
  internal: 'doc.new.secrecy.internal',
  secret: 'doc.new.secrecy.secret',
  confidential: 'doc.new.secrecy.confidential',
  top_secret: 'doc.new.secrecy.top_secret',
} as const;
const URGENCY_KEYS = {
  extra_urgent: 'card.urgency.extra_urgent',
  urgent: 'card.urgency.urgent',
  normal: 'card.urgency.normal',
} as const;

/** The registration form; `today` (YYYY-MM-DD, the unit's calendar) is the date it starts with. */
export function docReceiveFormSpec(input: { today: string }): FormSpec {
  const required = message('doc.receive.error.required');
  const F = DOC_RECEIVE_FIELDS;
  return {
    id: DOC_RECEIVE_FORM_ID,
    title: message('doc.receive.title'),
    submitLabel: message('modal.submit'),
    notices: [],
    fields: [
      // The level first: it decides which of the fields below may be filled in.
      {
        id: F.secrecy,
        kind: 'select',
        label: message('doc.new.secrecy.label'),
        hint: message('doc.receive.secrecy_hint'),
        required: true,
        options: SECRECY_LEVELS.map((s) => ({ value: s, label: message(SECRECY_KEYS[s]) })),
        initial: 'internal',
        messages: { required, invalid: required },
      },
      {
        id: F.title,
        kind: 'text',
        label: message('doc.receive.field.title'),
        hint: message('doc.receive.field.required_unless_classified'),
        required: false,
        maxLength: 200,
      },
      {
        id: F.issuingUnit,
        kind: 'text',
        label: message('doc.receive.field.issuer'),
        hint: message('doc.receive.field.required_unless_classified'),
        required: false,
        maxLength: 200,
      },
      {
        id: F.theirNumber,
        kind: 'text',
        label: message('doc.receive.field.their_number'),
        hint: message('doc.receive.field.their_number_hint'),
        required: false,
        maxLength: 100,
      },
      {
        id: F.receivedDate,
        kind: 'date',
        label: message('doc.receive.field.date'),
        hint: message('doc.receive.field.date_hint'),
        required: true,
        initial: input.today,
        messages: { required: message('doc.receive.error.date'), invalid: message('doc.receive.error.date') },
      },
      {
        id: F.category,
        kind: 'select',
        label: message('doc.receive.field.category'),
        required: true,
        options: INCOMING_CATEGORIES.map((c) => ({ value: c, label: INCOMING_CATEGORY_LABELS[c] })),
        initial: INCOMING_CATEGORIES[0],
        messages: { required, invalid: required },
      },
      {
        id: F.urgency,
        kind: 'select',
        label: message('doc.new.urgency.label'),
        required: true,
        options: URGENCIES.map((u) => ({ value: u, label: message(URGENCY_KEYS[u]) })),
        initial: 'normal',
        messages: { required, invalid: required },
      },
      {
        id: F.copies,
        kind: 'number',
        label: message('doc.new.copies.label'),
        required: false,
        min: 1,
        max: 9999,
        maxLength: 10,
        messages: { invalid: message('doc.receive.error.copies') },
      },
      {
        id: F.attachmentLink,
        kind: 'text',
        label: message('doc.receive.field.link'),
        hint: message('doc.receive.field.empty_if_classified'),
        required: false,
        maxLength: 1000,
      },
    ],
    check: checkByLevel,
  };
}

/** Content required below 秘密 and refused from 秘密 up; their number required from 秘密 up. */
function checkByLevel(values: FormValues): Record<string, FormText> {
  const F = DOC_RECEIVE_FIELDS;
  const errors: Record<string, FormText> = {};
  const classified = isClassified(
    SECRECY_LEVELS.find((s) => s === textValue(values, F.secrecy)) ?? 'internal',
  );
  const content = (id: string, needed: boolean) => {
    const value = textValue(values, id);
    if (classified && value) errors[id] = message('doc.receive.error.classified_content');
    else if (!classified && needed && !value) errors[id] = message('doc.receive.error.required');
  };
  content(F.title, true);
  content(F.issuingUnit, true);
  if (classified && !textValue(values, F.theirNumber))
    errors[F.theirNumber] = message('doc.receive.error.their_number_required');
  content(F.attachmentLink, false);
  const link = textValue(values, F.attachmentLink);
  if (!classified && link && !isHttpUrl(link)) errors[F.attachmentLink] = message('doc.receive.error.link');
  return errors;
}

/** The registration a valid submission of {@link docReceiveFormSpec} gives (classified: numbers only). */
export function incomingOfForm(values: FormValues): NewIncomingInput {
  const F = DOC_RECEIVE_FIELDS;
  const secrecy = SECRECY_LEVELS.find((s) => s === textValue(values, F.secrecy)) ?? 'internal';
  const classified = isClassified(secrecy);
  const category =
    INCOMING_CATEGORIES.find((c) => c === textValue(values, F.category)) ?? INCOMING_CATEGORIES[0];
  return {
    title: classified ? null : (textValue(values, F.title) ?? ''),
    issuingUnit: classified ? null : (textValue(values, F.issuingUnit) ?? ''),
    theirNumber: textValue(values, F.theirNumber),
    receivedDate: textValue(values, F.receivedDate) ?? '',
    category,
    secrecy,
    urgency: URGENCIES.find((u) => u === textValue(values, F.urgency)) ?? 'normal',
    copies: numberValue(values, F.copies),
    attachmentLink: classified ? null : textValue(values, F.attachmentLink),
  };
}
