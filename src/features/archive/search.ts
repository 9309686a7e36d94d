// `/archive <words>`: search of the catalog by substring of title or 文号, with the viewer's
// clearance, ranked (exact 文号 first, then newest: year desc, 档号 desc), 10 per page.
//
// Design (docs/features/archive.md, "Search"): `archive_entry.terms` holds the single characters and bigrams
// of each entry's normalised title and number, and its year (`y:2026`), behind a GIN index
// (src/domain/archive/terms.ts).
// 1. Exact 文号: the btree on `doc_number`, with the spellings of the brackets people type.
// 2. Probe: the newest visible rows, read in the order of the (year desc, archive_no desc) index
//    and filtered by terms, stopping once the page is full or after `budget` rows. A common word
//    ("工作", "通知") fills the page after a few dozen rows, whatever its frequency — no large
//    bitmap, no sort.
// 3. Otherwise the word is rare in the newest rows: the GIN index gives the candidates of the
//    newest years first (their year terms in the condition), then of the rest, each sorted newest
//    first, with the word's rarest terms only ({@link selectiveTerms}).
// Every candidate is checked by substring of the normalised text in TypeScript, so results equal
// a substring match exactly; hidden entries are never read, so nothing reveals how many exist.
// Destroyed entries are shown, marked (the record is kept and people ask for it); they cannot be
// borrowed (the result card offers no 借阅 for them).

import type { Db } from '../../db/types.ts';
import type { ArchiveQuery } from '../../domain/archive/query.ts';
import {
  docNumberSpellings,
  matchesWords,
  normaliseSearchText,
  queryTerms,
  yearTerm,
} from '../../domain/archive/terms.ts';
import { type ArchiveEntry, type ArchiveViewer, visibleLevels } from './catalog.ts';

/** Results per page (Slack: 10 entries fit one message with their buttons). */
export const ARCHIVE_PAGE_SIZE = 10;

/** Newest visible rows the probe reads on the first page (more on later pages). */
const PROBE_ROWS = 2000;
const MAX_PROBE_ROWS = 50_000;

/** One page of results. */
export interface ArchiveSearchPage {
  entries: ArchiveEntry[];
  /** 0-based. */
  page: number;
  hasMore: boolean;
  /** Which path answered (for the benchmark and the logs): `exact`, `probe`, `index` or `scan`. */
  plan: 'probe' | 'index' | 'scan';
}

const COLUMNS = `id::text AS id, archive_no AS "archiveNo", title, doc_number AS "docNumber", year,
  category, department_id AS "departmentId", department_name AS "departmentName", retention, secrecy,
  pages, location, file_ref AS "fileRef", file_sha256 AS "fileSha256", source, status,
  handoff_id::text AS "handoffId", created_by_id AS "createdById", created_at AS "createdAt",
  destroyed_at AS "destroyedAt"`;

const ORDER = 'ORDER BY year DESC, archive_no DESC';

/** SQL conditions of the viewer's clearance and the query's filters, with their parameters. */
function filtersOf(query: ArchiveQuery, viewer: ArchiveViewer): { where: string[]; params: unknown[] } {
  const params: unknown[] = [visibleLevels(viewer)];
  const where = ['secrecy = ANY($1::text[])'];
  if (query.year) {
    params.push(query.year.from, query.year.to);
    where.push(`year BETWEEN $${params.length - 1}::int AND $${params.length}::int`);
  }
  if (query.category) {
    params.push(query.category);
    where.push(`category = $${params.length}`);
  }
  return { where, params };
}

/**
 * Page `page` (0-based) of the entries matching `query` that `viewer` may see. Every word must be
 * a substring of the entry's normalised title or 文号 ({@link matchesWords}). `tuning.probeRows`
 * (tests) sets the probe's size; 0 skips it, so the index path answers.
 */
export async function searchEntries(
  db: Db,
  query: ArchiveQuery,
  viewer: ArchiveViewer,
  page = 0,
  tuning: { probeRows?: number } = {},
): Promise<ArchiveSearchPage> {
  const need = (page + 1) * ARCHIVE_PAGE_SIZE + 1;
  const { where, params } = filtersOf(query, viewer);
  const matches = (e: ArchiveEntry) => matchesWords(e, query.words);

  const exact = await exactNumberMatches(db, query, where, params);
  const exactIds = new Set(exact.map((e) => e.id));
  const restNeed = need - exact.length;
  const rest: ArchiveEntry[] = [];
  const take = (rows: ArchiveEntry[]) => {
    for (const row of rows) {
      if (rest.length >= restNeed) break;
      if (!exactIds.has(row.id) && matches(row)) rest.push(row);
    }
  };

  let plan: ArchiveSearchPage['plan'];
  const terms = [...new Set(query.words.flatMap(queryTerms))];
  if (terms.length === 0) {
    plan = 'scan';
    take(
      await db.$queryRawUnsafe<ArchiveEntry[]>(
        `SELECT ${COLUMNS} FROM archive_entry WHERE ${where.join(' AND ')} ${ORDER} LIMIT ${need + exact.length}`,
        ...params,
      ),
    );
  } else {
    const budget = Math.min(MAX_PROBE_ROWS, (tuning.probeRows ?? PROBE_ROWS) * (page + 1));
    // The outer LIMIT lets the scan stop as soon as enough rows matched (the window keeps the
    // index order, so no sort); the slack covers the few bigram false positives.
    const enough = need + exact.length + 10;
    const termsAt = params.length + 1;
    const windowRows =
      budget === 0
        ? []
        : await db.$queryRawUnsafe<Array<ArchiveEntry & { hit?: boolean }>>(
            // The terms are tested inside and only the outcome comes out: each array is ~40
            // strings, which the client would otherwise parse for every row it receives.
            `SELECT * FROM (
               SELECT ${COLUMNS}, terms @> $${termsAt}::text[] AS hit FROM archive_entry
               WHERE ${where.join(' AND ')} ${ORDER} LIMIT ${budget}
             ) w WHERE hit ORDER BY year DESC, "archiveNo" DESC LIMIT ${enough}`,
            ...params,
            terms,
          );
    take(windowRows.map(withoutHit));
    plan = 'probe';
    if (rest.length < restNeed) {
      plan = 'index';
      rest.length = 0;
      const indexTerms = await selectiveTerms(db, terms);
      await readByIndex(db, query, where, params, indexTerms, restNeed, take, () => rest.length >= restNeed);
    }
  }

  const ranked = [...exact, ...rest];
  const start = page * ARCHIVE_PAGE_SIZE;
  return {
    entries: ranked.slice(start, start + ARCHIVE_PAGE_SIZE),
    page,
    hasMore: ranked.length > start + ARCHIVE_PAGE_SIZE,
    plan,
  };
}

function withoutHit(row: ArchiveEntry & { hit?: boolean }): ArchiveEntry {
  const { hit: _hit, ...rest } = row;
  return rest;
}

/** A term in more than this share of entries is left out of the index path's GIN condition. */
const COMMON_TERM_SHARE = 0.02;
/** At most this many terms (the rarest) go into the GIN condition. */
const MAX_INDEX_TERMS = 3;
/** How long the term statistics are reused. */
const TERM_STATS_TTL_MS = 5 * 60_000;
const termStatsCache = new WeakMap<object, { at: number; share: Map<string, number> }>();

/**
 * The terms the GIN index is asked for: the rarest few of `terms`, without the very common ones
 * ("关于" is in 80% of titles: its posting list costs 40 ms to read, and narrows nothing the
 * substring check would not). Shares come from PostgreSQL's own statistics of the column
 * (`pg_stats.most_common_elems`, written by ANALYZE, which the import runs); a term not among
 * them is rarer than every one that is. Without statistics every term is used.
 */
async function selectiveTerms(db: Db, terms: string[]): Promise<string[]> {
  const share = await termShares(db);
  const ranked = [...terms].sort((a, b) => (share.get(a) ?? 0) - (share.get(b) ?? 0));
  const rare = ranked.filter((t) => (share.get(t) ?? 0) <= COMMON_TERM_SHARE);
  return (rare.length > 0 ? rare : ranked.slice(0, 1)).slice(0, MAX_INDEX_TERMS);
}

async function termShares(db: Db): Promise<Map<string, number>> {
  const cached = termStatsCache.get(db);
  if (cached && Date.now() - cached.at < TERM_STATS_TTL_MS) return cached.share;
  const rows = await db.$queryRawUnsafe<Array<{ elems: string[] | null; freqs: number[] | null }>>(
    `SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs::float8[] AS freqs
     FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'archive_entry' AND attname = 'terms'`,
  );
  const share = new Map<string, number>();
  const { elems, freqs } = rows[0] ?? { elems: null, freqs: null };
  elems?.forEach((term, i) => {
    share.set(term, Number(freqs?.[i] ?? 0));
  });
  termStatsCache.set(db, { at: Date.now(), share });
  return share;
}

/**
 * The newest years the index path reads first; then the years before them, whole. One window is
 * enough: a word with fewer than a page of matches in the newest 3 years (~8% of a catalog spread
 * over 37) has few anywhere unless it is of its time; a second window of 10 years cost more (the
 * GIN index merging ten years' postings) than it saved (index path p95 on PGlite 42.7 → 21.4 ms
 * without it).
 */
const RECENT_YEARS = 3;

/**
 * Candidates through the GIN index, newest first, until `done()`. The probe found the words rare
 * among the newest rows, so the candidates of the newest {@link RECENT_YEARS} years of the catalog
 * are read first, their {@link yearTerm}s in the GIN condition, so the index alone narrows the rows
 * read to them — a word in 0.9% of 1M rows reads ~700 rows instead of 9,000 — and then those of
 * the years before. The ORDER BY on `year + 0` and `archive_no || ''` (the same order) keeps the
 * planner from walking the (year, 档号) index until enough match, which it picks when it thinks a
 * word common (measured: 40–60 ms, and 0.5 s for a word rare near the top, against a few ms by
 * bitmap).
 */
async function readByIndex(
  db: Db,
  query: ArchiveQuery,
  where: string[],
  params: unknown[],
  terms: string[],
  restNeed: number,
  take: (rows: ArchiveEntry[]) => void,
  done: () => boolean,
): Promise<void> {
  const newest =
    query.year?.to ??
    (
      await db.$queryRawUnsafe<Array<{ year: number | null }>>('SELECT max(year) AS year FROM archive_entry')
    )[0]?.year;
  if (newest === null || newest === undefined) return;
  const oldest = query.year?.from ?? null;
  const from = Math.max(oldest ?? Number.NEGATIVE_INFINITY, newest - RECENT_YEARS + 1);
  if (from > newest) return;
  const years = Array.from({ length: newest - from + 1 }, (_, i) => yearTerm(newest - i));
  await readWindow(db, where, params, terms, { years }, restNeed, take, done);
  if (done() || (oldest !== null && from - 1 < oldest)) return;
  await readWindow(db, where, params, terms, { upTo: from - 1 }, restNeed, take, done);
}

/**
 * One part of {@link readByIndex}: the given `years` (as terms), or every year up to `upTo`; in
 * batches that grow fourfold, so a page lost to bigram false positives costs a few more rounds.
 */
async function readWindow(
  db: Db,
  where: string[],
  params: unknown[],
  terms: string[],
  window: { years: string[] } | { upTo: number },
  restNeed: number,
  take: (rows: ArchiveEntry[]) => void,
  done: () => boolean,
): Promise<void> {
  let batch = Math.max(50, restNeed * 2);
  let cursor: { year: number; archiveNo: string } | null = null;
  for (;;) {
    const p: unknown[] = [...params, terms];
    let extra = '';
    if ('years' in window) {
      p.push(window.years);
      extra += ` AND terms && $${p.length}::text[]`;
    } else {
      p.push(window.upTo);
      extra += ` AND year + 0 <= $${p.length}::int`;
    }
    if (cursor) {
      p.push(cursor.year, cursor.archiveNo);
      extra += ` AND (year + 0, archive_no || '') < ($${p.length - 1}::int, $${p.length}::text)`;
    }
    const rows = await db.$queryRawUnsafe<ArchiveEntry[]>(
      `SELECT ${COLUMNS} FROM archive_entry
       WHERE ${where.join(' AND ')} AND terms @> $${params.length + 1}::text[]${extra}
       ORDER BY year + 0 DESC, archive_no || '' DESC LIMIT ${batch}`,
      ...p,
    );
    take(rows);
    const last = rows.at(-1);
    if (done() || rows.length < batch || !last) return;
    cursor = { year: last.year, archiveNo: last.archiveNo };
    batch *= 4;
  }
}

/**
 * Entries whose 文号 is exactly the query's only word (as normalised), for the top of the list.
 * Only a word with a digit can be a number; the lookup uses the plain index on `doc_number`.
 */
async function exactNumberMatches(
  db: Db,
  query: ArchiveQuery,
  where: string[],
  params: unknown[],
): Promise<ArchiveEntry[]> {
  const word = query.words.length === 1 ? query.words[0] : undefined;
  if (word === undefined || !/\d/.test(word)) return [];
  const rows = await db.$queryRawUnsafe<ArchiveEntry[]>(
    `SELECT ${COLUMNS} FROM archive_entry
     WHERE ${where.join(' AND ')} AND doc_number = ANY($${params.length + 1}::text[]) ${ORDER} LIMIT 50`,
    ...params,
    docNumberSpellings(word),
  );
  return rows.filter((e) => e.docNumber !== null && normaliseSearchText(e.docNumber) === word);
}
