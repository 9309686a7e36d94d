import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackDelivery, type SlackApiClient } from '../../src/chat/slack/slack-delivery.ts';
import { DEFAULT_MIGRATION_PATHS, type MigrationPaths, migrateDatabase } from '../../src/db/migrate.ts';
import { checkOutboxIntent } from '../../src/outbox/intents.ts';
import { claimDue } from '../../src/outbox/outbox-repository.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';

// A database upgraded while rows wait in the outbox: what an older version wrote (a card copy
// recorded with Slack's channel and ts, a lent file queued as `archive.file`, a reply queued as
// Slack's `message.ephemeral`) must still be readable, and go out, after the upgrade.

const UPGRADE = '20261206082000_card_platform_and_outbox_intents';
const NOW = new Date('2026-12-06T01:00:00.000Z');

describe.each(databaseKinds)('upgrading to typed outbox intents on %s', (kind) => {
  let t: TestDatabase;
  let workDir: string;
  let paths: MigrationPaths;

  beforeEach(async () => {
    t = await createTestDatabase(kind, { migrate: false });
    workDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-upgrade-'));
    await cp(DEFAULT_MIGRATION_PATHS.migrationsDir, path.join(workDir, 'migrations'), { recursive: true });
    await cp(DEFAULT_MIGRATION_PATHS.schemaFile, path.join(workDir, 'schema.prisma'));
    paths = {
      schemaFile: path.join(workDir, 'schema.prisma'),
      migrationsDir: path.join(workDir, 'migrations'),
    };
  });

  afterEach(async () => {
    await t.cleanup();
    await rm(workDir, { recursive: true, force: true });
  });

  /** Migrates to the version before the upgrade, lets `before` write as it did, then upgrades. */
  async function upgradeAfter(before: () => Promise<void>): Promise<void> {
    const upgrade = path.join(paths.migrationsDir, UPGRADE);
    await rm(upgrade, { recursive: true });
    await migrateDatabase(t.db, silentLogger, paths);
    await before();
    await cp(path.join(DEFAULT_MIGRATION_PATHS.migrationsDir, UPGRADE), upgrade, { recursive: true });
    expect((await migrateDatabase(t.db, silentLogger, paths)).applied).toEqual([UPGRADE]);
  }

  it('keeps every card copy, now recorded as a Slack copy with its channel and ts as the reference', async () => {
    const instanceId = randomUUID();
    await upgradeAfter(async () => {
      await t.db.prisma.$executeRawUnsafe(
        `INSERT INTO workflow_instance (id, definition_id, definition_version, requester_id, secrecy, urgency,
                                        status, version, state, waiting_on, created_at, updated_at)
         VALUES ($1::uuid, 'generic', 1, 'drafter', 'internal', 'normal', 'in_progress', 2, '{}'::jsonb,
                 '{}', now(), now())`,
        instanceId,
      );
      await t.db.prisma.$executeRawUnsafe(
        `INSERT INTO card_message (id, instance_id, recipient, channel_id, message_ts, version, updated_at)
         VALUES (gen_random_uuid(), $1::uuid, 'drafter', 'D0DRAFTER', '1772412000.000100', 2, now()),
                (gen_random_uuid(), $1::uuid, 'channel:C0OFFICE', 'C0OFFICE', '1772412000.000200', 1, now())`,
        instanceId,
      );
    });

    const copies = await t.db.prisma.cardMessage.findMany({
      where: { instanceId },
      orderBy: { recipient: 'asc' },
      select: { recipient: true, platform: true, messageRef: true, version: true },
    });
    expect(copies).toEqual([
      {
        recipient: 'channel:C0OFFICE',
        platform: 'slack',
        messageRef: { channel: 'C0OFFICE', ts: '1772412000.000200' },
        version: 1,
      },
      {
        recipient: 'drafter',
        platform: 'slack',
        messageRef: { channel: 'D0DRAFTER', ts: '1772412000.000100' },
        version: 2,
      },
    ]);
  });

  it('carries a pending lent file over as a file.send the delivery reads, and still sends a pending reply', async () => {
    const file = { entryId: randomUUID(), personId: 'gao-yan', instanceId: randomUUID() };
    await upgradeAfter(async () => {
      await t.db.prisma.$executeRawUnsafe(
        `INSERT INTO outbox_message (ordering_key, kind, payload, status, attempts, next_attempt_at, created_at)
         VALUES ('person:gao-yan', 'archive.file', $1::jsonb, 'pending', 0, $2::timestamptz, $2::timestamptz),
                ('ephemeral:U0GAO', 'message.ephemeral',
                 '{"channel": "C0OFFICE", "user": "U0GAO", "text": "只有你能看到"}'::jsonb,
                 'pending', 0, $2::timestamptz, $2::timestamptz)`,
        JSON.stringify(file),
        NOW.toISOString(),
      );
    });

    const rows = await claimDue(t.db.prisma, { now: NOW, limit: 10, leaseMs: 60_000, owner: 'test' });
    expect(rows.map((row) => [row.kind, row.payload])).toEqual([
      ['file.send', { source: 'archive.loan', ...file }],
      ['message.ephemeral', { channel: 'C0OFFICE', user: 'U0GAO', text: '只有你能看到' }],
    ]);
    // The carried-over file is a valid intent of today: the writer would write it just so.
    expect(() => checkOutboxIntent(rows[0]?.kind ?? '', rows[0]?.payload)).not.toThrow();

    // The reply written before replies became `person.reply` still goes out, where it was meant to.
    const calls: Array<{ method: string; args: Record<string, unknown> }> = [];
    const client: SlackApiClient = {
      apiCall: async (method: string, args?: Record<string, unknown>) => {
        calls.push({ method, args: args ?? {} });
        return { ok: true, message_ts: '1772412000.000300' };
      },
    };
    const delivery = createSlackDelivery({ client, logger: silentLogger });
    const reply = rows[1];
    if (reply === undefined) throw new Error('expected the reply row');
    await delivery.deliver(reply);
    expect(calls).toEqual([
      { method: 'chat.postEphemeral', args: expect.objectContaining({ channel: 'C0OFFICE', user: 'U0GAO' }) },
    ]);
  });
});
