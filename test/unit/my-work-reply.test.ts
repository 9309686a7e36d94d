import { describe, expect, it } from 'vitest';
import { plainOf, type ReplyBlock } from '../../src/chat/core/reply.ts';
import type { DocListItem } from '../../src/features/documents/lists.ts';
import type { MyWork } from '../../src/features/workflow/my-work.ts';
import { myWorkReply } from '../../src/features/workflow/my-work-reply.ts';

// The person's work as a neutral reply (no platform): what each part says, where the 打开 buttons
// are, and how long lists are cut.

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
    waitingOn: [],
    docNumber: null,
    createdAt: '2026-03-01T02:00:00Z',
    updatedAt: '2026-03-09T02:00:00Z',
    involved: true,
    ...overrides,
  };
}

function work(overrides: Partial<MyWork> = {}): MyWork {
  return {
    now: new Date('2026-03-10T02:00:00Z'),
    timeZone: 'Asia/Shanghai',
    waiting: { items: [], total: 0 },
    mine: { items: [], total: 0 },
    finished: { items: [], total: 0 },
    names: new Map(),
    kindLabelOf: () => ({ zh: '通用审批', en: 'General approval' }),
    ...overrides,
  };
}

const textOf = (block: ReplyBlock | undefined) =>
  block?.kind === 'section'
    ? plainOf(block.text ?? [])
    : block?.kind === 'context'
      ? block.items.map(plainOf).join(' ')
      : '';

describe('the person’s work as a reply', () => {
  it('is the welcome alone without the work', () => {
    const reply = myWorkReply('zh');
    expect(reply.blocks.map((b) => b.kind)).toEqual(['header', 'section', 'context']);
    expect(plainOf(reply.text)).toContain('办公室');
  });

  it('puts 打开 only on items whose card the person holds, carrying the item', () => {
    const reply = myWorkReply(
      'zh',
      work({ waiting: { items: [item('a'), item('b', { involved: false })], total: 2 } }),
    );
    const rows = reply.blocks.filter((b) => b.key?.startsWith('home:waiting:row:'));
    expect(rows.map((b) => (b.kind === 'section' ? b.button : undefined))).toEqual([
      { label: '打开', action: 'doc_list_open', value: 'a' },
      undefined,
    ]);
    expect(textOf(rows[0])).toBe('标题 a\n通用审批 · 部门负责人审核');
  });

  it('keeps what people typed as it is: escaping is each platform’s', () => {
    const reply = myWorkReply(
      'zh',
      work({ mine: { items: [item('m', { title: '<!here> & *x*' })], total: 1 } }),
    );
    expect(textOf(reply.blocks.find((b) => b.key === 'home:mine:row:m'))).toContain('<!here> & *x*');
  });

  it('shows ten rows of a long part and counts the rest, within the reply limits', () => {
    const items = Array.from({ length: 15 }, (_, i) => item(`w${i}`));
    const reply = myWorkReply('en', work({ waiting: { items, total: 40 } }));
    expect(reply.blocks.filter((b) => b.key?.startsWith('home:waiting:row:'))).toHaveLength(10);
    expect(textOf(reply.blocks.find((b) => b.key === 'home:waiting:more'))).toContain('30 more');
    expect(plainOf(reply.text)).toBe('Waiting on me (40)\nMy requests\nRecently finished');
    expect(reply.blocks.length).toBeLessThanOrEqual(50);
  });
});
