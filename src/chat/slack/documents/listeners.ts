import type { App } from '@slack/bolt';
import type { SecrecyLevel } from '../../../domain/org.ts';
import { isClassified } from '../../../domain/workflow/index.ts';
import { type OutgoingStarter, outgoingRefusalText } from '../../../features/documents/doc-web-forms.ts';
import type { Instruction, NewIncomingInput } from '../../../features/documents/incoming-documents.ts';
import { isAppError } from '../../../shared/errors.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { tMrkdwn } from '../blocks/mrkdwn.ts';
import type { FormDeadlineSource } from '../form-deadline.ts';
import { BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { onFormSubmission } from '../interactions.ts';
import { appErrorText } from '../listeners/errors.ts';
import type { SlackRequestContext } from '../request-context.ts';
import {
  registerStepFormSubmission,
  type StepFormOpener,
  type WorkflowChatDeps,
} from '../workflow/listeners.ts';
import { buildDocInstructModal, type IncomingChoice } from './incoming-blocks.ts';
import { parseDocInstructSubmission, parseDocReceiveSubmission } from './incoming-submission.ts';
import { parseDocNewSubmission } from './new-submission.ts';

/**
 * What the document listeners need from the rest of the bot: the start of an outgoing document
 * (the same as its web form's), and the incoming side.
 */
export interface DocumentChatDeps extends OutgoingStarter {
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
  // Registered before the form closes: a refusal, or a database that does not answer within
  // Slack's time, is shown on the form; sending it again finds a late start by its key.
  onFormSubmission(app, CALLBACK_IDS.docReceiveModal, workflow, {
    parse: ({ view }, locale) => parseDocReceiveSubmission(view.state.values, locale),
    async check(registrar, { secrecy }, locale, log) {
      try {
        await incoming.checkRegistration({ personId: registrar?.personId ?? null, secrecy });
        return null;
      } catch (error) {
        if (!isAppError(error)) throw error;
        log.info({ code: error.code }, 'incoming document refused');
        // Not cleared for the level: shown at the level, which is what the secretary can change.
        const block =
          error.code === 'registrar_not_cleared' ? BLOCK_IDS.docReceiveSecrecy : BLOCK_IDS.docReceiveTitle;
        return { [block]: appErrorText(locale, error) };
      }
    },
    errorBlock: BLOCK_IDS.docReceiveTitle,
    start: (actor, form, { view, workspaceId }, locale) =>
      incoming.register({
        workspaceId,
        requesterPersonId: actor.personId,
        form,
        locale,
        startKey: `view:${view.id}`,
      }),
    describe: (registered, { title, secrecy }, locale) =>
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
          }),
  });

  registerStepFormSubmission(app, CALLBACK_IDS.docInstructModal, workflow, {
    errorBlock: BLOCK_IDS.docInstructComment,
    async read(values, { ref, locale }) {
      const parsed = parseDocInstructSubmission(values, locale, incoming.instructOptions(locale));
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

/** The drafting form's submission: checked in place, then the document starts on its route. */
export function registerDocumentListeners(
  app: App<SlackRequestContext>,
  deps: DocumentChatDeps,
  forms: FormDeadlineSource = {},
): void {
  // Started before the form closes: a refusal, or a database that does not answer within
  // Slack's time, is shown on the form; sending it again finds a late start by its key.
  onFormSubmission(app, CALLBACK_IDS.docNewModal, forms, {
    parse: ({ view }, locale) =>
      parseDocNewSubmission(view.state.values, {
        docTypeIds: deps.formOptions.docTypes.map((d) => d.id),
        departmentIds: deps.formOptions.departments.map((d) => d.id),
        locale,
      }),
    // Before closing the form: a department that cannot countersign is fixed in place.
    // Someone linked to nobody is told so when the document would start.
    async check(drafter, form, locale, log) {
      try {
        if (drafter) await deps.checkOutgoing({ requesterPersonId: drafter.personId, form });
        return null;
      } catch (error) {
        if (!isAppError(error)) throw error;
        log.info({ code: error.code }, 'outgoing document refused');
        const block = error.code.startsWith('countersign_')
          ? BLOCK_IDS.docNewCountersign
          : BLOCK_IDS.docNewTitle;
        // Name the department as the drafter knows it, not by its id.
        return { [block]: outgoingRefusalText(error, deps.formOptions.departments, locale) };
      }
    },
    errorBlock: BLOCK_IDS.docNewTitle,
    start: (actor, form, { view, workspaceId }, locale) =>
      deps.startOutgoing({
        workspaceId,
        requesterPersonId: actor.personId,
        form,
        locale,
        startKey: `view:${view.id}`,
      }),
    describe: (started, form, locale) =>
      tMrkdwn(locale, 'doc.new.started', { title: form.title, person: started.firstReviewer }),
  });
}
