import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run archive:import` and `npm run archive:verify`, as the operator runs them: bad rows go to
// the report with their line numbers while the good ones load; a file whose SHA-256 no longer
// matches fails the verify with a non-zero exit code.

const run = (dataDir: string, script: string, ...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !/^(SLACK_|DATABASE_|DATA_DIR|TEST_DATABASE|ARCHIVE_)/.test(key))
        env[key] = value;
    }
    execFile(
      process.execPath,
      ['--import', 'tsx', `src/features/archive/cli/${script}.ts`, ...args],
      {
        env: { ...env, DATA_DIR: dataDir, ARCHIVE_FILES_DIR: path.join(dataDir, 'files'), LOG_LEVEL: 'warn' },
        timeout: 90_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

describe('the archive import and verify scripts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-archive-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the good rows, reports the bad ones by line, and verify reports a changed file', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'files'), { recursive: true });
    await writeFile(path.join(dir, 'files', 'a.pdf'), 'first');
    const digest = createHash('sha256').update('first').digest('hex');
    const csv = path.join(dir, 'catalog.csv');
    await writeFile(
      csv,
      [
        '档号,题名,文号,年度,类别,保管期限,密级,文件,SHA256',
        `E-1,电子件,,2021,电子,永久,公开,a.pdf,${digest}`,
        'E-2,年度写错,,二〇二一,文书,永久,公开,,',
        'E-3,好的一件,,2021,文书,永久,公开,,',
      ].join('\n'),
    );
    const report = path.join(dir, 'bad.csv');
    const imported = await run(dir, 'import', csv, '--report', report);
    expect(imported.stdout).toContain('2 rows loaded, 1 rejected');
    expect(imported.code).toBe(1);
    const rejected = await readFile(report, 'utf8');
    expect(rejected).toContain('3,');
    expect(rejected).toContain('年度');

    const ok = await run(dir, 'verify');
    expect(ok.stdout).toContain('1 electronic records match');
    expect(ok.code).toBe(0);

    await writeFile(path.join(dir, 'files', 'a.pdf'), 'changed');
    const bad = await run(dir, 'verify');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('MISMATCH E-1');
  }, 180_000);
});
