import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderBlock } from '../../src/chat/slack/reply-blocks.ts';
import type { DocListItem, DocListPage } from '../../src/features/documents/lists.ts';
import type { MyWork as AppHomeWork } from '../../src/features/workflow/my-work.ts';
import { myWorkReply } from '../../src/features/workflow/my-work-reply.ts';
import type { Locale } from '../../src/shared/i18n.ts';

// The App Home views as the Slack builders drew them before the home became a neutral reply,
// recorded once (UPDATE_FIXTURES=1) from those builders: the neutral reply of the person's work,
// each block drawn by the Slack renderer, must equal them byte for byte.

/** The home view as Slack publishes it: the reply's blocks, drawn one by one. */
function buildAppHomeView(locale: Locale, work?: AppHomeWork) {
  return { type: 'home', blocks: myWorkReply(locale, work).blocks.map(renderBlock) };
}

const NOW = new Date('2026-03-10T02:00:00Z');

function item(id: string, overrides: Partial<DocListItem> = {}): DocListItem {
  return {
    instanceId: id,
    definitionId: 'generic_approval',
    title: `标题 ${id}`,
    reference: null,
    classified: false,
    urgency: 'normal',
    status: 'running',
    stepName: { zh: '部门负责人审核', en: 'Department head review' },
    deadline: null,
    overdue: false,
    waitingOn: ['liu-yang'],
    docNumber: null,
    createdAt: '2026-03-01T02:00:00Z',
    updatedAt: '2026-03-09T02:00:00Z',
    involved: true,
    ...overrides,
  };
}

const page = (items: DocListItem[], total = items.length): DocListPage => ({ items, total });

function work(overrides: Partial<AppHomeWork> = {}): AppHomeWork {
  return {
    now: NOW,
    timeZone: 'Asia/Shanghai',
    waiting: page([]),
    mine: page([]),
    finished: page([]),
    names: new Map([
      ['liu-yang', '刘洋'],
      ['odd', '<@U1> & *张*'],
      ['a', '甲'],
      ['b', '乙'],
      ['c', '丙'],
    ]),
    kindLabelOf: (id) =>
      id === 'odd'
        ? { zh: '<审批> & *特*', en: '<Approval> & *odd*' }
        : { zh: '通用审批', en: 'General approval' },
    ...overrides,
  };
}

const many = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => item(`${prefix}${i}`, { title: `${'长'.repeat(100)}${i}` }));

/** Every kind of row: statuses, urgencies, deadlines, classified, odd names, no card held. */
const varied: AppHomeWork = work({
  waiting: page(
    [
      item('w1', { overdue: true, deadline: '2026-03-05T09:00:00Z', title: '超期的 <!here> & *请示*' }),
      item('w2', { urgency: 'urgent', deadline: '2027-01-12T09:00:00Z', title: '加急的通知' }),
      item('w3', { urgency: 'extra_urgent', stepName: { zh: '<核稿> *', en: '<Check> *' } }),
      item('w4', { status: 'returned', stepName: null }),
      item('w5', { status: 'recalled', title: '   ' }),
      item('w6', { classified: true, title: null, reference: '机要〔2026〕3号 <x>' }),
      item('w7', { classified: true, title: null, reference: null, docNumber: '办〔2026〕9号' }),
      item('w8', { definitionId: 'odd', involved: false }),
    ],
    12,
  ),
  mine: page([
    item('m1', { waitingOn: ['odd'] }),
    item('m2', { waitingOn: ['a', 'b', 'c', 'liu-yang', 'nobody'] }),
    item('m3', { waitingOn: [], deadline: '2026-03-12T09:00:00Z' }),
    item('m4', { status: 'returned' }),
    item('m5', { status: 'recalled' }),
    item('m6', { waitingOn: ['nobody'], stepName: null }),
  ]),
  finished: page([
    item('f1', { status: 'approved', stepName: null, updatedAt: '2026-03-09T06:30:00Z' }),
    item('f2', { status: 'rejected', updatedAt: '2025-12-31T20:00:00Z' }),
    item('f3', { status: 'cancelled', involved: false }),
  ]),
});

const CASES: Record<string, (locale: Locale) => unknown> = {
  welcome: (locale) => buildAppHomeView(locale),
  empty: (locale) => buildAppHomeView(locale, work()),
  varied: (locale) => buildAppHomeView(locale, varied),
  long: (locale) =>
    buildAppHomeView(
      locale,
      work({
        waiting: page(many('w', 20), 37),
        mine: page(many('m', 10), 25),
        finished: page(many('f', 11)),
      }),
    ),
  exactly_ten: (locale) => buildAppHomeView(locale, work({ waiting: page(many('w', 10)) })),
};

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/home-replies/${name}.json`, import.meta.url));

describe('the App Home views', () => {
  for (const [name, build] of Object.entries(CASES)) {
    for (const locale of ['zh', 'en'] as const) {
      it(`draws ${name} (${locale}) as recorded`, () => {
        const view = build(locale);
        const file = fixture(`${name}.${locale}`);
        if (process.env.UPDATE_FIXTURES === '1') {
          writeFileSync(file, `${JSON.stringify(view, null, 2)}\n`);
        }
        expect(view).toEqual(JSON.parse(readFileSync(file, 'utf8')));
      });
    }
  }
});
