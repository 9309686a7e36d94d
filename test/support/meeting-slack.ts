import { afterAll, beforeAll, expect, vi } from 'vitest';
import type { TestDatabaseKind } from './databases.ts';
import type { FakeClock } from './fake-clock.ts';
import {
  option,
  options,
  type PlaygroundMessage,
  type playgroundClient,
  startTestPlayground,
  type TestPlayground,
  text,
} from './playground.ts';

// The steps of the meetings' Slack tests: a playground (the bot behind the Slack double, every
// command, click and modal a signed request to its Bolt receiver) on a fake clock, the request
// modal's and the minutes modal's values as Slack sends them, the request approved on the three
// approvers' cards, and waits for what a person is shown and for what the database holds.

/** The example organisation's Slack users the meetings' tests act as. */
export const SLACK_PEOPLE = {
  wangZhenhua: 'U0EXAMPLE06', // a leader: the chair
  zhaoMin: 'U0EXAMPLE03', // office head
  zhouJing: 'U0EXAMPLE04', // an office secretary
  fengXiaoyu: 'U0EXAMPLE11', // the archivist
  huangLei: 'U0EXAMPLE13', // water administration, deputy head
  xuHui: 'U0EXAMPLE14', // water administration
  maQiang: 'U0EXAMPLE15', // construction head
  gaoYan: 'U0EXAMPLE05', // construction: the organiser
  linFeng: 'U0EXAMPLE16', // rural water head
  tangNing: 'U0EXAMPLE17', // rural water
} as const;

/** Shanghai local time → Date (UTC+8, no DST). */
export const local = (iso: string) => new Date(`${iso}+08:00`);

/** One input of a modal's `view.state.values`, as Slack sends it: block `<form>_<id>`, element `…_input`. */
export const modalField = (form: string, id: string, value: unknown) => ({
  [`${form}_${id}`]: { [`${form}_${id}_input`]: value },
});

/** What a `/meeting new` modal is filled with; the rest is left empty (a planned meeting in a room). */
export interface SlackMeetingRequest {
  name: string;
  agenda: string;
  day: string;
  start: string;
  end: string;
  room: string;
  attendees: string[];
  departments?: string[];
  host?: string;
  chair?: string;
  materials?: string;
}

/** The request modal's values for `m` (hosted by construction and chaired by 王振华 unless said). */
export const meetingModalValues = (m: SlackMeetingRequest) => {
  const field = (id: string, value: unknown) => modalField('meeting', id, value);
  return {
    ...field('name', text(m.name)),
    ...field('agenda', text(m.agenda)),
    ...field('day', text(m.day)),
    ...field('start', text(m.start)),
    ...field('end', text(m.end)),
    ...field('room', option(m.room)),
    ...field('place', text('')),
    ...field('attendees', options(m.attendees)),
    ...field('departments', options(m.departments ?? [])),
    ...field('host', option(m.host ?? 'construction')),
    ...field('chair', option(m.chair ?? 'wang-zhenhua')),
    ...field('materials', text(m.materials ?? '')),
    ...field('budget', text('')),
    ...field('planned', { type: 'radio_buttons', selected_option: { value: 'planned' } }),
    ...field('reason', text('')),
  };
};

/** A decision of the minutes: its text, its owner (`p:<person>` or `d:<department>`), its working days. */
export interface SlackDecision {
  text: string;
  owner: string;
  days: string;
}

/** The minutes modal's values: the summary and the decisions in rows 1, 2, … */
export const minutesModalValues = (summary: string, decisions: readonly SlackDecision[]) =>
  Object.assign(
    modalField('minutes', 'summary', text(summary)),
    ...decisions.map((d, i) => ({
      ...modalField('minutes', `d${i + 1}_text`, text(d.text)),
      ...modalField('minutes', `d${i + 1}_owner`, option(d.owner)),
      ...modalField('minutes', `d${i + 1}_days`, text(d.days)),
    })),
  ) as Record<string, unknown>;

/** The approvers of a construction meeting chaired by 王振华: host head, office head, chair. */
export const CONSTRUCTION_APPROVERS = [SLACK_PEOPLE.maQiang, SLACK_PEOPLE.zhaoMin, SLACK_PEOPLE.wangZhenhua];

/** Waits (20 s unless told) until `read` finds something: a record written after a message was sent. */
export const waitForRecord = <T>(
  read: () => Promise<T | null | undefined>,
  what: string,
  timeout = 20_000,
): Promise<T> =>
  vi.waitFor(
    async () => {
      const found = await read();
      if (found === null || found === undefined) throw new Error(`not yet: ${what}`);
      return found;
    },
    { timeout, interval: 100 },
  );

/**
 * A playground for the describe block around it, on `kind` and `clock`, started before its tests
 * and stopped after. `pg` is the page API's client, usable from the first test on.
 */
export function meetingsOnSlack(kind: TestDatabaseKind, clock: FakeClock) {
  let running: TestPlayground | undefined;
  const pg = {} as ReturnType<typeof playgroundClient>;
  beforeAll(async () => {
    running = await startTestPlayground(kind, { clock });
    Object.assign(pg, running.pg);
    // What the start sent (the weekly report and its chart, rendered on delivery) is delivered
    // before the first test: on a busy machine it kept the bot from acknowledging within 3 s.
    const { bot } = running.playground;
    await bot.wakeScheduler();
    await waitForRecord(
      async () => (await bot.db.prisma.outboxMessage.count({ where: { status: 'pending' } })) === 0 || null,
      'the start-up messages delivered',
      60_000,
    );
  }, 150_000);
  afterAll(async () => {
    await running?.stop();
  });

  const playground = () => {
    if (!running) throw new Error('the playground has not started');
    return running.playground;
  };
  const prisma = () => playground().bot.db.prisma;

  /** `user` runs `command text`; the modal it opens. */
  const openModal = async (user: string, command: string, words: string) => {
    const before = (await pg.state(user)).modals.length;
    expect((await pg.command(user, command, words)).body).toEqual({ ok: true });
    return pg.waitFor(user, (s) => (s.modals.length > before ? s.modals.at(-1) : null), `the ${words} form`);
  };
  /** `user` presses `actionId` on `card`; the modal it opens. */
  const modalOf = async (user: string, card: PlaygroundMessage, actionId: string) => {
    const before = (await pg.state(user)).modals.length;
    expect((await pg.click(user, card, actionId)).body).toEqual({ ok: true });
    return pg.waitFor(user, (s) => (s.modals.length > before ? s.modals.at(-1) : null), `${actionId}'s form`);
  };
  /** `organiser` sends the request modal filled with `m`. */
  const requestMeeting = async (organiser: string, m: SlackMeetingRequest) => {
    const form = await openModal(organiser, '/meeting', 'new');
    expect((await pg.submit(organiser, form.id, meetingModalValues(m))).body).toEqual({ ok: true });
  };
  /** Each of `approvers` in turn presses 同意 on their card of `title`. */
  const approve = async (title: string, approvers: readonly string[] = CONSTRUCTION_APPROVERS) => {
    for (const approver of approvers) {
      const card = await pg.cardWithButton(approver, title, 'wf_approve');
      expect((await pg.click(approver, card, 'wf_approve')).body).toEqual({ ok: true });
    }
  };
  /** The bot's message in `user`'s DM that holds `needle` (in its text or blocks). */
  const dmWith = (user: string, needle: string) =>
    pg.waitFor(
      user,
      (s) => pg.dm(s).messages.find((m) => m.from === 'bot' && JSON.stringify(m).includes(needle)),
      `a message with ${needle}`,
    );
  /** The ephemeral answers `user` has been shown, oldest first. */
  const answers = async (user: string) =>
    (await pg.state(user)).conversations.flatMap((c) =>
      c.messages.filter((m) => m.from === 'bot' && m.ephemeral).map((m) => m.text),
    );
  /** Waits until `user` has been shown `count` ephemeral answers holding `wanted`; those answers. */
  const waitForAnswer = (user: string, wanted: string, count = 1) =>
    vi.waitFor(
      async () => {
        const found = (await answers(user)).filter((a) => a.includes(wanted));
        if (found.length < count) throw new Error(`no “${wanted}” yet for ${user}`);
        return found;
      },
      { timeout: 20_000, interval: 100 },
    );
  /** `user`'s card of `title` once it holds `wanted`. */
  const cardShowing = (user: string, title: string, wanted: string) =>
    pg.waitFor(
      user,
      (s) => {
        const card = pg.cardTitled(title)(s);
        return card && JSON.stringify(card.blocks).includes(wanted) ? card : null;
      },
      `${user}'s card of ${title} showing ${wanted}`,
    );
  /** `personId`'s attendee row of the meeting `title`. */
  const attendee = async (title: string, personId: string) => {
    const instance = await prisma().workflowInstance.findFirstOrThrow({
      where: { title, definitionId: 'meeting_request' },
    });
    return prisma().meetingAttendee.findUnique({
      where: { instanceId_personId: { instanceId: instance.id, personId } },
    });
  };

  return {
    pg,
    playground,
    prisma,
    openModal,
    modalOf,
    requestMeeting,
    approve,
    dmWith,
    answers,
    waitForAnswer,
    cardShowing,
    attendee,
  };
}
