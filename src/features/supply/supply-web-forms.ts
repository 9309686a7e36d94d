// The requester's /supply forms on the web, for platforms without modals: the request and the
// department plan, drawn from the same FormSpecs as the modals and applied by the same service
// calls (the keeper's are beside them; the issue form stays the card's). A link's id is the start
// key, so a request submitted twice through one link starts once.

import type { FormValues } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import { isAppError } from '../../shared/errors.ts';
import { type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import type { createSupplyChatDeps } from './supply-chat.ts';
import {
  readSupplyPlanForm,
  readSupplyRequestForm,
  SUPPLY_FORM_IDS,
  type SupplyFormReading,
  supplyPlanFormSpec,
  supplyRequestFormSpec,
} from './supply-forms.ts';

type SupplyChat = ReturnType<typeof createSupplyChatDeps>;

/** What the web forms need of the supply feature. */
export type SupplyWebFormDeps = Pick<
  SupplyChat,
  'catalog' | 'startRequest' | 'nextPeriods' | 'submitPlan'
> & {
  departmentName(id: string, locale: Locale): string;
};

/**
 * A refusal of the service (an AppError) as the form's banner; anything else is thrown. The work
 * gives the message, or the whole outcome when it may refuse by itself.
 */
export async function applying(
  locale: Locale,
  work: () => Promise<string | WebFormOutcome>,
): Promise<WebFormOutcome> {
  try {
    const done = await work();
    return typeof done === 'string' ? { ok: true, message: done } : done;
  } catch (error) {
    if (!isAppError(error)) throw error;
    const message =
      translateDynamic(locale, error.messageKey, error.params) ??
      t(locale, 'error.app_error', { code: error.code });
    return { ok: false, message };
  }
}

/** The value of a submission `validateForm` passed (its check is the spec's own, so it reads). */
function passed<T>(reading: SupplyFormReading<T>): T {
  if (!reading.ok) throw new Error('a submission the form’s check passed did not read');
  return reading.value;
}

/** The request form on the web (a link to it carries the workspace as `w`, where there is one). */
export function supplyRequestWebForm(deps: SupplyWebFormDeps): WebFormHandler {
  return {
    formId: SUPPLY_FORM_IDS.request,
    async load() {
      return supplyRequestFormSpec({ catalog: await deps.catalog() });
    },
    async submit(context: WebFormContext, values: FormValues) {
      const { lines, reason } = passed(readSupplyRequestForm(values));
      return applying(context.locale, async () => {
        const started = await deps.startRequest({
          workspaceId: context.params.w ?? null,
          requesterPersonId: context.personId,
          lines,
          reason,
          locale: context.locale,
          startKey: context.key,
        });
        return t(context.locale, 'supply.request.started', {
          title: started.title,
          person: started.firstReviewer,
        });
      });
    },
  };
}

/** The department plan on the web: next month or next quarter, as the modal offers. */
export function supplyPlanWebForm(deps: SupplyWebFormDeps): WebFormHandler {
  return {
    formId: SUPPLY_FORM_IDS.plan,
    async load() {
      return supplyPlanFormSpec({ catalog: await deps.catalog(), periods: deps.nextPeriods() });
    },
    async submit(context: WebFormContext, values: FormValues) {
      const { period, lines } = passed(readSupplyPlanForm(values));
      return applying(context.locale, async () => {
        const done = await deps.submitPlan(context.personId, period, lines);
        return t(context.locale, 'supply.plan.done', {
          period,
          department: deps.departmentName(done.departmentId, context.locale),
          count: done.lines,
        });
      });
    },
  };
}
