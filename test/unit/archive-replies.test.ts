import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildArchiveAddModal, buildArchiveResults } from '../../src/chat/slack/archive/blocks.ts';
import {
  buildAppraisalMessage,
  buildDestroyModal,
  buildLoanListMessage,
  buildLoanRequestModal,
} from '../../src/chat/slack/archive/loan-blocks.ts';
import { bold, tMrkdwn } from '../../src/chat/slack/blocks/mrkdwn.ts';
import { parseArchiveQuery } from '../../src/domain/archive/query.ts';
import type { ArchiveEntry } from '../../src/features/archive/catalog.ts';
import type { LoanList, LoanListRow } from '../../src/features/archive/loans.ts';
import { appraisalLines, type ExpiredEntry } from '../../src/features/archive/retention.ts';
import { type Locale, t } from '../../src/shared/i18n.ts';

// Today's Slack answers of /archive, recorded once from the Slack builders as JSON fixtures
// (UPDATE_FIXTURES=1 writes them): the neutral replies drawn by the Slack renderer must give the
// same messages and modals, byte for byte.

const DIR = path.join(import.meta.dirname, 'fixtures', 'archive-replies');
const LOCALES: Locale[] = ['zh', 'en'];

function entry(i: number, over: Partial<ArchiveEntry> = {}): ArchiveEntry {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    archiveNo: `WS·2025·Y·${String(i).padStart(4, '0')}`,
    title: `关于第${i}件的通知`,
    docNumber: `办发〔2025〕${i}号`,
    year: 2025,
    category: '文书',
    departmentId: null,
    departmentName: null,
    retention: '30y',
    secrecy: 'internal',
    pages: 3,
    location: `1号库房-${i}排`,
    fileRef: null,
    fileSha256: null,
    source: 'manual',
    status: 'kept',
    handoffId: null,
    createdById: 'feng-xiaoyu',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    destroyedAt: null,
    ...over,
  };
}

const odd = entry(1, {
  title: '<!channel> & *粗体* <https://evil|点我>',
  docNumber: 'A&B<1>',
  category: '文书&<>',
  location: '*库房* <b>',
  fileRef: 'files/x.pdf',
});
const classified = entry(2, { title: '不应出现', secrecy: 'secret', retention: 'permanent', location: null });
const destroyed = entry(3, { status: 'destroyed', docNumber: null, retention: '10y' });
const tenEntries = Array.from({ length: 10 }, (_, i) => entry(i + 10));

function row(i: number, over: Partial<LoanListRow> = {}): LoanListRow {
  return {
    instanceId: `11111111-0000-4000-8000-${String(i).padStart(12, '0')}`,
    version: i,
    archiveNo: `WS·2025·Y·${String(i).padStart(4, '0')}`,
    title: `借阅第${i}件`,
    kind: 'borrow',
    status: 'lent',
    borrowerId: i % 2 === 0 ? 'odd' : 'gao-yan',
    outsideUnit: null,
    lentAt: new Date('2026-11-01T02:00:00Z'),
    dueAt: new Date('2026-11-20T02:00:00Z'),
    atReturn: true,
    ...over,
  };
}
const names: Record<string, string> = { odd: '<@U1> & *张三*', 'gao-yan': '高岩' };
const nameOf = (id: string) => names[id] ?? id;

const archivistList: LoanList = {
  asArchivist: true,
  overdue: Array.from({ length: 14 }, (_, i) =>
    row(i, i === 0 ? { title: '<a&b> *x*', outsideUnit: '外单位<&>' } : {}),
  ),
  dueSoon: [row(20, { atReturn: false }), row(21, { title: null })],
  out: [row(30, { dueAt: null })],
  mine: [],
};
const mineList: LoanList = {
  asArchivist: false,
  overdue: [],
  dueSoon: [],
  out: [],
  mine: [
    row(40),
    row(41, { kind: 'copy', status: 'copied', dueAt: null }),
    row(42, { status: 'requested', title: '<申请> & *中*' }),
    row(43, { status: 'refused', title: null }),
  ],
};
const emptyList = (asArchivist: boolean): LoanList => ({
  asArchivist,
  overdue: [],
  dueSoon: [],
  out: [],
  mine: [],
});

const expired: ExpiredEntry[] = [
  {
    id: 'e1',
    archiveNo: 'WS·1990·Y·0001',
    title: '<旧> & *文*',
    year: 1990,
    retention: '30y',
    secrecy: 'internal',
  },
  { id: 'e2', archiveNo: 'WS·2010·D·0002', title: null, year: 2010, retention: '10y', secrecy: 'secret' },
];

/** `/archive help` as today's listener answers it (its text in the acknowledgement). */
function oldHelp(locale: Locale) {
  return { text: t(locale, 'archive.help', { title: bold(t(locale, 'archive.help.title')) }) };
}

/** `/archive intake` as today's listener answers it. */
function oldIntake(
  locale: Locale,
  catalogued: Array<{ archiveNo: string; docNumber: string | null }>,
  skipped: number,
) {
  const lines: string[] = [];
  if (catalogued.length === 0) lines.push(t(locale, 'archive.intake.none'));
  else
    lines.push(
      tMrkdwn(locale, 'archive.intake.done', {
        count: catalogued.length,
        numbers: catalogued.map((e) => `${e.archiveNo}（${e.docNumber ?? ''}）`).join('、'),
      }),
    );
  if (skipped > 0) lines.push(t(locale, 'archive.intake.skipped', { count: skipped }));
  return { text: lines.join('\n') };
}

/** A refused query as today's listener answers it. */
function oldQueryError(locale: Locale, text: string) {
  const parsed = parseArchiveQuery(text);
  if (parsed.ok) throw new Error(`${text} parses`);
  return { text: t(locale, `archive.query.${parsed.error.problem}`, { value: parsed.error.value }) };
}

/** A message as the ephemeral answer carries it (today: blocks only when there are some). */
const message = (m: { text: string; blocks: unknown[] }) => (m.blocks.length > 0 ? m : { text: m.text });

const longQuery = `${'档案<&>*'.repeat(30)}`;

const cases: Record<string, (locale: Locale) => unknown> = {
  help: (locale) => oldHelp(locale),
  'results-page0-more': (locale) =>
    message(
      buildArchiveResults({
        locale,
        queryText: '安全 <&> *x*',
        page: 0,
        entries: [odd, classified, destroyed, ...tenEntries.slice(0, 7)],
        hasMore: true,
      }),
    ),
  'results-page2-last': (locale) =>
    message(
      buildArchiveResults({
        locale,
        queryText: longQuery,
        page: 2,
        entries: tenEntries.slice(0, 3),
        hasMore: false,
      }),
    ),
  'results-none': (locale) =>
    message(buildArchiveResults({ locale, queryText: '<无> & *有*', page: 0, entries: [], hasMore: false })),
  'results-later-page-empty': (locale) =>
    message(buildArchiveResults({ locale, queryText: '空页', page: 1, entries: [], hasMore: false })),
  'query-bad-year': (locale) => oldQueryError(locale, '安全 year:二〇二五'),
  'query-empty-filter': (locale) => oldQueryError(locale, 'category:'),
  'intake-done': (locale) =>
    oldIntake(
      locale,
      [
        { archiveNo: 'WS·2026·Y·0001', docNumber: '办发〔2026〕<1>&号' },
        { archiveNo: 'WS·2026·Y·0002', docNumber: null },
      ],
      2,
    ),
  'intake-none': (locale) => oldIntake(locale, [], 0),
  'intake-none-skipped': (locale) => oldIntake(locale, [], 1),
  'loans-archivist': (locale) =>
    message(buildLoanListMessage({ locale, list: archivistList, timeZone: 'Asia/Shanghai', nameOf })),
  'loans-archivist-empty': (locale) =>
    message(buildLoanListMessage({ locale, list: emptyList(true), timeZone: 'Asia/Shanghai', nameOf })),
  'loans-mine': (locale) =>
    message(buildLoanListMessage({ locale, list: mineList, timeZone: 'Asia/Shanghai', nameOf })),
  'loans-mine-empty': (locale) =>
    message(buildLoanListMessage({ locale, list: emptyList(false), timeZone: 'Asia/Shanghai', nameOf })),
  'appraisal-propose': (locale) =>
    message(
      buildAppraisalMessage({
        locale,
        quarter: '2026-Q4',
        total: 5,
        entries: expired,
        lines: appraisalLines(expired, 5, locale),
        canPropose: true,
      }),
    ),
  'appraisal-view-only': (locale) =>
    message(
      buildAppraisalMessage({
        locale,
        quarter: '2026-Q4',
        total: 2,
        entries: expired,
        lines: appraisalLines(expired, 2, locale),
        canPropose: false,
      }),
    ),
  'appraisal-empty': (locale) =>
    message(
      buildAppraisalMessage({
        locale,
        quarter: '2026-Q4',
        total: 0,
        entries: [],
        lines: '',
        canPropose: true,
      }),
    ),
  'appraisal-forbidden': (locale) => ({ text: t(locale, 'archive.appraisal.forbidden') }),
  'modal-add': (locale) => buildArchiveAddModal({ locale, categories: ['文书', '会计<&>'], year: 2026 }),
  'modal-loan': (locale) =>
    buildLoanRequestModal({
      locale,
      entryId: odd.id,
      entry: { id: odd.id, archiveNo: odd.archiveNo, title: '<标题> & *x*' },
    }),
  'modal-loan-classified': (locale) =>
    buildLoanRequestModal({
      locale,
      entryId: classified.id,
      entry: { id: classified.id, archiveNo: classified.archiveNo, title: null },
    }),
  'modal-destroy': (locale) => buildDestroyModal({ locale, quarter: '2026-Q4' }),
};

describe('/archive answers on Slack are those recorded from the Slack builders', () => {
  for (const [name, build] of Object.entries(cases)) {
    for (const locale of LOCALES) {
      it(`${name} (${locale})`, () => {
        const file = path.join(DIR, `${name}.${locale}.json`);
        const actual = JSON.parse(JSON.stringify(build(locale)));
        if (process.env.UPDATE_FIXTURES === '1' || !existsSync(file)) {
          if (process.env.UPDATE_FIXTURES !== '1')
            throw new Error(`no fixture ${file}: record it with UPDATE_FIXTURES=1`);
          writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
        }
        expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
      });
    }
  }
});
