// `/archive <words>`: search of the catalog by substring of title or 文号, with the viewer's
// clearance, ranked (exact 文号 first, then newest: year desc, 档号 desc), 10 per page.
//
// Design (README, "Archive search"): `archive_entry.terms` holds the single characters and bigrams
// of each entry's normalised title and number behind a GIN index (src/domain/archive/terms.ts).
// 1. Exact 文号: the btree on `doc_number`, with the spellings of the brackets people type.
// 2. Probe: the newest visible rows, read in the order of the (year desc, archive_no desc) index
//    and filtered by terms, stopping once the page is full or after `budget` rows. A common word
//    ("工作", "通知") fills the page after a few dozen rows, whatever its frequency — no large
//    bitmap, no sort.
// 3. Otherwise the word is rare in the newest rows: the GIN index gives the candidates (few, as
//    the probe proved), sorted newest first and read in batches until the page is full.
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
 * a substring of the entry's normalised title or 文号 ({@link matchesWords}).
 */
export async function searchEntries(
  db: Db,
  query: ArchiveQuery,
  viewer: ArchiveViewer,
  page = 0,
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
    const budget = Math.min(MAX_PROBE_ROWS, PROBE_ROWS * (page + 1));
    // The outer LIMIT lets the scan stop as soon as enough rows matched (the window keeps the
    // index order, so no sort); the slack covers the few bigram false positives.
    const enough = need + exact.length + 10;
    const termsAt = params.length + 1;
    const windowRows = await db.$queryRawUnsafe<Array<ArchiveEntry & { terms?: string[] }>>(
      `SELECT * FROM (
         SELECT ${COLUMNS}, terms FROM archive_entry WHERE ${where.join(' AND ')} ${ORDER} LIMIT ${budget}
       ) w WHERE terms @> $${termsAt}::text[] ORDER BY year DESC, "archiveNo" DESC LIMIT ${enough}`,
      ...params,
      terms,
    );
    take(windowRows.map(withoutTerms));
    plan = 'probe';
    if (rest.length < restNeed) {
      plan = 'index';
      rest.length = 0;
      await readByIndex(db, where, params, terms, restNeed, take, () => rest.length >= restNeed);
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

function withoutTerms(row: ArchiveEntry & { terms?: string[] }): ArchiveEntry {
  const { terms: _terms, ...rest } = row;
  return rest;
}

/** Candidates through the GIN index, newest first, in batches until `done()`. */
async function readByIndex(
  db: Db,
  where: string[],
  params: unknown[],
  terms: string[],
  restNeed: number,
  take: (rows: ArchiveEntry[]) => void,
  done: () => boolean,
): Promise<void> {
  const batch = Math.max(100, restNeed * 3);
  let cursor: { year: number; archiveNo: string } | null = null;
  for (;;) {
    const p = [...params, terms];
    let keyset = '';
    if (cursor) {
      p.push(cursor.year, cursor.archiveNo);
      keyset = ` AND (year < $${p.length - 1}::int OR (year = $${p.length - 1}::int AND archive_no < $${p.length}))`;
    }
    const rows = await db.$queryRawUnsafe<ArchiveEntry[]>(
      `SELECT ${COLUMNS} FROM archive_entry
       WHERE ${where.join(' AND ')} AND terms @> $${params.length + 1}::text[]${keyset} ${ORDER} LIMIT ${batch}`,
      ...p,
    );
    take(rows);
    const last = rows.at(-1);
    if (done() || rows.length < batch || !last) return;
    cursor = { year: last.year, archiveNo: last.archiveNo };
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
