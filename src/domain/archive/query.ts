// The words of `/archive <words>`: search words plus filters `year:2025` (or `年:2025`, a range
// `year:2020-2025`) and `category:文书` (or `类别:文书`). Full-width colons are accepted.

import { z } from 'zod';
import { normaliseSearchText } from './terms.ts';

/** A parsed search. Words are normalised ({@link normaliseSearchText}); all must match. */
export interface ArchiveQuery {
  words: string[];
  /** Inclusive year range, or null for any year. */
  year: { from: number; to: number } | null;
  category: string | null;
}

/** Why a query was refused (message key `archive.query.<problem>` with `value`). */
export interface ArchiveQueryProblem {
  problem: 'bad_year' | 'empty' | 'too_long' | 'unknown_filter';
  value: string;
}

const FILTER_NAMES: Record<string, 'year' | 'category'> = {
  year: 'year',
  年: 'year',
  年度: 'year',
  category: 'category',
  cat: 'category',
  类别: 'category',
};

const YearSchema = z.coerce.number().int().min(1900).max(2100);
const YearRangeSchema = z
  .string()
  .regex(/^\d{4}(?:-\d{4})?$/)
  .transform((v) => {
    const [a, b] = v.split('-');
    return { from: YearSchema.parse(a), to: YearSchema.parse(b ?? a) };
  })
  .refine((r) => r.from <= r.to);

/** Longest search text accepted (a title is rarely longer; bigger inputs are a mistake). */
const MAX_QUERY_CHARS = 200;

/**
 * Parses the text after `/archive`. Returns the query, or the problem to tell the user. A query
 * needs at least one word or filter.
 */
export function parseArchiveQuery(
  text: string,
): { ok: true; query: ArchiveQuery } | { ok: false; error: ArchiveQueryProblem } {
  if (text.length > MAX_QUERY_CHARS)
    return { ok: false, error: { problem: 'too_long', value: String(MAX_QUERY_CHARS) } };
  const tokens = text.normalize('NFKC').trim().split(/\s+/u).filter(Boolean);
  const words: string[] = [];
  let year: ArchiveQuery['year'] = null;
  let category: string | null = null;
  for (const token of tokens) {
    const filter = /^([^:]+):(.*)$/u.exec(token);
    const name = filter ? FILTER_NAMES[(filter[1] as string).toLowerCase()] : undefined;
    if (filter && name) {
      const value = filter[2] as string;
      if (name === 'year') {
        const parsed = YearRangeSchema.safeParse(value);
        if (!parsed.success) return { ok: false, error: { problem: 'bad_year', value } };
        year = parsed.data;
      } else {
        if (value === '') return { ok: false, error: { problem: 'unknown_filter', value: token } };
        category = value;
      }
      continue;
    }
    // `abc:` with an unknown name is a word (文号 never contain colons, but URLs might).
    const word = normaliseSearchText(token);
    if (word !== '' && !words.includes(word)) words.push(word);
  }
  if (words.length === 0 && year === null && category === null)
    return { ok: false, error: { problem: 'empty', value: '' } };
  return { ok: true, query: { words, year, category } };
}

/** The query written back as text (for the 更多 button and the results' header). */
export function formatArchiveQuery(query: ArchiveQuery): string {
  const parts = [...query.words];
  if (query.year)
    parts.push(
      `year:${query.year.from === query.year.to ? query.year.from : `${query.year.from}-${query.year.to}`}`,
    );
  if (query.category) parts.push(`category:${query.category}`);
  return parts.join(' ');
}
