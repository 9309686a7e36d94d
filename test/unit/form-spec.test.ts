import { describe, expect, it } from 'vitest';
import {
  type FormSpec,
  type FormText,
  formText,
  prefill,
  validateForm,
} from '../../src/chat/core/form-spec.ts';
import { sealRequestFormSpec, sealRequestOfForm } from '../../src/features/seal/seal-request-form.ts';
import { actionFormSpec, actionOfForm } from '../../src/features/workflow/action-form.ts';

const spec: FormSpec = {
  id: 'test.every-kind',
  title: { zh: '测试', en: 'Test' },
  submitLabel: { key: 'modal.submit' },
  notices: [],
  fields: [
    { id: 'name', kind: 'text', label: { text: 'name' }, required: true, maxLength: 5 },
    { id: 'note', kind: 'long_text', label: { text: 'note' }, required: false, maxLength: 20 },
    { id: 'link', kind: 'url', label: { text: 'link' }, required: false, maxLength: 100 },
    {
      id: 'count',
      kind: 'number',
      label: { text: 'count' },
      required: true,
      min: 1,
      max: 50,
      maxLength: 10,
      units: ['份'],
    },
    { id: 'day', kind: 'date', label: { text: 'day' }, required: false },
    {
      id: 'colour',
      kind: 'select',
      label: { text: 'colour' },
      required: true,
      options: [
        { value: 'red', label: { zh: '红', en: 'Red' } },
        { value: 'blue', label: { zh: '蓝', en: 'Blue' } },
      ],
    },
    {
      id: 'tags',
      kind: 'multi_select',
      label: { text: 'tags' },
      required: false,
      maxSelected: 2,
      options: ['a', 'b', 'c'].map((v) => ({ value: v, label: { text: v } })),
    },
    {
      id: 'who',
      kind: 'person',
      label: { text: 'who' },
      required: false,
      options: [{ value: 'p-1', label: { text: '刘洋' } }],
    },
  ],
};

const good = { name: ' 张三 ', count: '３ 份', colour: 'red' };

describe('validateForm', () => {
  it('reads a good submission: text trimmed, full-width digits and a unit read as a number', () => {
    const result = validateForm(spec, { ...good, note: '', tags: ['a', 'b'], day: '2026-12-31' }, 'zh');
    expect(result).toEqual({
      ok: true,
      values: {
        name: '张三',
        note: null,
        link: null,
        count: 3,
        day: '2026-12-31',
        colour: 'red',
        tags: ['a', 'b'],
        who: null,
      },
    });
  });

  it.each([
    ['a missing required text', { name: '  ' }, 'name', '请填写此项。'],
    ['a text over its length', { name: '一二三四五六' }, 'name', '内容过长（最多 5 字）。'],
    ['a link that is not http(s)', { link: 'ftp://x' }, 'link', '请填写以 http:// 或 https:// 开头的链接。'],
    ['a number out of range', { count: '51' }, 'count', '请填写 1 到 50 的整数。'],
    ['a number with words', { count: '三份' }, 'count', '请填写 1 到 50 的整数。'],
    ['a day that does not exist', { day: '2026-02-30' }, 'day', '请按 年-月-日 填写日期，例如 2026-12-31。'],
    ['a choice not offered', { colour: 'green' }, 'colour', '请从列表中选择。'],
    ['too many choices', { tags: ['a', 'b', 'c'] }, 'tags', '最多选择 2 项。'],
    ['a person not offered', { who: 'p-2' }, 'who', '请从列表中选择。'],
  ])('refuses %s beside its field, in Chinese', (_name, change, field, words) => {
    const result = validateForm(spec, { ...good, ...change }, 'zh');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual({ [field]: words });
  });

  it('says the same in English, and lists every wrong field at once', () => {
    const result = validateForm(spec, { count: '0', colour: 'green' }, 'en');
    expect(result).toMatchObject({
      ok: false,
      errors: {
        name: 'Please fill this in.',
        count: 'Please enter a whole number from 1 to 50.',
        colour: 'Please choose from the list.',
      },
    });
  });

  it('runs the form’s own check only once every field passed', () => {
    const checked: FormSpec = {
      ...spec,
      check: (values): Record<string, FormText> =>
        values.name === '张三' ? { name: { key: 'wf.person_unknown' } } : {},
    };
    expect(validateForm(checked, good, 'zh')).toMatchObject({
      ok: false,
      errors: { name: '所选的人不在单位通讯录中，请重新选择。' },
    });
    expect(validateForm(checked, { ...good, count: '' }, 'zh')).toMatchObject({
      ok: false,
      errors: { count: expect.any(String) },
    });
  });

  it('prefills a form with what was sent, so a refused form keeps the typed values', () => {
    const again = prefill(spec, { name: '太长的名字啊', count: 'x', tags: ['b'] });
    expect(again.fields.find((f) => f.id === 'name')?.initial).toBe('太长的名字啊');
    expect(again.fields.find((f) => f.id === 'count')?.initial).toBe('x');
    expect(again.fields.find((f) => f.id === 'tags')?.initial).toEqual(['b']);
  });

  it('falls back to Chinese for a pair without English', () => {
    expect(formText({ zh: '合同专用章', en: null }, 'en')).toBe('合同专用章');
    expect(formText({ key: 'seal.error.copies', params: { max: 9 } }, 'en')).toContain('9');
  });
});

describe('the action form', () => {
  it('insists on an opinion where the step requires one, with the words the modal always used', () => {
    expect(validateForm(actionFormSpec({ action: 'approve', requireComment: true }), {}, 'zh')).toEqual({
      ok: false,
      errors: { comment: '请填写意见。' },
      values: { comment: null },
    });
    expect(validateForm(actionFormSpec({ action: 'approve', requireComment: false }), {}, 'zh').ok).toBe(
      true,
    );
  });

  it('asks for a person on transfer and reads the action', () => {
    const form = actionFormSpec({ action: 'add_signer', requireComment: false });
    expect(validateForm(form, { signer_position: 'after' }, 'en')).toMatchObject({
      ok: false,
      errors: { person: 'That person is not in the office directory. Please choose someone else.' },
    });
    const result = validateForm(
      form,
      { person: 'p-9', signer_position: 'before', comment: ' 请把关 ' },
      'zh',
    );
    expect(result.ok && actionOfForm('add_signer', result.values)).toEqual({
      type: 'add_signer',
      personId: 'p-9',
      position: 'before',
      comment: '请把关',
    });
  });
});

describe('the seal request form', () => {
  const seals = [{ id: 'seal-1', name: '公章', nameEn: 'Office seal' }];
  it('refuses with the words the modal always used', () => {
    const result = validateForm(
      sealRequestFormSpec({ seals }),
      { seal: 'seal-x', copies: '0', link: 'x' },
      'zh',
    );
    expect(result).toMatchObject({
      ok: false,
      errors: {
        seal: '请从列表中选择印章。',
        title: '请填写此项。',
        copies: expect.stringContaining('用印份数应为 1 到'),
        link: '请填写以 http:// 或 https:// 开头的链接。',
      },
    });
  });

  it('reads a request', () => {
    const result = validateForm(
      sealRequestFormSpec({ seals }),
      { seal: 'seal-1', title: ' 合同 ', copies: '2份', important: 'important' },
      'zh',
    );
    expect(result.ok && sealRequestOfForm(result.values)).toEqual({
      sealId: 'seal-1',
      title: '合同',
      copies: 2,
      purpose: null,
      docLink: null,
      important: true,
    });
  });
});
