import { describe, expect, it } from 'vitest';
import {
  checkOutboxIntent,
  OUTBOX_INTENTS,
  OUTBOX_KINDS,
  OutboxIntentError,
} from '../../src/outbox/intents.ts';
import type { OutboxMessageInput } from '../../src/outbox/outbox-message.ts';
import { outboxWriteCtes } from '../../src/outbox/outbox-repository.ts';

const NOW = new Date('2026-12-06T01:00:00.000Z');
const INSTANCE = '0b8f3a52-6a43-4d8e-9a3c-0f2f4c1d9e01';

/** A row as code building it at run time would (the compiler sees `any`, as with parsed JSON). */
function untyped(json: string): OutboxMessageInput {
  return JSON.parse(json);
}

describe('the registry of outbox intents', () => {
  it('has a schema for every kind it names, and a name for every schema', () => {
    expect(Object.keys(OUTBOX_INTENTS).sort()).toEqual(Object.values(OUTBOX_KINDS).sort());
  });

  it.each([
    ['card.sync', { instanceId: INSTANCE, personId: 'liu-yang', refresh: true }],
    ['card.sync', { instanceId: INSTANCE, channel: 'C0OFFICE' }],
    [
      'person.notify',
      { personId: 'liu-yang', instanceId: INSTANCE, event: 'approved', byPersonId: 'ma-qiang' },
    ],
    ['person.message', { personId: 'liu-yang', key: 'chase.owed', params: { count: 2 } }],
    ['person.reply', { personId: 'liu-yang', conversation: 'C0OFFICE', text: '已办结' }],
    ['home.refresh', { personId: 'liu-yang' }],
    ['file.send', { source: 'archive.loan', personId: 'gao-yan', entryId: INSTANCE, instanceId: INSTANCE }],
    ['chase.remind', { personId: 'liu-yang', instanceId: INSTANCE, kind: 'nudge', byPersonId: 'ma-qiang' }],
    ['chase.digest', { personId: 'liu-yang', date: '2026-12-07' }],
    ['supply.low_stock', { personId: 'zhou-li', itemId: INSTANCE }],
  ])('takes a valid %s', (kind, payload) => {
    expect(() => checkOutboxIntent(kind, payload)).not.toThrow();
  });

  it.each([
    ['no.such.kind', {}, 'unknown outbox kind no.such.kind'],
    // Slack's own raw kinds are not the bot's intents: a feature cannot write them.
    ['message.ephemeral', { channel: 'C0OFFICE', user: 'U0AAA', text: 'x' }, 'unknown outbox kind'],
    ['person.reply', { channel: 'C0OFFICE', user: 'U0AAA', text: 'x' }, 'invalid person.reply payload'],
    ['person.notify', { personId: 'p', instanceId: INSTANCE, event: 'shouted', byPersonId: 'q' }, 'event'],
    ['file.send', { personId: 'gao-yan', entryId: INSTANCE, instanceId: INSTANCE }, 'source'],
    ['chase.remind', { personId: 'p', instanceId: 'not-a-uuid', kind: 'due' }, 'instanceId'],
  ])('refuses %s with %j', (kind, payload, message) => {
    expect(() => checkOutboxIntent(kind, payload)).toThrow(OutboxIntentError);
    expect(() => checkOutboxIntent(kind, payload)).toThrow(message);
  });

  it('refuses a click’s rows before its statement is built, so nothing of the click is written', () => {
    const good = untyped(
      JSON.stringify({ orderingKey: 'person:p', kind: 'home.refresh', payload: { personId: 'p' } }),
    );
    expect(() => outboxWriteCtes([good], NOW, 'upd')).not.toThrow();
    const bad = untyped(
      JSON.stringify({ orderingKey: 'person:p', kind: 'card.sync', payload: { instanceId: INSTANCE } }),
    );
    expect(() => outboxWriteCtes([good, bad], NOW, 'upd')).toThrow('invalid card.sync payload');
  });
});
