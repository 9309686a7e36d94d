// Start-up benchmark: how long `npm start` takes to answer /healthz and /readyz, on a new data
// folder (PGlite creates its cluster and the bot migrates) and on an existing one.
// Usage: npm run bench:startup [-- --runs 5] (`npm run bench` runs it with 3 runs, then bench/engine.ts)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const runsAt = process.argv.indexOf('--runs');
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 3;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, deadline) {
  while (performance.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return performance.now();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${url} did not answer in time`);
}

async function startOnce(dataDir) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', LOG_FORMAT: 'json' },
    stdio: 'ignore',
    detached: true,
  });
  const deadline = t0 + 60_000;
  const healthz = (await waitFor(`http://127.0.0.1:${port}/healthz`, deadline)) - t0;
  const readyz = (await waitFor(`http://127.0.0.1:${port}/readyz`, deadline)) - t0;
  const exited = new Promise((r) => child.on('exit', r));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
  // npm exits before the bot it started (tsx, node) has closed its database: wait for the whole
  // process group, or the next run finds the data folder locked and removing it races the bot.
  await groupGone(child.pid);
  return { healthz, readyz };
}

async function groupGone(pgid) {
  const deadline = performance.now() + 15_000;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return; // ESRCH: no process left in the group
    }
    if (performance.now() > deadline) {
      process.kill(-pgid, 'SIGKILL');
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { fresh: [], existing: [] };
for (let i = 0; i < runs; i++) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-bench-'));
  results.fresh.push(await startOnce(dataDir));
  results.existing.push(await startOnce(dataDir));
  await rm(dataDir, { recursive: true, force: true });
}

console.log(
  `start-up, ${runs} runs each, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}`,
);
for (const [kind, list] of Object.entries(results)) {
  const h = median(list.map((r) => r.healthz));
  const r = median(list.map((r) => r.readyz));
  const max = Math.max(...list.map((r) => r.readyz));
  console.log(
    `  ${kind.padEnd(8)} data folder: /healthz ${(h / 1000).toFixed(2)} s, /readyz ${(r / 1000).toFixed(2)} s (median; slowest /readyz ${(max / 1000).toFixed(2)} s)`,
  );
}
