// The forms opened from a document's card, served on the web for platforms without modals: 批办
// and 签发 (each a step's own form, linked from the step's card button and applied as the step's
// click) and 归档移交 (the hand-off of a finished document). The same FormSpecs, checks and service
// calls as their modals.

import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import { INCOMING_STEP_IDS } from '../../domain/documents/incoming.ts';
import { SIGN_OFF_STEP_IDS } from '../../domain/documents/outgoing.ts';
import { isAppError } from '../../shared/errors.ts';
import { type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import { readStepFormParams, type StepWebFormDeps, stepWebForm } from '../workflow/step-web-form.ts';
import {
  archiveHandOffFormSpec,
  DOC_ARCHIVE_FORM_ID,
  DOC_INSTRUCT_FORM_ID,
  DOC_SIGN_OFF_FORM_ID,
  type DocFormChoice,
  handOffOfForm,
  instructFormSpec,
  instructionOfForm,
  signOffFormSpec,
  signOffOfForm,
} from './card-forms.ts';
import type { DocCardFormDeps } from './card-forms-chat.ts';
import type { Instruction } from './incoming-documents.ts';

/** What the documents' web forms need besides the engine's chat side. */
export interface DocCardWebFormDeps {
  chat: StepWebFormDeps;
  incoming: {
    instructOptions(locale: Locale): {
      departments: DocFormChoice[];
      handlers: DocFormChoice[];
      leaders: DocFormChoice[];
    };
    checkInstruction(
      instanceId: string,
      instruction: Instruction,
    ): Promise<{ ok: true; params: Record<string, string | string[]> } | { ok: false; field: string }>;
  };
  cardForms: DocCardFormDeps;
}

/** 批办, 签发 and 归档移交 as web forms. */
export function docCardWebForms(deps: DocCardWebFormDeps): WebFormHandler[] {
  const instruct = stepWebForm(deps.chat, {
    formId: DOC_INSTRUCT_FORM_ID,
    stepIds: [INCOMING_STEP_IDS.instruct],
    load: async (_instanceId, context) => instructFormSpec(deps.incoming.instructOptions(context.locale)),
    async read(values, instanceId, context) {
      const instruction = instructionOfForm(values);
      const checked = await deps.incoming.checkInstruction(instanceId, instruction);
      if (!checked.ok) {
        return { ok: false, message: t(context.locale, 'doc.instruct.error.invalid'), field: checked.field };
      }
      return { ok: true, comment: instruction.comment, params: checked.params };
    },
  });
  const signOff = stepWebForm(deps.chat, {
    formId: DOC_SIGN_OFF_FORM_ID,
    stepIds: SIGN_OFF_STEP_IDS,
    // A document no longer at sign-off says so, with nothing to send.
    load: async (instanceId) => signOffFormSpec((await deps.cardForms.signOffDraft(instanceId)) ?? 'gone'),
    async read(values) {
      const { comment, params } = signOffOfForm(values);
      return { ok: true, comment, params };
    },
  });
  return [instruct, signOff, archiveHandOffWebForm(deps.cardForms.archive)];
}

/**
 * 归档移交 on the web: checked, then handed over once per link (its id is the hand-off's key, so a
 * submission that reached the database twice hands over once).
 */
function archiveHandOffWebForm(archive: DocCardWebFormDeps['cardForms']['archive']): WebFormHandler {
  return {
    formId: DOC_ARCHIVE_FORM_ID,
    load: async (context) => (readStepFormParams(context.params) ? archiveHandOffFormSpec() : null),
    async submit(context: WebFormContext, values): Promise<WebFormOutcome> {
      const item = readStepFormParams(context.params);
      if (!item) throw new Error('archive hand-off link without its params');
      const request = {
        workspaceId: item.workspaceId,
        instanceId: item.instanceId,
        actorPersonId: context.personId,
        requestKey: context.key,
      };
      try {
        await archive.check(request);
        const done = await archive.handOff({ ...request, ...handOffOfForm(values) });
        return {
          ok: true,
          message: t(context.locale, 'doc.archive.done', {
            number: done.number,
            retention: t(context.locale, `doc.archive.retention.${done.retention}`),
          }),
        };
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
