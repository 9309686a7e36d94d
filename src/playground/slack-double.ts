// The playground's stand-in for Slack: the Web API methods the bot calls, answered from memory
// with Slack's own shapes and error codes, and the workspace they act on (people, the direct
// message with the bot, the office channel, messages, App Home views and modal stacks). The page
// reads this state; the bot only ever sees a Slack-shaped HTTP API.

import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';

export interface DoubleUser {
  userId: string;
  name: string;
  nameEn: string | null;
  locale: 'zh' | 'en';
}

export interface DoubleChannel {
  id: string;
  name: string;
}

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  bytes: Buffer | null;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[] | null;
  from: 'bot' | 'user' | 'system';
  /** The one user who sees it (an ephemeral message or a playground note), else everyone in the channel. */
  visibleTo: string | null;
  ephemeral: boolean;
  edited: boolean;
  postedAt: string;
  files: Array<{ id: string; name: string; title: string; url: string }>;
}

export interface StoredView {
  id: string;
  type: 'modal' | 'home';
  userId: string;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  view: Record<string, unknown>;
}

/**
 * One thing the bot sent towards Slack, as the double received it: a Web API call with its
 * arguments, the body of an acknowledgement or a response_url post, or an uploaded file's bytes.
 */
export type SentToSlack =
  | { via: 'web_api'; method: string; args: Record<string, unknown> }
  | { via: 'ack' | 'response_url'; body: Record<string, unknown> }
  | { via: 'upload'; fileId: string; bytes: Buffer };

/** A Slack Web API answer: `ok: false` carries Slack's error code. */
export type ApiResult = { ok: true; [key: string]: unknown } | { ok: false; error: string };

/** Slack's `expired_trigger_id` rule: a trigger opens a view within 3 s of the interaction. */
export const TRIGGER_LIFETIME_MS = 3000;

/** Slack keeps at most three views in a modal stack. */
const MAX_MODAL_STACK = 3;

export interface SlackDoubleOptions {
  teamId: string;
  botUserId: string;
  botToken: string;
  users: readonly DoubleUser[];
  channels: readonly DoubleChannel[];
  /** Base URL of this double's HTTP routes (file uploads and downloads), e.g. http://127.0.0.1:3000/slack/. */
  baseUrl: () => string;
  now?: () => number;
}

export type SlackDouble = ReturnType<typeof createSlackDouble>;

export function createSlackDouble(options: SlackDoubleOptions) {
  const now = options.now ?? Date.now;
  const users = new Map(options.users.map((user) => [user.userId, user]));
  const channels = new Map<string, { id: string; name: string; kind: 'dm' | 'channel'; userId?: string }>();
  for (const channel of options.channels) channels.set(channel.id, { ...channel, kind: 'channel' });
  const messages: StoredMessage[] = [];
  const views = new Map<string, StoredView>();
  const modalStacks = new Map<string, string[]>();
  const homes = new Map<string, string>();
  const triggers = new Map<string, { userId: string; issuedAt: number }>();
  const files = new Map<string, StoredFile>();
  const changes = new EventEmitter();
  /** Emits 'sent' with a {@link SentToSlack} for everything the bot sends (tests listen to it). */
  const sent = new EventEmitter();
  let version = 0;
  let lastTs = 0;
  let counter = 0;

  const changed = () => {
    version += 1;
    changes.emit('change', version);
  };
  const nextId = (prefix: string) => `${prefix}${(++counter).toString(36).toUpperCase().padStart(6, '0')}`;
  /** Message timestamps are unique and increasing, like Slack's "seconds.micros" strings. */
  const nextTs = () => {
    lastTs = Math.max(lastTs + 1, now() * 1000);
    return (lastTs / 1_000_000).toFixed(6);
  };
  const newHash = () => `${Math.floor(now() / 1000)}.${randomBytes(4).toString('hex')}`;

  function dmChannelOf(userId: string): string {
    const id = `D${userId.replace(/^[UW]/, '')}`;
    if (!channels.has(id)) channels.set(id, { id, name: 'directmessage', kind: 'dm', userId });
    return id;
  }
  for (const user of options.users) dmChannelOf(user.userId);

  /** `channel` as the bot may name it: a channel or DM id, or a user id (Slack opens the DM). */
  function resolveChannel(channel: unknown): string | null {
    if (typeof channel !== 'string' || channel === '') return null;
    if (channels.has(channel)) return channel;
    if (users.has(channel)) return dmChannelOf(channel);
    return null;
  }

  function viewPayload(stored: StoredView): Record<string, unknown> {
    return {
      ...stored.view,
      id: stored.id,
      team_id: options.teamId,
      type: stored.type,
      hash: stored.hash,
      root_view_id: stored.rootViewId,
      previous_view_id: stored.previousViewId,
      app_id: 'A0PLAYGROUND',
      bot_id: 'B0PLAYGROUND',
      state: { values: {} },
    };
  }

  function storeView(type: 'modal' | 'home', userId: string, view: Record<string, unknown>, rootId?: string) {
    const id = nextId('V');
    const stored: StoredView = {
      id,
      type,
      userId,
      hash: newHash(),
      rootViewId: rootId ?? id,
      previousViewId: null,
      view,
    };
    views.set(id, stored);
    return stored;
  }

  function takeTrigger(triggerId: unknown): { userId: string } | ApiResult {
    if (typeof triggerId !== 'string' || !triggers.has(triggerId))
      return { ok: false, error: 'invalid_trigger' };
    const trigger = triggers.get(triggerId) as { userId: string; issuedAt: number };
    triggers.delete(triggerId);
    if (now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) return { ok: false, error: 'expired_trigger_id' };
    return { userId: trigger.userId };
  }

  function asView(value: unknown): Record<string, unknown> | null {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const view = value as Record<string, unknown>;
    return Array.isArray(view.blocks) ? view : null;
  }

  function postMessage(input: {
    channel: string;
    text: string;
    blocks: unknown[] | null;
    from: StoredMessage['from'];
    visibleTo?: string | null;
    ephemeral?: boolean;
    files?: StoredMessage['files'];
  }): StoredMessage {
    const message: StoredMessage = {
      channel: input.channel,
      ts: nextTs(),
      text: input.text,
      blocks: input.blocks,
      from: input.from,
      visibleTo: input.visibleTo ?? null,
      ephemeral: input.ephemeral ?? false,
      edited: false,
      postedAt: new Date(now()).toISOString(),
      files: input.files ?? [],
    };
    messages.push(message);
    changed();
    return message;
  }

  const textOf = (args: Record<string, unknown>) => (typeof args.text === 'string' ? args.text : '');
  const blocksOf = (args: Record<string, unknown>) => (Array.isArray(args.blocks) ? args.blocks : null);
  const hasContent = (args: Record<string, unknown>) =>
    textOf(args).trim() !== '' || (blocksOf(args)?.length ?? 0) > 0;

  /** The Web API methods, by name, with Slack's argument names and error codes. */
  const methods: Record<string, (args: Record<string, unknown>) => ApiResult> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://playground.slack.local/',
      team: '示范县水利局（试用）',
      team_id: options.teamId,
      user: 'office-bot',
      user_id: options.botUserId,
      bot_id: 'B0PLAYGROUND',
      is_enterprise_install: false,
    }),
    'users.info': (args) => {
      const user = typeof args.user === 'string' ? users.get(args.user) : undefined;
      if (!user) return { ok: false, error: 'user_not_found' };
      return {
        ok: true,
        user: {
          id: user.userId,
          team_id: options.teamId,
          name: user.nameEn ?? user.name,
          real_name: user.name,
          tz: 'Asia/Shanghai',
          locale: user.locale === 'en' ? 'en-US' : 'zh-CN',
          profile: { real_name: user.name, display_name: user.name },
        },
      };
    },
    'conversations.open': (args) => {
      const ids = typeof args.users === 'string' ? args.users.split(',').map((id) => id.trim()) : [];
      const [userId] = ids;
      if (ids.length !== 1 || !userId)
        return { ok: false, error: ids.length ? 'not_supported' : 'users_list_not_supplied' };
      if (!users.has(userId)) return { ok: false, error: 'user_not_found' };
      return { ok: true, channel: { id: dmChannelOf(userId) } };
    },
    'chat.postMessage': (args) => {
      const channel = resolveChannel(args.channel);
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (!hasContent(args)) return { ok: false, error: 'no_text' };
      const message = postMessage({ channel, text: textOf(args), blocks: blocksOf(args), from: 'bot' });
      return { ok: true, channel, ts: message.ts, message: { text: message.text, blocks: message.blocks } };
    },
    'chat.update': (args) => {
      const channel = resolveChannel(args.channel);
      const message = messages.find((m) => m.channel === channel && m.ts === args.ts && !m.ephemeral);
      if (!channel || !message) return { ok: false, error: 'message_not_found' };
      if (message.from !== 'bot') return { ok: false, error: 'cant_update_message' };
      if (!hasContent(args)) return { ok: false, error: 'no_text' };
      message.text = textOf(args);
      message.blocks = blocksOf(args);
      message.edited = true;
      changed();
      return { ok: true, channel, ts: message.ts, text: message.text };
    },
    'chat.delete': (args) => {
      const channel = resolveChannel(args.channel);
      const index = messages.findIndex((m) => m.channel === channel && m.ts === args.ts && !m.ephemeral);
      if (index < 0) return { ok: false, error: 'message_not_found' };
      messages.splice(index, 1);
      changed();
      return { ok: true, channel: channel as string, ts: args.ts };
    },
    'chat.postEphemeral': (args) => {
      const channel = resolveChannel(args.channel);
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (typeof args.user !== 'string' || !users.has(args.user))
        return { ok: false, error: 'user_not_found' };
      const dm = channels.get(channel);
      if (dm?.kind === 'dm' && dm.userId !== args.user) return { ok: false, error: 'user_not_in_channel' };
      if (!hasContent(args)) return { ok: false, error: 'no_text' };
      const message = postMessage({
        channel,
        text: textOf(args),
        blocks: blocksOf(args),
        from: 'bot',
        visibleTo: args.user,
        ephemeral: true,
      });
      return { ok: true, message_ts: message.ts };
    },
    'views.open': (args) => {
      const trigger = takeTrigger(args.trigger_id);
      if ('ok' in trigger) return trigger;
      const view = asView(args.view);
      if (!view) return { ok: false, error: 'invalid_arguments' };
      const stored = storeView('modal', trigger.userId, view);
      modalStacks.set(trigger.userId, [stored.id]);
      changed();
      return { ok: true, view: viewPayload(stored) };
    },
    'views.push': (args) => {
      const trigger = takeTrigger(args.trigger_id);
      if ('ok' in trigger) return trigger;
      const view = asView(args.view);
      if (!view) return { ok: false, error: 'invalid_arguments' };
      const stack = modalStacks.get(trigger.userId) ?? [];
      if (stack.length === 0) return { ok: false, error: 'not_found' };
      if (stack.length >= MAX_MODAL_STACK) return { ok: false, error: 'push_limit_reached' };
      const stored = storeView('modal', trigger.userId, view, views.get(stack[0] as string)?.rootViewId);
      stored.previousViewId = stack[stack.length - 1] ?? null;
      stack.push(stored.id);
      changed();
      return { ok: true, view: viewPayload(stored) };
    },
    'views.update': (args) => {
      const stored = typeof args.view_id === 'string' ? views.get(args.view_id) : undefined;
      if (!stored || !isShown(stored)) return { ok: false, error: 'not_found' };
      if (typeof args.hash === 'string' && args.hash !== stored.hash)
        return { ok: false, error: 'hash_conflict' };
      const view = asView(args.view);
      if (!view) return { ok: false, error: 'invalid_arguments' };
      stored.view = view;
      stored.hash = newHash();
      changed();
      return { ok: true, view: viewPayload(stored) };
    },
    'views.publish': (args) => {
      const userId = typeof args.user_id === 'string' ? args.user_id : '';
      if (!users.has(userId)) return { ok: false, error: 'user_not_found' };
      const view = asView(args.view);
      if (view?.type !== 'home') return { ok: false, error: 'invalid_arguments' };
      const existing = views.get(homes.get(userId) ?? '');
      if (existing && typeof args.hash === 'string' && args.hash !== existing.hash) {
        return { ok: false, error: 'hash_conflict' };
      }
      const stored = existing ?? storeView('home', userId, view);
      stored.view = view;
      stored.hash = newHash();
      homes.set(userId, stored.id);
      changed();
      return { ok: true, view: viewPayload(stored) };
    },
    'files.getUploadURLExternal': (args) => {
      const name = typeof args.filename === 'string' ? args.filename : '';
      if (!name) return { ok: false, error: 'invalid_arguments' };
      const id = nextId('F');
      files.set(id, { id, name, title: name, bytes: null });
      return { ok: true, upload_url: `${options.baseUrl()}upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (args) => {
      const list = Array.isArray(args.files) ? (args.files as Array<{ id?: unknown; title?: unknown }>) : [];
      const uploaded = list.map((entry) => files.get(typeof entry.id === 'string' ? entry.id : ''));
      if (list.length === 0 || uploaded.some((file) => !file?.bytes))
        return { ok: false, error: 'file_not_found' };
      const shared = uploaded as StoredFile[];
      list.forEach((entry, index) => {
        const file = shared[index] as StoredFile;
        if (typeof entry.title === 'string' && entry.title) file.title = entry.title;
      });
      const fileRefs = shared.map((file) => ({
        id: file.id,
        name: file.name,
        title: file.title,
        url: `${options.baseUrl()}files/${file.id}`,
      }));
      const channel = args.channel_id === undefined ? null : resolveChannel(args.channel_id);
      if (args.channel_id !== undefined && !channel) return { ok: false, error: 'channel_not_found' };
      if (channel) {
        postMessage({
          channel,
          text: typeof args.initial_comment === 'string' ? args.initial_comment : '',
          blocks: null,
          from: 'bot',
          files: fileRefs,
        });
      }
      return {
        ok: true,
        files: fileRefs.map((file) => ({ id: file.id, name: file.name, title: file.title })),
      };
    },
  };

  function modalStackOf(userId: string): StoredView[] {
    return (modalStacks.get(userId) ?? [])
      .map((id) => views.get(id))
      .filter((v): v is StoredView => Boolean(v));
  }

  function isShown(stored: StoredView): boolean {
    if (stored.type === 'home') return homes.get(stored.userId) === stored.id;
    return (modalStacks.get(stored.userId) ?? []).includes(stored.id);
  }

  return {
    teamId: options.teamId,
    botUserId: options.botUserId,
    changes,
    sent,
    /** Tells listeners of `sent` about an acknowledgement or response_url body the bot sent. */
    received(entry: SentToSlack) {
      sent.emit('sent', entry);
    },
    version: () => version,
    users: () => [...users.values()],
    channels: () => options.channels,
    dmChannelOf,

    /** Answers one Web API call, as Slack would, after checking the bot token. */
    call(method: string, args: Record<string, unknown>, token: string | null): ApiResult {
      if (!token) return { ok: false, error: 'not_authed' };
      if (token !== options.botToken) return { ok: false, error: 'invalid_auth' };
      const handler = methods[method];
      if (!handler) return { ok: false, error: 'unknown_method' };
      sent.emit('sent', { via: 'web_api', method, args } satisfies SentToSlack);
      return handler(args);
    },

    /** Stores the bytes of a file the bot uploads to the URL files.getUploadURLExternal gave it. */
    receiveUpload(fileId: string, bytes: Buffer): boolean {
      const file = files.get(fileId);
      if (!file) return false;
      sent.emit('sent', { via: 'upload', fileId, bytes } satisfies SentToSlack);
      file.bytes = bytes;
      return true;
    },
    file: (fileId: string) => files.get(fileId) ?? null,

    /** A trigger_id for one interaction of `userId` (valid for one view, 3 s). */
    issueTrigger(userId: string): string {
      const id = `${Math.floor(now() / 1000)}.${++counter}.${randomBytes(8).toString('hex')}`;
      triggers.set(id, { userId, issuedAt: now() });
      return id;
    },

    postMessage,
    findMessage: (channel: string, ts: string) =>
      messages.find((m) => m.channel === channel && m.ts === ts) ?? null,
    replaceMessage(message: StoredMessage, content: { text: string; blocks: unknown[] | null }) {
      message.text = content.text;
      message.blocks = content.blocks;
      message.edited = true;
      changed();
    },
    deleteMessage(message: StoredMessage) {
      const index = messages.indexOf(message);
      if (index >= 0) messages.splice(index, 1);
      changed();
    },

    view: (viewId: string) => views.get(viewId) ?? null,
    viewPayload,
    modalStackOf,
    /** After a view_submission: close the top view, or all of them (`response_action: clear`). */
    closeModal(userId: string, viewId: string, all = false) {
      const stack = modalStacks.get(userId) ?? [];
      const index = stack.indexOf(viewId);
      if (index < 0) return;
      stack.splice(all ? 0 : index);
      changed();
    },
    /** `response_action: update` or `push` from the submission's answer. */
    replaceOrPushModal(userId: string, viewId: string, view: Record<string, unknown>, push: boolean) {
      const stored = views.get(viewId);
      if (!stored) return;
      if (push) {
        const stack = modalStacks.get(userId) ?? [];
        const next = storeView('modal', userId, view, stored.rootViewId);
        next.previousViewId = stored.id;
        stack.push(next.id);
      } else {
        stored.view = view;
        stored.hash = newHash();
      }
      changed();
    },
    homeOf: (userId: string) => views.get(homes.get(userId) ?? '') ?? null,

    /** What one person sees: their DM with the bot and the channels, with messages meant for them. */
    snapshotFor(userId: string) {
      const dm = dmChannelOf(userId);
      const visible = (m: StoredMessage) => m.visibleTo === null || m.visibleTo === userId;
      const conversation = (id: string, kind: 'dm' | 'channel', name: string) => ({
        id,
        kind,
        name,
        messages: messages
          .filter((m) => m.channel === id && visible(m))
          .map(({ visibleTo: _visibleTo, ...rest }) => rest),
      });
      return {
        version,
        conversations: [
          conversation(dm, 'dm', 'directmessage'),
          ...options.channels.map((channel) => conversation(channel.id, 'channel', channel.name)),
        ],
        home: (() => {
          const home = views.get(homes.get(userId) ?? '');
          return home ? viewPayload(home) : null;
        })(),
        modals: modalStackOf(userId).map(viewPayload),
      };
    },
  };
}
