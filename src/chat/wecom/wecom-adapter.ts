// WeCom as a chat adapter: a self-built app (自建应用) whose callbacks WeCom posts to the bot's
// HTTP port (see callback-route.ts). The route answers each verified callback at once; this
// adapter then turns a text sent to the app, or a click on the app's menu, into a command (the text
// is the command; a menu button's key is the text it stands for) and answers in the person's chat
// with the app. WeCom has no ephemeral messages and no modals: an answer is a message, a form is a
// web-form link. A press of a template card's button (`template_card_event`) goes through the
// core's flow (card-clicks.ts); a reply with buttons is a template card (card/reply-card.ts); a
// short form of choices is a selection card whose submit its form applies (selection-forms.ts).
//
// WeCom posts a callback again when it got no answer in time. A callback seen twice does nothing
// more: this process drops it by its key (a message's MsgId; an event's FromUserName, CreateTime,
// EventKey and TaskId), and what a command starts is keyed in the database by the same key in the
// start's own transaction (`wecom:<key>`, the start hooks dedupe by it), so a retry after a restart
// starts nothing twice either.

import { createHash } from 'node:crypto';
import type { WeComSettings } from '../../config.ts';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import type { MergedFeatures } from '../../features/feature-module.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { type HttpPages, InFlightTracker } from '../../http/server.ts';
import { type ChatIdentity, INSTALLATION_TENANT, identityOfChatAccount } from '../../org/chat-accounts.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ChatAdapter, ChatCapabilities, WebFormLinker } from '../core/adapter.ts';
import { cardAssemblyOf } from '../core/card-assembly.ts';
import {
  answerTypedText,
  type ButtonHandler,
  type CommandAnswer,
  type CommandHandler,
} from '../core/commands.ts';
import type { EngineChatSide } from '../core/platform-module.ts';
import { createSeenKeys, showAnswer } from '../core/show-answer.ts';
import type { WebFormHandler } from '../core/web-form.ts';
import type { ChatRuntime } from '../runtime.ts';
import { createWeComApi, type MenuButton, type WeComApi } from './api.ts';
import { createCallbackRoute } from './callback-route.ts';
import { sendReplyWithButtons } from './card/reply-card.ts';
import { createWeComCardClicks, templateCardClickOf } from './card-clicks.ts';
import { createSelectionForms } from './selection-forms.ts';
import { sendFile, sendText } from './sender.ts';
import { createWeComTokenSource } from './token.ts';
import { createWeComDelivery, WECOM_PLATFORM } from './wecom-delivery.ts';

/** WeCom's configuration when it is turned on. */
export type WeComCallbackSettings = Extract<WeComSettings, { mode: 'callback' }>;

/**
 * No ephemeral messages, no modals; a template card can be updated once per response code, within
 * 72 hours of it; a card takes no typed text.
 */
export const WECOM_CAPABILITIES: ChatCapabilities = {
  ephemeral: false,
  modals: false,
  cardUpdate: 'per_copy',
  cardTextInput: false,
};

/**
 * The app's menu: each button's key is the text it stands for, answered as if typed. WeCom takes at
 * most three buttons, so the two that start something share one.
 */
export const WECOM_MENU: readonly MenuButton[] = [
  { name: '我的待办', key: '我的待办' },
  {
    name: '发起',
    sub: [
      { name: '发起用印', key: '用印' },
      { name: '办公用品', key: '办公用品' },
      { name: '会议申请', key: '会议 申请' },
    ],
  },
  { name: '查档', key: '查档' },
];

/** How many callback keys the adapter remembers to drop a second copy without touching the database. */
const SEEN_CALLBACKS_MAX = 5000;

/** What the WeCom adapter is built from. */
export interface WeComAdapterOptions {
  settings: WeComCallbackSettings;
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  /** The enabled features: their definitions and what they add to notices. */
  features: Pick<MergedFeatures, 'definitions' | 'cards'>;
  /** The unit's time zone. */
  timeZone: string;
  /** The unit's working calendar (reminders' deadlines). */
  calendar: WeekdayCalendar;
  /** Where electronic archive records' files are (a lent record's file). */
  archiveFilesDir: string;
  /** The features' commands. */
  commands: readonly CommandHandler[];
  /** The features' reply buttons (pressed on a template card). */
  buttons: readonly ButtonHandler[];
  /** The engine's chat side, for card clicks. */
  workflow: Pick<
    EngineChatSide,
    'service' | 'namesOf' | 'replyTo' | 'refreshCard' | 'timeZone' | 'formContext'
  >;
  /**
   * The features' forms: a short form of choices is sent as a selection card and its submit
   * applied by its form (selection-forms.ts); none: every form is its web link.
   */
  forms?: readonly WebFormHandler[];
  /** The bot's web forms, for forms (WeCom has no modals); null: none. */
  webForms: {
    linkFor: WebFormLinker;
    hasForm(formId: string): boolean;
    formOfStep(stepId: string): string | null;
  } | null;
  /** The token's clock, milliseconds since the epoch (tests move it to expire the token). */
  tokenNow?: () => number;
  /** Told once a callback's work is done, with its key (tests wait on it). */
  onCallbackHandled?: (key: string) => void;
}

/** The WeCom adapter: a {@link ChatAdapter} whose callback route the bot's port serves. */
export interface WeComAdapter extends ChatAdapter {
  /** `/wecom/callback`, served on the bot's HTTP port by whichever runtime holds it. */
  readonly pages: HttpPages;
  readonly api: WeComApi;
}

/** A callback the adapter acts on: who, what they typed (or the menu key), and its dedupe key. */
interface TypedInput {
  userId: string;
  text: string;
  key: string;
}

/** A text message or a menu click as typed input; null for callbacks the bot does not act on. */
export function typedInputOf(fields: Record<string, string>): TypedInput | null {
  const userId = fields.FromUserName;
  if (!userId) return null;
  if (fields.MsgType === 'text' && fields.MsgId && fields.Content !== undefined) {
    return { userId, text: fields.Content, key: fields.MsgId };
  }
  if (fields.MsgType === 'event' && fields.Event === 'click' && fields.EventKey) {
    return { userId, text: fields.EventKey, key: eventKeyOf(fields) };
  }
  return null;
}

/**
 * An event's identity: WeCom gives events no id, so who, when, which key and which card task, and
 * for a selection card's submit what was chosen (two submits within a second differ by it).
 */
export function eventKeyOf(fields: Record<string, string>): string {
  const parts = ['event', fields.FromUserName, fields.CreateTime, fields.EventKey ?? '', fields.TaskId ?? ''];
  if (fields.SelectedItems !== undefined) {
    parts.push(createHash('sha256').update(fields.SelectedItems).digest('base64url').slice(0, 16));
  }
  return parts.join(':');
}

/** Builds the WeCom adapter: its callback route, its delivery, and its runtime (no port of its own). */
export function createWeComAdapter(options: WeComAdapterOptions): WeComAdapter {
  const { settings, prisma } = options;
  const logger = options.logger.child({ platform: WECOM_PLATFORM });
  const tokens = createWeComTokenSource({
    apiUrl: settings.apiUrl,
    corpId: settings.corpId,
    secret: settings.secret,
    ...(options.tokenNow ? { now: options.tokenNow } : {}),
  });
  const api = createWeComApi({ apiUrl: settings.apiUrl, agentId: settings.agentId, tokens });
  const delivery = createWeComDelivery({
    api,
    prisma,
    assembly: cardAssemblyOf({ prisma, clock: options.clock, timeZone: options.timeZone }, options.features),
    logger,
    calendar: options.calendar,
    archiveFilesDir: options.archiveFilesDir,
  });
  const tracker = new InFlightTracker();
  // Callbacks this process saw already: a second copy is dropped without touching the database.
  const { seenBefore } = createSeenKeys(SEEN_CALLBACKS_MAX);

  const identityOf = (userId: string): Promise<ChatIdentity> =>
    identityOfChatAccount(prisma, {
      platform: WECOM_PLATFORM,
      tenant: INSTALLATION_TENANT,
      externalId: userId,
    });

  const selections = createSelectionForms({
    api,
    prisma,
    clock: options.clock,
    logger,
    forms: options.forms ?? [],
    identityOf,
    sendText: (userId, text) => sendText(api, userId, text),
  });

  /**
   * Shows an answer in the person's chat with the app: a short form of choices as a selection
   * card, anything else as the core shows it without modals. A failure is logged (they may ask again).
   */
  async function show(
    userId: string,
    personId: string | null,
    locale: Locale,
    answer: CommandAnswer,
  ): Promise<void> {
    if (answer.kind === 'form' && personId !== null) {
      if (await selections.offer(userId, locale, answer.form)) return;
    }
    return showAnswer(
      answer,
      { personId, locale, webForms: options.webForms, log: logger },
      {
        reply: (reply) => sendReplyWithButtons(api, userId, reply, locale),
        text: (text) => sendText(api, userId, text),
        file: (file) => sendFile(api, userId, file),
      },
    );
  }

  const onCardClick = createWeComCardClicks({
    api,
    prisma,
    clock: options.clock,
    workflow: options.workflow,
    buttons: options.buttons,
    webForms: options.webForms,
    capabilities: WECOM_CAPABILITIES,
    workspaceId: settings.corpId,
    logger,
    identityOf,
    sendText: (userId, text) => sendText(api, userId, text),
    show,
  });

  async function work(fields: Record<string, string>): Promise<void> {
    const click = templateCardClickOf(fields, eventKeyOf(fields));
    if (click !== null) {
      if (seenBefore(click.eventKey)) {
        logger.info({ key: click.eventKey }, 'WeCom callback seen before; nothing more done');
        return;
      }
      if (!(await selections.onSubmit(click, fields))) await onCardClick(click);
      return;
    }
    const input = typedInputOf(fields);
    if (input === null) {
      logger.debug(
        { msgType: fields.MsgType, event: fields.Event },
        'WeCom callback the bot does not act on',
      );
      return;
    }
    if (seenBefore(input.key)) {
      logger.info({ key: input.key }, 'WeCom callback seen before; nothing more done');
      return;
    }
    const identity = await identityOf(input.userId);
    const answer = await answerTypedText(options.commands, input.text, {
      workspaceId: settings.corpId,
      actor: identity.actor,
      locale: identity.locale,
      dedupeKey: `wecom:${input.key}`,
      log: logger.child({ callback: input.key }),
    });
    await show(input.userId, identity.actor?.personId ?? null, identity.locale, answer);
  }

  const pages = createCallbackRoute({
    keys: { token: settings.token, aesKey: settings.aesKey, corpId: settings.corpId },
    logger,
    onCallback(fields) {
      const done = tracker.begin();
      const key = typedInputOf(fields)?.key ?? eventKeyOf(fields);
      work(fields)
        .catch((error: unknown) =>
          logger.error({ err: error }, 'WeCom callback failed after it was answered'),
        )
        .finally(() => {
          done();
          options.onCallbackHandled?.(key);
        });
    },
  });

  const runtime: ChatRuntime = {
    async start() {
      // The menu is the app's own: set on every start so a changed one reaches people. A failure
      // leaves the last menu in place and does not stop the bot.
      await api
        .createMenu(WECOM_MENU)
        .catch((error: unknown) =>
          logger.warn({ err: error }, 'could not set the WeCom app menu; the last one stays'),
        );
      return { port: 0 };
    },
    async stop(timeoutMs) {
      await tracker.drain(timeoutMs);
    },
    // WeCom calls the bot: there is no connection to hold, only the port to serve.
    connectionState: () => 'http',
  };

  return { platform: WECOM_PLATFORM, capabilities: WECOM_CAPABILITIES, runtime, delivery, pages, api };
}
