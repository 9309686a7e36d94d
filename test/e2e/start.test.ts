import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_APPROVALS } from '../../src/playground/demo-data.ts';
import { type BotProcess, startBotProcess } from '../support/bot-process.ts';
import { getPath, newSigningSecret, newSlackId, postSlack, slashCommandBody } from '../support/slack.ts';

describe('npm start on the embedded database, playground off', () => {
  let dataDir: string;
  let bot: BotProcess;
  let port: number;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-start-'));
    bot = startBotProcess({ DATA_DIR: dataDir, PLAYGROUND: 'off' });
    port = await bot.ready();
  }, 90_000);

  afterAll(async () => {
    if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('comes up without Slack credentials and answers /healthz and /readyz', async () => {
    expect((await getPath(port, '/healthz')).status).toBe(200);
    const ready = await getPath(port, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({ checks: { database: 'ok', slack: 'not_configured' } });
    expect(bot.output()).toContain('SLACK_BOT_TOKEN');
  });

  it('refuses a second bot on the same data folder, at once and with a clear message, changing nothing', async () => {
    const before = await readdir(path.join(dataDir, 'pgdata'));
    const second = startBotProcess({ DATA_DIR: dataDir, PLAYGROUND: 'off' });
    expect(await second.exited()).toBe(1);
    expect(second.output()).toContain(`The data folder ${dataDir} is in use by another bot process`);
    expect(second.output()).not.toContain('database open');
    expect(await readdir(path.join(dataDir, 'pgdata'))).toEqual(before);
    expect((await getPath(port, '/readyz')).status).toBe(200);
  }, 60_000);

  it('stops cleanly on SIGTERM, closing the database and releasing the folder', async () => {
    bot.child.kill('SIGTERM');
    expect(await bot.exited()).toBe(0);
    expect(bot.output()).toContain('office bot stopped');
    expect(existsSync(path.join(dataDir, 'bot.lock'))).toBe(false);

    // The data survived: a new start finds the schema migrated and the directory loaded.
    const again = startBotProcess({ DATA_DIR: dataDir, PLAYGROUND: 'off' });
    await again.ready();
    expect(again.output()).toContain('database schema up to date');
    expect(again.output()).toContain('"status":"unchanged"');
    again.child.kill('SIGINT');
    expect(await again.exited()).toBe(0);
  }, 90_000);
});

describe('npm start with no Slack workspace: the playground', () => {
  let dataDir: string;
  const PLAYGROUND_READY = 'Playground ready';
  const demoApprovalsIn = (output: string) => {
    const line = output.split('\n').find((l) => l.includes(PLAYGROUND_READY));
    return line ? (JSON.parse(line) as { demoApprovals: number }).demoApprovals : null;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-playground-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves the page and the Slack double, with demo data on the first start only, and --reset starts clean', async () => {
    const first = startBotProcess({ DATA_DIR: dataDir }, { readyMessage: PLAYGROUND_READY });
    const port = await first.ready();
    expect(demoApprovalsIn(first.output())).toBe(DEMO_APPROVALS.length);
    expect((await getPath(port, '/readyz')).json).toMatchObject({
      checks: { database: 'ok', slack: 'http' },
    });
    const page = await getPath(port, '/', { accept: 'text/html' });
    expect(page.text).toContain('/app.js');
    expect(first.output()).toContain(`http://localhost:${port}/`);
    // The bot's data lives apart from a real installation's.
    expect(existsSync(path.join(dataDir, 'playground', 'pgdata'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'pgdata'))).toBe(false);
    first.child.kill('SIGTERM');
    expect(await first.exited()).toBe(0);

    const again = startBotProcess({ DATA_DIR: dataDir }, { readyMessage: PLAYGROUND_READY });
    await again.ready();
    expect(demoApprovalsIn(again.output())).toBe(0);
    again.child.kill('SIGTERM');
    expect(await again.exited()).toBe(0);

    const reset = startBotProcess(
      { DATA_DIR: dataDir },
      { readyMessage: PLAYGROUND_READY, args: ['--reset'] },
    );
    await reset.ready();
    expect(reset.output()).toContain('playground reset');
    expect(demoApprovalsIn(reset.output())).toBe(DEMO_APPROVALS.length);
    reset.child.kill('SIGTERM');
    expect(await reset.exited()).toBe(0);
  }, 180_000);

  it('stops cleanly on a signal that arrives during start-up, releasing the folder', async () => {
    const bot = startBotProcess({ DATA_DIR: dataDir, PLAYGROUND: 'off' });
    await new Promise<void>((resolve) => {
      const check = () => {
        if (!bot.output().includes('"database open"')) return;
        bot.child.stdout?.off('data', check);
        resolve();
      };
      bot.child.stdout?.on('data', check);
    });
    bot.child.kill('SIGTERM');
    expect(await bot.exited()).toBe(0);
    expect(bot.output()).toContain('office bot stopped');
    expect(existsSync(path.join(dataDir, 'bot.lock'))).toBe(false);
  }, 60_000);

  it('refuses --reset outside the playground, touching nothing', async () => {
    const bot = startBotProcess({ DATA_DIR: dataDir, PLAYGROUND: 'off' }, { args: ['--reset'] });
    expect(await bot.exited()).toBe(1);
    expect(bot.output()).toContain('--reset only empties the local playground');
  }, 60_000);
});

describe('npm start with Slack credentials (HTTP mode)', () => {
  let dataDir: string;
  let bot: BotProcess;
  let port: number;
  const secret = newSigningSecret();
  const apiCalls: string[] = [];
  /** What was posted to the stand-in's response_url paths (`/hooks/…`), by path. */
  const hooks: Array<{ url: string; body: string }> = [];
  // A local stand-in for Slack's Web API, reached through SLACK_API_URL, and for response_urls.
  const api = createServer((req, res) => {
    apiCalls.push(req.url ?? '');
    if (req.url?.startsWith('/hooks/')) {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => hooks.push({ url: req.url ?? '', body }));
    }
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        ok: true,
        user_id: 'UBOT',
        bot_id: 'BBOT',
        team_id: 'T0',
        url: 'https://t0.slack.com/',
      }),
    );
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-slack-'));
    bot = startBotProcess({
      DATA_DIR: dataDir,
      SLACK_BOT_TOKEN: 'xoxb-e2e-test-token',
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}/api/`,
    });
    port = await bot.ready();
  }, 90_000);

  afterAll(async () => {
    bot.child.kill('SIGTERM');
    await bot.exited();
    api.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('checks its token against the Web API at SLACK_API_URL', () => {
    expect(apiCalls.some((url) => url.startsWith('/api/auth.test'))).toBe(true);
  });

  it('answers a signed /doc help sent to /slack/events, in Chinese', async () => {
    const body = slashCommandBody({
      command: '/doc',
      text: 'help',
      userId: newSlackId('U'),
      teamId: newSlackId('T'),
      responseUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}/hooks/help`,
    });
    const res = await postSlack(port, body, { secret });
    expect(res.status).toBe(200);
    // Acknowledged at once; the help follows through the response_url.
    const answer = await vi.waitFor(
      () => {
        const hook = hooks.find((h) => h.url === '/hooks/help');
        if (!hook) throw new Error('no answer yet');
        return hook.body;
      },
      { timeout: 10_000 },
    );
    expect(answer).toContain('/doc new');
    expect(answer).toMatch(/公文/);
  });

  it('rejects a forged signature with 401', async () => {
    const body = slashCommandBody({
      command: '/doc',
      text: 'help',
      userId: newSlackId('U'),
      teamId: newSlackId('T'),
    });
    const res = await postSlack(port, body, { secret: newSigningSecret() });
    expect(res.status).toBe(401);
  });

  it('never writes the bot token or the signing secret to its log', () => {
    expect(bot.output()).not.toContain('xoxb-e2e-test-token');
    expect(bot.output()).not.toContain(secret);
  });
});

describe('npm start with a bad configuration', () => {
  it('exits with one message listing every problem, and no stack trace', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-bad-'));
    try {
      const bot = startBotProcess({ DATA_DIR: dir, PORT: 'x', LOG_LEVEL: 'loud', SLACK_BOT_TOKEN: 'xoxb-1' });
      expect(await bot.exited()).toBe(1);
      const out = bot.output();
      expect(out).toContain('The configuration has 3 problems');
      expect(out).toContain('PORT must be a whole number');
      expect(out).toContain('LOG_LEVEL must be one of');
      expect(out).toContain('SLACK_SIGNING_SECRET is required');
      expect(out).not.toMatch(/\n\s+at /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits naming the line of a mistake in the organisation file, and leaves the folder unlocked', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-org-'));
    try {
      const orgFile = path.join(dir, 'org.yaml');
      await writeFile(orgFile, 'unit:\n  name: 测试局\n  doc_prefix: 测\n  time_zone: Mars/Olympus\n');
      const bot = startBotProcess({ DATA_DIR: path.join(dir, 'data'), ORG_FILE: orgFile, PLAYGROUND: 'off' });
      expect(await bot.exited()).toBe(1);
      expect(bot.output()).toContain(`${orgFile}:4:`);
      expect(existsSync(path.join(dir, 'data', 'bot.lock'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
