import { mrkdwn, type SlackMessage } from './message.ts';

/** An ephemeral error note: one section, and the same words as the text fallback. */
export function buildErrorMessage(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}
