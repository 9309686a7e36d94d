import type { types } from '@slack/bolt';

/** A Block Kit block the bot sends. */
export type Block = types.KnownBlock;

/**
 * A message ready for `ack()`, `respond()` or `chat.postMessage`: blocks plus the plain `text`
 * fallback Slack shows in notifications and reads to screen readers.
 */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** A plain_text object; `emoji` on so `:name:` codes in catalog text render. */
export function plainText(text: string): types.PlainTextElement {
  return { type: 'plain_text', text, emoji: true };
}

/** A mrkdwn text object. */
export function mrkdwn(text: string): types.MrkdwnElement {
  return { type: 'mrkdwn', text };
}
