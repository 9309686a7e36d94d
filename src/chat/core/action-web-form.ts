// The card's action form on the web: the same FormSpec as the modal, and the same click through
// the core's flow. A link to it carries the item, the version its card showed, the action and the
// opinion rule, as the button and the modal's metadata do.

import {
  ACTION_FORM_ID,
  ACTION_FORM_TYPES,
  type ActionFormContextOf,
  type ActionFormType,
  actionFormSpec,
  actionOfForm,
} from '../../features/workflow/action-form.ts';
import { applyFormAction, type FlowDeps, type FlowLog } from './flow.ts';
import type { FormValues } from './form-spec.ts';
import { actionInteraction } from './interactions.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from './web-form.ts';

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

/**
 * What the web action form needs: the core flow's deps (the click, names, the time zone, the
 * redraw of a stale card) and the form's choices, as the modal's listener has them.
 */
export interface ActionWebFormDeps extends FlowDeps {
  formContext: ActionFormContextOf;
}

/** The action form as a web form: its click goes through the core's flow, as a modal's does. */
export function actionWebForm(deps: ActionWebFormDeps, log: FlowLog): WebFormHandler {
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
      // The same interaction a modal's submission hands the core: one flow for the click, its
      // refusals, a stale card (redrawn) and a failure (answered with a reference, logged).
      const answer = await applyFormAction(
        actionInteraction({
          workspaceId: params.workspaceId,
          actor: { personId: context.personId, locale: context.locale },
          card: { instanceId: params.instanceId, version: params.version },
          action: actionOfForm(params.action, values),
        }),
        deps,
        log,
      );
      if (answer.ok) return { ok: true };
      // An action form's answer is one text; field errors were caught against the spec before.
      const message = 'error' in answer ? answer.error : Object.values(answer.errors).join('\n');
      return { ok: false, message };
    },
  };
}
