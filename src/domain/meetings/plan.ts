// Yearly meeting plans (年度会议计划) and similar meetings (合并或套开), DOMAIN.md "Meetings": reading
// the month or date a plan entry expects, matching a request "in the plan" to an entry of its
// department's plan, and the two measures that flag a request much like another meeting of its
// week. Pure: no database, no clock.

import { DateTime } from 'luxon';

/** Similar names: the character bigrams of two names share at least this part (Jaccard). */
export const SIMILAR_NAME = 0.5;
/** Similar attendees: at least this part of the smaller set attends the other meeting too. */
export const SIMILAR_ATTENDEES = 0.6;

/** Params a meeting request gains from its department's plan and the week's other meetings. */
export const MEETING_RECORD_PARAMS = {
  /** The plan entry a request "in the plan" stands for, and its name then. */
  planEntryId: 'planEntryId',
  planEntryName: 'planEntryName',
  /** A meeting of the same week much like this one (合并或套开?): its id, name and time. */
  similarId: 'similarId',
  similarName: 'similarName',
  similarStartsAt: 'similarStartsAt',
  similarEndsAt: 'similarEndsAt',
} as const;

/** Years a plan may be for. */
export const PLAN_YEARS = { min: 2000, max: 2100 } as const;

/** A year typed after `/meeting plan` (`2027`, `2027年`), or null. */
export function readPlanYear(typed: string): number | null {
  const match = /^(\d{4})年?$/u.exec(typed.normalize('NFKC').trim());
  if (!match) return null;
  const year = Number(match[1]);
  return year >= PLAN_YEARS.min && year <= PLAN_YEARS.max ? year : null;
}

/**
 * The month a plan entry expects, from what was typed: a month (`3月`, `3`, `2027-03`) or a date
 * of `year` (`2027-03-15`, `3月15日`). Null when it cannot be read or the date is not in `year`.
 */
export function readPlanTiming(typed: string, year: number): { month: number } | null {
  const text = typed.normalize('NFKC').replace(/\s+/gu, '');
  const iso = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$/u.exec(text);
  const chinese =
    /^(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})[日号])?(?:上旬|中旬|下旬|上半月|下半月|左右|前后)?$/u.exec(text);
  const bare = /^(\d{1,2})$/u.exec(text);
  let y = year;
  let month: number;
  let day: number | null = null;
  if (iso) {
    y = Number(iso[1]);
    month = Number(iso[2]);
    day = iso[3] ? Number(iso[3]) : null;
  } else if (chinese) {
    y = chinese[1] ? Number(chinese[1]) : year;
    month = Number(chinese[2]);
    day = chinese[3] ? Number(chinese[3]) : null;
  } else if (bare) {
    month = Number(bare[1]);
  } else return null;
  if (y !== year || month < 1 || month > 12) return null;
  if (day !== null && !DateTime.fromObject({ year, month, day }).isValid) return null;
  return { month };
}

/** The character bigrams of a name, spaces and punctuation left out, case folded. */
export function nameBigrams(name: string): Set<string> {
  const chars = [
    ...name
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\p{P}\p{S}]+/gu, ''),
  ];
  const grams = new Set<string>();
  if (chars.length === 1) grams.add(chars[0] ?? '');
  for (let i = 0; i + 1 < chars.length; i += 1) grams.add(`${chars[i]}${chars[i + 1]}`);
  return grams;
}

/** How alike two names are: the Jaccard index of their character bigrams (0 to 1). */
export function nameSimilarity(a: string, b: string): number {
  const x = nameBigrams(a);
  const y = nameBigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const gram of x) if (y.has(gram)) shared += 1;
  return shared / (x.size + y.size - shared);
}

/** The part of the smaller set of attendees that is also in the other (0 to 1; 0 when one is empty). */
export function attendeeOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const id of small) if (large.has(id)) shared += 1;
  return shared / small.size;
}

/** The ISO week a moment falls in, in `zone`: `2026-W48`. */
export function isoWeekOf(at: Date, zone: string): string {
  const day = DateTime.fromJSDate(at, { zone });
  return `${day.weekYear}-W${String(day.weekNumber).padStart(2, '0')}`;
}

/** A meeting another is compared with. */
export interface MeetingLike {
  id: string;
  name: string;
  startsAt: Date;
  attendees: ReadonlySet<string>;
}

/**
 * The meeting of `others` that `wanted` should perhaps be merged with or held back to back with
 * (合并或套开): in the same ISO week (in `zone`), names alike ({@link SIMILAR_NAME}) and attendees
 * shared ({@link SIMILAR_ATTENDEES}); the most alike name first. Null when there is none.
 */
export function similarMeetingOf<T extends MeetingLike>(
  wanted: Omit<MeetingLike, 'id'> & { id?: string },
  others: readonly T[],
  zone: string,
): T | null {
  const week = isoWeekOf(wanted.startsAt, zone);
  let best: { meeting: T; score: number } | null = null;
  for (const other of others) {
    if (other.id === wanted.id || isoWeekOf(other.startsAt, zone) !== week) continue;
    const score = nameSimilarity(wanted.name, other.name);
    if (score < SIMILAR_NAME || attendeeOverlap(wanted.attendees, other.attendees) < SIMILAR_ATTENDEES)
      continue;
    if (best === null || score > best.score) best = { meeting: other, score };
  }
  return best?.meeting ?? null;
}

/**
 * The entry of a department's plan a request "in the plan" stands for: the one whose name is most
 * like the meeting's ({@link SIMILAR_NAME} at least), an entry of the meeting's month preferred
 * among equals. Null when none is alike.
 */
export function planEntryFor<T extends { name: string; month: number }>(
  meeting: { name: string; month: number },
  entries: readonly T[],
): T | null {
  let best: { entry: T; score: number } | null = null;
  for (const entry of entries) {
    const score = nameSimilarity(meeting.name, entry.name) + (entry.month === meeting.month ? 0.001 : 0);
    if (score < SIMILAR_NAME) continue;
    if (best === null || score > best.score) best = { entry, score };
  }
  return best?.entry ?? null;
}

/**
 * The year `/meeting plan` is about when none is typed: the coming year from October (when plans
 * for it are drawn up), this year before.
 */
export function defaultPlanYear(now: Date, zone: string): number {
  const day = DateTime.fromJSDate(now, { zone });
  return day.month >= 10 ? day.year + 1 : day.year;
}
