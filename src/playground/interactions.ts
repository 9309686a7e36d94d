// What a person does on the playground page, turned into the signed requests Slack would send to
// the bot's /slack/events (slash commands, block_actions, view_submission, view_closed,
// app_home_opened), and the bot's HTTP answers applied to the double as Slack applies them.

import { randomBytes } from 'node:crypto';
import type { Logger } from '../shared/logger.ts';
import type { SlackDouble, StoredMessage } from './slack-double.ts';
import { signSlackRequest } from './slack-signature.ts';

/** Slack gives up on an acknowledgement after 3 s and shows the user `operation_timeout`. */
export const ACK_DEADLINE_MS = 3000;

/** A response_url accepts answers for 30 minutes (Slack: up to five times in 30 minutes). */
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
const RESPONSE_URL_USES = 5;

export interface InteractionsOptions {
  double: SlackDouble;
  signingSecret: string;
  /** The bot's events URL, e.g. http://127.0.0.1:41234/slack/events (known once the bot is up). */
  eventsUrl: () => string | null;
  /** Base URL of the double's routes, for response_url. */
  baseUrl: () => string;
  logger: Logger;
  now?: () => number;
}

export type InteractionResult = { ok: true } | { ok: false; error: string; errors?: Record<string, string> };

export type ActionSource =
  | { type: 'message'; channel: string; ts: string }
  | { type: 'view'; viewId: string };

export interface PageAction {
  type: string;
  action_id: string;
  block_id: string;
  value?: string;
  selected_option?: unknown;
  selected_user?: string;
}

interface ResponseTarget {
  userId: string;
  channel: string;
  /** The message an interaction came from (`replace_original`, `delete_original`). */
  sourceTs: string | null;
  expiresAt: number;
  usesLeft: number;
}

const SLASH_COMMANDS = new Set(['/doc', '/seal', '/supply', '/archive', '/meeting']);

export type Interactions = ReturnType<typeof createInteractions>;

export function createInteractions(options: InteractionsOptions) {
  const { double, logger } = options;
  const now = options.now ?? Date.now;
  const responseTargets = new Map<string, ResponseTarget>();
  let eventCounter = 0;

  const userOf = (userId: string) => double.users().find((user) => user.userId === userId) ?? null;
  const slackUser = (userId: string) => ({
    id: userId,
    username: userOf(userId)?.nameEn ?? userId,
    name: userOf(userId)?.nameEn ?? userId,
    team_id: double.teamId,
  });
  const team = () => ({ id: double.teamId, domain: 'playground' });

  function newResponseUrl(target: Omit<ResponseTarget, 'expiresAt' | 'usesLeft'>): string {
    const token = randomBytes(12).toString('hex');
    responseTargets.set(token, {
      ...target,
      expiresAt: now() + RESPONSE_URL_LIFETIME_MS,
      usesLeft: RESPONSE_URL_USES,
    });
    return `${options.baseUrl()}respond/${token}`;
  }

  /** Sends one signed request to the bot; `null` when it did not answer within Slack's 3 s. */
  async function send(body: string, contentType: string): Promise<{ status: number; text: string } | null> {
    const url = options.eventsUrl();
    if (!url) return { status: 503, text: '' };
    const timestamp = Math.floor(now() / 1000);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signSlackRequest(options.signingSecret, body, timestamp),
        },
        body,
        signal: AbortSignal.timeout(ACK_DEADLINE_MS),
      });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      logger.warn({ err: error }, 'the bot did not acknowledge in time');
      return null;
    }
  }

  const sendInteractive = (payload: Record<string, unknown>) =>
    send(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );

  function note(userId: string, channel: string, text: string) {
    double.postMessage({ channel, text, blocks: null, from: 'system', visibleTo: userId });
  }

  /** A failed acknowledgement, as Slack would tell the user. */
  function ackProblem(answer: { status: number } | null): string | null {
    if (answer === null)
      return '机器人 3 秒内没有应答（Slack 会显示 operation_timeout）。The bot did not answer within 3 s.';
    if (answer.status >= 400)
      return `机器人拒绝了请求（HTTP ${answer.status}）。The bot refused the request (HTTP ${answer.status}).`;
    return null;
  }

  function parseJson(text: string): Record<string, unknown> | null {
    if (!text.trim()) return null;
    try {
      const value: unknown = JSON.parse(text);
      return value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  }

  /** Posts what the bot answered to a command or through a response_url, as Slack shows it. */
  function showResponse(target: { userId: string; channel: string }, body: Record<string, unknown>) {
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = Array.isArray(body.blocks) ? body.blocks : null;
    if (!text && !blocks?.length) return;
    const inChannel = body.response_type === 'in_channel';
    double.postMessage({
      channel: target.channel,
      text,
      blocks,
      from: 'bot',
      visibleTo: inChannel ? null : target.userId,
      ephemeral: !inChannel,
    });
  }

  return {
    /** A slash command typed by `userId` in `channel`. */
    async command(input: {
      userId: string;
      channel: string;
      command: string;
      text: string;
    }): Promise<InteractionResult> {
      const { userId, channel, command, text } = input;
      if (!userOf(userId)) return { ok: false, error: 'unknown_user' };
      if (!SLASH_COMMANDS.has(command)) {
        note(userId, channel, `${command} 不是本应用的命令。Not a command of this app: ${command}`);
        return { ok: false, error: 'unknown_command' };
      }
      double.postMessage({
        channel,
        text: `${command} ${text}`.trim(),
        blocks: null,
        from: 'user',
        visibleTo: userId,
      });
      const body = new URLSearchParams({
        token: 'playground-verification-token',
        team_id: double.teamId,
        team_domain: 'playground',
        channel_id: channel,
        channel_name: channel.startsWith('D') ? 'directmessage' : channel,
        user_id: userId,
        user_name: userOf(userId)?.nameEn ?? userId,
        command,
        text,
        api_app_id: 'A0PLAYGROUND',
        is_enterprise_install: 'false',
        response_url: newResponseUrl({ userId, channel, sourceTs: null }),
        trigger_id: double.issueTrigger(userId),
      }).toString();
      const answer = await send(body, 'application/x-www-form-urlencoded');
      const problem = ackProblem(answer);
      if (problem) {
        note(userId, channel, `${command} 失败：${problem}`);
        return { ok: false, error: problem };
      }
      const ack = parseJson(answer?.text ?? '');
      if (ack) double.received({ via: 'ack', body: ack });
      if (ack) showResponse({ userId, channel }, ack);
      return { ok: true };
    },

    /** A button press or a menu choice, in a message or in a view. */
    async action(input: {
      userId: string;
      source: ActionSource;
      action: PageAction;
    }): Promise<InteractionResult> {
      const { userId, source, action } = input;
      if (!userOf(userId)) return { ok: false, error: 'unknown_user' };
      const base = {
        type: 'block_actions',
        team: team(),
        user: slackUser(userId),
        api_app_id: 'A0PLAYGROUND',
        token: 'playground-verification-token',
        trigger_id: double.issueTrigger(userId),
        is_enterprise_install: false,
        enterprise: null,
        actions: [{ ...action, action_ts: (now() / 1000).toFixed(6) }],
      };
      let payload: Record<string, unknown>;
      let channel: string | null = null;
      if (source.type === 'message') {
        const message = double.findMessage(source.channel, source.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        channel = source.channel;
        payload = {
          ...base,
          container: {
            type: 'message',
            message_ts: message.ts,
            channel_id: message.channel,
            is_ephemeral: message.ephemeral,
          },
          channel: {
            id: message.channel,
            name: message.channel.startsWith('D') ? 'directmessage' : message.channel,
          },
          ...(message.ephemeral
            ? {}
            : { message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks } }),
          state: { values: {} },
          response_url: newResponseUrl({ userId, channel: message.channel, sourceTs: message.ts }),
        };
      } else {
        const view = double.view(source.viewId);
        if (!view || view.userId !== userId) return { ok: false, error: 'view_not_found' };
        payload = {
          ...base,
          container: { type: 'view', view_id: view.id },
          view: double.viewPayload(view),
        };
      }
      const answer = await sendInteractive(payload);
      const problem = ackProblem(answer);
      if (problem) {
        if (channel) note(userId, channel, problem);
        return { ok: false, error: problem };
      }
      const ack = parseJson(answer?.text ?? '');
      if (ack) double.received({ via: 'ack', body: ack });
      return { ok: true };
    },

    /** A modal's submit button: Slack sends the values and acts on `response_action`. */
    async submit(input: {
      userId: string;
      viewId: string;
      values: Record<string, unknown>;
    }): Promise<InteractionResult> {
      const view = double.view(input.viewId);
      if (!view || view.userId !== input.userId || view.type !== 'modal')
        return { ok: false, error: 'view_not_found' };
      const answer = await sendInteractive({
        type: 'view_submission',
        team: team(),
        user: slackUser(input.userId),
        api_app_id: 'A0PLAYGROUND',
        token: 'playground-verification-token',
        trigger_id: double.issueTrigger(input.userId),
        view: { ...double.viewPayload(view), state: { values: input.values } },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      });
      const problem = ackProblem(answer);
      if (problem) return { ok: false, error: problem };
      const ack = parseJson(answer?.text ?? '');
      if (ack) double.received({ via: 'ack', body: ack });
      switch (ack?.response_action) {
        case 'errors':
          return {
            ok: false,
            error: 'invalid_input',
            errors: (ack.errors && typeof ack.errors === 'object' ? ack.errors : {}) as Record<
              string,
              string
            >,
          };
        case 'update':
        case 'push':
          if (ack.view && typeof ack.view === 'object') {
            double.replaceOrPushModal(
              input.userId,
              view.id,
              ack.view as Record<string, unknown>,
              ack.response_action === 'push',
            );
          }
          return { ok: true };
        case 'clear':
          double.closeModal(input.userId, view.id, true);
          return { ok: true };
        default:
          double.closeModal(input.userId, view.id);
          return { ok: true };
      }
    },

    /** The modal's close button: Slack closes it, and tells the bot only when the view asked. */
    async close(input: { userId: string; viewId: string }): Promise<InteractionResult> {
      const view = double.view(input.viewId);
      if (!view || view.userId !== input.userId) return { ok: false, error: 'view_not_found' };
      double.closeModal(input.userId, view.id);
      if (view.view.notify_on_close === true) {
        await sendInteractive({
          type: 'view_closed',
          team: team(),
          user: slackUser(input.userId),
          api_app_id: 'A0PLAYGROUND',
          token: 'playground-verification-token',
          view: double.viewPayload(view),
          is_cleared: false,
        });
      }
      return { ok: true };
    },

    /** The person opened the App Home tab: the Events API's `app_home_opened`. */
    async homeOpened(userId: string): Promise<InteractionResult> {
      if (!userOf(userId)) return { ok: false, error: 'unknown_user' };
      const home = double.homeOf(userId);
      const answer = await send(
        JSON.stringify({
          token: 'playground-verification-token',
          team_id: double.teamId,
          api_app_id: 'A0PLAYGROUND',
          type: 'event_callback',
          event_id: `Ev0PLAY${(++eventCounter).toString().padStart(6, '0')}`,
          event_time: Math.floor(now() / 1000),
          event: {
            type: 'app_home_opened',
            user: userId,
            channel: double.dmChannelOf(userId),
            tab: 'home',
            event_ts: (now() / 1000).toFixed(6),
            ...(home ? { view: double.viewPayload(home) } : {}),
          },
        }),
        'application/json',
      );
      const problem = ackProblem(answer);
      return problem ? { ok: false, error: problem } : { ok: true };
    },

    /** A POST to a response_url the playground handed out. Slack's answers: `ok` or an error text. */
    respond(token: string, body: Record<string, unknown>): { status: number; text: string } {
      const target = responseTargets.get(token);
      if (!target || target.expiresAt < now() || target.usesLeft <= 0)
        return { status: 404, text: 'expired_url' };
      target.usesLeft -= 1;
      double.received({ via: 'response_url', body });
      const source: StoredMessage | null = target.sourceTs
        ? double.findMessage(target.channel, target.sourceTs)
        : null;
      if (body.delete_original === true) {
        if (source) double.deleteMessage(source);
        return { status: 200, text: 'ok' };
      }
      if (body.replace_original === true && source) {
        double.replaceMessage(source, {
          text: typeof body.text === 'string' ? body.text : '',
          blocks: Array.isArray(body.blocks) ? body.blocks : null,
        });
        return { status: 200, text: 'ok' };
      }
      showResponse(target, body);
      return { status: 200, text: 'ok' };
    },
  };
}
