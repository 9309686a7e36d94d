// A submitted modal drawn from a FormSpec, read back in one step: the values through the fields'
// slots into the spec's input, the spec's check, and its refusals keyed by the block each field
// sits in (`ack({ response_action: 'errors' })`), or what the feature reads from valid values.
// The form glue (web-form-modals.ts) reads every form's modal this way.

import type { Locale } from '../../shared/i18n.ts';
import { type FormSpec, type FormValues, validateForm } from '../core/form-spec.ts';
import { readSlackModal, type SlackFormBinding, slackFormErrors } from './form-view.ts';
import type { ParseResult, SlackViewStateValues } from './view-state.ts';

/** Reads `values` by `fields`, checks them against `spec` and maps valid values with `read`. */
export function readSpecModal<T>(
  spec: FormSpec,
  fields: SlackFormBinding['fields'],
  values: SlackViewStateValues | null | undefined,
  locale: Locale,
  read: (values: FormValues) => T,
): ParseResult<T> {
  const binding = { callbackId: '', privateMetadata: '', fields };
  const checked = validateForm(spec, readSlackModal(binding, values).input, locale);
  if (!checked.ok) return { ok: false, errors: slackFormErrors(binding, checked.errors) };
  return { ok: true, value: read(checked.values) };
}
