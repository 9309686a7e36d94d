import { describe, expect, it } from 'vitest';
import type { CardButtonRef } from '../../src/chat/dingtalk/card/card-value.ts';
import { clickAckData, closePanelAck, pressStep } from '../../src/chat/dingtalk/card/press.ts';

const ID = '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12';
const plain: CardButtonRef = {
  instanceId: ID,
  version: 7,
  opensForm: false,
  requireComment: false,
  confirm: false,
};

function formFields(step: ReturnType<typeof pressStep>): unknown[] {
  if (step.kind !== 'panel') throw new Error(`expected a panel, got ${step.kind}`);
  return (JSON.parse(step.params.panel_form ?? '{}') as { fields: unknown[] }).fields;
}

describe('what a press on a DingTalk card leads to', () => {
  it('acts at once for a button with no form and no confirmation (同意 without an opinion)', () => {
    expect(pressStep('approve', plain, 'v', { locale: 'zh' })).toEqual({ kind: 'act' });
  });

  it('opens the opinion on the panel when the step requires one, the field required', () => {
    const step = pressStep('approve', { ...plain, opensForm: true, requireComment: true }, 'v1', {
      locale: 'zh',
      title: '请示',
    });
    expect(step).toMatchObject({ kind: 'panel', params: { panel_action: 'approve', panel_value: 'v1' } });
    expect(formFields(step)).toEqual([expect.objectContaining({ name: 'comment', required: true })]);
  });

  it('opens the reason for a rejection, in English for an English viewer', () => {
    const step = pressStep(
      'reject',
      { ...plain, opensForm: true, requireComment: true, confirm: true },
      'v',
      {
        locale: 'en',
      },
    );
    expect(formFields(step)).toEqual([
      expect.objectContaining({ name: 'comment', label: 'Reason for rejecting' }),
    ]);
  });

  it('asks to confirm a recall on the panel, with no field', () => {
    const step = pressStep('recall', { ...plain, confirm: true }, 'v', { locale: 'zh' });
    expect(step).toMatchObject({
      kind: 'panel',
      params: {
        panel_form: '{"fields":[]}',
        panel_action: 'recall',
        panel_md: expect.stringContaining('确认撤回？'),
      },
    });
  });

  it('sends a transfer without a list of people, and the step’s own form, to the web', () => {
    expect(pressStep('transfer', { ...plain, opensForm: true }, 'v', { locale: 'zh' })).toEqual({
      kind: 'web_form',
    });
    expect(
      pressStep('approve', { ...plain, opensForm: true, form: 'instruct' }, 'v', { locale: 'zh' }),
    ).toEqual({
      kind: 'web_form',
    });
  });

  it('draws a transfer on the panel when the people to choose from are known', () => {
    const step = pressStep('transfer', { ...plain, opensForm: true }, 'v', {
      locale: 'zh',
      people: [{ personId: 'p-1', name: '李四' }],
    });
    expect(formFields(step)[0]).toMatchObject({ name: 'person', type: 'SELECT' });
  });
});

describe('the acknowledgement that updates the card', () => {
  it('merges by key the shared and the clicker’s variables', () => {
    expect(clickAckData({ shared: { title: 'x' }, viewer: { panel_show: 'true' } })).toEqual({
      cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
      cardData: { cardParamMap: { title: 'x' } },
      userPrivateData: { cardParamMap: { panel_show: 'true' } },
    });
  });

  it('closes the panel, touching nothing shared', () => {
    const ack = closePanelAck();
    expect(ack).not.toHaveProperty('cardData');
    expect(ack).toMatchObject({
      userPrivateData: { cardParamMap: { panel_show: 'false', panel_action: '' } },
    });
  });
});
