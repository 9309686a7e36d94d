// Delivers outbox messages to Slack's Web API. Each kind is a handler in a registry, so another
// feature adds its kind (`card.sync`) with `register()` without touching the dispatcher. The bot's
// intents (src/outbox/intents.ts) name people and items; turning them into Slack's user ids,
// channels, message timestamps and Block Kit happens here and in the per-kind deliveries beside it.

import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import {
  type ChatDelivery,
  DeliveryError,
  type DeliveryRecord,
  type DeliveryResult,
} from '../../outbox/delivery.ts';
import type { ClaimedOutboxMessage, JsonValue } from '../../outbox/outbox-message.ts';
import type { Logger } from '../../shared/logger.ts';
import { classifySlackError } from './slack-errors.ts';

/** Slack's name among chat platforms: what a card copy posted here records as its `platform`. */
export const SLACK_PLATFORM = 'slack';

/** The part of the Web API client the delivery uses. */
export type SlackApiClient = Pick<webApi.WebClient, 'apiCall'>;

/** A Web API method's answer (`ok: true`; the other fields depend on the method). */
export type SlackApiResult = Record<string, unknown>;

/** What a kind handler gets besides its payload. */
export interface SlackDeliveryContext {
  message: ClaimedOutboxMessage;
  /**
   * Calls a Web API method. A failure is thrown as a classified DeliveryError (a 429 pauses
   * `method`); let it propagate unless the handler can do better.
   */
  call(method: string, args: Record<string, unknown>): Promise<SlackApiResult>;
  /** The DM channel with `userId` (conversations.open once, then remembered by this process). */
  openDirectMessage(userId: string): Promise<string>;
  /** Forgets the remembered DM channel of `userId` (after Slack says it is gone). */
  forgetDirectMessage(userId: string): void;
  /**
   * Records what the delivery did (where a posted card copy is…) with the row's `sent`, in the
   * same statement (see DeliveryRecord): written once Slack accepted, never before.
   */
  record(write: DeliveryRecord): void;
  logger: Logger;
}

/**
 * How one outbox kind is delivered to Slack. Build it with {@link defineSlackKind} so the payload's
 * type follows from the schema.
 */
export interface SlackKindHandler<Payload = unknown> {
  /** Validates the stored payload on delivery; a payload it rejects is a permanent failure. */
  readonly schema: z.ZodType<Payload>;
  /** The Web API methods delivering `payload` may call: a 429 on one holds back all that use it. */
  methods(payload: Payload): readonly string[];
  /** Delivers; the returned value is stored on the row as its result. */
  deliver(payload: Payload, context: SlackDeliveryContext): Promise<JsonValue | undefined>;
}

/** Types a handler from its schema (the payload's type is the schema's output). */
export function defineSlackKind<Payload>(handler: SlackKindHandler<Payload>): SlackKindHandler<Payload> {
  return handler;
}

/** A Slack delivery whose kinds can be extended. */
export interface SlackDelivery extends ChatDelivery {
  /** Adds a kind; registering a kind twice is a programming error and throws. */
  register(kind: string, handler: SlackKindHandler): void;
  /** The kinds it can deliver. */
  kinds(): string[];
}

export interface SlackDeliveryOptions {
  /** Built by the caller: `new WebClient(botToken, buildWebClientOptions(apiUrl))`. */
  client: SlackApiClient;
  logger: Logger;
  /** Extra kinds besides {@link builtinSlackKinds} (also addable later with `register`). */
  kinds?: Record<string, SlackKindHandler>;
}

/** Creates the Slack implementation of {@link ChatDelivery}. */
export function createSlackDelivery(options: SlackDeliveryOptions): SlackDelivery {
  const logger = options.logger.child({ component: 'slack-delivery' });
  const handlers = new Map<string, SlackKindHandler>();
  // Per process; a restart opens each DM once more. conversations.open on an open DM is harmless.
  const dmChannels = new Map<string, string>();

  function register(kind: string, handler: SlackKindHandler): void {
    if (handlers.has(kind)) throw new Error(`Slack delivery kind ${kind} is already registered`);
    handlers.set(kind, handler);
  }
  for (const [kind, handler] of Object.entries(builtinSlackKinds)) register(kind, handler);
  for (const [kind, handler] of Object.entries(options.kinds ?? {})) register(kind, handler);

  async function call(method: string, args: Record<string, unknown>): Promise<SlackApiResult> {
    try {
      return (await options.client.apiCall(method, args)) as unknown as SlackApiResult;
    } catch (error) {
      const classification = classifySlackError(error, method);
      const detail = error instanceof Error ? error.message : String(error);
      throw new DeliveryError(classification, `${method}: ${detail}`, { cause: error });
    }
  }

  function contextFor(message: ClaimedOutboxMessage, records: DeliveryRecord[]): SlackDeliveryContext {
    return {
      message,
      call,
      record(write) {
        records.push(write);
      },
      async openDirectMessage(userId) {
        const known = dmChannels.get(userId);
        if (known !== undefined) return known;
        const opened = await call('conversations.open', { users: userId });
        const channelId = (opened.channel as { id?: unknown } | undefined)?.id;
        if (typeof channelId !== 'string' || channelId === '') {
          throw new DeliveryError(
            { kind: 'transient', code: 'conversations_open_without_channel' },
            'conversations.open answered without a channel id',
          );
        }
        dmChannels.set(userId, channelId);
        return channelId;
      },
      forgetDirectMessage(userId) {
        dmChannels.delete(userId);
      },
      logger,
    };
  }

  function parse(message: ClaimedOutboxMessage): { handler: SlackKindHandler; payload: unknown } {
    const handler = handlers.get(message.kind);
    if (handler === undefined) {
      throw new DeliveryError(
        { kind: 'permanent', code: 'unknown_kind', recognised: true },
        `no Slack delivery for outbox kind ${message.kind}`,
      );
    }
    const parsed = handler.schema.safeParse(message.payload);
    if (!parsed.success) {
      throw new DeliveryError(
        { kind: 'permanent', code: 'invalid_payload', recognised: true },
        `invalid ${message.kind} payload: ${z.prettifyError(parsed.error)}`,
      );
    }
    return { handler, payload: parsed.data };
  }

  return {
    register,
    kinds: () => [...handlers.keys()],
    scopesOf(message) {
      try {
        const { handler, payload } = parse(message);
        return handler.methods(payload);
      } catch {
        return [];
      }
    },
    async deliver(message): Promise<DeliveryResult> {
      const { handler, payload } = parse(message);
      const records: DeliveryRecord[] = [];
      const result = await handler.deliver(payload, contextFor(message, records));
      return {
        ok: true,
        ...(result === undefined ? {} : { result }),
        ...(records.length === 0 ? {} : { records }),
      };
    },
  };
}

/** A Block Kit block; Slack validates the rest (an invalid block is a permanent `invalid_blocks`). */
const blockSchema = z.looseObject({ type: z.string().min(1) });
const blocksSchema = z.array(blockSchema).optional();
const idSchema = z.string().min(1);

/** `message.post`: a new message in a channel, or a direct message to a user. */
export const messagePostPayloadSchema = z
  .object({
    channel: idSchema.optional(),
    /** Slack user id: sent as a DM (conversations.open first). */
    userId: idSchema.optional(),
    /** Always present: the notification text and the fallback for blocks. */
    text: z.string().min(1),
    blocks: blocksSchema,
  })
  .refine((payload) => (payload.channel === undefined) !== (payload.userId === undefined), {
    message: 'exactly one of channel and userId is required',
  });
export type MessagePostPayload = z.output<typeof messagePostPayloadSchema>;

/** `message.update`: replaces the text and blocks of a posted message. */
export const messageUpdatePayloadSchema = z.object({
  channel: idSchema,
  ts: idSchema,
  text: z.string().min(1),
  blocks: blocksSchema,
});
export type MessageUpdatePayload = z.output<typeof messageUpdatePayloadSchema>;

/** `message.ephemeral`: a message only `user` sees, in `channel` (what `person.reply` was before it). */
export const messageEphemeralPayloadSchema = z.object({
  channel: idSchema,
  user: idSchema,
  text: z.string().min(1),
  blocks: blocksSchema,
});
export type MessageEphemeralPayload = z.output<typeof messageEphemeralPayloadSchema>;

/** `view.update`: replaces an open modal; with `hash`, only if nobody changed it meanwhile. */
export const viewUpdatePayloadSchema = z.object({
  viewId: idSchema,
  hash: z.string().min(1).optional(),
  view: z.looseObject({ type: z.string().min(1) }),
});
export type ViewUpdatePayload = z.output<typeof viewUpdatePayloadSchema>;

/** Platform errors after which a remembered DM channel should be opened again next time. */
export const STALE_DM_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
]);

/**
 * Slack's own kinds, outside the bot's registry of intents: raw Web API messages. The bot writes
 * none of them (features speak in intents); they are delivered for rows an operator or a test
 * wrote, and `message.ephemeral` for rows written before replies became `person.reply`. A writer
 * that means to write them passes this registry to enqueueOutbox beside the bot's.
 */
export const SLACK_NATIVE_INTENTS = {
  'message.post': messagePostPayloadSchema,
  'message.update': messageUpdatePayloadSchema,
  'message.ephemeral': messageEphemeralPayloadSchema,
  'view.update': viewUpdatePayloadSchema,
} as const;

/** The kinds every Slack delivery knows. */
export const builtinSlackKinds: Record<string, SlackKindHandler> = {
  'message.post': defineSlackKind({
    schema: messagePostPayloadSchema,
    methods: (payload) =>
      payload.userId === undefined ? ['chat.postMessage'] : ['conversations.open', 'chat.postMessage'],
    async deliver(payload, context) {
      const channel =
        payload.userId === undefined ? payload.channel : await context.openDirectMessage(payload.userId);
      try {
        const posted = await context.call('chat.postMessage', {
          channel,
          text: payload.text,
          blocks: payload.blocks,
        });
        return { channel: stringOr(posted.channel, channel ?? ''), ts: stringOr(posted.ts, '') };
      } catch (error) {
        if (payload.userId !== undefined && isPlatformError(error, STALE_DM_ERRORS)) {
          context.forgetDirectMessage(payload.userId);
        }
        throw error;
      }
    },
  }),
  'message.update': defineSlackKind({
    schema: messageUpdatePayloadSchema,
    methods: () => ['chat.update'],
    async deliver(payload, context) {
      const updated = await context.call('chat.update', {
        channel: payload.channel,
        ts: payload.ts,
        text: payload.text,
        blocks: payload.blocks,
      });
      return { channel: stringOr(updated.channel, payload.channel), ts: stringOr(updated.ts, payload.ts) };
    },
  }),
  'message.ephemeral': defineSlackKind({
    schema: messageEphemeralPayloadSchema,
    methods: () => ['chat.postEphemeral'],
    async deliver(payload, context) {
      const posted = await context.call('chat.postEphemeral', {
        channel: payload.channel,
        user: payload.user,
        text: payload.text,
        blocks: payload.blocks,
      });
      return { channel: payload.channel, messageTs: stringOr(posted.message_ts, '') };
    },
  }),
  'view.update': defineSlackKind({
    schema: viewUpdatePayloadSchema,
    methods: () => ['views.update'],
    async deliver(payload, context) {
      const updated = await context.call('views.update', {
        view_id: payload.viewId,
        hash: payload.hash,
        view: payload.view,
      });
      const view = updated.view as { id?: unknown; hash?: unknown } | undefined;
      return { viewId: stringOr(view?.id, payload.viewId), hash: stringOr(view?.hash, '') };
    },
  }),
};

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** Whether `error` is the platform's permanent answer with one of `codes` (e.g. {@link STALE_DM_ERRORS}). */
export function isPlatformError(error: unknown, codes: ReadonlySet<string>): boolean {
  return (
    error instanceof DeliveryError &&
    error.classification.kind === 'permanent' &&
    codes.has(error.classification.code)
  );
}
