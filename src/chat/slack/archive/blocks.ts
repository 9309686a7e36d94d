// `/archive` messages and forms: a page of search results (档号, title — or 〔仅按编号登记〕 for
// classified entries — 文号, year, category, retention, secrecy, location; 借阅 per kept entry; 更多
// for the next page, which replaces the message), and the archivist's `/archive add` form.

import type { types } from '@slack/bolt';
import { ARCHIVE_RETENTIONS } from '../../../domain/archive/archive-no.ts';
import { isClearedFor, SECRECY_LABELS_ZH } from '../../../domain/org.ts';
import { ARCHIVE_ADD_FIELDS, archiveAddFormSpec } from '../../../features/archive/archive-add-form.ts';
import type { ArchiveEntry } from '../../../features/archive/catalog.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { truncateText } from '../blocks/limits.ts';
import { type Block, mrkdwn, plainText, type SlackMessage } from '../blocks/message.ts';
import { bold, escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { renderSlackModal, type SlackFormBinding } from '../form-view.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../ids.ts';

/** The value of a 更多 button: the query as text and the page to show (0-based). */
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

/** The results' heading: what was searched for in bold, then the page (`query` escaped already). */
function resultsHeading(locale: Locale, query: string, page: number): string {
  return t(locale, 'archive.results.heading', {
    title: bold(t(locale, 'archive.results.heading.title', { query })),
    page: page + 1,
  });
}

/** One result's text (mrkdwn, user text escaped). */
export function resultLine(entry: ArchiveEntry, locale: Locale): string {
  const none = t(locale, 'archive.results.none_value');
  const classified = isClearedFor(entry.secrecy, 'secret');
  // Classified entries carry no content: never their title, even if one slipped into the row.
  const title =
    classified || !entry.title ? t(locale, 'archive.results.classified') : escapeMrkdwn(entry.title);
  const marks = [
    ...(entry.status === 'destroyed' ? [`〔${t(locale, 'archive.results.destroyed')}〕`] : []),
    ...(entry.fileRef ? [`〔${t(locale, 'archive.results.electronic')}〕`] : []),
  ].join('');
  return t(locale, 'archive.results.line', {
    archiveNo: bold(escapeMrkdwn(entry.archiveNo)),
    title: `${title}${marks ? ` ${marks}` : ''}`,
    docNumber: entry.docNumber ? escapeMrkdwn(entry.docNumber) : none,
    year: entry.year,
    category: escapeMrkdwn(entry.category),
    retention: (ARCHIVE_RETENTIONS as readonly string[]).includes(entry.retention)
      ? t(locale, `archive.retention.${entry.retention}`)
      : entry.retention,
    secrecy:
      locale === 'en' ? (SECRECY_EN[entry.secrecy] ?? entry.secrecy) : SECRECY_LABELS_ZH[entry.secrecy],
    location: entry.location ? escapeMrkdwn(entry.location) : none,
  });
}

/**
 * A page of results: a heading, one section per entry with 借阅 (kept entries only), and 更多
 * when there is a next page. Ten entries use 12 blocks, well under Slack's 50.
 */
export function buildArchiveResults(input: {
  locale: Locale;
  queryText: string;
  page: number;
  entries: readonly ArchiveEntry[];
  hasMore: boolean;
}): SlackMessage {
  const { locale, queryText } = input;
  const query = escapeMrkdwn(truncateText(queryText, 100));
  if (input.entries.length === 0 && input.page === 0) {
    return { text: t(locale, 'archive.results.none', { query }), blocks: [] };
  }
  const prefix = `${BLOCK_IDS.archiveResults}:${input.page}`;
  const blocks: Block[] = [
    {
      type: 'section',
      block_id: `${prefix}:h`,
      text: mrkdwn(resultsHeading(locale, query, input.page)),
    } as Block,
  ];
  for (const entry of input.entries) {
    blocks.push({
      type: 'section',
      block_id: `${prefix}:${entry.id}`,
      text: mrkdwn(truncateText(resultLine(entry, locale), 3000)),
      ...(entry.status === 'kept'
        ? {
            accessory: {
              type: 'button',
              action_id: ACTION_IDS.archiveBorrow,
              text: plainText(t(locale, 'archive.results.borrow')),
              value: JSON.stringify({ entryId: entry.id }),
            },
          }
        : {}),
    } as Block);
  }
  if (input.hasMore) {
    const value: ArchiveMoreValue = { q: queryText, p: input.page + 1 };
    blocks.push({
      type: 'actions',
      block_id: `${prefix}:more`,
      elements: [
        {
          type: 'button',
          action_id: ACTION_IDS.archiveMore,
          text: plainText(t(locale, 'archive.results.more')),
          value: JSON.stringify(value),
        },
      ],
    } as Block);
  }
  const text = [
    resultsHeading(locale, query, input.page),
    ...input.entries.map((e) => escapeMrkdwn(`${e.archiveNo} ${e.docNumber ?? ''}`.trim())),
  ].join('\n');
  return { text: truncateText(text, 3000), blocks };
}

/** Where the add form's fields sit in the modal (`parseArchiveAddSubmission` reads them). */
export const ARCHIVE_ADD_FIELD_SLOTS: SlackFormBinding['fields'] = {
  [ARCHIVE_ADD_FIELDS.title]: {
    blockId: BLOCK_IDS.archiveAddTitle,
    actionId: ACTION_IDS.archiveAddTitleInput,
  },
  [ARCHIVE_ADD_FIELDS.docNumber]: {
    blockId: BLOCK_IDS.archiveAddDocNumber,
    actionId: ACTION_IDS.archiveAddDocNumberInput,
  },
  [ARCHIVE_ADD_FIELDS.year]: { blockId: BLOCK_IDS.archiveAddYear, actionId: ACTION_IDS.archiveAddYearInput },
  [ARCHIVE_ADD_FIELDS.category]: {
    blockId: BLOCK_IDS.archiveAddCategory,
    actionId: ACTION_IDS.archiveAddCategorySelect,
    omitOptional: true,
  },
  [ARCHIVE_ADD_FIELDS.retention]: {
    blockId: BLOCK_IDS.archiveAddRetention,
    actionId: ACTION_IDS.archiveAddRetentionSelect,
    omitOptional: true,
  },
  [ARCHIVE_ADD_FIELDS.secrecy]: {
    blockId: BLOCK_IDS.archiveAddSecrecy,
    actionId: ACTION_IDS.archiveAddSecrecySelect,
    omitOptional: true,
  },
  [ARCHIVE_ADD_FIELDS.pages]: {
    blockId: BLOCK_IDS.archiveAddPages,
    actionId: ACTION_IDS.archiveAddPagesInput,
  },
  [ARCHIVE_ADD_FIELDS.location]: {
    blockId: BLOCK_IDS.archiveAddLocation,
    actionId: ACTION_IDS.archiveAddLocationInput,
  },
};

/** The archivist's `/archive add` form, drawn from its FormSpec; the 档号 is assigned on submission. */
export function buildArchiveAddModal(input: {
  locale: Locale;
  categories: readonly string[];
  year: number;
}): types.ModalView {
  return renderSlackModal(
    archiveAddFormSpec({ categories: input.categories, year: input.year }),
    { callbackId: CALLBACK_IDS.archiveAddModal, privateMetadata: '', fields: ARCHIVE_ADD_FIELD_SLOTS },
    input.locale,
  );
}
