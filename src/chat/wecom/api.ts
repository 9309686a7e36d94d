// The WeCom API calls the adapter needs, typed, on fetch. Only the base URL differs between WeCom
// and the local stand-in. Every failure is a classified WeComApiError (see api-errors.ts); a
// refused token is refreshed and the call retried once. The token travels in the query string:
// these URLs are never logged.

import { type AccessTokenSource, withFreshTokenOnRefusal } from '../core/access-token.ts';
import { isRefusedToken, readWeComAnswer } from './api-errors.ts';

/** A message of `message/send` (developer.work.weixin.qq.com/document/path/90236), without its addressing. */
export type WeComMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'file'; file: { media_id: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'template_card'; template_card: Record<string, unknown> };

/** WeCom's answer to a send: who could not be reached, and the card's update code. */
export interface SendResult {
  msgId: string;
  /** Members the app cannot reach (unknown, or outside its visible range). */
  invalidUsers: string[];
  /** A template card's code for one `update_template_card`, valid 72 hours; null otherwise. */
  responseCode: string | null;
}

/** A button of the app's menu: a click sends an event with its key; or a menu of such buttons. */
export type MenuButton =
  | { name: string; key: string }
  | { name: string; sub: readonly { name: string; key: string }[] };

/** The calls the WeCom adapter makes. */
export interface WeComApi {
  /** Sends a message to people (their userids) in their chat with the app. */
  send(userIds: readonly string[], message: WeComMessage): Promise<SendResult>;
  /**
   * Sends a message to a group chat the app created (`appchat/send`,
   * developer.work.weixin.qq.com/document/path/90248): `chatId` is the group's chatid.
   */
  sendToChat(chatId: string, message: WeComMessage): Promise<void>;
  /** Updates a sent template card once, with the code its send or click answered. */
  updateTemplateCard(update: {
    userIds: readonly string[];
    responseCode: string;
    /** Just the clicked button's new label, or a whole new card. */
    change: { button: { replace_name: string } } | { template_card: Record<string, unknown> };
  }): Promise<void>;
  /** Uploads a temporary file (three days) for a file message; answers its media_id. */
  uploadMedia(file: {
    type: 'file' | 'image';
    fileName: string;
    content: Uint8Array;
    mimeType: string;
  }): Promise<{
    mediaId: string;
  }>;
  /** Sets the app's menu (up to three buttons, each a click or up to five clicks under it). */
  createMenu(buttons: readonly MenuButton[]): Promise<void>;
}

/** Settings of {@link createWeComApi}. */
export interface WeComApiSettings {
  /** https://qyapi.weixin.qq.com, or a stand-in's base URL. */
  apiUrl: string;
  agentId: number;
  tokens: AccessTokenSource;
  /** Longest wait for one call (default 15 s). */
  timeoutMs?: number;
}

/** The outbox's rate-limit scope of each call (its API path). */
export const WECOM_SCOPES = {
  token: 'gettoken',
  send: 'message/send',
  chat: 'appchat/send',
  updateCard: 'message/update_template_card',
  upload: 'media/upload',
  menu: 'menu/create',
} as const;

/** Builds the API client. */
export function createWeComApi(settings: WeComApiSettings): WeComApi {
  const timeoutMs = settings.timeoutMs ?? 15_000;

  function call(
    scope: string,
    query: Record<string, string>,
    body: (() => string | FormData) | null,
  ): Promise<Record<string, unknown>> {
    return withFreshTokenOnRefusal(settings.tokens, isRefusedToken, async (token) => {
      const url = new URL(`/cgi-bin/${scope}`, settings.apiUrl);
      url.searchParams.set('access_token', token);
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      const payload = body?.();
      const response = await fetch(url, {
        method: payload === undefined ? 'GET' : 'POST',
        ...(typeof payload === 'string' ? { headers: { 'content-type': 'application/json' } } : {}),
        ...(payload === undefined ? {} : { body: payload }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return readWeComAnswer(response, scope);
    });
  }

  const json = (scope: string, body: unknown, query: Record<string, string> = {}) =>
    call(scope, query, () => JSON.stringify(body));

  return {
    async send(userIds, message) {
      const body = await json(WECOM_SCOPES.send, {
        touser: userIds.join('|'),
        agentid: settings.agentId,
        ...message,
      });
      return {
        msgId: typeof body.msgid === 'string' ? body.msgid : '',
        invalidUsers:
          typeof body.invaliduser === 'string' && body.invaliduser !== '' ? body.invaliduser.split('|') : [],
        responseCode: typeof body.response_code === 'string' ? body.response_code : null,
      };
    },
    async sendToChat(chatId, message) {
      await json(WECOM_SCOPES.chat, { chatid: chatId, ...message });
    },
    async updateTemplateCard(update) {
      await json(WECOM_SCOPES.updateCard, {
        userids: update.userIds,
        agentid: settings.agentId,
        response_code: update.responseCode,
        ...update.change,
      });
    },
    async uploadMedia(file) {
      const body = await call(WECOM_SCOPES.upload, { type: file.type }, () => {
        const form = new FormData();
        form.set('media', new Blob([file.content], { type: file.mimeType }), file.fileName);
        return form;
      });
      if (typeof body.media_id !== 'string') throw new Error('WeCom media/upload answered without media_id');
      return { mediaId: body.media_id };
    },
    async createMenu(buttons) {
      await json(
        WECOM_SCOPES.menu,
        {
          button: buttons.map((button) =>
            'key' in button
              ? { type: 'click', name: button.name, key: button.key }
              : {
                  name: button.name,
                  sub_button: button.sub.map(({ name, key }) => ({ type: 'click', name, key })),
                },
          ),
        },
        { agentid: String(settings.agentId) },
      );
    },
  };
}
