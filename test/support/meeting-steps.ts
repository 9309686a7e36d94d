import { expect } from 'vitest';
import type { Card } from '../../src/chat/core/card.ts';
import { plainOf } from '../../src/chat/core/reply.ts';
import { unitCalendar } from '../../src/domain/chasing/holidays.ts';
import { defaultChasingSettings } from '../../src/domain/chasing/settings.ts';
import type { ReminderCalendar } from '../../src/domain/meetings/reminder-time.ts';
import type { MemoryHarness } from '../conformance/memory-harness.ts';
import { cardTitled } from '../conformance/suite.ts';

// The steps of a meeting's tests on the in-memory platform: request one on the web form, have it
// approved, read a person's copy of its card and its fields, press its buttons, send its forms.

export type MeetingFields = Record<string, string | readonly string[]>;

/** The host department's head, the office head and the chairing leader of the water administration's meetings. */
export const APPROVERS = { host: 'liu-yang', office: 'zhao-min' } as const;

export function meetingSteps(h: () => MemoryHarness) {
  let events = 0;
  const event = () => `E-meeting-steps-${++events}`;
  /** What `personId` was last shown, as text. */
  const lastMessage = (personId: string) => {
    const message = h().adapter.memory.messagesOf(personId).at(-1);
    if (message?.kind === 'reply') return plainOf(message.reply.text);
    if (message?.kind === 'text') return message.text;
    throw new Error(`a ${message?.kind} message, not a reply`);
  };
  /** The web form link of `personId`'s last reply. */
  const linkIn = (personId: string): URL => {
    const message = h().adapter.memory.messagesOf(personId).at(-1);
    if (message?.kind !== 'reply') throw new Error('no reply');
    const run = message.reply.text.find((r) => typeof r !== 'string' && r.url !== undefined);
    if (typeof run === 'string' || run?.url === undefined) throw new Error('no form link');
    return new URL(run.url);
  };
  const submit = async (url: URL, fields: MeetingFields) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const one of typeof value === 'string' ? [value] : value) body.append(name, one);
    }
    const answer = await fetch(`http://127.0.0.1:${h().formsPort}${url.pathname}${url.search}`, {
      method: 'POST',
      body,
    });
    return { status: answer.status, html: await answer.text() };
  };
  /** `organiser` requests the meeting of `fields`; the host head, the office head and the chair approve it. */
  const approvedMeeting = async (organiser: string, fields: MeetingFields) => {
    await h().adapter.command(organiser, '会议 new', event());
    expect((await submit(linkIn(organiser), fields)).status).toBe(200);
    await h().deliver();
    const title = fields.name as string;
    for (const approver of [APPROVERS.host, APPROVERS.office, fields.chair as string]) {
      await h().press(approver, await cardTitled(h(), approver, title), 'approve');
      await h().deliver();
    }
  };
  /** The copy of the card of `title` `personId` holds, as drawn last. */
  const cardOf = async (personId: string, title: string) => {
    const seen = await cardTitled(h(), personId, title);
    return { seen, card: JSON.parse(seen.content) as Card };
  };
  const fieldOf = (card: Card, label: string) => card.fields.find((f) => f.label.startsWith(label));
  /** `personId` presses the feature button `key` on their copy of `title`'s card. */
  const press = async (personId: string, title: string, key: string) => {
    const { seen } = await cardOf(personId, title);
    await h().adapter.pressCardButton(personId, seen.handle as string, key, event());
  };
  /** `personId`'s attendee row of the meeting `title`. */
  const attendee = async (title: string, personId: string) => {
    const instance = await h().prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    return h().prisma.meetingAttendee.findUnique({
      where: { instanceId_personId: { instanceId: instance.id, personId } },
    });
  };
  return { event, lastMessage, linkIn, submit, approvedMeeting, cardOf, fieldOf, press, attendee };
}

/**
 * A request form's fields: the water administration's meeting on Wednesday 2026-11-25 from 09:00
 * to 11:00 in room 301, with 高燕 and 马强, chaired by 王振华 (the harness's clock is Monday).
 */
export function meetingFields(overrides: MeetingFields): MeetingFields {
  return {
    agenda: '一、通报情况；二、研究部署',
    day: '2026-11-25',
    start: '09:00',
    end: '11:00',
    room: 'room-301',
    place: '',
    attendees: ['gao-yan', 'ma-qiang'],
    departments: [],
    host: 'water-admin',
    chair: 'wang-zhenhua',
    materials: '',
    budget: '',
    planned: 'planned',
    reason: '',
    ...overrides,
  };
}

/** The unit's working days and office hours as the meeting reminders count them (the defaults). */
export function reminderUnit(): ReminderCalendar {
  const { calendar } = defaultChasingSettings();
  return { calendar: unitCalendar('Asia/Shanghai', calendar), officeHours: calendar.officeHours };
}
