import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandContext, commandOfText, runCommand } from '../../src/chat/core/commands.ts';
import { plainOf, type ReplyBlock } from '../../src/chat/core/reply.ts';
import { unitCalendar } from '../../src/domain/chasing/holidays.ts';
import { defaultChasingSettings } from '../../src/domain/chasing/settings.ts';
import { GENERIC_APPROVAL } from '../../src/domain/workflow/index.ts';
import { myWorkCommands } from '../../src/features/workflow/my-work-commands.ts';
import { createWorkflowService } from '../../src/features/workflow/workflow-service.ts';
import { loadDirectorySnapshot } from '../../src/org/directory-snapshot.ts';
import { createTestDatabase, databaseKinds, silentLogger, type TestDatabase } from '../support/databases.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { EXAMPLE, loadExampleOrg } from '../support/workflow.ts';

// 我的待办 as a command (for platforms without a home tab): typed as 待办, it answers the person's
// work, the same reply the App Home shows; someone linked to nobody is told so.

describe.each(databaseKinds)('the todo command on %s', (kind) => {
  let t: TestDatabase;
  let instanceId = '';
  const clock = new FakeClock(new Date('2026-12-01T01:00:00Z'));
  const definitions = new Map([[GENERIC_APPROVAL.id, GENERIC_APPROVAL]]);

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    const service = createWorkflowService({
      prisma: t.db.prisma,
      clock,
      calendar: unitCalendar('Asia/Shanghai', defaultChasingSettings().calendar),
      logger: silentLogger,
      definitions,
      loadDirectory: loadDirectorySnapshot,
    });
    const started = await service.start({
      definitionId: GENERIC_APPROVAL.id,
      requesterPersonId: EXAMPLE.drafter,
      workspaceId: 'T1',
      title: '关于购置 <防汛> 物资的请示',
      secrecy: 'internal',
      urgency: 'normal',
    });
    instanceId = started.id;
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const handlers = () =>
    myWorkCommands({ prisma: t.db.prisma, clock, definitions, timeZone: 'Asia/Shanghai' });
  const context = (personId: string | null, locale: 'zh' | 'en' = 'zh'): CommandContext => ({
    workspaceId: 'T1',
    actor: personId === null ? null : { personId, locale },
    locale,
    dedupeKey: 'k',
    log: silentLogger,
  });
  const ask = async (text: string, ctx: CommandContext) => {
    const route = commandOfText(handlers(), text);
    if (!route) throw new Error(`no command in ${text}`);
    return runCommand(route.handler, route.rest, ctx);
  };
  const blocksOf = (answer: Awaited<ReturnType<typeof ask>>): readonly ReplyBlock[] =>
    answer.kind === 'reply' ? answer.reply.blocks : [];

  it('is text-only: no platform declares a slash command for it', () => {
    expect(handlers()[0]).toMatchObject({ command: 'todo', textOnly: true });
  });

  it('lists what waits on the reviewer, with 打开 on the item', async () => {
    const answer = await ask('待办', context(EXAMPLE.deptHead));
    expect(answer.kind).toBe('reply');
    if (answer.kind !== 'reply') return;
    expect(plainOf(answer.reply.text)).toBe('待我办理（1 件）\n我发起的\n近期办结');
    const row = blocksOf(answer).find((b) => b.key === `home:waiting:row:${instanceId}`);
    expect(row).toMatchObject({
      kind: 'section',
      button: { action: 'doc_list_open', value: instanceId, label: '打开' },
    });
    expect(row?.kind === 'section' && plainOf(row.text ?? [])).toContain('关于购置 <防汛> 物资的请示');
  });

  it('lists what the requester started, whom it waits on, in English when asked so', async () => {
    const answer = await ask('/todo', context(EXAMPLE.drafter, 'en'));
    expect(answer.kind === 'reply' && plainOf(answer.reply.text)).toBe(
      'Waiting on me\nMy requests (1)\nRecently finished',
    );
    const row = blocksOf(answer).find((b) => b.key === `home:mine:row:${instanceId}`);
    expect(row?.kind === 'section' && plainOf(row.text ?? [])).toContain('Waiting on Liu Yang');
  });

  it('answers 我的待办 the same, and someone linked to nobody with not_linked', async () => {
    expect(blocksOf(await ask('我的待办', context(EXAMPLE.deptHead)))).toEqual(
      blocksOf(await ask('待办', context(EXAMPLE.deptHead))),
    );
    expect(await ask('待办', context(null))).toEqual({ kind: 'not_linked' });
  });
});
