import { describe, expect, it } from 'vitest';
import { buildSealRequestModal } from '../../src/chat/slack/seal/blocks.ts';
import {
  nextSealState,
  readSealCommand,
  type SealChoice,
  sealDefinition,
  sealsMatching,
} from '../../src/domain/seal/seal-request.ts';
import { parseSealCommand, readMonth } from '../../src/features/seal/seal-command-text.ts';
import { readCount } from '../../src/features/seal/seal-request-form.ts';
import { blockKitProblems } from '../support/block-kit.ts';

const SEALS: SealChoice[] = [
  { id: 'official', name: '示范县水利局公章', nameEn: 'Official seal', kind: 'official', state: 'active' },
  {
    id: 'contract',
    name: '示范县水利局合同专用章',
    nameEn: 'Contract seal',
    kind: 'contract',
    state: 'active',
  },
  { id: 'finance', name: '示范县水利局财务专用章', nameEn: 'Finance seal', kind: 'finance', state: 'active' },
  { id: 'hand-a', name: '张建国手章', nameEn: null, kind: 'hand', state: 'active' },
  { id: 'hand-b', name: '李卫东手章', nameEn: null, kind: 'hand', state: 'active' },
];

describe('reading `/seal <seal> <copies> <title>`', () => {
  it('reads a complete command, in any order of count and title, full-width digits and spaces included', () => {
    expect(readSealCommand('公章 3 关于某某事项的函', SEALS)).toMatchObject({
      sealId: 'official',
      copies: 3,
      title: '关于某某事项的函',
      problems: [],
    });
    expect(readSealCommand('合同章　关于采购合同的请示　１２份', SEALS)).toMatchObject({
      sealId: 'contract',
      copies: 12,
      title: '关于采购合同的请示',
      problems: [],
    });
    expect(readSealCommand('finance 2 Budget', SEALS)).toMatchObject({ sealId: 'finance', copies: 2 });
  });

  it('keeps the title as typed (full-width punctuation and spacing) while the seal and count are normalised', () => {
    expect(readSealCommand('公章 3 关于某某事项的函（第二批）', SEALS)).toMatchObject({
      sealId: 'official',
      copies: 3,
      title: '关于某某事项的函（第二批）',
    });
    // A full-width seal id and count are read; the title's ：，；？！ and its full-width space stay.
    expect(
      readSealCommand('ＯＦＦＩＣＩＡＬ　关于Ａ区：一、二，三；能否？是！（试行）　办法　３份', SEALS),
    ).toMatchObject({
      sealId: 'official',
      copies: 3,
      title: '关于Ａ区：一、二，三；能否？是！（试行）　办法',
      problems: [],
    });
    // A count between words of the title: the two parts, each as typed.
    expect(readSealCommand('公章 关于（一） 2 的函！', SEALS).title).toBe('关于（一） 的函！');
  });

  it('says what is missing or ambiguous instead of guessing', () => {
    expect(readSealCommand('手章 1 授权书', SEALS)).toMatchObject({
      sealId: null,
      problems: ['seal_ambiguous'],
      candidates: [expect.objectContaining({ id: 'hand-a' }), expect.objectContaining({ id: 'hand-b' })],
    });
    expect(readSealCommand('公章 关于某某事项的函', SEALS).problems).toEqual(['copies_missing']);
    expect(readSealCommand('公章 3', SEALS).problems).toEqual(['title_missing']);
    expect(readSealCommand('公章 0 函', SEALS).problems).toEqual(['copies_invalid']);
    expect(readSealCommand('公章 9999 函', SEALS).problems).toEqual(['copies_invalid']);
    expect(readSealCommand('asdf qwer', SEALS).problems).toEqual(['seal_unknown', 'copies_missing']);
  });

  it('matches a seal by id, name, everyday kind name or part of its name', () => {
    expect(sealsMatching('OFFICIAL', SEALS).map((s) => s.id)).toEqual(['official']);
    expect(sealsMatching('财务专用章', SEALS).map((s) => s.id)).toEqual(['finance']);
    expect(sealsMatching('张建国', SEALS).map((s) => s.id)).toEqual(['hand-a']);
    expect(sealsMatching('', SEALS)).toEqual([]);
  });

  it('tells sub-commands from a request', () => {
    expect(parseSealCommand('')).toEqual({ kind: 'form' });
    expect(parseSealCommand(' list ')).toEqual({ kind: 'list' });
    expect(parseSealCommand('帮助')).toEqual({ kind: 'help' });
    expect(parseSealCommand('register 公章 2026-11')).toEqual({
      kind: 'register',
      args: ['公章', '2026-11'],
    });
    expect(parseSealCommand('停用 公章 年检 期间')).toEqual({
      kind: 'lifecycle',
      action: 'suspend',
      seal: '公章',
      reason: '年检 期间',
    });
    expect(parseSealCommand('公章 3 函')).toEqual({ kind: 'request', text: '公章 3 函' });
    // The reason and the request stay as typed: full-width punctuation, and spacing inside them.
    expect(parseSealCommand('停用　公章　年检期间（暂停）：至１２月')).toEqual({
      kind: 'lifecycle',
      action: 'suspend',
      seal: '公章',
      reason: '年检期间（暂停）：至１２月',
    });
    expect(parseSealCommand(' 公章 3 关于某某事项的函（第二批）　附件  一 ')).toEqual({
      kind: 'request',
      text: '公章 3 关于某某事项的函（第二批）　附件  一',
    });
  });

  it('reads counts and months as people type them', () => {
    expect(readCount(' ３ 份', 500)).toBe(3);
    expect(readCount('501', 500)).toBeNull();
    expect(readCount('两份', 500)).toBeNull();
    expect(readMonth('2026-11')).toEqual({ year: 2026, month: 11 });
    expect(readMonth('２０２６年３月')).toEqual({ year: 2026, month: 3 });
    expect(readMonth('2026-13')).toBeNull();
  });
});

describe('seal routes and lifecycle', () => {
  it('asks a leader for a seal that needs one or an important document', () => {
    const steps = (d: ReturnType<typeof sealDefinition>) => d.steps.map((s) => s.id);
    expect(steps(sealDefinition(false, false))).toEqual(['dept_approve', 'stamp']);
    expect(steps(sealDefinition(true, false))).toEqual(['dept_approve', 'leader_approve', 'stamp']);
    expect(steps(sealDefinition(false, true))).toEqual(['dept_approve', 'leader_approve', 'stamp']);
    expect(sealDefinition(false, false).steps.at(-1)).toMatchObject({
      assignees: { kind: 'seal_custodian' },
      setsParams: ['impressions'],
    });
  });

  it('moves a seal only along its lifecycle; nothing comes back from destroyed', () => {
    expect(nextSealState('active', 'suspend')).toBe('suspended');
    expect(nextSealState('active', 'lost')).toBe('suspended');
    expect(nextSealState('suspended', 'resume')).toBe('active');
    expect(nextSealState('active', 'resume')).toBeNull();
    expect(nextSealState('active', 'destroy')).toBeNull();
    expect(nextSealState('retired', 'destroy')).toBe('destroyed');
    expect(nextSealState('retired', 'resume')).toBeNull();
    for (const action of ['suspend', 'resume', 'retire', 'destroy', 'lost'] as const) {
      expect(nextSealState('destroyed', action)).toBeNull();
    }
  });

  it('builds a request form within Block Kit limits, pre-filled, with its notes', () => {
    const view = buildSealRequestModal({
      locale: 'zh',
      seals: SEALS,
      initial: { sealId: 'contract', title: '关于采购合同的请示', copies: 2, notes: ['请填写 <!channel>'] },
    });
    expect(blockKitProblems({ blocks: view.blocks }, 'view')).toEqual([]);
    for (const block of view.blocks.filter((b) => b.type === 'input')) {
      expect((block as { label: unknown }).label).toMatchObject({ type: 'plain_text' });
    }
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('"initial_option":{"text":{"type":"plain_text","text":"示范县水利局合同专用章"');
    expect(json).toContain('&lt;!channel&gt;');
    const none = buildSealRequestModal({ locale: 'en', seals: [] });
    expect(none.submit).toBeUndefined();
  });
});

describe('the custodian’s step', () => {
  it('cannot be handed on or given an added signer (one named custodian per seal)', async () => {
    const { startInstance, transition, weekdayCalendar } = await import('../../src/domain/workflow/index.ts');
    const directory = {
      people: [
        { id: 'clerk', departmentId: 'water', roles: [], headRank: null, active: true },
        {
          id: 'head',
          departmentId: 'water',
          roles: ['department_head'],
          headRank: 'principal' as const,
          active: true,
        },
        { id: 'keeper', departmentId: 'office', roles: ['seal_custodian'], headRank: null, active: true },
        { id: 'other', departmentId: 'office', roles: [], headRank: null, active: true },
      ],
      departments: [
        { id: 'office', kind: 'office' as const, supervisingLeaderId: null },
        { id: 'water', kind: 'business' as const, supervisingLeaderId: null },
      ],
      seals: [{ id: 'finance', custodianId: 'keeper', active: true, state: 'active' as const }],
    };
    const calendar = weekdayCalendar('Asia/Shanghai');
    const now = new Date('2026-03-02T01:00:00Z');
    let state = startInstance(
      sealDefinition(false, false),
      {
        id: 'i1',
        requesterId: 'clerk',
        title: '函',
        secrecy: 'internal',
        params: { sealId: 'finance', copies: '1' },
      },
      directory,
      now,
      calendar,
    ).next;
    state = transition(state, { type: 'approve' }, { personId: 'head' }, now, calendar).next;
    for (const action of [
      { type: 'transfer' as const, toPersonId: 'other' },
      { type: 'add_signer' as const, personId: 'other', position: 'before' as const },
    ]) {
      expect(() => transition(state, action, { personId: 'keeper' }, now, calendar)).toThrow(
        expect.objectContaining({ code: 'wrong_action_for_step' }),
      );
    }
  });
});
