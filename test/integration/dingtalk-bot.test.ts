// The whole bot with DingTalk configured, against the local stand-in: the platform module in the
// root's list is enabled by its variables, connects out (binding no port of its own), is reported
// by `/readyz`, and a command typed to the robot ends as cards in the people's chats with it,
// delivered by the bot's own outbox dispatcher.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startBot } from '../../src/bot.ts';
import { type DingTalkStandIn, startDingTalkStandIn } from '../../src/chat/dingtalk/stand-in/stand-in.ts';
import { linkToDingTalk, robotCardTitled } from '../conformance/dingtalk-harness.ts';
import { dingtalkEnv } from '../support/dingtalk-office.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { captureLogs } from '../support/logs.ts';
import { getPath } from '../support/slack.ts';

describe('the bot on DingTalk', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function standIn(): Promise<DingTalkStandIn> {
    const started = await startDingTalkStandIn();
    cleanups.push(() => started.close());
    return started;
  }

  it('connects to DingTalk from its variables alone, and a command typed to the robot reaches both people as cards', async () => {
    const dingtalk = await standIn();
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-dingtalk-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const logs = captureLogs('warn');
    const bot = await startBot({
      env: {
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        ORG_FILE: 'org.example.yaml',
        ...dingtalkEnv(dingtalk),
      },
      clock: new FakeClock('2026-12-01T01:00:00Z'),
      logger: logs.logger,
    });
    cleanups.push(() => bot.stop());
    await dingtalk.waitFor(() => dingtalk.openConnections === 1);
    await vi.waitFor(
      async () =>
        expect((await getPath(bot.port, '/readyz')).json).toEqual({
          ready: true,
          checks: { database: 'ok', slack: 'not_configured', dingtalk: 'connected', wecom: 'not_configured' },
        }),
      { timeout: 5_000, interval: 50 },
    );

    // The people's DingTalk accounts, as the organisation file's dingtalk_user_id would record them.
    await linkToDingTalk(bot.db.prisma, ['xu-hui', 'liu-yang']);
    const title = '钉钉里发起的审批';
    dingtalk.sendRobotMessage({ senderStaffId: 'dt-xu-hui', text: `/审批 ${title}` });
    const cardOf = (userId: string) => robotCardTitled(dingtalk, userId, title);
    await vi.waitFor(
      () => {
        expect(cardOf('dt-xu-hui')).toBeDefined();
        expect(cardOf('dt-liu-yang')).toBeDefined();
      },
      { timeout: 10_000, interval: 50 },
    );
    const instance = await bot.db.prisma.workflowInstance.findFirstOrThrow({ where: { title } });
    expect(instance.requesterId).toBe('xu-hui');
    // Each copy is recorded once DingTalk has answered its creation.
    await vi.waitFor(
      async () => {
        const copies = await bot.db.prisma.cardMessage.findMany({ where: { instanceId: instance.id } });
        expect(copies.map((copy) => copy.platform)).toEqual(['dingtalk', 'dingtalk']);
      },
      { timeout: 10_000, interval: 50 },
    );

    // Its forms are links opened on people's phones: without PUBLIC_URL they would point at localhost.
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({
        platforms: ['dingtalk'],
        msg: expect.stringContaining('PUBLIC_URL is not set'),
      }),
    );

    await bot.stop();
    expect(dingtalk.openConnections).toBe(0);
  });
});
