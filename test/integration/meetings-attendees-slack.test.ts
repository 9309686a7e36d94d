import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { local, meetingsOnSlack, SLACK_PEOPLE as P } from '../support/meeting-slack.ts';
import { type PlaygroundMessage, type PlaygroundState, text } from '../support/playground.ts';

// A meeting's notice and answers on Slack through signed requests to the bot and the Slack
// double: once the chair approves, each attendee's DM holds the card with 参加 / 请假 / 委派; 参加
// is recorded once however often (or however fast) it is pressed, and the organiser's card shows
// the tally; 请假 opens a modal that wants a reason. From 30 minutes before the start each card
// offers 签到, recorded once however pressed; the office secretary signs others in from a modal.

const TITLE = '农村供水保障会';

/** The request: room 301 on Friday 4 December 2026, 09:00–10:30, for 唐宁 and 林峰. */
const request = {
  name: TITLE,
  agenda: '研究冬春农村供水保障措施',
  day: '2026-12-04',
  start: '09:00',
  end: '10:30',
  room: 'room-301',
  attendees: ['tang-ning', 'lin-feng'],
};

describe.each(databaseKinds)('a meeting’s answers on Slack on %s', (kind) => {
  const clock = new FakeClock(local('2026-12-01T10:30:00'));
  const slack = meetingsOnSlack(kind, clock);
  const { pg, openModal, requestMeeting, approve, answers } = slack;
  const attendee = (personId: string) => slack.attendee(TITLE, personId);
  const waitForText = slack.waitForAnswer;
  const organiserCard = (wanted: string) => slack.cardShowing(P.gaoYan, TITLE, wanted);

  it('sends each attendee the card with its buttons and records 参加 once, however pressed', async () => {
    await requestMeeting(P.gaoYan, request);
    await approve(TITLE);

    const notice = await pg.cardWithButton(P.tangNing, TITLE, 'meeting_attend');
    expect(pg.buttonOf(notice, 'meeting_leave')).not.toBeNull();
    expect(pg.buttonOf(notice, 'meeting_delegate')).not.toBeNull();
    expect(JSON.stringify(notice.blocks)).toContain('12月4日（周五）09:00–10:30');
    await organiserCard('未回复（3）');

    expect((await pg.click(P.tangNing, notice, 'meeting_attend')).body).toEqual({ ok: true });
    await waitForText(P.tangNing, `已确认参加《${TITLE}》。`);
    const first = await attendee('tang-ning');
    expect(first?.response).toBe('attending');
    await organiserCard('已确认（1）：唐宁');
    // The same button again (a second press of the card as drawn): nothing changes.
    expect((await pg.click(P.tangNing, notice, 'meeting_attend')).body).toEqual({ ok: true });
    await waitForText(P.tangNing, '没有变化');
    expect((await attendee('tang-ning'))?.respondedAt).toEqual(first?.respondedAt);

    // Two presses at the same moment: one records the answer, the other finds it recorded.
    const lin: PlaygroundMessage = await pg.cardWithButton(P.linFeng, TITLE, 'meeting_attend');
    await Promise.all([
      pg.click(P.linFeng, lin, 'meeting_attend'),
      pg.click(P.linFeng, lin, 'meeting_attend'),
    ]);
    await waitForText(P.linFeng, '没有变化');
    expect(await waitForText(P.linFeng, `已确认参加《${TITLE}》。`)).toHaveLength(1);
    expect(await answers(P.linFeng)).toHaveLength(2);
    await organiserCard('已确认（2）：唐宁、林峰');
  }, 90_000);

  it('opens 请假 as a modal that wants a reason', async () => {
    const card = await pg.cardWithButton(P.wangZhenhua, TITLE, 'meeting_leave');
    const modal = await slack.modalOf(P.wangZhenhua, card, 'meeting_leave');
    const reason = (value: string) => ({ meeting_reason: { meeting_leave_reason_input: text(value) } });
    const refused = await pg.submit(P.wangZhenhua, modal.id, reason(''));
    expect(refused.body).toMatchObject({ ok: false, errors: { meeting_reason: '请填写请假理由。' } });
    expect((await attendee('wang-zhenhua'))?.response).toBe('pending');
    expect((await pg.submit(P.wangZhenhua, modal.id, reason('出席省厅会议'))).body).toEqual({ ok: true });
    expect(await attendee('wang-zhenhua')).toMatchObject({ response: 'leave', leaveReason: '出席省厅会议' });
    await organiserCard('请假（1）：王振华（出席省厅会议）');
  }, 60_000);

  type HomeBlock = { block_id?: string; text?: { text?: string } };
  /** The rows of 本周会议 on a user's App Home as last published. */
  const rowsOf = (s: PlaygroundState) =>
    ((s.home?.blocks ?? []) as HomeBlock[])
      .filter((b) => b.block_id?.startsWith('home:meetings-week:row:'))
      .map((b) => b.text?.text ?? '');
  const weekRows = async (user: string) => rowsOf(await pg.state(user));

  it('shows the week’s meeting on each one’s App Home with their answer, refreshed by the answer', async () => {
    // The refreshes the answers asked for wait a second to coalesce.
    clock.advance(2000);
    await pg.waitFor(P.tangNing, (s) => rowsOf(s).join('\n').includes('参加'), 'the answer on the home');
    expect(await weekRows(P.tangNing)).toEqual([
      `*${TITLE}*\n12月4日（周五）09:00–10:30 · 三楼第一会议室 · 参加`,
    ]);
    // Opening the tab publishes the same: the chair's 请假, the organiser's own meeting.
    expect((await pg.post('/api/home-opened', { user: P.wangZhenhua })).body).toEqual({ ok: true });
    expect(await weekRows(P.wangZhenhua)).toEqual([
      `*${TITLE}*\n12月4日（周五）09:00–10:30 · 三楼第一会议室 · 请假`,
    ]);
    expect((await pg.post('/api/home-opened', { user: P.gaoYan })).body).toEqual({ ok: true });
    expect(await weekRows(P.gaoYan)).toEqual([
      `*${TITLE}*\n12月4日（周五）09:00–10:30 · 三楼第一会议室 · 我组织的`,
    ]);
  }, 60_000);

  it('offers 签到 from 30 minutes before the start, records it once, and lets the secretary sign others in', async () => {
    const early = await pg.cardWithButton(P.tangNing, TITLE, 'meeting_attend');
    expect(pg.buttonOf(early, 'meeting_signin')).toBeNull();
    // The clock reaches the window's opening (08:30) and the scheduler wakes (the playground's clock
    // control, back to now): the cards are redrawn with 签到.
    clock.set(local('2026-12-04T08:30:00'));
    expect((await pg.post('/api/clock', { move: 'now' })).body).toMatchObject({
      local: '2026-12-04 周五 08:30',
    });
    const card = await pg.cardWithButton(P.tangNing, TITLE, 'meeting_signin');
    await Promise.all([
      pg.click(P.tangNing, card, 'meeting_signin'),
      pg.click(P.tangNing, card, 'meeting_signin'),
    ]);
    await waitForText(P.tangNing, '无需重复签到');
    expect(await waitForText(P.tangNing, `已签到：《${TITLE}》。`)).toHaveLength(1);
    const signedAt = local('2026-12-04T08:30:00');
    expect(await attendee('tang-ning')).toMatchObject({ signedInBy: 'tang-ning', signedInAt: signedAt });

    const modal = await openModal(P.zhouJing, '/meeting', 'signin');
    expect(JSON.stringify(modal)).toContain('林峰（已确认参加）');
    const people = (values: string[]) => ({
      meeting_people: {
        meeting_signin_people_input: {
          type: 'checkboxes',
          selected_options: values.map((value) => ({ value, text: { type: 'plain_text', text: value } })),
        },
      },
    });
    expect((await pg.submit(P.zhouJing, modal.id, people(['lin-feng']))).body).toEqual({ ok: true });
    expect(await attendee('lin-feng')).toMatchObject({ signedInBy: 'zhou-jing', signedInAt: signedAt });
    expect((await attendee('wang-zhenhua'))?.signedInAt).toBeNull();
  }, 90_000);
});
