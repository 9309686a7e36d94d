import { describe, expect, it } from 'vitest';
import type { WebFormHandler } from '../../src/chat/core/web-form.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import type { WorkflowDefinition } from '../../src/domain/workflow/types.ts';
import {
  type FeatureChatContext,
  FeatureClashError,
  type FeatureModule,
  mergeFeatures,
} from '../../src/features/feature-module.ts';
import type { TransitionHook } from '../../src/features/workflow/workflow-service.ts';

const definition = (id: string): WorkflowDefinition => ({ ...GENERIC_APPROVAL, id });
const hook: TransitionHook = async () => null;
/** A step's own form; the merge reads only its ids. */
const stepForm = (formId: string, stepId: string): WebFormHandler => ({
  formId,
  stepIds: [stepId],
  load: async () => null,
  submit: async () => ({ ok: true }),
});
const task = (name: string) => ({ name, run: async () => undefined });

/** The chat side's context; the modules below read nothing from it. */
const context = {} as FeatureChatContext;

describe('mergeFeatures', () => {
  it('merges every feature’s definitions, hooks, card parts, outbox kinds and tasks in order', () => {
    const merged = mergeFeatures([
      { name: 'a', definitions: [definition('a.one')], outboxKinds: ['a.kind'], tasks: [task('a.task')] },
      {
        name: 'b',
        definitions: [definition('b.one'), definition('b.two')],
        transitionHooks: new Map([['b.two', hook]]),
        cards: { wordings: new Map([['b.one', { family: 'b' }]]) },
        outboxKinds: ['b.kind'],
        tasks: [task('b.task')],
        chat: () => ({
          webForms: [stepForm('b.form', 'b.step')],
          buttons: [{ action: 'b.button', press: async () => ({ kind: 'none' as const }) }],
        }),
      },
    ]);
    expect(merged.names).toEqual(['a', 'b']);
    expect([...merged.definitions.keys()]).toEqual(['a.one', 'b.one', 'b.two']);
    expect([...merged.transitionHooks.keys()]).toEqual(['b.two']);
    expect(merged.cards.wordings.get('b.one')).toEqual({ family: 'b' });
    expect(merged.outboxKinds).toEqual(['a.kind', 'b.kind']);
    expect(merged.tasks.map((t) => t.name)).toEqual(['a.task', 'b.task']);
    const chat = merged.chat(context);
    expect(chat.webForms.map((f) => f.stepIds)).toEqual([['b.step']]);
    expect(chat.buttons.map((b) => b.action)).toEqual(['b.button']);
  });

  it('gathers each feature’s messages under its name, for the root to install', () => {
    const seal = { zh: { 'seal.title': '用印' }, en: { 'seal.title': 'Seals' } };
    const supply = { zh: { 'supply.title': '办公用品' }, en: { 'supply.title': 'Supplies' } };
    const merged = mergeFeatures([
      { name: 'seal', messages: seal },
      { name: 'plain' },
      { name: 'supply', messages: supply },
    ]);
    expect(merged.messages).toEqual([
      { feature: 'seal', catalog: seal },
      { feature: 'supply', catalog: supply },
    ]);
  });

  it.each<[string, FeatureModule, FeatureModule, string]>([
    [
      'a workflow definition id',
      { name: 'seal', definitions: [definition('seal.request')] },
      { name: 'stamps', definitions: [definition('seal.request')] },
      'features seal and stamps both claim workflow definition seal.request',
    ],
    [
      'an outbox kind',
      { name: 'supply', outboxKinds: ['supply.low_stock'] },
      { name: 'stock', outboxKinds: ['supply.low_stock'] },
      'features supply and stock both claim outbox kind supply.low_stock',
    ],
    [
      'a scheduled task',
      { name: 'reports', tasks: [task('weekly-report')] },
      { name: 'digest', tasks: [task('weekly-report')] },
      'features reports and digest both claim scheduled task weekly-report',
    ],
    [
      'a feature name',
      { name: 'archive' },
      { name: 'archive' },
      'features archive and archive both claim the feature name archive',
    ],
    [
      'the hook run with every transition',
      { name: 'chasing', effectsHook: async () => {} },
      { name: 'escalation', effectsHook: async () => {} },
      'features chasing and escalation both claim the hook run with every transition',
    ],
    [
      'a message key',
      { name: 'seal', messages: { zh: { 'seal.title': '用印' }, en: { 'seal.title': 'Seals' } } },
      { name: 'stamps', messages: { zh: { 'seal.title': '盖章' }, en: { 'seal.title': 'Stamps' } } },
      'features seal and stamps both claim message seal.title',
    ],
    [
      'a message key of the core catalog',
      { name: 'documents' },
      { name: 'help', messages: { zh: { 'help.header': '帮助' }, en: { 'help.header': 'Help' } } },
      'features core and help both claim message help.header',
    ],
  ])('refuses two features claiming %s, naming both', (_what, first, second, message) => {
    const defining: FeatureModule = { name: 'flows', definitions: [definition('seal.request')] };
    const modules = first.definitions ? [first, second] : [defining, first, second];
    expect(() => mergeFeatures(modules)).toThrow(FeatureClashError);
    expect(() => mergeFeatures(modules)).toThrow(message);
  });

  it('refuses a hook given by a feature for a definition another feature already hooks', () => {
    expect(() =>
      mergeFeatures([
        {
          name: 'documents',
          definitions: [definition('doc.out')],
          transitionHooks: new Map([['doc.out', hook]]),
        },
        { name: 'numbering', transitionHooks: new Map([['doc.out', hook]]) },
      ]),
    ).toThrow('features documents and numbering both claim the transition hook of doc.out');
  });

  it('gathers the features’ parts of the person’s work in order, and refuses two with one key', () => {
    const part = (key: string) => ({ key, read: async () => null });
    const merged = mergeFeatures([
      { name: 'meetings', workSections: [part('meetings-week'), part('meeting-decisions')] },
      { name: 'seal', workSections: [part('seals-due')] },
    ]);
    expect(merged.workSections.map((s) => s.key)).toEqual([
      'meetings-week',
      'meeting-decisions',
      'seals-due',
    ]);
    expect(() =>
      mergeFeatures([
        { name: 'meetings', workSections: [part('meetings-week')] },
        { name: 'calendar', workSections: [part('meetings-week')] },
      ]),
    ).toThrow('features meetings and calendar both claim the part of the person’s work meetings-week');
  });

  it('refuses a hook or a card part for a flow no enabled feature defines (a typo in an id)', () => {
    expect(() =>
      mergeFeatures([{ name: 'seal', transitionHooks: new Map([['seal.requets', hook]]) }]),
    ).toThrow('transition hook for workflow definition seal.requets, which no enabled feature defines');
  });

  it('refuses two features claiming the same form, a form for the same step, or the same reply button', () => {
    const stepForms = mergeFeatures([
      { name: 'supply', chat: () => ({ webForms: [stepForm('supply.issue', 'issue')] }) },
      { name: 'stock', chat: () => ({ webForms: [stepForm('stock.issue', 'issue')] }) },
    ]);
    expect(() => stepForms.chat(context)).toThrow(
      'features supply and stock both claim the step form of issue',
    );
    const forms = mergeFeatures([
      { name: 'supply', chat: () => ({ webForms: [stepForm('supply.issue', 'issue')] }) },
      { name: 'stock', chat: () => ({ webForms: [stepForm('supply.issue', 'stock.issue')] }) },
    ]);
    expect(() => forms.chat(context)).toThrow(
      'features supply and stock both claim the web form supply.issue',
    );
    const button = { action: 'chase_now', press: async () => ({ kind: 'none' as const }) };
    const buttons = mergeFeatures([
      { name: 'chasing', chat: () => ({ buttons: [button] }) },
      { name: 'nudges', chat: () => ({ buttons: [button] }) },
    ]);
    expect(() => buttons.chat(context)).toThrow(
      'features chasing and nudges both claim the reply button chase_now',
    );
  });
});
