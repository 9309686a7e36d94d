// Two bot processes on one PostgreSQL database in HTTP mode, behind a round-robin forwarder (what a
// load balancer does), with one Slack Web API stand-in. Clicks spread across both; one replica is
// killed with SIGKILL mid-run and started again under its REPLICA_ID. Every transition applies
// once, every card is posted once per copy, a reminder due during the run goes once, nothing is lost.
// Loopback only; skipped without TEST_DATABASE_URL.

import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { type BotProcess, startBotProcess } from '../support/bot-process.ts';
import { linkSlackUsers } from '../support/chat-accounts.ts';
import { createPostgresDatabase, type TestDatabase } from '../support/databases.ts';
import { newSigningSecret, postSlack, viewSubmissionBody, withSlackRef } from '../support/slack.ts';
import { EXAMPLE, testWorkflowService } from '../support/workflow.ts';

const TEAM = 'T0REPLICAS';
const ITEMS = 12;
const APPROVERS = [EXAMPLE.deptHead, EXAMPLE.officeHead, EXAMPLE.supervisingLeader] as const;
const SLACK_IDS: Record<string, string> = {
  [EXAMPLE.drafter]: 'U0R0DRAFTER',
  [EXAMPLE.deptHead]: 'U0R0DEPTHEAD',
  [EXAMPLE.officeHead]: 'U0R0OFFICEHEAD',
  [EXAMPLE.supervisingLeader]: 'U0R0LEADER',
};
const dmOf = (personId: string) => `D${SLACK_IDS[personId]}`;
const ZONE = 'Asia/Shanghai';

interface ApiCall {
  method: string;
  channel: string;
  ts: string;
  text: string;
  blocks: string;
}

/** The Web API stand-in: records every call; each user's DM is its own channel, each post its own ts. */
async function startWebApi(): Promise<{ server: Server; url: string; calls: ApiCall[] }> {
  const calls: ApiCall[] = [];
  let nextTs = 1;
  let base = '';
  const server = createServer((req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    if ((req.url ?? '').startsWith('/upload/')) {
      // The file upload step of files.getUploadURLExternal → upload → files.completeUploadExternal.
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
      const ts =
        method === 'chat.update' ? String(params.ts) : `1772412000.${String(nextTs++).padStart(6, '0')}`;
      calls.push({
        method,
        channel,
        ts,
        text: String(params.text ?? ''),
        blocks: typeof params.blocks === 'string' ? params.blocks : JSON.stringify(params.blocks ?? null),
      });
      const body =
        method === 'auth.test'
          ? { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: TEAM }
          : method === 'conversations.open'
            ? { ok: true, channel: { id: `D${String(params.users)}` } }
            : method === 'files.getUploadURLExternal'
              ? { ok: true, upload_url: `${base}/upload/F${ts}`, file_id: `F${ts}` }
              : { ok: true, channel, ts, view: { id: 'V0HOME', hash: 'h' }, files: [{ id: 'F1' }] };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url: `${base}/api/`, calls };
}

/**
 * A round-robin forwarder, as a simple load balancer: each request goes to the next backend; a
 * backend that refuses or drops the connection is skipped and the request is tried on the next.
 */
async function startForwarder(
  backends: () => number[],
): Promise<{ server: Server; port: number; served: number[] }> {
  let next = 0;
  const served: number[] = [];
  const forward = (port: number, req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const out = request(
        { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const ports = backends();
      for (let tries = 0; tries < ports.length; tries++) {
        const port = ports[next++ % ports.length] as number;
        try {
          const answer = await forward(port, req, body);
          served.push(port);
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
          return;
        } catch {
          // Down or died mid-request: the next backend.
        }
      }
      res.writeHead(502);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, served };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  describe?: () => Promise<string>,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${describe ? `:\n${await describe()}` : ''}`);
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('two replicas on one PostgreSQL', () => {
  let database: { url: string; drop(): Promise<void> };
  let test: TestDatabase;
  let orgFile: string;
  let api: Awaited<ReturnType<typeof startWebApi>>;
  const bots = new Map<string, { process: BotProcess; port: number }>();
  let forwarder: Awaited<ReturnType<typeof startForwarder>>;
  const secret = newSigningSecret();

  function startBot(replicaId: string): BotProcess {
    return startBotProcess({
      DATABASE_URL: database.url,
      DATABASE_POOL_MAX: '4',
      ORG_FILE: orgFile,
      HOST: '127.0.0.1',
      SLACK_BOT_TOKEN: 'xoxb-replicas',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: api.url,
      REPLICA_ID: replicaId,
      LOG_LEVEL: 'info',
    });
  }

  async function launch(replicaId: string): Promise<void> {
    const bot = startBot(replicaId);
    bots.set(replicaId, { process: bot, port: await bot.ready(90_000) });
  }

  beforeAll(async () => {
    database = await createPostgresDatabase();
    const db = await openDatabase({
      kind: 'postgres',
      url: database.url,
      poolMax: 4,
      connectTimeoutMs: 5000,
    });
    test = { db, url: database.url, cleanup: async () => db.close() };
    // Reminders go out in office hours on working days only: this run's day is one, all day.
    const today = DateTime.now().setZone(ZONE);
    const example = await readFile('org.example.yaml', 'utf8');
    orgFile = path.join(os.tmpdir(), `org-replicas-${randomUUID()}.yaml`);
    await writeFile(
      orgFile,
      example
        .replace(
          /working_days: \[\]/,
          today.weekday >= 6 ? `working_days: [${today.toISODate()}]` : 'working_days: []',
        )
        .replace(/office_hours: \{[^}]*\}/, 'office_hours: { start: "00:00", end: "23:59" }'),
    );
    api = await startWebApi();
    await Promise.all([launch('replica-a'), launch('replica-b')]);
    forwarder = await startForwarder(() => [...bots.values()].map((b) => b.port));
    await linkSlackUsers(db.prisma, SLACK_IDS);
  }, 180_000);

  afterAll(async () => {
    for (const bot of bots.values()) bot.process.child.kill('SIGKILL');
    await Promise.all([...bots.values()].map((b) => b.process.exited()));
    forwarder?.server.close();
    api?.server.close();
    await test?.cleanup();
    await database?.drop();
    if (orgFile) await rm(orgFile, { force: true });
  });

  it('applies every click once, delivers every card once, sends a due reminder once, and loses nothing when one is killed', async () => {
    const prisma = test.db.prisma;
    const service = testWorkflowService(test, systemClock);
    const titles = Array.from({ length: ITEMS }, (_, n) => `双副本审批第${n + 1}号`);
    const ids: string[] = [];
    for (const title of titles) {
      const item = await service.start({
        definitionId: GENERIC_APPROVAL.id,
        requesterPersonId: EXAMPLE.drafter,
        workspaceId: TEAM,
        title,
        secrecy: 'internal',
        urgency: 'normal',
      });
      ids.push(item.id);
    }
    // A reminder due during the run: on an item nobody clicks, to the department head it waits
    // on, due in 2 s (the replicas' schedulers wake at their start and every minute).
    const waiting = await service.start({
      definitionId: GENERIC_APPROVAL.id,
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: TEAM,
      title: '双副本提醒事项',
      secrecy: 'internal',
      urgency: 'normal',
    });
    const slot = DateTime.now().setZone(ZONE).toISODate() as string;
    await prisma.reminder.create({
      data: {
        key: `instance:${waiting.id}|due|${EXAMPLE.deptHead}|${slot}-replicas`,
        subject: `instance:${waiting.id}`,
        instanceId: waiting.id,
        stepKey: waiting.steps[0]?.key ?? null,
        personId: EXAMPLE.deptHead,
        kind: 'due',
        slot,
        dueAt: new Date(Date.now() + 2000),
        status: 'pending',
        payload: {},
        createdAt: new Date(),
      },
    });

    const pendingRows = async () =>
      JSON.stringify(
        (
          await prisma.outboxMessage.findMany({
            where: { status: 'pending' },
            orderBy: { id: 'asc' },
            take: 20,
          })
        ).map((r) => [
          String(r.id),
          r.orderingKey,
          r.copyKey,
          r.kind,
          r.attempts,
          r.lockedBy,
          r.lockedUntil,
          r.nextAttemptAt,
          r.lastError,
        ]),
      ) +
      `\n${[...bots.values()]
        .map((b) =>
          b.process
            .output()
            .split('\n')
            .filter((l) => /"level":(40|50)/.test(l))
            .slice(0, 5)
            .join('\n'),
        )
        .join('\n')}`;
    const click = (instanceId: string, step: number) =>
      postSlack(
        forwarder.port,
        viewSubmissionBody({
          teamId: TEAM,
          userId: SLACK_IDS[APPROVERS[step] as string] as string,
          privateMetadata: JSON.stringify({ i: instanceId, v: step + 1, a: 'approve', r: 1 }),
          comment: '同意',
        }),
        { secret },
      ).catch(() => undefined);
    const versions = async () =>
      new Map(
        (
          await prisma.workflowInstance.findMany({
            where: { id: { in: ids } },
            select: { id: true, version: true },
          })
        ).map((row) => [row.id, row.version]),
      );

    for (let step = 0; step < APPROVERS.length; step++) {
      // Each card must be there before its assignee clicks it.
      await waitFor(
        'the assignees’ cards',
        async () => (await prisma.outboxMessage.count({ where: { status: 'pending' } })) === 0,
        60_000,
        pendingRows,
      );
      for (const [n, id] of ids.entries()) {
        void click(id, step);
        await sleep(50);
        // Mid-run: replica b is killed (SIGKILL) and started again under the same REPLICA_ID.
        if (step === 1 && n === ITEMS / 2) {
          const b = bots.get('replica-b');
          b?.process.child.kill('SIGKILL');
          await b?.process.exited();
          bots.delete('replica-b');
          void launch('replica-b');
        }
      }
      // A click whose process died before it committed is clicked again, as a person would.
      const until = Date.now() + 60_000;
      for (;;) {
        const behind = [...(await versions())].filter(([, version]) => version < step + 2).map(([id]) => id);
        if (behind.length === 0) break;
        if (Date.now() > until)
          throw new Error(`${behind.length} items never got step ${step + 1}'s approval`);
        await sleep(1500);
        for (const id of behind) void click(id, step);
      }
    }
    await waitFor('replica b back', async () => bots.has('replica-b'), 90_000);
    await waitFor(
      'the outbox to drain',
      async () => (await prisma.outboxMessage.count({ where: { status: 'pending' } })) === 0,
      60_000,
      pendingRows,
    );
    await waitFor(
      'the reminder',
      async () =>
        (await prisma.reminder.count({ where: { instanceId: waiting.id, status: 'pending' } })) === 0,
      90_000,
    );
    await waitFor(
      'the outbox to drain',
      async () => (await prisma.outboxMessage.count({ where: { status: 'pending' } })) === 0,
      60_000,
      pendingRows,
    );

    // Both replicas served clicks.
    expect(new Set(forwarder.served).size).toBeGreaterThanOrEqual(2);
    // Every transition applied once: three approvals per item, versions 1→2→3→4, finished.
    const items = await prisma.workflowInstance.findMany({ where: { id: { in: ids } } });
    expect(items.map((i) => [i.status, i.version])).toEqual(ids.map(() => ['approved', 4]));
    const approvals = await prisma.auditEntry.groupBy({
      by: ['instanceId'],
      where: { instanceId: { in: ids }, action: 'approve' },
      _count: { _all: true },
    });
    expect(approvals.map((a) => a._count._all)).toEqual(ids.map(() => 3));
    // Nothing lost or failed in the outbox.
    expect(await prisma.outboxMessage.count({ where: { status: { not: 'sent' } } })).toBe(0);

    // Every message posted once, beyond the documented at-least-once window: a row whose holder
    // died after Slack accepted it and that went out again (attempts > 1).
    const retried = await prisma.outboxMessage.count({ where: { attempts: { gt: 1 } } });
    const posts = new Map<string, number>();
    for (const c of api.calls.filter((c) => c.method === 'chat.postMessage' && c.channel.startsWith('D'))) {
      const key = `${c.channel}|${c.text}|${c.blocks}`;
      posts.set(key, (posts.get(key) ?? 0) + 1);
    }
    const extraPosts = [...posts.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(extraPosts).toBeLessThanOrEqual(retried);
    // The copies show the final state: their last update or post is the version the item has.
    // Four copies per item (the requester and three approvers), each posted in its DM.
    const copies = await prisma.cardMessage.findMany({ where: { instanceId: { in: ids } } });
    expect(copies).toHaveLength(ITEMS * 4);
    expect(copies.every((c) => c.version === 4)).toBe(true);
    for (const copy of copies) {
      const posted = api.calls.filter(
        (c) => c.method === 'chat.postMessage' && c.ts === withSlackRef(copy).messageTs,
      );
      expect(posted.map((c) => c.channel)).toEqual([dmOf(copy.recipient)]);
    }

    // The reminder went once, by whichever replica claimed it.
    expect(await prisma.reminder.findMany({ where: { instanceId: waiting.id, kind: 'due' } })).toEqual([
      expect.objectContaining({ status: 'sent' }),
    ]);
    const reminders = await prisma.outboxMessage.findMany({
      where: { kind: 'chase.remind', payload: { path: ['instanceId'], equals: waiting.id } },
    });
    expect(reminders).toHaveLength(1);
    const reminderTs = (reminders[0]?.result as { ts?: string } | null)?.ts;
    const sentReminder = api.calls.find((c) => c.method === 'chat.postMessage' && c.ts === reminderTs);
    expect(sentReminder?.channel).toBe(dmOf(EXAMPLE.deptHead));
    expect(
      api.calls.filter((c) => c.method === 'chat.postMessage' && c.text === sentReminder?.text),
    ).toHaveLength(1);
  }, 420_000);
});
