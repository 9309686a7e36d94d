// The shape of what Slack sends to the bot, checked before Bolt reads it. Bolt dereferences the
// parsed body without looking (`body.ssl_check`, `body.user.id`, `[payload] = body.actions`,
// `body.view.callback_id`…), so a correctly signed `payload=null` threw outside any handler and
// took the process down, and a `view_submission` without `view` became an HTTP 500. Each kind is
// told apart in the order Bolt uses (the receiver's ssl_check and url_verification first, then
// App#processEvent's event, command, options, action, shortcut, view), and must carry what Bolt and
// our listeners read of it. Everything else Slack sends is kept: fields not named here are allowed,
// and a body of a type Bolt has no listener kind for (app_rate_limited, dialog_cancellation) passes
// as `other`, to be answered at once as not handled.

import { z } from 'zod';

/** What a body that passed is, for the log. */
export type SlackBodyKind =
  | 'ssl_check'
  | 'url_verification'
  | 'event'
  | 'command'
  | 'options'
  | 'action'
  | 'shortcut'
  | 'view'
  | 'other';

/** The verdict on one parsed body: its kind, or why it was refused (a short text for the log). */
export type SlackBodyCheck = { ok: true; kind: SlackBodyKind } | { ok: false; reason: string };

/** An object that Bolt may read fields of: not null, not an array. */
const record = z.looseObject({});
/** `team` and `enterprise` are null in org-wide installs; Bolt reads `.id` only when they are not. */
const nullableRecord = record.nullable().optional();
const user = z.looseObject({ id: z.string().min(1) });

/** Fields of every interactive payload that Bolt reads before any listener runs. */
const interactiveBase = {
  type: z.string().min(1),
  user,
  team: nullableRecord,
  enterprise: nullableRecord,
  response_url: z.string().optional(),
  /** view_submission with response_url_enabled: Bolt reads `.length` and `[0].response_url`. */
  response_urls: z.array(z.looseObject({ response_url: z.string() })).optional(),
};

const SslCheck = z.looseObject({ ssl_check: z.literal('1') });

const UrlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string() });

/** An Events API envelope. Bolt reads `user`, `channel`, `item` and `subteam` with `in`. */
const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event: z.looseObject({
    type: z.string().min(1),
    user: z.union([z.string(), record]).optional(),
    channel: z.union([z.string(), record]).optional(),
    item: record.optional(),
    subteam: record.optional(),
  }),
  authorizations: z.array(record).optional(),
});

/** A slash command, form-encoded: every field one string (Slack never repeats a key). */
const SlashCommand = z.object({ command: z.string().regex(/^\/\S+$/) }).catchall(z.string());

/** block_suggestion (and the legacy dialog and message-menu suggestions). */
const OptionsRequest = z.looseObject({ ...interactiveBase, channel: record.optional() });

/** block_actions and the legacy interactive_message: Bolt hands `actions[0]` to the matchers. */
const ActionRequest = z.looseObject({
  ...interactiveBase,
  actions: z.array(record).min(1),
  channel: record.optional(),
});
const BlockActions = ActionRequest.extend({
  type: z.literal('block_actions'),
  actions: z.array(z.looseObject({ action_id: z.string().min(1), type: z.string() })).min(1),
});
const DialogSubmission = z.looseObject({
  ...interactiveBase,
  type: z.literal('dialog_submission'),
  callback_id: z.string(),
  channel: record.optional(),
});

const ShortcutRequest = z.looseObject({
  ...interactiveBase,
  callback_id: z.string(),
  channel: record.optional(),
});

const view = z.looseObject({ id: z.string().min(1), callback_id: z.string() });
const ViewClosed = z.looseObject({ ...interactiveBase, view });
/** A submission carries the form's answers; our listeners read them from `state.values`. */
const ViewSubmission = z.looseObject({
  ...interactiveBase,
  view: view.extend({
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), record)) }),
  }),
});

/** Any other payload Slack may send: an object with a type. */
const OtherRequest = z.looseObject({ type: z.string().min(1) });

/**
 * Checks a parsed request body (HTTP: what Bolt's parser returns; Socket Mode: an envelope's
 * `payload`) against the kind it claims to be. Pure.
 */
export function checkSlackBody(body: unknown): SlackBodyCheck {
  if (typeof body !== 'object' || body === null) return refused(`the body is ${describe(body)}`);
  if (Array.isArray(body)) return refused('the body is an array');
  const fields = body as Record<string, unknown>;
  if (fields.ssl_check !== undefined) return verdict(SslCheck, body, 'ssl_check');
  if (fields.type === 'url_verification') return verdict(UrlVerification, body, 'url_verification');
  if (fields.event !== undefined) return verdict(EventCallback, body, 'event');
  if (fields.command !== undefined) return verdict(SlashCommand, body, 'command');
  if (fields.name !== undefined || fields.type === 'block_suggestion') {
    return verdict(OptionsRequest, body, 'options');
  }
  if (fields.type === 'dialog_submission' && fields.actions === undefined) {
    return verdict(DialogSubmission, body, 'action');
  }
  if (fields.actions !== undefined) {
    return verdict(fields.type === 'block_actions' ? BlockActions : ActionRequest, body, 'action');
  }
  if (fields.type === 'shortcut' || fields.type === 'message_action') {
    return verdict(ShortcutRequest, body, 'shortcut');
  }
  if (fields.type === 'view_submission') return verdict(ViewSubmission, body, 'view');
  if (fields.type === 'view_closed') return verdict(ViewClosed, body, 'view');
  return verdict(OtherRequest, body, 'other');
}

function verdict(schema: z.ZodType, body: unknown, kind: SlackBodyKind): SlackBodyCheck {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, kind };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the body';
  return refused(`${kind}: ${where}: ${issue?.message ?? 'invalid'}`);
}

function refused(reason: string): SlackBodyCheck {
  return { ok: false, reason };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** The envelope types Slack sends over a Socket Mode connection. */
const SOCKET_ENVELOPE_TYPES = ['hello', 'disconnect', 'events_api', 'slash_commands', 'interactive'] as const;

/**
 * The Socket Mode client's own event names. It emits each events_api envelope's event type as an
 * event too, so an event named like one of these would act as the client's state change (our
 * readiness follows `connected` and `disconnected`). No Slack event has such a name.
 */
const CLIENT_EVENT_NAMES = [
  'connecting',
  'connected',
  'reconnecting',
  'disconnecting',
  'disconnected',
  'authenticated',
  'error',
  'close',
  'ws_message',
  'slack_event',
  'outgoing_message',
];

const SocketEnvelope = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('hello') }),
  z.looseObject({ type: z.literal('disconnect') }),
  // The client reads payload.event.type to emit it.
  z.looseObject({
    type: z.literal('events_api'),
    envelope_id: z.string().min(1),
    payload: z.looseObject({
      event: z.looseObject({
        type: z
          .string()
          .refine((type) => !CLIENT_EVENT_NAMES.includes(type), 'an event named like the client’s own'),
      }),
    }),
  }),
  z.looseObject({ type: z.literal('slash_commands'), envelope_id: z.string().min(1), payload: z.unknown() }),
  z.looseObject({ type: z.literal('interactive'), envelope_id: z.string().min(1), payload: z.unknown() }),
]);

/**
 * Checks one Socket Mode WebSocket text message (a Buffer or a string) as far as the Socket Mode
 * client reads it: JSON, a type Slack sends, an envelope id to acknowledge, an event to name.
 * The payload itself is checked later, by {@link checkSlackBody}. Pure.
 */
export function checkSocketEnvelope(data: unknown): { ok: true } | { ok: false; reason: string } {
  let text: string;
  if (typeof data === 'string') text = data;
  else if (data instanceof Uint8Array) text = new TextDecoder().decode(data);
  else return { ok: false, reason: `the message is ${describe(data)}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the message is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: `the message is ${Array.isArray(parsed) ? 'an array' : describe(parsed)}` };
  }
  const type = (parsed as Record<string, unknown>).type;
  if (typeof type !== 'string' || !(SOCKET_ENVELOPE_TYPES as readonly string[]).includes(type)) {
    return { ok: false, reason: `unknown envelope type ${JSON.stringify(type ?? null).slice(0, 40)}` };
  }
  const result = SocketEnvelope.safeParse(parsed);
  if (result.success) return { ok: true };
  const issue = result.error.issues[0];
  return {
    ok: false,
    reason: `${type}: ${issue?.path.join('.') || 'the envelope'}: ${issue?.message ?? 'invalid'}`,
  };
}

/**
 * What a log line may say about a request: its type, the ids that name what it asked for, and who
 * sent it. Never the token, the response_url or what a user typed.
 */
export function summarizeSlackBody(body: unknown): Record<string, string> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const fields = body as Record<string, unknown>;
  const summary: Record<string, string> = {};
  const put = (key: string, value: unknown) => {
    if (typeof value === 'string' && value) summary[key] = value.slice(0, 255);
  };
  put('type', fields.type);
  put('command', fields.command);
  put('callbackId', fields.callback_id);
  if (Array.isArray(fields.actions) && typeof fields.actions[0] === 'object' && fields.actions[0] !== null) {
    put('actionId', (fields.actions[0] as Record<string, unknown>).action_id);
  }
  if (typeof fields.view === 'object' && fields.view !== null) {
    put('callbackId', (fields.view as Record<string, unknown>).callback_id);
  }
  if (typeof fields.event === 'object' && fields.event !== null) {
    put('eventType', (fields.event as Record<string, unknown>).type);
  }
  put('requestId', typeof fields.event_id === 'string' ? fields.event_id : fields.trigger_id);
  const user =
    typeof fields.user === 'object' && fields.user !== null ? (fields.user as Record<string, unknown>) : {};
  const team =
    typeof fields.team === 'object' && fields.team !== null ? (fields.team as Record<string, unknown>) : {};
  put('userId', user.id ?? fields.user_id);
  put('teamId', team.id ?? fields.team_id);
  return summary;
}
