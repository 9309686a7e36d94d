// The Slack path of a click, for the engine benchmark: the real HTTP-mode Slack runtime (Bolt,
// signature check, listeners) on 127.0.0.1, the workflow module on the bench's database, and a
// local stand-in for the Web API. A click is a signed `view_submission` of the approval form (the
// generic approval's steps ask for an opinion, so the approve button opens that form and the
// submission is what commits). It is timed from just before the request leaves to the moment the
// listener's `service.click()` resolves (committed). A start is the signed `/doc approve <title>`
// command, resolved when the listener's `service.start()` has committed. The dispatcher is not
// started unless asked (`deliver`): then cards go to the stand-in, which records when each message
// and App Home publish arrives (the card latency of bench/card-latency.ts, the outbox economy of
// bench/outbox-economy.ts); otherwise the outbox rows just accumulate.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SLACK_FORM_BINDINGS } from '../src/chat/slack/form-bindings.ts';
import { SLASH_COMMANDS } from '../src/chat/slack/ids.ts';
import { createSlackIdentityLookup } from '../src/chat/slack/slack-accounts.ts';
import { createSlackRuntime } from '../src/chat/slack/slack-app.ts';
import { slackDelivery } from '../src/chat/slack/slack-platform.ts';
import type { ClickInput } from '../src/features/workflow/workflow-service.ts';
import { silentLogger, type TestDatabase } from '../test/support/databases.ts';
import { newSigningSecret, postSlack, slashCommandBody, viewSubmissionBody } from '../test/support/slack.ts';
import type { ClickFn } from './engine.ts';
import { benchWorkflowModule, linkPeople, watchClicks, watchStarts } from './path-support.ts';

export interface SlackPath {
  clickFn: ClickFn;
  /**
   * `requester` sends `/doc approve <title>`; resolves with the started instance's id once the
   * listener's `service.start()` has committed. Titles must be unique among the starts in flight.
   */
  startFn(requester: string, title: string): Promise<string>;
  /**
   * Calls the stand-in answered, by Web API method (only auth.test is expected without the
   * dispatcher), and `response_url` for the commands' answers posted to their response URL.
   */
  apiCalls: Record<string, number>;
  /** Every chat.postMessage and chat.update, with the message's channel and ts and when it arrived (performance.now()). */
  messages: StandInMessage[];
  /** Every views.publish (an App Home), with its user and when it arrived. */
  publishes: StandInPublish[];
  /** The made-up Slack user id of each person of `people`. */
  slackIdOf: ReadonlyMap<string, string>;
  stop(): Promise<void>;
}

export interface StandInMessage {
  method: string;
  channel: string;
  ts: string;
  at: number;
}

export interface StandInPublish {
  user: string;
  at: number;
}

/** The stand-in's path for the commands' response URLs (counted as `response_url`). */
const RESPONSE_PATH = '/response/';

/**
 * A Web API stand-in on 127.0.0.1: every method answers ok (auth.test as Slack would), each user's
 * DM is its own channel (`D` + user id), and each post gets its own ts. It also takes the posts to
 * the commands' response URLs.
 */
async function startApiStandIn(
  teamId: string,
  calls: Record<string, number>,
  messages: StandInMessage[],
  publishes: StandInPublish[],
): Promise<Server> {
  let nextTs = 1;
  const server = createServer((req, res) => {
    const at = performance.now();
    const url = req.url ?? '';
    const method = url.startsWith(RESPONSE_PATH)
      ? 'response_url'
      : (url.replace(/^\/api\//, '').split('?')[0] ?? '');
    calls[method] = (calls[method] ?? 0) + 1;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const params: Record<string, unknown> = text.startsWith('{')
        ? (JSON.parse(text) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(text));
      const channel = String(params.channel ?? 'D0BENCH');
      const ts =
        method === 'chat.update' ? String(params.ts) : `1700000000.${String(nextTs++).padStart(6, '0')}`;
      if (method === 'chat.postMessage' || method === 'chat.update')
        messages.push({ method, channel, ts, at });
      if (method === 'views.publish') publishes.push({ user: String(params.user_id), at });
      const body =
        method === 'auth.test'
          ? { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: teamId }
          : method === 'conversations.open'
            ? { ok: true, channel: { id: `D${String(params.users)}` } }
            : { ok: true, channel, ts };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

/**
 * Starts the Slack runtime on `test`'s database and links `people` to made-up Slack user ids.
 * The returned ClickFn posts a signed form submission for an approve (with its comment) and
 * resolves with the outcome of the listener's own `service.click()` for that instance and version.
 */
export async function startSlackPath(options: {
  test: TestDatabase;
  teamId: string;
  people: readonly string[];
  /** Start the outbox dispatcher, so cards reach the stand-in. */
  deliver?: boolean;
}): Promise<SlackPath> {
  const { test, teamId } = options;
  const slackIdOf = await linkPeople(
    test,
    { platform: 'slack', tenant: '', idOf: (n) => `U0BENCH${n}` },
    options.people,
  );

  const apiCalls: Record<string, number> = {};
  const messages: StandInMessage[] = [];
  const publishes: StandInPublish[] = [];
  const api = await startApiStandIn(teamId, apiCalls, messages, publishes);
  const apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  const settings = {
    mode: 'http' as const,
    botToken: 'xoxb-bench',
    signingSecret: newSigningSecret(),
    apiUrl: `${apiOrigin}/api/`,
  };
  const module = benchWorkflowModule(test);

  // What the listeners hand the service, one waiter per request: clicks by instance and version,
  // starts by title.
  const clicks = watchClicks(module.service);
  const starts = watchStarts(module.service);

  const runtime = createSlackRuntime({
    settings,
    port: 0,
    host: '127.0.0.1',
    logger: silentLogger,
    readiness: async () => ({ database: 'ok' }),
    identityOf: createSlackIdentityLookup(test.db.prisma),
    workflow: module.workflowChat,
    // The features' commands (`/doc approve` starts the economy's and the flood's approvals).
    commands: { commands: module.chat.commands, buttons: module.chat.buttons, forms: SLACK_FORM_BINDINGS },
  });
  let port: number;
  try {
    port = (await runtime.start()).port;
  } catch (error) {
    await new Promise((resolve) => api.close(resolve));
    throw error;
  }
  const dispatcher = module.dispatchTo([slackDelivery(settings, module.platformDeps)]);
  if (options.deliver) dispatcher.start();

  // A refused request fails its waiter at once (no listener will run).
  const send = (body: string) => async () => {
    const res = await postSlack(port, body, { secret: settings.signingSecret });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
  };
  const clickFn: ClickFn = (input: ClickInput) => {
    const userId = slackIdOf.get(input.actorPersonId);
    if (!userId) return Promise.reject(new Error(`no Slack id for ${input.actorPersonId}`));
    if (input.action.type !== 'approve') return Promise.reject(new Error('only approve is sent'));
    const body = viewSubmissionBody({
      teamId,
      userId,
      privateMetadata: JSON.stringify({ i: input.instanceId, v: input.expectedVersion, a: 'approve', r: 1 }),
      comment: input.action.comment ?? '同意',
    });
    return clicks.send(input, send(body));
  };
  let responses = 0;
  const startFn = async (requester: string, title: string): Promise<string> => {
    const userId = slackIdOf.get(requester);
    if (!userId) throw new Error(`no Slack id for ${requester}`);
    const body = slashCommandBody({
      command: SLASH_COMMANDS.doc,
      text: `approve ${title}`,
      userId,
      teamId,
      responseUrl: `${apiOrigin}${RESPONSE_PATH}${++responses}`,
    });
    return (await starts.send(title, send(body))).id;
  };

  return {
    clickFn,
    startFn,
    apiCalls,
    messages,
    publishes,
    slackIdOf,
    async stop() {
      await runtime.stop(2000);
      await dispatcher.stop();
      await new Promise((resolve) => api.close(resolve));
    },
  };
}
