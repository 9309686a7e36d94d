import { describe, expect, it } from 'vitest';
import { buildCard, wordingFamilyOf } from '../../src/chat/core/card.ts';
import { INCOMING_STEP_IDS } from '../../src/domain/documents/incoming.ts';
import { SUPPLY_PARAMS } from '../../src/domain/supply/definition.ts';
import type { WorkflowInstance } from '../../src/domain/workflow/types.ts';
import { incomingWording } from '../../src/features/documents/incoming-documents.ts';
import { outgoingWording } from '../../src/features/documents/outgoing-documents.ts';
import { sealWording } from '../../src/features/seal/seal-service.ts';
import { supplyWording } from '../../src/features/supply/requests.ts';
import { assignment, step } from '../support/workflow-fixtures.ts';

// What each flow's finishing notice says happened, read from what its hooks stored on the
// instance (文号, impressions made, what was issued and owed, the handler's result).

function finished(extra: Partial<WorkflowInstance>): WorkflowInstance {
  return {
    id: '3f2b8c1e-6a4d-4f0b-9c2e-1d5a7b9e0f12',
    definitionId: 'x',
    definitionVersion: 1,
    requesterId: 'p-req',
    title: '关于某事项的函',
    reference: null,
    secrecy: 'internal',
    urgency: 'normal',
    status: 'approved',
    version: 9,
    currentStep: 1,
    steps: [],
    params: {},
    createdAt: '2026-11-19T01:00:00.000Z',
    updatedAt: '2026-11-20T01:00:00.000Z',
    ...extra,
  };
}

const PAPER = '0b0f7d1e-5c6a-4b8e-9d2f-1a3b5c7d9e01';
const PENS = '0b0f7d1e-5c6a-4b8e-9d2f-1a3b5c7d9e02';

describe('how each flow words its end', () => {
  it('gives a sent document its 文号', () => {
    const doc = finished({ params: { docNumber: '示水发〔2026〕1号' } });
    expect(outgoingWording.family).toBe('outgoing');
    expect(outgoingWording.facts?.(doc, 'zh')).toEqual({ number: '示水发〔2026〕1号' });
  });

  it('gives a stamped request the impressions made, not those approved', () => {
    const request = finished({ params: { copies: '5', impressions: '3' } });
    expect(sealWording.facts?.(request, 'zh')).toEqual({ impressions: '3' });
  });

  it('lists what was issued and, per line, what is still owed', () => {
    const request = finished({
      params: {
        [SUPPLY_PARAMS.lines]: JSON.stringify([
          { itemId: PAPER, name: '复印纸', spec: 'A4 70g', unit: '包', quantity: 7 },
          { itemId: PENS, name: '签字笔', spec: '', unit: '支', quantity: 2 },
        ]),
        [SUPPLY_PARAMS.issued]: JSON.stringify([
          { itemId: PAPER, issued: 5, owed: 2, balanceAfter: 0 },
          { itemId: PENS, issued: 2, owed: 0, balanceAfter: 10 },
        ]),
      },
    });
    expect(supplyWording.facts?.(request, 'zh')).toEqual({
      issued: '复印纸（A4 70g） 5包（欠 2包）、签字笔 2支',
    });
    expect(supplyWording.facts?.(request, 'en')).toEqual({
      issued: '复印纸（A4 70g） 5包 (2包 owed); 签字笔 2支',
    });
  });

  it('ends a supply request 已发放, but one closed with nothing issued (无货) as all owed', () => {
    const lines = JSON.stringify([{ itemId: PAPER, name: '复印纸', spec: '', unit: '包', quantity: 3 }]);
    const issued = (n: number) =>
      JSON.stringify([{ itemId: PAPER, issued: n, owed: 3 - n, balanceAfter: 0 }]);
    const statusOf = (params: WorkflowInstance['params']) => {
      const instance = finished({ params });
      return buildCard({
        instance,
        viewerPersonId: null,
        people: new Map(),
        kindLabel: { zh: '办公用品申领', en: 'Supplies request' },
        locale: 'zh',
        now: new Date('2026-11-21T00:00:00Z'),
        timeZone: 'Asia/Shanghai',
        family: wordingFamilyOf(supplyWording, instance),
      }).status.label;
    };
    expect(statusOf({ [SUPPLY_PARAMS.lines]: lines, [SUPPLY_PARAMS.issued]: issued(2) })).toBe('已发放');
    expect(
      statusOf({
        [SUPPLY_PARAMS.lines]: lines,
        [SUPPLY_PARAMS.issued]: issued(0),
        [SUPPLY_PARAMS.owedReason]: '无货',
      }),
    ).toBe('未发放，全部欠发');
  });

  it('gives a closed incoming document the handler’s result, but never that of a classified one', () => {
    const handled = step(INCOMING_STEP_IDS.handle, 'task', 'done', [assignment('p-handler', 'completed')], {
      result: '已部署节日安全检查。',
    });
    expect(incomingWording.facts?.(finished({ steps: [handled] }), 'zh')).toEqual({
      result: '已部署节日安全检查。',
    });
    const secret = finished({
      steps: [handled],
      secrecy: 'secret',
      title: null,
      reference: '示水收上〔2026〕3号',
    });
    expect(incomingWording.facts?.(secret, 'zh')).toEqual({ result: '（密件，办理结果不在消息中显示）' });
    expect(JSON.stringify(incomingWording.facts?.(secret, 'en'))).not.toContain('节日');
  });
});
