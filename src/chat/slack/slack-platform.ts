// Slack as the composition root sees it: one platform module. Configured by SLACK_BOT_TOKEN with
// SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode); its runtime serves the bot's
// HTTP port in both modes (Slack's requests in HTTP mode, and /healthz, /readyz and the web forms
// beside them). The features' Slack listeners are read here, not by the root.

import type { AdapterDelivery, ChatAdapter } from '../core/adapter.ts';
import type { ChatPlatformDeps, ChatPlatformModule } from '../core/platform-module.ts';
import { SLACK_FORM_BINDINGS } from './form-bindings.ts';
import { createHomeRenderer } from './home/delivery.ts';
import { createSlackIdentityLookup } from './slack-accounts.ts';
import { type ConfiguredSlackSettings, createSlackRuntime } from './slack-app.ts';
import { SLACK_PLATFORM, type SlackDelivery } from './slack-delivery.ts';
import { createSlackOutbox, SLACK_CAPABILITIES, slackAdapter, slackHomeDeps } from './slack-outbox.ts';

/** What the Slack delivery is built from: the core's deps but the web forms and the port. */
export type SlackDeliveryDeps = Pick<
  ChatPlatformDeps,
  'prisma' | 'clock' | 'logger' | 'features' | 'settings' | 'calendar'
>;

/** Slack's delivery of every outbox intent, with its name and capabilities (what the outbox needs). */
export function slackDelivery(settings: ConfiguredSlackSettings, deps: SlackDeliveryDeps): AdapterDelivery {
  return {
    platform: SLACK_PLATFORM,
    capabilities: SLACK_CAPABILITIES,
    delivery: buildDelivery(settings, deps),
  };
}

/** The Slack delivery with every kind registered; refuses a kind an enabled feature writes that it lacks. */
function buildDelivery(settings: ConfiguredSlackSettings, deps: SlackDeliveryDeps): SlackDelivery {
  const { prisma, clock, logger, calendar, features } = deps;
  const delivery = createSlackOutbox({
    slack: settings,
    prisma,
    clock,
    logger,
    calendar,
    features,
    timeZone: deps.settings.timeZone,
    archiveFilesDir: deps.settings.archiveFilesDir,
  });
  assertDeliverable(features.outboxKinds, delivery.kinds());
  return delivery;
}

/**
 * The Slack adapter: its delivery, and its runtime (Bolt over HTTP or Socket Mode) with the
 * engine's listeners, each enabled feature's, and the App Home, serving the bot's HTTP port.
 */
export function createSlackAdapter(settings: ConfiguredSlackSettings, deps: ChatPlatformDeps): ChatAdapter {
  const { http, prisma, clock, features, webForms } = deps;
  if (http === null) throw new Error('the Slack runtime serves the bot’s HTTP port, and was given none');
  const runtime = createSlackRuntime({
    settings,
    port: http.port,
    host: http.host,
    logger: deps.logger,
    readiness: http.readiness,
    connections: http.connections,
    identityOf: createSlackIdentityLookup(prisma),
    workflow: deps.workflow,
    home: createHomeRenderer(slackHomeDeps({ prisma, clock, timeZone: deps.settings.timeZone, features })),
    commands: { commands: deps.chat.commands, buttons: deps.chat.buttons, forms: SLACK_FORM_BINDINGS },
    forms: deps.chat.webForms,
    ...(http.pages ? { web: http.pages } : webForms ? { web: webForms } : {}),
  });
  return slackAdapter({ runtime, delivery: buildDelivery(settings, deps) });
}

/** Slack, for the composition root's list of platforms. */
export const slackPlatform: ChatPlatformModule = {
  name: SLACK_PLATFORM,
  servesHttpPort: true,
  howToConnect: {
    zh: 'Slack：用 manifest.json 创建应用，设置 SLACK_BOT_TOKEN 和 SLACK_SIGNING_SECRET（HTTP 模式）或 SLACK_APP_TOKEN（Socket Mode）。',
    en: 'Slack: create the app from manifest.json and set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode).',
  },
  configure(config) {
    const settings = config.slack;
    if (settings.mode === 'none') return null;
    return (deps) => createSlackAdapter(settings, deps);
  },
};

/** Refuses to start when a feature writes an outbox kind Slack cannot deliver. */
function assertDeliverable(kinds: readonly string[], deliverable: readonly string[]): void {
  const missing = kinds.filter((kind) => !deliverable.includes(kind));
  if (missing.length > 0) {
    throw new Error(
      `Slack cannot deliver the outbox kinds ${missing.join(', ')} that enabled features write`,
    );
  }
}
