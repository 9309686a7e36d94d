// The contract every chat platform implements, and the core's fallbacks where a platform cannot do
// what Slack can. Modelled on the Vercel Chat SDK's `Adapter`: the required parts are the same for
// every platform (a runtime, the delivery of each outbox intent), and what differs is declared as
// capabilities the core reads, so a missing one is made up for once, here, and not in each
// platform's folder:
// - no ephemeral messages: an answer only one person should see (`person.reply`) goes as a DM;
// - updates only within a window (or never): a copy too old to update is replaced by a new copy,
//   posted to the same recipient, and the records point at the new one;
// - no modals: a card button that asks for a form offers a link to the bot's web form.

import { ACTION_FORM_ID, ACTION_FORM_TYPES } from '../../features/workflow/action-form.ts';
import { stepFormLinkParams } from '../../features/workflow/step-web-form.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { HttpPages } from '../../http/server.ts';
import {
  type ChatDelivery,
  DeliveryError,
  type DeliveryResult,
  fromDatabase,
} from '../../outbox/delivery.ts';
import { cardSyncPayloadSchema, OUTBOX_KINDS, personReplyPayloadSchema } from '../../outbox/intents.ts';
import type { ClaimedOutboxMessage, JsonValue } from '../../outbox/outbox-message.ts';
import type { ChatPlatform } from '../../outbox/platforms.ts';
import type { Clock } from '../../shared/clock.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ChatRuntime } from '../runtime.ts';
import { actionFormLinkParams } from './action-web-form.ts';
import type { CardAction } from './card.ts';

/** Whether and when a posted card can be changed in place. */
export type CardUpdateCapability =
  /** Any time after posting (the platform updates a card by its own message reference). */
  | 'any'
  /** Only within `withinMs` of posting it (a platform whose update token or window expires). */
  | { withinMs: number }
  /**
   * Only while that copy's own update token works (WeCom: a response code, once, within 72 hours
   * of its issue, and a press brings a fresh one). The adapter knows, and decides what a change
   * without one is worth: it reports {@link UPDATE_WINDOW_PASSED} when a new copy should be posted.
   */
  | 'per_copy'
  /** Never: every change is a new copy. */
  | 'none';

/** What a platform can do, as its adapter declares it. The core falls back where one is missing. */
export interface ChatCapabilities {
  /** Messages only one person of a conversation sees; without them an answer goes as a DM. */
  ephemeral: boolean;
  /** Forms drawn by the platform (Slack's modals); without them a form is a page of the bot's. */
  modals: boolean;
  /** In-place update of a posted card; outside it a change is posted as a new copy. */
  cardUpdate: CardUpdateCapability;
  /** Free-text input on a card itself (an opinion typed on the card). */
  cardTextInput: boolean;
}

/**
 * One chat platform: how it runs (started and stopped by the composition root, its connection
 * reported by `/readyz`), how it delivers each outbox intent, and what it can do. Its ingress
 * (events mapped to the core's interactions, acknowledged first) is wired by its runtime.
 */
export interface ChatAdapter {
  /** Its name, as card copies record it and the outbox routes rows to it. */
  readonly platform: ChatPlatform;
  readonly capabilities: ChatCapabilities;
  readonly runtime: ChatRuntime;
  /** Delivers every outbox intent the enabled features write (see the registry of intents). */
  readonly delivery: ChatDelivery;
  /**
   * Requests its platform sends to an address of its own (WeCom's callback route), served on the
   * bot's HTTP port by whichever runtime holds it; none for a platform that holds the port itself
   * or only connects out.
   */
  readonly pages?: HttpPages;
}

/** The part of an adapter the outbox needs: its name, its capabilities and its delivery. */
export type AdapterDelivery = Pick<ChatAdapter, 'platform' | 'capabilities' | 'delivery'>;

/**
 * The failure code an adapter gives (in a {@link DeliveryError}, whatever its kind) when its
 * platform refused to update a card because it is too late: the core then posts a new copy.
 */
export const UPDATE_WINDOW_PASSED = 'update_window_passed';

/** The catalog text a reply goes out as when the platform has no ephemeral messages. */
export const REPLY_AS_MESSAGE_KEY = 'reply.as_message';

/** Whether a copy posted at `postedAt` may still be updated at `now` on a platform with `update`. */
export function canUpdateCard(update: CardUpdateCapability, postedAt: Date | null, now: Date): boolean {
  if (update === 'any' || update === 'per_copy') return true;
  if (update === 'none') return false;
  // A copy recorded without its posting time: let the platform answer (it refuses when too late).
  if (postedAt === null) return true;
  return now.getTime() - postedAt.getTime() < update.withinMs;
}

/** What {@link withCapabilityFallbacks} reads and writes: the card copies' records. */
export interface FallbackDeps {
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
}

/**
 * The adapter's delivery with the core's fallbacks for what its platform lacks:
 * - `person.reply` without ephemeral messages is delivered as the `person.message` of the same
 *   text to the same person (a DM);
 * - a `card.sync` that would update a copy the platform can no longer update (posted longer ago
 *   than its window, or never updatable), or that the adapter reports refused as too late
 *   ({@link UPDATE_WINDOW_PASSED}), forgets the recorded copy and is delivered again: the adapter
 *   posts a new copy to the same recipient and records it, so later updates go to the new one.
 * An adapter with every capability gets its own delivery back, untouched.
 */
export function withCapabilityFallbacks(adapter: AdapterDelivery, deps: FallbackDeps): ChatDelivery {
  const { capabilities, delivery } = adapter;
  if (capabilities.ephemeral && capabilities.cardUpdate === 'any') return delivery;
  const log = deps.logger.child({ component: 'capability-fallbacks', platform: adapter.platform });

  /** The row as this platform can deliver it. */
  function asDeliverable(message: ClaimedOutboxMessage): ClaimedOutboxMessage {
    if (capabilities.ephemeral || message.kind !== OUTBOX_KINDS.personReply) return message;
    const reply = personReplyPayloadSchema.safeParse(message.payload);
    // A row no schema reads fails in the adapter as it would have.
    if (!reply.success) return message;
    return {
      ...message,
      kind: OUTBOX_KINDS.personMessage,
      payload: {
        personId: reply.data.personId,
        key: REPLY_AS_MESSAGE_KEY,
        params: { text: reply.data.text },
      },
    };
  }

  /** The recorded copy a `card.sync` row is about, with the version of its instance. */
  async function copyOf(message: ClaimedOutboxMessage) {
    const parsed = cardSyncPayloadSchema.safeParse(message.payload);
    if (!parsed.success) return null;
    const payload = parsed.data;
    const recipient = 'personId' in payload ? payload.personId : `channel:${payload.channel}`;
    const copy = await fromDatabase('find the card copy', () =>
      deps.prisma.cardMessage.findUnique({
        where: { instanceId_recipient: { instanceId: payload.instanceId, recipient } },
        select: {
          id: true,
          platform: true,
          version: true,
          postedAt: true,
          instance: { select: { version: true } },
        },
      }),
    );
    if (copy === null || copy.platform !== adapter.platform) return null;
    const asks =
      ('refresh' in payload && payload.refresh === true) || ('repost' in payload && payload.repost === true);
    return { ...copy, wouldChange: asks || copy.version < copy.instance.version };
  }

  /** Forgets a recorded copy: the next delivery posts a new one in its place. */
  async function forget(copyId: string, why: string): Promise<void> {
    await fromDatabase('forget a card copy that can no longer be updated', () =>
      deps.prisma.cardMessage.deleteMany({ where: { id: copyId } }),
    );
    log.info({ copyId, why }, 'Card copy can no longer be updated; posting a new copy in its place');
  }

  async function deliverCard(message: ClaimedOutboxMessage): Promise<DeliveryResult> {
    const copy = await copyOf(message);
    let replaced: string | null = null;
    if (copy?.wouldChange && !canUpdateCard(capabilities.cardUpdate, copy.postedAt, deps.clock.now())) {
      await forget(copy.id, 'outside the update window');
      replaced = 'outside_window';
    }
    try {
      return annotate(await delivery.deliver(message), replaced);
    } catch (error) {
      if (!isUpdateWindowPassed(error)) throw error;
      const refused = await copyOf(message);
      if (refused === null) throw error;
      await forget(refused.id, 'the platform refused the update as too late');
      return annotate(await delivery.deliver(message), 'refused_as_late');
    }
  }

  return {
    scopesOf(message) {
      return delivery.scopesOf?.(asDeliverable(message)) ?? [];
    },
    async deliver(message) {
      const deliverable = asDeliverable(message);
      if (deliverable.kind === OUTBOX_KINDS.cardSync && capabilities.cardUpdate !== 'any') {
        return deliverCard(deliverable);
      }
      return delivery.deliver(deliverable);
    },
  };
}

/** Whether `error` is an adapter's report that its platform refused an update as too late. */
export function isUpdateWindowPassed(error: unknown): boolean {
  return error instanceof DeliveryError && error.classification.code === UPDATE_WINDOW_PASSED;
}

/** Notes on the row's result that a copy was replaced, and why. */
function annotate(result: DeliveryResult, replaced: string | null): DeliveryResult {
  if (replaced === null) return result;
  const base: Record<string, JsonValue> =
    result.result !== undefined &&
    typeof result.result === 'object' &&
    !Array.isArray(result.result) &&
    result.result !== null
      ? (result.result as Record<string, JsonValue>)
      : {};
  return { ...result, result: { ...base, replacedCopy: replaced } };
}

/** Each adapter's delivery with the core's fallbacks, by platform: what `routeByPlatform` takes. */
export function deliveriesOf(
  adapters: readonly AdapterDelivery[],
  deps: FallbackDeps,
): Map<ChatPlatform, ChatDelivery> {
  return new Map(adapters.map((adapter) => [adapter.platform, withCapabilityFallbacks(adapter, deps)]));
}

/** How a card button that asks for a form is answered on a platform. */
export type FormOffer =
  /** The platform draws the form (a modal); its adapter opens it. */
  | { kind: 'modal' }
  /** A link to the bot's web form, signed for the person: the adapter shows it. */
  | { kind: 'web_form'; url: string }
  /** Neither: the platform has no modals and the form has no web page (or web forms are off). */
  | { kind: 'unavailable' };

/** Makes signed links to the bot's web forms (`WebForms.linkFor`). */
export type WebFormLinker = (input: {
  personId: string;
  formId: string;
  params?: Readonly<Record<string, string>>;
}) => string;

/**
 * The form a card button opens, as `capabilities` allow: the platform's modal where it has them,
 * else a link to the same form on the bot's web page, bound to the item, the version the card
 * showed and the person: the card's action form, or the step's own form (批办, 签发) where a
 * feature serves it on the web (`formOfStep`).
 */
export function offerCardForm(
  capabilities: ChatCapabilities,
  input: {
    action: Pick<CardAction, 'type' | 'requireComment' | 'form'>;
    instanceId: string;
    version: number;
    personId: string;
    workspaceId: string | null;
    linkFor: WebFormLinker | null;
    /** The web form that is a step's own form (`WebForms.formOfStep`); none without. */
    formOfStep?: ((stepId: string) => string | null) | null;
  },
): FormOffer {
  if (capabilities.modals) return { kind: 'modal' };
  if (input.linkFor === null) return { kind: 'unavailable' };
  const item = { instanceId: input.instanceId, version: input.version, workspaceId: input.workspaceId };
  if (input.action.form !== null) {
    const formId = input.formOfStep?.(input.action.form) ?? null;
    if (formId === null) return { kind: 'unavailable' };
    const url = input.linkFor({ personId: input.personId, formId, params: stepFormLinkParams(item) });
    return { kind: 'web_form', url };
  }
  const type = ACTION_FORM_TYPES.find((formType) => formType === input.action.type);
  if (type === undefined) return { kind: 'unavailable' };
  const url = input.linkFor({
    personId: input.personId,
    formId: ACTION_FORM_ID,
    params: actionFormLinkParams({
      ...item,
      action: type,
      requireComment: input.action.requireComment,
    }),
  });
  return { kind: 'web_form', url };
}

/**
 * What a person is told when a card button asks for a form on a platform without modals (a
 * DingTalk form the card cannot draw, any form on WeCom): the signed link to the form on the web,
 * bound to the card's item and version, or that it cannot be offered here.
 */
export function cardFormOfferText(
  capabilities: ChatCapabilities,
  input: {
    action: Pick<CardAction, 'type' | 'requireComment' | 'form'>;
    card: { instanceId: string; version: number };
    person: { personId: string; locale: Locale };
    workspaceId: string | null;
    webForms: { linkFor: WebFormLinker; formOfStep(stepId: string): string | null } | null;
  },
): string {
  const offer = offerCardForm(capabilities, {
    action: input.action,
    instanceId: input.card.instanceId,
    version: input.card.version,
    personId: input.person.personId,
    workspaceId: input.workspaceId,
    linkFor: input.webForms?.linkFor ?? null,
    formOfStep: input.webForms?.formOfStep ?? null,
  });
  const { locale } = input.person;
  return offer.kind === 'web_form'
    ? t(locale, 'form.web_link', { url: offer.url })
    : t(locale, 'form.unavailable');
}
