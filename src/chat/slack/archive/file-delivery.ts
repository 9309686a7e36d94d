// Delivers `file.send` of source `archive.loan`: a lent electronic record's file, uploaded to the borrower's DM after its
// fixity check (src/features/archive/file-retrieval.ts decides; this file talks to Slack). The
// upload is ./file-upload.ts's, as the report's chart's. A failed check is a
// permanent failure of the row (`archive_fixity_failed`): nothing is uploaded and the notices are
// already queued. At least once: a crash after the upload, before the row is marked sent, uploads
// the file again (see src/outbox/dispatcher.ts).

import { type LentFileDeps, prepareLentFile } from '../../../features/archive/file-retrieval.ts';
import { DeliveryError, fromDatabase, type JsonValue } from '../../../outbox/delivery.ts';
import { fileSendPayloadSchema, OUTBOX_KINDS } from '../../../outbox/intents.ts';
import { t } from '../../../shared/i18n.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { fetchUpload, shareFile, type UploadBytes } from '../file-upload.ts';
import { slackAccountOf } from '../slack-accounts.ts';
import { defineSlackKind, isPlatformError, type SlackDelivery, STALE_DM_ERRORS } from '../slack-delivery.ts';

/** Registers `file.send` on `delivery` (its one source today: a lent archive record). */
export function registerArchiveFileKind(
  delivery: SlackDelivery,
  deps: LentFileDeps & {
    /** Uploads bytes to the URL Slack gave; fetch by default. */
    upload?: UploadBytes;
  },
): void {
  const upload = deps.upload ?? fetchUpload(60_000);

  delivery.register(
    OUTBOX_KINDS.fileSend,
    defineSlackKind({
      schema: fileSendPayloadSchema,
      methods: () => ['conversations.open', 'files.getUploadURLExternal', 'files.completeUploadExternal'],
      async deliver(payload, context): Promise<JsonValue> {
        const prepared = await fromDatabase('retrieve a lent file', () =>
          prepareLentFile(deps, payload, (personId) => slackAccountOf(deps.prisma, personId)),
        );
        switch (prepared.kind) {
          case 'skipped':
            context.logger.warn(
              { entryId: payload.entryId, personId: payload.personId, reason: prepared.reason },
              'lent archive file not sent',
            );
            return { skipped: prepared.reason };
          case 'fixity_failed':
            throw new DeliveryError(
              { kind: 'permanent', code: 'archive_fixity_failed', recognised: true },
              `fixity check failed for ${prepared.archiveNo}: file not sent; borrower and ${prepared.notified} archivist(s) told`,
            );
          case 'changed':
            throw new DeliveryError(
              { kind: 'transient', code: 'archive_file_changed' },
              `file of ${prepared.archiveNo} changed after its check (${prepared.detail})`,
            );
          case 'ready':
            break;
        }
        const { bytes, filename, locale } = prepared;
        const channel = await context.openDirectMessage(prepared.recipient);
        let fileId: string;
        try {
          fileId = await shareFile(context, upload, {
            filename,
            bytes,
            channelId: channel,
            comment: t(locale, 'archive.file.comment', {
              archiveNo: prepared.archiveNo,
              title: escapeMrkdwn(prepared.title ?? ''),
            }),
          });
        } catch (error) {
          if (isPlatformError(error, STALE_DM_ERRORS)) context.forgetDirectMessage(prepared.recipient);
          throw error;
        }
        return { channel, fileId, bytes: bytes.length };
      },
    }),
  );
}
