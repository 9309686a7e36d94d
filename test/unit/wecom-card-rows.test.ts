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
    for (const row of rows)
      expect(textColumns(row.value)).toBeLessThanOrEqual(TEMPLATE_CARD_LIMITS.rowValueColumns);
  });

  it('keeps to six rows, a row for every field first: a field of several lines gets the rows left', () => {
    const rows = rowsOf([
      { label: '备注', value: '' },
      tally,
      { label: '时间', value: '09:00' },
      { label: '地点', value: '301' },
      { label: '主办', value: '水政科' },
    ]);
    expect(rows).toHaveLength(TEMPLATE_CARD_LIMITS.rows);
    expect(rows.map((r) => r.keyname)).toEqual(['备注', '回执', '回执', '时间', '地点', '主办']);
    expect(rows[0]?.value).toBe('');
  });

  const summarised = { ...tally, summary: '已确认（12），请假（1），未回复（38）' };

  it('shows a field’s one-line summary (the tally’s counts) where the rows left are too few for its lines', () => {
    const facts = ['时间', '地点', '议程', '材料'].map((label) => ({ label, value: label, keep: true }));
    const rows = rowsOf([{ label: '我的答复', value: '参加' }, summarised, ...facts]);
    expect(rows.map((r) => r.keyname)).toEqual(['我的答复', '回执', '时间', '地点', '议程', '材料']);
    expect(rows[1]?.value).toBe('已确认（12），请假（1），未回复（38）');
    // With room, the lines themselves.
    expect(rowsOf([summarised]).map((r) => r.value.split('：')[0])).toEqual([
      '已确认（12）',
      '请假（1）',
      '未回复（38）',
    ]);
  });

  it('shows the summary of a one-line field whose line is longer than a row', () => {
    const names = Array.from({ length: 30 }, (_, i) => `职员${i + 1}号`).join('、');
    const attendance = {
      label: '出席',
      value: `应到 41 人，实到 30 人（${names}），请假 3 人（…），缺席 8 人（…）`,
      summary: '应到 41 人，实到 30 人，请假 3 人，缺席 8 人',
    };
    expect(rowsOf([attendance]).map((r) => r.value)).toEqual([
      '应到 41 人，实到 30 人，请假 3 人，缺席 8 人',
    ]);
    const short = { ...attendance, value: '应到 2 人，实到 2 人（高燕、马强）' };
    expect(rowsOf([short]).map((r) => r.value)).toEqual(['应到 2 人，实到 2 人（高燕、马强）']);
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
