import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parseModalMetadata } from '../../src/chat/slack/action-values.ts';
import {
  type ActionModalInput,
  buildActionModal,
  type ModalActionType,
  parseReturnTarget,
  RETURN_TO_REQUESTER,
} from '../../src/chat/slack/blocks/modals.ts';
import { ACTION_IDS, BLOCK_IDS, CALLBACK_IDS } from '../../src/chat/slack/ids.ts';
import { blockKitProblems } from '../support/block-kit.ts';

const INSTANCE_ID = '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12';
const ACTIONS: readonly ModalActionType[] = [
  'approve',
  'reject',
  'return',
  'transfer',
  'add_signer',
  'comment',
  'complete',
  'acknowledge',
];
const people = Array.from({ length: 150 }, (_, i) => ({ personId: `person-${i}`, name: `同事${i}` }));

function modal(action: ModalActionType, extra: Partial<ActionModalInput> = {}): types.ModalView {
  return buildActionModal({
    action,
    instanceId: INSTANCE_ID,
    version: 3,
    requireComment: false,
    locale: 'zh',
    title: '关于购置办公设备的请示',
    returnTargets: [
      { stepKey: 'dept_review', label: '部门负责人核稿（张三）' },
      { stepKey: 'office_check', label: '办公室负责人把关（李四）' },
    ],
    people,
    ...extra,
  });
}

function input(view: types.ModalView, blockId: string): types.InputBlock | undefined {
  return view.blocks.find((b): b is types.InputBlock => b.type === 'input' && b.block_id === blockId);
}

describe('workflow action modals', () => {
  describe.each(['zh', 'en'] as const)('in %s', (locale) => {
    it.each(ACTIONS)("keeps the %s modal within Slack's modal limits", (action) => {
      const view = modal(action, { locale });
      expect(blockKitProblems(view, 'view')).toEqual([]);
      expect(view.title.text.length).toBeLessThanOrEqual(24);
      expect(view.submit?.text.length).toBeLessThanOrEqual(24);
      expect(view.close?.text.length).toBeLessThanOrEqual(24);
      expect(view.callback_id).toBe(CALLBACK_IDS.wfActionModal);
      expect(view.private_metadata?.length).toBeLessThanOrEqual(3000);
      const inputs = view.blocks.filter((b): b is types.InputBlock => b.type === 'input');
      expect(inputs.length).toBeGreaterThan(0);
      for (const block of inputs) {
        const element = block.element;
        if (element.type === 'plain_text_input') expect(element.max_length).toBe(3000);
        if (element.type === 'static_select') expect(element.options?.length).toBeLessThanOrEqual(100);
        for (const option of 'options' in element ? (element.options ?? []) : []) {
          expect(option.text.text.length).toBeLessThanOrEqual(75);
          expect(option.value?.length ?? 0).toBeLessThanOrEqual(75);
        }
      }
    });
  });

  it.each(ACTIONS)('names the instance, version and %s action in private_metadata', (action) => {
    expect(parseModalMetadata(modal(action).private_metadata, { action })).toEqual({
      instanceId: INSTANCE_ID,
      version: 3,
      action,
    });
  });

  it('carries the step’s opinion rule in private_metadata, so an empty opinion is refused in the form', () => {
    expect(parseModalMetadata(modal('approve', { requireComment: true }).private_metadata)).toMatchObject({
      requireComment: true,
    });
    expect(
      parseModalMetadata(modal('approve', { requireComment: false }).private_metadata),
    ).not.toHaveProperty('requireComment');
  });

  it.each(['reject', 'return', 'comment'] as const)('requires a comment to %s', (action) => {
    expect(input(modal(action), BLOCK_IDS.wfModalComment)?.optional).toBe(false);
  });

  it('asks for the opinion on approve only when the step requires one', () => {
    expect(input(modal('approve', { requireComment: true }), BLOCK_IDS.wfModalComment)?.optional).toBe(false);
    expect(input(modal('approve', { requireComment: false }), BLOCK_IDS.wfModalComment)?.optional).toBe(true);
  });

  it('leaves the note optional when acknowledging a circulation that does not require one', () => {
    const view = modal('acknowledge');
    expect(view.title.text).toBe('阅毕');
    expect(input(view, BLOCK_IDS.wfModalComment)?.optional).toBe(true);
    expect(input(modal('acknowledge', { requireComment: true }), BLOCK_IDS.wfModalComment)?.optional).toBe(
      false,
    );
  });

  it('asks for the result of a task, required, instead of an opinion', () => {
    const view = modal('complete');
    const result = input(view, BLOCK_IDS.wfModalResult);
    expect(result?.optional).toBe(false);
    expect(result?.element).toMatchObject({ type: 'plain_text_input', action_id: ACTION_IDS.wfResultInput });
    expect(input(view, BLOCK_IDS.wfModalComment)).toBeUndefined();
  });

  it('offers a return to the requester first, then to each done step', () => {
    const target = input(modal('return'), BLOCK_IDS.wfModalReturnTarget);
    const element = target?.element as types.StaticSelect;
    expect(element.action_id).toBe(ACTION_IDS.wfReturnTarget);
    expect(element.initial_option?.value).toBe(RETURN_TO_REQUESTER);
    const values = (element.options ?? []).map((o) => o.value ?? '');
    expect(values.map(parseReturnTarget)).toEqual([
      'requester',
      { stepKey: 'dept_review' },
      { stepKey: 'office_check' },
    ]);
    expect((element.options ?? []).map((o) => o.text.text)).toContain('部门负责人核稿（张三）');
    expect(parseReturnTarget('nonsense')).toBeNull();
  });

  it('lets a transfer pick from at most 100 people of the directory', () => {
    const element = input(modal('transfer'), BLOCK_IDS.wfModalPerson)?.element as types.StaticSelect;
    expect(element.type).toBe('static_select');
    expect(element.action_id).toBe(ACTION_IDS.wfPersonSelect);
    expect(element.options).toHaveLength(100);
    expect(element.options?.[0]).toMatchObject({ value: 'person-0', text: { text: '同事0' } });
  });

  it('falls back to a Slack user picker when no directory list is given', () => {
    const element = input(modal('transfer', { people: [] }), BLOCK_IDS.wfModalPerson)?.element;
    expect(element).toMatchObject({ type: 'users_select', action_id: ACTION_IDS.wfPersonUser });
  });

  it("asks an added signer's person and whether they act before or after", () => {
    const view = modal('add_signer');
    expect(input(view, BLOCK_IDS.wfModalPerson)?.element.type).toBe('static_select');
    const position = input(view, BLOCK_IDS.wfModalSignerPosition)?.element as types.RadioButtons;
    expect(position.options.map((o) => o.value)).toEqual(['before', 'after']);
    expect(position.initial_option?.value).toBe('after');
  });

  it("shows the item's title escaped, so it cannot mention or link", () => {
    const view = modal('comment', { title: '<!channel> <https://evil|click>' });
    const all = JSON.stringify(view.blocks);
    expect(all).not.toMatch(/<!channel>|<https:/);
    expect(all).toContain('&lt;!channel&gt; &lt;https://evil|click&gt;');
  });

  it('warns not to type classified content on a classified item', () => {
    expect(JSON.stringify(modal('reject', { classified: true }).blocks)).toContain(
      '请勿在此填写任何涉密内容',
    );
    expect(JSON.stringify(modal('reject').blocks)).not.toContain('涉密');
  });

  it('speaks English', () => {
    const view = modal('reject', { locale: 'en' });
    expect(view.title.text).toBe('Reject');
    expect(view.submit?.text).toBe('Submit');
    expect(view.close?.text).toBe('Cancel');
    expect(input(view, BLOCK_IDS.wfModalComment)?.label.text).toBe('Reason for rejecting');
    const signer = modal('add_signer', { locale: 'en' });
    const position = input(signer, BLOCK_IDS.wfModalSignerPosition)?.element as types.RadioButtons;
    expect(position.options.map((o) => o.text.text)).toEqual(['Before me', 'After me']);
  });
});
