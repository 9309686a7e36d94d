// The yearly meeting plan form on the web and as Slack's modal: drawn for the person's department
// and the link's year, applied by replacing the department's plan for the year. Sent twice, the
// second sending writes the same plan again.

import { appErrorText } from '../../chat/core/flow.ts';
import type { FormValues } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import { readPlanYear } from '../../domain/meetings/plan.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { isAppError } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import { MEETING_PLAN_FORM_ID, meetingPlanFormSpec, readMeetingPlanForm } from './plan-form.ts';
import { planDepartmentOf, planEntriesOf, submitMeetingPlan } from './plan-service.ts';

/** The year a link or modal carries; a form without one is for the default year. */
function yearOf(context: Pick<WebFormContext, 'params'>, fallback: number): number {
  return readPlanYear(context.params.year ?? '') ?? fallback;
}

export function meetingPlanWebForm(deps: {
  prisma: PrismaClient;
  now(): Date;
  defaultPlanYear(): number;
}): WebFormHandler {
  return {
    formId: MEETING_PLAN_FORM_ID,
    async load(context) {
      const year = yearOf(context, deps.defaultPlanYear());
      const department = await planDepartmentOf(deps.prisma, context.personId);
      const entries = await planEntriesOf(deps.prisma, department.id, year);
      return meetingPlanFormSpec({
        year,
        department: { zh: department.name, en: department.nameEn },
        entries,
      });
    },
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      const { locale } = context;
      const year = yearOf(context, deps.defaultPlanYear());
      const reading = readMeetingPlanForm(values, year);
      // The form's check read the same values; a submission that reached here without it is refused.
      if (!reading.ok) throw new Error('a plan the form’s check passed did not read');
      try {
        const done = await submitMeetingPlan(deps.prisma, {
          personId: context.personId,
          year,
          entries: reading.entries,
          now: deps.now(),
        });
        const department = await planDepartmentOf(deps.prisma, context.personId);
        return {
          ok: true,
          message: t(locale, 'meeting.plan.done', {
            year,
            department: locale === 'en' ? (department.nameEn ?? department.name) : department.name,
            count: done.entries,
            budget: reading.entries.reduce((sum, e) => sum + (e.budget ?? 0), 0),
          }),
        };
      } catch (error) {
        if (!isAppError(error)) throw error;
        return { ok: false, message: appErrorText(locale, error) };
      }
    },
  };
}
