// A step's own form (批办, 签发, 发放…), on every platform: the form a card's step button opens
// (a modal, or a web page where the platform has none). The feature says how the form is drawn
// for the item and what a valid submission sets; sending it is the step's click through the core's
// flow (applyAction), as a card's button makes it: 办理 with the opinion and the params, against
// the version the card showed, refreshed when it is stale.

import { appErrorText, applyAction, type FlowDeps, type FlowLog } from '../../chat/core/flow.ts';
import type { FormSpec, FormValues } from '../../chat/core/form-spec.ts';
import type { WebFormContext, WebFormHandler, WebFormOutcome } from '../../chat/core/web-form.ts';
import { isAppError } from '../../shared/errors.ts';

/** What a link to a step's form is about: the item, the version its card showed, its workspace. */
export interface StepFormParams {
  instanceId: string;
  version: number;
  /** The chat workspace of the item (the engine refuses a click from another). */
  workspaceId: string | null;
}

/** The params of a link to a step's form: `i` item, `v` version, `w` workspace. */
export function stepFormLinkParams(params: StepFormParams): Record<string, string> {
  return {
    i: params.instanceId,
    v: String(params.version),
    ...(params.workspaceId ? { w: params.workspaceId } : {}),
  };
}

/** The params a link carries, or null when they cannot be read. */
export function readStepFormParams(params: Readonly<Record<string, string>>): StepFormParams | null {
  const version = Number(params.v);
  if (!params.i || !Number.isSafeInteger(version) || version < 0) return null;
  return { instanceId: params.i, version, workspaceId: params.w ?? null };
}

/** What a step's form sets when it is sent: the opinion and the step's params, or why not. */
export type StepFormReading =
  | { ok: true; comment: string; params: Record<string, string | string[]> }
  /**
   * Refused before any click, in the person's language: beside `field` when it concerns one, beside
   * each of `fields` (field id → words) when it concerns several.
   */
  | { ok: false; message: string; field?: string; fields?: Readonly<Record<string, string>> };

/** A step's form as a feature declares it. */
export interface StepWebFormDefinition {
  /** The FormSpec id links carry. */
  formId: string;
  /** The steps (definition step ids) whose card button opens this form. */
  stepIds: readonly string[];
  /** The form for the item, in the person's language; null when it cannot be drawn. */
  load(instanceId: string, context: WebFormContext): Promise<FormSpec | null>;
  /** What `values` (checked against the spec `load` gave) set at the step. */
  read(values: FormValues, instanceId: string, context: WebFormContext): Promise<StepFormReading>;
}

/**
 * What applying a step's form needs: the flow's (the workflow service, names, the unit's time
 * zone, the card's redraw after a stale click) and where a failure is logged.
 */
export interface StepWebFormDeps extends FlowDeps {
  log: FlowLog;
}

/** The step's form as a web form: drawn by the feature, applied as the step's click. */
export function stepWebForm(deps: StepWebFormDeps, form: StepWebFormDefinition): WebFormHandler {
  return {
    formId: form.formId,
    stepIds: form.stepIds,
    async load(context) {
      const params = readStepFormParams(context.params);
      return params ? form.load(params.instanceId, context) : null;
    },
    async submit(context, values): Promise<WebFormOutcome> {
      const params = readStepFormParams(context.params);
      if (!params) throw new Error(`step form ${form.formId} link without its params`);
      let reading: StepFormReading;
      try {
        reading = await form.read(values, params.instanceId, context);
      } catch (error) {
        if (!isAppError(error)) throw error;
        return { ok: false, message: appErrorText(context.locale, error) };
      }
      if (!reading.ok) return reading;
      const refusal = await applyAction(
        {
          kind: 'action',
          workspaceId: params.workspaceId,
          actor: { personId: context.personId, locale: context.locale },
          dedupeKey: context.key,
          card: { instanceId: params.instanceId, version: params.version },
          // An empty opinion is none (a note left blank), as the modal sends it.
          action: {
            type: 'approve',
            ...(reading.comment ? { comment: reading.comment } : {}),
            params: reading.params,
          },
        },
        deps,
        deps.log,
      );
      return refusal === null ? { ok: true } : { ok: false, message: refusal };
    },
  };
}
