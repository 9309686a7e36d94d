// Benchmark of the reminder claim (催办): 1,000,000 pending reminder rows with due times spread over a
// year, 10,000 of them due now; the time to find and claim all due rows in batches of 500 (the
// scheduler's own claimDueReminders, one transaction per batch), and the claim query's plan, which
// must not scan the reminder table sequentially. On PGlite always, on PostgreSQL when
// TEST_DATABASE_URL is set. Then the same with a partial index `(due_at) WHERE status = 'pending'`
// created here (not in the migrations), to tell whether it is worth one.
//
//   npm run bench:reminders [-- --items 1000000 --due 10000 --only pglite|postgres]
//
// The last line printed is one JSON object:
// {"pglite":{"items":…,"due":…,"claim_s":…,"seq_scan":false,…},"postgres":{…}}

import { claimDueReminders } from '../src/features/chasing/reminder-store.ts';
import { CLAIM_BATCH } from '../src/features/chasing/run-reminders.ts';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../test/support/databases.ts';

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a whole number > 0`);
  return value;
}

const ITEMS = arg('items', 1_000_000);
const DUE = arg('due', 10_000);
const ONLY = (() => {
  const index = process.argv.indexOf('--only');
  return index >= 0 ? process.argv[index + 1] : undefined;
})();
const NOW = new Date('2026-12-02T01:00:00.000Z');

interface Result {
  items: number;
  due: number;
  claim_s: number;
  seq_scan: boolean;
  claimed: number;
  batches: number;
  load_s: number;
  plan: string;
  claim_s_partial_index: number;
  seq_scan_partial_index: boolean;
  plan_partial_index: string;
}

/** 1M rows in chunks of one INSERT … SELECT generate_series each (keeps PGlite's memory flat). */
async function load(t: TestDatabase): Promise<void> {
  const prisma = t.db.prisma;
  const chunk = 200_000;
  const year = 365 * 24 * 3600;
  for (let from = 1; from <= ITEMS; from += chunk) {
    const to = Math.min(ITEMS, from + chunk - 1);
    // Rows 1…DUE are due in the last hours; the rest spread over the coming year.
    await prisma.$executeRawUnsafe(`
      INSERT INTO reminder (key, subject, instance_id, step_key, person_id, kind, slot, due_at, deadline,
                            status, payload, created_at)
      SELECT 'instance:' || g || '|overdue|p' || (g % 400) || '|review@1/2026-12-02T08:30',
             'instance:' || g, NULL, 'review', 'p' || (g % 400), 'overdue', 'review@1/2026-12-02T08:30',
             CASE WHEN g <= ${DUE}
                  THEN '${NOW.toISOString()}'::timestamptz - (g % 36000) * interval '1 second'
                  ELSE '${NOW.toISOString()}'::timestamptz + (1 + (g::bigint * 7919) % ${year}) * interval '1 second' END,
             NULL, 'pending', '{"urgency":"normal","n":1}'::jsonb, '${NOW.toISOString()}'::timestamptz
      FROM generate_series(${from}, ${to}) AS g`);
  }
  await prisma.$executeRawUnsafe('ANALYZE reminder');
}

/** The claim statement's plan (the same text as claimDueReminders, parameters inlined). */
async function explain(t: TestDatabase): Promise<{ seqScan: boolean; plan: string }> {
  const rows = await t.db.prisma.$queryRawUnsafe<Array<{ 'QUERY PLAN': unknown }>>(`
    EXPLAIN (FORMAT JSON)
    UPDATE reminder SET status = 'sent', done_at = '${NOW.toISOString()}'::timestamptz
    WHERE id IN (
      SELECT id FROM reminder
      WHERE status = 'pending' AND due_at <= '${NOW.toISOString()}'::timestamptz
      ORDER BY due_at
      LIMIT ${CLAIM_BATCH}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`);
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  const nodes: string[] = [];
  let seqScan = false;
  const walk = (node: PlanNode, depth: number) => {
    nodes.push(
      `${'  '.repeat(depth)}${node['Node Type']}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`,
    );
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'reminder') seqScan = true;
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  for (const entry of plan) walk(entry.Plan, 0);
  return { seqScan, plan: nodes.join('\n') };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Claims every due row, batch after batch, each batch in its own transaction, as the scheduler does. */
async function claimAll(t: TestDatabase): Promise<{ seconds: number; claimed: number; batches: number }> {
  const started = performance.now();
  let claimed = 0;
  let batches = 0;
  for (;;) {
    const rows = await t.db.prisma.$transaction((tx) => claimDueReminders(tx, NOW, CLAIM_BATCH));
    batches += 1;
    claimed += rows.length;
    if (rows.length < CLAIM_BATCH) break;
  }
  return { seconds: (performance.now() - started) / 1000, claimed, batches };
}

async function run(kind: TestDatabaseKind): Promise<Result> {
  const t = await createTestDatabase(kind);
  try {
    const loadStarted = performance.now();
    await load(t);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    console.log(`${kind}: ${ITEMS} rows loaded in ${loadSeconds.toFixed(1)} s`);
    const before = await explain(t);
    console.log(`${kind}: claim plan\n${before.plan}`);
    const claim = await claimAll(t);
    console.log(
      `${kind}: claimed ${claim.claimed} in ${claim.batches} batches, ${claim.seconds.toFixed(3)} s`,
    );
    if (claim.claimed !== DUE) throw new Error(`${kind}: claimed ${claim.claimed}, expected ${DUE}`);

    // The same again with a partial index of the pending rows (measured only; not a migration).
    await t.db.prisma.$executeRawUnsafe(
      `UPDATE reminder SET status = 'pending', done_at = NULL WHERE status = 'sent'`,
    );
    await t.db.prisma.$executeRawUnsafe(
      `CREATE INDEX reminder_pending_due_bench ON reminder (due_at) WHERE status = 'pending'`,
    );
    await t.db.prisma.$executeRawUnsafe('ANALYZE reminder');
    const partialPlan = await explain(t);
    console.log(`${kind}: claim plan with the partial index\n${partialPlan.plan}`);
    const partial = await claimAll(t);
    console.log(
      `${kind}: with the partial index, claimed ${partial.claimed} in ${partial.seconds.toFixed(3)} s`,
    );
    return {
      items: ITEMS,
      due: DUE,
      claim_s: Number(claim.seconds.toFixed(3)),
      seq_scan: before.seqScan,
      claimed: claim.claimed,
      batches: claim.batches,
      load_s: Number(loadSeconds.toFixed(1)),
      plan: before.plan.replace(/\n\s*/g, ' > '),
      claim_s_partial_index: Number(partial.seconds.toFixed(3)),
      seq_scan_partial_index: partialPlan.seqScan,
      plan_partial_index: partialPlan.plan.replace(/\n\s*/g, ' > '),
    };
  } finally {
    await t.cleanup();
  }
}

const kinds: TestDatabaseKind[] = (
  process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']
).filter((k) => !ONLY || k === ONLY) as TestDatabaseKind[];
if (!process.env.TEST_DATABASE_URL) console.log('postgres skipped: TEST_DATABASE_URL is not set');
const results: Partial<Record<TestDatabaseKind, Result>> = {};
for (const kind of kinds) results[kind] = await run(kind);
console.log(JSON.stringify(results));
