import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import {
  local,
  meetingModalValues,
  meetingsOnSlack,
  SLACK_PEOPLE as P,
  waitForRecord,
} from '../support/meeting-slack.ts';
import { text } from '../support/playground.ts';

// `/meeting new` on Slack through signed requests to the bot and the Slack double: the request
// form as a modal (a wrong field refused beside it, nothing started), the three approvals on the
// cards, the room booked at the last one, and a second request for the held room refused on the
// form with the meeting that holds it and the free rooms.

/** The modal's values for a meeting in the hall on Thursday 3 December 2026. */
const values = (overrides: { name?: string; start?: string; end?: string } = {}) =>
  meetingModalValues({
    name: '工程质量推进会',
    agenda: '通报在建工程质量检查情况',
    day: '2026-12-03',
    start: '14:00',
    end: '16:00',
    room: 'hall',
    attendees: ['gao-yan'],
    departments: ['construction'],
    ...overrides,
  });

describe.each(databaseKinds)('meetings on Slack on %s', (kind) => {
  // Tuesday 1 December 2026, 10:30 in the unit's zone.
  const clock = new FakeClock(local('2026-12-01T10:30:00'));
  const { pg, prisma, openModal, approve } = meetingsOnSlack(kind, clock);
  const openForm = () => openModal(P.gaoYan, '/meeting', 'new');

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
      await approve(title, [approver]);
    }
    const booking = await waitForRecord(
      () => prisma().meetingBooking.findFirst({ where: { title } }),
      'the booking',
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
    const form = await openModal(P.maQiang, '/meeting', 'plan 2027');
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
