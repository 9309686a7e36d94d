// The buttons of chasing: 催一下 on a card (value = the card's ref) and 立即催办 on a 督办
// message (value = the instance id). Thin: ack → parse → service → an ephemeral answer.

import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Locale } from '../../../shared/i18n.ts';
import { t } from '../../../shared/i18n.ts';
import { InvalidActionValueError, parseItemRef } from '../action-values.ts';
import { asActor } from '../actor.ts';
import { ACTION_IDS } from '../ids.ts';
import { describeErrorForUser, sendDirectMessage } from '../listeners/errors.ts';
import type { SlackRequestContext } from '../request-context.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs<SlackRequestContext>;

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
  const handle = (read: (value: unknown) => string | null) => async (args: unknown) => {
    const { ack, action, body, context, respond, client } = args as ButtonArgs;
    await ack();
    const locale = await context.locale();
    const reply = async (text: string) => {
      if (typeof respond === 'function') {
        await respond({ response_type: 'ephemeral', replace_original: false, text });
        return;
      }
      await sendDirectMessage(client, body.user.id, text);
    };
    const instanceId = read((action as { value?: unknown }).value);
    if (instanceId === null) {
      context.log.warn('chase button with a bad value');
      await reply(t(locale, 'error.invalid_payload'));
      return;
    }
    try {
      await asActor(context, reply, async (actor) => {
        const outcome = await deps.chase({
          workspaceId: body.team?.id ?? null,
          chaserId: actor.personId,
          instanceId,
          locale,
        });
        context.log.info({ instanceId, targets: outcome.names.length }, 'item chased');
        await reply(t(locale, 'chase.done', { names: outcome.names.join(locale === 'en' ? ', ' : '、') }));
      });
    } catch (error) {
      await reply(describeErrorForUser(error, locale, context.log).text);
    }
  };

  app.action(
    ACTION_IDS.chaseNudge,
    handle((value) => {
      try {
        return parseItemRef(value).instanceId;
      } catch (error) {
        if (error instanceof InvalidActionValueError) return null;
        throw error;
      }
    }),
  );
  app.action(
    ACTION_IDS.chaseNow,
    handle((value) => {
      const parsed = InstanceId.safeParse(value);
      return parsed.success ? parsed.data : null;
    }),
  );
}
