// Parsing the `/seal` forms (seal/blocks.ts). Pure; never throws;
// form errors are keyed by block id, in the user's language.

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
