// Replies as WeCom text messages. A text message shows line breaks and `<a href>` links and nothing
// else (developer.work.weixin.qq.com/document/path/90236), up to 2,048 bytes. What people typed
// cannot open a tag: `<` and `>` become their full-width look-alikes. Buttons are not drawn here:
// a reply whose buttons matter goes as a template card (not built yet) or offers its web form.

import { type Reply, type ReplyBlock, type RichText, truncateText } from '../core/reply.ts';

/** WeCom's limit on a text message's content, in UTF-8 bytes. */
export const TEXT_MAX_BYTES = 2048;

/** Schemes a link may use; anything else is shown as its text alone. */
const LINK_SCHEMES = new Set(['http:', 'https:']);

/** `raw` with nothing WeCom could read as a tag. */
function inert(raw: string): string {
  return raw.replace(/</g, '＜').replace(/>/g, '＞');
}

/** A link's address when WeCom should open it, with what would end the attribute encoded. */
function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return LINK_SCHEMES.has(parsed.protocol) ? parsed.href.replace(/"/g, '%22') : null;
  } catch {
    return null;
  }
}

/** Rich text as a text message's content: runs as their text, links as `<a href>`. */
export function renderText(text: RichText): string {
  return text
    .map((run) => {
      if (typeof run === 'string') return inert(run);
      const shown = inert(run.text);
      const href = run.url === undefined ? null : safeHref(run.url);
      return href === null ? shown : `<a href="${href}">${shown}</a>`;
    })
    .join('');
}

function blockText(block: ReplyBlock): string {
  switch (block.kind) {
    case 'header':
      return `【${inert(block.text)}】`;
    case 'section':
      return [block.text ? renderText(block.text) : '', ...(block.fields ?? []).map(renderText)]
        .filter((line) => line !== '')
        .join('\n');
    case 'context':
      return block.items.map(renderText).join(' · ');
    case 'divider':
      return '──────';
    case 'buttons':
      return '';
  }
}

/**
 * A reply as one text message: its blocks one paragraph each (its text when it has none), cut to
 * WeCom's 2,048 bytes with `…` (the last blocks go first).
 */
export function replyToText(reply: Reply): string {
  return replyToTexts(reply, 1)[0] ?? '';
}

/**
 * A reply as up to `maxMessages` text messages of at most 2,048 bytes each (WeCom cuts a longer
 * one where the bytes run out): its paragraphs packed in order, a new message
 * where the next one does not fit. What still does not fit is left out, the last message ending
 * with `…`; a paragraph longer than a message on its own is shortened.
 */
export function replyToTexts(reply: Reply, maxMessages: number): string[] {
  const pieces =
    reply.blocks.length === 0
      ? [renderText(reply.text)]
      : reply.blocks.map(blockText).filter((piece) => piece !== '');
  const fits = (text: string) => Buffer.byteLength(text, 'utf8') <= TEXT_MAX_BYTES - 8;
  const messages: string[] = [];
  let kept: string[] = [];
  for (const piece of pieces) {
    if (fits([...kept, piece].join('\n\n'))) {
      kept.push(piece);
      continue;
    }
    const last = messages.length + 1 >= maxMessages;
    if (kept.length > 0 && last) {
      messages.push(`${kept.join('\n\n')}\n\n…`);
      return messages;
    }
    if (kept.length > 0) messages.push(kept.join('\n\n'));
    kept = [];
    if (fits(piece)) {
      kept.push(piece);
      continue;
    }
    messages.push(truncateText(piece, Math.floor(TEXT_MAX_BYTES / 3)));
    if (messages.length >= maxMessages) return messages;
  }
  if (kept.length > 0 || messages.length === 0) messages.push(kept.join('\n\n'));
  return messages;
}
