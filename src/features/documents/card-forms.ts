// The forms opened from a document's card, as FormSpecs: the director's instruction (批办) and the
// leader's sign-off (签发), each a step's own form, and the hand-off of a finished document to the
// archive (归档移交). Each spec says what is asked, in which words, what it starts with and how a
// submission is checked; a valid submission reads into what the step or the hand-off takes. A
// platform draws them as modals, or as the bot's web forms where it has none.

import { parseCardItemValue } from '../../chat/core/card-item-value.ts';
import { type ButtonHandler, formAnswer } from '../../chat/core/commands.ts';
import {
  choicesValue,
  type FormField,
  type FormSpec,
  type FormValues,
  message,
  numberValue,
  textValue,
} from '../../chat/core/form-spec.ts';
import { richT } from '../../chat/core/reply.ts';
import { DISTRIBUTION_PARAMS } from '../../domain/documents/outgoing.ts';
import { stepFormLinkParams } from '../workflow/step-web-form.ts';
import { DOC_ARCHIVE_ACTION, RETENTIONS, type Retention } from './archive-handoff.ts';
import type { SignOffDraft } from './card-forms-chat.ts';
import type { Instruction } from './incoming-documents.ts';
import { NEW_OUTGOING_LIMITS } from './new-outgoing.ts';

/** The forms' names (signed into web links). */
export const DOC_INSTRUCT_FORM_ID = 'documents.instruct';
export const DOC_SIGN_OFF_FORM_ID = 'documents.sign_off';
export const DOC_ARCHIVE_FORM_ID = 'documents.archive';

/** A department or person a form offers, with its English name where it has one. */
export interface DocFormChoice {
  id: string;
  name: string;
  nameEn?: string | null;
}

const choiceOptions = (choices: readonly DocFormChoice[]) =>
  choices.map((c) => ({ value: c.id, label: { zh: c.name, en: c.nameEn ?? null } }));

/** Field ids of the instruction form. */
export const INSTRUCT_FIELDS = {
  comment: 'comment',
  leadDepartment: 'leadDepartment',
  handler: 'handler',
  coDepartments: 'coDepartments',
  readers: 'readers',
  handlingDays: 'handlingDays',
} as const;

/** Longest opinion typed in a card's form. */
const COMMENT_MAX = 3000;
/** Days an instruction may give, and the default. */
const HANDLING_DAYS = { min: 1, max: 365, initial: 5, maxLength: 3 } as const;

/**
 * The instruction form (批办): the opinion, the lead department, who handles it (a person of
 * that department), the co-operating departments, the leaders who read it and the days allowed.
 * Menus offer at most what the directory has; the handler's department and clearance are checked
 * against the directory and the item when it is applied, so an option the form did not offer is
 * left to that check rather than refused here.
 */
export function instructFormSpec(choices: {
  departments: readonly DocFormChoice[];
  /** People who may handle it ("name · department"). */
  handlers: readonly DocFormChoice[];
  /** Leaders who may read it. */
  leaders: readonly DocFormChoice[];
}): FormSpec {
  const required = message('doc.receive.error.required');
  const departments = choiceOptions(choices.departments);
  const fields: FormField[] = [
    {
      id: INSTRUCT_FIELDS.comment,
      kind: 'long_text',
      label: message('doc.instruct.field.comment'),
      required: true,
      maxLength: COMMENT_MAX,
      messages: { required },
    },
    {
      id: INSTRUCT_FIELDS.leadDepartment,
      kind: 'select',
      label: message('doc.instruct.field.lead'),
      required: true,
      options: departments,
      optionsChecked: false,
      messages: { required },
    },
    {
      id: INSTRUCT_FIELDS.handler,
      kind: 'select',
      label: message('doc.instruct.field.handler'),
      hint: message('doc.instruct.field.handler_hint'),
      required: true,
      options: choiceOptions(choices.handlers),
      optionsChecked: false,
      messages: { required },
    },
    {
      id: INSTRUCT_FIELDS.coDepartments,
      kind: 'multi_select',
      label: message('doc.instruct.field.co'),
      required: false,
      options: departments,
      messages: { invalid: message('doc.instruct.error.invalid') },
    },
    {
      id: INSTRUCT_FIELDS.readers,
      kind: 'multi_select',
      label: message('doc.instruct.field.readers'),
      hint: message('doc.instruct.field.readers_hint'),
      required: false,
      options: choiceOptions(choices.leaders),
      messages: { invalid: message('doc.instruct.error.invalid') },
    },
    {
      id: INSTRUCT_FIELDS.handlingDays,
      kind: 'number',
      label: message('doc.instruct.field.days'),
      required: true,
      min: HANDLING_DAYS.min,
      max: HANDLING_DAYS.max,
      maxLength: HANDLING_DAYS.maxLength,
      initial: HANDLING_DAYS.initial,
      messages: { required: message('doc.instruct.error.days'), invalid: message('doc.instruct.error.days') },
    },
  ];
  return {
    id: DOC_INSTRUCT_FORM_ID,
    title: message('doc.instruct.title'),
    submitLabel: message('modal.submit'),
    notices: [],
    fields,
  };
}

/** The instruction a valid submission of {@link instructFormSpec} gives. */
export function instructionOfForm(values: FormValues): Instruction {
  return {
    comment: textValue(values, INSTRUCT_FIELDS.comment) ?? '',
    leadDepartment: textValue(values, INSTRUCT_FIELDS.leadDepartment) ?? '',
    handler: textValue(values, INSTRUCT_FIELDS.handler) ?? '',
    coDepartments: [...choicesValue(values, INSTRUCT_FIELDS.coDepartments)],
    readers: [...choicesValue(values, INSTRUCT_FIELDS.readers)],
    handlingDays: numberValue(values, INSTRUCT_FIELDS.handlingDays) ?? HANDLING_DAYS.initial,
  };
}

/** Field ids of the sign-off form. */
export const SIGN_OFF_FIELDS = {
  comment: 'comment',
  mainRecipients: 'mainRecipients',
  copyTo: 'copyTo',
  copies: 'copies',
} as const;

/** What the leader decided at sign-off: the opinion and the params it fixes. */
export interface SignOff {
  comment: string;
  /** 主送, 抄送 ('' when left empty, so a drafted 抄送 the leader removed is gone) and 份数. */
  params: Record<string, string>;
}

/**
 * The sign-off form (签发): the opinion and the distribution the leader fixes, filled in from
 * the draft. While the draft is read (`loading`) or once the document has left sign-off
 * (`gone`) it only says so, with nothing to send.
 */
export function signOffFormSpec(draft: SignOffDraft | 'loading' | 'gone'): FormSpec {
  const base = { id: DOC_SIGN_OFF_FORM_ID, title: message('doc.signoff.title') };
  if (draft === 'loading' || draft === 'gone') {
    const words = draft === 'loading' ? message('doc.signoff.loading') : message('doc.signoff.gone');
    return { ...base, submitLabel: null, notices: [{ kind: 'message', lines: [words] }], fields: [] };
  }
  const max = NEW_OUTGOING_LIMITS.recipients;
  const tooLong = message('doc.new.error.too_long', { max });
  const copiesInvalid = message('doc.new.error.copies_invalid', { max: NEW_OUTGOING_LIMITS.copiesMax });
  return {
    ...base,
    submitLabel: message('doc.signoff.submit'),
    notices: [{ kind: 'note', lines: [message('doc.signoff.hint')] }],
    fields: [
      {
        id: SIGN_OFF_FIELDS.comment,
        kind: 'long_text',
        label: message('doc.signoff.comment'),
        required: true,
        maxLength: COMMENT_MAX,
        messages: { required: message('wf.comment_required') },
      },
      {
        id: SIGN_OFF_FIELDS.mainRecipients,
        kind: 'long_text',
        label: message('doc.new.main_recipients.label'),
        required: true,
        maxLength: max,
        initial: draft.mainRecipients,
        messages: { required: message('doc.new.error.main_recipients_required'), invalid: tooLong },
      },
      {
        id: SIGN_OFF_FIELDS.copyTo,
        kind: 'long_text',
        label: message('doc.new.copy_to.label'),
        required: false,
        maxLength: max,
        initial: draft.copyTo,
        messages: { invalid: tooLong },
      },
      {
        id: SIGN_OFF_FIELDS.copies,
        kind: 'number',
        label: message('doc.signoff.copies'),
        required: true,
        min: 1,
        max: NEW_OUTGOING_LIMITS.copiesMax,
        maxLength: NEW_OUTGOING_LIMITS.copiesText,
        initial: draft.copies,
        messages: { required: copiesInvalid, invalid: copiesInvalid },
      },
    ],
  };
}

/** The opinion and distribution a valid submission of {@link signOffFormSpec} gives. */
export function signOffOfForm(values: FormValues): SignOff {
  return {
    comment: textValue(values, SIGN_OFF_FIELDS.comment) ?? '',
    params: {
      [DISTRIBUTION_PARAMS.mainRecipients]: textValue(values, SIGN_OFF_FIELDS.mainRecipients) ?? '',
      [DISTRIBUTION_PARAMS.copyTo]: textValue(values, SIGN_OFF_FIELDS.copyTo) ?? '',
      [DISTRIBUTION_PARAMS.copies]: String(numberValue(values, SIGN_OFF_FIELDS.copies) ?? ''),
    },
  };
}

/** Field ids of the archive hand-off form. */
export const ARCHIVE_HANDOFF_FIELDS = { retention: 'retention', finalTextLink: 'finalTextLink' } as const;

const RETENTION_LABELS = {
  permanent: 'doc.archive.retention.permanent',
  '30y': 'doc.archive.retention.30y',
  '10y': 'doc.archive.retention.10y',
} as const satisfies Record<Retention, string>;

/** The archive hand-off form (归档移交): the retention (定期30年 first chosen) and the final text's link. */
export function archiveHandOffFormSpec(): FormSpec {
  const required = message('doc.receive.error.required');
  return {
    id: DOC_ARCHIVE_FORM_ID,
    title: message('doc.archive.title'),
    submitLabel: message('doc.archive.submit'),
    notices: [{ kind: 'note', lines: [message('doc.archive.intro')] }],
    fields: [
      {
        id: ARCHIVE_HANDOFF_FIELDS.retention,
        kind: 'select',
        label: message('doc.archive.retention'),
        required: true,
        options: RETENTIONS.map((r) => ({ value: r, label: message(RETENTION_LABELS[r]) })),
        initial: RETENTIONS[1],
        messages: { required, invalid: required },
      },
      {
        id: ARCHIVE_HANDOFF_FIELDS.finalTextLink,
        kind: 'url',
        label: message('doc.archive.final_text'),
        hint: message('doc.archive.final_text_hint'),
        required: false,
        maxLength: NEW_OUTGOING_LIMITS.draftLink,
        messages: { invalid: message('doc.archive.error.link') },
      },
    ],
  };
}

/** The retention and link a valid submission of {@link archiveHandOffFormSpec} gives. */
export function handOffOfForm(values: FormValues): { retention: Retention; finalTextLink: string | null } {
  const retention = RETENTIONS.find((r) => r === textValue(values, ARCHIVE_HANDOFF_FIELDS.retention));
  return {
    retention: retention ?? RETENTIONS[1],
    finalTextLink: textValue(values, ARCHIVE_HANDOFF_FIELDS.finalTextLink),
  };
}

/**
 * The 归档 button: the archive hand-off form for the document the card shows (a modal on Slack,
 * the signed web form elsewhere). Who may hand it over is checked when the form is sent.
 */
export function docArchiveButton(): ButtonHandler {
  return {
    action: DOC_ARCHIVE_ACTION,
    async press(value, context) {
      const item = parseCardItemValue(value);
      if (item === null) {
        context.log.warn('归档 button with a bad value');
        return { kind: 'error', text: richT(context.locale, 'error.invalid_payload') };
      }
      return formAnswer(
        DOC_ARCHIVE_FORM_ID,
        archiveHandOffFormSpec(),
        stepFormLinkParams({ ...item, workspaceId: context.workspaceId }),
      );
    },
  };
}
