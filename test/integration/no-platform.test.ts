import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningBot, startBot } from '../../src/bot.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import { CHASE_OUTBOX_KINDS } from '../../src/features/chasing/run-reminders.ts';
import { createPostgresDatabase, databaseKinds, silentLogger } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { getPath, newSigningSecret } from '../support/slack.ts';
import { EXAMPLE } from '../support/workflow.ts';

// The engine, the scheduler and the reminders run with no chat platform configured: what they
// write waits in the outbox (pending, never attempted), /readyz says how many messages wait and
// why, and a bot started later on the same database with Slack configured delivers them.

/** Shanghai local time → Date (UTC+8, no DST). */
const local = (iso: string) => new Date(`${iso}+08:00`);
const DEPT_HEAD_SLACK_ID = 'U0EXAMPLE12';

/** A Web API stand-in that answers every method and records the calls. */
async function startWebApi(): Promise<{
  server: Server;
  url: string;
  calls: Array<{ method: string; channel: string }>;
}> {
  const calls: Array<{ method: string; channel: string }> = [];
  let base = '';
  const server = createServer((req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    if ((req.url ?? '').startsWith('/upload/')) {
      // The upload step of files.getUploadURLExternal → upload → files.completeUploadExternal.
      req.resume();
      req.on('end', () => {
        res.writeHead(200);
        res.end('OK');
      });
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const params: Record<string, unknown> = raw.startsWith('{')
        ? (JSON.parse(raw) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(raw));
      const channel = String(params.channel ?? '');
      calls.push({ method, channel });
      const body =
        method === 'auth.test'
          ? { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0NOPLATFORM' }
          : method === 'conversations.open'
            ? { ok: true, channel: { id: `D${String(params.users)}` } }
            : method === 'files.getUploadURLExternal'
              ? { ok: true, upload_url: `${base}/upload/F${calls.length}`, file_id: `F${calls.length}` }
              : {
                  ok: true,
                  channel,
                  ts: `1772412000.${String(calls.length).padStart(6, '0')}`,
                  files: [{ id: 'F1' }],
                };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url: `${base}/api/`, calls };
}

describe.each(databaseKinds)('the bot with no chat platform, on %s', (kind) => {
  // Tuesday 1 December 2026, 09:00 in the unit's zone: a working morning.
  const clock = new FakeClock(local('2026-12-01T09:00:00'));
  let dataDir: string;
  let databaseEnv: NodeJS.ProcessEnv;
  let dropDatabase: (() => Promise<void>) | undefined;
  let bot: RunningBot | undefined;
  let api: Awaited<ReturnType<typeof startWebApi>>;

  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    ...databaseEnv,
    PORT: '0',
    HOST: '127.0.0.1',
    ORG_FILE: 'org.example.yaml',
    ...extra,
  });

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-no-platform-'));
    if (kind === 'postgres') {
      const database = await createPostgresDatabase();
      dropDatabase = database.drop;
      databaseEnv = { DATABASE_URL: database.url, DATA_DIR: dataDir };
    } else {
      databaseEnv = { DATA_DIR: dataDir };
    }
    api = await startWebApi();
    bot = await startBot({ env: env(), clock, logger: silentLogger });
  }, 90_000);

  afterAll(async () => {
    await bot?.stop();
    await new Promise((resolve) => api?.server.close(resolve));
    await dropDatabase?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  const running = () => {
    if (!bot) throw new Error('the bot did not start');
    return bot;
  };
  const outbox = () => running().db.prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });

  it('runs the engine and the scheduler: an item started and its reminder sent write outbox rows', async () => {
    const service = running().workflowServiceAt(clock);
    await service.start({
      definitionId: GENERIC_APPROVAL.id,
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: null,
      title: '关于购置防汛物资的请示',
      secrecy: 'internal',
      urgency: 'urgent',
    });
    // Wednesday 08:31: the day-before reminder of the urgent item is due.
    clock.set(local('2026-12-02T08:31:00'));
    await running().wakeScheduler();

    const reminders = await running().db.prisma.reminder.findMany({ where: { status: 'sent' } });
    expect(reminders.map((r) => [r.kind, r.personId])).toContainEqual(['before', EXAMPLE.deptHead]);
    const rows = await outbox();
    expect(rows.map((r) => r.kind)).toContain(CHASE_OUTBOX_KINDS.remind);
    expect(rows.map((r) => r.kind)).toContain('card.sync');
  });

  it('leaves every row pending and unattempted, however often the scheduler wakes', async () => {
    clock.set(local('2026-12-02T08:40:00'));
    await running().wakeScheduler();
    const rows = await outbox();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ['pending', 0]));
  });

  it('answers /readyz with how many messages wait and why, staying ready', async () => {
    const waiting = (await outbox()).length;
    const ready = await getPath(running().port, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({
      ready: true,
      checks: {
        database: 'ok',
        slack: 'not_configured',
        dingtalk: 'not_configured',
        wecom: 'not_configured',
      },
      waiting: { messages: waiting, reason: 'no chat platform is configured' },
    });
  });

  it('delivers what waited once a bot starts with Slack configured on the same database', async () => {
    const waiting = (await outbox()).length;
    await running().stop();
    bot = await startBot({
      env: env({
        SLACK_BOT_TOKEN: 'xoxb-no-platform',
        SLACK_SIGNING_SECRET: newSigningSecret(),
        SLACK_API_URL: api.url,
      }),
      clock,
      logger: silentLogger,
    });
    await vi.waitFor(async () => expect((await outbox()).filter((r) => r.status !== 'sent')).toEqual([]), {
      timeout: 20_000,
      interval: 100,
    });
    expect((await outbox()).length).toBe(waiting);
    const posts = api.calls.filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => c.channel)).toContain(`D${DEPT_HEAD_SLACK_ID}`);
    expect((await getPath(running().port, '/readyz')).json).toEqual({
      ready: true,
      checks: { database: 'ok', slack: 'http', dingtalk: 'not_configured', wecom: 'not_configured' },
    });
  }, 60_000);
});
