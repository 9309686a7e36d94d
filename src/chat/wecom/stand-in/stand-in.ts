// A local WeCom: the API a self-built app calls (gettoken, message/send with template cards,
// update_template_card, media/upload, menu/create) with WeCom's answer shapes (`{errcode,
// errmsg}`), and the callbacks WeCom posts to the app's address, encrypted and signed with
// @wecom/crypto as WeCom does. The machines this bot is built on cannot reach WeCom, and WeCom has
// no public test server; tests and the playground use this.
//
// Template cards as WeCom holds them: each card message's current card (an update with a
// response_code replaces the card that code belongs to, for the userids named), single-use
// response codes valid 72 hours, and a press of a card's button posted as WeCom does
// (`template_card_event` with the button's key, the card's task id and a fresh code for that card).
// Selection cards too: a `multiple_interaction` card (up to 3 selects of 1 to 10 options) or a
// `vote_interaction` card (a checkbox of 1 to 20 options), each with a submit button, refused on
// send when they break WeCom's limits (errcode 40058, the errmsg naming the limit); a submit is
// posted as WeCom does, with the submit button's key and the choices in `SelectedItems`.
//
// As WeCom does (developer.work.weixin.qq.com/document/path/90236, 90248, 90312): a text or
// markdown message longer than 2,048 bytes is cut there (the message is marked `truncated`); a
// member sent more than 30 messages in a minute or 1,000 in an hour by the app does not get the
// excess, and the send is answered as if it went (the message is kept in `dropped`); a file or
// image message needs a media_id the upload gave (40007 otherwise).
//
// It also keeps each person's chat with the app as their WeCom shows it (what they typed or picked
// from the menu, the app's messages, each template card as last updated), for the playground, and
// tells listeners of every change.
//
// Not documented precisely enough to copy: the errcode WeCom gives a used or expired
// response_code. The stand-in answers 40058 (不合法的参数) with an errmsg naming the code.

import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseJson, readBody } from '../../../http/request-body.ts';
import { type CallbackKeys, sealCallback } from '../callback-crypto.ts';
import { type SelectedItem, writeCallbackXml, writeSelectedItems } from '../callback-xml.ts';

/** Settings of {@link startWeComStandIn}. */
export interface WeComStandInSettings {
  corpId?: string;
  agentId?: number;
  secret?: string;
  /** The 接收消息 Token and EncodingAESKey its callbacks are signed and encrypted with. */
  token?: string;
  aesKey?: string;
  /** Lifetime of issued access tokens (default 7200 s, as WeCom). */
  tokenTtlSeconds?: number;
  /** Milliseconds since the epoch: token expiry and response codes' 72 hours (default Date.now). */
  now?: () => number;
}

/** A message the app sent, as the stand-in recorded it for one person. */
export interface StandInWeComMessage {
  msgId: string;
  toUser: string;
  msgtype: string;
  /** The message's own part (`text`, `markdown`, `file` or `template_card`). */
  content: Record<string, unknown>;
  /** A template card's update code; null for other messages. */
  responseCode: string | null;
  /** How many times an update replaced this card. */
  updates: number;
  /** Text or markdown over 2,048 bytes, cut there as WeCom does. */
  truncated: boolean;
  /** When the stand-in took it (its clock), milliseconds since the epoch. */
  at: number;
}

/** A message the app sent to a group chat (appchat/send). */
export interface StandInWeComChatMessage {
  chatId: string;
  msgtype: string;
  content: Record<string, unknown>;
  truncated: boolean;
}

/** One entry of a person's chat with the app, oldest first. */
export type WeComChatEntry =
  | { kind: 'typed'; at: number; text: string }
  | { kind: 'menu'; at: number; eventKey: string }
  | {
      kind: 'message';
      at: number;
      msgId: string;
      msgtype: string;
      /** The message's own part; a template card as this person's copy shows it now. */
      content: Record<string, unknown>;
      /** A card's buttons after `update_template_card` with `button.replace_name`; else null. */
      replacedButton: string | null;
      /** How many times this person's copy of a card was updated. */
      updates: number;
    };

/** An uploaded temporary file. */
export interface StandInWeComMedia {
  type: string;
  fileName: string;
  bytes: Buffer;
}

/** An applied update_template_card. */
export interface StandInCardUpdate {
  responseCode: string;
  userIds: string[];
  change: Record<string, unknown>;
}

/** What a callback post got back from the bot. */
export interface CallbackAnswer {
  status: number;
  body: string;
}

/** The running stand-in and its controls. */
export interface WeComStandIn {
  /** Base URL for WECOM_API_URL. */
  url: string;
  /** The WECOM_* variables of a bot that talks to this stand-in. */
  env: Record<string, string>;
  keys: CallbackKeys;
  /** Every message sent, in order. */
  readonly messages: readonly StandInWeComMessage[];
  /** The messages one person received, in order. */
  messagesTo(userId: string): StandInWeComMessage[];
  /** Messages over a member's cap: answered as sent, never shown to them (as WeCom drops them). */
  readonly dropped: readonly StandInWeComMessage[];
  /** Every message sent to a group chat, in order. */
  readonly chatMessages: readonly StandInWeComChatMessage[];
  readonly updates: readonly StandInCardUpdate[];
  /** Userids WeCom cannot reach (outside the app's range): a send lists them in `invaliduser`. */
  readonly unreachable: Set<string>;
  readonly media: ReadonlyMap<string, StandInWeComMedia>;
  /** The menu last created, or null. */
  readonly menu: unknown;
  /** Tokens issued so far. */
  readonly tokensIssued: number;
  /** Every issued token stops working: the next call with one is answered 42001. */
  expireTokens(): void;
  /** Every API call fails as WeCom's own failure (HTTP 500, errcode -1) until set back. */
  setDown(down: boolean): void;
  /** Every API call is answered 45009 (接口调用超过限制) for `ms` from now. */
  rateLimitFor(ms: number): void;
  /** The next `count` calls to `path` (e.g. `message/send`) are answered with `errcode`. */
  failNext(path: string, errcode: number, count?: number): void;
  /** Issues a response code as a click on a template card does (the bot may use it once, 72 hours). */
  issueResponseCode(): string;
  /** The person's chat with the app: what they typed, the app's messages, cards as last updated. */
  chatWith(userId: string): WeComChatEntry[];
  /** Calls `listener` after every change to a chat (a message, a card update, typed text). */
  onChange(listener: () => void): () => void;
  /** The template cards one person received, each as it is now (updates applied), oldest first. */
  cardsTo(userId: string): StandInWeComMessage[];
  /**
   * A person presses the button `key` on their card `msgId` (it must show that button): WeCom
   * posts `template_card_event` with the card's task id and a fresh response code for that card.
   */
  pressButton(
    callbackUrl: string,
    input: { from: string; msgId: string; key: string },
  ): Promise<CallbackAnswer & { responseCode: string; xml: string }>;
  /**
   * A person makes their choices on their selection card `msgId` and presses its submit button:
   * `chosen` gives each question's key the option ids chosen (a select takes exactly one, a
   * single-choice vote at most one; every id must be one the card offers, as WeCom's client allows
   * nothing else). WeCom posts `template_card_event` with the submit key, the card's task id, a
   * fresh response code and `SelectedItems` (a select left alone is sent with the option it shows).
   */
  submitSelection(
    callbackUrl: string,
    input: { from: string; msgId: string; chosen: Readonly<Record<string, readonly string[]>> },
  ): Promise<CallbackAnswer & { responseCode: string; xml: string }>;
  /** A person writes `content` to the app; posts the encrypted callback to `callbackUrl`. */
  postText(
    callbackUrl: string,
    input: { from: string; content: string; msgId?: string },
  ): Promise<CallbackAnswer>;
  /** A person clicks a menu button of the app. */
  postMenuClick(callbackUrl: string, input: { from: string; eventKey: string }): Promise<CallbackAnswer>;
  /** A person presses a template card's button; the event carries a fresh response code. */
  postTemplateCardEvent(
    callbackUrl: string,
    input: { from: string; eventKey: string; taskId: string; cardType?: string },
  ): Promise<CallbackAnswer & { responseCode: string }>;
  /** Posts any plaintext callback document, encrypted and signed, at `createTime`. */
  postCallback(callbackUrl: string, xml: string): Promise<CallbackAnswer>;
  close(): Promise<void>;
}

const RESPONSE_CODE_TTL_MS = 72 * 60 * 60_000;
/** WeCom's limit on a text or markdown message's content, in UTF-8 bytes. */
const CONTENT_MAX_BYTES = 2048;
/** What an app may send one member: at most `max` messages in any `ms` (document/path/90312). */
const MEMBER_CAPS = [
  { ms: 60_000, max: 30 },
  { ms: 3_600_000, max: 1000 },
];
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random EncodingAESKey: 43 letters and digits (base64 of 32 bytes without its `=`). */
export function randomAesKey(): string {
  return Array.from(randomBytes(43), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/** Starts the stand-in on a free local port. */
export async function startWeComStandIn(settings: WeComStandInSettings = {}): Promise<WeComStandIn> {
  const now = settings.now ?? Date.now;
  const corpId = settings.corpId ?? 'wwstandin0001';
  const agentId = settings.agentId ?? 1000002;
  const secret = settings.secret ?? 'stand-in-secret';
  const keys: CallbackKeys = {
    corpId,
    token: settings.token ?? 'StandInToken',
    aesKey: settings.aesKey ?? randomAesKey(),
  };
  const ttlSeconds = settings.tokenTtlSeconds ?? 7200;
  const tokens = new Map<string, number>();
  let tokensIssued = 0;
  const messages: StandInWeComMessage[] = [];
  const dropped: StandInWeComMessage[] = [];
  const chatMessages: StandInWeComChatMessage[] = [];
  // When each member was sent each message (shown or not: WeCom counts the attempt).
  const sendTimes = new Map<string, number[]>();
  const updates: StandInCardUpdate[] = [];
  const media = new Map<string, StandInWeComMedia>();
  /** Each code: until when it works, and the card message it updates (null: none known). */
  const responseCodes = new Map<string, { validUntil: number; msgId: string | null }>();
  const failures = new Map<string, { errcode: number; count: number }>();
  const unreachable = new Set<string>();
  let menu: unknown = null;
  /** What each person typed or picked from the menu, by userid. */
  const inputs = new Map<string, Array<Extract<WeComChatEntry, { kind: 'typed' | 'menu' }>>>();
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of listeners) listener();
  };
  let down = false;
  let limitedUntil = 0;
  let msgSeq = 0;

  function issueResponseCode(msgId: string | null = null): string {
    const code = randomUUID().replaceAll('-', '');
    responseCodes.set(code, { validUntil: now() + RESPONSE_CODE_TTL_MS, msgId });
    return code;
  }

  function recordInput(userId: string, entry: Extract<WeComChatEntry, { kind: 'typed' | 'menu' }>): void {
    const list = inputs.get(userId) ?? [];
    list.push(entry);
    inputs.set(userId, list);
    changed();
  }

  function chatWith(userId: string): WeComChatEntry[] {
    const sent: WeComChatEntry[] = messages
      .filter((m) => m.toUser === userId)
      .map((m) => {
        const { replaced_name: replaced, ...content } = m.content;
        return {
          kind: 'message',
          at: m.at,
          msgId: m.msgId,
          msgtype: m.msgtype,
          content,
          replacedButton: typeof replaced === 'string' ? replaced : null,
          updates: m.updates,
        };
      });
    // Stable by time: what was typed comes before the answers sent in the same millisecond.
    return [...(inputs.get(userId) ?? []), ...sent].sort((a, b) => a.at - b.at);
  }

  /** Whether `userId` has had as many messages as the caps allow (this one is then dropped). */
  function overCap(userId: string, at: number): boolean {
    const times = (sendTimes.get(userId) ?? []).filter((time) => time > at - 3_600_000);
    const over = MEMBER_CAPS.some((cap) => times.filter((time) => time > at - cap.ms).length >= cap.max);
    sendTimes.set(userId, [...times, at]);
    return over;
  }

  /**
   * The message of a send request: its type and part, cut to 2,048 bytes for text and markdown;
   * a failure when the part is missing or names media the stand-in never gave.
   */
  function messageOf(
    request: Record<string, unknown>,
  ):
    | { msgtype: string; content: Record<string, unknown>; truncated: boolean }
    | { errcode: number; errmsg: string } {
    const msgtype = typeof request.msgtype === 'string' ? request.msgtype : '';
    const part = request[msgtype];
    if (typeof part !== 'object' || part === null) return failure(40058, 'invalid message');
    const content = { ...(part as Record<string, unknown>) };
    if (msgtype === 'template_card') {
      const broken = selectionCardProblem(content);
      if (broken !== null) return failure(40058, `invalid template_card: ${broken}`);
    }
    if ((msgtype === 'file' || msgtype === 'image') && !media.has(String(content.media_id))) {
      return failure(40007, 'invalid media_id');
    }
    let truncated = false;
    if ((msgtype === 'text' || msgtype === 'markdown') && typeof content.content === 'string') {
      const bytes = Buffer.from(content.content, 'utf8');
      if (bytes.length > CONTENT_MAX_BYTES) {
        truncated = true;
        // At a character's start, so what is left reads as UTF-8.
        let end = CONTENT_MAX_BYTES;
        while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
        content.content = bytes.subarray(0, end).toString('utf8');
      }
    }
    return { msgtype, content, truncated };
  }

  const routes: Record<string, (body: Buffer, req: IncomingMessage, query: URLSearchParams) => unknown> = {
    'message/send'(body) {
      const request = parseJson(body);
      const users = typeof request.touser === 'string' ? request.touser.split('|').filter(Boolean) : [];
      if (users.length === 0 || request.agentid !== agentId) {
        return failure(40058, 'invalid touser or agentid');
      }
      const message = messageOf(request);
      if ('errcode' in message) return message;
      const msgId = `msg${++msgSeq}`;
      const responseCode = message.msgtype === 'template_card' ? issueResponseCode(msgId) : null;
      const reached = users.filter((user) => !unreachable.has(user));
      if (reached.length === 0) return failure(81013, 'user & party & tag all invalid');
      const at = now();
      for (const toUser of reached) {
        const sent = { msgId, toUser, ...message, responseCode, at, updates: 0 };
        (overCap(toUser, at) ? dropped : messages).push(sent);
      }
      changed();
      return {
        errcode: 0,
        errmsg: 'ok',
        invaliduser: users.filter((user) => unreachable.has(user)).join('|'),
        msgid: msgId,
        ...(responseCode ? { response_code: responseCode } : {}),
      };
    },
    'appchat/send'(body) {
      const request = parseJson(body);
      if (typeof request.chatid !== 'string' || request.chatid === '')
        return failure(40058, 'invalid chatid');
      const message = messageOf(request);
      if ('errcode' in message) return message;
      chatMessages.push({ chatId: request.chatid, ...message });
      return { errcode: 0, errmsg: 'ok' };
    },
    'message/update_template_card'(body) {
      const request = parseJson(body);
      const code = typeof request.response_code === 'string' ? request.response_code : '';
      const issued = responseCodes.get(code);
      if (issued === undefined || now() >= issued.validUntil) {
        return failure(40058, `invalid response_code: used, expired or unknown`);
      }
      // Single use: a second update with the same code is refused.
      responseCodes.delete(code);
      const { userids, agentid, response_code: _code, ...change } = request;
      if (agentid !== agentId) return failure(40058, 'invalid agentid');
      const userIds = Array.isArray(userids) ? userids.map(String) : [];
      updates.push({ responseCode: code, userIds, change });
      // The card the code belongs to changes for the people named.
      for (const message of messages) {
        if (message.msgId !== issued.msgId || !userIds.includes(message.toUser)) continue;
        const card = change.template_card;
        if (typeof card === 'object' && card !== null) message.content = card as Record<string, unknown>;
        // `button.replace_name`: the card's buttons stop working and show that text.
        else
          message.content = {
            ...message.content,
            replaced_name: (change.button as { replace_name?: unknown })?.replace_name,
          };
        message.updates += 1;
      }
      changed();
      return { errcode: 0, errmsg: 'ok', invaliduser: [] };
    },
    async 'media/upload'(body, req, query) {
      const form = await new Request('http://stand-in/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body,
      }).formData();
      const file = form.get('media');
      if (!(file instanceof File)) return failure(41005, 'media data missing');
      const mediaId = `media-${randomUUID()}`;
      media.set(mediaId, {
        type: query.get('type') ?? 'file',
        fileName: file.name,
        bytes: Buffer.from(await file.arrayBuffer()),
      });
      return {
        errcode: 0,
        errmsg: 'ok',
        type: query.get('type') ?? 'file',
        media_id: mediaId,
        created_at: String(Math.floor(now() / 1000)),
      };
    },
    'menu/create'(body, _req, query) {
      if (query.get('agentid') !== String(agentId)) return failure(40056, 'invalid agentid');
      const request = parseJson(body);
      const buttons = Array.isArray(request.button) ? (request.button as Array<Record<string, unknown>>) : [];
      const tooMany = buttons.some((b) => Array.isArray(b.sub_button) && b.sub_button.length > 5);
      // WeCom: one to three buttons, each with at most five under it.
      if (buttons.length === 0 || buttons.length > 3 || tooMany)
        return failure(40058, 'invalid menu: one to three buttons, at most five under each');
      menu = request;
      return { errcode: 0, errmsg: 'ok' };
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const body = await readBody(req);
    const path = url.pathname.replace(/^\/cgi-bin\//, '');
    if (path === 'gettoken') {
      if (url.searchParams.get('corpid') !== corpId) return answer(res, failure(40013, 'invalid corpid'));
      if (url.searchParams.get('corpsecret') !== secret)
        return answer(res, failure(40001, 'invalid credential'));
      const token = `tok-${++tokensIssued}-${randomUUID()}`;
      tokens.set(token, now() + ttlSeconds * 1000);
      return answer(res, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: ttlSeconds });
    }
    if (down) return answer(res, failure(-1, 'system busy'), 500);
    if (now() < limitedUntil) return answer(res, failure(45009, 'api freq out of limit'));
    const route = routes[path];
    if (route === undefined) return answer(res, failure(404, `no such API ${path}`), 404);
    const token = url.searchParams.get('access_token');
    if (token === null || token === '') return answer(res, failure(41001, 'access_token missing'));
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined) return answer(res, failure(40014, 'invalid access_token'));
    if (now() >= expiresAt) return answer(res, failure(42001, 'access_token expired'));
    const failing = failures.get(path);
    if (failing && failing.count > 0) {
      failing.count -= 1;
      return answer(res, failure(failing.errcode, 'failing as told'));
    }
    answer(res, await route(body, req, url.searchParams));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => answer(res, failure(-1, 'system busy'), 500));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function postCallback(callbackUrl: string, xml: string): Promise<CallbackAnswer> {
    const timestamp = String(Math.floor(now() / 1000));
    const nonce = randomUUID().slice(0, 10);
    const { encrypted, msgSignature } = sealCallback(keys, xml, { timestamp, nonce });
    const target = new URL(callbackUrl);
    target.searchParams.set('msg_signature', msgSignature);
    target.searchParams.set('timestamp', timestamp);
    target.searchParams.set('nonce', nonce);
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: writeCallbackXml({ ToUserName: corpId, AgentID: String(agentId), Encrypt: encrypted }),
    });
    return { status: response.status, body: await response.text() };
  }

  /** `userId`'s copy of the template card `msgId`, if they hold one. */
  const cardOf = (userId: string, msgId: string) =>
    messages.find(
      (message) =>
        message.msgId === msgId && message.toUser === userId && message.msgtype === 'template_card',
    );

  /**
   * Posts `template_card_event` for a press of `key` on `card` by `from`, with a fresh code for
   * that card and, for a submit, the `SelectedItems` element `selected`.
   */
  async function postCardEvent(
    callbackUrl: string,
    from: string,
    card: StandInWeComMessage,
    key: string,
    selected: string,
  ): Promise<CallbackAnswer & { responseCode: string; xml: string }> {
    const responseCode = issueResponseCode(card.msgId);
    const xml = writeCallbackXml({
      ...base(from),
      MsgType: 'event',
      Event: 'template_card_event',
      EventKey: key,
      TaskId: String(card.content.task_id ?? ''),
      CardType: String(card.content.card_type ?? 'button_interaction'),
      ResponseCode: responseCode,
      AgentID: agentId,
    }).replace('</xml>', `${selected}</xml>`);
    return { ...(await postCallback(callbackUrl, xml)), responseCode, xml };
  }

  const base = (from: string) => ({
    ToUserName: corpId,
    FromUserName: from,
    CreateTime: Math.floor(now() / 1000),
  });

  return {
    url,
    env: {
      WECOM_CORP_ID: corpId,
      WECOM_AGENT_ID: String(agentId),
      WECOM_SECRET: secret,
      WECOM_TOKEN: keys.token,
      WECOM_AES_KEY: keys.aesKey,
      WECOM_API_URL: url,
    },
    keys,
    messages,
    messagesTo: (userId) => messages.filter((message) => message.toUser === userId),
    dropped,
    chatMessages,
    updates,
    unreachable,
    media,
    get menu() {
      return menu;
    },
    get tokensIssued() {
      return tokensIssued;
    },
    expireTokens() {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    setDown(value) {
      down = value;
    },
    rateLimitFor(ms) {
      limitedUntil = now() + ms;
    },
    failNext(path, errcode, count = 1) {
      failures.set(path, { errcode, count });
    },
    issueResponseCode: () => issueResponseCode(),
    chatWith,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    cardsTo: (userId) =>
      messages.filter((message) => message.toUser === userId && message.msgtype === 'template_card'),
    async pressButton(callbackUrl, input) {
      const card = cardOf(input.from, input.msgId);
      const buttons = Array.isArray(card?.content.button_list)
        ? (card.content.button_list as Array<{ key?: unknown }>)
        : [];
      if (
        card === undefined ||
        card.content.replaced_name !== undefined ||
        !buttons.some((button) => button.key === input.key)
      ) {
        throw new Error(`${input.from}'s card ${input.msgId} shows no button with that key`);
      }
      return postCardEvent(callbackUrl, input.from, card, input.key, '');
    },
    async submitSelection(callbackUrl, input) {
      const card = cardOf(input.from, input.msgId);
      const questions = card === undefined ? [] : questionsOf(card.content);
      const submit = card?.content.submit_button as { key?: unknown } | undefined;
      if (card === undefined || card.content.replaced_name !== undefined || questions.length === 0) {
        throw new Error(`${input.from}'s card ${input.msgId} is no selection card they can submit`);
      }
      const selected: SelectedItem[] = questions.map((question) => {
        const chosen = input.chosen[question.key];
        const ids = chosen === undefined ? question.shown : [...chosen];
        if (ids.some((id) => !question.options.includes(id)) || ids.length > question.most) {
          throw new Error(`${input.from} cannot choose ${ids.join(', ')} for ${question.key}`);
        }
        if (question.select && ids.length !== 1) {
          throw new Error(`a select holds one choice; ${question.key} was given ${ids.length}`);
        }
        return { questionKey: question.key, optionIds: ids };
      });
      const unknown = Object.keys(input.chosen).find((key) => !questions.some((q) => q.key === key));
      if (unknown !== undefined) throw new Error(`the card asks no question ${unknown}`);
      return postCardEvent(
        callbackUrl,
        input.from,
        card,
        String(submit?.key ?? ''),
        writeSelectedItems(selected),
      );
    },
    postText(callbackUrl, input) {
      const msgId = input.msgId ?? String(1_000_000_000_000 + ++msgSeq);
      recordInput(input.from, { kind: 'typed', at: now(), text: input.content });
      return postCallback(
        callbackUrl,
        writeCallbackXml({
          ...base(input.from),
          MsgType: 'text',
          Content: input.content,
          MsgId: msgId,
          AgentID: agentId,
        }),
      );
    },
    postMenuClick(callbackUrl, input) {
      recordInput(input.from, { kind: 'menu', at: now(), eventKey: input.eventKey });
      return postCallback(
        callbackUrl,
        writeCallbackXml({
          ...base(input.from),
          MsgType: 'event',
          Event: 'click',
          EventKey: input.eventKey,
          AgentID: agentId,
        }),
      );
    },
    async postTemplateCardEvent(callbackUrl, input) {
      const responseCode = issueResponseCode();
      const posted = await postCallback(
        callbackUrl,
        writeCallbackXml({
          ...base(input.from),
          MsgType: 'event',
          Event: 'template_card_event',
          EventKey: input.eventKey,
          TaskId: input.taskId,
          CardType: input.cardType ?? 'button_interaction',
          ResponseCode: responseCode,
          AgentID: agentId,
        }),
      );
      return { ...posted, responseCode };
    },
    postCallback,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** WeCom's limits on selection cards (document/path/90236). */
const SELECTION_LIMITS = {
  selects: 3,
  selectOptions: 10,
  checkboxOptions: 20,
  optionIdBytes: 128,
  keyBytes: 1024,
};

interface CardOption {
  id?: unknown;
}

/** What is wrong with a selection card, as WeCom would refuse it; null when nothing (or no such card). */
function selectionCardProblem(card: Record<string, unknown>): string | null {
  const type = card.card_type;
  if (type !== 'multiple_interaction' && type !== 'vote_interaction') return null;
  const submit = card.submit_button as { key?: unknown } | undefined;
  if (typeof submit?.key !== 'string' || submit.key === '' || bytes(submit.key) > SELECTION_LIMITS.keyBytes) {
    return 'submit_button.key is required, at most 1024 bytes';
  }
  const lists: Array<{ key: unknown; options: unknown; max: number }> = [];
  if (type === 'multiple_interaction') {
    const selects = card.select_list;
    if (!Array.isArray(selects) || selects.length === 0 || selects.length > SELECTION_LIMITS.selects) {
      return 'select_list must have 1 to 3 selects';
    }
    for (const select of selects as Array<Record<string, unknown>>) {
      lists.push({
        key: select.question_key,
        options: select.option_list,
        max: SELECTION_LIMITS.selectOptions,
      });
    }
  } else {
    const checkbox = card.checkbox as Record<string, unknown> | undefined;
    if (checkbox === undefined) return 'checkbox is required';
    if (checkbox.mode !== undefined && checkbox.mode !== 0 && checkbox.mode !== 1)
      return 'checkbox.mode is 0 or 1';
    lists.push({
      key: checkbox.question_key,
      options: checkbox.option_list,
      max: SELECTION_LIMITS.checkboxOptions,
    });
  }
  const keys = new Set<string>();
  for (const list of lists) {
    if (typeof list.key !== 'string' || list.key === '' || bytes(list.key) > SELECTION_LIMITS.keyBytes) {
      return 'question_key is required, at most 1024 bytes';
    }
    if (keys.has(list.key)) return `question_key ${list.key} is repeated`;
    keys.add(list.key);
    const options = Array.isArray(list.options) ? (list.options as CardOption[]) : [];
    if (options.length === 0 || options.length > list.max) {
      return `option_list of ${list.key} must have 1 to ${list.max} options`;
    }
    const ids = options.map((option) => option.id);
    if (ids.some((id) => typeof id !== 'string' || id === '' || bytes(id) > SELECTION_LIMITS.optionIdBytes)) {
      return `an option id of ${list.key} is missing or over 128 bytes`;
    }
    if (new Set(ids).size !== ids.length) return `option ids of ${list.key} are repeated`;
  }
  return null;
}

/** A selection card's questions: their keys, options, what each shows chosen and how many it takes. */
function questionsOf(
  card: Record<string, unknown>,
): Array<{ key: string; options: string[]; shown: string[]; most: number; select: boolean }> {
  const ids = (list: unknown) => (Array.isArray(list) ? (list as CardOption[]).map((o) => String(o.id)) : []);
  if (card.card_type === 'multiple_interaction' && Array.isArray(card.select_list)) {
    return (card.select_list as Array<Record<string, unknown>>).map((select) => {
      const options = ids(select.option_list);
      // WeCom's drop-down holds its selected_id, or its first option.
      const preset = options.find((id) => id === select.selected_id) ?? options[0];
      return {
        key: String(select.question_key),
        options,
        shown: preset === undefined ? [] : [preset],
        most: 1,
        select: true,
      };
    });
  }
  if (card.card_type === 'vote_interaction' && typeof card.checkbox === 'object' && card.checkbox !== null) {
    const checkbox = card.checkbox as { question_key?: unknown; option_list?: unknown; mode?: unknown };
    const list = Array.isArray(checkbox.option_list)
      ? (checkbox.option_list as Array<{ id?: unknown; is_checked?: unknown }>)
      : [];
    const options = list.map((o) => String(o.id));
    return [
      {
        key: String(checkbox.question_key),
        options,
        shown: list.filter((o) => o.is_checked === true).map((o) => String(o.id)),
        most: checkbox.mode === 1 ? options.length : 1,
        select: false,
      },
    ];
  }
  return [];
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function failure(errcode: number, errmsg: string): { errcode: number; errmsg: string } {
  return { errcode, errmsg };
}

function answer(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}
