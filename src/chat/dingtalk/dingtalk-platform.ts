// DingTalk as the composition root sees it: one platform module. Configured by the app's client id,
// secret, robot code and card template id; its runtime holds the Stream connection (an outbound
// WebSocket), so it serves no HTTP port: the bot's port (health checks, web forms) is another
// runtime's, and `/readyz` reports the Stream connection by name.

import type { ChatPlatformDeps, ChatPlatformModule } from '../core/platform-module.ts';
import {
  createDingTalkAdapter,
  type DingTalkAdapter,
  type DingTalkStreamSettings,
} from './dingtalk-adapter.ts';
import { DINGTALK_PLATFORM } from './dingtalk-delivery.ts';
import type { LeaderDatabase } from './leader.ts';

/** The DingTalk adapter from the core's dependencies. */
export function dingtalkAdapterOf(
  settings: DingTalkStreamSettings,
  database: LeaderDatabase,
  deps: ChatPlatformDeps,
): DingTalkAdapter {
  return createDingTalkAdapter({
    settings,
    prisma: deps.prisma,
    clock: deps.clock,
    logger: deps.logger,
    calendar: deps.calendar,
    features: deps.features,
    workflow: deps.workflow,
    commands: { commands: deps.chat.commands, buttons: deps.chat.buttons },
    webForms: deps.webForms,
    archiveFilesDir: deps.settings.archiveFilesDir,
    // The bot's own database holds the lock: replicas of one installation share it.
    leader: { database },
  });
}

/** DingTalk, for the composition root's list of platforms. */
export const dingtalkPlatform: ChatPlatformModule = {
  name: DINGTALK_PLATFORM,
  servesHttpPort: false,
  howToConnect: {
    zh: '钉钉：在开发者后台创建企业内部应用，开启机器人和 Stream 模式，导入卡片模板，设置 DINGTALK_CLIENT_ID、DINGTALK_CLIENT_SECRET、DINGTALK_ROBOT_CODE 和 DINGTALK_CARD_TEMPLATE_ID。',
    en: 'DingTalk: create an internal app in the developer console, turn on its robot in Stream mode, build the card template, and set DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET, DINGTALK_ROBOT_CODE and DINGTALK_CARD_TEMPLATE_ID.',
  },
  configure(config) {
    const settings = config.dingtalk;
    if (settings.mode === 'none') return null;
    return (deps) => dingtalkAdapterOf(settings, config.database, deps);
  },
};
