// The answers of `/archive` for every platform: its help, a page of search results (档号 in bold,
// title — or 〔仅按编号登记〕 for classified entries — 文号, year, category, retention, secrecy,
// location; 借阅 per kept entry; 更多 for the next page), a refused query, and what `/archive
// intake` catalogued. Words are the catalog's; what people typed stays plain text, which each
// platform's renderer escapes for its own markup.

import {
  joinRich,
  type Reply,
  type ReplyBlock,
  type RichText,
  richT,
  strong,
  textReply,
  truncateText,
} from '../../chat/core/reply.ts';
import { ARCHIVE_RETENTIONS } from '../../domain/archive/archive-no.ts';
import { isClearedFor, SECRECY_LABELS_ZH } from '../../domain/org.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { ARCHIVE_ACTIONS } from './archive-actions.ts';
import type { ArchiveEntry } from './catalog.ts';
import type { IntakeResult } from './intake.ts';

export { ARCHIVE_ACTIONS } from './archive-actions.ts';

/** What the results' blocks are named after: `archive_results:<page>:<entry id>`. */
export const ARCHIVE_RESULTS_KEY = 'archive_results';

/** The value of a 更多 button: the query as typed and the page to show (0-based). */
export interface ArchiveMoreValue {
  q: string;
  p: number;
}

const SECRECY_EN: Record<string, string> = {
  public: 'Public',
  internal: 'Internal',
  secret: 'Secret',
  confidential: 'Confidential',
  top_secret: 'Top secret',
};

/** `/archive help` (and `/archive` alone): its title in bold, then the commands. */
export function archiveHelpReply(locale: Locale): Reply {
  return textReply(richT(locale, 'archive.help', { title: strong(t(locale, 'archive.help.title')) }));
}

/** A query the parser refused, in the words of its problem. */
export function archiveQueryErrorReply(
  locale: Locale,
  problem: 'bad_year' | 'empty' | 'too_long' | 'unknown_filter',
  value: string,
): Reply {
  return textReply(t(locale, `archive.query.${problem}`, { value }));
}

/** What `/archive intake` catalogued (or that nothing waited), and how many others took. */
export function archiveIntakeReply(locale: Locale, result: IntakeResult): Reply {
  const lines: RichText[] = [];
  if (result.catalogued.length === 0) lines.push(richT(locale, 'archive.intake.none'));
  else
    lines.push(
      richT(locale, 'archive.intake.done', {
        count: result.catalogued.length,
        numbers: result.catalogued.map((e) => `${e.archiveNo}（${e.docNumber ?? ''}）`).join('、'),
      }),
    );
  if (result.skipped > 0) lines.push(richT(locale, 'archive.intake.skipped', { count: result.skipped }));
  return textReply(joinRich(lines, '\n'));
}

/** The results' heading: what was searched for in bold, then the page. */
function resultsHeading(locale: Locale, query: string, page: number): RichText {
  return richT(locale, 'archive.results.heading', {
    title: strong(t(locale, 'archive.results.heading.title', { query })),
    page: page + 1,
  });
}

/** One result: its 档号 in bold and what the viewer may see of it. */
export function archiveResultLine(entry: ArchiveEntry, locale: Locale): RichText {
  const none = t(locale, 'archive.results.none_value');
  // Classified entries carry no content: never their title, even if one slipped into the row.
  const classified = isClearedFor(entry.secrecy, 'secret');
  const title = classified || !entry.title ? t(locale, 'archive.results.classified') : entry.title;
  const marks = [
    ...(entry.status === 'destroyed' ? [`〔${t(locale, 'archive.results.destroyed')}〕`] : []),
    ...(entry.fileRef ? [`〔${t(locale, 'archive.results.electronic')}〕`] : []),
  ].join('');
  return richT(locale, 'archive.results.line', {
    archiveNo: strong(entry.archiveNo),
    title: `${title}${marks ? ` ${marks}` : ''}`,
    docNumber: entry.docNumber ?? none,
    year: entry.year,
    category: entry.category,
    retention: (ARCHIVE_RETENTIONS as readonly string[]).includes(entry.retention)
      ? t(locale, `archive.retention.${entry.retention}`)
      : entry.retention,
    secrecy:
      locale === 'en' ? (SECRECY_EN[entry.secrecy] ?? entry.secrecy) : SECRECY_LABELS_ZH[entry.secrecy],
    location: entry.location ?? none,
  });
}

/**
 * A page of results: a heading, one section per entry with 借阅 (kept entries only), and 更多
 * when there is a next page. Ten entries use 12 blocks, well under the 50 a reply holds; a line
 * (a title of at most 500 characters and short fields) stays under a section's 3,000.
 */
export function archiveResultsReply(input: {
  locale: Locale;
  /** The query as typed (the 更多 button carries it to the next page). */
  queryText: string;
  page: number;
  entries: readonly ArchiveEntry[];
  hasMore: boolean;
}): Reply {
  const { locale, queryText, page } = input;
  const query = truncateText(queryText, 100);
  if (input.entries.length === 0 && page === 0) {
    return textReply(richT(locale, 'archive.results.none', { query }));
  }
  // Keys name the page and the entry, so a page drawn in place of another has parts of its own.
  const prefix = `${ARCHIVE_RESULTS_KEY}:${page}`;
  const blocks: ReplyBlock[] = [
    { kind: 'section', key: `${prefix}:h`, text: resultsHeading(locale, query, page) },
  ];
  for (const entry of input.entries) {
    blocks.push({
      kind: 'section',
      key: `${prefix}:${entry.id}`,
      text: archiveResultLine(entry, locale),
      ...(entry.status === 'kept'
        ? {
            button: {
              label: t(locale, 'archive.results.borrow'),
              action: ARCHIVE_ACTIONS.borrow,
              value: JSON.stringify({ entryId: entry.id }),
            },
          }
        : {}),
    });
  }
  if (input.hasMore) {
    const value: ArchiveMoreValue = { q: queryText, p: page + 1 };
    blocks.push({
      kind: 'buttons',
      key: `${prefix}:more`,
      buttons: [
        {
          label: t(locale, 'archive.results.more'),
          action: ARCHIVE_ACTIONS.more,
          value: JSON.stringify(value),
        },
      ],
    });
  }
  const text = joinRich(
    [
      resultsHeading(locale, query, page),
      ...input.entries.map((e) => [`${e.archiveNo} ${e.docNumber ?? ''}`.trim()]),
    ],
    '\n',
  );
  return { text, blocks };
}
