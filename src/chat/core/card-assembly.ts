// Cards and notices assembled from committed state, for any platform. A delivery reads here what
// one recipient's copy of a card shows (the neutral `Card`) or what a notice says (a catalog key
// and raw params), then renders it in its platform's format: the outbox payload only says whom to
// bring up to date, so a row delivered late can show nothing older than the database.

import { z } from 'zod';
import { displayNameOf } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { LocalizedText, WorkflowDefinition, WorkflowInstance } from '../../domain/workflow/types.ts';
import type { MergedFeatures } from '../../features/feature-module.ts';
import { instanceFromRow, isInstanceId } from '../../features/workflow/instance-row.ts';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { type ChatPlatform, chatAccountsOfPeople, INSTALLATION_TENANT } from '../../org/chat-accounts.ts';
import { DeliveryError, type DeliveryRecord, fromDatabase } from '../../outbox/delivery.ts';
import type { Clock } from '../../shared/clock.ts';
import { DEFAULT_LOCALE, isMessageKey, type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import { truncateText } from '../../shared/text.ts';
import {
  buildCard,
  type Card,
  type CardAuditEntry,
  type CardDirectoryPerson,
  type CardExtraAction,
  type CardField,
  type FlowWording,
  wordingFamilyOf,
} from './card.ts';

/** What assembling cards and notices reads: the database, the time and the features' hooks. */
export interface CardAssemblyDeps {
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
  /** What one viewer alone gets on a flow's card, read when it is drawn, by definition id (a meeting's answer buttons). */
  cardViewerLive?: ReadonlyMap<string, CardViewerLiveOf>;
  /**
   * Flows that word their cards and their requester's notices themselves, by definition id:
   * `notify.<event>.<family>` and `card.status.<status>.<family>` are used where the catalog has
   * them, filled with the flow's facts (a 发文 ends sent with its 文号, a loan with the record's
   * return, not with an approval).
   */
  wordings?: ReadonlyMap<string, FlowWording>;
  /**
   * Notices a flow words from the instance itself, by definition id: a catalog key and its
   * params, or null for the usual notice (a supply request closed with nothing issued says so
   * and why).
   */
  noticeOf?: ReadonlyMap<string, NoticeOf>;
}

/** What cards and notices are assembled from: the database and the time, and the enabled features' parts. */
export function cardAssemblyOf(
  base: Pick<CardAssemblyDeps, 'prisma' | 'clock' | 'timeZone'>,
  features: Pick<MergedFeatures, 'definitions' | 'cards'>,
): CardAssemblyDeps {
  const { cards } = features;
  return {
    ...base,
    definitions: features.definitions,
    cardFields: cards.fields,
    cardExtras: cards.extras,
    ...(cards.liveExtras ? { cardLiveExtras: cards.liveExtras } : {}),
    wordings: cards.wordings,
    noticeOf: cards.notices,
    cardLiveFields: cards.liveFields,
    ...(cards.viewerLive ? { cardViewerLive: cards.viewerLive } : {}),
  };
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
export type CardFieldsOf = (instance: WorkflowInstance, locale: Locale) => ReadonlyArray<CardField>;

/**
 * Fields a card shows from outside the instance, read when it is drawn (a seal's state holding a
 * request). Whoever changes what they show asks the cards again with `card.sync` `refresh: true`.
 */
export type CardLiveFieldsOf = (
  instance: WorkflowInstance,
  locale: Locale,
  prisma: PrismaClient,
) => Promise<ReadonlyArray<CardField>>;

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

/**
 * Fields and buttons one viewer of a flow's card gets from outside the instance, read when it is
 * drawn (a meeting's attendee sees their answer and the 参加 / 请假 / 委派 buttons, its organiser the
 * tally). Whoever changes them asks that viewer's card again with `card.sync` `refresh: true`.
 */
export type CardViewerLiveOf = (
  instance: WorkflowInstance,
  viewer: { personId: string; roles: readonly string[] },
  locale: Locale,
  prisma: PrismaClient,
) => Promise<{
  fields: ReadonlyArray<CardField>;
  extras: ReadonlyArray<CardExtraAction>;
}>;

/** Longest item title quoted in a notice (the card shows it whole). */
export const NOTICE_TITLE_MAX = 200;
/** Longest fact of a flow quoted in a notice (a 办结 result; the card shows it whole). */
export const NOTICE_FACT_MAX = 500;

/** A recorded copy of a card as stored: its platform reads `ref` (where the message is) itself. */
export type StoredCardCopy = z.output<typeof storedCopySchema>;

const storedCopySchema = z.object({
  id: z.string(),
  platform: z.string(),
  ref: z.unknown(),
  version: z.number().int(),
});

/** What drawing one copy of a card reads, in one statement (see {@link loadCardDraw}). */
export interface CardDraw {
  instance: WorkflowInstance;
  /** Null for a channel copy, or when the person is not in the directory. */
  viewer: {
    personId: string;
    /** The person's account on the platform asked for (its user id), or null when they have none. */
    account: string | null;
    locale: Locale;
    roles: string[];
  } | null;
  /** The language the copy is drawn in: the viewer's, else the default. */
  locale: Locale;
  /** The recorded copy for this recipient, on whichever platform it lives. */
  copy: StoredCardCopy | null;
  /** The instance's audit entries up to the version read, oldest first. */
  audit: CardAuditEntry[];
  /**
   * The names of the people the card may name: every person whose id is a string of the state or
   * of those audit entries (the actor, or in the details), which covers {@link peopleMentioned}.
   */
  people: ReadonlyMap<string, CardDirectoryPerson>;
}

/**
 * Reads the instance, the viewer (`personId`, null for a channel copy) with their account on
 * `platform`, the recorded copy for `recipient`, the audit log up to the instance's version and
 * the names of the people these mention, in ONE statement: five round trips were most of a
 * card's delivery, and in a flood of new cards one person's posts go out one at a time (see
 * bench/engine.ts). A database failure is transient; a missing instance is permanent.
 */
export async function loadCardDraw(
  prisma: PrismaClient,
  input: {
    instanceId: string;
    recipient: string;
    personId: string | null;
    /** The platform whose account of the viewer to read; null where people are their person ids. */
    platform: ChatPlatform | null;
  },
): Promise<CardDraw> {
  const { instanceId, recipient, personId, platform } = input;
  type Row = { state: unknown; viewer: unknown; copy: unknown; audit: unknown; people: unknown };
  // A mangled id names no instance (the cast would fail the statement, which reads as transient).
  const rows = !isInstanceId(instanceId)
    ? []
    : await fromDatabase(
        'load the card',
        () =>
          prisma.$queryRaw<Row[]>`
      SELECT i.state,
        (SELECT jsonb_build_object('account', (SELECT a.external_id FROM chat_account a
                                               WHERE a.person_id = p.id AND a.platform = ${platform}
                                                 AND a.tenant = ${INSTALLATION_TENANT}),
                                   'locale', p.locale, 'roles', to_jsonb(p.roles))
           FROM person p WHERE p.id = ${personId}) AS viewer,
        (SELECT jsonb_build_object('id', c.id, 'platform', c.platform, 'ref', c.message_ref, 'version', c.version)
           FROM card_message c WHERE c.instance_id = i.id AND c.recipient = ${recipient}) AS copy,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('actorId', a.actor_id, 'action', a.action, 'at', a.at,
                                                      'comment', a.comment, 'details', a.details) ORDER BY a.seq),
                         '[]'::jsonb)
           FROM audit_entry a
           WHERE a.instance_id = i.id AND (a.after_version IS NULL OR a.after_version <= i.version)) AS audit,
        (SELECT coalesce(jsonb_object_agg(p.id, jsonb_build_object('name', p.name, 'nameEn', p.name_en)), '{}'::jsonb)
           FROM person p
           WHERE p.id IN (
             SELECT v #>> '{}' FROM jsonb_path_query(i.state, 'strict $.**') AS v WHERE jsonb_typeof(v) = 'string'
             UNION
             SELECT a.actor_id FROM audit_entry a
             WHERE a.instance_id = i.id AND (a.after_version IS NULL OR a.after_version <= i.version)
             UNION
             SELECT v #>> '{}' FROM audit_entry a, jsonb_path_query(coalesce(a.details, 'null'::jsonb), 'strict $.**') AS v
             WHERE a.instance_id = i.id AND (a.after_version IS NULL OR a.after_version <= i.version)
               AND jsonb_typeof(v) = 'string')) AS people
      FROM workflow_instance i
      WHERE i.id = ${instanceId}::uuid`,
      );
  const row = rows[0];
  if (row === undefined) throw instanceNotFound(instanceId);
  const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);
  const audit = (json(row.audit) as Array<CardAuditEntry & { at: string }>).map((entry) => ({
    ...entry,
    at: new Date(entry.at),
  }));
  const stored = json(row.viewer) as {
    account: string | null;
    locale: string | null;
    roles: string[];
  } | null;
  const viewer =
    stored === null || personId === null
      ? null
      : { personId, account: stored.account, locale: localeOf(stored.locale), roles: stored.roles };
  return {
    instance: json(row.state) as WorkflowInstance,
    viewer,
    locale: viewer?.locale ?? DEFAULT_LOCALE,
    copy: row.copy === null ? null : storedCopySchema.parse(json(row.copy)),
    audit,
    people: new Map(Object.entries(json(row.people) as Record<string, CardDirectoryPerson>)),
  };
}

/**
 * The card of a drawn instance for its viewer (a channel copy without one), in the draw's
 * language: the key fields, live fields and buttons the features add, the people it names.
 */
export async function assembleCard(
  deps: CardAssemblyDeps,
  draw: Pick<CardDraw, 'instance' | 'audit' | 'viewer' | 'locale' | 'people'>,
): Promise<Card> {
  const { prisma } = deps;
  const { instance, audit, locale } = draw;
  const viewer = draw.viewer === null ? null : { personId: draw.viewer.personId, roles: draw.viewer.roles };
  const liveExtrasOf = deps.cardLiveExtras;
  const liveExtras =
    viewer && liveExtrasOf
      ? await fromDatabase('read the card’s live buttons', () =>
          liveExtrasOf(instance, viewer, locale, prisma),
        )
      : [];
  const viewerLiveOf = deps.cardViewerLive?.get(instance.definitionId);
  const own =
    viewer && viewerLiveOf
      ? await fromDatabase('read what the card shows its viewer', () =>
          viewerLiveOf(instance, viewer, locale, prisma),
        )
      : { fields: [], extras: [] };
  return buildCard({
    instance,
    viewerPersonId: viewer?.personId ?? null,
    people: draw.people,
    kindLabel: kindLabelOf(instance, deps.definitions),
    locale,
    now: deps.clock.now(),
    timeZone: deps.timeZone,
    audit,
    family: wordingFamilyOf(deps.wordings?.get(instance.definitionId), instance),
    // The viewer's own first: a platform that shows a few fields shows what is theirs.
    fields: [
      ...own.fields,
      ...(deps.cardFields?.get(instance.definitionId)?.(instance, locale) ?? []),
      ...((await deps.cardLiveFields?.get(instance.definitionId)?.(instance, locale, prisma)) ?? []),
    ],
    extraActions:
      viewer === null
        ? []
        : [
            ...(deps.cardExtras?.get(instance.definitionId)?.(instance, viewer, locale) ?? []),
            ...own.extras,
            ...liveExtras,
          ],
  });
}

/**
 * A notice as the core words it: a catalog key and its params, raw (user text not escaped, long
 * texts already shortened). Each platform fills the key with the params escaped for its format.
 */
export interface Notice {
  locale: Locale;
  key: string;
  params: Readonly<Record<string, string | number>>;
}

/** The notice's text, its string params passed through `escapeParam` first (a platform's markup). */
export function noticeText(notice: Notice, escapeParam: (text: string) => string = (text) => text): string {
  const params = Object.fromEntries(
    Object.entries(notice.params).map(([name, value]) => [
      name,
      typeof value === 'string' ? escapeParam(value) : value,
    ]),
  );
  return translateDynamic(notice.locale, notice.key, params) ?? notice.key;
}

/**
 * What a `person.notify` reads: the notice, and the person's account on the platform asked for
 * (null where the platform addresses people by their person id).
 */
export type AssembledNotice =
  | { notice: Notice; account: string | null }
  | { skipped: 'unknown_person' | 'not_linked' };

/**
 * The notice of `event` on an instance to `personId`, in their language, with their account on
 * `platform`. A database failure is transient; a missing instance is permanent.
 */
export async function assembleNotice(
  deps: CardAssemblyDeps,
  input: {
    instanceId: string;
    personId: string;
    byPersonId: string;
    event: string;
    /** The platform whose account of the person to read; null where people are their person ids. */
    platform: ChatPlatform | null;
  },
): Promise<AssembledNotice> {
  const { prisma } = deps;
  const instance = await loadInstance(prisma, input.instanceId);
  const [people, accounts] = await fromDatabase('load the people of a notice', () =>
    Promise.all([
      prisma.person.findMany({
        where: { id: { in: [input.personId, input.byPersonId] } },
        select: { id: true, name: true, nameEn: true, locale: true },
      }),
      input.platform === null
        ? Promise.resolve(null)
        : chatAccountsOfPeople(prisma, input.platform, [input.personId]),
    ]),
  );
  const person = people.find((p) => p.id === input.personId);
  if (person === undefined) return { skipped: 'unknown_person' };
  const account = accounts === null ? null : (accounts.get(input.personId) ?? null);
  if (accounts !== null && account === null) return { skipped: 'not_linked' };
  const locale = localeOf(person.locale);
  const by = people.find((p) => p.id === input.byPersonId);
  const byName = (by && displayNameOf(by, locale)) || t(locale, 'card.person.unknown');
  const wording = deps.wordings?.get(instance.definitionId);
  const params: Record<string, string | number> = {
    title: noticeTitle(instance, deps.definitions, locale),
    by: byName,
  };
  const facts: Readonly<Record<string, string | number>> = wording?.facts?.(instance, locale) ?? {};
  for (const [name, value] of Object.entries(facts)) {
    params[name] = typeof value === 'string' ? truncateText(value, NOTICE_FACT_MAX) : value;
  }
  const own = deps.noticeOf?.get(instance.definitionId)?.(instance, input.event);
  if (own && isMessageKey(own.key)) {
    return { notice: { locale, key: own.key, params: { ...own.params, ...params } }, account };
  }
  const key = `notify.${input.event}`;
  const family = wordingFamilyOf(wording, instance);
  const familyKey = family ? `${key}.${family}` : null;
  return {
    notice: { locale, key: familyKey && isMessageKey(familyKey) ? familyKey : key, params },
    account,
  };
}

/** The item as a notice names it: never the title of a classified item, only its reference. */
export function noticeTitle(
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

/** Everyone a card may name: requester, assignees (and whom they took over from), audit actors and targets. */
export function peopleMentioned(instance: WorkflowInstance, audit: readonly CardAuditEntry[]): Set<string> {
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

/** The kind of item a card shows: its definition's name, or the definition id when unknown. */
export function kindLabelOf(
  instance: WorkflowInstance,
  definitions: ReadonlyMap<string, WorkflowDefinition>,
): LocalizedText {
  return (
    definitions.get(instance.definitionId)?.name ?? { zh: instance.definitionId, en: instance.definitionId }
  );
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

/**
 * The record of a newly posted copy as the recipient's current one (replacing any earlier record),
 * written with the row's `sent` (see DeliveryRecord): its platform, where it is there
 * (`messageRef`, the platform's own terms), the version drawn, and when it was posted.
 */
export function postedCopyRecord(copy: {
  instanceId: string;
  recipient: string;
  platform: ChatPlatform;
  messageRef: { [key: string]: string | null | string[] };
  version: number;
  at: Date;
}): DeliveryRecord {
  return Prisma.sql`
    INSERT INTO card_message (id, instance_id, recipient, platform, message_ref, version, updated_at, posted_at)
    VALUES (gen_random_uuid(), ${copy.instanceId}::uuid, ${copy.recipient}, ${copy.platform},
            ${JSON.stringify(copy.messageRef)}::jsonb, ${copy.version}::int, ${copy.at}::timestamptz,
            ${copy.at}::timestamptz)
    ON CONFLICT (instance_id, recipient) DO UPDATE
    SET platform = EXCLUDED.platform, message_ref = EXCLUDED.message_ref, version = EXCLUDED.version,
        updated_at = EXCLUDED.updated_at, posted_at = EXCLUDED.posted_at`;
}

/**
 * The record of an update of the copy `copyId` to `version`, written with the row's `sent`; a
 * copy that already shows a later version keeps it.
 */
export function updatedCopyRecord(copy: { copyId: string; version: number; at: Date }): DeliveryRecord {
  return Prisma.sql`
    UPDATE card_message SET version = ${copy.version}::int, updated_at = ${copy.at}::timestamptz
    WHERE id = ${copy.copyId}::uuid AND version < ${copy.version}::int`;
}
