// The browser scenarios' common ground: Debian's Chromium driven by playwright-core, a page as
// people in the unit see it (zh-CN, Asia/Shanghai), waits, and where screenshots go.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { type RunningPlayground, startPlayground } from '../../src/playground/start.ts';
import type { Clock } from '../../src/shared/clock.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Whether the browser is here; the scenarios are skipped without it, unless REQUIRE_BROWSER is set. */
export const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.REQUIRE_BROWSER) {
  throw new Error(
    `REQUIRE_BROWSER is set but there is no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  );
}

/** Where the scenarios' screenshots go. */
export const SHOTS = path.resolve('test-results/playground');

/** How long a wait for something on the page may take. */
export const WAIT_MS = 15_000;

/** Starts headless Chromium and opens a 1280×900 page in Chinese, in the unit's time zone. */
export async function openBrowserPage(timeZone = 'Asia/Shanghai'): Promise<{ browser: Browser; page: Page }> {
  await mkdir(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: timeZone,
  });
  return { browser, page };
}

/** Waits until `locator` shows (and contains `text`, when given). */
export const shows = (locator: Locator, text?: string) =>
  (text === undefined ? locator : locator.filter({ hasText: text })).first().waitFor({ timeout: WAIT_MS });

/** Waits until nothing matches `locator`. */
export const gone = (locator: Locator) => locator.first().waitFor({ state: 'detached', timeout: WAIT_MS });

/**
 * The machine's time moved to `localIso` in `zone` and running on from there (the scheduler and
 * the outbox keep their real pace): a scenario that needs a working day in office hours gets one
 * whenever it runs.
 */
export function clockFrom(localIso: string, zone: string): Clock {
  const offset = DateTime.fromISO(localIso, { zone }).toMillis() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** Becomes `user` on the playground's page and opens their direct messages with the bot. */
export async function actAs(page: Page, user: string): Promise<void> {
  await page.getByLabel('当前身份').selectOption(user);
  await page.getByRole('button', { name: '与机器人的私信' }).click();
}

/**
 * Waits until the playground's outbox holds no message due at `clock`'s time (App Home refreshes
 * aside): the demo data's cards and notices are delivered, so a scenario's first card does not queue behind them on a busy
 * machine. Throws after `timeoutMs`.
 */
export async function demoDelivered(playground: RunningPlayground, clock: Clock, timeoutMs = 120_000) {
  const { prisma } = playground.bot.db;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const due = await prisma.outboxMessage.count({
      // App Home refreshes wait for the home to be opened: not part of what a DM shows.
      where: {
        status: 'pending',
        nextAttemptAt: { lte: clock.now() },
        NOT: { orderingKey: { startsWith: 'home:' } },
      },
    });
    if (due === 0) return;
    if (Date.now() > deadline) throw new Error(`${due} outbox messages still due after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A fresh playground (example organisation, demo data) with a browser page to look at it. */
export interface PlaygroundInBrowser {
  playground: RunningPlayground;
  /** The playground's data folder. */
  dataDir: string;
  browser: Browser;
  page: Page;
  /** The page's address as `user` (`?user=`). */
  url(user: string): string;
  /** Closes the browser, stops the playground and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * Starts a playground on a new data folder (named after `name`) at `clock`, and a browser page in
 * `timeZone`; what was started is stopped again if a later step fails.
 */
export async function startPlaygroundInBrowser(
  name: string,
  clock: Clock,
  timeZone = 'Asia/Shanghai',
): Promise<PlaygroundInBrowser> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `office-bot-${name}-`));
  let playground: RunningPlayground | undefined;
  try {
    playground = await startPlayground({
      env: { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', ORG_FILE: 'org.example.yaml' },
      clock,
    });
    const { browser, page } = await openBrowserPage(timeZone);
    const running = playground;
    return {
      playground: running,
      dataDir,
      browser,
      page,
      url: (user) => `http://localhost:${running.port}/?user=${user}`,
      async stop() {
        await browser.close();
        await running.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await playground?.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
