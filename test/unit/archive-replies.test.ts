import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandAnswer, CommandContext } from '../../src/chat/core/commands.ts';
import type { Reply } from '../../src/chat/core/reply.ts';
import { escapeMrkdwn } from '../../src/chat/slack/blocks/mrkdwn.ts';
import { SLACK_FORM_BINDINGS } from '../../src/chat/slack/form-bindings.ts';
import { renderSlackModal } from '../../src/chat/slack/form-view.ts';
import { ACTION_IDS } from '../../src/chat/slack/ids.ts';
import { renderReply } from '../../src/chat/slack/reply-blocks.ts';
import { parseArchiveQuery } from '../../src/domain/archive/query.ts';
import { ARCHIVE_ACTIONS } from '../../src/features/archive/archive-actions.ts';
import { archiveButtons, archiveCommands } from '../../src/features/archive/archive-commands.ts';
import {
  archiveHelpReply,
  archiveIntakeReply,
  archiveQueryErrorReply,
  archiveResultsReply,
} from '../../src/features/archive/archive-replies.ts';
import type { ArchiveEntry } from '../../src/features/archive/catalog.ts';
import { appraisalReply, loanListReply } from '../../src/features/archive/loan-replies.ts';
import type { LoanList, LoanListRow } from '../../src/features/archive/loans.ts';
import { appraisalLines, type ExpiredEntry } from '../../src/features/archive/retention.ts';
import { type Locale, t } from '../../src/shared/i18n.ts';

// The answers of /archive on Slack, recorded once from the Slack builders they had as JSON
// fixtures (UPDATE_FIXTURES=1 writes them again): the neutral replies drawn by the Slack renderer,
// and the forms the handlers answer drawn through their Slack bindings, give the same messages
// and modals, byte for byte. One deliberate difference (DELIBERATE_ESCAPE): a message's text that
// was sent raw is now escaped as every text is — the help's `/archive <关键词>` and the empty
// loan list's `<词>` (Slack read them as links and dropped them), and the fallback text of the
// loan list and the appraisal (names and titles typed by people reached the notification raw).

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

/** A reply as the ephemeral answer carries it (blocks only when there are some). */
const message = (reply: Reply) => renderReply(reply);

function queryError(locale: Locale, text: string) {
  const parsed = parseArchiveQuery(text);
  if (parsed.ok) throw new Error(`${text} parses`);
  return message(archiveQueryErrorReply(locale, parsed.error.problem, parsed.error.value));
}

function intake(
  locale: Locale,
  catalogued: Array<{ archiveNo: string; docNumber: string | null }>,
  skipped: number,
) {
  const entries = catalogued.map((c, i) => entry(i, c));
  return message(archiveIntakeReply(locale, { catalogued: entries, skipped }));
}

const context = (locale: Locale): CommandContext => ({
  workspaceId: 'T1',
  actor: { personId: 'feng-xiaoyu', locale },
  locale,
  dedupeKey: 'k',
  log: { info() {}, warn() {}, error() {}, debug() {} } as never,
});

/** The form handlers answer with, drawn as the Slack modal its binding says. */
function modal(answer: CommandAnswer, locale: Locale) {
  if (answer.kind !== 'form') throw new Error(`not a form: ${answer.kind}`);
  const binding = SLACK_FORM_BINDINGS.get(answer.form.formId);
  if (!binding) throw new Error(`no binding for ${answer.form.formId}`);
  return renderSlackModal(answer.form.spec, binding(answer.form.params), locale);
}

const fakeDeps = (title: string | null, entryId: string) =>
  ({
    catalog: {
      categories: async () => ['文书', '会计<&>'],
      thisYear: () => 2026,
    },
    loans: {
      entryForForm: async (_p: string, id: string) => ({
        id,
        archiveNo: id === entryId ? 'WS·2025·Y·0001' : 'WS·2025·Y·0002',
        title,
        destroyed: false,
      }),
    },
  }) as never;

const longQuery = `${'档案<&>*'.repeat(30)}`;

function borrow(deps: never, entryId: string, locale: Locale) {
  const button = archiveButtons(deps).find((b) => b.action === 'archive_borrow');
  return (button as NonNullable<typeof button>).press(JSON.stringify({ entryId }), context(locale));
}

/** Cases whose text was sent raw and is now escaped (see the top). */
const DELIBERATE_ESCAPE = new Set([
  'help',
  'loans-archivist',
  'loans-mine',
  'loans-mine-empty',
  'appraisal-propose',
  'appraisal-view-only',
]);

const cases: Record<string, (locale: Locale) => unknown> = {
  help: (locale) => message(archiveHelpReply(locale)),
  'results-page0-more': (locale) =>
    message(
      archiveResultsReply({
        locale,
        queryText: '安全 <&> *x*',
        page: 0,
        entries: [odd, classified, destroyed, ...tenEntries.slice(0, 7)],
        hasMore: true,
      }),
    ),
  'results-page2-last': (locale) =>
    message(
      archiveResultsReply({
        locale,
        queryText: longQuery,
        page: 2,
        entries: tenEntries.slice(0, 3),
        hasMore: false,
      }),
    ),
  'results-none': (locale) =>
    message(archiveResultsReply({ locale, queryText: '<无> & *有*', page: 0, entries: [], hasMore: false })),
  'results-later-page-empty': (locale) =>
    message(archiveResultsReply({ locale, queryText: '空页', page: 1, entries: [], hasMore: false })),
  'query-bad-year': (locale) => queryError(locale, '安全 year:二〇二五'),
  'query-empty-filter': (locale) => queryError(locale, 'category:'),
  'intake-done': (locale) =>
    intake(
      locale,
      [
        { archiveNo: 'WS·2026·Y·0001', docNumber: '办发〔2026〕<1>&号' },
        { archiveNo: 'WS·2026·Y·0002', docNumber: null },
      ],
      2,
    ),
  'intake-none': (locale) => intake(locale, [], 0),
  'intake-none-skipped': (locale) => intake(locale, [], 1),
  'loans-archivist': (locale) =>
    message(loanListReply({ locale, list: archivistList, timeZone: 'Asia/Shanghai', nameOf })),
  'loans-archivist-empty': (locale) =>
    message(loanListReply({ locale, list: emptyList(true), timeZone: 'Asia/Shanghai', nameOf })),
  'loans-mine': (locale) =>
    message(loanListReply({ locale, list: mineList, timeZone: 'Asia/Shanghai', nameOf })),
  'loans-mine-empty': (locale) =>
    message(loanListReply({ locale, list: emptyList(false), timeZone: 'Asia/Shanghai', nameOf })),
  'appraisal-propose': (locale) =>
    message(
      appraisalReply({
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
      appraisalReply({
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
      appraisalReply({
        locale,
        quarter: '2026-Q4',
        total: 0,
        entries: [],
        lines: '',
        canPropose: true,
      }),
    ),
  'appraisal-forbidden': (locale) =>
    message({ text: [t(locale, 'archive.appraisal.forbidden')], blocks: [] }),
  'modal-add': async (locale) => {
    const add = archiveCommands(fakeDeps(null, odd.id)).find((h) => h.subcommands?.includes('add'));
    return modal(await (add as NonNullable<typeof add>).handle('', context(locale)), locale);
  },
  'modal-loan': async (locale) =>
    modal(await borrow(fakeDeps('<标题> & *x*', odd.id), odd.id, locale), locale),
  'modal-loan-classified': async (locale) =>
    modal(await borrow(fakeDeps(null, odd.id), classified.id, locale), locale),
  'modal-destroy': async (locale) => {
    const start = archiveButtons(fakeDeps(null, odd.id)).find((b) => b.action === 'archive_destroy_start');
    return modal(
      await (start as NonNullable<typeof start>).press('{"quarter":"2026-Q4"}', context(locale)),
      locale,
    );
  },
};

describe('/archive answers on Slack are those recorded from the Slack builders', () => {
  for (const [name, build] of Object.entries(cases)) {
    for (const locale of LOCALES) {
      it(`${name} (${locale})`, async () => {
        const file = path.join(DIR, `${name}.${locale}.json`);
        const actual = JSON.parse(JSON.stringify(await build(locale)));
        if (process.env.UPDATE_FIXTURES === '1' || !existsSync(file)) {
          if (process.env.UPDATE_FIXTURES !== '1')
            throw new Error(`no fixture ${file}: record it with UPDATE_FIXTURES=1`);
          writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
        }
        const recorded = JSON.parse(readFileSync(file, 'utf8'));
        if (DELIBERATE_ESCAPE.has(name)) {
          // The text had raw `<`, `&` or `>` in it: now escaped, the rest the same.
          expect(recorded.text).toMatch(/[<&>]/);
          recorded.text = escapeMrkdwn(recorded.text);
        }
        expect(actual).toStrictEqual(recorded);
      });
    }
  }
});

describe('the actions of /archive replies on Slack', () => {
  it('are the action_ids Slack routes on', () => {
    expect(ACTION_IDS.archiveMore).toBe(ARCHIVE_ACTIONS.more);
    expect(ACTION_IDS.archiveBorrow).toBe(ARCHIVE_ACTIONS.borrow);
    expect(ACTION_IDS.archiveDestroyStart).toBe(ARCHIVE_ACTIONS.destroyStart);
    expect(ACTION_IDS.archiveLoanReturn).toBe(ARCHIVE_ACTIONS.loanReturn);
  });
});
