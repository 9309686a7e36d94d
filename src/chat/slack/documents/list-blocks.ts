// The `/doc` lists in Block Kit: what waits on me (待办), what I started (我的), and search results
// (查找). One section per item with an 打开 button where the viewer holds the item's card. User
// text is escaped and cut, and rows are left out (and counted) before the message would pass
// Slack's limits. Classified items show `密件 <reference>`, never a title.

import type { types } from '@slack/bolt';
import type { LocalizedText } from '../../../domain/workflow/types.ts';
import { formatListTime, OPEN_ITEM_ACTION, titleOf } from '../../../features/documents/list-text.ts';
import type { DocListItem, DocListPage } from '../../../features/documents/lists.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, mrkdwn, plainText, type SlackMessage } from '../blocks/message.ts';
import { bold, escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { BLOCK_IDS } from '../ids.ts';

// The lists' neutral wording is shared with the person's work and the 催办 messages.
export { formatListTime, titleOf };

/** Which list: 待办, 我的 or 查找. */
export type DocListKind = 'waiting' | 'mine' | 'find';

export interface DocListMessageInput {
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

/** What the blocks may weigh (Slack refuses about 13,200 characters; see card.ts). */
export const DOC_LIST_BLOCKS_JSON_BUDGET = 12_000;
/** Longest title shown (before escaping). */
const TITLE_MAX = 80;
/** Names shown for whom an item waits on, before "等 N 人". */
const NAMES_MAX = 3;
/** Longest text fallback. */
const TEXT_FALLBACK_MAX = 3000;

const URGENCY_MARKERS = { extra_urgent: '🔴', urgent: '🟠', normal: '' } as const;

/** The list as an ephemeral message: a heading, one section per item, and a closing note. */
export function buildDocListMessage(input: DocListMessageInput): SlackMessage {
  const { locale, page } = input;
  const heading = headingOf(input);
  if (page.items.length === 0) {
    const empty = emptyText(input);
    return { text: empty, blocks: [{ type: 'section', block_id: blockId('empty'), text: mrkdwn(empty) }] };
  }
  const head: Block = { type: 'section', block_id: blockId('header'), text: mrkdwn(heading) };
  const rows = page.items.map((item) => rowOf(item, input));
  const shown: Array<{ block: Block; line: string }> = [];
  for (const row of rows) {
    const next = [...shown, row];
    const blocks = [head, ...next.map((r) => r.block), footerOf(input, page.total - next.length)];
    if (
      blocks.length > BLOCK_KIT_LIMITS.blocksPerMessage ||
      JSON.stringify(blocks).length > DOC_LIST_BLOCKS_JSON_BUDGET
    ) {
      break;
    }
    shown.push(row);
  }
  const more = page.total - shown.length;
  const text = truncateText(
    [
      heading,
      ...shown.map((r) => r.line),
      ...(more > 0 ? [t(locale, 'doc.list.more', { count: more })] : []),
    ].join('\n'),
    TEXT_FALLBACK_MAX,
  );
  return { text, blocks: [head, ...shown.map((r) => r.block), footerOf(input, more)] };
}

function headingOf(input: DocListMessageInput): string {
  const count = input.page.total;
  switch (input.kind) {
    case 'waiting':
      return t(input.locale, 'doc.list.header', {
        title: bold(t(input.locale, 'doc.list.header.title')),
        count,
      });
    case 'mine':
      return t(input.locale, 'doc.mine.header', {
        title: bold(t(input.locale, 'doc.mine.header.title')),
        count,
      });
    case 'find':
      return t(input.locale, 'doc.find.header', {
        title: bold(t(input.locale, 'doc.find.header.title', { words: wordsOf(input) })),
        count,
      });
  }
}

function emptyText(input: DocListMessageInput): string {
  switch (input.kind) {
    case 'waiting':
      return t(input.locale, 'doc.list.empty');
    case 'mine':
      return t(input.locale, 'doc.mine.empty');
    case 'find':
      return t(input.locale, 'doc.find.empty', { words: wordsOf(input) });
  }
}

function wordsOf(input: DocListMessageInput): string {
  return escapeMrkdwn(truncateText((input.words ?? []).join(' ').replace(/[`*_~]/g, ' '), 100));
}

function footerOf(input: DocListMessageInput, more: number): Block {
  const parts = [
    ...(more > 0 ? [t(input.locale, 'doc.list.more', { count: more })] : []),
    t(input.locale, 'doc.list.hint'),
  ];
  return { type: 'context', block_id: blockId('footer'), elements: [mrkdwn(parts.join(' '))] };
}

/** One item: its section (with the 打开 button where the viewer holds its card) and its fallback line. */
function rowOf(item: DocListItem, input: DocListMessageInput): { block: Block; line: string } {
  const { locale } = input;
  const title = escapeMrkdwn(truncateText(titleOf(item, locale), TITLE_MAX));
  const marker = URGENCY_MARKERS[item.urgency];
  const urgency = marker ? `${marker} ${t(locale, `card.urgency.${item.urgency}`)} ` : '';
  // A classified item named by its number already shows it.
  const number =
    item.docNumber && !(item.classified && !item.reference?.trim())
      ? `  ${escapeMrkdwn(t(locale, 'doc.list.number', { number: truncateText(item.docNumber, 60) }))}`
      : '';
  const details = [escapeMrkdwn(input.kindLabelOf(item.definitionId)[locale]), whereItStands(item, input)]
    .filter(Boolean)
    .join(' · ');
  const text = truncateText(`${urgency}*${title}*${number}\n${details}`, BLOCK_KIT_LIMITS.sectionText);
  const block: Block = {
    type: 'section',
    block_id: blockId(`row:${item.instanceId}`),
    text: mrkdwn(text),
    ...openAccessory(item, locale),
  };
  return { block, line: `• ${urgency}${title}${number} · ${details}` };
}

/** The current step and deadline, whom it waits on, or how and when it ended. */
function whereItStands(item: DocListItem, input: DocListMessageInput): string {
  const { locale } = input;
  if (item.status === 'running') {
    const step = item.stepName ? escapeMrkdwn(item.stepName[locale]) : '';
    const where =
      input.kind === 'waiting' || item.waitingOn.length === 0
        ? step
        : t(locale, 'card.waiting_on', { names: namesOf(item.waitingOn, input), step });
    return [where, deadlineOf(item, input)].filter(Boolean).join(' · ');
  }
  if (item.status === 'returned' || item.status === 'recalled') {
    return input.kind === 'waiting'
      ? t(locale, 'doc.list.waiting_you')
      : t(locale, `card.status.${item.status}`);
  }
  return `${t(locale, `card.status.${item.status}`)} ${formatTime(item.updatedAt, input)}`;
}

function deadlineOf(item: DocListItem, input: DocListMessageInput): string {
  if (item.deadline === null) return '';
  const due = t(input.locale, 'doc.list.deadline', { time: formatTime(item.deadline, input) });
  return item.overdue ? `${due} *${t(input.locale, 'doc.list.overdue')}*` : due;
}

function namesOf(personIds: readonly string[], input: DocListMessageInput): string {
  const separator = input.locale === 'en' ? ', ' : '、';
  const names = personIds.map((id) =>
    escapeMrkdwn(input.names.get(id) ?? t(input.locale, 'card.person.unknown')),
  );
  if (names.length <= NAMES_MAX) return names.join(separator);
  return t(input.locale, 'card.people.more', {
    names: names.slice(0, NAMES_MAX).join(separator),
    count: names.length,
  });
}

function formatTime(iso: string, input: DocListMessageInput): string {
  return formatListTime(iso, input.now, input.timeZone);
}

function blockId(part: string): string {
  return truncateText(`${BLOCK_IDS.docListPrefix}:${part}`, BLOCK_KIT_LIMITS.idLength);
}

/** The 打开 button of a row, for someone who holds the item's card (a list row or a Home row). */
export function openAccessory(item: DocListItem, locale: Locale): { accessory?: types.Button } {
  if (!item.involved) return {};
  return {
    accessory: {
      type: 'button',
      action_id: OPEN_ITEM_ACTION,
      text: plainText(t(locale, 'doc.list.open')),
      value: item.instanceId,
    },
  };
}
