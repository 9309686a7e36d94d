import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainOf, type ReplyBlock } from '../../src/chat/core/reply.ts';
import { meetingsThisWeek } from '../../src/features/meetings/my-meetings.ts';
import { createMemoryHarness, type MemoryHarness } from '../conformance/memory-harness.ts';
import { cardTitled } from '../conformance/suite.ts';
import { databaseKinds } from '../support/databases.ts';
import { meetingFields, meetingSteps } from '../support/meeting-steps.ts';

// 本周会议 in the person's work (the `todo` reply where a platform has no home tab), on PGlite and
// PostgreSQL: the approved meetings of this week (Monday to Sunday in the unit's time zone) the
// person is invited to or organises, in time order, with time, place and their answer; not a
// meeting of next week, nor a cancelled one, nor one they delegated away; a classified meeting by
// its number only. Each answer, change or cancellation writes a `home.refresh` for the people
// whose list it changed, in its transaction.

const ORGANISER = 'xu-hui';
const CHAIR = 'wang-zhenhua';
const WEDNESDAY = '防汛工作部署会';
const FRIDAY = '河长制工作推进会';
const NEXT_WEEK = '水利规划会';
const NUMBER = '会〔2026〕9号';
const HOUR = 60 * 60 * 1000;

describe.each(databaseKinds)('this week’s meetings in the person’s work on %s', (kind) => {
  let h: MemoryHarness;
  beforeAll(async () => {
    h = await createMemoryHarness({ kind });
    // Created out of time order: the list is in the meetings' order, not the requests'.
    await steps.approvedMeeting(
      ORGANISER,
      meetingFields({ name: FRIDAY, day: '2026-11-27', room: 'room-205' }),
    );
    await steps.approvedMeeting(
      ORGANISER,
      meetingFields({ name: WEDNESDAY, attendees: ['gao-yan', 'ma-qiang'] }),
    );
    await steps.approvedMeeting(
      ORGANISER,
      meetingFields({ name: NEXT_WEEK, day: '2026-11-30', room: 'hall' }),
    );
    // A classified meeting on Tuesday at a place outside: no name stored.
    await h.adapter.command('zhou-jing', '会议 new', steps.event());
    const sent = await steps.submit(
      steps.linkIn('zhou-jing'),
      meetingFields({
        name: '',
        agenda: '',
        day: '2026-11-24',
        start: '15:00',
        end: '16:00',
        room: 'outside',
        place: '市防汛指挥中心',
        attendees: ['feng-xiaoyu'],
        host: 'office',
        secrecy: 'secret',
        reference: NUMBER,
      }),
    );
    expect(sent.status).toBe(200);
    await h.deliver();
    for (const approver of ['zhao-min', CHAIR]) {
      await h.press(approver, await cardTitled(h, approver, NUMBER), 'approve');
      await h.deliver();
    }
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  const steps = meetingSteps(() => h);
  /** `personId`'s work as the `todo` command answers it: its text and blocks. */
  const todo = async (personId: string) => {
    await h.adapter.command(personId, '待办', steps.event());
    const message = h.adapter.memory.messagesOf(personId).at(-1);
    if (message?.kind !== 'reply') throw new Error(`a ${message?.kind} message, not a reply`);
    return { text: plainOf(message.reply.text), blocks: message.reply.blocks };
  };
  /** The rows of 本周会议, as text, in order. */
  const weekRows = (blocks: readonly ReplyBlock[]) =>
    blocks.flatMap((b) =>
      b.kind === 'section' && b.key?.startsWith('home:meetings-week:row:') ? [plainOf(b.text ?? [])] : [],
    );
  /** Whether a `home.refresh` for `personId` is waiting to be delivered. */
  const refreshPending = async (personId: string) =>
    (
      await h.prisma.outboxMessage.findMany({
        where: { kind: 'home.refresh', status: 'pending' },
        select: { payload: true },
      })
    ).some((row) => (row.payload as { personId?: string }).personId === personId);
  /** Delivers everything due, App Home refreshes included (they wait a second to coalesce). */
  const settle = async () => {
    h.advance(2000);
    await h.deliver();
  };

  it('lists an invitee’s meetings of this week in time order, with time, place and 待回复', async () => {
    const { text, blocks } = await todo('gao-yan');
    expect(text).toContain('本周会议（2 件）');
    expect(weekRows(blocks)).toEqual([
      `${WEDNESDAY}\n11月25日（周三）09:00–11:00 · 三楼第一会议室 · 待回复`,
      `${FRIDAY}\n11月27日（周五）09:00–11:00 · 二楼小会议室 · 待回复`,
    ]);
    // 本周会议 comes right after 待我办理; 我的决定事项 only shows when there is one.
    const titles = blocks.flatMap((b) => (b.key?.endsWith(':title') ? [b.key] : []));
    expect(titles).toEqual([
      'home:waiting:title',
      'home:meetings-week:title',
      'home:mine:title',
      'home:finished:title',
    ]);
  });

  it('shows the organiser their meetings as theirs, and a classified meeting by its number only', async () => {
    expect(weekRows((await todo(ORGANISER)).blocks)).toEqual([
      `${WEDNESDAY}\n11月25日（周三）09:00–11:00 · 三楼第一会议室 · 我组织的`,
      `${FRIDAY}\n11月27日（周五）09:00–11:00 · 二楼小会议室 · 我组织的`,
    ]);
    expect(weekRows((await todo(CHAIR)).blocks)).toEqual([
      `密件 ${NUMBER}\n11月24日（周二）15:00–16:00 · 外部场所：市防汛指挥中心 · 待回复`,
      `${WEDNESDAY}\n11月25日（周三）09:00–11:00 · 三楼第一会议室 · 待回复`,
      `${FRIDAY}\n11月27日（周五）09:00–11:00 · 二楼小会议室 · 待回复`,
    ]);
  });

  it('reads only the week’s meetings from the database, not every meeting the person ever had', async () => {
    // Every row a query returns is noted: the next week's meeting must not be read at all.
    const seen = new Set<string>();
    const note = (rows: unknown) => {
      for (const row of Array.isArray(rows) ? rows : []) {
        const { id, instanceId } = row as { id?: unknown; instanceId?: unknown };
        for (const value of [id, instanceId]) if (typeof value === 'string') seen.add(value);
      }
      return rows;
    };
    const noting = <T extends object>(target: T): T =>
      new Proxy(target, {
        get(object, property) {
          const value: unknown = Reflect.get(object, property);
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => note(await value.apply(object, args));
        },
      });
    const db = new Proxy(h.prisma, {
      get(prisma, property) {
        const value: unknown = Reflect.get(prisma, property);
        if (property === 'workflowInstance' || property === 'meetingAttendee') return noting(value as object);
        if (property === '$queryRaw' && typeof value === 'function') {
          return async (...args: unknown[]) => note(await value.apply(prisma, args));
        }
        return typeof value === 'function' ? value.bind(prisma) : value;
      },
    });
    const meetings = await meetingsThisWeek(db, ORGANISER, h.now(), 'Asia/Shanghai');
    expect(meetings.map((m) => m.title)).toEqual([WEDNESDAY, FRIDAY]);
    const nextWeek = await h.prisma.workflowInstance.findFirstOrThrow({ where: { title: NEXT_WEEK } });
    expect(seen.size).toBeGreaterThan(0);
    expect(seen.has(nextWeek.id)).toBe(false);
  });

  it('says so when there is no meeting this week', async () => {
    const { text, blocks } = await todo('tang-ning');
    expect(text).toContain('本周会议');
    expect(weekRows(blocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('本周没有你要参加或组织的会议。');
  });

  it('refreshes the answerer’s home in the answer’s transaction, and shows 参加 and 请假', async () => {
    await settle();
    expect(await refreshPending('gao-yan')).toBe(false);
    await steps.press('gao-yan', WEDNESDAY, 'meeting_attend');
    expect(await refreshPending('gao-yan')).toBe(true);
    await steps.press('gao-yan', FRIDAY, 'meeting_leave');
    expect((await steps.submit(steps.linkIn('gao-yan'), { reason: '赴现场检查堤防' })).status).toBe(200);
    expect(weekRows((await todo('gao-yan')).blocks)).toEqual([
      `${WEDNESDAY}\n11月25日（周三）09:00–11:00 · 三楼第一会议室 · 参加`,
      `${FRIDAY}\n11月27日（周五）09:00–11:00 · 二楼小会议室 · 请假`,
    ]);
    // The same answer again changes nothing and asks for no refresh.
    await settle();
    await steps.press('gao-yan', WEDNESDAY, 'meeting_attend');
    expect(await refreshPending('gao-yan')).toBe(false);
  });

  it('moves a meeting delegated away to the stand-in’s list, refreshing both homes', async () => {
    await settle();
    await steps.press('ma-qiang', WEDNESDAY, 'meeting_delegate');
    expect((await steps.submit(steps.linkIn('ma-qiang'), { person: 'huang-lei' })).status).toBe(200);
    expect(await refreshPending('ma-qiang')).toBe(true);
    expect(await refreshPending('huang-lei')).toBe(true);
    expect(weekRows((await todo('ma-qiang')).blocks)).toEqual([
      `${FRIDAY}\n11月27日（周五）09:00–11:00 · 二楼小会议室 · 待回复`,
    ]);
    expect(weekRows((await todo('huang-lei')).blocks)).toEqual([
      `${WEDNESDAY}\n11月25日（周三）09:00–11:00 · 三楼第一会议室 · 待回复`,
    ]);
  });

  it('drops a cancelled meeting and refreshes the homes of everyone it invited', async () => {
    await settle();
    await steps.press(ORGANISER, FRIDAY, 'meeting_cancel');
    expect((await steps.submit(steps.linkIn(ORGANISER), { reason: '与省厅会议时间冲突' })).status).toBe(200);
    for (const personId of [ORGANISER, 'gao-yan', 'ma-qiang', CHAIR]) {
      expect(await refreshPending(personId)).toBe(true);
    }
    expect(weekRows((await todo('gao-yan')).blocks)).toEqual([
      `${WEDNESDAY}\n11月25日（周三）09:00–11:00 · 三楼第一会议室 · 参加`,
    ]);
  });

  it('speaks English to someone who reads it', async () => {
    await h.prisma.person.update({ where: { id: 'gao-yan' }, data: { locale: 'en' } });
    const { text, blocks } = await todo('gao-yan');
    expect(text).toContain('My meetings this week');
    expect(weekRows(blocks)).toEqual([`${WEDNESDAY}\nWed 25 Nov 09:00–11:00 · Meeting room 301 · attending`]);
  });

  it('counts the next week’s meetings once that week comes', async () => {
    h.advance(7 * 24 * HOUR);
    expect(weekRows((await todo(ORGANISER)).blocks)).toEqual([
      `${NEXT_WEEK}\n11月30日（周一）09:00–11:00 · 一楼大会议室 · 我组织的`,
    ]);
  });
});
