// `card.sync` for people reached on WeCom: the card drawn from committed state at delivery (the
// core's card assembly) and sent as a template card; a later sync updates it in place with
// `update_template_card`. WeCom lets a card be updated only with a response_code: one comes with
// the send, and one with every click on the card; each works ONCE and for 72 hours
// (developer.work.weixin.qq.com/document/path/94888). The update answers `{errcode, errmsg,
// invaliduser}` and no new code. So the copy's message_ref keeps the unused code and when it was
// issued: the update spends it (the ref then holds none), a click brings a fresh one (see
// card-clicks.ts). Without a usable code, or when WeCom refuses the one it holds, the delivery
// reports {@link UPDATE_WINDOW_PASSED} and the core's fallback posts a new copy and records it as
// the current one. The copy's `postedAt` is when its current code was issued, so the core's
// 72-hour window counts from the code, not from the first post.

import { z } from 'zod';
import { Prisma, type PrismaClient } from '../../../generated/prisma/client.ts';
import {
  DeliveryError,
  type DeliveryRecord,
  fromDatabase,
  type JsonValue,
} from '../../../outbox/delivery.ts';
import { cardSyncPayloadSchema } from '../../../outbox/intents.ts';
import type { ClaimedOutboxMessage } from '../../../outbox/outbox-message.ts';
import { UPDATE_WINDOW_PASSED } from '../../core/adapter.ts';
import type { Card } from '../../core/card.ts';
import {
  assembleCard,
  type CardAssemblyDeps,
  loadCardDraw,
  postedCopyRecord,
} from '../../core/card-assembly.ts';
import type { WeComApi } from '../api.ts';
import { WeComApiError } from '../api-errors.ts';
import type { MemberPacer } from '../pacing.ts';
import { renderCardTemplate } from './template-card.ts';

/** The platform name its copies record (kept here so the card code needs nothing of the delivery's). */
const WECOM = 'wecom';

/** How long a response_code works after WeCom issued it. */
export const RESPONSE_CODE_TTL_MS = 72 * 60 * 60_000;

/** Where a card copy is on WeCom (its `message_ref`). */
export const wecomCardRefSchema = z.object({
  /** Our task_id of the card: clicks name it (TaskId), so a click finds its copy. */
  taskId: z.string().min(1),
  msgId: z.string(),
  /** The code the next update may spend; null once spent. */
  responseCode: z.string().min(1).nullable(),
  /** When WeCom issued it (ISO); null with no code. */
  codeIssuedAt: z.string().nullable(),
  /** What the copy offers its viewer (the buttons' actions, sorted); absent on older records. */
  actions: z.array(z.string()).optional(),
});

export type WeComCardRef = z.infer<typeof wecomCardRefSchema>;

/** What `card` offers its viewer, as a copy's record keeps it: its buttons' actions, sorted. */
export function offeredActions(card: Card): string[] {
  return [
    ...card.actions.map((action) => action.type),
    ...card.extraActions.map((extra) => extra.key),
  ].sort();
}

/** 撤回: offered again at each step until its handler opens the item. */
const RECALL = 'recall';

/** Whether `ref` holds a code WeCom still takes at `now`. */
export function usableCode(ref: WeComCardRef, now: Date): string | null {
  if (ref.responseCode === null || ref.codeIssuedAt === null) return null;
  const issued = Date.parse(ref.codeIssuedAt);
  if (!Number.isFinite(issued) || now.getTime() - issued >= RESPONSE_CODE_TTL_MS) return null;
  return ref.responseCode;
}

/** What the card sync reads and calls. */
export interface CardSyncDeps {
  api: WeComApi;
  prisma: PrismaClient;
  assembly: CardAssemblyDeps;
  /** Each post or update to a person takes a slot of their per-member caps first. */
  pacer: MemberPacer;
}

/** The task id of the copy a row posts: one per row, so a repost is a new task. */
function taskIdFor(message: ClaimedOutboxMessage, instanceId: string): string {
  return `card-${instanceId.slice(0, 8)}-${message.id}`;
}

/** The report that the copy cannot be updated: the core posts a new one in its place. */
function updateWindowPassed(why: string, cause?: unknown): DeliveryError {
  return new DeliveryError(
    { kind: 'permanent', code: UPDATE_WINDOW_PASSED, recognised: true },
    `WeCom card cannot be updated: ${why}`,
    cause === undefined ? {} : { cause },
  );
}

/** Delivers one `card.sync` row to WeCom. */
export function createCardSync(
  deps: CardSyncDeps,
): (
  raw: unknown,
  message: ClaimedOutboxMessage,
  record: (write: DeliveryRecord) => void,
) => Promise<JsonValue> {
  const { api, prisma, assembly } = deps;
  const { clock } = assembly;

  return async function deliverCardSync(raw, message, record): Promise<JsonValue> {
    const payload = cardSyncPayloadSchema.parse(raw);
    // Group copies would need a group chat of the app's; the organisation file names none.
    if (!('personId' in payload)) return { skipped: 'no_channels' };
    const { instanceId, personId } = payload;
    const draw = await loadCardDraw(prisma, { instanceId, recipient: personId, personId, platform: WECOM });
    const { instance, viewer } = draw;
    if (viewer === null) return { skipped: 'unknown_person' };
    if (viewer.account === null) return { skipped: 'not_linked' };
    const copy = draw.copy?.platform === WECOM ? draw.copy : null;
    const repost = 'repost' in payload && payload.repost === true;
    const refresh = 'refresh' in payload && payload.refresh === true;
    if (copy !== null && copy.version >= instance.version && !refresh && !repost) {
      return { skipped: 'up_to_date', version: instance.version };
    }
    const card = await assembleCard(assembly, draw);
    const userId = viewer.account;

    if (copy !== null && !repost) {
      const ref = wecomCardRefSchema.parse(copy.ref);
      const code = usableCode(ref, clock.now());
      const offered = offeredActions(card);
      // Without a code the change would be a new card in the person's chat. It is worth one only
      // when the person gains something to do (their turn, a resubmit, 催一下, 归档), or when the
      // item ended and they asked for it (the requester sees the outcome on a card). Otherwise
      // (the item moved on between others, it ended, or a button went) their copy stays as it
      // is: a press on a button that no longer applies is refused with the reason and brings a
      // fresh code, with which the redraw updates that copy in place; notices tell the outcome.
      // 撤回 alone is no reason: it comes back at each step until the next handler opens it.
      // A change the viewer follows (a meeting's tally, `watched`) is never left unshown either.
      const outcomeForRequester =
        card.status.finished && instance.requesterId === personId && copy.version < instance.version;
      const watched = 'watched' in payload && payload.watched === true;
      const quiet =
        !watched &&
        ref.actions !== undefined &&
        !outcomeForRequester &&
        offered.every((action) => action === RECALL || ref.actions?.includes(action));
      if (code === null) {
        if (quiet) return { skipped: 'kept_without_code', version: copy.version };
        throw updateWindowPassed('its response_code is spent or older than 72 hours');
      }
      await deps.pacer.take(personId, userId);
      try {
        await api.updateTemplateCard({
          userIds: [userId],
          responseCode: code,
          change: { template_card: renderCardTemplate(card, ref.taskId) },
        });
      } catch (error) {
        // WeCom refusing the code itself (used, expired, unknown) is a platform refusal; a token,
        // a rate limit or WeCom's own failure is retried as usual.
        if (error instanceof WeComApiError && error.reason === 'platform') {
          if (quiet) return { skipped: 'kept_without_code', version: copy.version };
          throw updateWindowPassed(`WeCom refused the response_code (${error.errcode ?? '?'})`, error);
        }
        throw error;
      }
      const spent: WeComCardRef = { ...ref, responseCode: null, codeIssuedAt: null, actions: offered };
      // The code is spent, unless a click recorded a fresh one meanwhile (that one stays); the copy
      // shows this version, unless it already shows a later one. One statement for both: a record
      // may not change a row another record of the same delivery changes.
      const at = clock.now();
      record(Prisma.sql`
        UPDATE card_message
        SET message_ref = CASE WHEN message_ref ->> 'responseCode' = ${code}
                               THEN ${JSON.stringify(spent)}::jsonb ELSE message_ref END,
            version = GREATEST(version, ${instance.version}::int),
            updated_at = CASE WHEN version < ${instance.version}::int THEN ${at}::timestamptz ELSE updated_at END
        WHERE id = ${copy.id}::uuid`);
      return { action: 'updated', taskId: ref.taskId, version: instance.version };
    }

    const taskId = taskIdFor(message, instanceId);
    await deps.pacer.take(personId, userId);
    const sent = await api.send([userId], {
      msgtype: 'template_card',
      template_card: renderCardTemplate(card, taskId),
    });
    const now = clock.now();
    const ref: WeComCardRef = {
      taskId,
      msgId: sent.msgId,
      responseCode: sent.responseCode,
      codeIssuedAt: sent.responseCode === null ? null : now.toISOString(),
      actions: offeredActions(card),
    };
    record(
      postedCopyRecord({
        instanceId,
        recipient: personId,
        platform: WECOM,
        messageRef: ref,
        version: instance.version,
        at: now,
      }),
    );
    return { action: repost ? 'reposted' : 'posted', taskId, msgId: sent.msgId, version: instance.version };
  };
}

/**
 * Records the response_code a click on the card `taskId` brought (the clicker's copy), so the
 * next sync can update that card in place; `postedAt` moves to the code's issue. Returns the
 * copy's instance and recipient, or null when the task is no card copy (a reply's card).
 */
export async function recordClickCode(
  prisma: PrismaClient,
  input: { taskId: string; responseCode: string; at: Date },
): Promise<{ instanceId: string; recipient: string } | null> {
  const copy = await fromDatabase('find the clicked card', () =>
    prisma.cardMessage.findFirst({
      where: { platform: WECOM, messageRef: { path: ['taskId'], equals: input.taskId } },
    }),
  );
  if (copy === null) return null;
  const ref = wecomCardRefSchema.safeParse(copy.messageRef);
  if (!ref.success) return null;
  const fresh: WeComCardRef = {
    ...ref.data,
    responseCode: input.responseCode,
    codeIssuedAt: input.at.toISOString(),
  };
  await fromDatabase('record the click’s response code', () =>
    prisma.cardMessage.updateMany({
      where: { id: copy.id },
      data: { messageRef: fresh, postedAt: input.at },
    }),
  );
  return { instanceId: copy.instanceId, recipient: copy.recipient };
}
