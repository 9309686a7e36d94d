import { describe, expect, it } from 'vitest';
import { renderReply } from '../../src/chat/slack/reply-blocks.ts';
import { buildRemindersReply, REMINDERS_SHOWN } from '../../src/features/chasing/reminders-reply.ts';
import type { UpcomingReminder } from '../../src/features/chasing/upcoming.ts';
import { parseDocCommand } from '../../src/features/documents/doc-request.ts';
import { blockKitProblems } from '../support/block-kit.ts';

// `/doc reminders` as the office head reads it: one line per pending reminder (when, what, to
// whom, which item), a screenful at most with the count of the rest, classified items by reference.

const local = (iso: string) => new Date(`${iso}+08:00`);
const row = (over: Partial<UpcomingReminder> = {}): UpcomingReminder => ({
  kind: 'before',
  personId: 'liu-yang',
  sendAt: local('2026-12-02T08:30:00'),
  item: { title: '关于购置防汛物资的请示', reference: 'abc12345', classified: false },
  record: null,
  folded: false,
  n: null,
  ...over,
});
const names = new Map([
  ['liu-yang', '刘洋'],
  ['zhao-min', '赵敏'],
]);
const build = (rows: UpcomingReminder[], total = rows.length, locale: 'zh' | 'en' = 'zh') =>
  slack(buildRemindersReply({ locale, rows, total, timeZone: 'Asia/Shanghai', digestTime: '08:30', names }));

/** The reply as Slack draws it. */
function slack(reply: Parameters<typeof renderReply>[0]) {
  const drawn = renderReply(reply);
  return { text: drawn.text, blocks: drawn.blocks ?? [] };
}

describe('/doc reminders', () => {
  it('is read from `/doc reminders` and `/doc 提醒`', () => {
    expect(parseDocCommand('reminders')).toEqual({ kind: 'reminders' });
    expect(parseDocCommand('提醒')).toEqual({ kind: 'reminders' });
  });

  it('says when each goes, what it is, to whom and about which item, in the unit’s time zone', () => {
    const message = build([
      row(),
      row({ kind: 'overdue', n: 2, sendAt: local('2026-12-04T14:00:00'), folded: true }),
      row({ kind: 'escalation', personId: 'zhao-min' }),
      row({ kind: 'loan_overdue', item: null, record: '示水-2025-WS10-0007' }),
    ]);
    expect(message.text).toContain('*接下来要发出的提醒*（共 4 条待发，Asia/Shanghai 时间）');
    expect(message.text).toContain('• 12-02 08:30  到期前提醒 → 刘洋：「关于购置防汛物资的请示」');
    expect(message.text).toContain(
      '• 12-04 14:00  超期催办（第 2 次）（并入早间汇总） → 刘洋：「关于购置防汛物资的请示」',
    );
    expect(message.text).toContain('督办 → 赵敏');
    expect(message.text).toContain('借阅超期催还 → 刘洋：示水-2025-WS10-0007');
    expect(message.text).toContain('每个工作日 08:30');
    expect(blockKitProblems(message)).toEqual([]);
    expect(build([row()], 1, 'en').text).toContain(
      '• 12-02 08:30  Reminder before the deadline → 刘洋: 「关于购置防汛物资的请示」',
    );
  });

  it('shows a classified item by its reference only, and escapes what users typed', () => {
    const text = build([
      row({ item: { title: null, reference: '示水收上〔2026〕3号', classified: true } }),
      row({ item: { title: '<!channel> 关于…', reference: null, classified: false } }),
    ]).text;
    expect(text).toContain('密件 示水收上〔2026〕3号');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
  });

  it('lists at most a screenful and counts the rest', () => {
    const many = Array.from({ length: REMINDERS_SHOWN }, () => row());
    const message = build(many, 57);
    expect(message.text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(REMINDERS_SHOWN);
    expect(message.text).toContain(`……还有 ${57 - REMINDERS_SHOWN} 条未列出。`);
    expect(blockKitProblems(message)).toEqual([]);
  });

  it('says so when nothing is pending', () => {
    expect(build([], 0).text).toContain('目前没有待发的提醒。');
  });
});
