// Destruction (销毁) of entries past retention: the appraisal group agrees jointly (会签, every
// member) and then a leader approves; only the approval's last click destroys, and in its own
// transaction it writes the destruction register (`archive_destruction`, one row per entry) and
// marks the entries `destroyed` (never deleted). A refusal by anyone keeps everything.

import type { Tx } from '../../db/types.ts';
import {
  ARCHIVE_DESTROY_DEFINITION,
  DESTROY_PARAMS,
  MAX_DESTROY_ENTRIES,
} from '../../domain/archive/loan-definitions.ts';
import { isRetentionOver, quarterOf } from '../../domain/archive/loan-retention.ts';
import { SECRECY_LEVELS, type SecrecyLevel } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import { paramList } from '../../domain/workflow/params.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, type PlainMessageKey, t } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import type { TransitionHook, WorkflowService } from '../workflow/workflow-service.ts';
import { appraisalGroup, expiredWhere, unitTimeZone } from './retention.ts';

/** Roles that may propose a destruction (提请销毁). */
const PROPOSER_ROLES = ['archivist', 'office_head'];

const idsOf = (instance: WorkflowInstance): string[] => {
  const value = instance.params[DESTROY_PARAMS.entryIds];
  return paramList(value);
};

/**
 * Proposes the destruction of `entryIds` (or, when null, of every entry now past retention, up to
 * {@link MAX_DESTROY_ENTRIES}, oldest first). Refused with AppError `archive_destroy_forbidden`
 * (not an archivist or office head), `archive_not_destroyable` (param `archiveNo`: unknown,
 * destroyed, permanent, not yet past retention, or lent out), `archive_nothing_to_destroy`, and
 * `archive_destroy_group_too_small` when the group and the leader are fewer than two people
 * (nothing is destroyed by one person). Entries in a destruction still waiting on its approval
 * are not proposed again (`archive_destroy_pending`, param `archiveNo`, for one named); with a
 * `startKey`, the same form sent again after a late start returns that start's proposal.
 */
export async function startDestruction(
  deps: { service: WorkflowService; prisma: PrismaClient; clock: Clock },
  input: {
    requesterPersonId: string;
    workspaceId: string | null;
    entryIds: string[] | null;
    method: string;
    /** The form's `view:<view id>`: sent again after a late start, it returns that proposal. */
    startKey?: string;
  },
): Promise<WorkflowInstance> {
  const { prisma } = deps;
  // The same form sent again after a late start: its proposal, not a refusal of its own entries.
  const earlier = input.startKey ? await deps.service.startedWith(input.startKey) : null;
  if (earlier) return earlier;
  const requester = await prisma.person.findUnique({
    where: { id: input.requesterPersonId },
    select: { roles: true, active: true, department: { select: { supervisingLeaderId: true } } },
  });
  if (!requester?.active || !requester.roles.some((r) => PROPOSER_ROLES.includes(r))) {
    throw new AppError(
      'archive_destroy_forbidden',
      'only archivists and the office head propose destruction',
    );
  }
  const timeZone = await unitTimeZone(prisma);
  const at = deps.clock.now();
  let entries: Array<{
    id: string;
    archiveNo: string;
    secrecy: string;
    year: number;
    retention: string;
    status: string;
  }>;
  const select = {
    id: true,
    archiveNo: true,
    secrecy: true,
    year: true,
    retention: true,
    status: true,
  } as const;
  const proposed = await entriesProposed(prisma);
  if (input.entryIds === null) {
    entries = await prisma.archiveEntry.findMany({
      where: {
        ...expiredWhere(at, timeZone),
        loans: { none: { status: 'lent' } },
        ...(proposed.size > 0 ? { id: { notIn: [...proposed] } } : {}),
      },
      orderBy: [{ year: 'asc' }, { archiveNo: 'asc' }],
      take: MAX_DESTROY_ENTRIES,
      select,
    });
  } else {
    const ids = [...new Set(input.entryIds)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (ids.length > MAX_DESTROY_ENTRIES) {
      throw new AppError('archive_destroy_too_many', 'too many entries', {
        params: { max: MAX_DESTROY_ENTRIES },
      });
    }
    entries = await prisma.archiveEntry.findMany({ where: { id: { in: ids } }, select });
    const lent = new Set(
      (
        await prisma.archiveLoan.findMany({
          where: { entryId: { in: ids }, status: 'lent' },
          select: { entryId: true },
        })
      ).map((l) => l.entryId),
    );
    const missing = input.entryIds.find((id) => !entries.some((e) => e.id === id));
    if (missing !== undefined) {
      throw new AppError('archive_not_destroyable', 'unknown entry', { params: { archiveNo: missing } });
    }
    for (const entry of entries) {
      if (proposed.has(entry.id)) {
        throw new AppError('archive_destroy_pending', `${entry.archiveNo} is proposed already`, {
          params: { archiveNo: entry.archiveNo },
        });
      }
      if (
        entry.status !== 'kept' ||
        !isRetentionOver(entry.year, entry.retention, at, timeZone) ||
        lent.has(entry.id)
      ) {
        throw new AppError('archive_not_destroyable', `${entry.archiveNo} cannot be destroyed`, {
          params: { archiveNo: entry.archiveNo },
        });
      }
    }
  }
  if (entries.length === 0) throw new AppError('archive_nothing_to_destroy', 'nothing past retention');
  const group = await appraisalGroup(prisma);
  const leader = requester.department?.supervisingLeaderId ?? null;
  const people = new Set([...group, ...(leader ? [leader] : [])]);
  if (group.length === 0 || people.size < 2) {
    throw new AppError('archive_destroy_group_too_small', 'the appraisal group and leader are one person');
  }
  const secrecy = SECRECY_LEVELS[
    Math.max(...entries.map((e) => SECRECY_LEVELS.indexOf(e.secrecy as SecrecyLevel)), 0)
  ] as SecrecyLevel;
  const quarter = quarterOf(at, timeZone);
  const reference = `销毁-${quarter}-${entries.length}件`;
  return deps.service.start({
    definitionId: ARCHIVE_DESTROY_DEFINITION.id,
    requesterPersonId: input.requesterPersonId,
    workspaceId: input.workspaceId,
    title: isClassified(secrecy) ? null : `档案销毁（${quarter}，共${entries.length}件）`,
    reference,
    secrecy,
    urgency: 'normal',
    ...(input.startKey ? { startKey: input.startKey } : {}),
    params: {
      [DESTROY_PARAMS.entryIds]: entries.map((e) => e.id),
      [DESTROY_PARAMS.archiveNos]: entries.map((e) => e.archiveNo),
      [DESTROY_PARAMS.appraisers]: group,
      [DESTROY_PARAMS.quarter]: quarter,
      ...(input.method.trim() ? { [DESTROY_PARAMS.method]: input.method.trim() } : {}),
    },
  });
}

/** Entries of destructions not finished: a second proposal of them could never be carried out. */
async function entriesProposed(prisma: PrismaClient): Promise<Set<string>> {
  const rows = await prisma.workflowInstance.findMany({
    where: {
      definitionId: ARCHIVE_DESTROY_DEFINITION.id,
      status: { in: ['running', 'returned', 'recalled'] },
    },
  });
  return new Set(rows.flatMap((row) => idsOf(instanceFromRow(row))));
}

/**
 * The destruction's transition hook: when the leader's approval finishes the instance (every
 * member of the group agreed before it, or the leader could not act), it locks the entries, checks
 * each is still kept and not lent (AppError `archive_not_destroyable` otherwise: nothing is
 * written), writes one `archive_destruction` row per entry with everyone who approved, and marks
 * the entries destroyed, all in the click's transaction.
 */
export function destructionHook(): TransitionHook {
  return async (tx, { current, next, now }) => {
    if (current.status !== 'running' || next.status !== 'approved') return null;
    const ids = idsOf(current);
    const rows = await lockEntries(tx, ids);
    const lent = await tx.archiveLoan.findMany({
      where: { entryId: { in: ids }, status: 'lent' },
      select: { entryId: true },
    });
    for (const id of ids) {
      const row = rows.get(id);
      if (row?.status !== 'kept' || lent.some((l) => l.entryId === id)) {
        throw new AppError('archive_not_destroyable', `${row?.archive_no ?? id} cannot be destroyed`, {
          params: { archiveNo: row?.archive_no ?? id },
        });
      }
    }
    const approverIds = [
      ...new Set(
        next.steps.flatMap((s) =>
          s.assignments.filter((a) => a.status === 'approved').map((a) => a.personId),
        ),
      ),
    ];
    const method = current.params[DESTROY_PARAMS.method];
    await tx.archiveDestruction.createMany({
      data: ids.map((entryId) => ({
        entryId,
        instanceId: current.id,
        approverIds,
        destroyedAt: now,
        details: {
          quarter: String(current.params[DESTROY_PARAMS.quarter] ?? ''),
          ...(typeof method === 'string' ? { method } : {}),
        },
      })),
    });
    const marked = await tx.archiveEntry.updateMany({
      where: { id: { in: ids }, status: 'kept' },
      data: { status: 'destroyed', destroyedAt: now },
    });
    if (marked.count !== ids.length) throw new Error('entries changed under their lock');
    return { next, details: { destroyed: ids.length } };
  };
}

async function lockEntries(tx: Tx, ids: readonly string[]) {
  const rows = await tx.$queryRaw<Array<{ id: string; status: string; archive_no: string }>>`
    SELECT id::text AS id, status, archive_no FROM archive_entry
    WHERE id = ANY(${[...ids]}::uuid[]) ORDER BY id FOR UPDATE`;
  return new Map(rows.map((r) => [r.id, r]));
}

/** The card's field labels (in the feature's messages). */
const FIELD_LABELS = {
  quarter: 'archive.destroy.card.quarter',
  count: 'archive.destroy.card.count',
  list: 'archive.destroy.card.list',
  method: 'archive.destroy.card.method',
} as const satisfies Record<string, PlainMessageKey>;

/** Archive numbers named on the card; the rest are counted. */
const CARD_NOS = 20;

/** The key fields of a destruction's card: quarter, count, the first 档号 and the method. */
export function destructionCardFields(
  instance: WorkflowInstance,
  locale: Locale,
): Array<{ label: string; value: string }> {
  const count = idsOf(instance).length;
  const raw = instance.params[DESTROY_PARAMS.archiveNos];
  const nos = Array.isArray(raw) ? raw : [];
  const fields: Array<{ label: string; value: string }> = [
    { label: t(locale, FIELD_LABELS.quarter), value: String(instance.params[DESTROY_PARAMS.quarter] ?? '') },
    { label: t(locale, FIELD_LABELS.count), value: t(locale, 'archive.destroy.card.count_value', { count }) },
  ];
  if (nos.length > 0) {
    const shown = nos.slice(0, CARD_NOS).join(locale === 'en' ? ', ' : '、');
    const more = nos.length > CARD_NOS ? t(locale, 'archive.destroy.card.more', { count: nos.length }) : '';
    fields.push({ label: t(locale, FIELD_LABELS.list), value: shown + more });
  }
  const method = instance.params[DESTROY_PARAMS.method];
  if (typeof method === 'string' && method)
    fields.push({ label: t(locale, FIELD_LABELS.method), value: method });
  return fields;
}
