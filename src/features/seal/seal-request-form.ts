// The seal request form (用印申请) as a FormSpec: pre-filled from what `/seal …` could read, with
// a note saying what it could not; only seals in use are offered. A valid submission reads into
// the request the seal service starts.

import {
  choicesValue,
  type FormField,
  type FormNotice,
  type FormSpec,
  type FormValues,
  message,
  numberValue,
  readWholeNumber,
  textValue,
} from '../../chat/core/form-spec.ts';
import { MAX_SEAL_COPIES } from '../../domain/seal/seal-request.ts';
import type { NewSealRequest } from './seal-service.ts';

/** The form's name (signed into web links). */
export const SEAL_REQUEST_FORM_ID = 'seal.request';

/** Field ids of the seal request form. */
export const SEAL_REQUEST_FIELDS = {
  seal: 'seal',
  title: 'title',
  copies: 'copies',
  purpose: 'purpose',
  link: 'link',
  important: 'important',
} as const;

/** Units a count may be typed with (3份). */
export const COUNT_UNITS = ['份', '次', '枚', '个', '张'] as const;

/** A count typed with ASCII or full-width digits, spaces and a trailing 份/次 allowed. */
export function readCount(typed: string, max: number): number | null {
  return readWholeNumber(typed, { min: 1, max, units: COUNT_UNITS });
}

/** A seal as the form offers it. */
export interface SealOption {
  id: string;
  name: string;
  nameEn: string | null;
}

/** What the form starts with (from `/seal …`), and the notes on what was missing. */
export interface SealFormInitial {
  sealId?: string | null;
  title?: string;
  copies?: number | null;
  notes?: string[];
}

/** The request form; `seals` are those in use (with none, the form only says so). */
export function sealRequestFormSpec(input: {
  seals: readonly SealOption[];
  initial?: SealFormInitial;
}): FormSpec {
  const initial = input.initial ?? {};
  const notices: FormNotice[] = [];
  const notes = initial.notes ?? [];
  if (notes.length > 0) notices.push({ kind: 'problems', lines: notes.map((text) => ({ text })) });
  const base = { id: SEAL_REQUEST_FORM_ID, title: message('seal.modal.title') };
  if (input.seals.length === 0) {
    return {
      ...base,
      submitLabel: null,
      notices: [...notices, { kind: 'message', lines: [message('seal.field.none_usable')] }],
      fields: [],
    };
  }
  const fields: FormField[] = [
    {
      id: SEAL_REQUEST_FIELDS.seal,
      kind: 'select',
      label: message('seal.field.seal'),
      required: true,
      messages: { required: message('seal.error.seal'), invalid: message('seal.error.seal') },
      options: input.seals.map((s) => ({ value: s.id, label: { zh: s.name, en: s.nameEn } })),
      initial: initial.sealId ?? null,
    },
    {
      id: SEAL_REQUEST_FIELDS.title,
      kind: 'text',
      label: message('seal.field.title'),
      required: true,
      messages: { required: message('seal.error.required') },
      maxLength: 200,
      initial: initial.title ?? null,
    },
    {
      id: SEAL_REQUEST_FIELDS.copies,
      kind: 'number',
      label: message('seal.field.copies'),
      required: true,
      min: 1,
      max: MAX_SEAL_COPIES,
      units: COUNT_UNITS,
      maxLength: 10,
      messages: {
        required: message('seal.error.copies', { max: MAX_SEAL_COPIES }),
        invalid: message('seal.error.copies', { max: MAX_SEAL_COPIES }),
      },
      initial: initial.copies || null,
    },
    {
      id: SEAL_REQUEST_FIELDS.purpose,
      kind: 'long_text',
      label: message('seal.field.purpose'),
      required: false,
      maxLength: 500,
    },
    {
      id: SEAL_REQUEST_FIELDS.link,
      kind: 'url',
      label: message('seal.field.link'),
      required: false,
      maxLength: 1000,
      messages: { invalid: message('seal.error.link') },
    },
    {
      id: SEAL_REQUEST_FIELDS.important,
      kind: 'checkbox',
      label: message('seal.field.important'),
      required: false,
      options: [{ value: 'important', label: message('seal.field.important_option') }],
    },
  ];
  return { ...base, submitLabel: message('seal.modal.submit'), notices, fields };
}

/** The request a valid submission asks for. */
export function sealRequestOfForm(values: FormValues): NewSealRequest {
  return {
    sealId: textValue(values, SEAL_REQUEST_FIELDS.seal) ?? '',
    title: textValue(values, SEAL_REQUEST_FIELDS.title) ?? '',
    copies: numberValue(values, SEAL_REQUEST_FIELDS.copies) ?? 0,
    purpose: textValue(values, SEAL_REQUEST_FIELDS.purpose),
    docLink: textValue(values, SEAL_REQUEST_FIELDS.link),
    important: choicesValue(values, SEAL_REQUEST_FIELDS.important).includes('important'),
  };
}

/**
 * The form's params for what `/seal …` could read (the seal, the title, the count) and its notes
 * on what it could not, so that the form shows them wherever it opens: a modal, a web link.
 */
export function sealRequestParams(initial: SealFormInitial): Record<string, string> {
  const params: Record<string, string> = {};
  if (initial.sealId) params.seal = initial.sealId;
  if (initial.title) params.title = initial.title;
  if (initial.copies) params.copies = String(initial.copies);
  if (initial.notes && initial.notes.length > 0) params.notes = initial.notes.join('\n');
  return params;
}

/** What the form starts with, read back from its params ({@link sealRequestParams}). */
export function sealRequestInitialOf(params: Readonly<Record<string, string>>): SealFormInitial {
  const copies = Number(params.copies);
  return {
    ...(params.seal ? { sealId: params.seal } : {}),
    ...(params.title ? { title: params.title } : {}),
    ...(Number.isInteger(copies) && copies > 0 ? { copies } : {}),
    ...(params.notes ? { notes: params.notes.split('\n') } : {}),
  };
}
