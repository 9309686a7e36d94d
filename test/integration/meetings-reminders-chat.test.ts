import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChasingSectionSchema, defaultChasingSettings } from '../../src/domain/chasing/settings.ts';
import { meetingReminderTask } from '../../src/features/meetings/meeting-reminders.ts';
import { createMemoryHarness, type MemoryHarness } from '../conformance/memory-harness.ts';
import { databaseKinds, silentLogger } from '../support/databases.ts';
import { meetingFields, meetingSteps, reminderUnit } from '../support/meeting-steps.ts';

// Meeting reminders through the reminder table on the in-memory platform, on PGlite and
// PostgreSQL: those who answered 参加 are reminded a day and 30 minutes before the start, once
// each however often the task runs; for a meeting the director chairs, those who have not
// answered are chased once the day before; a bot that was down past a span sends only the
// shortest one due; the spans come from the organisation file's `chasing.meeting_remind_before`.

const HOUR = 60 * 60 * 1000;
/** The harness's clock is Monday 2026-11-23 09:30 (Shanghai); the meeting is Wednesday 09:00. */
const TITLE = '党组会';
const MEETING = meetingFields({
  name: TITLE,
  chair: 'zhang-jianguo', // the director: an important meeting
});

describe.each(databaseKinds)('meeting reminders on %s', (kind) => {
  let h: MemoryHarness;
  beforeAll(async () => {
    h = await createMemoryHarness({ kind });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });
  const steps = meetingSteps(() => h);
  const task = (minutes = defaultChasingSettings().chasing.meetingRemindBeforeMinutes) =>
    meetingReminderTask({
      prisma: h.prisma,
      logger: silentLogger,
      timeZone: 'Asia/Shanghai',
      remindBeforeMinutes: minutes,
      unit: reminderUnit(),
    });
  const said = async (personId: string, text: string) =>
    (await h.texts(personId)).filter((t) => t.includes(text)).length;
  /** Sets the clock to `iso` (Shanghai local time). */
  const at = (iso: string) => h.advance(new Date(`${iso}+08:00`).getTime() - h.now().getTime());

  it('reminds those attending a day and 30 minutes before, and chases non-responders of an important meeting once', async () => {
    await steps.approvedMeeting('xu-hui', MEETING);
    await steps.press('gao-yan', TITLE, 'meeting_attend');
    await h.deliver();
    expect(await task().run(h.now())).toBe(0);

    at('2026-11-24T09:00:00'); // Tuesday 09:00: a day before
    expect(await task().run(h.now())).toBeGreaterThan(0);
    await h.deliver();
    const reminder = '会前提醒：会议《党组会》将于 11月25日（周三）09:00–11:00 召开，请准时参加。';
    expect(await said('gao-yan', reminder)).toBe(1);
    const chase = '请确认是否参加会议《党组会》（11月25日（周三）09:00–11:00）';
    expect(await said('ma-qiang', chase)).toBe(1);
    expect(await said('zhang-jianguo', chase)).toBe(1);
    expect(await said('gao-yan', chase)).toBe(0);
    // Again, and from a second replica: nothing more.
    expect(await Promise.all([task().run(h.now()), task().run(h.now())])).toEqual([0, 0]);

    // 马强 confirms after the day-before moment: no late day-before reminder for him.
    h.advance(HOUR);
    await steps.press('ma-qiang', TITLE, 'meeting_attend');
    expect(await task().run(h.now())).toBe(0);

    at('2026-11-25T08:30:00'); // 30 minutes before
    await task().run(h.now());
    await h.deliver();
    expect(await said('gao-yan', reminder)).toBe(2);
    expect(await said('ma-qiang', reminder)).toBe(1);
    expect(await said('zhang-jianguo', reminder)).toBe(0);
    expect(await said('zhang-jianguo', chase)).toBe(1);
    const rows = await h.prisma.reminder.findMany({
      where: { subject: { startsWith: 'meeting:' } },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => `${r.kind} ${r.personId} ${r.status}`)).toEqual([
      'meeting_before gao-yan sent',
      'meeting_unanswered ma-qiang sent',
      'meeting_unanswered zhang-jianguo sent',
      'meeting_before ma-qiang skipped',
      'meeting_before gao-yan sent',
      'meeting_before ma-qiang sent',
    ]);
  });

  it('sends only the shortest span due after the bot was down, with spans from the organisation file', async () => {
    expect(
      ChasingSectionSchema.parse({ meeting_remind_before: ['30m', '2h', '30m'] }).meetingRemindBeforeMinutes,
    ).toEqual([120, 30]);
    expect(() => ChasingSectionSchema.parse({ meeting_remind_before: ['soon'] })).toThrow(/1d, 2h or 30m/);
    const title = '供水调度会';
    await steps.approvedMeeting('xu-hui', {
      ...MEETING,
      name: title,
      day: '2026-11-26',
      start: '15:00',
      end: '16:00',
      chair: 'wang-zhenhua', // a leader, not the director: nobody is chased
    });
    await steps.press('gao-yan', title, 'meeting_attend');
    at('2026-11-26T14:45:00');
    await task([120, 30]).run(h.now());
    await h.deliver();
    expect(await said('gao-yan', `会前提醒：会议《${title}》`)).toBe(1);
    expect(await said('ma-qiang', `请确认是否参加会议《${title}》`)).toBe(0);
    const rows = await h.prisma.reminder.findMany({
      where: { key: { contains: 'gao-yan' }, slot: { contains: '2026-11-26T07:00' } },
    });
    expect(rows.map((r) => `${r.slot.split('/')[1]} ${r.status}`).sort()).toEqual([
      '120m skipped',
      '30m sent',
    ]);
  });

  it('reminds and chases a Monday meeting on the working day before, in office hours, not on Sunday', async () => {
    const title = '周一防汛调度会';
    await steps.approvedMeeting('xu-hui', {
      ...MEETING,
      name: title,
      day: '2026-11-30',
      start: '09:00',
      end: '10:00',
    });
    await steps.press('gao-yan', title, 'meeting_attend');
    await h.deliver();
    const reminder = `会前提醒：会议《${title}》`;
    const chase = `请确认是否参加会议《${title}》`;
    at('2026-11-27T08:59:00'); // Friday, a minute early
    await task().run(h.now());
    await h.deliver();
    expect(await said('gao-yan', reminder)).toBe(0);
    at('2026-11-27T09:00:00'); // Friday 09:00: the working day before
    await task().run(h.now());
    await h.deliver();
    expect(await said('gao-yan', reminder)).toBe(1);
    expect(await said('ma-qiang', chase)).toBe(1);
    const rows = await h.prisma.reminder.findMany({
      where: { key: { contains: '2026-11-30T01:00' }, personId: { in: ['gao-yan', 'ma-qiang'] } },
      orderBy: { id: 'asc' },
    });
    expect(rows.map((r) => `${r.kind} ${r.personId} ${r.dueAt.toISOString()}`)).toEqual([
      'meeting_before gao-yan 2026-11-27T01:00:00.000Z',
      'meeting_unanswered ma-qiang 2026-11-27T01:00:00.000Z',
    ]);
    at('2026-11-29T09:00:00'); // Sunday 09:00: nothing more
    expect(await task().run(h.now())).toBe(0);
    at('2026-11-30T08:30:00'); // Monday, 30 minutes before: as before
    await task().run(h.now());
    await h.deliver();
    expect(await said('gao-yan', reminder)).toBe(2);
  });
});
