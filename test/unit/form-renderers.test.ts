import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { type FormSpec, validateForm } from '../../src/chat/core/form-spec.ts';
import {
  readSlackModal,
  renderSlackModal,
  type SlackFormBinding,
  slackFormErrors,
} from '../../src/chat/slack/form-view.ts';
import { renderFormPage } from '../../src/chat/web/form-page.ts';
import { blockKitProblems } from '../support/block-kit.ts';

// One form of every field kind, drawn by both renderers: a Slack modal within Block Kit's limits
// whose submission reads back into the form's input, and a web page that escapes what people typed
// and shows it again beside the refusals.

const spec: FormSpec = {
  id: 'test.every-kind',
  title: { zh: '登记', en: 'Register' },
  submitLabel: { key: 'modal.submit' },
  notices: [
    { kind: 'heading', lines: [{ text: '<b>标题</b> & *粗体*' }] },
    { kind: 'note', lines: [{ zh: '请如实填写。', en: 'Fill in truthfully.' }] },
  ],
  fields: [
    {
      id: 'title',
      kind: 'text',
      label: { text: '标题' },
      required: true,
      maxLength: 100,
      hint: { text: '不超过 100 字' },
    },
    { id: 'body', kind: 'long_text', label: { text: '正文' }, required: false, maxLength: 500 },
    { id: 'link', kind: 'url', label: { text: '链接' }, required: false, maxLength: 1000 },
    {
      id: 'count',
      kind: 'number',
      label: { text: '份数' },
      required: true,
      min: 1,
      max: 9,
      maxLength: 6,
      initial: 2,
    },
    { id: 'day', kind: 'date', label: { text: '日期' }, required: false, initial: '2026-12-06' },
    {
      id: 'level',
      kind: 'select',
      style: 'radio',
      label: { text: '密级' },
      required: true,
      options: [
        { value: 'public', label: { text: '公开' } },
        { value: 'internal', label: { text: '内部' } },
      ],
      initial: 'internal',
    },
    {
      id: 'departments',
      kind: 'multi_select',
      label: { text: '会签部门' },
      required: false,
      maxSelected: 2,
      options: [
        { value: 'office', label: { text: '办公室' } },
        { value: 'water', label: { text: '水政科' } },
        { value: 'rural', label: { text: '农水科' } },
      ],
      initial: ['water'],
    },
    {
      id: 'who',
      kind: 'person',
      label: { text: '经办人' },
      required: false,
      options: [{ value: 'liu-yang', label: { text: '刘洋' } }],
      placeholder: { text: '选择人员' },
    },
    {
      id: 'ack',
      kind: 'checkbox',
      label: { text: '确认' },
      required: false,
      options: [{ value: 'yes', label: { text: '已核对' } }],
    },
  ],
};

const binding: SlackFormBinding = {
  callbackId: 'test_modal',
  privateMetadata: '{}',
  fields: Object.fromEntries(spec.fields.map((f) => [f.id, { blockId: `b_${f.id}`, actionId: `a_${f.id}` }])),
};

describe('the Slack renderer', () => {
  const view = renderSlackModal(spec, binding, 'zh');
  const input = (id: string) =>
    view.blocks.find((b): b is types.InputBlock => b.type === 'input' && b.block_id === `b_${id}`);

  it('draws every kind within Block Kit’s limits, with the element each kind takes', () => {
    expect(blockKitProblems(view, 'view')).toEqual([]);
    expect(view.blocks.slice(0, 2).map((b) => b.type)).toEqual(['context', 'context']);
    expect(JSON.stringify(view.blocks[0])).toContain('&lt;b&gt;标题&lt;/b&gt; &amp;');
    expect(spec.fields.map((f) => [f.id, input(f.id)?.element.type, input(f.id)?.optional])).toEqual([
      ['title', 'plain_text_input', false],
      ['body', 'plain_text_input', true],
      ['link', 'plain_text_input', true],
      ['count', 'plain_text_input', false],
      ['day', 'plain_text_input', true],
      ['level', 'radio_buttons', false],
      ['departments', 'multi_static_select', true],
      ['who', 'static_select', true],
      ['ack', 'checkboxes', true],
    ]);
    expect(input('count')?.element).toMatchObject({ max_length: 6, initial_value: '2' });
    expect(input('day')?.element).toMatchObject({ max_length: 10, initial_value: '2026-12-06' });
    expect(input('departments')?.element).toMatchObject({
      max_selected_items: 2,
      initial_options: [{ value: 'water' }],
    });
    expect(input('title')?.hint?.text).toBe('不超过 100 字');
  });

  it('reads a submission back into the form’s input and puts refusals under their blocks', () => {
    const values = {
      b_title: { a_title: { type: 'plain_text_input', value: '' } },
      b_count: { a_count: { type: 'plain_text_input', value: '12' } },
      b_level: { a_level: { type: 'radio_buttons', selected_option: { value: 'public' } } },
      b_departments: {
        a_departments: {
          type: 'multi_static_select',
          selected_options: [{ value: 'office' }, { value: 'rural' }],
        },
      },
    };
    const { input: read } = readSlackModal(binding, values);
    expect(read).toEqual({ title: '', count: '12', level: 'public', departments: ['office', 'rural'] });
    const checked = validateForm(spec, read, 'zh');
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(Object.keys(slackFormErrors(binding, checked.errors)).sort()).toEqual(['b_count', 'b_title']);
  });
});

describe('the web page', () => {
  it('escapes what people typed, keeps it, and shows each refusal beside its field', () => {
    const input = {
      title: '<script>alert(1)</script>',
      count: '十二',
      level: 'public',
      departments: ['office'],
    };
    const checked = validateForm(spec, input, 'zh');
    if (checked.ok) throw new Error('expected refusals');
    const html = renderFormPage(spec, 'zh', '/forms/test.every-kind?t=a&b', {
      input,
      errors: checked.errors,
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('action="/forms/test.every-kind?t=a&amp;b" novalidate');
    expect(html).toContain('<p class="error" id="f-count-error">请填写 1 到 9 的整数。</p>');
    expect(html).toMatch(
      /id="f-count" name="count" value="十二"[^>]*aria-describedby="f-count-error" aria-invalid="true"/,
    );
    expect(html).toMatch(/value="public" checked/);
    expect(html).toMatch(/value="office" checked/);
    expect(html).not.toMatch(/value="water" checked/);
    expect(html).toContain('<h2>&lt;b&gt;标题&lt;/b&gt; &amp; *粗体*</h2>');
    expect(html).toContain('<html lang="zh-CN">');
  });

  it('starts from the initial values, in English for English readers', () => {
    const html = renderFormPage(spec, 'en', '/forms/x?t=y');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Register</h1>');
    expect(html).toMatch(/id="f-count" name="count" value="2"/);
    expect(html).toMatch(/type="date" id="f-day" name="day" value="2026-12-06"/);
    expect(html).toMatch(/value="internal" checked/);
    expect(html).toMatch(/value="water" checked/);
    expect(html).toContain('<button type="submit">Submit</button>');
  });
});
