// A minimal chat adapter over the in-memory platform: the smallest thing that is a platform to the
// core. No ephemeral messages, no modals, cards updatable only for a short while: every fallback
// of the core is needed, so the conformance suite exercises them all. It takes interactions in as
// a platform's ingress would (a command, a button on a card it shows) and hands them to the core's
// flow, as the Slack listeners do; forms are the bot's web pages, served by its runtime.
//
// People are directory persons here (the platform's user id is the person id), so resolving the
// actor is reading the person: an id nobody has, or someone who left, gets the not-linked answer.

import type { WorkflowAction } from '../../domain/workflow/types.ts';
import type { createWorkflowChatDeps } from '../../features/workflow/workflow-chat.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { ChatConnectionState } from '../../http/health.ts';
import { createManagedServer, type HttpPages, InFlightTracker, servingFirst } from '../../http/server.ts';
import { personConversationKey } from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import type { Clock } from '../../shared/clock.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import {
  type ChatAdapter,
  type ChatCapabilities,
  offerCardForm,
  type WebFormLinker,
} from '../core/adapter.ts';
import type { CardActionType } from '../core/card.ts';
import { encodeCardItemValue } from '../core/card-item-value.ts';
import {
  answerTypedText,
  answerWithoutModals,
  type ButtonHandler,
  type CommandAnswer,
  type CommandHandler,
  pressButton,
} from '../core/commands.ts';
import { applyAction } from '../core/flow.ts';
import { actionInteraction } from '../core/interactions.ts';
import { plainOf, replyButtons } from '../core/reply.ts';
import type { ChatRuntime } from '../runtime.ts';
import { createMemoryDelivery, MEMORY_PLATFORM, type MemoryDeliveryDeps } from './memory-delivery.ts';
import { createMemoryPlatform, type MemoryMessage, type MemoryPlatform } from './memory-platform.ts';

/** What the engine offers every platform's ingress (the workflow feature's chat side). */
type WorkflowChatSide = ReturnType<typeof createWorkflowChatDeps>;

/** The workspace of everything started on the in-memory platform. */
export const MEMORY_WORKSPACE = 'memory';

/** The engine's chat side, as every platform's ingress gets it (`WorkflowModule.workflowChat`). */
export type MemoryWorkflowSide = Pick<
  WorkflowChatSide,
  'service' | 'namesOf' | 'replyTo' | 'refreshCard' | 'startApproval'
> & {
  /** The unit's time zone, for the time of a change made meanwhile. */
  timeZone: string;
};

export interface MemoryAdapterOptions extends Omit<MemoryDeliveryDeps, 'platform'> {
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  workflow: MemoryWorkflowSide;
  /** How long after posting a card may be updated (default 2 s). */
  updateWindowMs?: number;
  /** The bot's web forms: served by the runtime, and linked from cards for forms. */
  webForms?:
    | (HttpPages & {
        linkFor: WebFormLinker;
        formOfStep?: (stepId: string) => string | null;
        hasForm?: (formId: string) => boolean;
      })
    | null;
  /** Wakes the outbox dispatcher after a row was written (the bot's `notify`). */
  onOutboxWritten?: () => void;
  /** The features' commands and reply buttons (the merged chat side's). */
  commands?: { commands: readonly CommandHandler[]; buttons: readonly ButtonHandler[] };
  port?: number;
  host?: string;
}

/** The in-memory adapter: a {@link ChatAdapter}, its platform, and its ingress. */
export interface MemoryAdapter extends ChatAdapter {
  /** The platform itself: what was sent, and the switches that make it fail. */
  readonly memory: MemoryPlatform;
  /**
   * A command typed by `personId` (the text after the command: `approve <title>`). `eventId` is
   * the platform's id of the event: the same event delivered again starts nothing more.
   */
  command(personId: string, text: string, eventId: string): Promise<void>;
  /** A button pressed by `personId` on the card `messageId` shows them. */
  click(personId: string, messageId: string, action: CardActionType): Promise<void>;
  /**
   * A button pressed by `personId` on the reply `messageId` shows them: the first with `action`
   * (and `value`, when given). `eventId` as for {@link command}.
   */
  pressReply(
    personId: string,
    messageId: string,
    action: string,
    eventId: string,
    value?: string,
  ): Promise<void>;
  /**
   * A feature's button (`CardExtraAction.key`: 归档, 参加) pressed by `personId` on the card
   * `messageId` (shown now or by an earlier drawing of it), answered by the feature's handler with the core's card value, as on
   * every platform. `eventId` as for {@link command}.
   */
  pressCardButton(personId: string, messageId: string, key: string, eventId: string): Promise<void>;
}

/** No ephemeral messages, no modals, a short update window, no text input on cards. */
export function memoryCapabilities(updateWindowMs: number): ChatCapabilities {
  return { ephemeral: false, modals: false, cardUpdate: { withinMs: updateWindowMs }, cardTextInput: false };
}

/** Creates the in-memory adapter over a new, empty in-memory platform. */
export function createMemoryAdapter(options: MemoryAdapterOptions): MemoryAdapter {
  const { prisma, clock, workflow } = options;
  const logger = options.logger.child({ platform: MEMORY_PLATFORM });
  const updateWindowMs = options.updateWindowMs ?? 2000;
  const memory = createMemoryPlatform({ clock, updateWindowMs });
  const capabilities = memoryCapabilities(updateWindowMs);
  const delivery = createMemoryDelivery({ ...options, platform: memory });

  /** Who is acting: the person, once per interaction, or null for someone not in the directory. */
  async function actorOf(personId: string): Promise<{ personId: string; locale: Locale } | null> {
    const person = await prisma.person.findUnique({
      where: { id: personId },
      select: { locale: true, active: true },
    });
    if (!person?.active) return null;
    return { personId, locale: person.locale === 'en' ? 'en' : 'zh' };
  }

  /** An answer only the person should see: the core delivers it as they can get it (here a DM). */
  async function answer(personId: string, text: string): Promise<void> {
    await workflow.replyTo({ personId, conversation: 'dm', text });
  }

  /** Shows the answer to a command or a button in the person's messages, as this platform can. */
  async function show(personId: string, locale: Locale, answer: CommandAnswer): Promise<void> {
    const shown = answerWithoutModals(answer, {
      personId,
      locale,
      forms: {
        linkFor: options.webForms?.linkFor ?? null,
        hasForm: (formId) => options.webForms?.hasForm?.(formId) ?? false,
      },
    });
    try {
      if (shown.kind === 'reply') memory.post(personId, { kind: 'reply', reply: shown.reply });
      if (shown.kind === 'error') memory.post(personId, { kind: 'text', text: plainOf(shown.text) });
      if (shown.kind === 'file') {
        const { filename, content, comment } = shown.file;
        memory.post(personId, { kind: 'file', name: filename, bytes: content, comment: plainOf(comment) });
      }
    } catch (error) {
      // An answer is not kept for later: the person asks again once the platform is back.
      logger.warn({ err: error }, 'could not show an answer');
    }
  }

  async function command(personId: string, text: string, eventId: string): Promise<void> {
    const actor = await actorOf(personId);
    const locale = actor?.locale ?? (await localeOf(personId));
    const context = {
      workspaceId: MEMORY_WORKSPACE,
      actor,
      locale,
      dedupeKey: `memory:${eventId}`,
      log: logger,
    };
    await show(personId, locale, await answerTypedText(options.commands?.commands ?? [], text, context));
  }

  async function click(personId: string, messageId: string, type: CardActionType): Promise<void> {
    const message = memory.messagesOf(personId).find((m) => m.id === messageId);
    const action = message?.kind === 'card' ? message.card.actions.find((a) => a.type === type) : undefined;
    const actor = await actorOf(personId);
    if (actor === null) return;
    const { locale } = actor;
    if (message?.kind !== 'card' || action === undefined) {
      await answer(personId, t(locale, 'error.invalid_payload'));
      return;
    }
    const { instanceId, version } = message.card;
    if (action.needsModal) {
      // No modals here: the same form, on the bot's web page, through a link for this person.
      const offer = offerCardForm(capabilities, {
        action,
        instanceId,
        version,
        personId,
        workspaceId: MEMORY_WORKSPACE,
        linkFor: options.webForms?.linkFor ?? null,
        formOfStep: options.webForms?.formOfStep ?? null,
      });
      const row: { key: string; params: Record<string, string> } =
        offer.kind === 'web_form'
          ? { key: 'form.web_link', params: { url: offer.url } }
          : { key: 'form.unavailable', params: {} };
      await enqueueOutbox(
        prisma,
        [
          {
            orderingKey: personConversationKey(personId),
            kind: 'person.message',
            payload: { personId, ...row },
          },
        ],
        clock.now(),
      );
      options.onOutboxWritten?.();
      return;
    }
    // The click through the core's flow, answered as on every platform.
    const text = await applyAction(
      actionInteraction({
        workspaceId: MEMORY_WORKSPACE,
        actor: { personId, locale },
        card: { instanceId, version },
        action: { type } as WorkflowAction,
      }),
      workflow,
      logger,
    );
    if (text !== null) await answer(personId, text);
  }

  async function pressReply(
    personId: string,
    messageId: string,
    action: string,
    eventId: string,
    value?: string,
  ): Promise<void> {
    const message = memory.messagesOf(personId).find((m) => m.id === messageId);
    const buttons = message?.kind === 'reply' ? replyButtons(message.reply) : [];
    const button = buttons.find((b) => b.action === action && (value === undefined || b.value === value));
    const handler = options.commands?.buttons.find((b) => b.action === action);
    const actor = await actorOf(personId);
    const locale = actor?.locale ?? (await localeOf(personId));
    if (!button || !handler) {
      await show(personId, locale, { kind: 'error', text: [t(locale, 'error.invalid_payload')] });
      return;
    }
    const context = {
      workspaceId: MEMORY_WORKSPACE,
      actor,
      locale,
      dedupeKey: `memory:${eventId}`,
      log: logger,
    };
    await show(personId, locale, await pressButton(handler, button.value, context));
  }

  async function pressCardButton(
    personId: string,
    messageId: string,
    key: string,
    eventId: string,
  ): Promise<void> {
    const message = memory.messagesOf(personId).find((m) => m.id === messageId);
    // Any feature's button on any card the person holds: a platform delivers a press of a button
    // an older drawing of the card showed too, and the feature checks it against the records.
    const handler = options.commands?.buttons.find((b) => b.action === key);
    const actor = await actorOf(personId);
    const locale = actor?.locale ?? (await localeOf(personId));
    if (message?.kind !== 'card' || !handler) {
      await show(personId, locale, { kind: 'error', text: [t(locale, 'error.invalid_payload')] });
      return;
    }
    const { instanceId, version } = message.card;
    const context = {
      workspaceId: MEMORY_WORKSPACE,
      actor,
      locale,
      dedupeKey: `memory:${eventId}`,
      log: logger,
    };
    const value = encodeCardItemValue({ instanceId, version });
    await show(personId, locale, await pressButton(handler, value, context));
  }

  /** The language of someone not in the directory (or who left): theirs if known, else the default. */
  async function localeOf(personId: string): Promise<Locale> {
    const person = await prisma.person.findUnique({ where: { id: personId }, select: { locale: true } });
    return person?.locale === 'en' ? 'en' : 'zh';
  }

  const runtime = createMemoryRuntime(memory, {
    logger,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    ...(options.webForms ? { web: options.webForms } : {}),
  });

  return {
    platform: MEMORY_PLATFORM,
    capabilities,
    runtime,
    delivery,
    memory,
    command,
    click,
    pressReply,
    pressCardButton,
  };
}

/**
 * The in-memory platform's runtime: an HTTP server for the bot's pages (the web forms), and the
 * platform's connection as `/readyz` would report it (down is disconnected).
 */
function createMemoryRuntime(
  memory: MemoryPlatform,
  options: { logger: Logger; port: number; host: string; web?: HttpPages },
): ChatRuntime {
  let state: ChatConnectionState = 'connecting';
  const server = createManagedServer({
    logger: options.logger,
    tracker: new InFlightTracker(),
    handle: servingFirst(options.web, (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    }),
  });
  let started: Promise<{ port: number }> | undefined;
  return {
    start() {
      started ??= server.listen(options.port, options.host).then((port) => {
        state = 'connected';
        return { port };
      });
      return started;
    },
    async stop(timeoutMs) {
      state = 'disconnected';
      if (started) await server.close(timeoutMs);
    },
    connectionState: () => (memory.isDown() && state === 'connected' ? 'disconnected' : state),
  };
}

/** The cards in `personId`'s direct messages, oldest first. */
export function cardsOf(
  memory: MemoryPlatform,
  personId: string,
): Array<Extract<MemoryMessage, { kind: 'card' }>> {
  return memory
    .messagesOf(personId)
    .filter((m): m is Extract<MemoryMessage, { kind: 'card' }> => m.kind === 'card');
}
