// Seals (用印) on Slack: the forms' submissions (the request form, 报告遗失, the custodian's 已盖章
// with the impressions made). `/seal` itself and its 报告遗失 button are the feature's commands,
// answered through the command glue. Thin: ack → parse → service → answer.

import type { App } from '@slack/bolt';
import type { SealFeatureDeps } from '../../../features/seal/seal-chat.ts';
import { sealChangedText, sealNameOf, sealStartedText } from '../../../features/seal/seal-replies.ts';
import type { NewSealRequest } from '../../../features/seal/seal-service.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';
import { onFormSubmission } from '../interactions.ts';
import { renderMrkdwn } from '../reply-blocks.ts';
import type { SlackRequestContext } from '../request-context.ts';
import {
  registerStepFormSubmission,
  type StepFormOpener,
  type WorkflowChatDeps,
} from '../workflow/listeners.ts';
import { buildSealStampModal } from './blocks.ts';
import {
  parseSealLostSubmission,
  parseSealRequestSubmission,
  parseSealStampSubmission,
} from './submission.ts';

/** What the seal listeners need from the rest of the bot. */
export type SealChatDeps = SealFeatureDeps;

type Seal = Awaited<ReturnType<SealChatDeps['seals']>>[number];

const usable = (seals: readonly Seal[]) => seals.filter((s) => s.state === 'active');

/** The 已盖章 button's form (the stamping step's own form): opened at once, checked when sent. */
export function stampFormOpener(): StepFormOpener {
  return async ({ client, triggerId, ref, locale }) => {
    await client.views.open({ trigger_id: triggerId, view: buildSealStampModal({ locale, ref }) });
  };
}

/** Registers the submissions of the request form, the 报告遗失 form and the 已盖章 form. */
export function registerSealListeners(
  app: App<SlackRequestContext>,
  deps: SealChatDeps,
  workflow: WorkflowChatDeps,
): void {
  // The request is started before the form closes: a refusal or a database that does not answer
  // in time is shown on the form; sending it again finds a late start by its key.
  onFormSubmission(app, CALLBACK_IDS.sealRequestModal, workflow, {
    async parse({ view }, locale) {
      const seals = usable(await deps.seals());
      const parsed = parseSealRequestSubmission(view.state.values, {
        locale,
        sealIds: seals.map((s) => s.id),
      });
      if (!parsed.ok) return parsed;
      const seal = seals.find((s) => s.id === parsed.value.sealId);
      return {
        ok: true,
        value: { form: parsed.value, sealName: seal ? sealNameOf(seal, locale) : parsed.value.sealId },
      };
    },
    errorBlock: BLOCK_IDS.sealSeal,
    start: (actor, { form }, { view, workspaceId }, locale) =>
      deps.start({
        workspaceId,
        requesterPersonId: actor.personId,
        form,
        locale,
        startKey: `view:${view.id}`,
      }),
    describe: (started, { form, sealName }, locale) => startedText(form, { locale, sealName }, started),
  });

  // The seal is suspended before the form closes; who may report is checked in that transaction.
  // Sending the form again after a late commit finds that change by the form's key.
  onFormSubmission(app, CALLBACK_IDS.sealLostModal, workflow, {
    parse: ({ view }, locale) => parseSealLostSubmission(view.state.values, locale),
    errorBlock: BLOCK_IDS.sealLostNote,
    start: (actor, note, { view }) =>
      deps.changeState({
        actorPersonId: actor.personId,
        sealId: view.private_metadata,
        action: 'lost',
        reason: note,
        requestKey: `view:${view.id}`,
      }),
    describe: (done, _note, locale) => changedText(deps, done, locale),
  });

  registerStepFormSubmission(app, CALLBACK_IDS.sealStampModal, workflow, {
    errorBlock: BLOCK_IDS.sealImpressions,
    async read(values, { ref, locale }) {
      const parsed = parseSealStampSubmission(values, locale);
      if (!parsed.ok) return parsed;
      // Never more than approved: refused on the form, before anything is written.
      const checked = await deps.checkImpressions(ref.instanceId, parsed.value.impressions);
      if (!checked.ok) {
        const text =
          checked.reason === 'too_many'
            ? t(locale, 'seal.stamp.error.count', { approved: checked.approved })
            : t(locale, 'seal.stamp.error.gone');
        return { ok: false, errors: { [BLOCK_IDS.sealImpressions]: text } };
      }
      const { impressions, note } = parsed.value;
      return {
        ok: true,
        action: {
          type: 'approve',
          ...(note ? { comment: note } : {}),
          params: { impressions: String(impressions) },
        },
      };
    },
  });
}

/** What a lifecycle change did: the seal, its state now, and how many requests are on hold. */
function changedText(
  deps: SealChatDeps,
  done: Awaited<ReturnType<SealChatDeps['changeState']>>,
  locale: Locale,
): string {
  return renderMrkdwn(sealChangedText(locale, { ...done, state: deps.stateLabel(done.state, locale) }));
}

/** What the requester is told once their request is started (mrkdwn). */
function startedText(
  form: NewSealRequest,
  who: { locale: Locale; sealName: string },
  started: Awaited<ReturnType<SealChatDeps['start']>>,
): string {
  return renderMrkdwn(
    sealStartedText(who.locale, {
      title: form.title,
      sealName: who.sealName,
      copies: form.copies,
      firstReviewer: started.firstReviewer,
    }),
  );
}
