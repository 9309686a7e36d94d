import { describe, expect, it, vi } from 'vitest';
import { outcomeText, type WebFormContext, type WebFormHandler } from '../../src/chat/core/web-form.ts';
import type { SupplyChatService } from '../../src/features/supply/supply-chat.ts';
import { SUPPLY_FORM_IDS } from '../../src/features/supply/supply-forms.ts';
import { supplyKeeperWebForms } from '../../src/features/supply/supply-keeper-web-forms.ts';
import { AppError } from '../../src/shared/errors.ts';

// 补发 on the web: the form about the owed line its link names (gone once nothing is owed there),
// applied by the same work as the modal, keyed by the link, for the keeper only.

const owedLine = {
  lineId: '7',
  label: '复印纸（A4）',
  unit: '包',
  owed: 3,
  stock: 2,
  requesterId: 'p-gao',
  instanceId: 'i',
  issuedAt: new Date(),
};

function owedForm(over: Record<string, unknown> = {}) {
  const deps = {
    owed: vi.fn(async () => [owedLine]),
    namesOf: vi.fn(async (ids: readonly string[]) => new Map(ids.map((id) => [id, '高岩']))),
    checkKeeper: vi.fn(async (id: string) => id),
    issueOwed: vi.fn(async () => ({
      label: '复印纸（A4）',
      quantity: 2,
      unit: '包',
      owedAfter: 1,
      balanceAfter: 0,
      requesterId: 'p-gao',
    })),
    ...over,
  };
  const forms = supplyKeeperWebForms(deps as unknown as SupplyChatService);
  const form = forms.find((f) => f.formId === SUPPLY_FORM_IDS.owed) as WebFormHandler;
  return { deps, form };
}

const context = (line: string): WebFormContext => ({
  personId: 'keeper',
  params: { line },
  locale: 'zh',
  key: 'form-link:L1',
});

describe('补发 on the web', () => {
  it('is served with the other keeper forms', () => {
    const ids = supplyKeeperWebForms({} as SupplyChatService).map((f) => f.formId);
    expect(ids).toEqual([
      SUPPLY_FORM_IDS.import,
      SUPPLY_FORM_IDS.stockIn,
      SUPPLY_FORM_IDS.count,
      SUPPLY_FORM_IDS.edit,
      SUPPLY_FORM_IDS.owed,
    ]);
  });

  it('loads the owed line its link names, and nothing once it is owed no more', async () => {
    const { form } = owedForm();
    const spec = await form.load(context('7'));
    expect(JSON.stringify(spec)).toContain('高岩');
    expect(await form.load(context('8'))).toBeNull();
  });

  it('issues for the keeper, keyed by the link, and says what was issued', async () => {
    const { form, deps } = owedForm();
    const outcome = await form.submit(context('7'), { quantity: '2' });
    // Rich text, for each platform to mark up its own way (names and units plain on a page).
    if (!outcome.ok || !outcome.message) throw new Error('not issued');
    expect(outcomeText(outcome.message)).toBe('已补发 复印纸（A4） 2包，还欠 1包，库存余 0。已通知 高岩。');
    expect(deps.issueOwed).toHaveBeenCalledWith('keeper', 7n, 2, 'form-link:L1');
  });

  it('refuses a link naming no line, more than is owed, and anyone but the keeper, issuing nothing', async () => {
    const { form, deps } = owedForm();
    expect(await form.submit(context('x'), { quantity: '2' })).toEqual({
      ok: false,
      message: '无法识别这条请求，请重新操作一次。',
    });
    const over = owedForm({
      issueOwed: vi.fn(async () => {
        throw new AppError('supply_owed_over', 'over', { params: { item: '复印纸', owed: 1, unit: '包' } });
      }),
    });
    // Beside the quantity it concerns.
    expect(await over.form.submit(context('7'), { quantity: '3' })).toEqual({
      ok: false,
      message: '复印纸 现在只欠 1包，发放数不能超过欠发数。未发放。',
      fields: { quantity: '复印纸 现在只欠 1包，发放数不能超过欠发数。未发放。' },
    });
    const stranger = owedForm({
      checkKeeper: vi.fn(async () => {
        throw new AppError('supply_not_keeper', 'no');
      }),
    });
    expect(await stranger.form.submit(context('7'), { quantity: '2' })).toEqual({
      ok: false,
      message: '只有办公用品保管员可以这样做。',
    });
    expect(stranger.deps.issueOwed).not.toHaveBeenCalled();
    expect(deps.issueOwed).not.toHaveBeenCalled();
  });
});
