import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { buildCard, type Card } from '../../src/chat/core/card.ts';
import {
  ActionValueSchema,
  encodeActionValue,
  encodeModalMetadata,
  InvalidActionValueError,
  parseActionValue,
  parseModalMetadata,
  safeParseActionValue,
} from '../../src/chat/slack/action-values.ts';
import { ACTION_IDS, WORKFLOW_BUTTON_ACTION_IDS } from '../../src/chat/slack/ids.ts';
import { CARD_BLOCKS_JSON_BUDGET, renderCardBlocks } from '../../src/chat/slack/workflow/card-blocks.ts';
import type { Assignment, StepState, WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { blockKitProblems } from '../support/block-kit.ts';
import { assignment, step } from '../support/workflow-fixtures.ts';

const INSTANCE_ID = '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12';
const T0 = Date.parse('2025-11-20T06:05:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const NOW = new Date('2025-11-21T02:00:00.000Z');

const people = new Map([
  ['p-req', { name: '王芳', nameEn: 'Wang Fang' }],
  ['p-head', { name: '张三', nameEn: 'Zhang San' }],
  ['p-office', { name: '李四', nameEn: 'Li Si' }],
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
    urgency: 'urgent',
    status: 'running',
    version: 7,
    currentStep: current < 0 ? steps.length : current,
    steps,
    params: {},
    createdAt: at(-600),
    updatedAt: at(0),
    ...extra,
  };
}

function simple(extra: Partial<WorkflowInstance> = {}, comment = '同意报送'): WorkflowInstance {
  return instance(
    [
      step('head', 'single', 'done', [assignment('p-head', 'approved', { actedAt: at(0), comment })], {
        finishedAt: at(0),
      }),
      step('office', 'single', 'active', [assignment('p-office')], { deadline: '2025-11-24T10:00:00.000Z' }),
      step('director', 'single', 'pending', []),
    ],
    extra,
  );
}

function cardOf(
  inst: WorkflowInstance,
  viewer: string | null,
  options: { locale?: 'zh' | 'en'; fields?: Array<{ label: string; value: string }> } = {},
): Card {
  return buildCard({
    instance: inst,
    viewerPersonId: viewer,
    people,
    kindLabel: { zh: '通用审批', en: 'General approval' },
    locale: options.locale ?? 'zh',
    now: NOW,
    timeZone: 'Asia/Shanghai',
    fields: options.fields ?? [{ label: '事由', value: '购置打印机两台' }],
  });
}

const json = (blocks: readonly unknown[]) => JSON.stringify(blocks);

/** Every mrkdwn text of the message (where Slack would parse `<…>`). */
function mrkdwnTexts(blocks: readonly unknown[]): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'mrkdwn' && typeof record.text === 'string') out.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

function buttonsOf(blocks: readonly types.KnownBlock[]): types.Button[] {
  const actions = blocks.find((b): b is types.ActionsBlock => b.type === 'actions');
  return (actions?.elements ?? []) as types.Button[];
}

/** A route of 60 steps (40 done, 1 current, 19 pending) with 5,000-character opinions on each done step. */
function huge(): WorkflowInstance {
  const longComment = `${'意见<!channel>'.repeat(400)}`.slice(0, 5000);
  const steps: StepState[] = [];
  for (let i = 0; i < 60; i++) {
    const key = `s${String(i).padStart(2, '0')}`;
    if (i < 40) {
      steps.push(
        step(
          key,
          'single',
          'done',
          [assignment('p-head', 'approved', { actedAt: at(i), comment: longComment })],
          {
            finishedAt: at(i),
          },
        ),
      );
    } else if (i === 40) {
      steps.push(step(key, 'single', 'active', [assignment('p-office')], { deadline: at(5000) }));
    } else {
      steps.push(step(key, 'single', 'pending', []));
    }
  }
  return instance(steps, { title: `${'关于<!channel>的请示'.repeat(20)}`.slice(0, 200) });
}

describe('the card as Block Kit', () => {
  it('renders a typical card within every limit: header, context, fields, route, history and buttons', () => {
    const message = renderCardBlocks(cardOf(simple(), 'p-office'), 'zh');
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { type: 'plain_text', text: '关于购置办公设备的请示' },
    });
    const all = json(message.blocks);
    for (const piece of [
      '通用审批',
      '申请人：王芳',
      '*加急*',
      '办理时限：11-24 18:00',
      '*事由*',
      '购置打印机两台',
    ]) {
      expect(all).toContain(piece);
    }
    expect(all).toContain('✓ 步骤head · 张三 · 11-20 14:05');
    expect(all).toContain('▶ *步骤office · 李四*');
    expect(all).toContain('○ 步骤director');
    expect(all).toContain('>同意报送');
  });

  it('sends a short text fallback with the title and the state', () => {
    const { text } = renderCardBlocks(cardOf(simple(), 'p-office'), 'zh');
    expect(text).toBe('【加急】关于购置办公设备的请示：等待 李四 办理（步骤office）');
    const finished = renderCardBlocks(cardOf(simple({ status: 'approved' }), null), 'zh');
    expect(finished.text).toContain('已通过');
  });

  it('keeps a 60-step route, a 200-character title and 5,000-character opinions within every limit', () => {
    const message = renderCardBlocks(cardOf(huge(), 'p-office'), 'zh');
    expect(blockKitProblems(message)).toEqual([]);
    expect(json(message.blocks).length).toBeLessThanOrEqual(CARD_BLOCKS_JSON_BUDGET);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const header = message.blocks[0] as types.HeaderBlock;
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(header.text.text.endsWith('…')).toBe(true);
    expect(message.text.length).toBeLessThanOrEqual(300);
  });

  it('collapses a long route to the done count, the last done steps, the current one and "… N more"', () => {
    const message = renderCardBlocks(cardOf(huge(), 'p-office'), 'zh');
    const route = mrkdwnTexts(message.blocks).find((text) => text.startsWith('*办理流程*')) ?? '';
    const lines = route.split('\n');
    expect(lines.length).toBeLessThan(15);
    expect(route).toMatch(/前 \d+ 步已完成/);
    expect(route).toContain('▶ *步骤s40');
    expect(route).toMatch(/… 还有 \d+ 步/);
    expect(route).toContain('步骤s39');
    expect(route).not.toContain('步骤s10 ');
  });

  it('cuts a 5,000-character opinion with "…(全文见审计记录)"', () => {
    const card = cardOf(simple({}, '很长的意见'.repeat(1000)), 'p-office');
    expect(card.history.at(-1)?.comment).toHaveLength(5000);
    const message = renderCardBlocks(card, 'zh');
    expect(blockKitProblems(message)).toEqual([]);
    const quoted = mrkdwnTexts(message.blocks).find((text) => text.includes('很长的意见')) ?? '';
    expect(quoted.endsWith('…(全文见审计记录)')).toBe(true);
    expect(quoted.length).toBeLessThan(3000);
  });

  it('stays within the limits even at the worst: ten 2,000-character fields of "<", forty long opinions, 60 steps', () => {
    const inst = huge();
    const crowded: Assignment[] = Array.from({ length: 40 }, (_, i) =>
      assignment(`p-x${i}`, 'approved', { actedAt: at(100 + i), comment: '<&>'.repeat(1700) }),
    );
    inst.steps[0] = step('s00', 'allOf', 'done', crowded, { finishedAt: at(200) });
    const fields = Array.from({ length: 12 }, (_, i) => ({
      label: `字段${i}<`.repeat(30),
      value: '<'.repeat(2000),
    }));
    const message = renderCardBlocks(cardOf(inst, 'p-office', { fields }), 'zh');
    expect(blockKitProblems(message)).toEqual([]);
    expect(json(message.blocks).length).toBeLessThanOrEqual(CARD_BLOCKS_JSON_BUDGET);
    const fieldsBlock = message.blocks.find(
      (b): b is types.SectionBlock => b.type === 'section' && !!b.fields,
    );
    expect(fieldsBlock?.fields).toHaveLength(10);
    expect(json(message.blocks)).toContain('另有 3 项未显示');
  });

  it('shows the newest history entries and says how many earlier ones are left out', () => {
    const readers = Array.from({ length: 30 }, (_, i) =>
      assignment(`p-r${i}`, 'acknowledged', { actedAt: at(i), comment: `阅${i}` }),
    );
    const inst = instance([step('read', 'sequence', 'done', readers)], { status: 'approved' });
    const texts = mrkdwnTexts(renderCardBlocks(cardOf(inst, null), 'zh').blocks);
    expect(texts.some((text) => /另有 \d+ 条较早记录/.test(text))).toBe(true);
    expect(texts.some((text) => text.includes('>阅29'))).toBe(true);
    expect(texts.some((text) => text.includes('>阅0\n') || text.endsWith('>阅0'))).toBe(false);
  });

  it('escapes <!channel> and links typed in a title, a field or an opinion', () => {
    const inst = simple(
      { title: '请示 <!channel> <https://evil|click>' },
      '同意 <!channel> <https://evil|click> & more',
    );
    const message = renderCardBlocks(
      cardOf(inst, 'p-office', { fields: [{ label: '<!here>', value: '<https://evil|click>' }] }),
      'zh',
    );
    for (const text of [...mrkdwnTexts(message.blocks), message.text]) {
      expect(text).not.toMatch(/<!channel>|<!here>|<https:/);
    }
    const all = json(message.blocks);
    expect(all).toContain('同意 &lt;!channel&gt; &lt;https://evil|click&gt; &amp; more');
    expect(all).toContain('*&lt;!here&gt;*');
    expect(message.text).toContain('请示 &lt;!channel&gt; &lt;https://evil|click&gt;');
    // The header is plain_text, which Slack never parses for mentions or links.
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
  });

  it("gives each of the viewer's buttons its action_id and a value naming instance, version and action", () => {
    const buttons = buttonsOf(renderCardBlocks(cardOf(simple(), 'p-office'), 'zh').blocks);
    expect(buttons.map((b) => b.action_id)).toEqual([
      ACTION_IDS.wfApprove,
      ACTION_IDS.wfReject,
      ACTION_IDS.wfReturn,
      ACTION_IDS.wfTransfer,
      ACTION_IDS.wfAddSigner,
      ACTION_IDS.wfComment,
    ]);
    for (const button of buttons) {
      const ref = parseActionValue(button.value);
      expect(WORKFLOW_BUTTON_ACTION_IDS[ref.action]).toBe(button.action_id);
      expect(ref).toMatchObject({ instanceId: INSTANCE_ID, version: 7 });
    }
  });

  it('styles approve as primary and reject as danger behind a confirmation', () => {
    const buttons = buttonsOf(renderCardBlocks(cardOf(simple(), 'p-office'), 'zh').blocks);
    expect(buttons.find((b) => b.action_id === ACTION_IDS.wfApprove)?.style).toBe('primary');
    const reject = buttons.find((b) => b.action_id === ACTION_IDS.wfReject);
    expect(reject?.style).toBe('danger');
    expect(reject?.confirm?.title?.text).toBe('确认驳回？');
  });

  it('has no actions block on the channel copy or on a finished item', () => {
    expect(renderCardBlocks(cardOf(simple(), null), 'zh').blocks.some((b) => b.type === 'actions')).toBe(
      false,
    );
    const done = renderCardBlocks(cardOf(simple({ status: 'approved' }), 'p-req'), 'zh');
    expect(done.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('uses unique block_ids that carry the version, and fresh ones when the card changes', () => {
    const before = renderCardBlocks(cardOf(simple(), 'p-office'), 'zh').blocks;
    const ids = before.map((b) => b.block_id ?? '');
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^wfc:7:/);
    const after = renderCardBlocks(cardOf(simple({ version: 8 }), 'p-office'), 'zh').blocks;
    const afterIds = new Set(after.map((b) => b.block_id));
    for (const id of ids) expect(afterIds.has(id)).toBe(false);
  });

  it('shows a classified item by number only, even with fields and opinions at hand', () => {
    const inst = simple(
      { secrecy: 'confidential', reference: '机〔2025〕9号', title: '机密标题' },
      '机密意见',
    );
    const message = renderCardBlocks(
      cardOf(inst, 'p-office', { fields: [{ label: '事由', value: '机密事由' }] }),
      'zh',
    );
    const all = json(message.blocks) + message.text;
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: '密件 #机〔2025〕9号' } });
    for (const secret of ['机密标题', '机密事由', '机密意见']) expect(all).not.toContain(secret);
    expect(all).toContain('李四');
    expect(all).toContain('11-24 18:00');
    expect(blockKitProblems(message)).toEqual([]);
  });

  it('renders in English', () => {
    const inst = simple({ secrecy: 'secret', reference: 'S-2025-3', title: null, status: 'running' });
    const message = renderCardBlocks(cardOf(inst, 'p-office', { locale: 'en' }), 'en');
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Classified item S-2025-3' } });
    const all = json(message.blocks);
    for (const piece of [
      'General approval',
      'Requester: Wang Fang',
      '*Urgent*',
      'Due: 11-24 18:00',
      '*Route*',
    ]) {
      expect(all).toContain(piece);
    }
    expect(buttonsOf(message.blocks).map((b) => b.text.text)).toEqual([
      'Approve',
      'Reject',
      'Return',
      'Transfer',
      'Add signer',
      'Comment',
    ]);
    expect(message.text).toBe('[Urgent] Classified item S-2025-3: Waiting on Li Si (Step office)');
  });
});

describe('button values and private_metadata', () => {
  const ref = { instanceId: INSTANCE_ID, version: 7, action: 'approve' as const };

  it('round-trips through encode and parse as compact JSON', () => {
    const value = encodeActionValue(ref);
    expect(value).toBe(`{"i":"${INSTANCE_ID}","v":7,"a":"approve"}`);
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(parseActionValue(value)).toEqual(ref);
    const metadata = encodeModalMetadata({ ...ref, action: 'reject' });
    expect(metadata.length).toBeLessThanOrEqual(3000);
    expect(parseModalMetadata(metadata)).toEqual({ ...ref, action: 'reject' });
  });

  it.each([
    ['a non-uuid instance id', `{"i":"../../admin","v":7,"a":"approve"}`],
    ['an unknown action', `{"i":"${INSTANCE_ID}","v":7,"a":"approve_all"}`],
    ['a negative version', `{"i":"${INSTANCE_ID}","v":-1,"a":"approve"}`],
    ['a fractional version', `{"i":"${INSTANCE_ID}","v":7.5,"a":"approve"}`],
    ['an extra key', `{"i":"${INSTANCE_ID}","v":7,"a":"approve","actor":"p-director"}`],
    ['a missing key', `{"i":"${INSTANCE_ID}","a":"approve"}`],
    ['broken JSON', `{"i":"${INSTANCE_ID}","v":7,`],
    ['JSON that is not an object', '[1,2,3]'],
    ['an empty string', ''],
    ['an over-long value', `{"i":"${INSTANCE_ID}","v":7,"a":"approve"}${' '.repeat(2000)}`],
  ])('rejects a tampered value with %s as a typed error', (_, raw) => {
    expect(() => parseActionValue(raw)).toThrow(InvalidActionValueError);
    const result = safeParseActionValue(raw);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error).toMatchObject({
        code: 'invalid_action_value',
        messageKey: 'error.invalid_payload',
      });
  });

  it('rejects a value that is not a string at all', () => {
    for (const raw of [undefined, null, 42, { i: INSTANCE_ID, v: 7, a: 'approve' }]) {
      expect(() => parseActionValue(raw)).toThrow(InvalidActionValueError);
    }
  });

  it('rejects a value moved from one button to another', () => {
    const approveValue = encodeActionValue(ref);
    expect(parseActionValue(approveValue, { action: 'approve' })).toEqual(ref);
    expect(() => parseActionValue(approveValue, { action: 'cancel' })).toThrow(InvalidActionValueError);
  });

  it('carries only which instance, version and action, and form hints: nothing to authorise on', () => {
    expect(Object.keys(ActionValueSchema.shape).sort()).toEqual(['a', 'f', 'i', 'r', 'v']);
  });

  it('names the step’s own form on the approve button of a step that chooses params (批办)', () => {
    const value = parseActionValue(
      encodeActionValue({
        instanceId: '00000000-0000-4000-8000-000000000001',
        version: 2,
        action: 'approve',
        requireComment: true,
        form: 'instruct',
      }),
    );
    expect(value).toMatchObject({ action: 'approve', form: 'instruct' });
    expect(() =>
      parseActionValue('{"i":"00000000-0000-4000-8000-000000000001","v":1,"a":"approve","f":"Bad Form"}'),
    ).toThrow();
  });

  it('marks the approve button of a step that asks for an opinion, so it opens a form first', () => {
    const value = parseActionValue(
      encodeActionValue({
        instanceId: '00000000-0000-4000-8000-000000000001',
        version: 3,
        action: 'approve',
        requireComment: true,
      }),
    );
    expect(value.requireComment).toBe(true);
    expect(
      parseActionValue(
        encodeActionValue({
          instanceId: '00000000-0000-4000-8000-000000000001',
          version: 3,
          action: 'approve',
        }),
      ).requireComment,
    ).toBeUndefined();
  });
});
