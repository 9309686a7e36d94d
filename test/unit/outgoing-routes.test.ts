import { describe, expect, it } from 'vitest';
import {
  COUNTERSIGNERS_PARAM,
  countersignersFor,
  type DOCUMENT_DIRECTIONS,
  OUTGOING_DEFINITIONS,
  outgoingDefinition,
  outgoingDefinitionId,
  REVIEW_STEP_IDS,
  SIGN_OFF_STEP_IDS,
} from '../../src/domain/documents/outgoing.ts';
import {
  type DirectorySnapshot,
  startInstance,
  transition,
  type WorkflowAction,
  type WorkflowInstance,
  WorkflowRefusal,
  waitingOn,
  weekdayCalendar,
} from '../../src/domain/workflow/index.ts';
import { directoryPerson } from '../support/workflow-fixtures.ts';

// The routes of outgoing documents (seed 004 art. 7) and countersign (会签).

const person = directoryPerson;

const directory: DirectorySnapshot = {
  people: [
    person('director', 'leadership', ['director']),
    person('leader-wang', 'leadership', ['leader']),
    person('office-head', 'office', ['office_head', 'department_head'], 'principal'),
    person('secretary', 'office', ['secretary']),
    person('printer', 'office', ['print_room']),
    person('water-head', 'water', ['department_head'], 'principal'),
    person('drafter', 'water'),
    person('finance-deputy', 'finance', ['department_head'], 'deputy'),
    person('finance-head', 'finance', ['department_head'], 'principal'),
    person('build-head', 'build', ['department_head'], 'principal'),
    person('headless-clerk', 'headless'),
  ],
  departments: [
    { id: 'leadership', kind: 'leadership', supervisingLeaderId: null },
    { id: 'office', kind: 'office', supervisingLeaderId: 'leader-wang' },
    { id: 'water', kind: 'business', supervisingLeaderId: 'leader-wang' },
    { id: 'finance', kind: 'business', supervisingLeaderId: 'leader-wang' },
    { id: 'build', kind: 'business', supervisingLeaderId: 'leader-wang' },
    { id: 'headless', kind: 'business', supervisingLeaderId: 'leader-wang' },
  ],
  seals: [],
};

const calendar = weekdayCalendar('Asia/Shanghai');
let clock = new Date('2026-03-02T01:00:00Z').getTime();
const tick = () => {
  clock += 60_000;
  return new Date(clock);
};

const stepIds = (direction: (typeof DOCUMENT_DIRECTIONS)[number], countersign: boolean) =>
  outgoingDefinition(direction, countersign).steps.map((s) => s.id);

function start(
  direction: (typeof DOCUMENT_DIRECTIONS)[number],
  countersigners: string[] = [],
): WorkflowInstance {
  return startInstance(
    outgoingDefinition(direction, countersigners.length > 0),
    {
      id: 'doc-1',
      requesterId: 'drafter',
      title: '关于开展汛前安全检查的通知',
      secrecy: 'internal',
      params: countersigners.length ? { [COUNTERSIGNERS_PARAM]: countersigners } : {},
    },
    directory,
    tick(),
    calendar,
  ).next;
}

const act = (instance: WorkflowInstance, personId: string, action: WorkflowAction) =>
  transition(instance, action, { personId }, tick(), calendar).next;
const approve = (comment = '同意。'): WorkflowAction => ({ type: 'approve', comment });

describe('outgoing document routes', () => {
  it('routes an upward document through leader review and the director’s sign-off', () => {
    expect(stepIds('upward', false)).toEqual([
      'dept_review',
      'office_check',
      'leader_review',
      'director_signoff',
      'numbering',
      'dispatch',
    ]);
  });

  it('routes downward and parallel documents to the supervising leader’s sign-off', () => {
    const route = ['dept_review', 'office_check', 'leader_signoff', 'numbering', 'dispatch'];
    expect(stepIds('downward', false)).toEqual(route);
    expect(stepIds('parallel', false)).toEqual(route);
    expect(outgoingDefinitionId('parallel', true)).toBe(outgoingDefinitionId('downward', true));
  });

  it('puts countersign (all must agree) after the reviews and before any sign-off', () => {
    expect(stepIds('upward', true)).toEqual([
      'dept_review',
      'office_check',
      'countersign',
      'leader_review',
      'director_signoff',
      'numbering',
      'dispatch',
    ]);
    const countersign = outgoingDefinition('downward', true).steps.find((s) => s.id === 'countersign');
    expect(countersign).toMatchObject({
      kind: 'allOf',
      assignees: { kind: 'runtime', key: COUNTERSIGNERS_PARAM },
      requireComment: true,
      onReject: 'return',
    });
  });

  it.each(OUTGOING_DEFINITIONS.map((d) => [d.id, d] as const))(
    '%s: every review and sign-off needs an opinion, and none can be skipped',
    (_id, definition) => {
      const ids = definition.steps.map((s) => s.id);
      const signOff = ids.findIndex((id) => (SIGN_OFF_STEP_IDS as readonly string[]).includes(id));
      expect(signOff).toBeGreaterThan(0);
      expect(ids.slice(0, REVIEW_STEP_IDS.length)).toEqual([...REVIEW_STEP_IDS]);
      for (const step of definition.steps.slice(0, signOff + 1)) {
        expect(step.requireComment, step.id).toBe(true);
        expect(step.skipIfSameAsPrevious, step.id).toBe(false);
      }
    },
  );

  it('refuses the director signing off a draft still at review, and a review without an opinion', () => {
    const draft = start('upward');
    expect(waitingOn(draft)).toEqual(['water-head']);
    expect(() => act(draft, 'director', approve())).toThrow(WorkflowRefusal);
    expect(() => act(draft, 'water-head', { type: 'approve' })).toThrow(WorkflowRefusal);
  });

  it('reaches sign-off only through every review, then numbering and sending', () => {
    let doc = start('upward');
    doc = act(doc, 'water-head', approve('核稿无误。'));
    expect(waitingOn(doc)).toEqual(['office-head']);
    doc = act(doc, 'office-head', approve('已把关。'));
    expect(waitingOn(doc)).toEqual(['leader-wang']);
    doc = act(doc, 'leader-wang', approve('拟同意，请局长签发。'));
    expect(waitingOn(doc)).toEqual(['director']);
    doc = act(doc, 'director', approve('签发。'));
    expect(waitingOn(doc)).toEqual(['printer']);
    doc = act(doc, 'printer', { type: 'complete', result: '已编号排版。' });
    expect(waitingOn(doc)).toEqual(['secretary']);
    doc = act(doc, 'secretary', { type: 'complete', result: '已发送。' });
    expect(doc.status).toBe('approved');
  });

  it('asks every countersigning department, and one that disagrees sends the draft back to the drafter', () => {
    let doc = start('downward', ['finance-head', 'build-head']);
    doc = act(doc, 'water-head', approve());
    doc = act(doc, 'office-head', approve());
    expect(waitingOn(doc).sort()).toEqual(['build-head', 'finance-head']);
    doc = act(doc, 'finance-head', approve('财务无意见。'));
    expect(waitingOn(doc)).toEqual(['build-head']);
    doc = act(doc, 'build-head', { type: 'reject', comment: '工程部分表述不准确，请修改。' });
    expect(doc.status).toBe('returned');
    expect(waitingOn(doc)).toEqual(['drafter']);
  });
  it('proofreading: the secretary sends it back for corrections and gets it back, the sign-off kept', () => {
    let doc = start('downward');
    doc = act(doc, 'water-head', approve());
    doc = act(doc, 'office-head', approve());
    doc = act(doc, 'leader-wang', approve('签发。'));
    doc = act(doc, 'printer', { type: 'complete', result: '已编号排版。' });
    doc = act(doc, 'secretary', {
      type: 'return',
      comment: '第二页数字与签发稿不一致，请改正。',
      to: 'requester',
    });
    expect(doc.status).toBe('returned');
    expect(waitingOn(doc)).toEqual(['drafter']);
    doc = act(doc, 'drafter', { type: 'resubmit', comment: '已改正。' });
    expect(waitingOn(doc)).toEqual(['secretary']);
    const signOff = doc.steps.find((s) => s.key === 'leader_signoff');
    expect(signOff).toMatchObject({ status: 'done' });
    expect(signOff?.assignments[0]).toMatchObject({
      personId: 'leader-wang',
      status: 'approved',
      comment: '签发。',
    });
    expect(doc.steps.find((s) => s.key === 'numbering')?.status).toBe('done');
    doc = act(doc, 'secretary', { type: 'complete', result: '已发送。' });
    expect(doc.status).toBe('approved');
  });

  it('a return during review still restarts the route from the first review', () => {
    let doc = start('downward');
    doc = act(doc, 'water-head', approve());
    doc = act(doc, 'office-head', { type: 'return', comment: '请按公文格式修改。', to: 'requester' });
    doc = act(doc, 'drafter', { type: 'resubmit' });
    expect(waitingOn(doc)).toEqual(['water-head']);
    expect(doc.steps[0]?.status).toBe('active');
  });
});

describe('countersigners for departments', () => {
  it('takes each department’s principal head, in the order chosen, leaving out the drafter’s own', () => {
    expect(countersignersFor(['build', 'water', 'finance', 'build'], 'drafter', directory)).toEqual([
      'build-head',
      'finance-head',
    ]);
  });

  it('names the department that is unknown or has no head', () => {
    expect(() => countersignersFor(['nowhere'], 'drafter', directory)).toThrow(
      expect.objectContaining({ code: 'countersign_department_unknown', params: { department: 'nowhere' } }),
    );
    expect(() => countersignersFor(['headless'], 'drafter', directory)).toThrow(
      expect.objectContaining({ code: 'countersign_no_head', params: { department: 'headless' } }),
    );
  });
});
