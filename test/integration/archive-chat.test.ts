import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntry } from '../../src/features/archive/catalog.ts';
import { databaseKinds } from '../support/databases.ts';
import {
  type PlaygroundMessage,
  type PlaygroundState,
  startTestPlayground,
  type TestPlayground,
} from '../support/playground.ts';

// `/archive <words>` through signed requests to the bot and the Slack double: results are
// ephemeral, 10 a page with 借阅 on each and 更多 replacing them with the next page; classified
// entries show 〔仅按编号登记〕 to those cleared and do not exist for the others; bad filters get a
// clear message; `/archive intake` is the archivist's.

const P = {
  gaoYan: 'U0EXAMPLE05', // internal clearance
  tangNing: 'U0EXAMPLE17', // public clearance
  fengXiaoyu: 'U0EXAMPLE11', // archivist, secret clearance
} as const;

describe.each(databaseKinds)('/archive in chat on %s', (kind) => {
  let running: TestPlayground;
  beforeAll(async () => {
    running = await startTestPlayground(kind);
    const prisma = running.playground.bot.db.prisma;
    const now = new Date('2026-11-23T02:00:00Z');
    for (let i = 1; i <= 23; i++) {
      await createEntry(
        { prisma, now },
        {
          title: `关于聊天分页测试第${i}件的通知`,
          docNumber: `聊测发〔${2000 + i}〕${i}号`,
          year: 2000 + i,
          category: '文书',
          retention: '30y',
          secrecy: 'internal',
          location: `1号库房-${i}排`,
          source: 'manual',
          createdById: 'feng-xiaoyu',
        },
      );
    }
    await createEntry(
      { prisma, now },
      {
        title: null,
        docNumber: '密聊发〔2026〕5号',
        year: 2026,
        category: '文书',
        retention: 'permanent',
        secrecy: 'secret',
        source: 'manual',
        createdById: 'feng-xiaoyu',
      },
    );
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
  });

  const pg = () => running.pg;
  const ephemerals = (s: PlaygroundState) =>
    s.conversations.flatMap((c) => c.messages).filter((m) => m.ephemeral);
  /** The newest ephemeral answer of `user` whose text includes `needle`. */
  const answer = (user: string, needle: string) =>
    pg().waitFor(
      user,
      (s) => ephemerals(s).findLast((m) => m.text.includes(needle)),
      `an answer with ${needle}`,
    );
  const borrowButtons = (m: PlaygroundMessage) =>
    (m.blocks ?? []).filter(
      (b) => (b.accessory as { action_id?: string } | undefined)?.action_id === 'archive_borrow',
    );

  it('pages results 10 at a time, newest first, and 更多 replaces the message with the next page', async () => {
    await pg().command(P.gaoYan, '/archive', '聊天分页测试');
    const first = await answer(P.gaoYan, '第 1 页');
    expect(borrowButtons(first)).toHaveLength(10);
    expect(first.text).toContain('聊测发〔2023〕23号');
    expect(first.text).not.toContain('聊测发〔2013〕13号');
    expect(pg().buttonOf(first, 'archive_more')).toBeTruthy();
    expect(JSON.parse(String(pg().buttonOf(first, 'archive_borrow')?.element.value))).toEqual({
      entryId: expect.any(String),
    });

    expect((await pg().click(P.gaoYan, first, 'archive_more')).body).toEqual({ ok: true });
    const second = await pg().waitFor(
      P.gaoYan,
      (s) => ephemerals(s).find((m) => m.ts === first.ts && m.text.includes('第 2 页')),
      'page 2 in place of page 1',
    );
    expect(second.text).toContain('聊测发〔2013〕13号');
    expect(borrowButtons(second)).toHaveLength(10);

    await pg().click(P.gaoYan, second, 'archive_more');
    const third = await pg().waitFor(
      P.gaoYan,
      (s) => ephemerals(s).find((m) => m.ts === first.ts && m.text.includes('第 3 页')),
      'page 3',
    );
    expect(borrowButtons(third)).toHaveLength(3);
    expect(pg().buttonOf(third, 'archive_more')).toBeFalsy();
  });

  it('finds a classified entry by number for those cleared only, without its title or a count for others', async () => {
    await pg().command(P.fengXiaoyu, '/archive', '密聊发[2026]5号');
    const found = await answer(P.fengXiaoyu, '密聊发〔2026〕5号');
    expect(JSON.stringify(found.blocks)).toContain('〔仅按编号登记〕');

    await pg().command(P.gaoYan, '/archive', '密聊发〔2026〕5号');
    const none = await answer(P.gaoYan, '没有找到');
    expect(none.text).toBe('没有找到与“密聊发[2026]5号”相符的档案。');
    expect(none.blocks ?? []).toHaveLength(0);
  });

  it('answers a bad filter with a clear message, and keeps intake to the archivist', async () => {
    await pg().command(P.tangNing, '/archive', '安全 year:二〇二五');
    expect((await answer(P.tangNing, '年度')).text).toContain('year:2025');
    await pg().command(P.tangNing, '/archive', 'intake');
    expect((await answer(P.tangNing, '档案管理员')).text).toBe('只有档案管理员可以这样做。');
    await pg().command(P.fengXiaoyu, '/archive', 'intake');
    expect((await answer(P.fengXiaoyu, '归档移交')).text).toMatch(/没有待编目的归档移交|已接收/);
  });
});
