import { rm } from 'node:fs/promises';
import { deliveriesOf } from '../../src/chat/core/adapter.ts';
import type { CardActionType } from '../../src/chat/core/card.ts';
import { isCardActionType } from '../../src/chat/dingtalk/card/card-value.ts';
import {
  BUTTON_SLOTS,
  buttonActionId,
  buttonVars,
  CARD_VARS,
  PANEL_ACTION_IDS,
  PANEL_VARS,
} from '../../src/chat/dingtalk/card/template.ts';
import { createDingTalkAdapter, type DingTalkAdapter } from '../../src/chat/dingtalk/dingtalk-adapter.ts';
import type { LeaderDatabase } from '../../src/chat/dingtalk/leader.ts';
import { type CardClickInput, cardClickData } from '../../src/chat/dingtalk/stand-in/callbacks.ts';
import { type DingTalkStandIn, startDingTalkStandIn } from '../../src/chat/dingtalk/stand-in/stand-in.ts';
import { TOPIC_CARD_CALLBACK, TOPIC_ROBOT_MESSAGE } from '../../src/chat/dingtalk/stream-frames.ts';
import { ACTION_FORM_FIELDS } from '../../src/features/workflow/action-form.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { INSTALLATION_TENANT } from '../../src/org/chat-accounts.ts';
import { createOutboxDispatcher } from '../../src/outbox/dispatcher.ts';
import { routeByPlatform } from '../../src/outbox/platforms.ts';
import { silentLogger, type TestDatabase, type TestDatabaseKind } from '../support/databases.ts';
import { createConformanceBot } from './conformance-bot.ts';
import type { AdapterHarness, FormAnswer, SeenCard, SeenForm } from './harness.ts';
import { deliverAll } from './memory-harness.ts';
import { CONFORMANCE_PEOPLE } from './suite.ts';

/** The DingTalk userId the harness links a person to. */
export function dingtalkUserOf(personId: string): string {
  return `dt-${personId}`;
}

/** Links each person to their DingTalk account ({@link dingtalkUserOf}), as `dingtalk_user_id` would. */
export async function linkToDingTalk(prisma: PrismaClient, personIds: readonly string[]): Promise<void> {
  await prisma.chatAccount.createMany({
    data: personIds.map((personId) => ({
      personId,
      platform: 'dingtalk',
      tenant: INSTALLATION_TENANT,
      externalId: dingtalkUserOf(personId),
    })),
  });
}

/** The card titled `title` in `userId`'s chat with the robot, as the stand-in holds it, with its outTrackId. */
export function robotCardTitled(standIn: DingTalkStandIn, userId: string, title: string) {
  return standIn
    .cards()
    .find(
      ([, card]) => card.openSpaceId === `dtv1.card//IM_ROBOT.${userId}` && card.cardParamMap.title === title,
    );
}

/** The DingTalk harness, with the adapter, the stand-in and the frame helpers for the fault tests. */
export interface DingTalkHarness extends AdapterHarness {
  adapter: DingTalkAdapter;
  standIn: DingTalkStandIn;
  t: TestDatabase;
  /** Resolves once the adapter finished the work of frame `messageId` (as often as it was pushed). */
  handled(messageId: string, times?: number): Promise<void>;
  /** A person types `text` to the robot; resolves once the frame was handled. */
  say(personId: string, text: string): Promise<string>;
  /**
   * A person types `text` with @robot in the group `conversationId`; resolves once the frame was
   * handled, with the frame to push again. What the group got is the stand-in's `messagesInGroup`.
   */
  sayInGroup(personId: string, text: string, conversationId: string): Promise<PushedFrame>;
  /**
   * Builds a new adapter on the same database and stand-in (a restarted bot, which remembers no
   * frame); the old one is stopped. Waits for its connection unless told not to.
   */
  restart(options?: { waitConnected?: boolean }): Promise<void>;
  /** Starts another adapter on the same database and stand-in (a second replica); the caller stops it. */
  replica(): Promise<DingTalkAdapter>;
  /** Waits until the current adapter's Stream connection is up. */
  connected(): Promise<void>;
  /** Pushes a CALLBACK frame (again, with `messageId`) and waits until it was handled. */
  push(data: unknown, topic: string, messageId?: string): Promise<string>;
  /**
   * The person presses the button of `action` on their copy of card `outTrackId` (a feature's
   * button too: 催一下); resolves once handled, with the frame to push again.
   */
  pressButton(personId: string, outTrackId: string, action: string): Promise<PushedFrame>;
  /** Runs the features' scheduled tasks at the clock's time, as the scheduler's wake does. */
  wake(): Promise<void>;
}

/** What a pushed frame was made of, to push it again. */
export interface PushedFrame {
  messageId: string;
  data: unknown;
}

export async function createDingTalkHarness(
  options: {
    kind?: TestDatabaseKind;
    redeliverAfterMs?: number;
    /** Where the Stream connection's lock lives (default PGlite: this process always leads). */
    leader?: LeaderDatabase;
  } = {},
): Promise<DingTalkHarness> {
  const { t, prisma, clock, archiveFilesDir, module, webForms } = await createConformanceBot({
    kind: options.kind ?? 'pglite',
    name: 'dingtalk',
  });
  await linkToDingTalk(prisma, CONFORMANCE_PEOPLE);
  const now = () => clock.now().getTime();
  const standIn = await startDingTalkStandIn({
    now,
    ...(options.redeliverAfterMs === undefined ? {} : { redeliverAfterMs: options.redeliverAfterMs }),
  });
  const done = new Map<string, number>();
  const waiters = new Set<() => void>();
  const onFrameHandled = (messageId: string) => {
    done.set(messageId, (done.get(messageId) ?? 0) + 1);
    for (const wake of waiters) wake();
  };
  function handled(messageId: string, times = 1): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`frame ${messageId} was not handled ${times} time(s)`));
      }, 15_000);
      function check() {
        if ((done.get(messageId) ?? 0) < times) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      }
      waiters.add(check);
      check();
    });
  }

  const build = () =>
    createDingTalkAdapter({
      settings: {
        mode: 'stream',
        clientId: standIn.clientId,
        clientSecret: standIn.clientSecret,
        robotCode: 'stand-in-robot',
        cardTemplateId: 'bot-card.schema',
        apiUrl: standIn.url,
        oapiUrl: standIn.url,
        gatewayUrl: standIn.url,
      },
      prisma,
      clock,
      logger: silentLogger,
      calendar: module.platformDeps.calendar,
      features: module.features,
      workflow: module.workflowChat,
      commands: { commands: module.chat.commands, buttons: module.chat.buttons },
      webForms,
      archiveFilesDir,
      // Reconnect at once in tests: the stand-in is local.
      stream: { reconnect: () => 20, keepAliveMs: 0 },
      tokenNow: now,
      onFrameHandled,
      ...(options.leader ? { leader: { database: options.leader, retryMs: 200 } } : {}),
    });
  let adapter = build();
  const dispatcherOf = (current: DingTalkAdapter) =>
    createOutboxDispatcher({
      prisma,
      delivery: routeByPlatform({
        platforms: deliveriesOf([current], { prisma, clock, logger: silentLogger }),
        platformOf: async () => undefined,
      }),
      clock,
      logger: silentLogger,
      backoff: () => 1000,
      supersede: false,
    });
  let dispatcher = dispatcherOf(adapter);
  const connected = async () => {
    await standIn.waitFor(() => standIn.openConnections > 0);
    while (adapter.runtime.connectionState() !== 'connected') await new Promise((r) => setTimeout(r, 5));
  };
  await adapter.runtime.start();
  await connected();

  const userOf = dingtalkUserOf;
  const cardsOf = (personId: string) =>
    standIn.cards().filter(([, card]) => card.openSpaceId === `dtv1.card//IM_ROBOT.${userOf(personId)}`);
  const viewerParams = (personId: string, outTrackId: string) =>
    standIn.card(outTrackId)?.privateData[userOf(personId)]?.cardParamMap ?? {};
  const messages = (personId: string) => standIn.messagesTo(userOf(personId));

  async function push(data: unknown, topic: string, messageId?: string): Promise<string> {
    const id = standIn.sendCallback(topic, data, messageId ? { messageId } : undefined);
    await handled(id, messageId ? (done.get(id) ?? 0) + 1 : 1);
    return id;
  }

  async function click(input: CardClickInput): Promise<PushedFrame> {
    const data = cardClickData(input);
    return { messageId: await push(data, TOPIC_CARD_CALLBACK), data };
  }

  /** The slot of `action` on the person's copy of the card. */
  function slotOf(personId: string, outTrackId: string, action: string): number {
    const params = viewerParams(personId, outTrackId);
    for (let index = 1; index <= BUTTON_SLOTS; index++) {
      const vars = buttonVars(index);
      if (params[vars.show] === 'true' && params[vars.action] === action) return index;
    }
    throw new Error(`${personId}'s card ${outTrackId} shows no ${action} button`);
  }

  /** A press of the slot showing `action`, as the person's DingTalk client sends it. */
  const pressSlot = (personId: string, outTrackId: string, action: string): Promise<PushedFrame> => {
    const index = slotOf(personId, outTrackId, action);
    const params = viewerParams(personId, outTrackId);
    const vars = buttonVars(index);
    return click({
      outTrackId,
      userId: userOf(personId),
      actionIds: [buttonActionId(index)],
      params: { action: params[vars.action], value: params[vars.value] },
    });
  };

  const press = async (personId: string, card: SeenCard, action: CardActionType): Promise<PushedFrame> => {
    const outTrackId = card.handle as string;
    const pressed = await pressSlot(personId, outTrackId, action);
    // A button that asks to confirm opens a confirmation on the card: the person confirms it.
    const panel = viewerParams(personId, outTrackId);
    if (panel[PANEL_VARS.show] !== 'true' || panel[PANEL_VARS.form] !== JSON.stringify({ fields: [] })) {
      return pressed;
    }
    return click({
      outTrackId,
      userId: userOf(personId),
      actionIds: [PANEL_ACTION_IDS.submit],
      params: { action: panel[PANEL_VARS.action], value: panel[PANEL_VARS.value] },
    });
  };

  const say = (personId: string, text: string) =>
    push(standIn.robotMessage({ senderStaffId: userOf(personId), text }), TOPIC_ROBOT_MESSAGE);

  async function sayInGroup(personId: string, text: string, conversationId: string): Promise<PushedFrame> {
    const data = standIn.robotMessage({
      senderStaffId: userOf(personId),
      text,
      groupConversationId: conversationId,
    });
    return { messageId: await push(data, TOPIC_ROBOT_MESSAGE), data };
  }

  return {
    name: `DingTalk (${options.kind ?? 'pglite'})`,
    get adapter() {
      return adapter;
    },
    standIn,
    t,
    capabilities: adapter.capabilities,
    prisma,
    archiveFilesDir,
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    handled,
    say,
    sayInGroup,
    async restart(restartOptions = {}) {
      await adapter.runtime.stop(1000);
      adapter = build();
      dispatcher = dispatcherOf(adapter);
      await adapter.runtime.start();
      if (restartOptions.waitConnected !== false) await connected();
    },
    connected,
    push,
    pressButton: pressSlot,
    async wake() {
      for (const task of module.features.tasks) await task.run(clock.now());
    },
    async replica() {
      const other = build();
      await other.runtime.start();
      return other;
    },
    async startApproval(personId, title) {
      await say(personId, `审批 ${title}`);
    },
    press,
    async redeliver(event) {
      const { messageId, data } = event as PushedFrame;
      await push(data, TOPIC_CARD_CALLBACK, messageId);
    },
    async openForm(personId, card, action): Promise<SeenForm> {
      await press(personId, card, action);
      const outTrackId = card.handle as string;
      const params = viewerParams(personId, outTrackId);
      if (params[PANEL_VARS.show] !== 'true') throw new Error(`no panel opened on ${personId}'s card`);
      return { handle: { outTrackId, action: params[PANEL_VARS.action], value: params[PANEL_VARS.value] } };
    },
    async submitForm(personId, form, text): Promise<FormAnswer> {
      const { outTrackId, action, value } = form.handle as {
        outTrackId: string;
        action: string;
        value: string;
      };
      await click({
        outTrackId,
        userId: userOf(personId),
        actionIds: [PANEL_ACTION_IDS.submit],
        params: { action, value, form: { [ACTION_FORM_FIELDS.comment]: text } },
      });
      const params = viewerParams(personId, outTrackId);
      if (params[PANEL_VARS.show] === 'false') return { ok: true };
      const notice = params[CARD_VARS.notice] ?? '';
      // One error here (the opinion), shown as the notice on the person's copy.
      return { ok: false, errors: notice === '' ? [] : [notice] };
    },
    deliver: () => deliverAll(() => dispatcher.runOnce()),
    cards: async (personId) =>
      cardsOf(personId).map(([outTrackId, card]) => {
        const viewer = viewerParams(personId, outTrackId);
        const actions: CardActionType[] = [];
        for (let index = 1; index <= BUTTON_SLOTS; index++) {
          const vars = buttonVars(index);
          const action = viewer[vars.action] ?? '';
          if (viewer[vars.show] === 'true' && isCardActionType(action)) actions.push(action);
        }
        return { content: JSON.stringify(card.cardParamMap), actions, handle: outTrackId };
      }),
    texts: async (personId) =>
      messages(personId).flatMap((message) => {
        const param = message.msgParam as { content?: string; text?: string };
        if (message.msgKey === 'sampleText' && param.content) return [param.content];
        if (message.msgKey === 'sampleMarkdown' && param.text) return [param.text];
        return [];
      }),
    files: async (personId) =>
      messages(personId).flatMap((message) =>
        message.msgKey === 'sampleFile' ? [String((message.msgParam as { fileName?: string }).fileName)] : [],
      ),
    setDown: (down) => standIn.setApiDown(down),
    rateLimitFor(ms) {
      standIn.rateLimitFor(ms);
      return ms;
    },
    async stop() {
      await adapter.runtime.stop(1000);
      await standIn.close();
      await t.cleanup();
      await rm(archiveFilesDir, { recursive: true, force: true });
    },
  };
}
