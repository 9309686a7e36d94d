// The engine benchmark's DingTalk path (bench/dingtalk-path.ts), run for a handful of clicks so that
// it cannot stop working unnoticed between benchmark runs: every card-callback frame is ACKed once
// and leads to one applied click, and both of its times are measured.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DingTalkClick, type DingTalkPath, startDingTalkPath } from '../../bench/dingtalk-path.ts';
import { approveClick, createInstancesByService, runLatency } from '../../bench/engine.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { EXAMPLE, loadExampleOrg, testWorkflowService } from '../support/workflow.ts';

const APPROVERS = [EXAMPLE.deptHead, EXAMPLE.officeHead, EXAMPLE.supervisingLeader];

describe.each(databaseKinds)("the engine benchmark's DingTalk path on %s", (kind) => {
  let t: TestDatabase;
  let path: DingTalkPath;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await loadExampleOrg(t);
    path = await startDingTalkPath({
      test: t,
      workspaceId: 'T0BENCH',
      people: [EXAMPLE.drafter, ...APPROVERS],
    });
  });

  afterAll(async () => {
    await path?.stop();
    await t?.cleanup();
  });

  it('ACKs every card-callback frame and applies its click once, timing both from the hub sending it', async () => {
    const service = testWorkflowService(t, systemClock);
    const ids = await createInstancesByService(service, 3);
    await path.prepare(ids);

    // Step by step, the three instances' clicks at once (an open loop with no gap between them).
    const answers: DingTalkClick[] = [];
    for (let step = 0; step < APPROVERS.length; step++) {
      const run = await runLatency(
        path.clickFn,
        ids.map((id) => approveClick(id, step)),
        0,
      );
      expect(run.outcomes).toEqual({ applied: ids.length });
      answers.push(...run.answers);
    }

    expect(answers).toHaveLength(9);
    for (const answer of answers) {
      expect(answer.kind).toBe('applied');
      expect(answer.ackMs).toBeGreaterThan(0);
      expect(answer.commitMs).toBeGreaterThan(0);
    }
    // One push and one ACK per frame: nothing was redelivered.
    expect(path.frames()).toEqual({ pushed: 9, acked: 9 });
    const prisma = t.db.prisma;
    for (const id of ids) {
      const instance = await prisma.workflowInstance.findUniqueOrThrow({ where: { id } });
      expect({ status: instance.status, version: instance.version }).toEqual({
        status: 'approved',
        version: 4,
      });
      const approvals = await prisma.auditEntry.findMany({
        where: { instanceId: id, action: 'approve' },
        orderBy: { seq: 'asc' },
      });
      expect(approvals.map((entry) => entry.actorId)).toEqual(APPROVERS);
      expect(await prisma.processedClick.count({ where: { instanceId: id } })).toBe(3);
    }
  });
});
