import { describe, expect, it } from 'vitest';
import { strong } from '../../src/chat/core/reply.ts';
import { buildAppHomeView } from '../../src/chat/slack/home/blocks.ts';
import type { DocListItem, DocListPage } from '../../src/features/documents/lists.ts';
import type { MyWork as AppHomeWork } from '../../src/features/workflow/my-work.ts';
import { blockKitProblems } from '../support/block-kit.ts';

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
    names: new Map([['liu-yang', '刘洋']]),
    kindLabelOf: () => ({ zh: '通用审批', en: 'General approval' }),
    ...overrides,
  };
}

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: Record<string, unknown>;
};
const blocksOf = (w: AppHomeWork, locale: 'zh' | 'en' = 'zh') =>
  buildAppHomeView(locale, w).blocks as unknown as Block[];
const rows = (blocks: Block[], section: string) =>
  blocks.filter((b) => b.block_id?.startsWith(`home:${section}:row:`));
const textOf = (blocks: Block[]) => JSON.stringify(blocks);

describe('App Home blocks', () => {
  it('shows the three sections in order, each saying in one line when it is empty', () => {
    const blocks = blocksOf(work());
    const titles = blocks.filter((b) => b.block_id?.endsWith(':title')).map((b) => b.text?.text);
    expect(titles).toEqual(['*待我办理*', '*我发起的*', '*近期办结*']);
    expect(textOf(blocks)).toContain('目前没有等待你办理的事项。');
    expect(textOf(blocks)).toContain('你发起的事项都已办结。');
    expect(textOf(blocks)).toContain('近 14 天没有办结的事项。');
    // The welcome and help lines stay, at the bottom.
    expect(blocks[0]).toMatchObject({ type: 'header' });
    expect(JSON.stringify(blocks.at(-1))).toContain('/doc help');
  });

  it('keeps the rows in the order given (the to-do order), with deadline, overdue mark and 打开', () => {
    const blocks = blocksOf(
      work({
        waiting: page([
          item('a', { overdue: true, deadline: '2026-03-05T09:00:00Z', title: '超期的请示' }),
          item('b', { urgency: 'urgent', deadline: '2026-03-12T09:00:00Z', title: '加急的通知' }),
        ]),
      }),
    );
    const waiting = rows(blocks, 'waiting');
    expect(waiting.map((b) => b.block_id)).toEqual(['home:waiting:row:a', 'home:waiting:row:b']);
    expect(waiting[0]?.text?.text).toContain('超期的请示');
    expect(waiting[0]?.text?.text).toContain('截止 03-05 17:00 *⚠ 已超期*');
    expect(waiting[0]?.text?.text).toContain('通用审批 · 部门负责人审核');
    expect(waiting[1]?.text?.text).toContain('🟠 加急');
    expect(waiting[1]?.text?.text).not.toContain('已超期');
    expect(waiting[0]?.accessory).toMatchObject({ action_id: 'doc_list_open', value: 'a' });
    expect(blocks.find((b) => b.block_id === 'home:waiting:title')?.text?.text).toBe('*待我办理*（2 件）');
  });

  it('never shows the title of a classified item: 密件 and its reference instead', () => {
    const blocks = blocksOf(
      work({ waiting: page([item('c', { classified: true, title: null, reference: '机要〔2026〕3号' })]) }),
    );
    expect(rows(blocks, 'waiting')[0]?.text?.text).toContain('密件 机要〔2026〕3号');
  });

  it('says whom my running requests wait on, and when finished items ended', () => {
    const blocks = blocksOf(
      work({
        mine: page([item('m')]),
        finished: page([
          item('f', { status: 'approved', stepName: null, updatedAt: '2026-03-09T06:30:00Z' }),
        ]),
      }),
    );
    expect(rows(blocks, 'mine')[0]?.text?.text).toContain('等待 刘洋 办理（部门负责人审核）');
    expect(rows(blocks, 'finished')[0]?.text?.text).toContain('已通过 03-09 14:30');
  });

  it('shows at most 10 rows per section and counts the rest, within Block Kit limits', () => {
    const many = (prefix: string) =>
      Array.from({ length: 20 }, (_, i) => item(`${prefix}${i}`, { title: 'x'.repeat(500) }));
    const view = buildAppHomeView(
      'zh',
      work({ waiting: page(many('w'), 37), mine: page(many('m'), 25), finished: page(many('f'), 20) }),
    );
    const blocks = view.blocks as unknown as Block[];
    expect(rows(blocks, 'waiting')).toHaveLength(10);
    expect(rows(blocks, 'mine')).toHaveLength(10);
    expect(rows(blocks, 'finished')).toHaveLength(10);
    expect(textOf(blocks)).toContain('另有 27 件');
    expect(textOf(blocks)).toContain('另有 15 件');
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(blockKitProblems(view, 'view')).toEqual([]);
  });

  it('speaks English to an English reader', () => {
    const blocks = blocksOf(
      work({ waiting: page([item('e', { overdue: true, deadline: '2026-03-05T09:00:00Z' })]) }),
      'en',
    );
    const all = textOf(blocks);
    expect(all).toContain('Waiting on me');
    expect(all).toContain('My requests');
    expect(all).toContain('Recently finished');
    expect(all).toContain('⚠ overdue');
    expect(rows(blocks, 'waiting')[0]?.accessory).toMatchObject({ text: { text: 'Open' } });
    expect(all).not.toContain('待我办理');
  });

  it('shows only the welcome without the work (no database side)', () => {
    const view = buildAppHomeView('zh');
    expect(JSON.stringify(view.blocks)).not.toContain('待我办理');
    expect(blockKitProblems(view, 'view')).toEqual([]);
  });

  it('draws a feature’s parts after 待我办理 within Block Kit’s limits, however many rows they have', () => {
    const row = (n: number) => ({
      key: `m${n}`,
      text: [strong(`会议 ${n}`), `\n周三 09:00 · 三楼第一会议室 · 参加`],
    });
    const view = buildAppHomeView(
      'zh',
      work({
        waiting: page(
          Array.from({ length: 10 }, (_, n) => item(`w${n}`)),
          30,
        ),
        extra: [
          { key: 'meetings-week', title: '本周会议', rows: Array.from({ length: 40 }, (_, n) => row(n)) },
          { key: 'meeting-decisions', title: '我的决定事项', rows: [], empty: '没有决定事项。' },
        ],
      }),
    );
    expect(blockKitProblems(view, 'view')).toEqual([]);
    const blocks = view.blocks as unknown as Block[];
    const titles = blocks.filter((b) => b.block_id?.endsWith(':title')).map((b) => b.text?.text);
    expect(titles).toEqual([
      '*待我办理*（30 件）',
      '*本周会议*（40 件）',
      '*我的决定事项*',
      '*我发起的*',
      '*近期办结*',
    ]);
    const shown = rows(blocks, 'meetings-week');
    expect(shown.length).toBeGreaterThan(0);
    expect(textOf(blocks)).toContain(`另有 ${40 - shown.length} 项未列出。`);
    expect(textOf(blocks)).toContain('没有决定事项。');
  });
});
