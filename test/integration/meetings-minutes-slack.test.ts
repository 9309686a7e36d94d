import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import {
  local,
  meetingsOnSlack,
  minutesModalValues,
  SLACK_PEOPLE as P,
  waitForRecord,
} from '../support/meeting-slack.ts';
import { text } from '../support/playground.ts';

// Minutes and decisions on Slack through signed requests to the bot and the Slack double: after
// the meeting, `/meeting minutes` opens the minutes as a modal (a wrong field refused beside it;
// the same modal sent twice starts the minutes once); the chair signs them on the card (pressed
// twice, signed once); the attendees get the minutes and the decision becomes its owner's task;
// the reminder run on the fake clock chases it once overdue (the owner's morning digest, then the
// 督办); the owner completes it with a result and the organiser is told.

const TITLE = '工程调度会';
const DECISION = '完成汛前工程安全检查';

/** The request: the hall on Wednesday 2 December 2026, 09:00–10:00, for 马强. */
const request = {
  name: TITLE,
  agenda: '调度在建工程进度',
  day: '2026-12-02',
  start: '09:00',
  end: '10:00',
  room: 'hall',
  attendees: ['ma-qiang'],
};

/** The minutes modal's values: one decision for 马强 within one working day. */
const minutesValues = (days = '1') =>
  minutesModalValues('会议调度了在建工程进度，部署汛前安全检查。', [
    { text: DECISION, owner: 'p:ma-qiang', days },
  ]);

describe.each(databaseKinds)('meeting minutes on Slack on %s', (kind) => {
  // Tuesday 1 December 2026, 10:30 in the unit's zone.
  const clock = new FakeClock(local('2026-12-01T10:30:00'));
  const { pg, playground, prisma, openModal, requestMeeting, approve, dmWith } = meetingsOnSlack(kind, clock);

  it('writes the minutes after the meeting, signs them once, chases the overdue decision and tells the organiser when it is done', async () => {
    await requestMeeting(P.gaoYan, request);
    await approve(TITLE);
    await waitForRecord(() => prisma().meetingBooking.findFirst({ where: { title: TITLE } }), 'the booking');

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
    await playground().bot.wakeScheduler();
    await playground().bot.wakeScheduler();
    const digest = await dmWith(P.maQiang, '☀️ 早上好！');
    expect(JSON.stringify(digest.blocks)).toContain(DECISION);
    const decisionId = decisions[0]?.id ?? '';
    const overdue = await prisma().reminder.findMany({ where: { instanceId: decisionId, kind: 'overdue' } });
    expect(overdue.map((r) => r.status)).toContain('sent');
    // Still late three working days on: 督办 to those who supervise 马强.
    clock.set(local('2026-12-09T08:31:00'));
    await playground().bot.wakeScheduler();
    await playground().bot.wakeScheduler();
    await waitForRecord(
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
