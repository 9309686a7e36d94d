import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_CARD_LIMITS } from '../../src/chat/wecom/card/template-card.ts';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { local, meetingFields, requestAndApprove, staffIds, withStaff } from '../support/meeting-office.ts';
import type { OfficeCard } from '../support/office-people.ts';
import { startWeComOffice, type WeComOffice, wecomIdOf } from '../support/wecom-office.ts';

// Meetings end to end on WeCom: the whole bot against the local stand-in (encrypted callbacks to
// the bot's /wecom/callback, template cards), on PGlite and PostgreSQL, on a clock that moves only
// when told. `会议 new` typed to the app answers with the request form's link (the bot's web page);
// the approvers approve on their template cards (the opinion on the web form: WeCom cards take no
// typed text); every attendee's card is the notice with 参加 / 请假 / 委派 (请假's reason and
// 委派's stand-in on the web form the button's link opens); the organiser's card shows the tally:
// updated in place with update_template_card while it holds an unused response_code, else a new
// copy of the card carries the new tally; the reminder the day before, 签到 in the window and
// refused after it (as a message, in the presser's language), 写纪要 → the minutes form → the
// chair's signature. A meeting of many attendees keeps its template card within WeCom's limits
// (six buttons of ten characters, six rows of thirty) with every count of the tally readable.

const ORGANISER = 'xu-hui'; // reads English, and is invited too
const CHAIR = 'wang-zhenhua';
const TITLE = '防汛工作部署会';
const EXTRA_STAFF = 34;

describe.each(databaseKinds)('meetings on WeCom (%s)', (kind) => {
  // Monday 30 November 2026, 09:00 in the unit's zone; the meeting is Wednesday 09:00–11:00.
  const clock = new FakeClock(local('2026-11-30T09:00:00'));
  let office: WeComOffice;
  beforeAll(async () => {
    office = await startWeComOffice(kind, {
      clock,
      orgEdit: withStaff(EXTRA_STAFF, 'wecom_user_id', wecomIdOf),
    });
  }, 90_000);
  afterAll(async () => {
    await office?.stop();
  });

  const at = async (iso: string) => {
    clock.set(local(iso));
    await office.bot.wakeScheduler();
  };
  /** The organiser's copy of the meeting's card (the one with the tally). */
  const organiserCard = (until: (card: OfficeCard) => boolean = () => true) =>
    office.user(ORGANISER).card(TITLE, (card) => card.body.includes('Confirmed (') && until(card));

  it('opens the request form from 会议 new, and approves it on the approvers’ cards', async () => {
    const link = await requestAndApprove(
      office,
      ORGANISER,
      meetingFields('2026-12-02', {
        name: TITLE,
        attendees: ['gao-yan', 'ma-qiang', ORGANISER],
        room: 'outside',
        place: '县防汛抗旱指挥部会议室',
      }),
    );
    expect(link.startsWith('https://bot.example.gov.cn/forms/meeting.request?')).toBe(true);
    const instance = await office.prisma.workflowInstance.findFirstOrThrow({ where: { title: TITLE } });
    expect(instance.status).toBe('approved');
    const invited = await office.prisma.meetingAttendee.findMany({ orderBy: { id: 'asc' } });
    expect(invited.map((a) => a.personId)).toEqual([
      'gao-yan',
      'ma-qiang',
      ORGANISER,
      'lin-feng',
      'tang-ning',
      ...staffIds(EXTRA_STAFF),
      CHAIR,
    ]);
    const notice = await office.user('gao-yan').card(TITLE, (card) => card.buttons.length > 0);
    expect(notice.buttons.map((b) => b.text)).toEqual(['参加', '请假', '委派']);
    expect(notice.body).toContain('12月2日（周三）09:00–11:00');
  });

  it('records 参加, 请假 with its reason and 委派, and shows the organiser each new tally', async () => {
    const first = await organiserCard();
    await office.user('gao-yan').act(TITLE, '参加');
    expect(await office.user('gao-yan').message('已确认参加')).toBe(`已确认参加《${TITLE}》。`);
    // The organiser's card came with its send's response_code: the tally updates it in place.
    const tallied = await organiserCard((card) => card.body.includes('Confirmed (1): Gao Yan'));
    expect(tallied.msgId).toBe(first.msgId);
    expect(tallied.updates).toBe(first.updates + 1);

    // 请假 asks for the reason on the web form its link opens; an empty one is refused there.
    const leave = await office.user('ma-qiang').pressForForm(TITLE, '请假');
    expect(new URL(leave).pathname).toBe('/forms/meeting.leave');
    const empty = await office.user('ma-qiang').submit(leave, { reason: ' ' });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('请填写请假理由。');
    expect((await office.user('ma-qiang').submit(leave, { reason: '赴现场检查堤防' })).status).toBe(200);

    const delegate = await office.user('tang-ning').pressForForm(TITLE, '委派');
    expect((await office.user('tang-ning').submit(delegate, { person: 'huang-lei' })).status).toBe(200);
    expect(await office.user('huang-lei').message('委派您代为参加会议')).toContain(TITLE);
    const standIn = await office.user('huang-lei').card(TITLE, (card) => card.buttons.length > 0);
    expect(standIn.buttons.map((b) => b.text)).toEqual(['参加', '请假', '委派']);

    // That code is spent: the later answers come as a new copy (whose own code the next one uses).
    const tally = await organiserCard((card) => card.body.includes('Sent a stand-in (1)'));
    expect(tally.msgId).not.toBe(first.msgId);
    // Not a card per answer: the new copy's code took the next answer in place.
    const tallies = office
      .user(ORGANISER)
      .cards()
      .filter((card) => card.body.includes('Confirmed ('));
    expect(tallies).toHaveLength(2);
    for (const line of [
      'Confirmed (1): Gao Yan',
      'On leave (1): Ma Qiang',
      'Sent a stand-in (1)',
      'Not answered (38)',
    ]) {
      expect(tally.body).toContain(line);
    }
    const rows = await office.prisma.meetingAttendee.findMany({
      where: { personId: { in: ['gao-yan', 'ma-qiang', 'tang-ning', 'huang-lei'] } },
      orderBy: { personId: 'asc' },
    });
    expect(rows.map((r) => [r.personId, r.response, r.leaveReason])).toEqual([
      ['gao-yan', 'attending', null],
      ['huang-lei', 'pending', null],
      ['ma-qiang', 'leave', '赴现场检查堤防'],
      ['tang-ning', 'delegated', null],
    ]);
  });

  it('keeps the card of a meeting of 41 within WeCom’s limits, every count of the tally readable', async () => {
    const card = await organiserCard();
    const held = office.standIn.cardsTo(wecomIdOf(ORGANISER)).find((m) => m.msgId === card.msgId);
    const content = held?.content as {
      button_list: Array<{ text: string }>;
      horizontal_content_list: Array<{ keyname: string; value: string }>;
    };
    const { buttons, rows, rowKey, rowValue, buttonText } = TEMPLATE_CARD_LIMITS;
    expect(content.button_list.length).toBeLessThanOrEqual(buttons);
    for (const button of content.button_list) expect([...button.text].length).toBeLessThanOrEqual(buttonText);
    expect(content.horizontal_content_list.length).toBeLessThanOrEqual(rows);
    for (const row of content.horizontal_content_list) {
      expect([...row.keyname].length).toBeLessThanOrEqual(rowKey);
      expect([...row.value].length).toBeLessThanOrEqual(rowValue);
    }
    // The organiser is invited too: their answer's buttons and the organiser's, each label whole.
    expect(card.buttons.map((b) => b.text)).toEqual(['Attend', 'Take leave', 'Stand-in', 'Change', 'Cancel']);
    for (const count of ['Confirmed (1)', 'On leave (1)', 'Sent a stand-in (1)', 'Not answered (38)']) {
      expect(card.body).toContain(count);
    }
  });

  it('reminds those attending the day before', async () => {
    await at('2026-12-01T09:00:00');
    expect(await office.user('gao-yan').message('会前提醒')).toBe(
      `会前提醒：会议《${TITLE}》将于 12月2日（周三）09:00–11:00 召开，请准时参加。会议通知见下方卡片。`,
    );
    expect(
      office
        .user('ma-qiang')
        .messages()
        .some((m) => m.includes('会前提醒')),
    ).toBe(false);
  });

  it('offers 签到 in the window, signs in once, and reports the attendance ten minutes in', async () => {
    await at('2026-12-02T08:30:00');
    const organiserButtons = (has: string) =>
      organiserCard((card) => card.buttons.some((b) => b.text === has));
    expect((await organiserButtons('Sign in')).buttons.map((b) => b.text)).toEqual([
      'Sign in',
      'Attend',
      'Take leave',
      'Stand-in',
      'Change',
      'Cancel',
    ]);
    const gaoYan = office.user('gao-yan');
    const card = await gaoYan.card(TITLE, (c) => c.buttons.some((b) => b.text === '签到'));
    expect(card.buttons[0]?.text).toBe('签到');
    await gaoYan.act(TITLE, '签到');
    expect(await gaoYan.message('已签到')).toBe(`已签到：《${TITLE}》。`);
    const row = await office.prisma.meetingAttendee.findFirstOrThrow({ where: { personId: 'gao-yan' } });
    expect(row.signedInAt).toEqual(local('2026-12-02T08:30:00'));

    // A quarter of an hour before the start 林峰 opens 委派's form (a link works 30 minutes).
    await at('2026-12-02T08:45:00');
    const delegate = await office.user('lin-feng').pressForForm(TITLE, '委派');
    await at('2026-12-02T09:10:00');
    expect(await office.user('lin-feng').message('您尚未签到')).toContain(TITLE);
    // Once the meeting has begun a stand-in is no longer sent: the form opened before refuses it,
    // and the invited organiser's copy makes room for 写纪要 within the platform's buttons.
    const late = await office.user('lin-feng').submit(delegate, { person: 'sun-li' });
    expect(late.status).toBe(409);
    expect(late.html).toContain('会议已于 12月2日 09:00 开始，不能再委派他人代为参会。');
    expect((await organiserButtons('Minutes')).buttons.map((b) => b.text)).toEqual([
      'Sign in',
      'Attend',
      'Take leave',
      'Change',
      'Cancel',
      'Minutes',
    ]);
    expect(await office.user(ORGANISER).message('Attendance of')).toContain('present 1 (Gao Yan)');
  });

  it('takes 写纪要 from the organiser’s card to the minutes form and the chair’s signature', async () => {
    const link = await office.user(ORGANISER).pressForForm(TITLE, 'Minutes');
    expect(new URL(link).pathname).toBe('/forms/meeting.minutes');
    const sent = await office.user(ORGANISER).submit(link, {
      summary: '部署了今年汛期的防汛值班。',
      d1_text: '落实防汛值班表',
      d1_owner: 'p:lin-feng',
      d1_days: '3',
    });
    expect(sent.status).toBe(200);
    await office.user(CHAIR).act('部署了今年汛期的防汛值班', '同意', '同意。');
    expect(await office.user('gao-yan').message('会议纪要')).toContain('部署了今年汛期的防汛值班。');
    const minutes = await office.prisma.meetingMinutes.findFirstOrThrow();
    expect(minutes).toBeDefined();
    expect(await office.prisma.workflowInstance.count({ where: { definitionId: 'meeting_decision' } })).toBe(
      1,
    );
  });

  it('refuses 签到 after the meeting, as a message in the presser’s language', async () => {
    await at('2026-12-02T11:30:00');
    const maQiang = office.user('ma-qiang');
    await maQiang.press(TITLE, '签到');
    expect(await maQiang.message('现在不能签到')).toContain('签到时间为会议开始前 30 分钟至会议结束');
    const organiser = office.user(ORGANISER);
    await organiser.press(TITLE, 'Sign in');
    expect(await organiser.message('Sign-in is open')).toContain(
      '(the meeting is Wed 2 Dec 09:00–11:00); not now.',
    );
    const rows = await office.prisma.meetingAttendee.findMany({
      where: { personId: { in: ['ma-qiang', ORGANISER] } },
    });
    expect(rows.every((r) => r.signedInAt === null)).toBe(true);
  });
});
