import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArchiveQuery } from '../../src/domain/archive/query.ts';
import { matchesWords } from '../../src/domain/archive/terms.ts';
import { isClearedFor, type SecrecyLevel } from '../../src/domain/org.ts';
import { waitingOn } from '../../src/domain/workflow/index.ts';
import {
  type ArchiveEntry,
  type ArchiveViewer,
  createEntry,
  getEntry,
} from '../../src/features/archive/catalog.ts';
import {
  DEMO_ARCHIVE_ROWS,
  DEMO_ELECTRONIC_FILE,
  DEMO_LOANS,
  DEMO_SECRET_DOC_NUMBER,
  seedArchiveDemo,
} from '../../src/features/archive/demo.ts';
import { ARCHIVE_FILE_KIND } from '../../src/features/archive/file-retrieval.ts';
import { checkFixity, retrieveEntryFile, verifyAllFixity } from '../../src/features/archive/fixity.ts';
import { importArchiveCsv, type RejectedRow } from '../../src/features/archive/import.ts';
import { catalogueHandoff, intakeHandoffs } from '../../src/features/archive/intake.ts';
import { listLoans } from '../../src/features/archive/loans.ts';
import { ARCHIVE_PAGE_SIZE, searchEntries } from '../../src/features/archive/search.ts';
import { instanceFromRow } from '../../src/features/workflow/instance-row.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { exampleBotServiceAt, loadExampleOrg, manualClock } from '../support/workflow.ts';

// The archive catalog on the database: search equals substring match (property test over a
// generated corpus), clearance filtering without revealing hidden entries, 档号 assignment through
// number_counter, CSV import with bad rows, fixity checks, and hand-off intake once under a race.

const ARCHIVIST = 'feng-xiaoyu';
const clock = manualClock('2026-11-23T01:30:00Z');
const top: ArchiveViewer = { personId: 'zhang-jianguo', clearance: 'top_secret' };

describe.each(databaseKinds)('the archive catalog on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
  }, 60_000);
  afterAll(async () => {
    await t?.cleanup();
  });

  const csv = (text: string) => Readable.from([text]);
  const importText = async (text: string, onRejected?: (r: RejectedRow) => void) =>
    importArchiveCsv({ prisma: t.db.prisma, now: clock.now() }, csv(text), {
      actorId: ARCHIVIST,
      batchRows: 7,
      ...(onRejected ? { onRejected } : {}),
    });

  /** Every page of a search, concatenated. */
  async function allPages(
    text: string,
    viewer: ArchiveViewer,
    tuning: { probeRows?: number } = {},
  ): Promise<ArchiveEntry[]> {
    const parsed = parseArchiveQuery(text);
    if (!parsed.ok) throw new Error(`bad query ${text}`);
    const out: ArchiveEntry[] = [];
    for (let page = 0; ; page++) {
      const result = await searchEntries(t.db.prisma, parsed.query, viewer, page, tuning);
      if (tuning.probeRows === 0 && result.entries.length > 0) expect(result.plan).toBe('index');
      expect(result.entries.length).toBeLessThanOrEqual(ARCHIVE_PAGE_SIZE);
      out.push(...result.entries);
      if (!result.hasMore) return out;
    }
  }

  it('finds by search exactly the entries whose title or 文号 contains every word (property)', async () => {
    // A tiny alphabet makes many matches, many bigram false positives ("甲乙" and "乙丙" apart)
    // and full-width / spaced spellings.
    const alphabet = ['甲', '乙', '丙', '丁', '安', '全', 'Ａ', 'a', '1', ' ', '〔', '〕'];
    const title = fc
      .array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 8 })
      .map((c) => c.join(''));
    const rows = fc.sample(fc.tuple(title, fc.integer({ min: 1990, max: 2026 }), fc.boolean()), {
      numRuns: 240,
      seed: 42,
    });
    const lines = rows.map(([text, year, withNumber], i) => {
      const no = `P-${year}-${String(i).padStart(4, '0')}`;
      const title = text.trim() === '' ? `空${i}` : text.replaceAll(',', '');
      return `${no},${title},${withNumber ? `示水发〔${year}〕${i % 7}号` : ''},${year},文书,永久,${i % 3 === 0 ? '内部' : '公开'}`;
    });
    const result = await importText(`档号,题名,文号,年度,类别,保管期限,密级\n${lines.join('\n')}\n`);
    expect(result.rejected).toBe(0);
    const corpus = await t.db.prisma.archiveEntry.findMany({ where: { archiveNo: { startsWith: 'P-' } } });
    const viewer: ArchiveViewer = { personId: 'tang-ning', clearance: 'public' };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...alphabet.filter((c) => c !== ' ')), { minLength: 1, maxLength: 4 }),
        async (chars) => {
          const word = chars.join('');
          const parsed = parseArchiveQuery(word);
          if (!parsed.ok) return;
          const found = await allPages(word, viewer);
          const expected = corpus
            .filter((e) => isClearedFor(viewer.clearance, e.secrecy as SecrecyLevel))
            .filter((e) => matchesWords(e, parsed.query.words));
          const onlyOurs = found.filter((e) => e.archiveNo.startsWith('P-'));
          expect(new Set(onlyOurs.map((e) => e.id))).toEqual(new Set(expected.map((e) => e.id)));
          expect(onlyOurs.length).toBe(expected.length);
          // The index path (year windows, the rarest terms only) gives the same list in the same
          // order as the probe: newest first across the windows' boundaries.
          const byIndex = await allPages(word, viewer, { probeRows: 0 });
          expect(byIndex.map((e) => e.id)).toEqual(found.map((e) => e.id));
          // And with a year filter, which the windows must respect.
          const ranged = await allPages(`${word} year:2000-2020`, viewer, { probeRows: 0 });
          expect(new Set(ranged.filter((e) => e.archiveNo.startsWith('P-')).map((e) => e.id))).toEqual(
            new Set(expected.filter((e) => e.year >= 2000 && e.year <= 2020).map((e) => e.id)),
          );
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  }, 120_000);

  it('ranks an exact 文号 first, then newest, and finds 〔2026〕 numbers typed with [ ]', async () => {
    const a = await createEntry(
      { prisma: t.db.prisma, now: clock.now() },
      {
        title: '关于排序测试工作的通知',
        docNumber: '排序办发〔2024〕12号',
        year: 2024,
        category: '文书',
        retention: 'permanent',
        secrecy: 'public',
        source: 'manual',
        createdById: ARCHIVIST,
      },
    );
    const b = await createEntry(
      { prisma: t.db.prisma, now: clock.now() },
      {
        title: '关于排序测试的补充通知 排序办发〔2024〕12号之一',
        docNumber: '排序办发〔2025〕3号',
        year: 2025,
        category: '文书',
        retention: 'permanent',
        secrecy: 'public',
        source: 'manual',
        createdById: ARCHIVIST,
      },
    );
    const byNumber = await allPages('排序办发[2024]12号', top);
    expect(byNumber.map((e) => e.id)).toEqual([a.id, b.id]);
    const byWord = await allPages('排序测试', top);
    expect(byWord.map((e) => e.id)).toEqual([b.id, a.id]);
    const filtered = await allPages('排序测试 year:2024 category:文书', top);
    expect(filtered.map((e) => e.id)).toEqual([a.id]);
    expect((await allPages('排序测试 年:2024', top)).map((e) => e.id)).toEqual([a.id]);
  });

  it('shows each viewer only entries their clearance allows; classified ones are found by number only', async () => {
    await importText(
      '档号,题名,文号,年度,类别,保管期限,密级\n' +
        'C-1,密级测试公开件,密测〔2020〕1号,2020,文书,永久,公开\n' +
        'C-2,密级测试内部件,密测〔2020〕2号,2020,文书,永久,内部\n' +
        'C-3,,密测〔2020〕3号,2020,文书,永久,秘密\n' +
        'C-4,,密测〔2020〕4号,2020,文书,永久,绝密\n',
    );
    const nos = async (q: string, clearance: SecrecyLevel) =>
      (await allPages(q, { personId: 'x', clearance })).map((e) => e.archiveNo).sort();
    expect(await nos('密测', 'public')).toEqual(['C-1']);
    expect(await nos('密测', 'internal')).toEqual(['C-1', 'C-2']);
    expect(await nos('密测', 'secret')).toEqual(['C-1', 'C-2', 'C-3']);
    expect(await nos('密测', 'top_secret')).toEqual(['C-1', 'C-2', 'C-3', 'C-4']);
    // Classified entries have no title to find.
    expect(await nos('密级测试', 'top_secret')).toEqual(['C-1', 'C-2']);
    const hidden = await t.db.prisma.archiveEntry.findUniqueOrThrow({ where: { archiveNo: 'C-4' } });
    await expect(
      getEntry(t.db.prisma, hidden.id, { personId: 'x', clearance: 'secret' }),
    ).rejects.toMatchObject({
      code: 'archive_entry_not_found',
    });
    await expect(
      getEntry(t.db.prisma, '00000000-0000-0000-0000-000000000000', { personId: 'x', clearance: 'secret' }),
    ).rejects.toMatchObject({ code: 'archive_entry_not_found' });
    expect((await getEntry(t.db.prisma, hidden.id, top)).archiveNo).toBe('C-4');
  });

  it('assigns 档号 by the rule through number_counter, without gaps or duplicates under concurrency', async () => {
    const make = () =>
      createEntry(
        { prisma: t.db.prisma, now: clock.now() },
        {
          title: '档号分配测试',
          docNumber: null,
          year: 1998,
          category: '会计',
          retention: '30y',
          secrecy: 'internal',
          source: 'manual',
          createdById: ARCHIVIST,
        },
      );
    const made = await Promise.all([make(), make(), make(), make()]);
    expect(made.map((e) => e.archiveNo).sort()).toEqual([
      'X001-1998-D30-KJ-0001',
      'X001-1998-D30-KJ-0002',
      'X001-1998-D30-KJ-0003',
      'X001-1998-D30-KJ-0004',
    ]);
    const counter = await t.db.prisma.numberCounter.findUniqueOrThrow({
      where: { series_year: { series: 'archive:x001-d30-kj', year: 1998 } },
    });
    expect(counter.lastSeq).toBe(4);
    await expect(
      createEntry(
        { prisma: t.db.prisma, now: clock.now() },
        {
          title: 'x',
          docNumber: null,
          year: 1998,
          category: '会计',
          retention: '30y',
          secrecy: 'internal',
          source: 'manual',
          createdById: 'xu-hui',
        },
      ),
    ).rejects.toMatchObject({ code: 'archive_not_archivist' });
    await expect(
      createEntry(
        { prisma: t.db.prisma, now: clock.now() },
        {
          title: '不该有题名',
          docNumber: '密〔2020〕9号',
          year: 2020,
          category: '文书',
          retention: '30y',
          secrecy: 'secret',
          source: 'manual',
          createdById: ARCHIVIST,
        },
      ),
    ).rejects.toMatchObject({ code: 'archive_invalid' });
  });

  it('imports a CSV: bad rows are reported with their line numbers, the good ones load', async () => {
    const rejected: RejectedRow[] = [];
    const result = await importText(
      [
        '\uFEFF档号,题名,文号,年度,类别,保管期限,密级,页数',
        'I-1,导入测试一,,2019,文书,永久,公开,3',
        'I-2,导入测试二,,19年,文书,永久,公开,3',
        'I-3,导入测试三,,2019,文书,一百年,公开,3',
        'I-1,导入测试重复档号,,2019,文书,永久,公开,3',
        ',导入测试自动档号,,2019,文书,定期10年,内部,',
        'I-5,导入测试有题名的秘密件,,2019,文书,永久,秘密,',
        'I-7,导入测试七,,2019,文书,永久,公开,x',
        'I-8,导入测试八,,2019,文书,永久,公开,',
        // An unclosed quote runs to the end of the file: it is the last row here.
        '"I-6,未闭合引号',
      ].join('\n'),
      (r) => rejected.push(r),
    );
    expect(result.loaded).toBe(3);
    expect(rejected.map((r) => r.line).sort((a, b) => a - b)).toEqual([3, 4, 5, 7, 8, 10]);
    expect(rejected.find((r) => r.line === 10)?.problem).toMatch(/Quote/);
    expect(rejected.find((r) => r.line === 3)?.problem).toMatch(/年度/);
    expect(rejected.find((r) => r.line === 5)?.problem).toMatch(/exists already/);
    const auto = await t.db.prisma.archiveEntry.findFirstOrThrow({ where: { title: '导入测试自动档号' } });
    expect(auto.archiveNo).toBe('X001-2019-D10-WS-0001');
    expect((await allPages('导入测试', top)).map((e) => e.archiveNo).sort()).toEqual([
      'I-1',
      'I-8',
      'X001-2019-D10-WS-0001',
    ]);
    await expect(importText('题名,年度\n一,2020\n')).rejects.toMatchObject({ code: 'archive_import_header' });
  });

  it('checks fixity on retrieval and in verify; a mismatch is recorded and reported, never accepted', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'archive-fixity-'));
    try {
      await writeFile(path.join(dir, 'good.pdf'), 'original');
      const digest = createHash('sha256').update('original').digest('hex');
      const entry = await createEntry(
        { prisma: t.db.prisma, now: clock.now() },
        {
          title: '电子文件校验测试',
          docNumber: null,
          year: 2022,
          category: '电子',
          retention: 'permanent',
          secrecy: 'public',
          fileRef: 'good.pdf',
          fileSha256: digest,
          source: 'manual',
          createdById: ARCHIVIST,
        },
      );
      const deps = { prisma: t.db.prisma, clock, filesDir: dir };
      const got = await retrieveEntryFile(deps, entry.id, top);
      expect(got.file).toBe(path.join(dir, 'good.pdf'));
      await writeFile(path.join(dir, 'good.pdf'), 'tampered');
      await expect(retrieveEntryFile(deps, entry.id, top)).rejects.toMatchObject({
        code: 'archive_fixity_failed',
      });
      const verify = await verifyAllFixity(deps);
      expect(verify.failed.map((f) => f.archiveNo)).toContain(entry.archiveNo);
      const checks = await t.db.prisma.archiveFixityCheck.findMany({
        where: { entryId: entry.id },
        orderBy: { id: 'asc' },
      });
      expect(checks.map((c) => [c.trigger, c.ok])).toEqual([
        ['retrieval', true],
        ['retrieval', false],
        ['verify', false],
      ]);
      expect(checks[1]?.actual).toBe(createHash('sha256').update('tampered').digest('hex'));
      const missing = await checkFixity(deps, { ...entry, fileRef: 'gone.pdf' }, 'verify');
      expect(missing).toMatchObject({ ok: false, actual: null });
      await expect(
        checkFixity(deps, { ...entry, fileRef: '../etc/passwd' }, 'verify'),
      ).resolves.toMatchObject({
        ok: false,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stores the default 档号 rule when the organisation file has no archive: section', async () => {
    const unit = await t.db.prisma.unitSetting.findUniqueOrThrow({ where: { id: 'unit' } });
    expect(unit.archive).toMatchObject({
      fonds: 'X001',
      pattern: '{fonds}-{year}-{retention}-{category}-{seq:4}',
    });
  });

  it('seeds the demo archive: a few hundred entries, a 秘密 one by number, an electronic one that verifies, loans in three stages', async () => {
    const demo = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'archive-demo-'));
    try {
      await loadExampleOrg(demo);
      const serviceAt = await exampleBotServiceAt(demo);
      const seed = () =>
        seedArchiveDemo({
          db: demo.db,
          now: clock.now(),
          filesDir: dir,
          workspaceId: 'T0DEMO',
          timeZone: 'Asia/Shanghai',
          serviceAt,
        });
      expect(await seed()).toEqual({ entries: DEMO_ARCHIVE_ROWS + 2, loans: DEMO_LOANS.length });
      const instances = await demo.db.prisma.workflowInstance.count();
      expect(await seed()).toEqual({ entries: 0, loans: 0 });
      expect(await demo.db.prisma.workflowInstance.count()).toBe(instances);
      expect(await demo.db.prisma.archiveLoan.count()).toBe(DEMO_LOANS.length);
      const secret = await demo.db.prisma.archiveEntry.findFirstOrThrow({
        where: { docNumber: DEMO_SECRET_DOC_NUMBER },
      });
      expect(secret).toMatchObject({ secrecy: 'secret', title: null });
      const verified = await verifyAllFixity({ prisma: demo.db.prisma, clock, filesDir: dir });
      expect(verified).toEqual({ checked: 1, failed: [] });

      // The archivist's `/archive loans`: one overdue, one due within three days, lent by her.
      const now = clock.now();
      const list = await listLoans(demo.db.prisma, ARCHIVIST, now);
      expect(list.overdue.map((r) => r.borrowerId)).toEqual(['gao-yan']);
      expect(list.dueSoon.map((r) => r.borrowerId)).toEqual(['xu-hui']);
      // 徐慧 borrowed the electronic record: its lending queued her file (checked when delivered).
      const electronic = await demo.db.prisma.archiveEntry.findFirstOrThrow({
        where: { fileRef: DEMO_ELECTRONIC_FILE.fileRef },
      });
      expect(
        await demo.db.prisma.archiveLoan.findFirstOrThrow({ where: { borrowerId: 'xu-hui' } }),
      ).toMatchObject({
        entryId: electronic.id,
        status: 'lent',
      });
      const files = await demo.db.prisma.outboxMessage.findMany({ where: { kind: ARCHIVE_FILE_KIND } });
      expect(files.map((f) => f.payload)).toEqual([
        expect.objectContaining({ entryId: electronic.id, personId: 'xu-hui' }),
      ]);
      expect([...list.overdue, ...list.dueSoon].every((r) => r.atReturn)).toBe(true);
      const lent = await demo.db.prisma.archiveLoan.findMany({ where: { status: 'lent' } });
      expect(lent.map((l) => l.lentById)).toEqual(['feng-xiaoyu', 'feng-xiaoyu']);
      // The third waits on 唐宁's department head (林峰), as a request made from the form would.
      const asked = await demo.db.prisma.archiveLoan.findFirstOrThrow({ where: { status: 'requested' } });
      expect(asked).toMatchObject({ borrowerId: 'tang-ning', days: 3 });
      const row = await demo.db.prisma.workflowInstance.findUniqueOrThrow({
        where: { id: asked.instanceId },
      });
      expect(waitingOn(instanceFromRow(row))).toEqual(['lin-feng']);
    } finally {
      await demo.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    // The first working day after the 2026 Spring Festival (15–23 February off): still overdue.
    ['2026-02-24T02:00:00Z', null],
    // The Friday before it: due on the Saturday worked instead (调休), the last working day in three.
    ['2026-02-13T02:00:00Z', '2026-02-14'],
  ])(
    'seeds the demo loans on the unit calendar around 春节 (now %s)',
    async (at, dueDay) => {
      const demo = await createTestDatabase(kind);
      try {
        await loadExampleOrg(demo);
        const now = new Date(at);
        await seedArchiveDemo({
          db: demo.db,
          now,
          workspaceId: null,
          timeZone: 'Asia/Shanghai',
          serviceAt: await exampleBotServiceAt(demo),
        });
        const list = await listLoans(demo.db.prisma, ARCHIVIST, now);
        expect(list.overdue.map((r) => r.borrowerId)).toEqual(['gao-yan']);
        expect([...list.dueSoon, ...list.out].map((r) => r.borrowerId)).toEqual(['xu-hui']);
        const due = list.dueSoon[0]?.dueAt ?? list.out[0]?.dueAt;
        expect(due?.getTime()).toBeGreaterThan(now.getTime());
        if (dueDay) {
          expect(list.dueSoon).toHaveLength(1);
          expect(
            DateTime.fromJSDate(due as Date)
              .setZone('Asia/Shanghai')
              .toISODate(),
          ).toBe(dueDay);
        }
      } finally {
        await demo.cleanup();
      }
    },
    60_000,
  );

  it('catalogues a pending hand-off once, even when two intakes race', async () => {
    const handoff = await createHandoff(t);
    const [one, two] = await Promise.all([
      catalogueHandoff({ prisma: t.db.prisma, clock }, handoff, ARCHIVIST),
      catalogueHandoff({ prisma: t.db.prisma, clock }, handoff, ARCHIVIST),
    ]);
    expect([one, two].filter((e) => e !== null)).toHaveLength(1);
    const entries = await t.db.prisma.archiveEntry.findMany({ where: { handoffId: handoff } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      source: 'handoff',
      category: '文书',
      docNumber: '示水办发〔2026〕88号',
    });
    const row = await t.db.prisma.archiveHandoff.findUniqueOrThrow({ where: { id: handoff } });
    expect(row).toMatchObject({ status: 'catalogued', catalogEntryId: entries[0]?.id });
    const again = await intakeHandoffs({ prisma: t.db.prisma, clock }, { actorId: ARCHIVIST });
    expect(again.catalogued.map((e) => e.handoffId)).not.toContain(handoff);
    await expect(intakeHandoffs({ prisma: t.db.prisma, clock }, { actorId: 'xu-hui' })).rejects.toMatchObject(
      {
        code: 'archive_not_archivist',
      },
    );
  });
});

/** A pending hand-off of a finished document (as the documents feature writes it). */
async function createHandoff(t: TestDatabase): Promise<string> {
  const now = new Date('2026-11-20T02:00:00Z');
  const { id: instanceId } = await t.db.prisma.workflowInstance.create({
    data: {
      definitionId: 'outgoing-down',
      definitionVersion: 1,
      requesterId: 'xu-hui',
      title: '关于移交测试的通知',
      secrecy: 'internal',
      urgency: 'normal',
      status: 'approved',
      version: 9,
      state: {},
      createdAt: now,
      updatedAt: now,
    },
  });
  const row = await t.db.prisma.archiveHandoff.create({
    data: {
      instanceId,
      kind: 'outgoing',
      docNumber: '示水办发〔2026〕88号',
      title: '关于移交测试的通知',
      year: 2026,
      departmentId: null,
      retention: '30y',
      secrecy: 'internal',
      materials: {},
      countersign: [],
      handedById: 'zhou-jing',
      handedAt: new Date('2026-11-20T02:00:00Z'),
    },
  });
  return row.id;
}
