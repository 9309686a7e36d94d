// The playground's archive: a few hundred catalog entries from the generator (through the same CSV
// import the archivist uses), a 秘密 entry tracked by number only, and one electronic record whose
// SHA-256 matches its file (written into `filesDir` when given, so `npm run archive:verify` passes).

import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../db/database.ts';
import { RETENTION_LABELS_ZH } from '../../domain/archive/archive-no.ts';
import { generateEntries } from '../../domain/archive/title-generator.ts';
import { SECRECY_LABELS_ZH } from '../../domain/org.ts';
import { importArchiveCsv } from './import.ts';

/** Entries the demo adds (besides the two named ones). */
export const DEMO_ARCHIVE_ROWS = 300;

/** The demo's electronic record: its file (relative to ARCHIVE_FILES_DIR) and content. */
export const DEMO_ELECTRONIC_FILE = {
  fileRef: 'demo/示水办发〔2025〕31号.txt',
  content: '关于2025年度防汛抗旱工作的总结报告（演示电子文件）\n',
} as const;

/** The 秘密 entry of the demo (no title: tracked by 档号 and 文号). */
export const DEMO_SECRET_DOC_NUMBER = '示水办发〔2025〕7号';

/** Loads the demo archive unless the catalog has entries already. Returns how many were added. */
export async function seedArchiveDemo(input: {
  db: Database;
  now: Date;
  filesDir?: string;
}): Promise<number> {
  const { prisma } = input.db;
  if ((await prisma.archiveEntry.count()) > 0) return 0;
  const digest = createHash('sha256').update(DEMO_ELECTRONIC_FILE.content).digest('hex');
  if (input.filesDir) {
    const file = path.join(input.filesDir, DEMO_ELECTRONIC_FILE.fileRef);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, DEMO_ELECTRONIC_FILE.content);
  }
  const rows: unknown[][] = [
    [
      '档号',
      '题名',
      '文号',
      '年度',
      '类别',
      '责任部门',
      '保管期限',
      '密级',
      '页数',
      '存放位置',
      '文件',
      'SHA256',
    ],
    [
      '',
      '',
      DEMO_SECRET_DOC_NUMBER,
      2025,
      '文书',
      '局办公室',
      '永久',
      '秘密',
      6,
      '2号库房-1排-1柜-3盒',
      '',
      '',
    ],
    [
      '',
      '关于2025年度防汛抗旱工作的总结报告',
      '示水办发〔2025〕31号',
      2025,
      '电子',
      '防汛抗旱指挥部办公室',
      '永久',
      '内部',
      12,
      '',
      DEMO_ELECTRONIC_FILE.fileRef,
      digest,
    ],
  ];
  for (const e of generateEntries(DEMO_ARCHIVE_ROWS, { seed: 2026, fromYear: 2005 })) {
    // Numbered by the unit's rule on import (no 档号 given), as new entries are.
    rows.push([
      '',
      e.title ?? '',
      e.docNumber.replace('示水', '示水档'),
      e.year,
      e.category,
      e.department,
      RETENTION_LABELS_ZH[e.retention],
      SECRECY_LABELS_ZH[e.secrecy],
      e.pages,
      e.location,
      '',
      '',
    ]);
  }
  const result = await importArchiveCsv({ prisma, now: input.now }, Readable.from([stringify(rows)]), {
    actorId: 'feng-xiaoyu',
  });
  if (result.rejected > 0) throw new Error(`demo archive: ${result.rejected} rows rejected`);
  return result.loaded;
}
