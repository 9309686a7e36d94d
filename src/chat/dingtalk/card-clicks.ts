// Card clicks from DingTalk (topic `/v1.0/card/instances/callback`), after their ACK: a workflow
// button goes through the core's flow, asking first on the card's panel when it needs a short form
// or a confirmation (the clicker's private data, updated by outTrackId) or sending the person a
// web-form link for a form the card cannot draw; the panel's submit is checked like the web form
// and applied; a reply's button goes to its feature's handler. Refusals and what changed meanwhile
// reach the person as a DM through the outbox.

import type { WorkflowAction } from '../../domain/workflow/types.ts';
import type { ChatIdentity } from '../../org/chat-accounts.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import { type ChatCapabilities, cardFormOfferText, type WebFormLinker } from '../core/adapter.ts';
import type { CardActionType } from '../core/card.ts';
import {
  type ButtonHandler,
  type CommandAnswer,
  type CommandContext,
  pressButton,
} from '../core/commands.ts';
import { applyAction, readActionForm, recordCardOpened } from '../core/flow.ts';
import { actionInteraction } from '../core/interactions.ts';
import type { EngineChatSide } from '../core/platform-module.ts';
import type { DingTalkApi } from './api.ts';
import { type CardClick, parseCardCallback } from './card/callback.ts';
import { type CardButtonRef, isCardActionType, parseCardValue } from './card/card-value.ts';
import { closedPanel } from './card/form-panel.ts';
import { pressStep } from './card/press.ts';
import { CARD_VARS } from './card/template.ts';
import { inertText } from './markdown.ts';
import type { DingTalkSender } from './sender.ts';
import type { StreamMessage } from './stream-client.ts';

/** The actions whose forms offer choices read from the item (earlier steps, people). */
const CHOICE_ACTIONS: ReadonlySet<CardActionType> = new Set(['return', 'transfer', 'add_signer']);

/** What the card click handler uses: the adapter's clients, the engine's chat side and its answers. */
export interface CardClickDeps {
  api: DingTalkApi;
  send: DingTalkSender;
  workflow: Pick<
    EngineChatSide,
    'service' | 'namesOf' | 'replyTo' | 'refreshCard' | 'timeZone' | 'formContext'
  >;
  /** The features' reply buttons. */
  buttons: readonly ButtonHandler[];
  /** The bot's web forms, for forms the card cannot draw; null: none. */
  webForms: { linkFor: WebFormLinker; formOfStep(stepId: string): string | null } | null;
  capabilities: ChatCapabilities;
  logger: Logger;
  /** Who a DingTalk userId is. */
  identityOf(userId: string): Promise<ChatIdentity>;
  /** The command context of a frame. */
  contextOf(identity: ChatIdentity, messageId: string, workspaceId: string): CommandContext;
  /** The workspace of an event from its corp id. */
  workspaceOf(corpId: string | null): string;
  /** Shows a command answer in the person's chat with the robot; true once it is there. */
  show(userId: string, personId: string | null, locale: Locale, answer: CommandAnswer): Promise<boolean>;
}

/** The handler of card click frames. */
export function createCardClickHandler(deps: CardClickDeps): (message: StreamMessage) => Promise<void> {
  const { api, send, workflow, buttons, logger, identityOf, contextOf, workspaceOf, show } = deps;

  /** An answer only the person should see, through the outbox (the core makes it a DM). */
  async function tell(personId: string, text: string): Promise<void> {
    await workflow.replyTo({ personId, conversation: 'dm', text });
  }

  /** Sets the clicker's own variables on the card they pressed (the panel, a notice). */
  async function updateViewer(click: CardClick, params: Record<string, string>): Promise<void> {
    await api.updateCard({
      outTrackId: click.outTrackId,
      cardParamMap: {},
      privateData: { [click.userId]: { cardParamMap: params } },
      byKey: true,
    });
  }

  async function onCardClick(message: StreamMessage): Promise<void> {
    const parsed = parseCardCallback(message.data);
    if (!parsed.ok) {
      logger.warn({ messageId: message.messageId, reason: parsed.reason }, 'card callback refused');
      return;
    }
    const click = parsed.click;
    const identity = await identityOf(click.userId);
    if (isCardActionType(click.action)) {
      await onWorkflowClick(click, click.action, identity);
      return;
    }
    const context = contextOf(identity, message.messageId, workspaceOf(click.corpId));
    const handler = buttons.find((button) => button.action === click.action);
    if (handler === undefined) {
      // A card's feature button whose feature answers it on Slack only (归档, for now).
      logger.info({ action: click.action }, 'card button without a DingTalk handler');
      await send
        .text(click.userId, t(identity.locale, 'form.unavailable'))
        .catch((error: unknown) => logger.warn({ err: error }, 'could not answer a card button'));
      return;
    }
    const answer = await pressButton(handler, click.value, context);
    await show(click.userId, identity.actor?.personId ?? null, identity.locale, answer);
  }

  async function onWorkflowClick(
    click: CardClick,
    type: CardActionType,
    identity: ChatIdentity,
  ): Promise<void> {
    const actor = identity.actor;
    if (actor === null) {
      await send.text(click.userId, t(identity.locale, 'wf.not_linked'));
      return;
    }
    const ref = parseCardValue(click.value);
    if (!ref.ok) {
      logger.warn({ reason: ref.reason }, 'card click with an unreadable value');
      await tell(actor.personId, t(actor.locale, 'error.invalid_payload'));
      return;
    }
    if (click.source === 'panel_cancel') {
      await updateViewer(click, closedPanel());
      return;
    }
    if (click.source === 'panel_submit') {
      await submitPanel(click, ref.value, type, actor);
      return;
    }
    // The choices a return, a transfer or an added signer offers, read only for those.
    const choices =
      ref.value.opensForm && CHOICE_ACTIONS.has(type)
        ? await workflow.formContext(ref.value.instanceId, actor.personId, actor.locale)
        : null;
    const step = pressStep(type, ref.value, click.value, { locale: actor.locale, ...(choices ?? {}) });
    if (step.kind === 'act') {
      await act(click, ref.value, { type } as WorkflowAction, actor);
      return;
    }
    if (step.kind === 'panel') await updateViewer(click, { ...step.params, [CARD_VARS.notice]: '' });
    else await offerWebForm(workspaceOf(click.corpId), ref.value, type, actor);
    // A confirmation is not the item opened (Slack asks it on the client, unrecorded).
    if (!ref.value.opensForm && !ref.value.form) return;
    // A form opened counts as the item opened: the requester can no longer recall it.
    await recordCardOpened(
      {
        workspaceId: workspaceOf(click.corpId),
        personId: actor.personId,
        card: { instanceId: ref.value.instanceId, version: ref.value.version },
      },
      workflow,
      logger,
    );
  }

  /** The panel's form sent: checked as the web form and the modal check it, then applied. */
  async function submitPanel(
    click: CardClick,
    ref: CardButtonRef,
    type: CardActionType,
    actor: { personId: string; locale: Locale },
  ): Promise<void> {
    const read = readActionForm(
      { action: type, requireComment: ref.requireComment, input: click.inputs },
      actor.locale,
    );
    if (!read.ok) {
      // The panel stays open with what to mend, on the clicker's copy only.
      await updateViewer(click, { [CARD_VARS.notice]: inertText(Object.values(read.errors).join(' ')) });
      return;
    }
    await updateViewer(click, { ...closedPanel(), [CARD_VARS.notice]: '' });
    await act(click, ref, read.action, actor);
  }

  async function act(
    click: CardClick,
    ref: CardButtonRef,
    action: WorkflowAction,
    actor: { personId: string; locale: Locale },
  ): Promise<void> {
    const text = await applyAction(
      actionInteraction({
        workspaceId: workspaceOf(click.corpId),
        actor,
        card: { instanceId: ref.instanceId, version: ref.version },
        action,
      }),
      workflow,
      logger.child({ outTrackId: click.outTrackId }),
    );
    if (text !== null) await tell(actor.personId, text);
  }

  async function offerWebForm(
    workspaceId: string,
    ref: CardButtonRef,
    type: CardActionType,
    actor: { personId: string; locale: Locale },
  ): Promise<void> {
    const text = cardFormOfferText(deps.capabilities, {
      action: { type, requireComment: ref.requireComment, form: ref.form ?? null },
      card: { instanceId: ref.instanceId, version: ref.version },
      person: actor,
      workspaceId,
      webForms: deps.webForms,
    });
    await tell(actor.personId, text);
  }

  return onCardClick;
}
