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
  const pieces =
    reply.blocks.length === 0
      ? [renderText(reply.text)]
      : reply.blocks.map(blockText).filter((piece) => piece !== '');
  const kept: string[] = [];
  for (const piece of pieces) {
    const next = [...kept, piece].join('\n\n');
    if (Buffer.byteLength(next, 'utf8') > TEXT_MAX_BYTES - 8) {
      if (kept.length === 0) return truncateText(piece, Math.floor(TEXT_MAX_BYTES / 3));
      return `${kept.join('\n\n')}\n\n…`;
    }
    kept.push(piece);
  }
  return kept.join('\n\n');
}
