// Sharing a file in Slack from an outbox delivery: the steps of the WebClient's filesUploadV2
// (files.getUploadURLExternal → upload of the bytes → files.completeUploadExternal), made through
// the delivery's `call`, so that rate limits and errors are classified like every other call.

import { DeliveryError } from '../../outbox/delivery.ts';
import type { SlackDeliveryContext } from './slack-delivery.ts';

/** Uploads bytes to the URL Slack gave; tests replace it. */
export type UploadBytes = (url: string, bytes: Buffer) => Promise<{ status: number }>;

/** {@link UploadBytes} by fetch, giving up after `timeoutMs`. */
export function fetchUpload(timeoutMs: number): UploadBytes {
  return async (url, bytes) => {
    const response = await fetch(url, {
      method: 'POST',
      body: bytes,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return { status: response.status };
  };
}

/**
 * Uploads `bytes` as `filename` and shares it in `channelId` with `comment`; returns the file id.
 * A failed upload is transient: the next attempt asks for a fresh URL.
 */
export async function shareFile(
  context: Pick<SlackDeliveryContext, 'call'>,
  upload: UploadBytes,
  input: { filename: string; bytes: Buffer; channelId: string; comment: string },
): Promise<string> {
  const { filename, bytes } = input;
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
    throw new DeliveryError(
      { kind: 'transient', code: `upload_http_${uploaded.status}` },
      `file upload answered HTTP ${uploaded.status}`,
    );
  }
  await context.call('files.completeUploadExternal', {
    files: [{ id: fileId, title: filename }],
    channel_id: input.channelId,
    initial_comment: input.comment,
  });
  return fileId;
}
