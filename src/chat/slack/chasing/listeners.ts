// The buttons of chasing: 催一下 on a card (value = the card's ref) and 立即催办 on a 督办
// message (value = the instance id). Thin: ack → parse → service → an ephemeral answer.

import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Locale } from '../../../shared/i18n.ts';
import { t } from '../../../shared/i18n.ts';
import { InvalidActionValueError, parseItemRef } from '../action-values.ts';
import { ACTION_IDS } from '../ids.ts';
import { type ButtonArgs, type InteractionSteps, onButtonInteraction } from '../interactions.ts';
import type { SlackRequestContext } from '../request-context.ts';

/** What the listeners need (see features/chasing/chase-chat.ts). */
export interface ChaseChatDeps {
  /** Nudges the item's assignees for the clicker; throws AppError refusals (chase_too_soon …). */
  chase(input: {
    workspaceId: string | null;
    chaserId: string;
    instanceId: string;
    locale: Locale;
  }): Promise<{ kind: 'done'; names: string[] }>;
}

const InstanceId = z.uuid();

/** Registers the 催一下 and 立即催办 buttons. */
export function registerChaseListeners(app: App<SlackRequestContext>, deps: ChaseChatDeps): void {
  /** The steps of one chase button, whose value `read` turns into an instance id (null: unreadable). */
  const chaseSteps =
    (read: (value: unknown) => string | null) =>
    ({ action, body, context }: ButtonArgs): InteractionSteps<string, { names: string[] }> => ({
      parse(locale) {
        const instanceId = read(action.value);
        if (instanceId !== null) return { ok: true, value: instanceId };
        context.log.warn('chase button with a bad value');
        return { ok: false, answer: t(locale, 'error.invalid_payload') };
      },
      async start(actor, instanceId, locale) {
        const outcome = await deps.chase({
          workspaceId: body.team?.id ?? null,
          chaserId: actor.personId,
          instanceId,
          locale,
        });
        context.log.info({ instanceId, targets: outcome.names.length }, 'item chased');
        return outcome;
      },
      describe: (outcome, _instanceId, locale) =>
        t(locale, 'chase.done', { names: outcome.names.join(locale === 'en' ? ', ' : '、') }),
    });

  onButtonInteraction(
    app,
    ACTION_IDS.chaseNudge,
    chaseSteps((value) => {
      try {
        return parseItemRef(value).instanceId;
      } catch (error) {
        if (error instanceof InvalidActionValueError) return null;
        throw error;
      }
    }),
  );
  onButtonInteraction(
    app,
    ACTION_IDS.chaseNow,
    chaseSteps((value) => {
      const parsed = InstanceId.safeParse(value);
      return parsed.success ? parsed.data : null;
    }),
  );
}
