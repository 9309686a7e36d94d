// Delivers the weekly report (定期通报) to the office channel, as two outbox kinds with one
// ordering key, so the chart follows the figures and a retry of one never repeats the other:
// - `report.post`: the figures as Block Kit (chat.postMessage);
// - `report.chart`: the chart as a PNG file shared in the channel (./file-upload.ts). The PNG is
//   drawn at delivery from the figures frozen in the payload.

import { z } from 'zod';
import { SECRECY_LEVELS } from '../../domain/org.ts';
import { renderReportChart } from '../../features/reports/chart.ts';
import { reportFileName } from '../../features/reports/csv.ts';
import type { Report } from '../../features/reports/queries.ts';
import type { JsonValue } from '../../outbox/delivery.ts';
import type { OutboxMessageInput } from '../../outbox/outbox-message.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import { buildReportMessage, describePeriod } from './blocks/report.ts';
import { fetchUpload, shareFile, type UploadBytes } from './file-upload.ts';
import { defineSlackKind, type SlackDelivery } from './slack-delivery.ts';

/** Outbox kind: the report's message in a channel. */
export const REPORT_POST_KIND = 'report.post';
/** Outbox kind: the report's chart uploaded to a channel. */
export const REPORT_CHART_KIND = 'report.chart';

const localized = z.object({ zh: z.string(), en: z.string() });
const figures = z.object({
  onTime: z.number().int().min(0),
  late: z.number().int().min(0),
  overdue: z.number().int().min(0),
  averageHours: z.number().min(0).nullable(),
});

/** A stored report (see `Report`), checked when it is delivered. */
export const reportSchema = z.object({
  period: z.object({
    kind: z.enum(['week', 'month']),
    label: z.string().min(1),
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  generatedAt: z.iso.datetime(),
  departments: z.array(
    figures.extend({ departmentId: z.string().min(1), name: z.string(), nameEn: z.string().nullable() }),
  ),
  total: figures,
  longestOverdue: z.array(
    z.object({
      instanceId: z.string().min(1),
      definitionId: z.string(),
      title: z.string().nullable(),
      reference: z.string().nullable(),
      secrecy: z.enum(SECRECY_LEVELS),
      classified: z.boolean(),
      urgency: z.enum(['extra_urgent', 'urgent', 'normal']),
      departmentId: z.string(),
      stepName: localized,
      deadline: z.iso.datetime(),
      hoursOverdue: z.number().int().min(0),
      waitingOn: z.array(z.string()),
    }),
  ),
  people: z.record(z.string(), z.object({ name: z.string(), nameEn: z.string().nullable() })),
}) satisfies z.ZodType<Report>;

/** `report.post` and `report.chart`: where, in which language, and the figures. */
export const reportPayloadSchema = z.strictObject({
  /** A channel id (C…); the organisation file names it. */
  channel: z.string().min(1),
  locale: z.enum(['zh', 'en']).default('zh'),
  timeZone: z.string().min(1),
  report: reportSchema,
});
export type ReportPayload = z.input<typeof reportPayloadSchema>;

/** The two outbox rows of one channel report, in delivery order. */
export function reportOutboxRows(payload: ReportPayload): OutboxMessageInput[] {
  // One key per channel: the chart goes after its message, and reports after one another.
  const orderingKey = `report:${payload.channel}`;
  // Through JSON once: what is stored is exactly what the delivery will read back.
  const stored = JSON.parse(JSON.stringify(payload)) as JsonValue;
  return [
    { orderingKey, kind: REPORT_POST_KIND, payload: stored },
    { orderingKey, kind: REPORT_CHART_KIND, payload: stored },
  ];
}

/** Registers `report.post` and `report.chart` on `delivery`. */
export function registerReportKinds(
  delivery: SlackDelivery,
  deps: {
    logger: Logger;
    /** Font folders for the chart (tests point it elsewhere). */
    fontDirs?: readonly string[];
    /** Uploads bytes to the URL Slack gave; fetch by default. */
    upload?: UploadBytes;
  },
): void {
  const upload = deps.upload ?? fetchUpload(30_000);

  delivery.register(
    REPORT_POST_KIND,
    defineSlackKind({
      schema: reportPayloadSchema,
      methods: () => ['chat.postMessage'],
      async deliver(payload, context): Promise<JsonValue> {
        const message = buildReportMessage({
          report: payload.report,
          locale: payload.locale,
          timeZone: payload.timeZone,
          audience: 'channel',
        });
        const posted = await context.call('chat.postMessage', { channel: payload.channel, ...message });
        return {
          channel: typeof posted.channel === 'string' ? posted.channel : payload.channel,
          ts: typeof posted.ts === 'string' ? posted.ts : '',
        };
      },
    }),
  );

  delivery.register(
    REPORT_CHART_KIND,
    defineSlackKind({
      schema: reportPayloadSchema,
      methods: () => ['files.getUploadURLExternal', 'files.completeUploadExternal'],
      async deliver(payload, context): Promise<JsonValue> {
        const locale: Locale = payload.locale;
        const png = await renderReportChart(payload.report, {
          locale,
          logger: context.logger,
          ...(deps.fontDirs ? { fontDirs: deps.fontDirs } : {}),
        });
        const filename = reportFileName(payload.report, 'png');
        const period = describePeriod(payload.report.period, locale, payload.timeZone);
        const fileId = await shareFile(context, upload, {
          filename,
          bytes: png,
          channelId: payload.channel,
          comment: t(locale, 'report.chart.comment', { period }),
        });
        return { channel: payload.channel, fileId, bytes: png.length };
      },
    }),
  );
}
