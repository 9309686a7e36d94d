import { describe, expect, it } from 'vitest';
import { buildCard, type Card } from '../../src/chat/core/card.ts';
import { parseCardItemValue } from '../../src/chat/core/card-item-value.ts';
import { parseCardValue } from '../../src/chat/dingtalk/card/card-value.ts';
import { CARD_DATA_MAX_BYTES, renderCard } from '../../src/chat/dingtalk/card/render-card.ts';
import { BUTTON_SLOTS, buttonVars, type CardParamMap } from '../../src/chat/dingtalk/card/template.ts';
import type { StepState, WorkflowInstance } from '../../src/domain/workflow/types.ts';
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

function simple(
  extra: Partial<WorkflowInstance> = {},
  comment = '同意报送',
  deadline = '2025-11-24T10:00:00.000Z',
): WorkflowInstance {
  return instance(
    [
      step('head', 'single', 'done', [assignment('p-head', 'approved', { actedAt: at(0), comment })], {
        finishedAt: at(0),
      }),
      step('office', 'single', 'active', [assignment('p-office')], { deadline }),
      step('director', 'single', 'pending', []),
    ],
    extra,
  );
}

function cardOf(
  inst: WorkflowInstance,
  viewer: string | null,
  options: {
    locale?: 'zh' | 'en';
    fields?: Array<{ label: string; value: string }>;
    extra?: boolean;
  } = {},
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
    ...(options.extra ? { extraActions: [{ key: 'archive', label: '归档', style: null }] } : {}),
  });
}

/** The shown slots of a viewer: label, action and value. */
function shownButtons(
  params: CardParamMap,
): Array<{ text: string; action: string; value: string; style: string }> {
  const out = [];
  for (let index = 1; index <= BUTTON_SLOTS; index++) {
    const vars = buttonVars(index);
    if (params[vars.show] !== 'true') continue;
    out.push({
      text: params[vars.text] ?? '',
      action: params[vars.action] ?? '',
      value: params[vars.value] ?? '',
      style: params[vars.style] ?? '',
    });
  }
  return out;
}

function expectAllStrings(map: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(map)) expect(typeof value, key).toBe('string');
}

describe('the workflow card as DingTalk card data', () => {
  it('gives the step holder their buttons privately, each with its action and a value the codec reads back', () => {
    const data = renderCard(cardOf(simple(), 'p-office'));
    const buttons = shownButtons(data.privateParams);
    expect(buttons.map((b) => [b.text, b.action, b.style])).toEqual([
      ['同意', 'approve', 'primary'],
      ['驳回', 'reject', 'danger'],
      ['退回', 'return', 'normal'],
      ['转交', 'transfer', 'normal'],
      ['加签', 'add_signer', 'normal'],
      ['评论', 'comment', 'normal'],
    ]);
    const values = buttons.map((b) => parseCardValue(b.value));
    expect(values[0]).toEqual({
      ok: true,
      value: { instanceId: INSTANCE_ID, version: 7, opensForm: false, requireComment: false, confirm: false },
    });
    // 驳回 opens the reason form, insists on it and asks to confirm.
    expect(values[1]).toMatchObject({
      ok: true,
      value: { opensForm: true, requireComment: true, confirm: true },
    });
    expect(data.privateData('dt-user-1')).toEqual({ 'dt-user-1': { cardParamMap: data.privateParams } });
  });

  it('hides every button in the shared data, so the channel copy and other viewers see none', () => {
    const data = renderCard(cardOf(simple(), 'p-office'));
    expect(shownButtons(data.cardParamMap)).toEqual([]);
    // Explicitly hidden: private data only overrides what the shared data sets.
    expect(data.cardParamMap[buttonVars(1).show]).toBe('false');
    expect(data.cardParamMap[buttonVars(BUTTON_SLOTS).show]).toBe('false');
    expect(data.cardParamMap.panel_show).toBe('false');
    expect(data.cardParamMap.web_form_show).toBe('false');
    expect(shownButtons(renderCard(cardOf(simple(), null)).privateParams)).toEqual([]);
  });

  it('has only strings in every variable, shared and private', () => {
    for (const card of [cardOf(simple(), 'p-office'), cardOf(simple({ status: 'approved' }), 'p-req')]) {
      const data = renderCard(card, { webForm: { url: 'https://bot.example/f/1', label: '在网页填写' } });
      expectAllStrings(data.cardParamMap);
      expectAllStrings(data.privateParams);
    }
  });

  it('shows title, requester, urgency, deadline, state, fields, route and history in the body (Chinese)', () => {
    const data = renderCard(cardOf(simple(), 'p-office'));
    expect(data.cardParamMap.title).toBe('关于购置办公设备的请示');
    expect(data.cardParamMap.status_text).toBe('办理中');
    expect(data.cardParamMap.status_style).toBe('running');
    expect(data.cardParamMap.lastMessage).toBe(
      '【加急】关于购置办公设备的请示：等待 李四 办理（步骤office）',
    );
    const body = data.cardParamMap.body_md ?? '';
    for (const piece of [
      '通用审批  ·  申请人：王芳  ·  🟠 **加急**  ·  办理时限：11-24 18:00',
      '▶ 等待 李四 办理（步骤office）',
      '**事由**：购置打印机两台',
      '**办理流程**',
      '✓ 步骤head · 张三 · 11-20 14:05',
      '▶ **步骤office · 李四**',
      '○ 步骤director',
      '**办理记录**',
      '**张三** 同意  ·  步骤head  ·  11-20 14:05  \n> 同意报送',
    ]) {
      expect(body).toContain(piece);
    }
  });

  it('renders in English', () => {
    const data = renderCard(cardOf(simple(), 'p-office', { locale: 'en' }));
    const body = data.cardParamMap.body_md ?? '';
    for (const piece of [
      'General approval',
      'Requester: Wang Fang',
      '**Urgent**',
      'Due: 11-24 18:00',
      '**Route**',
    ]) {
      expect(body).toContain(piece);
    }
    expect(shownButtons(data.privateParams).map((b) => b.text)).toEqual([
      'Approve',
      'Reject',
      'Return',
      'Transfer',
      'Add signer',
      'Comment',
    ]);
  });

  it('renders a classified item and a returned one in English', () => {
    const classified = renderCard(
      cardOf(simple({ secrecy: 'secret', reference: 'S-2025-3', title: null }), 'p-office', { locale: 'en' }),
    );
    expect(classified.cardParamMap.title).toBe('Classified item S-2025-3');
    expect(classified.cardParamMap.lastMessage).toBe(
      '[Urgent] Classified item S-2025-3: Waiting on Li Si (Step office)',
    );
    const returned = renderCard(cardOf(simple({ status: 'returned' }), 'p-req', { locale: 'en' }));
    expect(returned.cardParamMap.body_md).toContain(
      '**Returned: waiting for the requester to revise and resubmit**',
    );
    expect(shownButtons(returned.privateParams).map((b) => b.text)).toEqual(['Resubmit', 'Cancel request']);
  });

  it('marks an overdue deadline', () => {
    const data = renderCard(cardOf(simple({}, '同意', '2025-11-20T10:00:00.000Z'), 'p-office'));
    expect(data.cardParamMap.body_md).toContain('办理时限：11-20 18:00 **已超期**');
  });

  it('shows a returned item waiting on its requester, who may resubmit or cancel', () => {
    const data = renderCard(cardOf(simple({ status: 'returned' }), 'p-req'));
    expect(data.cardParamMap.status_style).toBe('waiting');
    expect(data.cardParamMap.body_md).toContain('**已退回，待申请人修改后重新提交**');
    expect(shownButtons(data.privateParams).map((b) => b.action)).toEqual(['resubmit', 'cancel']);
    const cancel = parseCardValue(shownButtons(data.privateParams)[1]?.value);
    expect(cancel).toMatchObject({ ok: true, value: { confirm: true, opensForm: false } });
  });

  it('shows a finished item with its outcome and no buttons, and offers a feature button', () => {
    const data = renderCard(cardOf(simple({ status: 'approved' }), 'p-req', { extra: true }));
    expect(data.cardParamMap.status_style).toBe('done');
    expect(data.cardParamMap.body_md).toContain('**已通过**');
    const buttons = shownButtons(data.privateParams);
    expect(buttons.map((b) => b.action)).toEqual(['archive']);
    // A feature button carries the core's item value, which the feature's button handler reads.
    expect(parseCardItemValue(buttons[0]?.value)).toEqual({ instanceId: INSTANCE_ID, version: 7 });
  });

  it('shows a classified item by number only: no title, fields or opinions', () => {
    const inst = simple(
      { secrecy: 'confidential', reference: '机〔2025〕9号', title: '机密标题' },
      '机密意见',
    );
    const data = renderCard(cardOf(inst, 'p-office', { fields: [{ label: '事由', value: '机密事由' }] }));
    const all = JSON.stringify(data);
    expect(data.cardParamMap.title).toBe('密件 #机〔2025〕9号');
    for (const secret of ['机密标题', '机密事由', '机密意见']) expect(all).not.toContain(secret);
    expect(data.cardParamMap.body_md).toContain('涉密事项');
    expect(data.cardParamMap.body_md).toContain('李四');
  });

  it('makes hostile text in titles, fields, names and opinions inert', () => {
    const hostile = '**粗** [x](javascript:alert(1)) <at id="all"/>\n# 标题\n- 列表';
    const inst = simple({ title: hostile }, hostile);
    const data = renderCard(cardOf(inst, 'p-office', { fields: [{ label: '事由*', value: hostile }] }));
    const body = data.cardParamMap.body_md ?? '';
    expect(body).not.toContain('[x]');
    expect(body).not.toContain('<at');
    expect(body).not.toContain('**粗**');
    expect(body).not.toMatch(/\n# /);
    expect(body).not.toMatch(/\n- /);
    // A field keeps its lines too, none a heading or a list item.
    expect(body).toContain(
      '**事由＊**：＊＊粗＊＊ ［x］(javascript:alert(1)) ＜at id="all"/＞  \n＃ 标题  \n\u200b- 列表',
    );
    // The opinion keeps its lines, each quoted, none a heading or a list item.
    expect(body).toContain(
      '> ＊＊粗＊＊ ［x］(javascript:alert(1)) ＜at id="all"/＞  \n> ＃ 标题  \n> \u200b- 列表',
    );
    // The title is a plain text component: one line, no markdown read there.
    expect(data.cardParamMap.title).toBe('**粗** [x](javascript:alert(1)) <at id="all"/> # 标题 - 列表');
  });

  it('shrinks a long history to fit the card budget and says how many entries are left out', () => {
    const long = '很长的意见'.repeat(400);
    const assignments = Array.from({ length: 10 }, (_, i) =>
      assignment(`p-${i}`, 'approved', { actedAt: at(i), comment: `${i}:${long}` }),
    );
    const inst = instance([
      step('many', 'allOf', 'done', assignments, { finishedAt: at(20) }),
      step('office', 'single', 'active', [assignment('p-office')], { deadline: '2025-11-24T10:00:00.000Z' }),
    ]);
    const card = cardOf(inst, 'p-office');
    const data = renderCard(card);
    expect(Buffer.byteLength(JSON.stringify(data.cardParamMap), 'utf8')).toBeLessThanOrEqual(
      CARD_DATA_MAX_BYTES,
    );
    const body = data.cardParamMap.body_md ?? '';
    expect(body).toMatch(/另有 \d+ 条较早记录/);
    expect(body).toContain('…(全文见审计记录)');
    // The newest entry is kept.
    expect(body).toContain('> 9:');
  });

  it('shows a web-form link button and a private notice for the viewer only, and closes an open panel', () => {
    const data = renderCard(cardOf(simple(), 'p-office'), {
      webForm: { url: 'https://bot.example/f/abc', label: '转交（网页）' },
      notice: '已提交*',
    });
    expect(data.privateParams).toMatchObject({
      web_form_show: 'true',
      web_form_text: '转交（网页）',
      web_form_url: 'https://bot.example/f/abc',
      notice_md: '已提交＊',
    });
    expect(data.cardParamMap.web_form_url).toBeUndefined();
    // A redraw closes a panel this viewer left open.
    expect(data.privateParams.panel_show).toBe('false');
  });
});
