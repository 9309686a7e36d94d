// WeCom as the composition root sees it: one platform module. Configured by the corp id, the
// self-built app's AgentId and Secret, and its 接收消息 Token and EncodingAESKey. WeCom calls the
// bot at `/wecom/callback` on the bot's HTTP port, which must be reachable from WeCom (usually
// through a reverse proxy); its runtime binds no port of its own, so it runs beside Slack (whose
// runtime then serves the route) or DingTalk (the bot's own server serves it).

import type { ChatPlatformDeps, ChatPlatformModule } from '../core/platform-module.ts';
import { createWeComAdapter, type WeComAdapter, type WeComCallbackSettings } from './wecom-adapter.ts';
import { WECOM_PLATFORM } from './wecom-delivery.ts';

/** WeCom, for the composition root's list of platforms. */
export const wecomPlatform: ChatPlatformModule = {
  name: WECOM_PLATFORM,
  servesHttpPort: false,
  howToConnect: {
    zh: '企业微信：在管理后台创建自建应用，把接收消息的 URL 设为经反向代理可访问的 /wecom/callback，设置 WECOM_CORP_ID、WECOM_AGENT_ID、WECOM_SECRET、WECOM_TOKEN 和 WECOM_AES_KEY。',
    en: 'WeCom: create a self-built app in the admin console, set its message URL to /wecom/callback as reachable through your reverse proxy, and set WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN and WECOM_AES_KEY.',
  },
  configure(config) {
    const settings = config.wecom;
    if (settings.mode === 'none') return null;
    return (deps) => wecomAdapterOf(settings, deps);
  },
};

/** The WeCom adapter built from a platform's dependencies, as the bot builds it (the benchmark too). */
export function wecomAdapterOf(settings: WeComCallbackSettings, deps: ChatPlatformDeps): WeComAdapter {
  return createWeComAdapter({
    settings,
    prisma: deps.prisma,
    clock: deps.clock,
    logger: deps.logger,
    features: deps.features,
    timeZone: deps.settings.timeZone,
    calendar: deps.calendar,
    archiveFilesDir: deps.settings.archiveFilesDir,
    commands: deps.chat.commands,
    buttons: deps.chat.buttons,
    workflow: deps.workflow,
    forms: deps.chat.webForms,
    webForms: deps.webForms,
  });
}
