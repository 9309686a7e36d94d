import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_FORM_BINDINGS } from '../../src/chat/slack/form-bindings.ts';
import { slackFormErrors } from '../../src/chat/slack/form-view.ts';
import { buildSupplyIssueModal, MAX_COUNT_ITEMS } from '../../src/chat/slack/supply/blocks.ts';
import type { CatalogItem } from '../../src/domain/supply/catalog.ts';
import { SUPPLY_STEP_IDS, supplyRequestDefinition } from '../../src/domain/supply/definition.ts';
import { SUPPLY_FORM_IDS } from '../../src/features/supply/supply-forms.ts';
import { inlineNote, prefilledLines } from '../../src/features/supply/supply-inline.ts';
import { issueFieldRefusals } from '../../src/features/supply/supply-issue-web-form.ts';
import { parseOrgFile } from '../../src/org/org-file.ts';
import { blockKitProblems } from '../support/block-kit.ts';
import { supplyCountModal, supplyPlanModal, supplyRequestModal } from '../support/supply-modals.ts';

// The /supply forms within Block Kit's limits (100 options a select, 100 blocks a view, 24
// characters a title) however large the catalog, the pre-filled form after an inline command, and
// the department head's review switched off in the organisation file.

const catalog = (n: number): CatalogItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `物品${i}号${'很长的名称'.repeat(10)}`,
    spec: '规格',
    unit: '个',
    stock: i,
    unitPriceFen: 100,
    lowStockThreshold: 1,
  }));

const ref = {
  instanceId: '0b7e3f0a-7c44-4c59-8a55-1f3e6e0b8f11',
  version: 3,
  action: 'approve' as const,
  form: 'supply_issue',
};

describe('the supply forms', () => {
  it.each(['zh', 'en'] as const)(
    'stay within Block Kit limits with a catalog of 150 items (%s)',
    (locale) => {
      const big = catalog(150);
      const periods = { month: '2026-12', quarter: '2027-Q1' };
      for (const view of [
        supplyRequestModal({ locale, catalog: big }),
        supplyPlanModal({ locale, catalog: big, periods }),
        supplyCountModal({ locale, catalog: big }),
        buildSupplyIssueModal({
          locale,
          ref,
          lines: big
            .slice(0, 20)
            .map((i) => ({ itemId: i.id, label: i.name, unit: i.unit, requested: 5, stock: 2 })),
        }),
      ]) {
        expect(blockKitProblems({ blocks: view.blocks }, 'view')).toEqual([]);
        expect(view.title.text.length).toBeLessThanOrEqual(24);
        const selects = JSON.stringify(view.blocks).match(/"options":\[[^\]]*\]/g) ?? [];
        for (const select of selects) expect(select.split('"value"').length - 1).toBeLessThanOrEqual(100);
      }
      const count = supplyCountModal({ locale, catalog: big });
      expect(count.blocks.filter((b) => String(b.block_id).startsWith('supply_count:'))).toHaveLength(
        MAX_COUNT_ITEMS,
      );
    },
  );

  it('offers no submit button while loading, so nothing half-filled can be sent', () => {
    expect(supplyRequestModal({ locale: 'zh', catalog: null }).submit).toBeUndefined();
    expect(buildSupplyIssueModal({ locale: 'zh', ref, lines: null }).submit).toBeUndefined();
    expect(buildSupplyIssueModal({ locale: 'zh', ref, lines: [] }).submit).toBeUndefined();
  });

  it('pre-fills the issue form with what can be issued: the request, or the stock when less', () => {
    const view = buildSupplyIssueModal({
      locale: 'zh',
      ref,
      lines: [
        { itemId: 'a', label: 'A4纸', unit: '包', requested: 5, stock: 2 },
        { itemId: 'b', label: '签字笔', unit: '支', requested: 3, stock: 30 },
      ],
    });
    const initial = (id: string) =>
      (view.blocks.find((b) => b.block_id === `supply_issue:${id}`) as { element: { initial_value: string } })
        .element.initial_value;
    expect([initial('a'), initial('b')]).toEqual(['2', '3']);
  });

  it('pre-fills the request form after an inline command and says what could not be matched', () => {
    const items = catalog(3);
    const [found, other] = items as [CatalogItem, CatalogItem];
    const resolved = [
      { kind: 'found' as const, item: found, quantity: 5 },
      { kind: 'ambiguous' as const, typed: '笔', candidates: [found, other], quantity: 2 },
      { kind: 'missing' as const, typed: '复印机', quantity: 1 },
    ];
    expect(prefilledLines(resolved)).toEqual([
      { itemId: found.id, quantity: 5 },
      { itemId: null, quantity: 2 },
      { itemId: null, quantity: 1 },
    ]);
    const note = inlineNote(resolved, 'zh') ?? '';
    expect(note).toContain('“笔”对应多项');
    expect(note).toContain('目录中没有“复印机”');
    const view = supplyRequestModal({
      locale: 'zh',
      catalog: items,
      prefilled: prefilledLines(resolved),
      note,
    });
    expect(JSON.stringify(view.blocks)).toContain('"initial_value":"2"');
    expect(view.blocks[0]).toMatchObject({ type: 'context', block_id: 'supply_notice' });
  });
});

describe('the department head’s review of supply requests', () => {
  const example = readFileSync('org.example.yaml', 'utf8');
  it('is on by default and off with unit.supply_department_review: false', () => {
    expect(parseOrgFile(example, 'org.yaml').unit.supplyDepartmentReview).toBeUndefined();
    const off = parseOrgFile(
      example.replace('  # supply_department_review: false', '  supply_department_review: false'),
      'org.yaml',
    );
    expect(off.unit.supplyDepartmentReview).toBe(false);
    expect(supplyRequestDefinition({ departmentReview: true }).steps.map((s) => s.id)).toEqual([
      SUPPLY_STEP_IDS.deptReview,
      SUPPLY_STEP_IDS.officeReview,
      SUPPLY_STEP_IDS.issue,
    ]);
    expect(supplyRequestDefinition({ departmentReview: false }).steps.map((s) => s.id)).toEqual([
      SUPPLY_STEP_IDS.officeReview,
      SUPPLY_STEP_IDS.issue,
    ]);
  });
});

/** The issue form's refusals by the blocks of its Slack modal, as the modal shows them. */
function issueFormErrors(...args: Parameters<typeof issueFieldRefusals>): Record<string, string> | null {
  const refusals = issueFieldRefusals(...args);
  const binding = SLACK_FORM_BINDINGS.get(SUPPLY_FORM_IDS.issue)?.({});
  if (!binding) throw new Error('the issue form has no Slack binding');
  return refusals && slackFormErrors(binding, refusals);
}

describe('the issue form’s check before it closes', () => {
  const lines = [
    { itemId: 'a', label: 'A4纸', unit: '包', requested: 5, stock: 2 },
    { itemId: 'b', label: '签字笔', unit: '支', requested: 3, stock: 30 },
  ];
  it('names a quantity above the request or above the stock, and passes what fits', () => {
    expect(
      issueFormErrors(
        lines,
        new Map([
          ['a', 3],
          ['b', 4],
        ]),
        'zh',
        '',
      ),
    ).toEqual({
      'supply_issue:a': 'A4纸 库存只有 2包，不够发放 3包。什么也没有发放，请按现有库存重新填写。',
      'supply_issue:b': '签字笔 申领 3支，发放数不能超过申领数。未发放。',
    });
    expect(
      issueFormErrors(
        lines,
        new Map([
          ['a', 2],
          ['b', 0],
        ]),
        'en',
        '',
      ),
    ).toBeNull();
  });

  it('asks for the reason when nothing at all is issued, and takes 0 of everything with one', () => {
    const none = new Map([
      ['a', 0],
      ['b', 0],
    ]);
    expect(issueFormErrors(lines, none, 'zh', '')).toEqual({
      supply_reason: '全部发放 0 时请写明欠发原因（如：无货），申领人会收到这条原因。未发放。',
    });
    expect(issueFormErrors(lines, none, 'en', '')).toEqual({
      supply_reason:
        'To issue 0 of everything, say why (e.g. out of stock); the requester is told. Nothing was issued.',
    });
    expect(issueFormErrors(lines, none, 'zh', '无货')).toBeNull();
  });
});
