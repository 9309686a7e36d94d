// One row of an archive catalog CSV (档案目录导入): Chinese or English headers, checked with zod.
// A bad row is reported with its line number and the reason; the good rows load.

import { z } from 'zod';
import { SECRECY_LEVELS, type SecrecyLevel } from '../org.ts';
import { ARCHIVE_RETENTIONS, type ArchiveRetention } from './archive-no.ts';

/** Header names accepted for each field (Chinese first). */
export const CSV_HEADERS = {
  archiveNo: ['档号', 'archive_no'],
  title: ['题名', 'title'],
  docNumber: ['文号', 'doc_number'],
  year: ['年度', 'year'],
  category: ['类别', 'category'],
  department: ['责任部门', 'department'],
  retention: ['保管期限', 'retention'],
  secrecy: ['密级', 'secrecy'],
  pages: ['页数', 'pages'],
  location: ['存放位置', 'location'],
  fileRef: ['文件', 'file_ref'],
  fileSha256: ['SHA256', 'file_sha256'],
} as const;

/** A field of {@link CSV_HEADERS}. */
export type CsvField = keyof typeof CSV_HEADERS;

/** Fields a file must have a column for. */
export const REQUIRED_CSV_FIELDS: readonly CsvField[] = ['title', 'year', 'category', 'retention', 'secrecy'];

const RETENTION_WORDS: Record<string, ArchiveRetention> = {
  永久: 'permanent',
  permanent: 'permanent',
  y: 'permanent',
  定期30年: '30y',
  '30年': '30y',
  '30y': '30y',
  d30: '30y',
  定期10年: '10y',
  '10年': '10y',
  '10y': '10y',
  d10: '10y',
};

const SECRECY_WORDS: Record<string, SecrecyLevel> = {
  公开: 'public',
  内部: 'internal',
  秘密: 'secret',
  机密: 'confidential',
  绝密: 'top_secret',
  ...Object.fromEntries(SECRECY_LEVELS.map((l) => [l, l])),
};

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `at most ${max} characters` })
    .transform((v) => (v === '' ? null : v));

/** A row as read from the file (every field a string, missing columns empty). */
export const ArchiveCsvRowSchema = z
  .object({
    archiveNo: optional(60).refine((v) => v === null || /^[\p{L}\p{N}\-_./]+$/u.test(v), {
      error: 'letters, digits and - _ . / only',
    }),
    title: optional(500),
    docNumber: optional(100),
    year: z
      .string()
      .trim()
      .regex(/^\d{4}$/, { error: 'must be a year such as 2025' })
      .transform(Number)
      .refine((y) => y >= 1900 && y <= 2100, { error: 'must be from 1900 to 2100' }),
    category: z.string().trim().min(1, { error: 'is required' }).max(20),
    department: optional(100),
    retention: z
      .string()
      .trim()
      .transform((v) => RETENTION_WORDS[v.toLowerCase()])
      .pipe(z.enum(ARCHIVE_RETENTIONS, { error: 'must be 永久, 定期30年 or 定期10年' })),
    secrecy: z
      .string()
      .trim()
      .transform((v) => SECRECY_WORDS[v.toLowerCase()] ?? SECRECY_WORDS[v])
      .pipe(z.enum(SECRECY_LEVELS, { error: 'must be 公开, 内部, 秘密, 机密 or 绝密' })),
    pages: optional(9).pipe(
      z.string().regex(/^\d+$/, { error: 'must be a whole number' }).transform(Number).nullable(),
    ),
    location: optional(100),
    fileRef: optional(500),
    fileSha256: optional(64).pipe(
      z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be 64 hex digits' })
        .transform((v) => v.toLowerCase())
        .nullable(),
    ),
  })
  .superRefine((row, ctx) => {
    const classified = SECRECY_LEVELS.indexOf(row.secrecy) >= SECRECY_LEVELS.indexOf('secret');
    if (classified && row.title !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['title'],
        message: 'records at 秘密 and above carry no title: leave it empty (tracked by 档号/文号)',
      });
    if (!classified && row.title === null)
      ctx.addIssue({ code: 'custom', path: ['title'], message: 'is required' });
    if ((row.fileRef === null) !== (row.fileSha256 === null))
      ctx.addIssue({
        code: 'custom',
        path: ['fileSha256'],
        message: 'an electronic record needs both its file and its SHA-256',
      });
  });

/** A checked row. */
export type ArchiveCsvRow = z.output<typeof ArchiveCsvRowSchema>;

/**
 * Maps a header row to fields: `{ field → column index }`, plus the required fields it lacks.
 * Headers are matched trimmed and case-insensitively; a BOM is ignored.
 */
export function mapCsvHeader(header: readonly string[]): {
  columns: Partial<Record<CsvField, number>>;
  missing: CsvField[];
} {
  const columns: Partial<Record<CsvField, number>> = {};
  header.forEach((raw, i) => {
    const name = raw
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase();
    for (const [field, names] of Object.entries(CSV_HEADERS) as Array<[CsvField, readonly string[]]>) {
      if (names.some((n) => n.toLowerCase() === name) && columns[field] === undefined) columns[field] = i;
    }
  });
  return { columns, missing: REQUIRED_CSV_FIELDS.filter((f) => columns[f] === undefined) };
}

/** Checks one record of the file; the problem is one line of text naming the column. */
export function checkCsvRecord(
  record: readonly string[],
  columns: Partial<Record<CsvField, number>>,
): { ok: true; row: ArchiveCsvRow } | { ok: false; problem: string } {
  const raw: Record<string, string> = {};
  for (const field of Object.keys(CSV_HEADERS) as CsvField[]) {
    const at = columns[field];
    raw[field] = at === undefined ? '' : (record[at] ?? '');
  }
  const parsed = ArchiveCsvRowSchema.safeParse(raw);
  if (parsed.success) return { ok: true, row: parsed.data };
  const problem = parsed.error.issues
    .map((issue) => {
      const field = issue.path[0] as CsvField | undefined;
      return `${field ? CSV_HEADERS[field][0] : 'row'}: ${issue.message}`;
    })
    .join('; ');
  return { ok: false, problem };
}
