import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliveriesOf } from '../../src/chat/core/adapter.ts';
import { CARD_ACTION_TYPES, type CardActionType } from '../../src/chat/core/card.ts';
import { WECOM_CALLBACK_PATH } from '../../src/chat/wecom/callback-route.ts';
import { parseButtonKey } from '../../src/chat/wecom/card/template-card.ts';
import {
  type StandInWeComMessage,
  startWeComStandIn,
  type WeComStandIn,
} from '../../src/chat/wecom/stand-in/stand-in.ts';
import { createWeComAdapter, type WeComAdapter } from '../../src/chat/wecom/wecom-adapter.ts';
import { INSTALLATION_TENANT } from '../../src/org/chat-accounts.ts';
import { createOutboxDispatcher } from '../../src/outbox/dispatcher.ts';
import { routeByPlatform } from '../../src/outbox/platforms.ts';
import { silentLogger, type TestDatabase, type TestDatabaseKind } from '../support/databases.ts';
import { createConformanceBot, latestFormLink, submitWebForm } from './conformance-bot.ts';
import type { AdapterHarness, SeenForm } from './harness.ts';
import { deliverAll } from './memory-harness.ts';
import { CONFORMANCE_PEOPLE } from './suite.ts';

/** The WeCom userid the harness links a person to. */
export function wecomUserOf(personId: string): string {
  return `wc-${personId}`;
}

/** A posted card click, to post again. */
export interface PostedClick {
  xml: string;
  key: string;
}

/** The WeCom harness, with the adapter and the stand-in for WeCom's own tests. */
export interface WeComHarness extends AdapterHarness {
  adapter: WeComAdapter;
  standIn: WeComStandIn;
  t: TestDatabase;
  callbackUrl: string;
  /** The template cards a person holds, as they are now, oldest first. */
  templateCards(personId: string): StandInWeComMessage[];
  /** Presses the button whose key asks for `action` on card `msgId`; resolves once handled. */
  pressKey(personId: string, msgId: string, action: string): Promise<PostedClick>;
  /** A person types `text` to the app; resolves once handled. */
  say(personId: string, text: string): Promise<void>;
  /** Runs the features' scheduled tasks at the clock's time, as the scheduler's wake does. */
  wake(): Promise<void>;
}

/** The button of `action` on a template card, or undefined. */
export function buttonOf(card: StandInWeComMessage, action: string): { key: string } | undefined {
  const buttons = (card.content.button_list ?? []) as Array<{ key: string }>;
  return buttons.find((button) => parseButtonKey(button.key)?.a === action);
}

export async function createWeComHarness(options: { kind?: TestDatabaseKind } = {}): Promise<WeComHarness> {
  const { t, prisma, org, clock, archiveFilesDir, module, webForms } = await createConformanceBot({
    kind: options.kind ?? 'pglite',
    name: 'wecom',
  });
  await prisma.chatAccount.createMany({
    data: CONFORMANCE_PEOPLE.map((personId) => ({
      personId,
      platform: 'wecom',
      tenant: INSTALLATION_TENANT,
      externalId: wecomUserOf(personId),
    })),
  });
  const now = () => clock.now().getTime();
  const standIn = await startWeComStandIn({ now });
  const done = new Map<string, number>();
  const waiters = new Set<() => void>();
  const adapter = createWeComAdapter({
    settings: {
      mode: 'callback',
      corpId: standIn.keys.corpId,
      agentId: Number(standIn.env.WECOM_AGENT_ID),
      secret: standIn.env.WECOM_SECRET ?? '',
      token: standIn.keys.token,
      aesKey: standIn.keys.aesKey,
      apiUrl: standIn.url,
    },
    prisma,
    clock,
    logger: silentLogger,
    features: module.features,
    timeZone: org.unit.timeZone,
    calendar: module.platformDeps.calendar,
    archiveFilesDir,
    commands: module.chat.commands,
    buttons: module.chat.buttons,
    workflow: module.workflowChat,
    forms: module.chat.webForms,
    webForms,
    tokenNow: now,
    onCallbackHandled: (key) => {
      done.set(key, (done.get(key) ?? 0) + 1);
      for (const wake of waiters) wake();
    },
  });
  // The bot's port: the callback route and the web forms.
  const server: Server = createServer((req, res) => {
    if (adapter.pages.handle(req, res) || webForms.handle(req, res)) return;
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const callbackUrl = `http://127.0.0.1:${port}${WECOM_CALLBACK_PATH}`;
  const dispatcher = createOutboxDispatcher({
    prisma,
    delivery: routeByPlatform({
      platforms: deliveriesOf([adapter], { prisma, clock, logger: silentLogger }),
      platformOf: async () => undefined,
    }),
    clock,
    logger: silentLogger,
    backoff: () => 1000,
    supersede: false,
  });

  /** Resolves once `count` callbacks in all were handled. */
  function handledCount(count: number): Promise<void> {
    const total = () => [...done.values()].reduce((sum, n) => sum + n, 0);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`only ${total()} of ${count} WeCom callbacks were handled`));
      }, 15_000);
      function check() {
        if (total() < count) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      }
      waiters.add(check);
      check();
    });
  }
  let posted = 0;
  /** Posts a callback and waits until the adapter finished its work. */
  async function post(send: () => Promise<{ status: number }>): Promise<void> {
    const answered = await send();
    if (answered.status !== 200) throw new Error(`the callback was answered ${answered.status}`);
    await handledCount(++posted);
  }

  const userOf = wecomUserOf;
  const templateCards = (personId: string) => standIn.cardsTo(userOf(personId));
  const texts = (personId: string) =>
    standIn
      .messagesTo(userOf(personId))
      .flatMap((message) => (message.msgtype === 'text' ? [String(message.content.content)] : []));
  let msgSeq = 0;
  const say = (personId: string, text: string) =>
    post(() =>
      standIn.postText(callbackUrl, { from: userOf(personId), content: text, msgId: String(++msgSeq) }),
    );

  async function pressKey(personId: string, msgId: string, action: string): Promise<PostedClick> {
    const card = templateCards(personId).find((message) => message.msgId === msgId);
    const button = card && buttonOf(card, action);
    if (!button) throw new Error(`${personId}'s card ${msgId} shows no ${action} button`);
    let xml = '';
    await post(async () => {
      const pressed = await standIn.pressButton(callbackUrl, {
        from: userOf(personId),
        msgId,
        key: button.key,
      });
      xml = pressed.xml;
      return pressed;
    });
    return { xml, key: button.key };
  }

  /** The largest wait WeCom's limits ask for: the adapter waits a minute (WeCom gives no time). */
  const RATE_LIMIT_WAIT_MS = 60_000;

  return {
    name: `WeCom (${options.kind ?? 'pglite'})`,
    adapter,
    standIn,
    t,
    callbackUrl,
    capabilities: adapter.capabilities,
    prisma,
    archiveFilesDir,
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    templateCards,
    pressKey,
    say,
    async wake() {
      for (const task of module.features.tasks) await task.run(clock.now());
    },
    async startApproval(personId, title) {
      await say(personId, `审批 ${title}`);
    },
    async press(personId, card, action) {
      const before = templateCards(personId).length;
      const pressed = await pressKey(personId, card.handle as string, action);
      // A button that asks to confirm sends a confirmation card: the person confirms it.
      const confirmation = templateCards(personId)
        .slice(before)
        .find((message) => String(message.content.task_id).startsWith('confirm-'));
      return confirmation ? pressKey(personId, confirmation.msgId, action) : pressed;
    },
    async redeliver(event) {
      await post(() => standIn.postCallback(callbackUrl, (event as PostedClick).xml));
    },
    async openForm(personId, card, action): Promise<SeenForm> {
      await pressKey(personId, card.handle as string, action);
      await deliverAll(() => dispatcher.runOnce());
      return { handle: latestFormLink(texts(personId), personId) };
    },
    submitForm: (_personId, form, text) => submitWebForm(port, form.handle as string, text),
    deliver: () => deliverAll(() => dispatcher.runOnce()),
    cards: async (personId) =>
      templateCards(personId).map((message) => ({
        content: JSON.stringify(message.content),
        actions: ((message.content.button_list ?? []) as Array<{ key: string }>).flatMap((button) => {
          const action = parseButtonKey(button.key)?.a ?? '';
          return (CARD_ACTION_TYPES as readonly string[]).includes(action) ? [action as CardActionType] : [];
        }),
        handle: message.msgId,
      })),
    texts: async (personId) => texts(personId),
    files: async (personId) =>
      standIn
        .messagesTo(userOf(personId))
        .flatMap((message) =>
          message.msgtype === 'file'
            ? [standIn.media.get(String(message.content.media_id))?.fileName ?? '']
            : [],
        ),
    setDown: (down) => standIn.setDown(down),
    rateLimitFor(ms) {
      standIn.rateLimitFor(Math.max(ms, RATE_LIMIT_WAIT_MS));
      return RATE_LIMIT_WAIT_MS;
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await adapter.runtime.stop(1000);
      await standIn.close();
      await t.cleanup();
      await rm(archiveFilesDir, { recursive: true, force: true });
    },
  };
}
