// Archive hand-off (归档移交): a finished outgoing or incoming document is handed to the archive
// from its card by the secretary or the archivist. The hand-off keeps what the archive catalog
// needs for its entry (number, title, year, department, retention) and the materials filed with
// it (final text, signed draft, countersign record). It stays `pending` until the archive catalog
// takes it up; the card shows it from then on. The hand-off, its audit entry and the card updates
// commit together, once: a second hand-off of the same document is refused.

import { DateTime } from 'luxon';
import type { CardExtraAction } from '../../chat/core/card.ts';
import type { Db } from '../../db/types.ts';
import { INCOMING_DEFINITION, INSTRUCTION_PARAMS } from '../../domain/documents/incoming.ts';
import { OUTGOING_DEFINITIONS } from '../../domain/documents/outgoing.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { cardSyncMessage } from '../../outbox/outbox-message.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import { cardRecipientsOf, isUniqueViolation } from '../workflow/workflow-service.ts';
import { writeTransition } from '../workflow/write-transition.ts';
import { INCOMING_PARAMS } from './incoming-documents.ts';
import { OUTGOING_PARAMS } from './outgoing-documents.ts';

/** 保管期限: 永久, 定期30年, 定期10年 (DOMAIN.md, Archive). */
export const RETENTIONS = ['permanent', '30y', '10y'] as const;
export type Retention = (typeof RETENTIONS)[number];

/** Params the hand-off adds to the instance (shown on the card; the hand-off row is the record). */
export const ARCHIVE_PARAMS = { handedAt: 'archiveHandedAt', retention: 'archiveRetention' } as const;

/** Roles that may hand a document to the archive. */
const ARCHIVING_ROLES: readonly string[] = ['secretary', 'archivist'];

const OUTGOING_IDS = new Set(OUTGOING_DEFINITIONS.map((d) => d.id));

/** Which kind of document an instance is, or null for anything else (an approval, a seal request). */
export function documentKindOf(
  instance: Pick<WorkflowInstance, 'definitionId'>,
): 'outgoing' | 'incoming' | null {
  if (OUTGOING_IDS.has(instance.definitionId)) return 'outgoing';
  if (instance.definitionId === INCOMING_DEFINITION.id) return 'incoming';
  return null;
}

/**
 * Whether a person with `roles` may hand `instance` over now: a finished (approved) document not
 * handed over yet. The card offers 归档 only then; {@link handOffToArchive} checks again.
 */
export function canHandOff(instance: WorkflowInstance, roles: readonly string[]): boolean {
  return (
    documentKindOf(instance) !== null &&
    instance.status === 'approved' &&
    typeof instance.params[ARCHIVE_PARAMS.handedAt] !== 'string' &&
    roles.some((role) => ARCHIVING_ROLES.includes(role))
  );
}

/** What the person handing over chose on the form. */
export interface HandOffInput {
  instanceId: string;
  workspaceId: string | null;
  actorPersonId: string;
  retention: Retention;
  /** The final text (正式文本); the draft link when not given. */
  finalTextLink: string | null;
  /**
   * The form submission (`view:<view id>`): the same form sent again after its commit came too
   * late for Slack finds its hand-off instead of being refused as handed over already.
   */
  requestKey?: string;
}

/** The refusal of a hand-off of anything but a document of this workspace. */
export const archiveNotDocument = () =>
  new AppError('archive_not_document', 'only documents are archived from their card');

/**
 * Whether `actorPersonId` may hand `instance` over now; reads only. Throws the AppError that says
 * why not (see {@link handOffToArchive}); returns the kind of document. A hand-off made by the
 * submission `requestKey` is no refusal: sent again, that form is answered with it.
 */
export async function checkHandOff(
  db: Db,
  instance: WorkflowInstance,
  actorPersonId: string,
  timeZone: string,
  requestKey?: string,
): Promise<'outgoing' | 'incoming'> {
  const kind = documentKindOf(instance);
  if (kind === null) throw archiveNotDocument();
  const earlier = await db.archiveHandoff.findUnique({
    where: { instanceId: instance.id },
    select: { handedAt: true, requestKey: true },
  });
  if (earlier && requestKey !== undefined && earlier.requestKey === requestKey) return kind;
  if (earlier) {
    throw new AppError('archive_already', 'already handed over', {
      params: { time: localTime(earlier.handedAt, timeZone) },
    });
  }
  if (instance.status !== 'approved') throw new AppError('archive_not_finished', 'not finished');
  const actor = await db.person.findUnique({
    where: { id: actorPersonId },
    select: { active: true, roles: true },
  });
  if (!actor?.active || !actor.roles.some((role) => ARCHIVING_ROLES.includes(role))) {
    throw new AppError('archive_not_allowed', 'only the secretary or the archivist archives');
  }
  return kind;
}

/**
 * The neutral action of the 归档 button on a finished document's card (the key of the card's
 * extra, and the action its press reaches on every platform).
 */
export const DOC_ARCHIVE_ACTION = 'doc_archive';

/** The 归档 button for a viewer who may hand the document over now (for the card). */
export function archiveCardExtras(
  instance: WorkflowInstance,
  viewer: { personId: string; roles: readonly string[] },
  locale: Locale,
): CardExtraAction[] {
  return canHandOff(instance, viewer.roles)
    ? [{ key: DOC_ARCHIVE_ACTION, label: t(locale, 'card.action.doc_archive'), style: null }]
    : [];
}

/** One countersign of the record (会签记录). */
interface CountersignEntry {
  personId: string;
  departmentId: string | null;
  agreed: boolean;
  opinion: string | null;
  at: string | null;
}

/**
 * Hands a finished document to the archive. Throws AppError `archive_not_document`,
 * `archive_not_finished`, `archive_not_allowed` or `archive_already` (param `time`); otherwise
 * writes the hand-off, the instance's new version (its card shows the hand-off) with its audit
 * entry, and the card updates — for every holder of a copy and for the archivists — in one
 * transaction.
 */
export async function handOffToArchive(
  deps: { prisma: PrismaClient; clock: Clock; timeZone: string; onOutboxWritten?: () => void },
  input: HandOffInput,
): Promise<{ number: string; retention: Retention }> {
  const { prisma } = deps;
  const now = deps.clock.now();
  const key = input.requestKey ?? null;
  const earlier = key ? await handOffOfRequest(prisma, input.instanceId, key) : null;
  if (earlier) return earlier;
  const result = await prisma
    .$transaction(async (tx) => {
      const row = await tx.workflowInstance.findUnique({
        where: { id: input.instanceId },
        include: { audit: { orderBy: { seq: 'desc' }, take: 1, select: { seq: true, hash: true } } },
      });
      if (!row || (row.workspaceId !== null && row.workspaceId !== input.workspaceId))
        throw archiveNotDocument();
      const current = instanceFromRow(row);
      const kind = await checkHandOff(tx, current, input.actorPersonId, deps.timeZone);

      const classified = isClassified(current.secrecy);
      const p = current.params;
      const text = (key: string) => (typeof p[key] === 'string' && p[key] !== '' ? (p[key] as string) : null);
      const number =
        (kind === 'outgoing' ? text(OUTGOING_PARAMS.number) : text(INCOMING_PARAMS.receiptNumber)) ??
        current.reference ??
        current.id.slice(0, 8);
      const requester = await tx.person.findUnique({
        where: { id: current.requesterId },
        select: { departmentId: true },
      });
      const departmentId =
        kind === 'outgoing'
          ? (requester?.departmentId ?? null)
          : (text(INSTRUCTION_PARAMS.leadDepartment) ?? requester?.departmentId ?? null);
      const countersign = await countersignRecord(tx, current, classified);
      // Classified items carry no content here either: only their number and particulars.
      const draft =
        kind === 'outgoing' ? text(OUTGOING_PARAMS.draftLink) : text(INCOMING_PARAMS.attachmentLink);
      const materials = classified
        ? {}
        : {
            finalText: input.finalTextLink ?? draft,
            ...(kind === 'outgoing' ? { signedDraft: draft } : { attachment: draft }),
            countersignRecord: countersign.length > 0,
          };
      const handoff = await tx.archiveHandoff.create({
        data: {
          instanceId: current.id,
          kind,
          docNumber: number,
          title: classified ? null : current.title,
          year: yearOf(number) ?? DateTime.fromISO(current.updatedAt).setZone(deps.timeZone).year,
          departmentId,
          retention: input.retention,
          secrecy: current.secrecy,
          materials: materials as Prisma.InputJsonValue,
          countersign: countersign as unknown as Prisma.InputJsonValue,
          handedById: input.actorPersonId,
          handedAt: now,
          requestKey: key,
        },
        select: { id: true },
      });
      // The finished time on the card stays the time it finished.
      const next: WorkflowInstance = {
        ...current,
        version: current.version + 1,
        params: {
          ...p,
          [ARCHIVE_PARAMS.handedAt]: now.toISOString(),
          [ARCHIVE_PARAMS.retention]: input.retention,
        },
      };
      const archivists = await tx.person.findMany({
        where: { active: true, roles: { has: 'archivist' } },
        select: { id: true },
      });
      const copies = new Set([...cardRecipientsOf(next), ...archivists.map((a) => a.id)]);
      const written = await writeTransition(tx, {
        current,
        next,
        lastAudit: row.audit[0] ?? null,
        audit: {
          at: now,
          actorId: input.actorPersonId,
          action: 'archive',
          comment: null,
          details: { handoffId: handoff.id, retention: input.retention, docNumber: number },
        },
        clickKey: `${current.id}:archive`,
        outbox: [...copies].map((personId) => cardSyncMessage(current.id, personId)),
        now,
      });
      // Someone acted on the card meanwhile; the unique instance key refuses a second hand-off anyway.
      if (!written)
        throw new AppError('archive_already', 'changed meanwhile', {
          params: { time: localTime(now, deps.timeZone) },
        });
      return { number, retention: input.retention };
    })
    .catch(async (error: unknown) => {
      // Two hand-offs at the same moment: the unique instance key lets one through. When both
      // were the same form sent twice, this one is answered with the other's hand-off.
      if (!isUniqueViolation(error)) throw error;
      const same = key ? await handOffOfRequest(prisma, input.instanceId, key) : null;
      if (same) return same;
      const winner = await prisma.archiveHandoff.findUnique({
        where: { instanceId: input.instanceId },
        select: { handedAt: true },
      });
      throw new AppError('archive_already', 'already handed over', {
        params: { time: localTime(winner?.handedAt ?? now, deps.timeZone) },
        cause: error,
      });
    });
  deps.onOutboxWritten?.();
  return result;
}

/** The hand-off of `instanceId` made by the submission `requestKey`, as that submission was answered. */
async function handOffOfRequest(
  db: Db,
  instanceId: string,
  requestKey: string,
): Promise<{ number: string; retention: Retention } | null> {
  const row = await db.archiveHandoff.findUnique({
    where: { requestKey },
    select: { instanceId: true, docNumber: true, retention: true },
  });
  return row?.instanceId === instanceId
    ? { number: row.docNumber, retention: row.retention as Retention }
    : null;
}

/** The countersign record (会签记录): each department head's answer at the countersign step. */
async function countersignRecord(
  tx: Prisma.TransactionClient,
  instance: WorkflowInstance,
  classified: boolean,
): Promise<CountersignEntry[]> {
  const step = instance.steps.findLast((s) => s.definitionStepId === 'countersign' && s.status === 'done');
  if (!step) return [];
  const acted = step.assignments.filter((a) => a.status === 'approved' || a.status === 'rejected');
  const people = await tx.person.findMany({
    where: { id: { in: acted.map((a) => a.personId) } },
    select: { id: true, departmentId: true },
  });
  return acted.map((a) => ({
    personId: a.personId,
    departmentId: people.find((p) => p.id === a.personId)?.departmentId ?? null,
    agreed: a.status === 'approved',
    opinion: classified ? null : a.comment,
    at: a.actedAt,
  }));
}

/** The year inside a document number (`示水办发〔2026〕12号` → 2026), if it has one. */
export function yearOf(number: string): number | null {
  const match = /[〔[(（](\d{4})[〕\])）]/.exec(number);
  return match ? Number(match[1]) : null;
}

function localTime(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at).setZone(timeZone).toFormat('yyyy-MM-dd HH:mm');
}

/** The card's 归档 field once handed over: retention and when. */
export function archiveCardFields(
  timeZone: string,
): (instance: WorkflowInstance, locale: Locale) => Array<{ label: string; value: string }> {
  return (instance, locale) => {
    const at = instance.params[ARCHIVE_PARAMS.handedAt];
    const retention = instance.params[ARCHIVE_PARAMS.retention];
    if (typeof at !== 'string' || typeof retention !== 'string') return [];
    const retentionLabel = (RETENTIONS as readonly string[]).includes(retention)
      ? t(locale, `doc.archive.retention.${retention as Retention}`)
      : retention;
    return [
      {
        label: t(locale, 'doc.archive.field'),
        value: t(locale, 'doc.archive.field_value', {
          retention: retentionLabel,
          time: localTime(new Date(at), timeZone),
        }),
      },
    ];
  };
}
