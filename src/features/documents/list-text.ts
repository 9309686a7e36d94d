// What every list of items (the `/doc` lists, the person's work, 催办 messages) says of an item
// the same way on every platform: its title (never a classified item's), a time in the unit's
// zone, and the 打开 action that brings the item's card back to the person.

import { DateTime } from 'luxon';
import { type Locale, t } from '../../shared/i18n.ts';
import type { DocListItem } from './lists.ts';

/**
 * The neutral action of 打开 on a listed item (value = the instance id): the item's card is
 * brought to the bottom of the person's direct messages. Slack's action_id is this name.
 */
export const OPEN_ITEM_ACTION = 'doc_list_open';

/** The title, or `密件 <reference>` for a classified item (its title is never shown). */
export function titleOf(item: DocListItem, locale: Locale): string {
  if (item.classified) {
    const reference = item.reference?.trim() || item.docNumber || item.instanceId.slice(0, 8);
    return t(locale, 'doc.list.classified_title', { reference });
  }
  return item.title?.trim() || t(locale, 'doc.list.untitled');
}

/** `11-20 14:05` in the unit's time zone; with the year when it is not this year. */
export function formatListTime(iso: string, now: Date, timeZone: string): string {
  const at = DateTime.fromISO(iso).setZone(timeZone);
  if (!at.isValid) return '—';
  return at.year === DateTime.fromJSDate(now).setZone(timeZone).year
    ? at.toFormat('MM-dd HH:mm')
    : at.toFormat('yyyy-MM-dd HH:mm');
}
