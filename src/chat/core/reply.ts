// What the bot answers a command or a button with, for every platform: a short message of
// blocks (a heading, paragraphs, side-by-side fields, small print, a divider, a row of buttons)
// whose text is rich only in the ways every platform can show (bold, code, a link). Words come
// from the catalog; emphasis is marked here and drawn by each platform's renderer, which also
// escapes what people typed for its own markup. Buttons name a neutral action and carry a value;
// each platform routes a press of it back to the feature that drew it.

import { type Locale, type MessageKey, translateDynamic } from '../../shared/i18n.ts';

/** A run of text with its emphasis. Plain strings in a {@link RichText} are plain runs. */
export interface Span {
  text: string;
  bold?: true;
  /** Shown as code (a command to type, a number to copy). */
  code?: true;
  /** The run is a link to this address. */
  url?: string;
}

/** One run of rich text. */
export type Inline = string | Span;

/** Text with emphasis, as runs in reading order. */
export type RichText = readonly Inline[];

/** `text` in bold. */
export function strong(text: string): Span {
  return { text, bold: true };
}

/** `text` as code. */
export function code(text: string): Span {
  return { text, code: true };
}

/** A link to `url` that reads `text`. */
export function link(url: string, text: string): Span {
  return { text, url };
}

/** A parameter of {@link richT}: plain text, a number, or a run (or runs) with emphasis. */
export type RichParam = string | number | Span | RichText;

/**
 * The catalog's message `key` as rich text: its words as plain runs and each `{placeholder}` as
 * the parameter's runs, so a name can be bold inside a sentence whose words are the catalog's.
 * A key the catalog does not have reads as the key itself.
 */
export function richT(
  locale: Locale,
  key: MessageKey,
  params: Readonly<Record<string, RichParam>> = {},
): RichText {
  // Fill every placeholder with a marker that no message contains, then split the text on them.
  const markers: Record<string, string> = {};
  for (const name of Object.keys(params)) markers[name] = `\u0000${name}\u0000`;
  const filled = translateDynamic(locale, key, markers) ?? key;
  const runs: Inline[] = [];
  filled.split('\u0000').forEach((piece, index) => {
    // Odd pieces are placeholder names, even ones the catalog's words.
    if (index % 2 === 0) {
      runs.push(...codeSpansOf(piece));
      return;
    }
    runs.push(...asRuns(params[piece] ?? ''));
  });
  return runs;
}

/**
 * The catalog's words as runs: a span in backticks (a command to type, `/doc help`) is a code run,
 * so each platform draws it in its own way (Slack's backticks, DingTalk's markdown, plain text
 * without them) instead of showing the catalog's markup.
 */
function codeSpansOf(words: string): Inline[] {
  const runs: Inline[] = [];
  // Even pieces are words, odd ones the text between a pair of backticks on one line.
  words.split(/`([^`\n]+)`/).forEach((piece, index) => {
    if (piece === '') return;
    runs.push(index % 2 === 0 ? piece : code(piece));
  });
  return runs;
}

/**
 * A catalog message already filled (an error's own words) as rich text, its backtick spans as
 * code. Prefer {@link richT}, which never reads markup in the parameters; this is for text that
 * arrives filled.
 */
export function catalogRich(text: string): RichText {
  return codeSpansOf(text);
}

function asRuns(param: RichParam): Inline[] {
  if (typeof param === 'number') return [String(param)];
  if (typeof param === 'string') return param === '' ? [] : [param];
  if (Array.isArray(param)) return [...(param as RichText)];
  return [param as Span];
}

/** Runs joined with `separator` between each text (a line break, a bullet). */
export function joinRich(texts: readonly RichText[], separator: string): RichText {
  return texts.flatMap((text, index) => (index === 0 ? [...text] : [separator, ...text]));
}

/** The text without any emphasis (a notification, a platform with no rich text). */
export function plainOf(text: RichText): string {
  return text.map((run) => (typeof run === 'string' ? run : run.text)).join('');
}

/** Asks the person to confirm before a button's action is taken. */
export interface ReplyConfirm {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

/** A button on a reply: it names the action a press asks for and carries the value it acts on. */
export interface ReplyButton {
  label: string;
  /** The neutral action a press asks for; the feature that drew the button handles it. */
  action: string;
  /** What the action is about (an item's id, the next page); at most 2,000 characters. */
  value: string;
  style?: 'primary' | 'danger';
  confirm?: ReplyConfirm;
}

/**
 * What every block may carry: a name for it, unique within the reply, that a platform addressing
 * parts of a message by name uses (a list's row by its item), so a redrawn reply keeps its parts.
 */
interface BlockBase {
  key?: string;
}

/** One block of a reply. */
export type ReplyBlock = BlockBase &
  /** A title line (plain, shown large where the platform can). */
  (
    | { kind: 'header'; text: string }
    /** A paragraph, side-by-side fields below it, and one button beside it. */
    | { kind: 'section'; text?: RichText; fields?: readonly RichText[]; button?: ReplyButton }
    /** Small print: a few short texts in a row. */
    | { kind: 'context'; items: readonly RichText[] }
    | { kind: 'divider' }
    /** A row of buttons. */
    | { kind: 'buttons'; buttons: readonly ReplyButton[] }
  );

/**
 * A reply: its blocks, and its whole content as text (what a notification shows, what a screen
 * reader or a platform that shows only text reads). A reply with no blocks is its text alone.
 */
export interface Reply {
  text: RichText;
  blocks: readonly ReplyBlock[];
}

/** Every button of a reply, in reading order. */
export function replyButtons(reply: Reply): ReplyButton[] {
  return reply.blocks.flatMap((block) => {
    if (block.kind === 'buttons') return [...block.buttons];
    if (block.kind === 'section' && block.button) return [block.button];
    return [];
  });
}

/** A reply of text alone. */
export function textReply(text: RichText | string): Reply {
  return { text: typeof text === 'string' ? [text] : text, blocks: [] };
}

/**
 * Limits every platform's renderer can meet, which a reply stays within: the strictest of the
 * platforms the bot serves (Slack's Block Kit: 50 blocks, 3,000 characters of section text, 10
 * fields of 2,000, 25 buttons in a row, 75 characters on a button).
 */
export const REPLY_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  buttonsPerRow: 25,
  buttonLabel: 75,
  buttonValue: 2000,
  headerText: 150,
  contextItems: 10,
} as const;

// Replies shorten what people typed with the shared helper, as cards and notices do.
export { truncateText } from '../../shared/text.ts';
