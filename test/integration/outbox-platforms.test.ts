import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { type ChatDelivery, classifyDeliveryError } from '../../src/outbox/delivery.ts';
import type { ClaimedOutboxMessage } from '../../src/outbox/outbox-message.ts';
import {
  platformOfCardCopy,
  platformOfRecipient,
  preferredFirst,
  routeByPlatform,
} from '../../src/outbox/platforms.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';

/** A platform's delivery that records what it was given. */
function recordingDelivery(name: string, delivered: string[]): ChatDelivery {
  return {
    scopesOf: () => [`${name}.send`],
    async deliver(message) {
      delivered.push(`${name}:${message.kind}`);
      return { ok: true };
    },
  };
}

function row(kind: string, payload: ClaimedOutboxMessage['payload']): ClaimedOutboxMessage {
  return {
    id: 1n,
    orderingKey: 'k',
    kind,
    payload,
    attempts: 1,
    lockedUntil: new Date(Date.now() + 60_000),
    lockedBy: 'test',
    createdAt: new Date(),
  };
}

describe.each(databaseKinds)('delivery by the platform a card copy lives on, on %s', (kind) => {
  let t: TestDatabase;
  let prisma: PrismaClient;
  const instanceId = randomUUID();

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    prisma = t.db.prisma;
    await prisma.$executeRawUnsafe(
      `INSERT INTO workflow_instance (id, definition_id, definition_version, requester_id, secrecy, urgency,
                                      status, version, state, waiting_on, created_at, updated_at)
       VALUES ($1::uuid, 'generic', 1, 'drafter', 'internal', 'normal', 'in_progress', 1, '{}'::jsonb,
               '{}', now(), now())`,
      instanceId,
    );
    // The drafter's copy was posted on another platform; the reviewer's on Slack.
    await prisma.cardMessage.createMany({
      data: [
        {
          instanceId,
          recipient: 'drafter',
          platform: 'other',
          messageRef: { conversation: 'X1', message: 'm1' },
          version: 1,
          updatedAt: new Date(),
        },
        {
          instanceId,
          recipient: 'reviewer',
          messageRef: { channel: 'D0REVIEWER', ts: '1.000001' },
          version: 1,
          updatedAt: new Date(),
        },
      ],
    });
  });

  afterAll(async () => {
    await t.cleanup();
  });

  it('records a copy as Slack’s when its platform is not named', async () => {
    const copy = await prisma.cardMessage.findFirstOrThrow({ where: { instanceId, recipient: 'reviewer' } });
    expect(copy.platform).toBe('slack');
  });

  it('sends a copy’s sync to its platform, and everything else to the default one', async () => {
    const delivered: string[] = [];
    const delivery = routeByPlatform({
      platforms: new Map([
        ['slack', recordingDelivery('slack', delivered)],
        ['other', recordingDelivery('other', delivered)],
      ]),
      platformOf: platformOfCardCopy(prisma),
    });
    await delivery.deliver(row('card.sync', { instanceId, personId: 'drafter' }));
    await delivery.deliver(row('card.sync', { instanceId, personId: 'reviewer' }));
    // Not posted yet: the default platform posts it.
    await delivery.deliver(row('card.sync', { instanceId, personId: 'newcomer' }));
    await delivery.deliver(row('person.notify', { personId: 'drafter', instanceId }));
    expect(delivered).toEqual([
      'other:card.sync',
      'slack:card.sync',
      'slack:card.sync',
      'slack:person.notify',
    ]);
    // A rate limit of either platform may hold the row back.
    expect(delivery.scopesOf?.(row('home.refresh', { personId: 'drafter' }))).toEqual([
      'slack.send',
      'other.send',
    ]);
  });

  it('reaches each person on the first configured platform that names them, a copy on its own', async () => {
    await prisma.department.create({ data: { id: 'office', name: '办公室', kind: 'office' } });
    const people = ['only-other', 'both', 'nowhere'];
    await prisma.person.createMany({
      data: people.map((id) => ({ id, name: id, departmentId: 'office', roles: [] })),
    });
    await prisma.chatAccount.createMany({
      data: [
        { personId: 'only-other', platform: 'dingtalk', externalId: 'o-1' },
        { personId: 'both', platform: 'dingtalk', externalId: 'o-2' },
        { personId: 'both', platform: 'slack', externalId: 'U2' },
        // A platform this installation does not run is no reason to send there.
        { personId: 'nowhere', platform: 'wecom', externalId: 't-3' },
      ],
    });
    const delivered: string[] = [];
    const delivery = routeByPlatform({
      platforms: new Map([
        ['slack', recordingDelivery('slack', delivered)],
        ['other', recordingDelivery('other', delivered)],
        ['dingtalk', recordingDelivery('dingtalk', delivered)],
      ]),
      platformOf: platformOfRecipient(prisma, ['slack', 'other', 'dingtalk']),
    });
    await delivery.deliver(row('card.sync', { instanceId, personId: 'only-other' }));
    await delivery.deliver(row('person.notify', { personId: 'only-other', instanceId }));
    await delivery.deliver(row('person.notify', { personId: 'both', instanceId }));
    await delivery.deliver(row('person.notify', { personId: 'nowhere', instanceId }));
    // The drafter's copy stays where it was posted, whatever accounts say.
    await delivery.deliver(row('card.sync', { instanceId, personId: 'drafter' }));
    await delivery.deliver(row('report.send', { channel: 'C1' }));
    expect(delivered).toEqual([
      'dingtalk:card.sync',
      'dingtalk:person.notify',
      'slack:person.notify',
      'slack:person.notify',
      'other:card.sync',
      'slack:report.send',
    ]);
  });

  it('tries a preferred platform first, asked per row: new copies and notices follow it, posted copies stay', async () => {
    const delivered: string[] = [];
    let preferred: string | undefined = 'dingtalk';
    const order = () => preferredFirst(['slack', 'dingtalk'], preferred);
    const delivery = routeByPlatform({
      platforms: new Map([
        ['slack', recordingDelivery('slack', delivered)],
        ['dingtalk', recordingDelivery('dingtalk', delivered)],
      ]),
      platformOf: platformOfRecipient(prisma, order),
      defaultPlatform: () => order()[0],
    });
    // 'both' has an account on each: the preferred one is tried first.
    await delivery.deliver(row('card.sync', { instanceId, personId: 'both' }));
    await delivery.deliver(row('person.reply', { personId: 'both', conversation: 'c', text: 'hi' }));
    await delivery.deliver(row('report.send', { channel: 'C1' }));
    // The reviewer's copy stays on Slack, where it was posted.
    await delivery.deliver(row('card.sync', { instanceId, personId: 'reviewer' }));
    preferred = undefined;
    await delivery.deliver(row('person.notify', { personId: 'both', instanceId }));
    expect(delivered).toEqual([
      'dingtalk:card.sync',
      'dingtalk:person.reply',
      'dingtalk:report.send',
      'slack:card.sync',
      'slack:person.notify',
    ]);
    expect(preferredFirst(['slack', 'dingtalk'], 'wecom')).toEqual(['slack', 'dingtalk']);
  });

  it('lets a copy’s rows wait while its platform is not configured', async () => {
    const delivered: string[] = [];
    const delivery = routeByPlatform({
      platforms: new Map([
        ['slack', recordingDelivery('slack', delivered)],
        ['third', recordingDelivery('third', delivered)],
      ]),
      platformOf: platformOfCardCopy(prisma),
    });
    const failure = await delivery
      .deliver(row('card.sync', { instanceId, personId: 'drafter' }))
      .catch((error: unknown) => error);
    expect(classifyDeliveryError(failure)).toEqual({ kind: 'transient', code: 'platform_not_configured' });
    expect(delivered).toEqual([]);
  });

  it('asks nothing when one platform is configured: every row is its', async () => {
    const delivered: string[] = [];
    const delivery = routeByPlatform({
      platforms: new Map([['slack', recordingDelivery('slack', delivered)]]),
      platformOf: async () => {
        throw new Error('not asked with one platform');
      },
    });
    await delivery.deliver(row('card.sync', { instanceId, personId: 'drafter' }));
    expect(delivered).toEqual(['slack:card.sync']);
  });
});
