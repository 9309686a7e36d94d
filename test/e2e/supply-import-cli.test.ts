import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run supply:import -- file.csv`: the operator's way to load the supplies catalog, with the
// same rule as `/supply import`: a file with a bad row is refused whole, each bad row named by line.

const run = (dataDir: string, ...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !/^(SLACK_|DATABASE_|DATA_DIR|TEST_DATABASE)/.test(key)) env[key] = value;
    }
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/features/supply/cli/import-catalog.ts', ...args],
      { env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

describe('the supply catalog import script', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-supply-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file with bad rows, naming each line, and loads a good file once', async () => {
    const bad = path.join(dir, 'bad.csv');
    await writeFile(
      bad,
      '\ufeff品名,规格,单位,库存,单价,预警值\nA4纸,70g,包,20,23.5,5\n签字笔,,支,很多,2,10\n,,个,1,1,1\n',
    );
    const refused = await run(path.join(dir, 'data'), bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${bad}:3: 库存: not_quantity`);
    expect(refused.stderr).toContain(`${bad}:4: 品名: missing`);
    expect(refused.stderr).toContain('Nothing was imported.');

    const good = path.join(dir, 'good.csv');
    await writeFile(good, '品名,规格,单位,库存,单价,预警值\nA4纸,70g,包,20,23.5,5\n签字笔,,支,100,2,10\n');
    const loaded = await run(path.join(dir, 'data'), good, '--actor', 'zheng-tao');
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toContain('Catalog imported: 2 new, 0 updated, 0 unchanged.');
    const again = await run(path.join(dir, 'data'), good);
    expect(again.stdout).toContain('Catalog imported: 0 new, 0 updated, 2 unchanged.');
  }, 120_000);

  it('prints its usage without a file', async () => {
    const usage = await run(path.join(dir, 'data'));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run supply:import');
  }, 60_000);
});
