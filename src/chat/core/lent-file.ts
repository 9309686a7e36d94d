// A lent archive record's file as every chat delivery of `file.send` sends it: retrieved and
// checked by the archive feature (prepareLentFile), then either skipped, refused (a failed fixity
// check fails the row for good; a file that changed after its check is retried) or ready to go
// with the comment that says what it is.

import {
  type ArchiveFilePayload,
  type LentFile,
  type LentFileDeps,
  prepareLentFile,
} from '../../features/archive/file-retrieval.ts';
import { DeliveryError, fromDatabase } from '../../outbox/delivery.ts';
import { t } from '../../shared/i18n.ts';

/** A lent record's file that passed its check, for its recipient. */
export type ReadyLentFile<Recipient> = Extract<LentFile<Recipient>, { kind: 'ready' }>;

/**
 * The file of a `file.send` row, ready to send to the recipient `reach` finds (null: not on this
 * platform), or why nothing is sent. A failed check throws a permanent {@link DeliveryError}, a
 * file changed after its check a transient one; a database failure is transient too.
 */
export async function lentFileToSend<Recipient>(
  deps: LentFileDeps,
  payload: ArchiveFilePayload,
  reach: (personId: string) => Promise<Recipient | null>,
): Promise<
  ReadyLentFile<Recipient> | { skipped: Extract<LentFile<Recipient>, { kind: 'skipped' }>['reason'] }
> {
  const prepared = await fromDatabase('retrieve a lent file', () => prepareLentFile(deps, payload, reach));
  switch (prepared.kind) {
    case 'skipped':
      return { skipped: prepared.reason };
    case 'fixity_failed':
      throw new DeliveryError(
        { kind: 'permanent', code: 'archive_fixity_failed', recognised: true },
        `fixity check failed for ${prepared.archiveNo}`,
      );
    case 'changed':
      throw new DeliveryError({ kind: 'transient', code: 'archive_file_changed' }, prepared.detail);
    case 'ready':
      return prepared;
  }
}

/** What goes with the file: its 档号 and title, in the recipient's language. */
export function lentFileComment(file: ReadyLentFile<unknown>): string {
  return t(file.locale, 'archive.file.comment', { archiveNo: file.archiveNo, title: file.title ?? '' });
}
