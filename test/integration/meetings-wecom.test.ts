import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_CARD_LIMITS } from '../../src/chat/wecom/card/template-card.ts';
import { textColumns } from '../../src/shared/text.ts';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import {
  EXTRA_STAFF,
  MEETING,
  MEETING_CLOCK_START,
  meetingScenario,
  withStaff,
} from '../support/meeting-office.ts';
import { startWeComOffice, type WeComOffice, wecomIdOf } from '../support/wecom-office.ts';

// Meetings end to end on WeCom: the whole bot against the local stand-in (encrypted callbacks to
// the bot's /wecom/callback, template cards), on PGlite and PostgreSQL, on a clock that moves only
// when told. `会议 new` typed to the app answers with the request form's link (the bot's web page);
// the approvers approve on their template cards (the opinion on the web form: WeCom cards take no
// typed text); every attendee's card is the notice with 参加 / 请假 / 委派 (请假's reason and
// 委派's stand-in on the web form the button's link opens); the organiser's card shows the tally:
// updated in place with update_template_card while it holds an unused response_code, else a new
// copy carries it; a meeting of 41 keeps its template card within WeCom's limits (six buttons of
// ten characters, six rows of thirty) with every count of the tally shown; the reminder the day
// before, 签到 in the window and refused after it (as a message, in the presser's language), 委派
// closed once the meeting has begun, the office secretary signing latecomers in from the list on
// the web form page, 写纪要 → the minutes form → the chair's signature; another meeting moved by
// the organiser's 变更 (a card whose code is spent gets a new copy with the new time and room, each
// attendee told old → new) and cancelled with a reason (everyone told, the room freed, a form
// opened before refused, no reminder).

describe.each(databaseKinds)('meetings on WeCom (%s)', (kind) => {
  const clock = new FakeClock(MEETING_CLOCK_START);
  let office: WeComOffice;
  beforeAll(async () => {
    office = await startWeComOffice(kind, {
      clock,
      orgEdit: withStaff(EXTRA_STAFF, 'wecom_user_id', wecomIdOf),
    });
  }, 90_000);
  afterAll(async () => {
    await office?.stop();
  });
  const scenario = meetingScenario(() => office);
  const { organiserCard } = scenario;
  const tallies = () =>
    office
      .user(MEETING.organiser)
      .cards()
      .filter((card) => card.body.includes('Answers：confirmed '));

  scenario.requestTests();

  it('records 参加, 请假 with its reason and 委派, and shows the organiser each new tally', async () => {
    const first = await organiserCard();
    await scenario.attend();
    // The organiser's card came with its send's response_code: the tally updates it in place.
    const tallied = await organiserCard((card) => card.body.includes('confirmed 1,'));
    expect(tallied.msgId).toBe(first.msgId);
    expect(tallied.updates).toBe(first.updates + 1);
    // That code is spent: the next answer comes as a new copy, whose own code takes the one after.
    await scenario.leaveAndDelegate();
    const tally = await organiserCard((card) => card.body.includes('stand-in 1'));
    expect(tally.msgId).not.toBe(first.msgId);
    expect(tallies()).toHaveLength(2);
    // Six rows hold the organiser's answer, the meeting's time, place, agenda and materials, and
    // the tally as its counts: no row for a line per answer is left.
    expect(tally.body).toContain('Answers：confirmed 1, on leave 1, stand-in 1, no answer 38');
    for (const label of ['Time', 'Place', 'Content…', 'Materials'])
      expect(tally.body).toContain(`${label}：`);
  });

  it('keeps the card of a meeting of 41 within WeCom’s limits, every count of the tally shown', async () => {
    const card = await organiserCard();
    const held = office.standIn.cardsTo(wecomIdOf(MEETING.organiser)).find((m) => m.msgId === card.msgId);
    const content = held?.content as {
      sub_title_text: string;
      button_list: Array<{ text: string }>;
      horizontal_content_list: Array<{ keyname: string; value: string }>;
    };
    const { buttons, rows, rowKeyColumns, rowValueColumns, buttonText } = TEMPLATE_CARD_LIMITS;
    expect(content.button_list.length).toBeLessThanOrEqual(buttons);
    for (const button of content.button_list) expect([...button.text].length).toBeLessThanOrEqual(buttonText);
    expect(content.horizontal_content_list.length).toBeLessThanOrEqual(rows);
    for (const row of content.horizontal_content_list) {
      expect(textColumns(row.keyname)).toBeLessThanOrEqual(rowKeyColumns);
      expect(textColumns(row.value)).toBeLessThanOrEqual(rowValueColumns);
    }
    // The organiser is invited too: their answer's buttons and the organiser's, each label whole,
    // none left out (the card would say how many).
    expect(card.buttons.map((b) => b.text)).toEqual(['Attend', 'Take leave', 'Stand-in', 'Change', 'Cancel']);
    expect(content.sub_title_text).not.toContain('more');
  });

  scenario.meetingDayTests();
  scenario.changeTests();
});
