// Delivers the outbox intents to WeCom: messages to one person go as text messages in their chat
// with the app, card copies as template cards (card/card-sync.ts). What WeCom cannot take yet
// (lists, files, reports) is
// refused as waiting: the row stays in the outbox, retried with backoff, until a delivery for its
// kind exists, rather than being marked failed or sent half-drawn.

import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import {
  type ChatDelivery,
  DeliveryError,
  type DeliveryResult,
  type JsonValue,
} from '../../outbox/delivery.ts';
import {
  OUTBOX_KINDS,
  personMessagePayloadSchema,
  personNotifyPayloadSchema,
  personReplyPayloadSchema,
} from '../../outbox/intents.ts';
import type { ClaimedOutboxMessage } from '../../outbox/outbox-message.ts';
import { assembleNotice, type CardAssemblyDeps, noticeText } from '../core/card-assembly.ts';
import { personMessageText, reachPerson } from '../core/person-message.ts';
import { WECOM_SCOPES, type WeComApi } from './api.ts';
import { createCardSync } from './card/card-sync.ts';
import { sendText } from './sender.ts';

/** WeCom's name, as its chat accounts and card copies record it. */
export const WECOM_PLATFORM = 'wecom';

/** The failure code of a row whose kind WeCom does not deliver yet (it waits in the outbox). */
export const NOT_DELIVERED_YET = 'wecom_kind_not_delivered_yet';

/** What the WeCom delivery reads and calls. */
export interface WeComDeliveryDeps {
  api: WeComApi;
  prisma: PrismaClient;
  /** How notices are drawn (the features' wordings and notices). */
  assembly: CardAssemblyDeps;
}

interface KindHandler {
  deliver(payload: unknown, message: ClaimedOutboxMessage): Promise<JsonValue>;
}

/** The WeCom delivery, with the kinds it takes. */
export function createWeComDelivery(deps: WeComDeliveryDeps): ChatDelivery & { kinds(): string[] } {
  const { api, prisma } = deps;

  /** The person's WeCom userid and language; null when unknown. */
  const reach = (personId: string) => reachPerson(prisma, WECOM_PLATFORM, personId);

  const handlers: Record<string, KindHandler> = {
    [OUTBOX_KINDS.cardSync]: { deliver: createCardSync(deps) },
    // The core turns replies into messages before they get here (no ephemeral messages); a row
    // that bypassed it is still shown, as a text of its own.
    [OUTBOX_KINDS.personReply]: {
      async deliver(raw): Promise<JsonValue> {
        const payload = personReplyPayloadSchema.parse(raw);
        const person = await reach(payload.personId);
        if (person === null) return { skipped: 'unknown_person' };
        if (person.userId === null) return { skipped: 'not_linked' };
        await sendText(api, person.userId, payload.text);
        return { userId: person.userId };
      },
    },
    [OUTBOX_KINDS.personNotify]: {
      async deliver(raw): Promise<JsonValue> {
        const payload = personNotifyPayloadSchema.parse(raw);
        const assembled = await assembleNotice(deps.assembly, { ...payload, platform: WECOM_PLATFORM });
        if ('skipped' in assembled) return { skipped: assembled.skipped };
        if (assembled.account === null) return { skipped: 'not_linked' };
        await sendText(api, assembled.account, noticeText(assembled.notice));
        return { userId: assembled.account };
      },
    },
    [OUTBOX_KINDS.personMessage]: {
      async deliver(raw): Promise<JsonValue> {
        const payload = personMessagePayloadSchema.parse(raw);
        const person = await reach(payload.personId);
        if (person === null) return { skipped: 'unknown_person' };
        if (person.userId === null) return { skipped: 'not_linked' };
        await sendText(api, person.userId, await personMessageText(prisma, payload, person.locale));
        return { userId: person.userId };
      },
    },
  };

  return {
    kinds: () => Object.keys(handlers),
    scopesOf: (message) =>
      !Object.hasOwn(handlers, message.kind)
        ? []
        : message.kind === OUTBOX_KINDS.cardSync
          ? [WECOM_SCOPES.token, WECOM_SCOPES.send, WECOM_SCOPES.updateCard]
          : [WECOM_SCOPES.token, WECOM_SCOPES.send],
    async deliver(message): Promise<DeliveryResult> {
      const handler = Object.hasOwn(handlers, message.kind) ? handlers[message.kind] : undefined;
      if (handler === undefined) {
        throw new DeliveryError(
          { kind: 'transient', code: NOT_DELIVERED_YET },
          `WeCom does not deliver outbox kind ${message.kind} yet; the row waits`,
        );
      }
      try {
        return { ok: true, result: await handler.deliver(message.payload, message) };
      } catch (error) {
        if (error instanceof z.ZodError) {
          throw new DeliveryError(
            { kind: 'permanent', code: 'invalid_payload', recognised: true },
            `invalid ${message.kind} payload: ${z.prettifyError(error)}`,
          );
        }
        throw error;
      }
    },
  };
}
