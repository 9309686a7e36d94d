import { createHash } from 'node:crypto';
import path from 'node:path';
import { actionWebForm } from './chat/core/action-web-form.ts';
import { type AdapterDelivery, type ChatAdapter, deliveriesOf } from './chat/core/adapter.ts';
import {
  type ChatPlatformDeps,
  type ChatPlatformModule,
  configuredPlatforms,
  connectionsOf,
  type EngineChatSide,
  type FeatureChatSide,
  type PlatformHttp,
} from './chat/core/platform-module.ts';
import type { WebFormHandler } from './chat/core/web-form.ts';
import { dingtalkPlatform } from './chat/dingtalk/dingtalk-platform.ts';
import type { ChatRuntime } from './chat/runtime.ts';
import { slackPlatform } from './chat/slack/slack-platform.ts';
import { createBotWebForms } from './chat/web/bot-web-forms.ts';
import type { WebForms } from './chat/web/web-forms.ts';
import { wecomPlatform } from './chat/wecom/wecom-platform.ts';
import { type Config, defaultArchiveFilesDir, loadConfig } from './config.ts';
import { createEmbeddedBackups, type EmbeddedBackups } from './db/backup/embedded-backups.ts';
import { type DataDirLock, lockDataDir } from './db/data-dir-lock.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateDatabase } from './db/migrate.ts';
import { uncoveredHolidayYears, unitCalendar } from './domain/chasing/holidays.ts';
import {
  chasingSettingsOf,
  defaultChasingSettings,
  type StoredChasingSettings,
} from './domain/chasing/settings.ts';
import { archiveFeature } from './features/archive/archive-module.ts';
import { chasingFeature } from './features/chasing/chasing-module.ts';
import { documentsFeature } from './features/documents/documents-module.ts';
import {
  type Feature,
  type FeatureEnvironment,
  type FeatureSettings,
  type MergedFeatures,
  mergeFeatures,
} from './features/feature-module.ts';
import { meetingsFeature } from './features/meetings/meeting-module.ts';
import { reportsFeature } from './features/reports/reports-module.ts';
import { sealFeature } from './features/seal/seal-module.ts';
import { supplyFeature } from './features/supply/supply-module.ts';
import { approvalFeature } from './features/workflow/approval-module.ts';
import { createWorkflowChatDeps } from './features/workflow/workflow-chat.ts';
import { createWorkflowService, type WorkflowService } from './features/workflow/workflow-service.ts';
import { startBootServer } from './http/boot-server.ts';
import type { DatabaseProbe } from './http/health.ts';
import { createOfflineRuntime } from './http/offline-server.ts';
import type { HttpPages } from './http/server.ts';
import { loadDirectorySnapshot } from './org/directory-snapshot.ts';
import { loadOrgFile, type Org } from './org/org-file.ts';
import { syncOrg } from './org/sync-org.ts';
import {
  createOutboxDispatcher,
  type OutboxDispatcher,
  type OutboxDispatcherOptions,
} from './outbox/dispatcher.ts';
import { platformOfRecipient, preferredFirst, routeByPlatform } from './outbox/platforms.ts';
import { createScheduler, type Scheduler } from './scheduler/scheduler.ts';
import type { Clock } from './shared/clock.ts';
import { installMessages } from './shared/i18n.ts';
import { createLogger, type Logger } from './shared/logger.ts';

/** A started bot: where it listens, and how to stop it cleanly. */
export interface RunningBot {
  config: Config;
  logger: Logger;
  port: number;
  db: Database;
  /** Backups of the embedded database into DATA_DIR/backups (null with PostgreSQL or in memory). */
  backups: EmbeddedBackups | null;
  /**
   * Runs the scheduler's tasks once now, after any wake already running (the playground, once its
   * demo data is in, so that their reminders go without waiting for the next minute).
   */
  wakeScheduler(): Promise<void>;
  /**
   * The bot's workflow service on another clock: the same flows, feature hooks, working calendar
   * and chasing hook (reminder rows) as the bot's own, so what it starts is chased as the bot's
   * items are. The playground's demo data starts its items with it at moments in the past.
   */
  workflowServiceAt: (clock: Clock) => WorkflowService;
  /** The web forms and their link maker; null without a signing key. */
  webForms: WebForms | null;
  /** Stops taking requests, finishes work in flight, closes the database and releases the data folder. */
  stop(): Promise<void>;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  clock: Clock;
  isTty?: boolean;
  /** Overrides the logger built from the configuration (tests capture lines with it). */
  logger?: Logger;
  /** The chat platforms the bot knows (default {@link PLATFORMS}); the configuration enables them. */
  platforms?: readonly ChatPlatformModule[];
  /**
   * Changes the organisation as read from its file before it is synced (the playground links every
   * person to a DingTalk id of its stand-in). `tag` names the change: it goes into the stored hash,
   * so a database synced without it (or with another) is synced again.
   */
  orgOverlay?: { tag: string; apply(org: Org): Org };
  /**
   * The platform tried first for a row not bound to a posted card copy (new cards, replies,
   * notices), and the default, asked per row when several platforms are configured; undefined or
   * unset: `PLATFORMS` order. The playground's page sets it to the platform it shows.
   */
  preferredPlatform?: () => string | undefined;
}

/**
 * The composition root: configuration and organisation file → data folder lock → database →
 * migrations → organisation directory sync → the engine with every enabled feature and its
 * scheduler → web forms → each configured platform's adapter, the outbox dispatcher over their
 * deliveries, and their runtimes (the bot's own HTTP port when none is configured). Anything that fails on the way releases what was already taken and
 * rethrows; StartupError messages are meant for the person starting the bot.
 */
export async function startBot(options: StartOptions): Promise<RunningBot> {
  const config = loadConfig(options.env, { isTty: options.isTty ?? false });
  const logger = options.logger ?? createLogger(config.log);
  const cleanups: Array<() => Promise<void>> = [];
  const unwind = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => logger.error({ err: error }, 'cleanup failed'));
    }
  };
  try {
    // Read the organisation file before touching the database: a typo should fail in a second.
    const loaded = await loadOrgFile(config.orgFile);
    const overlay = options.orgOverlay;
    const orgFile = overlay
      ? {
          ...loaded,
          org: overlay.apply(loaded.org),
          sourceHash: createHash('sha256').update(`${loaded.sourceHash}\n${overlay.tag}`).digest('hex'),
        }
      : loaded;

    const boot = await startBootServer({ port: config.port, host: config.host, logger });
    let bootOpen = true;
    const closeBoot = async () => {
      if (!bootOpen) return;
      bootOpen = false;
      await boot.close();
    };
    cleanups.push(closeBoot);

    let lock: DataDirLock | undefined;
    if (config.database.kind === 'pglite') {
      lock = await lockDataDir(config.dataDir, {
        // Someone removed or replaced the lock under us: another process may now open the folder.
        onCompromised: (error) =>
          logger.fatal({ err: error }, 'the data folder lock was lost; stop this bot'),
      });
      cleanups.push(() => lock?.release() ?? Promise.resolve());
    }

    const db = await openDatabase(config.database);
    cleanups.push(() => db.close());
    logger.info(
      { database: config.database.kind, dataDir: lock ? config.dataDir : undefined },
      'database open',
    );

    const { applied } = await migrateDatabase(db, logger);
    logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema up to date');

    const sync = await syncOrg(db.prisma, orgFile.org, {
      sourceHash: orgFile.sourceHash,
      now: options.clock.now(),
    });
    logger.info({ orgFile: orgFile.path, sync }, 'organisation directory loaded');

    // PGlite is this process's alone, so its backups are taken here: daily, and whenever
    // `npm run db:backup` leaves a request (looked for every two seconds).
    let backups: EmbeddedBackups | null = null;
    if (lock && db.dumpDataDir) {
      backups = createEmbeddedBackups({
        db,
        dataDir: config.dataDir,
        clock: options.clock,
        logger,
        schedule: { ...config.backup, timeZone: orgFile.org.unit.timeZone },
      });
      const backupScheduler = createScheduler({ clock: options.clock, logger, rule: '*/2 * * * * *' });
      for (const task of backups.tasks) backupScheduler.register(task);
      backupScheduler.start();
      cleanups.push(() => backupScheduler.stop());
    }

    const readiness: DatabaseProbe = async () => {
      try {
        await db.ping();
        return { database: 'ok' };
      } catch {
        // The health layer logs the failed check.
        return { database: 'error' };
      }
    };
    const settings = workflowSettingsOf(orgFile.org);
    const { chasing } = settings;
    // The engine, the scheduler and the reminders run whether or not a platform is configured:
    // what they write waits in the outbox until one is.
    const workflow = createWorkflowModule({
      db,
      logger,
      clock: options.clock,
      ...settings,
      archiveFilesDir: config.archiveFilesDir,
    });

    // Forms on the web for platforms without modals (`/forms/…`, reached by signed links).
    const webForms = await createBotWebForms({
      config,
      prisma: db.prisma,
      clock: options.clock,
      logger,
      forms: workflow.webForms,
    });

    // Each configured platform's adapter; the first whose runtime serves HTTP gets the bot's port.
    const platforms = options.platforms ?? PLATFORMS;
    const configured = configuredPlatforms(platforms, config);
    const adapters: ChatAdapter[] = [];
    const connections = connectionsOf(platforms, adapters);
    // The bot's pages on its port, whoever serves it: the web forms, then the routes of platforms
    // that call the bot at an address of their own (read at each request: adapters join below).
    const platformPages: HttpPages[] = [];
    const pages: HttpPages = {
      handle: (req, res) =>
        (webForms?.handle(req, res) ?? false) || platformPages.some((page) => page.handle(req, res)),
    };
    const http: PlatformHttp = { port: boot.port, host: config.host, readiness, connections, pages };
    const portHolder = configured.find(({ module }) => module.servesHttpPort)?.module;
    let platformOnPort: ChatRuntime | undefined;
    for (const { module, create } of configured) {
      const adapter = create({
        ...workflow.platformDeps,
        webForms,
        http: module === portHolder ? http : null,
      });
      adapters.push(adapter);
      if (adapter.pages) platformPages.push(adapter.pages);
      if (module === portHolder) platformOnPort = adapter.runtime;
    }

    // Without modals (DingTalk) every long form is a link to this bot's web page, opened on the
    // people's phones: a link to localhost would open nothing there.
    const withoutModals = adapters.filter((adapter) => !adapter.capabilities.modals);
    if (webForms && config.webForms.publicUrl === undefined && withoutModals.length > 0) {
      logger.warn(
        { platforms: withoutModals.map((adapter) => adapter.platform) },
        `未设置 PUBLIC_URL：表单链接将指向 http://localhost:${config.port}，手机和其他电脑打不开。请把 PUBLIC_URL 设为用户能访问到的本机地址。` +
          `PUBLIC_URL is not set: form links will point at http://localhost:${config.port}, which people's phones and ` +
          'other computers cannot open. Set PUBLIC_URL to an address of this bot that they can reach.',
      );
    }

    if (adapters.length > 0) {
      const dispatcher = workflow.dispatchTo(adapters, {
        ...(options.preferredPlatform ? { preferredPlatform: options.preferredPlatform } : {}),
        // PGlite: this is the data folder's only process, so a restart takes back its claims.
        replicaId: config.replicaId ?? (config.database.kind === 'pglite' ? 'embedded' : undefined),
      });
      dispatcher.start();
      cleanups.push(() => dispatcher.stop());
    }
    // Reminders, digests, reports: woken every minute and once now (missed ones go once).
    workflow.scheduler.start();
    cleanups.push(() => workflow.scheduler.stop());

    // Hand the port over: the boot server lets go of it and the runtime serving it binds the same
    // number (a platform's, or the bot's own when no configured platform serves HTTP).
    await closeBoot();
    const portRuntime: ChatRuntime =
      platformOnPort ??
      createOfflineRuntime({
        ...http,
        logger,
        waiting: workflow.waiting,
        // Setup guidance at `/` only while no platform at all is configured.
        guidance: configured.length === 0,
        web: pages,
      });
    const { port } = await portRuntime.start();
    cleanups.push(() => portRuntime.stop(config.shutdownTimeoutMs));
    // The other platforms' runtimes hold outbound connections and bind no port.
    for (const adapter of adapters) {
      if (adapter.runtime === portRuntime) continue;
      await adapter.runtime.start();
      cleanups.push(() => adapter.runtime.stop(config.shutdownTimeoutMs));
    }
    if (adapters.length === 0) {
      // The person who just typed npm start needs to know what to do next, in the terminal.
      logger.warn({ port }, noPlatformMessage(platforms, port));
    }
    // Deadlines in a year no holiday calendar covers would count 春节 or 国庆 as working days.
    const uncovered = uncoveredHolidayYears(options.clock.now(), orgFile.org.unit.timeZone, chasing.calendar);
    if (uncovered.length > 0) {
      logger.warn(
        { years: uncovered },
        `节假日数据不含 ${uncovered.join('、')} 年：请在机构文件的 calendar: 中写入该年的放假和调休日期（或升级 chinese-days）。` +
          `No public holiday data for ${uncovered.join(', ')}: add that year's days off and make-up working days ` +
          "to the organisation file's calendar: section (or update chinese-days); until then they count as ordinary days.",
      );
    }
    logger.info({ port, platforms: adapters.map((adapter) => adapter.platform) }, 'office bot ready');

    let stopping: Promise<void> | undefined;
    return {
      config,
      logger,
      port,
      db,
      backups,
      wakeScheduler: () => workflow.scheduler.wake(),
      workflowServiceAt: workflow.serviceAt,
      webForms,
      stop() {
        stopping ??= unwind().then(() => logger.info('office bot stopped'));
        return stopping;
      },
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

/**
 * Every feature of the bot, in the order their definitions, hooks, card parts and scheduled tasks
 * are merged. A feature is one folder and one line here; the organisation file enables it.
 */
export const FEATURES: readonly Feature[] = [
  approvalFeature,
  documentsFeature,
  sealFeature,
  supplyFeature,
  chasingFeature,
  archiveFeature,
  reportsFeature,
  meetingsFeature,
];

/**
 * Every chat platform of the bot. A platform is one folder under src/chat/ with its platform
 * module, and one line here; the configuration (its credentials) enables it. Several may be
 * configured at once: each card copy's rows go to the platform it was posted on.
 */
export const PLATFORMS: readonly ChatPlatformModule[] = [slackPlatform, dingtalkPlatform, wecomPlatform];

/** The start message of a bot with no platform configured: what runs, and how to connect each one. */
export function noPlatformMessage(platforms: readonly ChatPlatformModule[], port: number): string {
  return (
    `未配置聊天平台：流程和提醒照常运行，消息在发件箱中等待连接；接入说明见 http://localhost:${port}/ 。` +
    platforms.map((platform) => platform.howToConnect.zh).join('') +
    'No chat platform configured: workflows and reminders run and their messages wait in the outbox; serving ' +
    'health checks and setup guidance. To connect one: ' +
    platforms.map((platform) => platform.howToConnect.en).join(' ') +
    ' See README.md.'
  );
}

/**
 * What the features take from the organisation file: the unit's time zone, seals, supplies,
 * numbering and people, the weekly report, the calendar and chasing rules.
 */
export function workflowSettingsOf(org: Org) {
  return {
    timeZone: org.unit.timeZone,
    seals: org.seals,
    supply: {
      departmentReview: org.unit.supplyDepartmentReview ?? true,
      departments: org.departments,
    },
    documents: { unit: org.unit, departments: org.departments, people: org.people },
    reports: org.reports ?? null,
    ...(org.rooms
      ? { meetings: { rooms: org.rooms, departments: org.departments, people: org.people } }
      : {}),
    chasing: chasingSettingsOf(org),
  } satisfies Partial<WorkflowModuleInput>;
}

/** What {@link createWorkflowModule} takes: shared services and the features' settings. */
export interface WorkflowModuleInput extends Omit<FeatureSettings, 'archiveFilesDir'> {
  db: Database;
  logger: Logger;
  clock: Clock;
  /** Calendar overrides and chasing rules (organisation file `calendar:` / `chasing:`); defaults when absent. */
  chasing?: StoredChasingSettings;
  /**
   * Where electronic archive records' relative `fileRef`s are found (Config.archiveFilesDir);
   * default `./data/archive-files`, as for the default DATA_DIR.
   */
  archiveFilesDir?: string;
  /** The features to run (default {@link FEATURES}); each still decides from its settings whether it is enabled. */
  features?: readonly Feature[];
}

/** How {@link WorkflowModule.dispatchTo} runs the dispatcher. */
export interface DispatchOptions {
  /** The outbox dispatcher's claim holder id (see OutboxDispatcherOptions.replicaId); default unique per process. */
  replicaId?: string | undefined;
  /** Retry delays (tests wait a fixed second); default the dispatcher's. */
  backoff?: OutboxDispatcherOptions['backoff'];
  /** Drop redraws an earlier row covers (default: on PostgreSQL, where rows are claimed side by side). */
  supersede?: boolean;
  /** The platform tried first for rows not bound to a card copy, asked per row (default: `PLATFORMS` order). */
  preferredPlatform?: () => string | undefined;
}

/** The engine with its features, as {@link createWorkflowModule} puts it together. */
export interface WorkflowModule {
  /** The enabled features' contributions, merged. */
  features: MergedFeatures;
  service: WorkflowService;
  /** The same service on another clock (see RunningBot.workflowServiceAt). */
  serviceAt(clock: Clock): WorkflowService;
  scheduler: Scheduler;
  /** The engine's chat side every platform's ingress takes (card buttons, forms, starts). */
  workflowChat: EngineChatSide;
  /** The enabled features' chat side: their step forms, web forms and Slack listeners. */
  chat: FeatureChatSide;
  /** What a platform's adapter is built from, but the web forms and the HTTP port (the root's). */
  platformDeps: Omit<ChatPlatformDeps, 'webForms' | 'http'>;
  /** Forms served on the web (`/forms/…`): the engine's action form and each feature's. */
  webForms: readonly WebFormHandler[];
  /**
   * The outbox dispatcher over `adapters`' deliveries, each with the core's fallbacks for what its
   * platform lacks, and each row routed to the platform its card copy lives on. Commits wake it
   * from then on. The caller starts and stops it (tests drive it round by round instead).
   */
  dispatchTo(adapters: readonly AdapterDelivery[], options?: DispatchOptions): OutboxDispatcher;
  /** Outbox rows not delivered yet (what `/readyz` reports while no platform can take them). */
  waiting(): Promise<number>;
}

/**
 * The approval engine and the enabled features: the workflow service with every feature's flows
 * and hooks, the scheduler with every feature's tasks, the chat side every platform takes, and
 * the outbox dispatcher once platforms are given ({@link WorkflowModule.dispatchTo}). Without a
 * platform the engine and the scheduler run all the same and the rows they write wait in the
 * outbox. The caller starts and stops the scheduler (tests call wake() themselves).
 */
export function createWorkflowModule(input: WorkflowModuleInput): WorkflowModule {
  const { db, logger, clock } = input;
  const { prisma } = db;
  const chasing = input.chasing ?? defaultChasingSettings();
  const { features: enabled = FEATURES } = input;
  const settings: FeatureSettings = {
    timeZone: input.timeZone,
    ...(input.seals ? { seals: input.seals } : {}),
    ...(input.supply ? { supply: input.supply } : {}),
    ...(input.documents ? { documents: input.documents } : {}),
    ...(input.reports ? { reports: input.reports } : {}),
    ...(input.meetings ? { meetings: input.meetings } : {}),
    archiveFilesDir: input.archiveFilesDir ?? path.resolve(defaultArchiveFilesDir('data')),
  };
  // The dispatcher delivers through the platforms, which come after the engine; until then (and
  // with no platform at all) a commit has nobody to wake.
  let dispatcher: OutboxDispatcher | null = null;
  const wake = () => dispatcher?.notify();
  // Who a chat user is and people's names come from the engine's chat side, built once the
  // service exists; features only call them while serving a request.
  let workflowChatDeps: ReturnType<typeof createWorkflowChatDeps> | undefined;
  const chatSide = () => {
    if (!workflowChatDeps) throw new Error('a feature looked a person up before the bot was put together');
    return workflowChatDeps;
  };
  const environment: FeatureEnvironment = {
    prisma,
    clock,
    logger,
    settings,
    // Working days: national holidays and 调休 (chinese-days) with the organisation file's overrides.
    calendar: unitCalendar(input.timeZone, chasing.calendar),
    chasing,
    onOutboxWritten: wake,
    people: {
      namesOf: (ids, locale) => chatSide().namesOf(ids, locale),
    },
  };
  const features = mergeFeatures(enabled.flatMap((feature) => feature(environment) ?? []));
  // The enabled features' texts join the core catalog that `t` reads.
  for (const { feature, catalog } of features.messages) installMessages(feature, catalog);
  const { definitions } = features;
  const { calendar } = environment;

  // One set of flows and hooks for the bot's service and for any it builds on another clock.
  const serviceAt = (at: Clock) =>
    createWorkflowService({
      prisma,
      clock: at,
      calendar,
      logger,
      definitions,
      loadDirectory: loadDirectorySnapshot,
      onOutboxWritten: wake,
      transitionHooks: features.transitionHooks,
      startHooks: features.startHooks,
      ...(features.effectsHook ? { effectsHook: features.effectsHook } : {}),
    });
  const service = serviceAt(clock);
  workflowChatDeps = createWorkflowChatDeps({ prisma, service, clock, onOutboxWritten: wake });
  const chat = features.chat({
    ...environment,
    service,
    definitions,
    workSections: features.workSections,
    refreshCard: workflowChatDeps.refreshCard,
  });

  // node-schedule only wakes it; the caller starts and stops it (tests call wake() themselves).
  const scheduler = createScheduler({ clock, logger });
  for (const task of features.tasks) scheduler.register(task);

  const workflowChat: EngineChatSide = {
    ...workflowChatDeps,
    timeZone: settings.timeZone,
  };
  return {
    features,
    service,
    serviceAt,
    scheduler,
    workflowChat,
    chat,
    platformDeps: { prisma, clock, logger, features, chat, workflow: workflowChat, settings, calendar },
    /** Forms served on the web (`/forms/…`), each the same form and service call as its modal. */
    webForms: [actionWebForm(workflowChat, logger), ...chat.webForms],
    dispatchTo(adapters, options = {}) {
      const platforms = deliveriesOf(adapters, { prisma, clock, logger });
      const names = [...platforms.keys()];
      const order = () => preferredFirst(names, options.preferredPlatform?.());
      const next = createOutboxDispatcher({
        prisma,
        // Each platform's delivery comes with the core's fallbacks for what it cannot do.
        delivery: routeByPlatform({
          platforms,
          platformOf: platformOfRecipient(prisma, order),
          defaultPlatform: () => order()[0],
        }),
        clock,
        logger,
        ...(options.replicaId === undefined ? {} : { replicaId: options.replicaId }),
        ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
        // One transaction at a time on the embedded database: no two write redraws side by side.
        supersede: options.supersede ?? db.kind === 'postgres',
      });
      dispatcher = next;
      return next;
    },
    waiting: () => prisma.outboxMessage.count({ where: { status: 'pending' } }),
  };
}
