// The WeCom path of a typed command, for the engine benchmark: the real WeCom adapter (its
// callback route, decryption, dedupe and answer) built as the bot builds it, its route served on a
// port of 127.0.0.1, the workflow module on the bench's database, and the local WeCom stand-in. A
// request is what WeCom posts when a person types `审批 <title>` to the app: a text callback,
// encrypted and signed by the stand-in with @wecom/crypto, posted to `/wecom/callback`. Each is
// timed from just before the stand-in seals and posts it to three moments: the route's answer
// arriving back (the acknowledgement WeCom waits five seconds for), the handler's
// `service.start()` committed (the approval exists), and the answer naming the title arriving at
// the stand-in's `message/send` (what the person sees). The outbox dispatcher is not started: the
// cards the starts make wait in the outbox.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WECOM_CALLBACK_PATH } from '../src/chat/wecom/callback-route.ts';
import { startWeComStandIn } from '../src/chat/wecom/stand-in/stand-in.ts';
import { WECOM_PLATFORM } from '../src/chat/wecom/wecom-delivery.ts';
import { wecomAdapterOf } from '../src/chat/wecom/wecom-platform.ts';
import { INSTALLATION_TENANT } from '../src/org/chat-accounts.ts';
import type { TestDatabase } from '../test/support/databases.ts';
import { benchWorkflowModule, linkPeople, listenerWaiters, watchStarts } from './path-support.ts';

/** WeCom's limit: a callback not answered within five seconds is posted again. */
export const WECOM_ACK_LIMIT_MS = 5000;

/** One typed command on the WeCom path and its times, in ms from the stand-in posting it. */
export interface WeComCommand {
  /** `started` once the approval committed and its answer reached the stand-in. */
  kind: string;
  /** To the callback's HTTP answer (200, empty) arriving back at the stand-in. */
  ackMs: number;
  /** To the handler's `service.start()` resolving (committed). */
  commitMs: number;
  /** To the answer naming the title arriving at the stand-in. */
  answerMs: number;
}

export interface WeComPath {
  /**
   * `requester` types `审批 <title>` to the app; resolves once the callback was answered 200, the
   * approval committed and its answer reached the stand-in. Titles must be unique among the
   * commands in flight.
   */
  commandFn(input: { requester: string; title: string }): Promise<WeComCommand>;
  /** Callbacks posted, and answers (messages) the stand-in received. */
  counts(): { callbacks: number; answers: number };
  /** The made-up WeCom userid of each person of `people`. */
  wecomIdOf: ReadonlyMap<string, string>;
  stop(): Promise<void>;
}

/** Starts the stand-in and the WeCom adapter on `test`'s database; links `people` to made-up userids. */
export async function startWeComPath(options: {
  test: TestDatabase;
  people: readonly string[];
}): Promise<WeComPath> {
  const { test } = options;
  const wecomIdOf = await linkPeople(
    test,
    { platform: WECOM_PLATFORM, tenant: INSTALLATION_TENANT, idOf: (n) => `wc-bench-${n}` },
    options.people,
  );
  const standIn = await startWeComStandIn();
  const module = benchWorkflowModule(test);
  const starts = watchStarts(module.service);
  const adapter = wecomAdapterOf(
    {
      mode: 'callback',
      corpId: standIn.keys.corpId,
      agentId: Number(standIn.env.WECOM_AGENT_ID),
      secret: String(standIn.env.WECOM_SECRET),
      token: standIn.keys.token,
      aesKey: standIn.keys.aesKey,
      apiUrl: standIn.url,
    },
    { ...module.platformDeps, webForms: null, http: null },
  );

  // The answers, as they arrive: each is handed to the command whose title it names.
  const answers = listenerWaiters<number>('no answer reached the stand-in');
  const titles = new Set<string>();
  let read = 0;
  const offChange = standIn.onChange(() => {
    const at = performance.now();
    for (; read < standIn.messages.length; read++) {
      const text = JSON.stringify(standIn.messages[read]?.content ?? {});
      for (const title of titles) {
        if (text.includes(title)) answers.observe(title, Promise.resolve(at));
      }
    }
  });

  const server: Server = createServer((req, res) => {
    if (!adapter.pages.handle(req, res)) {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const callbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WECOM_CALLBACK_PATH}`;
  await adapter.runtime.start();
  let callbacks = 0;

  const commandFn = async (input: { requester: string; title: string }): Promise<WeComCommand> => {
    const from = wecomIdOf.get(input.requester);
    if (!from) throw new Error(`no WeCom userid for ${input.requester}`);
    titles.add(input.title);
    let sentAt = 0;
    const posting: { acked?: Promise<number> } = {};
    // The callback goes once, with the start's waiter; the answer's waiter sends nothing.
    const answered = answers.send(input.title, async () => {});
    const committed = starts.send(input.title, () => {
      callbacks += 1;
      sentAt = performance.now();
      const acked = standIn.postText(callbackUrl, { from, content: `审批 ${input.title}` }).then((posted) => {
        if (posted.status !== 200) throw new Error(`callback answered HTTP ${posted.status}: ${posted.body}`);
        return performance.now();
      });
      posting.acked = acked;
      return acked.then(() => {});
    });
    try {
      // All three are waited for even when one fails, so that no rejection is left unhandled.
      const [ack, commit, answer] = await Promise.allSettled([
        posting.acked ?? Promise.reject(new Error('the callback was not posted')),
        committed.then(() => performance.now()),
        answered,
      ]);
      if (ack.status === 'rejected') throw ack.reason;
      if (commit.status === 'rejected') throw commit.reason;
      if (answer.status === 'rejected') throw answer.reason;
      return {
        kind: 'started',
        ackMs: ack.value - sentAt,
        commitMs: commit.value - sentAt,
        answerMs: answer.value - sentAt,
      };
    } finally {
      titles.delete(input.title);
    }
  };

  return {
    commandFn,
    counts: () => ({ callbacks, answers: standIn.messages.length }),
    wecomIdOf,
    async stop() {
      offChange();
      await adapter.runtime.stop(2000);
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await standIn.close();
    },
  };
}
