import { describe, expect, it } from 'vitest';
import { buildCard, type Card, type CardActionType, formatCardTime } from '../../src/chat/core/card.ts';
import type { StepState, WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { assignment, step } from '../support/workflow-fixtures.ts';

// Instances are built by hand, as plain objects of types.ts: the card must draw whatever state
// the engine stores, without running the engine.

const INSTANCE_ID = '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12';
/** 14:05 on 20 November in Asia/Shanghai. */
const T_APPROVED = '2025-11-20T06:05:00.000Z';
const NOW = new Date('2025-11-21T02:00:00.000Z');

const people = new Map([
  ['p-req', { name: '王芳', nameEn: 'Wang Fang' }],
  ['p-head', { name: '张三', nameEn: 'Zhang San' }],
  ['p-office', { name: '李四', nameEn: 'Li Si' }],
  ['p-lead1', { name: '赵一' }],
  ['p-lead2', { name: '赵二' }],
  ['p-lead3', { name: '赵三' }],
  ['p-lead4', { name: '赵四' }],
  ['p-lead5', { name: '赵五' }],
  ['p-other', { name: '路人甲' }],
]);

function instance(steps: StepState[], extra: Partial<WorkflowInstance> = {}): WorkflowInstance {
  const current = steps.findIndex((s) => s.status === 'active');
  return {
    id: INSTANCE_ID,
    definitionId: 'generic_approval',
    definitionVersion: 1,
    requesterId: 'p-req',
    title: '关于购置办公设备的请示',
    reference: null,
    secrecy: 'internal',
    urgency: 'normal',
    status: 'running',
    version: 7,
    currentStep: current < 0 ? steps.length : current,
    steps,
    params: {},
    createdAt: '2025-11-19T01:00:00.000Z',
    updatedAt: T_APPROVED,
    ...extra,
  };
}

function cardOf(inst: WorkflowInstance, viewer: string | null, extra: { locale?: 'zh' | 'en' } = {}): Card {
  return buildCard({
    instance: inst,
    viewerPersonId: viewer,
    people,
    kindLabel: { zh: '通用审批', en: 'General approval' },
    locale: extra.locale ?? 'zh',
    now: NOW,
    timeZone: 'Asia/Shanghai',
    fields: [{ label: '事由', value: '购置打印机两台' }],
  });
}

const actionTypes = (card: Card): CardActionType[] => card.actions.map((a) => a.type);

/** Head reviewed (done), office head's single step is current, a director step is still ahead. */
function runningSingle(extra: { opened?: boolean; requireComment?: boolean } = {}): WorkflowInstance {
  return instance([
    step(
      'head',
      'single',
      'done',
      [assignment('p-head', 'approved', { actedAt: T_APPROVED, comment: '同意报送' })],
      {
        finishedAt: T_APPROVED,
      },
    ),
    step(
      'office',
      'single',
      'active',
      [assignment('p-office', 'pending', { openedAt: extra.opened ? T_APPROVED : null })],
      { requireComment: extra.requireComment ?? false, deadline: '2025-11-24T10:00:00.000Z' },
    ),
    step('director', 'single', 'pending', []),
  ]);
}

describe('who sees which buttons', () => {
  it('gives the current assignee of a single step approve, reject, return, transfer, add signer and comment', () => {
    const card = cardOf(runningSingle(), 'p-office');
    expect(actionTypes(card)).toEqual(['approve', 'reject', 'return', 'transfer', 'add_signer', 'comment']);
  });

  it('approves at once where no opinion is required, and opens a form for the others', () => {
    const card = cardOf(runningSingle(), 'p-office');
    const byType = new Map(card.actions.map((a) => [a.type, a]));
    expect(byType.get('approve')?.needsModal).toBe(false);
    for (const type of ['reject', 'return', 'transfer', 'add_signer', 'comment'] as const) {
      expect(byType.get(type)?.needsModal, type).toBe(true);
    }
  });

  it('makes approve open a form asking for the opinion when the step requires one', () => {
    const approve = cardOf(runningSingle({ requireComment: true }), 'p-office').actions.find(
      (a) => a.type === 'approve',
    );
    expect(approve).toMatchObject({ needsModal: true, requireComment: true, style: 'primary' });
  });

  it('styles reject as danger with a confirmation', () => {
    const reject = cardOf(runningSingle(), 'p-office').actions.find((a) => a.type === 'reject');
    expect(reject?.style).toBe('danger');
    expect(reject?.confirm?.title).toBe('确认驳回？');
  });

  it('gives every pending person of an anyOf step the reviewer buttons', () => {
    const inst = instance([step('s', 'anyOf', 'active', [assignment('p-lead1'), assignment('p-lead2')])]);
    expect(actionTypes(cardOf(inst, 'p-lead2'))).toContain('approve');
  });

  it('lets the requester recall, comment and cancel while nobody at the current step has opened it', () => {
    expect(actionTypes(cardOf(runningSingle(), 'p-req'))).toEqual(['comment', 'recall', 'cancel']);
  });

  it('takes recall away once the current assignee has opened the card', () => {
    expect(actionTypes(cardOf(runningSingle({ opened: true }), 'p-req'))).toEqual(['comment', 'cancel']);
  });

  it('takes recall away once someone at the current step has acted', () => {
    const inst = instance([
      step('sign', 'allOf', 'active', [
        assignment('p-lead1', 'approved', { actedAt: T_APPROVED }),
        assignment('p-lead2'),
      ]),
    ]);
    expect(actionTypes(cardOf(inst, 'p-req'))).not.toContain('recall');
  });

  it.each(['returned', 'recalled'] as const)(
    'lets the requester of a %s item resubmit or cancel',
    (status) => {
      const inst = { ...runningSingle(), status };
      expect(actionTypes(cardOf(inst, 'p-req'))).toEqual(['resubmit', 'cancel']);
      expect(actionTypes(cardOf(inst, 'p-office'))).toEqual([]);
    },
  );

  it('shows no buttons to someone with no part, nor on the channel copy', () => {
    expect(cardOf(runningSingle(), 'p-other').actions).toEqual([]);
    expect(cardOf(runningSingle(), null).actions).toEqual([]);
  });

  it.each(['approved', 'rejected', 'cancelled'] as const)('shows no buttons on a %s item', (status) => {
    const inst = { ...runningSingle(), status, currentStep: 3 };
    expect(cardOf(inst, 'p-req').actions).toEqual([]);
    expect(cardOf(inst, 'p-office').actions).toEqual([]);
  });

  it('shows nothing to an allOf signer who already agreed', () => {
    const inst = instance([
      step('sign', 'allOf', 'active', [
        assignment('p-lead1', 'approved', { actedAt: T_APPROVED }),
        assignment('p-lead2'),
      ]),
    ]);
    expect(cardOf(inst, 'p-lead1').actions).toEqual([]);
    expect(actionTypes(cardOf(inst, 'p-lead2'))).toContain('approve');
  });

  it('gives the reader whose turn it is in a circulation only "已阅", and later readers nothing', () => {
    const inst = instance([
      step('read', 'sequence', 'active', [
        assignment('p-lead1', 'acknowledged', { actedAt: T_APPROVED }),
        assignment('p-lead2'),
        assignment('p-lead3', 'waiting'),
      ]),
    ]);
    const turn = cardOf(inst, 'p-lead2');
    expect(actionTypes(turn)).toEqual(['acknowledge']);
    expect(turn.actions[0]).toMatchObject({ label: '已阅', needsModal: false });
    expect(cardOf(inst, 'p-lead3').actions).toEqual([]);
  });

  it('gives the handler of a task "办结", which opens the form for the result, and 评论 to raise a question', () => {
    const inst = instance([step('handle', 'task', 'active', [assignment('p-head')])]);
    const card = cardOf(inst, 'p-head');
    expect(actionTypes(card)).toEqual(['complete', 'comment']);
    expect(card.actions[0]?.needsModal).toBe(true);
    expect(card.actions[1]).toMatchObject({ label: '评论', needsModal: true, requireComment: true });
  });

  describe('the instructing leader at 承办 (commentersFrom)', () => {
    // 批办 by p-office, a circulation p-lead1 read, and p-head handling; the handling step lets
    // whoever approved 批办 comment.
    const incoming = (handleStatus: StepState['status'] = 'active') =>
      instance(
        [
          step('instruct', 'single', 'done', [assignment('p-office', 'approved', { actedAt: T_APPROVED })]),
          step('circulate', 'sequence', 'done', [
            assignment('p-lead1', 'acknowledged', { actedAt: T_APPROVED }),
          ]),
          step('handle', 'task', handleStatus, [assignment('p-head')], { commentersFrom: ['instruct'] }),
        ],
        { definitionId: 'incoming' },
      );

    it('shows the instructing leader a 答复 button that opens the opinion form', () => {
      const card = cardOf(incoming(), 'p-office');
      expect(actionTypes(card)).toEqual(['comment']);
      expect(card.actions[0]).toMatchObject({
        label: '答复',
        needsModal: true,
        requireComment: true,
        form: null,
      });
      expect(cardOf(incoming(), 'p-office', { locale: 'en' }).actions[0]?.label).toBe('Reply');
    });

    it('shows no button to a reader who only acknowledged, nor to anyone else', () => {
      expect(cardOf(incoming(), 'p-lead1').actions).toEqual([]);
      expect(cardOf(incoming(), 'p-other').actions).toEqual([]);
      expect(cardOf(incoming(), null).actions).toEqual([]);
    });

    it('keeps the usual labels for the handler and the requester', () => {
      expect(cardOf(incoming(), 'p-head').actions.map((a) => [a.type, a.label])).toEqual([
        ['complete', '办结'],
        ['comment', '评论'],
      ]);
      expect(cardOf(incoming(), 'p-req').actions.find((a) => a.type === 'comment')?.label).toBe('评论');
    });

    it('shows the leader nothing once the handling is done', () => {
      const done = incoming('done');
      done.status = 'approved';
      done.currentStep = done.steps.length;
      expect(cardOf(done, 'p-office').actions).toEqual([]);
    });

    it('shows the leader nothing while an earlier step runs', () => {
      const circulating = instance(
        [
          step('instruct', 'single', 'done', [assignment('p-office', 'approved', { actedAt: T_APPROVED })]),
          step('circulate', 'sequence', 'active', [assignment('p-lead1')]),
          step('handle', 'task', 'pending', [], { commentersFrom: ['instruct'] }),
        ],
        { definitionId: 'incoming' },
      );
      expect(cardOf(circulating, 'p-office').actions).toEqual([]);
    });
  });

  describe('a co-department’s head at 承办 (contributorsParam, 协办)', () => {
    const handling = (status: StepState['status'] = 'active') =>
      instance(
        [
          step('instruct', 'single', 'done', [assignment('p-office', 'approved', { actedAt: T_APPROVED })]),
          step('handle', 'task', status, [assignment('p-head')], { contributorsParam: 'contributors' }),
        ],
        { definitionId: 'incoming', params: { contributors: ['p-lead1'] } },
      );

    it('shows the contributor a 协办意见 button that opens the opinion form', () => {
      const card = cardOf(handling(), 'p-lead1');
      expect(card.actions.map((a) => [a.type, a.label, a.needsModal])).toEqual([
        ['comment', '协办意见', true],
      ]);
      expect(cardOf(handling(), 'p-lead1', { locale: 'en' }).actions[0]?.label).toBe('Contribute');
    });

    it('shows nothing to someone the param does not name, nor before the step runs', () => {
      expect(cardOf(handling(), 'p-other').actions).toEqual([]);
      expect(cardOf(handling('pending'), 'p-lead1').actions).toEqual([]);
    });
  });

  it('gives a requester who is also the reviewer both sets, with comment once', () => {
    // The sole department head drafting: the review comes back to them (DOMAIN.md reviewer rule).
    const inst = instance([step('head', 'single', 'active', [assignment('p-req')])]);
    expect(actionTypes(cardOf(inst, 'p-req'))).toEqual([
      'approve',
      'reject',
      'return',
      'transfer',
      'add_signer',
      'comment',
      'recall',
      'cancel',
    ]);
  });
});

describe('classified items', () => {
  const secret = (secrecy: 'secret' | 'confidential' | 'top_secret') =>
    instance(
      [
        step(
          'head',
          'single',
          'done',
          [assignment('p-head', 'approved', { actedAt: T_APPROVED, comment: '涉密意见内容' })],
          { finishedAt: T_APPROVED },
        ),
        step('office', 'single', 'active', [assignment('p-office')], {
          deadline: '2025-11-24T10:00:00.000Z',
        }),
      ],
      // A title slipped through: the card must still not show it.
      { secrecy, reference: '示水密〔2025〕3号', title: '绝不能出现的标题' },
    );

  it.each(['secret', 'confidential', 'top_secret'] as const)(
    'shows a %s item by number only, with its holder and deadline, and no title, fields or opinions',
    (level) => {
      const card = cardOf(secret(level), 'p-office');
      expect(card.classified).toBe(true);
      expect(card.title).toBe('密件 #示水密〔2025〕3号');
      expect(card.fields).toEqual([]);
      expect(card.holders.map((h) => h.name)).toEqual(['李四']);
      expect(card.deadline?.text).toBe('11-24 18:00');
      expect(card.history.every((h) => h.comment === null)).toBe(true);
      expect(JSON.stringify(card)).not.toContain('绝不能出现的标题');
      expect(JSON.stringify(card)).not.toContain('购置打印机两台');
      expect(JSON.stringify(card)).not.toContain('涉密意见内容');
    },
  );

  it('withholds opinions of a classified item drawn from the audit log too', () => {
    const card = buildCard({
      instance: secret('secret'),
      viewerPersonId: null,
      people,
      kindLabel: { zh: '收文', en: 'Incoming' },
      locale: 'zh',
      now: NOW,
      timeZone: 'Asia/Shanghai',
      audit: [{ actorId: 'p-head', action: 'approve', at: T_APPROVED, comment: '涉密意见内容' }],
    });
    expect(card.history.map((h) => [h.label, h.comment])).toEqual([['同意', null]]);
  });

  it('names a classified item "Classified item <reference>" in English', () => {
    expect(cardOf(secret('secret'), null, { locale: 'en' }).title).toBe('Classified item 示水密〔2025〕3号');
  });

  it('keeps the title and fields of internal items', () => {
    const card = cardOf(runningSingle(), null);
    expect(card.classified).toBe(false);
    expect(card.title).toBe('关于购置办公设备的请示');
    expect(card.fields).toEqual([{ label: '事由', value: '购置打印机两台' }]);
  });
});

describe('what the card says', () => {
  it('carries the instance id and version', () => {
    const card = cardOf(runningSingle(), 'p-office');
    expect(card).toMatchObject({ instanceId: INSTANCE_ID, version: 7 });
  });

  it('marks every step of the route: done with who and when, current with whom, pending', () => {
    const route = cardOf(runningSingle(), null).route;
    expect(route.map((s) => [s.mark, s.state])).toEqual([
      ['✓', 'done'],
      ['▶', 'current'],
      ['○', 'pending'],
    ]);
    expect(route[0]).toMatchObject({ people: [{ name: '张三' }], atText: '11-20 14:05' });
    expect(route[1]?.people.map((p) => p.name)).toEqual(['李四']);
  });

  it('marks skipped, returned and rejected steps', () => {
    const inst = instance(
      [
        step('a', 'single', 'skipped', [], { finishedAt: T_APPROVED }),
        step('b', 'single', 'returned', [assignment('p-head', 'returned', { actedAt: T_APPROVED })]),
        step('c', 'single', 'rejected', [assignment('p-office', 'rejected', { actedAt: T_APPROVED })]),
      ],
      { status: 'rejected' },
    );
    const route = cardOf(inst, null).route;
    expect(route.map((s) => [s.state, s.note])).toEqual([
      ['skipped', '已跳过'],
      ['returned', '已退回'],
      ['rejected', '已驳回'],
    ]);
    expect(route[1]?.people.map((p) => p.name)).toEqual(['张三']);
  });

  it('tallies a countersign step as "2/3 同意", not counting a handed-over assignment', () => {
    const inst = instance([
      step('sign', 'allOf', 'active', [
        assignment('p-lead1', 'approved', { actedAt: T_APPROVED }),
        assignment('p-lead2', 'transferred', { actedAt: T_APPROVED }),
        assignment('p-lead4', 'approved', { actedAt: T_APPROVED, transferredFrom: 'p-lead2' }),
        assignment('p-lead3'),
      ]),
    ]);
    expect(cardOf(inst, null).route[0]?.progress).toBe('2/3 同意');
  });

  it('shows a circulation\'s turn as "第2/5人"', () => {
    const inst = instance([
      step('read', 'sequence', 'active', [
        assignment('p-lead1', 'acknowledged', { actedAt: T_APPROVED }),
        assignment('p-lead2'),
        assignment('p-lead3', 'waiting'),
        assignment('p-lead4', 'waiting'),
        assignment('p-lead5', 'waiting'),
      ]),
    ]);
    const card = cardOf(inst, null);
    expect(card.route[0]?.progress).toBe('第2/5人');
    expect(card.holders.map((h) => h.name)).toEqual(['赵二']);
  });

  it('lists the latest actions with their opinions, newest last', () => {
    const card = cardOf(runningSingle(), null);
    expect(card.history.map((h) => [h.person.name, h.label, h.comment])).toEqual([
      ['王芳', '提交', null],
      ['张三', '同意', '同意报送'],
    ]);
  });

  it('counts what it leaves out of a long history', () => {
    const readers = Array.from({ length: 14 }, (_, i) =>
      assignment(`p-r${i}`, 'acknowledged', {
        actedAt: new Date(Date.parse(T_APPROVED) + i * 60_000).toISOString(),
      }),
    );
    const card = cardOf(instance([step('read', 'sequence', 'done', readers)], { status: 'approved' }), null);
    // 1 submission + 14 readers = 15 entries; the card keeps the newest 10.
    expect(card.history).toHaveLength(10);
    expect(card.earlierHistoryCount).toBe(5);
    expect(card.history.at(-1)?.person.personId).toBe('p-r13');
  });

  it("says to whom an item was transferred, and shows a task's result as its note", () => {
    const inst = instance(
      [
        step(
          'handle',
          'task',
          'done',
          [
            assignment('p-head', 'transferred', { actedAt: T_APPROVED }),
            assignment('p-office', 'completed', {
              actedAt: '2025-11-20T08:00:00.000Z',
              transferredFrom: 'p-head',
            }),
          ],
          { result: '已采购并入库' },
        ),
      ],
      { status: 'approved' },
    );
    const history = cardOf(inst, null).history;
    expect(history.map((h) => [h.label, h.comment])).toEqual([
      ['提交', null],
      ['转交给 李四', null],
      ['办结', '已采购并入库'],
    ]);
  });

  it('draws the history from the audit log when given: comments, recalls and resubmissions, without opens or refusals', () => {
    const card = buildCard({
      instance: runningSingle(),
      viewerPersonId: null,
      people,
      kindLabel: { zh: '通用审批', en: 'General approval' },
      locale: 'zh',
      now: NOW,
      timeZone: 'Asia/Shanghai',
      audit: [
        { actorId: 'p-req', action: 'start', at: new Date('2025-11-19T01:00:00.000Z'), comment: null },
        { actorId: 'p-head', action: 'open', at: '2025-11-19T02:00:00.000Z', comment: null },
        { actorId: 'p-req', action: 'recall', at: '2025-11-19T02:30:00.000Z', comment: '补充附件' },
        { actorId: 'p-req', action: 'resubmit', at: '2025-11-19T03:00:00.000Z', comment: null },
        { actorId: 'p-other', action: 'refused:approve', at: '2025-11-19T03:10:00.000Z', comment: null },
        { actorId: 'p-head', action: 'approve', at: T_APPROVED, comment: '同意报送' },
        { actorId: 'p-office', action: 'comment', at: '2025-11-20T07:00:00.000Z', comment: '请补充预算' },
        {
          actorId: 'p-office',
          action: 'add_signer',
          at: '2025-11-20T07:30:00.000Z',
          comment: null,
          details: { personId: 'p-lead1', position: 'after' },
        },
        { actorId: 'p-office', action: 'toString', at: '2025-11-20T07:40:00.000Z', comment: null },
      ],
    });
    expect(card.history.map((h) => [h.person.name, h.label, h.comment])).toEqual([
      ['王芳', '提交', null],
      ['王芳', '撤回', '补充附件'],
      ['王芳', '重新提交', null],
      ['张三', '同意', '同意报送'],
      ['李四', '评论', '请补充预算'],
      ['李四', '加签 赵一', null],
    ]);
  });

  it.each([
    ['approved', '已通过'],
    ['rejected', '已驳回'],
    ['cancelled', '已撤销'],
    ['returned', '已退回，待申请人修改后重新提交'],
  ] as const)('states a %s item as "%s"', (status, label) => {
    const card = cardOf({ ...runningSingle(), status }, null);
    expect(card.status.label).toBe(label);
    expect(card.status.finished).toBe(status !== 'returned');
  });

  describe('in a flow’s own words (its wording family)', () => {
    const worded = (inst: WorkflowInstance, family: string | null, locale: 'zh' | 'en' = 'zh') =>
      buildCard({
        instance: inst,
        viewerPersonId: null,
        people,
        kindLabel: { zh: '收文', en: 'Incoming document' },
        locale,
        now: NOW,
        timeZone: 'Asia/Shanghai',
        family,
      });

    it.each([
      ['outgoing', '已发文', 'Sent'],
      ['incoming', '已办结', 'Closed'],
      ['seal', '已盖章', 'Stamped'],
      ['supply', '已发放', 'Issued'],
      ['archive_borrow', '已归还', 'Returned'],
      ['archive_copy', '已交付', 'Copies handed over'],
    ])('names how a finished %s item ended: "%s" / "%s", not 已通过', (family, zh, en) => {
      const finished = { ...runningSingle(), status: 'approved' as const };
      expect(worded(finished, family).status.label).toBe(zh);
      expect(worded(finished, family, 'en').status.label).toBe(en);
    });

    it('keeps the generic wording where the flow has none, and for outcomes the flow does not word', () => {
      const finished = { ...runningSingle(), status: 'approved' as const };
      expect(worded(finished, null).status.label).toBe('已通过');
      expect(worded(finished, 'generic_approval').status.label).toBe('已通过');
      expect(worded({ ...finished, status: 'rejected' }, 'seal').status.label).toBe('已驳回');
    });

    it('calls the secretary who registered an incoming document 登记人, not 申请人', () => {
      const returned = { ...runningSingle(), status: 'returned' as const };
      const card = worded(returned, 'incoming');
      expect(card.requesterLine).toBe('登记人：王芳');
      expect(card.waitingOnRequesterLine).toBe('等待登记人 王芳 处理');
      expect(card.status.label).toBe('已退回，待登记人修改后重新提交');
      expect(worded(returned, 'incoming', 'en').requesterLine).toBe('Registered by: Wang Fang');
      expect(worded(returned, null).requesterLine).toBe('申请人：王芳');
    });
  });

  it('names acts after their step: 拟办 with its text, 编号 with the number, 发出; the generic word otherwise', () => {
    const card = buildCard({
      instance: runningSingle(),
      viewerPersonId: null,
      people,
      kindLabel: { zh: '收文', en: 'Incoming document' },
      locale: 'zh',
      now: NOW,
      timeZone: 'Asia/Shanghai',
      audit: [
        { actorId: 'p-req', action: 'start', at: '2025-11-19T01:00:00.000Z', comment: null },
        {
          actorId: 'p-head',
          action: 'approve',
          at: '2025-11-19T02:00:00.000Z',
          comment: '拟请张局长阅示。',
          details: { step: 'propose' },
        },
        {
          actorId: 'p-office',
          action: 'complete',
          at: '2025-11-19T03:00:00.000Z',
          comment: '已编号排版。',
          details: { step: 'numbering', docNumber: '示水发〔2025〕1号', seq: 1 },
        },
        {
          actorId: 'p-office',
          action: 'complete',
          at: '2025-11-19T04:00:00.000Z',
          comment: '已发送。',
          details: { step: 'dispatch', distribution: ['main:市水利局'] },
        },
        // Recorded before the number was: the generic word rather than an unfilled placeholder.
        {
          actorId: 'p-office',
          action: 'complete',
          at: '2025-11-19T05:00:00.000Z',
          comment: null,
          details: { step: 'numbering' },
        },
        { actorId: 'p-lead1', action: 'approve', at: '2025-11-19T06:00:00.000Z', comment: null },
        {
          actorId: 'p-lead1',
          action: 'complete',
          at: '2025-11-19T07:00:00.000Z',
          comment: '已办结。',
          details: { step: 'handle' },
        },
      ],
    });
    expect(card.history.map((h) => [h.person.name, h.label, h.comment])).toEqual([
      ['王芳', '提交', null],
      ['张三', '拟办', '拟请张局长阅示。'],
      ['李四', '编号 示水发〔2025〕1号', '已编号排版。'],
      ['李四', '发出', '已发送。'],
      ['李四', '办结', null],
      ['赵一', '同意', null],
      ['赵一', '办结', '已办结。'],
    ]);
  });

  it('words a step-form act as done in English history (signed off, stamped), and as the step in Chinese', () => {
    const historyOf = (locale: 'zh' | 'en') =>
      buildCard({
        instance: runningSingle(),
        viewerPersonId: null,
        people,
        kindLabel: { zh: '发文', en: 'Outgoing document' },
        locale,
        now: NOW,
        timeZone: 'Asia/Shanghai',
        audit: (
          [
            ['leader_signoff', '2025-11-19T02:00:00.000Z'],
            ['instruct', '2025-11-19T03:00:00.000Z'],
            ['stamp', '2025-11-19T04:00:00.000Z'],
            ['supply_issue', '2025-11-19T05:00:00.000Z'],
          ] as const
        ).map(([step, at]) => ({
          actorId: 'p-lead1',
          action: 'approve',
          at,
          comment: null,
          details: { step },
        })),
      }).history.map((h) => h.label);
    expect(historyOf('en')).toEqual(['signed off', 'gave instructions', 'stamped', 'issued']);
    expect(historyOf('zh')).toEqual(['签发', '批办', '已盖章', '发放']);
  });

  it('marks the step a recalled item was taken back from as 已撤回, a returned one as 已退回', () => {
    const steps = () => [
      step('head', 'single', 'returned', [assignment('p-head', 'superseded')], { finishedAt: T_APPROVED }),
      step('office', 'single', 'pending', [assignment('p-office', 'waiting')]),
    ];
    const recalled = cardOf(instance(steps(), { status: 'recalled', currentStep: 0 }), null);
    expect(recalled.route[0]).toMatchObject({ state: 'returned', note: '已撤回' });
    const returned = cardOf(instance(steps(), { status: 'returned', currentStep: 0 }), null);
    expect(returned.route[0]).toMatchObject({ state: 'returned', note: '已退回' });
  });

  it('waits on the requester of a returned item, with no deadline of a step', () => {
    const card = cardOf({ ...runningSingle(), status: 'returned' }, null);
    expect(card.holders.map((h) => h.name)).toEqual(['王芳']);
    expect(card.deadline).toBeNull();
  });

  it("shows the current step's deadline in Asia/Shanghai time and flags it when overdue", () => {
    expect(cardOf(runningSingle(), null).deadline).toMatchObject({ text: '11-24 18:00', overdue: false });
    const late = buildCard({
      instance: runningSingle(),
      viewerPersonId: null,
      people,
      kindLabel: { zh: '通用审批', en: 'General approval' },
      locale: 'zh',
      now: new Date('2025-11-25T00:00:00.000Z'),
      timeZone: 'Asia/Shanghai',
    });
    expect(late.deadline?.overdue).toBe(true);
  });

  it('emphasises 特急 and 加急 but not 平件', () => {
    const urgency = (level: WorkflowInstance['urgency']) =>
      cardOf({ ...runningSingle(), urgency: level }, null).urgency;
    expect(urgency('extra_urgent')).toMatchObject({ label: '特急', emphasized: true, marker: '🔴' });
    expect(urgency('urgent')).toMatchObject({ label: '加急', emphasized: true });
    expect(urgency('normal')).toMatchObject({ label: '平件', emphasized: false, marker: '' });
  });

  it('speaks English with English names where the directory has them', () => {
    const card = cardOf(runningSingle(), 'p-office', { locale: 'en' });
    expect(card.requester.name).toBe('Wang Fang');
    expect(card.kindLabel).toBe('General approval');
    expect(card.route[0]?.name).toBe('Step head');
    expect(card.actions.map((a) => a.label)).toEqual([
      'Approve',
      'Reject',
      'Return',
      'Transfer',
      'Add signer',
      'Comment',
    ]);
    expect(card.urgency.label).toBe('Normal');
  });

  it('names a person missing from the directory as unknown rather than showing an id', () => {
    const inst = instance([step('s', 'single', 'active', [assignment('p-ghost')])]);
    expect(cardOf(inst, null).holders).toEqual([{ personId: 'p-ghost', name: '未知人员' }]);
  });
});

describe('formatCardTime', () => {
  it('writes month-day hour:minute in the unit’s time zone, adding the year only for another year', () => {
    const SH = 'Asia/Shanghai';
    expect(formatCardTime(T_APPROVED, NOW, SH)).toBe('11-20 14:05');
    // 23:30 UTC is already the next day in Shanghai.
    expect(formatCardTime('2025-12-31T23:30:00.000Z', new Date('2026-01-02T00:00:00.000Z'), SH)).toBe(
      '01-01 07:30',
    );
    expect(formatCardTime('2024-11-20T06:05:00.000Z', NOW, SH)).toBe('2024-11-20 14:05');
    expect(formatCardTime('not a time', NOW, SH)).toBe('—');
  });
  it('shows the time in the zone the organisation file sets, not always Shanghai’s', () => {
    // 06:05 UTC: 12:05 in Ürümqi (UTC+6), 14:05 in Shanghai; and on the card itself.
    expect(formatCardTime(T_APPROVED, NOW, 'Asia/Urumqi')).toBe('11-20 12:05');
    expect(formatCardTime('2025-12-31T17:30:00.000Z', NOW, 'Asia/Urumqi')).toBe('12-31 23:30');
    const card = buildCard({
      instance: runningSingle(),
      viewerPersonId: null,
      people,
      kindLabel: { zh: '通用审批', en: 'General approval' },
      locale: 'zh',
      now: NOW,
      timeZone: 'Asia/Urumqi',
    });
    expect(card.deadline?.text).toBe('11-24 16:00');
  });
});
