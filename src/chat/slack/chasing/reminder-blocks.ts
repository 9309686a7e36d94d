// `/doc reminders` in Block Kit: the next pending reminders, one line each (when, what, to whom,
// about which item), within one screen, and how many more there are.

import { DateTime } from 'luxon';
import type { UpcomingReminder } from '../../../features/chasing/upcoming.ts';
import { isMessageKey, type Locale, t, translateDynamic } from '../../../shared/i18n.ts';
import { truncateText } from '../blocks/limits.ts';
import { type Block, mrkdwn } from '../blocks/message.ts';
import { bold, escapeMrkdwn } from '../blocks/mrkdwn.ts';

/** At most this many reminders are listed: one screen. */
export const REMINDERS_SHOWN = 20;

/** The longest item title a line shows. */
const TITLE_MAX = 40;

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

/** The answer to `/doc reminders`: `names` by person id, times in `timeZone`. */
export function buildRemindersMessage(input: {
  locale: Locale;
  rows: readonly UpcomingReminder[];
  total: number;
  timeZone: string;
  digestTime: string;
  names: ReadonlyMap<string, string>;
}): { text: string; blocks: Block[] } {
  const { locale, rows, total } = input;
  const note = t(locale, 'reminders.digest_note', { time: input.digestTime });
  if (total === 0) {
    const text = `${t(locale, 'reminders.none')}\n${note}`;
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const shown = rows.slice(0, REMINDERS_SHOWN);
  const lines = shown.map((row) => {
    const time = DateTime.fromJSDate(row.sendAt, { zone: input.timeZone }).toFormat('MM-dd HH:mm');
    const to = row.personId ? (input.names.get(row.personId) ?? row.personId) : t(locale, 'reminders.nobody');
    return `• ${t(locale, 'reminders.row', {
      time,
      kind: kindLabel(row, locale) + (row.folded ? t(locale, 'reminders.folded') : ''),
      to: escapeMrkdwn(to),
      item: escapeMrkdwn(itemLabel(row, locale)),
    })}`;
  });
  const rest = total - shown.length;
  const header = t(locale, 'reminders.header', {
    title: bold(t(locale, 'reminders.header.title')),
    total,
    zone: input.timeZone,
  });
  const body = [...lines, ...(rest > 0 ? [t(locale, 'reminders.more', { count: rest })] : [])].join('\n');
  return {
    text: truncateText([header, body, note].join('\n'), 3000),
    blocks: [
      { type: 'section', text: mrkdwn(header) },
      { type: 'section', text: mrkdwn(truncateText(body, 3000)) },
      { type: 'context', elements: [mrkdwn(note)] },
    ],
  };
}
