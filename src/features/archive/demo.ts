// The playground's archive: a few hundred catalog entries from the generator (through the same CSV
// import the archivist uses), a 秘密 entry tracked by number only, one electronic record whose
// SHA-256 matches its file (written into `filesDir` when given, so retrieval and
// `npm run archive:verify` pass), and loans made through the loan service and the approval engine
// as real clicks would make them (the bot's service: its hooks, calendar and reminder rows): one
// overdue, one due within days, one waiting on the head.

import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Database } from '../../db/database.ts';
import { RETENTION_LABELS_ZH } from '../../domain/archive/archive-no.ts';
import { LOAN_PARAMS } from '../../domain/archive/loan-definitions.ts';
import { generateEntries } from '../../domain/archive/title-generator.ts';
import { unitCalendar } from '../../domain/chasing/holidays.ts';
import { parseStoredChasingSettings } from '../../domain/chasing/settings.ts';
import { SECRECY_LABELS_ZH } from '../../domain/org.ts';
import { waitingOn } from '../../domain/workflow/index.ts';
import type { WorkflowAction, WorkflowInstance, WorkingCalendar } from '../../domain/workflow/types.ts';
import type { Clock } from '../../shared/clock.ts';
import type { WorkflowService } from '../workflow/workflow-service.ts';
import { importArchiveCsv } from './import.ts';
import { DUE_SOON_DAYS, startLoanRequest } from './loans.ts';

/** Entries the demo adds (besides the two named ones). */
export const DEMO_ARCHIVE_ROWS = 300;

/** The demo's electronic record: its file (relative to ARCHIVE_FILES_DIR) and content. */
export const DEMO_ELECTRONIC_FILE = {
  fileRef: 'demo/示水办发〔2025〕31号.txt',
  content: '关于2025年度防汛抗旱工作的总结报告（演示电子文件）\n',
} as const;

/** The 秘密 entry of the demo (no title: tracked by 档号 and 文号). */
export const DEMO_SECRET_DOC_NUMBER = '示水办发〔2025〕7号';

/** The demo loans' borrowers, what for, and how far each got (`stage`). */
export const DEMO_LOANS = [
  // Lent three weeks ago for 5 working days: overdue (even across 春节 or 国庆).
  { borrower: 'gao-yan', purpose: '核对工程竣工验收资料', days: 5, stage: 'overdue' },
  // Lent five days ago; due within the next three days (the list's 即将到期). The electronic
  // record: its lending sent her the file, after its SHA-256 check, in her DM.
  {
    borrower: 'xu-hui',
    purpose: '编写年度工作总结，查阅往年报告',
    days: 10,
    stage: 'due_soon',
    fileRef: DEMO_ELECTRONIC_FILE.fileRef,
  },
  // Asked an hour ago: waiting on the department head.
  { borrower: 'tang-ning', purpose: '核对固定资产台账', days: 3, stage: 'requested' },
] as const;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Loads the demo archive unless the catalog has entries already (a playground that was used keeps
 * what its user did, and a restart adds nothing twice). Returns how many entries and loans were added.
 */
export async function seedArchiveDemo(input: {
  db: Database;
  now: Date;
  /** Where the electronic record's file goes (ARCHIVE_FILES_DIR); not written when absent. */
  filesDir?: string;
  /** For the demo loans: the workspace and the unit's time zone. */
  workspaceId: string | null;
  timeZone: string;
  /**
   * The bot's workflow service on the demo's clock (RunningBot.workflowServiceAt): the loans are
   * started and lent with the bot's hooks, calendar and reminder rows, and chased as real ones.
   */
  serviceAt: (clock: Clock) => WorkflowService;
}): Promise<{ entries: number; loans: number }> {
  const { prisma } = input.db;
  if ((await prisma.archiveEntry.count()) > 0) return { entries: 0, loans: 0 };
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
  return { entries: result.loaded, loans: await seedDemoLoans(input) };
}

/**
 * The demo loans, on the newest public paper entries (anyone may borrow them) and the electronic
 * record (徐慧's: its file goes to her DM at lending), each started, approved by
 * the borrower's department head and lent by the archivist through the engine at times in the past.
 */
async function seedDemoLoans(input: {
  db: Database;
  now: Date;
  workspaceId: string | null;
  timeZone: string;
  serviceAt: (clock: Clock) => WorkflowService;
}): Promise<number> {
  const { prisma } = input.db;
  const paper = await prisma.archiveEntry.findMany({
    where: { secrecy: 'public', status: 'kept', title: { not: null }, fileRef: null },
    orderBy: [{ year: 'desc' }, { archiveNo: 'asc' }],
    take: DEMO_LOANS.length,
    select: { id: true },
  });
  const entryOf = async (demo: (typeof DEMO_LOANS)[number], index: number) =>
    'fileRef' in demo
      ? await prisma.archiveEntry.findFirst({ where: { fileRef: demo.fileRef }, select: { id: true } })
      : paper[index];
  let at = input.now;
  // The unit's working calendar (holidays, office hours) as the bot reads it: the due soon loan's
  // lending days are counted on it.
  const unit = await prisma.unitSetting.findUnique({ where: { id: 'unit' }, select: { calendar: true } });
  const calendar = unitCalendar(input.timeZone, parseStoredChasingSettings(unit?.calendar ?? null).calendar);
  const service = input.serviceAt({ now: () => at });
  const act = async (instance: WorkflowInstance, action: WorkflowAction) => {
    const actor = waitingOn(instance)[0];
    if (!actor) throw new Error(`demo loan ${instance.id}: nobody to act`);
    const outcome = await service.click({
      instanceId: instance.id,
      workspaceId: input.workspaceId,
      actorPersonId: actor,
      action,
      expectedVersion: instance.version,
    });
    if (outcome.kind !== 'applied')
      throw new Error(`demo loan: ${action.type} by ${actor} was ${outcome.kind}`);
    return outcome.instance;
  };
  for (const [index, demo] of DEMO_LOANS.entries()) {
    const entry = await entryOf(demo, index);
    if (!entry) throw new Error('demo archive: too few public entries for the demo loans');
    const [askedDaysAgo, lentDaysAgo] =
      demo.stage === 'overdue' ? [22, 21] : demo.stage === 'due_soon' ? [6, 5] : [0, 0];
    at = new Date(input.now.getTime() - askedDaysAgo * DAY_MS - (demo.stage === 'requested' ? HOUR_MS : 0));
    let instance = await startLoanRequest(
      { service, prisma, timeZone: input.timeZone },
      {
        requesterPersonId: demo.borrower,
        workspaceId: input.workspaceId,
        form: {
          entryId: entry.id,
          kind: 'borrow',
          purpose: demo.purpose,
          days: demo.days,
          copies: null,
          outsideUnit: null,
        },
      },
    );
    if (demo.stage === 'requested') continue;
    at = new Date(at.getTime() + 2 * HOUR_MS);
    instance = await act(instance, { type: 'approve', comment: '同意。' });
    at = new Date(input.now.getTime() - lentDaysAgo * DAY_MS);
    const lendDays =
      demo.stage === 'overdue' ? demo.days : lendDaysDueSoon(calendar, at, input.now, demo.days);
    await act(instance, { type: 'approve', params: { [LOAN_PARAMS.lendDays]: String(lendDays) } });
  }
  return DEMO_LOANS.length;
}

/**
 * The working days to lend at `lentAt` so that the record is due as late as possible within the
 * next {@link DUE_SOON_DAYS} days after `now` (and not before `now`), at most `max`; when no
 * working day ends in that window (a long holiday), the first due date after `now`.
 */
export function lendDaysDueSoon(calendar: WorkingCalendar, lentAt: Date, now: Date, max: number): number {
  const soon = now.getTime() + DUE_SOON_DAYS * DAY_MS;
  let chosen: number | null = null;
  for (let days = 1; days <= max; days++) {
    const due = calendar.addWorkingDays(lentAt, days).getTime();
    if (due > soon) return chosen ?? days;
    if (due > now.getTime()) chosen = days;
  }
  return chosen ?? max;
}
