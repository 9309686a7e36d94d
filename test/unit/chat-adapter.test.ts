import { describe, expect, it } from 'vitest';
import {
  type ChatCapabilities,
  canUpdateCard,
  offerCardForm,
  withCapabilityFallbacks,
} from '../../src/chat/core/adapter.ts';
import { memoryCapabilities } from '../../src/chat/memory/memory-adapter.ts';
import { createMemoryDelivery } from '../../src/chat/memory/memory-delivery.ts';
import { createMemoryPlatform } from '../../src/chat/memory/memory-platform.ts';
import { SLACK_CAPABILITIES } from '../../src/chat/slack/slack-outbox.ts';
import type { ChatDelivery, ClaimedOutboxMessage, JsonValue } from '../../src/outbox/delivery.ts';
import { OUTBOX_INTENTS, OUTBOX_KINDS } from '../../src/outbox/intents.ts';
import { silentLogger } from '../support/databases.ts';

const posted = new Date('2026-12-01T08:00:00Z');
const later = (ms: number) => new Date(posted.getTime() + ms);

describe('whether a posted card can still be updated', () => {
  it.each([
    ['any', 'any' as const, 10 * 86_400_000, true],
    ['never', 'none' as const, 0, false],
    ['per copy: its adapter decides, however old', 'per_copy' as const, 10 * 86_400_000, true],
    ['within 2 s, after 1.9 s', { withinMs: 2000 }, 1900, true],
    ['within 2 s, after 2 s', { withinMs: 2000 }, 2000, false],
  ])('%s', (_name, update, elapsed, expected) => {
    expect(canUpdateCard(update, posted, later(elapsed))).toBe(expected);
  });

  it('leaves a copy without its posting time to the platform to refuse', () => {
    expect(canUpdateCard({ withinMs: 2000 }, null, later(60_000))).toBe(true);
  });
});

describe('the form a card button opens', () => {
  const linkFor = (input: { personId: string; formId: string; params?: Readonly<Record<string, string>> }) =>
    `https://bot.test/forms/${input.formId}?p=${input.personId}&${new URLSearchParams(input.params).toString()}`;
  const button = { type: 'reject' as const, requireComment: true, form: null };
  const item = {
    instanceId: '7d1e0c4e-2f0b-4c8e-9a51-3c1f8f0f8a10',
    version: 3,
    personId: 'liu-yang',
    workspaceId: 'W1',
  };

  it('is the platform’s modal where it has them', () => {
    expect(offerCardForm(SLACK_CAPABILITIES, { ...item, action: button, linkFor })).toEqual({
      kind: 'modal',
    });
  });

  it('is a link to the same form on the web, bound to the item, the version and the person, without modals', () => {
    const offer = offerCardForm(memoryCapabilities(2000), { ...item, action: button, linkFor });
    expect(offer).toEqual({
      kind: 'web_form',
      url: `https://bot.test/forms/workflow.action?p=liu-yang&i=${item.instanceId}&v=3&a=reject&r=1&w=W1`,
    });
  });

  it('is a link to the step’s own form on the web where a feature serves it, bound to the item and the version', () => {
    const formOfStep = (stepId: string) => (stepId === 'instruct' ? 'documents.instruct' : null);
    const caps = memoryCapabilities(2000);
    const instruct = { ...button, type: 'approve' as const, form: 'instruct' };
    expect(offerCardForm(caps, { ...item, action: instruct, linkFor, formOfStep })).toEqual({
      kind: 'web_form',
      url: `https://bot.test/forms/documents.instruct?p=liu-yang&i=${item.instanceId}&v=3&w=W1`,
    });
    expect(
      offerCardForm(caps, { ...item, action: { ...instruct, form: 'other' }, linkFor, formOfStep }),
    ).toEqual({
      kind: 'unavailable',
    });
    expect(offerCardForm(SLACK_CAPABILITIES, { ...item, action: instruct, linkFor, formOfStep })).toEqual({
      kind: 'modal',
    });
  });

  it('is unavailable for a step’s own form, or with web forms off', () => {
    const caps = memoryCapabilities(2000);
    expect(offerCardForm(caps, { ...item, action: { ...button, form: 'instruct' }, linkFor })).toEqual({
      kind: 'unavailable',
    });
    expect(offerCardForm(caps, { ...item, action: button, linkFor: null })).toEqual({ kind: 'unavailable' });
  });
});

describe('the core’s fallbacks around an adapter’s delivery', () => {
  const delivery: ChatDelivery = { deliver: async () => ({ ok: true }) };
  const deps = { prisma: {} as never, clock: { now: () => posted }, logger: silentLogger };

  it('leave a platform with every capability alone (Slack)', () => {
    expect(
      withCapabilityFallbacks({ platform: 'slack', capabilities: SLACK_CAPABILITIES, delivery }, deps),
    ).toBe(delivery);
  });

  it('wrap a platform that lacks one', () => {
    const lacking: ChatCapabilities = { ...SLACK_CAPABILITIES, ephemeral: false };
    expect(withCapabilityFallbacks({ platform: 'x', capabilities: lacking, delivery }, deps)).not.toBe(
      delivery,
    );
  });
});

describe('the in-memory adapter’s delivery', () => {
  const clock = { now: () => posted };
  const platform = createMemoryPlatform({ clock, updateWindowMs: 2000 });
  const delivery = createMemoryDelivery({
    platform,
    prisma: {} as never,
    clock,
    timeZone: 'Asia/Shanghai',
    definitions: new Map(),
    archiveFilesDir: '.',
  });
  const row = (kind: string, payload: Record<string, JsonValue>): ClaimedOutboxMessage => ({
    id: 1n,
    orderingKey: 'k',
    kind,
    payload,
    attempts: 1,
    lockedUntil: later(10_000),
    lockedBy: 'test',
    createdAt: posted,
  });

  it('takes every intent of the registry but the reply, which the core turns into a DM', () => {
    const kinds = new Set(delivery.kinds());
    expect(Object.keys(OUTBOX_INTENTS).filter((kind) => !kinds.has(kind))).toEqual([
      OUTBOX_KINDS.personReply,
    ]);
  });

  it('keeps a feature’s intent as it came, in its person’s conversation', async () => {
    const payload = { personId: 'liu-yang', itemId: '2c4b1f0e-3a8d-4e5f-9b7a-1d2e3f4a5b6c' };
    await delivery.deliver(row(OUTBOX_KINDS.supplyLowStock, payload));
    expect(platform.messagesOf('liu-yang')).toMatchObject([
      { kind: 'intent', intent: OUTBOX_KINDS.supplyLowStock, payload },
    ]);
  });

  it('refuses a reply that bypassed the core, for good', async () => {
    await expect(
      delivery.deliver(
        row(OUTBOX_KINDS.personReply, { personId: 'liu-yang', conversation: 'dm', text: '好' }),
      ),
    ).rejects.toMatchObject({ classification: { kind: 'permanent', code: 'unknown_kind' } });
  });
});
