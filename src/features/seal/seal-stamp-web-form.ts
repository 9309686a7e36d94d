// 已盖章 on the web: the stamping step's own form where the platform has no modals, applied as the
// step's click with the impressions made, as the modal's submission applies it. Never more
// impressions than were approved: refused on the form, before anything is written.

import type { WebFormHandler } from '../../chat/core/web-form.ts';
import { SEAL_STEP_IDS } from '../../domain/seal/seal-request.ts';
import { t } from '../../shared/i18n.ts';
import { type StepWebFormDeps, stepWebForm } from '../workflow/step-web-form.ts';
import type { SealFeatureDeps } from './seal-chat.ts';
import {
  SEAL_CUSTODY_FIELDS,
  SEAL_STAMP_FORM_ID,
  sealStampFormSpec,
  sealStampOfForm,
} from './seal-custody-forms.ts';

/** The 已盖章 form on the web, for the custodian the link is for. */
export function sealStampWebForm(
  deps: StepWebFormDeps,
  seal: Pick<SealFeatureDeps, 'checkImpressions'>,
): WebFormHandler {
  return stepWebForm(deps, {
    formId: SEAL_STAMP_FORM_ID,
    stepIds: [SEAL_STEP_IDS.stamp],
    load: async () => sealStampFormSpec(),
    async read(values, instanceId, context) {
      const { impressions, note } = sealStampOfForm(values);
      const checked = await seal.checkImpressions(instanceId, impressions);
      if (!checked.ok) {
        const message =
          checked.reason === 'too_many'
            ? t(context.locale, 'seal.stamp.error.count', { approved: checked.approved })
            : t(context.locale, 'seal.stamp.error.gone');
        return { ok: false, message, field: SEAL_CUSTODY_FIELDS.impressions };
      }
      return { ok: true, comment: note ?? '', params: { impressions: String(impressions) } };
    },
  });
}
