import { describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import {
  local,
  meetingModalValues,
  meetingsOnSlack,
  minutesModalValues,
  SLACK_PEOPLE as P,
  waitForRecord,
} from '../support/meeting-slack.ts';
import { option, type PlaygroundMessage, text } from '../support/playground.ts';

// A meeting's whole main path on Slack, every step a signed request to the bot's Bolt receiver as
// Slack sends it (slash command, block actions, view submissions) through the playground's Slack
// double, on a fake clock: `/meeting new` → the host head, the office head and the chair approve
// on their cards → the room is held and each attendee gets the notice → 参加, 请假 with a reason,
// 委派 to a stand-in who gets the card and confirms, the organiser's card counting them → sign-in
// from the cards in the window, a stranger refused → after the meeting 写纪要 on the organiser's
// card, two decisions → the chair signs → the minutes go out, each decision its owner's task → one
// decision overdue, chased once however often the chasing runs → the other done, the organiser
// told → the meeting in the archive with its notice, agenda, sign-in sheet and minutes.

const TITLE = '水库除险加固推进会';
const AGENDA = '一、通报水库除险加固进度；二、部署汛前验收';
const MATERIALS = 'https://pan.example.gov.cn/shuiku';
const TIME = '12月3日（周四）09:00–10:30';
const SUMMARY = '会议通报了三座水库除险加固进度，部署了汛前验收工作。';
const LATE = '完成大坝渗漏隐患排查'; // 马强's, within 1 working day: overdue by Monday
const DONE = '报送验收工作方案'; // 黄磊's (the stand-in), within 5 working days

describe.each(databaseKinds)('a meeting from request to archive on Slack on %s', (kind) => {
  // Tuesday 1 December 2026, 10:30 in the unit's zone; the meeting is on Thursday.
  const clock = new FakeClock(local('2026-12-01T10:30:00'));
  const slack = meetingsOnSlack(kind, clock);
  const { pg, prisma, openModal, modalOf, dmWith, waitForAnswer, cardShowing } = slack;
  const attendee = (personId: string) => slack.attendee(TITLE, personId);
  const meeting = () =>
    prisma().workflowInstance.findFirstOrThrow({ where: { title: TITLE, definitionId: 'meeting_request' } });
  const cardText = (card: PlaygroundMessage) => JSON.stringify(card.blocks);
  /** The label of the button `actionId` on `card`, or undefined without one. */
  const label = (card: PlaygroundMessage, actionId: string) =>
    (pg.buttonOf(card, actionId)?.element.text as { text?: string } | undefined)?.text;
  /** The clock moved to `iso` (local), the scheduler woken as the playground's clock control does. */
  const moveClock = async (iso: string, shown: string) => {
    clock.set(local(iso));
    expect((await pg.post('/api/clock', { move: 'now' })).body).toMatchObject({ local: shown });
  };
  /** Every bot message `user` holds in their DM that mentions `needle`. */
  const dmMessagesWith = async (user: string, needle: string) =>
    pg
      .dm(await pg.state(user))
      .messages.filter((m) => m.from === 'bot' && JSON.stringify(m).includes(needle));
  /** Waits until nothing is left to deliver in `personId`'s conversation. */
  const delivered = (personId: string) =>
    waitForRecord(
      async () =>
        (await prisma().outboxMessage.count({
          where: { orderingKey: `person:${personId}`, status: 'pending' },
        })) === 0 || null,
      `${personId}'s messages delivered`,
    );

  it('requests the meeting on the modal and has it approved by the host head, the office head and the chair', async () => {
    const form = await openModal(P.gaoYan, '/meeting', 'new');
    expect(form.title?.text).toBe('会议申请');
    expect(cardText({ blocks: form.blocks } as PlaygroundMessage)).toContain('三楼第一会议室（30 人）');
    const values = meetingModalValues({
      name: TITLE,
      agenda: AGENDA,
      day: '2026-12-03',
      start: '09:00',
      end: '10:30',
      room: 'room-301',
      attendees: ['tang-ning', 'lin-feng', 'xu-hui'],
      materials: MATERIALS,
    });
    expect((await pg.submit(P.gaoYan, form.id, values)).body).toEqual({ ok: true });
    const request = await meeting();
    expect(request).toMatchObject({ status: 'running', requesterId: 'gao-yan', waitingOn: ['ma-qiang'] });

    // Each approver in turn finds the card with the meeting's facts and 同意; the step moves on.
    const next = [['zhao-min'], ['wang-zhenhua'], []];
    for (const [i, approver] of [P.maQiang, P.zhaoMin, P.wangZhenhua].entries()) {
      const card = await pg.cardWithButton(approver, TITLE, 'wf_approve');
      for (const fact of [
        TIME,
        '三楼第一会议室（30 人）',
        '工程建设管理科',
        '王振华',
        '唐宁、林峰、徐慧',
        AGENDA,
      ]) {
        expect(cardText(card)).toContain(fact);
      }
      expect((await pg.click(approver, card, 'wf_approve')).body).toEqual({ ok: true });
      await waitForRecord(
        async () => (JSON.stringify((await meeting()).waitingOn) === JSON.stringify(next[i]) ? true : null),
        `the step after ${approver}`,
      );
    }
    expect((await meeting()).status).toBe('approved');

    // The room is held for the meeting's time.
    const booking = await prisma().meetingBooking.findFirstOrThrow({ where: { instanceId: request.id } });
    expect(booking).toMatchObject({
      roomId: 'room-301',
      startsAt: local('2026-12-03T09:00:00'),
      endsAt: local('2026-12-03T10:30:00'),
    });
  }, 120_000);

  it('sends each attendee the notice card; 参加, 请假 with a reason, 委派 to a stand-in who confirms; the organiser sees the tally', async () => {
    // Those named and the chair are invited, each with the card and its three buttons, in their
    // language: Chinese, or English for 徐慧 who reads it.
    for (const user of [P.tangNing, P.linFeng, P.wangZhenhua]) {
      const notice = await pg.cardWithButton(user, TITLE, 'meeting_attend');
      for (const fact of [TIME, '三楼第一会议室（30 人）', AGENDA, MATERIALS, '*我的答复*\\n未回复']) {
        expect(cardText(notice)).toContain(fact);
      }
      const labels = ['meeting_attend', 'meeting_leave', 'meeting_delegate'].map((id) => label(notice, id));
      expect(labels).toEqual(['参加', '请假', '委派']);
    }
    const english = await pg.cardWithButton(P.xuHui, TITLE, 'meeting_attend');
    for (const fact of [
      'Thu 3 Dec 09:00–10:30',
      'Meeting room 301 (30 seats)',
      AGENDA,
      '*Your answer*\\nNot answered',
    ]) {
      expect(cardText(english)).toContain(fact);
    }
    expect(['meeting_attend', 'meeting_leave', 'meeting_delegate'].map((id) => label(english, id))).toEqual([
      'Attend',
      'Take leave',
      'Stand-in',
    ]);
    expect(
      (await prisma().meetingAttendee.findMany({ where: { instanceId: (await meeting()).id } }))
        .map((a) => a.personId)
        .sort(),
    ).toEqual(['lin-feng', 'tang-ning', 'wang-zhenhua', 'xu-hui']);
    await cardShowing(P.gaoYan, TITLE, '未回复（4）');

    // 唐宁 attends.
    const tang = await pg.cardWithButton(P.tangNing, TITLE, 'meeting_attend');
    expect((await pg.click(P.tangNing, tang, 'meeting_attend')).body).toEqual({ ok: true });
    await waitForAnswer(P.tangNing, `已确认参加《${TITLE}》。`);
    expect(await attendee('tang-ning')).toMatchObject({ response: 'attending' });

    // 林峰 asks for leave: the modal wants the reason.
    const lin = await pg.cardWithButton(P.linFeng, TITLE, 'meeting_leave');
    const leave = await modalOf(P.linFeng, lin, 'meeting_leave');
    const reason = (value: string) => ({ meeting_reason: { meeting_leave_reason_input: text(value) } });
    expect((await pg.submit(P.linFeng, leave.id, reason(' '))).body).toMatchObject({
      ok: false,
      errors: { meeting_reason: '请填写请假理由。' },
    });
    expect(await attendee('lin-feng')).toMatchObject({ response: 'pending', leaveReason: null });
    expect((await pg.submit(P.linFeng, leave.id, reason('赴省厅汇报农村供水工作'))).body).toEqual({
      ok: true,
    });
    expect(await attendee('lin-feng')).toMatchObject({
      response: 'leave',
      leaveReason: '赴省厅汇报农村供水工作',
    });

    // 徐慧 sends 黄磊 in her place; he is told, gets the card and confirms.
    const xu = await pg.cardWithButton(P.xuHui, TITLE, 'meeting_delegate');
    const delegate = await modalOf(P.xuHui, xu, 'meeting_delegate');
    expect(delegate.title?.text).toBe('Send a stand-in');
    expect(
      (
        await pg.submit(P.xuHui, delegate.id, {
          meeting_person: { meeting_delegate_person_input: option('huang-lei') },
        })
      ).body,
    ).toEqual({ ok: true });
    // Told in her language, the stand-in named in it too.
    await dmWith(P.xuHui, `Huang Lei will attend “${TITLE}” in your place and has been sent the notice.`);
    expect(await attendee('xu-hui')).toMatchObject({ response: 'delegated', delegateId: 'huang-lei' });
    await dmWith(P.huangLei, `徐慧 委派您代为参加会议《${TITLE}》，会议通知见随后的卡片。`);
    const huang = await pg.cardWithButton(P.huangLei, TITLE, 'meeting_attend');
    expect(cardText(huang)).toContain(TIME);
    expect((await pg.click(P.huangLei, huang, 'meeting_attend')).body).toEqual({ ok: true });
    await waitForAnswer(P.huangLei, `已确认参加《${TITLE}》。`);
    expect(await attendee('huang-lei')).toMatchObject({ response: 'attending', delegatedById: 'xu-hui' });
    // The delegator's card loses 委派.
    await pg.waitFor(
      P.xuHui,
      (s) => {
        const card = pg.cardTitled(TITLE)(s);
        return card && pg.buttonOf(card, 'meeting_attend') && !pg.buttonOf(card, 'meeting_delegate');
      },
      '徐慧’s card without 委派',
    );

    // The organiser's card counts them with names.
    const organiser = await cardShowing(P.gaoYan, TITLE, '已确认（2）：唐宁、黄磊');
    await cardShowing(P.gaoYan, TITLE, '请假（1）：林峰（赴省厅汇报农村供水工作）');
    await cardShowing(P.gaoYan, TITLE, '已委派（1）：徐慧 → 黄磊');
    const tally = await cardShowing(P.gaoYan, TITLE, '未回复（1）：王振华');
    expect(cardText(tally)).toContain('回执');
    expect(pg.buttonOf(organiser, 'meeting_attend')).toBeNull();
  }, 120_000);

  it('offers 签到 on the cards in the window and refuses a sign-in from someone not invited', async () => {
    const early = await pg.cardWithButton(P.tangNing, TITLE, 'meeting_attend');
    expect(pg.buttonOf(early, 'meeting_signin')).toBeNull();
    // Thursday 08:40: sign-in opened at 08:30.
    await moveClock('2026-12-03T08:40:00', '2026-12-03 周四 08:40');
    for (const [user, personId] of [
      [P.tangNing, 'tang-ning'],
      [P.huangLei, 'huang-lei'],
    ] as const) {
      const card = await pg.cardWithButton(user, TITLE, 'meeting_signin');
      expect(label(card, 'meeting_signin')).toBe('签到');
      expect((await pg.click(user, card, 'meeting_signin')).body).toEqual({ ok: true });
      await waitForAnswer(user, `已签到：《${TITLE}》。`);
      expect(await attendee(personId)).toMatchObject({
        signedInAt: local('2026-12-03T08:40:00'),
        signedInBy: personId,
      });
      await cardShowing(user, TITLE, '已签到（08:40）');
    }
    // 徐慧 sent a stand-in: no 签到 on her card.
    const xu = await pg.cardWithButton(P.xuHui, TITLE, 'meeting_attend');
    expect(pg.buttonOf(xu, 'meeting_signin')).toBeNull();

    // 马强 approved the meeting but is not invited: his copy of the card has no 签到. The press as
    // Slack would send it from a card that reached him anyway (the chair's 签到, forwarded) is
    // refused with the reason, and nothing is recorded.
    const chair = await pg.cardWithButton(P.wangZhenhua, TITLE, 'meeting_signin');
    const button = pg.buttonOf(chair, 'meeting_signin');
    if (!button) throw new Error('no 签到 on the chair’s card');
    const ma = await pg.waitFor(P.maQiang, pg.cardTitled(TITLE), '马强’s copy of the card');
    const pressed = await pg.post('/api/action', {
      user: P.maQiang,
      source: { type: 'message', channel: ma.channel, ts: ma.ts },
      action: {
        type: 'button',
        action_id: 'meeting_signin',
        block_id: button.blockId,
        value: button.element.value,
      },
    });
    expect(pressed.body).toEqual({ ok: true });
    await waitForAnswer(P.maQiang, '您不在这次会议的参会名单中，不能签到。');
    expect(await attendee('ma-qiang')).toBeNull();
    expect(
      await prisma().meetingAttendee.count({
        where: { instanceId: (await meeting()).id, signedInAt: { not: null } },
      }),
    ).toBe(2);

    // Ten minutes after the start the organiser is told who came, and their card shows it.
    await moveClock('2026-12-03T09:10:00', '2026-12-03 周四 09:10');
    await dmWith(P.gaoYan, '应到 4 人，实到 2 人（唐宁、黄磊），请假 1 人（林峰），缺席 1 人（王振华）');
    await cardShowing(P.gaoYan, TITLE, '出席');
  }, 120_000);

  const minutesCard = () => pg.cardWithButton(P.wangZhenhua, SUMMARY, 'wf_approve');

  it('takes the minutes from 写纪要 on the organiser’s card after the meeting, and the chair signs them', async () => {
    await moveClock('2026-12-03T10:40:00', '2026-12-03 周四 10:40');
    const card = await pg.cardWithButton(P.gaoYan, TITLE, 'meeting_minutes');
    expect(label(card, 'meeting_minutes')).toBe('写纪要');
    const form = await modalOf(P.gaoYan, card, 'meeting_minutes');
    expect(form.title?.text).toBe('会议纪要');
    expect(cardText({ blocks: form.blocks } as PlaygroundMessage)).toContain(`${TITLE}（${TIME}）`);
    const late = { text: LATE, owner: 'p:ma-qiang', days: '1' };
    const done = { text: DONE, owner: 'p:huang-lei', days: '5' };
    // 唐宁 (cleared for public matters only) cannot own a decision of this 内部 meeting: she is not
    // offered, and a submission naming her is refused beside the owner; nothing is started.
    expect(JSON.stringify(form.blocks)).not.toContain('p:tang-ning');
    expect(JSON.stringify(form.blocks)).toContain('p:huang-lei');
    const refused = await pg.submit(
      P.gaoYan,
      form.id,
      minutesModalValues(SUMMARY, [late, { ...done, owner: 'p:tang-ning' }]),
    );
    expect(refused.body).toMatchObject({
      ok: false,
      errors: { minutes_d2_owner: '请从列表中选择这项决定的责任人或责任部门。' },
    });
    expect(await prisma().workflowInstance.count({ where: { definitionId: 'meeting_minutes' } })).toBe(0);
    expect((await pg.submit(P.gaoYan, form.id, minutesModalValues(SUMMARY, [late, done]))).body).toEqual({
      ok: true,
    });
    await dmWith(P.gaoYan, `《${TITLE}》的会议纪要已送 王振华 审签。`);
    // 写纪要 is gone from the organiser's card while the chair has the minutes.
    await pg.waitFor(
      P.gaoYan,
      (s) => {
        const c = pg.cardTitled(TITLE)(s);
        return c && !pg.buttonOf(c, 'meeting_minutes');
      },
      'the organiser’s card without 写纪要',
    );

    const toSign = await minutesCard();
    expect(cardText(toSign)).toContain(`1. ${LATE}（责任人：马强，1 个工作日内办结）`);
    expect(cardText(toSign)).toContain(`2. ${DONE}（责任人：黄磊，5 个工作日内办结）`);
    expect(cardText(toSign)).toContain('起草人：高燕');
    expect((await pg.click(P.wangZhenhua, toSign, 'wf_approve')).body).toEqual({ ok: true });
    const minutes = await waitForRecord(
      () =>
        prisma().workflowInstance.findFirst({
          where: { definitionId: 'meeting_minutes', status: 'approved' },
        }),
      'the minutes signed',
    );
    const signed = await cardShowing(P.wangZhenhua, SUMMARY, '已审签');
    expect(pg.buttonOf(signed, 'wf_approve')).toBeNull();
    expect(minutes).toMatchObject({ status: 'approved', requesterId: 'gao-yan' });
  }, 120_000);

  it('sends the signed minutes to the attendees and makes each decision its owner’s task', async () => {
    const heading = `会议纪要：《${TITLE}》（${TIME}），王振华已审签。`;
    for (const user of [P.tangNing, P.linFeng, P.huangLei, P.wangZhenhua]) {
      const notice = await dmWith(user, heading);
      expect(notice.text).toContain(SUMMARY);
      expect(notice.text).toContain(`1. ${LATE}（责任人：马强，1 个工作日内办结）`);
    }
    const english = await dmWith(
      P.xuHui,
      `Minutes of “${TITLE}” (Thu 3 Dec 09:00–10:30), signed by Wang Zhenhua.`,
    );
    expect(english.text).toContain(`1. ${LATE} (owner: Ma Qiang`);
    await dmWith(P.gaoYan, `《${TITLE}》的会议纪要已由王振华审签`);

    const decisions = await prisma().workflowInstance.findMany({
      where: { definitionId: 'meeting_decision' },
      orderBy: { title: 'asc' },
    });
    expect(decisions.map((d) => [d.title, d.waitingOn, d.requesterId, d.status]).sort()).toEqual(
      [
        [LATE, ['ma-qiang'], 'gao-yan', 'running'],
        [DONE, ['huang-lei'], 'gao-yan', 'running'],
      ].sort(),
    );
    for (const [user, title] of [
      [P.maQiang, LATE],
      [P.huangLei, DONE],
    ] as const) {
      const task = await pg.cardWithButton(user, title, 'wf_complete');
      expect(cardText(task)).toContain(TITLE);
    }
  }, 60_000);

  it('chases the overdue decision once, however often the chasing runs', async () => {
    const late = await prisma().workflowInstance.findFirstOrThrow({ where: { title: LATE } });
    const done = await prisma().workflowInstance.findFirstOrThrow({ where: { title: DONE } });
    const overdue = (instanceId: string) =>
      prisma().reminder.findMany({ where: { instanceId, kind: 'overdue', status: 'sent' } });
    // The playground's scheduler also wakes each real minute: one that came while the request
    // waited on 马强 (Tuesday) sent him that day's digest. Only Monday's is this test's.
    const digestsBefore = (await dmMessagesWith(P.maQiang, '☀️ 早上好！')).length;
    // Due at the end of Friday; on Monday morning the chasing run folds it into 马强's digest.
    clock.set(local('2026-12-07T08:31:00'));
    await slack.playground().bot.wakeScheduler();
    await slack.playground().bot.wakeScheduler();
    const digest = await pg.waitFor(
      P.maQiang,
      (s) =>
        pg
          .dm(s)
          .messages.find(
            (m) =>
              m.from === 'bot' &&
              JSON.stringify(m).includes('☀️ 早上好！') &&
              JSON.stringify(m).includes(LATE),
          ),
      'Monday’s digest with the overdue decision',
    );
    expect(JSON.stringify(digest.blocks)).toContain(LATE);
    expect(await overdue(late.id)).toHaveLength(1);
    expect((await overdue(late.id))[0]).toMatchObject({ personId: 'ma-qiang' });
    expect(await overdue(done.id)).toHaveLength(0);
    await delivered('ma-qiang');
    const chased = await dmMessagesWith(P.maQiang, LATE);

    // The run again (a second wake, another replica): nothing more is sent.
    await slack.playground().bot.wakeScheduler();
    await slack.playground().bot.wakeScheduler();
    await delivered('ma-qiang');
    expect(await overdue(late.id)).toHaveLength(1);
    expect(await dmMessagesWith(P.maQiang, LATE)).toHaveLength(chased.length);
    expect(await dmMessagesWith(P.maQiang, '☀️ 早上好！')).toHaveLength(digestsBefore + 1);
  }, 60_000);

  it('reports the other decision done to the organiser and hands the meeting to the archive', async () => {
    const task = await pg.cardWithButton(P.huangLei, DONE, 'wf_complete');
    const form = await modalOf(P.huangLei, task, 'wf_complete');
    const result = '验收工作方案已于12月7日报送局办公室。';
    expect(
      (await pg.submit(P.huangLei, form.id, { wf_modal_result: { wf_result_input: text(result) } })).body,
    ).toEqual({ ok: true });
    const told = await dmWith(P.gaoYan, '已由黄磊办结');
    expect(told.text).toBe(`「${TITLE}」的决定事项「${DONE}」已由黄磊办结：${result}`);
    expect(await prisma().workflowInstance.findFirstOrThrow({ where: { title: DONE } })).toMatchObject({
      status: 'approved',
    });
    expect(await prisma().workflowInstance.findFirstOrThrow({ where: { title: LATE } })).toMatchObject({
      status: 'running',
    });

    // The archive's record: the notice, the agenda, the sign-in sheet, the minutes.
    const request = await meeting();
    const minutes = await prisma().workflowInstance.findFirstOrThrow({
      where: { definitionId: 'meeting_minutes' },
    });
    const handoff = await prisma().archiveHandoff.findUniqueOrThrow({ where: { instanceId: request.id } });
    expect(handoff).toMatchObject({
      kind: 'meeting',
      title: TITLE,
      year: 2026,
      departmentId: 'construction',
      retention: '30y',
      status: 'pending',
      handedById: 'wang-zhenhua',
    });
    const signedAt = local('2026-12-03T08:40:00').toISOString();
    expect(handoff.materials).toEqual({
      notice: { meetingRequest: request.id },
      agenda: AGENDA,
      materialsLink: MATERIALS,
      minutes: minutes.id,
      signInSheet: {
        expected: 4,
        present: 2,
        leave: 1,
        absent: 1,
        rows: [
          expect.objectContaining({
            personId: 'tang-ning',
            name: '唐宁',
            response: 'attending',
            signedInAt: signedAt,
          }),
          expect.objectContaining({
            personId: 'lin-feng',
            response: 'leave',
            leaveReason: '赴省厅汇报农村供水工作',
            signedInAt: null,
          }),
          expect.objectContaining({ personId: 'xu-hui', response: 'delegated', delegateId: 'huang-lei' }),
          expect.objectContaining({ personId: 'wang-zhenhua', response: 'pending', signedInAt: null }),
          expect.objectContaining({
            personId: 'huang-lei',
            delegatedById: 'xu-hui',
            signedInAt: signedAt,
            signedInBy: 'huang-lei',
          }),
        ],
      },
    });
    await dmWith(P.fengXiaoyu, `《${TITLE}》的会议材料（通知、议程、签到表、纪要）已移交归档`);

    // The archivist takes it in: it is catalogued under its title.
    expect((await pg.command(P.fengXiaoyu, '/archive', 'intake')).body).toEqual({ ok: true });
    await waitForAnswer(P.fengXiaoyu, '已接收 1 件归档移交并编目');
    const catalogued = await prisma().archiveHandoff.findUniqueOrThrow({ where: { id: handoff.id } });
    expect(catalogued.status).toBe('catalogued');
    expect(
      await prisma().archiveEntry.findUniqueOrThrow({ where: { id: catalogued.catalogEntryId ?? '' } }),
    ).toMatchObject({ title: TITLE, source: 'handoff', retention: '30y' });
  }, 60_000);
});
