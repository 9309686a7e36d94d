// The `doc help` reply: what the bot can do, each command as code with what it does, and why the
// help is shown when it was not asked for (a sub-command nobody answers, or a mistyped one).

import {
  catalogRich,
  code,
  joinRich,
  type Reply,
  type ReplyBlock,
  type RichText,
  richT,
  strong,
  truncateText,
} from '../../chat/core/reply.ts';
import { type Locale, type PlainMessageKey, t } from '../../shared/i18n.ts';
import type { HelpNotice } from './doc-request.ts';

/** One line of the help: how to type it and what it does. */
interface HelpLine {
  usage: string;
  key: PlainMessageKey;
}

/** The command as people type it (a slash command, or its word where commands are typed as text). */
const DOC = '/doc';

const DOC_LINES: readonly HelpLine[] = [
  { usage: DOC, key: 'help.doc.list' },
  { usage: `${DOC} new`, key: 'help.doc.new' },
  { usage: `${DOC} approve …`, key: 'help.doc.approve' },
  { usage: `${DOC} mine`, key: 'help.doc.mine' },
  { usage: `${DOC} find …`, key: 'help.doc.find' },
  { usage: `${DOC} register …`, key: 'help.doc.register' },
  { usage: `${DOC} report [week|month]`, key: 'help.doc.report' },
  { usage: `${DOC} reminders`, key: 'help.doc.reminders' },
  { usage: `${DOC} receive`, key: 'help.doc.receive' },
  { usage: `${DOC} help`, key: 'help.doc.help' },
];

const OTHER_LINES: readonly HelpLine[] = [
  { usage: '/seal', key: 'help.seal' },
  { usage: '/supply', key: 'help.supply' },
  { usage: '/archive', key: 'help.archive' },
  { usage: '/meeting', key: 'help.meeting' },
];

/** Longest echo of an unknown sub-command; the rest is noise in an error line. */
const MAX_ECHOED_INPUT = 40;
/** The longest header a platform shows. */
const HEADER_MAX = 150;

/** The `doc help` reply, with `notice` above it when the help answers something else. */
export function buildDocHelpReply(locale: Locale, notice?: HelpNotice): Reply {
  const header = truncateText(t(locale, 'help.header'), HEADER_MAX);
  const noticeText = notice ? describeNotice(locale, notice) : undefined;
  const blocks: ReplyBlock[] = [
    { kind: 'header', text: header },
    ...(noticeText ? [{ kind: 'section' as const, text: noticeText }] : []),
    { kind: 'section', text: richT(locale, 'help.intro') },
    { kind: 'divider' },
    { kind: 'section', text: sectionOf(locale, 'help.section.doc', DOC_LINES) },
    { kind: 'section', text: sectionOf(locale, 'help.section.other', OTHER_LINES) },
    { kind: 'context', items: [richT(locale, 'help.footer')] },
  ];
  const lines = [...DOC_LINES, ...OTHER_LINES].map(
    (line): RichText => catalogRich(`${line.usage} ${t(locale, line.key)}`),
  );
  return { text: joinRich([[header], ...(noticeText ? [noticeText] : []), ...lines], '\n'), blocks };
}

function sectionOf(locale: Locale, titleKey: PlainMessageKey, lines: readonly HelpLine[]): RichText {
  const body = lines.map(
    (line): RichText => ['• ', code(line.usage), ...catalogRich(`  ${t(locale, line.key)}`)],
  );
  return joinRich([[strong(t(locale, titleKey))], ...body], '\n');
}

function describeNotice(locale: Locale, notice: HelpNotice): RichText {
  if (notice.kind === 'coming_soon') {
    return richT(locale, 'help.notice.coming_soon', { command: `${DOC} ${notice.subcommand}` });
  }
  const input = truncateText(notice.input.replace(/[`\n]/g, ' '), MAX_ECHOED_INPUT);
  return richT(locale, 'help.notice.unknown', { input });
}
