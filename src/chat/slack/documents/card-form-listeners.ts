// Forms opened from a document's card: 签发 (the sign-off step's own form: the opinion and the
// distribution the leader fixes) and 归档 (a finished document handed to the archive). Thin: ack →
// parse → service → tell the person what came of it.

import type { App } from '@slack/bolt';
import type { DocCardFormDeps } from '../../../features/documents/card-forms-chat.ts';
import { t } from '../../../shared/i18n.ts';
import { InvalidActionValueError, type ItemRef, parseItemRef } from '../action-values.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { onButton, onFormSubmission } from '../interactions.ts';
import type { SlackRequestContext } from '../request-context.ts';
import {
  registerStepFormSubmission,
  type StepFormOpener,
  type WorkflowChatDeps,
} from '../workflow/listeners.ts';
import { buildDocArchiveModal, buildDocSignOffModal } from './card-form-blocks.ts';
import { parseDocArchiveSubmission, parseDocSignOffSubmission } from './card-form-submission.ts';

/**
 * The 签发 button's form: opened at once (the trigger_id lives 3 s) in its loading view, then
 * filled with the draft's distribution. A document no longer at sign-off says so in the form.
 */
export function signOffFormOpener(deps: Pick<DocCardFormDeps, 'signOffDraft'>): StepFormOpener {
  return async ({ client, triggerId, ref, locale }) => {
    const opened = await client.views.open({
      trigger_id: triggerId,
      view: buildDocSignOffModal({ locale, ref, draft: null }),
    });
    const viewId = opened.view?.id;
    if (!viewId) return;
    const draft = await deps.signOffDraft(ref.instanceId);
    const view = buildDocSignOffModal({ locale, ref, draft: draft ?? 'gone' });
    await client.views.update({
      view_id: viewId,
      ...(opened.view?.hash ? { hash: opened.view.hash } : {}),
      view,
    });
  };
}

/** The sign-off form's submission, the 归档 button and the archive form's submission. */
export function registerDocCardFormListeners(
  app: App<SlackRequestContext>,
  deps: DocCardFormDeps,
  workflow: WorkflowChatDeps,
): void {
  registerStepFormSubmission(app, CALLBACK_IDS.docSignOffModal, workflow, {
    errorBlock: BLOCK_IDS.docSignOffComment,
    read(values, { locale }) {
      const parsed = parseDocSignOffSubmission(values, locale);
      if (!parsed.ok) return parsed;
      const { comment, params } = parsed.value;
      return { ok: true, action: { type: 'approve', comment, params } };
    },
  });

  onButton(app, ACTION_IDS.docArchive, async ({ ack, action, body, client, context, respond }) => {
    await ack();
    const locale = await context.locale();
    let ref: ItemRef;
    try {
      ref = parseItemRef(action.value);
    } catch (error) {
      if (!(error instanceof InvalidActionValueError)) throw error;
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: t(locale, 'error.invalid_payload'),
      });
      return;
    }
    // The form first (the trigger_id lives 3 s); who may archive is checked when it is sent.
    await client.views.open({ trigger_id: body.trigger_id, view: buildDocArchiveModal({ locale, ref }) });
  });

  // Checked and handed over before the form closes: a refusal (not allowed, handed over already),
  // a failure or a database that does not answer within Slack's time is shown on the form, which
  // stays open. A late hand-off is found by the form's key when the form is sent again.
  onFormSubmission(app, CALLBACK_IDS.docArchiveModal, workflow, {
    parse({ view }, locale) {
      let ref: ItemRef;
      try {
        ref = parseItemRef(view.private_metadata);
      } catch {
        return { ok: false, errors: { [BLOCK_IDS.docArchiveRetention]: t(locale, 'error.invalid_payload') } };
      }
      const parsed = parseDocArchiveSubmission(view.state.values, locale);
      return parsed.ok ? { ok: true, value: { ref, ...parsed.value } } : parsed;
    },
    errorBlock: BLOCK_IDS.docArchiveRetention,
    async start(actor, { ref, ...form }, { view, workspaceId }) {
      const request = {
        workspaceId,
        instanceId: ref.instanceId,
        requestKey: `view:${view.id}`,
        actorPersonId: actor.personId,
      };
      // Read only: a refusal comes before anything is written.
      await deps.archive.check(request);
      return deps.archive.handOff({ ...request, ...form });
    },
    describe: (done, _form, locale) =>
      t(locale, 'doc.archive.done', {
        number: done.number,
        retention: t(locale, `doc.archive.retention.${done.retention}`),
      }),
  });
}
