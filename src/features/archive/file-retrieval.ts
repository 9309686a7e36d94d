// Retrieval of a lent electronic record in chat (DOMAIN.md "Archive": fixity on every retrieval).
// The archivist's 出借 of a borrow loan whose entry has a file writes one `file.send` outbox row
// (source `archive.loan`) in the click's transaction (loans.ts): the entry and the borrower, never
// the file's bytes. Each platform's delivery of it calls {@link prepareLentFile}, which retrieves
// the file through `retrieveEntryFile` — checking its SHA-256 and recording the check — and uploads
// what it returns. On a mismatch or an unreadable file nothing is handed out: the borrower and the
// archivists are told (person.message rows) and the row is finished, not retried (a mismatch does
// not mend itself). Records at 秘密 and above are never sent: their content stays off the network
// (凡涉密内容严禁发布); the borrower is told to read the file in the archive room instead.
//
// Delivery is at least once, like the rest of the outbox: a crash after the upload and before the
// row is marked sent uploads the file again (and a crash after a failed check tells everyone again).

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Tx } from '../../db/types.ts';
import type { SecrecyLevel } from '../../domain/org.ts';
import { isClassified } from '../../domain/workflow/index.ts';
import { OUTBOX_KINDS, type OutboxIntentPayloads } from '../../outbox/intents.ts';
import { type OutboxMessageInput, PERSON_MESSAGE_KIND } from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import { isAppError } from '../../shared/errors.ts';
import type { Locale } from '../../shared/i18n.ts';
import { type FixityDeps, retrieveEntryFile } from './fixity.ts';

/** Outbox kind: a file to a person; a lent electronic record's goes to its borrower. */
export const ARCHIVE_FILE_KIND = OUTBOX_KINDS.fileSend;

/** `file.send` of a lent record: which entry, to whom, for which loan (its workflow instance). */
export type ArchiveFilePayload = Omit<OutboxIntentPayloads['file.send'], 'source'>;

/** The entry's columns the lend step decides on. */
export interface LentEntry {
  archiveNo: string;
  secrecy: SecrecyLevel;
  fileRef: string | null;
  fileSha256: string | null;
}

/**
 * What the 出借 of `entry` to `personId` owes the borrower besides the card, written in the
 * click's transaction: the file (an electronic record), or for a classified electronic record a
 * notice that its file is not sent in chat; nothing for a paper record.
 */
export async function enqueueLentFile(
  tx: Tx,
  input: { entry: LentEntry; entryId: string; personId: string; instanceId: string; now: Date },
): Promise<void> {
  const { entry, personId } = input;
  if (!entry.fileRef || !entry.fileSha256) return;
  // One key with the borrower's other DMs: the file and any notice about it stay in order.
  const orderingKey = `person:${personId}`;
  const row: OutboxMessageInput = isClassified(entry.secrecy)
    ? {
        orderingKey,
        kind: PERSON_MESSAGE_KIND,
        payload: { personId, key: 'archive.file.classified', params: { archiveNo: entry.archiveNo } },
      }
    : {
        orderingKey,
        kind: ARCHIVE_FILE_KIND,
        payload: { source: 'archive.loan', entryId: input.entryId, personId, instanceId: input.instanceId },
      };
  await enqueueOutbox(tx, [row], input.now);
}

/**
 * What the delivery of a `file.send` row of a lent record is to do. `Recipient` is how the
 * delivering chat platform reaches the borrower (its account of them), as its `reach` found it.
 */
export type LentFile<Recipient> =
  /** Upload `bytes` as `filename` to the recipient's DM; the check passed. */
  | {
      kind: 'ready';
      recipient: Recipient;
      locale: Locale;
      archiveNo: string;
      /** Null at 秘密 and above (never sent) or for an untitled record: named by 档号. */
      title: string | null;
      filename: string;
      bytes: Buffer;
    }
  /** Nothing to send, nobody to tell (the borrower unknown, unlinked, no longer cleared…). */
  | { kind: 'skipped'; reason: 'unknown_person' | 'not_linked' | 'not_cleared' | 'no_file' | 'classified' }
  /** The check failed (recorded): nothing sent; the borrower and `notified` archivists are told. */
  | { kind: 'fixity_failed'; archiveNo: string; notified: number }
  /** The bytes read after the check are not the ones checked (the file changed): try again. */
  | { kind: 'changed'; archiveNo: string; detail: string };

/** What {@link prepareLentFile} needs: the fixity check's, and how to read the checked file. */
export interface LentFileDeps extends FixityDeps {
  /** Reads the checked file; node's readFile unless a test replaces it. */
  readFile?: (file: string) => Promise<Buffer>;
}

/**
 * Retrieves the file of a `file.send` row of a lent record for its borrower, through
 * `retrieveEntryFile` (the fixity check, recorded). `reach` is the delivering platform's account
 * of the borrower (null: not linked there), asked before the check so that a file nobody can
 * receive is not checked. On a failed check it enqueues the notices to the borrower and to every
 * active archivist (by 档号 only) and reports `fixity_failed`. Database failures are thrown.
 */
export async function prepareLentFile<Recipient>(
  deps: LentFileDeps,
  payload: ArchiveFilePayload,
  reach: (personId: string) => Promise<Recipient | null>,
): Promise<LentFile<Recipient>> {
  const person = await deps.prisma.person.findUnique({
    where: { id: payload.personId },
    select: { locale: true, clearance: true },
  });
  if (!person) return { kind: 'skipped', reason: 'unknown_person' };
  const recipient = await reach(payload.personId);
  if (recipient === null) return { kind: 'skipped', reason: 'not_linked' };
  let retrieved: Awaited<ReturnType<typeof retrieveEntryFile>>;
  try {
    retrieved = await retrieveEntryFile(deps, payload.entryId, {
      personId: payload.personId,
      clearance: person.clearance as SecrecyLevel,
    });
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.code === 'archive_fixity_failed') {
      const archiveNo = String(error.params.archiveNo ?? '');
      return {
        kind: 'fixity_failed',
        archiveNo,
        notified: await notifyFixityFailure(deps, payload, archiveNo),
      };
    }
    if (error.code === 'archive_entry_not_found') return { kind: 'skipped', reason: 'not_cleared' };
    if (error.code === 'archive_no_file') return { kind: 'skipped', reason: 'no_file' };
    throw error;
  }
  const { entry, file } = retrieved;
  // Checked again here too: the lend step queues no file of a classified record.
  if (isClassified(entry.secrecy)) return { kind: 'skipped', reason: 'classified' };
  let bytes: Buffer;
  try {
    bytes = await (deps.readFile ?? readFile)(file);
  } catch (error) {
    return { kind: 'changed', archiveNo: entry.archiveNo, detail: String(error) };
  }
  // What is sent must be what was checked: a file replaced in between is checked again next time.
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== entry.fileSha256?.toLowerCase()) {
    return { kind: 'changed', archiveNo: entry.archiveNo, detail: `read ${digest} after the check` };
  }
  return {
    kind: 'ready',
    recipient,
    locale: person.locale === 'en' ? 'en' : 'zh',
    archiveNo: entry.archiveNo,
    title: entry.title,
    filename: path.basename(file),
    bytes,
  };
}

/** The borrower's and the archivists' notices of a failed check; returns how many archivists. */
async function notifyFixityFailure(
  deps: FixityDeps,
  payload: ArchiveFilePayload,
  archiveNo: string,
): Promise<number> {
  const archivists = await deps.prisma.person.findMany({
    where: { active: true, roles: { has: 'archivist' } },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const rows: OutboxMessageInput[] = [
    {
      orderingKey: `person:${payload.personId}`,
      kind: PERSON_MESSAGE_KIND,
      payload: { personId: payload.personId, key: 'archive.file.failed_borrower', params: { archiveNo } },
    },
    ...archivists.map((a) => ({
      orderingKey: `person:${a.id}`,
      kind: PERSON_MESSAGE_KIND,
      payload: {
        personId: a.id,
        key: 'archive.file.failed_archivist',
        params: { archiveNo },
        people: { borrower: payload.personId },
      },
    })),
  ];
  await deps.prisma.$transaction((tx) => enqueueOutbox(tx, rows, deps.clock.now()));
  return archivists.length;
}
