// The card's action form on the web: the same FormSpec as the modal, the same click. A link to it
// carries the item, the version its card showed, the action and the opinion rule, as the button
// and the modal's metadata do.

import type { FormValues } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import { isAppError } from '../../shared/errors.ts';
import { type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import {
  ACTION_FORM_ID,
  ACTION_FORM_TYPES,
  type ActionFormType,
  actionFormSpec,
  actionOfForm,
} from './action-form.ts';
import { describeOutcome } from './click-outcome.ts';
import type { WorkflowService } from './workflow-service.ts';

/** The link params of an action form: `i` item, `v` version, `a` action, `r` opinion required, `w` workspace. */
export interface ActionFormParams {
  instanceId: string;
  version: number;
  action: ActionFormType;
  requireComment: boolean;
  /** The chat workspace of the item (the engine refuses a click from another). */
  workspaceId: string | null;
}

/** The params of a link to the action form. */
export function actionFormLinkParams(params: ActionFormParams): Record<string, string> {
  return {
    i: params.instanceId,
    v: String(params.version),
    a: params.action,
    ...(params.requireComment ? { r: '1' } : {}),
    ...(params.workspaceId ? { w: params.workspaceId } : {}),
  };
}

function readParams(params: Readonly<Record<string, string>>): ActionFormParams | null {
  const action = ACTION_FORM_TYPES.find((type) => type === params.a);
  const version = Number(params.v);
  if (!action || !params.i || !Number.isSafeInteger(version) || version < 0) return null;
  return {
    instanceId: params.i,
    version,
    action,
    requireComment: params.r === '1',
    workspaceId: params.w ?? null,
  };
}

/** What the web action form needs: the service and the form's choices (as the modal's listener has). */
export interface ActionWebFormDeps {
  service: WorkflowService;
  formContext(
    instanceId: string,
    actorPersonId: string | null,
    locale: Locale,
  ): Promise<{
    returnTargets: Array<{ stepKey: string; label: string }>;
    people: Array<{ personId: string; name: string }>;
  } | null>;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
  /** The unit's time zone, for the time of a change made meanwhile. */
  timeZone: string;
  /** Redraws this person's card copy after a stale click, as a refused modal does. */
  refreshCard(instanceId: string, personId: string): Promise<void>;
}

/** The action form as a web form. */
export function actionWebForm(deps: ActionWebFormDeps): WebFormHandler {
  return {
    formId: ACTION_FORM_ID,
    async load(context: WebFormContext) {
      const params = readParams(context.params);
      if (!params) return null;
      const choices = await deps.formContext(params.instanceId, context.personId, context.locale);
      if (!choices) return null;
      return actionFormSpec({ action: params.action, requireComment: params.requireComment, ...choices });
    },
    async submit(context: WebFormContext, values: FormValues): Promise<WebFormOutcome> {
      const params = readParams(context.params);
      if (!params) throw new Error('action form link without its params');
      try {
        const outcome = await deps.service.click({
          instanceId: params.instanceId,
          workspaceId: params.workspaceId,
          actorPersonId: context.personId,
          action: actionOfForm(params.action, values),
          expectedVersion: params.version,
        });
        if (outcome.kind === 'stale') await deps.refreshCard(params.instanceId, context.personId);
        const message = await describeOutcome(outcome, context.locale, deps);
        // Applied (or applied before: a click's key makes it once): nothing more to say.
        return message === null ? { ok: true } : { ok: false, message };
      } catch (error) {
        if (isAppError(error)) {
          const message =
            translateDynamic(context.locale, error.messageKey, error.params) ??
            t(context.locale, 'error.app_error', { code: error.code });
          return { ok: false, message };
        }
        throw error;
      }
    },
  };
}
