// The WeCom delivery of the features' messages: a 催办 reminder, the morning digest and the
// low-stock alert in the person's chat with the app; a lent archive record as a file (uploaded as
// media first); the period report and its chart (an image) and figures (a CSV
// file) in the group chat the organisation file names, which for WeCom is the chatid of a group
// the app created (appchat). WeCom has no App Home, so `home.refresh` is skipped. Every message to
// a person takes its slots from the pacer first (pacing.ts). A reminder with a button (打开, or
// 立即催办 on a 督办 message) is a template card, pressed like any reply's buttons.

import type { WeekdayCalendar } from '../../domain/workflow/calendar.ts';
import { reminderOf } from '../../features/chasing/reminder-reply.ts';
import { renderReportChart } from '../../features/reports/chart.ts';
import { reportCsv, reportFileName } from '../../features/reports/csv.ts';
import { describePeriod, reportReply } from '../../features/reports/report-reply.ts';
import { createMyWorkReader } from '../../features/workflow/my-work.ts';
import { type DeliveryRecord, fromDatabase, type JsonValue } from '../../outbox/delivery.ts';
import {
  chaseDigestPayloadSchema,
  chaseRemindPayloadSchema,
  fileSendPayloadSchema,
  homeRefreshPayloadSchema,
  OUTBOX_KINDS,
  reportPayloadSchema,
  supplyLowStockPayloadSchema,
} from '../../outbox/intents.ts';
import type { ClaimedOutboxMessage } from '../../outbox/outbox-message.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import type { CardAssemblyDeps } from '../core/card-assembly.ts';
import { digestReply, lowStockAlert } from '../core/feature-messages.ts';
import { lentFileComment, lentFileToSend } from '../core/lent-file.ts';
import { reachLinkedPerson, reachPerson } from '../core/person-message.ts';
import { type Reply, replyButtons } from '../core/reply.ts';
import { WECOM_SCOPES, type WeComApi } from './api.ts';
import { sendReplyWithButtons } from './card/reply-card.ts';
import type { MemberPacer } from './pacing.ts';
import { sendText, sendTo, uploadAsMessage } from './sender.ts';
import { replyToTexts } from './text.ts';

/** WeCom's name, as its chat accounts record it (the same as the delivery's). */
const PLATFORM = 'wecom';

/** How many text messages the morning digest and the report may take; the rest is cut with `…`. */
export const LONG_REPLY_MAX_MESSAGES = 3;

/** One outbox kind: its payload's delivery, and the API scopes it may use. */
export interface WeComKindHandler {
  scopes: readonly string[];
  /** Delivers; `record` adds what to write with the row's `sent` (see DeliveryRecord). */
  deliver(
    payload: unknown,
    message: ClaimedOutboxMessage,
    record: (write: DeliveryRecord) => void,
  ): Promise<JsonValue>;
}

/** What the features' messages need besides the API and the pacer. */
export interface WeComMessageDeps {
  /** The database, clock, time zone and definitions (the card assembly's). */
  assembly: CardAssemblyDeps;
  logger: Logger;
  /** The unit's working calendar (a reminder's deadline in working days). */
  calendar: WeekdayCalendar;
  /** Where electronic archive records' files are (a lent record's `file.send`). */
  archiveFilesDir: string;
  /** Font folders for the report chart (tests point it elsewhere). */
  fontDirs?: readonly string[];
}

/** The handlers of the features' message kinds. */
export function messageKindHandlers(
  api: WeComApi,
  pacer: MemberPacer,
  deps: WeComMessageDeps,
): Record<string, WeComKindHandler> {
  const { prisma, clock, timeZone, definitions } = deps.assembly;
  const workOf = createMyWorkReader({ prisma, clock, definitions, timeZone });
  const dm = [WECOM_SCOPES.token, WECOM_SCOPES.send];
  const toGroup = [WECOM_SCOPES.token, WECOM_SCOPES.chat];

  /** The person's userid and language, or why nothing can be sent. */
  const linked = (personId: string) => reachLinkedPerson(prisma, PLATFORM, personId);

  /** Sends texts to one person, after taking a slot for each. */
  async function textsTo(personId: string, userId: string, texts: readonly string[]): Promise<JsonValue> {
    await pacer.take(personId, userId, texts.length);
    for (const text of texts) await sendText(api, userId, text);
    return { userId, messages: texts.length };
  }

  /** Sends a reply to a group chat, as up to {@link LONG_REPLY_MAX_MESSAGES} texts. */
  async function replyToChat(chatId: string, reply: Reply): Promise<number> {
    const texts = replyToTexts(reply, LONG_REPLY_MAX_MESSAGES);
    for (const content of texts) await api.sendToChat(chatId, { msgtype: 'text', text: { content } });
    return texts.length;
  }

  return {
    // No App Home on WeCom: a person's work is asked for with 我的待办 (the menu or typed).
    [OUTBOX_KINDS.homeRefresh]: {
      scopes: [],
      async deliver(raw): Promise<JsonValue> {
        homeRefreshPayloadSchema.parse(raw);
        return { skipped: 'no_home' };
      },
    },

    [OUTBOX_KINDS.chaseRemind]: {
      scopes: dm,
      async deliver(raw): Promise<JsonValue> {
        const payload = chaseRemindPayloadSchema.parse(raw);
        const [reminder, person] = await Promise.all([
          fromDatabase('load a reminder', () =>
            reminderOf({ prisma, clock, calendar: deps.calendar }, payload),
          ),
          linked(payload.personId),
        ]);
        if ('skipped' in reminder) return { skipped: reminder.skipped };
        if ('skipped' in person) return person;
        if (replyButtons(reminder.reply).length === 0) {
          return textsTo(payload.personId, person.userId, replyToTexts(reminder.reply, 1));
        }
        // Its button (打开, or 立即催办 on a 督办 message) on a template card, pressed like any reply's.
        await pacer.take(payload.personId, person.userId, 1);
        await sendReplyWithButtons(api, person.userId, reminder.reply, person.locale);
        return { userId: person.userId, messages: 1 };
      },
    },

    [OUTBOX_KINDS.chaseDigest]: {
      scopes: dm,
      async deliver(raw): Promise<JsonValue> {
        const payload = chaseDigestPayloadSchema.parse(raw);
        const person = await linked(payload.personId);
        if ('skipped' in person) return person;
        const work = await fromDatabase('read the person’s work', () =>
          workOf(payload.personId, person.locale),
        );
        if (work.waiting.total === 0) return { skipped: 'nothing_waiting' };
        const reply = digestReply(person.locale, work);
        return textsTo(payload.personId, person.userId, replyToTexts(reply, LONG_REPLY_MAX_MESSAGES));
      },
    },

    [OUTBOX_KINDS.supplyLowStock]: {
      scopes: dm,
      async deliver(raw): Promise<JsonValue> {
        const payload = supplyLowStockPayloadSchema.parse(raw);
        const alert = await lowStockAlert(prisma, payload.itemId);
        if (alert === null) return { skipped: 'unknown_item' };
        const person = await linked(payload.personId);
        if ('skipped' in person) return person;
        return textsTo(payload.personId, person.userId, [alert(person.locale)]);
      },
    },

    [OUTBOX_KINDS.fileSend]: {
      scopes: [WECOM_SCOPES.token, WECOM_SCOPES.upload, WECOM_SCOPES.send],
      async deliver(raw): Promise<JsonValue> {
        const payload = fileSendPayloadSchema.parse(raw);
        const prepared = await lentFileToSend(
          { prisma, clock, filesDir: deps.archiveFilesDir },
          payload,
          async (personId) => (await reachPerson(prisma, PLATFORM, personId))?.userId ?? null,
        );
        if ('skipped' in prepared) return prepared;
        const userId = prepared.recipient;
        // Two messages: what the file is, then the file.
        await pacer.take(payload.personId, userId, 2);
        await sendText(api, userId, lentFileComment(prepared));
        const { mediaId, message } = await uploadAsMessage(api, {
          name: prepared.filename,
          bytes: prepared.bytes,
          mimeType: 'application/octet-stream',
        });
        await sendTo(api, userId, message);
        return { userId, mediaId, bytes: prepared.bytes.length };
      },
    },

    [OUTBOX_KINDS.reportPost]: {
      scopes: toGroup,
      async deliver(raw): Promise<JsonValue> {
        const payload = reportPayloadSchema.parse(raw);
        const reply = reportReply({
          report: payload.report,
          locale: payload.locale,
          timeZone: payload.timeZone,
          audience: 'channel',
        });
        return { chatId: payload.channel, messages: await replyToChat(payload.channel, reply) };
      },
    },

    // The chart as an image and the figures as a CSV file, then a line saying which period they are.
    [OUTBOX_KINDS.reportChart]: {
      scopes: [WECOM_SCOPES.token, WECOM_SCOPES.upload, WECOM_SCOPES.chat],
      async deliver(raw): Promise<JsonValue> {
        const payload = reportPayloadSchema.parse(raw);
        const locale: Locale = payload.locale;
        const png = await renderReportChart(payload.report, {
          locale,
          logger: deps.logger,
          ...(deps.fontDirs ? { fontDirs: deps.fontDirs } : {}),
        });
        const chart = await uploadAsMessage(api, {
          name: reportFileName(payload.report, 'png'),
          bytes: png,
          mimeType: 'image/png',
        });
        const csv = await uploadAsMessage(api, {
          name: reportFileName(payload.report, 'csv'),
          bytes: reportCsv(payload.report, locale),
          mimeType: 'text/csv',
        });
        await api.sendToChat(payload.channel, chart.message);
        await api.sendToChat(payload.channel, csv.message);
        const period = describePeriod(payload.report.period, locale, payload.timeZone);
        await api.sendToChat(payload.channel, {
          msgtype: 'text',
          text: { content: t(locale, 'report.chart.comment', { period }) },
        });
        return { chatId: payload.channel, chartMediaId: chart.mediaId, csvMediaId: csv.mediaId };
      },
    },
  };
}
