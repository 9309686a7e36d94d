import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingSignInTask } from '../../src/features/meetings/sign-in-task.ts';
import { createMemoryHarness, type MemoryHarness } from '../conformance/memory-harness.ts';
import { cardTitled } from '../conformance/suite.ts';
import { databaseKinds, silentLogger } from '../support/databases.ts';
import { meetingFields, meetingSteps } from '../support/meeting-steps.ts';

// 写纪要 on the organiser's card through the core on the in-memory platform, on PGlite and
// PostgreSQL: offered exactly when the minutes form would take it. Not before the meeting starts;
// from the attendance check ten minutes after the start (which redraws the organiser's copy); gone
// once the minutes are with the chair; back when the chair returns them to the organiser; never
// on a cancelled meeting.

const ORGANISER = 'xu-hui';
const CHAIR = 'wang-zhenhua';
const TITLE = '河湖长制工作推进会';
const MINUTES = 'meeting_minutes';
/** The harness's clock is Monday 2026-11-23 09:30 (Shanghai); the meeting is Wednesday 09:00–11:00. */
const MEETING = meetingFields({ name: TITLE });

describe.each(databaseKinds)('写纪要 on the organiser’s card on %s', (kind) => {
  let h: MemoryHarness;
  beforeAll(async () => {
    h = await createMemoryHarness({ kind });
  }, 90_000);
  afterAll(async () => {
    await h?.stop();
  });

  const steps = meetingSteps(() => h);
  /** The buttons of the organiser's copy of the meeting's card (the one with the tally, 回执). */
  const keys = async (personId: string, title = TITLE) => {
    const cards = (await h.cards(personId)).filter(
      (c) => c.content.includes(title) && c.content.includes('回执'),
    );
    const card = cards.at(-1);
    if (!card) throw new Error(`no meeting card “${title}” reached ${personId}`);
    return (JSON.parse(card.content) as { extraActions: Array<{ key: string }> }).extraActions.map(
      (a) => a.key,
    );
  };
  const task = () => meetingSignInTask({ prisma: h.prisma, logger: silentLogger, timeZone: 'Asia/Shanghai' });
  const at = (iso: string) => h.advance(new Date(`${iso}+08:00`).getTime() - h.now().getTime());

  it('offers 写纪要 from the start on, opens the form, and withdraws it while the chair has the minutes', async () => {
    await steps.approvedMeeting(ORGANISER, MEETING);
    expect(await keys(ORGANISER)).toEqual(['meeting_change', 'meeting_cancel']);

    // Ten minutes after the start the attendance check redraws the organiser's copy.
    at('2026-11-25T09:10:00');
    await task().run(h.now());
    await h.deliver();
    expect(await keys(ORGANISER)).toContain(MINUTES);

    await steps.press(ORGANISER, TITLE, MINUTES);
    const form = steps.linkIn(ORGANISER);
    expect(form.pathname).toBe('/forms/meeting.minutes');
    expect((await steps.submit(form, { summary: '部署了河湖长制年度工作。' })).status).toBe(200);
    await h.deliver();
    // The minutes are with the chair: the form would refuse, so the card no longer offers it.
    expect(await keys(ORGANISER)).not.toContain(MINUTES);

    // Returned to the organiser, who drafted them: theirs to edit, offered again.
    const minutesCard = await cardTitled(h, CHAIR, '部署了河湖长制年度工作');
    const form2 = await h.openForm(CHAIR, minutesCard, 'return');
    const returned = await steps.submit(new URL(form2.handle as string), {
      return_target: 'requester',
      comment: '请补充决定事项。',
    });
    expect(returned.status).toBe(200);
    await h.deliver();
    expect(await keys(ORGANISER)).toContain(MINUTES);
  });

  it('never offers 写纪要 on a cancelled meeting, and the form refuses it', async () => {
    const title = '水资源调度会';
    await steps.approvedMeeting(ORGANISER, meetingFields({ name: title, day: '2026-11-27' }));
    await steps.press(ORGANISER, title, 'meeting_cancel');
    expect((await steps.submit(steps.linkIn(ORGANISER), { reason: '改期另行通知' })).status).toBe(200);
    await h.deliver();
    at('2026-11-27T09:10:00');
    await task().run(h.now());
    await h.deliver();
    expect(await keys(ORGANISER, title)).not.toContain(MINUTES);
    await h.adapter.command(ORGANISER, `会议 minutes ${title}`, steps.event());
    expect(steps.lastMessage(ORGANISER)).toBe('会议已取消。');
  });
});
