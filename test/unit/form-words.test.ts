import { describe, expect, it } from 'vitest';
import { type FormSpec, formText, validateForm } from '../../src/chat/core/form-spec.ts';
import { readSlackModal, renderSlackModal, slackMrkdwn } from '../../src/chat/slack/form-view.ts';
import { renderFormPage } from '../../src/chat/web/form-page.ts';

// Words in a row, emphasised words and words as a message's parameters (the supply and seal forms'
// options and notes), the opening line of a form, and the Slack binding's own say over a field.

describe('the words of a form', () => {
  it('joins words in a row and translates words given as parameters, in the reader’s language', () => {
    const withdrawn = { key: 'supply.edit.withdrawn' } as const;
    const option = {
      key: 'supply.edit.option',
      params: { item: '复印纸', unit: '包', price: '23.50', threshold: 5, state: withdrawn },
    } as const;
    expect(formText(option, 'zh')).toBe('复印纸（包，¥23.50，预警 5）【已停用】');
    expect(formText(option, 'en')).toBe('复印纸 (包, ¥23.50, alert below 5) [withdrawn]');
    const parts = { parts: [{ text: 'A4' }, { text: ' ' }, { zh: '纸', en: 'paper' }] };
    expect(formText(parts, 'en')).toBe('A4 paper');
  });

  it('keeps emphasis out of plain text and lets Slack make it bold, escaping what was typed', () => {
    const hint = { key: 'seal.lost.hint', params: { seal: { strong: { text: '<公章> & *x*' } } } } as const;
    expect(formText(hint, 'zh')).toContain('报告<公章> & *x*遗失');
    expect(slackMrkdwn(hint, 'zh')).toContain('报告*&lt;公章&gt; &amp; *x**遗失');
    expect(slackMrkdwn({ key: 'supply.count.cut', params: { max: 90 } }, 'zh')).toBe('（只列出前 90 项）');
    expect(slackMrkdwn({ text: 'a < b' }, 'zh')).toBe('a &lt; b');
  });
});

const spec: FormSpec = {
  id: 'test.words',
  title: { text: 'Words' },
  submitLabel: { key: 'modal.submit' },
  notices: [
    { kind: 'intro', lines: [{ key: 'seal.lost.hint', params: { seal: { strong: { text: '公章' } } } }] },
    { kind: 'note', lines: [{ text: '长'.repeat(2500) }] },
  ],
  fields: [
    { id: 'first', kind: 'text', label: { text: 'first line' }, required: false, maxLength: 6 },
    { id: 'second', kind: 'text', label: { text: 'second line' }, required: false, maxLength: 6 },
  ],
};

describe('drawing them', () => {
  const binding = {
    callbackId: 'test_words',
    fields: {
      first: { blockId: 'first_block', actionId: 'first_input', required: true },
      second: { blockId: 'second_block', actionId: 'second_input' },
    },
  };

  it('opens a Slack form with its line in bold, cuts a note to 2,000, and asks for a field the check decides', () => {
    const view = renderSlackModal(spec, binding, 'zh');
    expect(view).not.toHaveProperty('private_metadata');
    expect(view.blocks[0]).toEqual({
      type: 'section',
      text: expect.objectContaining({ type: 'mrkdwn', text: expect.stringContaining('报告*公章*遗失') }),
    });
    expect(JSON.stringify(view.blocks[1]).length).toBeLessThan(2200);
    expect(view.blocks[2]).toMatchObject({ block_id: 'first_block', optional: false });
    expect(view.blocks[3]).toMatchObject({ block_id: 'second_block', optional: true });
    expect(renderSlackModal(spec, { ...binding, privateMetadata: 'x' }, 'zh').private_metadata).toBe('x');
    // The spec still leaves the field to its own check: an empty one is not refused by the field.
    const read = readSlackModal(binding, {});
    expect(validateForm(spec, read.input, 'zh')).toEqual({ ok: true, values: { first: null, second: null } });
  });

  it('shows the opening line on a web page as plain, escaped text', () => {
    const html = renderFormPage(spec, 'zh', '/forms/test.words?t=x');
    expect(html).toContain('报告公章遗失');
    expect(html).not.toContain('*公章*');
  });
});
