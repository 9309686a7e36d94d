// 发放 on the web: the keeper's issue form where the platform has no modals, the issuing step's own
// form, applied as the step's click with the quantities issued, as the modal's submission applies
// them. Quantities above the request or the stock are refused on the page before anything is written.

import { formText } from '../../chat/core/form-spec.ts';
import type { WebFormHandler } from '../../chat/core/web-form.ts';
import { SUPPLY_PARAMS, SUPPLY_STEP_IDS } from '../../domain/supply/definition.ts';
import { type StepWebFormDeps, stepWebForm } from '../workflow/step-web-form.ts';
import { type IssueCheckLine, issueRefusals } from './issue-check.ts';
import { issueParam } from './requests.ts';
import { readSupplyIssueForm, SUPPLY_FORM_IDS, supplyIssueFormSpec } from './supply-forms.ts';

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
        const words = Object.values(read.errors).map((text) => formText(text, context.locale));
        return { ok: false, message: words.join('\n') };
      }
      const { quantities, reason } = read.value;
      const refusals = issueRefusals(lines, quantities, context.locale, reason);
      if (refusals) return { ok: false, message: Object.values(refusals).join('\n') };
      return { ok: true, comment: reason, params: { [SUPPLY_PARAMS.issue]: issueParam(quantities) } };
    },
  });
}
