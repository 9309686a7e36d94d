import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';

// What the whole-bot tests on DingTalk and WeCom share about the people of the example office:
// their accounts written into a copy of the organisation file, the web form pages they open from
// the links the bot sends them (over HTTP, to the bot's own port), and how the tests wait for what
// the bot does in the background. Each platform's office (dingtalk-office.ts, wecom-office.ts)
// adds what its client shows: messages, and cards as that platform keeps them.

/** How long a test waits for something the bot does in the background (the machine may be busy). */
const WAIT_MS = 20_000;

/** The bot's address as the people's clients reach it: the start of their form links. */
export const OFFICE_PUBLIC_URL = 'https://bot.example.gov.cn';

/** A web form page as the bot served it. */
export interface FormPage {
  status: number;
  html: string;
}

/** A button as one person sees it on their card. */
export interface OfficeButton {
  text: string;
  /** The action it stands for (`approve`, `archive`, …). */
  action: string;
}

/** A card in one person's chat, as they see it, on any platform. */
export interface OfficeCard {
  /** The platform's handle of this copy (DingTalk's outTrackId, WeCom's msgid). */
  id: string;
  title: string;
  /** The line that says where the item stands. */
  status: string;
  body: string;
  buttons: OfficeButton[];
  /** How many in-place updates the copy had. */
  updates: number;
}

/** One person in their chat client, as the office tests drive them on any platform. */
export interface OfficeUser<Card extends OfficeCard = OfficeCard> {
  personId: string;
  userId: string;
  /** Types `text` to the bot. */
  say(text: string): Promise<void> | void;
  /** Types `text` and waits for the bot's next message to them; answers its text. */
  ask(text: string): Promise<string>;
  /** The texts of the bot's messages to them, oldest first (a file as its file name). */
  messages(): string[];
  /** Waits for a message to them containing `needle`; answers its text. */
  message(needle: string): Promise<string>;
  /** Their cards, oldest first, each as it is now. */
  cards(): Card[];
  /** Waits for their newest card whose title or body contains `title` (and that `until` accepts). */
  card(title: string, until?: (card: Card) => boolean): Promise<Card>;
  /**
   * Presses `label` on their card of `title`; where it asks for an opinion (the card's panel, or
   * a form's link), writes `opinion` (and `fields`) and sends it. Waits until the card no longer
   * offers that press or the bot told them why not.
   */
  act(title: string, label: string, opinion?: string, fields?: Record<string, string>): Promise<void>;
  /** Presses `label` and waits for the web-form link the bot sends them; answers the link. */
  pressForForm(title: string, label: string): Promise<string>;
  /** Types `text` and waits for the web-form link the bot sends them; answers the link. */
  askForForm(text: string): Promise<string>;
  /** Opens a link in their browser (GET). */
  open(link: string): Promise<FormPage>;
  /** Sends the form at `link` with `fields`, as their browser would (urlencoded POST). */
  submit(link: string, fields: Record<string, string | readonly string[]>): Promise<FormPage>;
}

/** The organisation file at `file` with every person's `field` set to `idOf(their id)`. */
export async function orgWithAccounts(
  file: string,
  field: 'dingtalk_user_id' | 'wecom_user_id',
  idOf: (personId: string) => string,
): Promise<string> {
  const document = parseDocument(await readFile(file, 'utf8'));
  const people = document.toJS().people as Array<{ id: string }>;
  people.forEach((person, index) => {
    document.setIn(['people', index, field], idOf(person.id));
  });
  return document.toString();
}

/** Waits until `check` answers something (not null, undefined or false); answers it. */
export async function waitUntil<T>(
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = await check();
    if (found !== null && found !== undefined && found !== false) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The web-form link in a message: a markdown link's target, an HTML link's, or a bare address. */
export function formLinkIn(text: string): string | null {
  const match =
    /\]\((https?:\/\/[^)\s]+\/forms\/[^)\s]+)\)/.exec(text) ??
    /href="(https?:\/\/[^"]+\/forms\/[^"]+)"/.exec(text) ??
    /(https?:\/\/\S+\/forms\/\S+)/.exec(text);
  return match?.[1]?.replaceAll('&amp;', '&') ?? null;
}

/** A person's browser, for the links the bot running on `port` sends them. */
export function browserFor(port: () => number): Pick<OfficeUser, 'open' | 'submit'> {
  /** The bot's own address for a link it made for its public address. */
  const local = (link: string) => {
    const url = new URL(link);
    return `http://127.0.0.1:${port()}${url.pathname}${url.search}`;
  };
  return {
    async open(link) {
      const response = await fetch(local(link));
      return { status: response.status, html: await response.text() };
    },
    async submit(link, fields) {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields))
        for (const v of [value].flat()) body.append(name, v);
      const response = await fetch(local(link), { method: 'POST', body });
      return { status: response.status, html: await response.text() };
    },
  };
}
