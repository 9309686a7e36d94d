// Search terms of archive entries (档案检索词). Chinese titles have no spaces and most words are 2
// characters long, which trigram indexes (pg_trgm) cannot serve; PGlite has no bigram extension.
// So the terms are computed here: every single character (for 1-character queries) and every
// character bigram of the normalised title and 文号, stored in `archive_entry.terms` behind a GIN
// index. A query of a word w looks up the entries whose terms contain all bigrams of w (or w itself
// when it is one character), then checks each candidate by substring, so results equal a substring
// match of the normalised title or number exactly (bigram containment alone allows false positives:
// "生产" and "产工" apart do not make "生产工").

/** Brackets people type for the year of a 文号: all mean 〔〕. */
const OPEN_BRACKETS = /[〔［[【〖（(]/g;
const CLOSE_BRACKETS = /[〕］\]】〗）)]/g;
const WHITESPACE = /\s+/gu;

/**
 * The form text is searched in: NFKC (full-width letters, digits and punctuation become
 * half-width), lower case, whitespace removed, and every bracket around a year (〔〕, [], 【】, （）)
 * made `[` `]`, so `示水办发[2026]12号` and `示水办发〔2026〕12号` are the same number.
 */
export function normaliseSearchText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(WHITESPACE, '')
    .replace(OPEN_BRACKETS, '[')
    .replace(CLOSE_BRACKETS, ']');
}

/** Code points of a normalised string (a CJK extension character is one character, not two halves). */
function charsOf(normalised: string): string[] {
  return Array.from(normalised);
}

/** Single characters and bigrams of one normalised text, added to `into`. */
function addTermsOf(normalised: string, into: Set<string>): void {
  const chars = charsOf(normalised);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    into.add(c);
    const next = chars[i + 1];
    if (next !== undefined) into.add(c + next);
  }
}

/**
 * The term of an entry's year (`y:2026`): with it the GIN index alone narrows a rare word's
 * candidates to the newest years before any row is read. Never a text term: those are one or
 * two characters long.
 */
export function yearTerm(year: number): string {
  return `y:${year}`;
}

/**
 * The terms stored for an entry: single characters and bigrams of its title and its 文号, each
 * normalised and taken separately (no bigram spans the end of the title and the start of the
 * number), and its {@link yearTerm}; sorted and without duplicates. A classified entry has no
 * title: its number alone.
 */
export function entryTerms(entry: {
  title: string | null;
  docNumber: string | null;
  year: number;
}): string[] {
  const terms = new Set<string>();
  if (entry.title) addTermsOf(normaliseSearchText(entry.title), terms);
  if (entry.docNumber) addTermsOf(normaliseSearchText(entry.docNumber), terms);
  terms.add(yearTerm(entry.year));
  return [...terms].sort();
}

/**
 * The terms an entry must contain to match the normalised word `word`: the word itself when it is
 * one character, else its bigrams (deduplicated). Empty for an empty word.
 */
export function queryTerms(word: string): string[] {
  const chars = charsOf(word);
  if (chars.length <= 1) return chars;
  const terms = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) terms.add((chars[i] as string) + (chars[i + 1] as string));
  return [...terms];
}

/**
 * Whether an entry matches every (normalised) word: each is a substring of its normalised title or
 * its normalised 文号. This is the definition of a search result; the index only narrows candidates.
 */
export function matchesWords(
  entry: { title: string | null; docNumber: string | null },
  words: readonly string[],
): boolean {
  const title = entry.title ? normaliseSearchText(entry.title) : '';
  const number = entry.docNumber ? normaliseSearchText(entry.docNumber) : '';
  return words.every((w) => title.includes(w) || number.includes(w));
}

/**
 * Spellings of a 文号 as it may be stored, for the exact-number lookup through the plain index on
 * `doc_number` (stored numbers keep the brackets they were typed with): as typed, and with the
 * year's brackets as 〔〕, [] or 【】.
 */
export function docNumberSpellings(typed: string): string[] {
  const base = typed.normalize('NFKC').replace(WHITESPACE, '');
  const variants = new Set<string>([typed.trim(), base]);
  for (const [open, close] of [
    ['〔', '〕'],
    ['[', ']'],
    ['【', '】'],
    ['（', '）'],
    ['(', ')'],
  ] as const) {
    variants.add(base.replace(OPEN_BRACKETS, open).replace(CLOSE_BRACKETS, close));
  }
  return [...variants];
}
