// The seal request form (用印申请), on the web and as Slack's modal: the same FormSpec, pre-filled
// the same way from the params `/seal …` gave it, and the same start of a request. The form's key
// is the start key, so a submission that reached the engine twice starts one request; the
// requester is told what was started and who reviews it first.

import type { FormValues } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import { isAppError } from '../../shared/errors.ts';
import { t, translateDynamic } from '../../shared/i18n.ts';
import type { SealFeatureDeps } from './seal-chat.ts';
import { sealNameOf, sealStartedText } from './seal-replies.ts';
import {
  SEAL_REQUEST_FORM_ID,
  sealRequestFormSpec,
  sealRequestInitialOf,
  sealRequestOfForm,
} from './seal-request-form.ts';

/**
 * The seal request form. A link to it needs no params; one from `/seal …` carries what could be
 * read and its notes (`sealRequestParams`), and `w`, the workspace, where there is one.
 */
export function sealRequestWebForm(seal: Pick<SealFeatureDeps, 'seals' | 'start'>): WebFormHandler {
  const usable = async () => (await seal.seals()).filter((s) => s.state === 'active');
  return {
    formId: SEAL_REQUEST_FORM_ID,
    async load(context) {
      return sealRequestFormSpec({ seals: await usable(), initial: sealRequestInitialOf(context.params) });
    },
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      const { locale } = context;
      const form = sealRequestOfForm(values);
      // Named before the start: once it is committed, nothing more may fail.
      const chosen = (await usable()).find((s) => s.id === form.sealId);
      try {
        const started = await seal.start({
          requesterPersonId: context.personId,
          workspaceId: context.params.w ?? null,
          form,
          locale,
          startKey: context.key,
        });
        return {
          ok: true,
          message: sealStartedText(locale, {
            title: form.title,
            sealName: chosen ? sealNameOf(chosen, locale) : form.sealId,
            copies: form.copies,
            firstReviewer: started.firstReviewer,
          }),
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
