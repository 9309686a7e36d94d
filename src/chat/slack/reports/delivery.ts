// Delivers the weekly report (定期通报) to the office channel, as two outbox kinds with one
// ordering key, so the chart follows the figures and a retry of one never repeats the other:
// - `report.post`: the figures, the feature's reply drawn as Block Kit (chat.postMessage);
// - `report.chart`: the chart as a PNG file shared in the channel (./file-upload.ts). The PNG is
//   drawn at delivery from the figures frozen in the payload.

import { renderReportChart } from '../../../features/reports/chart.ts';
import { reportFileName } from '../../../features/reports/csv.ts';
import { describePeriod, reportReply } from '../../../features/reports/report-reply.ts';
import type { JsonValue } from '../../../outbox/delivery.ts';
import { OUTBOX_KINDS, reportPayloadSchema } from '../../../outbox/intents.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import type { Logger } from '../../../shared/logger.ts';
import { fetchUpload, shareFile, type UploadBytes } from '../file-upload.ts';
import { renderReply } from '../reply-blocks.ts';
import { defineSlackKind, type SlackDelivery } from '../slack-delivery.ts';

/** Outbox kind: the report's message in a channel. */
export const REPORT_POST_KIND = OUTBOX_KINDS.reportPost;
/** Outbox kind: the report's chart uploaded to a channel. */
export const REPORT_CHART_KIND = OUTBOX_KINDS.reportChart;

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
        const message = renderReply(
          reportReply({
            report: payload.report,
            locale: payload.locale,
            timeZone: payload.timeZone,
            audience: 'channel',
          }),
        );
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
