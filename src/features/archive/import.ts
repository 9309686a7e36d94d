// CSV import of an existing archive catalog (档案目录导入): streamed (csv-parse), checked row by row
// (src/domain/archive/csv-row.ts), loaded in batches of multi-row INSERTs. COPY is not available on
// PGlite through Prisma, so each batch is one `INSERT … SELECT FROM unnest($1::text[], …)`: one
// array parameter per column, whatever the batch size. Bad rows — unreadable CSV, a field that
// fails its check, a 档号 that exists already (or twice in the file) — are written with their line
// numbers to the report while the good ones load. A file without the required columns loads nothing.

import type { Readable, Writable } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import {
  type ArchiveNoParts,
  type ArchiveSettings,
  archiveSeries,
  categoryCode,
  formatArchiveNo,
} from '../../domain/archive/archive-no.ts';
import {
  type ArchiveCsvRow,
  CSV_HEADERS,
  checkCsvRecord,
  mapCsvHeader,
} from '../../domain/archive/csv-row.ts';
import { entryTerms } from '../../domain/archive/terms.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { AppError } from '../../shared/errors.ts';
import { allocateArchiveSeq, loadArchiveSettings } from './catalog.ts';

/** Rows per INSERT (and per transaction). */
export const IMPORT_BATCH_ROWS = 1000;

/** Progress, after each batch. */
export interface ImportProgress {
  /** Bytes of the file read so far (when the caller counts them), rows loaded and rejected. */
  bytesRead: number;
  loaded: number;
  rejected: number;
}

/** The outcome of an import. */
export interface ImportResult {
  loaded: number;
  rejected: number;
  /** Lines of the file read (the header included). */
  lines: number;
}

/** A rejected row, as written to the report. */
export interface RejectedRow {
  line: number;
  problem: string;
  record: string;
}

interface Pending {
  line: number;
  row: ArchiveCsvRow;
  record: readonly string[];
}

/**
 * Imports the CSV read from `input`. `report` (optional) receives a CSV of the rejected rows
 * (`行号,问题,原始记录`); progress reports the bytes read after each batch. Throws AppError
 * `archive_import_header` (param `missing`) when required columns are absent — nothing loaded.
 */
export async function importArchiveCsv(
  deps: { prisma: PrismaClient; now: Date },
  input: Readable,
  options: {
    actorId: string | null;
    report?: Writable | null;
    onRejected?: (row: RejectedRow) => void;
    onProgress?: (progress: ImportProgress) => void;
    batchRows?: number;
  },
): Promise<ImportResult> {
  const settings = await loadArchiveSettings(deps.prisma);
  const batchRows = options.batchRows ?? IMPORT_BATCH_ROWS;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
  });
  let loaded = 0;
  let rejected = 0;
  let lines = 0;
  let reportStarted = false;
  const reject = (line: number, problem: string, record: readonly string[] | string) => {
    rejected++;
    const row = {
      line,
      problem,
      record: typeof record === 'string' ? record : stringify([record]).trimEnd(),
    };
    options.onRejected?.(row);
    if (options.report) {
      if (!reportStarted) {
        options.report.write('\uFEFF行号,问题,原始记录\n');
        reportStarted = true;
      }
      options.report.write(stringify([[line, problem, row.record]]));
    }
  };
  parser.on('skip', (error: Error & { lines?: number; record?: string[]; raw?: string }) => {
    reject(error.lines ?? lines + 1, `CSV: ${error.message}`, error.record ?? error.raw ?? '');
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  // Counted beside the pipe (a listener added before it would start the flow and lose data).
  let bytesRead = 0;
  input.on('data', (chunk: Buffer | string) => {
    bytesRead += chunk.length;
  });

  let columns: ReturnType<typeof mapCsvHeader>['columns'] | null = null;
  let batch: Pending[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await insertBatch(deps, settings, batch, options.actorId);
    loaded += result.loaded;
    for (const bad of result.rejected) reject(bad.line, bad.problem, bad.record);
    batch = [];
    options.onProgress?.({ bytesRead, loaded, rejected });
  };

  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    lines = item.info.lines;
    if (columns === null) {
      const mapped = mapCsvHeader(item.record);
      if (mapped.missing.length > 0) {
        input.unpipe(parser);
        parser.destroy();
        throw new AppError('archive_import_header', 'header lacks required columns', {
          params: { missing: mapped.missing.map((f) => CSV_HEADERS[f][0]).join('、') },
        });
      }
      columns = mapped.columns;
      continue;
    }
    const checked = checkCsvRecord(item.record, columns);
    if (!checked.ok) {
      reject(item.info.lines, checked.problem, item.record);
      continue;
    }
    if (checked.row.archiveNo === null && categoryCode(settings, checked.row.category) === null) {
      reject(
        item.info.lines,
        `类别: ${checked.row.category} has no code in the unit's 档号 rule: give the 档号`,
        item.record,
      );
      continue;
    }
    batch.push({ line: item.info.lines, row: checked.row, record: item.record });
    if (batch.length >= batchRows) await flush();
  }
  await flush();
  if (columns === null) {
    throw new AppError('archive_import_header', 'empty file', {
      params: {
        missing: ['title', 'year', 'category', 'retention', 'secrecy']
          .map((f) => CSV_HEADERS[f as 'title'][0])
          .join('、'),
      },
    });
  }
  // Fresh statistics of the search terms: the search reads which terms are common from them
  // (src/features/archive/search.ts), and PGlite has no autovacuum to gather them.
  if (loaded > 0) await deps.prisma.$executeRawUnsafe('ANALYZE archive_entry');
  return { loaded, rejected, lines };
}

/**
 * One batch in one transaction: numbers for rows without a 档号 (one counter statement per
 * series), then one INSERT of every row; a 档号 taken already is skipped by `ON CONFLICT` and
 * reported.
 */
async function insertBatch(
  deps: { prisma: PrismaClient; now: Date },
  settings: ArchiveSettings,
  batch: Pending[],
  actorId: string | null,
): Promise<{ loaded: number; rejected: RejectedRow[] }> {
  return deps.prisma.$transaction(
    async (tx) => {
      const numbers = new Map<Pending, string>();
      const groups = new Map<string, Pending[]>();
      for (const p of batch) {
        if (p.row.archiveNo !== null) {
          numbers.set(p, p.row.archiveNo);
          continue;
        }
        const { series, year } = archiveSeries(settings, p.row);
        const key = `${series}|${year}`;
        groups.set(key, [...(groups.get(key) ?? []), p]);
      }
      for (const group of groups.values()) {
        const first = group[0] as Pending;
        const parts: ArchiveNoParts = first.row;
        let seq = await allocateArchiveSeq(tx, settings, parts, group.length, deps.now);
        for (const p of group) numbers.set(p, formatArchiveNo(settings, p.row, seq++));
      }
      const col = <T>(f: (p: Pending) => T) => batch.map(f);
      const inserted = await tx.$queryRawUnsafe<Array<{ archive_no: string }>>(
        `INSERT INTO archive_entry (id, archive_no, title, doc_number, year, category, department_name,
           retention, secrecy, pages, location, file_ref, file_sha256, terms, source, created_by_id, created_at)
         SELECT gen_random_uuid(), u.archive_no, u.title, u.doc_number, u.year, u.category, u.department_name,
           u.retention, u.secrecy, u.pages, u.location, u.file_ref, u.file_sha256,
           CASE WHEN u.terms = '' THEN ARRAY[]::text[] ELSE string_to_array(u.terms, ' ') END,
           'import', $14, $15::timestamptz
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::int[], $10::text[], $11::text[], $12::text[], $13::text[])
           AS u(archive_no, title, doc_number, year, category, department_name, retention, secrecy, pages,
                location, file_ref, file_sha256, terms)
         ON CONFLICT (archive_no) DO NOTHING
         RETURNING archive_no`,
        col((p) => numbers.get(p) as string),
        col((p) => p.row.title),
        col((p) => p.row.docNumber),
        col((p) => p.row.year),
        col((p) => p.row.category),
        col((p) => p.row.department),
        col((p) => p.row.retention),
        col((p) => p.row.secrecy),
        col((p) => p.row.pages),
        col((p) => p.row.location),
        col((p) => p.row.fileRef),
        col((p) => p.row.fileSha256),
        // Terms never contain whitespace (normalisation removes it), so a space joins them.
        col((p) => entryTerms(p.row).join(' ')),
        actorId,
        deps.now,
      );
      const done = new Set(inserted.map((r) => r.archive_no));
      const rejected: RejectedRow[] = [];
      const seen = new Set<string>();
      for (const p of batch) {
        const no = numbers.get(p) as string;
        if (done.has(no) && !seen.has(no)) {
          seen.add(no);
          continue;
        }
        rejected.push({
          line: p.line,
          problem: `档号: ${no} exists already`,
          record: stringify([p.record]).trimEnd(),
        });
      }
      return { loaded: inserted.length, rejected };
    },
    { timeout: 60_000 },
  );
}
