import { rm } from 'node:fs/promises';
import { deliveriesOf } from '../../src/chat/core/adapter.ts';
import type { CardActionType } from '../../src/chat/core/card.ts';
import { cardAssemblyOf } from '../../src/chat/core/card-assembly.ts';
import { plainOf } from '../../src/chat/core/reply.ts';
import { cardsOf, createMemoryAdapter, type MemoryAdapter } from '../../src/chat/memory/memory-adapter.ts';
import { createOutboxDispatcher, type DispatchRoundResult } from '../../src/outbox/dispatcher.ts';
import { routeByPlatform } from '../../src/outbox/platforms.ts';
import { silentLogger, type TestDatabase, type TestDatabaseKind } from '../support/databases.ts';
import { createConformanceBot, latestFormLink, submitWebForm } from './conformance-bot.ts';
import type { AdapterHarness, SeenCard, SeenForm } from './harness.ts';

/** The in-memory harness, with the adapter itself for the fallbacks' own tests. */
export interface MemoryHarness extends AdapterHarness {
  adapter: MemoryAdapter;
  t: TestDatabase;
  /** The port the adapter's runtime serves the web forms on (a link's path and query go there). */
  formsPort: number;
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

export async function createMemoryHarness(
  options: { updateWindowMs?: number; kind?: TestDatabaseKind } = {},
): Promise<MemoryHarness> {
  const { t, prisma, org, clock, archiveFilesDir, module, webForms } = await createConformanceBot({
    kind: options.kind ?? 'pglite',
    name: 'memory',
  });
  const adapter = createMemoryAdapter({
    logger: silentLogger,
    workflow: module.workflowChat,
    // Cards drawn with the features' parts (a meeting's facts, a seal's fields), as each platform's are.
    ...cardAssemblyOf({ prisma, clock, timeZone: org.unit.timeZone }, module.features),
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
    formsPort: port,
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
      return { handle: latestFormLink(texts, personId) };
    },
    submitForm: (_personId, form, text) => submitWebForm(port, form.handle as string, text),
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
