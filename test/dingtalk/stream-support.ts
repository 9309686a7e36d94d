import { createDingTalkApi, type DingTalkApi } from '../../src/chat/dingtalk/api.ts';
import { exponentialBackoff, type Sleep } from '../../src/chat/dingtalk/backoff.ts';
import type { DingTalkStandIn } from '../../src/chat/dingtalk/stand-in/stand-in.ts';
import {
  createStreamClient,
  type StreamClientSettings,
  type StreamMessage,
} from '../../src/chat/dingtalk/stream-client.ts';
import { createAccessTokenSource } from '../../src/chat/dingtalk/token.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { captureLogs } from '../support/logs.ts';

/**
 * A Stream client on a stand-in, with a fake clock for its waits: `delays` lists every backoff
 * it asked for, and nothing waits on real time between attempts. Jitter is fixed at the middle
 * (random 0.5), so the delays are 750, 1500, 3000… ms.
 */
export function streamClientOn(standIn: DingTalkStandIn, overrides: Partial<StreamClientSettings> = {}) {
  const clock = new FakeClock();
  const delays: number[] = [];
  const sleep: Sleep = (ms, signal) => {
    delays.push(ms);
    return clock.sleep(ms, signal);
  };
  const logs = captureLogs();
  const received: StreamMessage[] = [];
  const client = createStreamClient({
    gatewayUrl: standIn.url,
    clientId: standIn.clientId,
    clientSecret: standIn.clientSecret,
    logger: logs.logger,
    sleep,
    now: () => clock.now().getTime(),
    keepAliveMs: 0,
    reconnect: exponentialBackoff({ baseMs: 1000, maxMs: 60_000, random: () => 0.5 }),
    handler: async (message) => {
      received.push(message);
    },
    ...overrides,
  });
  return { client, clock, delays, logs, received };
}

/** The bot's OpenAPI client on a stand-in, with the app's own credentials (robot `robot-1`). */
export function apiOn(standIn: DingTalkStandIn): DingTalkApi {
  const tokens = createAccessTokenSource({
    apiUrl: standIn.url,
    appKey: standIn.clientId,
    appSecret: standIn.clientSecret,
  });
  return createDingTalkApi({ apiUrl: standIn.url, oapiUrl: standIn.url, robotCode: 'robot-1', tokens });
}
