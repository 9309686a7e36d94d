import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { type RunningPlayground, startPlayground } from '../../src/playground/start.ts';
import { type Clock, systemClock } from '../../src/shared/clock.ts';
import { createPostgresDatabase, type TestDatabaseKind } from './databases.ts';

// A client of the playground's page API for tests: what the page does, without a browser. Each
// call becomes a signed request to the bot; answers arrive through the Slack double.

export interface PlaygroundMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Array<Record<string, unknown>> | null;
  from: string;
  ephemeral: boolean;
  edited: boolean;
}

export interface PlaygroundView {
  id: string;
  title?: { text: string };
  blocks: Array<Record<string, unknown>>;
  private_metadata?: string;
}

export interface PlaygroundState {
  version: number;
  conversations: Array<{ id: string; kind: string; messages: PlaygroundMessage[] }>;
  home: { blocks: unknown[] } | null;
  modals: PlaygroundView[];
}

export function playgroundClient(port: number) {
  const base = `http://127.0.0.1:${port}`;
  const get = async (pathname: string) => {
    const response = await fetch(`${base}${pathname}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const post = async (pathname: string, body: unknown) => {
    const response = await fetch(`${base}${pathname}`, { method: 'POST', body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const state = async (user: string) =>
    (await get(`/api/state?user=${user}`)).body as unknown as PlaygroundState;
  const dm = (s: PlaygroundState) =>
    s.conversations.find((c) => c.kind === 'dm') as PlaygroundState['conversations'][number];

  /** Polls the user's state until `pick` finds something (the outbox delivers within a second or two). */
  async function waitFor<T>(
    user: string,
    pick: (s: PlaygroundState) => T | undefined | null | false,
    what: string,
  ): Promise<T> {
    const deadline = Date.now() + 20_000;
    let last: PlaygroundState | undefined;
    while (Date.now() < deadline) {
      last = await state(user);
      const found = pick(last);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}; state: ${JSON.stringify(last).slice(0, 2000)}`);
  }

  const cardTitled = (title: string) => (s: PlaygroundState) =>
    dm(s).messages.find(
      (m) => m.from === 'bot' && !m.ephemeral && JSON.stringify(m.blocks ?? []).includes(title),
    );
  const buttonOf = (message: PlaygroundMessage, actionId: string) => {
    for (const block of message.blocks ?? []) {
      // An actions block's elements, or a section's accessory button.
      const accessory = block.accessory as Record<string, unknown> | undefined;
      const elements = (block.elements as Array<Record<string, unknown>> | undefined) ?? [];
      for (const element of accessory ? [...elements, accessory] : elements) {
        if (element.action_id === actionId) return { element, blockId: String(block.block_id ?? '') };
      }
    }
    return null;
  };
  const click = (user: string, message: PlaygroundMessage, actionId: string) => {
    const button = buttonOf(message, actionId);
    if (!button) throw new Error(`no ${actionId} button on ${message.text}`);
    return post('/api/action', {
      user,
      source: { type: 'message', channel: message.channel, ts: message.ts },
      action: { type: 'button', action_id: actionId, block_id: button.blockId, value: button.element.value },
    });
  };
  const command = (user: string, command: string, text: string) =>
    post('/api/command', { user, channel: `D${user.slice(1)}`, command, text });
  const submit = (user: string, viewId: string, values: Record<string, unknown>) =>
    post('/api/view-submit', { user, viewId, values });
  /** The card of `title` in `user`'s DM once it carries the button `actionId`. */
  const cardWithButton = (user: string, title: string, actionId: string) =>
    waitFor(
      user,
      (s) => {
        const found = cardTitled(title)(s);
        return found && buttonOf(found, actionId) ? found : null;
      },
      `${actionId} on ${user}'s card`,
    );
  /** The top modal of `user` once it shows. */
  const modal = (user: string, what = 'the form') => waitFor(user, (s) => s.modals.at(-1), what);

  return {
    base,
    get,
    post,
    state,
    dm,
    waitFor,
    cardTitled,
    cardWithButton,
    buttonOf,
    click,
    command,
    submit,
    modal,
  };
}

/** view.state.values entries, as Slack sends them. */
export const text = (value: string) => ({ type: 'plain_text_input', value });
export const option = (value: string) => ({
  type: 'static_select',
  selected_option: { value, text: { type: 'plain_text', text: value } },
});
export const options = (values: string[]) => ({
  type: 'multi_static_select',
  selected_options: values.map((value) => ({ value, text: { type: 'plain_text', text: value } })),
});

/** The bytes of a file the bot uploaded, as the double serves them back. */
export async function downloadFile(url: string): Promise<Buffer> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`download ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** A CSV register as the office opens it: UTF-8 with a byte-order mark, RFC 4180 records. */
export function csvRecords(bytes: Buffer): { bom: boolean; records: string[][] } {
  const bom = bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
  return { bom, records: parseCsv(bytes.subarray(bom ? 3 : 0), { relax_column_count: false }) as string[][] };
}

/** A playground for a test file: the bot on `kind` (a fresh PostgreSQL database, or PGlite). */
export interface TestPlayground {
  playground: RunningPlayground;
  pg: ReturnType<typeof playgroundClient>;
  /** Stops the bot and the double, and removes the database and the data folder. */
  stop(): Promise<void>;
}

/** The playground's bot's workflow service on another clock (it always has one: its Slack is the double). */
export function botServiceAt(running: TestPlayground) {
  const serviceAt = running.playground.bot.workflowServiceAt;
  if (!serviceAt) throw new Error('the playground’s bot has no workflow service');
  return serviceAt;
}

/**
 * Starts the playground as a test needs it: no demo data unless asked, logs silent unless
 * DEBUG_LOG, the machine's clock unless given one.
 */
export async function startTestPlayground(
  kind: TestDatabaseKind,
  options: { demoData?: boolean; clock?: Clock; env?: NodeJS.ProcessEnv } = {},
): Promise<TestPlayground> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'office-bot-playground-'));
  const database = kind === 'postgres' ? await createPostgresDatabase() : null;
  const playground = await startPlayground({
    env: {
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent',
      LOG_FORMAT: 'json',
      ORG_FILE: 'org.example.yaml',
      ...options.env,
    },
    clock: options.clock ?? systemClock,
    demoData: options.demoData ?? false,
    ...(database ? { databaseUrl: database.url } : {}),
  });
  return {
    playground,
    pg: playgroundClient(playground.port),
    async stop() {
      await playground.stop();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
