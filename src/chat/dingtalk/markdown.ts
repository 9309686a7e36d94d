// Rich text and replies as DingTalk markdown: what a robot's `sampleMarkdown` message and a card's
// markdown component show. DingTalk's markdown is a subset (headings, bold, italic, links, images,
// lists, quotes) and has no backslash escape that its clients honour alike, so what people typed
// is made inert by replacing every character that could start markup with its full-width look-alike
// (`*` → `＊`, `[` → `［`, `<` → `＜` …), and by breaking what only means something at the start
// of a line (`- `, `1. `, `＃`) or in a run (`://` of an address DingTalk would link by itself).
// The reader sees the same words; DingTalk sees no markup in them. Only the renderer's own runs
// (bold, code, links) write markup.

import { type Reply, type ReplyBlock, type RichText, replyButtons, truncateText } from '../core/reply.ts';

/**
 * Characters replaced by a full-width look-alike wherever they stand in user text: emphasis
 * (`*`, `_`, `~`), headings (`#`), links and images (`[`, `]`, `!` needs `[`), HTML and `<at>`
 * mentions (`<`, `>`), code (backtick), tables (`|`) and entities (`&`, so `&lt;` cannot become `<`).
 */
const INERT_CHARS: Readonly<Record<string, string>> = {
  '*': '＊',
  _: '＿',
  '~': '～',
  '#': '＃',
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '`': '｀',
  '|': '｜',
  '&': '＆',
};

const INERT_PATTERN = /[*_~#[\]<>`|&]/g;

/** Zero-width space: invisible, and not markdown whitespace, so a line starting with it is a paragraph. */
const ZWSP = '\u200b';

/**
 * DingTalk's line break inside a paragraph: a plain `\n` is dropped by some clients, so the line
 * ends with two spaces first (the markdown hard break, which DingTalk's own samples use).
 */
export const MD_LINE_BREAK = '  \n';

/** Between blocks: an empty line starts a new paragraph everywhere. */
export const MD_PARAGRAPH_BREAK = '\n\n';

/**
 * `raw` as markdown that shows exactly these words and means nothing else. Line breaks are kept as
 * {@link MD_LINE_BREAK} when `multiline`, else folded to one space (names, titles, field labels).
 * `atLineStart: false` says the text continues a line (a run after others), so what means
 * something only at the start of a line is left alone in its first line.
 */
export function inertText(raw: string, options: { multiline?: boolean; atLineStart?: boolean } = {}): string {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const first = options.atLineStart ?? true;
  if (options.multiline) return lines.map((line, i) => inertLine(line, i > 0 || first)).join(MD_LINE_BREAK);
  return inertLine(lines.filter((line) => line !== '').join(' '), first);
}

function inertLine(line: string, atLineStart: boolean): string {
  let out = line.replace(INERT_PATTERN, (char) => INERT_CHARS[char] ?? char);
  // An address DingTalk would turn into a link by itself: the break keeps it plain text.
  out = out.replace(/:\/\//g, `:${ZWSP}//`);
  if (!atLineStart) return out;
  // Leading spaces would make an indented code block; a non-breaking space is no indentation.
  out = out.replace(/^[ \t]+/, (spaces) => '\u00a0'.repeat(spaces.length));
  // What means something only at the start of a line: a list item (`- `, `+ `, `1. `, `1) `), a
  // setext underline or a rule (`---`, `===`). A zero-width space first makes it a paragraph.
  if (/^\u00a0*(?:[-+=]|\d{1,9}[.)])/.test(out)) out = out.replace(/^(\u00a0*)/, `$1${ZWSP}`);
  return out;
}

/** Schemes a link may use; anything else (`javascript:`, `data:`) is shown as its text alone. */
const LINK_SCHEMES = new Set(['http:', 'https:', 'dingtalk:']);

/** `url` when it is a link DingTalk should open, percent-encoded so it cannot end the markdown early. */
export function safeLinkTarget(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!LINK_SCHEMES.has(parsed.protocol)) return null;
  // `(`, `)`, spaces and angle brackets would end or break `[text](url)`.
  return parsed.href.replace(/[()<> ]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `text` as DingTalk markdown: runs made inert, bold `**…**`, code in backticks, links `[…](…)`. */
export function renderMarkdown(
  text: RichText,
  options: { multiline?: boolean } = { multiline: true },
): string {
  let out = '';
  for (const run of text) {
    const atLineStart = out === '' || out.endsWith('\n');
    if (typeof run === 'string') {
      out += inertText(run, { ...options, atLineStart });
      continue;
    }
    // Inside bold, code or a link the text is one line: markup does not span lines reliably.
    let piece = inertText(run.text, { atLineStart: false });
    if (piece === '') continue;
    if (run.code) piece = `\`${piece}\``;
    if (run.bold) piece = `**${piece}**`;
    if (run.url !== undefined) {
      const target = safeLinkTarget(run.url);
      if (target !== null) piece = `[${piece}](${target})`;
    }
    out += piece;
  }
  return out;
}

/** A plain, one-line text (a message title, a button label): no markup is read there. */
export function plainLine(raw: string, max: number): string {
  return truncateText(raw.replace(/\s+/g, ' ').trim(), max);
}

/**
 * The most a `sampleMarkdown` message's `msgParam` may weigh: DingTalk documents 15,000 bytes for
 * a robot message's `msgParam`; the margin covers JSON escaping we do not count exactly.
 */
export const MARKDOWN_MSG_PARAM_BYTES = 14_000;

/** Longest title: what the chat list and the notification show. */
export const MARKDOWN_TITLE_MAX = 100;

/** A robot `sampleMarkdown` message. */
export interface SampleMarkdownMessage {
  msgKey: 'sampleMarkdown';
  /** JSON text of `{title, text}`, as the robot message APIs take it. */
  msgParam: string;
}

/** A reply as DingTalk markdown: a plain title (the notification) and the body. */
export interface MarkdownReply {
  title: string;
  markdown: string;
}

/** The markdown of one block; buttons are the card's, so a row of them is left out here. */
export function blockMarkdown(block: ReplyBlock): string {
  switch (block.kind) {
    case 'header':
      return `#### ${inertText(block.text)}`;
    case 'section': {
      const parts: string[] = [];
      if (block.text) parts.push(renderMarkdown(block.text));
      if (block.fields && block.fields.length > 0) {
        parts.push(block.fields.map((field) => renderMarkdown(field)).join(MD_LINE_BREAK));
      }
      return parts.join(MD_PARAGRAPH_BREAK);
    }
    case 'context':
      return block.items.map((item) => renderMarkdown(item, { multiline: false })).join('  ·  ');
    case 'divider':
      // A rule needs the empty line before it, or `---` would underline the paragraph as a heading.
      return '---';
    case 'buttons':
      return '';
  }
}

/**
 * A reply as a title and markdown body: the header (or the reply's first words) is the title, each
 * block a paragraph. A reply of text alone is its text. Too long a body loses its last blocks,
 * ended with `…`, so the message stays within {@link MARKDOWN_MSG_PARAM_BYTES}.
 */
export function replyToMarkdown(reply: Reply): MarkdownReply {
  const header = reply.blocks.find((block) => block.kind === 'header');
  const title = plainLine(
    header?.kind === 'header' ? header.text : plainTextOf(reply.text),
    MARKDOWN_TITLE_MAX,
  );
  const pieces =
    reply.blocks.length === 0
      ? [renderMarkdown(reply.text)]
      : reply.blocks.map(blockMarkdown).filter((piece) => piece !== '');
  return { title: title || '…', markdown: fitPieces(pieces, title) };
}

/** The reply as a robot `sampleMarkdown` message (for a reply with no buttons: see the card otherwise). */
export function replyToSampleMarkdown(reply: Reply): SampleMarkdownMessage {
  const { title, markdown } = replyToMarkdown(reply);
  return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title, text: markdown }) };
}

/** True when the reply needs a card (it has buttons); a sampleMarkdown message cannot carry them. */
export function replyNeedsCard(reply: Reply): boolean {
  return replyButtons(reply).length > 0;
}

function plainTextOf(text: RichText): string {
  return text.map((run) => (typeof run === 'string' ? run : run.text)).join('');
}

function msgParamBytes(title: string, markdown: string): number {
  return Buffer.byteLength(JSON.stringify({ title, text: markdown }), 'utf8');
}

/** The pieces joined, as many from the start as fit, then `…`; one long piece is cut inside. */
function fitPieces(pieces: readonly string[], title: string): string {
  const whole = pieces.join(MD_PARAGRAPH_BREAK);
  if (msgParamBytes(title, whole) <= MARKDOWN_MSG_PARAM_BYTES) return whole;
  const kept: string[] = [];
  for (const piece of pieces) {
    const next = [...kept, piece, '…'].join(MD_PARAGRAPH_BREAK);
    if (msgParamBytes(title, next) > MARKDOWN_MSG_PARAM_BYTES) break;
    kept.push(piece);
  }
  if (kept.length > 0) return [...kept, '…'].join(MD_PARAGRAPH_BREAK);
  // Even the first piece is too long: cut it by characters (3 bytes each at most, JSON-escaped 6).
  return truncateText(pieces[0] ?? '', Math.floor(MARKDOWN_MSG_PARAM_BYTES / 6));
}
