// The WeCom delivery of the outbox rows it takes now: a message to a person arrives as a text in
// their chat with the app (a reply too, turned into a message by the core's fallback, as WeCom has
// no ephemeral messages); a person WeCom cannot reach fails for good; a kind it does not deliver
// yet waits in the outbox instead of failing or going out half-drawn.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLY_AS_MESSAGE_KEY, withCapabilityFallbacks } from '../../src/chat/core/adapter.ts';
import { createWeComApi } from '../../src/chat/wecom/api.ts';
import { startWeComStandIn, type WeComStandIn } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { createWeComTokenSource } from '../../src/chat/wecom/token.ts';
import { WECOM_CAPABILITIES } from '../../src/chat/wecom/wecom-adapter.ts';
import {
  createWeComDelivery,
  NOT_DELIVERED_YET,
  WECOM_PLATFORM,
} from '../../src/chat/wecom/wecom-delivery.ts';
import { weekdayCalendar } from '../../src/domain/workflow/calendar.ts';
import { INSTALLATION_TENANT } from '../../src/org/chat-accounts.ts';
import { DeliveryError } from '../../src/outbox/delivery.ts';
import { OUTBOX_KINDS } from '../../src/outbox/intents.ts';
import type { ClaimedOutboxMessage, JsonValue } from '../../src/outbox/outbox-message.ts';
import { createTestDatabase, silentLogger, type TestDatabase } from '../support/databases.ts';
import { loadExampleOrg, manualClock } from '../support/workflow.ts';

describe('the WeCom delivery', () => {
  let t: TestDatabase;
  let standIn: WeComStandIn;
  let delivery: ReturnType<typeof createWeComDelivery>;
  const clock = manualClock('2026-12-01T01:00:00Z');

  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    await loadExampleOrg(t);
    await t.db.prisma.chatAccount.create({
      data: {
        personId: 'xu-hui',
        platform: WECOM_PLATFORM,
        tenant: INSTALLATION_TENANT,
        externalId: 'XuHui',
      },
    });
    standIn = await startWeComStandIn();
    const tokens = createWeComTokenSource({
      apiUrl: standIn.url,
      corpId: standIn.keys.corpId,
      secret: standIn.env.WECOM_SECRET ?? '',
    });
    delivery = createWeComDelivery({
      api: createWeComApi({ apiUrl: standIn.url, agentId: Number(standIn.env.WECOM_AGENT_ID), tokens }),
      prisma: t.db.prisma,
      assembly: { prisma: t.db.prisma, clock, timeZone: 'Asia/Shanghai', definitions: new Map() },
      logger: silentLogger,
      calendar: weekdayCalendar('Asia/Shanghai'),
      archiveFilesDir: '/nonexistent',
    });
  }, 60_000);
  afterAll(async () => {
    await standIn?.close();
    await t?.cleanup();
  });

  let id = 0n;
  const row = (kind: string, payload: JsonValue): ClaimedOutboxMessage => ({
    id: ++id,
    orderingKey: 'person:xu-hui',
    kind,
    payload,
    attempts: 1,
    lockedUntil: new Date('2026-12-01T02:00:00Z'),
    lockedBy: 'test',
    createdAt: new Date('2026-12-01T01:00:00Z'),
  });

  it('sends a message, and a reply through the core’s fallback, as texts in the person’s chat', async () => {
    const message = row(OUTBOX_KINDS.personMessage, {
      personId: 'xu-hui',
      key: REPLY_AS_MESSAGE_KEY,
      params: { text: '印章已归还' },
    });
    expect(await delivery.deliver(message)).toEqual({ ok: true, result: { userId: 'XuHui' } });
    const withFallbacks = withCapabilityFallbacks(
      { platform: WECOM_PLATFORM, capabilities: WECOM_CAPABILITIES, delivery },
      { prisma: t.db.prisma, clock, logger: silentLogger },
    );
    await withFallbacks.deliver(
      row(OUTBOX_KINDS.personReply, { personId: 'xu-hui', conversation: 'D1', text: '已收到' }),
    );
    expect(standIn.messagesTo('XuHui').map((m) => [m.msgtype, m.content.content])).toEqual([
      ['text', '印章已归还'],
      ['text', '已收到'],
    ]);
  });

  it('skips a person not linked on WeCom, and fails for good when WeCom cannot reach one (81013)', async () => {
    const unlinked = row(OUTBOX_KINDS.personMessage, {
      personId: 'liu-yang',
      key: REPLY_AS_MESSAGE_KEY,
      params: { text: 'x' },
    });
    expect(await delivery.deliver(unlinked)).toEqual({ ok: true, result: { skipped: 'not_linked' } });
    standIn.unreachable.add('XuHui');
    const refused = await delivery
      .deliver(
        row(OUTBOX_KINDS.personMessage, {
          personId: 'xu-hui',
          key: REPLY_AS_MESSAGE_KEY,
          params: { text: 'y' },
        }),
      )
      .catch((error: unknown) => error);
    standIn.unreachable.delete('XuHui');
    expect(refused).toMatchObject({
      errcode: 81013,
      classification: { kind: 'permanent', code: '81013', recognised: true },
    });
  });

  it('keeps a kind it does not deliver waiting (transient), with nothing sent', async () => {
    // Every kind the bot writes today has a WeCom delivery; one a newer replica writes does not.
    const kind = 'meeting.future_kind';
    expect(Object.values(OUTBOX_KINDS)).not.toContain(kind);
    const before = standIn.messages.length;
    const waiting = await delivery
      .deliver(row(kind, { personId: 'xu-hui' }))
      .catch((error: unknown) => error);
    expect(waiting).toBeInstanceOf(DeliveryError);
    expect(waiting).toMatchObject({ classification: { kind: 'transient', code: NOT_DELIVERED_YET } });
    expect(delivery.kinds()).toEqual(expect.arrayContaining(Object.values(OUTBOX_KINDS)));
    expect(standIn.messages.length).toBe(before);
  });
});
