// The approval card at a level of detail. A long card (a long route, many history entries, long
// opinions and field values) can be more than a platform's message carries; its renderer then
// draws less of it, level by level, until its drawing fits the platform's budget. What each level
// shows is decided here, once for every platform: which route steps (the whole route, or the few
// around the current step with what is left out counted), which history entries, and how long a
// field, a route line or an opinion may be. What it returns is still raw text, localized but
// neither escaped nor cut: each renderer escapes and cuts it for its own markup, counting in its
// own measure, and weighs its own budget (`slack/workflow/card-blocks.ts`,
// `dingtalk/card/render-card.ts`).

import { type Locale, t } from '../../shared/i18n.ts';
import type { Card, CardField, CardHistoryEntry, CardRouteStep } from './card.ts';
import { cardNames } from './card-text.ts';
import { REPLY_LIMITS } from './reply.ts';

/** One level of detail. */
export interface CardDetailLevel {
  /** History entries shown (the newest); none at 0. */
  history: number;
  /** Characters of each opinion, "…(全文见审计记录)" included; no opinions at 0. */
  comment: number;
  /** Routes of up to this many steps are shown whole; longer ones collapse. */
  routeWhole: number;
  /** In a collapsed route: done steps shown before the current one, and pending steps after it. */
  routeAround: number;
  /** Characters of each field value. */
  field: number;
}

/** Levels of detail, richest first: at least one. */
export type CardDetailLevels = readonly [CardDetailLevel, ...CardDetailLevel[]];

/** The levels, richest first; a card that fits at none is drawn at the last. */
export const CARD_DETAIL_LEVELS: CardDetailLevels = [
  { history: 10, comment: 1000, routeWhole: 15, routeAround: 3, field: 1000 },
  { history: 8, comment: 500, routeWhole: 12, routeAround: 3, field: 500 },
  { history: 6, comment: 300, routeWhole: 10, routeAround: 2, field: 300 },
  { history: 4, comment: 150, routeWhole: 8, routeAround: 2, field: 200 },
  { history: 2, comment: 80, routeWhole: 5, routeAround: 1, field: 100 },
  { history: 0, comment: 0, routeWhole: 0, routeAround: 0, field: 60 },
];

/** Longest route line (one step with its people). */
export const CARD_ROUTE_LINE_MAX = 180;
/** Longest field label. */
export const CARD_FIELD_LABEL_MAX = 100;
/** Key fields shown; a card with more shows one fewer and says how many are left out. */
export const CARD_FIELDS_MAX = REPLY_LIMITS.fields;

/** One line of the route. */
export interface CardRouteLine {
  /** The step's mark (✓ ▶ ○ ↷ ↩ ✗); null on the line that counts the steps to come. */
  mark: string | null;
  /** The step's name, people, progress, note and time; or how many steps are left out. */
  text: string;
  /** The current step: shown strong. */
  current: boolean;
  /** A line counting the steps a collapsed route leaves out: shown quiet where the platform can. */
  elided: boolean;
}

/** An opinion as a level shows it: raw, and how much of it. */
export interface CardComment {
  text: string;
  /** Characters of it shown, `ending` included (each platform counting in its own measure)… */
  max: number;
  /** …and what ends it when it is cut: "…(全文见审计记录)". */
  ending: string;
}

/** One history entry as a level shows it. */
export interface CardHistoryLine {
  entry: CardHistoryEntry;
  /** Null when the entry has no opinion or the level shows none. */
  comment: CardComment | null;
}

/** The history a level shows. */
export interface CardHistoryAtDetail {
  title: string;
  /** "另有 3 条较早记录" when older entries are left out; null otherwise. */
  earlier: string | null;
  /** The newest entries, oldest first. */
  entries: readonly CardHistoryLine[];
}

/** What a card shows at one level of detail, raw: a renderer escapes and cuts it. */
export interface CardAtDetail {
  level: CardDetailLevel;
  /** The key fields shown; none on a classified card. */
  fields: readonly CardField[];
  /** "另有 2 项未显示" when fields were left out; null otherwise. */
  fieldsMore: string | null;
  /** Characters of each field label and value. */
  fieldLabelMax: number;
  fieldValueMax: number;
  routeTitle: string;
  route: readonly CardRouteLine[];
  /** Characters of each route line. */
  routeLineMax: number;
  /** Null when the level shows no history or the card has none. */
  history: CardHistoryAtDetail | null;
}

/** What `card` shows at `level`. */
export function cardAtDetail(card: Card, locale: Locale, level: CardDetailLevel): CardAtDetail {
  const { fields, fieldsMore } = fieldsOf(card, locale);
  return {
    level,
    // A value longer than the level shows, with a one-line form (a tally's counts), shows that.
    fields: fields.map((f) =>
      f.summary !== undefined && f.value.length > level.field ? { ...f, value: f.summary } : f,
    ),
    fieldsMore,
    fieldLabelMax: CARD_FIELD_LABEL_MAX,
    fieldValueMax: level.field,
    routeTitle: t(locale, 'card.route.title'),
    route: routeLines(card.route, locale, level),
    routeLineMax: CARD_ROUTE_LINE_MAX,
    history: historyOf(card, locale, level),
  };
}

/**
 * `draw` of the card at the richest level whose drawing `fits` the platform's budget, or at the
 * barest level when none does (the platform's own cuts still bound each text then).
 */
export function drawCardToFit<T>(
  card: Card,
  locale: Locale,
  draw: (view: CardAtDetail) => T,
  fits: (drawn: T) => boolean,
  levels: CardDetailLevels = CARD_DETAIL_LEVELS,
): T {
  const [richest, ...barer] = levels;
  let drawn = draw(cardAtDetail(card, locale, richest));
  for (const level of barer) {
    if (fits(drawn)) break;
    drawn = draw(cardAtDetail(card, locale, level));
  }
  return drawn;
}

function fieldsOf(card: Card, locale: Locale): Pick<CardAtDetail, 'fields' | 'fieldsMore'> {
  if (card.classified) return { fields: [], fieldsMore: null };
  const all = card.fields;
  if (all.length <= CARD_FIELDS_MAX) return { fields: all, fieldsMore: null };
  const { shown, leftOut } = fieldsWithin(all, CARD_FIELDS_MAX - 1);
  return { fields: shown, fieldsMore: t(locale, 'card.fields.more', { count: leftOut }) };
}

/**
 * At most `room` of `fields`, in their order: the key ones ({@link CardField.keep}) first claim
 * the room, then the others from the top; what is left out is counted. Every platform picks a
 * card's fields with it, so each shows the same facts first however few fields it has room for.
 */
export function fieldsWithin(
  fields: readonly CardField[],
  room: number,
): { shown: CardField[]; leftOut: number } {
  if (fields.length <= room) return { shown: [...fields], leftOut: 0 };
  const keys = fields.filter((f) => f.keep).slice(0, room);
  let others = room - keys.length;
  const chosen = new Set<CardField>(keys);
  for (const field of fields) {
    if (others <= 0) break;
    if (chosen.has(field)) continue;
    chosen.add(field);
    others -= 1;
  }
  const shown = fields.filter((f) => chosen.has(f));
  return { shown, leftOut: fields.length - shown.length };
}

function stepLine(step: CardRouteStep, locale: Locale): CardRouteLine {
  const pieces = [step.name];
  if (step.people.length > 0) pieces.push(cardNames(step.people, locale));
  if (step.progress) pieces.push(step.progress);
  if (step.note) pieces.push(step.note);
  if (step.atText) pieces.push(step.atText);
  return { mark: step.mark, text: pieces.join(' · '), current: step.state === 'current', elided: false };
}

/**
 * The route, one line per step; a route longer than the level shows whole collapses to: how many
 * steps are done, the last few of them, the current step, the next few and "… N more".
 */
function routeLines(
  steps: readonly CardRouteStep[],
  locale: Locale,
  level: CardDetailLevel,
): CardRouteLine[] {
  if (steps.length <= level.routeWhole) return steps.map((s) => stepLine(s, locale));
  // The pivot: the current step, or (when nothing runs) the first step not yet reached.
  let pivot = steps.findIndex((s) => s.state === 'current');
  if (pivot < 0) pivot = steps.findIndex((s) => s.state === 'pending');
  if (pivot < 0) pivot = steps.length;
  const from = Math.max(0, pivot - level.routeAround);
  const to = Math.min(steps.length, pivot + 1 + level.routeAround);
  const lines: CardRouteLine[] = [];
  if (from > 0) {
    const text = t(locale, 'card.route.done_hidden', { count: from });
    lines.push({ mark: '✓', text, current: false, elided: true });
  }
  for (const step of steps.slice(from, to)) lines.push(stepLine(step, locale));
  if (to < steps.length) {
    const text = t(locale, 'card.route.more_pending', { count: steps.length - to });
    lines.push({ mark: null, text, current: false, elided: true });
  }
  return lines;
}

function historyOf(card: Card, locale: Locale, level: CardDetailLevel): CardHistoryAtDetail | null {
  if (level.history <= 0 || card.history.length === 0) return null;
  const shown = card.history.slice(-level.history);
  const earlier = card.earlierHistoryCount + card.history.length - shown.length;
  const ending = t(locale, 'card.history.truncated');
  return {
    title: t(locale, 'card.history.title'),
    earlier: earlier > 0 ? t(locale, 'card.history.earlier', { count: earlier }) : null,
    entries: shown.map((entry) => ({
      entry,
      comment:
        entry.comment && level.comment > 0 ? { text: entry.comment, max: level.comment, ending } : null,
    })),
  };
}
