// The playground's HTTP server: the page (src/playground/page), its JSON API and live updates,
// the Slack Web API double at /slack/api/<method> (where the bot's SLACK_API_URL points), the
// response_url and file endpoints, the DingTalk stand-in's state as each person's DingTalk shows
// it (and what they type or press there, pushed as Stream frames), the WeCom stand-in's as each
// person's WeCom shows it (and what they type or press there, posted to the bot's callback address
// encrypted and signed as WeCom posts it), the platform the page shows, the bot's web forms
// forwarded at /forms/, and /healthz and /readyz for the whole thing.

import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { templateClickParams } from '../chat/dingtalk/stand-in/callbacks.ts';
import { cardSeenBy } from '../chat/dingtalk/stand-in/openapi.ts';
import type { DingTalkStandIn } from '../chat/dingtalk/stand-in/stand-in.ts';
import { WEB_FORMS_PATH } from '../chat/web/web-forms.ts';
import type { WeComStandIn } from '../chat/wecom/stand-in/stand-in.ts';
import { createManagedServer, InFlightTracker, type ManagedServer } from '../http/server.ts';
import type { Logger } from '../shared/logger.ts';
import type { ClockControl } from './clock-control.ts';
import type { InteractionResult, Interactions } from './interactions.ts';
import type { SlackDouble } from './slack-double.ts';

const PAGE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page');
const PAGE_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/** Largest request body accepted (a Web API call with 50 blocks is far below this). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface PlaygroundPerson {
  userId: string;
  /** The person's userid on the DingTalk stand-in. */
  dingtalkUserId: string;
  /** The person's userid on the WeCom stand-in. */
  wecomUserId: string;
  personId: string;
  name: string;
  nameEn: string | null;
  department: string;
  title: string | null;
  roles: string[];
  roleLabels: string[];
}

export interface PlaygroundServerOptions {
  double: SlackDouble;
  interactions: Interactions;
  people: readonly PlaygroundPerson[];
  logger: Logger;
  /** The bot's own /readyz, once it listens (the playground is ready when the bot is). */
  botBaseUrl: () => string | null;
  /** The bot's clock, moved from the page (`GET`/`POST /api/clock`): the playground's only. */
  clock?: ClockControl;
  /** DingTalk and WeCom beside Slack: their stand-ins, and the page's choice. */
  platforms?: PlaygroundPlatforms;
}

/** The platforms the page shows. */
export const PLAYGROUND_PLATFORMS = ['slack', 'dingtalk', 'wecom'] as const;
export type PlaygroundPlatform = (typeof PLAYGROUND_PLATFORMS)[number];

/** DingTalk and WeCom beside Slack: the stand-ins the bot is connected to, and the page's choice. */
export interface PlaygroundPlatforms {
  /** The platform the page shows, where new messages go. */
  platform(): PlaygroundPlatform;
  choose(platform: PlaygroundPlatform): void;
  dingtalk: DingTalkStandIn;
  wecom: WeComStandIn;
  /** The bot's `/wecom/callback`, where the WeCom stand-in posts; null until the bot listens. */
  wecomCallbackUrl(): string | null;
}

const userField = z.string().regex(/^[UW][A-Z0-9]+$/);
const CommandBody = z.object({
  user: userField,
  channel: z.string().min(1),
  command: z.string().regex(/^\/[a-z]+$/),
  text: z.string().max(4000).default(''),
});
const ActionBody = z.object({
  user: userField,
  source: z.discriminatedUnion('type', [
    z.object({ type: z.literal('message'), channel: z.string().min(1), ts: z.string().min(1) }),
    z.object({ type: z.literal('view'), viewId: z.string().min(1) }),
  ]),
  action: z.object({
    type: z.string().min(1),
    action_id: z.string(),
    block_id: z.string().default(''),
    value: z.string().optional(),
    selected_option: z.unknown().optional(),
    selected_user: z.string().optional(),
  }),
});
const SubmitBody = z.object({
  user: userField,
  viewId: z.string().min(1),
  values: z.record(z.string(), z.unknown()),
});
const CloseBody = z.object({ user: userField, viewId: z.string().min(1) });
const HomeBody = z.object({ user: userField });
const ClockBody = z.object({ move: z.enum(['hour', 'workday', 'now']) });
const PlatformBody = z.object({ platform: z.enum(PLAYGROUND_PLATFORMS) });
/** What a person types to the app or robot (DingTalk and WeCom alike). */
const typedText = z.string().trim().min(1).max(4000);
const dingtalkUser = z.string().min(1).max(64);
const DingTalkMessageBody = z.object({ user: dingtalkUser, text: typedText });
const wecomUser = z.string().min(1).max(64);
const WeComMessageBody = z.object({ user: wecomUser, text: typedText });
const WeComClickBody = z.object({
  user: wecomUser,
  msgId: z.string().min(1).max(100),
  key: z.string().min(1).max(1024),
});
const WeComSubmitBody = z.object({
  user: wecomUser,
  msgId: z.string().min(1).max(100),
  /** Each question's key → the option ids ticked or picked. */
  chosen: z.record(z.string().min(1).max(1024), z.array(z.string().min(1).max(128)).max(20)),
});
const WeComMenuBody = z.object({ user: wecomUser, key: z.string().min(1).max(128) });
const DingTalkClickBody = z.object({
  user: dingtalkUser,
  outTrackId: z.string().min(1).max(200),
  actionId: z.string().min(1).max(100),
  form: z.record(z.string(), z.unknown()).optional(),
});

export interface PlaygroundServer extends ManagedServer {
  /** Ends the live-update streams so the server can drain. */
  endStreams(): void;
}

export function createPlaygroundServer(options: PlaygroundServerOptions): PlaygroundServer {
  const { double, interactions, logger, platforms } = options;
  const tracker = new InFlightTracker();
  const streams = new Set<ServerResponse>();

  const server = createManagedServer({
    logger,
    tracker,
    handle: (req, res) => {
      route(req, res).catch((error: unknown) => {
        logger.error({ err: error, path: req.url }, 'playground request failed');
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
        else res.end();
      });
    },
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const { pathname } = url;
    const method = req.method ?? 'GET';

    if (method === 'GET' && PAGE_FILES[pathname]) return sendPageFile(res, PAGE_FILES[pathname]);
    if (method === 'GET' && pathname === '/healthz')
      return sendJson(res, 200, { status: 'ok', playground: true });
    if (method === 'GET' && pathname === '/readyz') return proxyReadiness(res);

    if (pathname.startsWith('/slack/api/') && method === 'POST') {
      const apiMethod = pathname.slice('/slack/api/'.length);
      const args = parseApiArgs(await readBody(req), req.headers['content-type'] ?? '');
      const token = bearerToken(req) ?? (typeof args.token === 'string' ? args.token : null);
      const result = double.call(apiMethod, args, token);
      if (!result.ok) logger.debug({ method: apiMethod, error: result.error }, 'Web API call refused');
      return sendJson(res, 200, result);
    }
    if (pathname.startsWith('/slack/respond/') && method === 'POST') {
      const body = parseApiArgs(await readBody(req), req.headers['content-type'] ?? 'application/json');
      const answer = interactions.respond(pathname.slice('/slack/respond/'.length), body);
      res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(answer.text);
      return;
    }
    if (pathname.startsWith('/slack/upload/') && (method === 'POST' || method === 'PUT')) {
      const body = await readBody(req);
      const stored = double.receiveUpload(
        pathname.slice('/slack/upload/'.length),
        filePartOf(body, req.headers['content-type'] ?? ''),
      );
      res.writeHead(stored ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(stored ? 'OK - uploaded' : 'file_not_found');
      return;
    }
    if (pathname.startsWith('/slack/files/') && method === 'GET') {
      const file = double.file(pathname.slice('/slack/files/'.length));
      if (!file?.bytes) return sendJson(res, 404, { ok: false, error: 'file_not_found' });
      res.writeHead(200, {
        'content-type': file.name.endsWith('.csv')
          ? 'text/csv; charset=utf-8'
          : file.name.endsWith('.png')
            ? 'image/png'
            : 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      });
      res.end(file.bytes);
      return;
    }

    if (method === 'GET' && pathname === '/api/people') {
      const [first] = options.people;
      return sendJson(res, 200, {
        botUserId: double.botUserId,
        teamId: double.teamId,
        defaultUserId: first?.userId ?? null,
        channels: double.channels(),
        people: options.people,
        platforms: platforms ? PLAYGROUND_PLATFORMS : ['slack'],
        platform: platforms?.platform() ?? 'slack',
      });
    }
    if (pathname.startsWith(WEB_FORMS_PATH)) return forwardToBot(req, res);
    if (platforms && pathname === '/api/platform' && method === 'POST') {
      const parsed = PlatformBody.safeParse(await readJson(req));
      if (!parsed.success)
        return sendJson(res, 400, { ok: false, error: '请求格式不对 / bad request: platform' });
      platforms.choose(parsed.data.platform);
      logger.info(
        { platform: parsed.data.platform },
        'the page shows another platform: new messages go there',
      );
      return sendJson(res, 200, { ok: true, platform: platforms.platform() });
    }
    if (platforms && (pathname.startsWith('/api/dingtalk/') || pathname.startsWith('/dingtalk/'))) {
      return routeDingTalk(req, res, url, platforms);
    }
    if (platforms && (pathname.startsWith('/api/wecom/') || pathname.startsWith('/wecom/'))) {
      return routeWeCom(req, res, url, platforms);
    }
    if (method === 'GET' && pathname === '/api/state') {
      const user = url.searchParams.get('user') ?? '';
      if (!options.people.some((p) => p.userId === user))
        return sendJson(res, 404, { ok: false, error: 'unknown_user' });
      return sendJson(res, 200, double.snapshotFor(user));
    }
    if (method === 'GET' && pathname === '/api/events') return openStream(req, res);
    if (pathname === '/api/clock' && options.clock) {
      if (method === 'GET') return sendJson(res, 200, { ok: true, ...options.clock.state() });
      if (method === 'POST') {
        const parsed = ClockBody.safeParse(await readJson(req));
        if (!parsed.success) {
          return sendJson(res, 400, { ok: false, error: '请求格式不对 / bad request: move' });
        }
        return sendJson(res, 200, { ok: true, ...(await options.clock.move(parsed.data.move)) });
      }
    }

    if (method === 'POST' && pathname.startsWith('/api/')) {
      const body = await readJson(req);
      const result = await apiCall(pathname, body);
      if (result === undefined) return sendJson(res, 404, { ok: false, error: 'not_found' });
      return sendJson(res, result.ok ? 200 : 'errors' in result && result.errors ? 200 : 400, result);
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
  }

  /** The page's DingTalk routes: the platform choice, a person's chat with the robot, their input. */
  async function routeDingTalk(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    side: PlaygroundPlatforms,
  ): Promise<void> {
    const standIn = side.dingtalk;
    const { pathname } = url;
    const method = req.method ?? 'GET';
    const personOf = (user: string) => options.people.find((p) => p.dingtalkUserId === user);
    if (pathname === '/api/dingtalk/state' && method === 'GET') {
      const user = url.searchParams.get('user') ?? '';
      if (!personOf(user)) return sendJson(res, 404, { ok: false, error: 'unknown_user' });
      return sendJson(res, 200, { ok: true, platform: side.platform(), chat: chatOf(standIn, user) });
    }
    // The bot answers on the platform the page shows: DingTalk input waits for the switch.
    const elsewhere = () =>
      sendJson(res, 409, { ok: false, error: '请先切换到钉钉 / switch the page to 钉钉 first' });
    if (pathname === '/api/dingtalk/message' && method === 'POST') {
      if (side.platform() !== 'dingtalk') return elsewhere();
      const parsed = DingTalkMessageBody.safeParse(await readJson(req));
      if (!parsed.success)
        return sendJson(res, 400, { ok: false, error: '请输入要发送的文字 / type something to send' });
      const person = personOf(parsed.data.user);
      if (!person) return sendJson(res, 404, { ok: false, error: 'unknown_user' });
      const messageId = standIn.sendRobotMessage({
        senderStaffId: person.dingtalkUserId,
        senderNick: person.name,
        text: parsed.data.text,
      });
      return sendJson(res, 200, { ok: true, messageId });
    }
    if (pathname === '/api/dingtalk/click' && method === 'POST') {
      if (side.platform() !== 'dingtalk') return elsewhere();
      const parsed = DingTalkClickBody.safeParse(await readJson(req));
      if (!parsed.success) return sendJson(res, 400, { ok: false, error: '请求格式不对 / bad request' });
      const { user, outTrackId, actionId, form } = parsed.data;
      if (!personOf(user)) return sendJson(res, 404, { ok: false, error: 'unknown_user' });
      const card = standIn.card(outTrackId);
      const shownTo =
        card && standIn.chatWith(user).some((e) => e.kind === 'card' && e.outTrackId === outTrackId);
      const params =
        card && shownTo ? templateClickParams(cardSeenBy(card, user), actionId, form) : undefined;
      if (!params) {
        return sendJson(res, 400, {
          ok: false,
          error: '这张卡片上没有这个按钮 / this card shows you no such button',
        });
      }
      const messageId = standIn.sendCardClick({ outTrackId, userId: user, actionIds: [actionId], params });
      return sendJson(res, 200, { ok: true, messageId });
    }
    if (pathname.startsWith('/dingtalk/media/') && method === 'GET') {
      const media = standIn.media(decodeURIComponent(pathname.slice('/dingtalk/media/'.length)));
      return sendDownload(res, media && { ...media, type: media.mimeType });
    }
    return sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  /**
   * The page's WeCom routes: a person's chat with the app, and what they type, pick from the app's
   * menu or press on a template card, each posted to the bot's callback address by the stand-in,
   * encrypted and signed as WeCom posts it.
   */
  async function routeWeCom(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    side: PlaygroundPlatforms,
  ): Promise<void> {
    const standIn = side.wecom;
    const { pathname } = url;
    const method = req.method ?? 'GET';
    const personOf = (user: string) => options.people.find((p) => p.wecomUserId === user);
    if (pathname === '/api/wecom/state' && method === 'GET') {
      const user = url.searchParams.get('user') ?? '';
      if (!personOf(user)) return sendJson(res, 404, { ok: false, error: 'unknown_user' });
      return sendJson(res, 200, {
        ok: true,
        platform: side.platform(),
        chat: wecomChatOf(standIn, user),
        menu: standIn.menu,
      });
    }
    if (pathname.startsWith('/wecom/media/') && method === 'GET') {
      const media = standIn.media.get(decodeURIComponent(pathname.slice('/wecom/media/'.length)));
      return sendDownload(res, media && { ...media, type: media.type === 'image' ? 'image/png' : '' });
    }
    if (method !== 'POST') return sendJson(res, 404, { ok: false, error: 'not_found' });
    // The bot answers on the platform the page shows: WeCom input waits for the switch.
    if (side.platform() !== 'wecom') {
      return sendJson(res, 409, {
        ok: false,
        error: '请先切换到企业微信 / switch the page to 企业微信 first',
      });
    }
    const callbackUrl = side.wecomCallbackUrl();
    if (!callbackUrl) return sendJson(res, 503, { ok: false, error: '机器人还在启动 / the bot is starting' });
    const body = await readJson(req);
    let posted: { status: number };
    if (pathname === '/api/wecom/message') {
      const parsed = WeComMessageBody.safeParse(body);
      if (!parsed.success)
        return sendJson(res, 400, { ok: false, error: '请输入要发送的文字 / type something to send' });
      if (!personOf(parsed.data.user)) return sendJson(res, 404, { ok: false, error: 'unknown_user' });
      posted = await standIn.postText(callbackUrl, { from: parsed.data.user, content: parsed.data.text });
    } else if (pathname === '/api/wecom/menu') {
      const parsed = WeComMenuBody.safeParse(body);
      if (!parsed.success || !menuKeysOf(standIn.menu).includes(parsed.data.key)) {
        return sendJson(res, 400, {
          ok: false,
          error: '应用菜单里没有这一项 / the app’s menu has no such item',
        });
      }
      if (!personOf(parsed.data.user)) return sendJson(res, 404, { ok: false, error: 'unknown_user' });
      posted = await standIn.postMenuClick(callbackUrl, {
        from: parsed.data.user,
        eventKey: parsed.data.key,
      });
    } else if (pathname === '/api/wecom/click') {
      const parsed = WeComClickBody.safeParse(body);
      if (!parsed.success) return sendJson(res, 400, { ok: false, error: '请求格式不对 / bad request' });
      const { user, msgId, key } = parsed.data;
      if (!personOf(user)) return sendJson(res, 404, { ok: false, error: 'unknown_user' });
      const shown = standIn.chatWith(user).find((e) => e.kind === 'message' && e.msgId === msgId);
      const card = shown?.kind === 'message' && shown.msgtype === 'template_card' ? shown : undefined;
      if (!card || card.replacedButton !== null || !cardButtonKeys(card.content).includes(key)) {
        return sendJson(res, 400, {
          ok: false,
          error: '这张卡片上没有这个按钮 / this card shows you no such button',
        });
      }
      posted = await standIn.pressButton(callbackUrl, { from: user, msgId, key });
    } else if (pathname === '/api/wecom/submit') {
      const parsed = WeComSubmitBody.safeParse(body);
      if (!parsed.success) return sendJson(res, 400, { ok: false, error: '请求格式不对 / bad request' });
      const { user, msgId, chosen } = parsed.data;
      if (!personOf(user)) return sendJson(res, 404, { ok: false, error: 'unknown_user' });
      // The stand-in takes only what the person's own card offers, as WeCom's client does.
      const submitted = await standIn
        .submitSelection(callbackUrl, { from: user, msgId, chosen })
        .catch(() => null);
      if (submitted === null) {
        return sendJson(res, 400, {
          ok: false,
          error: '这张卡片上不能这样选择 / this card offers you no such choice',
        });
      }
      posted = submitted;
    } else {
      return sendJson(res, 404, { ok: false, error: 'not_found' });
    }
    if (posted.status !== 200) {
      logger.warn({ status: posted.status }, 'the bot refused a WeCom callback from the page');
      return sendJson(res, 502, {
        ok: false,
        error: `机器人未接收 / the bot refused it (HTTP ${posted.status})`,
      });
    }
    return sendJson(res, 200, { ok: true });
  }

  /** The bot's web forms, reached through the page's address (the links the bot makes name it). */
  async function forwardToBot(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const base = options.botBaseUrl();
    if (!base) return sendJson(res, 503, { status: 'starting' });
    const method = req.method ?? 'GET';
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'accept', 'accept-language', 'cookie']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(`${base}${req.url ?? '/'}`, {
      method,
      headers,
      redirect: 'manual',
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: new Uint8Array(await readBody(req)) }),
      signal: AbortSignal.timeout(30_000),
    });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name))
        out[name] = value;
    });
    res.writeHead(answer.status, out);
    res.end(Buffer.from(await answer.arrayBuffer()));
  }

  async function apiCall(pathname: string, body: unknown): Promise<InteractionResult | undefined> {
    const bad = (error: z.ZodError): InteractionResult => ({
      ok: false,
      error: `请求格式不对 / bad request: ${error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`,
    });
    switch (pathname) {
      case '/api/command': {
        const parsed = CommandBody.safeParse(body);
        if (!parsed.success) return bad(parsed.error);
        const { user, ...rest } = parsed.data;
        return interactions.command({ userId: user, ...rest });
      }
      case '/api/action': {
        const parsed = ActionBody.safeParse(body);
        if (!parsed.success) return bad(parsed.error);
        const { user, source, action } = parsed.data;
        const cleaned = Object.fromEntries(Object.entries(action).filter(([, v]) => v !== undefined));
        return interactions.action({ userId: user, source, action: cleaned as typeof action });
      }
      case '/api/view-submit': {
        const parsed = SubmitBody.safeParse(body);
        if (!parsed.success) return bad(parsed.error);
        return interactions.submit({
          userId: parsed.data.user,
          viewId: parsed.data.viewId,
          values: parsed.data.values,
        });
      }
      case '/api/view-close': {
        const parsed = CloseBody.safeParse(body);
        if (!parsed.success) return bad(parsed.error);
        return interactions.close({ userId: parsed.data.user, viewId: parsed.data.viewId });
      }
      case '/api/home-opened': {
        const parsed = HomeBody.safeParse(body);
        if (!parsed.success) return bad(parsed.error);
        return interactions.homeOpened(parsed.data.user);
      }
      default:
        return undefined;
    }
  }

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(`data: ${JSON.stringify({ version: double.version() })}\n\n`);
    const onChange = (version: number) => res.write(`data: ${JSON.stringify({ version })}\n\n`);
    double.changes.on('change', onChange);
    const offDingTalk = platforms?.dingtalk.onChange(() =>
      res.write(`data: ${JSON.stringify({ version: double.version(), dingtalk: true })}\n\n`),
    );
    const offWeCom = platforms?.wecom.onChange(() =>
      res.write(`data: ${JSON.stringify({ version: double.version(), wecom: true })}\n\n`),
    );
    streams.add(res);
    req.on('close', () => {
      double.changes.off('change', onChange);
      offDingTalk?.();
      offWeCom?.();
      streams.delete(res);
    });
  }

  async function proxyReadiness(res: ServerResponse): Promise<void> {
    const base = options.botBaseUrl();
    if (!base) return sendJson(res, 503, { status: 'starting' });
    try {
      const answer = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) });
      const body: unknown = await answer.json();
      return sendJson(res, answer.status, body);
    } catch {
      return sendJson(res, 503, { status: 'starting' });
    }
  }

  async function sendPageFile(res: ServerResponse, entry: { file: string; type: string }): Promise<void> {
    const bytes = await readFile(path.join(PAGE_DIR, entry.file));
    res.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-store' });
    res.end(bytes);
  }

  return {
    ...server,
    endStreams() {
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}

/**
 * A person's chat with the robot for the page: what they typed, the robot's messages, and each
 * card with the variables they see (the shared ones and their private data), oldest first.
 */
function chatOf(standIn: DingTalkStandIn, user: string): unknown[] {
  return standIn.chatWith(user).map((entry) => {
    if (entry.kind === 'typed') return { kind: 'typed', at: entry.at, text: entry.text };
    if (entry.kind === 'message') {
      return {
        kind: 'message',
        at: entry.at,
        msgKey: entry.message.msgKey,
        msgParam: entry.message.msgParam,
      };
    }
    const card = standIn.card(entry.outTrackId);
    return {
      kind: 'card',
      at: entry.at,
      outTrackId: entry.outTrackId,
      updates: card?.updates ?? 0,
      variables: card ? cardSeenBy(card, user) : {},
    };
  });
}

/**
 * A person's chat with the WeCom app for the page: what they typed or picked from the menu, and the
 * app's messages (a file with its name, a template card as their copy shows it now), oldest first.
 */
function wecomChatOf(standIn: WeComStandIn, user: string): unknown[] {
  return standIn.chatWith(user).map((entry) => {
    if (entry.kind !== 'message' || entry.msgtype !== 'file') return entry;
    const mediaId = String(entry.content.media_id ?? '');
    return { ...entry, fileName: standIn.media.get(mediaId)?.fileName ?? null };
  });
}

/** The keys of a template card's callback buttons (type 0; a type 1 button opens its url). */
function cardButtonKeys(card: Record<string, unknown>): string[] {
  const buttons = Array.isArray(card.button_list) ? (card.button_list as Array<Record<string, unknown>>) : [];
  return buttons.filter((b) => (b.type ?? 0) === 0 && typeof b.key === 'string').map((b) => String(b.key));
}

/** The click keys of the app's menu, as menu/create set it (a button's, or those under it). */
function menuKeysOf(menu: unknown): string[] {
  const buttons = (menu as { button?: unknown } | null)?.button;
  if (!Array.isArray(buttons)) return [];
  return buttons.flatMap((b: { key?: unknown; sub_button?: unknown }) =>
    Array.isArray(b.sub_button)
      ? b.sub_button.map((sub: { key?: unknown }) => String(sub.key ?? ''))
      : [String(b.key ?? '')],
  );
}

/** A stand-in's uploaded file as a download with its name, or 404 when there is none. */
function sendDownload(
  res: ServerResponse,
  file: { bytes: Uint8Array; fileName: string; type: string } | undefined,
): void {
  if (!file) {
    sendJson(res, 404, { ok: false, error: 'file_not_found' });
    return;
  }
  res.writeHead(200, {
    'content-type': file.type || 'application/octet-stream',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
  });
  res.end(file.bytes);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * The file's bytes from an upload: the whole body, or for multipart/form-data (how
 * @slack/web-api's filesUploadV2 sends it) the first part's content.
 */
export function filePartOf(body: Buffer, contentType: string): Buffer {
  const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return body;
  const delimiter = Buffer.from(`--${boundary}`);
  const first = body.indexOf(delimiter);
  if (first < 0) return body;
  const headersEnd = body.indexOf('\r\n\r\n', first);
  if (headersEnd < 0) return body;
  const start = headersEnd + 4;
  const end = body.indexOf(Buffer.from(`\r\n--${boundary}`), start);
  return body.subarray(start, end < 0 ? body.length : end);
}

function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : null;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return null;
  }
}

/** Web API arguments that carry objects; every other field is text, even "[1]". */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata']);

/**
 * Web API arguments as Slack reads them: a JSON body, or a form whose object-valued fields
 * (blocks, view, files) are JSON text, which is how @slack/web-api sends them.
 */
export function parseApiArgs(body: Buffer, contentType: string): Record<string, unknown> {
  const text = body.toString('utf8');
  if (contentType.includes('application/json')) {
    try {
      const value: unknown = JSON.parse(text || '{}');
      return value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const trimmed = value.trim();
    if (JSON_FIELDS.has(key) && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
      try {
        args[key] = JSON.parse(trimmed);
        continue;
      } catch {
        // Not JSON after all: keep the text.
      }
    }
    args[key] = value;
  }
  return args;
}
