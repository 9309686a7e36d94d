// The engine benchmark's WeCom path (bench/wecom-path.ts), run for a handful of commands so that it
// cannot stop working unnoticed between benchmark runs: every typed command's callback is answered
// 200, starts one approval and is answered once at the stand-in, and its three times are measured.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLatency } from '../../bench/engine.ts';
import { startWeComPath, type WeComCommand, type WeComPath } from '../../bench/wecom-path.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { EXAMPLE, loadExampleOrg } from '../support/workflow.ts';

describe.each(databaseKinds)("the engine benchmark's WeCom path on %s", (kind) => {
  let t: TestDatabase;
  let path: WeComPath;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    path = await startWeComPath({ test: t, people: [EXAMPLE.drafter] });
  });

  afterAll(async () => {
    await path?.stop();
    await t?.cleanup();
  });

  it('answers every typed command’s callback, starts its approval once and answers it at the stand-in', async () => {
    const titles = Array.from({ length: 5 }, (_, i) => `bench-wecom-test-${i}`);
    // An open loop with no gap between the commands: all five in flight at once.
    const run = await runLatency(
      path.commandFn,
      titles.map((title) => ({ requester: EXAMPLE.drafter, title })),
      0,
    );
    expect(run.outcomes).toEqual({ started: 5 });
    const answers: WeComCommand[] = run.answers;
    for (const answer of answers) {
      expect(answer.ackMs).toBeGreaterThan(0);
      expect(answer.commitMs).toBeGreaterThan(0);
      expect(answer.answerMs).toBeGreaterThan(0);
    }
    // One callback and one answer per command: nothing posted or answered twice.
    expect(path.counts()).toEqual({ callbacks: 5, answers: 5 });
    const instances = await t.db.prisma.workflowInstance.findMany({ where: { title: { in: titles } } });
    expect(instances.map((instance) => instance.title).sort()).toEqual(titles);
    expect(new Set(instances.map((instance) => instance.requesterId))).toEqual(new Set([EXAMPLE.drafter]));
  });

  it('refuses a command from someone with no WeCom userid, posting nothing', async () => {
    const before = path.counts();
    await expect(path.commandFn({ requester: 'nobody', title: 'bench-wecom-nobody' })).rejects.toThrow(
      'no WeCom userid for nobody',
    );
    expect(path.counts()).toEqual(before);
  });
});
