// Delivers the workflow's outbox kinds to Slack: `card.sync` (post or update one copy of an
// instance's card; with `repost`, post it anew at the bottom of the person's DM and turn the old
// copy into a pointer) and `person.notify` (a short direct message to one person). Both render at
// delivery time from the CURRENT committed state, never from the payload: the payload only says
// whom to bring up to date, so a row delivered late can show nothing older than the database.

import { z } from 'zod';
import type { WorkflowInstance } from '../../../domain/workflow/types.ts';
import { DeliveryError, fromDatabase, type JsonValue } from '../../../outbox/delivery.ts';
import { cardSyncPayloadSchema, OUTBOX_KINDS, personNotifyPayloadSchema } from '../../../outbox/intents.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import {
  assembleCard,
  assembleNotice,
  type CardAssemblyDeps,
  type CardDraw,
  loadCardDraw,
  noticeText,
  postedCopyRecord,
  type StoredCardCopy,
  updatedCopyRecord,
} from '../../core/card-assembly.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import {
  defineSlackKind,
  isPlatformError,
  SLACK_PLATFORM,
  type SlackDelivery,
  type SlackDeliveryContext,
  STALE_DM_ERRORS,
} from '../slack-delivery.ts';
import { renderCardBlocks } from './card-blocks.ts';

// The features' card hooks are the core's; named here too for the code that wires them.
export type {
  CardExtrasOf,
  CardFieldsOf,
  CardLiveExtrasOf,
  CardLiveFieldsOf,
  NoticeOf,
} from '../../core/card-assembly.ts';

/** What the Slack delivery of cards and notices needs: what assembling them reads. */
export type WorkflowDeliveryDeps = CardAssemblyDeps;

/** The outbox kinds this module delivers. */
export const WORKFLOW_OUTBOX_KINDS = {
  cardSync: OUTBOX_KINDS.cardSync,
  personNotify: OUTBOX_KINDS.personNotify,
} as const;

/**
 * Registers `card.sync` and `person.notify` on `delivery`. Each delivery reads the database at
 * send time; a database failure before anything was sent is retried (transient), never failed.
 */
export function registerWorkflowKinds(delivery: SlackDelivery, deps: WorkflowDeliveryDeps): void {
  delivery.register(WORKFLOW_OUTBOX_KINDS.cardSync, cardSyncHandler(deps));
  delivery.register(WORKFLOW_OUTBOX_KINDS.personNotify, personNotifyHandler(deps));
}

/** What a `card.sync` delivery did; stored on the outbox row. */
type CardSyncResult =
  | { action: 'posted' | 'updated'; channel: string; ts: string; version: number; recorded?: false }
  | {
      action: 'reposted';
      channel: string;
      ts: string;
      version: number;
      recorded?: false;
      previous: { channel: string; ts: string } | null;
    }
  | { skipped: 'up_to_date'; version: number; storedVersion: number }
  | { skipped: 'not_linked' | 'unknown_person' | 'not_public'; version?: number };

function cardSyncHandler(deps: WorkflowDeliveryDeps) {
  const { prisma, clock } = deps;

  return defineSlackKind({
    schema: cardSyncPayloadSchema,
    methods: (payload) =>
      'personId' in payload
        ? ['conversations.open', 'chat.postMessage', 'chat.update']
        : ['chat.postMessage', 'chat.update'],
    async deliver(payload, context): Promise<JsonValue> {
      const personId = 'personId' in payload ? payload.personId : null;
      const channel = 'channel' in payload ? payload.channel : null;
      const recipient = personId ?? `channel:${channel}`;
      const log = context.logger.child({ instanceId: payload.instanceId, recipient });

      // One statement reads what drawing the copy needs: the instance, the viewer, the posted copy
      // and the audit log up to the version read (a transition committed since must not half-appear).
      const draw = await loadCardDraw(prisma, {
        instanceId: payload.instanceId,
        recipient,
        personId,
        platform: SLACK_PLATFORM,
      });
      const { instance, viewer } = draw;
      const existing = draw.copy === null ? null : slackCopyOf(payload.instanceId, recipient, draw.copy);
      if (channel !== null && instance.secrecy !== 'public') {
        // The service only asks channel copies of public items; never show anything else in a channel.
        log.warn({ secrecy: instance.secrecy }, 'Card copy for a channel refused: the item is not public');
        return { skipped: 'not_public', version: instance.version } satisfies CardSyncResult;
      }
      if (personId !== null && viewer === null) {
        log.warn('Card not delivered: the person is not in the directory');
        return { skipped: 'unknown_person', version: instance.version } satisfies CardSyncResult;
      }
      if (personId !== null && 'repost' in payload && payload.repost === true) {
        const slackUserId = viewer?.account ?? null;
        if (slackUserId === null) {
          log.warn('Card not reposted: the person is not linked to a Slack account');
          return { skipped: 'not_linked', version: instance.version } satisfies CardSyncResult;
        }
        return await repost(context, {
          instance,
          recipient,
          slackUserId,
          existing,
          message: await renderCard(deps, draw),
          locale: draw.locale,
        });
      }
      // A row delivered late (or twice) must never roll a newer card back; a refresh redraws the
      // current version.
      const refresh =
        'refresh' in payload && payload.refresh === true && existing?.version === instance.version;
      if (existing !== null && existing.version >= instance.version && !refresh) {
        log.debug({ storedVersion: existing.version, version: instance.version }, 'Card already up to date');
        return {
          skipped: 'up_to_date',
          version: instance.version,
          storedVersion: existing.version,
        } satisfies CardSyncResult;
      }

      const message = await renderCard(deps, draw);

      if (existing !== null) {
        const updated = await updateCopy(context, existing, message, instance.version);
        if (updated !== null) return updated;
        // Someone deleted the posted copy: forget it and post a fresh one below.
        log.info({ channel: existing.channelId, ts: existing.messageTs }, 'Card copy gone; posting anew');
        await fromDatabase('forget the deleted card', () =>
          prisma.cardMessage.deleteMany({ where: { id: existing.id } }),
        );
      }

      if (personId !== null) {
        const slackUserId = viewer?.account ?? null;
        if (slackUserId === null) {
          log.warn('Card not delivered: the person is not linked to a Slack account');
          return { skipped: 'not_linked', version: instance.version } satisfies CardSyncResult;
        }
        const target = await context.openDirectMessage(slackUserId);
        try {
          return await postCopy(context, target, message, instance, recipient);
        } catch (error) {
          if (isPlatformError(error, STALE_DM_ERRORS)) context.forgetDirectMessage(slackUserId);
          throw error;
        }
      }
      return await postCopy(context, channel as string, message, instance, recipient);
    },
  });

  /**
   * Brings the card to the bottom of the person's DM: first the old copy becomes a pointer (an
   * idempotent update, so a retry redoes it harmlessly; a copy already gone is fine), then the
   * fresh copy is posted and recorded in place of the old one.
   */
  async function repost(
    context: SlackDeliveryContext,
    input: {
      instance: WorkflowInstance;
      recipient: string;
      slackUserId: string;
      existing: SlackCardCopy | null;
      message: { text: string; blocks: unknown[] };
      locale: Locale;
    },
  ): Promise<CardSyncResult> {
    const { instance, recipient, existing } = input;
    if (existing !== null) {
      const pointer = t(input.locale, 'card.reposted');
      try {
        await context.call('chat.update', {
          channel: existing.channelId,
          ts: existing.messageTs,
          text: pointer,
          blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: pointer }] }],
        });
      } catch (error) {
        if (!isPlatformError(error, MESSAGE_GONE_ERRORS)) throw error;
      }
    }
    const target = await context.openDirectMessage(input.slackUserId);
    let posted: CardSyncResult;
    try {
      posted = await postCopy(context, target, input.message, instance, recipient);
    } catch (error) {
      if (isPlatformError(error, STALE_DM_ERRORS)) context.forgetDirectMessage(input.slackUserId);
      throw error;
    }
    if (!('action' in posted)) return posted;
    const previous = existing ? { channel: existing.channelId, ts: existing.messageTs } : null;
    return { ...posted, action: 'reposted', previous };
  }

  async function updateCopy(
    context: SlackDeliveryContext,
    existing: SlackCardCopy,
    message: { text: string; blocks: unknown[] },
    version: number,
  ): Promise<CardSyncResult | null> {
    try {
      await context.call('chat.update', {
        channel: existing.channelId,
        ts: existing.messageTs,
        text: message.text,
        blocks: message.blocks,
      });
    } catch (error) {
      if (isPlatformError(error, MESSAGE_GONE_ERRORS)) return null;
      throw error;
    }
    // Recorded with the row's `sent`, in one statement; should that fail, the copy keeps its older
    // version and the next sync redraws it (chat.update is idempotent).
    context.record(updatedCopyRecord({ copyId: existing.id, version, at: clock.now() }));
    return { action: 'updated', channel: existing.channelId, ts: existing.messageTs, version };
  }

  async function postCopy(
    context: SlackDeliveryContext,
    target: string,
    message: { text: string; blocks: unknown[] },
    instance: WorkflowInstance,
    recipient: string,
  ): Promise<CardSyncResult> {
    const posted = await context.call('chat.postMessage', {
      channel: target,
      text: message.text,
      blocks: message.blocks,
    });
    const channelId = typeof posted.channel === 'string' && posted.channel !== '' ? posted.channel : target;
    const ts = typeof posted.ts === 'string' ? posted.ts : '';
    const log = context.logger.child({ instanceId: instance.id, recipient, channel: channelId, ts });
    // From here on the message is out: failing (and so retrying) would post it twice. The copy is
    // recorded with the row's `sent`, in one statement; should that fail, the row is still marked
    // sent, its result saying `recorded: false` (later syncs then post a new copy).
    if (ts === '') {
      log.error('chat.postMessage answered without a ts: the card copy cannot be updated later');
      return { action: 'posted', channel: channelId, ts, version: instance.version, recorded: false };
    }
    context.record(
      postedCopyRecord({
        instanceId: instance.id,
        recipient,
        platform: SLACK_PLATFORM,
        messageRef: { channel: channelId, ts } satisfies SlackMessageRef,
        version: instance.version,
        at: clock.now(),
      }),
    );
    return { action: 'posted', channel: channelId, ts, version: instance.version };
  }
}

function personNotifyHandler(deps: WorkflowDeliveryDeps) {
  return defineSlackKind({
    schema: personNotifyPayloadSchema,
    methods: () => ['conversations.open', 'chat.postMessage'],
    async deliver(payload, context): Promise<JsonValue> {
      const log = context.logger.child({
        instanceId: payload.instanceId,
        personId: payload.personId,
        event: payload.event,
      });
      const assembled = await assembleNotice(deps, {
        instanceId: payload.instanceId,
        personId: payload.personId,
        byPersonId: payload.byPersonId,
        event: payload.event,
        platform: SLACK_PLATFORM,
      });
      if ('skipped' in assembled || assembled.account === null) {
        const unknown = 'skipped' in assembled && assembled.skipped === 'unknown_person';
        log.warn(
          unknown
            ? 'Notice not delivered: the person is not in the directory'
            : 'Notice not delivered: the person is not linked to a Slack account',
        );
        return { skipped: unknown ? 'unknown_person' : 'not_linked' };
      }
      const slackUserId = assembled.account;
      // The notice's params are user text (a title, a name): mrkdwn must show them as typed.
      const text = noticeText(assembled.notice, escapeMrkdwn);

      const channel = await context.openDirectMessage(slackUserId);
      try {
        const posted = await context.call('chat.postMessage', { channel, text });
        return {
          channel: typeof posted.channel === 'string' ? posted.channel : channel,
          ts: typeof posted.ts === 'string' ? posted.ts : '',
        };
      } catch (error) {
        if (isPlatformError(error, STALE_DM_ERRORS)) context.forgetDirectMessage(slackUserId);
        throw error;
      }
    },
  });
}

/** Errors of chat.update that mean the posted copy no longer exists. */
const MESSAGE_GONE_ERRORS = new Set(['message_not_found']);

/** The card of a draw in Block Kit: the core assembles it, Slack only renders it. */
async function renderCard(
  deps: WorkflowDeliveryDeps,
  draw: CardDraw,
): Promise<{ text: string; blocks: unknown[] }> {
  return renderCardBlocks(await assembleCard(deps, draw), draw.locale);
}

/** Where a Slack copy of a card is: Slack's reference of the message, stored as the copy's `message_ref`. */
const slackMessageRefSchema = z.object({ channel: z.string().min(1), ts: z.string().min(1) });
type SlackMessageRef = z.output<typeof slackMessageRefSchema>;

/** A recorded copy of a card on Slack: the row's id, its version, and where the message is. */
interface SlackCardCopy {
  id: string;
  version: number;
  channelId: string;
  messageTs: string;
}

/**
 * The recorded copy as Slack reads it. A copy of another platform never reaches here (the outbox
 * routes a copy's rows to its platform), nor one whose reference Slack cannot read: either is a
 * bug that retrying cannot mend, so the row fails for an operator to see.
 */
function slackCopyOf(instanceId: string, recipient: string, copy: StoredCardCopy): SlackCardCopy {
  const ref = slackMessageRefSchema.safeParse(copy.ref);
  if (copy.platform !== SLACK_PLATFORM || !ref.success) {
    throw new DeliveryError(
      { kind: 'permanent', code: 'card_copy_not_slack', recognised: true },
      `card copy of ${instanceId} for ${recipient} is on ${copy.platform}, not readable by Slack`,
    );
  }
  return { id: copy.id, version: copy.version, channelId: ref.data.channel, messageTs: ref.data.ts };
}
