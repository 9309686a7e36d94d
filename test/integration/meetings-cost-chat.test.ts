import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../src/features/workflow/audit.ts';
import { createMemoryHarness, type MemoryHarness } from '../conformance/memory-harness.ts';
import { cardTitled } from '../conformance/suite.ts';
import { databaseKinds } from '../support/databases.ts';
import { meetingFields, meetingSteps } from '../support/meeting-steps.ts';

// A meeting's actual cost (实际费用) through the core on the in-memory platform, on PGlite and
// PostgreSQL: `会议 cost <会议> <金额>` (and `会议 费用 …`) records it once the meeting has ended, by
// its organiser or the office, and a second record corrects it; someone else, a meeting not ended
// yet, a cancelled meeting, an unknown meeting and a malformed amount are refused in the person's
// language with nothing written; two records at once leave one row and an unbroken audit chain;
// the register (会议台账) shows the amount to the fen.

const ORGANISER = 'xu-hui';
const SECRETARY = 'zhou-jing';
const OFFICE_HEAD = 'zhao-min';
const STRANGER = 'gao-yan'; // an attendee, neither the organiser nor the office
const TITLE = '安全生产工作会';
const CANCELLED = '汛期值班安排会';
/** The harness's clock is Monday 2026-11-23 09:30 (Shanghai); both meetings are Wednesday 09:00–11:00. */
const MEETING = meetingFields({ name: TITLE, budget: '2000' });
const OTHER = meetingFields({ name: CANCELLED, room: 'hall', budget: '500' });
/** A classified meeting, kept by its number: the office hosts it, and invites only people cleared for 秘密. */
const NUMBER = '会〔2026〕9号';
const SECRET = meetingFields({
  name: '',
  agenda: '',
  room: 'room-205',
  host: 'office',
  attendees: ['sun-li', 'feng-xiaoyu'],
  planned: 'unplanned',
  secrecy: 'secret',
  reference: NUMBER,
});

describe.each(databaseKinds)('a meeting’s actual cost on %s', (kind) => {
  let h: MemoryHarness;
  beforeAll(async () => {
    h = await createMemoryHarness({ kind });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  const steps = meetingSteps(() => h);
  const { lastMessage, linkIn, submit } = steps;
  const at = (iso: string) => h.advance(new Date(`${iso}+08:00`).getTime() - h.now().getTime());
  const type = (personId: string, text: string) => h.adapter.command(personId, text, steps.event());
  /** What `personId` is told when they type `text`. */
  const answer = async (personId: string, text: string) => {
    await type(personId, text);
    return lastMessage(personId);
  };
  const meetingId = async (title = TITLE) =>
    (await h.prisma.workflowInstance.findFirstOrThrow({ where: { title } })).id;
  const cost = async (title = TITLE) =>
    h.prisma.meetingCost.findUnique({ where: { instanceId: await meetingId(title) } });
  const costAudits = async () =>
    h.prisma.auditEntry.findMany({
      where: { instanceId: await meetingId(), action: 'meeting_cost' },
      orderBy: { seq: 'asc' },
    });
  const setLocale = (personId: string, locale: 'zh' | 'en') =>
    h.prisma.person.update({ where: { id: personId }, data: { locale } });

  it('refuses a meeting not ended yet, and a cancelled one, writing nothing', async () => {
    await steps.approvedMeeting(ORGANISER, MEETING);
    await steps.approvedMeeting(ORGANISER, OTHER);
    // The office head heads the host department too: one review, then the chair.
    await type(SECRETARY, '会议 new');
    expect((await submit(linkIn(SECRETARY), SECRET)).status).toBe(200);
    await h.deliver();
    for (const approver of [OFFICE_HEAD, SECRET.chair as string]) {
      await h.press(approver, await cardTitled(h, approver, NUMBER), 'approve');
      await h.deliver();
    }
    await steps.press(ORGANISER, CANCELLED, 'meeting_cancel');
    expect((await submit(linkIn(ORGANISER), { reason: '与省厅会议时间冲突' })).status).toBe(200);
    await h.deliver();

    at('2026-11-25T10:59:00');
    expect(await answer(ORGANISER, `会议 cost ${TITLE} 1280.50`)).toBe(
      `会议《${TITLE}》（11月25日（周三）09:00–11:00）尚未结束，会议结束后再登记实际费用。`,
    );
    await setLocale(ORGANISER, 'en');
    expect(await answer(ORGANISER, `会议 cost ${TITLE} 1280.50`)).toBe(
      `“${TITLE}” (Wed 25 Nov 09:00–11:00) has not ended yet; record its actual cost once it has.`,
    );
    await setLocale(ORGANISER, 'zh');

    at('2026-11-25T11:00:00');
    expect(await answer(ORGANISER, `会议 cost ${CANCELLED} 300`)).toBe(
      `会议《${CANCELLED}》已取消，不登记实际费用。`,
    );
    expect(await cost()).toBeNull();
    expect(await cost(CANCELLED)).toBeNull();
  });

  it('refuses a malformed amount, an unknown meeting and a command without its words', async () => {
    expect(await answer(ORGANISER, `会议 cost ${TITLE} abc`)).toBe(
      '“abc”不是金额，请以元为单位填写，如 1280 或 1280.50。',
    );
    expect(await answer(ORGANISER, `会议 cost ${TITLE} -5`)).toBe('实际费用不能为负数（“-5”）。');
    expect(await answer(ORGANISER, `会议 cost ${TITLE} 1.234`)).toBe(
      '金额最多两位小数（到分），如 1280.50；“1.234”不行。',
    );
    expect(await answer(ORGANISER, `会议 cost ${TITLE} 20000000`)).toBe(
      '实际费用不能超过 10000000 元（“20000000”）。',
    );
    expect(await answer(ORGANISER, '会议 cost 不存在的会议 100')).toBe(
      '没有找到已批准的会议“不存在的会议”。请写会议名称，或会议编号。',
    );
    expect(await answer(ORGANISER, '会议 cost 1280')).toContain(
      '用法：/meeting cost <会议名称或编号> <金额>',
    );
    await setLocale(ORGANISER, 'en');
    expect(await answer(ORGANISER, `会议 cost ${TITLE} 1.234`)).toBe(
      'An amount has at most two decimals (to the fen), e.g. 1280.50; not “1.234”.',
    );
    await setLocale(ORGANISER, 'zh');
    expect(await cost()).toBeNull();
  });

  it('lets the organiser record the cost once the meeting has ended, and nobody else but the office', async () => {
    expect(await answer(STRANGER, `会议 cost ${TITLE} 1280.50`)).toBe(
      '会议的实际费用由会议的组织者或办公室（办公室负责人、办公室秘书）登记。',
    );
    await setLocale(STRANGER, 'en');
    expect(await answer(STRANGER, `会议 cost ${TITLE} 1280.50`)).toBe(
      'A meeting’s actual cost is recorded by its organiser or the office (the office head, the office secretaries).',
    );
    expect(await cost()).toBeNull();

    // The name in part, the amount as typed with 元.
    expect(await answer(ORGANISER, '会议 cost 安全生产 1280.5 元')).toBe(
      `已登记会议《${TITLE}》的实际费用：1280.50 元。`,
    );
    expect(await cost()).toMatchObject({ amountFen: 128_050, recordedById: ORGANISER, recordedAt: h.now() });
    // The same amount again changes nothing, and says so.
    h.advance(60_000);
    expect(await answer(ORGANISER, `会议 费用 ${TITLE} 1280.50`)).toBe(
      `会议《${TITLE}》的实际费用已是 1280.50 元，没有变化。`,
    );
    expect(await cost()).toMatchObject({ amountFen: 128_050, recordedById: ORGANISER });
    expect((await costAudits()).map((a) => a.details)).toEqual([{ amountFen: 128_050, previousFen: null }]);
  });

  it('lets the office correct it by the meeting’s number: the latest counts, kept with who and when', async () => {
    h.advance(24 * 3600_000);
    const number = (await meetingId()).slice(0, 8);
    expect(await answer(SECRETARY, `会议 实际费用 ${number} ￥1,300`)).toBe(
      `已将会议《${TITLE}》的实际费用由 1280.50 元更正为 1300.00 元。`,
    );
    expect(await cost()).toMatchObject({ amountFen: 130_000, recordedById: SECRETARY, recordedAt: h.now() });
    const audits = await costAudits();
    expect(audits.map((a) => [a.actorId, a.details])).toEqual([
      [ORGANISER, { amountFen: 128_050, previousFen: null }],
      [SECRETARY, { amountFen: 130_000, previousFen: 128_050 }],
    ]);
  });

  it('keeps one row when two record at once, each answer telling what it replaced', async () => {
    h.advance(60_000);
    await Promise.all([
      type(SECRETARY, `会议 cost ${TITLE} 1500`),
      type(OFFICE_HEAD, `会议 cost ${TITLE} 1600`),
    ]);
    const row = await cost();
    expect(await h.prisma.meetingCost.count({ where: { instanceId: await meetingId() } })).toBe(1);
    const told = [lastMessage(SECRETARY), lastMessage(OFFICE_HEAD)].sort();
    // One came first and replaced 1300.00; the other replaced the first's amount, and stands.
    const final = row?.amountFen === 150_000 ? '1500.00' : '1600.00';
    const first = final === '1500.00' ? '1600.00' : '1500.00';
    expect(told).toEqual(
      [
        `已将会议《${TITLE}》的实际费用由 1300.00 元更正为 ${first} 元。`,
        `已将会议《${TITLE}》的实际费用由 ${first} 元更正为 ${final} 元。`,
      ].sort(),
    );
    expect(row?.recordedById).toBe(final === '1500.00' ? SECRETARY : OFFICE_HEAD);

    // The same amount twice at once: written once.
    h.advance(60_000);
    await Promise.all([
      type(SECRETARY, `会议 cost ${TITLE} 1700`),
      type(OFFICE_HEAD, `会议 cost ${TITLE} 1700`),
    ]);
    expect(await cost()).toMatchObject({ amountFen: 170_000 });
    expect((await costAudits()).map((a) => (a.details as { amountFen: number }).amountFen)).toEqual([
      128_050,
      130_000,
      ...(final === '1500.00' ? [160_000, 150_000] : [150_000, 160_000]),
      170_000,
    ]);
    expect((await verifyAuditChains(h.prisma)).broken).toBeNull();
  });

  it('records a classified meeting’s cost by its 会议编号', async () => {
    expect(await answer(OFFICE_HEAD, `会议 cost ${NUMBER} 860`)).toBe(
      `已登记会议《${NUMBER}》的实际费用：860.00 元。`,
    );
    const secret = await h.prisma.workflowInstance.findFirstOrThrow({ where: { reference: NUMBER } });
    expect(await h.prisma.meetingCost.findUnique({ where: { instanceId: secret.id } })).toMatchObject({
      amountFen: 86_000,
      recordedById: OFFICE_HEAD,
    });
  });

  it('shows the recorded cost in the register, to the fen, and a cancelled meeting as 已取消 with none', async () => {
    await type(SECRETARY, '会议 register 2026');
    const file = h.adapter.memory.messagesOf(SECRETARY).at(-1);
    if (file?.kind !== 'file') throw new Error(`a ${file?.kind} message, not a file`);
    const rows = file.bytes.toString('utf8').trim().split('\r\n');
    expect(rows[0]).toContain(',预算（元）,实际费用（元）,状态');
    expect(rows.find((r) => r.startsWith(`${TITLE},`))).toMatch(/,2000,1700\.00,已召开$/u);
    expect(rows.find((r) => r.startsWith(`${CANCELLED},`))).toMatch(/,500,,已取消$/u);
    // A classified meeting's row names it by its number and leaves its reason out, as before; its
    // cost is a figure, shown as any other's.
    expect(rows.find((r) => r.startsWith(`${NUMBER},`))).toMatch(
      /^会〔2026〕9号,秘密,办公室,临时,.*,,860\.00,已召开$/u,
    );
  });
});
