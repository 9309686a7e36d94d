// The App Home tab: the person's work (待我办理, 我发起的, 近期办结) above a short welcome. Rows
// reuse the `/doc` lists' order and wording; the 打开 button is the lists' own `doc_list_open`,
// which brings the item's card to the bottom of the person's DM. Classified items show
// `密件 <reference>`, never a title. Without the work (no workflow module), only the welcome shows.

import type { types } from '@slack/bolt';
import type { LocalizedText } from '../../../domain/workflow/types.ts';
import type { DocListItem, DocListPage } from '../../../features/documents/lists.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { t } from '../../../shared/i18n.ts';
import { BLOCK_KIT_LIMITS, truncateText } from '../blocks/limits.ts';
import { type Block, mrkdwn, plainText } from '../blocks/message.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import { formatListTime, openAccessory, titleOf } from '../documents/list-blocks.ts';

/** Most rows one section of the home shows; the rest is counted. */
export const HOME_SECTION_LIMIT = 10;
/** How far back 近期办结 looks, in days. */
export const HOME_FINISHED_DAYS = 14;
/** Longest title shown (before escaping). */
const TITLE_MAX = 80;
/** Names shown for whom an item waits on, before "等 N 人". */
const NAMES_MAX = 3;

const URGENCY_MARKERS = { extra_urgent: '🔴', urgent: '🟠', normal: '' } as const;

/** The home's sections, in the order shown. */
export type HomeSectionKind = 'waiting' | 'mine' | 'finished';

/** What the home shows of the person's work, read from the database. */
export interface AppHomeWork {
  now: Date;
  /** The unit's time zone (organisation file): deadlines and dates are shown in it. */
  timeZone: string;
  /** What waits on the person, in the to-do order (see compareWaiting). */
  waiting: DocListPage;
  /** What they started that is still under way, newest first. */
  mine: DocListPage;
  /** What they started or acted on that finished lately, most recently finished first. */
  finished: DocListPage;
  /** Display names of the people the rows mention (whom items wait on). */
  names: ReadonlyMap<string, string>;
  /** The flow's name (发文, 通用审批 …) by definition id. */
  kindLabelOf(definitionId: string): LocalizedText;
}

/** The App Home tab: the person's work when known, then a short welcome and where to start. */
export function buildAppHomeView(locale: Locale, work?: AppHomeWork): types.HomeView {
  const header: Block = {
    type: 'header',
    text: plainText(truncateText(t(locale, 'home.header'), BLOCK_KIT_LIMITS.headerText)),
  };
  const welcome: Block[] = work
    ? [
        { type: 'divider' },
        { type: 'context', elements: [mrkdwn(t(locale, 'home.body')), mrkdwn(t(locale, 'home.hint'))] },
      ]
    : [
        { type: 'section', text: mrkdwn(t(locale, 'home.body')) },
        { type: 'context', elements: [mrkdwn(t(locale, 'home.hint'))] },
      ];
  if (!work) return { type: 'home', blocks: [header, ...welcome] as types.HomeView['blocks'] };

  const kinds: HomeSectionKind[] = ['waiting', 'mine', 'finished'];
  // Each section takes a title, its rows, a closing line and a divider: stay within the view's blocks.
  const fixed = 1 + welcome.length + kinds.length * 3;
  const perSection = Math.min(
    HOME_SECTION_LIMIT,
    Math.floor((BLOCK_KIT_LIMITS.blocksPerView - fixed) / kinds.length),
  );
  const sections = kinds.flatMap((kind, index) => [
    ...(index > 0 ? [{ type: 'divider' } as Block] : []),
    ...sectionOf(kind, locale, work, perSection),
  ]);
  return { type: 'home', blocks: [header, ...sections, ...welcome] as types.HomeView['blocks'] };
}

function pageOf(kind: HomeSectionKind, work: AppHomeWork): DocListPage {
  return kind === 'waiting' ? work.waiting : kind === 'mine' ? work.mine : work.finished;
}

/** One section: its title with the count, a row per item (at most `limit`), and what was left out. */
function sectionOf(kind: HomeSectionKind, locale: Locale, work: AppHomeWork, limit: number): Block[] {
  const page = pageOf(kind, work);
  const title = `*${t(locale, `home.${kind}.title`)}*${page.total > 0 ? t(locale, 'home.count', { count: page.total }) : ''}`;
  const head: Block = { type: 'section', block_id: blockId(kind, 'title'), text: mrkdwn(title) };
  if (page.items.length === 0) {
    const empty =
      kind === 'finished'
        ? t(locale, 'home.finished.empty', { days: HOME_FINISHED_DAYS })
        : t(locale, `home.${kind}.empty`);
    return [head, { type: 'context', block_id: blockId(kind, 'empty'), elements: [mrkdwn(empty)] }];
  }
  const shown = page.items.slice(0, limit);
  const more = page.total - shown.length;
  return [
    head,
    ...shown.map((item) => rowOf(kind, item, locale, work)),
    ...(more > 0
      ? [
          {
            type: 'context',
            block_id: blockId(kind, 'more'),
            elements: [mrkdwn(t(locale, 'home.more', { count: more }))],
          } as Block,
        ]
      : []),
  ];
}

/** One item: title, flow, where it stands; 打开 where the person holds its card. */
function rowOf(kind: HomeSectionKind, item: DocListItem, locale: Locale, work: AppHomeWork): Block {
  const title = escapeMrkdwn(truncateText(titleOf(item, locale), TITLE_MAX));
  const marker = URGENCY_MARKERS[item.urgency];
  const urgency = marker ? `${marker} ${t(locale, `card.urgency.${item.urgency}`)} ` : '';
  const details = [
    escapeMrkdwn(work.kindLabelOf(item.definitionId)[locale]),
    whereItStands(kind, item, locale, work),
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    type: 'section',
    block_id: blockId(kind, `row:${item.instanceId}`),
    text: mrkdwn(truncateText(`${urgency}*${title}*\n${details}`, BLOCK_KIT_LIMITS.sectionText)),
    ...openAccessory(item, locale),
  };
}

function whereItStands(kind: HomeSectionKind, item: DocListItem, locale: Locale, work: AppHomeWork): string {
  if (item.status === 'running') {
    const step = item.stepName ? escapeMrkdwn(item.stepName[locale]) : '';
    const where =
      kind === 'waiting' || item.waitingOn.length === 0
        ? step
        : t(locale, 'card.waiting_on', { names: namesOf(item.waitingOn, locale, work), step });
    return [where, deadlineOf(item, locale, work)].filter(Boolean).join(' · ');
  }
  if (item.status === 'returned' || item.status === 'recalled') {
    return kind === 'waiting' ? t(locale, 'home.waiting_you') : t(locale, `card.status.${item.status}`);
  }
  return `${t(locale, `card.status.${item.status}`)} ${formatListTime(item.updatedAt, work.now, work.timeZone)}`;
}

function deadlineOf(item: DocListItem, locale: Locale, work: AppHomeWork): string {
  if (item.deadline === null) return '';
  const due = t(locale, 'doc.list.deadline', {
    time: formatListTime(item.deadline, work.now, work.timeZone),
  });
  return item.overdue ? `${due} *${t(locale, 'doc.list.overdue')}*` : due;
}

function namesOf(personIds: readonly string[], locale: Locale, work: AppHomeWork): string {
  const separator = locale === 'en' ? ', ' : '、';
  const names = personIds.map((id) => escapeMrkdwn(work.names.get(id) ?? t(locale, 'card.person.unknown')));
  if (names.length <= NAMES_MAX) return names.join(separator);
  return t(locale, 'card.people.more', {
    names: names.slice(0, NAMES_MAX).join(separator),
    count: names.length,
  });
}

function blockId(kind: HomeSectionKind, part: string): string {
  return truncateText(`home:${kind}:${part}`, BLOCK_KIT_LIMITS.idLength);
}
