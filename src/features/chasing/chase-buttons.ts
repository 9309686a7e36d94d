// 立即催办 on a 督办 message, for every platform: the supervising leader nudges at once the people
// the item waits on (the same service as 催一下 on a card, which stays a card button). The
// button's value is the item's instance id.

import { z } from 'zod';
import { asPerson, type ButtonHandler, textAnswer } from '../../chat/core/commands.ts';
import { richT } from '../../chat/core/reply.ts';
import type { Locale } from '../../shared/i18n.ts';
import { CHASE_NOW_ACTION } from './reminder-reply.ts';

/** Nudges the item's assignees for the presser; throws AppError refusals (chase_too_soon …). */
export type ChaseNow = (input: {
  workspaceId: string | null;
  chaserId: string;
  instanceId: string;
  locale: Locale;
}) => Promise<{ kind: 'done'; names: string[] }>;

const InstanceId = z.uuid();

/** The 立即催办 button: the value read, the nudge sent, and whom it reached. */
export function chaseNowButton(chase: ChaseNow): ButtonHandler {
  return {
    action: CHASE_NOW_ACTION,
    async press(value, context) {
      // A value the bot did not write is refused before anything, the person's link included.
      const parsed = InstanceId.safeParse(value);
      if (!parsed.success) {
        context.log.warn('chase button with a bad value');
        return { kind: 'error', text: richT(context.locale, 'error.invalid_payload') };
      }
      const instanceId = parsed.data;
      return asPerson(context, async (actor) => {
        const outcome = await chase({
          workspaceId: context.workspaceId,
          chaserId: actor.personId,
          instanceId,
          locale: context.locale,
        });
        context.log.info({ instanceId, targets: outcome.names.length }, 'item chased');
        const names = outcome.names.join(context.locale === 'en' ? ', ' : '、');
        return textAnswer(richT(context.locale, 'chase.done', { names }));
      });
    },
  };
}
