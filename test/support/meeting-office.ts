import { expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { RunningBot } from '../../src/bot.ts';
import type { FakeClock } from './fake-clock.ts';
import type { CapturedLogs } from './logs.ts';
import { type Fields, meetingFields } from './meeting-forms.ts';
import type { OfficeCard, OfficeUser } from './office-people.ts';

// What the meeting tests on DingTalk and WeCom share: the office on either platform as the
// meeting steps use it, a meeting requested on the bot's web form page by typing `会议 new` and
// approved on the approvers' cards, and an organisation file grown to many people for a meeting
// whose cards must still fit the platform.

/** Shanghai local time → Date (UTC+8, no DST). */
export const local = (iso: string) => new Date(`${iso}+08:00`);

/** The host department's head and the office head, who approve before the chair. */
export const MEETING_APPROVERS = ['liu-yang', 'zhao-min'] as const;

/** One person as the meeting tests drive them: they also press a button and read the answer. */
export type MeetingUser<Card extends OfficeCard = OfficeCard> = OfficeUser<Card> & {
  press(title: string, label: string): Promise<Card>;
};

/** The office on one platform, as the meeting tests drive it. */
export interface MeetingOffice<Card extends OfficeCard = OfficeCard> {
  bot: RunningBot;
  clock: FakeClock;
  logs: CapturedLogs;
  prisma: RunningBot['db']['prisma'];
  user(personId: string): MeetingUser<Card>;
  stop(): Promise<void>;
}

/**
 * `organiser` types `会议 new`, fills the request on the web form page the link opens with
 * `fields` (see {@link meetingFields}), and the host head, the office head and the chair approve
 * it on their cards. Answers the form link.
 */
export async function requestAndApprove(
  office: MeetingOffice,
  organiser: string,
  fields: Fields,
): Promise<string> {
  const link = await office.user(organiser).askForForm('会议 new');
  const sent = await office.user(organiser).submit(link, fields);
  if (sent.status !== 200) throw new Error(`the request form answered ${sent.status}: ${sent.html}`);
  const title = fields.name as string;
  for (const approver of [...MEETING_APPROVERS, fields.chair as string]) {
    await office.user(approver).act(title, '同意', '同意。');
  }
  return link;
}

/** A meeting's request fields, on `day` (see {@link meetingFields}). */
export { meetingFields };

/** The ids of the people {@link withStaff} adds. */
export const staffIds = (count: number) =>
  Array.from({ length: count }, (_, i) => `staff-${String(i + 1).padStart(2, '0')}`);

/**
 * An organisation file (as the office writes it, accounts set) with `count` more people in the
 * rural water department, each with their account on the platform (`field`, `idOf`).
 */
export function withStaff(
  count: number,
  field: 'dingtalk_user_id' | 'wecom_user_id',
  idOf: (personId: string) => string,
): (yaml: string) => string {
  return (yaml) => {
    const document = parseDocument(yaml);
    const people = document.get('people') as { add(value: unknown): void };
    staffIds(count).forEach((id, index) => {
      people.add(
        document.createNode({
          id,
          name: `职员${index + 1}号`,
          name_en: `Staff ${index + 1}`,
          title: '科员',
          department: 'rural-water',
          clearance: 'public',
          [field]: idOf(id),
        }),
      );
    });
    return document.toString();
  };
}

/** The organiser (reads English, and invites themselves), the chair and the meeting's name. */
export const MEETING = { organiser: 'xu-hui', chair: 'wang-zhenhua', title: '防汛工作部署会' } as const;
/** People added to the rural water department: with the others the meeting invites 41. */
export const EXTRA_STAFF = 34;
/** The office secretary, who may sign attendees in. */
export const SECRETARY = 'zhou-jing';
/** Monday 30 November 2026, 09:00 in the unit's zone: the clock's start (the meeting is Wednesday). */
export const MEETING_CLOCK_START = local('2026-11-30T09:00:00');

/**
 * The meeting's path on one platform, as both platforms' tests run it: the steps each platform
 * checks its own way (the organiser's copy: the same card on DingTalk, a new copy on WeCom once
 * its code is spent), and the `it`s that read alike on both.
 */
export function meetingScenario<Card extends OfficeCard>(office: () => MeetingOffice<Card>) {
  const { organiser, chair, title } = MEETING;
  const user = (personId: string) => office().user(personId);
  /** Moves the clock to `iso` (Shanghai) and wakes the scheduler. */
  const at = async (iso: string) => {
    office().clock.set(local(iso));
    await office().bot.wakeScheduler();
  };
  /**
   * The organiser's newest copy (that `until` accepts): it shows the tally, or once the meeting
   * has run ten minutes, where a platform has few rows (WeCom), the attendance in its place.
   */
  const organiserCard = (until: (card: Card) => boolean = () => true) =>
    user(organiser).card(
      title,
      (card) => /Confirmed \(|confirmed \d|expected \d/.test(card.body) && until(card),
    );

  /** 高燕 answers 参加 on her card. */
  async function attend(): Promise<void> {
    await user('gao-yan').act(title, '参加');
    expect(await user('gao-yan').message('已确认参加')).toBe(`已确认参加《${title}》。`);
  }

  /** 马强 asks for leave (the reason required on the form) and 唐宁 sends 黄磊 in her place. */
  async function leaveAndDelegate(): Promise<void> {
    const leave = await user('ma-qiang').pressForForm(title, '请假');
    expect(new URL(leave).pathname).toBe('/forms/meeting.leave');
    const empty = await user('ma-qiang').submit(leave, { reason: ' ' });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('请填写请假理由。');
    expect((await user('ma-qiang').submit(leave, { reason: '赴现场检查堤防' })).status).toBe(200);

    const delegate = await user('tang-ning').pressForForm(title, '委派');
    expect((await user('tang-ning').submit(delegate, { person: 'huang-lei' })).status).toBe(200);
    expect(await user('huang-lei').message('委派您代为参加会议')).toContain(title);
    const standIn = await user('huang-lei').card(title, (card) => card.buttons.length > 0);
    expect(standIn.buttons.map((b) => b.text)).toEqual(['参加', '请假', '委派']);
    const rows = await office().prisma.meetingAttendee.findMany({
      where: { personId: { in: ['gao-yan', 'ma-qiang', 'tang-ning', 'huang-lei'] } },
      orderBy: { personId: 'asc' },
    });
    expect(rows.map((r) => [r.personId, r.response, r.leaveReason])).toEqual([
      ['gao-yan', 'attending', null],
      ['huang-lei', 'pending', null],
      ['ma-qiang', 'leave', '赴现场检查堤防'],
      ['tang-ning', 'delegated', null],
    ]);
  }

  /** `会议 new` typed, the form filled on the web page, the three approvals on the cards. */
  function requestTests(): void {
    it('opens the request form from 会议 new, and approves it on the approvers’ cards', async () => {
      const link = await requestAndApprove(
        office(),
        organiser,
        meetingFields('2026-12-02', {
          name: title,
          attendees: ['gao-yan', 'ma-qiang', organiser],
          room: 'outside',
          place: '县防汛抗旱指挥部会议室',
        }),
      );
      expect(link.startsWith('https://bot.example.gov.cn/forms/meeting.request?')).toBe(true);
      const instance = await office().prisma.workflowInstance.findFirstOrThrow({ where: { title } });
      expect(instance.status).toBe('approved');
      const invited = await office().prisma.meetingAttendee.findMany({ orderBy: { id: 'asc' } });
      expect(invited.map((a) => a.personId)).toEqual([
        'gao-yan',
        'ma-qiang',
        organiser,
        'lin-feng',
        'tang-ning',
        ...staffIds(EXTRA_STAFF),
        chair,
      ]);
      const notice = await user('gao-yan').card(title, (card) => card.buttons.length > 0);
      expect(notice.buttons.map((b) => b.text)).toEqual(['参加', '请假', '委派']);
      // When, where, what and what to bring, on every platform (WeCom shows six rows).
      for (const fact of [
        '12月2日（周三）09:00–11:00',
        '县防汛抗旱指挥部会议室',
        '一、通报汛情；二、部署防汛值班',
        'pan.example.gov.cn/fx',
      ]) {
        expect(notice.body).toContain(fact);
      }
    });
  }

  /** The day before, the meeting's morning, the minutes, and a 签到 after the end. */
  function meetingDayTests(): void {
    it('reminds those attending the day before', async () => {
      await at('2026-12-01T09:00:00');
      expect(await user('gao-yan').message('会前提醒')).toBe(
        `会前提醒：会议《${title}》将于 12月2日（周三）09:00–11:00 召开，请准时参加。会议通知见下方卡片。`,
      );
      expect(
        user('ma-qiang')
          .messages()
          .some((m) => m.includes('会前提醒')),
      ).toBe(false);
    });

    it('offers 签到 in the window, signs in once, and reports the attendance ten minutes in', async () => {
      await at('2026-12-02T08:30:00');
      const organiserButtons = async (has: string) =>
        (await organiserCard((card) => card.buttons.some((b) => b.text === has))).buttons.map((b) => b.text);
      expect(await organiserButtons('Sign in')).toEqual([
        'Sign in',
        'Attend',
        'Take leave',
        'Stand-in',
        'Change',
        'Cancel',
      ]);
      const gaoYan = user('gao-yan');
      const card = await gaoYan.card(title, (c) => c.buttons.some((b) => b.text === '签到'));
      expect(card.buttons[0]?.text).toBe('签到');
      await gaoYan.act(title, '签到');
      expect(await gaoYan.message('已签到')).toBe(`已签到：《${title}》。`);
      const row = await office().prisma.meetingAttendee.findFirstOrThrow({ where: { personId: 'gao-yan' } });
      expect(row.signedInAt).toEqual(local('2026-12-02T08:30:00'));

      // A quarter of an hour before the start 林峰 opens 委派's form (a link works 30 minutes).
      await at('2026-12-02T08:45:00');
      const delegate = await user('lin-feng').pressForForm(title, '委派');
      await at('2026-12-02T09:10:00');
      expect(await user('lin-feng').message('您尚未签到')).toContain(title);
      // Once the meeting has begun a stand-in is no longer sent: the form opened before refuses
      // it, and the invited organiser's copy makes room for 写纪要 within the platform's buttons.
      const late = await user('lin-feng').submit(delegate, { person: 'sun-li' });
      expect(late.status).toBe(409);
      expect(late.html).toContain('会议已于 12月2日 09:00 开始，不能再委派他人代为参会。');
      expect(await organiserButtons('Minutes')).toEqual([
        'Sign in',
        'Attend',
        'Take leave',
        'Change',
        'Cancel',
        'Minutes',
      ]);
      expect(await user(organiser).message('Attendance of')).toContain('present 1 (Gao Yan)');
    });

    it('lets the office secretary sign latecomers in from a list of the attendees on the web form page', async () => {
      await at('2026-12-02T09:20:00');
      expect(await user('gao-yan').ask('会议 signin')).toBe('只有办公室秘书或会议的组织者可以代他人签到。');
      const list = await user(SECRETARY).askForForm('会议 签到 防汛');
      expect(new URL(list).pathname).toBe('/forms/meeting.signin');
      // One entry per attendee not signed in yet, with their answer; those signed in said so.
      const page = await user(SECRETARY).open(list);
      expect(page.status).toBe(200);
      expect(page.html).toContain('已签到：高燕');
      for (const entry of [
        '马强（请假）',
        '林峰（未回复）',
        '黄磊（未回复）',
        `职员${EXTRA_STAFF}号（未回复）`,
      ]) {
        expect(page.html).toContain(entry);
      }
      // 唐宁 sent 黄磊 in her place: she is not on the list.
      expect(page.html).not.toContain('唐宁');
      // The organiser opens the same list, in English, before the secretary sends hers.
      const organisersList = await user(organiser).askForForm('meeting signin');
      expect((await user(organiser).open(organisersList)).html).toContain('Lin Feng (no answer)');

      const sent = await user(SECRETARY).submit(list, { people: ['lin-feng', 'huang-lei'] });
      expect(sent.status).toBe(200);
      expect(sent.html).toContain(`已为 2 人签到《${title}》：林峰、黄磊。`);
      const signedAt = local('2026-12-02T09:20:00');
      const rows = await office().prisma.meetingAttendee.findMany({
        where: { personId: { in: ['lin-feng', 'huang-lei', 'ma-qiang'] } },
        orderBy: { personId: 'asc' },
      });
      expect(rows.map((r) => [r.personId, r.signedInBy, r.signedInAt, r.response])).toEqual([
        ['huang-lei', SECRETARY, signedAt, 'attending'],
        ['lin-feng', SECRETARY, signedAt, 'attending'],
        ['ma-qiang', null, null, 'leave'],
      ]);
      // Those signed in see it on their cards: 签到 gone, their answer 参加 (and, where the platform
      // shows that many rows, the time: a stand-in's card shows who sent him first); the
      // organiser's tally counts them as attending (on WeCom's six rows, the attendance that has
      // taken the tally's place counts them present).
      const linFeng = await user('lin-feng').card(title, (c) => c.body.includes('已签到（09:20）'));
      const huangLei = await user('huang-lei').card(title, (c) => /我的答复\W*参加/.test(c.body));
      for (const card of [linFeng, huangLei])
        expect(card.buttons.map((b) => b.text)).toEqual(['参加', '请假']);
      await organiserCard((card) => /Confirmed \(3\): Gao Yan, Lin F|present 3,/.test(card.body));

      // The organiser's list, read again when sent: 林峰 is a no-op said so; 唐宁, whom a list opened
      // before her 委派 would still offer, is named with why; nothing is written for either.
      const stale = await user(organiser).submit(organisersList, { people: ['lin-feng', 'tang-ning'] });
      expect(stale.status).toBe(200);
      expect(stale.html).toContain(
        `Already signed in, nothing changed: Lin Feng. Not signed in to “${title}”: Tang Ning (delegated the meeting to Huang Lei).`,
      );
      const after = await office().prisma.meetingAttendee.findMany({
        where: { personId: { in: ['lin-feng', 'tang-ning'] } },
        orderBy: { personId: 'asc' },
      });
      expect(after.map((r) => [r.personId, r.signedInBy, r.signedInAt])).toEqual([
        ['lin-feng', SECRETARY, signedAt],
        ['tang-ning', null, null],
      ]);
    });

    it('takes 写纪要 from the organiser’s card to the minutes form and the chair’s signature', async () => {
      const link = await user(organiser).pressForForm(title, 'Minutes');
      expect(new URL(link).pathname).toBe('/forms/meeting.minutes');
      const summary = '部署了今年汛期的防汛值班。';
      const sent = await user(organiser).submit(link, {
        summary,
        d1_text: '落实防汛值班表',
        d1_owner: 'p:lin-feng',
        d1_days: '3',
      });
      expect(sent.status).toBe(200);
      await user(chair).act('部署了今年汛期的防汛值班', '同意', '同意。');
      expect(await user('gao-yan').message('会议纪要')).toContain(summary);
      const { prisma } = office();
      expect(
        (await prisma.workflowInstance.findFirstOrThrow({ where: { definitionId: 'meeting_minutes' } }))
          .status,
      ).toBe('approved');
      const decision = await prisma.workflowInstance.findFirstOrThrow({
        where: { definitionId: 'meeting_decision' },
      });
      expect([decision.title, decision.status]).toEqual(['落实防汛值班表', 'running']);
    });

    it('refuses 签到 after the meeting, as a message in the presser’s language', async () => {
      await at('2026-12-02T11:30:00');
      await user('ma-qiang').press(title, '签到');
      expect(await user('ma-qiang').message('现在不能签到')).toBe(
        '签到时间为会议开始前 30 分钟至会议结束（会议时间 12月2日（周三）09:00–11:00），现在不能签到。',
      );
      await user(organiser).press(title, 'Sign in');
      expect(await user(organiser).message('Sign-in is open')).toContain(
        '(the meeting is Wed 2 Dec 09:00–11:00); not now.',
      );
      const rows = await office().prisma.meetingAttendee.findMany({
        where: { personId: { in: ['ma-qiang', organiser] } },
      });
      expect(rows.every((r) => r.signedInAt === null)).toBe(true);
    });
  }

  /**
   * Another meeting of the organiser's, on Friday afternoon in room 301, moved by 变更 to Monday in
   * room 205, then cancelled with a reason: its attendees are told each time, their cards redrawn,
   * the room freed and answers refused once it is cancelled.
   */
  function changeTests(): void {
    const other = '汛后工作总结会';
    const attendees = ['gao-yan', 'ma-qiang', organiser, chair];
    const booking = async () => {
      const { id } = await office().prisma.workflowInstance.findFirstOrThrow({ where: { title: other } });
      return office().prisma.meetingBooking.findUnique({ where: { instanceId: id } });
    };
    /** Each attendee's newest card of the other meeting once `until` accepts it. */
    const cardsOf = (until: (card: Card) => boolean) =>
      Promise.all(attendees.map((personId) => user(personId).card(other, until)));

    it('moves a meeting by the organiser’s 变更: the booking moves, every card is redrawn and each attendee told old → new', async () => {
      await requestAndApprove(
        office(),
        organiser,
        meetingFields('2026-12-04', {
          name: other,
          agenda: '总结今年汛期工作',
          start: '14:00',
          end: '16:00',
          attendees: ['gao-yan', 'ma-qiang', organiser],
          departments: [],
        }),
      );
      expect(await booking()).toMatchObject({ roomId: 'room-301', startsAt: local('2026-12-04T14:00:00') });
      await user('gao-yan').act(other, '参加');
      // 变更 and 取消 are the organiser's alone: nobody else's card offers them.
      const notice = await user('ma-qiang').card(other, (card) => card.buttons.length > 0);
      expect(notice.buttons.map((b) => b.text)).toEqual(['参加', '请假', '委派']);

      const link = await user(organiser).pressForForm(other, 'Change');
      expect(new URL(link).pathname).toBe('/forms/meeting.change');
      const form = { day: '2026-12-04', start: '14:00', end: '16:00', room: 'room-301', place: '' };
      const same = await user(organiser).submit(link, form);
      expect(same.html).toContain('Neither the time nor the place changed.');
      const moved = await user(organiser).submit(link, { ...form, day: '2026-12-07', room: 'room-205' });
      expect(moved.status).toBe(200);
      expect(moved.html).toContain(`“${other}” is changed and its attendees are told.`);
      expect(await booking()).toMatchObject({
        roomId: 'room-205',
        startsAt: local('2026-12-07T14:00:00'),
        endsAt: local('2026-12-07T16:00:00'),
      });

      for (const personId of ['gao-yan', 'ma-qiang', chair]) {
        expect(await user(personId).message(`会议《${other}》有变更`)).toBe(
          `会议《${other}》有变更：时间 12月4日（周五）14:00–16:00 → 12月7日（周一）14:00–16:00；地点 三楼第一会议室 → 二楼小会议室。会议通知已更新。`,
        );
      }
      expect(await user(organiser).message(`“${other}” has changed`)).toBe(
        `“${other}” has changed: time Fri 4 Dec 14:00–16:00 → Mon 7 Dec 14:00–16:00; place Meeting room 301 → Small meeting room 205. The notice is updated.`,
      );
      // Each attendee's card (the organiser's in English) shows the new time and room only.
      const redrawn = await cardsOf((card) =>
        /12月7日（周一）14:00–16:00|Mon 7 Dec 14:00–16:00/.test(card.body),
      );
      for (const card of redrawn) {
        expect(card.body).not.toMatch(/12月4日|4 Dec/);
        expect(card.body).toMatch(/二楼小会议室|Small meeting room 205/);
      }
    });

    it('cancels it with a reason: everyone told, the room freed, answers refused and no reminder sent', async () => {
      // 马强 opens 请假's form before the meeting is cancelled, and sends it after.
      const leave = await user('ma-qiang').pressForForm(other, '请假');
      const link = await user(organiser).pressForForm(other, 'Cancel');
      expect(new URL(link).pathname).toBe('/forms/meeting.cancel');
      const empty = await user(organiser).submit(link, { reason: '' });
      expect(empty.status).toBe(422);
      expect(empty.html).toContain('Please give the reason for cancelling.');
      expect(await booking()).not.toBeNull();
      const reason = '与省防指视频会商时间冲突';
      const sent = await user(organiser).submit(link, { reason });
      expect(sent.status).toBe(200);
      expect(sent.html).toContain(`“${other}” is cancelled, its attendees are told and its room is free.`);

      for (const personId of ['gao-yan', 'ma-qiang', chair]) {
        expect(await user(personId).message(`会议《${other}》（`)).toBe(
          `会议《${other}》（12月7日（周一）14:00–16:00）已取消。原因：${reason}`,
        );
      }
      expect(await user(organiser).message('is cancelled. Reason')).toBe(
        `“${other}” (Mon 7 Dec 14:00–16:00) is cancelled. Reason: ${reason}`,
      );
      // Every copy says so and offers nothing more.
      for (const card of await cardsOf((c) => c.body.includes(reason))) {
        expect(card.buttons.filter((b) => b.action.startsWith('meeting_'))).toEqual([]);
      }
      expect(await booking()).toBeNull();
      const { id } = await office().prisma.workflowInstance.findFirstOrThrow({ where: { title: other } });
      const audit = await office().prisma.auditEntry.findMany({
        where: { instanceId: id, action: { in: ['meeting_change', 'meeting_cancel'] } },
        orderBy: { seq: 'asc' },
      });
      expect(audit.map((a) => [a.action, a.actorId, a.comment])).toEqual([
        ['meeting_change', organiser, null],
        ['meeting_cancel', organiser, reason],
      ]);
      expect(await user('zhao-min').ask('会议 rooms 二楼小会议室 2026-12-07')).toContain('这一周没有预订。');

      // The form opened before says why it is gone (not "try again"), and nothing is recorded.
      const late = await user('ma-qiang').submit(leave, { reason: '下乡督查' });
      expect(late.status).toBe(410);
      expect(late.html).toContain('会议已取消。');
      expect(late.html).not.toContain('重试');
      const rows = await office().prisma.meetingAttendee.findMany({
        where: { instanceId: id },
        orderBy: { personId: 'asc' },
      });
      expect(rows.map((r) => [r.personId, r.response])).toEqual([
        ['gao-yan', 'attending'],
        ['ma-qiang', 'pending'],
        [chair, 'pending'],
        [organiser, 'pending'],
      ]);

      // Past both reminders' moments (the day before, half an hour before), nobody was reminded.
      await at('2026-12-07T13:45:00');
      expect(await office().prisma.reminder.count({ where: { subject: `meeting:${id}` } })).toBe(0);
      expect(
        user('gao-yan')
          .messages()
          .some((m) => m.includes('会前提醒') && m.includes(other)),
      ).toBe(false);
    });
  }

  return { at, organiserCard, attend, leaveAndDelegate, requestTests, meetingDayTests, changeTests };
}
