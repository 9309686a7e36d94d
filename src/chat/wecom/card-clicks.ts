// Clicks on WeCom template cards: the `template_card_event` callback (EventKey: the pressed
// button's key, TaskId: the card's task id, ResponseCode: a fresh code for that card,
// FromUserName: who pressed), after the callback route answered it. As DingTalk's card clicks:
// a workflow button goes through the core's flow (one transition per click: the workflow service
// keys the transition by item, version, person and action in its own transaction, so a callback
// WeCom posts again changes nothing more; a stale card is refused and its viewer's copy redrawn);
// a button that needs an opinion or a longer form sends the person a signed web-form link (a
// WeCom card takes no typed text); a feature's or a reply's button goes to its feature's handler.
// Refusals and "already done" reach the person as a text message, through the outbox. 撤回, 撤销
// and 驳回 without a form ask to confirm on a confirmation card of their own (WeCom has no
// dialogs); its press spends its own code at once to settle it (`button.replace_name`).
//
// The click's ResponseCode is not spent here: it is recorded on the clicked copy (card/card-sync.ts
// `recordClickCode`), and the card.sync the click causes (the transition's, or the stale card's
// redraw) spends it to update that card in place. One code, one update: spending it here as well
// would leave the sync without one, and the card would be posted anew.

import { randomUUID } from 'node:crypto';
import type { WorkflowAction } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { ChatIdentity } from '../../org/chat-accounts.ts';
import type { Clock } from '../../shared/clock.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import { type ChatCapabilities, cardFormOfferText, type WebFormLinker } from '../core/adapter.ts';
import type { CardActionType } from '../core/card.ts';
import { CARD_ACTION_TYPES } from '../core/card.ts';
import {
  type ButtonHandler,
  type CommandAnswer,
  type CommandContext,
  pressButton,
} from '../core/commands.ts';
import { applyAction, recordCardOpened } from '../core/flow.ts';
import { actionInteraction } from '../core/interactions.ts';
import type { EngineChatSide } from '../core/platform-module.ts';
import type { WeComApi } from './api.ts';
import { recordClickCode } from './card/card-sync.ts';
import {
  type ButtonIntent,
  CONFIRM_DENY_ACTION,
  featureButtonValue,
  parseButtonKey,
  renderConfirmTemplate,
  STATUS_BUTTON_ACTION,
} from './card/template-card.ts';

/** A template card click as the callback carries it. */
export interface TemplateCardClick {
  userId: string;
  key: string;
  taskId: string;
  responseCode: string;
  /** The adapter's key of the callback (a second delivery has the same). */
  eventKey: string;
}

/** A `template_card_event` callback's fields as a click; null for any other callback. */
export function templateCardClickOf(
  fields: Record<string, string>,
  eventKey: string,
): TemplateCardClick | null {
  if (fields.MsgType !== 'event' || fields.Event !== 'template_card_event') return null;
  const userId = fields.FromUserName;
  if (!userId || !fields.EventKey) return null;
  return {
    userId,
    key: fields.EventKey,
    taskId: fields.TaskId ?? '',
    responseCode: fields.ResponseCode ?? '',
    eventKey,
  };
}

/** What the click handler uses. */
export interface WeComCardClickDeps {
  api: WeComApi;
  prisma: PrismaClient;
  clock: Clock;
  workflow: Pick<
    EngineChatSide,
    'service' | 'namesOf' | 'replyTo' | 'refreshCard' | 'timeZone' | 'formContext'
  >;
  /** The features' reply buttons. */
  buttons: readonly ButtonHandler[];
  webForms: { linkFor: WebFormLinker; formOfStep(stepId: string): string | null } | null;
  capabilities: ChatCapabilities;
  /** The workspace of everything on this WeCom app (its corp id). */
  workspaceId: string;
  logger: Logger;
  identityOf(userId: string): Promise<ChatIdentity>;
  /** A text to the person right away (when they are not in the directory: no outbox reply). */
  sendText(userId: string, text: string): Promise<void>;
  /** Shows a feature's answer in the person's chat with the app. */
  show(userId: string, personId: string | null, locale: Locale, answer: CommandAnswer): Promise<void>;
}

const isCardAction = (action: string): action is CardActionType =>
  (CARD_ACTION_TYPES as readonly string[]).includes(action);

/** The actions a card asks to confirm (their words are the catalog's `card.confirm.<action>.*`). */
type ConfirmedAction = 'recall' | 'cancel' | 'reject';
const isConfirmed = (action: CardActionType): action is ConfirmedAction =>
  action === 'recall' || action === 'cancel' || action === 'reject';

/** The handler of template card clicks. */
export function createWeComCardClicks(deps: WeComCardClickDeps): (click: TemplateCardClick) => Promise<void> {
  const { workflow, logger, workspaceId } = deps;

  /** An answer only the person should see, through the outbox (the core makes it a text). */
  const tell = (personId: string, text: string) => workflow.replyTo({ personId, conversation: 'dm', text });

  return async function onTemplateCardClick(click) {
    const log = logger.child({ callback: click.eventKey, taskId: click.taskId });
    const identity = await deps.identityOf(click.userId);
    const intent = parseButtonKey(click.key);
    // The code first: whatever the click causes redraws this card with it.
    if (click.taskId && click.responseCode) {
      await recordClickCode(deps.prisma, {
        taskId: click.taskId,
        responseCode: click.responseCode,
        at: deps.clock.now(),
      });
    }
    if (intent === null) {
      log.warn('template card click with a key the bot did not draw');
      await deps.sendText(click.userId, t(identity.locale, 'error.invalid_payload'));
      return;
    }
    const actor = identity.actor;
    if (intent.a === CONFIRM_DENY_ACTION) {
      await settle(click, t(identity.locale, 'card.confirm.deny'), log);
      return;
    }
    if ('x' in intent && intent.x !== undefined) {
      await onFeatureButton(click, intent.a, intent.x, identity);
      return;
    }
    if (!('i' in intent)) return;
    if (actor === null) {
      await deps.sendText(click.userId, t(identity.locale, 'wf.not_linked'));
      return;
    }
    const card = { instanceId: intent.i, version: intent.v };
    // A finished card's only button (its outcome): nothing to do; its code, recorded above, lets
    // a later change (a 归档 done elsewhere) update this card in place.
    if (intent.a === STATUS_BUTTON_ACTION) return;
    if (!isCardAction(intent.a)) {
      await onFeatureButton(click, intent.a, featureButtonValue(intent), identity);
      return;
    }
    const type = intent.a;
    if (intent.m === 1 || intent.f !== undefined) {
      await offerWebForm(intent, type, actor);
      // A form opened counts as the item opened: the requester can no longer recall it.
      await recordCardOpened({ workspaceId, personId: actor.personId, card }, workflow, log);
      return;
    }
    if (isConfirmed(type) && intent.c === 1 && intent.k !== 1) {
      await askToConfirm(click.userId, intent, type, actor.locale);
      return;
    }
    if (isConfirmed(type) && intent.k === 1) {
      await settle(click, t(actor.locale, `card.confirm.${type}.confirm`), log);
    }
    const text = await applyAction(
      actionInteraction({ workspaceId, actor, card, action: { type } as WorkflowAction }),
      workflow,
      log,
    );
    if (text !== null) await tell(actor.personId, text);
  };

  /**
   * Asks to confirm on a card of its own (WeCom has no dialogs): the card pressed stays as it is,
   * so a press on it later is still the item as it was drawn (and refused if stale).
   */
  async function askToConfirm(
    userId: string,
    intent: Extract<ButtonIntent, { i: string }>,
    type: ConfirmedAction,
    locale: Locale,
  ): Promise<void> {
    const confirm = {
      title: t(locale, `card.confirm.${type}.title`),
      text: t(locale, `card.confirm.${type}.text`),
      confirm: t(locale, `card.confirm.${type}.confirm`),
      deny: t(locale, 'card.confirm.deny'),
    };
    await deps.api.send([userId], {
      msgtype: 'template_card',
      template_card: renderConfirmTemplate(confirm, intent, `confirm-${randomUUID()}`),
    });
  }

  /**
   * Settles a confirmation card with the code its press brought: its buttons stop working and
   * show what was chosen. Best effort: the choice stands even if WeCom refuses the update.
   */
  async function settle(click: TemplateCardClick, chosen: string, log: Logger): Promise<void> {
    if (!click.responseCode) return;
    await deps.api
      .updateTemplateCard({
        userIds: [click.userId],
        responseCode: click.responseCode,
        change: { button: { replace_name: chosen } },
      })
      .catch((error: unknown) => log.warn({ err: error }, 'could not settle a confirmation card'));
  }

  async function onFeatureButton(
    click: TemplateCardClick,
    action: string,
    value: string,
    identity: ChatIdentity,
  ): Promise<void> {
    const handler = deps.buttons.find((button) => button.action === action);
    if (handler === undefined) {
      deps.logger.info({ action }, 'card button without a WeCom handler');
      await deps.sendText(click.userId, t(identity.locale, 'form.unavailable'));
      return;
    }
    const context: CommandContext = {
      workspaceId,
      actor: identity.actor,
      locale: identity.locale,
      dedupeKey: `wecom:${click.eventKey}`,
      log: deps.logger.child({ callback: click.eventKey }),
    };
    const answer = await pressButton(handler, value, context);
    await deps.show(click.userId, identity.actor?.personId ?? null, identity.locale, answer);
  }

  async function offerWebForm(
    intent: Extract<ButtonIntent, { i: string }>,
    type: CardActionType,
    actor: { personId: string; locale: Locale },
  ): Promise<void> {
    const text = cardFormOfferText(deps.capabilities, {
      action: { type, requireComment: intent.r === 1, form: intent.f ?? null },
      card: { instanceId: intent.i, version: intent.v },
      person: actor,
      workspaceId,
      webForms: deps.webForms,
    });
    await tell(actor.personId, text);
  }
}
