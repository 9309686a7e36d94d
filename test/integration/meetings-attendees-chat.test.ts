import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainOf } from '../../src/chat/core/reply.ts';
import { answerNotice } from '../../src/features/meetings/attendees.ts';
import { createMemoryHarness, type MemoryHarness } from '../conformance/memory-harness.ts';
import { cardTitled } from '../conformance/suite.ts';
import { databaseKinds } from '../support/databases.ts';
import { meetingFields, meetingSteps } from '../support/meeting-steps.ts';

// A meeting's notice and its answers through the core on the in-memory platform (forms on the
// bot's web page), on PGlite and PostgreSQL: at the chairing leader's approval every invitee (the
// people named, the departments' members, the chair) is written once and gets a copy of the card
// with 参加 / 请假 / 委派; the organiser's copy shows the tally with names, redrawn on each answer;
// the same answer twice, or two at once, applies once; an answer may change before the meeting;
// 请假 needs a reason; 委派 invites the stand-in, who gets the card; someone not invited is refused,
// and so is an answer once the meeting is over.

const ORGANISER = 'xu-hui';
const HOST_HEAD = 'liu-yang';
const OFFICE_HEAD = 'zhao-min';
const CHAIR = 'wang-zhenhua';
const TITLE = '防汛工作部署会';
/** Monday 2026-11-23 09:30 in Shanghai is the harness's clock; the meeting is on Wednesday. */

const MEETING = meetingFields({
  name: TITLE,
  agenda: '一、通报汛情；二、部署防汛值班',
  departments: ['rural-water'],
  chair: CHAIR,
  materials: 'https://pan.example.gov.cn/fx',
});

describe.each(databaseKinds)('a meeting’s notice and answers on %s', (kind) => {
  let h: MemoryHarness;
  beforeAll(async () => {
    h = await createMemoryHarness({ kind });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  const steps = meetingSteps(() => h);
  const { lastMessage, linkIn, submit, fieldOf } = steps;
  const cardOf = (personId: string) => steps.cardOf(personId, TITLE);
  const press = (personId: string, key: string) => steps.press(personId, TITLE, key);
  const attendee = (personId: string) => steps.attendee(TITLE, personId);
  /** The organiser's tally, a line per answer. */
  const tally = async () => fieldOf((await cardOf(ORGANISER)).card, '回执')?.value.split('\n') ?? [];

  it('writes every invitee once at the final approval and sends each the notice with its buttons', async () => {
    await h.adapter.command(ORGANISER, '会议 new', steps.event());
    expect((await submit(linkIn(ORGANISER), MEETING)).status).toBe(200);
    await h.deliver();
    for (const approver of [HOST_HEAD, OFFICE_HEAD]) {
      await h.press(approver, await cardTitled(h, approver, TITLE), 'approve');
      await h.deliver();
    }
    // Nobody is invited before the chairing leader approves.
    expect(await h.prisma.meetingAttendee.count()).toBe(0);
    expect(await h.cards('gao-yan')).toEqual([]);
    await h.press(CHAIR, await cardTitled(h, CHAIR, TITLE), 'approve');
    await h.deliver();

    const rows = await h.prisma.meetingAttendee.findMany({ orderBy: { id: 'asc' } });
    // The people named, the rural water department's members, the chair: each once.
    expect(rows.map((r) => r.personId)).toEqual(['gao-yan', 'ma-qiang', 'lin-feng', 'tang-ning', CHAIR]);
    expect(rows.every((r) => r.response === 'pending' && r.signedInAt === null)).toBe(true);
    for (const personId of ['gao-yan', 'ma-qiang', 'lin-feng', 'tang-ning', CHAIR]) {
      const { card } = await cardOf(personId);
      expect(card.extraActions.map((a) => a.key)).toEqual([
        'meeting_attend',
        'meeting_leave',
        'meeting_delegate',
      ]);
      expect(fieldOf(card, '我的答复')?.value).toBe('未回复');
      const content = JSON.stringify(card);
      for (const fact of [
        '11月25日（周三）09:00–11:00',
        '三楼第一会议室（30 人）',
        '一、通报汛情',
        'https://pan.example.gov.cn/fx',
      ]) {
        expect(content).toContain(fact);
      }
    }
    // One copy each: the chair's approval copy became their notice.
    expect(await h.cards(CHAIR)).toHaveLength(1);
    expect(await h.cards('gao-yan')).toHaveLength(1);
    // An approver who is not invited gets no buttons; the organiser sees the tally.
    expect((await cardOf(HOST_HEAD)).card.extraActions).toEqual([]);
    const { card: organiser } = await cardOf(ORGANISER);
    expect(organiser.fields[0]).toEqual({
      label: '回执',
      value: '已确认（0）：无\n请假（0）：无\n未回复（5）：高燕、马强、林峰、唐宁、王振华',
      summary: '已确认（0），请假（0），未回复（5）',
    });
    // The materials field carries its address through the card's assembly, for platforms to link.
    expect(fieldOf(organiser, '会议材料')).toMatchObject({
      value: 'https://pan.example.gov.cn/fx',
      url: 'https://pan.example.gov.cn/fx',
    });
  });

  it('records 参加 once, redraws the organiser’s tally, and answers a second press without changing anything', async () => {
    await press('gao-yan', 'meeting_attend');
    expect(lastMessage('gao-yan')).toBe(`已确认参加《${TITLE}》。`);
    await h.deliver();
    const first = await attendee('gao-yan');
    expect(first?.response).toBe('attending');
    expect(fieldOf((await cardOf('gao-yan')).card, '我的答复')?.value).toBe('参加');
    expect(await tally()).toEqual([
      '已确认（1）：高燕',
      '请假（0）：无',
      '未回复（4）：马强、林峰、唐宁、王振华',
    ]);

    h.advance(60_000);
    await press('gao-yan', 'meeting_attend');
    expect(lastMessage('gao-yan')).toBe(`您对《${TITLE}》的答复已记录，没有变化。`);
    expect((await attendee('gao-yan'))?.respondedAt).toEqual(first?.respondedAt);
  });

  it('applies two presses at the same moment once', async () => {
    const { seen } = await cardOf('ma-qiang');
    await Promise.all([
      h.adapter.pressCardButton('ma-qiang', seen.handle as string, 'meeting_attend', steps.event()),
      h.adapter.pressCardButton('ma-qiang', seen.handle as string, 'meeting_attend', steps.event()),
    ]);
    const answers = h.adapter.memory
      .messagesOf('ma-qiang')
      .flatMap((m) => (m.kind === 'reply' ? [plainOf(m.reply.text)] : []));
    expect(answers.filter((a) => a === `已确认参加《${TITLE}》。`)).toHaveLength(1);
    expect(answers.filter((a) => a.includes('没有变化'))).toHaveLength(1);
    await h.deliver();
    expect(await tally()).toContain('已确认（2）：高燕、马强');
  });

  it('asks 请假 for a reason on its form, shows it to the organiser, and lets the answer change to 参加', async () => {
    await press('tang-ning', 'meeting_leave');
    const url = linkIn('tang-ning');
    expect(url.pathname).toBe('/forms/meeting.leave');
    const empty = await submit(url, { reason: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('请填写请假理由。');
    expect((await attendee('tang-ning'))?.response).toBe('pending');
    const sent = await submit(url, { reason: '赴现场检查堤防' });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain(`已就《${TITLE}》向组织者请假。`);
    await h.deliver();
    expect(await attendee('tang-ning')).toMatchObject({ response: 'leave', leaveReason: '赴现场检查堤防' });
    expect(await tally()).toContain('请假（1）：唐宁（赴现场检查堤防）');
    expect(fieldOf((await cardOf('tang-ning')).card, '我的答复')?.value).toBe('请假：赴现场检查堤防');

    await press('tang-ning', 'meeting_attend');
    await h.deliver();
    expect(await attendee('tang-ning')).toMatchObject({ response: 'attending' });
    expect(await tally()).toContain('已确认（3）：高燕、马强、唐宁');
  });

  it('invites a stand-in named by 委派, who gets the notice and may answer it', async () => {
    await press('lin-feng', 'meeting_delegate');
    const url = linkIn('lin-feng');
    expect(url.pathname).toBe('/forms/meeting.delegate');
    // Someone invited already is not offered.
    const invited = await submit(url, { person: 'gao-yan' });
    expect(invited.status).toBe(422);
    expect((await attendee('lin-feng'))?.response).toBe('pending');
    const sent = await submit(url, { person: 'huang-lei' });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain(`已委派 黄磊 代为参加《${TITLE}》，会议通知已发给对方。`);
    await h.deliver();

    expect(await attendee('lin-feng')).toMatchObject({ response: 'delegated', delegateId: 'huang-lei' });
    expect(await attendee('huang-lei')).toMatchObject({ response: 'pending', delegatedById: 'lin-feng' });
    expect((await h.texts('huang-lei')).join('\n')).toContain(`林峰 委派您代为参加会议《${TITLE}》`);
    const { card: stand } = await cardOf('huang-lei');
    expect(fieldOf(stand, '委派人')?.value).toBe('林峰');
    expect(stand.extraActions.map((a) => a.key)).toContain('meeting_attend');
    const { card: delegator } = await cardOf('lin-feng');
    expect(fieldOf(delegator, '我的答复')?.value).toBe('已委派 黄磊 代为参会');
    expect(delegator.extraActions.map((a) => a.key)).toEqual(['meeting_attend', 'meeting_leave']);
    expect(await tally()).toEqual([
      '已确认（3）：高燕、马强、唐宁',
      '请假（0）：无',
      '已委派（1）：林峰 → 黄磊',
      '未回复（2）：王振华、黄磊',
    ]);

    await press('huang-lei', 'meeting_attend');
    expect(lastMessage('huang-lei')).toBe(`已确认参加《${TITLE}》。`);
  });

  it('refuses someone the meeting does not invite', async () => {
    await press(HOST_HEAD, 'meeting_attend');
    expect(lastMessage(HOST_HEAD)).toBe('您不在这次会议的参会名单中，不能答复。');
    expect(await attendee(HOST_HEAD)).toBeNull();
  });

  /** A 秘密 meeting on Tuesday in the hall, hosted by the office: no name, agenda or materials. */
  const CLASSIFIED = {
    ...MEETING,
    name: '',
    agenda: '',
    materials: '',
    day: '2026-11-24',
    room: 'hall',
    departments: [],
    host: 'office',
    secrecy: 'secret',
  };

  it('refuses to invite to a classified meeting anyone cleared below its level, naming them', async () => {
    const before = await h.prisma.workflowInstance.count();
    await h.adapter.command('zhou-jing', '会议 new', steps.event());
    const refused = await submit(linkIn('zhou-jing'), {
      ...CLASSIFIED,
      // 高燕 and 马强 are cleared 内部 (the default), 孙丽 秘密; the chair 王振华 秘密.
      attendees: ['gao-yan', 'sun-li', 'ma-qiang'],
      reference: '会〔2026〕8号',
    });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain(
      '本次会议密级为秘密，以下参会人员（含所邀部门的成员和主持领导）的涉密等级低于此密级，不能参会：马强、高燕。',
    );
    expect(refused.html).not.toContain('孙丽、');
    expect(await h.prisma.workflowInstance.count()).toBe(before);
  });

  it('names a classified meeting by its number in what it tells an attendee', async () => {
    const number = '会〔2026〕9号';
    await h.adapter.command('zhou-jing', '会议 new', steps.event());
    // Everyone invited is cleared for 秘密.
    const sent = await submit(linkIn('zhou-jing'), {
      ...CLASSIFIED,
      attendees: ['sun-li'],
      reference: number,
    });
    expect(sent.status).toBe(200);
    await h.deliver();
    // The office head heads the host department too: one review, then the chair.
    for (const approver of [OFFICE_HEAD, CHAIR]) {
      await h.press(approver, await cardTitled(h, approver, number), 'approve');
      await h.deliver();
    }
    const { seen } = await steps.cardOf('sun-li', number);
    await h.adapter.pressCardButton('sun-li', seen.handle as string, 'meeting_attend', steps.event());
    expect(lastMessage('sun-li')).toBe(`已确认参加《${number}》。`);
    // A stand-in must be cleared too: the form offers none below 秘密, and the answer refuses one.
    await h.adapter.pressCardButton('sun-li', seen.handle as string, 'meeting_delegate', steps.event());
    const page = await (
      await fetch(`http://127.0.0.1:${h.formsPort}${linkIn('sun-li').pathname}${linkIn('sun-li').search}`)
    ).text();
    expect(page).toContain('value="feng-xiaoyu"');
    expect(page).not.toContain('value="lin-feng"');
    const instance = await h.prisma.workflowInstance.findFirstOrThrow({ where: { reference: number } });
    await expect(
      answerNotice(
        { prisma: h.prisma, clock: { now: () => h.now() }, timeZone: 'Asia/Shanghai' },
        {
          instanceId: instance.id,
          workspaceId: instance.workspaceId,
          personId: 'sun-li',
          answer: { kind: 'delegate', toPersonId: 'lin-feng' },
        },
      ),
    ).rejects.toMatchObject({ code: 'meeting_delegate_not_cleared', params: { name: '林峰' } });
    expect(
      await h.prisma.meetingAttendee.count({ where: { instanceId: instance.id, personId: 'lin-feng' } }),
    ).toBe(0);
  });

  it('refuses an answer once the meeting is over, saying when it ended, in the person’s language', async () => {
    await h.prisma.person.update({ where: { id: CHAIR }, data: { locale: 'en' } });
    // Thursday: the meeting ended on Wednesday at 11:00.
    h.advance(3 * 24 * 60 * 60 * 1000);
    await press(CHAIR, 'meeting_attend');
    expect(lastMessage(CHAIR)).toBe('The meeting ended at 25 Nov 11:00; answers are closed.');
    await press('gao-yan', 'meeting_leave');
    expect(lastMessage('gao-yan')).toBe('会议已于 11月25日 11:00 结束，不能再答复。');
    expect((await attendee(CHAIR))?.response).toBe('pending');
    expect((await attendee('gao-yan'))?.response).toBe('attending');
  });
});
