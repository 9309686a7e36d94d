// `doc reminders` as a reply: the next pending reminders, one line each (when, what, to whom,
// about which item), within one screen, and how many more there are.

import { DateTime } from 'luxon';
import { joinRich, type Reply, type RichText, richT, strong } from '../../chat/core/reply.ts';
import { truncateRich } from '../../chat/core/rich-text.ts';
import { isMessageKey, type Locale, t, translateDynamic } from '../../shared/i18n.ts';
import { truncateText } from '../../shared/text.ts';
import type { UpcomingReminder } from './upcoming.ts';

/** At most this many reminders are listed: one screen. */
export const REMINDERS_SHOWN = 20;

/** The longest item title a line shows. */
const TITLE_MAX = 40;
/** The longest text of a section. */
const SECTION_MAX = 3000;

function kindLabel(row: UpcomingReminder, locale: Locale): string {
  if (row.kind === 'overdue' && row.n !== null) return t(locale, 'reminders.kind.overdue_n', { n: row.n });
  const key = `reminders.kind.${row.kind}`;
  return isMessageKey(key) ? (translateDynamic(locale, key) ?? row.kind) : row.kind;
}

function itemLabel(row: UpcomingReminder, locale: Locale): string {
  if (row.item) {
    if (row.item.classified || !row.item.title) {
      return t(locale, 'notify.classified_title', { reference: row.item.reference ?? '' });
    }
    return `「${truncateText(row.item.title, TITLE_MAX)}」`;
  }
  return row.record ?? t(locale, 'reminders.nobody');
}

/** What {@link buildRemindersReply} shows. */
export interface RemindersReplyInput {
  locale: Locale;
  rows: readonly UpcomingReminder[];
  total: number;
  timeZone: string;
  /** The morning digest's local time. */
  digestTime: string;
  names: ReadonlyMap<string, string>;
}

/** The answer to `doc reminders`: `names` by person id, times in `timeZone`. */
export function buildRemindersReply(input: RemindersReplyInput): Reply {
  const { locale, rows, total } = input;
  const note: RichText = richT(locale, 'reminders.digest_note', { time: input.digestTime });
  if (total === 0) {
    const text = joinRich([richT(locale, 'reminders.none'), note], '\n');
    return { text, blocks: [{ kind: 'section', text }] };
  }
  const shown = rows.slice(0, REMINDERS_SHOWN);
  const lines = shown.map((row): RichText => {
    const time = DateTime.fromJSDate(row.sendAt, { zone: input.timeZone }).toFormat('MM-dd HH:mm');
    const to = row.personId ? (input.names.get(row.personId) ?? row.personId) : t(locale, 'reminders.nobody');
    return [
      '• ',
      ...richT(locale, 'reminders.row', {
        time,
        kind: kindLabel(row, locale) + (row.folded ? t(locale, 'reminders.folded') : ''),
        to,
        item: itemLabel(row, locale),
      }),
    ];
  });
  const rest = total - shown.length;
  const header = richT(locale, 'reminders.header', {
    title: strong(t(locale, 'reminders.header.title')),
    total,
    zone: input.timeZone,
  });
  const body = joinRich(
    [...lines, ...(rest > 0 ? [richT(locale, 'reminders.more', { count: rest })] : [])],
    '\n',
  );
  return {
    text: truncateRich(joinRich([header, body, note], '\n'), SECTION_MAX),
    blocks: [
      { kind: 'section', text: header },
      { kind: 'section', text: truncateRich(body, SECTION_MAX) },
      { kind: 'context', items: [note] },
    ],
  };
}
