// What the WeCom adapter sends to one person in their chat with the app: a text, a neutral reply
// (as a text message for now), a file or an image. Shared by the outbox delivery and the answers to commands.

import type { Reply } from '../core/reply.ts';
import { truncateText } from '../core/reply.ts';
import type { SendResult, WeComApi, WeComMessage } from './api.ts';
import { replyToText, TEXT_MAX_BYTES } from './text.ts';

/**
 * Sends `message` to one person. WeCom refuses a send that reaches nobody (81013: not a member, or
 * outside the app's visible range) with a permanent error.
 */
export function sendTo(api: WeComApi, userId: string, message: WeComMessage): Promise<SendResult> {
  return api.send([userId], message);
}

/** A plain text message (cut to WeCom's 2,048 bytes). */
export async function sendText(api: WeComApi, userId: string, text: string): Promise<void> {
  const content =
    Buffer.byteLength(text, 'utf8') > TEXT_MAX_BYTES ? truncateText(text, TEXT_MAX_BYTES / 4) : text;
  await sendTo(api, userId, { msgtype: 'text', text: { content } });
}

/** A neutral reply, as a text message with its links. */
export async function sendReply(api: WeComApi, userId: string, reply: Reply): Promise<void> {
  await sendTo(api, userId, { msgtype: 'text', text: { content: replyToText(reply) } });
}

/** A file for a file or image message. */
export interface OutgoingFile {
  name: string;
  bytes: Uint8Array;
  mimeType: string;
}

/**
 * Uploads a file as temporary media (media/upload) and answers the message that shows it: an
 * image message for an image, a file message otherwise.
 */
export async function uploadAsMessage(
  api: WeComApi,
  file: OutgoingFile,
): Promise<{ mediaId: string; message: WeComMessage }> {
  const image = file.mimeType.startsWith('image/');
  const { mediaId } = await api.uploadMedia({
    type: image ? 'image' : 'file',
    fileName: file.name,
    content: file.bytes,
    mimeType: file.mimeType,
  });
  const message: WeComMessage = image
    ? { msgtype: 'image', image: { media_id: mediaId } }
    : { msgtype: 'file', file: { media_id: mediaId } };
  return { mediaId, message };
}

/** Uploads a file and sends it to one person as a file (or image) message. */
export async function sendFile(
  api: WeComApi,
  userId: string,
  file: OutgoingFile,
): Promise<{ mediaId: string }> {
  const { mediaId, message } = await uploadAsMessage(api, file);
  await sendTo(api, userId, message);
  return { mediaId };
}
