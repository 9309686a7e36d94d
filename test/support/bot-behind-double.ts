import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadOrgFile } from '../../src/org/org-file.ts';
import { createInteractions } from '../../src/playground/interactions.ts';
import { createPlaygroundServer } from '../../src/playground/server.ts';
import { createSlackDouble } from '../../src/playground/slack-double.ts';
import {
  OFFICE_CHANNEL,
  PLAYGROUND_BOT_USER_ID,
  PLAYGROUND_TEAM_ID,
  playgroundDingTalkId,
  playgroundWeComId,
} from '../../src/playground/start.ts';
import { type BotProcess, startBotProcess } from './bot-process.ts';
import { createPostgresDatabase, silentLogger, type TestDatabaseKind } from './databases.ts';
import { playgroundClient } from './playground.ts';
import { newSigningSecret } from './slack.ts';

/** The bot as its own process (as `npm start` runs it, in HTTP mode), talking to the playground's Slack double here. */
export interface BotBehindDouble {
  bot: BotProcess;
  /** The bot's own port: /slack/events, /healthz. */
  botPort: number;
  /** The secret the bot verifies Slack's requests with. */
  signingSecret: string;
  /** The page API of the double: real commands and clicks, signed and sent to the bot. */
  pg: ReturnType<typeof playgroundClient>;
  stop(): Promise<void>;
}

/**
 * Starts the playground's Slack double and page API in this process and the bot as a child process
 * pointed at it, on a fresh PostgreSQL database or its own PGlite folder. Unlike the playground,
 * the test knows the signing secret (so it can sign bodies of its own) and sees the process exit.
 */
export async function startBotBehindDouble(kind: TestDatabaseKind): Promise<BotBehindDouble> {
  const { org } = await loadOrgFile('org.example.yaml');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-behind-double-'));
  const database = kind === 'postgres' ? await createPostgresDatabase() : null;
  const signingSecret = newSigningSecret();
  const botToken = `xoxb-test-${signingSecret.slice(0, 8)}`;
  let port = 0;
  let botBaseUrl: string | null = null;
  const baseUrl = () => `http://127.0.0.1:${port}/slack/`;
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
    logger: silentLogger,
  });
  const server = createPlaygroundServer({
    double,
    interactions,
    // The page API answers only for people it lists; names and roles do not matter here.
    people: org.people
      .filter((p) => p.slackUserId !== null)
      .map((p) => ({
        userId: p.slackUserId as string,
        dingtalkUserId: playgroundDingTalkId(p),
        wecomUserId: playgroundWeComId(p),
        personId: p.id,
        name: p.name,
        nameEn: p.nameEn,
        department: p.departmentId,
        title: p.title,
        roles: [...p.roles],
        roleLabels: [],
      })),
    logger: silentLogger,
    botBaseUrl: () => botBaseUrl,
  });
  port = await server.listen(0, '127.0.0.1');
  const bot = startBotProcess({
    DATA_DIR: dataDir,
    ORG_FILE: 'org.example.yaml',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: `${baseUrl()}api/`,
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const stop = async () => {
    if (bot.child.exitCode === null && bot.child.signalCode === null) {
      bot.child.kill('SIGTERM');
      await bot.exited();
    }
    server.endStreams();
    await server.close(1000);
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  let botPort: number;
  try {
    botPort = await bot.ready();
  } catch (error) {
    await stop();
    throw error;
  }
  botBaseUrl = `http://127.0.0.1:${botPort}`;
  return { bot, botPort, signingSecret, pg: playgroundClient(port), stop };
}
