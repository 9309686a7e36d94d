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

// Minutes and decisions on Slack through signed requests to the bot and the Slack double: after
// the meeting, `/meeting minutes` opens the minutes as a modal (a wrong field refused beside it;
// the same modal sent twice starts the minutes once); the chair signs them on the card (pressed
// twice, signed once); the attendees get the minutes and the decision becomes its owner's task;
// the reminder run on the fake clock chases it once overdue (the owner's morning digest, then the
// 督办); the owner completes it with a result and the organiser is told.

const P = {
  gaoYan: 'U0EXAMPLE05', // construction: the organiser
  maQiang: 'U0EXAMPLE15', // construction head: the decision's owner
  zhaoMin: 'U0EXAMPLE03', // office head
  wangZhenhua: 'U0EXAMPLE06', // a leader: the chair
} as const;

/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);
const TITLE = '工程调度会';
const DECISION = '完成汛前工程安全检查';

const field = (form: string, id: string, value: unknown) => ({
  [`${form}_${id}`]: { [`${form}_${id}_input`]: value },
});

/** The request modal's values: the hall on Wednesday 2 December 2026, 09:00–10:00. */
const meetingValues = () => ({
  ...field('meeting', 'name', text(TITLE)),
  ...field('meeting', 'agenda', text('调度在建工程进度')),
  ...field('meeting', 'day', text('2026-12-02')),
  ...field('meeting', 'start', text('09:00')),
  ...field('meeting', 'end', text('10:00')),
  ...field('meeting', 'room', option('hall')),
  ...field('meeting', 'place', text('')),
  ...field('meeting', 'attendees', options(['ma-qiang'])),
  ...field('meeting', 'departments', options([])),
  ...field('meeting', 'host', option('construction')),
  ...field('meeting', 'chair', option('wang-zhenhua')),
  ...field('meeting', 'materials', text('')),
  ...field('meeting', 'budget', text('')),
  ...field('meeting', 'planned', { type: 'radio_buttons', selected_option: { value: 'planned' } }),
  ...field('meeting', 'reason', text('')),
});

/** The minutes modal's values: one decision for 马强 within one working day. */
const minutesValues = (days = '1') => ({
  ...field('minutes', 'summary', text('会议调度了在建工程进度，部署汛前安全检查。')),
  ...field('minutes', 'd1_text', text(DECISION)),
  ...field('minutes', 'd1_owner', option('p:ma-qiang')),
  ...field('minutes', 'd1_days', text(days)),
});

describe.each(databaseKinds)('meeting minutes on Slack on %s', (kind) => {
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
  const openModal = async (user: string, command: string, text: string) => {
    const before = (await pg.state(user)).modals.length;
    expect((await pg.command(user, command, text)).body).toEqual({ ok: true });
    return pg.waitFor(user, (s) => (s.modals.length > before ? s.modals.at(-1) : null), `the ${text} form`);
  };
  const dmWith = (user: string, needle: string) =>
    pg.waitFor(
      user,
      (s) => pg.dm(s).messages.find((m) => m.from === 'bot' && JSON.stringify(m).includes(needle)),
      `a message with ${needle}`,
    );
  const waitUntil = <T>(read: () => Promise<T | null | undefined>, what: string) =>
    vi.waitFor(
      async () => {
        const found = await read();
        if (found === null || found === undefined) throw new Error(`not yet: ${what}`);
        return found;
      },
      { timeout: 20_000, interval: 100 },
    );

  it('writes the minutes after the meeting, signs them once, chases the overdue decision and tells the organiser when it is done', async () => {
    const request = await openModal(P.gaoYan, '/meeting', 'new');
    expect((await pg.submit(P.gaoYan, request.id, meetingValues())).body).toEqual({ ok: true });
    for (const approver of [P.maQiang, P.zhaoMin, P.wangZhenhua]) {
      const card = await pg.cardWithButton(approver, TITLE, 'wf_approve');
      expect((await pg.click(approver, card, 'wf_approve')).body).toEqual({ ok: true });
    }
    await waitUntil(() => prisma().meetingBooking.findFirst({ where: { title: TITLE } }), 'the booking');

    expect((await pg.command(P.gaoYan, '/meeting', `minutes ${TITLE}`)).body).toEqual({ ok: true });
    await dmWith(P.gaoYan, '开始后才能写纪要');
    // Wednesday 10:30, after the meeting.
    clock.set(local('2026-12-02T10:30:00'));
    const form = await openModal(P.gaoYan, '/meeting', `minutes ${TITLE}`);
    expect(JSON.stringify(form.blocks)).toContain('工程调度会（12月2日（周三）09:00–10:00）');
    const refused = await pg.submit(P.gaoYan, form.id, minutesValues('0'));
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { minutes_d1_days: '办理时限应为 1 到 365 个工作日。' },
    });
    // Sent twice (a retry after a late answer): one set of minutes.
    expect((await pg.submit(P.gaoYan, form.id, minutesValues())).body).toEqual({ ok: true });
    expect((await pg.submit(P.gaoYan, form.id, minutesValues())).body).toEqual({ ok: true });
    expect(await prisma().workflowInstance.count({ where: { definitionId: 'meeting_minutes' } })).toBe(1);

    const card = await pg.cardWithButton(P.wangZhenhua, '会议调度了在建工程进度', 'wf_approve');
    expect(JSON.stringify(card.blocks)).toContain(`1. ${DECISION}（责任人：马强，1 个工作日内办结）`);
    const presses = await Promise.all([
      pg.click(P.wangZhenhua, card, 'wf_approve'),
      pg.click(P.wangZhenhua, card, 'wf_approve'),
    ]);
    expect(presses.map((p) => p.body)).toEqual([{ ok: true }, { ok: true }]);
    const notice = await dmWith(P.maQiang, '会议纪要：《工程调度会》');
    expect(notice.text).toContain(`1. ${DECISION}（责任人：马强，1 个工作日内办结）`);
    await dmWith(P.gaoYan, '《工程调度会》的会议纪要已由王振华审签');
    const decisions = await prisma().workflowInstance.findMany({
      where: { definitionId: 'meeting_decision' },
    });
    expect(decisions.map((d) => [d.title, d.waitingOn])).toEqual([[DECISION, ['ma-qiang']]]);
    expect(await prisma().archiveHandoff.count({ where: { kind: 'meeting', status: 'pending' } })).toBe(1);

    // Due at the end of Thursday; on Friday morning the reminder run chases it in 马强's digest.
    clock.set(local('2026-12-04T08:31:00'));
    await running.playground.bot.wakeScheduler();
    await running.playground.bot.wakeScheduler();
    const digest = await dmWith(P.maQiang, '☀️ 早上好！');
    expect(JSON.stringify(digest.blocks)).toContain(DECISION);
    const decisionId = decisions[0]?.id ?? '';
    const overdue = await prisma().reminder.findMany({ where: { instanceId: decisionId, kind: 'overdue' } });
    expect(overdue.map((r) => r.status)).toContain('sent');
    // Still late three working days on: 督办 to those who supervise 马强.
    clock.set(local('2026-12-09T08:31:00'));
    await running.playground.bot.wakeScheduler();
    await running.playground.bot.wakeScheduler();
    await waitUntil(
      () =>
        prisma().reminder.findFirst({
          where: { instanceId: decisionId, kind: 'escalation', status: 'sent' },
        }),
      'the 督办',
    );

    const task = await pg.cardWithButton(P.maQiang, DECISION, 'wf_complete');
    expect(JSON.stringify(task.blocks)).toContain('1 个工作日');
    await pg.click(P.maQiang, task, 'wf_complete');
    const done = await pg.modal(P.maQiang, 'the 办结 form');
    expect(
      (
        await pg.submit(P.maQiang, done.id, {
          wf_modal_result: { wf_result_input: text('已检查在建工程12处，整改隐患3项。') },
        })
      ).body,
    ).toEqual({ ok: true });
    const told = await dmWith(P.gaoYan, '已由马强办结');
    expect(told.text).toBe(
      `「工程调度会」的决定事项「${DECISION}」已由马强办结：已检查在建工程12处，整改隐患3项。`,
    );
  }, 90_000);
});
