// Delivers `archive.file`: a lent electronic record's file, uploaded to the borrower's DM after its
// fixity check (src/features/archive/file-retrieval.ts decides; this file talks to Slack). The
// upload takes the steps of the WebClient's filesUploadV2 (files.getUploadURLExternal → upload →
// files.completeUploadExternal) through the delivery's `call`, as the report's chart does, so
// Slack's errors and 429s are classified like every other outbox call. A failed check is a
// permanent failure of the row (`archive_fixity_failed`): nothing is uploaded and the notices are
// already queued. At least once: a crash after the upload, before the row is marked sent, uploads
// the file again (see src/outbox/dispatcher.ts).

import {
  ARCHIVE_FILE_KIND,
  archiveFilePayloadSchema,
  type LentFileDeps,
  prepareLentFile,
} from '../../features/archive/file-retrieval.ts';
import { DeliveryError, fromDatabase, type JsonValue } from '../../outbox/delivery.ts';
import { defineSlackKind, type SlackDelivery } from '../../outbox/slack-delivery.ts';
import { t } from '../../shared/i18n.ts';
import { escapeMrkdwn } from './blocks/mrkdwn.ts';

/** Platform errors after which the remembered DM channel should be opened again next time. */
const STALE_DM_ERRORS = new Set(['channel_not_found', 'is_archived', 'not_in_channel']);

/** Registers `archive.file` on `delivery`. */
export function registerArchiveFileKind(
  delivery: SlackDelivery,
  deps: LentFileDeps & {
    /** Uploads bytes to the URL Slack gave; fetch by default. */
    upload?: (url: string, bytes: Buffer) => Promise<{ status: number }>;
  },
): void {
  const upload =
    deps.upload ??
    (async (url: string, bytes: Buffer) => {
      const response = await fetch(url, { method: 'POST', body: bytes, signal: AbortSignal.timeout(60_000) });
      await response.arrayBuffer();
      return { status: response.status };
    });

  delivery.register(
    ARCHIVE_FILE_KIND,
    defineSlackKind({
      schema: archiveFilePayloadSchema,
      methods: () => ['conversations.open', 'files.getUploadURLExternal', 'files.completeUploadExternal'],
      async deliver(payload, context): Promise<JsonValue> {
        const prepared = await fromDatabase('retrieve a lent file', () => prepareLentFile(deps, payload));
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
        const channel = await context.openDirectMessage(prepared.slackUserId);
        const asked = await context.call('files.getUploadURLExternal', { filename, length: bytes.length });
        const url = asked.upload_url;
        const fileId = asked.file_id;
        if (typeof url !== 'string' || typeof fileId !== 'string') {
          throw new DeliveryError(
            { kind: 'transient', code: 'upload_url_missing' },
            'files.getUploadURLExternal answered without upload_url or file_id',
          );
        }
        const uploaded = await upload(url, bytes);
        if (uploaded.status < 200 || uploaded.status >= 300) {
          // A fresh URL (and a fresh check) on the next attempt: any failed upload is worth retrying.
          throw new DeliveryError(
            { kind: 'transient', code: `upload_http_${uploaded.status}` },
            `file upload answered HTTP ${uploaded.status}`,
          );
        }
        try {
          await context.call('files.completeUploadExternal', {
            files: [{ id: fileId, title: filename }],
            channel_id: channel,
            initial_comment: t(locale, 'archive.file.comment', {
              archiveNo: prepared.archiveNo,
              title: escapeMrkdwn(prepared.title ?? ''),
            }),
          });
        } catch (error) {
          if (
            error instanceof DeliveryError &&
            error.classification.kind === 'permanent' &&
            STALE_DM_ERRORS.has(error.classification.code)
          ) {
            context.forgetDirectMessage(prepared.slackUserId);
          }
          throw error;
        }
        return { channel, fileId, bytes: bytes.length };
      },
    }),
  );
}
