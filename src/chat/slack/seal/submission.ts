// Parsing the `/seal` forms (seal/blocks.ts) and the words after `/seal`. Pure; never throws;
// form errors are keyed by block id, in the user's language.

import type { SealLifecycleAction } from '../../../domain/seal/seal-request.ts';
import {
  sealLostFormSpec,
  sealLostOfForm,
  sealStampFormSpec,
  sealStampOfForm,
} from '../../../features/seal/seal-custody-forms.ts';
import {
  COUNT_UNITS,
  sealRequestFormSpec,
  sealRequestOfForm,
} from '../../../features/seal/seal-request-form.ts';
import type { NewSealRequest } from '../../../features/seal/seal-service.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { readWholeNumber, validateForm } from '../../core/form-spec.ts';
import { readSlackModal, slackFormErrors } from '../form-view.ts';
import type { ParseResult, SlackViewStateValues } from '../view-state.ts';
import { SEAL_REQUEST_BINDING, sealLostBinding, sealStampBinding } from './blocks.ts';

/** A count typed with ASCII or full-width digits, spaces and a trailing 份/次 allowed. */
export function readCount(typed: string, max: number): number | null {
  return readWholeNumber(typed, { min: 1, max, units: COUNT_UNITS });
}

/**
 * The request form (用印申请), checked by its FormSpec; `sealIds` are the seals the form offered.
 * Errors are keyed by block id.
 */
export function parseSealRequestSubmission(
  values: SlackViewStateValues | null | undefined,
  ctx: { locale: Locale; sealIds: readonly string[] },
): ParseResult<NewSealRequest> {
  const spec = sealRequestFormSpec({ seals: ctx.sealIds.map((id) => ({ id, name: id, nameEn: null })) });
  const checked = validateForm(spec, readSlackModal(SEAL_REQUEST_BINDING, values).input, ctx.locale);
  if (!checked.ok) return { ok: false, errors: slackFormErrors(SEAL_REQUEST_BINDING, checked.errors) };
  return { ok: true, value: sealRequestOfForm(checked.values) };
}

/** The custodian's form: the impressions made (checked against the approval by the caller). */
export function parseSealStampSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
): ParseResult<{ impressions: number; note: string | null }> {
  const binding = sealStampBinding();
  const checked = validateForm(sealStampFormSpec(), readSlackModal(binding, values).input, locale);
  if (!checked.ok) return { ok: false, errors: slackFormErrors(binding, checked.errors) };
  return { ok: true, value: sealStampOfForm(checked.values) };
}

/** 报告遗失: what happened (required). */
export function parseSealLostSubmission(
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
): ParseResult<string> {
  const binding = sealLostBinding();
  const checked = validateForm(
    sealLostFormSpec({ sealName: '' }),
    readSlackModal(binding, values).input,
    locale,
  );
  if (!checked.ok) return { ok: false, errors: slackFormErrors(binding, checked.errors) };
  return { ok: true, value: sealLostOfForm(checked.values).note };
}

/** What the words after `/seal` ask for. */
export type SealCommand =
  | { kind: 'form' }
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'register'; args: string[] }
  | { kind: 'lifecycle'; action: SealLifecycleAction; seal: string; reason: string }
  | { kind: 'request'; text: string };

const LIFECYCLE_WORDS: Readonly<Record<string, SealLifecycleAction>> = {
  suspend: 'suspend',
  停用: 'suspend',
  resume: 'resume',
  恢复: 'resume',
  启用: 'resume',
  retire: 'retire',
  封存: 'retire',
  destroy: 'destroy',
  销毁: 'destroy',
  lost: 'lost',
  遗失: 'lost',
  报失: 'lost',
};

/** Reads the words after `/seal`: a sub-command, or the request itself (`公章 3 标题`). */
export function parseSealCommand(text: string): SealCommand {
  const words = text
    .replace(/\u3000/gu, ' ')
    .trim()
    .split(/\s+/u)
    .filter(Boolean);
  const first = (words[0] ?? '').toLowerCase();
  if (words.length === 0) return { kind: 'form' };
  if (['help', '帮助', '?', '？'].includes(first)) return { kind: 'help' };
  if (['list', '列表', '一览'].includes(first)) return { kind: 'list' };
  if (['register', '登记簿'].includes(first)) return { kind: 'register', args: words.slice(1, 5) };
  const action = LIFECYCLE_WORDS[first];
  // The reason and the request's title are kept as typed (full-width punctuation and spacing).
  if (action) return { kind: 'lifecycle', action, seal: words[1] ?? '', reason: textAfterWords(text, 2) };
  return { kind: 'request', text: text.trim() };
}

/** What follows the first `count` words of `text`, as typed (trimmed). */
function textAfterWords(text: string, count: number): string {
  const match = new RegExp(`^\\s*(?:\\S+\\s+){${count}}`, 'u').exec(text);
  return match ? text.slice(match[0].length).trim() : '';
}

/** `2026-11`, `2026年11月`, `202611` (full-width digits too) → a month; null otherwise. */
export function readMonth(word: string): { year: number; month: number } | null {
  const match = /^(\d{4})(?:[-/.年]?)(\d{1,2})月?$/u.exec(word.normalize('NFKC'));
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return year >= 2000 && year <= 2100 && month >= 1 && month <= 12 ? { year, month } : null;
}
