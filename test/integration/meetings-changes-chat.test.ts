import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingReminderTask } from '../../src/features/meetings/meeting-reminders.ts';
import { createMemoryHarness, type MemoryHarness } from '../conformance/memory-harness.ts';
import { databaseKinds, silentLogger } from '../support/databases.ts';
import { type MeetingFields, meetingFields, meetingSteps, reminderUnit } from '../support/meeting-steps.ts';

// The organiser's 变更 and 取消会议 on the in-memory platform (forms on the bot's web page), on
// PGlite and PostgreSQL: only the organiser may; a change to a room held then is refused with the
// holder and the free rooms, and a change that changes nothing is refused; a change moves the
// booking, redraws every attendee's card and tells each what changed (old → new); a cancellation
// wants a reason, frees the room, tells everyone, closes the answers and stops the reminders.

const ORGANISER = 'xu-hui';
const TITLE = '汛后总结会';
/** The harness's clock is Monday 2026-11-23 09:30 (Shanghai). */
const MEETING = meetingFields({ name: TITLE, start: '14:00', end: '16:00' });

describe.each(databaseKinds)('changing and cancelling a meeting on %s', (kind) => {
  let h: MemoryHarness;
  beforeAll(async () => {
    h = await createMemoryHarness({ kind });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });
  const steps = meetingSteps(() => h);
  const { lastMessage, linkIn, submit, fieldOf } = steps;
  const booking = async () => {
    const instance = await h.prisma.workflowInstance.findFirstOrThrow({ where: { title: TITLE } });
    return h.prisma.meetingBooking.findUnique({ where: { instanceId: instance.id } });
  };
  const roomWeek = async (words: string) => {
    await h.adapter.command('zhao-min', `会议 rooms ${words}`, steps.event());
    return lastMessage('zhao-min');
  };
  const change = (fields: MeetingFields) => ({
    day: '2026-11-26',
    start: '14:00',
    end: '16:00',
    room: 'room-205',
    place: '',
    ...fields,
  });

  it('lets only the organiser change the meeting, refuses a held room and no change, and tells everyone what changed', async () => {
    await steps.approvedMeeting(ORGANISER, MEETING);
    await steps.approvedMeeting(ORGANISER, {
      ...MEETING,
      name: '水利规划会',
      day: '2026-11-26',
      start: '09:00',
      end: '11:00',
      room: 'hall',
    });
    const { card } = await steps.cardOf(ORGANISER, TITLE);
    expect(card.extraActions.map((a) => a.key)).toEqual(['meeting_change', 'meeting_cancel']);
    await steps.press('gao-yan', TITLE, 'meeting_change');
    expect(lastMessage('gao-yan')).toBe('只有会议的组织者（申请人）可以变更或取消会议。');

    await steps.press(ORGANISER, TITLE, 'meeting_change');
    const url = linkIn(ORGANISER);
    expect(url.pathname).toBe('/forms/meeting.change');
    const held = await submit(url, change({ start: '10:00', end: '12:00', room: 'hall' }));
    expect(held.status).toBe(409);
    expect(held.html).toContain(
      '一楼大会议室在 11月26日（周四）09:00–11:00 已由《水利规划会》占用，不能预订。',
    );
    const same = await submit(url, change({ day: '2026-11-25', room: 'room-301' }));
    expect(same.html).toContain('时间和地点都没有变化。');
    expect(await booking()).toMatchObject({ roomId: 'room-301', startsAt: new Date('2026-11-25T06:00:00Z') });

    const moved = await submit(url, change({}));
    expect(moved.status).toBe(200);
    expect(moved.html).toContain(`已变更会议《${TITLE}》，已通知参会人员。`);
    await h.deliver();
    expect(await booking()).toMatchObject({
      roomId: 'room-205',
      startsAt: new Date('2026-11-26T06:00:00Z'),
      endsAt: new Date('2026-11-26T08:00:00Z'),
    });
    const told = `会议《${TITLE}》有变更：时间 11月25日（周三）14:00–16:00 → 11月26日（周四）14:00–16:00；地点 三楼第一会议室 → 二楼小会议室。会议通知已更新。`;
    for (const personId of ['gao-yan', 'ma-qiang', 'wang-zhenhua']) {
      expect(await h.texts(personId)).toContain(told);
      const content = JSON.stringify((await steps.cardOf(personId, TITLE)).card);
      expect(content).toContain('11月26日（周四）14:00–16:00');
      expect(content).toContain('二楼小会议室（10 人）');
    }
    // Room 301 is free again on Wednesday afternoon.
    expect(await roomWeek('三楼第一会议室 2026-11-25')).toContain('这一周没有预订。');
  });

  it('cancels with a reason: the room is freed, everyone is told, answers close and reminders stop', async () => {
    await steps.press('gao-yan', TITLE, 'meeting_attend');
    await steps.press(ORGANISER, TITLE, 'meeting_cancel');
    const url = linkIn(ORGANISER);
    expect(url.pathname).toBe('/forms/meeting.cancel');
    const empty = await submit(url, { reason: '' });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('请填写取消原因。');
    expect(await booking()).not.toBeNull();
    const sent = await submit(url, { reason: '与省厅会议时间冲突' });
    expect(sent.status).toBe(200);
    await h.deliver();

    expect(await booking()).toBeNull();
    expect(await roomWeek('二楼小会议室 2026-11-26')).toContain('这一周没有预订。');
    const told = `会议《${TITLE}》（11月26日（周四）14:00–16:00）已取消。原因：与省厅会议时间冲突`;
    for (const personId of ['gao-yan', 'ma-qiang', 'wang-zhenhua']) {
      expect(await h.texts(personId)).toContain(told);
      const { card } = await steps.cardOf(personId, TITLE);
      expect(fieldOf(card, '会议已取消')?.value).toBe('与省厅会议时间冲突');
      // Its state says so: not 已通过, as the approval left it.
      expect(card.status.label).toBe('已取消');
      expect(card.extraActions).toEqual([]);
    }
    expect((await steps.cardOf(ORGANISER, TITLE)).card.extraActions).toEqual([]);
    await steps.press('gao-yan', TITLE, 'meeting_leave');
    expect(lastMessage('gao-yan')).toBe('会议已取消。');

    // A day before its time nobody is reminded of it.
    h.advance(new Date('2026-11-25T14:00:00+08:00').getTime() - h.now().getTime());
    const sentReminders = await meetingReminderTask({
      prisma: h.prisma,
      logger: silentLogger,
      timeZone: 'Asia/Shanghai',
      remindBeforeMinutes: [24 * 60, 30],
      unit: reminderUnit(),
    }).run(h.now());
    expect(sentReminders).toBe(0);
    // The room may be booked again for that time.
    await h.adapter.command(ORGANISER, '会议 new', steps.event());
    const again = await submit(linkIn(ORGANISER), {
      ...MEETING,
      name: '另一个会',
      ...change({}),
      day: '2026-11-26',
    });
    expect(again.status).toBe(200);
  });
});
