import type { AllMiddlewareArgs, App } from '@slack/bolt';
import type { SecrecyLevel } from '../../../domain/org.ts';
import { isClassified } from '../../../domain/workflow/index.ts';
import type { Instruction, NewIncomingInput } from '../../../features/documents/incoming-documents.ts';
import type { NewOutgoingInput } from '../../../features/documents/new-outgoing.ts';
import { isAppError } from '../../../shared/errors.ts';
import { type Locale, t, translateDynamic } from '../../../shared/i18n.ts';
import { tMrkdwn } from '../blocks/mrkdwn.ts';
import { actorWork, commitBeforeClosing, type FormDeadlineSource, formDeadlineOf } from '../form-deadline.ts';
import { BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { appErrorText, sendDirectMessage } from '../listeners/errors.ts';
import {
  registerStepFormSubmission,
  type StepFormOpener,
  type WorkflowChatDeps,
} from '../listeners/workflow.ts';
import type { SlackRequestContext } from '../request-context.ts';
import { buildDocInstructModal, buildDocReceiveModal, type IncomingChoice } from './incoming-blocks.ts';
import { parseDocInstructSubmission, parseDocReceiveSubmission } from './incoming-submission.ts';
import { buildDocNewModal } from './new-blocks.ts';
import { parseDocNewSubmission } from './new-submission.ts';

type Option = { id: string; name: string; nameEn: string | null };

/** What the document listeners need from the rest of the bot. */
export interface DocumentChatDeps {
  /** The unit's document types and departments, for the drafting form (from the organisation file). */
  formOptions: { docTypes: readonly Option[]; departments: readonly Option[] };
  /**
   * Checks what can be checked before the form closes (a countersigning department without a
   * head): throws that AppError. Reads only, so a form sent twice starts nothing twice.
   */
  checkOutgoing(input: { requesterPersonId: string; form: NewOutgoingInput }): Promise<void>;
  /** Starts an outgoing document. An AppError (nobody to review) is thrown as is. */
  startOutgoing(input: {
    workspaceId: string | null;
    requesterPersonId: string;
    form: NewOutgoingInput;
    locale: Locale;
    /** The form's view id: sent twice, it starts one document. */
    startKey?: string;
  }): Promise<{ firstReviewer: string }>;
  /** Incoming documents (`/doc receive`, 批办), when the bot has them. */
  incoming?: IncomingChatDeps;
}

/** Incoming documents (收文): registration and the director's instruction. */
export interface IncomingChatDeps {
  /** Today in the unit's calendar, YYYY-MM-DD (the registration form's default date). */
  today(): string;
  /**
   * Checks that the person (null: someone not in the directory) may register an item at
   * `secrecy`: a secretary cleared for it. Throws AppError `not_secretary` or
   * `registrar_not_cleared`. Reads only.
   */
  checkRegistration(input: { personId: string | null; secrecy: SecrecyLevel }): Promise<void>;
  register(input: {
    workspaceId: string | null;
    requesterPersonId: string;
    form: NewIncomingInput;
    locale: Locale;
    /** The form's view id: sent twice, it starts one document. */
    startKey?: string;
  }): Promise<{ receiptNumber: string; firstReviewer: string }>;
  /** The instruction form's choices, in the user's language. */
  instructOptions(locale: Locale): {
    departments: IncomingChoice[];
    handlers: IncomingChoice[];
    leaders: IncomingChoice[];
  };
  /** Checks the instruction against the directory and the item; the params it sets, or the field at fault. */
  checkInstruction(
    instanceId: string,
    instruction: Instruction,
  ): Promise<{ ok: true; params: Record<string, string | string[]> } | { ok: false; field: string }>;
}

/** Opens the registration form (收文登记); called by `/doc receive`. */
export async function openDocReceiveForm(
  client: AllMiddlewareArgs['client'],
  triggerId: string,
  incoming: IncomingChatDeps,
  locale: Locale,
): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: buildDocReceiveModal({ locale, today: incoming.today() }),
  });
}

/** The 批办 button's form, for the workflow listener's step forms. */
export function instructFormOpener(incoming: IncomingChatDeps): StepFormOpener {
  return async ({ client, triggerId, ref, locale }) => {
    await client.views.open({
      trigger_id: triggerId,
      view: buildDocInstructModal({ locale, ref, ...incoming.instructOptions(locale) }),
    });
  };
}

const INSTRUCTION_FIELD_BLOCKS: Record<string, string> = {
  leadDepartment: BLOCK_IDS.docInstructLead,
  handler: BLOCK_IDS.docInstructHandler,
  coDepartments: BLOCK_IDS.docInstructCo,
  readers: BLOCK_IDS.docInstructReaders,
  handlingDays: BLOCK_IDS.docInstructDays,
};

/** The registration and instruction forms' submissions. */
export function registerIncomingListeners(
  app: App<SlackRequestContext>,
  incoming: IncomingChatDeps,
  workflow: WorkflowChatDeps,
): void {
  app.view(CALLBACK_IDS.docReceiveModal, async ({ ack, body, view, context, client }) => {
    // Slack's time runs from the request's arrival: the check below counts against it.
    const deadline = formDeadlineOf(workflow);
    const locale = await context.locale();
    const parsed = parseDocReceiveSubmission(view.state.values, locale);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    const teamId = body.team?.id ?? null;
    const { secrecy } = parsed.value;
    try {
      const registrar = await context.actor();
      await incoming.checkRegistration({ personId: registrar?.personId ?? null, secrecy });
    } catch (error) {
      if (!isAppError(error)) throw error;
      context.log.info({ code: error.code }, 'incoming document refused');
      // Not cleared for the level: shown at the level, which is what the secretary can change.
      const block =
        error.code === 'registrar_not_cleared' ? BLOCK_IDS.docReceiveSecrecy : BLOCK_IDS.docReceiveTitle;
      await ack({ response_action: 'errors', errors: { [block]: appErrorText(locale, error) } });
      return;
    }
    // Registered before the form closes: a refusal, or a database that does not answer within
    // Slack's time, is shown on the form; sending it again finds a late start by its key.
    const registered = await commitBeforeClosing(ack, {
      deadline,
      errorBlock: BLOCK_IDS.docReceiveTitle,
      locale,
      log: context.log,
      work: () =>
        actorWork(context, (actor) =>
          incoming.register({
            workspaceId: teamId,
            requesterPersonId: actor.personId,
            form: parsed.value,
            locale,
            startKey: `view:${view.id}`,
          }),
        ),
    });
    if (!registered) return;
    const title = parsed.value.title;
    const text =
      // A classified item has no title to echo: only its number and who has it next.
      isClassified(secrecy) || title === null
        ? tMrkdwn(locale, 'doc.receive.registered_classified', {
            number: registered.receiptNumber,
            person: registered.firstReviewer,
          })
        : tMrkdwn(locale, 'doc.receive.registered', {
            title,
            number: registered.receiptNumber,
            person: registered.firstReviewer,
          });
    await sendDirectMessage(client, body.user.id, text);
  });

  registerStepFormSubmission(app, CALLBACK_IDS.docInstructModal, workflow, {
    errorBlock: BLOCK_IDS.docInstructComment,
    async read(values, { ref, locale }) {
      const parsed = parseDocInstructSubmission(values, locale);
      if (!parsed.ok) return parsed;
      const checked = await incoming.checkInstruction(ref.instanceId, parsed.value);
      if (!checked.ok) {
        const block = INSTRUCTION_FIELD_BLOCKS[checked.field] ?? BLOCK_IDS.docInstructComment;
        return { ok: false, errors: { [block]: t(locale, 'doc.instruct.error.invalid') } };
      }
      return { ok: true, action: { type: 'approve', comment: parsed.value.comment, params: checked.params } };
    },
  });
}

/** An AppError in the user's language, or its code when the catalog has no message for it. */

/** Opens the drafting form (拟稿发文) with `trigger_id`; called by `/doc new`. */
export async function openDocNewForm(
  client: AllMiddlewareArgs['client'],
  triggerId: string,
  deps: DocumentChatDeps,
  locale: Locale,
): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: buildDocNewModal({
      locale,
      docTypes: [...deps.formOptions.docTypes],
      departments: [...deps.formOptions.departments],
    }),
  });
}

/** The drafting form's submission: checked in place, then the document starts on its route. */
export function registerDocumentListeners(
  app: App<SlackRequestContext>,
  deps: DocumentChatDeps,
  forms: FormDeadlineSource = {},
): void {
  app.view(CALLBACK_IDS.docNewModal, async ({ ack, body, view, context, client }) => {
    // Slack's time runs from the request's arrival: the check below counts against it.
    const deadline = formDeadlineOf(forms);
    const locale = await context.locale();
    const parsed = parseDocNewSubmission(view.state.values, {
      docTypeIds: deps.formOptions.docTypes.map((d) => d.id),
      departmentIds: deps.formOptions.departments.map((d) => d.id),
      locale,
    });
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    const teamId = body.team?.id ?? null;
    try {
      // Before closing the form: a department that cannot countersign is fixed in place.
      // Someone linked to nobody is told so when the document would start.
      const drafter = await context.actor();
      if (drafter) await deps.checkOutgoing({ requesterPersonId: drafter.personId, form: parsed.value });
    } catch (error) {
      if (!isAppError(error)) throw error;
      context.log.info({ code: error.code }, 'outgoing document refused');
      const block = error.code.startsWith('countersign_')
        ? BLOCK_IDS.docNewCountersign
        : BLOCK_IDS.docNewTitle;
      // Name the department as the drafter knows it, not by its id.
      const department = deps.formOptions.departments.find((d) => d.id === error.params.department);
      const params = department
        ? {
            ...error.params,
            department: locale === 'en' ? (department.nameEn ?? department.name) : department.name,
          }
        : error.params;
      await ack({
        response_action: 'errors',
        errors: {
          [block]:
            translateDynamic(locale, error.messageKey, params) ??
            t(locale, 'error.app_error', { code: error.code }),
        },
      });
      return;
    }
    // Started before the form closes: a refusal, or a database that does not answer within
    // Slack's time, is shown on the form; sending it again finds a late start by its key.
    const started = await commitBeforeClosing(ack, {
      deadline,
      errorBlock: BLOCK_IDS.docNewTitle,
      locale,
      log: context.log,
      work: () =>
        actorWork(context, (actor) =>
          deps.startOutgoing({
            workspaceId: teamId,
            requesterPersonId: actor.personId,
            form: parsed.value,
            locale,
            startKey: `view:${view.id}`,
          }),
        ),
    });
    if (!started) return;
    await sendDirectMessage(
      client,
      body.user.id,
      tMrkdwn(locale, 'doc.new.started', { title: parsed.value.title, person: started.firstReviewer }),
    );
  });
}
