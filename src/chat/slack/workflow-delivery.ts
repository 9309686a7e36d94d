// Delivers the workflow's outbox kinds to Slack: `card.sync` (post or update one copy of an
// instance's card; with `repost`, post it anew at the bottom of the person's DM and turn the old
// copy into a pointer) and `person.notify` (a short direct message to one person). Both render at
// delivery time from the CURRENT committed state, never from the payload: the payload only says
// whom to bring up to date, so a row delivered late can show nothing older than the database.

import { z } from 'zod';
import { displayNameOf } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { LocalizedText, WorkflowDefinition, WorkflowInstance } from '../../domain/workflow/types.ts';
import { instanceFromRow, isInstanceId } from '../../features/workflow/instance-row.ts';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { DeliveryError, fromDatabase, type JsonValue } from '../../outbox/delivery.ts';
import { cardSyncPayloadSchema, OUTBOX_KINDS, personNotifyPayloadSchema } from '../../outbox/intents.ts';
import type { Clock } from '../../shared/clock.ts';
import { DEFAULT_LOCALE, type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import {
  buildCard,
  type CardAuditEntry,
  type CardDirectoryPerson,
  type CardExtraAction,
  type FlowWording,
  familyText,
  wordingFamilyOf,
} from '../core/card.ts';
import { renderCardBlocks } from './blocks/card.ts';
import { truncateText } from './blocks/limits.ts';
import { escapeMrkdwn } from './blocks/mrkdwn.ts';
import { slackAccountOf, slackAccountSql } from './slack-accounts.ts';
import {
  defineSlackKind,
  isPlatformError,
  SLACK_PLATFORM,
  type SlackDelivery,
  type SlackDeliveryContext,
  STALE_DM_ERRORS,
} from './slack-delivery.ts';

export interface WorkflowDeliveryDeps {
  prisma: PrismaClient;
  clock: Clock;
  /** The unit's time zone (from the organisation file): times on cards are shown in it. */
  timeZone: string;
  /** The workflow definitions by id: the card's kind label is the definition's name. */
  definitions: ReadonlyMap<string, WorkflowDefinition>;
  /** Key fields of a card by definition id (a document's number, direction, recipients…). */
  cardFields?: ReadonlyMap<string, CardFieldsOf>;
  /** Feature buttons of a card by definition id (归档 on a finished document). */
  cardExtras?: ReadonlyMap<string, CardExtrasOf>;
  /** Fields read when the card is drawn, by definition id (a seal out of use holds the request). */
  cardLiveFields?: ReadonlyMap<string, CardLiveFieldsOf>;
  /** Feature buttons read when the card is drawn, on every flow's card (催一下 and when it is next allowed). */
  cardLiveExtras?: CardLiveExtrasOf;
  /**
   * Flows that word their cards and their requester's notices themselves, by definition id:
   * `notify.<event>.<family>` and `card.status.<status>.<family>` are used where the catalog has
   * them, filled with the flow's facts (a 发文 ends sent with its 文号, a loan with the record's
   * return, not with an approval).
   */
  wordings?: ReadonlyMap<string, FlowWording>;
  /**
   * Notices a flow words from the instance itself, by definition id: a catalog key and its
   * params (escaped here), or null for the usual notice (a supply request closed with nothing
   * issued says so and why).
   */
  noticeOf?: ReadonlyMap<string, NoticeOf>;
}

/** A flow's own notice for `event` on `instance` (pure), or null for the usual one. */
export type NoticeOf = (
  instance: WorkflowInstance,
  event: string,
) => { key: string; params: Record<string, string | number> } | null;

/** The feature buttons a viewer gets on a card, from the instance and the viewer's roles (pure). */
export type CardExtrasOf = (
  instance: WorkflowInstance,
  viewer: { personId: string; roles: readonly string[] },
  locale: Locale,
) => ReadonlyArray<CardExtraAction>;

/** The key fields a feature shows on its cards, from the instance alone (pure). */
export type CardFieldsOf = (
  instance: WorkflowInstance,
  locale: Locale,
) => ReadonlyArray<{ label: string; value: string }>;

/**
 * Fields a card shows from outside the instance, read when it is drawn (a seal's state holding a
 * request). Whoever changes what they show asks the cards again with `card.sync` `refresh: true`.
 */
export type CardLiveFieldsOf = (
  instance: WorkflowInstance,
  locale: Locale,
  prisma: PrismaClient,
) => Promise<ReadonlyArray<{ label: string; value: string }>>;

/**
 * Feature buttons a viewer gets on a card from outside the instance, read when it is drawn (the
 * 催一下 label saying when the viewer may chase again). Whoever changes them asks that viewer's
 * card again with `card.sync` `refresh: true`.
 */
export type CardLiveExtrasOf = (
  instance: WorkflowInstance,
  viewer: { personId: string; roles: readonly string[] },
  locale: Locale,
  prisma: PrismaClient,
) => Promise<ReadonlyArray<CardExtraAction>>;

/** The outbox kinds this module delivers. */
export const WORKFLOW_OUTBOX_KINDS = {
  cardSync: OUTBOX_KINDS.cardSync,
  personNotify: OUTBOX_KINDS.personNotify,
} as const;

/** Longest item title quoted in a notice (the card shows it whole). */
const NOTICE_TITLE_MAX = 200;
/** Longest fact of a flow quoted in a notice (a 办结 result; the card shows it whole). */
const NOTICE_FACT_MAX = 500;

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
      const { instance, viewer, existing, audit } = await loadCardDraw(
        prisma,
        payload.instanceId,
        recipient,
        personId,
      );
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
        const slackUserId = viewer?.slackUserId ?? null;
        if (slackUserId === null) {
          log.warn('Card not reposted: the person is not linked to a Slack account');
          return { skipped: 'not_linked', version: instance.version } satisfies CardSyncResult;
        }
        const locale = localeOf(viewer?.locale);
        return await repost(context, {
          instance,
          recipient,
          slackUserId,
          existing,
          message: await renderCard(deps, instance, audit, personId, locale, viewer?.roles ?? []),
          locale,
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

      const locale = viewer ? localeOf(viewer.locale) : DEFAULT_LOCALE;
      const message = await renderCard(deps, instance, audit, personId, locale, viewer?.roles ?? []);

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
        const slackUserId = viewer?.slackUserId ?? null;
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
      posted = await postCopy(context, target, input.message, instance, recipient, existing !== null);
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
    // Updating again after a failure here is harmless (chat.update is idempotent): retry.
    await fromDatabase('record the card update', () =>
      prisma.cardMessage.updateMany({
        where: { id: existing.id, version: { lt: version } },
        data: { version, updatedAt: clock.now() },
      }),
    );
    return { action: 'updated', channel: existing.channelId, ts: existing.messageTs, version };
  }

  async function postCopy(
    context: SlackDeliveryContext,
    target: string,
    message: { text: string; blocks: unknown[] },
    instance: WorkflowInstance,
    recipient: string,
    replacing = false,
  ): Promise<CardSyncResult> {
    const posted = await context.call('chat.postMessage', {
      channel: target,
      text: message.text,
      blocks: message.blocks,
    });
    const channelId = typeof posted.channel === 'string' && posted.channel !== '' ? posted.channel : target;
    const ts = typeof posted.ts === 'string' ? posted.ts : '';
    const log = context.logger.child({ instanceId: instance.id, recipient, channel: channelId, ts });
    // From here on the message is out: failing (and so retrying) would post it twice. If the copy
    // cannot be recorded, say where it is and report success; later syncs then post a new copy.
    if (ts === '') {
      log.error('chat.postMessage answered without a ts: the card copy cannot be updated later');
      return { action: 'posted', channel: channelId, ts, version: instance.version, recorded: false };
    }
    const recorded = await recordCopy(instance, recipient, channelId, ts, log, replacing);
    return {
      action: 'posted',
      channel: channelId,
      ts,
      version: instance.version,
      ...(recorded ? {} : { recorded: false as const }),
    };
  }

  /**
   * Records a posted copy: INSERT, then (a copy recorded meanwhile, or a failed write) an upsert.
   * A copy `replacing` the recorded one goes straight to the upsert.
   */
  async function recordCopy(
    instance: WorkflowInstance,
    recipient: string,
    channelId: string,
    messageTs: string,
    log: SlackDeliveryContext['logger'],
    replacing = false,
  ): Promise<boolean> {
    const fields = {
      platform: SLACK_PLATFORM,
      messageRef: { channel: channelId, ts: messageTs } satisfies SlackMessageRef,
      version: instance.version,
      updatedAt: clock.now(),
    };
    if (!replacing) {
      try {
        await prisma.cardMessage.create({ data: { instanceId: instance.id, recipient, ...fields } });
        return true;
      } catch (insertError) {
        log.warn({ err: insertError }, 'Could not insert the posted card copy; trying an upsert');
      }
    }
    try {
      await prisma.cardMessage.upsert({
        where: { instanceId_recipient: { instanceId: instance.id, recipient } },
        create: { instanceId: instance.id, recipient, ...fields },
        update: fields,
      });
      return true;
    } catch (error) {
      log.error(
        { err: error, channel: channelId, ts: messageTs, version: instance.version },
        'Card posted but not recorded: it will not be updated, and the next sync posts another copy (at-least-once)',
      );
      return false;
    }
  }
}

function personNotifyHandler(deps: WorkflowDeliveryDeps) {
  const { prisma } = deps;
  return defineSlackKind({
    schema: personNotifyPayloadSchema,
    methods: () => ['conversations.open', 'chat.postMessage'],
    async deliver(payload, context): Promise<JsonValue> {
      const log = context.logger.child({
        instanceId: payload.instanceId,
        personId: payload.personId,
        event: payload.event,
      });
      const instance = await loadInstance(prisma, payload.instanceId);
      const [people, slackUserId] = await fromDatabase('load the people of a notice', () =>
        Promise.all([
          prisma.person.findMany({
            where: { id: { in: [payload.personId, payload.byPersonId] } },
            select: { id: true, name: true, nameEn: true, locale: true },
          }),
          slackAccountOf(prisma, payload.personId),
        ]),
      );
      const person = people.find((p) => p.id === payload.personId);
      if (person === undefined) {
        log.warn('Notice not delivered: the person is not in the directory');
        return { skipped: 'unknown_person' };
      }
      if (slackUserId === null) {
        log.warn('Notice not delivered: the person is not linked to a Slack account');
        return { skipped: 'not_linked' };
      }
      const locale = localeOf(person.locale);
      const by = people.find((p) => p.id === payload.byPersonId);
      const byName = (by && displayNameOf(by, locale)) || t(locale, 'card.person.unknown');
      const wording = deps.wordings?.get(instance.definitionId);
      const params: Record<string, string | number> = {
        title: escapeMrkdwn(noticeTitle(instance, deps.definitions, locale)),
        by: escapeMrkdwn(byName),
      };
      const facts: Readonly<Record<string, string | number>> = wording?.facts?.(instance, locale) ?? {};
      for (const [name, value] of Object.entries(facts)) {
        params[name] = typeof value === 'string' ? escapeMrkdwn(truncateText(value, NOTICE_FACT_MAX)) : value;
      }
      const own = deps.noticeOf?.get(instance.definitionId)?.(instance, payload.event);
      const ownParams =
        own &&
        Object.fromEntries(
          Object.entries(own.params).map(([k, v]) => [k, typeof v === 'string' ? escapeMrkdwn(v) : v]),
        );
      const text =
        (own && translateDynamic(locale, own.key, { ...ownParams, ...params })) ||
        familyText(locale, `notify.${payload.event}`, wordingFamilyOf(wording, instance), params);

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

/** The item as a notice names it: never the title of a classified item, only its reference. */
function noticeTitle(
  instance: WorkflowInstance,
  definitions: ReadonlyMap<string, WorkflowDefinition>,
  locale: Locale,
): string {
  if (isClassified(instance.secrecy)) {
    const reference = instance.reference?.trim() || instance.id.slice(0, 8);
    return t(locale, 'notify.classified_title', { reference });
  }
  const title = instance.title?.trim() || kindLabelOf(instance, definitions)[locale];
  return truncateText(title, NOTICE_TITLE_MAX);
}

/** The card of `instance` for `viewerPersonId` (null: the channel copy), in Block Kit. */
async function renderCard(
  deps: WorkflowDeliveryDeps,
  instance: WorkflowInstance,
  audit: readonly CardAuditEntry[],
  viewerPersonId: string | null,
  locale: Locale,
  viewerRoles: readonly string[],
): Promise<{ text: string; blocks: unknown[] }> {
  const { prisma } = deps;
  const entries = audit;
  const viewer = viewerPersonId === null ? null : { personId: viewerPersonId, roles: viewerRoles };
  const liveExtrasOf = deps.cardLiveExtras;
  const liveExtras =
    viewer && liveExtrasOf
      ? await fromDatabase('read the card’s live buttons', () =>
          liveExtrasOf(instance, viewer, locale, prisma),
        )
      : [];
  const ids = peopleMentioned(instance, entries);
  const rows = await fromDatabase('load the people of a card', () =>
    prisma.person.findMany({
      where: { id: { in: [...ids] } },
      select: { id: true, name: true, nameEn: true },
    }),
  );
  const people = new Map<string, CardDirectoryPerson>(
    rows.map((p) => [p.id, { name: p.name, nameEn: p.nameEn }]),
  );
  const card = buildCard({
    instance,
    viewerPersonId,
    people,
    kindLabel: kindLabelOf(instance, deps.definitions),
    locale,
    now: deps.clock.now(),
    timeZone: deps.timeZone,
    audit: entries,
    family: wordingFamilyOf(deps.wordings?.get(instance.definitionId), instance),
    fields: [
      ...(deps.cardFields?.get(instance.definitionId)?.(instance, locale) ?? []),
      ...((await deps.cardLiveFields?.get(instance.definitionId)?.(instance, locale, prisma)) ?? []),
    ],
    extraActions:
      viewer === null
        ? []
        : [...(deps.cardExtras?.get(instance.definitionId)?.(instance, viewer, locale) ?? []), ...liveExtras],
  });
  return renderCardBlocks(card, locale);
}

/** Everyone a card may name: requester, assignees (and whom they took over from), audit actors and targets. */
function peopleMentioned(instance: WorkflowInstance, audit: readonly CardAuditEntry[]): Set<string> {
  const ids = new Set<string>([instance.requesterId]);
  for (const step of instance.steps) {
    for (const a of step.assignments) {
      ids.add(a.personId);
      if (a.transferredFrom) ids.add(a.transferredFrom);
    }
  }
  for (const entry of audit) {
    if (entry.actorId) ids.add(entry.actorId);
    const details = (entry.details ?? {}) as { toPersonId?: unknown; personId?: unknown };
    if (typeof details.toPersonId === 'string') ids.add(details.toPersonId);
    if (typeof details.personId === 'string') ids.add(details.personId);
  }
  return ids;
}

function kindLabelOf(
  instance: WorkflowInstance,
  definitions: ReadonlyMap<string, WorkflowDefinition>,
): LocalizedText {
  return (
    definitions.get(instance.definitionId)?.name ?? { zh: instance.definitionId, en: instance.definitionId }
  );
}

/** What drawing one copy of a card reads, in one statement (see {@link loadCardDraw}). */
interface CardDraw {
  instance: WorkflowInstance;
  /** Null for a channel copy, or when the person is not in the directory. */
  viewer: { slackUserId: string | null; locale: string; roles: string[] } | null;
  existing: SlackCardCopy | null;
  /** The instance's audit entries up to the version read, oldest first. */
  audit: CardAuditEntry[];
}

/**
 * Reads the instance, the viewer (`personId`, null for a channel copy), the recorded copy for
 * `recipient` and the audit log up to the instance's version, in ONE statement: four round trips
 * were most of a card's delivery on the embedded database (see bench/engine.ts). A database
 * failure is transient; a missing instance is permanent ({@link instanceNotFound}).
 */
async function loadCardDraw(
  prisma: PrismaClient,
  instanceId: string,
  recipient: string,
  personId: string | null,
): Promise<CardDraw> {
  type Row = { state: unknown; viewer: unknown; copy: unknown; audit: unknown };
  // A mangled id names no instance (the cast would fail the statement, which reads as transient).
  const rows = !isInstanceId(instanceId)
    ? []
    : await fromDatabase(
        'load the card',
        () =>
          prisma.$queryRaw<Row[]>`
      SELECT i.state,
        (SELECT jsonb_build_object('slackUserId', ${slackAccountSql(Prisma.raw('p.id'))},
                                   'locale', p.locale, 'roles', to_jsonb(p.roles))
           FROM person p WHERE p.id = ${personId}) AS viewer,
        (SELECT jsonb_build_object('id', c.id, 'platform', c.platform, 'ref', c.message_ref, 'version', c.version)
           FROM card_message c WHERE c.instance_id = i.id AND c.recipient = ${recipient}) AS copy,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('actorId', a.actor_id, 'action', a.action, 'at', a.at,
                                                      'comment', a.comment, 'details', a.details) ORDER BY a.seq),
                         '[]'::jsonb)
           FROM audit_entry a
           WHERE a.instance_id = i.id AND (a.after_version IS NULL OR a.after_version <= i.version)) AS audit
      FROM workflow_instance i
      WHERE i.id = ${instanceId}::uuid`,
      );
  const row = rows[0];
  if (row === undefined) throw instanceNotFound(instanceId);
  const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
  const copy = row.copy === null ? null : slackCopyOf(instanceId, recipient, json(row.copy));
  const audit = (json(row.audit) as Array<CardAuditEntry & { at: string }>).map((entry) => ({
    ...entry,
    at: new Date(entry.at),
  }));
  return {
    instance: json(row.state) as WorkflowInstance,
    viewer: json(row.viewer) as CardDraw['viewer'],
    existing: copy,
    audit,
  };
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

const storedCopySchema = z.object({
  id: z.string(),
  platform: z.string(),
  ref: z.unknown(),
  version: z.number().int(),
});

/**
 * The recorded copy as Slack reads it. A copy of another platform never reaches here (the outbox
 * routes a copy's rows to its platform), nor one whose reference Slack cannot read: either is a
 * bug that retrying cannot mend, so the row fails for an operator to see.
 */
function slackCopyOf(instanceId: string, recipient: string, stored: unknown): SlackCardCopy {
  const copy = storedCopySchema.parse(stored);
  const ref = slackMessageRefSchema.safeParse(copy.ref);
  if (copy.platform !== SLACK_PLATFORM || !ref.success) {
    throw new DeliveryError(
      { kind: 'permanent', code: 'card_copy_not_slack', recognised: true },
      `card copy of ${instanceId} for ${recipient} is on ${copy.platform}, not readable by Slack`,
    );
  }
  return { id: copy.id, version: copy.version, channelId: ref.data.channel, messageTs: ref.data.ts };
}

async function loadInstance(prisma: PrismaClient, instanceId: string): Promise<WorkflowInstance> {
  const row = await fromDatabase('load the workflow instance', () =>
    prisma.workflowInstance.findUnique({ where: { id: instanceId } }),
  );
  if (row === null) throw instanceNotFound(instanceId);
  return instanceFromRow(row);
}

/**
 * A permanent failure: rows are written in their instance's own transaction, so a missing
 * instance will not appear later.
 */
function instanceNotFound(instanceId: string): DeliveryError {
  return new DeliveryError(
    { kind: 'permanent', code: 'instance_not_found', recognised: true },
    `workflow instance ${instanceId} not found`,
  );
}

function localeOf(stored: string | null | undefined): Locale {
  return stored === 'en' ? 'en' : 'zh';
}
