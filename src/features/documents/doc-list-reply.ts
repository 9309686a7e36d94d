// The `doc` lists as a reply: what waits on me (待办), what I started (我的), and search results
// (查找). One section per item with an 打开 button where the viewer holds the item's card. Titles
// are cut, and rows are left out (and counted) before the reply would pass what a message holds.
// Classified items show `密件 <reference>`, never a title.

import {
  joinRich,
  REPLY_LIMITS,
  type Reply,
  type ReplyBlock,
  type ReplyButton,
  type RichText,
  richT,
  strong,
} from '../../chat/core/reply.ts';
import { truncateRich } from '../../chat/core/rich-text.ts';
import type { LocalizedText } from '../../domain/workflow/types.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { truncateText } from '../../shared/text.ts';
import { formatListTime, OPEN_ITEM_ACTION, titleOf } from './list-text.ts';
import type { DocListItem, DocListPage } from './lists.ts';

// Shared with the person's work and the 催办 messages.
export { formatListTime, titleOf };

/** The 打开 button of a list row: the clicker's card of the item is posted anew (value: the item's id). */
export const DOC_LIST_OPEN_ACTION = OPEN_ITEM_ACTION;
/** The list's block keys start with this (a row is `doc_list:row:<id>`). */
export const DOC_LIST_KEY_PREFIX = 'doc_list';

/** Which list: 待办, 我的 or 查找. */
export type DocListKind = 'waiting' | 'mine' | 'find';

export interface DocListReplyInput {
  kind: DocListKind;
  locale: Locale;
  now: Date;
  /** The unit's time zone (organisation file): deadlines and dates are shown in it. */
  timeZone: string;
  page: DocListPage;
  /** Display names of the people the rows mention (whom items wait on). */
  names: ReadonlyMap<string, string>;
  /** The flow's name (发文, 通用审批 …) by definition id. */
  kindLabelOf(definitionId: string): LocalizedText;
  /** find: the words searched for. */
  words?: readonly string[];
}

/**
 * What the blocks may weigh, as the reply's JSON: the strictest platform (Slack) refuses a message
 * of about 13,200 characters, and its drawing of a list weighs about a fifth more than the reply.
 */
export const DOC_LIST_JSON_BUDGET = 10_000;
/** Longest title shown. */
const TITLE_MAX = 80;
/** Names shown for whom an item waits on, before "等 N 人". */
const NAMES_MAX = 3;
/** Longest text of the whole reply. */
const TEXT_MAX = 3000;
/** Longest key a platform takes. */
const KEY_MAX = 255;

const URGENCY_MARKERS = { extra_urgent: '🔴', urgent: '🟠', normal: '' } as const;

/** The list as a reply: a heading, one section per item, and a closing note. */
export function buildDocListReply(input: DocListReplyInput): Reply {
  const { locale, page } = input;
  const heading = headingOf(input);
  if (page.items.length === 0) {
    const empty = emptyText(input);
    return { text: empty, blocks: [{ kind: 'section', key: keyOf('empty'), text: empty }] };
  }
  const head: ReplyBlock = { kind: 'section', key: keyOf('header'), text: heading };
  const rows = page.items.map((item) => rowOf(item, input));
  const shown: Array<{ block: ReplyBlock; line: RichText }> = [];
  for (const row of rows) {
    const next = [...shown, row];
    const blocks = [head, ...next.map((r) => r.block), footerOf(input, page.total - next.length)];
    if (blocks.length > REPLY_LIMITS.blocks || weightOf(blocks) > DOC_LIST_JSON_BUDGET) break;
    shown.push(row);
  }
  const more = page.total - shown.length;
  const text = truncateRich(
    joinRich(
      [
        heading,
        ...shown.map((r) => r.line),
        ...(more > 0 ? [richT(locale, 'doc.list.more', { count: more })] : []),
      ],
      '\n',
    ),
    TEXT_MAX,
  );
  return { text, blocks: [head, ...shown.map((r) => r.block), footerOf(input, more)] };
}

/**
 * What blocks weigh when drawn: their JSON, and four more characters for each `&`, `<` and `>`,
 * which a platform's markup writes as entities (`&amp;`).
 */
function weightOf(blocks: readonly ReplyBlock[]): number {
  const json = JSON.stringify(blocks);
  return json.length + 4 * (json.match(/[&<>]/g)?.length ?? 0);
}

function headingOf(input: DocListReplyInput): RichText {
  const { locale } = input;
  const count = input.page.total;
  switch (input.kind) {
    case 'waiting':
      return richT(locale, 'doc.list.header', { title: strong(t(locale, 'doc.list.header.title')), count });
    case 'mine':
      return richT(locale, 'doc.mine.header', { title: strong(t(locale, 'doc.mine.header.title')), count });
    case 'find':
      return richT(locale, 'doc.find.header', {
        title: strong(t(locale, 'doc.find.header.title', { words: searchedWords(input) })),
        count,
      });
  }
}

function emptyText(input: DocListReplyInput): RichText {
  switch (input.kind) {
    case 'waiting':
      return richT(input.locale, 'doc.list.empty');
    case 'mine':
      return richT(input.locale, 'doc.mine.empty');
    case 'find':
      return richT(input.locale, 'doc.find.empty', { words: searchedWords(input) });
  }
}

function searchedWords(input: DocListReplyInput): string {
  // Markup characters would read as emphasis on some platforms: shown as spaces.
  return truncateText((input.words ?? []).join(' ').replace(/[`*_~]/g, ' '), 100);
}

function footerOf(input: DocListReplyInput, more: number): ReplyBlock {
  const parts: RichText[] = [
    ...(more > 0 ? [richT(input.locale, 'doc.list.more', { count: more })] : []),
    richT(input.locale, 'doc.list.hint'),
  ];
  return { kind: 'context', key: keyOf('footer'), items: [joinRich(parts, ' ')] };
}

/** One item: its section (with the 打开 button where the viewer holds its card) and its text line. */
function rowOf(item: DocListItem, input: DocListReplyInput): { block: ReplyBlock; line: RichText } {
  const { locale } = input;
  const title = truncateText(titleOf(item, locale), TITLE_MAX);
  const marker = URGENCY_MARKERS[item.urgency];
  const urgency = marker ? `${marker} ${t(locale, `card.urgency.${item.urgency}`)} ` : '';
  // A classified item named by its number already shows it.
  const number =
    item.docNumber && !(item.classified && !item.reference?.trim())
      ? `  ${t(locale, 'doc.list.number', { number: truncateText(item.docNumber, 60) })}`
      : '';
  const details = joinRich(
    [[input.kindLabelOf(item.definitionId)[locale]], whereItStands(item, input)].filter(
      (part) => plainLength(part) > 0,
    ),
    ' · ',
  );
  const button = openButton(item, locale);
  const block: ReplyBlock = {
    kind: 'section',
    key: keyOf(`row:${item.instanceId}`),
    text: [urgency, strong(title), number, '\n', ...details].filter((run) => run !== ''),
    ...(button ? { button } : {}),
  };
  return { block, line: ['• ', `${urgency}${title}${number}`, ' · ', ...details] };
}

/** The current step and deadline, whom it waits on, or how and when it ended. */
function whereItStands(item: DocListItem, input: DocListReplyInput): RichText {
  const { locale } = input;
  if (item.status === 'running') {
    const step = item.stepName ? item.stepName[locale] : '';
    const where =
      input.kind === 'waiting' || item.waitingOn.length === 0
        ? step
        : t(locale, 'card.waiting_on', { names: namesOf(item.waitingOn, input), step });
    return joinRich(
      [[where], deadlineOf(item, input)].filter((part) => plainLength(part) > 0),
      ' · ',
    );
  }
  if (item.status === 'returned' || item.status === 'recalled') {
    return [
      input.kind === 'waiting' ? t(locale, 'doc.list.waiting_you') : t(locale, `card.status.${item.status}`),
    ];
  }
  return [`${t(locale, `card.status.${item.status}`)} ${formatTime(item.updatedAt, input)}`];
}

function plainLength(text: RichText): number {
  return text.reduce((sum, run) => sum + (typeof run === 'string' ? run : run.text).length, 0);
}

function deadlineOf(item: DocListItem, input: DocListReplyInput): RichText {
  if (item.deadline === null) return [];
  const due = t(input.locale, 'doc.list.deadline', { time: formatTime(item.deadline, input) });
  return item.overdue ? [`${due} `, strong(t(input.locale, 'doc.list.overdue'))] : [due];
}

function namesOf(personIds: readonly string[], input: DocListReplyInput): string {
  const separator = input.locale === 'en' ? ', ' : '、';
  const names = personIds.map((id) => input.names.get(id) ?? t(input.locale, 'card.person.unknown'));
  if (names.length <= NAMES_MAX) return names.join(separator);
  return t(input.locale, 'card.people.more', {
    names: names.slice(0, NAMES_MAX).join(separator),
    count: names.length,
  });
}

function formatTime(iso: string, input: DocListReplyInput): string {
  return formatListTime(iso, input.now, input.timeZone);
}

function keyOf(part: string): string {
  return truncateText(`${DOC_LIST_KEY_PREFIX}:${part}`, KEY_MAX);
}

/** The 打开 button of a row, for someone who holds the item's card (a list row or a Home row). */
export function openButton(item: DocListItem, locale: Locale): ReplyButton | undefined {
  if (!item.involved) return undefined;
  return { label: t(locale, 'doc.list.open'), action: DOC_LIST_OPEN_ACTION, value: item.instanceId };
}
