import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { z } from 'zod';
import { signSlackRequest } from '../../src/playground/slack-signature.ts';

export { signSlackRequest };

/** A signing secret in the shape Slack issues (hex), fresh per call so tests share nothing. */
export function newSigningSecret(): string {
  return randomBytes(16).toString('hex');
}

/** A unique Slack-style id with `prefix` (U for users, T for teams, C for channels…). */
export function newSlackId(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;
}

/** Now, in the seconds Slack puts in `x-slack-request-timestamp`. */
export function slackTimestamp(offsetSeconds = 0): number {
  return Math.floor(Date.now() / 1000) + offsetSeconds;
}

export interface PostSlackOptions {
  /** Signs with this secret unless `signature` is given. */
  secret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Sent instead of the correct signature (to forge one). */
  signature?: string;
  /** Default: JSON for a body starting with `{`, else form-encoded (slash commands, interactivity). */
  contentType?: string;
  path?: string;
  headers?: Record<string, string>;
}

export interface SlackResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** POSTs `body` to 127.0.0.1:`port` signed as Slack would, on a fresh connection. */
export function postSlack(port: number, body: string, options: PostSlackOptions): Promise<SlackResponse> {
  const timestamp = options.timestamp ?? slackTimestamp();
  const contentType =
    options.contentType ??
    (body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded');
  return sendRequest(port, 'POST', options.path ?? '/slack/events', body, {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? signSlackRequest(options.secret, body, timestamp),
    ...options.headers,
  });
}

/** GETs `path` from 127.0.0.1:`port`. */
export function getPath(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<SlackResponse> {
  return sendRequest(port, 'GET', path, undefined, headers);
}

/** A slash command body, form-encoded like Slack's, with the fields Slack always sends. */
export function slashCommandBody(fields: {
  command: string;
  text?: string;
  userId: string;
  teamId: string;
  channelId?: string;
  triggerId?: string;
  responseUrl?: string;
  token?: string;
}): string {
  return new URLSearchParams({
    token: fields.token ?? `legacy${randomBytes(8).toString('hex')}`,
    team_id: fields.teamId,
    team_domain: 'office',
    channel_id: fields.channelId ?? newSlackId('C'),
    channel_name: 'general',
    user_id: fields.userId,
    user_name: 'tester',
    command: fields.command,
    text: fields.text ?? '',
    api_app_id: 'A0TEST',
    is_enterprise_install: 'false',
    response_url:
      fields.responseUrl ??
      `https://hooks.slack.com/commands/${fields.teamId}/1/${randomBytes(12).toString('hex')}`,
    trigger_id: fields.triggerId ?? `${Date.now()}.1.${randomBytes(8).toString('hex')}`,
  }).toString();
}

/** A `block_actions` payload for one button click on a message, form-encoded like Slack's. */
export function blockActionsBody(input: {
  teamId: string;
  userId: string;
  actionId: string;
  value: string;
  channel: string;
  responseUrl?: string;
}): string {
  const payload = {
    type: 'block_actions',
    team: { id: input.teamId, domain: 'office' },
    user: { id: input.userId, team_id: input.teamId },
    api_app_id: 'A0TEST',
    token: 'legacy-token',
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: input.channel,
      is_ephemeral: false,
    },
    trigger_id: `1700000000.1.${randomBytes(6).toString('hex')}`,
    channel: { id: input.channel, name: 'directmessage' },
    response_url: input.responseUrl ?? `https://hooks.slack.com/actions/${randomBytes(6).toString('hex')}`,
    actions: [
      {
        action_id: input.actionId,
        block_id: 'wfc:1:actions',
        value: input.value,
        type: 'button',
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A `view_submission` of the workflow action form with a comment, form-encoded like Slack's. */
export function viewSubmissionBody(input: {
  teamId: string;
  userId: string;
  privateMetadata: string;
  comment: string;
}): string {
  const payload = {
    type: 'view_submission',
    team: { id: input.teamId, domain: 'office' },
    user: { id: input.userId, team_id: input.teamId },
    api_app_id: 'A0TEST',
    token: 'legacy-token',
    trigger_id: `1700000000.2.${randomBytes(6).toString('hex')}`,
    view: {
      id: 'V0MODAL',
      type: 'modal',
      callback_id: 'wf_action_modal',
      private_metadata: input.privateMetadata,
      hash: 'h1',
      state: {
        values: {
          wf_modal_comment: { wf_comment_input: { type: 'plain_text_input', value: input.comment } },
        },
      },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API envelope around `event`, as JSON. */
export function eventCallbackBody(fields: {
  teamId: string;
  event: Record<string, unknown>;
  eventId?: string;
  token?: string;
}): string {
  return JSON.stringify({
    token: fields.token ?? `legacy${randomBytes(8).toString('hex')}`,
    team_id: fields.teamId,
    api_app_id: 'A0TEST',
    type: 'event_callback',
    event_id: fields.eventId ?? newSlackId('Ev'),
    event_time: slackTimestamp(),
    event: fields.event,
  });
}

function sendRequest(
  port: number,
  method: string,
  path: string,
  body: string | undefined,
  headers: Record<string, string>,
): Promise<SlackResponse> {
  return new Promise((resolve, reject) => {
    // agent: false gives each request its own connection, so a test controls what is in flight.
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const slackMessageRef = z.object({ channel: z.string().min(1), ts: z.string().min(1) });

/**
 * A card copy with its Slack reference read out of `message_ref` (where the Slack adapter records
 * the channel and ts of the message): `channelId` and `messageTs`.
 */
export function withSlackRef<T extends { messageRef: unknown }>(
  copy: T,
): T & { channelId: string; messageTs: string } {
  const ref = slackMessageRef.parse(copy.messageRef);
  return { ...copy, channelId: ref.channel, messageTs: ref.ts };
}
