import { DEFAULT_LOCALE, type Locale, type PlainMessageKey, t } from '../../../shared/i18n.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, mrkdwn, plainText, type SlackMessage } from '../blocks/message.ts';
import { bold, escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { type DocSubcommand, SLASH_COMMANDS } from '../ids.ts';

/** One line of the help: how to type it, what it does, and whether it works yet. */
interface HelpLine {
  usage: string;
  key: PlainMessageKey;
  /** False until the feature ships; the line then carries the "coming soon" tag. */
  available: boolean;
}

const DOC_LINES: readonly HelpLine[] = [
  { usage: SLASH_COMMANDS.doc, key: 'help.doc.list', available: true },
  { usage: `${SLASH_COMMANDS.doc} new`, key: 'help.doc.new', available: true },
  { usage: `${SLASH_COMMANDS.doc} approve …`, key: 'help.doc.approve', available: true },
  { usage: `${SLASH_COMMANDS.doc} mine`, key: 'help.doc.mine', available: true },
  { usage: `${SLASH_COMMANDS.doc} find …`, key: 'help.doc.find', available: true },
  { usage: `${SLASH_COMMANDS.doc} register …`, key: 'help.doc.register', available: true },
  { usage: `${SLASH_COMMANDS.doc} report [week|month]`, key: 'help.doc.report', available: true },
  { usage: `${SLASH_COMMANDS.doc} reminders`, key: 'help.doc.reminders', available: true },
  { usage: `${SLASH_COMMANDS.doc} receive`, key: 'help.doc.receive', available: true },
  { usage: `${SLASH_COMMANDS.doc} help`, key: 'help.doc.help', available: true },
];

const OTHER_LINES: readonly HelpLine[] = [
  { usage: SLASH_COMMANDS.seal, key: 'help.seal', available: true },
  { usage: SLASH_COMMANDS.supply, key: 'help.supply', available: true },
  { usage: SLASH_COMMANDS.archive, key: 'help.archive', available: true },
];

/** Why the help is shown instead of what the user asked for. */
export type HelpNotice =
  | { kind: 'unknown_subcommand'; input: string }
  | { kind: 'coming_soon'; subcommand: DocSubcommand };

/** Longest echo of a user's unknown sub-command; the rest is noise in an error line. */
const MAX_ECHOED_INPUT = 40;

/** The `/doc help` message: what the bot can do, with unbuilt features marked as coming soon. */
export function buildDocHelpMessage(locale: Locale = DEFAULT_LOCALE, notice?: HelpNotice): SlackMessage {
  const header = truncateText(t(locale, 'help.header'), BLOCK_KIT_LIMITS.headerText);
  const blocks: Block[] = [{ type: 'header', text: plainText(header) }];
  const noticeText = notice ? describeNotice(locale, notice) : undefined;
  if (noticeText) blocks.push({ type: 'section', text: mrkdwn(noticeText) });
  blocks.push(
    { type: 'section', text: mrkdwn(t(locale, 'help.intro')) },
    { type: 'divider' },
    { type: 'section', text: mrkdwn(renderSection(locale, 'help.section.doc', DOC_LINES)) },
    { type: 'section', text: mrkdwn(renderSection(locale, 'help.section.other', OTHER_LINES)) },
    { type: 'context', elements: [mrkdwn(t(locale, 'help.footer'))] },
  );
  const text = [
    header,
    ...(noticeText ? [noticeText] : []),
    ...[...DOC_LINES, ...OTHER_LINES].map((line) => `${line.usage} ${describeLine(locale, line)}`),
  ].join('\n');
  return { text, blocks };
}

/** The ephemeral note for a command whose feature is not built yet (`/seal`, `/supply`, `/archive`). */
export function buildComingSoonMessage(
  locale: Locale,
  command: typeof SLASH_COMMANDS.seal | typeof SLASH_COMMANDS.supply | typeof SLASH_COMMANDS.archive,
): SlackMessage {
  const line = OTHER_LINES.find((l) => l.usage === command);
  const feature = line ? t(locale, line.key) : command;
  const text = t(locale, 'feature.coming_soon', { feature, command });
  return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

function renderSection(locale: Locale, titleKey: PlainMessageKey, lines: readonly HelpLine[]): string {
  const body = lines.map((line) => `• \`${line.usage}\`  ${describeLine(locale, line)}`);
  return truncateText([bold(t(locale, titleKey)), ...body].join('\n'), BLOCK_KIT_LIMITS.sectionText);
}

function describeLine(locale: Locale, line: HelpLine): string {
  const what = t(locale, line.key);
  if (line.available) return what;
  return locale === 'en'
    ? `${what} ${t(locale, 'help.coming_soon')}`
    : `${what}${t(locale, 'help.coming_soon')}`;
}

function describeNotice(locale: Locale, notice: HelpNotice): string {
  if (notice.kind === 'coming_soon') {
    return t(locale, 'help.notice.coming_soon', { command: `${SLASH_COMMANDS.doc} ${notice.subcommand}` });
  }
  // Echoed back inside mrkdwn: escape it so a typed `<!channel>` stays text.
  const input = escapeMrkdwn(truncateText(notice.input.replace(/[`\n]/g, ' '), MAX_ECHOED_INPUT));
  return t(locale, 'help.notice.unknown', { input });
}
