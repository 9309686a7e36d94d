import { createHash, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { entryTerms } from '../../src/domain/archive/terms.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';

/**
 * A paper record (文书, internal) catalogued by hand, as the archivist's `/archive add` would
 * leave it, searchable by the words of its title.
 */
export function addArchiveEntry(
  prisma: PrismaClient,
  record: { archiveNo: string; title: string; year: number; retention?: string; createdAt?: Date },
) {
  return prisma.archiveEntry.create({
    data: {
      id: randomUUID(),
      archiveNo: record.archiveNo,
      title: record.title,
      year: record.year,
      category: '文书',
      retention: record.retention ?? '30y',
      secrecy: 'internal',
      terms: entryTerms({ title: record.title, docNumber: null, year: record.year }),
      source: 'manual',
      createdAt: record.createdAt ?? new Date(),
    },
  });
}

/**
 * An electronic record (文书, internal, 10 years) whose file `fileRef` in `filesDir` holds `bytes`;
 * its recorded SHA-256 is that of `checked` (default: `bytes`), so a differing one fails the check.
 */
export async function addArchiveFile(
  prisma: PrismaClient,
  record: {
    filesDir: string;
    fileRef: string;
    bytes: Buffer;
    checked?: Buffer;
    archiveNo: string;
    title: string;
  },
) {
  await writeFile(path.join(record.filesDir, record.fileRef), record.bytes);
  return prisma.archiveEntry.create({
    data: {
      archiveNo: record.archiveNo,
      title: record.title,
      year: 2026,
      category: '文书',
      retention: '10y',
      secrecy: 'internal',
      fileRef: record.fileRef,
      fileSha256: createHash('sha256')
        .update(record.checked ?? record.bytes)
        .digest('hex'),
      terms: [],
      source: 'manual',
      createdAt: new Date('2026-11-01T00:00:00Z'),
    },
  });
}
