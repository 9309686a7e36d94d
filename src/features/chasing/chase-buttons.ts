// The two chasing buttons, for every platform: 催一下 on a running item's card (the requester or a
// secretary nudges the people it waits on; value = the card's item value) and 立即催办 on a 督办
// message (the supervising leader does the same at once; value = the instance id). One service
// behind both; each press is keyed by its request, so a press delivered twice nudges once.

import { z } from 'zod';
import { parseCardItemValue } from '../../chat/core/card-item-value.ts';
import { asPerson, type ButtonHandler, textAnswer } from '../../chat/core/commands.ts';
import { richT } from '../../chat/core/reply.ts';
import type { Locale } from '../../shared/i18n.ts';
import { CHASE_NOW_ACTION } from './reminder-reply.ts';

/**
 * The neutral action of 催一下 on a card: the key of the card's button, and the action its press
 * reaches, the same on every platform.
 */
export const CHASE_NUDGE_ACTION = 'chase_nudge';

/** Nudges the item's assignees for the presser; throws AppError refusals (chase_too_soon …). */
export type ChaseNow = (input: {
  workspaceId: string | null;
  chaserId: string;
  instanceId: string;
  locale: Locale;
  /** What makes the press one (its request's dedupe key): the same press again nudges nobody again. */
  pressKey: string;
}) => Promise<{ kind: 'done'; names: string[] }>;

const InstanceId = z.uuid();

/** The 立即催办 button: the value read, the nudge sent, and whom it reached. */
export function chaseNowButton(chase: ChaseNow): ButtonHandler {
  return chaseButton(CHASE_NOW_ACTION, chase, (value) => {
    const parsed = InstanceId.safeParse(value);
    return parsed.success ? parsed.data : null;
  });
}

/** The 催一下 button on a card: the card's item value read, the nudge sent, and whom it reached. */
export function chaseNudgeButton(chase: ChaseNow): ButtonHandler {
  return chaseButton(CHASE_NUDGE_ACTION, chase, (value) => parseCardItemValue(value)?.instanceId ?? null);
}

function chaseButton(
  action: string,
  chase: ChaseNow,
  instanceOf: (value: string) => string | null,
): ButtonHandler {
  return {
    action,
    async press(value, context) {
      // A value the bot did not write is refused before anything, the person's link included.
      const instanceId = instanceOf(value);
      if (instanceId === null) {
        context.log.warn('chase button with a bad value');
        return { kind: 'error', text: richT(context.locale, 'error.invalid_payload') };
      }
      return asPerson(context, async (actor) => {
        const outcome = await chase({
          workspaceId: context.workspaceId,
          chaserId: actor.personId,
          instanceId,
          locale: context.locale,
          pressKey: context.dedupeKey,
        });
        context.log.info({ instanceId, targets: outcome.names.length }, 'item chased');
        const names = outcome.names.join(context.locale === 'en' ? ', ' : '、');
        return textAnswer(richT(context.locale, 'chase.done', { names }));
      });
    },
  };
}
