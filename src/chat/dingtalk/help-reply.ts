// What the robot answers to text it does not understand: the commands it takes, as typed in
// DingTalk (no slash needed; the Chinese words work as well), from the catalog's help lines of the
// enabled features only.

import { type Locale, t } from '../../shared/i18n.ts';
import type { CommandHandler } from '../core/commands.ts';
import { code, type Reply, type RichText } from '../core/reply.ts';

/** The catalog's help line of each command the help names, by command name. */
const HELP_LINES = {
  todo: 'help.doc.list',
  seal: 'help.seal',
  supply: 'help.supply',
  archive: 'help.archive',
} as const;

/** The help: the header, how to start an approval, and a line per enabled command with its words. */
export function helpReply(locale: Locale, handlers: readonly CommandHandler[]): Reply {
  const header = t(locale, 'help.header');
  const lines: RichText[] = [[t(locale, 'help.doc.approve')]];
  for (const [command, key] of Object.entries(HELP_LINES)) {
    const own = handlers.filter((handler) => handler.command === command);
    if (own.length === 0) continue;
    const words = [...new Set([command, ...own.flatMap((handler) => handler.words ?? [])])];
    lines.push([
      ...words.flatMap((word, index) => (index === 0 ? [code(word)] : [' / ', code(word)])),
      '：',
      t(locale, key),
    ]);
  }
  return {
    text: [header],
    blocks: [{ kind: 'header', text: header }, ...lines.map((text) => ({ kind: 'section' as const, text }))],
  };
}
