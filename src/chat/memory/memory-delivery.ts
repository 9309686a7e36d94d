// Delivers the outbox intents to the in-memory platform, the way a platform's adapter does: each
// row read through the registry's schema, drawn from committed state at delivery, and the card
// copies recorded with their platform and reference. What it cannot do is not done here: a reply
// reaches it already turned into a DM, and a card too late to update is replaced by the core
// (src/chat/core/adapter.ts), which this delivery only tells when the platform refused.

import { z } from 'zod';
import {
  type ChatDelivery,
  DeliveryError,
  type DeliveryResult,
  fromDatabase,
  type JsonValue,
} from '../../outbox/delivery.ts';
import {
  cardSyncPayloadSchema,
  fileSendPayloadSchema,
  OUTBOX_INTENTS,
  OUTBOX_KINDS,
  personMessagePayloadSchema,
  personNotifyPayloadSchema,
} from '../../outbox/intents.ts';
import type { ClaimedOutboxMessage } from '../../outbox/outbox-message.ts';
import { UPDATE_WINDOW_PASSED } from '../core/adapter.ts';
import {
  assembleCard,
  assembleNotice,
  type CardAssemblyDeps,
  loadCardDraw,
  noticeText,
} from '../core/card-assembly.ts';
import { lentFileComment, lentFileToSend } from '../core/lent-file.ts';
import { personMessageText } from '../core/person-message.ts';
import { type MemoryContent, type MemoryPlatform, MemoryPlatformError } from './memory-platform.ts';

/** The in-memory platform's name, as its card copies record it. */
export const MEMORY_PLATFORM = 'memory';

/** The one rate-limit scope of the in-memory platform: a limit holds back everything it sends. */
export const MEMORY_SCOPE = 'memory.send';

/**
 * What the in-memory delivery reads: what cards are assembled from (the features' card parts
 * too, where given: a flow's key fields), the platform and the archive's files.
 */
export interface MemoryDeliveryDeps extends CardAssemblyDeps {
  platform: MemoryPlatform;
  /** Where electronic archive records' files are (a lent record's `file.send`). */
  archiveFilesDir: string;
}

/** Where a copy is on the in-memory platform (its `message_ref`). */
const memoryRefSchema = z.object({ messageId: z.string().min(1) });

/** The in-memory platform's delivery of every intent it takes. */
export function createMemoryDelivery(deps: MemoryDeliveryDeps): ChatDelivery & { kinds(): string[] } {
  const { platform, prisma, clock } = deps;

  /** Calls the platform; its refusals become classified delivery errors. */
  function call<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof MemoryPlatformError)) throw error;
      switch (error.code) {
        case 'unavailable':
          throw new DeliveryError({ kind: 'transient', code: 'unavailable' }, 'memory platform is down');
        case 'rate_limited':
          throw new DeliveryError({
            kind: 'rate_limited',
            code: 'rate_limited',
            retryAfterMs: error.retryAfterMs ?? 1000,
            scope: MEMORY_SCOPE,
          });
        case 'update_window_passed':
          throw new DeliveryError({ kind: 'permanent', code: UPDATE_WINDOW_PASSED, recognised: true });
        case 'message_not_found':
          throw new DeliveryError({ kind: 'permanent', code: 'message_not_found', recognised: true });
      }
    }
  }

  const post = (personId: string, content: MemoryContent) => call(() => platform.post(personId, content));

  async function personOf(personId: string) {
    return fromDatabase('load a person', () =>
      prisma.person.findUnique({
        where: { id: personId },
        select: { id: true, name: true, nameEn: true, locale: true, roles: true },
      }),
    );
  }

  const handlers: Record<string, (payload: unknown) => Promise<JsonValue>> = {
    [OUTBOX_KINDS.cardSync]: async (raw): Promise<JsonValue> => {
      const payload = cardSyncPayloadSchema.parse(raw);
      // No group conversations here: the definitions' channel copies have nowhere to go.
      if (!('personId' in payload)) return { skipped: 'no_channels' };
      const { instanceId, personId } = payload;
      // The card as every platform gets it, from committed state; people here are their person ids.
      const draw = await loadCardDraw(prisma, { instanceId, recipient: personId, personId, platform: null });
      const { instance, copy } = draw;
      if (draw.viewer === null) return { skipped: 'unknown_person' };
      const repost = 'repost' in payload && payload.repost === true;
      const refresh = 'refresh' in payload && payload.refresh === true;
      if (copy !== null && copy.version >= instance.version && !refresh && !repost) {
        return { skipped: 'up_to_date', version: instance.version };
      }
      const card = await assembleCard(deps, draw);
      if (copy !== null && !repost) {
        const ref = memoryRefSchema.parse(copy.ref);
        call(() => platform.updateCard(ref.messageId, card));
        await fromDatabase('record the card update', () =>
          prisma.cardMessage.updateMany({
            where: { id: copy.id, version: { lt: instance.version } },
            data: { version: instance.version, updatedAt: clock.now() },
          }),
        );
        return { action: 'updated', messageId: ref.messageId, version: instance.version };
      }
      const posted = post(personId, { kind: 'card', card });
      // Recorded in place of any earlier copy: later updates go to this one.
      const fields = {
        platform: MEMORY_PLATFORM,
        messageRef: { messageId: posted.id },
        version: instance.version,
        updatedAt: posted.postedAt,
        postedAt: posted.postedAt,
      };
      await fromDatabase('record the posted card', () =>
        prisma.cardMessage.upsert({
          where: { instanceId_recipient: { instanceId, recipient: personId } },
          create: { instanceId, recipient: personId, ...fields },
          update: fields,
        }),
      );
      return { action: repost ? 'reposted' : 'posted', messageId: posted.id, version: instance.version };
    },

    [OUTBOX_KINDS.personNotify]: async (raw): Promise<JsonValue> => {
      const payload = personNotifyPayloadSchema.parse(raw);
      const assembled = await assembleNotice(deps, { ...payload, platform: null });
      if ('skipped' in assembled) return { skipped: assembled.skipped };
      // Plain text here: nothing to escape.
      const text = noticeText(assembled.notice);
      return { messageId: post(payload.personId, { kind: 'text', text }).id };
    },

    [OUTBOX_KINDS.personMessage]: async (raw): Promise<JsonValue> => {
      const payload = personMessagePayloadSchema.parse(raw);
      const person = await personOf(payload.personId);
      if (person === null) return { skipped: 'unknown_person' };
      const text = await personMessageText(prisma, payload, person.locale === 'en' ? 'en' : 'zh');
      return { messageId: post(payload.personId, { kind: 'text', text }).id };
    },

    [OUTBOX_KINDS.fileSend]: async (raw): Promise<JsonValue> => {
      const payload = fileSendPayloadSchema.parse(raw);
      const prepared = await lentFileToSend(
        { prisma, clock, filesDir: deps.archiveFilesDir },
        payload,
        async (personId) => personId,
      );
      if ('skipped' in prepared) return prepared;
      const sent = post(prepared.recipient, {
        kind: 'file',
        name: prepared.filename,
        bytes: prepared.bytes,
        comment: lentFileComment(prepared),
      });
      return { messageId: sent.id, bytes: prepared.bytes.length };
    },

    // No home view on this platform: a person's lists are asked for by command.
    [OUTBOX_KINDS.homeRefresh]: async () => ({ skipped: 'no_home' }),
  };
  // The features' own intents (reminders, digests, low stock, reports) are kept as they came, to
  // their person or group conversation: this platform draws nothing of its own for them.
  for (const kind of Object.keys(OUTBOX_INTENTS)) {
    if (Object.hasOwn(handlers, kind) || kind === OUTBOX_KINDS.personReply) continue;
    const schema = OUTBOX_INTENTS[kind as keyof typeof OUTBOX_INTENTS];
    handlers[kind] = async (raw): Promise<JsonValue> => {
      const payload = schema.parse(raw) as { personId?: string; channel?: string };
      const to = payload.personId ?? `channel:${payload.channel ?? ''}`;
      return { messageId: post(to, { kind: 'intent', intent: kind, payload }).id };
    };
  }

  return {
    kinds: () => Object.keys(handlers),
    scopesOf: () => [MEMORY_SCOPE],
    async deliver(message: ClaimedOutboxMessage): Promise<DeliveryResult> {
      const handler = Object.hasOwn(handlers, message.kind) ? handlers[message.kind] : undefined;
      if (handler === undefined) {
        // A reply arrives here only if the core's fallback was bypassed: the platform has no ephemeral messages.
        throw new DeliveryError(
          { kind: 'permanent', code: 'unknown_kind', recognised: true },
          `no in-memory delivery for outbox kind ${message.kind}`,
        );
      }
      let result: JsonValue;
      try {
        result = await handler(message.payload);
      } catch (error) {
        if (error instanceof z.ZodError) {
          throw new DeliveryError(
            { kind: 'permanent', code: 'invalid_payload', recognised: true },
            `invalid ${message.kind} payload: ${z.prettifyError(error)}`,
          );
        }
        throw error;
      }
      return { ok: true, result };
    },
  };
}
