// A reply (the core's answer to a command or a button) drawn as a Slack message: rich text as
// mrkdwn with everything escaped (so nothing typed becomes a link or a mention), blocks as Block
// Kit blocks, a reply button as a button whose action_id is the neutral action it names.

import type { types } from '@slack/bolt';
import type { Reply, ReplyBlock, ReplyButton, RichText } from '../core/reply.ts';
import { BLOCK_KIT_LIMITS, truncateText } from './blocks/limits.ts';
import { type Block, mrkdwn, plainText } from './blocks/message.ts';
import { escapeMrkdwn } from './blocks/mrkdwn.ts';

/** `text` as mrkdwn: every run escaped, bold as `*…*`, code as `` `…` ``, a link as `<url|text>`. */
export function renderMrkdwn(text: RichText): string {
  return text
    .map((run) => {
      if (typeof run === 'string') return escapeMrkdwn(run);
      let out = escapeMrkdwn(run.text);
      if (run.code) out = `\`${out}\``;
      if (run.bold) out = `*${out}*`;
      if (run.url !== undefined) out = `<${run.url}|${out}>`;
      return out;
    })
    .join('');
}

/** A reply as a message: its text as the fallback, its blocks (none for a reply of text alone). */
export function renderReply(reply: Reply): { text: string; blocks?: Block[] } {
  const text = renderMrkdwn(reply.text);
  if (reply.blocks.length === 0) return { text };
  return { text, blocks: reply.blocks.map(renderBlock) };
}

/** One block of a reply as a Block Kit block. */
export function renderBlock(block: ReplyBlock): Block {
  const id = block.key === undefined ? {} : { block_id: block.key };
  switch (block.kind) {
    case 'header':
      return { type: 'header', ...id, text: plainText(block.text) };
    case 'section': {
      const section: types.SectionBlock = { type: 'section', ...id };
      if (block.text) section.text = mrkdwn(fitted(block.text, BLOCK_KIT_LIMITS.sectionText));
      if (block.fields) {
        section.fields = block.fields.map((field) =>
          mrkdwn(fitted(field, BLOCK_KIT_LIMITS.sectionFieldText)),
        );
      }
      if (block.button) section.accessory = renderButton(block.button);
      return section;
    }
    case 'context':
      return { type: 'context', ...id, elements: block.items.map((item) => mrkdwn(renderMrkdwn(item))) };
    case 'divider':
      return { type: 'divider', ...id };
    case 'buttons':
      return { type: 'actions', ...id, elements: block.buttons.map(renderButton) };
  }
}

/**
 * `text` as mrkdwn within `max` characters. A reply keeps its text within the limit as read;
 * escaping (`&` is `&amp;`) can lengthen it past Slack's, which would refuse the whole message.
 */
function fitted(text: RichText, max: number): string {
  return truncateText(renderMrkdwn(text), max);
}

/** A reply button as a Block Kit button. */
export function renderButton(button: ReplyButton): types.Button {
  const out: types.Button = {
    type: 'button',
    action_id: button.action,
    value: button.value,
    text: plainText(button.label),
  };
  if (button.style) out.style = button.style;
  if (button.confirm) {
    out.confirm = {
      title: plainText(button.confirm.title),
      text: plainText(button.confirm.text),
      confirm: plainText(button.confirm.confirm),
      deny: plainText(button.confirm.deny),
      ...(button.style === 'danger' ? { style: 'danger' as const } : {}),
    };
  }
  return out;
}
