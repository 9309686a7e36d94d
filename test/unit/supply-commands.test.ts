import { describe, expect, it, vi } from 'vitest';
import {
  type CommandAnswer,
  type CommandContext,
  commandOfText,
  runCommand,
} from '../../src/chat/core/commands.ts';
import { plainOf, type ReplyBlock } from '../../src/chat/core/reply.ts';
import type { CatalogItem } from '../../src/domain/supply/catalog.ts';
import type { SupplyCommandDeps } from '../../src/features/supply/supply-commands.ts';
import { SUPPLY_COMMAND, supplyCommands } from '../../src/features/supply/supply-commands.ts';
import { SUPPLY_FORM_IDS } from '../../src/features/supply/supply-forms.ts';
import { SUPPLY_ACTIONS } from '../../src/features/supply/supply-replies.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { Locale } from '../../src/shared/i18n.ts';
import { silentLogger } from '../support/databases.ts';

// `/supply` answered without any platform: each sub-command's answer (a reply with its text and
// buttons, a form with its id and params, a file, a refusal), who may ask for it, and the 补发
// button's form about one owed line.

const paper: CatalogItem = {
  id: '00000000-0000-4000-8000-000000000001',
  name: '复印纸',
  spec: 'A4',
  unit: '包',
  stock: 2,
  unitPriceFen: 2350,
  lowStockThreshold: 5,
};
const pen: CatalogItem = { ...paper, id: '00000000-0000-4000-8000-000000000002', name: '签字笔', spec: '' };

const notKeeper = () => new AppError('supply_not_keeper', 'not allowed');
const notOffice = () => new AppError('supply_not_office', 'not allowed');

/** The services, answering for a keeper who is not in the office unless told otherwise. */
function fakeDeps(over: Partial<Record<keyof SupplyCommandDeps, unknown>> = {}) {
  const deps = {
    catalog: vi.fn(async () => [paper, pen]),
    allItems: vi.fn(async () => [{ ...paper, active: true }]),
    today: () => '2026-12-06',
    nextPeriods: () => ({ month: '2027-01', quarter: '2027-Q1' }),
    checkKeeper: vi.fn(async (id: string) => id),
    checkOffice: vi.fn(async () => {
      throw notOffice();
    }),
    resolveLines: vi.fn(async () => ({
      catalog: [paper, pen],
      resolved: [{ kind: 'found' as const, item: paper, quantity: 3 }],
      quantityMissing: null,
    })),
    startRequest: vi.fn(async () => ({ title: '办公用品申领：复印纸×3', firstReviewer: '马强' })),
    owed: vi.fn(async () => [
      {
        lineId: '7',
        label: '复印纸（A4）',
        unit: '包',
        owed: 2,
        stock: 2,
        requesterId: 'p-gao',
        instanceId: 'i',
        issuedAt: new Date(),
      },
      {
        lineId: '8',
        label: '签字笔',
        unit: '支',
        owed: 1,
        stock: 0,
        requesterId: 'p-gao',
        instanceId: 'i',
        issuedAt: new Date(),
      },
    ]),
    namesOf: vi.fn(async (ids: readonly string[]) => new Map(ids.map((id) => [id, `名字-${id}`]))),
    defaultPeriod: () => '2027-01',
    planSummary: vi.fn(async () => ({ period: '2027-01', rows: [], departments: [], totalFen: 0 })),
    departmentName: (id: string) => id,
    ledgerCsv: vi.fn(async () => ({ csv: Buffer.from('\uFEFF品名\n'), rows: 4 })),
    planSummaryCsv: vi.fn(async () => null),
    ...over,
  };
  return deps;
}

const context = (locale: Locale = 'zh', linked = true): CommandContext => ({
  workspaceId: 'T1',
  actor: linked ? ({ personId: 'p-keeper' } as CommandContext['actor']) : null,
  locale,
  dedupeKey: 'command:trig-1',
  log: silentLogger,
});

/** `/supply <text>` through the core's runner, as every platform runs it. */
async function supply(
  deps: ReturnType<typeof fakeDeps>,
  text: string,
  ctx = context(),
): Promise<CommandAnswer> {
  const [handler] = supplyCommands(deps as unknown as SupplyCommandDeps).commands;
  if (!handler) throw new Error('no /supply handler');
  return runCommand(handler, text, ctx);
}

function replyOf(answer: CommandAnswer) {
  if (answer.kind !== 'reply') throw new Error(`expected a reply, got ${JSON.stringify(answer)}`);
  return answer.reply;
}
function formOf(answer: CommandAnswer) {
  if (answer.kind !== 'form') throw new Error(`expected a form, got ${JSON.stringify(answer)}`);
  return answer.form;
}
const buttonsOf = (blocks: readonly ReplyBlock[]) =>
  blocks.flatMap((b) => (b.kind === 'section' && b.button ? [b.button] : []));

describe('/supply without a platform', () => {
  it('is one command, with the 补发 button', () => {
    const { commands, buttons } = supplyCommands(fakeDeps() as unknown as SupplyCommandDeps);
    expect(commands.map((c) => [c.command, c.subcommands])).toEqual([[SUPPLY_COMMAND, undefined]]);
    expect(buttons.map((b) => b.action)).toEqual(['supply_issue_owed']);
  });

  it('is named by 领用 or 办公用品 where commands are typed as text', () => {
    const { commands } = supplyCommands(fakeDeps() as unknown as SupplyCommandDeps);
    expect(commandOfText(commands, '领用 A4纸 2')).toMatchObject({ handler: commands[0], rest: 'A4纸 2' });
    expect(commandOfText(commands, '办公用品 stock')).toMatchObject({ handler: commands[0], rest: 'stock' });
  });

  it('answers help and nonsense with text, in the asker’s language', async () => {
    expect(plainOf(replyOf(await supply(fakeDeps(), 'help', context('en'))).text)).toMatch(
      /^Office supplies \/supply\n• \/supply opens a request form/,
    );
    expect(plainOf(replyOf(await supply(fakeDeps(), '5')).text)).toContain('没看懂“5”');
  });

  it('opens the request form and the plan form filled from the catalog', async () => {
    const request = formOf(await supply(fakeDeps(), ''));
    expect(request.formId).toBe(SUPPLY_FORM_IDS.request);
    expect(JSON.stringify(request.spec)).toContain(paper.id);
    const plan = formOf(await supply(fakeDeps(), 'plan'));
    expect(plan.formId).toBe(SUPPLY_FORM_IDS.plan);
    expect(JSON.stringify(plan.spec)).toContain('2027-Q1');
  });

  it('starts an inline request at once, keyed by the command, when every item is found with a quantity', async () => {
    const deps = fakeDeps();
    const answer = await supply(deps, '复印纸 3');
    expect(plainOf(replyOf(answer).text)).toBe('已提交“办公用品申领：复印纸×3”，现由马强审核。');
    expect(deps.startRequest).toHaveBeenCalledWith(
      expect.objectContaining({
        workspaceId: 'T1',
        requesterPersonId: 'p-keeper',
        lines: [{ itemId: paper.id, quantity: 3 }],
        startKey: 'command:trig-1',
      }),
    );
  });

  it('starts nothing for someone linked to nobody', async () => {
    const deps = fakeDeps();
    expect(await supply(deps, '复印纸 3', context('zh', false))).toEqual({ kind: 'not_linked' });
    expect(deps.startRequest).not.toHaveBeenCalled();
  });

  it('opens the request form pre-filled with a note when an item is ambiguous', async () => {
    const deps = fakeDeps({
      resolveLines: vi.fn(async () => ({
        catalog: [paper, pen],
        resolved: [
          { kind: 'ambiguous', typed: '笔', candidates: [paper, pen], quantity: 2 },
          { kind: 'found', item: paper, quantity: 1 },
        ],
        quantityMissing: null,
      })),
    });
    const form = formOf(await supply(deps, '笔 2 复印纸 1'));
    expect(form.formId).toBe(SUPPLY_FORM_IDS.request);
    expect(JSON.stringify(form.spec)).toContain('“笔”对应多项');
    expect(deps.startRequest).not.toHaveBeenCalled();
  });

  it('says a word stands where a quantity goes, and starts nothing', async () => {
    const deps = fakeDeps({
      resolveLines: vi.fn(async () => ({
        catalog: [],
        resolved: [],
        quantityMissing: {
          kind: 'invalid',
          reason: 'quantity_missing',
          input: '纸 abc',
          item: '纸',
          word: 'abc',
        },
      })),
    });
    expect(plainOf(replyOf(await supply(deps, '纸 abc')).text)).toContain('“abc”不是数量');
    expect(deps.startRequest).not.toHaveBeenCalled();
  });

  it('lists the stock, low items marked', async () => {
    const text = plainOf(replyOf(await supply(fakeDeps(), 'stock')).text);
    expect(text).toBe(
      '办公用品库存\n• 复印纸（A4）  2包  ¥23.50 ⚠ 低于预警值\n• 签字笔  2包  ¥23.50 ⚠ 低于预警值',
    );
  });

  it('opens the import form for anyone (the keeper is checked when it is sent)', async () => {
    const deps = fakeDeps();
    expect(formOf(await supply(deps, 'import')).formId).toBe(SUPPLY_FORM_IDS.import);
    expect(deps.checkKeeper).not.toHaveBeenCalled();
  });

  it.each([
    ['in', SUPPLY_FORM_IDS.stockIn],
    ['count', SUPPLY_FORM_IDS.count],
    ['edit', SUPPLY_FORM_IDS.edit],
  ])('opens `%s` for the keeper only', async (text, formId) => {
    expect(formOf(await supply(fakeDeps(), text)).formId).toBe(formId);
    const refused = await supply(
      fakeDeps({
        checkKeeper: vi.fn(async () => {
          throw notKeeper();
        }),
      }),
      text,
    );
    expect(refused).toEqual({ kind: 'error', text: ['只有办公用品保管员可以这样做。'] });
    expect(await supply(fakeDeps(), text, context('zh', false))).toEqual({ kind: 'not_linked' });
  });

  it('lists what is owed for the keeper, with 补发 on the lines there is stock for', async () => {
    const reply = replyOf(await supply(fakeDeps(), 'owed'));
    expect(plainOf(reply.text)).toBe(
      '欠发清单\n• 复印纸（A4） 欠 2包 — 名字-p-gao（库存 2）\n• 签字笔 欠 1支 — 名字-p-gao（库存 0）',
    );
    expect(buttonsOf(reply.blocks)).toEqual([
      { label: '补发', action: SUPPLY_ACTIONS.issueOwed, value: '7' },
    ]);
    const none = await supply(fakeDeps({ owed: vi.fn(async () => []) }), 'owed');
    expect(plainOf(replyOf(none).text)).toBe('没有欠发的办公用品。');
    const refused = await supply(
      fakeDeps({
        checkKeeper: vi.fn(async () => {
          throw notKeeper();
        }),
      }),
      'owed',
    );
    expect(refused.kind).toBe('error');
  });

  it('opens 补发 about the owed line pressed, or says it is owed no more', async () => {
    const deps = fakeDeps();
    const [button] = supplyCommands(deps as unknown as SupplyCommandDeps).buttons;
    if (!button) throw new Error('no 补发 button');
    const form = formOf(await button.press('7', context()));
    expect(form.formId).toBe(SUPPLY_FORM_IDS.owed);
    expect(form.params).toEqual({ line: '7' });
    expect(JSON.stringify(form.spec)).toContain('名字-p-gao');
    const gone = await button.press('99', context());
    expect(plainOf(replyOf(gone).text)).toBe('这一项已经没有欠发，未发放。');
  });

  it('exports the ledger to the office as a file, and says when there is nothing', async () => {
    const office = { checkOffice: vi.fn(async (id: string) => id) };
    const file = await supply(fakeDeps(office), 'ledger 2026');
    expect(file).toEqual({
      kind: 'file',
      file: {
        filename: '领用台账-2026.csv',
        content: Buffer.from('\uFEFF品名\n'),
        comment: expect.anything(),
      },
    });
    if (file.kind === 'file') expect(plainOf(file.file.comment)).toBe('领用台账-2026.csv：共 4 行。');
    const empty = await supply(
      fakeDeps({ ...office, planSummaryCsv: vi.fn(async () => null) }),
      'plan export',
    );
    expect(plainOf(replyOf(empty).text)).toBe('2027-01 还没有部门提交计划。');
    expect((await supply(fakeDeps(), 'ledger')).kind).toBe('error');
  });

  it('adds up the plans for the office, for the next month unless a period is named', async () => {
    const planSummary = vi.fn(async (period: string) => ({ period, rows: [], departments: [], totalFen: 0 }));
    const deps = fakeDeps({ checkOffice: vi.fn(async (id: string) => id), planSummary });
    expect(plainOf(replyOf(await supply(deps, 'plan summary')).text)).toBe('2027-01 还没有部门提交计划。');
    await supply(deps, 'plan summary 2027-Q1');
    expect(planSummary.mock.calls).toEqual([['2027-01'], ['2027-Q1']]);
  });
});
