import { describe, expect, it, vi } from 'vitest';
import {
  type CommandAnswer,
  type CommandContext,
  type CommandHandler,
  commandOfText,
  pressButton,
  routeCommand,
  runCommand,
} from '../../src/chat/core/commands.ts';
import { plainOf, type Reply, type ReplyBlock } from '../../src/chat/core/reply.ts';
import { ARCHIVE_ADD_FORM_ID } from '../../src/features/archive/archive-add-form.ts';
import { archiveButtons, archiveCommands } from '../../src/features/archive/archive-commands.ts';
import type { ArchiveEntry } from '../../src/features/archive/catalog.ts';
import { ARCHIVE_DESTROY_FORM_ID, ARCHIVE_LOAN_FORM_ID } from '../../src/features/archive/loan-step-forms.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { Locale } from '../../src/shared/i18n.ts';

// `/archive` through its neutral handlers, with fake services and no platform: what each command
// and button answers (text, blocks, buttons' actions and values, forms and their params).

const ENTRY_ID = '00000000-0000-4000-8000-000000000001';

function entry(i: number, over: Partial<ArchiveEntry> = {}): ArchiveEntry {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    archiveNo: `WS·2025·Y·${String(i).padStart(4, '0')}`,
    title: `通知${i}`,
    docNumber: `办发〔2025〕${i}号`,
    year: 2025,
    category: '文书',
    departmentId: null,
    departmentName: null,
    retention: '30y',
    secrecy: 'internal',
    pages: null,
    location: null,
    fileRef: null,
    fileSha256: null,
    source: 'manual',
    status: 'kept',
    handoffId: null,
    createdById: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    destroyedAt: null,
    ...over,
  };
}

function fakes() {
  const catalog = {
    viewerOf: vi.fn(async (personId: string) => ({ personId, clearance: 'internal' as const, roles: [] })),
    search: vi.fn(async (_viewer: unknown, _query: unknown, page: number) => ({
      entries: [entry(1), entry(2, { status: 'destroyed' })],
      page,
      hasMore: true,
      plan: 'index' as const,
    })),
    categories: vi.fn(async () => ['文书', '会计']),
    intake: vi.fn(async () => ({ catalogued: [entry(7)], skipped: 1 })),
    thisYear: () => 2026,
  };
  const loans = {
    timeZone: 'Asia/Shanghai',
    entryForForm: vi.fn(async (_personId: string, id: string) => ({
      id,
      archiveNo: 'WS·2025·Y·0001',
      title: '通知1' as string | null,
      destroyed: false,
    })),
    loans: vi.fn(async () => ({
      list: { asArchivist: false, overdue: [], dueSoon: [], out: [], mine: [] },
      nameOf: (id: string) => id,
    })),
    appraisal: vi.fn(async (personId: string) =>
      personId === 'gao-yan'
        ? ('forbidden' as const)
        : { quarter: '2026-Q4', total: 1, entries: [], lines: '• WS·1990·Y·0001', canPropose: true },
    ),
  };
  const deps = { catalog, loans } as never;
  return { catalog, loans, commands: archiveCommands(deps), buttons: archiveButtons(deps) };
}

const log = { info() {}, warn() {}, error() {}, debug() {} } as never;
const ctx = (locale: Locale = 'zh', personId: string | null = 'feng-xiaoyu'): CommandContext => ({
  workspaceId: 'T1',
  actor: personId ? { personId, locale } : null,
  locale,
  dedupeKey: 'k',
  log,
});

/** `/archive <text>` as every platform routes it. */
async function archive(f: ReturnType<typeof fakes>, text: string, context = ctx()): Promise<CommandAnswer> {
  const route = routeCommand(f.commands, 'archive', text);
  if (!route) throw new Error('no /archive handler');
  return runCommand(route.handler, route.rest, context);
}

async function press(f: ReturnType<typeof fakes>, action: string, value: string, context = ctx()) {
  const button = f.buttons.find((b) => b.action === action);
  if (!button) throw new Error(`no button ${action}`);
  return pressButton(button, value, context);
}

function replyOf(answer: CommandAnswer): Reply {
  if (answer.kind !== 'reply') throw new Error(`not a reply: ${JSON.stringify(answer)}`);
  return answer.reply;
}

const buttonsOf = (blocks: readonly ReplyBlock[]) =>
  blocks.flatMap((b) =>
    b.kind === 'section' && b.button ? [b.button] : b.kind === 'buttons' ? b.buttons : [],
  );

describe('/archive help', () => {
  it.each(['', 'help', 'HELP', '帮助', '?', '？'])('answers %j with the commands', async (text) => {
    const f = fakes();
    const text0 = plainOf(replyOf(await archive(f, text)).text);
    expect(text0).toContain('档案查询');
    expect(text0).toContain('/archive loans');
    expect(f.catalog.search).not.toHaveBeenCalled();
  });
});

describe('/archive <words>', () => {
  it('searches page 0 as the person and offers 借阅 on kept entries and 更多 for the next page', async () => {
    const f = fakes();
    const reply = replyOf(await archive(f, '安全 year:2025'));
    expect(f.catalog.viewerOf).toHaveBeenCalledWith('feng-xiaoyu');
    expect(f.catalog.search).toHaveBeenCalledWith(
      expect.objectContaining({ personId: 'feng-xiaoyu' }),
      { words: ['安全'], year: { from: 2025, to: 2025 }, category: null },
      0,
    );
    expect(plainOf(reply.text)).toContain('档案查询：安全 year:2025　第 1 页');
    expect(reply.blocks.map((b) => b.key)).toEqual([
      'archive_results:0:h',
      `archive_results:0:${ENTRY_ID}`,
      'archive_results:0:00000000-0000-4000-8000-000000000002',
      'archive_results:0:more',
    ]);
    // The destroyed entry has no 借阅.
    expect(buttonsOf(reply.blocks)).toEqual([
      { label: '借阅', action: 'archive_borrow', value: JSON.stringify({ entryId: ENTRY_ID }) },
      { label: '更多', action: 'archive_more', value: JSON.stringify({ q: '安全 year:2025', p: 1 }) },
    ]);
  });

  it('keeps a classified title out of the results', async () => {
    const f = fakes();
    f.catalog.search.mockResolvedValueOnce({
      entries: [entry(3, { secrecy: 'secret', title: '绝密标题' })],
      page: 0,
      hasMore: false,
      plan: 'index',
    });
    const reply = replyOf(await archive(f, '密'));
    expect(JSON.stringify(reply)).not.toContain('绝密标题');
    expect(JSON.stringify(reply)).toContain('〔仅按编号登记〕');
  });

  it('says nothing matched, with the query, when the first page is empty', async () => {
    const f = fakes();
    f.catalog.search.mockResolvedValueOnce({ entries: [], page: 0, hasMore: false, plan: 'index' });
    const reply = replyOf(await archive(f, '无此词', ctx('en')));
    expect(plainOf(reply.text)).toBe('No archive entry matches “无此词”.');
    expect(reply.blocks).toEqual([]);
  });

  it('answers a query it cannot read with the problem, before asking who it is', async () => {
    const f = fakes();
    const reply = replyOf(await archive(f, '安全 year:二〇二五', ctx('zh', null)));
    expect(plainOf(reply.text)).toContain('年度“二〇二五”看不懂');
    expect(f.catalog.search).not.toHaveBeenCalled();
  });

  it('answers someone linked to nobody as not linked', async () => {
    expect(await archive(fakes(), '安全', ctx('zh', null))).toEqual({ kind: 'not_linked' });
  });
});

describe('更多', () => {
  it('shows the page the button names in place of the page shown', async () => {
    const f = fakes();
    const answer = await press(f, 'archive_more', JSON.stringify({ q: '安全', p: 2 }));
    expect(answer).toMatchObject({ kind: 'reply', replaces: true });
    expect(f.catalog.search).toHaveBeenCalledWith(expect.anything(), expect.anything(), 2);
    expect(plainOf(replyOf(answer).text)).toContain('第 3 页');
    expect(replyOf(answer).blocks[0]?.key).toBe('archive_results:2:h');
  });

  it.each(['not json', JSON.stringify({ q: '安全', p: 0 }), JSON.stringify({ q: '安全', p: 501 })])(
    'refuses the value %s without searching',
    async (value) => {
      const f = fakes();
      const answer = await press(f, 'archive_more', value);
      expect(answer).toEqual({
        kind: 'reply',
        reply: { text: ['无法识别这条请求，请重新操作一次。'], blocks: [] },
      });
      expect(f.catalog.search).not.toHaveBeenCalled();
    },
  );
});

describe('借阅', () => {
  it('opens the loan request form about the entry, as the person may see it', async () => {
    const f = fakes();
    const answer = await press(f, 'archive_borrow', JSON.stringify({ entryId: ENTRY_ID }));
    expect(f.loans.entryForForm).toHaveBeenCalledWith('feng-xiaoyu', ENTRY_ID);
    if (answer.kind !== 'form') throw new Error(answer.kind);
    expect(answer.form.formId).toBe(ARCHIVE_LOAN_FORM_ID);
    expect(answer.form.params).toEqual({ entryId: ENTRY_ID });
    expect(JSON.stringify(answer.form.spec.notices)).toContain('WS·2025·Y·0001');
  });

  it('refuses a destroyed entry in words naming it', async () => {
    const f = fakes();
    f.loans.entryForForm.mockResolvedValueOnce({
      id: ENTRY_ID,
      archiveNo: 'WS·X',
      title: null,
      destroyed: true,
    });
    const answer = await press(f, 'archive_borrow', JSON.stringify({ entryId: ENTRY_ID }));
    expect(answer.kind).toBe('error');
    if (answer.kind === 'error') expect(plainOf(answer.text)).toBe('档案 WS·X 已销毁，不能借阅或复制。');
  });

  it('refuses an entry the person may not see in the service’s own words', async () => {
    const f = fakes();
    f.loans.entryForForm.mockRejectedValueOnce(new AppError('archive_entry_not_found', 'no such entry'));
    const answer = await press(f, 'archive_borrow', JSON.stringify({ entryId: ENTRY_ID }));
    expect(answer.kind).toBe('error');
    expect(answer.kind === 'error' && plainOf(answer.text)).not.toContain('archive_entry_not_found');
  });

  it('refuses a value that names no entry, and someone linked to nobody', async () => {
    const f = fakes();
    expect(await press(f, 'archive_borrow', JSON.stringify({ entryId: 'x' }))).toMatchObject({
      kind: 'reply',
    });
    expect(await press(f, 'archive_borrow', JSON.stringify({ entryId: ENTRY_ID }), ctx('zh', null))).toEqual({
      kind: 'not_linked',
    });
    expect(f.loans.entryForForm).not.toHaveBeenCalled();
  });
});

describe('/archive add and intake', () => {
  it.each(['add', 'ADD', '登记', '新增'])(
    '%s opens the add form with the unit’s categories and this year',
    async (word) => {
      const answer = await archive(fakes(), word);
      if (answer.kind !== 'form') throw new Error(answer.kind);
      expect(answer.form.formId).toBe(ARCHIVE_ADD_FORM_ID);
      expect(answer.form.params).toEqual({});
      const fields = answer.form.spec.fields;
      expect(fields.find((x) => x.id === 'category')).toMatchObject({
        options: [{ value: '文书' }, { value: '会计' }],
      });
      expect(fields.find((x) => x.id === 'year')).toMatchObject({ initial: 2026 });
    },
  );

  it('catalogues the hand-offs as the archivist and says which', async () => {
    const f = fakes();
    const reply = replyOf(await archive(f, '接收'));
    expect(f.catalog.intake).toHaveBeenCalledWith('feng-xiaoyu');
    expect(plainOf(reply.text)).toBe(
      '已接收 1 件归档移交并编目：WS·2025·Y·0007（办发〔2025〕7号）\n另有 1 件已由他人编目。',
    );
  });
});

describe('/archive loans and appraisal', () => {
  it('lists the person’s loans in their language', async () => {
    const f = fakes();
    const reply = replyOf(await archive(f, 'loans', ctx('en')));
    expect(f.loans.loans).toHaveBeenCalledWith('feng-xiaoyu', 'en');
    expect(plainOf(reply.text)).toContain('Press Borrow');
  });

  it('offers 提请销毁 for the quarter, and tells others the list is not theirs', async () => {
    const f = fakes();
    const reply = replyOf(await archive(f, '鉴定'));
    expect(buttonsOf(reply.blocks)).toEqual([
      expect.objectContaining({
        action: 'archive_destroy_start',
        value: JSON.stringify({ quarter: '2026-Q4' }),
      }),
    ]);
    const refused = replyOf(await archive(f, 'appraisal', ctx('zh', 'gao-yan')));
    expect(plainOf(refused.text)).toBe('只有档案管理员和办公室负责人可以查看鉴定清单。');
  });

  it('提请销毁 opens the destruction form for its quarter; a forged quarter opens nothing', async () => {
    const f = fakes();
    const answer = await press(f, 'archive_destroy_start', JSON.stringify({ quarter: '2026-Q4' }));
    expect(answer).toMatchObject({
      kind: 'form',
      form: { formId: ARCHIVE_DESTROY_FORM_ID, params: { quarter: '2026-Q4' } },
    });
    expect((await press(f, 'archive_destroy_start', JSON.stringify({ quarter: '2026-Q5' }))).kind).toBe(
      'reply',
    );
  });
});

describe('/archive typed as text', () => {
  it('is named by 查档 or 档案 as by its name, sub-commands included', async () => {
    const f = fakes();
    const typed = commandOfText(f.commands, '查档 安全');
    expect(typed?.rest).toBe('安全');
    await runCommand(typed?.handler as CommandHandler, typed?.rest ?? '', ctx());
    expect(f.catalog.search).toHaveBeenCalledTimes(1);
    expect(commandOfText(f.commands, '档案 loans')?.handler.subcommands).toContain('loans');
  });
});
