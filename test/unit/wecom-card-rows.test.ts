import { describe, expect, it } from 'vitest';
import { renderCardTemplate, TEMPLATE_CARD_LIMITS } from '../../src/chat/wecom/card/template-card.ts';
import { textColumns, truncateColumns, truncateText } from '../../src/shared/text.ts';
import { cardWith } from '../support/card-fixtures.ts';

// A template card's rows (horizontal_content_list): thirty characters a row, six rows. A field of
// several lines (a meeting's tally, a line per answer) takes a row per line, so every line's start
// (its count) shows; the first line alone would fill a row and cut the others away. A row's label
// (keyname) has the room of five Chinese characters, ten columns: a Latin letter takes one.

type Rows = Array<{ keyname: string; value: string }>;
const rowsOf = (fields: Array<{ label: string; value: string }>) =>
  renderCardTemplate(cardWith({ fields }), 'task-1').horizontal_content_list as Rows;

describe('the rows of a WeCom template card', () => {
  const names = Array.from({ length: 38 }, (_, i) => `职员${i + 1}号`).join('、');
  const tally = {
    label: '回执',
    value: `已确认（12）：高燕、马强、林峰、唐宁\n请假（1）：孙丽（出差）\n未回复（38）：${names}`,
  };

  it('draws a field of several lines as a row per line, each line’s count kept', () => {
    const rows = rowsOf([tally, { label: '时间', value: '12月2日（周三）09:00–11:00' }]);
    expect(rows.map((r) => r.keyname)).toEqual(['回执', '回执', '回执', '时间']);
    expect(rows[0]?.value).toBe('已确认（12）：高燕、马强、林峰、唐宁');
    expect(rows[1]?.value).toBe('请假（1）：孙丽（出差）');
    expect(rows[2]?.value.startsWith('未回复（38）：职员1号、')).toBe(true);
    expect(rows[2]?.value.endsWith('…')).toBe(true);
    for (const row of rows) expect([...row.value].length).toBeLessThanOrEqual(TEMPLATE_CARD_LIMITS.rowValue);
  });

  it('keeps to six rows, and draws a field without a value as one empty row', () => {
    const rows = rowsOf([
      { label: '备注', value: '' },
      tally,
      { label: '时间', value: '09:00' },
      { label: '地点', value: '301' },
      { label: '主办', value: '水政科' },
    ]);
    expect(rows).toHaveLength(TEMPLATE_CARD_LIMITS.rows);
    expect(rows.map((r) => r.keyname)).toEqual(['备注', '回执', '回执', '回执', '时间', '地点']);
    expect(rows[0]?.value).toBe('');
  });

  const labelsOf = (labels: string[]) =>
    rowsOf(labels.map((label) => ({ label, value: 'x' }))).map((r) => r.keyname);

  it('keeps English labels of up to ten letters whole, as five Chinese characters are', () => {
    expect(labelsOf(['Place', 'Agenda', 'Materials', 'Attendance'])).toEqual([
      'Place',
      'Agenda',
      'Materials',
      'Attendance',
    ]);
  });

  it('cuts a longer label within ten columns, with no space left before the ellipsis', () => {
    const labels = labelsOf(['Meeting cancelled', 'Your answer', 'Host department']);
    expect(labels).toEqual(['Meeting…', 'Your ans…', 'Host dep…']);
    for (const label of labels) expect(textColumns(label)).toBeLessThanOrEqual(10);
  });

  it('cuts Chinese labels as before: five characters whole, a longer one to four and an ellipsis', () => {
    const labels = ['会议已取消', '内容和议程', '合并或套开？', '主办部门负责人', '签到'];
    expect(labelsOf(labels)).toEqual(['会议已取消', '内容和议程', '合并或套…', '主办部门…', '签到']);
    // The same as five characters counted one by one.
    expect(labelsOf(labels)).toEqual(labels.map((label) => truncateText(label, 5)));
  });
});

describe('text measured in columns', () => {
  it('counts a Chinese character or fullwidth sign two columns and a Latin letter one', () => {
    expect(textColumns('Agenda')).toBe(6);
    expect(textColumns('会议材料')).toBe(8);
    expect(textColumns('（PDF）附件')).toBe(11);
    expect(textColumns('𠀀')).toBe(2);
  });

  it('cuts to the columns, never splitting a character, the ellipsis counted as wide', () => {
    expect(truncateColumns('Materials', 10)).toBe('Materials');
    expect(truncateColumns('Materials list', 10)).toBe('Material…');
    expect(truncateColumns('主办部门负责人', 10)).toBe('主办部门…');
    expect(truncateColumns('PDF附件下载', 10)).toBe('PDF附件…');
    expect(truncateColumns('𠀀𠀁𠀂𠀃𠀄𠀅', 10)).toBe('𠀀𠀁𠀂𠀃…');
  });
});
