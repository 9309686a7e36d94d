import path from 'node:path';
import { webApi } from '@slack/bolt';
import type { FlowWording } from './chat/card.ts';
import type { ChatRuntime } from './chat/runtime.ts';
import { registerArchiveFileKind } from './chat/slack/archive-file-delivery.ts';
import { registerChaseKinds } from './chat/slack/chase-delivery.ts';
import { createHomeRenderer, registerHomeKind } from './chat/slack/home-delivery.ts';
import { archiveLoanStepForms } from './chat/slack/listeners/archive-loans.ts';
import { signOffFormOpener } from './chat/slack/listeners/doc-card-forms.ts';
import { instructFormOpener } from './chat/slack/listeners/documents.ts';
import { stampFormOpener } from './chat/slack/listeners/seal.ts';
import { supplyIssueFormOpener } from './chat/slack/listeners/supply.ts';
import type { StepFormOpener } from './chat/slack/listeners/workflow.ts';
import { registerPersonMessageKind } from './chat/slack/message-delivery.ts';
import { registerReportKinds, reportOutboxRows } from './chat/slack/report-delivery.ts';
import { buildWebClientOptions, createSlackRuntime } from './chat/slack/slack-app.ts';
import { registerSupplyKinds } from './chat/slack/supply-delivery.ts';
import {
  type CardExtrasOf,
  type CardFieldsOf,
  registerWorkflowKinds,
} from './chat/slack/workflow-delivery.ts';
import { createBotWebForms } from './chat/web/bot-web-forms.ts';
import type { WebForms } from './chat/web/web-forms.ts';
import { type Config, defaultArchiveFilesDir, loadConfig } from './config.ts';
import { createEmbeddedBackups, type EmbeddedBackups } from './db/backup/embedded-backups.ts';
import { type DataDirLock, lockDataDir } from './db/data-dir-lock.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateDatabase } from './db/migrate.ts';
import {
  ARCHIVE_DESTROY_DEFINITION,
  LOAN_DEFINITIONS,
  loanKindOf,
} from './domain/archive/loan-definitions.ts';
import { uncoveredHolidayYears, unitCalendar } from './domain/chasing/holidays.ts';
import {
  chasingSettingsOf,
  defaultChasingSettings,
  type StoredChasingSettings,
} from './domain/chasing/settings.ts';
import { INCOMING_DEFINITION, INCOMING_STEP_IDS } from './domain/documents/incoming.ts';
import { OUTGOING_DEFINITIONS, SIGN_OFF_STEP_IDS } from './domain/documents/outgoing.ts';
import { SEAL_DEFINITIONS, SEAL_STEP_IDS } from './domain/seal/seal-request.ts';
import { SUPPLY_STEP_IDS, supplyRequestDefinition } from './domain/supply/definition.ts';
import { GENERIC_APPROVAL } from './domain/workflow/index.ts';
import type { WorkflowDefinition } from './domain/workflow/types.ts';
import { createArchiveChatDeps } from './features/archive/archive-chat.ts';
import { destructionCardFields, destructionHook } from './features/archive/destruction.ts';
import { createArchiveLoanChatDeps } from './features/archive/loan-chat.ts';
import { loanCardFields, loanStartHooks, loanTransitionHooks } from './features/archive/loans.ts';
import { sendQuarterlyAppraisal } from './features/archive/retention.ts';
import { createChasingModule } from './features/chasing/chasing-module.ts';
import { chaseLiveCardExtras } from './features/chasing/manual-chase.ts';
import { upcomingReminders } from './features/chasing/upcoming.ts';
import { archiveCardExtras, archiveCardFields } from './features/documents/archive-handoff.ts';
import { createDocCardFormsChatDeps } from './features/documents/card-forms-chat.ts';
import { createDocListChatDeps } from './features/documents/doc-lists-chat.ts';
import { createDocumentChatDeps, createIncomingChatDeps } from './features/documents/document-chat.ts';
import {
  incomingCardFields,
  incomingStartHook,
  incomingTransitionHook,
  incomingWording,
} from './features/documents/incoming-documents.ts';
import {
  outgoingCardFields,
  outgoingTransitionHooks,
  outgoingWording,
  type UnitNumbering,
} from './features/documents/outgoing-documents.ts';
import { createDocReportChatDeps } from './features/reports/report-chat.ts';
import { weeklyReportTask } from './features/reports/weekly-task.ts';
import { createSealChatDeps } from './features/seal/seal-chat.ts';
import { sealRequestWebForm } from './features/seal/seal-request-web-form.ts';
import {
  sealCardFields,
  sealHoldFields,
  sealTransitionHooks,
  sealWording,
} from './features/seal/seal-service.ts';
import {
  supplyCardFields,
  supplyIssueHook,
  supplyNotice,
  supplyWording,
} from './features/supply/requests.ts';
import { createSupplyChatDeps } from './features/supply/supply-chat.ts';
import { actionWebForm } from './features/workflow/action-web-form.ts';
import { createWorkflowChatDeps } from './features/workflow/workflow-chat.ts';
import {
  createWorkflowService,
  type StartHook,
  type TransitionHook,
  type WorkflowService,
} from './features/workflow/workflow-service.ts';
import { startBootServer } from './http/boot-server.ts';
import type { DatabaseProbe } from './http/health.ts';
import { createOfflineRuntime } from './http/offline-server.ts';
import { loadDirectorySnapshot } from './org/directory-snapshot.ts';
import { createLocaleLookup } from './org/locale.ts';
import { loadOrgFile, type Org } from './org/org-file.ts';
import { syncOrg } from './org/sync-org.ts';
import { createOutboxDispatcher } from './outbox/dispatcher.ts';
import { createSlackDelivery } from './outbox/slack-delivery.ts';
import { createScheduler } from './scheduler/scheduler.ts';
import type { Clock } from './shared/clock.ts';
import type { Locale } from './shared/i18n.ts';
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
   * demo data is in, so that their reminders go without waiting for the next minute). A no-op
   * without Slack.
   */
  wakeScheduler(): Promise<void>;
  /**
   * The bot's workflow service on another clock: the same flows, feature hooks, working calendar
   * and chasing hook (reminder rows) as the bot's own, so what it starts is chased as the bot's
   * items are. The playground's demo data starts its items with it at moments in the past. Null
   * without Slack.
   */
  workflowServiceAt: ((clock: Clock) => WorkflowService) | null;
  /** The web forms and their link maker; null without the engine or without a signing key. */
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
}

/**
 * The composition root: configuration and organisation file → data folder lock → database →
 * migrations → organisation directory sync → chat runtime. Anything that fails on the way releases what was already taken and
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
    const orgFile = await loadOrgFile(config.orgFile);

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
    const workflow =
      config.slack.mode === 'none'
        ? undefined
        : createWorkflowModule({
            db,
            logger,
            clock: options.clock,
            slack: config.slack,
            ...settings,
            archiveFilesDir: config.archiveFilesDir,
            // PGlite: this is the data folder's only process, so a restart takes back its claims.
            replicaId: config.replicaId ?? (config.database.kind === 'pglite' ? 'embedded' : undefined),
          });
    if (workflow) {
      workflow.dispatcher.start();
      cleanups.push(() => workflow.dispatcher.stop());
      // Reminders, digests, reports: woken every minute and once now (missed ones go once).
      for (const task of workflow.periodicTasks ?? []) workflow.scheduler.register(task);
      workflow.scheduler.start();
      cleanups.push(() => workflow.scheduler.stop());
    }

    // Forms on the web for platforms without modals (`/forms/…`, reached by signed links).
    const webForms = workflow
      ? await createBotWebForms({
          config,
          prisma: db.prisma,
          clock: options.clock,
          logger,
          forms: workflow.webForms,
        })
      : null;

    // Hand the port over: the boot server lets go of it and the runtime binds the same number.
    await closeBoot();
    const runtime: ChatRuntime =
      config.slack.mode === 'none'
        ? createOfflineRuntime({ port: boot.port, host: config.host, logger, readiness })
        : createSlackRuntime({
            settings: config.slack,
            port: boot.port,
            host: config.host,
            logger,
            readiness,
            localeOf: createLocaleLookup(db.prisma),
            ...(workflow ? { workflow: workflow.chat } : {}),
            ...(workflow?.documents ? { documents: workflow.documents } : {}),
            ...(workflow?.docCardForms ? { docCardForms: workflow.docCardForms } : {}),
            ...(workflow?.supply ? { supply: workflow.supply } : {}),
            ...(workflow?.seal ? { seal: workflow.seal } : {}),
            ...(workflow ? { archiveLoans: workflow.archiveLoans } : {}),
            ...(workflow ? { archive: workflow.archive } : {}),
            ...(workflow ? { home: workflow.home } : {}),
            ...(workflow ? { chase: workflow.chase } : {}),
            ...(webForms ? { web: webForms } : {}),
          });
    const { port } = await runtime.start();
    cleanups.push(() => runtime.stop(config.shutdownTimeoutMs));
    if (config.slack.mode === 'none') {
      // The person who just typed npm start needs to know what to do next, in the terminal.
      logger.warn(
        { port },
        `未配置 Slack：机器人只提供健康检查和接入说明 http://localhost:${port}/ 。` +
          'No Slack credentials: serving health checks and setup guidance only. To connect a workspace, create ' +
          'the app from manifest.json and set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN ' +
          '(Socket Mode); see README.md.',
      );
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
    logger.info({ port, slack: config.slack.mode }, 'office bot ready');

    let stopping: Promise<void> | undefined;
    return {
      config,
      logger,
      port,
      db,
      backups,
      wakeScheduler: () => workflow?.scheduler.wake() ?? Promise.resolve(),
      workflowServiceAt: workflow ? workflow.serviceAt : null,
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
 * What the workflow module takes from the organisation file: the unit's time zone, seals,
 * supplies, numbering and people, the weekly report, the calendar and chasing rules.
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
    chasing: chasingSettingsOf(org),
  } satisfies Partial<Parameters<typeof createWorkflowModule>[0]>;
}

/**
 * The approval engine and its delivery: the outbox dispatcher sends what each committed click
 * owes Slack (cards, notices), and is woken right after each commit. The caller starts and stops
 * the dispatcher (tests drive it round by round instead).
 */
export function createWorkflowModule(input: {
  db: Database;
  logger: Logger;
  clock: Clock;
  /** The outbox dispatcher's claim holder id (see OutboxDispatcherOptions.replicaId); default unique per process. */
  replicaId?: string | undefined;
  slack: Exclude<Config['slack'], { mode: 'none' }>;
  timeZone: string;
  /** The unit's seals, for the seal requests' cards (用印); without them there is no `/seal`. */
  seals?: ReadonlyArray<{ id: string; name: string; nameEn: string | null }>;
  /**
   * Office supplies (办公用品): whether requests go to the department head first (organisation
   * file, default on), and the departments for names in plans and the ledger. Without it no `/supply`.
   */
  supply?: {
    departmentReview: boolean;
    departments: ReadonlyArray<{ id: string; name: string; nameEn: string | null }>;
  };
  /** The unit's numbering rules and departments: outgoing documents (发文) need them. */
  documents?: {
    unit: UnitNumbering;
    departments: ReadonlyArray<{ id: string; name: string; nameEn: string | null }>;
    /** For the 批办 form's choices of handler and readers. */
    people: ReadonlyArray<{
      id: string;
      name: string;
      nameEn: string | null;
      departmentId: string;
      roles: readonly string[];
    }>;
  };
  /** The weekly report (定期通报): the office channel and when (organisation file `reports:`). */
  reports?: { channel: string; weekly: { weekday: number; time: string } | null } | null;
  /** Calendar overrides and chasing rules (organisation file `calendar:` / `chasing:`); defaults when absent. */
  chasing?: StoredChasingSettings;
  /**
   * Where electronic archive records' relative `fileRef`s are found (Config.archiveFilesDir);
   * default `./data/archive-files`, as for the default DATA_DIR.
   */
  archiveFilesDir?: string;
}) {
  const { db, logger, clock } = input;
  const definitions = new Map<string, WorkflowDefinition>([[GENERIC_APPROVAL.id, GENERIC_APPROVAL]]);
  let transitionHooks: Map<string, TransitionHook> | undefined;
  let startHooks: Map<string, StartHook> | undefined;
  let cardFields: Map<string, CardFieldsOf> | undefined;
  let cardExtras: Map<string, CardExtrasOf> | undefined;
  const wordings = new Map<string, FlowWording>();
  if (input.documents) {
    const { unit, departments } = input.documents;
    for (const definition of OUTGOING_DEFINITIONS) definitions.set(definition.id, definition);
    transitionHooks = outgoingTransitionHooks(unit);
    const departmentName = (id: string, locale: Locale) => {
      const department = departments.find((d) => d.id === id);
      return department ? (locale === 'en' ? (department.nameEn ?? department.name) : department.name) : id;
    };
    // A finished document's card also shows its hand-off to the archive, and offers 归档.
    const archived = archiveCardFields(unit.timeZone);
    const withArchive =
      (fieldsOf: CardFieldsOf): CardFieldsOf =>
      (instance, locale) => [...fieldsOf(instance, locale), ...archived(instance, locale)];
    const fields = withArchive(outgoingCardFields(unit, departmentName));
    cardFields = new Map(OUTGOING_DEFINITIONS.map((d) => [d.id, fields]));
    for (const definition of OUTGOING_DEFINITIONS) wordings.set(definition.id, outgoingWording);
    wordings.set(INCOMING_DEFINITION.id, incomingWording);
    definitions.set(INCOMING_DEFINITION.id, INCOMING_DEFINITION);
    startHooks = new Map([[INCOMING_DEFINITION.id, incomingStartHook(unit)]]);
    transitionHooks.set(INCOMING_DEFINITION.id, incomingTransitionHook());
    cardFields.set(INCOMING_DEFINITION.id, withArchive(incomingCardFields(departmentName)));
    cardExtras = new Map(
      [...OUTGOING_DEFINITIONS, INCOMING_DEFINITION].map((d) => [d.id, archiveCardExtras]),
    );
  }
  // Seals (用印): the two routes, the register row at 已盖章, the card's seal fields.
  if (input.seals) {
    for (const definition of SEAL_DEFINITIONS) definitions.set(definition.id, definition);
    transitionHooks ??= new Map();
    for (const [id, hook] of sealTransitionHooks()) transitionHooks.set(id, hook);
    cardFields ??= new Map();
    const fields = sealCardFields(input.seals);
    for (const definition of SEAL_DEFINITIONS) cardFields.set(definition.id, fields);
    for (const definition of SEAL_DEFINITIONS) wordings.set(definition.id, sealWording);
  }
  // Office supplies (办公用品): the request route, the keeper's issue in the click's transaction
  // (stock out, ledger, owed, low-stock alerts), the card's item fields.
  const supplyDefinition = input.supply
    ? supplyRequestDefinition({ departmentReview: input.supply.departmentReview })
    : undefined;
  if (supplyDefinition) {
    definitions.set(supplyDefinition.id, supplyDefinition);
    transitionHooks ??= new Map();
    transitionHooks.set(supplyDefinition.id, supplyIssueHook({ timeZone: input.timeZone }));
    cardFields ??= new Map();
    cardFields.set(supplyDefinition.id, supplyCardFields);
    wordings.set(supplyDefinition.id, supplyWording);
  }
  // Archive loans (借阅/复制) and destruction (销毁): the routes, the loan row written in the start's
  // and each click's transaction, the destruction register at the last approval, the cards' fields.
  for (const definition of [...LOAN_DEFINITIONS, ARCHIVE_DESTROY_DEFINITION]) {
    definitions.set(definition.id, definition);
  }
  transitionHooks ??= new Map();
  for (const [id, hook] of loanTransitionHooks(input.timeZone)) transitionHooks.set(id, hook);
  transitionHooks.set(ARCHIVE_DESTROY_DEFINITION.id, destructionHook());
  startHooks ??= new Map();
  for (const [id, hook] of loanStartHooks(input.timeZone)) startHooks.set(id, hook);
  cardFields ??= new Map();
  for (const definition of LOAN_DEFINITIONS) cardFields.set(definition.id, loanCardFields);
  // A loan's end is a return (or copies handed over), not an approval.
  for (const definition of LOAN_DEFINITIONS) {
    wordings.set(definition.id, { family: `archive_${loanKindOf(definition.id)}` });
  }
  cardFields.set(ARCHIVE_DESTROY_DEFINITION.id, destructionCardFields);
  // The outbox retries on its own schedule; the client's own retries would post twice when a
  // response is lost (chat.postMessage has no idempotency key).
  const client = new webApi.WebClient(input.slack.botToken, {
    ...buildWebClientOptions(input.slack.apiUrl),
    retryConfig: { retries: 0 },
  });
  const delivery = createSlackDelivery({ client, logger });
  // Working days: national holidays and 调休 (chinese-days) with the organisation file's overrides.
  const chasingSettings = input.chasing ?? defaultChasingSettings();
  const calendar = unitCalendar(input.timeZone, chasingSettings.calendar);
  registerWorkflowKinds(delivery, {
    prisma: db.prisma,
    clock,
    definitions,
    timeZone: input.timeZone,
    ...(cardFields ? { cardFields } : {}),
    ...(cardExtras ? { cardExtras } : {}),
    // Chasing (催办): 催一下 on every flow's card once its step has waited (or its deadline is
    // near), saying when it is next allowed after a press.
    cardLiveExtras: chaseLiveCardExtras({ clock, calendar, settings: chasingSettings }),
    // How each flow ends, on its card and in its requester's notice: a 发文 is sent with its 文号,
    // a seal request stamped, a loan's record returned… rather than "approved".
    wordings,
    // A supply request closed with nothing issued tells the requester why, not "approved".
    ...(supplyDefinition ? { noticeOf: new Map([[supplyDefinition.id, supplyNotice]]) } : {}),
    // A seal request held while its seal is out of use says so on its card.
    ...(input.seals
      ? { cardLiveFields: new Map(SEAL_DEFINITIONS.map((d) => [d.id, sealHoldFields] as const)) }
      : {}),
  });
  // The App Home: published on opening, and republished (`home.refresh`) when a person's lists change.
  const homeDeps = { prisma: db.prisma, clock, definitions, timeZone: input.timeZone };
  registerHomeKind(delivery, homeDeps);
  registerPersonMessageKind(delivery, { prisma: db.prisma });
  registerReportKinds(delivery, { logger });
  if (input.supply) registerSupplyKinds(delivery, { prisma: db.prisma });
  // A lent electronic record's file, to the borrower after its fixity check (出借).
  registerArchiveFileKind(delivery, {
    prisma: db.prisma,
    clock,
    filesDir: input.archiveFilesDir ?? path.resolve(defaultArchiveFilesDir('data')),
  });
  const dispatcher = createOutboxDispatcher({
    prisma: db.prisma,
    delivery,
    clock,
    logger,
    ...(input.replicaId === undefined ? {} : { replicaId: input.replicaId }),
    // One transaction at a time on the embedded database: no two write redraws side by side.
    supersede: db.kind === 'postgres',
  });
  const wake = () => dispatcher.notify();
  registerChaseKinds(delivery, { prisma: db.prisma, clock, calendar, definitions });
  const chasing = createChasingModule({
    prisma: db.prisma,
    clock,
    calendar,
    settings: chasingSettings,
    onOutboxWritten: wake,
    personOfSlackUser: (teamId, slackUserId) => workflowChat.personOfSlackUser(teamId, slackUserId),
    namesOf: (ids, locale) => workflowChat.namesOf(ids, locale),
  });
  // node-schedule only wakes it; the caller starts and stops it (tests call wake() themselves).
  const scheduler = createScheduler({ clock, logger });
  for (const task of chasing.tasks) scheduler.register(task);
  scheduler.register({
    name: 'archive.quarterly-appraisal',
    run: (now) => sendQuarterlyAppraisal(db.prisma, now, { onOutboxWritten: wake }),
  });
  // One set of flows and hooks for the bot's service and for any it builds on another clock.
  const serviceAt = (at: Clock) =>
    createWorkflowService({
      prisma: db.prisma,
      clock: at,
      calendar,
      effectsHook: chasing.effectsHook,
      logger,
      definitions,
      loadDirectory: loadDirectorySnapshot,
      onOutboxWritten: wake,
      ...(transitionHooks ? { transitionHooks } : {}),
      ...(startHooks ? { startHooks } : {}),
    });
  const service = serviceAt(clock);
  const workflowChat = {
    ...createWorkflowChatDeps({ prisma: db.prisma, service, clock, onOutboxWritten: wake }),
    timeZone: input.timeZone,
  };
  const incoming = input.documents
    ? createIncomingChatDeps({
        prisma: db.prisma,
        service,
        clock,
        timeZone: input.timeZone,
        personOfSlackUser: workflowChat.personOfSlackUser,
        namesOf: workflowChat.namesOf,
        directory: { departments: input.documents.departments, people: input.documents.people },
      })
    : undefined;
  const docCardForms = input.documents
    ? createDocCardFormsChatDeps({
        prisma: db.prisma,
        clock,
        timeZone: input.timeZone,
        personOfSlackUser: workflowChat.personOfSlackUser,
        onOutboxWritten: wake,
      })
    : undefined;
  // Steps that choose params open their own form from the card: 批办 (readers, handler, time
  // limit) and 签发 (the distribution and copies the leader fixes).
  const stepForms = new Map<string, StepFormOpener>();
  if (incoming) stepForms.set(INCOMING_STEP_IDS.instruct, instructFormOpener(incoming));
  if (docCardForms) for (const id of SIGN_OFF_STEP_IDS) stepForms.set(id, signOffFormOpener(docCardForms));
  if (input.seals) stepForms.set(SEAL_STEP_IDS.stamp, stampFormOpener());
  const seal = input.seals
    ? createSealChatDeps({
        prisma: db.prisma,
        service,
        clock,
        timeZone: input.timeZone,
        personOfSlackUser: workflowChat.personOfSlackUser,
        namesOf: workflowChat.namesOf,
        onOutboxWritten: wake,
      })
    : undefined;
  // Office supplies: `/supply` and its forms; the keeper's 发放 button opens the issue form.
  const supplyDepartments = input.supply?.departments ?? [];
  const supply = input.supply
    ? createSupplyChatDeps({
        prisma: db.prisma,
        service,
        clock,
        timeZone: input.timeZone,
        personOfSlackUser: workflowChat.personOfSlackUser,
        namesOf: workflowChat.namesOf,
        departmentName: (id, locale) => {
          const department = supplyDepartments.find((d) => d.id === id);
          if (!department) return id;
          return locale === 'en' ? (department.nameEn ?? department.name) : department.name;
        },
        onOutboxWritten: wake,
      })
    : undefined;
  if (supply) stepForms.set(SUPPLY_STEP_IDS.issue, supplyIssueFormOpener(supply));
  // The archivist's 出借, 归还 and 已复制 buttons open their own forms.
  for (const [id, opener] of archiveLoanStepForms()) stepForms.set(id, opener);
  const chat = stepForms.size > 0 ? { ...workflowChat, stepForms } : workflowChat;
  const archiveLoans = createArchiveLoanChatDeps({
    prisma: db.prisma,
    service,
    clock,
    timeZone: input.timeZone,
    personOfSlackUser: workflowChat.personOfSlackUser,
    namesOf: workflowChat.namesOf,
  });
  return {
    service,
    /** The same service on another clock (see RunningBot.workflowServiceAt). */
    serviceAt,
    dispatcher,
    scheduler,
    /** 催一下 and 立即催办 (催办). */
    chase: chasing.chat,
    chat,
    home: createHomeRenderer(homeDeps),
    documents: input.documents
      ? {
          ...createDocumentChatDeps({
            prisma: db.prisma,
            service,
            loadDirectory: loadDirectorySnapshot,
            personOfSlackUser: chat.personOfSlackUser,
            namesOf: chat.namesOf,
            formOptions: {
              docTypes: input.documents.unit.docTypes,
              departments: input.documents.departments,
            },
          }),
          // `/doc` lists and registers (read by registerCommandListeners).
          lists: createDocListChatDeps({
            prisma: db.prisma,
            clock,
            onOutboxWritten: wake,
            definitions,
            unit: input.documents.unit,
            departments: input.documents.departments,
            namesOf: chat.namesOf,
          }),
          // `/doc report` (定期通报 on demand, as a DM with the CSV and the chart).
          report: createDocReportChatDeps({ prisma: db.prisma, clock, logger, timeZone: input.timeZone }),
          // `/doc reminders` (the office head: what the scheduler sends next, to whom and when).
          reminders: {
            timeZone: input.timeZone,
            digestTime: chasingSettings.chasing.digestTime,
            viewerOf: createDocReportChatDeps({ prisma: db.prisma, clock, logger, timeZone: input.timeZone })
              .viewerOf,
            upcoming: (limit: number) =>
              upcomingReminders(
                { prisma: db.prisma, calendar, settings: chasingSettings },
                { now: clock.now(), limit },
              ),
            namesOf: chat.namesOf,
          },
          ...(incoming ? { incoming } : {}),
        }
      : undefined,
    docCardForms,
    supply,
    seal,
    archiveLoans,
    /** Forms served on the web (`/forms/…`), each the same form and service call as its modal. */
    webForms: [
      actionWebForm(workflowChat),
      ...(seal ? [sealRequestWebForm({ prisma: db.prisma, service })] : []),
    ],
    /** `/archive` search, add and intake. */
    archive: createArchiveChatDeps({
      prisma: db.prisma,
      clock,
      timeZone: input.timeZone,
      personOfSlackUser: workflowChat.personOfSlackUser,
    }),
    /** Tasks for the scheduler's wakes: the weekly report when the organisation file names a channel. */
    periodicTasks: input.reports?.weekly
      ? [
          weeklyReportTask({
            prisma: db.prisma,
            logger,
            timeZone: input.timeZone,
            channel: input.reports.channel,
            schedule: input.reports.weekly,
            rowsOf: reportOutboxRows,
            onOutboxWritten: wake,
          }),
        ]
      : [],
  };
}
