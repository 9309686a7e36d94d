// The seal request form on the web: the same FormSpec as the modal, pre-filled the same way from
// the params `/seal …` gave it, and the same start of a request. The link's id is the start key,
// so a submission that reached the engine twice starts one request.

import type { FormValues } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { isAppError } from '../../shared/errors.ts';
import { t, translateDynamic } from '../../shared/i18n.ts';
import type { WorkflowService } from '../workflow/workflow-service.ts';
import {
  SEAL_REQUEST_FORM_ID,
  sealRequestFormSpec,
  sealRequestInitialOf,
  sealRequestOfForm,
} from './seal-request-form.ts';
import { listSeals, startSealRequest } from './seal-service.ts';

/**
 * The seal request form as a web form. A link to it needs no params; one from `/seal …` carries
 * what could be read and its notes (`sealRequestParams`), and `w`, the workspace, where there is one.
 */
export function sealRequestWebForm(deps: { prisma: PrismaClient; service: WorkflowService }): WebFormHandler {
  const usable = async () => (await listSeals(deps.prisma)).filter((s) => s.state === 'active');
  return {
    formId: SEAL_REQUEST_FORM_ID,
    async load(context) {
      return sealRequestFormSpec({ seals: await usable(), initial: sealRequestInitialOf(context.params) });
    },
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      try {
        await startSealRequest(
          { service: deps.service, prisma: deps.prisma },
          {
            requesterPersonId: context.personId,
            workspaceId: context.params.w ?? null,
            form: sealRequestOfForm(values),
            startKey: context.key,
          },
        );
        return { ok: true };
      } catch (error) {
        if (!isAppError(error)) throw error;
        const message =
          translateDynamic(context.locale, error.messageKey, error.params) ??
          t(context.locale, 'error.app_error', { code: error.code });
        return { ok: false, message };
      }
    },
  };
}
