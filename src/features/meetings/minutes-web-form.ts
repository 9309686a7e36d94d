// The minutes form (会议纪要) on the web and as Slack's modal: the same FormSpec and the same
// start (or, for minutes returned to their drafter, the same resubmit). The form's key makes a
// submission that reached the bot twice apply once: the second finds the minutes it started or
// the edit it sent. A refusal (the meeting has minutes already, they are with the chair) is shown
// on the form.

import { appErrorText } from '../../chat/core/flow.ts';
import type { FormSpec, FormValues } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import { MINUTES_PARAMS } from '../../domain/meetings/minutes.ts';
import { isAppError } from '../../shared/errors.ts';
import { t } from '../../shared/i18n.ts';
import type { MinutesFeatureDeps } from './minutes-chat.ts';
import { MINUTES_FORM_ID, minutesFormSpec, minutesOfForm } from './minutes-form.ts';

/** The form saying why there is nothing to fill in. */
function refusedForm(message: string): FormSpec {
  return {
    id: MINUTES_FORM_ID,
    title: { key: 'meeting.minutes.form.title' },
    submitLabel: null,
    notices: [{ kind: 'message', lines: [{ text: message }] }],
    fields: [],
  };
}

/** The minutes form. A link names the meeting in `m` (and the workspace in `w`, where there is one). */
export function minutesWebForm(minutes: MinutesFeatureDeps): WebFormHandler {
  return {
    formId: MINUTES_FORM_ID,
    async load(context) {
      const meetingId = context.params.m ?? '';
      try {
        const target = await minutes.targetById(context.personId, meetingId);
        return target ? minutesFormSpec(await minutes.formChoices(target, context.locale)) : null;
      } catch (error) {
        if (!isAppError(error)) throw error;
        // The same form sent again after it applied is answered as the first send was.
        const again = await minutes.appliedWith(meetingId, context.key);
        if (again) return minutesFormSpec(await minutes.formChoices(again, context.locale));
        return refusedForm(appErrorText(context.locale, error));
      }
    },
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      const { locale } = context;
      const meetingId = context.params.m ?? '';
      try {
        const headOf = await minutes.headsOfDepartments();
        const { instance, revised } = await minutes.start({
          drafterId: context.personId,
          workspaceId: context.params.w ?? null,
          meetingId,
          draft: minutesOfForm(values, headOf),
          requestKey: context.key,
        });
        const chair = instance.params[MINUTES_PARAMS.chair];
        const chairId = Array.isArray(chair) && typeof chair[0] === 'string' ? chair[0] : '';
        const names = await minutes.namesOf([chairId], locale);
        return {
          ok: true,
          message: t(locale, revised ? 'meeting.minutes.resent' : 'meeting.minutes.started', {
            title: instance.title ?? '',
            person: names.get(chairId) ?? chairId,
          }),
        };
      } catch (error) {
        if (!isAppError(error)) throw error;
        return { ok: false, message: appErrorText(locale, error) };
      }
    },
  };
}
