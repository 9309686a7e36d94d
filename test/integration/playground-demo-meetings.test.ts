import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MEETING_DEFINITION } from '../../src/domain/meetings/meeting.ts';
import { DECISION_DEFINITION, MINUTES_DEFINITION } from '../../src/domain/meetings/minutes.ts';
import { DEMO_MEETINGS, DEMO_OVERDUE_DECISION, seedMeetingsDemo } from '../../src/features/meetings/demo.ts';
import { instanceFromRow } from '../../src/features/workflow/instance-row.ts';
import { PLAYGROUND_TEAM_ID } from '../../src/playground/start.ts';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { type playgroundClient, startTestPlayground, type TestPlayground } from '../support/playground.ts';

// The playground's demo meetings, made through the meetings feature's services and the bot's
// workflow service on a clock set in the past: a request waiting on the office head, the next
// working day's meeting with its answers in (and its room booked), yesterday's meeting with its
// minutes waiting for the chair's 审签, and a decision past its deadline, chased and escalated at
// the first scheduler wake. Loading them again adds nothing.

/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);

const GAO_YAN = 'U0EXAMPLE05'; // the organiser of the next working day's meeting
const TANG_NING = 'U0EXAMPLE17'; // invited to it, not answered yet
const titleOf = (stage: (typeof DEMO_MEETINGS)[number]['stage']) =>
  DEMO_MEETINGS.find((m) => m.stage === stage)?.meeting.name ?? '';

describe.each(databaseKinds)('the playground’s demo meetings on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;
  // Tuesday 1 December 2026, 10:30 in the unit's zone.
  const clock = new FakeClock(local('2026-12-01T10:30:00'));

  beforeAll(async () => {
    running = await startTestPlayground(kind, { demoData: true, clock });
    ({ pg } = running);
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
  });

  const prisma = () => running.playground.bot.db.prisma;
  const meetingTitled = (title: string) =>
    prisma().workflowInstance.findFirstOrThrow({ where: { definitionId: MEETING_DEFINITION.id, title } });
  const answersOf = async (instanceId: string) =>
    Object.fromEntries(
      (await prisma().meetingAttendee.findMany({ where: { instanceId } })).map((a) => [
        a.personId,
        [a.response, a.leaveReason, a.signedInAt !== null],
      ]),
    );

  it('has a request waiting on the office head, no room booked yet', async () => {
    const request = await meetingTitled(titleOf('requested'));
    expect(request).toMatchObject({ status: 'running', requesterId: 'xu-hui', waitingOn: ['zhao-min'] });
    expect(await prisma().meetingBooking.count({ where: { instanceId: request.id } })).toBe(0);
    expect(await prisma().meetingAttendee.count({ where: { instanceId: request.id } })).toBe(0);
  });

  it('has the next working day’s meeting approved, its room booked, answers in and some not', async () => {
    const meeting = await meetingTitled(titleOf('answered'));
    expect(meeting.status).toBe('approved');
    expect(
      await prisma().meetingBooking.findFirstOrThrow({ where: { instanceId: meeting.id } }),
    ).toMatchObject({
      roomId: 'room-301',
      startsAt: local('2026-12-02T09:30:00'),
      endsAt: local('2026-12-02T11:30:00'),
    });
    expect(await answersOf(meeting.id)).toEqual({
      'ma-qiang': ['attending', null, false],
      'chen-lixin': ['attending', null, false],
      'lin-feng': ['leave', '当天上午赴乡镇督查农村饮水工程。', false],
      'tang-ning': ['pending', null, false],
      'xu-hui': ['pending', null, false],
    });
    // The organiser's card shows the tally; an attendee who has not answered has the buttons.
    const tally = await pg.waitFor(
      GAO_YAN,
      (s) => {
        const card = pg.cardTitled(meeting.title ?? '')(s);
        return card && JSON.stringify(card.blocks).includes('未回复（2）') ? card : null;
      },
      'the organiser’s tally',
    );
    const drawn = JSON.stringify(tally.blocks);
    expect(drawn).toContain('已确认（2）：马强、陈立新');
    expect(drawn).toContain('请假（1）：林峰（当天上午赴乡镇督查农村饮水工程。）');
    expect(drawn).toContain('未回复（2）：唐宁、徐慧');
    await pg.cardWithButton(TANG_NING, meeting.title ?? '', 'meeting_attend');
  });

  it('has yesterday’s meeting held, signed in, its minutes waiting for the chair’s signature', async () => {
    const meeting = await meetingTitled(titleOf('minutes_drafted'));
    expect(meeting.status).toBe('approved');
    const booking = await prisma().meetingBooking.findFirstOrThrow({ where: { instanceId: meeting.id } });
    expect(booking.startsAt).toEqual(local('2026-11-30T14:30:00'));
    expect(Object.values(await answersOf(meeting.id)).every(([, , signed]) => signed)).toBe(true);
    const minutes = await prisma().meetingMinutes.findUniqueOrThrow({ where: { meetingId: meeting.id } });
    const instance = await prisma().workflowInstance.findUniqueOrThrow({ where: { id: minutes.instanceId } });
    expect(instance).toMatchObject({
      definitionId: MINUTES_DEFINITION.id,
      status: 'running',
      requesterId: 'tang-ning',
      waitingOn: ['li-weidong'],
    });
    // Not signed: no decisions started, nothing handed to the archive.
    expect(
      await prisma().workflowInstance.count({
        where: { definitionId: DECISION_DEFINITION.id, title: '完成剩余3处工程的竣工验收' },
      }),
    ).toBe(0);
    expect(await prisma().archiveHandoff.count({ where: { instanceId: meeting.id } })).toBe(0);
  });

  it('has a decision past its deadline, its owner chased and the 督办 sent', async () => {
    const meeting = await meetingTitled(titleOf('decision_overdue'));
    const minutes = await prisma().meetingMinutes.findUniqueOrThrow({ where: { meetingId: meeting.id } });
    expect(
      await prisma().workflowInstance.findUniqueOrThrow({ where: { id: minutes.instanceId } }),
    ).toMatchObject({ status: 'approved' });
    expect(await prisma().archiveHandoff.count({ where: { instanceId: meeting.id, kind: 'meeting' } })).toBe(
      1,
    );
    const decision = await prisma().workflowInstance.findFirstOrThrow({
      where: { definitionId: DECISION_DEFINITION.id, title: DEMO_OVERDUE_DECISION.text },
    });
    expect(decision).toMatchObject({ status: 'running', waitingOn: [DEMO_OVERDUE_DECISION.owner] });
    // Signed Monday 23 November, 2 working days: due by Wednesday the 25th, four working days ago.
    const step = instanceFromRow(decision).steps[0];
    expect(new Date(step?.deadline ?? '').getTime()).toBeLessThan(local('2026-11-26T00:00:00').getTime());
    // The other decision is not due yet.
    const other = await prisma().workflowInstance.findFirstOrThrow({
      where: { definitionId: DECISION_DEFINITION.id, title: '制定冬季施工质量保障措施' },
    });
    expect(other.waitingOn).toEqual(['zhou-jing']);
    await vi.waitFor(
      async () => {
        const sent = await prisma().reminder.findMany({
          where: { instanceId: decision.id, kind: { in: ['overdue', 'escalation'] }, status: 'sent' },
        });
        expect(new Set(sent.map((r) => r.kind))).toEqual(new Set(['overdue', 'escalation']));
      },
      { timeout: 20_000, interval: 100 },
    );
  });

  it('adds nothing when loaded again', async () => {
    const count = () => prisma().workflowInstance.count();
    const before = await count();
    const again = await seedMeetingsDemo({
      db: running.playground.bot.db,
      workspaceId: PLAYGROUND_TEAM_ID,
      timeZone: 'Asia/Shanghai',
      now: clock.now(),
      serviceAt: running.playground.bot.workflowServiceAt,
    });
    expect(again).toBe(0);
    expect(await count()).toBe(before);
    expect(await prisma().workflowInstance.count({ where: { definitionId: MEETING_DEFINITION.id } })).toBe(
      DEMO_MEETINGS.length,
    );
  });
});
