// The features' forms as Slack modals, through the same neutral handlers the web form page serves
// (WebFormHandler): a card's step button opens its step's own form, and the submission of any
// modal whose form has a handler is read back by the form's Slack binding, checked against the
// spec the handler draws, and applied by the handler, keyed by the view (`view:<view id>`).
//
// A submission writes before the modal closes: a refusal, a failure or a database that does not
// answer within Slack's time is shown on the form, which stays open; sending it again after a late
// commit finds what the first one did by its key. What was done is told in a direct message.

import type { App } from '@slack/bolt';
import { stepFormLinkParams } from '../../features/workflow/step-web-form.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { newReferenceId } from '../core/flow.ts';
import type { FormSpec, FormValues } from '../core/form-spec.ts';
import {
  outcomeRichText,
  refusalByField,
  type WebFormContext,
  type WebFormHandler,
  type WebFormOutcome,
} from '../core/web-form.ts';
import { encodeModalMetadata, parseModalMetadata } from './action-values.ts';
import {
  commitBeforeClosing,
  type FormDeadlineSource,
  type FormWork,
  formDeadlineOf,
} from './form-deadline.ts';
import {
  renderSlackModal,
  type SlackFormBinding,
  type SlackFormBindingOf,
  slackFormErrors,
} from './form-view.ts';
import type { ViewArgs } from './interactions.ts';
import { sendDirectMessage } from './listeners/errors.ts';
import { slackText } from './messages.ts';
import { renderMrkdwn } from './reply-blocks.ts';
import type { SlackRequestContext } from './request-context.ts';
import { readSpecModal } from './spec-modal.ts';
import type { SlackViewStateValues } from './view-state.ts';
import type { StepFormOpener } from './workflow/listeners.ts';

/** How a submitted modal gives its form back what it was about. */
export interface SlackModalReadBack {
  /**
   * The params the modal's private_metadata carries (as the form's binding wrote it), or null when
   * it is not what the binding wrote; none when absent. A step's form needs none: its metadata is
   * the card's ref, read here.
   */
  paramsOf?(privateMetadata: string): Record<string, string> | null;
  /**
   * The field a refusal that names none, a failure or a late commit is shown beside; by default
   * the form's first field.
   */
  errorField?: string;
  /**
   * A step's form that takes a moment to draw (it reads the item's lines and the stock): the modal
   * opens at once with this view, while the card's trigger_id (3 s) still holds, and is then
   * updated with the form.
   */
  loading?: FormSpec;
  /**
   * The form lists what may change while it is open (the stock-take: a field per catalog item):
   * only the fields whose blocks the submission holds are checked, so an item added since the
   * modal opened is not asked for.
   */
  checksShownFields?: boolean;
}

/** The forms whose modal submissions are applied by their handler, by form id. */
export type SlackModalReadBacks = ReadonlyMap<string, SlackModalReadBack>;

/** What the glue needs: the features' handlers, their modals' bindings, and how each is read back. */
export interface WebFormModalOptions extends FormDeadlineSource {
  handlers: readonly WebFormHandler[];
  bindings: ReadonlyMap<string, SlackFormBindingOf>;
  readBacks: SlackModalReadBacks;
}

/** The chat workspace, by the forms' convention for params. */
const WORKSPACE_PARAM = 'w';

/** A submitted modal read back: as whom, the form as drawn now and its checked values; or what to show instead. */
type SubmittedForm =
  | {
      ok: true;
      context: WebFormContext;
      binding: SlackFormBinding;
      spec: FormSpec;
      values: FormValues;
    }
  | { ok: false; errors: Record<string, string> };

/** A form this glue answers: its handler, its modal's binding and how the modal is read back. */
interface ModalForm {
  handler: WebFormHandler;
  readBack: SlackModalReadBack;
  bindingOf: SlackFormBindingOf;
}

/** The handlers whose submission this glue answers, each with how it is read back. */
function answeredForms(options: WebFormModalOptions): ModalForm[] {
  return options.handlers.flatMap((handler) => {
    const readBack = options.readBacks.get(handler.formId);
    const bindingOf = options.bindings.get(handler.formId);
    if (!readBack) return [];
    if (!bindingOf)
      throw new Error(`the form ${handler.formId} is read back from a modal it has no binding for`);
    return [{ handler, readBack, bindingOf }];
  });
}

/** Registers the submission of every form that has a handler and a read-back. */
export function registerWebFormModals(app: App<SlackRequestContext>, options: WebFormModalOptions): void {
  for (const form of answeredForms(options)) {
    const callbackId = form.bindingOf({}).callbackId;
    app.view(callbackId, (args) => submitModal(args as unknown as ViewArgs, form, options));
  }
}

/**
 * The binding of the fields `spec` has: a form whose fields follow what it is about (an item each)
 * is read back by the fields it has now, whose slots its binding makes when asked.
 */
function bindingOfSpec(binding: SlackFormBinding, spec: FormSpec): SlackFormBinding {
  const fields = Object.fromEntries(
    spec.fields.flatMap((field) => {
      const slot = binding.fields[field.id];
      return slot ? [[field.id, slot] as const] : [];
    }),
  );
  return { ...binding, fields };
}

/**
 * The block `fieldId` sits in, else the block of the form's first field, else of the binding's
 * first, else the submitted view's first input block (Slack shows errors only under one): a form
 * drawn now with no fields (a step no longer waiting) still answers under a field its modal showed.
 */
function errorBlockOf(
  binding: SlackFormBinding,
  spec: FormSpec | null,
  fieldId: string | undefined,
  view: Pick<ViewArgs['view'], 'blocks'>,
): string {
  const named = fieldId ? binding.fields[fieldId] : undefined;
  const first = spec?.fields[0] ? binding.fields[spec.fields[0].id] : undefined;
  const input = (view.blocks ?? []).find((b) => b.type === 'input' && typeof b.block_id === 'string');
  const known = Object.keys(binding.fields)[0];
  const blockId =
    named?.blockId ??
    first?.blockId ??
    (known ? binding.fields[known]?.blockId : undefined) ??
    input?.block_id;
  if (!blockId) throw new Error(`the modal ${binding.callbackId} has no field to show an error beside`);
  return blockId;
}

/** `spec` with only the fields whose blocks the submission holds. */
function fieldsShown(
  spec: FormSpec,
  binding: SlackFormBinding,
  values: SlackViewStateValues | null | undefined,
): FormSpec {
  const sent = new Set(Object.keys(values ?? {}));
  return { ...spec, fields: spec.fields.filter((f) => sent.has(binding.fields[f.id]?.blockId ?? '')) };
}

/** The params a submitted modal carries: the step's card ref, or what its binding wrote. */
function paramsOfView(
  handler: WebFormHandler,
  readBack: SlackModalReadBack,
  privateMetadata: string,
  workspaceId: string | null,
): Record<string, string> | null {
  if (handler.stepIds?.length) {
    try {
      const ref = parseModalMetadata(privateMetadata, { action: 'approve' });
      return stepFormLinkParams({ instanceId: ref.instanceId, version: ref.version, workspaceId });
    } catch {
      return null;
    }
  }
  const carried = readBack.paramsOf ? readBack.paramsOf(privateMetadata) : {};
  if (carried === null) return null;
  const params = { ...carried };
  if (workspaceId && params[WORKSPACE_PARAM] === undefined) params[WORKSPACE_PARAM] = workspaceId;
  return params;
}

/**
 * Reads a submitted modal: the person behind it (a Slack user linked to nobody is told so on the
 * form), the form as its handler draws it for them now, and the values checked against it.
 */
async function readSubmittedForm(args: ViewArgs, form: ModalForm, locale: Locale): Promise<SubmittedForm> {
  const { body, view, context } = args;
  const { handler, readBack } = form;
  const params = paramsOfView(handler, readBack, view.private_metadata, body.team?.id ?? null);
  const drawn = form.bindingOf(params ?? {});
  const errorBlock = errorBlockOf(drawn, null, readBack.errorField, view);
  if (params === null) return { ok: false, errors: { [errorBlock]: t(locale, 'error.invalid_payload') } };
  try {
    const actor = await context.actor();
    if (actor === null) return { ok: false, errors: { [errorBlock]: slackText(locale, 'not_linked') } };
    const formContext: WebFormContext = { personId: actor.personId, params, locale, key: `view:${view.id}` };
    const spec = await handler.load(formContext);
    if (spec === null) return { ok: false, errors: { [errorBlock]: t(locale, 'wf.form_gone') } };
    const binding = bindingOfSpec(drawn, spec);
    const checkedSpec = readBack.checksShownFields ? fieldsShown(spec, binding, view.state.values) : spec;
    const checked = readSpecModal(checkedSpec, binding.fields, view.state.values, locale, (values) => values);
    if (!checked.ok) return checked;
    return { ok: true, context: formContext, binding, spec, values: checked.value };
  } catch (error) {
    // Nothing was applied (the form could not even be read): it stays open, to be sent again.
    const reference = newReferenceId();
    context.log.error({ err: error, ref: reference, formId: handler.formId }, 'form could not be read');
    return { ok: false, errors: { [errorBlock]: t(locale, 'wf.try_again', { ref: reference }) } };
  }
}

/** One submission, from its arrival to the direct message that tells what was done. */
async function submitModal(args: ViewArgs, form: ModalForm, options: FormDeadlineSource): Promise<void> {
  const { ack, body, context, client } = args;
  // Slack's time runs from the request's arrival: reading the form counts against it.
  const deadline = formDeadlineOf(options);
  const locale = await context.locale();
  const read = await readSubmittedForm(args, form, locale);
  if (!read.ok) {
    await ack({ response_action: 'errors', errors: read.errors });
    return;
  }
  const { values, binding, spec } = read;
  const done = await commitBeforeClosing(ack, {
    deadline,
    errorBlock: errorBlockOf(binding, spec, form.readBack.errorField, args.view),
    locale,
    log: context.log,
    work: async (): Promise<FormWork<WebFormOutcome & { ok: true }>> => {
      const outcome = await form.handler.submit(read.context, values);
      if (outcome.ok) return { ok: true, value: outcome };
      context.log.info({ formId: form.handler.formId }, 'form submission refused');
      // Beside each field it names, else beside the form's error field.
      const byField = refusalByField(
        outcome,
        spec.fields.map((f) => f.id),
      );
      if (Object.keys(byField).length > 0) return { ok: false, errors: slackFormErrors(binding, byField) };
      return {
        ok: false,
        errors: { [errorBlockOf(binding, spec, form.readBack.errorField, args.view)]: outcome.message },
      };
    },
  });
  if (done?.message) {
    await sendDirectMessage(client, body.user.id, renderMrkdwn(outcomeRichText(done.message)));
  }
}

/**
 * The step forms a card's step button opens, by step id: each handler with steps and a modal,
 * drawn for the item the card shows, the card's ref riding in private_metadata.
 */
export function stepFormOpeners(options: WebFormModalOptions): ReadonlyMap<string, StepFormOpener> {
  const openers = new Map<string, StepFormOpener>();
  for (const { handler, bindingOf, readBack } of answeredForms(options)) {
    const opener: StepFormOpener = async ({ client, triggerId, ref, locale, personId, workspaceId }) => {
      const params = stepFormLinkParams({ instanceId: ref.instanceId, version: ref.version, workspaceId });
      const binding = { ...bindingOf(params), privateMetadata: encodeModalMetadata(ref) };
      const draw = (spec: FormSpec) => renderSlackModal(spec, binding, locale);
      // A form that takes a moment to draw opens at once in its loading view.
      const opened = readBack.loading
        ? await client.views.open({ trigger_id: triggerId, view: draw(readBack.loading) })
        : null;
      const spec = await handler.load({
        // The form is drawn for whoever clicked; who may send it is decided when it is sent.
        personId: personId ?? '',
        params,
        locale,
        key: `open:${triggerId}`,
      });
      if (spec === null) return t(locale, 'wf.form_gone');
      if (!opened) {
        await client.views.open({ trigger_id: triggerId, view: draw(spec) });
        return null;
      }
      const viewId = opened.view?.id;
      if (!viewId) return null;
      await client.views.update({
        view_id: viewId,
        ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
        view: draw(spec),
      });
      return null;
    };
    for (const stepId of handler.stepIds ?? []) openers.set(stepId, opener);
  }
  return openers;
}
