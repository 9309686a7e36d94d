// Short texts of the approval card that every platform's renderer shows the same way: a list of
// names, whom a running item waits on, and the one-line summary a notification or a chat list
// shows. Localized but raw: each renderer escapes and cuts them for its own markup.

import { type Locale, t } from '../../shared/i18n.ts';
import { truncateText } from '../../shared/text.ts';
import type { Card, CardPerson } from './card.ts';

/** Names listed on one route line before "等 N 人". */
export const CARD_ROUTE_NAMES_MAX = 5;

/** The names of `people`, the first `max` of them, then "等 N 人". */
export function cardNames(people: readonly CardPerson[], locale: Locale, max = CARD_ROUTE_NAMES_MAX): string {
  const separator = locale === 'en' ? ', ' : '、';
  const shown = people
    .slice(0, max)
    .map((p) => p.name)
    .join(separator);
  if (people.length <= max) return shown;
  return t(locale, 'card.people.more', { names: shown, count: people.length });
}

/** "等待 张三、李四 办理（办公室）": whom a running item waits on, at most `namesMax` names. */
export function cardWaitingOn(card: Card, locale: Locale, namesMax: number): string {
  return t(locale, 'card.waiting_on', {
    names: cardNames(card.holders, locale, namesMax),
    step: card.currentStepName ?? '—',
  });
}

/**
 * Urgency, title (cut to `titleMax`) and state in one line, for notifications and a chat list:
 * "【加急】关于…的请示：等待 张三 办理（办公室）". The caller escapes and cuts the whole.
 */
export function cardSummaryLine(card: Card, locale: Locale, titleMax: number): string {
  const urgency = !card.urgency.emphasized
    ? ''
    : locale === 'en'
      ? `[${card.urgency.label}] `
      : `【${card.urgency.label}】`;
  const state = card.status.code === 'running' ? cardWaitingOn(card, locale, 3) : card.status.label;
  const separator = locale === 'en' ? ': ' : '：';
  return `${urgency}${truncateText(card.title || card.kindLabel, titleMax)}${separator}${state}`;
}
