import type { IncomingMessage } from 'node:http';
import { type App, ErrorCode, HTTPReceiver, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { SlackSettings } from '../../config.ts';
import {
  type ChatConnectionState,
  type ChatConnections,
  createHealthRoutes,
  type DatabaseProbe,
  handleRoute,
} from '../../http/health.ts';
import { createManagedServer, type HttpPages, InFlightTracker, servingFirst } from '../../http/server.ts';
import { StartupError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { WebFormHandler } from '../core/web-form.ts';
import type { ChatRuntime } from '../runtime.ts';
import { createBoltLogger, toBoltLevel } from './bolt-logger.ts';
import { registerCommandAnswers, type SlackCommandOptions } from './command-answers.ts';
import { registerCommandListeners } from './documents/command.ts';
import { SLACK_FORM_BINDINGS, SLACK_MODAL_READ_BACKS } from './form-bindings.ts';
import { type AppHomeDeps, registerAppHomeListeners } from './home/listeners.ts';
import type { SlashCommandName } from './ids.ts';
import { AnsweringApp, guardSlackEvents, guardSocketModeMessages } from './ingress.ts';
import { installGlobalErrorHandler } from './listeners/errors.ts';
import { requestContextMiddleware, type SlackRequestContext } from './request-context.ts';
import type { SlackIdentityLookup } from './slack-accounts.ts';
import { registerWebFormModals, stepFormOpeners, type WebFormModalOptions } from './web-form-modals.ts';
import { registerWorkflowListeners, type WorkflowChatDeps } from './workflow/listeners.ts';

/** Where Slack sends events, slash commands and interactivity in HTTP mode (the manifest's URLs). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack settings with credentials (HTTP or Socket Mode). */
export type ConfiguredSlackSettings = Exclude<SlackSettings, { mode: 'none' }>;

export interface SlackRuntimeOptions {
  settings: ConfiguredSlackSettings;
  /** HTTP port: Slack's requests (HTTP mode) and /healthz, /readyz (both modes). 0 picks a free one. */
  port: number;
  host: string;
  logger: Logger;
  readiness: DatabaseProbe;
  /**
   * Every configured platform's connection by name, for `/readyz` on this runtime's port (the
   * bot's); default Slack's alone.
   */
  connections?: () => ChatConnections;
  identityOf: SlackIdentityLookup;
  /** The approval engine's chat side: card buttons, the action form, `/doc approve`. */
  workflow?: WorkflowChatDeps;
  /** The App Home from the database (the person's work); without it the home is a welcome. */
  home?: AppHomeDeps;
  /**
   * The features' forms (the handlers the web forms serve): drawn as modals by their Slack
   * bindings, their submissions applied by the handlers, their steps' forms opened from cards.
   */
  forms?: readonly WebFormHandler[];
  /** Pages the bot serves beside Slack's requests on the same port (the web forms). */
  web?: HttpPages;
  /** The features' commands and reply buttons (neutral handlers), with the modals of their forms. */
  commands?: SlackCommandOptions;
}

/** Web API calls from listeners give up after this long; Slack's own deadlines are seconds. */
const WEB_API_TIMEOUT_MS = 10_000;

/**
 * Web API client options for the bot token. Share them with any other client that talks to the
 * same Slack (the outbox), so timeouts and rate-limit handling agree.
 */
export function buildWebClientOptions(apiUrl: string): webApi.WebClientOptions {
  return {
    slackApiUrl: apiUrl,
    timeout: WEB_API_TIMEOUT_MS,
    // 429s come back as WebAPIRateLimitedError (with retryAfter) so the outbox reschedules them,
    // instead of the client pausing every call for up to 30 minutes.
    rejectRateLimitedCalls: true,
    // A few quick retries of network failures only: the default (ten over about 30 minutes) would
    // outlive every Slack deadline, and a retried chat.postMessage can post twice.
    retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 },
  };
}

/**
 * The Slack adapter: a Bolt app with our middleware and listeners, served over HTTP (signed
 * requests at /slack/events) or Socket Mode, with /healthz and /readyz on `port` in both modes.
 *
 * In HTTP mode we run the node:http server ourselves and hand requests to the receiver's public
 * `requestListener`, rather than `app.start()`: that lets us bind `host`, report the real port for
 * port 0, and answer 503 on kept-alive connections while shutting down.
 */
export function createSlackRuntime(options: SlackRuntimeOptions): ChatRuntime {
  const { settings } = options;
  const logger = options.logger.child({ component: 'slack', mode: settings.mode });
  const boltLogger = createBoltLogger(options.logger);
  const tracker = new InFlightTracker();
  let state: ChatConnectionState = settings.mode === 'http' ? 'http' : 'disconnected';
  let stopRequested = false;

  const healthRoutes = createHealthRoutes({
    readiness: options.readiness,
    connections: () => options.connections?.() ?? { slack: state },
    logger,
  });

  const receiver =
    settings.mode === 'http'
      ? new HTTPReceiver({
          signingSecret: settings.signingSecret,
          endpoints: SLACK_EVENTS_PATH,
          customRoutes: healthRoutes,
          logger: boltLogger,
          // Answer Slack as soon as a listener acks; work after ack continues (and is tracked).
          processBeforeResponse: false,
          processEventErrorHandler: async ({ error, response }) => {
            logger.error({ err: error }, 'Slack request failed in Bolt');
            if (!response.headersSent) {
              response.writeHead(500);
              response.end();
            }
            // Handled: Bolt stops its 3-second timer instead of logging the request a second time.
            return true;
          },
        })
      : new SocketModeReceiver({
          appToken: settings.appToken,
          logger: boltLogger,
          // Socket Mode opens its connection with apps.connections.open against the same API URL.
          // Its own retry policy (many quick retries) is kept on purpose: it exists for reconnecting.
          installerOptions: { clientOptions: { slackApiUrl: settings.apiUrl, timeout: WEB_API_TIMEOUT_MS } },
          processEventErrorHandler: async ({ error }) => {
            logger.error({ err: error }, 'Slack request failed in Bolt');
            // Acknowledged: Slack would only redeliver the envelope into the same failure.
            return true;
          },
        });

  const app = new AnsweringApp(
    {
      receiver,
      token: settings.botToken,
      logger: boltLogger,
      logLevel: toBoltLevel(options.logger.level),
      clientOptions: buildWebClientOptions(settings.apiUrl),
      // auth.test runs in start(), not in the constructor, so a bad token fails start() clearly.
      deferInitialization: true,
      extendedErrorHandler: true,
      // Bolt's in-memory conversation store is per process; state belongs in the database.
      convoStore: false,
    },
    logger,
  );
  app.use(requestContextMiddleware({ logger, tracker, identityOf: options.identityOf }));
  installGlobalErrorHandler(app, logger);
  // Features with their own slash command register it; the others answer "coming soon".
  const answeredElsewhere = new Set<SlashCommandName>();
  if (options.commands) {
    for (const slash of registerCommandAnswers(app, options.commands)) {
      answeredElsewhere.add(slash as SlashCommandName);
    }
  }
  // The features' forms as modals, applied by the forms' own handlers; their step forms open from cards.
  const modalForms: WebFormModalOptions = {
    handlers: options.forms ?? [],
    bindings: SLACK_FORM_BINDINGS,
    readBacks: SLACK_MODAL_READ_BACKS,
    ...(options.workflow?.formDeadline ? { formDeadline: options.workflow.formDeadline } : {}),
  };
  registerWebFormModals(app, modalForms);
  registerCommandListeners(app, answeredElsewhere);
  registerAppHomeListeners(app, options.home);
  if (options.workflow) {
    // The transfer form's Slack user picker (when no directory list was given) names a person too.
    const personOfPickedUser = async (teamId: string | null, userId: string) =>
      (await options.identityOf(teamId ?? '', userId)).actor?.personId ?? null;
    const stepForms = stepFormOpeners(modalForms);
    registerWorkflowListeners(app, { ...options.workflow, stepForms }, personOfPickedUser);
  }

  if (receiver instanceof SocketModeReceiver) {
    guardSocketModeMessages(receiver.client, logger);
    observeSocketConnection(
      receiver.client,
      logger,
      () => stopRequested,
      (next) => {
        state = next;
      },
    );
  }

  const guardedEvents =
    receiver instanceof HTTPReceiver && settings.mode === 'http'
      ? guardSlackEvents({
          signingSecret: settings.signingSecret,
          logger,
          forward: (req, res) => receiver.requestListener(req, res),
        })
      : undefined;

  const server = createManagedServer({
    logger,
    tracker,
    handle: servingFirst(
      options.web,
      receiver instanceof HTTPReceiver
        ? (req, res) => {
            if (guardedEvents && isSlackEventsPost(req)) {
              guardedEvents(req, res).catch((error: unknown) => {
                // Bolt's receiver threw synchronously: answer instead of leaving the request open.
                logger.error({ err: error }, 'Slack request failed');
                if (!res.headersSent) res.writeHead(500);
                res.end();
              });
              return;
            }
            receiver.requestListener(req, res);
          }
        : (req, res) => {
            if (handleRoute(healthRoutes, req, res)) return;
            res.writeHead(404);
            res.end();
          },
    ),
    onError: (error, req, res) => {
      // The receiver throws this for paths it does not serve; anything else is a real failure.
      const unknownPath = (error as { code?: unknown }).code === ErrorCode.HTTPReceiverDeferredRequestError;
      if (!unknownPath) logger.error({ err: error, method: req.method }, 'HTTP request failed');
      if (!res.headersSent) res.writeHead(unknownPath ? 404 : 500);
      res.end();
    },
  });

  let starting: Promise<{ port: number }> | undefined;
  let stopping: Promise<void> | undefined;

  async function start(): Promise<{ port: number }> {
    await verifyBotToken(app, settings);
    const port = await server.listen(options.port, options.host);
    if (receiver instanceof SocketModeReceiver) {
      try {
        await app.start();
      } catch (error) {
        await server.close(0);
        throw new StartupError(
          'slack_socket_failed',
          `Could not open a Socket Mode connection (${describeSlackError(error)}). Check SLACK_APP_TOKEN (xapp-, scope connections:write) and that Socket Mode is enabled for the app.`,
          { cause: error },
        );
      }
    }
    logger.info(
      { port, path: settings.mode === 'http' ? SLACK_EVENTS_PATH : undefined },
      'Slack runtime started',
    );
    return { port };
  }

  async function stop(timeoutMs: number): Promise<void> {
    stopRequested = true;
    const deadline = performance.now() + timeoutMs;
    const remaining = () => Math.max(0, deadline - performance.now());
    if (receiver instanceof SocketModeReceiver) {
      // Disconnect first: no new envelopes arrive, and a connection attempt still retrying ends.
      // Listeners acknowledge before doing any work (house rule), so what is still running needs
      // only the Web API, not the socket.
      await withTimeout(receiver.client.disconnect(), remaining());
    } else {
      server.stopAccepting();
    }
    // A start still in progress settles (or fails) before the server is closed under it.
    if (starting) await withTimeout(starting, remaining());
    state = 'disconnected';
    const drained = await server.close(Math.max(0, deadline - performance.now()));
    logger.info({ drained }, 'Slack runtime stopped');
  }

  return {
    start() {
      if (stopRequested) return Promise.reject(new Error('the Slack runtime was stopped'));
      starting ??= start();
      return starting;
    },
    stop(timeoutMs) {
      stopping ??= stop(timeoutMs);
      return stopping;
    },
    connectionState: () => state,
  };
}

/**
 * Follows the Socket Mode client's state events into `onState` and the log. Reconnecting reads as
 * `connecting`: the app cannot take events until the socket is back.
 */
export function observeSocketConnection(
  client: { on(event: string, listener: (...args: unknown[]) => void): unknown },
  logger: Logger,
  isStopping: () => boolean,
  onState: (state: ChatConnectionState) => void,
): void {
  client.on('connecting', () => {
    onState('connecting');
    logger.info('Socket Mode connecting');
  });
  client.on('authenticated', () => logger.debug('Socket Mode authenticated; opening the WebSocket'));
  client.on('connected', () => {
    onState('connected');
    logger.info('Socket Mode connected');
  });
  client.on('reconnecting', () => {
    onState('connecting');
    logger.warn('Socket Mode reconnecting');
  });
  client.on('disconnecting', () => logger.debug('Socket Mode disconnecting'));
  client.on('disconnected', () => {
    onState('disconnected');
    if (isStopping()) logger.info('Socket Mode disconnected');
    else logger.warn('Socket Mode disconnected');
  });
}

/** Runs Bolt's auth.test once; a rejected token or an unreachable API fails start-up with a clear error. */
async function verifyBotToken(
  app: App<SlackRequestContext>,
  settings: ConfiguredSlackSettings,
): Promise<void> {
  try {
    await app.init();
  } catch (error) {
    throw new StartupError(
      'slack_auth_failed',
      `Slack did not accept SLACK_BOT_TOKEN at ${settings.apiUrl} (${describeSlackError(error)}). Check the token (xoxb-) and SLACK_API_URL.`,
      { cause: error },
    );
  }
}

/** A request Bolt's receiver would take as Slack's (same path and method test as Bolt's). */
function isSlackEventsPost(req: IncomingMessage): boolean {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  return path === SLACK_EVENTS_PATH && (req.method ?? '').toUpperCase() === 'POST';
}

function describeSlackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  if (typeof data?.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}

async function withTimeout(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}
