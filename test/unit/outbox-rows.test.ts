import { describe, expect, it } from 'vitest';
import {
  GENERIC_APPROVAL,
  startInstance,
  transition,
  weekdayCalendar,
} from '../../src/domain/workflow/index.ts';
import {
  HOME_REFRESH_DELAY_MS,
  homeRefreshesFor,
  outboxRowsFor,
} from '../../src/features/workflow/workflow-service.ts';
import { ACTOR_PRIORITY, type OutboxMessageInput } from '../../src/outbox/outbox-message.ts';
import { directoryPerson } from '../support/workflow-fixtures.ts';

// The App Home refreshes a transition asks for: the requester and whoever it waited on before and
// after; none for a card merely opened.

const directory = {
  people: [
    directoryPerson('drafter', 'water'),
    directoryPerson('water-head', 'water', ['department_head'], 'principal'),
    directoryPerson('office-head', 'office', ['office_head', 'department_head'], 'principal'),
    directoryPerson('leader', 'leadership', ['leader']),
  ],
  departments: [
    { id: 'leadership', kind: 'leadership' as const, supervisingLeaderId: null },
    { id: 'office', kind: 'office' as const, supervisingLeaderId: 'leader' },
    { id: 'water', kind: 'business' as const, supervisingLeaderId: 'leader' },
  ],
  seals: [],
};
const calendar = weekdayCalendar('Asia/Shanghai');
const now = new Date('2026-03-02T01:00:00Z');
/** The person a row is for (a channel's card copy names none). */
const personOf = (row: OutboxMessageInput) => ('personId' in row.payload ? row.payload.personId : undefined);
const homesOf = (rows: ReturnType<typeof outboxRowsFor>) =>
  rows.filter((r) => r.kind === 'home.refresh').map((r) => r.payload.personId);

describe('home refreshes in a transition’s outbox rows', () => {
  const started = startInstance(
    GENERIC_APPROVAL,
    {
      id: '00000000-0000-4000-8000-000000000001',
      requesterId: 'drafter',
      title: '关于测试的请示',
      secrecy: 'internal',
      params: {},
    },
    directory,
    now,
    calendar,
  );

  it('refreshes the requester and the first reviewer on a start', () => {
    expect(homesOf(outboxRowsFor(started.next, started.effects, GENERIC_APPROVAL, null)).sort()).toEqual([
      'drafter',
      'water-head',
    ]);
  });

  it('refreshes the reviewer who acted, the next one and the requester after an approval', () => {
    const { next, effects } = transition(
      started.next,
      { type: 'approve', comment: '同意。' },
      { personId: 'water-head' },
      now,
      calendar,
    );
    expect(homesOf(outboxRowsFor(next, effects, GENERIC_APPROVAL, started.next)).sort()).toEqual([
      'drafter',
      'office-head',
      'water-head',
    ]);
  });

  it('refreshes everyone who had a part when the item finishes (their 近期办结 changes)', () => {
    let state = started.next;
    const act = (personId: string) => {
      const before = state;
      const result = transition(before, { type: 'approve', comment: '同意。' }, { personId }, now, calendar);
      state = result.next;
      return homesOf(outboxRowsFor(state, result.effects, GENERIC_APPROVAL, before)).sort();
    };
    act('water-head');
    // The office head's approval does not finish it: the first reviewer's lists do not change.
    expect(act('office-head')).toEqual(['drafter', 'leader', 'office-head']);
    expect(state.status).toBe('running');
    expect(act('leader')).toEqual(['drafter', 'leader', 'office-head', 'water-head']);
    expect(state.status).toBe('approved');
  });

  it('refreshes nobody’s home when a card is only opened', () => {
    const { next, effects } = transition(
      started.next,
      { type: 'open' },
      { personId: 'water-head' },
      now,
      calendar,
    );
    expect(homesOf(outboxRowsFor(next, effects, GENERIC_APPROVAL, started.next))).toEqual([]);
  });
});

describe('only people whose App Home lists changed are refreshed, late and coalesced', () => {
  const started = startInstance(
    GENERIC_APPROVAL,
    {
      id: '00000000-0000-4000-8000-000000000002',
      requesterId: 'drafter',
      title: '关于测试的请示',
      secrecy: 'internal',
      params: {},
    },
    directory,
    now,
    calendar,
  );

  it('refreshes nobody when a comment changes no list (the item stays where it was, for everyone)', () => {
    const { next, effects } = transition(
      started.next,
      { type: 'comment', comment: '请补充附件。' },
      { personId: 'water-head' },
      now,
      calendar,
    );
    expect(next.version).toBe(started.next.version + 1);
    expect(homesOf(outboxRowsFor(next, effects, GENERIC_APPROVAL, started.next))).toEqual([]);
    expect(homeRefreshesFor(started.next, next)).toEqual([]);
  });

  it('refreshes the requester, whom it left and whom it came to on a transfer', () => {
    const { next } = transition(
      started.next,
      { type: 'transfer', toPersonId: 'office-head', comment: '请赵主任办理。' },
      { personId: 'water-head' },
      now,
      calendar,
    );
    expect(homeRefreshesFor(started.next, next).sort()).toEqual(['drafter', 'office-head', 'water-head']);
  });

  it('asks each refresh 1 s late, on the person’s own key, coalescing into a pending one; card updates coalesce too', () => {
    const { next, effects } = transition(
      started.next,
      { type: 'approve', comment: '同意。' },
      { personId: 'water-head' },
      now,
      calendar,
    );
    const rows = outboxRowsFor(next, effects, GENERIC_APPROVAL, started.next);
    for (const row of rows.filter((r) => r.kind === 'home.refresh')) {
      expect(row).toMatchObject({
        orderingKey: `home:${row.payload.personId}`,
        coalesceKey: `home:${row.payload.personId}`,
        coalesce: true,
        delayMs: HOME_REFRESH_DELAY_MS,
      });
    }
    const cards = rows.filter((r) => r.kind === 'card.sync');
    // The requester's and the acting reviewer's copies are updated (coalescible); the next
    // reviewer's copy is new, posted in their conversation, never coalesced away.
    expect(cards.map((r) => [personOf(r), r.orderingKey.startsWith('card:'), r.coalesce]).sort()).toEqual([
      ['drafter', true, true],
      ['office-head', false, false],
      ['water-head', true, true],
    ]);
    for (const card of cards) expect(card.coalesceKey).toBe(card.copyKey);
    // Only the acting reviewer's own copy is urgent, and only when the actor is named.
    expect(cards.every((r) => r.priority === undefined)).toBe(true);
    const urgent = outboxRowsFor(next, effects, GENERIC_APPROVAL, started.next, 'water-head').filter(
      (r) => r.priority === ACTOR_PRIORITY,
    );
    expect(urgent.map((r) => [r.kind, personOf(r)])).toEqual([['card.sync', 'water-head']]);
    expect(rows.filter((r) => r.kind === 'person.notify').every((r) => r.coalesceKey === undefined)).toBe(
      true,
    );
  });
});

describe('notices in a transition’s outbox rows', () => {
  it('gives each person a notify_holders effect names a notice of their own, in their own order', () => {
    const { next } = startInstance(
      GENERIC_APPROVAL,
      {
        id: '00000000-0000-4000-8000-000000000002',
        requesterId: 'drafter',
        title: '关于测试的请示',
        secrecy: 'internal',
        params: {},
      },
      directory,
      now,
      calendar,
    );
    const rows = outboxRowsFor(
      next,
      [
        {
          type: 'notify_holders',
          stepKey: 'dept_review',
          event: 'replied',
          personIds: ['water-head', 'office-head'],
          byPersonId: 'leader',
        },
      ],
      GENERIC_APPROVAL,
    );
    expect(rows.filter((r) => r.kind === 'person.notify')).toEqual(
      ['water-head', 'office-head'].map((personId) => ({
        orderingKey: `person:${personId}`,
        kind: 'person.notify',
        payload: { personId, instanceId: next.id, event: 'replied', byPersonId: 'leader' },
      })),
    );
  });
});
