// 催一下 on a card (value = the card's ref): a card button, so it stays Slack's own listener.
// Thin: ack → parse → service → an ephemeral answer. (立即催办 on a 督办 message is the chasing
// feature's reply button, answered through the neutral command layer.)

import type { App } from '@slack/bolt';
import type { ChaseNow } from '../../../features/chasing/chase-buttons.ts';
import { t } from '../../../shared/i18n.ts';
import { InvalidActionValueError, parseItemRef } from '../action-values.ts';
import { ACTION_IDS } from '../ids.ts';
import { onButtonInteraction } from '../interactions.ts';
import type { SlackRequestContext } from '../request-context.ts';

/** What the listener needs (see features/chasing/chasing-module.ts). */
export interface ChaseChatDeps {
  /** Nudges the item's assignees for the clicker; throws AppError refusals (chase_too_soon …). */
  chase: ChaseNow;
}

/** The card's ref's instance id, or null when the value is not one the bot wrote. */
function instanceOfRef(value: unknown): string | null {
  try {
    return parseItemRef(value).instanceId;
  } catch (error) {
    if (error instanceof InvalidActionValueError) return null;
    throw error;
  }
}

/** Registers the 催一下 button. */
export function registerChaseListeners(app: App<SlackRequestContext>, deps: ChaseChatDeps): void {
  onButtonInteraction(app, ACTION_IDS.chaseNudge, ({ action, body, context }) => ({
    parse(locale) {
      const instanceId = instanceOfRef(action.value);
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
  }));
}
