import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import {
  option,
  options,
  type PlaygroundMessage,
  type PlaygroundState,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
  text,
} from '../support/playground.ts';

// A meeting's notice and answers on Slack through signed requests to the bot and the Slack
// double: once the chair approves, each attendee's DM holds the card with 参加 / 请假 / 委派; 参加
// is recorded once however often (or however fast) it is pressed, and the organiser's card shows
// the tally; 请假 opens a modal that wants a reason. From 30 minutes before the start each card
// offers 签到, recorded once however pressed; the office secretary signs others in from a modal.

const P = {
  gaoYan: 'U0EXAMPLE05', // construction: the organiser
  maQiang: 'U0EXAMPLE15', // construction head
  zhaoMin: 'U0EXAMPLE03', // office head
  wangZhenhua: 'U0EXAMPLE06', // a leader: the chair
  linFeng: 'U0EXAMPLE16',
  zhouJing: 'U0EXAMPLE04', // an office secretary
  tangNing: 'U0EXAMPLE17',
} as const;

const TITLE = '农村供水保障会';

/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);

const values = () => {
  const field = (id: string, value: unknown) => ({ [`meeting_${id}`]: { [`meeting_${id}_input`]: value } });
  return {
    ...field('name', text(TITLE)),
    ...field('agenda', text('研究冬春农村供水保障措施')),
    ...field('day', text('2026-12-04')),
    ...field('start', text('09:00')),
    ...field('end', text('10:30')),
    ...field('room', option('room-301')),
    ...field('place', text('')),
    ...field('attendees', options(['tang-ning', 'lin-feng'])),
    ...field('departments', options([])),
    ...field('host', option('construction')),
    ...field('chair', option('wang-zhenhua')),
    ...field('materials', text('')),
    ...field('budget', text('')),
    ...field('planned', { type: 'radio_buttons', selected_option: { value: 'planned' } }),
    ...field('reason', text('')),
  };
};

describe.each(databaseKinds)('a meeting’s answers on Slack on %s', (kind) => {
  let running: TestPlayground;
  let pg: ReturnType<typeof playgroundClient>;
  const clock = new FakeClock(local('2026-12-01T10:30:00'));

  beforeAll(async () => {
    running = await startTestPlayground(kind, { clock });
    ({ pg } = running);
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
  });

  const prisma = () => running.playground.bot.db.prisma;
  const attendee = async (personId: string) => {
    const instance = await prisma().workflowInstance.findFirstOrThrow({ where: { title: TITLE } });
    return prisma().meetingAttendee.findUnique({
      where: { instanceId_personId: { instanceId: instance.id, personId } },
    });
  };
  /** The ephemeral answers `user` has been shown, oldest first. */
  const answers = async (user: string) =>
    (await pg.state(user)).conversations.flatMap((c) =>
      c.messages.filter((m) => m.from === 'bot' && m.ephemeral).map((m) => m.text),
    );
  const waitForText = (user: string, wanted: string, count = 1) =>
    vi.waitFor(
      async () => {
        const found = (await answers(user)).filter((a) => a.includes(wanted));
        if (found.length < count) throw new Error(`no “${wanted}” yet for ${user}`);
        return found;
      },
      { timeout: 20_000, interval: 100 },
    );
  const organiserCard = (wanted: string) =>
    pg.waitFor(
      P.gaoYan,
      (s) => {
        const card = pg.cardTitled(TITLE)(s);
        return card && JSON.stringify(card.blocks).includes(wanted) ? card : null;
      },
      `the organiser’s card showing ${wanted}`,
    );

  it('sends each attendee the card with its buttons and records 参加 once, however pressed', async () => {
    const before = (await pg.state(P.gaoYan)).modals.length;
    expect((await pg.command(P.gaoYan, '/meeting', 'new')).body).toEqual({ ok: true });
    const form = await pg.waitFor(
      P.gaoYan,
      (s) => (s.modals.length > before ? s.modals.at(-1) : null),
      'the meeting form',
    );
    expect((await pg.submit(P.gaoYan, form.id, values())).body).toEqual({ ok: true });
    for (const approver of [P.maQiang, P.zhaoMin, P.wangZhenhua]) {
      const card = await pg.cardWithButton(approver, TITLE, 'wf_approve');
      expect((await pg.click(approver, card, 'wf_approve')).body).toEqual({ ok: true });
    }

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
    const before = (await pg.state(P.wangZhenhua)).modals.length;
    expect((await pg.click(P.wangZhenhua, card, 'meeting_leave')).body).toEqual({ ok: true });
    const modal = await pg.waitFor(
      P.wangZhenhua,
      (s) => (s.modals.length > before ? s.modals.at(-1) : null),
      'the leave form',
    );
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

    const before = (await pg.state(P.zhouJing)).modals.length;
    expect((await pg.command(P.zhouJing, '/meeting', 'signin')).body).toEqual({ ok: true });
    const modal = await pg.waitFor(
      P.zhouJing,
      (s) => (s.modals.length > before ? s.modals.at(-1) : null),
      'the sign-in form',
    );
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
