import { describe, expect, it } from 'vitest';
import {
  closedPanel,
  confirmPanel,
  formPanel,
  PANEL_FIELDS_MAX,
} from '../../src/chat/dingtalk/card/form-panel.ts';
import { actionFormSpec } from '../../src/features/workflow/action-form.ts';

const TARGET = { action: 'reject', value: '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12:7:mrc' };

function formOf(params: Record<string, string>): { fields: Array<Record<string, unknown>> } {
  return JSON.parse(params.panel_form ?? '{}') as { fields: Array<Record<string, unknown>> };
}

describe('short forms on the card (the panel)', () => {
  it('draws the reject form as a required reason field, sending back the button’s action and value', () => {
    const panel = formPanel(
      actionFormSpec({ action: 'reject', requireComment: false, title: '关于*x*的请示' }),
      'zh',
      TARGET,
    );
    expect(panel).not.toBeNull();
    if (!panel) return;
    expect(panel).toMatchObject({
      panel_show: 'true',
      panel_submit_text: '提交',
      panel_cancel_text: '取消',
      panel_action: 'reject',
      panel_value: TARGET.value,
    });
    // The title is the item's, made inert.
    expect(panel.panel_md).toBe('**驳回**  \n关于＊x＊的请示');
    expect(formOf(panel).fields).toEqual([
      {
        name: 'comment',
        label: '驳回理由',
        type: 'TEXT',
        required: true,
        placeholder: '请填写意见（最多 3000 字）',
      },
    ]);
    for (const value of Object.values(panel)) expect(typeof value).toBe('string');
  });

  it('draws the return form with its target as a select, the requester chosen first', () => {
    const spec = actionFormSpec({
      action: 'return',
      requireComment: false,
      returnTargets: [{ stepKey: 'head', label: '处室审核' }],
    });
    const panel = formPanel(spec, 'zh', { ...TARGET, action: 'return' });
    const fields = panel ? formOf(panel).fields : [];
    expect(fields[0]).toEqual({
      name: 'return_target',
      label: '退回给',
      type: 'SELECT',
      required: true,
      options: [
        { value: 'requester', text: '申请人（修改后重新提交）' },
        { value: 'step:head', text: '处室审核' },
      ],
      defaultValue: { index: 0, value: 'requester' },
    });
    expect(fields[1]).toMatchObject({ name: 'comment', type: 'TEXT', required: true });
  });

  it('leaves a transfer without a list of people to the web form', () => {
    expect(formPanel(actionFormSpec({ action: 'transfer', requireComment: false }), 'zh', TARGET)).toBeNull();
    const withPeople = formPanel(
      actionFormSpec({
        action: 'transfer',
        requireComment: false,
        people: [{ personId: 'p-1', name: '李四' }],
      }),
      'zh',
      TARGET,
    );
    expect(withPeople && formOf(withPeople).fields[0]).toMatchObject({
      name: 'person',
      type: 'SELECT',
      options: [{ value: 'p-1', text: '李四' }],
    });
  });

  it('leaves a form with more fields than a panel holds to the web form', () => {
    const spec = actionFormSpec({ action: 'reject', requireComment: false });
    const many = { ...spec, fields: Array.from({ length: PANEL_FIELDS_MAX + 1 }, () => spec.fields).flat() };
    expect(formPanel(many, 'zh', TARGET)).toBeNull();
  });

  it('draws a confirmation without fields, in the confirm’s own words', () => {
    const panel = confirmPanel(
      { title: '撤回申请？', text: '撤回后可修改再提交。\n*确认*', confirm: '撤回', deny: '返回' },
      { action: 'recall', value: 'v' },
    );
    expect(panel).toMatchObject({
      panel_show: 'true',
      panel_md: '**撤回申请？**  \n撤回后可修改再提交。  \n＊确认＊',
      panel_form: '{"fields":[]}',
      panel_submit_text: '撤回',
      panel_cancel_text: '返回',
      panel_action: 'recall',
      panel_value: 'v',
    });
  });

  it('closes the panel and forgets what it would send', () => {
    expect(closedPanel()).toMatchObject({ panel_show: 'false', panel_action: '', panel_value: '' });
  });
});
