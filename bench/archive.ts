// Archive search benchmark: generates realistic catalog entries (Chinese government document titles
// from templates and word lists, years 1990–2026, 文号), imports them through the CSV import path
// (src/features/archive/import.ts), then times `/archive` searches (src/features/archive/search.ts)
// against `title LIKE '%w%' OR doc_number LIKE '%w%'` on the same database, and checks that both
// return the same first page (same rows, same order). PGlite runs in a temporary folder on disk;
// PostgreSQL when TEST_DATABASE_URL is set, in a private database dropped at the end.
//
// Usage: npm run bench:archive [-- --only pglite|postgres]
//   BENCH_ARCHIVE_ROWS      rows to generate (default 1000000)
//   BENCH_ARCHIVE_QUERIES   queries per length 2, 3 and 4 (default 200)
//   BENCH_ARCHIVE_LIKE      LIKE queries per length (default: all of them, as BENCH_ARCHIVE_QUERIES;
//                           fewer for a quicker run, a LIKE of a rare word being a full scan)
// The last line printed is one JSON object with the figures.

import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { stringify } from 'csv-stringify/sync';
import { type Database, databaseOnPglite, openDatabase } from '../src/db/database.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { RETENTION_LABELS_ZH } from '../src/domain/archive/archive-no.ts';
import { parseArchiveQuery } from '../src/domain/archive/query.ts';
import { generateEntries, seededRandom } from '../src/domain/archive/title-generator.ts';
import { SECRECY_LABELS_ZH } from '../src/domain/org.ts';
import type { ArchiveViewer } from '../src/features/archive/catalog.ts';
import { createProgressLine } from '../src/features/archive/cli/progress.ts';
import { importArchiveCsv } from '../src/features/archive/import.ts';
import { searchEntries } from '../src/features/archive/search.ts';
import { createPostgresDatabase, silentLogger } from '../test/support/databases.ts';

const ROWS = Number(process.env.BENCH_ARCHIVE_ROWS ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_ARCHIVE_QUERIES ?? 200);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const viewer: ArchiveViewer = { personId: 'bench', clearance: 'top_secret' };

interface Figures {
  rows: number;
  import_s: number;
  index_ratio: number;
  p50_selective_ms: number;
  p95_selective_ms: number;
  p95_by_length_ms: Record<string, number>;
  p50_common_ms: number;
  p95_common_ms: number;
  like_p50_ms: number;
  like_speedup: number;
  like_speedup_drawn: number;
  like_speedup_common: number;
  same_rows: boolean;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);
}
const round = (n: number) => Math.round(n * 100) / 100;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Writes the corpus as the import's CSV; keeps a sample of titles to draw queries from. */
async function writeCorpus(file: string): Promise<string[]> {
  const out = createWriteStream(file);
  out.write('档号,题名,文号,年度,类别,责任部门,保管期限,密级,页数,存放位置\n');
  const sample: string[] = [];
  const random = seededRandom(99);
  let chunk: unknown[][] = [];
  for (const e of generateEntries(ROWS, { seed: 7 })) {
    chunk.push([
      e.archiveNo,
      e.title ?? '',
      e.docNumber,
      e.year,
      e.category,
      e.department,
      RETENTION_LABELS_ZH[e.retention],
      SECRECY_LABELS_ZH[e.secrecy],
      e.pages,
      e.location,
    ]);
    if (e.title && (sample.length < 20_000 || random() < 0.02)) {
      if (sample.length < 20_000) sample.push(e.title);
      else sample[Math.floor(random() * sample.length)] = e.title;
    }
    if (chunk.length === 5000) {
      if (!out.write(stringify(chunk))) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = [];
    }
  }
  out.write(stringify(chunk));
  out.end();
  await finished(out);
  return sample;
}

/** Queries: `count` substrings of each length drawn from sampled titles, and the 20 commonest bigrams. */
function drawQueries(sample: string[]): { byLength: Record<string, string[]>; common: string[] } {
  const random = seededRandom(1234);
  const han = /^[\u4e00-\u9fff]+$/u;
  const byLength: Record<string, string[]> = {};
  for (const n of [2, 3, 4]) {
    const words: string[] = [];
    while (words.length < QUERIES) {
      const title = Array.from(sample[Math.floor(random() * sample.length)] as string);
      const at = Math.floor(random() * Math.max(1, title.length - n + 1));
      const word = title.slice(at, at + n).join('');
      if (word.length === n && han.test(word)) words.push(word);
    }
    byLength[n] = words;
  }
  const counts = new Map<string, number>();
  for (const title of sample) {
    const chars = Array.from(title);
    const seen = new Set<string>();
    for (let i = 0; i + 1 < chars.length; i++) {
      const w = (chars[i] as string) + (chars[i + 1] as string);
      if (han.test(w) && !seen.has(w)) {
        seen.add(w);
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
  }
  const common = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 20)
    .map(([w]) => w);
  return { byLength, common };
}

async function timeSearch(db: Database, word: string): Promise<{ ms: number; ids: string[]; plan: string }> {
  const parsed = parseArchiveQuery(word);
  if (!parsed.ok) throw new Error(`bad query ${word}`);
  const started = performance.now();
  const page = await searchEntries(db.prisma, parsed.query, viewer, 0);
  const ms = performance.now() - started;
  return { ms, ids: page.entries.map((e) => e.id), plan: page.plan };
}

async function timeLike(db: Database, word: string): Promise<{ ms: number; ids: string[] }> {
  const started = performance.now();
  const rows = await db.prisma.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id::text AS id FROM archive_entry
     WHERE (title LIKE $1 OR doc_number LIKE $1) AND secrecy = ANY($2::text[])
     ORDER BY year DESC, archive_no DESC LIMIT 10`,
    `%${word}%`,
    ['public', 'internal', 'secret', 'confidential', 'top_secret'],
  );
  return { ms: performance.now() - started, ids: rows.map((r) => r.id) };
}

async function benchDatabase(
  kind: 'pglite' | 'postgres',
  db: Database,
  csv: string,
  sample: string[],
): Promise<Figures> {
  await migrateDatabase(db, silentLogger);
  const size = (await stat(csv)).size;
  const input = createReadStream(csv);
  const progress = createProgressLine(process.stderr, size);
  const started = performance.now();
  const result = await importArchiveCsv({ prisma: db.prisma, now: new Date() }, input, {
    actorId: 'bench',
    onProgress: (p) => progress.update(p.bytesRead, `${kind}: ${p.loaded} loaded`),
  });
  const importS = (performance.now() - started) / 1000;
  progress.done(`${kind}: ${result.loaded} loaded, ${result.rejected} rejected`);
  const sizes = await db.prisma.$queryRawUnsafe<Array<{ index: bigint; heap: bigint; total: bigint }>>(
    `SELECT pg_relation_size('archive_entry_terms_idx') AS index, pg_relation_size('archive_entry') AS heap,
            pg_total_relation_size('archive_entry') AS total`,
  );
  const { index, heap, total } = sizes[0] as { index: bigint; heap: bigint; total: bigint };
  console.log(
    `${kind}: imported ${result.loaded} rows in ${importS.toFixed(1)} s (${Math.round(result.loaded / importS)} rows/s); ` +
      `GIN index ${(Number(index) / 2 ** 20).toFixed(0)} MiB, table ${(Number(heap) / 2 ** 20).toFixed(0)} MiB, ` +
      `all with TOAST and indexes ${(Number(total) / 2 ** 20).toFixed(0)} MiB`,
  );

  const { byLength, common } = drawQueries(sample);
  console.log(`${kind}: common words: ${common.join(' ')}`);
  // Warm the caches once with a few queries (the first query also pays Prisma's warm-up).
  for (const w of [...common.slice(0, 3), ...(byLength['2'] ?? []).slice(0, 3)]) await timeSearch(db, w);

  const selective: number[] = [];
  const byLengthP95: Record<string, number> = {};
  const plans = new Map<string, number[]>();
  const searchIds = new Map<string, string[]>();
  for (const [n, words] of Object.entries(byLength)) {
    const times: number[] = [];
    for (const w of words) {
      const r = await timeSearch(db, w);
      times.push(r.ms);
      searchIds.set(w, r.ids);
      plans.set(r.plan, [...(plans.get(r.plan) ?? []), r.ms]);
    }
    selective.push(...times);
    byLengthP95[n] = percentile(times, 95);
    console.log(
      `${kind}: ${words.length} queries of ${n} characters: p50 ${percentile(times, 50)} ms, p95 ${percentile(times, 95)} ms`,
    );
  }
  const commonTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const w of common) {
      const r = await timeSearch(db, w);
      commonTimes.push(r.ms);
      searchIds.set(w, r.ids);
    }
  }
  console.log(
    `${kind}: 20 common words ×5: p50 ${percentile(commonTimes, 50)} ms, p95 ${percentile(commonTimes, 95)} ms`,
  );
  console.log(
    `${kind}: plans: ${[...plans.entries()].map(([p, times]) => `${p} ${times.length} (p95 ${percentile(times, 95)} ms)`).join(', ')}`,
  );

  const likePerLength = Number(process.env.BENCH_ARCHIVE_LIKE ?? QUERIES);
  const likeWords = [...Object.values(byLength).flatMap((ws) => ws.slice(0, likePerLength)), ...common];
  const likeTimes: number[] = [];
  const searchTimesForLike: number[] = [];
  let same = true;
  for (const w of likeWords) {
    const like = await timeLike(db, w);
    likeTimes.push(like.ms);
    const s = await timeSearch(db, w);
    searchTimesForLike.push(s.ms);
    const expected = like.ids.join(',');
    if (s.ids.join(',') !== expected || (searchIds.get(w) ?? []).join(',') !== expected) {
      same = false;
      console.log(`${kind}: DIFFERENT rows for ${w}: search ${s.ids.length}, LIKE ${like.ids.length}`);
    }
  }
  const speedup = sum(likeTimes) / sum(searchTimesForLike);
  // The same ratio for the drawn words and for the 20 commonest apart: a common word fills a page
  // from the newest rows, so LIKE (scanning the same index newest-first) is as quick there.
  const drawn = likeWords.length - common.length;
  const speedupOf = (from: number, to: number) =>
    sum(likeTimes.slice(from, to)) / sum(searchTimesForLike.slice(from, to));
  console.log(
    `${kind}: LIKE on ${likeWords.length} of the queries: p50 ${percentile(likeTimes, 50)} ms, p95 ${percentile(likeTimes, 95)} ms; ` +
      `search on the same: p50 ${percentile(searchTimesForLike, 50)} ms; total time ratio ${speedup.toFixed(1)}× ` +
      `(drawn words ${speedupOf(0, drawn).toFixed(1)}×, common words ${speedupOf(drawn, likeWords.length).toFixed(1)}×); same rows: ${same}`,
  );
  return {
    rows: result.loaded,
    import_s: round(importS),
    index_ratio: round(Number(index) / Number(heap)),
    p50_selective_ms: percentile(selective, 50),
    p95_selective_ms: percentile(selective, 95),
    p95_by_length_ms: byLengthP95,
    p50_common_ms: percentile(commonTimes, 50),
    p95_common_ms: percentile(commonTimes, 95),
    like_p50_ms: percentile(likeTimes, 50),
    like_speedup: round(speedup),
    like_speedup_drawn: round(speedupOf(0, drawn)),
    like_speedup_common: round(speedupOf(drawn, likeWords.length)),
    same_rows: same,
  };
}

const work = await mkdtemp(path.join(os.tmpdir(), 'office-bot-bench-archive-'));
const results: Record<string, Figures> = {};
try {
  const csv = path.join(work, 'corpus.csv');
  const t0 = performance.now();
  const sample = await writeCorpus(csv);
  console.log(
    `generated ${ROWS} entries in ${((performance.now() - t0) / 1000).toFixed(1)} s (${((await stat(csv)).size / 2 ** 20).toFixed(0)} MiB of CSV)`,
  );
  if (!only || only === 'pglite') {
    const dir = path.join(work, 'pglite');
    const db = databaseOnPglite(await PGlite.create({ dataDir: dir }));
    try {
      results.pglite = await benchDatabase('pglite', db, csv, sample);
    } finally {
      await db.close();
    }
  }
  if (process.env.TEST_DATABASE_URL && (!only || only === 'postgres')) {
    const { url, drop } = await createPostgresDatabase();
    const db = await openDatabase({ kind: 'postgres', url, poolMax: 4, connectTimeoutMs: 5000 });
    try {
      results.postgres = await benchDatabase('postgres', db, csv, sample);
    } finally {
      await db.close();
      await drop();
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
console.log(JSON.stringify(results));
