import { describe, expect, it, vi } from 'vitest';
import { type CommandAnswer, type CommandHandler, routeCommand } from '../../src/chat/core/commands.ts';
import { plainOf, type Reply } from '../../src/chat/core/reply.ts';
import { type DocRemindersDeps, remindersCommand } from '../../src/features/chasing/reminders-command.ts';
import {
  type DocCommandDeps,
  docCommand,
  docListOpenButton,
} from '../../src/features/documents/doc-commands.ts';
import { DOC_LIST_OPEN_ACTION } from '../../src/features/documents/doc-list-reply.ts';
import { DOC_RECEIVE_FORM_ID } from '../../src/features/documents/incoming-form.ts';
import type { DocListItem, DocViewer } from '../../src/features/documents/lists.ts';
import { DOC_NEW_FORM_ID } from '../../src/features/documents/new-outgoing-form.ts';
import type { Report } from '../../src/features/reports/queries.ts';
import { type DocReportDeps, reportCommand } from '../../src/features/reports/report-commands.ts';
import { approveCommand } from '../../src/features/workflow/approval-commands.ts';
import { fakeContext, recordingDirect } from '../support/doc-context.ts';

// The `doc` handlers without a platform: what each answers (a reply, a form, a refusal, the
// not-linked answer, nothing), and what it sends besides through the direct channel.

const ID = '00000000-0000-4000-8000-000000000001';
const NOW = new Date('2026-11-23T02:00:00Z');

function replyOf(answer: CommandAnswer): Reply {
  if (answer.kind !== 'reply') throw new Error(`expected a reply, got ${answer.kind}`);
  return answer.reply;
}
const textOf = (answer: CommandAnswer) => plainOf(replyOf(answer).text);

function item(extra: Partial<DocListItem> = {}): DocListItem {
  return {
    instanceId: ID,
    definitionId: 'generic_approval',
    title: '关于防汛物资的请示',
    reference: null,
    classified: false,
    urgency: 'normal',
    status: 'running',
    stepName: { zh: '部门负责人审核', en: 'Department head review' },
    deadline: '2026-11-25T10:00:00.000Z',
    overdue: false,
    waitingOn: ['liu-yang'],
    docNumber: null,
    createdAt: '2026-11-20T02:00:00.000Z',
    updatedAt: '2026-11-20T02:00:00.000Z',
    involved: true,
    ...extra,
  };
}

type RegisterFile = { csv: Buffer; rows: number; truncated: boolean; maxRows: number };

function listDeps(roles: readonly string[] = ['clerk']) {
  const viewer = (personId: string): DocViewer => ({ personId, roles, clearance: 'internal' });
  return {
    timeZone: 'Asia/Shanghai',
    now: () => NOW,
    viewerOf: vi.fn(async (personId: string) => viewer(personId)),
    waitingOn: vi.fn(async () => ({ items: [item()], total: 1 })),
    startedBy: vi.fn(async () => ({ items: [], total: 0 })),
    find: vi.fn(async () => ({ items: [item({ involved: false })], total: 1 })),
    namesOf: vi.fn(async () => new Map([['liu-yang', '刘洋']])),
    kindLabelOf: () => ({ zh: '通用审批', en: 'Approval' }),
    holdsCard: vi.fn(async () => true),
    repostCard: vi.fn(async () => {}),
    departments: [{ id: 'office', name: '办公室', nameEn: 'Office' }],
    exportRegister: vi.fn(
      async (): Promise<RegisterFile | null> => ({
        csv: Buffer.from('a,b'),
        rows: 3,
        truncated: false,
        maxRows: 5000,
      }),
    ),
  } satisfies DocCommandDeps['lists'];
}

function doc(lists = listDeps()) {
  return docCommand({
    lists,
    formOptions: { docTypes: [{ id: 'notice', name: '通知', nameEn: null }], departments: [] },
    today: () => '2026-11-23',
  });
}

describe('doc (the documents feature)', () => {
  it('answers help, and an unknown word with the help naming it', async () => {
    const help = replyOf(await doc().handle('help', fakeContext()));
    expect(help.blocks[0]).toEqual({ kind: 'header', text: '办公室助手 · 使用说明' });
    expect(plainOf(help.text)).toContain('/doc register …');
    const unknown = await doc().handle('<!channel> hi', fakeContext({ locale: 'en' }));
    expect(textOf(unknown)).toContain('<!channel> hi');
    expect(textOf(unknown)).toContain('Office assistant · Help');
  });

  it('announces report and reminders as coming soon when no feature answers them', async () => {
    expect(textOf(await doc().handle('report month', fakeContext()))).toContain('`/doc report` 即将上线');
    expect(textOf(await doc().handle('提醒', fakeContext()))).toContain('`/doc reminders` 即将上线');
  });

  it('opens the drafting form and the registration form (with today) as forms', async () => {
    const drafted = await doc().handle('拟稿', fakeContext());
    expect(drafted).toMatchObject({ kind: 'form', form: { formId: DOC_NEW_FORM_ID, params: {} } });
    const received = await doc().handle('收文', fakeContext());
    expect(received).toMatchObject({ kind: 'form', form: { formId: DOC_RECEIVE_FORM_ID, params: {} } });
    if (received.kind !== 'form') throw new Error('not a form');
    expect(JSON.stringify(received.form.spec)).toContain('2026-11-23');
  });

  it('lists what waits on the person, with the 打开 button naming the item', async () => {
    const lists = listDeps();
    const reply = replyOf(await doc(lists).handle('待办', fakeContext()));
    expect(lists.waitingOn).toHaveBeenCalledWith('liu-yang');
    expect(plainOf(reply.text)).toContain('关于防汛物资的请示');
    const row = reply.blocks.find((b) => b.key === `doc_list:row:${ID}`);
    expect(row).toMatchObject({ kind: 'section', button: { action: DOC_LIST_OPEN_ACTION, value: ID } });
  });

  it('searches with the words typed, and shows no button on a row the person holds no card of', async () => {
    const lists = listDeps();
    const reply = replyOf(await doc(lists).handle('find 防汛　通知', fakeContext()));
    expect(lists.find).toHaveBeenCalledWith(expect.objectContaining({ personId: 'liu-yang' }), [
      '防汛',
      '通知',
    ]);
    expect(reply.blocks.some((b) => b.kind === 'section' && b.button)).toBe(false);
    expect(textOf(await doc(lists).handle('find', fakeContext()))).toContain('/doc find');
  });

  it('says mine is empty, and answers someone linked to nobody with the not-linked answer', async () => {
    expect(textOf(await doc().handle('mine', fakeContext()))).toContain('你还没有发起过');
    expect(await doc().handle('', fakeContext({ personId: null }))).toEqual({ kind: 'not_linked' });
  });
});

describe('doc register', () => {
  it('names a word it cannot read, with the usage', async () => {
    const text = textOf(await doc().handle('register out 明年', fakeContext()));
    expect(text).toContain('看不懂“明年”');
    expect(text).toContain('/doc register out');
  });

  it('refuses someone who may not export it, and sends nothing', async () => {
    const lists = listDeps(['clerk']);
    const direct = recordingDirect();
    expect(textOf(await doc(lists).handle('register out', fakeContext({ direct })))).toContain('只有');
    expect(lists.exportRegister).not.toHaveBeenCalled();
    expect(direct.sent).toEqual([]);
  });

  it('notes that it is being made, then sends the CSV with its count', async () => {
    const direct = recordingDirect();
    const answer = await doc(listDeps(['secretary'])).handle(
      '登记簿 out 2026 办公室',
      fakeContext({ direct }),
    );
    expect(answer).toEqual({ kind: 'none' });
    expect(direct.sent.map((s) => s.kind)).toEqual(['note', 'files']);
    const files = direct.sent[1];
    if (files?.kind !== 'files') throw new Error('no files');
    expect(files.files.map((f) => f.name)).toEqual(['发文登记簿-2026-办公室.csv']);
    expect(files.comment).toContain('共 3 条');
  });

  it('says when nothing matches, and where files cannot be sent', async () => {
    const lists = listDeps(['archivist']);
    lists.exportRegister.mockResolvedValueOnce(null);
    const direct = recordingDirect();
    expect(textOf(await doc(lists).handle('register in', fakeContext({ direct })))).toContain('没有生成文件');
    expect(textOf(await doc(lists).handle('register in', fakeContext()))).toContain('无法发送文件');
  });
});

describe('the 打开 button', () => {
  const open = (lists = listDeps()) => docListOpenButton(lists);

  it('reposts the card of someone who holds it, and says where it went outside the direct conversation', async () => {
    const lists = listDeps();
    expect(textOf(await open(lists).press(ID, fakeContext()))).toContain('重新发到');
    expect(lists.repostCard).toHaveBeenCalledWith(ID, 'liu-yang');
    expect(await open(lists).press(ID, fakeContext({ inDirectConversation: true }))).toEqual({
      kind: 'none',
    });
  });

  it('refuses someone who holds no card, and a value that is no id', async () => {
    const lists = listDeps();
    lists.holdsCard.mockResolvedValue(false);
    expect(textOf(await open(lists).press(ID, fakeContext()))).toContain('无法打开');
    expect(textOf(await open(lists).press('not-an-id', fakeContext()))).toBe(
      '无法识别这条请求，请重新操作一次。',
    );
    expect(lists.repostCard).not.toHaveBeenCalled();
  });
});

describe('doc approve (the approval feature)', () => {
  it('answers a missing or too long title with the usage, starting nothing', async () => {
    const start = vi.fn();
    const approve = approveCommand(start);
    expect(textOf(await approve.handle('', fakeContext()))).toContain('/doc approve');
    expect(textOf(await approve.handle('x'.repeat(201), fakeContext()))).toContain('/doc approve');
    expect(start).not.toHaveBeenCalled();
  });

  it('starts once per request and says who has it first', async () => {
    const start = vi.fn(async () => ({ firstReviewer: '刘洋' }));
    const answer = await approveCommand(start).handle('关于采购<防汛>物资的请示', fakeContext());
    expect(textOf(answer)).toBe(
      '已提交「关于采购<防汛>物资的请示」，等待 刘洋 审核。审批卡片已发到你的私信。',
    );
    expect(start).toHaveBeenCalledWith({
      workspaceId: 'T1',
      requesterPersonId: 'liu-yang',
      title: '关于采购<防汛>物资的请示',
      locale: 'zh',
      startKey: 'command:trigger-1',
    });
    expect(await approveCommand(start).handle('标题', fakeContext({ personId: null }))).toEqual({
      kind: 'not_linked',
    });
  });
});

function reportDeps(roles: readonly string[]): DocReportDeps & { buildReport: ReturnType<typeof vi.fn> } {
  const report: Report = {
    period: {
      kind: 'week',
      label: '2026-W47',
      start: '2026-11-15T16:00:00.000Z',
      end: '2026-11-22T16:00:00.000Z',
    },
    generatedAt: NOW.toISOString(),
    departments: [],
    total: { onTime: 0, late: 0, overdue: 0, averageHours: null },
    longestOverdue: [],
    people: {},
  };
  return {
    timeZone: 'Asia/Shanghai',
    now: () => NOW,
    viewerOf: async (personId) => ({ personId, roles }),
    buildReport: vi.fn(async () => report),
    renderChart: async () => Buffer.from('png'),
  };
}

describe('doc report (the reports feature)', () => {
  it('names a word it cannot read, and refuses someone who may not read the report', async () => {
    expect(
      textOf(await reportCommand(reportDeps(['director'])).handle('yesterday', fakeContext())),
    ).toContain('看不懂“yesterday”');
    const deps = reportDeps(['clerk']);
    expect(textOf(await reportCommand(deps).handle('', fakeContext()))).toContain('只有办公室负责人');
    expect(deps.buildReport).not.toHaveBeenCalled();
  });

  it('notes it, posts the figures and sends the CSV and the chart in the direct conversation', async () => {
    const direct = recordingDirect();
    const answer = await reportCommand(reportDeps(['secretary'])).handle('week', fakeContext({ direct }));
    expect(answer).toEqual({ kind: 'none' });
    expect(direct.sent.map((s) => s.kind)).toEqual(['note', 'post', 'files']);
    const files = direct.sent[2];
    if (files?.kind !== 'files') throw new Error('no files');
    expect(files.files.map((f) => f.name.split('.').pop())).toEqual(['csv', 'png']);
  });

  it('answers with the figures themselves where nothing else can be sent', async () => {
    const reply = replyOf(await reportCommand(reportDeps(['leader'])).handle('', fakeContext()));
    expect(reply.blocks[0]).toMatchObject({ kind: 'header' });
    expect(plainOf(reply.text)).toContain('定期通报');
  });
});

describe('doc reminders (the chasing feature)', () => {
  const deps = (roles: readonly string[]): DocRemindersDeps => ({
    timeZone: 'Asia/Shanghai',
    digestTime: '08:30',
    viewerOf: async (personId) => ({ personId, roles }),
    upcoming: async () => ({
      rows: [
        {
          kind: 'before',
          personId: 'liu-yang',
          sendAt: NOW,
          item: { title: '请示', reference: null, classified: false },
          record: null,
          folded: false,
          n: null,
        },
      ],
      total: 1,
    }),
    namesOf: async () => new Map([['liu-yang', '刘洋']]),
  });

  it('shows the office head what goes next, and refuses anyone else', async () => {
    expect(textOf(await remindersCommand(deps(['office_head'])).handle('', fakeContext()))).toContain('刘洋');
    expect(textOf(await remindersCommand(deps(['secretary'])).handle('', fakeContext()))).toContain(
      '只有办公室负责人',
    );
  });
});

describe('doc routing', () => {
  const handlers: CommandHandler[] = [
    doc(),
    approveCommand(vi.fn()),
    reportCommand(reportDeps([])),
    remindersCommand({} as DocRemindersDeps),
  ];
  it.each([
    ['approve 标题', 'approve', '标题'],
    ['审批 标题', 'approve', '标题'],
    ['通报 month', 'report', 'month'],
    ['REPORT last week', 'report', 'last week'],
    ['reminder', 'reminders', ''],
    ['提醒', 'reminders', ''],
    ['mine', undefined, 'mine'],
    ['', undefined, ''],
  ])('sends `doc %s` to the %s handler', (text, sub, rest) => {
    const route = routeCommand(handlers, 'doc', text);
    expect(route?.handler.subcommands?.[0]).toBe(sub);
    expect(route?.rest).toBe(rest);
  });
});
