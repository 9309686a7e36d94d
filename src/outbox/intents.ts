// The one registry of outbox intents: what the core asks a chat platform to tell whom, in neutral
// terms (person ids, instance ids, catalog keys, an opaque conversation reference), never in a
// platform's (user ids, message timestamps, markup). Each kind is a constant with a zod schema;
// the payload types follow from the schemas as a mapped type, the way graphile-worker types job
// payloads by task name. Rows are checked against it where they are written (enqueueOutbox and the
// click's statement, both through outboxWriteCtes) and read back through it by each platform's
// delivery, so a row one side cannot read never reaches the other.
//
// The schemas sit here, below the features, because the outbox must check every row whatever
// feature wrote it, and a feature may not be imported from here; the feature owns the meaning,
// this file the shape.

import { z } from 'zod';
import { SECRECY_LEVELS } from '../domain/org.ts';

const id = z.string().min(1);

/** The kind of every outbox intent, by a name for code. */
export const OUTBOX_KINDS = {
  /** Draw one copy of an item's card again from committed state (a person's, or a group conversation's). */
  cardSync: 'card.sync',
  /** A short notice to one person of what someone did to an item they take part in. */
  personNotify: 'person.notify',
  /** A direct message whose text is a catalog entry, rendered in the person's language at delivery. */
  personMessage: 'person.message',
  /** An answer only one person sees, in the conversation they acted in (a DM where that cannot be). */
  personReply: 'person.reply',
  /** Bring one person's home view (their lists) up to date. */
  homeRefresh: 'home.refresh',
  /** A file to one person, produced at delivery by the feature that owns it (a lent record's file). */
  fileSend: 'file.send',
  /** A reminder, a manual nudge or a 督办 about one item, with a way to open its card. */
  chaseRemind: 'chase.remind',
  /** A person's morning digest of everything waiting on them. */
  chaseDigest: 'chase.digest',
  /** An item fell below its threshold: one keeper is told. */
  supplyLowStock: 'supply.low_stock',
  /** The period report's figures, in a group conversation. */
  reportPost: 'report.post',
  /** The period report's chart, as an image file in a group conversation. */
  reportChart: 'report.chart',
} as const;

/**
 * `card.sync`: bring one copy of an instance's card up to date (a person's, or the copy in a group
 * conversation named by the workflow definition). `repost: true` (a person's copy only): post it
 * anew at the bottom of their conversation even when up to date, and turn the previous copy into a
 * one-line pointer to it. `refresh: true`: draw it again even when its version is current, because
 * something it shows besides the instance changed (a live field: a seal taken out of use holds its
 * requests).
 */
export const cardSyncPayloadSchema = z.union([
  z
    .object({
      instanceId: id,
      personId: id,
      repost: z.literal(true).optional(),
      refresh: z.literal(true).optional(),
      /** The viewer follows the change (see cardSyncMessage): never left unshown for want of an update. */
      watched: z.literal(true).optional(),
    })
    .strict(),
  /** `channel`: the group conversation the definition names, opaque to the core. */
  z.object({ instanceId: id, channel: id }).strict(),
]);

/**
 * What a `person.notify` tells: the requester what someone did to their item; the instructing
 * leader of a handler's question (`reported`); the holders of a step of an answer given there by
 * an earlier step's approver (`replied`).
 */
export const NOTIFY_EVENTS = [
  'approved',
  'rejected',
  'returned',
  'transferred',
  'commented',
  'reported',
  'replied',
  'contributed',
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** `person.notify`: whom, about which item, what happened and who did it. */
export const personNotifyPayloadSchema = z.object({
  personId: id,
  instanceId: id,
  event: z.enum(NOTIFY_EVENTS),
  byPersonId: id,
});

/** `person.message`: whom, which catalog text, its params, and people to name (param → person id). */
export const personMessagePayloadSchema = z.strictObject({
  personId: id,
  key: id,
  params: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  people: z.record(z.string(), z.string()).optional(),
});

/**
 * `person.reply`: a text only `personId` sees. `conversation` is the platform's reference of the
 * conversation they acted in, opaque to the core: the adapter that took the action wrote it and
 * the same adapter reads it and turns the reply into that platform's private answer.
 */
export const personReplyPayloadSchema = z.strictObject({
  personId: id,
  conversation: id,
  text: z.string().min(1),
});

/** `home.refresh`: render the person's home from the database and publish it. */
export const homeRefreshPayloadSchema = z.object({ personId: id }).strict();

/**
 * `file.send`: a file to one person, made at delivery by its `source` (so a check such as an
 * archive record's fixity runs when the file goes, not when it was asked for).
 * - `archive.loan`: the electronic file of archive entry `entryId`, lent by loan `instanceId`.
 */
export const fileSendPayloadSchema = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('archive.loan'),
    personId: id,
    entryId: z.uuid(),
    instanceId: z.uuid(),
  }),
]);

/** What a `chase.remind` says: before or at a deadline, after it, a nudge, or a 督办 to a supervisor. */
export const CHASE_REMIND_KINDS = ['before', 'due', 'overdue', 'nudge', 'escalation'] as const;

/** `chase.remind`: whom, about which item, what kind of message, and the people it names. */
export const chaseRemindPayloadSchema = z.strictObject({
  personId: id,
  instanceId: z.uuid(),
  kind: z.enum(CHASE_REMIND_KINDS),
  deadline: z.string().optional(),
  byPersonId: z.string().optional(),
  assigneeId: z.string().optional(),
  daysLate: z.number().int().min(0).optional(),
});

/** `chase.digest`: whom, and the local day it is for. */
export const chaseDigestPayloadSchema = z.strictObject({ personId: id, date: id });

/** `supply.low_stock`: whom to tell, about which item. */
export const supplyLowStockPayloadSchema = z.object({ personId: id, itemId: z.uuid() }).strict();

const localized = z.object({ zh: z.string(), en: z.string() });
const figures = z.object({
  onTime: z.number().int().min(0),
  late: z.number().int().min(0),
  overdue: z.number().int().min(0),
  averageHours: z.number().min(0).nullable(),
});

/** A report with the names it shows, frozen when it was built (the reports feature's `Report`). */
export const reportSchema = z.object({
  period: z.object({
    kind: z.enum(['week', 'month']),
    label: z.string().min(1),
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  generatedAt: z.iso.datetime(),
  departments: z.array(
    figures.extend({ departmentId: z.string().min(1), name: z.string(), nameEn: z.string().nullable() }),
  ),
  total: figures,
  longestOverdue: z.array(
    z.object({
      instanceId: z.string().min(1),
      definitionId: z.string(),
      title: z.string().nullable(),
      reference: z.string().nullable(),
      secrecy: z.enum(SECRECY_LEVELS),
      classified: z.boolean(),
      urgency: z.enum(['extra_urgent', 'urgent', 'normal']),
      departmentId: z.string(),
      stepName: localized,
      deadline: z.iso.datetime(),
      hoursOverdue: z.number().int().min(0),
      waitingOn: z.array(z.string()),
    }),
  ),
  people: z.record(z.string(), z.object({ name: z.string(), nameEn: z.string().nullable() })),
});

/** `report.post` and `report.chart`: which group conversation, in which language, and the figures. */
export const reportPayloadSchema = z.strictObject({
  /** The group conversation the organisation file names (`reports.channel`), opaque to the core. */
  channel: id,
  locale: z.enum(['zh', 'en']).default('zh'),
  timeZone: id,
  report: reportSchema,
});

/** Outbox kinds and the schemas of their payloads. */
export type IntentRegistry = Readonly<Record<string, z.ZodType>>;

/** Every outbox kind and the schema of its payload. */
export const OUTBOX_INTENTS = {
  [OUTBOX_KINDS.cardSync]: cardSyncPayloadSchema,
  [OUTBOX_KINDS.personNotify]: personNotifyPayloadSchema,
  [OUTBOX_KINDS.personMessage]: personMessagePayloadSchema,
  [OUTBOX_KINDS.personReply]: personReplyPayloadSchema,
  [OUTBOX_KINDS.homeRefresh]: homeRefreshPayloadSchema,
  [OUTBOX_KINDS.fileSend]: fileSendPayloadSchema,
  [OUTBOX_KINDS.chaseRemind]: chaseRemindPayloadSchema,
  [OUTBOX_KINDS.chaseDigest]: chaseDigestPayloadSchema,
  [OUTBOX_KINDS.supplyLowStock]: supplyLowStockPayloadSchema,
  [OUTBOX_KINDS.reportPost]: reportPayloadSchema,
  [OUTBOX_KINDS.reportChart]: reportPayloadSchema,
} as const satisfies IntentRegistry;

/** An outbox kind of the registry. */
export type OutboxKind = keyof typeof OUTBOX_INTENTS;

/** The payload a writer gives for each kind (defaults may be left out). */
export type OutboxIntents = { [K in OutboxKind]: z.input<(typeof OUTBOX_INTENTS)[K]> };

/** The payload a delivery reads for each kind, defaults filled in. */
export type OutboxIntentPayloads = { [K in OutboxKind]: z.output<(typeof OUTBOX_INTENTS)[K]> };

/** Whether `kind` is a kind of the registry. */
export function isOutboxKind(kind: string): kind is OutboxKind {
  return Object.hasOwn(OUTBOX_INTENTS, kind);
}

/** The schema of `kind`'s payload in `intents`, if it has one. */
function schemaOf(intents: IntentRegistry, kind: string): z.ZodType | undefined {
  return Object.hasOwn(intents, kind) ? intents[kind] : undefined;
}

/** A row a writer tried to put in the outbox that the registry refuses: a programming error. */
export class OutboxIntentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxIntentError';
  }
}

/**
 * Checks that `payload` is a valid payload of `kind`; throws {@link OutboxIntentError} naming what
 * is wrong. The payload is stored as given (not as parsed), so what a writer wrote is what a
 * delivery reads, and coalescing compares the same JSON.
 */
export function checkOutboxIntent(
  kind: string,
  payload: unknown,
  intents: IntentRegistry = OUTBOX_INTENTS,
): void {
  const schema = schemaOf(intents, kind);
  if (schema === undefined) throw new OutboxIntentError(`unknown outbox kind ${kind}`);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new OutboxIntentError(`invalid ${kind} payload: ${z.prettifyError(parsed.error)}`);
  }
}
