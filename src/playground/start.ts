// `npm start` with no Slack workspace: the bot, unchanged, in HTTP mode against a local Slack
// double, plus a page at http://localhost:PORT that plays every person of the organisation file.
// The bot gets ordinary settings (a bot token, a signing secret, SLACK_API_URL pointing here; the
// DINGTALK_* and WECOM_* variables of the local DingTalk and WeCom stand-ins beside it) and its own
// data folder (DATA_DIR/playground), so demo data never mixes with a real installation's.

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { type RunningBot, startBot } from '../bot.ts';
import {
  type DingTalkStandIn,
  standInEnv,
  startDingTalkStandIn,
} from '../chat/dingtalk/stand-in/stand-in.ts';
import { WECOM_CALLBACK_PATH } from '../chat/wecom/callback-route.ts';
import { startWeComStandIn, type WeComStandIn } from '../chat/wecom/stand-in/stand-in.ts';
import { type Config, defaultArchiveFilesDir, loadConfig } from '../config.ts';
import { lockDataDir } from '../db/data-dir-lock.ts';
import { unitCalendar } from '../domain/chasing/holidays.ts';
import { chasingSettingsOf } from '../domain/chasing/settings.ts';
import { ROLE_LABELS_ZH } from '../domain/org.ts';
import { loadOrgFile, type Org, type OrgPerson } from '../org/org-file.ts';
import type { Clock } from '../shared/clock.ts';
import { createLogger, type Logger } from '../shared/logger.ts';
import { createClockControl, createOffsetClock, outboxDueNow } from './clock-control.ts';
import { seedDemoData } from './demo-data.ts';
import { createInteractions } from './interactions.ts';
import { createPlaygroundServer, type PlaygroundPerson, type PlaygroundPlatform } from './server.ts';
import { createSlackDouble, type SlackDouble } from './slack-double.ts';

export const PLAYGROUND_TEAM_ID = 'T0PLAYGROUND';
export const PLAYGROUND_BOT_USER_ID = 'U0PLAYBOT';
/** The DingTalk userid the playground gives a person the organisation file links to none. */
export function playgroundDingTalkId(person: Pick<OrgPerson, 'id' | 'dingtalkUserId'>): string {
  return person.dingtalkUserId ?? `dt-${person.id}`;
}

/** The WeCom userid the playground gives a person the organisation file links to none. */
export function playgroundWeComId(person: Pick<OrgPerson, 'id' | 'wecomUserId'>): string {
  return person.wecomUserId ?? `wc-${person.id}`;
}

/** The organisation with every person linked to a DingTalk and a WeCom id of the stand-ins. */
export function withPlaygroundChatIds(org: Org): Org {
  return {
    ...org,
    people: org.people.map((p) => ({
      ...p,
      dingtalkUserId: playgroundDingTalkId(p),
      wecomUserId: playgroundWeComId(p),
    })),
  };
}

/** The office channel the page shows beside each person's direct messages. */
export const OFFICE_CHANNEL = { id: 'C0OFFICE', name: '办公室' } as const;

export interface RunningPlayground {
  /** The page's port (and the Slack double's). */
  port: number;
  bot: RunningBot;
  /** The Slack stand-in the bot talks to (tests listen to what it receives). */
  double: SlackDouble;
  /** The DingTalk stand-in the bot is connected to as well. */
  dingtalk: DingTalkStandIn;
  /** The WeCom stand-in, which posts its callbacks to the bot's `/wecom/callback`. */
  wecom: WeComStandIn;
  logger: Logger;
  /** How many demo approvals this start added (0 when the database already had items). */
  demoApprovals: number;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  env: NodeJS.ProcessEnv;
  clock: Clock;
  isTty?: boolean;
  /** Start from an empty playground database (`npm start -- --reset`). */
  reset?: boolean;
  /** Skip the demo approvals (tests that want an empty playground). */
  demoData?: boolean;
  /** Tests only: run the bot on this PostgreSQL database instead of the playground's PGlite. */
  databaseUrl?: string;
}

/**
 * Whether `npm start` should run the playground: no chat platform configured (not Slack, DingTalk
 * or WeCom), no PostgreSQL, not turned off.
 */
export function playgroundWanted(config: Config): boolean {
  return (
    config.playground === 'auto' &&
    config.slack.mode === 'none' &&
    config.dingtalk.mode === 'none' &&
    config.wecom.mode === 'none' &&
    config.database.kind === 'pglite'
  );
}

export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const config = loadConfig(options.env, { isTty: options.isTty ?? false });
  const logger = createLogger(config.log).child({ component: 'playground' });
  const { org } = await loadOrgFile(config.orgFile);
  const dataDir = path.join(config.dataDir, 'playground');
  if (options.reset) await resetDataDir(dataDir, logger);

  const departments = new Map(org.departments.map((d) => [d.id, d]));
  const people: PlaygroundPerson[] = org.people
    .filter((p) => p.slackUserId !== null)
    .map((p) => ({
      userId: p.slackUserId as string,
      dingtalkUserId: playgroundDingTalkId(p),
      wecomUserId: playgroundWeComId(p),
      personId: p.id,
      name: p.name,
      nameEn: p.nameEn,
      department: departments.get(p.departmentId)?.name ?? p.departmentId,
      title: p.title,
      roles: [...p.roles],
      roleLabels: p.roles.map((role) => ROLE_LABELS_ZH[role]),
    }));

  // Loopback unless HOST says otherwise: anyone who can reach the page can act as anyone.
  const host = options.env.HOST?.trim() ? config.host : '127.0.0.1';
  const loopback = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  let port = 0;
  let botBaseUrl: string | null = null;
  const baseUrl = () => `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${port}/slack/`;
  const botToken = `xoxb-playground-${randomBytes(8).toString('hex')}`;
  const signingSecret = randomBytes(16).toString('hex');
  const double = createSlackDouble({
    teamId: PLAYGROUND_TEAM_ID,
    botUserId: PLAYGROUND_BOT_USER_ID,
    botToken,
    users: org.people
      .filter((p) => p.slackUserId !== null)
      .map((p) => ({ userId: p.slackUserId as string, name: p.name, nameEn: p.nameEn, locale: p.locale })),
    channels: [OFFICE_CHANNEL],
    baseUrl,
  });
  const interactions = createInteractions({
    double,
    signingSecret,
    eventsUrl: () => (botBaseUrl ? `${botBaseUrl}/slack/events` : null),
    baseUrl,
    logger,
  });
  // The bot's clock, which the page's clock control moves (+1 小时, +1 工作日, back to now).
  const clock = createOffsetClock(options.clock);
  let wakeBot: () => Promise<void> = () => Promise.resolve();
  let backToNow: (now: Date) => Promise<void> = () => Promise.resolve();
  const clockControl = createClockControl({
    clock,
    calendar: unitCalendar(org.unit.timeZone, chasingSettingsOf(org).calendar),
    wake: () => wakeBot(),
    backToNow: (now) => backToNow(now),
  });
  // DingTalk and WeCom beside Slack: the bot connects to these stand-ins as to DingTalk and WeCom
  // (WeCom's posts its callbacks to the bot's port), and the page shows what they hold. New
  // messages go to the platform the page shows (posted cards stay where they are).
  const dingtalk = await startDingTalkStandIn({ now: () => clock.now().getTime() });
  let wecom: WeComStandIn;
  try {
    wecom = await startWeComStandIn({ now: () => clock.now().getTime() });
  } catch (error) {
    await dingtalk.close();
    throw error;
  }
  const closeStandIns = () => Promise.all([dingtalk.close(), wecom.close()]);
  let platform: PlaygroundPlatform = 'slack';
  const server = createPlaygroundServer({
    double,
    interactions,
    people,
    logger,
    botBaseUrl: () => botBaseUrl,
    clock: clockControl,
    platforms: {
      platform: () => platform,
      choose(next) {
        platform = next;
      },
      dingtalk,
      wecom,
      wecomCallbackUrl: () => (botBaseUrl ? `${botBaseUrl}${WECOM_CALLBACK_PATH}` : null),
    },
  });
  try {
    port = await server.listen(config.port, host);
  } catch (error) {
    await closeStandIns();
    throw error;
  }
  const closeServer = async () => {
    server.endStreams();
    await server.close(config.shutdownTimeoutMs);
    await closeStandIns();
  };
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const pageUrl = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;

  let bot: RunningBot;
  try {
    bot = await startBot({
      env: {
        ...options.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        // Where the demo's electronic record is written (below), whatever the caller's env says.
        ARCHIVE_FILES_DIR: defaultArchiveFilesDir(dataDir),
        // Demo data under a clock the page moves by days: daily backups would only be noise
        // (npm run db:backup is still answered).
        BACKUP_AT: 'off',
        DATABASE_URL: options.databaseUrl ?? '',
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_APP_TOKEN: '',
        SLACK_API_URL: `${baseUrl()}api/`,
        ...standInEnv(dingtalk),
        DINGTALK_GATEWAY_URL: dingtalk.url,
        ...wecom.env,
        // Web-form links (DingTalk's and WeCom's long forms) open through the page's address, which forwards them.
        PUBLIC_URL: options.env.PUBLIC_URL?.trim() || pageUrl,
      },
      clock,
      isTty: options.isTty ?? false,
      orgOverlay: { tag: 'playground-chat-ids-2', apply: withPlaygroundChatIds },
      preferredPlatform: () => platform,
    });
  } catch (error) {
    await closeServer();
    throw error;
  }
  botBaseUrl = `http://127.0.0.1:${bot.port}`;
  const running = bot;
  wakeBot = () => running.wakeScheduler();
  backToNow = async (now) => {
    const due = await outboxDueNow(running.db.prisma, now);
    if (due > 0) logger.info({ due }, 'clock back to now: outbox rows written ahead of it are due now');
  };

  let demoApprovals = 0;
  if (options.demoData !== false) {
    try {
      demoApprovals = await seedDemoData({
        db: bot.db,
        logger,
        workspaceId: PLAYGROUND_TEAM_ID,
        timeZone: org.unit.timeZone,
        now: clock.now(),
        serviceAt: bot.workflowServiceAt,
        archiveFilesDir: bot.config.archiveFilesDir,
      });
      // The scheduler woke at the bot's start, before the demo items existed: their reminders and
      // 督办 (the chasing demo) go now, not at the next minute.
      await bot.wakeScheduler();
    } catch (error) {
      await bot.stop();
      await closeServer();
      throw error;
    }
  }

  logger.warn(
    { port, dataDir, demoApprovals },
    `本地试用已启动：请用浏览器打开 ${pageUrl}/ （未连接 Slack、钉钉或企业微信，使用示例机构与本地模拟的 Slack、钉钉和企业微信，页面上可切换）。` +
      `Playground ready at ${pageUrl}/ : no Slack workspace, DingTalk or WeCom organisation is connected; the bot talks to ` +
      'a local Slack double and local DingTalk and WeCom stand-ins (the page switches between them). `npm start -- --reset` ' +
      'starts it clean; see README.md to connect a real workspace.',
  );

  let stopping: Promise<void> | undefined;
  return {
    port,
    bot,
    double,
    dingtalk,
    wecom,
    logger,
    demoApprovals,
    stop() {
      // The bot first: its outbox may still be talking to the double while it drains.
      stopping ??= bot.stop().finally(closeServer);
      return stopping;
    },
  };
}

/** Empties the playground's database, refusing while another playground holds the folder. */
async function resetDataDir(dataDir: string, logger: Logger): Promise<void> {
  const lock = await lockDataDir(dataDir, {
    onCompromised: (error) =>
      logger.error({ err: error }, 'the playground folder lock was lost during reset'),
  });
  try {
    await rm(path.join(dataDir, 'pgdata'), { recursive: true, force: true });
    logger.info({ dataDir }, 'playground reset: starting with an empty database');
  } finally {
    await lock.release();
  }
}
