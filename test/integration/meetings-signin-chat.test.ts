import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainOf } from '../../src/chat/core/reply.ts';
import { meetingSignInTask } from '../../src/features/meetings/sign-in-task.ts';
import { createMemoryHarness, type MemoryHarness } from '../conformance/memory-harness.ts';
import { databaseKinds, silentLogger } from '../support/databases.ts';
import { meetingFields, meetingSteps } from '../support/meeting-steps.ts';

// Sign-in (签到) through the core on the in-memory platform (forms on the bot's web page), on
// PGlite and PostgreSQL: the attendee's card offers 签到 only from 30 minutes before the start
// (redrawn by the sign-in task when the window opens) until the end; a press records the sign-in
// once, even two at once; outside the window, someone not invited, a cancelled meeting are
// refused; the office secretary signs several in from `/meeting signin`; ten minutes after the
// start those neither signed in nor excused are reminded once and the organiser is sent the
// attendance, which their card shows and later sign-ins update.

const ORGANISER = 'xu-hui';
const HOST_HEAD = 'liu-yang';
const CHAIR = 'wang-zhenhua';
const SECRETARY = 'zhou-jing';
const TITLE = '安全生产工作会';
/** The harness's clock is Monday 2026-11-23 09:30 (Shanghai); the meeting is Wednesday 09:00–11:00. */
const MEETING = meetingFields({ name: TITLE, attendees: ['gao-yan', 'ma-qiang', 'lin-feng'] });
const CLOSED =
  '签到时间为会议开始前 30 分钟至会议结束（会议时间 11月25日（周三）09:00–11:00），现在不能签到。';

describe.each(databaseKinds)('meeting sign-in on %s', (kind) => {
  let h: MemoryHarness;
  beforeAll(async () => {
    h = await createMemoryHarness({ kind });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  const steps = meetingSteps(() => h);
  const { lastMessage, linkIn, submit, fieldOf } = steps;
  const cardOf = (personId: string, title = TITLE) => steps.cardOf(personId, title);
  const press = (personId: string, key: string, title = TITLE) => steps.press(personId, title, key);
  const attendee = (personId: string) => steps.attendee(TITLE, personId);
  const keys = async (personId: string) => (await cardOf(personId)).card.extraActions.map((a) => a.key);
  const task = () => meetingSignInTask({ prisma: h.prisma, logger: silentLogger, timeZone: 'Asia/Shanghai' });
  const at = (iso: string) => h.advance(new Date(`${iso}+08:00`).getTime() - h.now().getTime());
  const said = async (personId: string, text: string) =>
    (await h.texts(personId)).filter((x) => x.includes(text)).length;
  const replies = (personId: string) =>
    h.adapter.memory.messagesOf(personId).flatMap((m) => (m.kind === 'reply' ? [plainOf(m.reply.text)] : []));

  it('offers 签到 only once the window opens, redrawing the cards then, and refuses it before', async () => {
    await steps.approvedMeeting(ORGANISER, MEETING);
    await press('gao-yan', 'meeting_attend');
    await press('ma-qiang', 'meeting_leave');
    expect((await submit(linkIn('ma-qiang'), { reason: '出差' })).status).toBe(200);
    await h.deliver();
    expect(await keys('gao-yan')).not.toContain('meeting_signin');

    at('2026-11-25T08:29:00');
    expect(await task().run(h.now())).toBe(0);
    await press('gao-yan', 'meeting_signin');
    expect(lastMessage('gao-yan')).toBe(CLOSED);
    expect((await attendee('gao-yan'))?.signedInAt).toBeNull();

    at('2026-11-25T08:30:00');
    // Every attendee's copy (王振华 the chair too), redrawn once however often the task runs.
    expect(await task().run(h.now())).toBe(4);
    expect(await Promise.all([task().run(h.now()), task().run(h.now())])).toEqual([0, 0]);
    await h.deliver();
    for (const personId of ['gao-yan', 'ma-qiang', 'lin-feng', CHAIR]) {
      expect((await keys(personId))[0]).toBe('meeting_signin');
    }
    expect(await keys(ORGANISER)).not.toContain('meeting_signin');
  });

  it('records a press once, even two at once, and shows the time on the card', async () => {
    const { seen } = await cardOf('gao-yan');
    await Promise.all([
      h.adapter.pressCardButton('gao-yan', seen.handle as string, 'meeting_signin', steps.event()),
      h.adapter.pressCardButton('gao-yan', seen.handle as string, 'meeting_signin', steps.event()),
    ]);
    const answers = replies('gao-yan');
    expect(answers.filter((a) => a === `已签到：《${TITLE}》。`)).toHaveLength(1);
    expect(answers.filter((a) => a === `您已签到过《${TITLE}》，无需重复签到。`)).toHaveLength(1);
    const row = await attendee('gao-yan');
    expect(row?.signedInAt).toEqual(h.now());
    expect(row?.signedInBy).toBe('gao-yan');
    await h.deliver();
    const { card } = await cardOf('gao-yan');
    expect(fieldOf(card, '签到')?.value).toBe('已签到（08:30）');
    expect(card.extraActions.map((a) => a.key)).not.toContain('meeting_signin');

    h.advance(60_000);
    await press('gao-yan', 'meeting_signin');
    expect(lastMessage('gao-yan')).toBe(`您已签到过《${TITLE}》，无需重复签到。`);
    expect((await attendee('gao-yan'))?.signedInAt).toEqual(row?.signedInAt);
  });

  it('refuses someone the meeting does not invite', async () => {
    await press(HOST_HEAD, 'meeting_signin');
    expect(lastMessage(HOST_HEAD)).toBe('您不在这次会议的参会名单中，不能签到。');
    expect(await attendee(HOST_HEAD)).toBeNull();
  });

  it('lets the office secretary sign several in from a form, and nobody else', async () => {
    await h.adapter.command('gao-yan', '会议 signin', steps.event());
    expect(lastMessage('gao-yan')).toBe('只有办公室秘书或会议的组织者可以代他人签到。');

    // Two forms open at once (a second secretary's, say): the second sends those signed already.
    await h.adapter.command(SECRETARY, '会议 签到 安全生产', steps.event());
    const other = linkIn(SECRETARY);
    await h.adapter.command(SECRETARY, '会议 签到 安全生产', steps.event());
    const url = linkIn(SECRETARY);
    expect(url.pathname).toBe('/forms/meeting.signin');
    const page = await (await fetch(`http://127.0.0.1:${h.formsPort}${url.pathname}${url.search}`)).text();
    expect(page).toContain('已签到：高燕');
    expect(page).toContain('马强（请假）');
    expect(page).toContain('林峰（未回复）');
    const empty = await submit(url, {});
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('请至少勾选一位到场的人员。');
    const sent = await submit(url, { people: ['lin-feng', 'ma-qiang'] });
    expect(sent.status).toBe(200);
    // 马强 had asked for leave and came after all: he counts as attending, his leave withdrawn.
    expect(sent.html).toContain(
      `已为 2 人签到《${TITLE}》：林峰、马强。其中请过假的已到会，请假撤回，记为参加：马强。`,
    );
    for (const personId of ['lin-feng', 'ma-qiang']) {
      const row = await attendee(personId);
      expect(row?.signedInBy).toBe(SECRETARY);
      expect(row?.signedInAt).toEqual(h.now());
      expect(row?.response).toBe('attending');
    }
    expect((await attendee('ma-qiang'))?.leaveReason).toBeNull();
    // The form is read again at submission: 林峰, signed in meanwhile, is a no-op said so, not a refusal.
    h.advance(60_000);
    const again = await submit(other, { people: ['lin-feng'] });
    expect(again.status).toBe(200);
    expect(again.html).toContain(`所选人员均已签到《${TITLE}》，没有变化。`);
    expect((await attendee('lin-feng'))?.signedInAt).not.toEqual(h.now());
    // An entry that cannot be signed in is named with why; the others are still handled.
    await h.adapter.command(SECRETARY, '会议 签到 安全生产', steps.event());
    const mixed = await submit(linkIn(SECRETARY), { people: ['lin-feng', HOST_HEAD] });
    expect(mixed.status).toBe(200);
    expect(mixed.html).toContain(
      `已签到过，无需重复：林峰。未能签到《${TITLE}》：刘洋（不在这次会议的参会名单中）。`,
    );
    await h.adapter.command(SECRETARY, '会议 签到 安全生产', steps.event());
    const refused = await submit(linkIn(SECRETARY), { people: [HOST_HEAD] });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain(`未能签到《${TITLE}》：刘洋（不在这次会议的参会名单中）。`);
    expect(await attendee(HOST_HEAD)).toBeNull();

    await h.adapter.command(SECRETARY, '会议 signin 没有这个会', steps.event());
    expect(lastMessage(SECRETARY)).toBe('现在没有可签到的会议：签到从会议开始前 30 分钟开放，至会议结束。');
  });

  it('ten minutes after the start reminds those not signed in once and sends the organiser the attendance', async () => {
    // 马强 asked for leave but was signed in; undo that to count him on leave.
    await h.prisma.meetingAttendee.updateMany({
      where: { personId: 'ma-qiang' },
      data: { signedInAt: null, signedInBy: null, response: 'leave', leaveReason: '出差' },
    });
    at('2026-11-25T09:09:00');
    expect(await task().run(h.now())).toBe(0);
    expect(fieldOf((await cardOf(ORGANISER)).card, '出席')).toBeUndefined();
    at('2026-11-25T09:10:00');
    expect(await task().run(h.now())).toBeGreaterThan(0);
    expect(await Promise.all([task().run(h.now()), task().run(h.now())])).toEqual([0, 0]);
    await h.deliver();
    const reminder = `会议《${TITLE}》（11月25日（周三）09:00–11:00）已经开始，您尚未签到。`;
    expect(await said(CHAIR, reminder)).toBe(1);
    for (const personId of ['gao-yan', 'ma-qiang', 'lin-feng'])
      expect(await said(personId, reminder)).toBe(0);
    const attendance = '应到 4 人，实到 2 人（高燕、林峰），请假 1 人（马强），缺席 1 人（王振华）';
    expect(await said(ORGANISER, `开始 10 分钟的出席情况：${attendance}。`)).toBe(1);
    expect(fieldOf((await cardOf(ORGANISER)).card, '出席')?.value).toBe(attendance);

    // A later sign-in updates the organiser's card.
    h.advance(5 * 60_000);
    await press(CHAIR, 'meeting_signin');
    await h.deliver();
    expect(fieldOf((await cardOf(ORGANISER)).card, '出席')?.value).toBe(
      '应到 4 人，实到 3 人（高燕、林峰、王振华），请假 1 人（马强），缺席 0 人（无）',
    );
  });

  it('refuses a sign-in once the meeting is over, in the person’s language', async () => {
    at('2026-11-25T11:00:00');
    await press('ma-qiang', 'meeting_signin');
    expect(lastMessage('ma-qiang')).toBe(CLOSED);
    await h.prisma.person.update({ where: { id: 'ma-qiang' }, data: { locale: 'en' } });
    await press('ma-qiang', 'meeting_signin');
    expect(lastMessage('ma-qiang')).toBe(
      'Sign-in is open from 30 minutes before the start until the end (the meeting is Wed 25 Nov 09:00–11:00); not now.',
    );
    expect((await attendee('ma-qiang'))?.signedInAt).toBeNull();
  });

  it('fills the register’s 实到人数 and the monthly report’s attendance rate from the sign-ins', async () => {
    await h.adapter.command(SECRETARY, '会议 register 2026', steps.event());
    const file = h.adapter.memory.messagesOf(SECRETARY).at(-1);
    if (file?.kind !== 'file') throw new Error('no register');
    const row = file.bytes
      .toString('utf8')
      .split('\r\n')
      .find((r) => r.startsWith(TITLE));
    // 高燕, 林峰 and 王振华 signed in.
    expect(row?.split(',')[10]).toBe('3');

    await h.adapter.command(SECRETARY, 'doc report 2026-11', steps.event());
    const reply = h.adapter.memory.messagesOf(SECRETARY).at(-1);
    if (reply?.kind !== 'reply') throw new Error('no report');
    // 实到 3 / (应到 4 − 请假 1).
    expect(JSON.stringify(reply.reply.blocks)).toContain(
      '计划 0 场，计划内召开 1 场，临时 0 场，出席率 100%',
    );
  });

  it('refuses a sign-in to a cancelled meeting', async () => {
    const title = '临时碰头会';
    await steps.approvedMeeting(ORGANISER, { ...MEETING, name: title, day: '2026-11-26' });
    await press(ORGANISER, 'meeting_cancel', title);
    expect((await submit(linkIn(ORGANISER), { reason: '改期' })).status).toBe(200);
    at('2026-11-26T08:45:00');
    expect(await task().run(h.now())).toBe(0);
    await press('gao-yan', 'meeting_signin', title);
    expect(lastMessage('gao-yan')).toBe('会议已取消。');
  });

  it('counts someone on leave who signs in after all as present, the leave withdrawn everywhere', async () => {
    const title = '河道清淤协调会';
    await steps.approvedMeeting(ORGANISER, { ...MEETING, name: title, day: '2026-11-27' });
    await press('lin-feng', 'meeting_leave', title);
    expect((await submit(linkIn('lin-feng'), { reason: '出差' })).status).toBe(200);
    await h.deliver();
    at('2026-11-27T08:40:00');
    await press('lin-feng', 'meeting_signin', title);
    expect(lastMessage('lin-feng')).toBe(
      `已签到：《${title}》。您此前请了假，现已到会，请假已撤回，记为参加。`,
    );
    await h.deliver();
    expect(fieldOf((await cardOf('lin-feng', title)).card, '我的答复')?.value).toBe('参加');
    const tally = fieldOf((await cardOf(ORGANISER, title)).card, '回执')?.value ?? '';
    expect(tally).toContain('已确认（1）：林峰');
    expect(tally).toContain('请假（0）：无');
    at('2026-11-27T09:10:00');
    await task().run(h.now());
    await h.deliver();
    // 应到 = 实到 + 请假 + 缺席, and 回执 says the same of 林峰.
    expect(fieldOf((await cardOf(ORGANISER, title)).card, '出席')?.value).toBe(
      '应到 4 人，实到 1 人（林峰），请假 0 人（无），缺席 3 人（高燕、马强、王振华）',
    );
  });
});
