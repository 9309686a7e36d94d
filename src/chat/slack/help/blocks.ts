// The note for a slash command whose feature the bot does not run (`/seal` without seals in the
// organisation file): what it is for, and where the help is.

import { type Locale, type PlainMessageKey, t } from '../../../shared/i18n.ts';
import { mrkdwn, type SlackMessage } from '../blocks/message.ts';
import { SLASH_COMMANDS } from '../ids.ts';

const FEATURES: ReadonlyArray<{ command: string; key: PlainMessageKey }> = [
  { command: SLASH_COMMANDS.seal, key: 'help.seal' },
  { command: SLASH_COMMANDS.supply, key: 'help.supply' },
  { command: SLASH_COMMANDS.archive, key: 'help.archive' },
  { command: SLASH_COMMANDS.meeting, key: 'help.meeting' },
];

/** The ephemeral note for a command whose feature the bot does not run (`/seal`, `/supply`, `/archive`, `/meeting`). */
export function buildComingSoonMessage(
  locale: Locale,
  command:
    | typeof SLASH_COMMANDS.seal
    | typeof SLASH_COMMANDS.supply
    | typeof SLASH_COMMANDS.archive
    | typeof SLASH_COMMANDS.meeting,
): SlackMessage {
  const line = FEATURES.find((l) => l.command === command);
  const feature = line ? t(locale, line.key) : command;
  const text = t(locale, 'feature.coming_soon', { feature, command });
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}
