import { randomUUID } from 'node:crypto';
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
