// The 报告遗失 form (on the web, and as Slack's modal): the seal's state changed, with who may
// report checked in its transaction. The form's key is the change's, so a submission that reached
// the service twice (a form sent again after a late commit) changes once.

import type { FormValues } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import { isAppError } from '../../shared/errors.ts';
import { t, translateDynamic } from '../../shared/i18n.ts';
import type { SealFeatureDeps } from './seal-chat.ts';
import { SEAL_LOST_FORM_ID, sealLostFormSpec, sealLostOfForm } from './seal-custody-forms.ts';
import { sealChangedText, sealNameOf } from './seal-replies.ts';

/** The 报告遗失 form as a web form; a link to it carries the seal's id as `sealId`. */
export function sealLostWebForm(
  deps: Pick<SealFeatureDeps, 'seals' | 'changeState' | 'stateLabel'>,
): WebFormHandler {
  return {
    formId: SEAL_LOST_FORM_ID,
    async load(context) {
      const seal = (await deps.seals()).find((s) => s.id === context.params.sealId);
      return seal ? sealLostFormSpec({ sealName: sealNameOf(seal, context.locale) }) : null;
    },
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      const { locale } = context;
      try {
        const done = await deps.changeState({
          actorPersonId: context.personId,
          sealId: context.params.sealId ?? '',
          action: 'lost',
          reason: sealLostOfForm(values).note,
          requestKey: context.key,
        });
        return {
          ok: true,
          message: sealChangedText(locale, { ...done, state: deps.stateLabel(done.state, locale) }),
        };
      } catch (error) {
        if (!isAppError(error)) throw error;
        const message =
          translateDynamic(locale, error.messageKey, error.params) ??
          t(locale, 'error.app_error', { code: error.code });
        return { ok: false, message };
      }
    },
  };
}
