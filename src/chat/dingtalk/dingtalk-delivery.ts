// Delivers the outbox intents to DingTalk: each row read through the registry's schema, drawn from
// committed state at delivery, and sent over the OpenAPI. A card copy is an interactive card with
// one outTrackId per copy (recorded as the copy's reference) and is updated in place on every
// later sync; messages go to the person's chat with the robot. Without ephemeral messages a reply
// reaches this delivery already turned into a DM by the core's fallback.

import { z } from 'zod';
import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import { reminderOf } from '../../features/chasing/reminder-reply.ts';
import type { MergedFeatures } from '../../features/feature-module.ts';
import { renderReportChart } from '../../features/reports/chart.ts';
import { reportFileName } from '../../features/reports/csv.ts';
import { describePeriod, reportReply } from '../../features/reports/report-reply.ts';
import { createMyWorkReader } from '../../features/workflow/my-work.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import {
  type ChatDelivery,
  DeliveryError,
  type DeliveryRecord,
  type DeliveryResult,
  fromDatabase,
  type JsonValue,
} from '../../outbox/delivery.ts';
import {
  cardSyncPayloadSchema,
  chaseDigestPayloadSchema,
  chaseRemindPayloadSchema,
  fileSendPayloadSchema,
  homeRefreshPayloadSchema,
  OUTBOX_KINDS,
  personMessagePayloadSchema,
  personNotifyPayloadSchema,
  personReplyPayloadSchema,
  reportPayloadSchema,
  supplyLowStockPayloadSchema,
} from '../../outbox/intents.ts';
import type { ClaimedOutboxMessage } from '../../outbox/outbox-message.ts';
import type { Clock } from '../../shared/clock.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import {
  assembleCard,
  assembleNotice,
  cardAssemblyOf,
  loadCardDraw,
  noticeText,
  postedCopyRecord,
  updatedCopyRecord,
} from '../core/card-assembly.ts';
import { digestReply, lowStockAlert } from '../core/feature-messages.ts';
import { lentFileComment, lentFileToSend } from '../core/lent-file.ts';
import { personMessageText, reachLinkedPerson, reachPerson } from '../core/person-message.ts';
import type { DingTalkApi } from './api.ts';
import { renderCard } from './card/render-card.ts';
import { createDingTalkSender, type DingTalkSender, SEND_SCOPES } from './sender.ts';

/** DingTalk's name, as its card copies and chat accounts record it. */
export const DINGTALK_PLATFORM = 'dingtalk';

/** What the DingTalk delivery reads and calls. */
export interface DingTalkDeliveryDeps {
  api: DingTalkApi;
  /** The installation's card template (DINGTALK_CARD_TEMPLATE_ID). */
  cardTemplateId: string;
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  calendar: WeekdayCalendar;
  /** The unit's time zone: times on cards and in lists are shown in it. */
  timeZone: string;
  /** Where electronic archive records' files are (a lent record's `file.send`). */
  archiveFilesDir: string;
  /** The enabled features: their definitions and what they add to cards and notices. */
  features: Pick<MergedFeatures, 'definitions' | 'cards'>;
  /** Font folders for the report chart (tests point it elsewhere). */
  fontDirs?: readonly string[];
}

/** Where a card copy is on DingTalk (its `message_ref`): the outTrackId we gave it. */
const dingtalkRefSchema = z.object({ outTrackId: z.string().min(1) });

/** One kind: its payload's delivery, and the OpenAPI scopes it may use. */
interface KindHandler {
  scopes: readonly string[];
  /** Delivers; `record` adds what to write with the row's `sent` (see DeliveryRecord). */
  deliver(
    payload: unknown,
    message: ClaimedOutboxMessage,
    record: (write: DeliveryRecord) => void,
  ): Promise<JsonValue>;
}

/** The DingTalk delivery of every intent the bot writes, with the kinds it takes. */
export function createDingTalkDelivery(deps: DingTalkDeliveryDeps): ChatDelivery & { kinds(): string[] } {
  const { api, prisma, clock, features } = deps;
  const send: DingTalkSender = createDingTalkSender(api, deps.cardTemplateId);
  const assembly = cardAssemblyOf({ prisma, clock, timeZone: deps.timeZone }, features);
  const workOf = createMyWorkReader({
    prisma,
    clock,
    definitions: features.definitions,
    timeZone: deps.timeZone,
  });

  /** The person's DingTalk userid and language, or why the row skips them. */
  const reach = (personId: string) => reachLinkedPerson(prisma, DINGTALK_PLATFORM, personId);

  async function textTo(personId: string, text: (locale: Locale) => string): Promise<JsonValue> {
    const person = await reach(personId);
    if ('skipped' in person) return person;
    await send.text(person.userId, text(person.locale));
    return { userId: person.userId };
  }

  const dm = [SEND_SCOPES.token, SEND_SCOPES.dm];
  const handlers: Record<string, KindHandler> = {
    [OUTBOX_KINDS.cardSync]: {
      scopes: [SEND_SCOPES.token, SEND_SCOPES.cardCreate, SEND_SCOPES.cardUpdate],
      async deliver(raw, message, record): Promise<JsonValue> {
        const payload = cardSyncPayloadSchema.parse(raw);
        // Group copies need the group's conversation id, which the organisation file does not give.
        if (!('personId' in payload)) return { skipped: 'no_channels' };
        const { instanceId, personId } = payload;
        const draw = await loadCardDraw(prisma, {
          instanceId,
          recipient: personId,
          personId,
          platform: DINGTALK_PLATFORM,
        });
        const { instance, viewer } = draw;
        if (viewer === null) return { skipped: 'unknown_person' };
        if (viewer.account === null) return { skipped: 'not_linked' };
        const copy = draw.copy?.platform === DINGTALK_PLATFORM ? draw.copy : null;
        const repost = 'repost' in payload && payload.repost === true;
        const refresh = 'refresh' in payload && payload.refresh === true;
        if (copy !== null && copy.version >= instance.version && !refresh && !repost) {
          return { skipped: 'up_to_date', version: instance.version };
        }
        const drawn = renderCard(await assembleCard(assembly, draw));
        const userId = viewer.account;
        if (copy !== null && !repost) {
          const { outTrackId } = dingtalkRefSchema.parse(copy.ref);
          await api.updateCard({
            outTrackId,
            cardParamMap: drawn.cardParamMap,
            privateData: drawn.privateData(userId),
          });
          record(updatedCopyRecord({ copyId: copy.id, version: instance.version, at: clock.now() }));
          return { action: 'updated', outTrackId, version: instance.version };
        }
        // One outTrackId per row: a retry after a lost answer creates no second card (DingTalk keeps
        // the first card of an outTrackId), and a later repost is a new copy.
        const outTrackId = `card-${instanceId.slice(0, 8)}-${message.id}`;
        await api.createAndDeliverCard({
          cardTemplateId: deps.cardTemplateId,
          outTrackId,
          cardParamMap: drawn.cardParamMap,
          privateData: drawn.privateData(userId),
          target: { kind: 'user', userId },
        });
        record(
          postedCopyRecord({
            instanceId,
            recipient: personId,
            platform: DINGTALK_PLATFORM,
            messageRef: { outTrackId },
            version: instance.version,
            at: clock.now(),
          }),
        );
        return { action: repost ? 'reposted' : 'posted', outTrackId, version: instance.version };
      },
    },

    [OUTBOX_KINDS.personNotify]: {
      scopes: dm,
      async deliver(raw): Promise<JsonValue> {
        const payload = personNotifyPayloadSchema.parse(raw);
        const assembled = await assembleNotice(assembly, { ...payload, platform: DINGTALK_PLATFORM });
        if ('skipped' in assembled) return { skipped: assembled.skipped };
        if (assembled.account === null) return { skipped: 'not_linked' };
        // A text message: DingTalk shows it as typed, so nothing is escaped.
        await send.text(assembled.account, noticeText(assembled.notice));
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
        await send.text(person.userId, text);
        return { userId: person.userId };
      },
    },

    // The core turns replies into messages before they get here (no ephemeral messages); a row
    // that bypassed it is still shown, as a DM of its text.
    [OUTBOX_KINDS.personReply]: {
      scopes: dm,
      deliver: (raw) => {
        const payload = personReplyPayloadSchema.parse(raw);
        return textTo(payload.personId, () => payload.text);
      },
    },

    // No home view in DingTalk: a person's work is asked for with 待办.
    [OUTBOX_KINDS.homeRefresh]: {
      scopes: [],
      deliver: async (raw) => {
        homeRefreshPayloadSchema.parse(raw);
        return { skipped: 'no_home' };
      },
    },

    [OUTBOX_KINDS.fileSend]: {
      scopes: [SEND_SCOPES.token, SEND_SCOPES.upload, SEND_SCOPES.dm],
      async deliver(raw): Promise<JsonValue> {
        const payload = fileSendPayloadSchema.parse(raw);
        const prepared = await lentFileToSend(
          { prisma, clock, filesDir: deps.archiveFilesDir },
          payload,
          async (personId) => (await reachPerson(prisma, DINGTALK_PLATFORM, personId))?.userId ?? null,
        );
        if ('skipped' in prepared) return prepared;
        const userId = prepared.recipient;
        await send.text(userId, lentFileComment(prepared));
        const { mediaId } = await send.file(userId, {
          name: prepared.filename,
          bytes: prepared.bytes,
          mimeType: 'application/octet-stream',
        });
        return { userId, mediaId, bytes: prepared.bytes.length };
      },
    },

    [OUTBOX_KINDS.chaseRemind]: {
      scopes: [SEND_SCOPES.token, SEND_SCOPES.dm, SEND_SCOPES.cardCreate],
      async deliver(raw): Promise<JsonValue> {
        const payload = chaseRemindPayloadSchema.parse(raw);
        const [reminder, person] = await Promise.all([
          fromDatabase('load a reminder', () =>
            reminderOf({ prisma, clock, calendar: deps.calendar }, payload),
          ),
          reach(payload.personId),
        ]);
        if ('skipped' in reminder) return { skipped: reminder.skipped };
        if ('skipped' in person) return person;
        const sent = await send.reply(person.userId, reminder.reply, person.locale);
        return { userId: person.userId, outTrackId: sent.outTrackId };
      },
    },

    [OUTBOX_KINDS.chaseDigest]: {
      scopes: [SEND_SCOPES.token, SEND_SCOPES.dm, SEND_SCOPES.cardCreate],
      async deliver(raw): Promise<JsonValue> {
        const payload = chaseDigestPayloadSchema.parse(raw);
        const person = await reach(payload.personId);
        if ('skipped' in person) return person;
        const work = await fromDatabase('read the person’s work', () =>
          workOf(payload.personId, person.locale),
        );
        if (work.waiting.total === 0) return { skipped: 'nothing_waiting' };
        const sent = await send.reply(person.userId, digestReply(person.locale, work), person.locale);
        return { userId: person.userId, outTrackId: sent.outTrackId };
      },
    },

    [OUTBOX_KINDS.supplyLowStock]: {
      scopes: dm,
      async deliver(raw): Promise<JsonValue> {
        const payload = supplyLowStockPayloadSchema.parse(raw);
        const alert = await lowStockAlert(prisma, payload.itemId);
        if (alert === null) return { skipped: 'unknown_item' };
        return textTo(payload.personId, alert);
      },
    },

    [OUTBOX_KINDS.reportPost]: {
      scopes: [SEND_SCOPES.token, SEND_SCOPES.group],
      async deliver(raw): Promise<JsonValue> {
        const payload = reportPayloadSchema.parse(raw);
        const reply = reportReply({
          report: payload.report,
          locale: payload.locale,
          timeZone: payload.timeZone,
          audience: 'channel',
        });
        await send.replyToGroup(payload.channel, reply);
        return { channel: payload.channel };
      },
    },

    [OUTBOX_KINDS.reportChart]: {
      scopes: [SEND_SCOPES.token, SEND_SCOPES.upload, SEND_SCOPES.group],
      async deliver(raw): Promise<JsonValue> {
        const payload = reportPayloadSchema.parse(raw);
        const locale: Locale = payload.locale;
        const png = await renderReportChart(payload.report, {
          locale,
          logger: deps.logger,
          ...(deps.fontDirs ? { fontDirs: deps.fontDirs } : {}),
        });
        const period = describePeriod(payload.report.period, locale, payload.timeZone);
        const { mediaId } = await send.fileToGroup(payload.channel, {
          name: reportFileName(payload.report, 'png'),
          bytes: png,
          mimeType: 'image/png',
        });
        await send.replyToGroup(payload.channel, {
          text: [t(locale, 'report.chart.comment', { period })],
          blocks: [],
        });
        return { channel: payload.channel, mediaId, bytes: png.length };
      },
    },
  };

  return {
    kinds: () => Object.keys(handlers),
    scopesOf(message) {
      return Object.hasOwn(handlers, message.kind) ? (handlers[message.kind]?.scopes ?? []) : [];
    },
    async deliver(message): Promise<DeliveryResult> {
      const handler = Object.hasOwn(handlers, message.kind) ? handlers[message.kind] : undefined;
      if (handler === undefined) {
        throw new DeliveryError(
          { kind: 'permanent', code: 'unknown_kind', recognised: true },
          `no DingTalk delivery for outbox kind ${message.kind}`,
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
