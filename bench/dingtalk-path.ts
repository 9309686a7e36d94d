// The DingTalk path of a click, for the engine benchmark: the real DingTalk adapter and its Stream
// client, built as the bot builds them, connected to the local DingTalk stand-in, with the
// workflow module on the bench's database. A click is a card-callback frame pushed by the
// stand-in's Stream hub: the submit of the opinion panel on the approver's copy of the card (the
// generic approval's steps ask for an opinion, so the approve button opens that panel and its
// submit is what commits, as the Slack path sends the form's submission). Each frame is timed from
// just before the hub sends it to its ACK arriving at the hub, and to the moment the adapter's
// `service.click()` resolves (committed). The cards the clicks are on are made at the stand-in
// beforehand (`prepare`, untimed); the outbox dispatcher is not started, so its rows accumulate.

import { randomUUID } from 'node:crypto';
import { encodeCardValue } from '../src/chat/dingtalk/card/card-value.ts';
import { CARD_VARS, PANEL_ACTION_IDS } from '../src/chat/dingtalk/card/template.ts';
import { dingtalkAdapterOf } from '../src/chat/dingtalk/dingtalk-platform.ts';
import { cardClickData } from '../src/chat/dingtalk/stand-in/callbacks.ts';
import { startDingTalkStandIn } from '../src/chat/dingtalk/stand-in/stand-in.ts';
import { TOPIC_CARD_CALLBACK } from '../src/chat/dingtalk/stream-frames.ts';
import { ACTION_FORM_FIELDS } from '../src/features/workflow/action-form.ts';
import type { ClickInput } from '../src/features/workflow/workflow-service.ts';
import { INSTALLATION_TENANT } from '../src/org/chat-accounts.ts';
import type { TestDatabase } from '../test/support/databases.ts';
import {
  benchWorkflowModule,
  LISTENER_TIMEOUT_MS,
  linkPeople,
  listenerWaiters,
  watchClicks,
} from './path-support.ts';

/** A click on the DingTalk path: its outcome, and its frame's times from the hub's send. */
export interface DingTalkClick {
  kind: string;
  /** Milliseconds from the hub sending the frame to the frame's ACK arriving at the hub. */
  ackMs: number;
  /** Milliseconds from the hub sending the frame to the adapter's `service.click()` resolving. */
  commitMs: number;
}

export interface DingTalkPath {
  /**
   * Pushes the panel submit approving `input` (with its comment) as `input.actorPersonId`, and
   * resolves once both its ACK reached the hub and the adapter's click on that instance and
   * version resolved. The card must have been made by {@link prepare}.
   */
  clickFn(input: ClickInput): Promise<DingTalkClick>;
  /** Makes each person's copy of the card of each of `instanceIds` at the stand-in. */
  prepare(instanceIds: readonly string[]): Promise<void>;
  /** Card-callback frames the hub pushed (redeliveries included), and ACKs it received. */
  frames(): { pushed: number; acked: number };
  /** The made-up DingTalk userId of each person of `people`. */
  dingtalkIdOf: ReadonlyMap<string, string>;
  stop(): Promise<void>;
}

/** The outTrackId of `userId`'s copy of the card of `instanceId`. */
function outTrackIdOf(instanceId: string, userId: string): string {
  return `bench-${instanceId}-${userId}`;
}

/**
 * Starts the stand-in and the DingTalk adapter (Stream client connected) on `test`'s database and
 * links `people` to made-up DingTalk userIds. Clicks are sent with corp id `workspaceId`, the
 * workspace of the instances they are on.
 */
export async function startDingTalkPath(options: {
  test: TestDatabase;
  workspaceId: string;
  people: readonly string[];
}): Promise<DingTalkPath> {
  const { test, workspaceId } = options;
  const dingtalkIdOf = await linkPeople(
    test,
    { platform: 'dingtalk', tenant: INSTALLATION_TENANT, idOf: (n) => `dt-bench-${n}` },
    options.people,
  );

  const standIn = await startDingTalkStandIn();
  const module = benchWorkflowModule(test);
  const clicks = watchClicks(module.service);
  const adapter = dingtalkAdapterOf(
    {
      mode: 'stream',
      clientId: standIn.clientId,
      clientSecret: standIn.clientSecret,
      robotCode: 'bench-robot',
      cardTemplateId: 'bot-card.schema',
      apiUrl: standIn.url,
      oapiUrl: standIn.url,
      gatewayUrl: standIn.url,
    },
    test.url ? { kind: 'postgres', url: test.url } : { kind: 'pglite' },
    { ...module.platformDeps, webForms: null, http: null },
  );

  // Every ACK the hub takes, as it takes it, to the frame waiting for it (by messageId). The check
  // runs on every Stream event of the hub and holds only once the path stops.
  const acks = listenerWaiters<number>('no ACK reached the stand-in');
  let acksRead = 0;
  let stopped = false;
  void standIn.waitFor(() => {
    const at = performance.now();
    for (; acksRead < standIn.acks.length; acksRead++) {
      acks.observe((standIn.acks[acksRead] as { messageId: string }).messageId, Promise.resolve(at));
    }
    return stopped;
  });
  const messageIds = new Set<string>();

  let timer: NodeJS.Timeout | undefined;
  try {
    await adapter.runtime.start();
    await Promise.race([
      standIn.waitFor(() => standIn.openConnections > 0),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('the DingTalk Stream client did not connect to the stand-in')),
          LISTENER_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    await adapter.runtime.stop(1000);
    await standIn.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }

  const userOf = (personId: string): string => {
    const userId = dingtalkIdOf.get(personId);
    if (!userId) throw new Error(`no DingTalk userId for ${personId}`);
    return userId;
  };

  const clickFn = async (input: ClickInput): Promise<DingTalkClick> => {
    if (input.action.type !== 'approve') throw new Error('only approve is sent');
    const userId = userOf(input.actorPersonId);
    const data = cardClickData({
      outTrackId: outTrackIdOf(input.instanceId, userId),
      userId,
      corpId: workspaceId,
      actionIds: [PANEL_ACTION_IDS.submit],
      params: {
        action: 'approve',
        value: encodeCardValue({
          instanceId: input.instanceId,
          version: input.expectedVersion,
          opensForm: true,
          requireComment: true,
          confirm: false,
        }),
        form: { [ACTION_FORM_FIELDS.comment]: input.action.comment ?? '同意' },
      },
    });
    const messageId = randomUUID();
    let sentAt = 0;
    // The ACK's waiter sends nothing: the frame goes out once, with the click's waiter.
    const acked = acks.send(messageId, async () => {});
    const committed = clicks.send(input, async () => {
      messageIds.add(messageId);
      sentAt = performance.now();
      standIn.sendCallback(TOPIC_CARD_CALLBACK, data, { messageId });
    });
    // Both are waited for even when one fails, so that no rejection is left unhandled.
    const [ack, commit] = await Promise.allSettled([
      acked,
      committed.then((outcome) => ({ outcome, at: performance.now() })),
    ]);
    if (ack.status === 'rejected') throw ack.reason;
    if (commit.status === 'rejected') throw commit.reason;
    return { kind: commit.value.outcome.kind, ackMs: ack.value - sentAt, commitMs: commit.value.at - sentAt };
  };

  return {
    clickFn,
    async prepare(instanceIds) {
      for (const instanceId of instanceIds) {
        await Promise.all(
          [...dingtalkIdOf.values()].map((userId) =>
            adapter.api.createAndDeliverCard({
              cardTemplateId: 'bot-card.schema',
              outTrackId: outTrackIdOf(instanceId, userId),
              cardParamMap: { [CARD_VARS.title]: instanceId },
              target: { kind: 'user', userId },
            }),
          ),
        );
      }
    },
    frames: () => ({
      pushed: [...messageIds].reduce((sum, id) => sum + standIn.deliveries(id), 0),
      acked: standIn.acks.filter((ack) => messageIds.has(ack.messageId)).length,
    }),
    dingtalkIdOf,
    async stop() {
      stopped = true;
      await adapter.runtime.stop(2000);
      await standIn.close();
    },
  };
}
