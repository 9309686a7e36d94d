import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type RunningBot, startBot } from '../../src/bot.ts';
import { WECOM_CALLBACK_PATH } from '../../src/chat/wecom/callback-route.ts';
import { parseButtonKey } from '../../src/chat/wecom/card/template-card.ts';
import {
  type StandInWeComMessage,
  startWeComStandIn,
  type WeComStandIn,
} from '../../src/chat/wecom/stand-in/stand-in.ts';
import { ACTION_FORM_FIELDS } from '../../src/features/workflow/action-form.ts';
import { createPostgresDatabase, type TestDatabaseKind } from './databases.ts';
import { FakeClock } from './fake-clock.ts';
import { type CapturedLogs, captureLogs } from './logs.ts';
import {
  browserFor,
  formLinkIn,
  OFFICE_PUBLIC_URL,
  type OfficeCard,
  type OfficeUser,
  orgWithAccounts,
  waitUntil,
} from './office-people.ts';
import { WEB_FORM_TEST_SECRET } from './web-form-playground.ts';

// The whole bot (startBot) on WeCom against the local stand-in, with the example organisation
// whose people all have WeCom accounts (`wc-<person id>`, written into a copy of the organisation
// file), and a "WeCom user" for each person that does what they would do in their WeCom client:
// types to the app (the stand-in posts the encrypted callback to the bot's /wecom/callback),
// presses a button by its label on their template card (the stand-in posts template_card_event),
// and opens the signed web-form link the app sent them (an opinion too: WeCom cards take no typed
// text) and posts the form over HTTP to the bot's own port. What they see is what the stand-in
// holds: messages in their chat with the app, and template cards as update_template_card left them.

/** The WeCom userid a person of the example organisation is linked to. */
export function wecomIdOf(personId: string): string {
  return `wc-${personId}`;
}

/** A button as one person sees it on their template card. */
export interface SeenWeComButton {
  text: string;
  key: string;
  action: string;
  /** It opens a web form instead of acting at once. */
  opensForm: boolean;
}

/** A template card in one person's chat with the app, as they see it. */
export interface SeenWeComCard extends OfficeCard {
  msgId: string;
  buttons: SeenWeComButton[];
}

/** One person in their WeCom client (an opinion goes through the form's link: cards take no text). */
export interface WeComUser extends OfficeUser<SeenWeComCard> {
  say(text: string): Promise<void>;
  /** Presses `label` on their card of `title` (waiting until it shows); answers the card pressed. */
  press(title: string, label: string): Promise<SeenWeComCard>;
}

/** The bot on WeCom, its stand-in, and the people. */
export interface WeComOffice {
  bot: RunningBot;
  standIn: WeComStandIn;
  clock: FakeClock;
  /** What the bot logged at warn and above. */
  logs: CapturedLogs;
  prisma: RunningBot['db']['prisma'];
  callbackUrl: string;
  user(personId: string): WeComUser;
  /** Several people at once, by the names a test gives them: `{ xuHui: 'xu-hui' }`. */
  people<K extends string>(ids: Record<K, string>): Record<K, WeComUser>;
  /** Waits until `check` answers something (not null, undefined or false); answers it. */
  until<T>(
    check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
    what: string,
  ): Promise<T>;
  stop(): Promise<void>;
}

/** Starts the bot on `kind` with WeCom only, against a new stand-in. */
export async function startWeComOffice(
  kind: TestDatabaseKind,
  options: {
    clock?: FakeClock;
    orgFile?: string;
    orgEdit?: (yaml: string) => string;
    /** The lowest level of what the bot logs into `logs` (warn unless told). */
    logLevel?: string;
  } = {},
): Promise<WeComOffice> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const clock = options.clock ?? new FakeClock('2026-12-01T01:00:00Z');
    const standIn = await startWeComStandIn({ now: () => clock.now().getTime() });
    cleanups.push(() => standIn.close());
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-wecom-office-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const orgFile = path.join(dataDir, 'org.yaml');
    const org = await orgWithAccounts(options.orgFile ?? 'org.example.yaml', 'wecom_user_id', wecomIdOf);
    await writeFile(orgFile, options.orgEdit ? options.orgEdit(org) : org);
    const database = kind === 'postgres' ? await createPostgresDatabase() : null;
    if (database) cleanups.push(() => database.drop());
    const logs = captureLogs(options.logLevel ?? 'warn');
    const bot = await startBot({
      env: {
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        ORG_FILE: orgFile,
        ...standIn.env,
        PUBLIC_URL: OFFICE_PUBLIC_URL,
        ...(database ? { DATABASE_URL: database.url, FORM_LINK_SECRET: WEB_FORM_TEST_SECRET } : {}),
      },
      clock,
      logger: logs.logger,
    });
    cleanups.push(() => bot.stop());
    const office: WeComOffice = {
      bot,
      standIn,
      clock,
      logs,
      prisma: bot.db.prisma,
      callbackUrl: `http://127.0.0.1:${bot.port}${WECOM_CALLBACK_PATH}`,
      user: (personId) => wecomUser(office, personId),
      people: (ids) =>
        Object.fromEntries(
          Object.entries<string>(ids).map(([name, personId]) => [name, wecomUser(office, personId)]),
        ) as Record<keyof typeof ids, WeComUser>,
      until: (check, what) => waitUntil(check, what),
      stop,
    };
    return office;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** What an app message says: its text, its markdown, or a file's name. */
function messageText(message: StandInWeComMessage, standIn: WeComStandIn): string {
  const content = message.content as { content?: string; media_id?: string };
  if (typeof content.content === 'string') return content.content;
  if (typeof content.media_id === 'string') return standIn.media.get(content.media_id)?.fileName ?? '';
  return JSON.stringify(content);
}

/** The form's field an opinion is written in: the opinion's, else the result's (办结). */
function opinionFieldOf(html: string): string {
  const { comment, result } = ACTION_FORM_FIELDS;
  return html.includes(`name="${comment}"`) ? comment : html.includes(`name="${result}"`) ? result : comment;
}

function seenCard(message: StandInWeComMessage): SeenWeComCard {
  const card = message.content as {
    main_title?: { title?: string; desc?: string };
    sub_title_text?: string;
    horizontal_content_list?: Array<{ keyname?: string; value?: string }>;
    quote_area?: { quote_text?: string };
    button_list?: Array<{ text?: string; key?: string }>;
    replaced_name?: unknown;
  };
  const rows = (card.horizontal_content_list ?? []).map((row) => `${row.keyname ?? ''}：${row.value ?? ''}`);
  // A card whose buttons were replaced by a word (update_template_card's `button`) offers nothing.
  const buttons =
    card.replaced_name === undefined
      ? (card.button_list ?? []).map((button) => {
          const intent = parseButtonKey(button.key ?? '');
          return {
            text: button.text ?? '',
            key: button.key ?? '',
            action: intent?.a ?? '',
            opensForm: intent !== null && 'm' in intent && intent.m === 1,
          };
        })
      : [];
  return {
    id: message.msgId,
    msgId: message.msgId,
    title: card.main_title?.title ?? '',
    status: card.main_title?.desc ?? '',
    body: [card.sub_title_text ?? '', ...rows, card.quote_area?.quote_text ?? ''].join('\n'),
    buttons,
    updates: message.updates,
  };
}

function wecomUser(office: WeComOffice, personId: string): WeComUser {
  const { standIn, bot, callbackUrl } = office;
  const userId = wecomIdOf(personId);
  const messages = () =>
    standIn
      .messagesTo(userId)
      .filter((message) => message.msgtype !== 'template_card')
      .map((message) => messageText(message, standIn));
  const cards = () => standIn.cardsTo(userId).map(seenCard);
  const cardNow = (msgId: string) => {
    const found = standIn.cardsTo(userId).find((message) => message.msgId === msgId);
    if (!found) throw new Error(`no card ${msgId}`);
    return seenCard(found);
  };
  const card = (title: string, until: (card: SeenWeComCard) => boolean = () => true) =>
    office.until(
      () => cards().findLast((c) => (c.title.includes(title) || c.body.includes(title)) && until(c)),
      `${personId}'s card of ${title}`,
    );
  const nextMessage = (after: number, what: string) =>
    office.until(() => messages()[after], `${what} for ${personId}`);
  const nextLink = (after: number, what: string) =>
    office.until(() => messages().slice(after).map(formLinkIn).find(Boolean), `${what} for ${personId}`);
  const say = async (text: string) => {
    const answered = await standIn.postText(callbackUrl, { from: userId, content: text });
    if (answered.status !== 200) throw new Error(`the bot answered ${text} with ${answered.status}`);
  };

  async function press(title: string, label: string): Promise<SeenWeComCard> {
    const pressed = await card(title, (c) => c.buttons.some((b) => b.text === label)).catch(
      (error: Error) => {
        const shown = cards()
          .filter((c) => c.title.includes(title) || c.body.includes(title))
          .map((c) => `${c.title} [${c.buttons.map((b) => b.text).join(', ')}]`);
        throw new Error(
          `${error.message}: no ${label} (${personId} has ${shown.join('; ') || 'no such card'})`,
        );
      },
    );
    const button = pressed.buttons.find((b) => b.text === label) as SeenWeComButton;
    const answered = await standIn.pressButton(callbackUrl, {
      from: userId,
      msgId: pressed.msgId,
      key: button.key,
    });
    if (answered.status !== 200) throw new Error(`the bot answered ${label} with ${answered.status}`);
    return pressed;
  }

  const { open, submit } = browserFor(() => bot.port);

  return {
    personId,
    userId,
    say,
    async ask(text) {
      const before = messages().length;
      await say(text);
      return nextMessage(before, `the answer to ${text}`);
    },
    messages,
    message: (needle) =>
      office.until(
        () => messages().find((m) => m.includes(needle)),
        `a message with ${needle} for ${personId}`,
      ),
    cards,
    card,
    press,
    async act(title, label, opinion, fields = {}) {
      const before = messages().length;
      const pressed = await press(title, label);
      const button = pressed.buttons.find((b) => b.text === label) as SeenWeComButton;
      if (button.opensForm) {
        const link = await nextLink(before, `the form link of ${label}`);
        const page = await open(link);
        if (page.status !== 200) throw new Error(`the form of ${label} answered ${page.status}`);
        const sent = await submit(link, {
          ...(opinion === undefined ? {} : { [opinionFieldOf(page.html)]: opinion }),
          ...fields,
        });
        if (sent.status !== 200) throw new Error(`the form of ${label} refused it: ${sent.status}`);
      }
      await office.until(
        () =>
          (!button.opensForm && messages().length > before) ||
          !cardNow(pressed.msgId).buttons.some((b) => b.key === button.key),
        `${label} done by ${personId}`,
      );
    },
    async pressForForm(title, label) {
      const before = messages().length;
      await press(title, label);
      return nextLink(before, `the form link of ${label}`);
    },
    async askForForm(text) {
      const before = messages().length;
      await say(text);
      return nextLink(before, `the form link of ${text}`);
    },
    open,
    submit,
  };
}
