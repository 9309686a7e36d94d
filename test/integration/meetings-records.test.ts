import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainOf } from '../../src/chat/core/reply.ts';
import { MEETING_DEFINITION } from '../../src/domain/meetings/meeting.ts';
import { periodOfLabel } from '../../src/domain/reports/period.ts';
import { similarMeetingText } from '../../src/features/meetings/similar-chat.ts';
import { reportCsv } from '../../src/features/reports/csv.ts';
import { buildReport } from '../../src/features/reports/queries.ts';
import { createMemoryHarness, type MemoryHarness } from '../conformance/memory-harness.ts';
import { cardTitled } from '../conformance/suite.ts';
import { databaseKinds } from '../support/databases.ts';
import { type Fields, formLinkOf, MEETING_CHAIR, meetingFields, postForm } from '../support/meeting-forms.ts';

// The meetings' records through the core on the in-memory platform, on PGlite and PostgreSQL:
// a department's yearly plan (`会议 plan 2027`, its form, the office's summary and one
// department's entries), a request "in the plan" matched to its plan entry, a request much like
// another meeting of its week flagged on the approvers' card (合并或套开?), the register
// (`会议 register`) as a CSV file, and a classified meeting kept by its number only.

const ORGANISER = 'xu-hui'; // water-admin, no head
const HOST_HEAD = 'liu-yang'; // water-admin's principal head
const OFFICE_HEAD = 'zhao-min';
const SECRETARY = 'zhou-jing'; // the office's secretary
const CHAIR = MEETING_CHAIR;

/** A plan line's fields. */
const planLine = (n: number, line: Record<string, string>): Fields =>
  Object.fromEntries(Object.entries(line).map(([field, value]) => [`${field}:${n}`, value]));

const meeting = (overrides: Fields = {}): Fields =>
  meetingFields('2026-11-25', { budget: '2000', ...overrides });

describe.each(databaseKinds)('meeting records through the core on %s', (kind) => {
  let h: MemoryHarness;
  let events = 0;
  beforeAll(async () => {
    h = await createMemoryHarness({ kind });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  const lastMessage = (personId: string) => h.adapter.memory.messagesOf(personId).at(-1);
  const lastText = (personId: string) => {
    const message = lastMessage(personId);
    if (message?.kind !== 'reply') throw new Error(`a ${message?.kind} message, not a reply`);
    return plainOf(message.reply.text);
  };
  const type = async (personId: string, text: string) => {
    await h.adapter.command(personId, text, `E-records-${++events}`);
  };
  /** Types `text` and returns the form link its answer carries. */
  const formOf = async (personId: string, text: string, path: string): Promise<URL> => {
    await type(personId, text);
    const url = formLinkOf(h, personId);
    expect(url.pathname).toBe(path);
    return url;
  };
  const submit = (url: URL, fields: Fields) => postForm(h, url, fields);
  const requestForm = (personId = ORGANISER) => formOf(personId, '会议 new', '/forms/meeting.request');
  /** Approves the meeting `title` (not another card that names it as a similar meeting). */
  const approve = async (personId: string, title: string) => {
    const card = (await h.cards(personId))
      .filter((c) => c.content.includes(title) && !c.content.includes(`相近的会议《${title}》`))
      .at(-1);
    if (!card) throw new Error(`no card ${title}`);
    await h.press(personId, card, 'approve');
    await h.deliver();
  };
  const requests = () => h.prisma.workflowInstance.count({ where: { definitionId: MEETING_DEFINITION.id } });

  it('takes a department’s yearly plan on its form, replaces it when sent again, and shows the office the summary', async () => {
    const url = await formOf(ORGANISER, '会议 plan 2027', '/forms/meeting.plan');
    const refused = await submit(url, planLine(1, { name: '防汛会', timing: '2026-04-01' }));
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('请填写 2027 年内的月份或日期，如 3月 或 2027-03-15。');
    expect(refused.html).toContain('请填写会议内容。');
    expect(await h.prisma.meetingPlan.count()).toBe(0);

    const first = {
      ...planLine(1, {
        name: '防汛工作部署会',
        content: '部署全年防汛工作',
        timing: '4月',
        place: '三楼第一会议室',
        attendees: '各科室负责人',
        size: '30',
        budget: '2000',
      }),
      ...planLine(2, {
        name: '水资源管理年度总结会',
        content: '总结',
        timing: '2027-12-20',
        place: '一楼大会议室',
        attendees: '全体',
        budget: '5000元',
      }),
    };
    const sent = await submit(url, first);
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('已提交水政水资源科 2027 年度会议计划：2 个会议，预算合计 7000 元。');
    // Sent again from a new form (filled with the plan so far), the plan is replaced, not added to.
    const again = await formOf(ORGANISER, '会议 plan 2027', '/forms/meeting.plan');
    const page = await fetch(`http://127.0.0.1:${h.formsPort}${again.pathname}${again.search}`);
    expect(await page.text()).toContain('水资源管理年度总结会');
    expect((await submit(again, first)).status).toBe(200);
    const plan = await h.prisma.meetingPlan.findUniqueOrThrow({
      where: { departmentId_year: { departmentId: 'water-admin', year: 2027 } },
      include: { entries: { orderBy: { position: 'asc' } } },
    });
    expect(plan.entries.map((e) => [e.name, e.month, e.size, e.budget])).toEqual([
      ['防汛工作部署会', 4, 30, 2000],
      ['水资源管理年度总结会', 12, null, 5000],
    ]);

    // The office sees every department; one department's entries by naming it.
    await type(SECRETARY, '会议 plan 2027');
    const summary = lastText(SECRETARY);
    expect(summary).toContain('2027 年度会议计划：1/4 个部门已提交，共 2 个会议，预算合计 7000 元。');
    expect(summary).toContain('水政水资源科：2 个会议，预算 7000 元');
    expect(summary).toContain('未提交：办公室、工程建设管理科、农村水利科');
    await type(OFFICE_HEAD, '会议 plan 2027 水政');
    expect(lastText(OFFICE_HEAD)).toContain(
      '1. 防汛工作部署会｜4月｜三楼第一会议室｜各科室负责人｜30 人｜2000 元',
    );
    await type(OFFICE_HEAD, '会议 plan 2027 人事');
    expect(lastText(OFFICE_HEAD)).toContain('没有找到部门“人事”。');
    await type(SECRETARY, '会议 plan 27');
    expect(lastText(SECRETARY)).toBe('“27”不是年份，请写如 /meeting plan 2027。');
    // The office fills in its own plan by asking for the form.
    await formOf(SECRETARY, '会议 plan 2027 填报', '/forms/meeting.plan');
  });

  it('names the plan entry a planned request stands for, and flags a similar meeting of the same week to the approvers', async () => {
    const plan = await formOf(ORGANISER, '会议 plan 2026', '/forms/meeting.plan');
    await submit(
      plan,
      planLine(1, {
        name: '防汛工作部署会',
        content: '部署',
        timing: '11月',
        place: '301',
        attendees: '各科室',
      }),
    );
    expect((await submit(await requestForm(), meeting())).status).toBe(200);
    await h.deliver();
    const card = await cardTitled(h, HOST_HEAD, '防汛工作部署会');
    expect(card.content).toContain('年度计划内：防汛工作部署会');
    expect(card.content).not.toContain('合并或套开');

    // Two days later, mostly the same people, a name much alike: the approvers are asked.
    const similar = meeting({
      // Bigrams shared: 防汛 工作 作部 部署 署会, of 9 in all (5/9 ≥ 0.5).
      name: '防汛值班工作部署会',
      day: '2026-11-27',
      room: 'room-205',
      departments: [],
      attendees: ['gao-yan', 'ma-qiang', 'lin-feng'],
      planned: 'unplanned',
      reason: '汛情变化',
    });
    expect((await submit(await requestForm(), similar)).status).toBe(200);
    await h.deliver();
    const flagged = await cardTitled(h, HOST_HEAD, '防汛值班工作部署会');
    expect(flagged.content).toContain('合并或套开？');
    const first = await h.prisma.workflowInstance.findFirstOrThrow({ where: { title: '防汛工作部署会' } });
    const number = first.id.slice(0, 8);
    expect(flagged.content).toContain(
      `同一周有相近的会议《防汛工作部署会》（编号 ${number}，11月25日（周三）09:00–11:00），参会人员大多相同，可考虑合并或套开。`,
    );
    // 查看相近会议 shows the approver the other meeting itself.
    await h.adapter.pressCardButton(
      HOST_HEAD,
      flagged.handle as string,
      'meeting_similar',
      `E-records-${++events}`,
    );
    const shown = (await h.texts(HOST_HEAD)).at(-1) ?? '';
    expect(shown).toContain(`相近会议《防汛工作部署会》（编号 ${number}，审批中）`);
    expect(shown).toContain('时间：11月25日（周三）09:00–11:00');
    expect(shown).toContain('年度计划内：防汛工作部署会');
    // Only those the request's card went to may open it.
    const request = await h.prisma.workflowInstance.findFirstOrThrow({
      where: { title: '防汛值班工作部署会' },
    });
    const deps = {
      prisma: h.prisma,
      directory: { rooms: [], departments: [], people: [] },
      timeZone: 'Asia/Shanghai',
    };
    const asked = { instanceId: request.id, workspaceId: request.workspaceId, locale: 'zh' as const };
    await expect(similarMeetingText(deps, { ...asked, personId: 'gao-yan' })).rejects.toMatchObject({
      code: 'meeting_similar_forbidden',
    });
    expect(await similarMeetingText(deps, { ...asked, personId: ORGANISER })).toContain(`编号 ${number}`);
    // The next week, or other people, is no match.
    const later = meeting({ name: '防汛部署工作会（下周）', day: '2026-12-01', room: 'hall' });
    expect((await submit(await requestForm(), later)).status).toBe(200);
    await h.deliver();
    expect((await cardTitled(h, HOST_HEAD, '防汛部署工作会（下周）')).content).not.toContain('合并或套开');
  });

  it('exports the register as a CSV file for the office, a head’s own department only', async () => {
    await approve(HOST_HEAD, '防汛工作部署会');
    await approve(OFFICE_HEAD, '防汛工作部署会');
    await approve(CHAIR, '防汛工作部署会');
    await type(SECRETARY, '会议 register 2026');
    const file = lastMessage(SECRETARY);
    if (file?.kind !== 'file') throw new Error(`a ${file?.kind} message, not a file`);
    expect(file.name).toBe('会议台账-2026.csv');
    expect(file.comment).toContain('3 场会议');
    const csv = file.bytes.toString('utf8');
    expect(
      csv.startsWith(
        '\uFEFF会议名称或编号,密级,主办部门,计划内/临时,日期,时间,时长（小时）,会议室/地点,主持领导,预计人数,实到人数,预算（元）,实际费用（元）,状态\r\n',
      ),
    ).toBe(true);
    const rows = csv.trim().split('\r\n').slice(1);
    expect(rows[0]).toBe(
      '防汛工作部署会,内部,水政水资源科,计划内（防汛工作部署会）,2026-11-25,09:00–11:00,2.0,三楼第一会议室,王振华,5,,2000,,已批准',
    );
    expect(rows[1]).toBe(
      '防汛值班工作部署会,内部,水政水资源科,临时：汛情变化,2026-11-27,09:00–11:00,2.0,二楼小会议室,王振华,4,,2000,,审批中',
    );

    // A department head exports their own department; another department is refused.
    await type(HOST_HEAD, '会议 register 2026');
    expect(lastMessage(HOST_HEAD)).toMatchObject({ kind: 'file', name: '会议台账-2026-水政水资源科.csv' });
    await type(HOST_HEAD, '会议 register 2026 工程建设管理科');
    expect(lastText(HOST_HEAD)).toBe('部门负责人只能导出本部门的会议台账。');
    await type('gao-yan', '会议 register');
    expect(lastText('gao-yan')).toBe(
      '会议台账由办公室负责人、办公室秘书导出；部门负责人可导出本部门的台账。',
    );
    await type(SECRETARY, '会议 register 2025');
    expect(lastText(SECRETARY)).toBe('2025 年没有会议。');
    // In English for those who read it.
    await h.prisma.person.update({ where: { id: 'gao-yan' }, data: { locale: 'en' } });
    await type('gao-yan', '会议 register');
    expect(lastText('gao-yan')).toBe(
      'The meeting register is exported by the office head and the office secretaries; a department head may export their own department’s.',
    );
    await h.prisma.person.update({ where: { id: SECRETARY }, data: { locale: 'en' } });
    await type(SECRETARY, '会议 plan 2027');
    expect(lastText(SECRETARY)).toContain(
      'Meeting plans for 2027: 1 of 4 departments submitted, 2 meetings, 7000 yuan in all.',
    );
    await h.prisma.person.update({ where: { id: SECRETARY }, data: { locale: 'zh' } });
  });

  it('keeps a classified meeting by its number only: no name, agenda or materials reach any platform call', async () => {
    const before = await requests();
    const secret = {
      // The office hosts it: its head and the chair are cleared for 秘密 (water-admin's head is not).
      ...meeting({ day: '2026-11-30', room: 'hall', planned: 'unplanned', host: 'office' }),
      // Everyone invited is cleared for 秘密: the office's people.
      attendees: ['sun-li', 'feng-xiaoyu'],
      departments: [],
      name: '绝密专项部署会',
      agenda: '讨论机密水源工程选址',
      materials: 'https://pan.example.gov.cn/jm',
      reason: '上级紧急部署',
      secrecy: 'secret',
      reference: '',
    };
    const refused = await submit(await requestForm(SECRETARY), secret);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('秘密及以上的会议须填写会议编号。');
    expect(refused.html).toContain('秘密及以上的会议不得填写此项，只填写会议编号。');
    expect(await requests()).toBe(before);

    const sent = await submit(await requestForm(SECRETARY), {
      ...secret,
      name: '',
      agenda: '',
      materials: '',
      reason: '',
      reference: '会〔2026〕9号',
    });
    expect(sent.status).toBe(200);
    expect(sent.html).toContain('已提交会议申请《会〔2026〕9号》');
    await h.deliver();
    const row = await h.prisma.workflowInstance.findFirstOrThrow({ where: { reference: '会〔2026〕9号' } });
    expect(row).toMatchObject({ title: null, secrecy: 'secret' });
    // The office head heads the host department too: one review, then the chair.
    await approve(OFFICE_HEAD, '会〔2026〕9号');
    await approve(CHAIR, '会〔2026〕9号');
    expect(await h.prisma.meetingBooking.findUniqueOrThrow({ where: { instanceId: row.id } })).toMatchObject({
      title: '会〔2026〕9号',
      roomId: 'hall',
    });
    await type(SECRETARY, '会议 rooms 大会议室 2026-11-30');
    expect(lastText(SECRETARY)).toContain('《会〔2026〕9号》');
    await type(SECRETARY, '会议 register 2026');
    const file = lastMessage(SECRETARY);
    if (file?.kind !== 'file') throw new Error('no register');
    expect(file.bytes.toString('utf8')).toContain('会〔2026〕9号,秘密,办公室,临时,2026-11-30');

    // Nothing the organiser typed into the refused form reached anyone, on any message or file.
    const sentEverywhere = h.adapter.memory
      .messages()
      .map((m) =>
        m.kind === 'file' ? `${m.name} ${m.comment} ${m.bytes.toString('utf8')}` : JSON.stringify(m),
      )
      .join('\n');
    for (const text of ['绝密专项部署会', '讨论机密水源工程选址', 'pan.example.gov.cn/jm', '上级紧急部署']) {
      expect(sentEverywhere).not.toContain(text);
    }
    expect(JSON.stringify(row.state)).not.toContain('讨论机密水源工程选址');
  });

  it('gives the monthly report a meetings line per department: planned, held as planned, unplanned', async () => {
    await type(SECRETARY, 'doc report 2026-11');
    // The in-memory platform sends nothing besides the answer: the figures are the answer.
    const reply = lastMessage(SECRETARY);
    if (reply?.kind !== 'reply') throw new Error('no report');
    const shown = JSON.stringify(reply.reply.blocks);
    // water-admin planned one meeting in November and held it; the office held the classified one unplanned.
    expect(shown).toContain('计划 1 场，计划内召开 1 场，临时 0 场');
    expect(shown).toContain('计划 0 场，计划内召开 0 场，临时 1 场');
    // The CSV a platform with files sends has the three columns.
    const period = periodOfLabel('2026-11', 'Asia/Shanghai');
    if (!period) throw new Error('no period');
    const report = await buildReport(h.prisma, { period, now: new Date('2026-12-01T01:00:00Z') });
    const rows = reportCsv(report, 'zh').toString('utf8').split('\r\n');
    expect(rows[0]).toContain('计划会议（场）,计划内召开（场）,临时会议（场）');
    expect(rows.find((r) => r.startsWith('水政水资源科,'))).toMatch(/,1,1,0$/u);
    expect(rows.find((r) => r.startsWith('办公室,'))).toMatch(/,0,0,1$/u);
    // A week's report has no meetings line.
    await type(SECRETARY, 'doc report 2026-W48');
    const week = lastMessage(SECRETARY);
    expect(week?.kind === 'reply' && JSON.stringify(week.reply.blocks)).not.toContain('计划内召开');
  });
});
