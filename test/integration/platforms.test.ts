import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type RunningBot, startBot } from '../../src/bot.ts';
import type { ChatAdapter } from '../../src/chat/core/adapter.ts';
import type { ChatPlatformDeps, ChatPlatformModule } from '../../src/chat/core/platform-module.ts';
import { slackPlatform } from '../../src/chat/slack/slack-platform.ts';
import { sealCallback } from '../../src/chat/wecom/callback-crypto.ts';
import { WECOM_CALLBACK_PATH } from '../../src/chat/wecom/callback-route.ts';
import { startWeComStandIn } from '../../src/chat/wecom/stand-in/stand-in.ts';
import { wecomPlatform } from '../../src/chat/wecom/wecom-platform.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import type { ChatConnectionState } from '../../src/http/health.ts';
import type { ClaimedOutboxMessage } from '../../src/outbox/outbox-message.ts';
import { silentLogger } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { captureLogs } from '../support/logs.ts';
import { getPath, newSigningSecret } from '../support/slack.ts';
import { EXAMPLE } from '../support/workflow.ts';

// The composition root loops over its list of platforms: each configured one's adapter is built
// from the core's dependencies, its runtime started and stopped, its delivery handed the rows,
// and `/readyz` names each one's connection. Slack's runtime serves the bot's port; a platform
// reached through an outbound connection (as DingTalk's Stream mode) binds none.

/** A platform reached through an outbound connection: it binds no port and keeps what it is given. */
function outboundPlatform(name: string, options: { configured?: boolean; servesHttpPort?: boolean } = {}) {
  const delivered: ClaimedOutboxMessage[] = [];
  const given: ChatPlatformDeps[] = [];
  let state: ChatConnectionState = 'disconnected';
  const events: string[] = [];
  const module: ChatPlatformModule = {
    name,
    servesHttpPort: options.servesHttpPort ?? false,
    howToConnect: {
      zh: `${name}：设置 ${name.toUpperCase()}_TOKEN。`,
      en: `${name}: set ${name.toUpperCase()}_TOKEN.`,
    },
    configure: () =>
      options.configured === false
        ? null
        : (deps): ChatAdapter => {
            given.push(deps);
            return {
              platform: name,
              capabilities: { ephemeral: true, modals: true, cardUpdate: 'any', cardTextInput: true },
              runtime: {
                async start() {
                  state = 'connected';
                  events.push('start');
                  return { port: 0 };
                },
                async stop() {
                  state = 'disconnected';
                  events.push('stop');
                },
                connectionState: () => state,
              },
              delivery: {
                async deliver(message) {
                  delivered.push(message);
                  return { ok: true };
                },
              },
            };
          },
  };
  return { module, delivered, given, events };
}

/** A Slack Web API stand-in that accepts the bot token and answers every call. */
async function startSlackApi(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0PLATFORMS', ts: '1.1' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/` };
}

describe('the composition root’s platforms', () => {
  const clock = new FakeClock('2026-12-01T01:00:00Z');
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(
    platforms: readonly ChatPlatformModule[],
    extra: NodeJS.ProcessEnv = {},
    logger = silentLogger,
  ): Promise<RunningBot> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-platforms-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const bot = await startBot({
      env: { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ORG_FILE: 'org.example.yaml', ...extra },
      clock,
      logger,
      platforms,
    });
    cleanups.push(() => bot.stop());
    return bot;
  }

  it('starts Slack on the bot’s port beside an outbound platform, and /readyz names both', async () => {
    const api = await startSlackApi();
    cleanups.push(() => new Promise((resolve) => api.server.close(resolve)));
    const outbound = outboundPlatform('dingtalk');
    const bot = await start([slackPlatform, outbound.module], {
      SLACK_BOT_TOKEN: 'xoxb-platforms',
      SLACK_SIGNING_SECRET: newSigningSecret(),
      SLACK_API_URL: api.url,
    });

    const ready = await getPath(bot.port, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({
      ready: true,
      checks: { database: 'ok', slack: 'http', dingtalk: 'connected' },
    });
    // Only the platform serving HTTP is handed the port.
    expect(outbound.given.map((deps) => deps.http)).toEqual([null]);
    await bot.stop();
    expect(outbound.events).toEqual(['start', 'stop']);
  });

  it('serves WeCom’s callback route on Slack’s port when both run: the URL check and a command', async () => {
    const api = await startSlackApi();
    cleanups.push(() => new Promise((resolve) => api.server.close(resolve)));
    const wecom = await startWeComStandIn();
    cleanups.push(() => wecom.close());
    const bot = await start([slackPlatform, wecomPlatform], {
      SLACK_BOT_TOKEN: 'xoxb-platforms',
      SLACK_SIGNING_SECRET: newSigningSecret(),
      SLACK_API_URL: api.url,
      ...wecom.env,
    });
    expect((await getPath(bot.port, '/readyz')).json).toEqual({
      ready: true,
      checks: { database: 'ok', slack: 'http', wecom: 'http' },
    });
    const at = { timestamp: '1764550800', nonce: 'n0nce' };
    const { encrypted, msgSignature } = sealCallback(wecom.keys, 'echo-on-slack-port', at);
    const query = new URLSearchParams({ msg_signature: msgSignature, ...at, echostr: encrypted });
    const check = await getPath(bot.port, `${WECOM_CALLBACK_PATH}?${query}`);
    expect(check).toMatchObject({ status: 200, text: 'echo-on-slack-port' });
    await bot.db.prisma.chatAccount.create({
      data: { personId: 'xu-hui', platform: 'wecom', tenant: '', externalId: 'XuHui' },
    });
    const posted = await wecom.postText(`http://127.0.0.1:${bot.port}${WECOM_CALLBACK_PATH}`, {
      from: 'XuHui',
      content: '用印',
    });
    expect(posted.status).toBe(200);
    await vi.waitFor(() => expect(wecom.messagesTo('XuHui')).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
  });

  it('with only an outbound platform, serves its own port without setup guidance and delivers to it', async () => {
    const outbound = outboundPlatform('dingtalk');
    const bot = await start([outbound.module]);

    expect((await getPath(bot.port, '/readyz')).json).toEqual({
      ready: true,
      checks: { database: 'ok', dingtalk: 'connected' },
    });
    expect((await getPath(bot.port, '/')).status).toBe(404);
    await bot.workflowServiceAt(clock).start({
      definitionId: GENERIC_APPROVAL.id,
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: null,
      title: '关于购置防汛物资的请示',
      secrecy: 'internal',
      urgency: 'normal',
    });
    await vi.waitFor(() => expect(outbound.delivered.map((row) => row.kind)).toContain('card.sync'), {
      timeout: 10_000,
      interval: 50,
    });
  });

  it('refuses to start two platforms that would both serve the bot’s port, naming both', async () => {
    const first = outboundPlatform('alpha', { servesHttpPort: true });
    const second = outboundPlatform('beta', { servesHttpPort: true });
    await expect(start([first.module, second.module])).rejects.toThrow(
      "alpha and beta would both serve the bot's HTTP port",
    );
  });

  it('with none configured, tells the person starting it how to connect each platform it knows', async () => {
    const logs = captureLogs('info');
    const outbound = outboundPlatform('dingtalk', { configured: false });
    const bot = await start([slackPlatform, outbound.module], {}, logs.logger);

    const warning = logs.lines().find((line) => String(line.msg).includes('No chat platform configured'));
    expect(warning?.msg).toContain('未配置聊天平台');
    expect(warning?.msg).toContain('SLACK_BOT_TOKEN');
    expect(warning?.msg).toContain('dingtalk: set DINGTALK_TOKEN.');
    expect(warning?.msg).toContain('dingtalk：设置 DINGTALK_TOKEN。');
    expect((await getPath(bot.port, '/readyz')).json).toMatchObject({
      checks: { database: 'ok', slack: 'not_configured', dingtalk: 'not_configured' },
    });
    expect(outbound.given).toEqual([]);
  });
});
