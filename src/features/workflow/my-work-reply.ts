// The person's work (我的待办) as a reply: 待我办理, 我发起的 and 近期办结 under a heading, above a
// short welcome. Rows reuse the `/doc` lists' order and wording; 打开 is the lists' own action,
// which brings the item's card to the bottom of the person's direct messages. Classified items
// show `密件 <reference>`, never a title. Without the work (nobody known), only the welcome.

import {
  joinRich,
  REPLY_LIMITS,
  type Reply,
  type ReplyBlock,
  type RichText,
  richT,
  strong,
  truncateText,
} from '../../chat/core/reply.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { formatListTime, OPEN_ITEM_ACTION, titleOf } from '../documents/list-text.ts';
import type { DocListItem } from '../documents/lists.ts';
import {
  MY_WORK_FINISHED_DAYS,
  MY_WORK_SECTION_LIMIT,
  type MyWork,
  type WorkSectionView,
} from './my-work.ts';

/** The parts of the work, in the order shown. */
export type MyWorkSection = 'waiting' | 'mine' | 'finished';

const SECTIONS: readonly MyWorkSection[] = ['waiting', 'mine', 'finished'];
/** Longest title shown. */
const TITLE_MAX = 80;
/** Names shown for whom an item waits on, before "等 N 人". */
const NAMES_MAX = 3;
/** Longest block key: platforms that address blocks by name refuse longer ones. */
const KEY_MAX = 255;

const URGENCY_MARKERS = { extra_urgent: '🔴', urgent: '🟠', normal: '' } as const;

/**
 * The person's work when known, then a short welcome and where to start. Its text names each
 * part with its count (what a notification or a text-only platform shows).
 */
export function myWorkReply(locale: Locale, work?: MyWork): Reply {
  const header: ReplyBlock = {
    kind: 'header',
    text: truncateText(t(locale, 'home.header'), REPLY_LIMITS.headerText),
  };
  const body: RichText = richT(locale, 'home.body');
  const hint: RichText = richT(locale, 'home.hint');
  if (!work) {
    return {
      text: body,
      blocks: [header, { kind: 'section', text: body }, { kind: 'context', items: [hint] }],
    };
  }
  const welcome: ReplyBlock[] = [{ kind: 'divider' }, { kind: 'context', items: [body, hint] }];
  const extra = work.extra ?? [];
  // Each part takes a title, its rows, a closing line and a divider: stay within the blocks.
  const parts = SECTIONS.length + extra.length;
  const fixed = 1 + welcome.length + parts * 3;
  const perSection = Math.min(MY_WORK_SECTION_LIMIT, Math.floor((REPLY_LIMITS.blocks - fixed) / parts));
  // The features' parts (本周会议 …) come right after 待我办理.
  const ordered: Array<MyWorkSection | (WorkSectionView & { key: string })> = [
    'waiting',
    ...extra,
    'mine',
    'finished',
  ];
  const sections = ordered.flatMap((part, index): ReplyBlock[] => [
    ...(index > 0 ? [{ kind: 'divider' } as const] : []),
    ...(typeof part === 'string'
      ? sectionOf(part, locale, work, perSection)
      : extraSectionOf(part, locale, perSection)),
  ]);
  return {
    text: joinRich(
      ordered.map((part) =>
        typeof part === 'string' ? sectionTitle(part, locale, work) : extraTitle(part, locale),
      ),
      '\n',
    ),
    blocks: [header, ...sections, ...welcome],
  };
}

/** A feature's part's title with its count: `*本周会议*（2 件）`. */
function extraTitle(part: WorkSectionView, locale: Locale): RichText {
  return [
    strong(part.title),
    ...(part.rows.length > 0 ? richT(locale, 'home.count', { count: part.rows.length }) : []),
  ];
}

/** A feature's part: its title, its rows (at most `limit`), its note, or what it says when empty. */
function extraSectionOf(
  part: WorkSectionView & { key: string },
  locale: Locale,
  limit: number,
): ReplyBlock[] {
  const key = (what: string) => truncateText(`home:${part.key}:${what}`, KEY_MAX);
  const head: ReplyBlock = { kind: 'section', key: key('title'), text: extraTitle(part, locale) };
  const shown = part.rows.slice(0, limit);
  const more = part.rows.length - shown.length;
  const notes = [
    ...(part.rows.length === 0 && part.empty !== undefined ? [part.empty] : []),
    ...(more > 0 ? [t(locale, 'home.extra.more', { count: more })] : []),
    ...(part.note !== undefined ? [part.note] : []),
  ];
  return [
    head,
    ...shown.map((row): ReplyBlock => ({ kind: 'section', key: key(`row:${row.key}`), text: row.text })),
    ...(notes.length > 0 ? [{ kind: 'context', key: key('note'), items: [[notes.join(' ')]] } as const] : []),
  ];
}

/** A part's title with its count: `*待我办理*（2 件）`. */
function sectionTitle(kind: MyWorkSection, locale: Locale, work: MyWork): RichText {
  const total = work[kind].total;
  return [
    strong(t(locale, `home.${kind}.title`)),
    ...(total > 0 ? richT(locale, 'home.count', { count: total }) : []),
  ];
}

/** One part: its title with the count, a row per item (at most `limit`), and what was left out. */
function sectionOf(kind: MyWorkSection, locale: Locale, work: MyWork, limit: number): ReplyBlock[] {
  const page = work[kind];
  const head: ReplyBlock = {
    kind: 'section',
    key: keyOf(kind, 'title'),
    text: sectionTitle(kind, locale, work),
  };
  if (page.items.length === 0) {
    const empty =
      kind === 'finished'
        ? t(locale, 'home.finished.empty', { days: MY_WORK_FINISHED_DAYS })
        : t(locale, `home.${kind}.empty`);
    return [head, { kind: 'context', key: keyOf(kind, 'empty'), items: [[empty]] }];
  }
  const shown = page.items.slice(0, limit);
  const more = page.total - shown.length;
  return [
    head,
    ...shown.map((item) => rowOf(kind, item, locale, work)),
    ...(more > 0
      ? [
          {
            kind: 'context',
            key: keyOf(kind, 'more'),
            items: [richT(locale, 'home.more', { count: more })],
          } as const,
        ]
      : []),
  ];
}

/**
 * One item: title, flow, where it stands; 打开 where the person holds its card. Its parts are
 * short (a cut title, a flow's and a step's names, at most three people), so the paragraph stays
 * far within a section's length.
 */
function rowOf(kind: MyWorkSection, item: DocListItem, locale: Locale, work: MyWork): ReplyBlock {
  const marker = URGENCY_MARKERS[item.urgency];
  const urgency = marker ? `${marker} ${t(locale, `card.urgency.${item.urgency}`)} ` : '';
  const details = joinRich(
    [[work.kindLabelOf(item.definitionId)[locale]], whereItStands(kind, item, locale, work)].filter(nonEmpty),
    ' · ',
  );
  return {
    kind: 'section',
    key: keyOf(kind, `row:${item.instanceId}`),
    text: [
      ...(urgency ? [urgency] : []),
      strong(truncateText(titleOf(item, locale), TITLE_MAX)),
      '\n',
      ...details,
    ],
    ...(item.involved
      ? { button: { label: t(locale, 'doc.list.open'), action: OPEN_ITEM_ACTION, value: item.instanceId } }
      : {}),
  };
}

function whereItStands(kind: MyWorkSection, item: DocListItem, locale: Locale, work: MyWork): RichText {
  if (item.status === 'running') {
    const step = item.stepName ? item.stepName[locale] : '';
    const where: RichText =
      kind === 'waiting' || item.waitingOn.length === 0
        ? [step]
        : richT(locale, 'card.waiting_on', { names: namesOf(item.waitingOn, locale, work), step });
    return joinRich([where, deadlineOf(item, locale, work)].filter(nonEmpty), ' · ');
  }
  if (item.status === 'returned' || item.status === 'recalled') {
    return [kind === 'waiting' ? t(locale, 'home.waiting_you') : t(locale, `card.status.${item.status}`)];
  }
  return [
    `${t(locale, `card.status.${item.status}`)} ${formatListTime(item.updatedAt, work.now, work.timeZone)}`,
  ];
}

function deadlineOf(item: DocListItem, locale: Locale, work: MyWork): RichText {
  if (item.deadline === null) return [];
  const due = t(locale, 'doc.list.deadline', {
    time: formatListTime(item.deadline, work.now, work.timeZone),
  });
  return item.overdue ? [due, ' ', strong(t(locale, 'doc.list.overdue'))] : [due];
}

function namesOf(personIds: readonly string[], locale: Locale, work: MyWork): string {
  const separator = locale === 'en' ? ', ' : '、';
  const names = personIds.map((id) => work.names.get(id) ?? t(locale, 'card.person.unknown'));
  if (names.length <= NAMES_MAX) return names.join(separator);
  return t(locale, 'card.people.more', {
    names: names.slice(0, NAMES_MAX).join(separator),
    count: names.length,
  });
}

function nonEmpty(text: RichText): boolean {
  return text.some((run) => (typeof run === 'string' ? run : run.text) !== '');
}

function keyOf(kind: MyWorkSection, part: string): string {
  return truncateText(`home:${kind}:${part}`, KEY_MAX);
}
