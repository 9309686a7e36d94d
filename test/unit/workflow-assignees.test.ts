import { describe, expect, it } from 'vitest';
import {
  type AssigneeContext,
  type AssigneeRule,
  type DirectorySnapshot,
  GENERIC_APPROVAL,
  instantiateSteps,
  parseWorkflowDefinition,
  resolveAssignees,
  type StartInstanceInit,
  startInstance,
  weekdayCalendar,
} from '../../src/domain/workflow/index.ts';
import { AppError } from '../../src/shared/errors.ts';
import { directoryPerson } from '../support/workflow-fixtures.ts';

const person = directoryPerson;

/**
 * water: deputy listed before the principal, and a retired principal listed first;
 * solo: one head; pair: two heads, one inactive; leaderless: no head at all.
 */
const directory: DirectorySnapshot = {
  people: [
    person('director', 'leadership', ['director']),
    person('leader-wang', 'leadership', ['leader']),
    person('leader-gone', 'leadership', ['leader'], null, false),
    person('office-head', 'office', ['office_head', 'department_head'], 'principal'),
    person('office-head-2', 'office', ['office_head', 'department_head'], 'deputy'),
    person('secretary', 'office', ['secretary']),
    person('secretary-gone', 'office', ['secretary'], null, false),
    person('print', 'office', ['print_room']),
    person('archivist', 'office', ['archivist']),
    person('keeper', 'office', ['supplies_keeper']),
    person('custodian', 'office', ['seal_custodian']),
    person('water-retired', 'water', ['department_head'], 'principal', false),
    person('water-deputy', 'water', ['department_head'], 'deputy'),
    person('water-head', 'water', ['department_head'], 'principal'),
    person('water-deputy-2', 'water', ['department_head'], 'deputy'),
    person('drafter', 'water', []),
    person('solo-head', 'solo', ['department_head'], 'principal'),
    person('solo-clerk', 'solo', []),
    person('pair-head', 'pair', ['department_head'], 'principal'),
    person('pair-deputy-gone', 'pair', ['department_head'], 'deputy', false),
    person('deputy-only', 'deputies', ['department_head'], 'deputy'),
    person('deputies-clerk', 'deputies', []),
    person('lonely-clerk', 'leaderless', []),
    person('orphan-clerk', 'orphan', []),
  ],
  departments: [
    { id: 'leadership', kind: 'leadership', supervisingLeaderId: null },
    { id: 'office', kind: 'office', supervisingLeaderId: 'leader-wang' },
    { id: 'water', kind: 'business', supervisingLeaderId: 'leader-wang' },
    { id: 'solo', kind: 'business', supervisingLeaderId: 'director' },
    { id: 'pair', kind: 'business', supervisingLeaderId: 'leader-wang' },
    { id: 'deputies', kind: 'business', supervisingLeaderId: 'leader-wang' },
    { id: 'leaderless', kind: 'business', supervisingLeaderId: 'leader-wang' },
    { id: 'orphan', kind: 'business', supervisingLeaderId: 'leader-gone' },
  ],
  seals: [
    { id: 'official', custodianId: 'custodian', active: true, state: 'active' },
    { id: 'lost', custodianId: 'custodian', active: true, state: 'suspended' },
    { id: 'retired', custodianId: 'custodian', active: false, state: 'retired' },
  ],
};

const ctx = (requesterId: string, params: AssigneeContext['params'] = {}): AssigneeContext => ({
  directory,
  requesterId,
  params,
});

const DEPARTMENT_HEAD: AssigneeRule = { kind: 'role', role: 'department_head' };

function appErrorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an AppError');
}

describe('the reviewer rule (seed 004 art. 8)', () => {
  it.each([
    {
      name: 'a drafter who is not a head goes to the principal head',
      requester: 'drafter',
      reviewer: 'water-head',
    },
    {
      name: 'a principal head as drafter goes to another head (a deputy)',
      requester: 'water-head',
      reviewer: 'water-deputy',
    },
    {
      name: 'a deputy head as drafter goes to the principal head',
      requester: 'water-deputy',
      reviewer: 'water-head',
    },
    {
      name: 'the sole head as drafter reviews their own draft',
      requester: 'solo-head',
      reviewer: 'solo-head',
    },
    {
      name: 'a head whose only fellow head is inactive reviews their own draft',
      requester: 'pair-head',
      reviewer: 'pair-head',
    },
    {
      name: 'a department with only a deputy head goes to the deputy',
      requester: 'deputies-clerk',
      reviewer: 'deputy-only',
    },
    {
      name: 'another department’s drafter goes to their own department’s head',
      requester: 'solo-clerk',
      reviewer: 'solo-head',
    },
  ])('$name', ({ requester, reviewer }) => {
    expect(resolveAssignees(DEPARTMENT_HEAD, ctx(requester))).toEqual([reviewer]);
  });

  it('never assigns an inactive head, even a principal', () => {
    expect(resolveAssignees(DEPARTMENT_HEAD, ctx('drafter'))).not.toContain('water-retired');
  });

  it('refuses, naming the rule in both languages, when the department has no head', () => {
    const error = appErrorOf(() => resolveAssignees(DEPARTMENT_HEAD, ctx('lonely-clerk')));
    expect(error.code).toBe('no_assignee');
    expect(error.messageKey).toBe('error.no_assignee');
    expect(error.params).toMatchObject({
      rule: 'role:department_head',
      ruleZh: '部门负责人',
      ruleEn: 'department head',
    });
  });

  it('refuses a requester the directory does not know', () => {
    expect(appErrorOf(() => resolveAssignees(DEPARTMENT_HEAD, ctx('stranger'))).code).toBe(
      'requester_unknown',
    );
  });
});

describe('assignee rules', () => {
  it.each([
    {
      name: 'office head: every active office head, in directory order',
      rule: 'office_head',
      people: ['office-head', 'office-head-2'],
    },
    { name: 'secretary: active secretaries only', rule: 'secretary', people: ['secretary'] },
    { name: 'director', rule: 'director', people: ['director'] },
    { name: 'print room', rule: 'print_room', people: ['print'] },
    { name: 'archivist', rule: 'archivist', people: ['archivist'] },
    { name: 'supplies keeper', rule: 'supplies_keeper', people: ['keeper'] },
    {
      name: 'supervising leader: the leader in charge of the requester’s department',
      rule: 'supervising_leader',
      people: ['leader-wang'],
    },
  ] as const)('$name', ({ rule, people }) => {
    expect(resolveAssignees({ kind: 'role', role: rule }, ctx('drafter'))).toEqual(people);
  });

  it('gives the supervising leader of the requester’s own department', () => {
    expect(resolveAssignees({ kind: 'role', role: 'supervising_leader' }, ctx('solo-clerk'))).toEqual([
      'director',
    ]);
  });

  it('finds no supervising leader when the one in charge is inactive', () => {
    const error = appErrorOf(() =>
      resolveAssignees({ kind: 'role', role: 'supervising_leader' }, ctx('orphan-clerk')),
    );
    expect(error.params).toMatchObject({ ruleZh: '分管领导', ruleEn: 'supervising leader' });
  });

  it('gives the custodian of the seal named in the params', () => {
    expect(resolveAssignees({ kind: 'seal_custodian' }, ctx('drafter', { sealId: 'official' }))).toEqual([
      'custodian',
    ]);
  });

  it.each([
    { name: 'a suspended seal (reported lost)', params: { sealId: 'lost' } },
    { name: 'a retired seal', params: { sealId: 'retired' } },
    { name: 'no seal named', params: {} },
  ] as Array<{ name: string; params: Record<string, string> }>)(
    'finds no custodian for $name',
    ({ params }) => {
      const error = appErrorOf(() => resolveAssignees({ kind: 'seal_custodian' }, ctx('drafter', params)));
      expect(error.code).toBe('no_assignee');
      expect(error.params).toMatchObject({ ruleZh: '印章保管人' });
    },
  );

  it('gives runtime picks in the given order, once each', () => {
    const picked = ctx('drafter', { countersigners: ['solo-head', 'water-head', 'solo-head'] });
    expect(resolveAssignees({ kind: 'runtime', key: 'countersigners' }, picked)).toEqual([
      'solo-head',
      'water-head',
    ]);
  });

  it('accepts a single runtime pick as a string', () => {
    expect(
      resolveAssignees({ kind: 'runtime', key: 'handler' }, ctx('drafter', { handler: 'secretary' })),
    ).toEqual(['secretary']);
  });

  it('refuses a runtime pick who is inactive instead of silently dropping them', () => {
    const error = appErrorOf(() =>
      resolveAssignees(
        { kind: 'runtime', key: 'readers' },
        ctx('drafter', { readers: ['director', 'leader-gone'] }),
      ),
    );
    expect(error.code).toBe('assignee_unavailable');
    expect(error.params.person).toBe('leader-gone');
  });

  it('finds nobody for a runtime key without picks', () => {
    const error = appErrorOf(() =>
      resolveAssignees({ kind: 'runtime', key: 'readers' }, ctx('drafter', { readers: [] })),
    );
    expect(error.code).toBe('no_assignee');
    expect(error.params).toMatchObject({ rule: 'runtime:readers', ruleZh: '指定人员（readers）' });
  });
});

describe('instantiating the steps of a definition', () => {
  const kinds = parseWorkflowDefinition({
    id: 'kinds',
    version: 1,
    name: { zh: '各类步骤', en: 'Step kinds' },
    steps: [
      {
        id: 'one',
        name: { zh: '一', en: 'One' },
        kind: 'single',
        assignees: { kind: 'role', role: 'office_head' },
      },
      {
        id: 'any',
        name: { zh: '或', en: 'Any' },
        kind: 'anyOf',
        assignees: { kind: 'role', role: 'office_head' },
      },
      {
        id: 'all',
        name: { zh: '会', en: 'All' },
        kind: 'allOf',
        assignees: { kind: 'runtime', key: 'signers' },
      },
      {
        id: 'read',
        name: { zh: '阅', en: 'Read' },
        kind: 'sequence',
        assignees: { kind: 'runtime', key: 'readers' },
      },
      {
        id: 'do',
        name: { zh: '办', en: 'Do' },
        kind: 'task',
        assignees: { kind: 'runtime', key: 'readers' },
      },
    ],
  });
  const steps = instantiateSteps(
    kinds,
    ctx('drafter', { signers: ['water-head', 'solo-head'], readers: ['leader-wang', 'director'] }),
  );
  const summary = steps.map((s) => [s.key, s.status, s.assignments.map((a) => `${a.personId}:${a.status}`)]);

  it('asks exactly one person at a single step and one handler at a task', () => {
    expect(summary[0]).toEqual(['one', 'pending', ['office-head:pending']]);
    expect(summary[4]).toEqual(['do', 'pending', ['leader-wang:pending']]);
  });

  it('asks everyone found at anyOf and allOf steps', () => {
    expect(summary[1]).toEqual(['any', 'pending', ['office-head:pending', 'office-head-2:pending']]);
    expect(summary[2]).toEqual(['all', 'pending', ['water-head:pending', 'solo-head:pending']]);
  });

  it('lines up a circulation in the given order, later readers waiting', () => {
    expect(summary[3]).toEqual(['read', 'pending', ['leader-wang:pending', 'director:waiting']]);
  });

  it('names the step whose rule found nobody', () => {
    const error = appErrorOf(() => instantiateSteps(kinds, ctx('drafter', { readers: ['director'] })));
    expect(error.code).toBe('no_assignee');
    expect(error.params).toMatchObject({
      stepId: 'all',
      stepZh: '会',
      stepEn: 'All',
      rule: 'runtime:signers',
    });
  });
});

describe('starting an instance', () => {
  const NOW = new Date('2026-03-06T02:00:00Z'); // Friday 10:00 in Shanghai
  const calendar = weekdayCalendar();
  const init = (extra: Partial<StartInstanceInit> = {}): StartInstanceInit => ({
    id: 'inst-1',
    requesterId: 'drafter',
    title: '  关于防汛物资采购的请示  ',
    secrecy: 'internal',
    ...extra,
  });

  it('starts at version 1, running, with the first step active and its deadline in working days', () => {
    const { next, effects, changed } = startInstance(GENERIC_APPROVAL, init(), directory, NOW, calendar);
    expect(changed).toBe(true);
    expect(next).toMatchObject({
      id: 'inst-1',
      definitionId: 'generic_approval',
      definitionVersion: 1,
      requesterId: 'drafter',
      title: '关于防汛物资采购的请示',
      reference: null,
      urgency: 'normal',
      status: 'running',
      version: 1,
      currentStep: 0,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    const deadline = '2026-03-10T10:00:00.000Z'; // Tuesday 18:00: two working days after Friday
    expect(
      next.steps.map((s) => [s.key, s.status, s.deadline, s.assignments.map((a) => a.personId)]),
    ).toEqual([
      ['dept_review', 'active', deadline, ['water-head']],
      ['office_check', 'pending', null, ['office-head']],
      ['leader_approval', 'pending', null, ['leader-wang']],
    ]);
    expect(next.steps[0]?.activatedAt).toBe(NOW.toISOString());
    expect(effects).toEqual([
      { type: 'deadline_set', stepKey: 'dept_review', personIds: ['water-head'], deadline },
      { type: 'notify_assignees', stepKey: 'dept_review', personIds: ['water-head'] },
      { type: 'refresh_cards' },
    ]);
  });

  it('sends the sole head’s own draft to them for review: the review step is never skipped', () => {
    const { next } = startInstance(
      GENERIC_APPROVAL,
      init({ requesterId: 'solo-head' }),
      directory,
      NOW,
      calendar,
    );
    expect(next.steps[0]).toMatchObject({
      status: 'active',
      assignments: [{ personId: 'solo-head', status: 'pending' }],
    });
  });

  it('skips a first step the definition lets skip when the requester holds it', () => {
    const flow = parseWorkflowDefinition({
      id: 'self_first',
      version: 1,
      name: { zh: '自办', en: 'Self first' },
      steps: [
        {
          id: 'prepare',
          name: { zh: '准备', en: 'Prepare' },
          kind: 'task',
          assignees: { kind: 'runtime', key: 'handler' },
          skipIfSameAsPrevious: true,
        },
        {
          id: 'check',
          name: { zh: '把关', en: 'Check' },
          kind: 'single',
          assignees: { kind: 'role', role: 'office_head' },
        },
      ],
    });
    const { next } = startInstance(flow, init({ params: { handler: 'drafter' } }), directory, NOW, calendar);
    expect(next.steps.map((s) => s.status)).toEqual(['skipped', 'active']);
    expect(next.currentStep).toBe(1);
  });

  it('refuses a title for an item marked secret, keeping nothing of its content', () => {
    const error = appErrorOf(() =>
      startInstance(
        GENERIC_APPROVAL,
        init({ secrecy: 'secret', reference: '示水发〔2026〕3号' }),
        directory,
        NOW,
        calendar,
      ),
    );
    expect(error.code).toBe('classified_title');
  });

  it('tracks a confidential item by its reference, with a null title', () => {
    const { next } = startInstance(
      GENERIC_APPROVAL,
      init({ secrecy: 'confidential', title: null, reference: '示水发〔2026〕3号' }),
      directory,
      NOW,
      calendar,
    );
    expect(next.title).toBeNull();
    expect(next.reference).toBe('示水发〔2026〕3号');
  });

  it.each([
    {
      name: 'a secret item without a reference',
      extra: { secrecy: 'top_secret', title: null },
      code: 'reference_required',
    },
    { name: 'an internal item without a title', extra: { title: '   ' }, code: 'title_required' },
    {
      name: 'a requester who is not in the directory',
      extra: { requesterId: 'stranger' },
      code: 'requester_unknown',
    },
    { name: 'a flow whose rule finds nobody', extra: { requesterId: 'lonely-clerk' }, code: 'no_assignee' },
  ] as const)('refuses $name', ({ extra, code }) => {
    expect(
      appErrorOf(() => startInstance(GENERIC_APPROVAL, init(extra), directory, NOW, calendar)).code,
    ).toBe(code);
  });

  it('refuses a classified item when someone its route asks is cleared below it, naming the step', () => {
    const cleared = (clearance: 'internal' | 'secret' | 'confidential') => ({
      ...directory,
      people: directory.people.map((p) => ({ ...p, clearance })),
    });
    const confidential = init({ secrecy: 'confidential', title: null, reference: '示水收上〔2026〕4号' });
    const error = appErrorOf(() =>
      startInstance(GENERIC_APPROVAL, confidential, cleared('secret'), NOW, calendar),
    );
    expect(error.code).toBe('assignee_not_cleared');
    expect(error.messageKey).toBe('error.route_not_cleared');
    expect(error.params).toMatchObject({ secrecy: 'confidential', step: GENERIC_APPROVAL.steps[0]?.id });
    expect(
      startInstance(GENERIC_APPROVAL, confidential, cleared('confidential'), NOW, calendar).next.status,
    ).toBe('running');
    // An internal item goes to anyone cleared for 内部; a directory without clearances is not checked.
    expect(startInstance(GENERIC_APPROVAL, init(), cleared('internal'), NOW, calendar).next.status).toBe(
      'running',
    );
    expect(startInstance(GENERIC_APPROVAL, confidential, directory, NOW, calendar).next.status).toBe(
      'running',
    );
  });

  it('does not keep a reference to the caller’s params', () => {
    const params = { readers: ['director'] };
    const { next } = startInstance(GENERIC_APPROVAL, init({ params }), directory, NOW, calendar);
    params.readers.push('leader-wang');
    expect(next.params).toEqual({ readers: ['director'] });
  });
});
