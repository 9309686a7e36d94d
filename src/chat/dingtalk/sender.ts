// What the DingTalk adapter sends to one person, over the OpenAPI client: a plain text, a neutral
// reply (a markdown message, or the card template when it has buttons), a file. Shared by the
// outbox delivery and the answers to commands and clicks, so both draw a reply the same way.

import { randomUUID } from 'node:crypto';
import { DeliveryError } from '../../outbox/delivery.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { Reply } from '../core/reply.ts';
import type { BatchSendResult, DingTalkApi, RobotMessage } from './api.ts';
import { renderReply } from './card/render-reply.ts';
import { MD_PARAGRAPH_BREAK, replyToMarkdown } from './markdown.ts';

/** The OpenAPI scopes a send may use: the outbox holds a row back while one is rate limited. */
export const SEND_SCOPES = {
  token: 'oauth2/accessToken',
  dm: 'robot/oToMessages/batchSend',
  group: 'robot/groupMessages/send',
  cardCreate: 'card/instances/createAndDeliver',
  cardUpdate: 'card/instances',
  upload: 'media/upload',
  session: 'robot/sendBySession',
} as const;

/** A file for a file message. */
export interface OutgoingFile {
  name: string;
  bytes: Uint8Array;
  mimeType: string;
}

/** Sends to one person's chat with the robot. */
export interface DingTalkSender {
  /** A plain text message. */
  text(userId: string, text: string): Promise<void>;
  /**
   * A neutral reply: a markdown message, or a card (created with a new outTrackId) when it has
   * buttons. Answers the card's outTrackId, or null for a message.
   */
  reply(userId: string, reply: Reply, locale: Locale): Promise<{ outTrackId: string | null }>;
  /** Uploads a file and sends it as a file message. */
  file(userId: string, file: OutgoingFile): Promise<{ mediaId: string }>;
  /** A neutral reply in a group the robot is in (the office's group for reports). */
  replyToGroup(openConversationId: string, reply: Reply): Promise<void>;
  /**
   * A reply without buttons in the conversation a robot message came from (through its session
   * webhook), @-mentioning `userId`, the person who wrote it.
   */
  replyInSession(sessionWebhook: string, userId: string, reply: Reply): Promise<void>;
  /** A file message in a group. */
  fileToGroup(openConversationId: string, file: OutgoingFile): Promise<{ mediaId: string }>;
}

/** Builds the sender over `api`; cards use the installation's template. */
export function createDingTalkSender(api: DingTalkApi, cardTemplateId: string): DingTalkSender {
  async function toUser(userId: string, message: RobotMessage): Promise<void> {
    reached(userId, await api.sendToUsers([userId], message));
  }

  async function upload(file: OutgoingFile): Promise<string> {
    const type = file.mimeType.startsWith('image/') ? 'image' : 'file';
    const { mediaId } = await api.uploadMedia({
      type,
      fileName: file.name,
      content: file.bytes,
      mimeType: file.mimeType,
    });
    return mediaId;
  }

  return {
    text: (userId, text) => toUser(userId, { msgKey: 'sampleText', msgParam: { content: text } }),
    async reply(userId, reply, locale) {
      const drawn = renderReply(reply, locale);
      if (drawn.kind === 'markdown') {
        await toUser(userId, { msgKey: drawn.msgKey, msgParam: JSON.parse(drawn.msgParam) });
        return { outTrackId: null };
      }
      const outTrackId = `reply-${randomUUID()}`;
      await api.createAndDeliverCard({
        cardTemplateId,
        outTrackId,
        cardParamMap: drawn.cardParamMap,
        privateData: drawn.privateData(userId),
        target: { kind: 'user', userId },
      });
      return { outTrackId };
    },
    async file(userId, file) {
      const mediaId = await upload(file);
      await toUser(userId, { msgKey: 'sampleFile', msgParam: fileParam(mediaId, file.name) });
      return { mediaId };
    },
    async replyToGroup(openConversationId, reply) {
      // A group message carries no buttons: the reply's text and blocks as markdown.
      const { title, markdown } = replyToMarkdown(reply);
      await api.sendToGroup(openConversationId, {
        msgKey: 'sampleMarkdown',
        msgParam: { title, text: markdown },
      });
    },
    async replyInSession(sessionWebhook, userId, reply) {
      const { title, markdown } = replyToMarkdown(reply);
      // DingTalk shows the mention only when the text names the person too.
      await api.replyInSession(sessionWebhook, {
        title,
        markdown: `@${userId}${MD_PARAGRAPH_BREAK}${markdown}`,
        atUserIds: [userId],
      });
    },
    async fileToGroup(openConversationId, file) {
      const mediaId = await upload(file);
      await api.sendToGroup(openConversationId, {
        msgKey: 'sampleFile',
        msgParam: fileParam(mediaId, file.name),
      });
      return { mediaId };
    },
  };
}

function fileParam(mediaId: string, fileName: string): Record<string, string> {
  const dot = fileName.lastIndexOf('.');
  return { mediaId, fileName, fileType: dot > 0 ? fileName.slice(dot + 1).toLowerCase() : 'file' };
}

/**
 * DingTalk answers 200 for a person it could not reach (outside the app's range): they are in
 * `invalidStaffIdList`. Retrying does not help; a flow-controlled one is worth retrying.
 */
function reached(userId: string, result: BatchSendResult): void {
  if (result.invalidStaffIdList.includes(userId)) {
    throw new DeliveryError(
      { kind: 'permanent', code: 'dingtalk_user_unreachable', recognised: true },
      'DingTalk could not reach the person (not in the app’s visible range)',
    );
  }
  if (result.flowControlledStaffIdList.includes(userId)) {
    throw new DeliveryError(
      { kind: 'rate_limited', code: 'dingtalk_flow_controlled', retryAfterMs: 60_000, scope: SEND_SCOPES.dm },
      'DingTalk held the message back (flow control)',
    );
  }
}
