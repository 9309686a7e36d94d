import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import {
  option,
  options,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
  text,
} from '../support/playground.ts';

// `/meeting new` on Slack through signed requests to the bot and the Slack double: the request
// form as a modal (a wrong field refused beside it, nothing started), the three approvals on the
// cards, the room booked at the last one, and a second request for the held room refused on the
// form with the meeting that holds it and the free rooms.

const P = {
  gaoYan: 'U0EXAMPLE05', // construction: the organiser
  maQiang: 'U0EXAMPLE15', // construction head
  zhaoMin: 'U0EXAMPLE03', // office head
  wangZhenhua: 'U0EXAMPLE06', // a leader: the chair
} as const;

/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);

/** The modal's values for a meeting in the hall on Thursday 3 December 2026. */
const values = (overrides: Record<string, string> = {}) => {
  const field = (id: string, value: unknown) => ({ [`meeting_${id}`]: { [`meeting_${id}_input`]: value } });
  const o = { name: '工程质量推进会', start: '14:00', end: '16:00', ...overrides };
  return {
    ...field('name', text(o.name)),
    ...field('agenda', text('通报在建工程质量检查情况')),
    ...field('day', text('2026-12-03')),
    ...field('start', text(o.start)),
    ...field('end', text(o.end)),
    ...field('room', option('hall')),
    ...field('place', text('')),
    ...field('attendees', options(['gao-yan'])),
    ...field('departments', options(['construction'])),
    ...field('host', option('construction')),
    ...field('chair', option('wang-zhenhua')),
    ...field('materials', text('')),
    ...field('budget', text('')),
    ...field('planned', { type: 'radio_buttons', selected_option: { value: 'planned' } }),
    ...field('reason', text('')),
  };
};

describe.each(databaseKinds)('meetings on Slack on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;
  // Tuesday 1 December 2026, 10:30 in the unit's zone.
  const clock = new FakeClock(local('2026-12-01T10:30:00'));

  beforeAll(async () => {
    running = await startTestPlayground(kind, { clock });
    ({ pg } = running);
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  const prisma = () => running.playground.bot.db.prisma;
  const openForm = async () => {
    const before = (await pg.state(P.gaoYan)).modals.length;
    expect((await pg.command(P.gaoYan, '/meeting', 'new')).body).toEqual({ ok: true });
    return pg.waitFor(
      P.gaoYan,
      (s) => (s.modals.length > before ? s.modals.at(-1) : null),
      'the meeting form',
    );
  };

  it('takes the request in a modal, routes it through three approvals and books the room', async () => {
    const form = await openForm();
    expect(JSON.stringify(form.blocks)).toContain('一楼大会议室（120 人）');
    const refused = await pg.submit(P.gaoYan, form.id, values({ end: '13:00' }));
    expect(refused.body).toMatchObject({ ok: false, errors: { meeting_end: '结束时间应晚于开始时间。' } });
    expect(await prisma().workflowInstance.count({ where: { definitionId: 'meeting_request' } })).toBe(0);
    expect((await pg.submit(P.gaoYan, form.id, values())).body).toEqual({ ok: true });

    const title = '工程质量推进会';
    for (const approver of [P.maQiang, P.zhaoMin, P.wangZhenhua]) {
      const card = await pg.cardWithButton(approver, title, 'wf_approve');
      expect(JSON.stringify(card.blocks)).toContain('12月3日（周四）14:00–16:00');
      expect((await pg.click(approver, card, 'wf_approve')).body).toEqual({ ok: true });
    }
    const booking = await vi.waitFor(
      async () => {
        const found = await prisma().meetingBooking.findFirst({ where: { title } });
        if (!found) throw new Error('not booked yet');
        return found;
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(booking).toMatchObject({ roomId: 'hall', startsAt: local('2026-12-03T14:00:00') });
  }, 60_000);

  it('refuses a second request for the held room on its form, naming the holder and the free rooms', async () => {
    const form = await openForm();
    const refused = await pg.submit(
      P.gaoYan,
      form.id,
      values({ name: '安全生产例会', start: '15:00', end: '17:00' }),
    );
    expect(refused.body).toMatchObject({
      ok: false,
      errors: {
        meeting_room:
          '一楼大会议室在 12月3日（周四）14:00–16:00 已由《工程质量推进会》占用，不能预订。该时段可用且座位足够的会议室：二楼小会议室（10 人）、三楼第一会议室（30 人）。',
      },
    });
    expect(await prisma().workflowInstance.count({ where: { title: '安全生产例会' } })).toBe(0);
  }, 60_000);

  it('takes a department’s yearly plan in a modal that carries its year', async () => {
    // The construction head, who has no modal left open by the tests above.
    const before = (await pg.state(P.maQiang)).modals.length;
    expect((await pg.command(P.maQiang, '/meeting', 'plan 2027')).body).toEqual({ ok: true });
    const form = await pg.waitFor(
      P.maQiang,
      (s) => (s.modals.length > before ? s.modals.at(-1) : null),
      'the plan form',
    );
    expect(JSON.stringify(form.blocks)).toContain('工程建设管理科 2027 年度会议计划');
    const line = (field: string, value: string) => ({
      [`meeting_plan_${field}_1`]: { [`meeting_plan_${field}_1_input`]: text(value) },
    });
    const filled = {
      ...line('name', '工程质量推进会'),
      ...line('content', '通报在建工程质量'),
      ...line('timing', '2028-03-01'),
      ...line('place', '一楼大会议室'),
      ...line('attendees', '各施工单位'),
      ...line('size', '80'),
      ...line('budget', '3000'),
    };
    const refused = await pg.submit(P.maQiang, form.id, filled);
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { meeting_plan_timing_1: '请填写 2027 年内的月份或日期，如 3月 或 2027-03-15。' },
    });
    expect((await pg.submit(P.maQiang, form.id, { ...filled, ...line('timing', '3月') })).body).toEqual({
      ok: true,
    });
    const plan = await prisma().meetingPlan.findUniqueOrThrow({
      where: { departmentId_year: { departmentId: 'construction', year: 2027 } },
      include: { entries: true },
    });
    expect(plan.entries).toMatchObject([{ name: '工程质量推进会', month: 3, size: 80, budget: 3000 }]);
  }, 60_000);
});
