// What a chat platform gives the composition root: one module object per platform folder, as a
// feature gives one per feature folder. The root keeps a list of them and loops: the configured
// ones build their adapters from the core's dependencies, their deliveries are routed by platform
// (with the core's fallbacks), and their runtimes are started and stopped. A new platform is one
// folder with its module and one line in that list.
//
// One HTTP port. The bot serves one port: `/healthz`, `/readyz` and the web forms, and, for a
// platform that calls the bot over HTTP (Slack's HTTP mode), that platform's requests. The root
// hands the port to the first configured platform whose runtime serves it, and refuses a second
// one; with none, it serves the port itself. A platform that holds an outbound connection
// (DingTalk's Stream mode, a WebSocket the bot opens) binds no port: its module says so, its
// runtime only connects, and `/readyz` on the bot's port reports its connection by name. A
// platform that calls the bot at an address of its own beside another platform (WeCom's callback)
// binds no port either: its adapter gives its route as pages, which the port's runtime serves.

import type { Config } from '../../config.ts';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import type { FeatureSettings, MergedFeatures } from '../../features/feature-module.ts';
import type { createWorkflowChatDeps } from '../../features/workflow/workflow-chat.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { ChatConnections, DatabaseProbe } from '../../http/health.ts';
import type { HttpPages } from '../../http/server.ts';
import type { ChatPlatform } from '../../outbox/platforms.ts';
import type { Clock } from '../../shared/clock.ts';
import { StartupError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { WebForms } from '../web/web-forms.ts';
import type { ChatAdapter } from './adapter.ts';

/** The enabled features' chat side, built once the engine exists (see `MergedFeatures.chat`). */
export type FeatureChatSide = ReturnType<MergedFeatures['chat']>;

/**
 * The engine's chat side that every platform's ingress takes: the workflow service, people's
 * names, replies, card redraws, the approval start and the unit's time zone.
 */
export type EngineChatSide = ReturnType<typeof createWorkflowChatDeps> & {
  timeZone: string;
};

/** The bot's HTTP port, as the root hands it to the one platform whose runtime serves it. */
export interface PlatformHttp {
  /** The port to bind (0 picks a free one; the runtime's start() reports the bound one). */
  port: number;
  host: string;
  /** The database check of `/readyz`. */
  readiness: DatabaseProbe;
  /** Every platform's connection by name, for `/readyz` (this platform's among them). */
  connections: () => ChatConnections;
  /**
   * Pages served beside the platform's own requests: the web forms and the routes other platforms
   * are called at (WeCom's callback address). Default: the web forms alone.
   */
  pages?: HttpPages;
}

/** What a platform's adapter is built from: the core's services, never another platform's. */
export interface ChatPlatformDeps {
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  /** The enabled features: their definitions, card parts and outbox kinds. */
  features: MergedFeatures;
  /**
   * The enabled features' chat side: their forms (a step's own form among them, by its `stepIds`),
   * commands and reply buttons, all neutral: each platform draws and answers them its own way.
   */
  chat: FeatureChatSide;
  /** The engine's chat side (see {@link EngineChatSide}). */
  workflow: EngineChatSide;
  /** The features' settings: the unit's time zone, where archive files are. */
  settings: FeatureSettings;
  /** The unit's working days. */
  calendar: WeekdayCalendar;
  /** The bot's web forms (pages and signed links); null without a signing key. */
  webForms: WebForms | null;
  /** The bot's HTTP port when this platform's runtime serves it, else null. */
  http: PlatformHttp | null;
}

/** Builds a configured platform's adapter. */
export type ChatAdapterFactory = (deps: ChatPlatformDeps) => ChatAdapter;

/** One chat platform, as its folder exports it to the composition root. */
export interface ChatPlatformModule {
  /** Its name: card copies record it, the outbox routes by it, `/readyz` reports it. */
  readonly name: ChatPlatform;
  /**
   * Whether its runtime serves the bot's HTTP port (the platform calls the bot there). False for
   * a platform reached through an outbound connection only: it is handed no port.
   */
  readonly servesHttpPort: boolean;
  /**
   * How to connect it, in English and Chinese, for the start message of a bot with no platform
   * configured (one sentence each: what to create, which settings to set).
   */
  readonly howToConnect: { zh: string; en: string };
  /** Its adapter's factory when the configuration enables it (its credentials are set), else null. */
  configure(config: Config): ChatAdapterFactory | null;
}

/** A platform the configuration enables, with its adapter's factory. */
export interface ConfiguredPlatform {
  module: ChatPlatformModule;
  create: ChatAdapterFactory;
}

/**
 * The platforms `config` enables, in the list's order. Refuses two modules of one name (or one
 * named like `/readyz`'s database check), and two configured platforms that would both serve the
 * bot's one HTTP port.
 */
export function configuredPlatforms(
  platforms: readonly ChatPlatformModule[],
  config: Config,
): ConfiguredPlatform[] {
  const names = new Set<string>(['database']);
  for (const platform of platforms) {
    if (names.has(platform.name)) throw new Error(`two chat platforms are named ${platform.name}`);
    names.add(platform.name);
  }
  const configured = platforms.flatMap((module) => {
    const create = module.configure(config);
    return create === null ? [] : [{ module, create }];
  });
  const portHolders = configured.filter(({ module }) => module.servesHttpPort);
  if (portHolders.length > 1) {
    const [first, second] = portHolders.map(({ module }) => module.name);
    throw new StartupError(
      'platforms_share_port',
      `${first} and ${second} would both serve the bot's HTTP port; configure one of them, or connect ` +
        `${second} through its outbound connection mode.`,
    );
  }
  return configured;
}

/**
 * Each platform's connection by name, for `/readyz`: a configured one's from its runtime, any
 * other as `not_configured`.
 */
export function connectionsOf(
  platforms: readonly ChatPlatformModule[],
  adapters: readonly Pick<ChatAdapter, 'platform' | 'runtime'>[],
): () => ChatConnections {
  return () =>
    Object.fromEntries(
      platforms.map((platform) => [
        platform.name,
        adapters.find((adapter) => adapter.platform === platform.name)?.runtime.connectionState() ??
          'not_configured',
      ]),
    );
}
