/**
 * Escapes the three characters Slack's mrkdwn treats as control characters, so text typed by a user
 * cannot become a link, a mention or `<!channel>`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
