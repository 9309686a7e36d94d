import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { NewOutgoingInput } from '../../../features/documents/new-outgoing.ts';
import { isAppError } from '../../../shared/errors.ts';
import { type Locale, t, translateDynamic } from '../../../shared/i18n.ts';
import { buildDocNewModal } from '../blocks/doc-new-modal.ts';
import { parseDocNewSubmission } from '../doc-new-submission.ts';
import { BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import type { SlackRequestContext } from '../request-context.ts';

type Option = { id: string; name: string; nameEn: string | null };

/** What the document listeners need from the rest of the bot. */
export interface DocumentChatDeps {
  /** The unit's document types and departments, for the drafting form (from the organisation file). */
  formOptions: { docTypes: readonly Option[]; departments: readonly Option[] };
  /**
   * Checks what can be checked before the form closes (a countersigning department without a
   * head): throws that AppError. Reads only, so a form sent twice starts nothing twice.
   */
  checkOutgoing(input: { teamId: string | null; slackUserId: string; form: NewOutgoingInput }): Promise<void>;
  /**
   * Starts an outgoing document for the Slack user. `not_linked`: nobody in the directory; an
   * AppError (nobody to review) is thrown as is.
   */
  startOutgoing(input: {
    teamId: string | null;
    slackUserId: string;
    form: NewOutgoingInput;
    locale: Locale;
  }): Promise<{ firstReviewer: string } | 'not_linked'>;
}

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs<SlackRequestContext>;

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
export function registerDocumentListeners(app: App<SlackRequestContext>, deps: DocumentChatDeps): void {
  app.view(CALLBACK_IDS.docNewModal, async (args) => {
    const { ack, body, view, context, client } = args as unknown as ViewArgs;
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
      await deps.checkOutgoing({ teamId, slackUserId: body.user.id, form: parsed.value });
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
    // Close the form, then start: Slack's 3 s must not hang on the database.
    await ack();
    let text: string;
    try {
      const started = await deps.startOutgoing({
        teamId,
        slackUserId: body.user.id,
        form: parsed.value,
        locale,
      });
      text =
        started === 'not_linked'
          ? t(locale, 'wf.not_linked')
          : t(locale, 'doc.new.started', { title: parsed.value.title, person: started.firstReviewer });
    } catch (error) {
      if (!isAppError(error)) throw error;
      context.log.info({ code: error.code }, 'outgoing document refused');
      text =
        translateDynamic(locale, error.messageKey, error.params) ??
        t(locale, 'error.app_error', { code: error.code });
    }
    const dm = await client.conversations.open({ users: body.user.id });
    if (dm.channel?.id) await client.chat.postMessage({ channel: dm.channel.id, text });
  });
}
