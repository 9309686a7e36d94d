// Short forms of choices as WeCom selection cards (card/selection-card.ts): where the bot would
// send a person a form's web link, a form that fits on a `multiple_interaction` or
// `vote_interaction` card is sent as that card; its submit (`template_card_event` with the submit
// button's key and `SelectedItems`) is read into the form's input and applied by the form's own
// handler through `submitFormOnce`: the same check, service call and words as the web form and the
// Slack modal. A form that does not fit, or a card WeCom refuses, keeps the link.
//
// One card, one submission: the card's task id is the submission's key and its single use, kept
// in the database as a web link's is (so a submit WeCom posts again, even to another replica or
// after a restart, applies nothing more). A refusal changes nothing and gives the card back: the
// person is told why, as a text in their language, and may choose again on the same card. Once
// applied, the card's submit button is replaced by 已提交 with the code the submit brought.

import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { ChatIdentity } from '../../org/chat-accounts.ts';
import type { Clock } from '../../shared/clock.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import type { FormToOpen } from '../core/commands.ts';
import { outcomeText, submitFormOnce, type WebFormHandler } from '../core/web-form.ts';
import { createFormLinkStore } from '../web/form-link-store.ts';
import type { WeComApi } from './api.ts';
import { readSelectedItems } from './callback-xml.ts';
import { parseSubmitKey, renderSelectionCard, selectionInputOf } from './card/selection-card.ts';
import type { TemplateCardClick } from './card-clicks.ts';

/** How long a card's submission is remembered: WeCom posts a submit again within seconds, not days. */
const SUBMISSION_KEPT_MS = 72 * 60 * 60_000;

/** What the selection forms use. */
export interface SelectionFormDeps {
  api: WeComApi;
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  /** The features' forms, by their FormSpec id: what a submit is applied by. */
  forms: readonly WebFormHandler[];
  identityOf(userId: string): Promise<ChatIdentity>;
  /** A text to the person right away. */
  sendText(userId: string, text: string): Promise<void>;
}

/** The selection forms of one WeCom app. */
export interface SelectionForms {
  /**
   * Sends `form` to the person as a selection card; false when it does not fit on one, its form
   * has no handler, or WeCom refused the card (the caller then sends the link).
   */
  offer(userId: string, locale: Locale, form: FormToOpen): Promise<boolean>;
  /** Applies a selection card's submit; false when the click is no such submit. */
  onSubmit(click: TemplateCardClick, fields: Record<string, string>): Promise<boolean>;
}

/** Builds the selection forms. */
export function createSelectionForms(deps: SelectionFormDeps): SelectionForms {
  const store = createFormLinkStore(deps.prisma);
  const formOf = (formId: string) => deps.forms.find((form) => form.formId === formId);

  return {
    async offer(userId, locale, form) {
      if (formOf(form.formId) === undefined) return false;
      const card = renderSelectionCard(form.spec, locale, {
        key: { formId: form.formId, params: form.params ?? {} },
        taskId: `form-${randomUUID()}`,
      });
      if (card === null) return false;
      try {
        await deps.api.send([userId], { msgtype: 'template_card', template_card: card });
        return true;
      } catch (error) {
        deps.logger.warn(
          { err: error, formId: form.formId },
          'WeCom refused a selection card; sending its link',
        );
        return false;
      }
    },

    async onSubmit(click, fields) {
      const key = parseSubmitKey(click.key);
      if (key === null) return false;
      const log = deps.logger.child({ callback: click.eventKey, taskId: click.taskId, formId: key.formId });
      const identity = await deps.identityOf(click.userId);
      const { locale, actor } = identity;
      const tell = (text: string) => deps.sendText(click.userId, text);
      if (actor === null) {
        await tell(t(locale, 'wf.not_linked'));
        return true;
      }
      const form = formOf(key.formId);
      if (form === undefined) {
        await tell(t(locale, 'form.unavailable'));
        return true;
      }
      const context = {
        personId: actor.personId,
        params: key.params,
        locale,
        key: `wecom-card:${click.taskId}`,
      };
      const spec = await form.load(context);
      if (spec === null) {
        await tell(t(locale, 'form.card.gone'));
        return true;
      }
      const now = deps.clock.now();
      const submitted = await submitFormOnce({
        form,
        spec,
        context,
        input: selectionInputOf(spec, readSelectedItems(fields.SelectedItems ?? '')),
        once: {
          claim: () =>
            store.claim(
              {
                linkId: context.key,
                personId: actor.personId,
                formId: key.formId,
                params: key.params,
                expiresAt: new Date(now.getTime() + SUBMISSION_KEPT_MS),
              },
              now,
            ),
          release: () => store.release(context.key),
        },
        log,
      });
      switch (submitted.kind) {
        case 'invalid':
          await tell(t(locale, 'form.card.refused', { reasons: Object.values(submitted.errors).join(' ') }));
          return true;
        case 'refused':
          await tell(t(locale, 'form.card.refused', { reasons: submitted.outcome.message }));
          return true;
        case 'failed':
          await tell(t(locale, 'webform.failed', { ref: submitted.ref }));
          return true;
        case 'used':
          log.info('selection card submitted before; nothing more done');
          return true;
        case 'applied':
          break;
      }
      if (click.responseCode) {
        await deps.api
          .updateTemplateCard({
            userIds: [click.userId],
            responseCode: click.responseCode,
            change: { button: { replace_name: t(locale, 'form.card.done') } },
          })
          .catch((error: unknown) => log.warn({ err: error }, 'could not mark a selection card submitted'));
      }
      const message = submitted.outcome.message;
      await tell(message ? outcomeText(message) : t(locale, 'form.card.applied'));
      return true;
    },
  };
}
