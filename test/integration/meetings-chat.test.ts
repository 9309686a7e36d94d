import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainOf } from '../../src/chat/core/reply.ts';
import { MEETING_DEFINITION } from '../../src/domain/meetings/meeting.ts';
import { meetingApprovalHook } from '../../src/features/meetings/meeting-service.ts';
import { instanceFromRow } from '../../src/features/workflow/instance-row.ts';
import { createMemoryHarness, type MemoryHarness } from '../conformance/memory-harness.ts';
import { cardTitled } from '../conformance/suite.ts';
import { databaseKinds } from '../support/databases.ts';
import { type Fields, formLinkOf, MEETING_CHAIR, meetingFields, postForm } from '../support/meeting-forms.ts';

// Meetings (会议管理) through the core on the in-memory platform (commands typed as text, forms on
// the bot's web page), on PGlite and PostgreSQL: `会议 new` and its checks, the route (host
// department head → office head → chairing leader) with the meeting's facts on the cards, the room
// booked at the final approval, a request for a room already held told who holds it and which
// rooms are free, a room's week, and two approvals of one room at the same moment resolving to one
// booking.

const ORGANISER = 'xu-hui'; // water-admin, no head
const HOST_HEAD = 'liu-yang'; // water-admin's principal head
const OFFICE_HEAD = 'zhao-min';
const CHAIR = MEETING_CHAIR; // 王振华, a leader
const DAY = '2026-11-25'; // a Wednesday; the harness's clock is Monday 2026-11-23 09:30 (Shanghai)

/** Where the web form page shows a refusal about the room. */
const ROOM_ERROR = 'f-room-error';

/** A meeting for the water administration, chaired by 王振华, in room 301 from 09:00 to 11:00. */
const meeting = (overrides: Fields = {}): Fields => meetingFields(DAY, overrides);

describe.each(databaseKinds)('meetings through the core on %s', (kind) => {
  let h: MemoryHarness;
  let events = 0;
  beforeAll(async () => {
    h = await createMemoryHarness({ kind });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  const lastReply = (personId: string) => {
    const message = h.adapter.memory.messagesOf(personId).at(-1);
    if (message?.kind !== 'reply') throw new Error(`a ${message?.kind} message, not a reply`);
    return message.reply;
  };
  /** Types `会议 new` and returns the web form's link the answer carries. */
  const openForm = async (personId: string): Promise<URL> => {
    await h.adapter.command(personId, '会议 new', `E-meeting-${++events}`);
    const url = formLinkOf(h, personId);
    expect(url.pathname).toBe('/forms/meeting.request');
    return url;
  };
  const submit = (url: URL, fields: Fields) => postForm(h, url, fields);
  const requests = () => h.prisma.workflowInstance.count({ where: { definitionId: MEETING_DEFINITION.id } });
  const request = (title: string) =>
    h.prisma.workflowInstance.findFirstOrThrow({ where: { title }, orderBy: { createdAt: 'desc' } });
  const approve = async (personId: string, title: string) => {
    await h.press(personId, await cardTitled(h, personId, title), 'approve');
    await h.deliver();
  };
  /** Requests `fields` and approves it up to the chairing leader's step. */
  const toChair = async (fields: Fields) => {
    expect((await submit(await openForm(ORGANISER), fields)).status).toBe(200);
    await h.deliver();
    await approve(HOST_HEAD, fields.name as string);
    await approve(OFFICE_HEAD, fields.name as string);
  };

  it('refuses a form with bad input beside each field, in the person’s language, and starts nothing', async () => {
    const url = await openForm(ORGANISER);
    const refused = await submit(
      url,
      meeting({ end: '08:30', room: 'outside', planned: 'unplanned', attendees: [], departments: [] }),
    );
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('结束时间应晚于开始时间。');
    expect(refused.html).toContain('选择外部场所时请填写地点。');
    expect(refused.html).toContain('临时会议须写明召开理由（一事一报）。');
    expect(refused.html).toContain('请至少选择一位参会人员或一个参会部门。');
    expect(await requests()).toBe(0);

    await h.prisma.person.update({ where: { id: 'gao-yan' }, data: { locale: 'en' } });
    const english = await submit(await openForm('gao-yan'), meeting({ start: '25:00' }));
    expect(english.status).toBe(422);
    expect(english.html).toContain('Please give the start time, e.g. 09:30.');
    const budget = await submit(await openForm('gao-yan'), meeting({ budget: '很多' }));
    expect(budget.html).toContain('The budget must be a whole number of yuan from 0 to 100000000.');
    expect(await requests()).toBe(0);
  });

  it('routes a request to the host head, the office head and the chair, and books the room at approval', async () => {
    const fields = meeting();
    const sent = await submit(await openForm(ORGANISER), fields);
    expect(sent.status).toBe(200);
    expect(sent.html).toContain(
      '已提交会议申请《防汛工作部署会》（11月25日（周三）09:00–11:00，三楼第一会议室），等待 刘洋 审核。',
    );
    await h.deliver();

    const card = await cardTitled(h, HOST_HEAD, '防汛工作部署会');
    for (const fact of [
      '11月25日（周三）09:00–11:00',
      '三楼第一会议室（30 人）',
      '主持领导',
      '王振华',
      '一、通报汛情；二、部署防汛值班',
      '2000 元',
      '年度计划内',
    ]) {
      expect(card.content).toContain(fact);
    }
    // Nobody else is asked yet, and nothing holds the room before the approval.
    expect(await h.cards(CHAIR)).toEqual([]);
    await approve(HOST_HEAD, '防汛工作部署会');
    expect(await h.prisma.meetingBooking.count()).toBe(0);
    await approve(OFFICE_HEAD, '防汛工作部署会');
    expect(await h.prisma.meetingBooking.count()).toBe(0);
    await approve(CHAIR, '防汛工作部署会');

    const instance = await request('防汛工作部署会');
    expect(instance.status).toBe('approved');
    const booking = await h.prisma.meetingBooking.findUniqueOrThrow({ where: { instanceId: instance.id } });
    expect(booking).toMatchObject({
      roomId: 'room-301',
      title: '防汛工作部署会',
      startsAt: new Date('2026-11-25T01:00:00Z'),
      endsAt: new Date('2026-11-25T03:00:00Z'),
    });
  });

  it('tells a request for a held room which meeting holds it and which rooms are free, and starts nothing', async () => {
    const before = await requests();
    const everyone = meeting({
      name: '汛期安全生产会',
      start: '10:30',
      end: '12:00',
      attendees: [],
      // Twelve people with the chair: room 205 (10 seats) is too small.
      departments: ['office', 'water-admin', 'rural-water'],
    });
    const refused = await submit(await openForm(ORGANISER), everyone);
    expect(refused.status).toBe(409);
    expect(refused.errors[ROOM_ERROR]).toBe(
      '三楼第一会议室在 11月25日（周三）09:00–11:00 已由《防汛工作部署会》占用，不能预订。该时段可用且座位足够的会议室：一楼大会议室（120 人）。',
    );
    // Too small a room is refused with the same offer.
    const small = await submit(await openForm(ORGANISER), { ...everyone, room: 'room-205' });
    expect(small.status).toBe(409);
    expect(small.html).toContain(
      '二楼小会议室只有 10 个座位，本次会议预计 12 人。该时段可用且座位足够的会议室：一楼大会议室（120 人）。',
    );
    // In English for those who read it (gao-yan was set to English above).
    const english = await submit(await openForm('gao-yan'), everyone);
    expect(english.errors[ROOM_ERROR]).toBe(
      'Meeting room 301 is held at Wed 25 Nov 09:00–11:00 by “防汛工作部署会” and cannot be booked. Rooms free then with enough seats: Main hall (120 seats).',
    );
    expect(await requests()).toBe(before);

    // A meeting starting as the first one ends, in the same room, is taken.
    const after = await submit(await openForm(ORGANISER), {
      ...everyone,
      start: '11:00',
      departments: ['rural-water'],
    });
    expect(after.status).toBe(200);
  });

  it('shows a room’s week and every room’s count', async () => {
    await h.adapter.command(OFFICE_HEAD, `会议 rooms 三楼第一会议室 ${DAY}`, `E-meeting-${++events}`);
    const week = plainOf(lastReply(OFFICE_HEAD).text);
    expect(week).toContain(
      '三楼第一会议室（30 人；投影仪、视频会议终端、话筒）2026-11-23 至 2026-11-29 的安排',
    );
    expect(week).toContain('11月25日（周三）09:00–11:00 《防汛工作部署会》');
    await h.adapter.command(OFFICE_HEAD, '会议 rooms', `E-meeting-${++events}`);
    expect(plainOf(lastReply(OFFICE_HEAD).text)).toContain('三楼第一会议室（30 人）：本周 1 场');
    await h.adapter.command(OFFICE_HEAD, '会议 rooms 礼堂', `E-meeting-${++events}`);
    expect(plainOf(lastReply(OFFICE_HEAD).text)).toContain('没有找到会议室“礼堂”');
  });

  it('books a room once when two overlapping meetings are approved at the same moment', async () => {
    const first = meeting({
      name: '抗旱调度会',
      room: 'hall',
      day: '2026-11-26',
      start: '14:00',
      end: '16:00',
    });
    const second = meeting({
      name: '水资源论证会',
      room: 'hall',
      day: '2026-11-26',
      start: '15:00',
      end: '17:00',
    });
    await toChair(first);
    await toChair(second);
    const [cardA, cardB] = await Promise.all([
      cardTitled(h, CHAIR, '抗旱调度会'),
      cardTitled(h, CHAIR, '水资源论证会'),
    ]);
    await Promise.all([h.press(CHAIR, cardA, 'approve'), h.press(CHAIR, cardB, 'approve')]);
    await h.deliver();

    const bookings = await h.prisma.meetingBooking.findMany({ where: { roomId: 'hall' } });
    expect(bookings).toHaveLength(1);
    const winner = bookings[0]?.title;
    const loser = winner === '抗旱调度会' ? '水资源论证会' : '抗旱调度会';
    expect((await request(loser)).status).toBe('running');
    expect((await h.texts(CHAIR)).join('\n')).toContain(`一楼大会议室在 11月26日（周四）`);
    expect((await h.texts(CHAIR)).join('\n')).toContain(`已由《${winner}》占用，不能预订。`);
  });

  it('holds the room’s row for the approving transaction: a second approval waits for it, then finds the booking', async () => {
    const a = meeting({ name: '河长制工作会', room: 'room-205', day: '2026-11-27', departments: [] });
    const b = meeting({
      name: '河道清障会',
      room: 'room-205',
      day: '2026-11-27',
      start: '10:00',
      departments: [],
    });
    await toChair(a);
    await toChair(b);
    const hook = meetingApprovalHook('Asia/Shanghai');
    const contextOf = async (title: string) => {
      const current = instanceFromRow(await request(title));
      return {
        current,
        next: { ...current, status: 'approved' as const },
        action: { type: 'approve' as const },
        actorPersonId: CHAIR,
        now: h.now(),
      };
    };
    const [ctxA, ctxB] = await Promise.all([contextOf('河长制工作会'), contextOf('河道清障会')]);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let booked = () => {};
    const bookedA = new Promise<void>((resolve) => {
      booked = resolve;
    });
    const first = h.prisma.$transaction(
      async (tx) => {
        await hook(tx, ctxA);
        booked();
        await held;
      },
      { timeout: 20_000 },
    );
    await bookedA;
    let secondSettled = false;
    const second = h.prisma
      .$transaction((tx) => hook(tx, ctxB), { timeout: 20_000, maxWait: 20_000 })
      .finally(() => {
        secondSettled = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Without the lock the second would have read no booking and written its own by now.
    expect(secondSettled).toBe(false);
    release();
    await first;
    await expect(second).rejects.toMatchObject({ code: 'meeting_room_taken' });
    const bookings = await h.prisma.meetingBooking.findMany({ where: { roomId: 'room-205' } });
    expect(bookings.map((x) => x.title)).toEqual(['河长制工作会']);
  });
});
