import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/chat/slack/ids.ts';
import { renderReply } from '../../src/chat/slack/reply-blocks.ts';
import { buildDocListReply, type DocListReplyInput } from '../../src/features/documents/doc-list-reply.ts';
import {
  compareWaiting,
  type DocListItem,
  FIND_LIMITS,
  LIST_LIMIT,
  listItemOf,
  parseFindWords,
} from '../../src/features/documents/lists.ts';
import type { Prisma } from '../../src/generated/prisma/client.ts';
import { blockKitProblems } from '../support/block-kit.ts';
import { assignment, step } from '../support/workflow-fixtures.ts';

const NOW = new Date('2026-11-23T02:00:00Z');

let counter = 0;
function item(extra: Partial<DocListItem> = {}): DocListItem {
  counter += 1;
  return {
    instanceId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    definitionId: 'generic_approval',
    title: `事项${counter}`,
    reference: null,
    classified: false,
    urgency: 'normal',
    status: 'running',
    stepName: { zh: '部门负责人审核', en: 'Department head review' },
    deadline: '2026-11-25T10:00:00.000Z',
    overdue: false,
    waitingOn: ['liu-yang'],
    docNumber: null,
    createdAt: '2026-11-20T02:00:00.000Z',
    updatedAt: '2026-11-20T02:00:00.000Z',
    involved: true,
    ...extra,
  };
}

function message(items: DocListItem[], extra: Partial<DocListReplyInput> = {}) {
  return buildDocListMessage({
    kind: 'waiting',
    locale: 'zh',
    now: NOW,
    timeZone: 'Asia/Shanghai',
    page: { items, total: items.length },
    names: new Map([['liu-yang', '刘洋']]),
    kindLabelOf: () => ({ zh: '通用审批', en: 'Approval' }),
    ...extra,
  });
}

describe('the to-do order', () => {
  it('puts overdue items first, then 特急 and 加急 before 平件, then the nearest deadline', () => {
    const lateNormal = item({ title: 'late-normal', overdue: true, deadline: '2026-11-20T10:00:00.000Z' });
    const lateUrgent = item({
      title: 'late-urgent',
      overdue: true,
      urgency: 'urgent',
      deadline: '2026-11-21T10:00:00.000Z',
    });
    const extra = item({ title: 'extra', urgency: 'extra_urgent', deadline: '2026-11-30T10:00:00.000Z' });
    const urgentSoon = item({
      title: 'urgent-soon',
      urgency: 'urgent',
      deadline: '2026-11-24T10:00:00.000Z',
    });
    const urgentLater = item({
      title: 'urgent-later',
      urgency: 'urgent',
      deadline: '2026-11-26T10:00:00.000Z',
    });
    const normalSoon = item({ title: 'normal-soon', deadline: '2026-11-24T01:00:00.000Z' });
    const returned = item({ title: 'returned', status: 'returned', deadline: null, stepName: null });
    const sorted = [returned, normalSoon, urgentLater, extra, lateNormal, urgentSoon, lateUrgent].sort(
      compareWaiting,
    );
    expect(sorted.map((i) => i.title)).toEqual([
      'late-urgent',
      'late-normal',
      'extra',
      'urgent-soon',
      'urgent-later',
      'normal-soon',
      'returned',
    ]);
  });

  it('orders items without a deadline by age, oldest first', () => {
    const newer = item({ title: 'newer', deadline: null, createdAt: '2026-11-22T00:00:00.000Z' });
    const older = item({ title: 'older', deadline: null, createdAt: '2026-11-01T00:00:00.000Z' });
    expect([newer, older].sort(compareWaiting).map((i) => i.title)).toEqual(['older', 'newer']);
  });
});

describe('list rows from stored instances', () => {
  const row = (secrecy: string, title: string | null, reference: string | null) => ({
    id: '11111111-1111-4111-8111-111111111111',
    definitionId: 'generic_approval',
    requesterId: 'xu-hui',
    title,
    reference,
    secrecy,
    urgency: 'urgent',
    status: 'running',
    waitingOn: ['liu-yang'],
    // As stored: the instance's state is a JSON column.
    state: {
      currentStep: 0,
      params: { docNumber: '示水发〔2026〕3号' },
      steps: [
        step('dept_review', 'single', 'active', [assignment('liu-yang')], {
          deadline: '2026-11-20T10:00:00.000Z',
        }),
      ],
    } as unknown as Prisma.JsonValue,
    createdAt: new Date('2026-11-18T00:00:00Z'),
    updatedAt: new Date('2026-11-18T00:00:00Z'),
  });

  it('reads the current step, its deadline, whether it is overdue, and the document number', () => {
    const listed = listItemOf(row('internal', '关于防汛的通知', null), 'liu-yang', NOW);
    expect(listed).toMatchObject({
      title: '关于防汛的通知',
      classified: false,
      stepName: { zh: '步骤dept_review' },
      deadline: '2026-11-20T10:00:00.000Z',
      overdue: true,
      docNumber: '示水发〔2026〕3号',
      involved: true,
    });
    expect(listItemOf(row('internal', 'x', null), 'gao-yan', NOW).involved).toBe(false);
    expect(listItemOf(row('internal', 'x', null), 'xu-hui', NOW).involved).toBe(true);
  });

  it.each(['secret', 'confidential', 'top_secret'])(
    'never carries the title of a %s item, even one stored by mistake, and shows 密件 <reference>',
    (secrecy) => {
      const listed = listItemOf(row(secrecy, '绝密的标题', '示水密〔2026〕3号'), 'liu-yang', NOW);
      expect(listed.title).toBeNull();
      expect(listed.classified).toBe(true);
      for (const kind of ['waiting', 'mine', 'find'] as const) {
        for (const locale of ['zh', 'en'] as const) {
          const built = message([listed], { kind, locale, words: ['示水密'] });
          expect(JSON.stringify(built)).not.toContain('绝密的标题');
          expect(JSON.stringify(built.blocks)).toContain('示水密〔2026〕3号');
        }
      }
      expect(JSON.stringify(message([listed]).blocks)).toContain('密件 示水密〔2026〕3号');
    },
  );
});

describe('search words', () => {
  it('splits on ASCII and full-width spaces, drops empty and repeated words', () => {
    expect(parseFindWords('防汛　通知  物资\t防汛')).toEqual(['防汛', '通知', '物资']);
    expect(parseFindWords('　 　')).toEqual([]);
    expect(parseFindWords('Notice notice')).toEqual(['Notice']);
  });

  it('keeps at most a few words of bounded length', () => {
    const many = Array.from({ length: 20 }, (_, i) => `w${i}`).join(' ');
    expect(parseFindWords(many)).toHaveLength(FIND_LIMITS.words);
    expect(parseFindWords('长'.repeat(500))[0]).toHaveLength(FIND_LIMITS.wordLength);
  });
});

describe('list messages', () => {
  it('shows title, flow, step, deadline with ⚠ 已超期 in Asia/Shanghai time, and an 打开 button', () => {
    const late = item({
      title: '关于采购防汛物资的请示',
      urgency: 'extra_urgent',
      overdue: true,
      deadline: '2026-11-20T10:00:00.000Z',
    });
    const built = message([late]);
    expect(blockKitProblems(built)).toEqual([]);
    const row = built.blocks[1] as unknown as { text: { text: string }; accessory: Record<string, unknown> };
    expect(row.text.text).toContain('*关于采购防汛物资的请示*');
    expect(row.text.text).toContain('🔴 特急');
    expect(row.text.text).toContain('通用审批 · 部门负责人审核 · 截止 11-20 18:00 *⚠ 已超期*');
    expect(row.accessory).toMatchObject({
      type: 'button',
      action_id: ACTION_IDS.docListOpen,
      text: { text: '打开' },
      value: late.instanceId,
    });
    const english = message([late], { locale: 'en' });
    expect(JSON.stringify(english.blocks)).toContain('due 11-20 18:00 *⚠ overdue*');
    expect(JSON.stringify(english.blocks)).toContain('"Open"');
  });

  it('offers 打开 only on items whose card the viewer holds', () => {
    const built = message([item({ involved: false })], { kind: 'find', words: ['事项'] });
    expect(JSON.stringify(built.blocks)).not.toContain(ACTION_IDS.docListOpen);
  });

  it('says where an item stands in /doc mine: whom it waits on, or how and when it ended, with its number', () => {
    const built = message(
      [
        item({ title: '在办', waitingOn: ['liu-yang'] }),
        item({
          title: '已完成',
          status: 'approved',
          stepName: null,
          deadline: null,
          waitingOn: [],
          docNumber: '示水发〔2026〕1号',
          updatedAt: '2026-11-21T06:30:00.000Z',
        }),
      ],
      { kind: 'mine' },
    );
    const text = JSON.stringify(built.blocks);
    expect(text).toContain('等待 刘洋 办理（部门负责人审核）');
    expect(text).toContain('已通过 11-21 14:30');
    expect(text).toContain('文号：示水发〔2026〕1号');
  });

  it('escapes user text so a title cannot mention the channel or make a link', () => {
    const built = message([item({ title: '<!channel> & <https://evil.example|点这里>' })]);
    const text = JSON.stringify(built);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt; &amp;');
  });

  it.each(['zh', 'en'] as const)(
    'stays within Block Kit limits in %s with 20 worst-case rows, and counts the rows left out',
    (locale) => {
      const worst = Array.from({ length: LIST_LIMIT }, () =>
        item({
          title: '&<>'.repeat(200),
          urgency: 'extra_urgent',
          overdue: true,
          docNumber: `${'&'.repeat(200)}〔2026〕1号`,
          stepName: { zh: '长'.repeat(300), en: 'L'.repeat(300) },
          waitingOn: ['a', 'b', 'c', 'd', 'e'],
        }),
      );
      const names = new Map(['a', 'b', 'c', 'd', 'e'].map((id) => [id, '<&>'.repeat(50)]));
      for (const kind of ['waiting', 'mine', 'find'] as const) {
        const built = message(worst, {
          kind,
          locale,
          names,
          words: ['<&>'.repeat(100)],
          page: { items: worst, total: 135 },
        });
        expect(blockKitProblems(built), kind).toEqual([]);
        const rows = built.blocks.filter((b) => b.type === 'section' && 'accessory' in b).length;
        expect(rows).toBeGreaterThan(0);
        expect(JSON.stringify(built.blocks)).toContain(
          locale === 'zh' ? `另有 ${135 - rows} 件未显示` : `${135 - rows} more not shown`,
        );
      }
    },
  );

  it('keeps all 20 ordinary rows and says how many more there are', () => {
    const items = Array.from({ length: LIST_LIMIT }, (_, i) =>
      item({ title: `关于2027年度水利工程第${i}批项目资金安排的请示` }),
    );
    const built = message(items, { page: { items, total: 23 } });
    expect(blockKitProblems(built)).toEqual([]);
    expect(built.blocks.filter((b) => b.type === 'section' && 'accessory' in b)).toHaveLength(LIST_LIMIT);
    expect(JSON.stringify(built.blocks)).toContain('另有 3 件未显示');
    expect(built.text).toContain('共 23 件');
  });

  it.each([
    ['waiting', '目前没有等待你办理的事项'],
    ['mine', '你还没有发起过公文或事项'],
    ['find', '没有找到标题或文号包含“防汛 通知”'],
  ] as const)('answers an empty %s list with a friendly line', (kind, expected) => {
    const built = message([], { kind, words: ['防汛', '通知'] });
    expect(built.text).toContain(expected);
    expect(blockKitProblems(built)).toEqual([]);
  });
});

/** The list as Slack draws it (the Slack message the builder used to return). */
function buildDocListMessage(input: DocListReplyInput) {
  const drawn = renderReply(buildDocListReply(input));
  return { text: drawn.text, blocks: drawn.blocks ?? [] };
}
