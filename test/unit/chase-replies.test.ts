import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { plainOf } from '../../src/chat/core/reply.ts';
import { registerChaseKinds } from '../../src/chat/slack/chasing/delivery.ts';
import type { SlackDelivery, SlackKindHandler } from '../../src/chat/slack/slack-delivery.ts';
import { unitCalendar } from '../../src/domain/chasing/holidays.ts';
import { defaultChasingSettings } from '../../src/domain/chasing/settings.ts';
import { type ChaseRemindPayload, reminderOf } from '../../src/features/chasing/reminder-reply.ts';
import type { DocListItem, DocListPage } from '../../src/features/documents/lists.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { OUTBOX_KINDS } from '../../src/outbox/intents.ts';
import { silentLogger } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';

// The 催办 messages (`chase.remind`) as Slack drew them before they became neutral replies,
// recorded once (UPDATE_FIXTURES=1) from the old Slack builder: every kind, both languages, odd
// names and titles, a classified item, an item whose step has no deadline. The delivery now posts
// the chasing feature's neutral reply drawn by the Slack renderer, and must post the same. Below,
// the neutral reply itself, with no platform.

const INSTANCE = '11111111-2222-4333-8444-555555555555';

// The digest lists what waits on its reader; the list is read here from `waitingPage`.
let waitingPage: DocListPage = { items: [], total: 0 };
vi.mock('../../src/features/documents/lists.ts', async (original) => ({
  ...(await original<object>()),
  listWaitingOn: async () => waitingPage,
}));
const calendar = unitCalendar('Asia/Shanghai', defaultChasingSettings().calendar);

interface Row {
  id: string;
  title: string | null;
  reference: string | null;
  secrecy: string;
  state: unknown;
}

function rowOf(overrides: Partial<Row> = {}, deadline: string | null = '2026-12-03T09:00:00.000Z'): Row {
  return {
    id: INSTANCE,
    title: '关于购置 <!here> & *防汛* 物资的请示',
    reference: null,
    secrecy: 'internal',
    state: {
      id: INSTANCE,
      currentStep: 0,
      steps: [{ name: { zh: '部门负责人 <审核>', en: 'Head <review>' }, ...(deadline ? { deadline } : {}) }],
    },
    ...overrides,
  };
}

function fakePrisma(locale: 'zh' | 'en', row: Row | null) {
  const people = [
    { id: 'reader', name: '刘洋', nameEn: 'Liu Yang', locale },
    { id: 'chaser', name: '王 <b> & *秘书*', nameEn: 'Wang <b> & *sec*', locale: 'zh' },
    { id: 'assignee', name: '李四', nameEn: null, locale: 'zh' },
  ];
  return {
    person: {
      findMany: async ({ where }: { where: { id: { in: string[] } } }) =>
        people.filter((p) => where.id.in.includes(p.id)),
      findUnique: async ({ where }: { where: { id: string } }) =>
        people.find((p) => p.id === where.id) ?? null,
    },
    chatAccount: {
      findMany: async () => [{ personId: 'reader', externalId: 'U_READER' }],
    },
    workflowInstance: { findUnique: async () => row },
  } as unknown as PrismaClient;
}

/** What `chase.remind` posts for `payload`, drawn by the Slack delivery. */
function postedReminder(
  locale: 'zh' | 'en',
  payload: Record<string, unknown>,
  row: Row | null = rowOf(),
): Promise<unknown> {
  return posted(OUTBOX_KINDS.chaseRemind, locale, { instanceId: INSTANCE, ...payload }, row);
}

/** What the outbox kind `kind` posts for `payload`, drawn by the Slack delivery. */
async function posted(
  kind: string,
  locale: 'zh' | 'en',
  payload: Record<string, unknown>,
  row: Row | null = rowOf(),
): Promise<unknown> {
  const kinds = new Map<string, SlackKindHandler>();
  const delivery = {
    register: (kind: string, h: SlackKindHandler) => kinds.set(kind, h),
  } as unknown as SlackDelivery;
  const clock = new FakeClock(new Date('2026-12-08T02:00:00Z'));
  const definitions = new Map([['odd', { name: { zh: '<审批> & *特*', en: '<Approval> & *odd*' } }]]);
  registerChaseKinds(delivery, {
    prisma: fakePrisma(locale, row),
    clock,
    calendar,
    definitions: definitions as unknown as Parameters<typeof registerChaseKinds>[1]['definitions'],
  });
  const handler = kinds.get(kind);
  if (!handler) throw new Error(`no ${kind}`);
  const calls: unknown[] = [];
  await handler.deliver(handler.schema.parse({ personId: 'reader', ...payload }), {
    call: async (method: string, args: Record<string, unknown>) => {
      calls.push({ method, ...args });
      return { ok: true, ts: '1.1' };
    },
    openDirectMessage: async () => 'D_READER',
    forgetDirectMessage: () => {},
    record: () => {},
    logger: silentLogger,
    message: {} as never,
  });
  return calls;
}

const CASES: Record<string, (locale: 'zh' | 'en') => Promise<unknown>> = {
  before: (l) => postedReminder(l, { kind: 'before' }),
  due: (l) => postedReminder(l, { kind: 'due', deadline: '2026-12-08T01:00:00.000Z' }),
  overdue: (l) => postedReminder(l, { kind: 'overdue' }),
  overdue_no_deadline: (l) => postedReminder(l, { kind: 'overdue' }, rowOf({}, null)),
  nudge: (l) => postedReminder(l, { kind: 'nudge', byPersonId: 'chaser' }),
  nudge_unknown: (l) => postedReminder(l, { kind: 'nudge', byPersonId: 'gone' }),
  escalation: (l) => postedReminder(l, { kind: 'escalation', assigneeId: 'assignee', daysLate: 5 }),
  escalation_classified: (l) =>
    postedReminder(
      l,
      { kind: 'escalation', assigneeId: 'assignee' },
      rowOf({ secrecy: 'secret', title: '绝不可出现', reference: '秘-2026-007 <!here>' }),
    ),
  classified_no_reference: (l) =>
    postedReminder(l, { kind: 'before' }, rowOf({ secrecy: 'secret', title: '绝不可出现' })),
  untitled: (l) => postedReminder(l, { kind: 'before' }, rowOf({ title: null })),
};

function item(id: string, overrides: Partial<DocListItem> = {}): DocListItem {
  return {
    instanceId: id,
    definitionId: 'generic_approval',
    title: `标题 ${id}`,
    reference: null,
    classified: false,
    urgency: 'normal',
    status: 'running',
    stepName: { zh: '部门负责人审核', en: 'Department head review' },
    deadline: null,
    overdue: false,
    waitingOn: ['reader'],
    docNumber: null,
    createdAt: '2026-12-01T02:00:00Z',
    updatedAt: '2026-12-02T02:00:00Z',
    involved: true,
    ...overrides,
  };
}

/** The morning digest (`chase.digest`) over what waits on its reader. */
const DIGESTS: Record<string, DocListPage> = {
  nothing: { items: [], total: 0 },
  two: {
    items: [
      item('d1', {
        overdue: true,
        deadline: '2026-12-03T09:00:00Z',
        title: '超期 <!here> & *请示*',
        urgency: 'urgent',
      }),
      item('d2', {
        definitionId: 'odd',
        docNumber: '办〔2026〕9号 <x>',
        involved: false,
        status: 'returned',
      }),
      item('d3', { classified: true, title: '绝不可出现', reference: '机要 <3>' }),
    ],
    total: 3,
  },
  many: {
    items: Array.from({ length: 60 }, (_, i) => item(`m${i}`, { title: `${'长'.repeat(120)}${i}` })),
    total: 75,
  },
};

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/chase-replies/${name}.json`, import.meta.url));

describe('the 催办 messages', () => {
  for (const [name, build] of Object.entries(CASES)) {
    for (const locale of ['zh', 'en'] as const) {
      it(`draws ${name} (${locale}) as recorded`, async () => {
        const posted = await build(locale);
        const file = fixture(`remind-${name}.${locale}`);
        if (process.env.UPDATE_FIXTURES === '1') writeFileSync(file, `${JSON.stringify(posted, null, 2)}\n`);
        expect(posted).toEqual(JSON.parse(readFileSync(file, 'utf8')));
      });
    }
  }
});

// The digest's list is the /doc list's neutral reply: these fixtures were recorded again once it
// became one, with the two differences that change made on purpose (catalog text such as
// `/doc find <words>` escaped, and a long list cut by the neutral reply's weight, so a row more or
// less shows). doc-replies checks both against the old Slack builder row by row.
describe('the 督办 morning digest', () => {
  for (const [name, page] of Object.entries(DIGESTS)) {
    for (const locale of ['zh', 'en'] as const) {
      it(`draws ${name} (${locale}) as recorded`, async () => {
        waitingPage = page;
        const sent = await posted(OUTBOX_KINDS.chaseDigest, locale, { date: '2026-12-08' });
        const file = fixture(`digest-${name}.${locale}`);
        if (process.env.UPDATE_FIXTURES === '1') writeFileSync(file, `${JSON.stringify(sent, null, 2)}\n`);
        expect(sent).toEqual(JSON.parse(readFileSync(file, 'utf8')));
      });
    }
  }
});

describe('the 催办 message as a neutral reply', () => {
  const reply = async (
    locale: 'zh' | 'en',
    payload: Partial<ChaseRemindPayload>,
    row: Row | null = rowOf(),
  ) => {
    const outcome = await reminderOf(
      { prisma: fakePrisma(locale, row), clock: new FakeClock(new Date('2026-12-08T02:00:00Z')), calendar },
      { personId: 'reader', instanceId: INSTANCE, kind: 'before', ...payload },
    );
    if ('skipped' in outcome) throw new Error(outcome.skipped);
    return outcome.reply;
  };

  it('gives the supervisor 立即催办 and everyone else 打开, both carrying the item', async () => {
    const escalation = await reply('zh', { kind: 'escalation', assigneeId: 'assignee' });
    expect(escalation.blocks[0]).toMatchObject({
      kind: 'section',
      key: 'chase:escalation',
      button: { action: 'chase_now', value: INSTANCE, style: 'primary', label: '立即催办' },
    });
    const nudge = await reply('en', { kind: 'nudge', byPersonId: 'chaser' });
    expect(nudge.blocks[0]).toMatchObject({
      button: { action: 'doc_list_open', value: INSTANCE, label: 'Open' },
    });
  });

  it('says the item as typed (escaping is the platform’s), and a classified one by its reference', async () => {
    expect(plainOf((await reply('zh', { kind: 'nudge', byPersonId: 'chaser' })).text)).toBe(
      '👉 王 <b> & *秘书*催办「关于购置 <!here> & *防汛* 物资的请示」（部门负责人 <审核>），请尽快办理。',
    );
    const secret = await reply('en', {}, rowOf({ secrecy: 'secret', title: '绝不可出现', reference: 'R-7' }));
    expect(plainOf(secret.text)).toContain('Classified item R-7');
    expect(JSON.stringify(secret)).not.toContain('绝不可出现');
  });

  it('skips a reader or an item the database does not know', async () => {
    const deps = { prisma: fakePrisma('zh', null), clock: new FakeClock(new Date()), calendar };
    const payload = { personId: 'reader', instanceId: INSTANCE, kind: 'before' as const };
    expect(await reminderOf(deps, payload)).toEqual({ skipped: 'unknown_instance' });
    expect(await reminderOf(deps, { ...payload, personId: 'stranger' })).toEqual({
      skipped: 'unknown_person',
    });
  });
});
