// Engine benchmark: how fast the workflow engine applies clicks, on PGlite and (when
// TEST_DATABASE_URL is set) on PostgreSQL, next to a hand-written SQL transaction doing the same
// writes. Every database is private to the run and removed at the end.
//
// Usage: npm run bench:engine [-- --latency-seconds 10 --rate 20 --tps-seconds 8 --warmup-seconds 2
//        --clickers 16 --pool 10 --economy-approvals 20 --economy-lanes 5 --flood-approvals 60
//        --only pglite|postgres --only-flood --pglite-on-disk --verbose]
//        (`--only-flood`: only the flood (1d) and the audit-chain check, for working on its figure;
//        its database has not been through the other phases first)
//
// 1. Latency: an open loop offers `rate` clicks/s (one every 1000/rate ms, whether or not the
//    previous ones finished) and times each from the call to its resolution (committed); on the
//    Slack path, from just before the signed request is sent to the listener's click resolving.
// 1a (right after the Slack path, the same open loop): the DingTalk path (bench/dingtalk-path.ts:
//    the real adapter and Stream client on the local stand-in): each card-callback frame (the
//    opinion panel's submit approving) timed from the moment the stand-in's hub sends it to its
//    ACK arriving back at the hub (`dingtalk_ack_p50_ms`, `dingtalk_ack_p99_ms`) and to the
//    adapter's `service.click` committed (`dingtalk_commit_p50_ms`, `dingtalk_commit_p99_ms`);
//    every click must be ACKed and applied (`dingtalk_outcomes`).
// 1e (after 1a, the same rate and count): the WeCom path (bench/wecom-path.ts: the real adapter
//    and its callback route on the local stand-in): each `审批 <title>` typed to the app, posted by
//    the stand-in as WeCom posts it (encrypted, signed), timed from that post to its HTTP answer
//    (`wecom_ack_p50_ms`, `wecom_ack_p99_ms`; WeCom waits 5 s), to the approval's start committed
//    (`wecom_commit_p50_ms`, `wecom_commit_p99_ms`) and to the answer naming it arriving at the
//    stand-in (`wecom_answer_p50_ms`, `wecom_answer_p99_ms`); every one must be answered, started
//    and answered (`wecom_outcomes`). WeCom's template card clicks are not on this path yet.
// 2. Throughput: `clickers` closed-loop clickers, each approving its own instances of the generic
//    approval step after step; only applied transitions count.
// 3. Minimal SQL: the same writes as an applied approve, hand-written (BEGIN; SELECT instance;
//    UPDATE … WHERE id AND version; SELECT last audit hash; INSERT audit_entry; INSERT
//    processed_click; INSERT outbox_message…; COMMIT), with as many workers.
// 4. ratio = engine time per transition ÷ minimal time per transition = minimal_tps / tps.
// 1b (after 1): card latency (bench/card-latency.ts): the same open loop on the Slack path with the
//    outbox dispatcher running, timed from each click's answer to the clicker's card update
//    reaching the Web API stand-in (`card_p50_ms`, `card_p99_ms`).
// 1c: outbox economy (bench/outbox-economy.ts): `economy-approvals` generic approvals, started by
//    the /doc approve command and approved step by step through the Slack path, `economy-lanes` at
//    a time with 1–3 s between a person's clicks, dispatcher running, everything drained: outbox
//    rows and Web API calls per completed approval (`rows_per_approval`, `calls_per_approval`),
//    by kind and method, next to what issue 19's aim allows for that flow.
// 1d: flood: `flood-approvals` approvals started at once (their first cards delivered), then
//    `clickers` closed-loop clickers approve them step after step (all of them at step 1, then at
//    step 2…) through the Slack path with the dispatcher running; card latency as in 1b
//    (`flood_card_p50_ms`, `flood_card_p99_ms`; aim ≤ 1,000 ms on PostgreSQL).
// Then a short sequential profile (statements and driver time per click) and an audit-chain check.
//
// The click under test is a `ClickFn`. Latency is measured twice: on `service.click` itself (a
// human-readable line), then through the real Slack HTTP path (bench/slack-path.ts: signed
// view_submission → Bolt → listener → committed), which the JSON reports ("path": "slack_http"),
// then through the DingTalk Stream path (1a), reported beside it under the `dingtalk_` keys, and
// typed commands through the WeCom callback path (1e) under the `wecom_` keys.
// Throughput, minimal SQL, ratio and the profile stay on the service path.
// The last line printed is one JSON object with the figures.

import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, databaseOnPglite, openDatabase } from '../src/db/database.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { GENERIC_APPROVAL, waitingOn } from '../src/domain/workflow/index.ts';
import type { WorkflowInstance } from '../src/domain/workflow/types.ts';
import { GENESIS_HASH, hashAuditEntry, verifyAuditChains } from '../src/features/workflow/audit.ts';
import {
  type ClickInput,
  clickKeyOf,
  outboxRowsFor,
  type WorkflowService,
} from '../src/features/workflow/workflow-service.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createPostgresDatabase, silentLogger, type TestDatabase } from '../test/support/databases.ts';
import { EXAMPLE, loadExampleOrg, testWorkflowService } from '../test/support/workflow.ts';
import { measureCardLatency } from './card-latency.ts';
import { type DingTalkClick, startDingTalkPath } from './dingtalk-path.ts';
import { type EconomyResult, measureOutboxEconomy } from './outbox-economy.ts';
import { startSlackPath } from './slack-path.ts';
import { startWeComPath, WECOM_ACK_LIMIT_MS, type WeComCommand } from './wecom-path.ts';

// ---------------------------------------------------------------------------------------------
// Options

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const OPTIONS = {
  latencySeconds: option('latency-seconds', 10),
  rate: option('rate', 20),
  tpsSeconds: option('tps-seconds', 8),
  warmupSeconds: option('warmup-seconds', 2),
  clickers: Math.round(option('clickers', 16)),
  /** PostgreSQL connections for the engine's pool and for the minimal SQL's pool (the bot's default). */
  pool: Math.round(option('pool', 10)),
  profileInstances: 20,
  /** Outbox economy: approvals run start to finish, and how many at a time (bench/outbox-economy.ts). */
  economyApprovals: Math.round(option('economy-approvals', 20)),
  economyLanes: Math.round(option('economy-lanes', 5)),
  /** Flood: approvals in progress at once, worked through by `clickers` closed-loop clickers. */
  floodApprovals: Math.round(option('flood-approvals', 60)),
  /** Run only the flood (1d) and the audit-chain check. */
  onlyFlood: process.argv.includes('--only-flood'),
  /** PGlite in a temporary folder instead of memory. */
  pgliteOnDisk: process.argv.includes('--pglite-on-disk'),
  verbose: process.argv.includes('--verbose'),
};

const TEAM = 'T0BENCH';
const APPROVE = { type: 'approve', comment: '同意' } as const;
/** Who approves the generic approval at versions 1, 2 and 3 (its three steps). */
const APPROVERS = [EXAMPLE.deptHead, EXAMPLE.officeHead, EXAMPLE.supervisingLeader] as const;
/** People of the example organisation who type the WeCom path's commands, in turn. */
const WECOM_REQUESTERS = [
  'xu-hui',
  'gao-yan',
  'tang-ning',
  'zhou-jing',
  'wu-fang',
  'zheng-tao',
  'feng-xiaoyu',
  'huang-lei',
  'ma-qiang',
  'lin-feng',
] as const;
const STEPS = APPROVERS.length;

// ---------------------------------------------------------------------------------------------
// The pluggable click and the two runners

/** Applies one click and resolves once it is committed; `kind` is `applied` when it changed the state. */
export type ClickFn = (input: ClickInput) => Promise<{ kind: string }>;

/** The click approving step `step` (0-based) of a generic approval at version step + 1. */
export function approveClick(instanceId: string, step: number): ClickInput {
  const actorPersonId = APPROVERS[step];
  if (!actorPersonId) throw new Error(`no step ${step}`);
  return { instanceId, workspaceId: TEAM, actorPersonId, action: APPROVE, expectedVersion: step + 1 };
}

export interface LatencyResult<A extends { kind: string } = { kind: string }> {
  /** Milliseconds from the call to the resolution, per click (in plan order). */
  latencies: number[];
  /** How late each call left against its schedule (event loop busy), in ms. */
  lags: number[];
  /** Outcome kinds (or `error`) and their counts. */
  outcomes: Record<string, number>;
  /** What each click that resolved answered (in plan order), e.g. the DingTalk path's frame times. */
  answers: A[];
}

/** Open loop: calls `clickFn(plan[i])` at start + i × intervalMs, whether or not earlier calls finished. */
export async function runLatency<A extends { kind: string }, I = ClickInput>(
  clickFn: (input: I) => Promise<A>,
  plan: I[],
  intervalMs: number,
): Promise<LatencyResult<A>> {
  const latencies: number[] = new Array(plan.length).fill(Number.NaN);
  const answers: Array<A | undefined> = new Array(plan.length).fill(undefined);
  const lags: number[] = [];
  const outcomes: Record<string, number> = {};
  const count = (kind: string) => {
    outcomes[kind] = (outcomes[kind] ?? 0) + 1;
  };
  const pending: Promise<void>[] = [];
  const start = performance.now() + 10;
  for (const [i, input] of plan.entries()) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const called = performance.now();
    lags.push(called - due);
    pending.push(
      clickFn(input).then(
        (outcome) => {
          latencies[i] = performance.now() - called;
          answers[i] = outcome;
          count(outcome.kind);
        },
        () => count('error'),
      ),
    );
  }
  await Promise.all(pending);
  return {
    latencies: latencies.filter((x) => !Number.isNaN(x)),
    lags,
    outcomes,
    answers: answers.filter((x) => x !== undefined),
  };
}

/**
 * Latency plan: `total` clicks over `ids` instances, instance i mod n, step ⌊i / n⌋, so two clicks
 * on one instance are n × interval apart (the earlier one has committed long before).
 */
export function latencyPlan(ids: string[], total: number): ClickInput[] {
  if (total > ids.length * STEPS) throw new Error('not enough instances for the latency plan');
  return Array.from({ length: total }, (_, i) =>
    approveClick(ids[i % ids.length] as string, Math.floor(i / ids.length)),
  );
}

/**
 * Closed loop on one shared plan: `clickers` clickers, each sending the plan's next click as soon as
 * its previous one is answered. With a {@link latencyPlan} over more instances than clickers, a
 * click's previous step on its instance has been answered before it is sent.
 */
export async function runClosedLoop(
  clickFn: ClickFn,
  plan: ClickInput[],
  clickers: number,
): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  const count = (kind: string) => {
    outcomes[kind] = (outcomes[kind] ?? 0) + 1;
  };
  let next = 0;
  const clicker = async () => {
    while (next < plan.length) {
      const input = plan[next++] as ClickInput;
      await clickFn(input).then(
        (outcome) => count(outcome.kind),
        () => count('error'),
      );
    }
  };
  await Promise.all(Array.from({ length: clickers }, clicker));
  return outcomes;
}

export interface ThroughputResult {
  /** Applied transitions completed inside the measured window. */
  transitions: number;
  seconds: number;
  tps: number;
  /** Clicks in the window that did not apply (should be 0: clickers never share an instance). */
  failed: number;
  /** Instances a clicker had to create inside the window (its prepared ones ran out). */
  inlineStarts: number;
  /** CPU time of this process (user + system) per transition, in ms; PGlite's work included. */
  cpuMsPerTransition: number;
}

/**
 * Closed loop: `clickers` clickers, each approving its own instances step after step for
 * `seconds`. Instances are created beforehand with `createInstances` (not timed), sized from
 * `expectedTps`; a clicker that runs out creates one inline (counted in `inlineStarts`).
 */
export async function runThroughput(options: {
  clickFn: ClickFn;
  createInstances: (n: number) => Promise<string[]>;
  clickers: number;
  seconds: number;
  expectedTps: number;
}): Promise<ThroughputResult> {
  const { clickFn, createInstances, clickers } = options;
  const perClicker = Math.ceil((options.expectedTps * options.seconds * 2) / STEPS / clickers) + 2;
  const ids = await createInstances(perClicker * clickers);
  const queues = Array.from({ length: clickers }, (_, c) => ids.slice(c * perClicker, (c + 1) * perClicker));
  const counters = { transitions: 0, failed: 0, inlineStarts: 0 };
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const until = start + options.seconds * 1000;

  async function clicker(queue: string[]): Promise<void> {
    let current: { id: string; step: number } | null = null;
    while (performance.now() < until) {
      if (current === null) {
        let id = queue.pop();
        if (id === undefined) {
          [id] = await createInstances(1);
          counters.inlineStarts += 1;
        }
        current = { id: id as string, step: 0 };
      }
      const outcome = await clickFn(approveClick(current.id, current.step));
      const inWindow = performance.now() <= until;
      if (outcome.kind !== 'applied') {
        if (inWindow) counters.failed += 1;
        current = null;
        continue;
      }
      if (inWindow) counters.transitions += 1;
      current.step += 1;
      if (current.step >= STEPS) current = null;
    }
  }

  await Promise.all(queues.map((queue) => clicker(queue)));
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (until - start) / 1000;
  return {
    ...counters,
    seconds,
    tps: counters.transitions / seconds,
    cpuMsPerTransition: (cpu.user + cpu.system) / 1000 / Math.max(counters.transitions, 1),
  };
}

/** A short closed-loop run whose rate sizes the instance pool of the measured run. */
async function warmUp(
  clickFn: ClickFn,
  createInstances: (n: number) => Promise<string[]>,
  guessTps: number,
): Promise<number> {
  const result = await runThroughput({
    clickFn,
    createInstances,
    clickers: OPTIONS.clickers,
    seconds: OPTIONS.warmupSeconds,
    expectedTps: guessTps,
  });
  return Math.max(result.tps, 1);
}

// ---------------------------------------------------------------------------------------------
// Statement counting (profile only): every statement the drivers run, and the time spent in them

const trace = {
  on: false,
  statements: [] as Array<{ text: string; ms: number }>,
  driverMs: 0,
  record(text: string, ms: number) {
    if (!this.on) return;
    this.statements.push({ text, ms });
    this.driverMs += ms;
  },
  reset() {
    this.statements = [];
    this.driverMs = 0;
  },
};

type AnyFn = (...args: unknown[]) => unknown;

/** Counts and times every statement node-postgres sends (pool queries use the callback form). */
function tracePg(): void {
  const proto = pg.Client.prototype as unknown as { query: AnyFn; __benchTraced?: boolean };
  if (proto.__benchTraced) return;
  proto.__benchTraced = true;
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const config = args[0] as { text?: string; submit?: unknown } | string;
    if (!trace.on || (typeof config === 'object' && typeof config.submit === 'function')) {
      return original.apply(this, args);
    }
    const text = typeof config === 'string' ? config : (config.text ?? '');
    const t0 = performance.now();
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (...cbArgs: unknown[]) => {
        trace.record(text, performance.now() - t0);
        return (callback as AnyFn)(...cbArgs);
      };
      return original.apply(this, args);
    }
    return (original.apply(this, args) as Promise<unknown>).finally(() =>
      trace.record(text, performance.now() - t0),
    );
  };
}

/** Counts and times what PGlite runs: queries, scripts, and each transaction's BEGIN and COMMIT. */
function tracePglite(client: PGlite): void {
  const target = client as unknown as { query: AnyFn; exec: AnyFn; transaction: AnyFn };
  const wrap =
    (fn: AnyFn, self: unknown): AnyFn =>
    (...args: unknown[]) => {
      if (!trace.on) return fn.apply(self, args);
      const t0 = performance.now();
      return (fn.apply(self, args) as Promise<unknown>).finally(() =>
        trace.record(String(args[0]), performance.now() - t0),
      );
    };
  const transaction = target.transaction;
  target.query = wrap(target.query, client);
  target.exec = wrap(target.exec, client);
  target.transaction = (...args: unknown[]) => {
    const callback = args[0] as (tx: unknown) => Promise<unknown>;
    const t0 = performance.now();
    let bodyEnd = 0;
    return (
      transaction.call(client, async (tx: { query: AnyFn; exec: AnyFn }) => {
        trace.record('BEGIN', performance.now() - t0);
        const traced = Object.create(tx) as typeof tx;
        traced.query = wrap(tx.query, tx);
        traced.exec = wrap(tx.exec, tx);
        try {
          return await callback(traced);
        } finally {
          bodyEnd = performance.now();
        }
      }) as Promise<unknown>
    ).finally(() => trace.record('COMMIT', performance.now() - bodyEnd));
  };
}

/** `SELECT audit_entry`, `INSERT outbox_message`, `BEGIN`… */
function statementLabel(text: string): string {
  const verb = text.trim().split(/\s+/)[0]?.toUpperCase() ?? '?';
  const table = /\b(?:from|into|update)\s+((?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))?)/i.exec(text)?.[1];
  return table ? `${verb} ${table.replaceAll('"', '').replace(/^public\./, '')}` : verb;
}

// ---------------------------------------------------------------------------------------------
// Databases

export type SqlResult = { rows: Record<string, unknown>[]; count: number };
export type Sql = (text: string, values?: unknown[]) => Promise<SqlResult>;
/** Runs `body` in one transaction on the database's own driver (no Prisma). */
export type SqlTransaction = <T>(body: (sql: Sql) => Promise<T>) => Promise<T>;

export interface BenchDatabase {
  kind: 'pglite' | 'postgres';
  test: TestDatabase;
  /** What the minimal SQL runs on: PGlite's `transaction()`, or a pg.Pool as large as Prisma's. */
  sqlTransaction: SqlTransaction;
  driverLabel: string;
  cleanup(): Promise<void>;
}

/**
 * PGlite opened as `openDatabase` does it, keeping the PGlite instance for the minimal SQL: in
 * memory, or (`onDisk`) in a temporary folder, as the bot keeps it in DATA_DIR.
 */
export async function openBenchPglite(onDisk = false): Promise<BenchDatabase> {
  const dataDir = onDisk ? await mkdtemp(path.join(os.tmpdir(), 'office-bot-bench-pglite-')) : null;
  const client = dataDir ? await PGlite.create({ dataDir }) : await PGlite.create();
  tracePglite(client);
  const db = databaseOnPglite(client);
  const cleanup = async () => {
    await db.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  const test: TestDatabase = { db, url: null, cleanup };
  try {
    await migrateDatabase(db, silentLogger);
  } catch (error) {
    await cleanup().catch(() => {});
    throw error;
  }
  return {
    kind: 'pglite',
    test,
    driverLabel: 'PGlite transaction()',
    sqlTransaction: (body) =>
      client.transaction((tx) =>
        body(async (text, values) => {
          const result = await tx.query<Record<string, unknown>>(text, values);
          return { rows: result.rows, count: result.affectedRows ?? 0 };
        }),
      ),
    cleanup,
  };
}

/** A new database on the TEST_DATABASE_URL server, with the bot's pool and a pg.Pool of the same size. */
export async function openBenchPostgres(): Promise<BenchDatabase> {
  tracePg();
  const { url, drop } = await createPostgresDatabase();
  let db: Database | null = null;
  let pool: pg.Pool | null = null;
  const cleanup = async () => {
    await db?.close();
    await pool?.end();
    await drop();
  };
  try {
    db = await openDatabase({ kind: 'postgres', url, poolMax: OPTIONS.pool, connectTimeoutMs: 10_000 });
    await migrateDatabase(db, silentLogger);
    pool = new pg.Pool({ connectionString: url, max: OPTIONS.pool });
    pool.on('error', () => {});
  } catch (error) {
    await cleanup().catch(() => {});
    throw error;
  }
  const sqlPool = pool;
  return {
    kind: 'postgres',
    test: { db, url, cleanup },
    driverLabel: `pg.Pool max ${OPTIONS.pool}`,
    async sqlTransaction(body) {
      const conn = await sqlPool.connect();
      const sql: Sql = async (text, values) => {
        const result = await conn.query(text, values);
        return { rows: result.rows, count: result.rowCount ?? 0 };
      };
      try {
        await conn.query('BEGIN');
        const result = await body(sql);
        await conn.query('COMMIT');
        return result;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        conn.release();
      }
    },
    cleanup,
  };
}

// ---------------------------------------------------------------------------------------------
// The minimal SQL path

/** What an applied approve of each step writes, from a real walk through the engine. */
export interface StepTemplate {
  /** The instance after the step (its `state`), id and updatedAt replaced per click. */
  after: WorkflowInstance;
  status: string;
  waitingOn: string[];
  outbox: ReturnType<typeof outboxRowsFor>;
}

export interface Templates {
  sampleId: string;
  started: WorkflowInstance;
  steps: StepTemplate[];
}

/** Walks one instance through the engine and keeps what each step wrote. */
export async function sampleWalk(service: WorkflowService): Promise<Templates> {
  const started = await startApproval(service);
  const steps: StepTemplate[] = [];
  for (let step = 0; step < STEPS; step++) {
    const outcome = await service.click(approveClick(started.id, step));
    if (outcome.kind !== 'applied') throw new Error(`sample walk: step ${step} was ${outcome.kind}`);
    steps.push({
      after: outcome.instance,
      status: outcome.instance.status,
      waitingOn: waitingOn(outcome.instance),
      outbox: outboxRowsFor(outcome.instance, outcome.effects, GENERIC_APPROVAL),
    });
  }
  return { sampleId: started.id, started, steps };
}

const START_INSTANCES_SQL = `
INSERT INTO workflow_instance (id, definition_id, definition_version, requester_id, workspace_id, title, reference,
  secrecy, urgency, status, version, state, waiting_on, created_at, updated_at)
SELECT u.id, $2, $3, $4, $5, $6, NULL, $7, $8, $9, 1, jsonb_set($10::jsonb, '{id}', to_jsonb(u.id::text)),
  $11::text[], $12::timestamptz, $12::timestamptz
FROM unnest($1::uuid[]) AS u(id)`;

const START_AUDIT_SQL = `
INSERT INTO audit_entry (instance_id, seq, at, actor_id, action, comment, details, before_version, after_version,
  before_status, after_status, prev_hash, hash)
SELECT u.id, 1, $3::timestamptz, $4, 'start', NULL, $5::jsonb, NULL, 1, NULL, $6, $7, u.hash
FROM unnest($1::uuid[], $2::text[]) AS u(id, hash)`;

/** Creates `n` started instances (row + chained `start` audit entry) in bulk, for the minimal SQL. */
export async function createInstancesBySql(
  bench: BenchDatabase,
  templates: Templates,
  n: number,
): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  const at = new Date();
  const s = templates.started;
  const details = { definition: `${GENERIC_APPROVAL.id}@${GENERIC_APPROVAL.version}` };
  const hashes = ids.map((instanceId) =>
    hashAuditEntry({
      instanceId,
      seq: 1,
      at,
      actorId: s.requesterId,
      action: 'start',
      comment: null,
      details,
      beforeVersion: null,
      afterVersion: 1,
      beforeStatus: null,
      afterStatus: s.status,
      prevHash: GENESIS_HASH,
    }),
  );
  await bench.sqlTransaction(async (sql) => {
    await sql(START_INSTANCES_SQL, [
      ids,
      s.definitionId,
      s.definitionVersion,
      s.requesterId,
      TEAM,
      s.title,
      s.secrecy,
      s.urgency,
      s.status,
      JSON.stringify(s),
      waitingOn(s),
      at.toISOString(),
    ]);
    await sql(START_AUDIT_SQL, [
      ids,
      hashes,
      at.toISOString(),
      s.requesterId,
      JSON.stringify(details),
      s.status,
      GENESIS_HASH,
    ]);
  });
  return ids;
}

const outboxSqlCache = new Map<number, string>();
function outboxInsertSql(rows: number): string {
  let sql = outboxSqlCache.get(rows);
  if (!sql) {
    const values = Array.from(
      { length: rows },
      (_, i) =>
        `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb, 'pending', $${rows * 4 + 1}, $${rows * 4 + 1})`,
    );
    sql = `INSERT INTO outbox_message (ordering_key, copy_key, kind, payload, status, next_attempt_at, created_at) VALUES ${values.join(', ')}`;
    outboxSqlCache.set(rows, sql);
  }
  return sql;
}

/** The same writes as an applied approve, by hand: one transaction, six statements plus BEGIN/COMMIT. */
export function minimalClickFn(bench: BenchDatabase, templates: Templates): ClickFn {
  return async (input) => {
    const step = input.expectedVersion - 1;
    const template = templates.steps[step];
    if (!template) throw new Error(`no template for version ${input.expectedVersion}`);
    const id = input.instanceId;
    const now = new Date();
    await bench.sqlTransaction(async (sql) => {
      const { rows } = await sql('SELECT * FROM workflow_instance WHERE id = $1', [id]);
      const row = rows[0];
      if (!row || row.version !== input.expectedVersion)
        throw new Error(`minimal: ${id} is not at ${input.expectedVersion}`);
      const state = JSON.stringify({ ...template.after, id, updatedAt: now.toISOString() });
      const updated = await sql(
        'UPDATE workflow_instance SET state = $3::jsonb, version = version + 1, waiting_on = $4::text[], status = $5, updated_at = $6 WHERE id = $1 AND version = $2',
        [id, input.expectedVersion, state, template.waitingOn, template.status, now.toISOString()],
      );
      if (updated.count !== 1) throw new Error(`minimal: lost the race on ${id}`);
      const last = await sql(
        'SELECT seq, hash FROM audit_entry WHERE instance_id = $1 ORDER BY seq DESC LIMIT 1',
        [id],
      );
      const prev = last.rows[0] as { seq: number; hash: string } | undefined;
      const record = {
        instanceId: id,
        seq: (prev?.seq ?? 0) + 1,
        at: now,
        actorId: input.actorPersonId,
        action: input.action.type,
        comment: APPROVE.comment,
        details: null,
        beforeVersion: input.expectedVersion,
        afterVersion: input.expectedVersion + 1,
        beforeStatus: String(row.status),
        afterStatus: template.status,
        prevHash: prev?.hash ?? GENESIS_HASH,
      };
      await sql(
        `INSERT INTO audit_entry (instance_id, seq, at, actor_id, action, comment, details, before_version,
          after_version, before_status, after_status, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, $9, $10, $11, $12)`,
        [
          id,
          record.seq,
          now.toISOString(),
          record.actorId,
          record.action,
          record.comment,
          record.beforeVersion,
          record.afterVersion,
          record.beforeStatus,
          record.afterStatus,
          record.prevHash,
          hashAuditEntry(record),
        ],
      );
      await sql(
        'INSERT INTO processed_click (key, instance_id, result_version, created_at) VALUES ($1, $2, $3, $4)',
        [clickKeyOf(input), id, input.expectedVersion + 1, now.toISOString()],
      );
      if (template.outbox.length > 0) {
        const values: unknown[] = [];
        for (const message of template.outbox) {
          values.push(
            message.orderingKey.replace(templates.sampleId, id),
            message.copyKey?.replace(templates.sampleId, id) ?? null,
            message.kind,
            JSON.stringify({ ...message.payload, instanceId: id }),
          );
        }
        values.push(now.toISOString());
        await sql(outboxInsertSql(template.outbox.length), values);
      }
    });
    return { kind: 'applied' };
  };
}

// ---------------------------------------------------------------------------------------------
// The engine path

export function startApproval(service: WorkflowService): Promise<WorkflowInstance> {
  return service.start({
    definitionId: GENERIC_APPROVAL.id,
    requesterPersonId: EXAMPLE.drafter,
    workspaceId: TEAM,
    title: '关于采购防汛物资的请示',
    secrecy: 'internal',
    urgency: 'normal',
  });
}

/** Starts `n` instances through the engine, `clickers` at a time. */
export async function createInstancesByService(service: WorkflowService, n: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next += 1;
      ids.push((await startApproval(service)).id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(OPTIONS.clickers, n) }, worker));
  return ids;
}

// ---------------------------------------------------------------------------------------------
// One database

interface Figures {
  path: string;
  p50_ms: number;
  p99_ms: number;
  /** The DingTalk path (bench/dingtalk-path.ts): a card-callback frame's hub send to its ACK at the hub… */
  dingtalk_ack_p50_ms: number;
  dingtalk_ack_p99_ms: number;
  /** …and to the adapter's click committed; with the outcomes of its clicks (all `applied`). */
  dingtalk_commit_p50_ms: number;
  dingtalk_commit_p99_ms: number;
  dingtalk_outcomes: Record<string, number>;
  /**
   * The WeCom path (bench/wecom-path.ts): a typed `审批 <title>` callback posted by the stand-in to
   * its HTTP answer (WeCom's limit 5 s), to the start committed, and to the answer at the stand-in.
   */
  wecom_ack_p50_ms: number;
  wecom_ack_p99_ms: number;
  wecom_commit_p50_ms: number;
  wecom_commit_p99_ms: number;
  wecom_answer_p50_ms: number;
  wecom_answer_p99_ms: number;
  wecom_outcomes: Record<string, number>;
  tps: number;
  minimal_tps: number;
  ratio: number;
  /** Click answered → the clicker's card update at the Slack stand-in (bench/card-latency.ts). */
  card_p50_ms: number;
  card_p99_ms: number;
  /** Per completed three-step approval on the Slack path, dispatcher running (bench/outbox-economy.ts). */
  rows_per_approval: number;
  calls_per_approval: number;
  /** Card latency with `floodApprovals` approvals in progress and `clickers` closed-loop clickers. */
  flood_card_p50_ms: number;
  flood_card_p99_ms: number;
}

export interface Profile {
  clicks: number;
  msPerClick: number;
  statementsPerClick: number;
  driverMsPerClick: number;
  /** The statements of one click, in order, each with its mean time in the driver over all clicks. */
  statements: Array<{ label: string; ms: number }>;
}

/** Sequential clicks with every statement traced: where one click's time goes. */
export async function profile(clickFn: ClickFn, ids: string[]): Promise<Profile> {
  const perClick: Array<Array<{ text: string; ms: number }>> = [];
  let elapsed = 0;
  trace.reset();
  for (let step = 0; step < STEPS; step++) {
    for (const id of ids) {
      const before = trace.statements.length;
      trace.on = true;
      const t0 = performance.now();
      const outcome = await clickFn(approveClick(id, step));
      elapsed += performance.now() - t0;
      trace.on = false;
      if (outcome.kind !== 'applied') throw new Error(`profile: click was ${outcome.kind}`);
      perClick.push(trace.statements.slice(before));
    }
  }
  const clicks = perClick.length;
  const first = perClick[0] ?? [];
  const result: Profile = {
    clicks,
    msPerClick: elapsed / clicks,
    statementsPerClick: trace.statements.length / clicks,
    driverMsPerClick: trace.driverMs / clicks,
    statements: first.map((s, i) => ({
      label: statementLabel(s.text),
      ms: perClick.reduce((sum, c) => sum + (c[i]?.ms ?? 0), 0) / clicks,
    })),
  };
  if (OPTIONS.verbose)
    for (const s of first) console.log(`      ${s.text.replace(/\s+/g, ' ').slice(0, 240)}`);
  trace.reset();
  return result;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number) => x.toFixed(2);

/** The flood's figures (1d). */
type FloodFigures = Pick<Figures, 'flood_card_p50_ms' | 'flood_card_p99_ms'>;

/** 1d. Flood: many approvals in progress at once, closed-loop clickers, card latency as in 1b. */
async function measureFlood(
  bench: BenchDatabase,
  byService: (n: number) => Promise<string[]>,
  say: (text: string) => void,
): Promise<FloodFigures> {
  if (OPTIONS.floodApprovals <= OPTIONS.clickers)
    throw new Error('the flood needs more approvals than clickers (one click per instance in flight)');
  let floodOutcomes: Record<string, number> = {};
  const floodStarted = performance.now();
  const flood = await measureCardLatency({
    test: bench.test,
    teamId: TEAM,
    people: [EXAMPLE.drafter, ...APPROVERS],
    createInstances: byService,
    instances: OPTIONS.floodApprovals,
    drive: async (clickFn, ids) => {
      floodOutcomes = await runClosedLoop(clickFn, latencyPlan(ids, ids.length * STEPS), OPTIONS.clickers);
    },
    drainTimeoutMs: 60_000,
  });
  const floodP50 = percentile(flood.latencies, 50);
  const floodP99 = percentile(flood.latencies, 99);
  say(
    `flood card latency (${OPTIONS.floodApprovals} approvals in progress, ${OPTIONS.clickers} closed-loop clickers ` +
      `on the Slack path, dispatcher running; click answered → clicker's card update): p50 ${fmt(floodP50)} ms, ` +
      `p99 ${fmt(floodP99)} ms, max ${fmt(Math.max(...flood.latencies))} ms; ${flood.latencies.length} cards, ` +
      `${flood.missing} missing, outcomes ${JSON.stringify(floodOutcomes)}; ` +
      `${fmt((performance.now() - floodStarted) / 1000)} s with start and drain; aim p99 ≤ 1000 ms on PostgreSQL`,
  );
  const floodClicks = OPTIONS.floodApprovals * STEPS;
  if (flood.missing > 0 || flood.notApplied > 0 || flood.pending > 0 || floodOutcomes.applied !== floodClicks)
    throw new Error(
      `flood: ${flood.missing} cards missing, ${flood.notApplied} clicks not applied, ` +
        `${flood.pending} outbox rows still pending after the drain, ` +
        `outcomes ${JSON.stringify(floodOutcomes)} of ${floodClicks} clicks`,
    );
  return { flood_card_p50_ms: round2(floodP50), flood_card_p99_ms: round2(floodP99) };
}

async function checkAuditChains(bench: BenchDatabase, say: (text: string) => void): Promise<void> {
  const audit = await verifyAuditChains(bench.test.db.prisma);
  if (audit.broken) throw new Error(`audit chain broken: ${JSON.stringify(audit.broken)}`);
  say(`audit chains intact: ${audit.checked} entries checked`);
}

async function benchDatabase(bench: BenchDatabase): Promise<Figures | FloodFigures> {
  const label = bench.kind.padEnd(8);
  const say = (text: string) => console.log(`${label} ${text}`);
  await loadExampleOrg(bench.test);
  const service = testWorkflowService(bench.test, systemClock);
  const byService = (n: number) => createInstancesByService(service, n);
  if (OPTIONS.onlyFlood) {
    const flood = await measureFlood(bench, byService, say);
    await checkAuditChains(bench, say);
    return flood;
  }
  const serviceClick: ClickFn = (input) => service.click(input);
  const templates = await sampleWalk(service);
  say(
    `outbox rows per approve (steps 1-3): ${templates.steps.map((s) => s.outbox.length).join(', ')}; ` +
      `state JSON ${JSON.stringify(templates.steps[0]?.after).length} bytes`,
  );

  // 1. Latency, open loop: first on service.click itself (for reference), then through the real
  //    Slack HTTP path (signed form submission in → listener's click committed), which is reported.
  const intervalMs = 1000 / OPTIONS.rate;
  const total = Math.round(OPTIONS.rate * OPTIONS.latencySeconds);
  // `prepare` readies each run's instances for the path before its clicks (untimed).
  const measureLatency = async <A extends { kind: string }>(
    clickFn: (input: ClickInput) => Promise<A>,
    prepare: (ids: string[]) => Promise<void> = async () => {},
  ) => {
    const warmIds = await byService(Math.ceil(OPTIONS.rate / STEPS));
    await prepare(warmIds);
    await runLatency(
      clickFn,
      latencyPlan(warmIds, Math.min(OPTIONS.rate, warmIds.length * STEPS)),
      intervalMs,
    );
    const latencyIds = await byService(Math.ceil(total / STEPS));
    await prepare(latencyIds);
    return runLatency(clickFn, latencyPlan(latencyIds, total), intervalMs);
  };
  const describeTimes = (times: number[]) =>
    `p50 ${fmt(percentile(times, 50))} ms, p99 ${fmt(percentile(times, 99))} ms, max ${fmt(Math.max(...times))} ms`;
  const describeRun = (result: LatencyResult) =>
    `outcomes ${JSON.stringify(result.outcomes)}; late starts p99 ${fmt(percentile(result.lags, 99))} ms`;
  const describeLatency = (result: LatencyResult) =>
    `${describeTimes(result.latencies)}; ${describeRun(result)}`;
  const serviceLatency = await measureLatency(serviceClick);
  say(
    `latency, path service (service.click, call to commit), open loop ${OPTIONS.rate} clicks/s × ${OPTIONS.latencySeconds} s: ` +
      describeLatency(serviceLatency),
  );
  const slack = await startSlackPath({
    test: bench.test,
    teamId: TEAM,
    people: [EXAMPLE.drafter, ...APPROVERS],
  });
  let latency: LatencyResult;
  try {
    latency = await measureLatency(slack.clickFn);
  } finally {
    await slack.stop();
  }
  const p50 = percentile(latency.latencies, 50);
  const p99 = percentile(latency.latencies, 99);
  say(
    `latency, path slack_http (signed view_submission on 127.0.0.1 → Bolt → listener's service.click committed), ` +
      `open loop ${OPTIONS.rate} clicks/s × ${OPTIONS.latencySeconds} s: ${describeLatency(latency)}; ` +
      `Web API calls ${JSON.stringify(slack.apiCalls)}`,
  );
  if (latency.latencies.length !== total)
    throw new Error(`slack path: only ${latency.latencies.length} of ${total} clicks completed`);

  // 1a. The same open loop on the DingTalk path: card-callback frames (the opinion panel's submit)
  //     pushed by the stand-in's Stream hub, each timed from the hub's send to its ACK back at the
  //     hub and to the adapter's service.click committed.
  const dingtalk = await startDingTalkPath({
    test: bench.test,
    workspaceId: TEAM,
    people: [EXAMPLE.drafter, ...APPROVERS],
  });
  let dingtalkLatency: LatencyResult<DingTalkClick>;
  let frames: { pushed: number; acked: number };
  try {
    dingtalkLatency = await measureLatency(dingtalk.clickFn, dingtalk.prepare);
    frames = dingtalk.frames();
  } finally {
    await dingtalk.stop();
  }
  const dingtalkAcks = dingtalkLatency.answers.map((click) => click.ackMs);
  const dingtalkCommits = dingtalkLatency.answers.map((click) => click.commitMs);
  say(
    `latency, path dingtalk_stream (card-callback frame pushed by the stand-in's Stream hub on 127.0.0.1 → ` +
      `Stream client's ACK back at the hub / → adapter's service.click committed), open loop ${OPTIONS.rate} clicks/s × ` +
      `${OPTIONS.latencySeconds} s: ACK ${describeTimes(dingtalkAcks)}; commit ${describeTimes(dingtalkCommits)}; ` +
      `${describeRun(dingtalkLatency)}; frames pushed ${frames.pushed}, ACKs ${frames.acked} (warm-up included)`,
  );
  if (dingtalkLatency.answers.length !== total || dingtalkLatency.outcomes.applied !== total)
    throw new Error(
      `dingtalk path: ${dingtalkLatency.answers.length} of ${total} clicks ACKed and committed, ` +
        `outcomes ${JSON.stringify(dingtalkLatency.outcomes)}`,
    );

  // 1e. The same rate on the WeCom path: `审批 <title>` typed to the app, posted by the stand-in
  //     (encrypted, signed) to the adapter's callback route; timed to the route's answer, the start
  //     committed and the answer at the stand-in. A warm-up of one second's worth goes first.
  //     The commands come from ten people in turn: WeCom takes at most 30 messages a minute to one
  //     person from an app (and drops the rest), so one person's answers would stop at 30.
  const wecom = await startWeComPath({ test: bench.test, people: WECOM_REQUESTERS });
  let wecomLatency: LatencyResult<WeComCommand>;
  let wecomCounts: { callbacks: number; answers: number };
  try {
    const commands = (label: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        requester: WECOM_REQUESTERS[i % WECOM_REQUESTERS.length] ?? EXAMPLE.drafter,
        title: `bench-wecom-${label}-${i}-${randomUUID().slice(0, 8)}`,
      }));
    await runLatency(wecom.commandFn, commands('warm', OPTIONS.rate), intervalMs);
    wecomLatency = await runLatency(wecom.commandFn, commands('run', total), intervalMs);
    wecomCounts = wecom.counts();
  } finally {
    await wecom.stop();
  }
  const wecomAcks = wecomLatency.answers.map((command) => command.ackMs);
  const wecomCommits = wecomLatency.answers.map((command) => command.commitMs);
  const wecomAnswers = wecomLatency.answers.map((command) => command.answerMs);
  say(
    `latency, path wecom_callback (审批 <title> typed, posted encrypted and signed by the stand-in on 127.0.0.1 → ` +
      `the route's 200 back / → start committed / → the answer at the stand-in), open loop ${OPTIONS.rate} commands/s × ` +
      `${OPTIONS.latencySeconds} s: ACK ${describeTimes(wecomAcks)} (WeCom waits ${WECOM_ACK_LIMIT_MS} ms: ` +
      `${Math.max(...wecomAcks) < WECOM_ACK_LIMIT_MS ? 'all within' : 'SOME LATE'}); commit ${describeTimes(wecomCommits)}; ` +
      `answer ${describeTimes(wecomAnswers)}; ${describeRun(wecomLatency)}; callbacks posted ${wecomCounts.callbacks}, ` +
      `answers ${wecomCounts.answers} (warm-up included)`,
  );
  if (wecomLatency.answers.length !== total || wecomLatency.outcomes.started !== total)
    throw new Error(
      `wecom path: ${wecomLatency.answers.length} of ${total} commands acknowledged, started and answered, ` +
        `outcomes ${JSON.stringify(wecomLatency.outcomes)}`,
    );

  // 1b. Card latency, open loop on the same Slack path with the outbox dispatcher running: from a
  //     click's answer to the clicker's card update reaching the Web API stand-in.
  const cards = await measureCardLatency({
    test: bench.test,
    teamId: TEAM,
    people: [EXAMPLE.drafter, ...APPROVERS],
    createInstances: byService,
    instances: Math.ceil(total / STEPS),
    drive: (clickFn, ids) => runLatency(clickFn, latencyPlan(ids, total), intervalMs),
  });
  const cardP50 = percentile(cards.latencies, 50);
  const cardP99 = percentile(cards.latencies, 99);
  say(
    `card latency (click answered → clicker's card update at the Slack stand-in, dispatcher running), ` +
      `open loop ${OPTIONS.rate} clicks/s × ${OPTIONS.latencySeconds} s: p50 ${fmt(cardP50)} ms, p99 ${fmt(cardP99)} ms, ` +
      `max ${fmt(Math.max(...cards.latencies))} ms; ${cards.latencies.length} cards, ${cards.missing} missing, ` +
      `${cards.notApplied} clicks not applied`,
  );
  if (cards.missing > 0 || cards.notApplied > 0)
    throw new Error(`card latency: ${cards.missing} cards missing, ${cards.notApplied} clicks not applied`);

  // 1c. Outbox economy: whole approvals at a person's pace, everything delivered and counted.
  const people = [EXAMPLE.drafter, ...APPROVERS];
  const economy = await measureOutboxEconomy({
    test: bench.test,
    teamId: TEAM,
    people,
    requester: EXAMPLE.drafter,
    approvers: APPROVERS,
    click: approveClick,
    approvals: OPTIONS.economyApprovals,
    lanes: OPTIONS.economyLanes,
  });
  for (const line of describeEconomy(economy)) say(line);

  // 1d. Flood: many approvals in progress at once, closed-loop clickers, card latency as in 1b.
  const flood = await measureFlood(bench, byService, say);

  // 2. Engine throughput, closed loop.
  const engineGuess = await warmUp(serviceClick, byService, 50);
  const engine = await runThroughput({
    clickFn: serviceClick,
    createInstances: byService,
    clickers: OPTIONS.clickers,
    seconds: OPTIONS.tpsSeconds,
    expectedTps: engineGuess,
  });
  say(
    `engine:  ${OPTIONS.clickers} clickers, ${OPTIONS.tpsSeconds} s after ${OPTIONS.warmupSeconds} s warm-up: ` +
      `${engine.transitions} transitions, ${fmt(engine.tps)} tps, ${fmt(engine.cpuMsPerTransition)} ms of node CPU per transition ` +
      `(failed ${engine.failed}, started in window ${engine.inlineStarts})`,
  );

  // 3. Minimal SQL, same writes, same concurrency.
  const minimalClick = minimalClickFn(bench, templates);
  const bySql = (n: number) => createInstancesBySql(bench, templates, n);
  const minimalGuess = await warmUp(minimalClick, bySql, engine.tps * 4);
  const minimal = await runThroughput({
    clickFn: minimalClick,
    createInstances: bySql,
    clickers: OPTIONS.clickers,
    seconds: OPTIONS.tpsSeconds,
    expectedTps: minimalGuess,
  });
  say(
    `minimal: ${OPTIONS.clickers} workers on ${bench.driverLabel}: ${minimal.transitions} transitions, ` +
      `${fmt(minimal.tps)} tps, ${fmt(minimal.cpuMsPerTransition)} ms of node CPU per transition ` +
      `(failed ${minimal.failed}, started in window ${minimal.inlineStarts})`,
  );
  const ratio = minimal.tps / engine.tps;
  say(
    `ratio:   ${fmt(ratio)} (engine ${fmt(1000 / engine.tps)} ms per transition ÷ minimal ${fmt(1000 / minimal.tps)} ms)`,
  );

  // Where a click's time goes: one clicker, every statement traced.
  const engineProfile = await profile(serviceClick, await byService(OPTIONS.profileInstances));
  const minimalProfile = await profile(minimalClick, await bySql(OPTIONS.profileInstances));
  for (const [name, p] of [
    ['engine', engineProfile],
    ['minimal', minimalProfile],
  ] as const) {
    const outside = p.msPerClick - p.driverMsPerClick;
    say(
      `profile ${name.padEnd(7)} (1 clicker, ${p.clicks} clicks): ${fmt(p.msPerClick)} ms/click, ` +
        `${fmt(p.statementsPerClick)} statements/click, ${fmt(p.driverMsPerClick)} ms in the driver, ` +
        `${fmt(outside)} ms outside it (${Math.round((100 * outside) / p.msPerClick)}%)`,
    );
    say(`  ${name} statements (mean ms): ${p.statements.map((x) => `${x.label} ${fmt(x.ms)}`).join('; ')}`);
  }

  await checkAuditChains(bench, say);

  return {
    path: 'slack_http',
    p50_ms: round2(p50),
    p99_ms: round2(p99),
    dingtalk_ack_p50_ms: round2(percentile(dingtalkAcks, 50)),
    dingtalk_ack_p99_ms: round2(percentile(dingtalkAcks, 99)),
    dingtalk_commit_p50_ms: round2(percentile(dingtalkCommits, 50)),
    dingtalk_commit_p99_ms: round2(percentile(dingtalkCommits, 99)),
    dingtalk_outcomes: dingtalkLatency.outcomes,
    wecom_ack_p50_ms: round2(percentile(wecomAcks, 50)),
    wecom_ack_p99_ms: round2(percentile(wecomAcks, 99)),
    wecom_commit_p50_ms: round2(percentile(wecomCommits, 50)),
    wecom_commit_p99_ms: round2(percentile(wecomCommits, 99)),
    wecom_answer_p50_ms: round2(percentile(wecomAnswers, 50)),
    wecom_answer_p99_ms: round2(percentile(wecomAnswers, 99)),
    wecom_outcomes: wecomLatency.outcomes,
    tps: round2(engine.tps),
    minimal_tps: round2(minimal.tps),
    ratio: round2(ratio),
    card_p50_ms: round2(cardP50),
    card_p99_ms: round2(cardP99),
    rows_per_approval: round2(economy.rowsPerApproval),
    calls_per_approval: round2(economy.callsPerApproval),
    ...flood,
  };
}

/** The economy phase's lines: per approval, measured next to what the aim allows, by method. */
function describeEconomy(e: EconomyResult): string[] {
  const per = (n: number | undefined) => fmt((n ?? 0) / e.approvals);
  const byKey = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, n]) => `${key} ${per(n)}`)
      .join(', ');
  const posts = e.calls['chat.postMessage'] ?? 0;
  const checks = Object.entries(e.allowed).map(([method, allowed]) => {
    const measured = e.calls[method] ?? 0;
    return `${method} ${per(measured)} ≤ ${per(allowed)} ${measured <= allowed ? 'ok' : 'OVER'}`;
  });
  // The per-second part also as spacing: two publishes to one person less than 1 s apart.
  checks.push(
    `views.publish to one person ≥ 1 s apart: ${e.publishesUnderOneSecond} closer ` +
      `(shortest gap ${Number.isFinite(e.shortestPublishGapMs) ? `${fmt(e.shortestPublishGapMs)} ms` : 'none'}) ${e.publishesUnderOneSecond === 0 ? 'ok' : 'OVER'}`,
  );
  const others = Object.keys(e.calls).filter((m) => !(m in e.allowed) && m !== 'response_url');
  return [
    `outbox economy: ${e.approvals} approvals (start by /doc approve + 3 approves, ${OPTIONS.economyLanes} at a time, ` +
      `1–3 s between clicks), ${fmt(e.seconds)} s with the drain: ${fmt(e.rowsPerApproval)} rows_per_approval, ` +
      `${fmt(e.callsPerApproval)} calls_per_approval (Web API, response_url left out)`,
    `  rows per approval by kind: ${byKey(e.rows)}`,
    `  calls per approval by method: ${byKey(e.calls)} (chat.postMessage: ${per(e.cardPosts)} card posts + ` +
      `${per(posts - e.cardPosts)} notices)`,
    `  aim (issue 19) per approval, measured ≤ allowed: ${checks.join('; ')}` +
      (others.length > 0 ? `; not in the aim: ${others.join(', ')}` : ''),
    `  allowed = posts: 4 new copies (requester + first approver at the start, each next approver) + ` +
      `1 notice (approved); updates: every live copy at each approve (2 + 3 + 4); App Home: ` +
      `${per(e.homeChanges)} list changes (requester every transition, approver arriving and leaving, ` +
      `everyone at the end), folded to one per person per second of the run; conversations.open: once per ` +
      `person per process`,
  ];
}

// ---------------------------------------------------------------------------------------------

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  // Interrupted: still drop the PostgreSQL database.
  const cleanups = new Set<() => Promise<void>>();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: removing the benchmark databases…`);
      void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
    });
  }
  const cpus = os.cpus();
  console.log(
    `engine benchmark: ${cpus.length} CPUs (${cpus[0]?.model ?? 'unknown'}), node ${process.version}, ` +
      `load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}, ${OPTIONS.clickers} clickers, PostgreSQL pools of ${OPTIONS.pool}, ` +
      `PGlite ${OPTIONS.pgliteOnDisk ? 'on disk (temporary folder)' : 'in memory'}`,
  );
  const results: Record<string, Figures | FloodFigures> = {};
  const only = process.argv.at(process.argv.indexOf('--only') + 1);
  const kinds = (
    process.env.TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const)
  ).filter((kind) => !process.argv.includes('--only') || kind === only);
  if (!process.env.TEST_DATABASE_URL) console.log('postgres skipped: TEST_DATABASE_URL is not set');
  for (const kind of kinds) {
    const bench = kind === 'pglite' ? await openBenchPglite(OPTIONS.pgliteOnDisk) : await openBenchPostgres();
    cleanups.add(bench.cleanup);
    try {
      results[kind] = await benchDatabase(bench);
    } finally {
      cleanups.delete(bench.cleanup);
      await bench.cleanup();
    }
  }
  console.log(JSON.stringify(results));
}

// Run when executed, not when imported (e.g. by a benchmark of another click path).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
