import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCard } from '../../src/chat/core/card.ts';
import { confirmPanel, formPanel } from '../../src/chat/dingtalk/card/form-panel.ts';
import { renderCard } from '../../src/chat/dingtalk/card/render-card.ts';
import { renderReplyCard } from '../../src/chat/dingtalk/card/render-reply.ts';
import { actionFormSpec } from '../../src/features/workflow/action-form.ts';
import { assignment, step } from '../support/workflow-fixtures.ts';

interface TemplateVariable {
  id: string;
  name: string;
  type: string;
  private: boolean;
}

const documented = JSON.parse(
  readFileSync('src/chat/dingtalk/card/template/variables.json', 'utf8'),
) as TemplateVariable[];
const guide = readFileSync('docs/dingtalk-card-template.md', 'utf8');

const card = renderCard(
  buildCard({
    instance: {
      id: '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12',
      definitionId: 'generic_approval',
      definitionVersion: 1,
      requesterId: 'p-req',
      title: '请示',
      reference: null,
      secrecy: 'internal',
      urgency: 'normal',
      status: 'running',
      version: 1,
      currentStep: 0,
      steps: [step('office', 'single', 'active', [assignment('p-office')])],
      params: {},
      createdAt: '2025-11-20T06:05:00.000Z',
      updatedAt: '2025-11-20T06:05:00.000Z',
    },
    viewerPersonId: 'p-office',
    people: new Map(),
    kindLabel: { zh: '通用审批', en: 'General approval' },
    locale: 'zh',
    now: new Date('2025-11-21T02:00:00.000Z'),
    timeZone: 'Asia/Shanghai',
  }),
  { webForm: { url: 'https://bot.example/f', label: '网页' } },
);
const reply = renderReplyCard(
  { text: ['x'], blocks: [{ kind: 'buttons', buttons: [{ label: 'a', action: 'a', value: 'v' }] }] },
  'zh',
);
const panel = {
  ...formPanel(actionFormSpec({ action: 'reject', requireComment: false }), 'zh', {
    action: 'a',
    value: 'v',
  }),
  ...confirmPanel({ title: 't', text: 't', confirm: 'c', deny: 'd' }, { action: 'a', value: 'v' }),
};

describe('the template’s variables file and guide', () => {
  it('list exactly the variables the renderers send, all strings', () => {
    const sent = new Set([
      ...Object.keys(card.cardParamMap),
      ...Object.keys(card.privateParams),
      ...Object.keys(reply.cardParamMap),
      ...Object.keys(reply.privateParams),
      ...Object.keys(panel),
    ]);
    expect(documented.map((v) => v.id).sort()).toEqual([...sent].sort());
    for (const variable of documented) {
      expect(variable.name).toBe(variable.id);
      expect(variable.type).toBe('string');
    }
  });

  it('mark as private exactly the variables sent per viewer', () => {
    const perViewer = new Set([...Object.keys(card.privateParams), ...Object.keys(panel)]);
    for (const variable of documented) expect(variable.private, variable.id).toBe(perViewer.has(variable.id));
  });

  it('are each named in the guide', () => {
    for (const variable of documented) {
      const slot = /^btn(\d+)_(\w+)$/.exec(variable.id);
      // Button slots are documented as ranges (`btn1_text` … `btn10_text`).
      const name = slot ? `btn1_${slot[2]}` : variable.id;
      expect(guide, variable.id).toContain(`\`${name}\``);
    }
  });
});
