import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCallbackXml } from '../../src/chat/wecom/callback-xml.ts';
import { t } from '../../src/shared/i18n.ts';
import { databaseKinds } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import {
  local,
  MEETING,
  MEETING_CLOCK_START,
  meetingFields,
  requestAndApprove,
  withStaff,
} from '../support/meeting-office.ts';
import { formLinkIn } from '../support/office-people.ts';
import { startWeComOffice, type WeComOffice, wecomIdOf } from '../support/wecom-office.ts';

// A short form of choices as a WeCom selection card, end to end on the whole bot against the
// stand-in, on PGlite and PostgreSQL: the secretary's sign-in list (`会议 签到`, one multiple choice)
// comes as a vote_interaction card instead of the web-form link; its submit (SelectedItems) is
// applied by the sign-in form's own handler once, however often WeCom posts it, and the card's
// submit button then reads 已提交; a choice the form refuses is told in the person's language, with
// nothing changed and the card still open; the list of a meeting of more than twenty keeps its link.

const SMALL = '选择卡片签到会';
const LARGE = '选择卡片大会';
const SECRETARY = 'zhou-jing';

describe.each(databaseKinds)('WeCom selection cards (%s)', (kind) => {
  const clock = new FakeClock(MEETING_CLOCK_START);
  let office: WeComOffice;
  beforeAll(async () => {
    office = await startWeComOffice(kind, {
      clock,
      logLevel: 'info',
      orgEdit: withStaff(20, 'wecom_user_id', wecomIdOf),
    });
    // Both on Wednesday: the small one in the morning, the large one (the whole rural water
    // department, twenty more people) in the afternoon.
    await requestAndApprove(
      office,
      MEETING.organiser,
      meetingFields('2026-12-02', {
        name: SMALL,
        attendees: ['gao-yan', 'ma-qiang', 'lin-feng'],
        departments: [],
      }),
    );
    await requestAndApprove(
      office,
      MEETING.organiser,
      meetingFields('2026-12-02', { name: LARGE, start: '14:00', end: '16:00' }),
    );
  }, 180_000);
  afterAll(async () => {
    await office?.stop();
  });

  const userId = (personId: string) => wecomIdOf(personId);
  const selectionCards = (personId: string) =>
    office.standIn.cardsTo(userId(personId)).filter((card) => card.content.card_type === 'vote_interaction');
  /** `personId` types `text` and is answered with a selection card (which it returns). */
  async function askForCard(personId: string, text: string) {
    const before = selectionCards(personId).length;
    await office.user(personId).say(text);
    return office.until(() => selectionCards(personId)[before], `${personId}'s selection card`);
  }
  const signedBy = async (title: string) => {
    const instance = await office.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    const rows = await office.prisma.meetingAttendee.findMany({ where: { instanceId: instance.id } });
    return Object.fromEntries(rows.map((row) => [row.personId, row.signedInBy]));
  };
  const logged = (msg: string) => office.logs.lines().filter((line) => line.msg === msg).length;
  const waitForLogs = (msg: string, count: number) =>
    office.until(() => logged(msg) >= count, `${count} × “${msg}” logged`);

  it('sends the sign-in list as a vote card and applies its submit once, however often WeCom posts it', async () => {
    clock.set(local('2026-12-02T08:35:00'));
    const card = await askForCard(SECRETARY, '会议 签到');
    // The card, not the link.
    expect(
      office
        .user(SECRETARY)
        .messages()
        .some((text) => formLinkIn(text) !== null),
    ).toBe(false);
    const checkbox = card.content.checkbox as {
      question_key: string;
      mode: number;
      option_list: Array<{ id: string; text: string }>;
    };
    expect(card.content.main_title).toEqual({ title: '代为签到', desc: '到场人员' });
    expect(checkbox.mode).toBe(1);
    expect(checkbox.option_list.map((o) => o.id)).toEqual(
      expect.arrayContaining(['gao-yan', 'ma-qiang', 'lin-feng']),
    );
    expect(checkbox.option_list.find((o) => o.id === 'gao-yan')?.text).toBe('高燕（未回复）');

    const submitted = await office.standIn.submitSelection(office.callbackUrl, {
      from: userId(SECRETARY),
      msgId: card.msgId,
      chosen: { [checkbox.question_key]: ['gao-yan', 'lin-feng'] },
    });
    expect(submitted.status).toBe(200);
    const done = `已为 2 人签到《${SMALL}》：高燕、林峰。`;
    await office.user(SECRETARY).message(done);
    // WeCom posts the same submit again: dropped as seen.
    const seen = logged('WeCom callback seen before; nothing more done');
    await office.standIn.postCallback(office.callbackUrl, submitted.xml);
    await waitForLogs('WeCom callback seen before; nothing more done', seen + 1);
    // A second press of the same card's submit (another event, a second later): the card was
    // applied once already, so it does nothing more.
    const createTime = readCallbackXml(submitted.xml)?.CreateTime ?? '';
    const later = submitted.xml.replace(
      `<CreateTime>${createTime}</CreateTime>`,
      `<CreateTime>${Number(createTime) + 1}</CreateTime>`,
    );
    await office.standIn.postCallback(office.callbackUrl, later);
    await waitForLogs('selection card submitted before; nothing more done', 1);

    expect(
      office
        .user(SECRETARY)
        .messages()
        .filter((text) => text.startsWith('已为')),
    ).toEqual([done]);
    expect(await signedBy(SMALL)).toMatchObject({
      'gao-yan': SECRETARY,
      'lin-feng': SECRETARY,
      'ma-qiang': null,
    });
    // Its submit button now reads 已提交, with the code the submit brought.
    const held = office.standIn
      .chatWith(userId(SECRETARY))
      .find((e) => e.kind === 'message' && e.msgId === card.msgId);
    expect(held).toMatchObject({ replacedButton: '已提交', updates: 1 });
    expect(await office.prisma.formLinkUse.count({ where: { linkId: { startsWith: 'wecom-card:' } } })).toBe(
      1,
    );
  });

  it('refuses a choice the form refuses in the person’s language, changes nothing, and keeps the card open', async () => {
    // The organiser may sign others in too, and reads English.
    const organiser = MEETING.organiser;
    const card = await askForCard(organiser, 'meeting signin');
    expect(card.content.main_title).toMatchObject({ title: 'Sign people in' });
    const before = await signedBy(SMALL);
    const messages = () => office.user(organiser).messages();

    // Nothing ticked.
    const empty = await office.standIn.submitSelection(office.callbackUrl, {
      from: userId(organiser),
      msgId: card.msgId,
      chosen: { people: [] },
    });
    expect(empty.status).toBe(200);
    const refusal = t('en', 'form.card.refused', {
      reasons: t('en', 'meeting.signin.form.error.people'),
    });
    expect(await office.user(organiser).message('Not done')).toBe(refusal);
    // Someone the meeting does not invite (a submit the client would never send, forged here).
    const forged = empty.xml
      .replace('<OptionIds></OptionIds>', '<OptionIds><OptionId><![CDATA[hu-bo]]></OptionId></OptionIds>')
      .replace(
        /<CreateTime>(\d+)<\/CreateTime>/,
        (_m, time: string) => `<CreateTime>${Number(time) + 5}</CreateTime>`,
      );
    await office.standIn.postCallback(office.callbackUrl, forged);
    await office.until(
      () => messages().filter((m) => m.startsWith('Not done')).length === 2,
      'the second refusal',
    );
    expect(messages().at(-1)).toBe(
      `Not done, nothing was changed: Not signed in to “${SMALL}”: hu-bo (not among this meeting’s attendees). You can choose again and resubmit.`,
    );
    expect(await signedBy(SMALL)).toEqual(before);
    expect(await office.prisma.meetingAttendee.count({ where: { personId: 'hu-bo' } })).toBe(0);

    // The card is still open: a right choice on it is taken.
    const held = () =>
      office.standIn.chatWith(userId(organiser)).find((e) => e.kind === 'message' && e.msgId === card.msgId);
    expect(held()).toMatchObject({ replacedButton: null });
    await office.standIn.submitSelection(office.callbackUrl, {
      from: userId(organiser),
      msgId: card.msgId,
      chosen: { people: ['ma-qiang'] },
    });
    await office.user(organiser).message('Signed 1 in');
    expect((await signedBy(SMALL))['ma-qiang']).toBe(organiser);
    expect(held()).toMatchObject({ replacedButton: 'Submitted' });
  });

  it('keeps the web-form link for a list longer than a WeCom card takes', async () => {
    clock.set(local('2026-12-02T13:40:00'));
    const cards = selectionCards(SECRETARY).length;
    const link = await office.user(SECRETARY).askForForm(`会议 签到 ${LARGE}`);
    expect(new URL(link).pathname).toBe('/forms/meeting.signin');
    expect(selectionCards(SECRETARY)).toHaveLength(cards);
  });
});
