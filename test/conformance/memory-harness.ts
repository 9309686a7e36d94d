// The in-memory adapter on a bot of the example organisation (PGlite): the engine and its features,
// the outbox dispatcher delivering through the adapter with the core's fallbacks, and the web
// forms served by the adapter's runtime.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createWorkflowModule, workflowSettingsOf } from '../../src/bot.ts';
import { deliveriesOf } from '../../src/chat/core/adapter.ts';
import type { CardActionType } from '../../src/chat/core/card.ts';
import { plainOf } from '../../src/chat/core/reply.ts';
import { cardsOf, createMemoryAdapter, type MemoryAdapter } from '../../src/chat/memory/memory-adapter.ts';
import { createFormLinkStore } from '../../src/chat/web/form-link-store.ts';
import { createWebForms } from '../../src/chat/web/web-forms.ts';
import { ACTION_FORM_FIELDS } from '../../src/features/workflow/action-form.ts';
import { loadOrgFile } from '../../src/org/org-file.ts';
import { createOutboxDispatcher, type DispatchRoundResult } from '../../src/outbox/dispatcher.ts';
import { routeByPlatform } from '../../src/outbox/platforms.ts';
import {
  createTestDatabase,
  silentLogger,
  type TestDatabase,
  type TestDatabaseKind,
} from '../support/databases.ts';
import { loadExampleOrg, manualClock } from '../support/workflow.ts';
import type { AdapterHarness, FormAnswer, SeenCard, SeenForm } from './harness.ts';
import { CONFORMANCE_PEOPLE } from './suite.ts';

/** The in-memory harness, with the adapter itself for the fallbacks' own tests. */
export interface MemoryHarness extends AdapterHarness {
  adapter: MemoryAdapter;
  t: TestDatabase;
}

/** Runs outbox rounds until nothing is due (at most `limit`), summing what they did. */
export async function deliverAll(
  runOnce: () => Promise<DispatchRoundResult>,
  limit = 20,
): Promise<DispatchRoundResult> {
  const total: DispatchRoundResult = { claimed: 0, delivered: 0, retried: 0, failed: 0, deferred: 0 };
  for (let round = 0; round < limit; round++) {
    const result = await runOnce();
    for (const key of Object.keys(total) as Array<keyof DispatchRoundResult>) total[key] += result[key];
    if (result.claimed === 0) break;
  }
  return total;
}

/** The links to the bot's web forms in a text. */
const LINK = /https?:\/\/\S+\/forms\/\S+/u;

export async function createMemoryHarness(
  options: { updateWindowMs?: number; kind?: TestDatabaseKind } = {},
): Promise<MemoryHarness> {
  const t = await createTestDatabase(options.kind ?? 'pglite');
  await loadExampleOrg(t);
  // The suite reads the answers in Chinese.
  await t.db.prisma.person.updateMany({
    where: { id: { in: [...CONFORMANCE_PEOPLE] } },
    data: { locale: 'zh' },
  });
  const { org } = await loadOrgFile('org.example.yaml');
  const clock = manualClock('2026-11-23T01:30:00Z');
  const archiveFilesDir = await mkdtemp(path.join(os.tmpdir(), 'conformance-memory-'));
  const prisma = t.db.prisma;
  // The engine without a platform of its own: its rows go to the dispatcher built below.
  const module = createWorkflowModule({
    db: t.db,
    logger: silentLogger,
    clock,
    archiveFilesDir,
    ...workflowSettingsOf(org),
  });
  const webForms = createWebForms({
    secret: randomBytes(32),
    store: createFormLinkStore(prisma),
    forms: module.webForms,
    clock,
    logger: silentLogger,
    publicUrl: 'http://memory.test',
    localeOf: async (personId) =>
      (await prisma.person.findUnique({ where: { id: personId } }))?.locale === 'en' ? 'en' : 'zh',
  });
  const adapter = createMemoryAdapter({
    prisma,
    clock,
    logger: silentLogger,
    workflow: module.workflowChat,
    timeZone: org.unit.timeZone,
    definitions: module.features.definitions,
    archiveFilesDir,
    webForms,
    commands: { commands: module.chat.commands, buttons: module.chat.buttons },
    ...(options.updateWindowMs === undefined ? {} : { updateWindowMs: options.updateWindowMs }),
  });
  const dispatcher = createOutboxDispatcher({
    prisma,
    delivery: routeByPlatform({
      platforms: deliveriesOf([adapter], { prisma, clock, logger: silentLogger }),
      platformOf: async () => undefined,
    }),
    clock,
    logger: silentLogger,
    backoff: () => 1000,
    supersede: false,
  });
  const { port } = await adapter.runtime.start();
  let events = 0;

  const seen = (personId: string): SeenCard[] =>
    cardsOf(adapter.memory, personId).map((message) => ({
      content: JSON.stringify(message.card),
      actions: message.card.actions.map((a) => a.type),
      handle: message.id,
    }));
  const press = async (personId: string, card: SeenCard, action: CardActionType) => {
    await adapter.click(personId, card.handle as string, action);
    return { personId, messageId: card.handle as string, action };
  };

  return {
    name: `in-memory (${options.kind ?? 'pglite'})`,
    adapter,
    t,
    capabilities: adapter.capabilities,
    prisma,
    archiveFilesDir,
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    startApproval: (personId, title) => adapter.command(personId, `审批 ${title}`, `E${++events}`),
    press,
    async redeliver(event) {
      const { personId, messageId, action } = event as {
        personId: string;
        messageId: string;
        action: CardActionType;
      };
      await adapter.click(personId, messageId, action);
    },
    async openForm(personId, card, action): Promise<SeenForm> {
      await press(personId, card, action);
      await deliverAll(() => dispatcher.runOnce());
      const texts = adapter.memory.messagesOf(personId).flatMap((m) => (m.kind === 'text' ? [m.text] : []));
      const link = texts
        .map((text) => LINK.exec(text)?.[0])
        .filter(Boolean)
        .at(-1);
      if (!link) throw new Error(`no web form link reached ${personId}`);
      return { handle: link };
    },
    async submitForm(_personId, form, text): Promise<FormAnswer> {
      const url = new URL(form.handle as string);
      const answer = await fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, {
        method: 'POST',
        body: new URLSearchParams({ [ACTION_FORM_FIELDS.comment]: text }),
      });
      const html = await answer.text();
      if (answer.status === 200) return { ok: true };
      const errors = [...html.matchAll(/<p class="error" id="[^"]*">([^<]*)<\/p>/gu)].map((m) =>
        unescapeHtml(m[1] ?? ''),
      );
      return { ok: false, errors };
    },
    deliver: () => deliverAll(() => dispatcher.runOnce()),
    cards: async (personId) => seen(personId),
    texts: async (personId) =>
      adapter.memory
        .messagesOf(personId)
        .flatMap((m) => (m.kind === 'text' ? [m.text] : m.kind === 'reply' ? [plainOf(m.reply.text)] : [])),
    files: async (personId) =>
      adapter.memory.messagesOf(personId).flatMap((m) => (m.kind === 'file' ? [m.name] : [])),
    setDown: (down) => adapter.memory.setDown(down),
    rateLimitFor(ms) {
      adapter.memory.rateLimitFor(ms);
      return ms;
    },
    async stop() {
      await adapter.runtime.stop(1000);
      await t.cleanup();
      await rm(archiveFilesDir, { recursive: true, force: true });
    },
  };
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}
