import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainOf } from '../../src/chat/core/reply.ts';
import { MEETING_DEFINITION } from '../../src/domain/meetings/meeting.ts';
import { DECISION_DEFINITION, MINUTES_DEFINITION } from '../../src/domain/meetings/minutes.ts';
import { countPendingHandoffs, intakeHandoffs } from '../../src/features/archive/intake.ts';
import { createMemoryHarness, type MemoryHarness } from '../conformance/memory-harness.ts';
import { cardTitled } from '../conformance/suite.ts';
import { databaseKinds } from '../support/databases.ts';
import { type Fields, postForm } from '../support/meeting-forms.ts';

// Minutes (会议纪要) and decisions (决定事项) through the core on the in-memory platform (commands
// typed as text, forms on the bot's web page), on PGlite and PostgreSQL: no minutes before the
// meeting starts or by someone outside the host department; the form's refusals beside each
// field in the person's language; the form sent twice starting one set of minutes; the chair's
// return with an opinion, the drafter's edit on the same form and its resubmit; the signature
// (pressed twice, applied once) sending the minutes to the attendees and the extra range,
// starting each decision as its owner's task with a deadline and reminders, and handing the
// meeting to the archive; the office's and one's own lists of open decisions with the overdue
// marked; a decision done telling the organiser.

const ORGANISER = 'xu-hui'; // water-admin
const HOST_HEAD = 'liu-yang'; // water-admin's head
const OFFICE_HEAD = 'zhao-min'; // office head, and the office's principal head
const CHAIR = 'wang-zhenhua'; // 王振华
const OWNER = 'ma-qiang'; // 马强, construction head
const ARCHIVIST = 'feng-xiaoyu';
const TITLE = '防汛工作部署会';
const HOUR = 3_600_000;

describe.each(databaseKinds)('meeting minutes and decisions through the core on %s', (kind) => {
  let h: MemoryHarness;
  let events = 0;
  beforeAll(async () => {
    h = await createMemoryHarness({ kind });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  /** Types `text` and returns the last thing the person was shown: an answer, or a refusal. */
  const command = async (personId: string, text: string) => {
    await h.adapter.command(personId, text, `E-minutes-${++events}`);
    return h.adapter.memory.messagesOf(personId).at(-1);
  };
  const said = async (personId: string, text: string) => {
    const message = await command(personId, text);
    if (message?.kind === 'reply') return plainOf(message.reply.text);
    if (message?.kind === 'text') return message.text;
    throw new Error(`a ${message?.kind} message`);
  };
  /** Types `text` and returns the web form's link the answer carries. */
  const formLink = async (personId: string, text: string, path: string): Promise<URL> => {
    const message = await command(personId, text);
    const runs = message?.kind === 'reply' ? message.reply.text : [];
    const run = runs.find((r) => typeof r !== 'string' && r.url !== undefined);
    if (typeof run === 'string' || run?.url === undefined)
      throw new Error(`no form link: ${JSON.stringify(message)}`);
    const url = new URL(run.url);
    expect(url.pathname).toBe(path);
    return url;
  };
  /** Posts the form; its refusals by field id. */
  const submit = async (url: URL, fields: Fields) => {
    const posted = await postForm(h, url, fields);
    const errors: Record<string, string | undefined> = Object.fromEntries(
      Object.entries(posted.errors).map(([id, text]) => [id.replace(/^f-(.*)-error$/u, '$1'), String(text)]),
    );
    return { ...posted, errors };
  };
  const approve = async (personId: string, title = TITLE) => {
    await h.press(personId, await cardTitled(h, personId, title), 'approve');
    await h.deliver();
  };
  /** Requests a meeting `title` on `day` (09:00–11:00, room 301) and approves it to the end. */
  const approvedMeeting = async (title: string, day: string) => {
    const url = await formLink(ORGANISER, '会议 new', '/forms/meeting.request');
    const sent = await submit(url, {
      name: title,
      agenda: '一、通报汛情；二、部署防汛值班',
      day,
      start: '09:00',
      end: '11:00',
      room: 'room-301',
      place: '',
      attendees: [OWNER],
      departments: ['rural-water'],
      host: 'water-admin',
      chair: CHAIR,
      materials: '',
      budget: '',
      planned: 'planned',
      reason: '',
    });
    expect(sent.status).toBe(200);
    await h.deliver();
    for (const approver of [HOST_HEAD, OFFICE_HEAD, CHAIR]) await approve(approver, title);
  };
  const minutesFields = (overrides: Fields = {}): Fields => ({
    summary: '会议通报了今年汛情，部署了防汛值班和物资准备工作。',
    d1_text: '完成防汛物资清点',
    d1_owner: `p:${OWNER}`,
    d1_days: '3',
    d2_text: '修订防汛值班表',
    d2_owner: 'd:office',
    d2_days: '2个工作日',
    range_people: ['gao-yan'],
    ...overrides,
  });
  const minutesCount = () =>
    h.prisma.workflowInstance.count({ where: { definitionId: MINUTES_DEFINITION.id } });
  const decisions = () =>
    h.prisma.workflowInstance.findMany({
      where: { definitionId: DECISION_DEFINITION.id },
    });
  const textsOf = async (personId: string) => (await h.texts(personId)).join('\n');

  it('takes no minutes before the meeting starts, nor from outside the host department', async () => {
    // Monday 23 November 09:30: the meeting is on Wednesday at 09:00.
    await approvedMeeting(TITLE, '2026-11-25');

    expect(await said(ORGANISER, `会议 minutes ${TITLE}`)).toBe(
      '会议在 11月25日（周三）09:00–11:00 召开，开始后才能写纪要。',
    );
    expect(await said(ORGANISER, '会议 minutes')).toContain('目前没有需要你写纪要的会议');
    // Wednesday 11:30, after the meeting.
    h.advance(2 * 24 * HOUR + 2 * HOUR);
    expect(await said('gao-yan', `会议 纪要 ${TITLE}`)).toBe('会议纪要由会议组织者或主办部门人员起草。');
    expect(await said(ORGANISER, '会议 minutes 抗旱')).toContain('没有找到已批准的会议“抗旱”');
    expect(await minutesCount()).toBe(0);
  });

  it('refuses bad minutes beside each field, in the person’s language, and starts nothing', async () => {
    const url = await formLink(ORGANISER, '会议 minutes', '/forms/meeting.minutes');
    // Each field's own check first: what is missing or cannot be read.
    const refused = await submit(url, minutesFields({ summary: '', d2_days: '0' }));
    expect(refused.status).toBe(422);
    expect(refused.errors).toEqual({
      summary: '请填写纪要内容。',
      d2_days: '办理时限应为 1 到 365 个工作日。',
    });
    // Then each decision row as a whole: an owner but no text, a text but no owner.
    const rows = await submit(url, minutesFields({ d1_owner: '', d3_owner: `p:${OWNER}`, d3_days: '1' }));
    expect(rows.status).toBe(422);
    expect(rows.errors).toEqual({
      d1_owner: '请从列表中选择这项决定的责任人或责任部门。',
      d3_text: '请写明这项决定的内容。',
    });
    const headless = await submit(
      url,
      minutesFields({ d3_text: '研究经费', d3_owner: 'd:leadership', d3_days: '5' }),
    );
    expect(headless.errors.d3_owner).toBe('该部门没有负责人，请改选责任人。');

    await h.prisma.person.update({ where: { id: HOST_HEAD }, data: { locale: 'en' } });
    const english = await submit(
      await formLink(HOST_HEAD, `会议 minutes ${TITLE}`, '/forms/meeting.minutes'),
      minutesFields({ d1_days: '400' }),
    );
    expect(english.errors.d1_days).toBe('The time allowed must be from 1 to 365 working days.');
    expect(await minutesCount()).toBe(0);
  });

  it('starts the minutes once when the form is sent twice, and the chair returns them with an opinion', async () => {
    const url = await formLink(ORGANISER, `会议 minutes ${TITLE}`, '/forms/meeting.minutes');
    // Sent twice at once: one send applies, the other finds the link used.
    const both = await Promise.all([submit(url, minutesFields()), submit(url, minutesFields())]);
    expect(both.map((x) => x.status).sort()).toEqual([200, 410]);
    const first = both.find((x) => x.status === 200);
    expect(first?.html).toContain('《防汛工作部署会》的会议纪要已送 王振华 审签。');
    expect(await minutesCount()).toBe(1);
    await h.deliver();

    // The host head (in English) may not write a second set; the form says the minutes are with the chair.
    expect(await said(HOST_HEAD, `会议 minutes ${TITLE}`)).toBe(
      'The minutes of this meeting are with the chairing leader; they can be changed once signed or returned.',
    );

    const card = await cardTitled(h, CHAIR, TITLE);
    expect(card.content).toContain('会议通报了今年汛情');
    expect(card.content).toContain('起草人：徐慧');
    expect(card.content).toContain('1. 完成防汛物资清点（责任人：马强，3 个工作日内办结）');
    expect(card.content).toContain('2. 修订防汛值班表（责任人：办公室（赵敏），2 个工作日内办结）');
    const form = await h.openForm(CHAIR, card, 'return');
    const returned = await submit(new URL(form.handle as string), {
      return_target: 'requester',
      comment: '请补充物资清点的具体范围',
    });
    expect(returned.status).toBe(200);
    await h.deliver();
    expect(await textsOf(ORGANISER)).toContain(
      '《防汛工作部署会》的会议纪要被王振华退回：请补充物资清点的具体范围\n请用 /meeting minutes 防汛工作部署会 修改后重新送审签。',
    );
    // Returned to its drafter: someone else of the host department is told who drafts it.
    expect(await said(HOST_HEAD, `会议 minutes ${TITLE}`)).toBe(
      'The minutes of this meeting were drafted by Xu Hui and returned to them.',
    );
  });

  it('lets the drafter edit the returned minutes on the same form and send them again', async () => {
    const url = await formLink(ORGANISER, `会议 minutes ${TITLE}`, '/forms/meeting.minutes');
    const page = await (await fetch(`http://127.0.0.1:${h.formsPort}${url.pathname}${url.search}`)).text();
    expect(page).toContain('会议通报了今年汛情');
    const sent = await submit(url, minutesFields({ d1_text: '完成防汛物资清点（沙袋、救生衣、抽水泵）' }));
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('《防汛工作部署会》的会议纪要已修改，重新送 王振华 审签。');
    await h.deliver();
    const minutes = await h.prisma.workflowInstance.findFirstOrThrow({
      where: { definitionId: MINUTES_DEFINITION.id },
    });
    expect(minutes.status).toBe('running');
    const card = await cardTitled(h, CHAIR, TITLE);
    expect(card.content).toContain('完成防汛物资清点（沙袋、救生衣、抽水泵）');
  });

  it('signs once on a double press: the minutes go out, each decision becomes a task with a deadline, the meeting goes to the archive', async () => {
    await h.prisma.person.update({ where: { id: 'tang-ning' }, data: { locale: 'en' } });
    // 林峰 sent 黄磊 in his place (委派): the stand-in, invited by the meeting, gets the minutes too.
    const meeting = await h.prisma.workflowInstance.findFirstOrThrow({
      where: { title: TITLE, definitionId: MEETING_DEFINITION.id },
    });
    await h.prisma.meetingAttendee.update({
      where: { instanceId_personId: { instanceId: meeting.id, personId: 'lin-feng' } },
      data: { response: 'delegated', delegateId: 'huang-lei' },
    });
    await h.prisma.meetingAttendee.create({
      data: { instanceId: meeting.id, personId: 'huang-lei', delegatedById: 'lin-feng', createdAt: h.now() },
    });
    const card = await cardTitled(h, CHAIR, TITLE);
    await Promise.all([h.press(CHAIR, card, 'approve'), h.press(CHAIR, card, 'approve')]);
    await h.deliver();

    const made = await decisions();
    expect(made.map((d) => [d.title, d.waitingOn]).sort()).toEqual(
      [
        ['完成防汛物资清点（沙袋、救生衣、抽水泵）', [OWNER]],
        ['修订防汛值班表', [OFFICE_HEAD]],
      ].sort(),
    );
    expect(made.every((d) => d.requesterId === ORGANISER)).toBe(true);
    // Reminders follow each decision's deadline, as for any item with one.
    const reminders = await h.prisma.reminder.findMany({
      where: { instanceId: { in: made.map((d) => d.id) }, status: 'pending', personId: { not: null } },
    });
    expect(new Set(reminders.map((r) => r.personId))).toEqual(new Set([OWNER, OFFICE_HEAD]));

    // The attendees, the departments' members, the chair and the extra range get the minutes.
    for (const person of [OWNER, 'lin-feng', 'huang-lei', CHAIR, 'gao-yan']) {
      const texts = await textsOf(person);
      expect(texts).toContain('会议纪要：《防汛工作部署会》（11月25日（周三）09:00–11:00），王振华已审签。');
      expect(texts).toContain(
        '决定事项：\n1. 完成防汛物资清点（沙袋、救生衣、抽水泵）（责任人：马强，3 个工作日内办结）',
      );
    }
    // In English for those who read it, once each.
    const english = (await h.texts('tang-ning')).filter((x) => x.startsWith('Minutes of'));
    expect(english).toHaveLength(1);
    expect(english[0]).toContain('Minutes of “防汛工作部署会” (Wed 25 Nov 09:00–11:00), signed by');
    expect(english[0]).toContain('(owner: Ma Qiang, within 3 working days)');
    expect(await textsOf(ORGANISER)).toContain('《防汛工作部署会》的会议纪要已由王振华审签');
    expect((await cardTitled(h, ORGANISER, '会议通报了今年汛情')).content).toContain('已审签');
    expect(await textsOf('zhou-jing')).not.toContain('会议纪要：');

    const handoffs = await h.prisma.archiveHandoff.findMany({ where: { kind: 'meeting' } });
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]).toMatchObject({
      title: TITLE,
      year: 2026,
      departmentId: 'water-admin',
      retention: '30y',
      status: 'pending',
      handedById: CHAIR,
    });
    expect(handoffs[0]?.materials).toMatchObject({ agenda: '一、通报汛情；二、部署防汛值班' });
    // The sign-in sheet: each attendee's answer and sign-in (nobody signed in here), the stand-in
    // named by 林峰 counted instead of him.
    const { materials } = handoffs[0] ?? { materials: null };
    const sheet = (materials as { signInSheet: { rows: Array<Record<string, unknown>> } }).signInSheet;
    expect(sheet).toMatchObject({ present: 0, leave: 0 });
    expect(sheet.rows).toContainEqual(
      expect.objectContaining({
        personId: 'lin-feng',
        name: '林峰',
        response: 'delegated',
        delegateId: 'huang-lei',
      }),
    );
    expect(sheet.rows).toContainEqual(
      expect.objectContaining({ personId: 'huang-lei', delegatedById: 'lin-feng', signedInAt: null }),
    );
    expect(sheet.rows.map((r) => r.personId)).toContain(OWNER);
    expect(await countPendingHandoffs(h.prisma)).toBe(1);
    expect(await textsOf(ARCHIVIST)).toContain(
      '《防汛工作部署会》的会议材料（通知、议程、签到表、纪要）已移交归档',
    );
    const intake = await intakeHandoffs(
      { prisma: h.prisma, clock: { now: () => h.now() } },
      { actorId: ARCHIVIST },
    );
    expect(intake.catalogued.map((e) => e.title)).toEqual([TITLE]);

    expect(await said(ORGANISER, `会议 minutes ${TITLE}`)).toBe('这次会议的纪要已审签发出，不能再改。');
  });

  it('lists open decisions for the office and one’s own, marks the overdue, and tells the organiser when one is done', async () => {
    const all = await said(OFFICE_HEAD, '会议 decisions');
    expect(all).toContain('未办结的会议决定事项（2 项）：');
    expect(all).toContain('《防汛工作部署会》 修订防汛值班表 — 赵敏 — 截止 2026-11-27');
    expect(all).not.toContain('已超期');
    expect(await said('gao-yan', '会议 decisions')).toBe(
      '全部决定事项只有办公室和局领导可以查看；用 /meeting decisions mine 查看你负责的。',
    );
    const mine = await said(OWNER, '会议 决定事项 mine');
    expect(mine).toContain('你负责的未办结会议决定事项（1 项）：');
    expect(mine).toContain('完成防汛物资清点（沙袋、救生衣、抽水泵） — 马强 — 截止 2026-11-30');

    // Monday 30 November: the office's decision (due Friday) is late.
    h.advance(5 * 24 * HOUR);
    const late = await said(OFFICE_HEAD, '会议 decisions');
    expect(late).toContain('修订防汛值班表 — 赵敏 — 截止 2026-11-27（已超期）');
    expect(late).not.toContain('2026-11-30（已超期）');
    // The person's work lists their decisions under 我的决定事项, overdue marked, and not again
    // under 待我办理.
    const work = await command(OFFICE_HEAD, '待办');
    const blocks = work?.kind === 'reply' ? work.reply.blocks : [];
    const rows = (prefix: string) =>
      blocks.flatMap((b) =>
        b.kind === 'section' && b.key?.startsWith(prefix) ? [plainOf(b.text ?? [])] : [],
      );
    expect(rows('home:meeting-decisions:row:')).toEqual([
      '修订防汛值班表\n《防汛工作部署会》 · 截止 2026-11-27 ⚠ 已超期',
    ]);
    expect(rows('home:waiting:row:').join('\n')).not.toContain('修订防汛值班表');
    expect(work?.kind === 'reply' && plainOf(work.reply.text)).toContain('我的决定事项（1 件）');
    await h.prisma.person.update({ where: { id: OWNER }, data: { locale: 'en' } });
    const english = await command(OWNER, 'todo');
    expect(english?.kind === 'reply' && JSON.stringify(english.reply.blocks)).toContain(
      'from “防汛工作部署会” · due 2026-11-30',
    );
    expect(english?.kind === 'reply' && plainOf(english.reply.text)).toContain('My open decisions (1)');
    await h.prisma.person.update({ where: { id: OWNER }, data: { locale: 'zh' } });

    const card = await cardTitled(h, OWNER, '完成防汛物资清点（沙袋、救生衣、抽水泵）');
    const form = await h.openForm(OWNER, card, 'complete');
    const done = await submit(new URL(form.handle as string), { result: '已清点沙袋2000袋、救生衣300件' });
    expect(done.status).toBe(200);
    await h.deliver();
    expect(await textsOf(ORGANISER)).toContain(
      '「防汛工作部署会」的决定事项「完成防汛物资清点（沙袋、救生衣、抽水泵）」已由马强办结：已清点沙袋2000袋、救生衣300件',
    );
    expect(await said(OWNER, '会议 decisions mine')).toBe('你没有未办结的会议决定事项。');
    expect((await cardTitled(h, ORGANISER, '已清点沙袋2000袋')).content).toContain('已办结');
  });

  it('gives the organiser a decision whose owner left before the signature', async () => {
    // Monday 30 November: meetings on Tuesday and Wednesday; on Wednesday noon both wait for minutes.
    await approvedMeeting('河道清障会', '2026-12-01');
    await approvedMeeting('河长制工作会', '2026-12-02');
    h.advance(48 * HOUR);
    expect(await said(ORGANISER, '会议 minutes')).toBe(
      [
        '可以写纪要的会议（用 /meeting minutes 会议名称 打开）：',
        '《河长制工作会》 12月2日（周三）09:00–11:00',
        '《河道清障会》 12月1日（周二）09:00–11:00',
      ].join('\n'),
    );
    expect(await said(ORGANISER, '会议 minutes 会')).toBe(
      '有几次会议都符合：《河长制工作会》《河道清障会》《防汛工作部署会》，请写出完整的会议名称。',
    );
    const url = await formLink(ORGANISER, '会议 minutes 河道清障会', '/forms/meeting.minutes');
    const sent = await submit(url, {
      summary: '部署河道清障。',
      d1_text: '清理河道障碍物',
      d1_owner: 'p:gao-yan',
      d1_days: '5',
    });
    expect(sent.status).toBe(200);
    await h.deliver();
    await h.prisma.person.update({ where: { id: 'gao-yan' }, data: { active: false } });
    await h.press(CHAIR, await cardTitled(h, CHAIR, '部署河道清障。'), 'approve');
    await h.deliver();
    const decision = await h.prisma.workflowInstance.findFirstOrThrow({ where: { title: '清理河道障碍物' } });
    expect(decision.waitingOn).toEqual([ORGANISER]);
    await h.prisma.person.update({ where: { id: 'gao-yan' }, data: { active: true } });
  });

  it('takes new minutes once the chair has rejected the first', async () => {
    const first = await formLink(ORGANISER, '会议 minutes 河长制工作会', '/forms/meeting.minutes');
    expect((await submit(first, { summary: '河长制工作初稿。' })).status).toBe(200);
    await h.deliver();
    const form = await h.openForm(CHAIR, await cardTitled(h, CHAIR, '河长制工作初稿。'), 'reject');
    expect((await submit(new URL(form.handle as string), { comment: '另行组织' })).status).toBe(200);
    await h.deliver();
    const again = await formLink(ORGANISER, '会议 minutes 河长制工作会', '/forms/meeting.minutes');
    expect((await submit(again, { summary: '河长制工作纪要。' })).status).toBe(200);
    const all = await h.prisma.workflowInstance.findMany({
      where: { definitionId: MINUTES_DEFINITION.id, title: '河长制工作会' },
      select: { status: true },
    });
    expect(all.map((m) => m.status).sort()).toEqual(['rejected', 'running']);
  });
});
