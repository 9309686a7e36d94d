// What the WeCom adapter sends to one person in their chat with the app: a text, a neutral reply
// (as a text message for now), a file. Shared by the outbox delivery and the answers to commands.

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

/** Uploads a file and sends it as a file message. */
export async function sendFile(
  api: WeComApi,
  userId: string,
  file: { name: string; bytes: Uint8Array; mimeType: string },
): Promise<{ mediaId: string }> {
  const { mediaId } = await api.uploadMedia({
    type: file.mimeType.startsWith('image/') ? 'image' : 'file',
    fileName: file.name,
    content: file.bytes,
    mimeType: file.mimeType,
  });
  await sendTo(api, userId, { msgtype: 'file', file: { media_id: mediaId } });
  return { mediaId };
}
