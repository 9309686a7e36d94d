// The Slack adapter on a bot of the example organisation (PGlite), behind the playground's Slack
// stand-in: people act through signed Slack requests to the bot's /slack/events (slash commands,
// block_actions, view_submission), and the bot's Web API calls reach the stand-in through a small
// gateway that can answer as a Slack that is down (503) or rate limiting (429 with Retry-After).

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createWorkflowModule, workflowSettingsOf } from '../../src/bot.ts';
import type { CardActionType } from '../../src/chat/core/card.ts';
import { WORKFLOW_BUTTON_ACTION_IDS } from '../../src/chat/slack/ids.ts';
import { createSlackAdapter } from '../../src/chat/slack/slack-platform.ts';
import { loadOrgFile } from '../../src/org/org-file.ts';
import { createInteractions } from '../../src/playground/interactions.ts';
import { createPlaygroundServer } from '../../src/playground/server.ts';
import { createSlackDouble, type StoredMessage } from '../../src/playground/slack-double.ts';
import { createTestDatabase, silentLogger } from '../support/databases.ts';
import { newSigningSecret } from '../support/slack.ts';
import { loadExampleOrg, manualClock } from '../support/workflow.ts';
import type { AdapterHarness, FormAnswer, SeenCard } from './harness.ts';
import { deliverAll } from './memory-harness.ts';
import { CONFORMANCE_PEOPLE } from './suite.ts';

const TEAM = 'T0CONFORM';
const ACTION_OF_BUTTON = new Map<string, CardActionType>(
  Object.entries(WORKFLOW_BUTTON_ACTION_IDS).map(([type, id]) => [id, type as CardActionType]),
);

interface Button {
  action_id: string;
  value?: string;
}
interface Block {
  type: string;
  block_id?: string;
  elements?: Button[];
  element?: { type: string; action_id: string };
}

/** What one press sends: replayed as is by `redeliver` (Slack retrying the same event). */
interface PressEvent {
  userId: string;
  source: { type: 'message'; channel: string; ts: string };
  action: { type: string; action_id: string; block_id: string; value: string };
}

export async function createSlackHarness(): Promise<AdapterHarness> {
  const t = await createTestDatabase('pglite');
  await loadExampleOrg(t);
  const prisma = t.db.prisma;
  await prisma.person.updateMany({ where: { id: { in: [...CONFORMANCE_PEOPLE] } }, data: { locale: 'zh' } });
  const { org } = await loadOrgFile('org.example.yaml');
  const slackIdOf = new Map(
    org.people.flatMap((p) => (p.slackUserId ? [[p.id, p.slackUserId] as const] : [])),
  );
  const userOf = (personId: string) => {
    const id = slackIdOf.get(personId);
    if (!id) throw new Error(`${personId} has no Slack account in the example organisation`);
    return id;
  };
  const clock = manualClock('2026-11-23T01:30:00Z');
  const archiveFilesDir = await mkdtemp(path.join(os.tmpdir(), 'conformance-slack-'));
  const signingSecret = newSigningSecret();
  const botToken = `xoxb-conformance-${randomBytes(4).toString('hex')}`;

  // The stand-in: Slack's Web API, response_url and uploads, and the page API's interactions.
  let standInPort = 0;
  let botPort = 0;
  const baseUrl = () => `http://127.0.0.1:${standInPort}/slack/`;
  const double = createSlackDouble({
    teamId: TEAM,
    botUserId: 'U0BOT',
    botToken,
    users: org.people
      .filter((p) => p.slackUserId !== null)
      .map((p) => ({
        userId: p.slackUserId as string,
        name: p.name,
        nameEn: p.nameEn,
        locale: 'zh' as const,
      })),
    channels: [],
    baseUrl,
  });
  const interactions = createInteractions({
    double,
    signingSecret,
    eventsUrl: () => `http://127.0.0.1:${botPort}/slack/events`,
    baseUrl,
    logger: silentLogger,
  });
  const standIn = createPlaygroundServer({
    double,
    interactions,
    people: [],
    logger: silentLogger,
    botBaseUrl: () => null,
  });
  standInPort = await standIn.listen(0, '127.0.0.1');

  // The gateway the bot's Web API client talks to: Slack itself, or Slack down or rate limiting.
  let down = false;
  let limitedUntil = 0;
  const gateway = await listen(
    createServer((req, res) => {
      void (async () => {
        const body = await readAll(req);
        if (down) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('service unavailable');
          return;
        }
        const wait = limitedUntil - clock.now().getTime();
        if (wait > 0) {
          res
            .writeHead(429, {
              'retry-after': String(Math.ceil(wait / 1000)),
              'content-type': 'application/json',
            })
            .end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        const answer = await fetch(`http://127.0.0.1:${standInPort}${req.url ?? '/'}`, {
          method: req.method ?? 'POST',
          headers: Object.fromEntries(
            ['content-type', 'authorization'].flatMap((name) => {
              const value = req.headers[name];
              return typeof value === 'string' ? [[name, value]] : [];
            }),
          ),
          body,
        });
        res
          .writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'application/json',
          })
          .end(Buffer.from(await answer.arrayBuffer()));
      })();
    }),
  );

  const settings = {
    mode: 'http' as const,
    botToken,
    signingSecret,
    apiUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/slack/api/`,
  };
  const module = createWorkflowModule({
    db: t.db,
    logger: silentLogger,
    clock,
    archiveFilesDir,
    ...workflowSettingsOf(org),
  });
  // The Slack platform's own adapter, as the composition root builds it, serving a port of its own.
  const adapter = createSlackAdapter(settings, {
    ...module.platformDeps,
    webForms: null,
    http: {
      port: 0,
      host: '127.0.0.1',
      readiness: async () => ({ database: 'ok' }),
      connections: () => ({ slack: adapter.runtime.connectionState() }),
    },
  });
  const dispatcher = module.dispatchTo([adapter], { backoff: () => 1000, supersede: false });
  botPort = (await adapter.runtime.start()).port;

  /**
   * Waits until what a request started has settled: Slack's requests are acknowledged before
   * their work is done, so this watches the database and the stand-in until they stop changing.
   */
  async function settle(): Promise<void> {
    const signature = async () =>
      `${await prisma.outboxMessage.count()}:${await prisma.auditEntry.count()}:${double.version()}`;
    let last = await signature();
    let quiet = 0;
    for (let i = 0; i < 100 && quiet < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = await signature();
      quiet = now === last ? quiet + 1 : 0;
      last = now;
    }
  }

  const dmOf = (personId: string): Array<Omit<StoredMessage, 'visibleTo'>> => {
    const snapshot = double.snapshotFor(userOf(personId));
    return (
      snapshot.conversations.find((c) => c.kind === 'dm')?.messages.filter((m) => m.from === 'bot') ?? []
    );
  };
  const buttonsOf = (blocks: unknown[] | null): Button[] =>
    ((blocks ?? []) as Block[]).flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []));

  const pressEvent = (personId: string, card: SeenCard, action: CardActionType): PressEvent => {
    const handle = card.handle as { channel: string; ts: string; blocks: unknown[] };
    const button = buttonsOf(handle.blocks).find((b) => b.action_id === WORKFLOW_BUTTON_ACTION_IDS[action]);
    if (!button?.value) throw new Error(`no ${action} button on the card`);
    const block = (handle.blocks as Block[]).find((b) => b.elements?.includes(button));
    return {
      userId: userOf(personId),
      source: { type: 'message', channel: handle.channel, ts: handle.ts },
      action: {
        type: 'button',
        action_id: button.action_id,
        block_id: block?.block_id ?? '',
        value: button.value,
      },
    };
  };
  const send = async (event: PressEvent) => {
    const sent = await interactions.action(event);
    if (!sent.ok) throw new Error(`the click was not acknowledged: ${sent.error}`);
    await settle();
  };

  return {
    name: 'Slack',
    capabilities: adapter.capabilities,
    prisma,
    archiveFilesDir,
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    async startApproval(personId, title) {
      const userId = userOf(personId);
      const sent = await interactions.command({
        userId,
        channel: double.dmChannelOf(userId),
        command: '/doc',
        text: `approve ${title}`,
      });
      if (!sent.ok) throw new Error(`the command was not acknowledged: ${sent.error}`);
      await settle();
    },
    async press(personId, card, action) {
      const event = pressEvent(personId, card, action);
      await send(event);
      return event;
    },
    redeliver: (event) => send(event as PressEvent),
    async openForm(personId, card, action) {
      await send(pressEvent(personId, card, action));
      const modal = double.modalStackOf(userOf(personId)).at(-1);
      if (!modal) throw new Error(`no form opened for ${personId}`);
      return { handle: modal.id };
    },
    async submitForm(personId, form, text): Promise<FormAnswer> {
      const view = double.view(form.handle as string);
      if (!view) throw new Error('the form is gone');
      const values: Record<string, Record<string, unknown>> = {};
      for (const block of (view.view.blocks ?? []) as Block[]) {
        if (block.type === 'input' && block.block_id && block.element?.type === 'plain_text_input') {
          values[block.block_id] = { [block.element.action_id]: { type: 'plain_text_input', value: text } };
        }
      }
      const answer = await interactions.submit({ userId: userOf(personId), viewId: view.id, values });
      await settle();
      if (answer.ok) return { ok: true };
      return { ok: false, errors: Object.values(answer.errors ?? {}) };
    },
    deliver: () => deliverAll(() => dispatcher.runOnce()),
    async cards(personId) {
      return dmOf(personId)
        .filter((m) => !m.ephemeral && buttonsOf(m.blocks).some((b) => ACTION_OF_BUTTON.has(b.action_id)))
        .map((m) => ({
          content: `${m.text}\n${JSON.stringify(m.blocks)}`,
          actions: buttonsOf(m.blocks).flatMap((b) => ACTION_OF_BUTTON.get(b.action_id) ?? []),
          handle: { channel: m.channel, ts: m.ts, blocks: structuredClone(m.blocks) },
        }));
    },
    texts: async (personId) => dmOf(personId).map((m) => m.text),
    files: async (personId) => dmOf(personId).flatMap((m) => m.files.map((f) => f.name)),
    setDown(value) {
      down = value;
    },
    rateLimitFor(ms) {
      limitedUntil = clock.now().getTime() + ms;
      return ms;
    },
    async stop() {
      await adapter.runtime.stop(2000);
      await new Promise((resolve) => gateway.close(resolve));
      standIn.endStreams();
      await standIn.close(1000);
      await t.cleanup();
      await rm(archiveFilesDir, { recursive: true, force: true });
    },
  };
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
