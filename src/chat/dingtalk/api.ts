// The DingTalk OpenAPI calls the adapter needs, typed, on fetch. Only the base URLs differ between
// DingTalk and the local stand-in. Every failure is a classified DingTalkApiError (see
// api-errors.ts); a refused token is refreshed and the call retried once.

import { type AccessTokenSource, withFreshTokenOnRefusal } from '../core/access-token.ts';
import { DingTalkApiError, readDingTalkAnswer } from './api-errors.ts';

/** Card variables: DingTalk's cardParamMap takes strings only (lists and objects as JSON text). */
export type CardParamMap = Record<string, string>;

/** Per-person card variables (the viewer's own buttons), keyed by userId. */
export type CardPrivateData = Record<string, { cardParamMap: CardParamMap }>;

/** Where a card goes: a person's chat with the robot, or a group (optionally visible to some only). */
export type CardTarget =
  | { kind: 'user'; userId: string }
  | { kind: 'group'; conversationId: string; recipients?: string[] };

/** A robot message: `msgKey` names the message template (sampleText, sampleMarkdown, sampleFile…). */
export interface RobotMessage {
  msgKey: string;
  /** The template's parameters; sent as the JSON string DingTalk expects. */
  msgParam: Record<string, unknown>;
}

/**
 * A message sent through a robot message's session webhook (the conversation it came from), as
 * the SDKs' `reply_markdown` sends it: markdown, with the people it @-mentions (their `@userId`
 * must also be in the text for DingTalk to show the mention).
 */
export interface SessionMessage {
  title: string;
  markdown: string;
  atUserIds: string[];
}

/** DingTalk's answer to a DM batch: who could not be reached. */
export interface BatchSendResult {
  processQueryKey: string;
  invalidStaffIdList: string[];
  flowControlledStaffIdList: string[];
}

/** The calls the DingTalk adapter makes. */
export interface DingTalkApi {
  /** Sends a robot message to up to 20 people, each in their chat with the robot. */
  sendToUsers(userIds: string[], message: RobotMessage): Promise<BatchSendResult>;
  /** Sends a robot message to a group the robot is in. */
  sendToGroup(openConversationId: string, message: RobotMessage): Promise<{ processQueryKey: string }>;
  /**
   * Answers in the conversation a robot message came from, through its session webhook (a URL
   * DingTalk sent with the message, valid for a while, that needs no access token).
   */
  replyInSession(sessionWebhook: string, message: SessionMessage): Promise<void>;
  /** Creates an interactive card whose clicks come down the Stream connection, and delivers it. */
  createAndDeliverCard(card: {
    cardTemplateId: string;
    outTrackId: string;
    cardParamMap: CardParamMap;
    privateData?: CardPrivateData;
    target: CardTarget;
  }): Promise<void>;
  /** Updates a card in place; `byKey` merges the given variables instead of replacing them all. */
  updateCard(update: {
    outTrackId: string;
    cardParamMap: CardParamMap;
    privateData?: CardPrivateData;
    byKey?: boolean;
  }): Promise<void>;
  /** Uploads a file for a file message; answers its mediaId. */
  uploadMedia(file: {
    type: 'file' | 'image';
    fileName: string;
    content: Uint8Array;
    mimeType: string;
  }): Promise<{
    mediaId: string;
  }>;
}

/** Settings of {@link createDingTalkApi}. */
export interface DingTalkApiSettings {
  /** https://api.dingtalk.com, or a stand-in's base URL. */
  apiUrl: string;
  /** https://oapi.dingtalk.com (media upload lives on the older API), or a stand-in's base URL. */
  oapiUrl: string;
  /** The robot's code (DINGTALK_ROBOT_CODE). */
  robotCode: string;
  tokens: AccessTokenSource;
  /** Longest wait for one call (default 15 s). */
  timeoutMs?: number;
}

/** Builds the API client. */
export function createDingTalkApi(settings: DingTalkApiSettings): DingTalkApi {
  const timeoutMs = settings.timeoutMs ?? 15_000;

  /** One call, with the token refreshed and the call retried once if DingTalk refused it. */
  function call(scope: string, send: (token: string) => Promise<Response>): Promise<Record<string, unknown>> {
    return withFreshTokenOnRefusal(
      settings.tokens,
      (error) => error instanceof DingTalkApiError && error.reason === 'invalid_token',
      async (token) => readDingTalkAnswer(await send(token), scope),
    );
  }

  function json(method: 'POST' | 'PUT', path: string, body: unknown): Promise<Record<string, unknown>> {
    return call(path.replace(/^\/v1\.0\//, ''), (token) =>
      fetch(new URL(path, settings.apiUrl), {
        method,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-acs-dingtalk-access-token': token,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      }),
    );
  }

  return {
    async sendToUsers(userIds, message) {
      const body = await json('POST', '/v1.0/robot/oToMessages/batchSend', {
        robotCode: settings.robotCode,
        userIds,
        msgKey: message.msgKey,
        msgParam: JSON.stringify(message.msgParam),
      });
      return {
        processQueryKey: String(body.processQueryKey ?? ''),
        invalidStaffIdList: stringList(body.invalidStaffIdList),
        flowControlledStaffIdList: stringList(body.flowControlledStaffIdList),
      };
    },
    async sendToGroup(openConversationId, message) {
      const body = await json('POST', '/v1.0/robot/groupMessages/send', {
        robotCode: settings.robotCode,
        openConversationId,
        msgKey: message.msgKey,
        msgParam: JSON.stringify(message.msgParam),
      });
      return { processQueryKey: String(body.processQueryKey ?? '') };
    },
    async replyInSession(sessionWebhook, message) {
      const response = await fetch(sessionWebhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          msgtype: 'markdown',
          markdown: { title: message.title, text: message.markdown },
          at: { atUserIds: message.atUserIds },
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await readDingTalkAnswer(response, 'robot/sendBySession');
    },
    async createAndDeliverCard(card) {
      const body = await json('POST', '/v1.0/card/instances/createAndDeliver', {
        cardTemplateId: card.cardTemplateId,
        outTrackId: card.outTrackId,
        cardData: { cardParamMap: card.cardParamMap },
        ...(card.privateData ? { privateData: card.privateData } : {}),
        // Without STREAM, card clicks go to an HTTP callback the bot does not have: they are lost.
        callbackType: 'STREAM',
        userIdType: 1,
        ...deliveryOf(card.target, settings.robotCode),
      });
      throwOnFailedDelivery(body);
    },
    async updateCard(update) {
      await json('PUT', '/v1.0/card/instances', {
        outTrackId: update.outTrackId,
        cardData: { cardParamMap: update.cardParamMap },
        ...(update.privateData ? { privateData: update.privateData } : {}),
        cardUpdateOptions: {
          updateCardDataByKey: update.byKey ?? false,
          updatePrivateDataByKey: update.byKey ?? false,
        },
        userIdType: 1,
      });
    },
    async uploadMedia(file) {
      const body = await call('media/upload', (token) => {
        const form = new FormData();
        form.set('type', file.type);
        form.set('media', new Blob([file.content], { type: file.mimeType }), file.fileName);
        const url = new URL('/media/upload', settings.oapiUrl);
        // The older API takes the token in the query string; the URL is never logged.
        url.searchParams.set('access_token', token);
        return fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(timeoutMs) });
      });
      if (typeof body.media_id !== 'string')
        throw new Error('DingTalk media/upload answered without media_id');
      return { mediaId: body.media_id };
    },
  };
}

/**
 * createAndDeliver answers 200 even when the card reached nobody: the failure of each space is
 * inside `result.deliverResults`. Retrying cannot help (the person is outside the app's range).
 */
function throwOnFailedDelivery(body: Record<string, unknown>): void {
  const result = body.result as { deliverResults?: unknown } | undefined;
  const results = Array.isArray(result?.deliverResults)
    ? (result.deliverResults as Record<string, unknown>[])
    : [];
  const failed = results.find((r) => r.success === false);
  if (!failed) return;
  throw new DingTalkApiError(
    'platform',
    { kind: 'permanent', code: 'card_not_delivered' },
    {
      status: 200,
      scope: 'card/instances/createAndDeliver',
      platformCode: 'card_not_delivered',
      platformMessage: `${String(failed.spaceType)} ${String(failed.spaceId)}: ${String(failed.errorMsg ?? 'not delivered')}`,
    },
  );
}

/** The open space and delivery model of a card target (DingTalk's `dtv1.card//…` ids). */
function deliveryOf(target: CardTarget, robotCode: string): Record<string, unknown> {
  if (target.kind === 'user') {
    return {
      openSpaceId: `dtv1.card//IM_ROBOT.${target.userId}`,
      imRobotOpenSpaceModel: { supportForward: false },
      imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode },
    };
  }
  return {
    openSpaceId: `dtv1.card//IM_GROUP.${target.conversationId}`,
    imGroupOpenSpaceModel: { supportForward: false },
    imGroupOpenDeliverModel: { robotCode, ...(target.recipients ? { recipients: target.recipients } : {}) },
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
