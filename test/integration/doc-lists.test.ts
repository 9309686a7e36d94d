import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrgFile } from '../../src/org/org-file.ts';
import { type DemoApproval, seedDemoData } from '../../src/playground/demo-data.ts';
import { PLAYGROUND_TEAM_ID, type RunningPlayground } from '../../src/playground/start.ts';
import { databaseKinds, silentLogger } from '../support/databases.ts';
import {
  botServiceAt,
  csvRecords,
  downloadFile,
  type PlaygroundMessage,
  type PlaygroundState,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
} from '../support/playground.ts';
import { withSlackRef } from '../support/slack.ts';

// The `/doc` lists and the outgoing register, through signed requests to the bot and the Slack
// double: what waits on a reviewer (overdue first), the 打开 button that brings a card down,
// what a drafter started, a search that respects who may see what, and the register as a CSV
// file in the secretary's direct messages.

const P = {
  xuHui: 'U0EXAMPLE14', // drafter, water-admin, reads English
  liuYang: 'U0EXAMPLE12', // water-admin head: reviews xu-hui's items
  gaoYan: 'U0EXAMPLE05', // construction clerk: drafts the sent document
  maQiang: 'U0EXAMPLE15', // construction head
  zhouJing: 'U0EXAMPLE04', // secretary: office-wide view, exports registers
  tangNing: 'U0EXAMPLE17', // rural-water clerk: sees nothing of others' items
} as const;

const OVERDUE = '关于2027年度防汛物资采购的请示';
const URGENT = '关于做好汛期水库安全度汛工作的通知';
const NORMAL = '关于召开防汛工作会议的请示';
const SENT = '关于开展河道清障专项行动的通知';

const document = (urgency: 'urgent' | 'normal'): NonNullable<DemoApproval['document']> => ({
  docTypeId: 'main',
  direction: 'downward',
  urgency,
  secrecy: 'internal',
  mainRecipients: '各乡镇人民政府，局属各单位',
  copyTo: '县应急管理局',
  countersignDepartments: [],
  draftLink: null,
  copies: 30,
});

/** Seeded before the tests, at times in the past, through the same workflow service the bot uses. */
const ITEMS: DemoApproval[] = [
  // Two working days to review, started 8 days ago: overdue on liu-yang.
  { requester: 'xu-hui', title: OVERDUE, startedDaysAgo: 8, steps: [] },
  // Older than the urgent one, but 平件: after it.
  { requester: 'xu-hui', title: NORMAL, startedDaysAgo: 1, steps: [] },
  { requester: 'xu-hui', title: URGENT, document: document('urgent'), startedDaysAgo: 0, steps: [] },
  {
    requester: 'gao-yan',
    title: SENT,
    document: document('normal'),
    startedDaysAgo: 6,
    steps: [
      { by: 'assignee', daysAgo: 6, action: { type: 'approve', comment: '核稿无误。' } },
      { by: 'assignee', daysAgo: 5, action: { type: 'approve', comment: '已把关。' } },
      { by: 'assignee', daysAgo: 5, action: { type: 'approve', comment: '签发。' } },
      { by: 'assignee', daysAgo: 4, action: { type: 'complete', result: '已编号排版。' } },
      { by: 'assignee', daysAgo: 4, action: { type: 'complete', result: '已发送。' } },
    ],
  },
];

describe.each(databaseKinds)('/doc lists and registers on %s', (kind) => {
  let running: TestPlayground;
  let playground: RunningPlayground;
  let pg: ReturnType<typeof playgroundClient>;

  beforeAll(async () => {
    running = await startTestPlayground(kind);
    ({ playground, pg } = running);
    const { org } = await loadOrgFile('org.example.yaml');
    await seedDemoData({
      db: playground.bot.db,
      logger: silentLogger,
      workspaceId: PLAYGROUND_TEAM_ID,
      timeZone: org.unit.timeZone,
      now: new Date(),
      serviceAt: botServiceAt(running),
      approvals: ITEMS,
    });
  }, 90_000);

  afterAll(async () => {
    await running?.stop();
  });

  /** The newest ephemeral answer to `user` whose text contains `marker`, once it shows. */
  async function answer(user: string, marker: string, after = 0): Promise<PlaygroundMessage> {
    return pg.waitFor(
      user,
      (s) =>
        pg
          .dm(s)
          .messages.filter(
            (m) => m.from === 'bot' && m.ephemeral && m.text.includes(marker) && Number(m.ts) > after,
          )
          .at(-1),
      `the answer containing ${marker}`,
    );
  }

  const lastTs = async (user: string) => Number(pg.dm(await pg.state(user)).messages.at(-1)?.ts ?? 0);
  const rowTexts = (message: PlaygroundMessage) =>
    (message.blocks ?? [])
      .filter((b) => String(b.block_id ?? '').startsWith('doc_list:row:'))
      .map((b) => String((b.text as { text: string }).text));
  const sectionWith = (message: PlaygroundMessage, title: string) =>
    (message.blocks ?? []).find((b) => JSON.stringify(b.text ?? '').includes(title));

  it('lists what waits on the reviewer: overdue first, then urgent, then the rest', async () => {
    // The seeded cards reach the reviewer first (the outbox delivers them).
    await pg.waitFor(P.liuYang, pg.cardTitled(OVERDUE), 'the overdue card');
    const after = await lastTs(P.liuYang);
    expect((await pg.command(P.liuYang, '/doc', '')).body).toEqual({ ok: true });
    const list = await answer(P.liuYang, '等待我办理的事项', after);
    const rows = rowTexts(list);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain(OVERDUE);
    expect(rows[0]).toContain('⚠ 已超期');
    expect(rows[0]).toContain('通用审批');
    expect(rows[1]).toContain(URGENT);
    expect(rows[1]).toContain('🟠 加急');
    expect(rows[1]).toContain('发文（下行文/平行文）');
    expect(rows[1]).toContain('部门负责人核稿');
    expect(rows[1]).not.toContain('已超期');
    expect(rows[2]).toContain(NORMAL);
    expect(list.text).toContain('共 3 件');
  });

  it('brings the card down with 打开: a fresh copy at the bottom, the old one a pointer to it', async () => {
    const oldCard = await pg.waitFor(P.liuYang, pg.cardTitled(OVERDUE), 'the overdue card');
    const after = await lastTs(P.liuYang);
    await pg.command(P.liuYang, '/doc', '待办');
    const list = await answer(P.liuYang, '等待我办理的事项', after);
    const row = sectionWith(list, OVERDUE) as {
      block_id: string;
      accessory: { action_id: string; value: string };
    };
    expect(row.accessory.action_id).toBe('doc_list_open');
    const clicked = await pg.post('/api/action', {
      user: P.liuYang,
      source: { type: 'message', channel: list.channel, ts: list.ts },
      action: {
        type: 'button',
        action_id: 'doc_list_open',
        block_id: row.block_id,
        value: row.accessory.value,
      },
    });
    expect(clicked.body).toEqual({ ok: true });

    const moved = await pg.waitFor(
      P.liuYang,
      (s: PlaygroundState) => {
        const messages = pg.dm(s).messages;
        const old = messages.find((m) => m.ts === oldCard.ts);
        const cards = messages.filter((m) => m.from === 'bot' && !m.ephemeral);
        const last = cards.at(-1);
        return old?.text === '此卡片已更新并在下方重新发送。' &&
          last &&
          last.ts !== oldCard.ts &&
          pg.cardTitled(OVERDUE)(s) === last
          ? { old, last }
          : null;
      },
      'the reposted card',
    );
    expect(moved.old.edited).toBe(true);
    // Clicked in the direct conversation, where the card shows up by itself: nothing says where it went.
    expect(list.channel.startsWith('D')).toBe(true);
    expect(
      pg.dm(await pg.state(P.liuYang)).messages.some((m) => m.text === '卡片已重新发到你与我私信的最下方。'),
    ).toBe(false);
    expect(JSON.stringify(moved.old.blocks)).not.toContain(OVERDUE);
    // The fresh copy is a working card: it still offers the reviewer's buttons.
    expect(pg.buttonOf(moved.last, 'wf_approve')).not.toBeNull();
    const instance = await playground.bot.db.prisma.workflowInstance.findFirstOrThrow({
      where: { title: OVERDUE },
    });
    const copy = await playground.bot.db.prisma.cardMessage.findUniqueOrThrow({
      where: { instanceId_recipient: { instanceId: instance.id, recipient: 'liu-yang' } },
    });
    expect(withSlackRef(copy).messageTs).toBe(moved.last.ts);
  });

  it('refuses to bring down a card the clicker does not hold', async () => {
    const after = await lastTs(P.liuYang);
    await pg.command(P.liuYang, '/doc', '');
    const list = await answer(P.liuYang, '等待我办理的事项', after);
    const row = sectionWith(list, NORMAL) as { block_id: string; accessory: { value: string } };
    // Tang Ning replays the button of someone else's list: authorised on the record, refused.
    const prisma = playground.bot.db.prisma;
    // Only what the click causes counts (the demo data has Tang Ning's own supply request).
    const before = (await prisma.outboxMessage.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const cardsBefore = await prisma.cardMessage.count({ where: { recipient: 'tang-ning' } });
    const clicked = await pg.post('/api/action', {
      user: P.tangNing,
      source: { type: 'message', channel: list.channel, ts: list.ts },
      action: {
        type: 'button',
        action_id: 'doc_list_open',
        block_id: row.block_id,
        value: row.accessory.value,
      },
    });
    expect(clicked.body).toEqual({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      await prisma.outboxMessage.count({
        where: { id: { gt: before }, payload: { path: ['personId'], equals: 'tang-ning' } },
      }),
    ).toBe(0);
    expect(await prisma.cardMessage.count({ where: { recipient: 'tang-ning' } })).toBe(cardsBefore);
  });

  it('lists what the drafter started, newest first, with where each stands (in English)', async () => {
    const after = await lastTs(P.xuHui);
    await pg.command(P.xuHui, '/doc', 'mine');
    const list = await answer(P.xuHui, 'Started by me', after);
    // 徐慧 also has a demo archive loan request among what she started; the three are in order.
    const rows = rowTexts(list).filter((r) => [URGENT, NORMAL, OVERDUE].some((title) => r.includes(title)));
    expect(rows.map((r) => [URGENT, NORMAL, OVERDUE].find((title) => r.includes(title)))).toEqual([
      URGENT,
      NORMAL,
      OVERDUE,
    ]);
    expect(rows[0]).toContain('Waiting on Liu Yang (Department head review)');
  });

  it('finds by title only what the searcher may see: not another department’s item for an outsider', async () => {
    const after = await lastTs(P.tangNing);
    await pg.command(P.tangNing, '/doc', 'find 防汛物资');
    const nothing = await answer(P.tangNing, '没有找到', after);
    expect(nothing.text).toContain('防汛物资');
    expect(JSON.stringify(nothing.blocks)).not.toContain(OVERDUE);

    const reviewerAfter = await lastTs(P.liuYang);
    await pg.command(P.liuYang, '/doc', `find ${SENT.slice(4, 8)}`);
    await answer(P.liuYang, '没有找到', reviewerAfter);
  });

  it('finds for the secretary (office-wide view) by title words and by document number', async () => {
    const after = await lastTs(P.zhouJing);
    await pg.command(P.zhouJing, '/doc', 'find 防汛　物资');
    const found = await answer(P.zhouJing, '查找“防汛 物资”', after);
    expect(rowTexts(found)).toHaveLength(1);
    expect(rowTexts(found)[0]).toContain(OVERDUE);
    // Not on its route: no card to open.
    expect(JSON.stringify(found.blocks)).not.toContain('doc_list_open');

    const sent = await playground.bot.db.prisma.workflowInstance.findFirstOrThrow({ where: { title: SENT } });
    const number = (sent.state as { params: { docNumber: string } }).params.docNumber;
    expect(number).toMatch(/^示水发〔\d{4}〕1号$/);
    const byNumberAfter = await lastTs(P.zhouJing);
    await pg.command(P.zhouJing, '/doc', `查找 ${number}`);
    const byNumber = await answer(P.zhouJing, '查找', byNumberAfter);
    expect(rowTexts(byNumber)).toHaveLength(1);
    expect(rowTexts(byNumber)[0]).toContain(SENT);
    expect(rowTexts(byNumber)[0]).toContain(`文号：${number}`);
  });

  it('answers /doc find with no words with its usage', async () => {
    const after = await lastTs(P.tangNing);
    await pg.command(P.tangNing, '/doc', 'find 　');
    await answer(P.tangNing, '用法：`/doc find', after);
  });

  it('uploads the outgoing register to the secretary as a CSV file whose rows match the audit log', async () => {
    const prisma = playground.bot.db.prisma;
    const sent = await prisma.workflowInstance.findFirstOrThrow({ where: { title: SENT } });
    const year = DateTime.fromJSDate(sent.createdAt).setZone('Asia/Shanghai').year;
    const after = await lastTs(P.zhouJing);
    await pg.command(P.zhouJing, '/doc', `register out ${year}`);
    await answer(P.zhouJing, '正在生成', after);
    const upload = await pg.waitFor(
      P.zhouJing,
      (s) =>
        pg.dm(s).messages.find((m) => Number(m.ts) > after && (m as { files?: unknown[] }).files?.length),
      'the uploaded register',
    );
    const file = (upload as unknown as { files: Array<{ title: string; url: string }> }).files[0];
    expect(file?.title).toBe(`发文登记簿-${year}.csv`);
    const { bom, records } = csvRecords(await downloadFile(file?.url ?? ''));
    expect(bom).toBe(true);
    const [header, ...rows] = records;
    expect(header?.slice(0, 3)).toEqual(['文号', '标题', '发文类型']);
    const column = (name: string) => header?.indexOf(name) ?? -1;

    // Every outgoing document drafted that year, and nothing else (approvals are not documents).
    const start = DateTime.fromObject({ year }, { zone: 'Asia/Shanghai' });
    const expected = await prisma.workflowInstance.count({
      where: {
        definitionId: { startsWith: 'outgoing_' },
        createdAt: { gte: start.toJSDate(), lt: start.plus({ years: 1 }).toJSDate() },
      },
    });
    expect(rows).toHaveLength(expected);
    expect(rows.some((r) => r[column('标题')] === OVERDUE)).toBe(false);

    const row = rows.find((r) => r[column('流程编号')] === sent.id) as string[];
    const audit = await prisma.auditEntry.findMany({
      where: { instanceId: sent.id },
      orderBy: { seq: 'asc' },
    });
    const signOff = audit.filter((e) => e.action === 'approve').at(-1);
    const dispatched = audit.filter((e) => e.action === 'complete').at(-1);
    const shanghai = (at: Date | undefined) =>
      at ? DateTime.fromJSDate(at).setZone('Asia/Shanghai').toFormat('yyyy-MM-dd HH:mm') : 'missing';
    expect(signOff?.actorId).toBe('chen-lixin');
    expect(row[column('签发人')]).toBe('陈立新');
    expect(row[column('签发时间')]).toBe(shanghai(signOff?.at));
    expect(dispatched?.actorId).toBe('zhou-jing');
    expect(row[column('发送时间')]).toBe(shanghai(dispatched?.at));
    expect(row[column('文号')]).toBe((sent.state as { params: { docNumber: string } }).params.docNumber);
    expect(row[column('标题')]).toBe(SENT);
    expect(row[column('拟稿人')]).toBe('高燕');
    expect(row[column('拟稿部门')]).toBe('工程建设管理科');
    expect(row[column('主送')]).toBe('各乡镇人民政府，局属各单位');
    expect(row[column('份数')]).toBe('30');
    expect(row[column('状态')]).toBe('已发');
  });

  it('refuses the register to a clerk', async () => {
    const after = await lastTs(P.gaoYan);
    await pg.command(P.gaoYan, '/doc', 'register out 2026');
    await answer(P.gaoYan, '只有办公室负责人、办公室秘书和档案管理员可以导出登记簿', after);
    const state = await pg.state(P.gaoYan);
    expect(pg.dm(state).messages.some((m) => (m as { files?: unknown[] }).files?.length)).toBe(false);
  });
});
