// DingTalk as a chat adapter: an enterprise internal app's robot over Stream mode. The Stream
// client ACKs every frame before this adapter sees it; the adapter turns a robot message into a
// command (the text is the command) and a card click into the core's flow (its own handler, in
// the card clicks' file), and draws the answers
// as DingTalk can: no ephemeral messages (an answer is a DM in the person's chat with the robot),
// no modals (a short form opens on the card's own panel, a long one is a web-form link), cards
// updated in place at any time.
//
// A frame delivered twice (a late or lost ACK, a reconnect) does nothing more: the same frame seen
// again by this process is dropped by its messageId, and what a frame causes is keyed in the
// database by it too, so a redelivery after a restart changes nothing either: a command's start is
// keyed `dingtalk:<messageId>` (the start hooks dedupe by it), a click by the click's own key
// (the item, the version its card showed, the person and the action).

import type { DingTalkSettings } from '../../config.ts';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import type { MergedFeatures } from '../../features/feature-module.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { ChatConnectionState } from '../../http/health.ts';
import { type ChatIdentity, INSTALLATION_TENANT, identityOfChatAccount } from '../../org/chat-accounts.ts';
import type { Clock } from '../../shared/clock.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ChatAdapter, ChatCapabilities, WebFormLinker } from '../core/adapter.ts';
import {
  answerTypedText,
  answerWithoutModals,
  type ButtonHandler,
  type CommandAnswer,
  type CommandContext,
  type CommandHandler,
  commandOfText,
} from '../core/commands.ts';
import type { EngineChatSide } from '../core/platform-module.ts';
import { plainOf, type Reply, replyButtons } from '../core/reply.ts';
import { createSeenKeys, mimeTypeOf } from '../core/show-answer.ts';
import type { ChatRuntime } from '../runtime.ts';
import { createDingTalkApi, type DingTalkApi } from './api.ts';
import { createCardClickHandler } from './card-clicks.ts';
import { createDingTalkDelivery, DINGTALK_PLATFORM } from './dingtalk-delivery.ts';
import {
  type ConnectionLeader,
  createConnectionLeader,
  type LeaderDatabase,
  leaderLockKey,
} from './leader.ts';
import { createDingTalkSender } from './sender.ts';
import {
  createStreamClient,
  type StreamClient,
  type StreamClientSettings,
  type StreamMessage,
} from './stream-client.ts';
import { TOPIC_CARD_CALLBACK, TOPIC_ROBOT_MESSAGE } from './stream-frames.ts';
import { createAccessTokenSource } from './token.ts';

/** DingTalk's configuration when it is turned on. */
export type DingTalkStreamSettings = Extract<DingTalkSettings, { mode: 'stream' }>;

/**
 * No ephemeral messages, no modals; a card is updated in place by its outTrackId at any time; a
 * card's panel takes typed text (an opinion, a reason).
 */
export const DINGTALK_CAPABILITIES: ChatCapabilities = {
  ephemeral: false,
  modals: false,
  cardUpdate: 'any',
  cardTextInput: true,
};

/**
 * The workspace of a DingTalk event: its corp (组织) id, which DingTalk sends with every robot
 * message and card click; this name only where it did not, so an item and its clicks still agree.
 */
export const DINGTALK_WORKSPACE = 'dingtalk';

function workspaceOf(corpId: string | null | undefined): string {
  return corpId ? corpId : DINGTALK_WORKSPACE;
}

/** How many frame ids the adapter remembers to drop a second copy without touching the database. */
const SEEN_FRAMES_MAX = 5000;

/** What the DingTalk adapter is built from. */
export interface DingTalkAdapterOptions {
  settings: DingTalkStreamSettings;
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  calendar: WeekdayCalendar;
  /** The enabled features: definitions, card parts, outbox kinds. */
  features: Pick<MergedFeatures, 'definitions' | 'cards' | 'outboxKinds'>;
  /** The engine's chat side. */
  workflow: Pick<
    EngineChatSide,
    'service' | 'namesOf' | 'replyTo' | 'refreshCard' | 'timeZone' | 'formContext'
  >;
  /** The features' commands and reply buttons. */
  commands: { commands: readonly CommandHandler[]; buttons: readonly ButtonHandler[] };
  /** The bot's web forms (served on its HTTP port), for forms the card cannot draw; null: none. */
  webForms: {
    linkFor: WebFormLinker;
    formOfStep(stepId: string): string | null;
    hasForm(formId: string): boolean;
  } | null;
  /** Where electronic archive records' files are. */
  archiveFilesDir: string;
  /** The Stream client's timing (tests shorten the backoff). */
  stream?: Partial<
    Pick<StreamClientSettings, 'sleep' | 'reconnect' | 'keepAliveMs' | 'stableAfterMs' | 'timeoutMs'>
  >;
  /** The token's clock, milliseconds since the epoch (tests move it to expire the token). */
  tokenNow?: () => number;
  /**
   * Where the lock that makes one replica hold the Stream connection lives: the bot's database
   * (default PGlite, whose one process always leads), and how often a standby tries for it.
   */
  leader?: { database: LeaderDatabase; retryMs?: number };
  /** Told once a frame's work is done (tests wait on it). */
  onFrameHandled?: (messageId: string) => void;
}

/** The DingTalk adapter: a {@link ChatAdapter}, and its frame handler (for tests). */
export interface DingTalkAdapter extends ChatAdapter {
  /** Does the work of one frame, as the Stream client hands it over after its ACK. */
  handle(message: StreamMessage): Promise<void>;
  readonly api: DingTalkApi;
}

/** An answer as DingTalk can show it: no forms (their links instead), not-linked in words. */
type ShownAnswer = ReturnType<typeof answerWithoutModals>;

/** A robot message as the bot reads it. */
interface RobotMessage {
  userId: string;
  text: string;
  corpId: string | null;
  /**
   * Where it was written when that is a group (with @robot: DingTalk sends the robot nothing else
   * from a group): the group's openConversationId, and the session webhook that answers there
   * (null when it is not DingTalk's own address). Null for the person's chat with the robot.
   */
  group: { conversationId: string; sessionWebhook: string | null } | null;
}

/** Reads the robot message callback's fields the bot uses. */
function robotMessageOf(data: unknown, oapiUrl: string): RobotMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const { senderStaffId, text, senderCorpId, conversationType, conversationId, sessionWebhook } = data as {
    senderStaffId?: unknown;
    text?: { content?: unknown };
    senderCorpId?: unknown;
    conversationType?: unknown;
    conversationId?: unknown;
    sessionWebhook?: unknown;
  };
  const content = typeof text === 'object' && text !== null ? text.content : undefined;
  if (typeof senderStaffId !== 'string' || senderStaffId === '' || typeof content !== 'string') return null;
  const inGroup = conversationType === '2' && typeof conversationId === 'string' && conversationId !== '';
  return {
    userId: senderStaffId,
    text: content,
    corpId: typeof senderCorpId === 'string' && senderCorpId !== '' ? senderCorpId : null,
    group: inGroup ? { conversationId, sessionWebhook: sessionWebhookOf(sessionWebhook, oapiUrl) } : null,
  };
}

/**
 * The session webhook of a robot message, when it is DingTalk's own (`<oapi>/robot/sendBySession`):
 * the bot posts answers to it, so an address anywhere else is never called.
 */
function sessionWebhookOf(raw: unknown, oapiUrl: string): string | null {
  if (typeof raw !== 'string') return null;
  try {
    const url = new URL(raw);
    return url.origin === new URL(oapiUrl).origin && url.pathname === '/robot/sendBySession'
      ? url.href
      : null;
  } catch {
    return null;
  }
}

/**
 * Whether an answer is for its person alone: buttons (they act as that person), a form (its link
 * is signed for them), a file. In a group it goes to their chat with the robot instead.
 */
function isPersonal(answer: ShownAnswer): boolean {
  switch (answer.kind) {
    case 'file':
      return true;
    case 'reply':
      return replyButtons(answer.reply).length > 0;
    default:
      return false;
  }
}

/** Builds the DingTalk adapter: its delivery, and its runtime holding the Stream connection. */
export function createDingTalkAdapter(options: DingTalkAdapterOptions): DingTalkAdapter {
  const { settings, prisma, workflow } = options;
  const logger = options.logger.child({ platform: DINGTALK_PLATFORM });
  const tokens = createAccessTokenSource({
    apiUrl: settings.apiUrl,
    appKey: settings.clientId,
    appSecret: settings.clientSecret,
    ...(options.tokenNow ? { now: options.tokenNow } : {}),
  });
  const api = createDingTalkApi({
    apiUrl: settings.apiUrl,
    oapiUrl: settings.oapiUrl,
    robotCode: settings.robotCode,
    tokens,
  });
  const send = createDingTalkSender(api, settings.cardTemplateId);
  const delivery = createDingTalkDelivery({
    api,
    cardTemplateId: settings.cardTemplateId,
    prisma,
    clock: options.clock,
    logger,
    calendar: options.calendar,
    timeZone: workflow.timeZone,
    archiveFilesDir: options.archiveFilesDir,
    features: options.features,
  });
  const missing = options.features.outboxKinds.filter((kind) => !delivery.kinds().includes(kind));
  if (missing.length > 0) {
    throw new Error(
      `DingTalk cannot deliver the outbox kinds ${missing.join(', ')} that enabled features write`,
    );
  }
  const { commands, buttons } = options.commands;
  // Frames this process saw already: a second copy is dropped without touching the database.
  const { seenBefore } = createSeenKeys(SEEN_FRAMES_MAX);

  const identityOf = (userId: string): Promise<ChatIdentity> =>
    identityOfChatAccount(prisma, {
      platform: DINGTALK_PLATFORM,
      tenant: INSTALLATION_TENANT,
      externalId: userId,
    });

  /** An answer as DingTalk shows it: a form as the person's web-form link, not-linked as its words. */
  const withoutModals = (answer: CommandAnswer, personId: string | null, locale: Locale) =>
    answerWithoutModals(answer, {
      personId,
      locale,
      forms: {
        linkFor: options.webForms?.linkFor ?? null,
        hasForm: (formId) => options.webForms?.hasForm(formId) ?? false,
      },
    });

  /**
   * Shows an answer in the person's chat with the robot; true once it is there (or there was
   * nothing to show). A failure is logged: an answer is not kept for later, the person asks again
   * once DingTalk takes calls again.
   */
  async function show(
    userId: string,
    personId: string | null,
    locale: Locale,
    answer: CommandAnswer,
  ): Promise<boolean> {
    return showInChat(userId, locale, withoutModals(answer, personId, locale));
  }

  async function showInChat(userId: string, locale: Locale, shown: ShownAnswer): Promise<boolean> {
    try {
      switch (shown.kind) {
        case 'reply':
          await send.reply(userId, shown.reply, locale);
          return true;
        case 'error':
          await send.text(userId, plainOf(shown.text));
          return true;
        case 'file': {
          const { filename, content, comment } = shown.file;
          await send.text(userId, plainOf(comment));
          await send.file(userId, { name: filename, bytes: content, mimeType: mimeTypeOf(filename) });
          return true;
        }
        case 'none':
          return true;
      }
    } catch (error) {
      logger.warn({ err: error }, 'could not show an answer in DingTalk');
      return false;
    }
  }

  /**
   * Answers a message written in a group with @robot: what is for everyone to see (help, a
   * refusal) in the group, @-mentioning the person; what is theirs alone (a command's reply,
   * buttons, a form's link, a file) in their chat with the robot, with a line in the group saying
   * so. Without DingTalk's session webhook to answer in the group, all of it goes to their chat.
   */
  async function showInGroup(
    message: RobotMessage & { group: { sessionWebhook: string | null } },
    personId: string | null,
    locale: Locale,
    answer: CommandAnswer,
    commandReply: boolean,
  ): Promise<void> {
    const { userId } = message;
    const webhook = message.group.sessionWebhook;
    if (webhook === null) {
      logger.warn('group message without DingTalk’s session webhook: answered in the person’s chat');
      await show(userId, personId, locale, answer);
      return;
    }
    const shown = withoutModals(answer, personId, locale);
    // A form is personal once it is the person's signed link (not when it could not be offered).
    const personal =
      answer.kind === 'form'
        ? shown.kind === 'reply'
        : isPersonal(shown) || (commandReply && shown.kind === 'reply');
    let reply: Reply;
    if (personal) {
      if (!(await showInChat(userId, locale, shown))) return;
      reply = { text: [t(locale, 'reply.sent_privately')], blocks: [] };
    } else if (shown.kind === 'reply') reply = shown.reply;
    else if (shown.kind === 'error') reply = { text: shown.text, blocks: [] };
    else return;
    try {
      await send.replyInSession(webhook, userId, reply);
    } catch (error) {
      logger.warn({ err: error }, 'could not answer in the DingTalk group');
    }
  }

  function contextOf(identity: ChatIdentity, messageId: string, workspaceId: string): CommandContext {
    return {
      workspaceId,
      actor: identity.actor,
      locale: identity.locale,
      dedupeKey: `dingtalk:${messageId}`,
      log: logger.child({ messageId }),
    };
  }

  async function onRobotMessage(message: StreamMessage): Promise<void> {
    const read = robotMessageOf(message.data, settings.oapiUrl);
    if (read === null) {
      logger.warn({ messageId: message.messageId }, 'robot message without a sender or text; dropped');
      return;
    }
    const { userId, text, group } = read;
    const identity = await identityOf(userId);
    const context = contextOf(identity, message.messageId, workspaceOf(read.corpId));
    const personId = identity.actor?.personId ?? null;
    // The command the text names (read once), or what the bot can do when it names none.
    const named = commandOfText(commands, text);
    const answer = await answerTypedText(commands, text, context, named);
    if (group === null) await show(userId, personId, identity.locale, answer);
    else {
      // A command's own reply is about the person's work (their list, the item they started, a
      // search of what they may see): theirs alone, even without buttons. Help and refusals are not.
      await showInGroup({ ...read, group }, personId, identity.locale, answer, named !== null);
    }
  }

  const onCardClick = createCardClickHandler({
    api,
    send,
    workflow,
    buttons,
    webForms: options.webForms,
    capabilities: DINGTALK_CAPABILITIES,
    logger,
    identityOf,
    contextOf,
    workspaceOf,
    show,
  });

  async function handle(message: StreamMessage): Promise<void> {
    try {
      if (message.type !== 'CALLBACK') return;
      if (seenBefore(message.messageId)) {
        logger.info(
          { messageId: message.messageId, topic: message.topic },
          'frame seen before; nothing more done',
        );
        return;
      }
      if (message.topic === TOPIC_ROBOT_MESSAGE) await onRobotMessage(message);
      else if (message.topic === TOPIC_CARD_CALLBACK) await onCardClick(message);
      else logger.debug({ topic: message.topic }, 'DingTalk callback of a topic the bot does not take');
    } finally {
      options.onFrameHandled?.(message.messageId);
    }
  }

  const client = createStreamClient({
    gatewayUrl: settings.gatewayUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    handler: handle,
    logger,
    ...options.stream,
  });

  return {
    platform: DINGTALK_PLATFORM,
    capabilities: DINGTALK_CAPABILITIES,
    runtime: streamRuntime(
      client,
      createConnectionLeader({
        database: options.leader?.database ?? { kind: 'pglite' },
        // One lock per app: two installations sharing a database each hold their own connection.
        lockKey: leaderLockKey(`dingtalk-stream:${settings.clientId}`),
        logger,
        ...(options.leader?.retryMs === undefined ? {} : { retryMs: options.leader.retryMs }),
      }),
    ),
    delivery,
    handle,
    api,
  };
}

/**
 * The runtime: the Stream connection, no HTTP port (the bot's port is served by another runtime).
 * The connection is held once per installation: only while this process leads (on PostgreSQL, the
 * replica holding the advisory lock; PGlite always leads), and another replica takes over when this
 * one goes. stop() closes the connection and waits, up to its timeout, for frames being handled.
 */
function streamRuntime(client: StreamClient, leader: ConnectionLeader): ChatRuntime {
  let running: Promise<void> | undefined;
  return {
    async start() {
      running ??= leader
        .run(async (signal) => {
          client.start();
          await new Promise<void>((resolve) => {
            if (signal.aborted) resolve();
            else signal.addEventListener('abort', () => resolve(), { once: true });
          });
          await client.stop();
        })
        .catch(() => undefined);
      return { port: 0 };
    },
    async stop(timeoutMs) {
      await leader.stop();
      await client.stop();
      await running;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      });
      await Promise.race([client.drain(), timeout]);
      clearTimeout(timer);
    },
    connectionState: (): ChatConnectionState => (leader.isLeader() ? client.state() : 'standby'),
  };
}
