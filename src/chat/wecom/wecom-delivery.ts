// Delivers the outbox intents to WeCom: messages to one person go as text messages in their chat
// with the app, card copies as template cards (card/card-sync.ts), files as file messages, the
// report to the group chat the organisation file names (message-kinds.ts). Every message to a
// person is paced (pacing.ts): WeCom drops what goes over its per-member caps, so a row that would
// go over waits in the outbox instead. What WeCom cannot take (a kind without a delivery here) is
// refused as waiting: the row stays in the outbox, retried with backoff, rather than being marked
// failed or sent half-drawn.

import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import {
  type ChatDelivery,
  DeliveryError,
  type DeliveryRecord,
  type DeliveryResult,
  type JsonValue,
} from '../../outbox/delivery.ts';
import {
  OUTBOX_KINDS,
  personMessagePayloadSchema,
  personNotifyPayloadSchema,
  personReplyPayloadSchema,
} from '../../outbox/intents.ts';
import { assembleNotice, type CardAssemblyDeps, noticeText } from '../core/card-assembly.ts';
import { personMessageText, reachLinkedPerson } from '../core/person-message.ts';
import { WECOM_SCOPES, type WeComApi } from './api.ts';
import { createCardSync } from './card/card-sync.ts';
import { messageKindHandlers, type WeComKindHandler, type WeComMessageDeps } from './message-kinds.ts';
import { createMemberPacer, type MemberLimits, memberScope, personOf } from './pacing.ts';
import { sendText } from './sender.ts';

/** WeCom's name, as its chat accounts and card copies record it. */
export const WECOM_PLATFORM = 'wecom';

/** The failure code of a row whose kind WeCom does not deliver yet (it waits in the outbox). */
export const NOT_DELIVERED_YET = 'wecom_kind_not_delivered_yet';

/** What the WeCom delivery reads and calls. */
export interface WeComDeliveryDeps extends WeComMessageDeps {
  api: WeComApi;
  prisma: PrismaClient;
  /** How notices are drawn (the features' wordings and notices). */
  assembly: CardAssemblyDeps;
  /** How many messages one member may be sent (default WeCom's: 30 a minute, 1,000 an hour). */
  memberLimits?: MemberLimits;
}

/** The WeCom delivery, with the kinds it takes. */
export function createWeComDelivery(deps: WeComDeliveryDeps): ChatDelivery & { kinds(): string[] } {
  const { api, prisma } = deps;
  const pacer = createMemberPacer({
    prisma,
    clock: deps.assembly.clock,
    ...(deps.memberLimits ? { limits: deps.memberLimits } : {}),
  });
  const dm = [WECOM_SCOPES.token, WECOM_SCOPES.send];

  /** The person's WeCom userid and language, or why the row skips them. */
  const reach = (personId: string) => reachLinkedPerson(prisma, WECOM_PLATFORM, personId);

  const handlers: Record<string, WeComKindHandler> = {
    [OUTBOX_KINDS.cardSync]: {
      scopes: [WECOM_SCOPES.token, WECOM_SCOPES.send, WECOM_SCOPES.updateCard],
      deliver: createCardSync({ ...deps, pacer }),
    },
    // The core turns replies into messages before they get here (no ephemeral messages); a row
    // that bypassed it is still shown, as a text of its own.
    [OUTBOX_KINDS.personReply]: {
      scopes: dm,
      async deliver(raw): Promise<JsonValue> {
        const payload = personReplyPayloadSchema.parse(raw);
        const person = await reach(payload.personId);
        if ('skipped' in person) return person;
        await pacer.take(payload.personId, person.userId);
        await sendText(api, person.userId, payload.text);
        return { userId: person.userId };
      },
    },
    [OUTBOX_KINDS.personNotify]: {
      scopes: dm,
      async deliver(raw): Promise<JsonValue> {
        const payload = personNotifyPayloadSchema.parse(raw);
        const assembled = await assembleNotice(deps.assembly, { ...payload, platform: WECOM_PLATFORM });
        if ('skipped' in assembled) return { skipped: assembled.skipped };
        if (assembled.account === null) return { skipped: 'not_linked' };
        await pacer.take(payload.personId, assembled.account);
        await sendText(api, assembled.account, noticeText(assembled.notice));
        return { userId: assembled.account };
      },
    },
    [OUTBOX_KINDS.personMessage]: {
      scopes: dm,
      async deliver(raw): Promise<JsonValue> {
        const payload = personMessagePayloadSchema.parse(raw);
        const person = await reach(payload.personId);
        if ('skipped' in person) return person;
        const text = await personMessageText(prisma, payload, person.locale);
        await pacer.take(payload.personId, person.userId);
        await sendText(api, person.userId, text);
        return { userId: person.userId };
      },
    },
    ...messageKindHandlers(api, pacer, deps),
  };

  return {
    kinds: () => Object.keys(handlers),
    // A row to a person is held back too while that person's window is full (the pacer's scope).
    scopesOf(message) {
      const handler = Object.hasOwn(handlers, message.kind) ? handlers[message.kind] : undefined;
      if (handler === undefined) return [];
      const personId = personOf(message);
      return personId === null ? handler.scopes : [...handler.scopes, memberScope(personId)];
    },
    async deliver(message): Promise<DeliveryResult> {
      const handler = Object.hasOwn(handlers, message.kind) ? handlers[message.kind] : undefined;
      if (handler === undefined) {
        throw new DeliveryError(
          { kind: 'transient', code: NOT_DELIVERED_YET },
          `WeCom does not deliver outbox kind ${message.kind} yet; the row waits`,
        );
      }
      const records: DeliveryRecord[] = [];
      try {
        const result = await handler.deliver(message.payload, message, (write) => records.push(write));
        return { ok: true, result, ...(records.length === 0 ? {} : { records }) };
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
