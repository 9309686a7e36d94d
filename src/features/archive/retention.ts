// Retention (保管期限) and the quarterly appraisal (鉴定): entries whose period has run out are
// listed each quarter to the appraisal group (the archivists and the office head). The quarter's
// `archive_appraisal` row and the messages commit together, and the row's primary key (the
// quarter) makes a second send, concurrent or later, write nothing.

import type { Db } from '../../db/types.ts';
import { RETENTION_LABELS_ZH } from '../../domain/archive/archive-no.ts';
import { lastExpiredYear, quarterOf } from '../../domain/archive/loan-retention.ts';
import { isClearedFor, type SecrecyLevel } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { DEFAULT_TIME_ZONE } from '../../org/org-file.ts';
import { PERSON_MESSAGE_KIND } from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import { t } from '../../shared/i18n.ts';

/** Entry ids kept on the quarter's row; the count in the message is the full one. */
export const MAX_APPRAISAL_IDS = 1000;
/** Entries named in the quarterly message (the rest: `/archive appraisal`). */
const MESSAGE_LINES = 20;

const RETENTION_LABELS_EN: Record<string, string> = { '30y': '30 years', '10y': '10 years' };

/** The filter of entries kept whose retention has run out at `now` (10 and 30 years). */
export function expiredWhere(now: Date, timeZone: string): Prisma.ArchiveEntryWhereInput {
  return {
    status: 'kept',
    OR: [
      { retention: '10y', year: { lte: lastExpiredYear(now, 10, timeZone) } },
      { retention: '30y', year: { lte: lastExpiredYear(now, 30, timeZone) } },
    ],
  };
}

/** One entry due for appraisal. */
export interface ExpiredEntry {
  id: string;
  archiveNo: string;
  /** Null at 秘密 and above. */
  title: string | null;
  year: number;
  retention: string;
  secrecy: SecrecyLevel;
}

/** Entries past retention, oldest first, at most `limit`, with the total count. */
export async function listExpiredEntries(
  db: Db,
  now: Date,
  timeZone: string,
  limit: number,
): Promise<{ total: number; entries: ExpiredEntry[] }> {
  const where = expiredWhere(now, timeZone);
  const [total, rows] = await Promise.all([
    db.archiveEntry.count({ where }),
    db.archiveEntry.findMany({
      where,
      orderBy: [{ year: 'asc' }, { archiveNo: 'asc' }],
      take: limit,
      select: { id: true, archiveNo: true, title: true, year: true, retention: true, secrecy: true },
    }),
  ]);
  return {
    total,
    entries: rows.map((r) => ({
      ...r,
      secrecy: r.secrecy as SecrecyLevel,
      // Classified records travel by 档号 only, whatever the row holds.
      title: isClassified(r.secrecy as SecrecyLevel) ? null : r.title,
    })),
  };
}

/** The unit's time zone, from the loaded organisation file. */
export async function unitTimeZone(db: Db): Promise<string> {
  const unit = await db.unitSetting.findUnique({ where: { id: 'unit' }, select: { timeZone: true } });
  return unit?.timeZone ?? DEFAULT_TIME_ZONE;
}

/**
 * The appraisal group (鉴定小组): the person ids listed as `archive.appraisalGroup` in the
 * organisation file when there is such a list, else every active archivist and office head, in
 * directory order. Only active people count.
 */
export async function appraisalGroup(db: Db): Promise<string[]> {
  const unit = await db.unitSetting.findUnique({ where: { id: 'unit' }, select: { archive: true } });
  const listed = (unit?.archive as { appraisalGroup?: unknown } | null)?.appraisalGroup;
  const named = Array.isArray(listed) ? listed.filter((x): x is string => typeof x === 'string') : null;
  const people = await db.person.findMany({
    where: named
      ? { active: true, id: { in: named } }
      : { active: true, OR: [{ roles: { has: 'archivist' } }, { roles: { has: 'office_head' } }] },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
    select: { id: true },
  });
  return people.map((p) => p.id);
}

/** What one call of {@link sendQuarterlyAppraisal} did. */
export interface AppraisalSendResult {
  quarter: string;
  /** False when the quarter's list was sent before (nothing written this time). */
  sent: boolean;
  /** Entries past retention (all of them, not only the ids kept on the row). */
  entries: number;
  /** People messaged. */
  recipients: number;
}

/**
 * Sends the quarter's appraisal list once: inserts the quarter's `archive_appraisal` row (entry
 * ids, at most {@link MAX_APPRAISAL_IDS}) and, only if it was not there yet, one `person.message`
 * to each member of the appraisal group cleared to read the list, in the same transaction. Call
 * it as often as you like (each scheduler wake, every replica): `sendQuarterlyAppraisal(prisma,
 * clock.now(), { onOutboxWritten })` sends each quarter's list exactly once. A quarter with no
 * entry past retention is recorded and messages nobody.
 */
export async function sendQuarterlyAppraisal(
  prisma: PrismaClient,
  now: Date,
  options: { onOutboxWritten?: () => void } = {},
): Promise<AppraisalSendResult> {
  const timeZone = await unitTimeZone(prisma);
  const quarter = quarterOf(now, timeZone);
  const result = await prisma.$transaction(async (tx) => {
    if (await tx.archiveAppraisal.findUnique({ where: { quarter }, select: { quarter: true } })) {
      return { quarter, sent: false, entries: 0, recipients: 0 };
    }
    const { total, entries } = await listExpiredEntries(tx, now, timeZone, MAX_APPRAISAL_IDS);
    // The primary key decides: of two concurrent sends exactly one inserts (the other waits for
    // it and then inserts nothing).
    const inserted = await tx.archiveAppraisal.createMany({
      data: [{ quarter, entryIds: entries.map((e) => e.id), sentAt: now }],
      skipDuplicates: true,
    });
    if (inserted.count === 0 || total === 0) {
      return { quarter, sent: inserted.count === 1, entries: total, recipients: 0 };
    }
    const group = await appraisalGroup(tx);
    const people = await tx.person.findMany({
      where: { id: { in: group } },
      select: { id: true, clearance: true },
    });
    const messages = people.map((person) => {
      // Each reads only the lines their clearance allows; the count stays the whole list's.
      const visible = entries.filter((e) => isClearedFor(person.clearance as SecrecyLevel, e.secrecy));
      return {
        orderingKey: `person:${person.id}`,
        kind: PERSON_MESSAGE_KIND,
        payload: {
          personId: person.id,
          key: 'archive.appraisal.notice',
          params: {
            quarter,
            count: total,
            listZh: appraisalLines(visible, total, 'zh'),
            listEn: appraisalLines(visible, total, 'en'),
          },
        },
      };
    });
    await enqueueOutbox(tx, messages, now);
    return { quarter, sent: true, entries: total, recipients: messages.length };
  });
  if (result.recipients > 0) options.onOutboxWritten?.();
  return result;
}

/** The first lines of an appraisal list, one entry a line (no title for classified records). */
export function appraisalLines(entries: readonly ExpiredEntry[], total: number, locale: 'zh' | 'en'): string {
  const lines = entries.slice(0, MESSAGE_LINES).map((e) => {
    const retention =
      locale === 'en'
        ? (RETENTION_LABELS_EN[e.retention] ?? e.retention)
        : (RETENTION_LABELS_ZH[e.retention as keyof typeof RETENTION_LABELS_ZH] ?? e.retention);
    const title = e.title ? ` ${e.title}` : '';
    return t(locale, 'archive.appraisal.line', { archiveNo: e.archiveNo, title, year: e.year, retention });
  });
  const more = total - Math.min(entries.length, MESSAGE_LINES);
  if (more > 0) lines.push(t(locale, 'archive.appraisal.more', { count: more }));
  return lines.join('\n');
}
