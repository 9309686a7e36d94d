// `/archive` messages and forms: a page of search results (档号, title — or 〔仅按编号登记〕 for
// classified entries — 文号, year, category, retention, secrecy, location; 借阅 per kept entry; 更多
// for the next page, which replaces the message), and the archivist's `/archive add` form.

import type { types } from '@slack/bolt';
import { ARCHIVE_RETENTIONS } from '../../../domain/archive/archive-no.ts';
import { isClearedFor, SECRECY_LABELS_ZH, SECRECY_LEVELS } from '../../../domain/org.ts';
import type { ArchiveEntry } from '../../../features/archive/catalog.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { textInput } from '../blocks/inputs.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, mrkdwn, plainText, type SlackMessage } from '../blocks/message.ts';
import { bold, escapeMrkdwn } from '../blocks/mrkdwn.ts';
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

const select = (
  blockId: string,
  actionId: string,
  label: string,
  options: Array<{ value: string; text: string }>,
  initial: string | null,
): Block => {
  const opts = options.map((o) => ({ value: o.value, text: plainText(truncateText(o.text, 75)) }));
  const chosen = opts.find((o) => o.value === initial);
  return {
    type: 'input',
    block_id: blockId,
    label: plainText(label),
    element: {
      type: 'static_select',
      action_id: actionId,
      options: opts,
      ...(chosen ? { initial_option: chosen } : {}),
    },
  } as unknown as Block;
};

/** The archivist's `/archive add` form; the 档号 is assigned on submission. */
export function buildArchiveAddModal(input: {
  locale: Locale;
  categories: readonly string[];
  year: number;
}): types.ModalView {
  const { locale } = input;
  const blocks: Block[] = [
    textInput(
      BLOCK_IDS.archiveAddTitle,
      ACTION_IDS.archiveAddTitleInput,
      t(locale, 'archive.add.field.title'),
      {
        max: 500,
        optional: true,
      },
    ),
    textInput(
      BLOCK_IDS.archiveAddDocNumber,
      ACTION_IDS.archiveAddDocNumberInput,
      t(locale, 'archive.add.field.doc_number'),
      {
        max: 100,
        optional: true,
      },
    ),
    textInput(BLOCK_IDS.archiveAddYear, ACTION_IDS.archiveAddYearInput, t(locale, 'archive.add.field.year'), {
      max: 4,
      initial: String(input.year),
    }),
    select(
      BLOCK_IDS.archiveAddCategory,
      ACTION_IDS.archiveAddCategorySelect,
      t(locale, 'archive.add.field.category'),
      input.categories.slice(0, 100).map((c) => ({ value: c, text: c })),
      input.categories[0] ?? null,
    ),
    select(
      BLOCK_IDS.archiveAddRetention,
      ACTION_IDS.archiveAddRetentionSelect,
      t(locale, 'archive.add.field.retention'),
      ARCHIVE_RETENTIONS.map((r) => ({ value: r, text: t(locale, `archive.retention.${r}`) })),
      'permanent',
    ),
    select(
      BLOCK_IDS.archiveAddSecrecy,
      ACTION_IDS.archiveAddSecrecySelect,
      t(locale, 'archive.add.field.secrecy'),
      SECRECY_LEVELS.map((s) => ({
        value: s,
        text: locale === 'en' ? (SECRECY_EN[s] ?? s) : SECRECY_LABELS_ZH[s],
      })),
      'internal',
    ),
    textInput(
      BLOCK_IDS.archiveAddPages,
      ACTION_IDS.archiveAddPagesInput,
      t(locale, 'archive.add.field.pages'),
      {
        max: 6,
        optional: true,
      },
    ),
    textInput(
      BLOCK_IDS.archiveAddLocation,
      ACTION_IDS.archiveAddLocationInput,
      t(locale, 'archive.add.field.location'),
      {
        max: 100,
        optional: true,
      },
    ),
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.archiveAddModal,
    private_metadata: '',
    title: plainText(truncateText(t(locale, 'archive.add.title'), BLOCK_KIT_LIMITS.modalTitle)),
    submit: plainText(truncateText(t(locale, 'archive.add.submit'), BLOCK_KIT_LIMITS.modalTitle)),
    close: plainText(truncateText(t(locale, 'modal.close'), BLOCK_KIT_LIMITS.modalTitle)),
    blocks: blocks as types.ModalView['blocks'],
  };
}
