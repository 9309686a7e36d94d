import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type RunningBot, startBot } from '../../src/bot.ts';
import { parseCardValue } from '../../src/chat/dingtalk/card/card-value.ts';
import {
  BUTTON_SLOTS,
  buttonActionId,
  buttonVars,
  CARD_VARS,
  PANEL_ACTION_IDS,
  PANEL_VARS,
} from '../../src/chat/dingtalk/card/template.ts';
import {
  type DingTalkStandIn,
  type StandInCard,
  type StandInMessage,
  standInEnv,
  startDingTalkStandIn,
} from '../../src/chat/dingtalk/stand-in/stand-in.ts';
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

// The whole bot (startBot) on DingTalk against the local stand-in, with the example organisation
// whose people all have DingTalk accounts (`dt-<person id>`, written into a copy of the
// organisation file), and a "DingTalk user" for each person that does what they would do in their
// DingTalk client: types to the robot, presses a button by its label on their copy of a card
// (each viewer's buttons are the card's private data for them), writes an opinion in the card's
// panel, and opens the signed web-form link the robot sent them and posts the form over HTTP to
// the bot's own port. What they see is what the stand-in holds: messages in their chat with the
// robot, and cards by outTrackId, updated in place.

export { OFFICE_PUBLIC_URL };

/** The variables that connect a bot to DingTalk, here the stand-in (the gateway is at its API's address). */
export function dingtalkEnv(standIn: DingTalkStandIn): NodeJS.ProcessEnv {
  return standInEnv(standIn);
}

/** The DingTalk userId a person of the example organisation is linked to. */
export function dingtalkIdOf(personId: string): string {
  return `dt-${personId}`;
}

/** A button as one viewer sees it on their copy of a card. */
export interface SeenButton {
  slot: number;
  text: string;
  action: string;
  value: string;
}

/** A card in one person's chat with the robot, as they see it. */
export interface SeenCard extends OfficeCard {
  outTrackId: string;
  /** The viewer's own short word on the card (a refusal, what to mend), empty when none. */
  notice: string;
  buttons: SeenButton[];
  /** The panel open on the viewer's copy, or null. */
  panel: { text: string; action: string; value: string; fields: string[] } | null;
}

/** One person in their DingTalk client (an opinion is written in the card's panel). */
export interface DingTalkUser extends OfficeUser<SeenCard> {
  say(text: string): void;
  /**
   * Presses the button labelled `label` on their card of `title` (waiting until it shows);
   * answers the card as it was pressed.
   */
  press(title: string, label: string): Promise<SeenCard>;
}

/** The bot on DingTalk, its stand-in, and the people. */
export interface DingTalkOffice {
  bot: RunningBot;
  standIn: DingTalkStandIn;
  clock: FakeClock;
  /** What the bot logged at warn and above. */
  logs: CapturedLogs;
  prisma: RunningBot['db']['prisma'];
  user(personId: string): DingTalkUser;
  /** Several people at once, by the names a test gives them: `{ xuHui: 'xu-hui' }`. */
  people<K extends string>(ids: Record<K, string>): Record<K, DingTalkUser>;
  /** Waits until `check` answers something (not null, undefined or false); answers it. */
  until<T>(
    check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
    what: string,
  ): Promise<T>;
  stop(): Promise<void>;
}

/** Starts the bot on `kind` with DingTalk only, against a new stand-in. */
export async function startDingTalkOffice(
  kind: TestDatabaseKind,
  options: { clock?: FakeClock; orgEdit?: (yaml: string) => string } = {},
): Promise<DingTalkOffice> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    const clock = options.clock ?? new FakeClock('2026-12-01T01:00:00Z');
    const standIn = await startDingTalkStandIn();
    cleanups.push(() => standIn.close());
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-dingtalk-office-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const orgFile = path.join(dataDir, 'org.yaml');
    const org = await orgWithAccounts('org.example.yaml', 'dingtalk_user_id', dingtalkIdOf);
    await writeFile(orgFile, options.orgEdit ? options.orgEdit(org) : org);
    const database = kind === 'postgres' ? await createPostgresDatabase() : null;
    if (database) cleanups.push(() => database.drop());
    const logs = captureLogs('warn');
    const bot = await startBot({
      env: {
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        ORG_FILE: orgFile,
        ...dingtalkEnv(standIn),
        PUBLIC_URL: OFFICE_PUBLIC_URL,
        ...(database ? { DATABASE_URL: database.url, FORM_LINK_SECRET: WEB_FORM_TEST_SECRET } : {}),
      },
      clock,
      logger: logs.logger,
    });
    cleanups.push(() => bot.stop());
    await standIn.waitFor(() => standIn.openConnections === 1);
    const office: DingTalkOffice = {
      bot,
      standIn,
      clock,
      logs,
      prisma: bot.db.prisma,
      user: (personId) => dingtalkUser(office, personId),
      people: (ids) =>
        Object.fromEntries(
          Object.entries<string>(ids).map(([name, personId]) => [name, dingtalkUser(office, personId)]),
        ) as Record<keyof typeof ids, DingTalkUser>,
      until: (check, what) => waitUntil(check, what),
      stop,
    };
    return office;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** What a robot message says: its text, its markdown, or a file's name. */
function messageText(message: StandInMessage): string {
  const param = message.msgParam as { content?: string; text?: string; fileName?: string };
  return param.content ?? param.text ?? param.fileName ?? JSON.stringify(param);
}

/** The panel's field the opinion is written in: the opinion's, else the result's (办结), else the first. */
function textFieldOf(fields: readonly string[]): string {
  const { comment, result } = ACTION_FORM_FIELDS;
  return fields.includes(comment) ? comment : fields.includes(result) ? result : (fields[0] ?? comment);
}

function seenCard(outTrackId: string, card: StandInCard, userId: string): SeenCard {
  const viewer = { ...card.cardParamMap, ...card.privateData[userId]?.cardParamMap };
  const buttons: SeenButton[] = [];
  for (let slot = 1; slot <= BUTTON_SLOTS; slot++) {
    const vars = buttonVars(slot);
    if (viewer[vars.show] !== 'true') continue;
    buttons.push({
      slot,
      text: viewer[vars.text] ?? '',
      action: viewer[vars.action] ?? '',
      value: viewer[vars.value] ?? '',
    });
  }
  const form = JSON.parse(viewer[PANEL_VARS.form] || '{"fields":[]}') as { fields: Array<{ name: string }> };
  return {
    id: outTrackId,
    outTrackId,
    title: card.cardParamMap[CARD_VARS.title] ?? '',
    status: card.cardParamMap[CARD_VARS.statusText] ?? '',
    body: card.cardParamMap[CARD_VARS.body] ?? '',
    notice: viewer[CARD_VARS.notice] ?? '',
    buttons,
    updates: card.updates,
    panel:
      viewer[PANEL_VARS.show] === 'true'
        ? {
            text: viewer[PANEL_VARS.text] ?? '',
            action: viewer[PANEL_VARS.action] ?? '',
            value: viewer[PANEL_VARS.value] ?? '',
            fields: form.fields.map((field) => field.name),
          }
        : null,
  };
}

function dingtalkUser(office: DingTalkOffice, personId: string): DingTalkUser {
  const { standIn, bot } = office;
  const userId = dingtalkIdOf(personId);
  const messages = () => standIn.messagesTo(userId).map(messageText);
  const cards = () =>
    standIn
      .cards()
      .filter(([, card]) => card.openSpaceId === `dtv1.card//IM_ROBOT.${userId}`)
      .map(([outTrackId, card]) => seenCard(outTrackId, card, userId));
  const cardNow = (outTrackId: string) => {
    const card = standIn.card(outTrackId);
    if (!card) throw new Error(`no card ${outTrackId}`);
    return seenCard(outTrackId, card, userId);
  };
  const card = (title: string, until: (card: SeenCard) => boolean = () => true) =>
    office.until(
      () => cards().findLast((c) => (c.title.includes(title) || c.body.includes(title)) && until(c)),
      `${personId}'s card of ${title}`,
    );
  const nextMessage = async (after: number, what: string) =>
    office.until(() => messages()[after], `${what} for ${personId}`);
  const nextLink = (after: number, what: string) =>
    office.until(() => messages().slice(after).map(formLinkIn).find(Boolean), `${what} for ${personId}`);
  const click = (outTrackId: string, actionIds: string[], params: Record<string, unknown>) =>
    standIn.sendCardClick({ outTrackId, userId, actionIds, params });

  async function press(title: string, label: string): Promise<SeenCard> {
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
    const button = pressed.buttons.find((b) => b.text === label) as SeenButton;
    click(pressed.outTrackId, [buttonActionId(button.slot)], { action: button.action, value: button.value });
    return pressed;
  }

  const browser = browserFor(() => bot.port);

  return {
    personId,
    userId,
    say: (text) => {
      standIn.sendRobotMessage({ senderStaffId: userId, text });
    },
    async ask(text) {
      const before = messages().length;
      standIn.sendRobotMessage({ senderStaffId: userId, text });
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
      const button = pressed.buttons.find((b) => b.text === label) as SeenButton;
      const ref = parseCardValue(button.value);
      // A button that opens the opinion panel or asks to confirm: the person fills it and sends it.
      if (ref.ok && (ref.value.opensForm || ref.value.confirm)) {
        const panel = await office.until(() => {
          const now = cardNow(pressed.outTrackId);
          return now.panel?.value === button.value ? now.panel : null;
        }, `the panel of ${label} on ${personId}'s card`);
        click(pressed.outTrackId, [PANEL_ACTION_IDS.submit], {
          action: panel.action,
          value: panel.value,
          ...(panel.fields.length > 0
            ? {
                form: {
                  ...(opinion === undefined ? {} : { [textFieldOf(panel.fields)]: opinion }),
                  ...fields,
                },
              }
            : {}),
        });
      }
      await office.until(
        () =>
          messages().length > before ||
          !cardNow(pressed.outTrackId).buttons.some((b) => b.value === button.value),
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
      standIn.sendRobotMessage({ senderStaffId: userId, text });
      return nextLink(before, `the form link of ${text}`);
    },
    ...browser,
  };
}
