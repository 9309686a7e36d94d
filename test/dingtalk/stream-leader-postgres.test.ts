// Two replicas of the bot on one PostgreSQL database, each with the DingTalk adapter: one holds the
// Stream connection (the advisory lock's holder), the other stands by, ready, and takes over when
// the first goes. Runs when TEST_DATABASE_URL is set and that server answers.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DingTalkAdapter } from '../../src/chat/dingtalk/dingtalk-adapter.ts';
import { createDingTalkHarness, type DingTalkHarness } from '../conformance/dingtalk-harness.ts';
import { instanceTitled, REQUESTER } from '../conformance/suite.ts';

const url = process.env.TEST_DATABASE_URL;

async function answers(where: string): Promise<boolean> {
  const probe = new pg.Client({ connectionString: where, connectionTimeoutMillis: 2000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.end();
    return true;
  } catch {
    return false;
  }
}

const reachable = url ? await answers(url) : false;

describe.skipIf(!reachable)('the DingTalk Stream connection across replicas', () => {
  let h: DingTalkHarness;
  let second: DingTalkAdapter | undefined;
  beforeAll(async () => {
    h = await createDingTalkHarness({ kind: 'postgres', leader: { kind: 'postgres', url: url ?? '' } });
  }, 90_000);
  afterAll(async () => {
    await second?.runtime.stop(1000);
    await h?.stop();
  });

  it('is held by one replica while the other stands by ready, and taken over when the holder stops', async () => {
    second = await h.replica();
    // Give the standby a few tries at the lock: it must not open a second connection.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(h.adapter.runtime.connectionState()).toBe('connected');
    expect(second.runtime.connectionState()).toBe('standby');
    expect(h.standIn.openConnections).toBe(1);

    await h.adapter.runtime.stop(1000);
    const standby = second;
    await vi.waitFor(() => expect(standby.runtime.connectionState()).toBe('connected'), {
      timeout: 5_000,
      interval: 50,
    });
    expect(h.standIn.openConnections).toBe(1);
    const title = '接管后的命令';
    await h.say(REQUESTER, `审批 ${title}`);
    expect((await instanceTitled(h, title)).status).toBe('running');
  });
});
