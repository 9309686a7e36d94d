import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_DATA_MAX_BYTES } from '../../src/chat/dingtalk/card/render-card.ts';
import { BUTTON_SLOTS } from '../../src/chat/dingtalk/card/template.ts';
import { databaseKinds } from '../support/databases.ts';
import { type DingTalkOffice, dingtalkIdOf, startDingTalkOffice } from '../support/dingtalk-office.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { EXTRA_STAFF, MEETING_CLOCK_START, meetingScenario, withStaff } from '../support/meeting-office.ts';

// Meetings end to end on DingTalk: the whole bot against the local stand-in, on PGlite and
// PostgreSQL, on a clock that moves only when told. `会议 new` typed to the robot answers with the
// request form's link (a long form: the bot's web page); the approvers approve on their cards
// (the opinion in the card's panel); every attendee's copy is the notice with 参加 / 请假 / 委派
// (请假's reason and 委派's stand-in on the web form the button's link opens); the organiser's
// copy shows the tally, a line per answer, updated in place (the same outTrackId) on every
// answer; a meeting of 41 keeps its card within DingTalk's limits; the reminder the day before,
// 签到 in the window and refused after it (as a message, in the presser's language), 委派 closed
// once the meeting has begun, the office secretary signing latecomers in from the list on the web
// form page (one signed in already a no-op said so, one who sent a stand-in named with why),
// 写纪要 → the minutes form → the chair's signature; another meeting moved by the organiser's 变更
// (each attendee's card redrawn, each told old → new) and cancelled with a reason
// (everyone told, the room freed, a form opened before refused, no reminder).

describe.each(databaseKinds)('meetings on DingTalk (%s)', (kind) => {
  const clock = new FakeClock(MEETING_CLOCK_START);
  let office: DingTalkOffice;
  beforeAll(async () => {
    office = await startDingTalkOffice(kind, {
      clock,
      orgEdit: withStaff(EXTRA_STAFF, 'dingtalk_user_id', dingtalkIdOf),
    });
  }, 90_000);
  afterAll(async () => {
    await office?.stop();
  });
  const scenario = meetingScenario(() => office);
  const { organiserCard } = scenario;

  scenario.requestTests();

  it('records 参加, 请假 with its reason and 委派, and updates the organiser’s tally in place', async () => {
    const { outTrackId } = await organiserCard();
    await scenario.attend();
    const tallied = await organiserCard((card) => card.body.includes('Confirmed (1): Gao Yan'));
    expect(tallied.outTrackId).toBe(outTrackId);
    await scenario.leaveAndDelegate();
    const tally = await organiserCard((card) => card.body.includes('Sent a stand-in (1)'));
    expect(tally.outTrackId).toBe(outTrackId);
    expect(tally.updates).toBeGreaterThanOrEqual(3);
    // A line per answer, each with its names.
    expect(tally.body).toContain(
      [
        'Confirmed (1): Gao Yan',
        'On leave (1): Ma Qiang (赴现场检查堤防)',
        'Sent a stand-in (1): Tang Ning → Huang Lei',
        'Not answered (38): Xu Hui, Lin Feng',
      ].join('  \n'),
    );
  });

  it('keeps the card of a meeting of 41 within DingTalk’s limits, the tally whole', async () => {
    const card = await organiserCard();
    const held = office.standIn.card(card.outTrackId);
    expect(Buffer.byteLength(JSON.stringify(held?.cardParamMap), 'utf8')).toBeLessThanOrEqual(
      CARD_DATA_MAX_BYTES,
    );
    // The organiser is invited too: their answer's buttons and the organiser's, within the slots.
    expect(card.buttons.map((b) => b.text)).toEqual(['Attend', 'Take leave', 'Stand-in', 'Change', 'Cancel']);
    expect(card.buttons.length).toBeLessThanOrEqual(BUTTON_SLOTS);
    expect(card.body).toContain(`Staff ${EXTRA_STAFF}, Wang Zhenhua`);
  });

  scenario.meetingDayTests();
  scenario.changeTests();
});
