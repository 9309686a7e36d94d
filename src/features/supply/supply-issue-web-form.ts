// 发放, the keeper's issue form: the issuing step's own form (a modal on Slack, a page where the
// platform has none), applied as the step's click with the quantities issued. Quantities above the
// request or the stock, and nothing issued without a reason, are refused beside their fields
// before anything is written; the issue checks the stock again in its transaction.

import { formText } from '../../chat/core/form-spec.ts';
import type { WebFormHandler } from '../../chat/core/web-form.ts';
import { SUPPLY_PARAMS, SUPPLY_STEP_IDS } from '../../domain/supply/definition.ts';
import type { Locale } from '../../shared/i18n.ts';
import { type StepFormReading, type StepWebFormDeps, stepWebForm } from '../workflow/step-web-form.ts';
import { type IssueCheckLine, issueRefusals } from './issue-check.ts';
import { issueParam } from './requests.ts';
import {
  itemFieldId,
  readSupplyIssueForm,
  SUPPLY_FIELDS,
  SUPPLY_FORM_IDS,
  supplyIssueFormSpec,
} from './supply-forms.ts';

/**
 * What the issue form says beside a quantity above the request or the stock, or beside the
 * reason when nothing at all is issued without one (无货), by the form's field ids; null when all fit.
 */
export function issueFieldRefusals(
  lines: readonly IssueCheckLine[],
  quantities: ReadonlyMap<string, number>,
  locale: Locale,
  reason: string,
): Record<string, string> | null {
  const refusals = issueRefusals(lines, quantities, locale, reason);
  if (refusals === null) return null;
  // By item id or the reason: beside the item's quantity, or the reason.
  return Object.fromEntries(
    Object.entries(refusals).map(([key, text]) => [
      key === SUPPLY_FIELDS.reason ? key : itemFieldId(key),
      text,
    ]),
  );
}

/** A refusal beside each field named, and all of it in one text. */
function refusedBeside(fields: Record<string, string>): StepFormReading {
  return { ok: false, message: Object.values(fields).join('\n'), fields };
}

/** The issue form on the web, for the keeper the link is for. */
export function supplyIssueWebForm(
  deps: StepWebFormDeps,
  supply: { issueLines(instanceId: string): Promise<IssueCheckLine[]> },
): WebFormHandler {
  return stepWebForm(deps, {
    formId: SUPPLY_FORM_IDS.issue,
    stepIds: [SUPPLY_STEP_IDS.issue],
    // No longer waiting on issuing: the form says so and has nothing to send.
    load: async (instanceId) => supplyIssueFormSpec({ lines: await supply.issueLines(instanceId) }),
    async read(values, instanceId, context) {
      const lines = await supply.issueLines(instanceId);
      const spec = supplyIssueFormSpec({ lines });
      const read = readSupplyIssueForm(spec, values);
      if (!read.ok) {
        const fields = Object.fromEntries(
          Object.entries(read.errors).map(([field, text]) => [field, formText(text, context.locale)]),
        );
        return refusedBeside(fields);
      }
      const { quantities, reason } = read.value;
      const refusals = issueFieldRefusals(lines, quantities, context.locale, reason);
      if (refusals) return refusedBeside(refusals);
      return { ok: true, comment: reason, params: { [SUPPLY_PARAMS.issue]: issueParam(quantities) } };
    },
  });
}
