// `/doc report [week|month|…]`: the report (定期通报) on demand, as a direct message to the person
// who asked: the figures as Block Kit, then the CSV and the chart as files. For the office head,
// the office secretaries, the director and the leaders; anyone else is told so and gets nothing.
// Nothing is written, so it needs no outbox: like `/doc register`, the answer goes straight out.

import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseReportArgs } from '../../../domain/reports/command.ts';
import type { ReportPeriod } from '../../../domain/reports/period.ts';
import { reportCsv, reportFileName } from '../../../features/reports/csv.ts';
import type { Report } from '../../../features/reports/queries.ts';
import { type Locale, t } from '../../../shared/i18n.ts';
import { type ActorContext, asActor } from '../actor.ts';
import { truncateText } from '../blocks/limits.ts';
import { escapeMrkdwn } from '../blocks/mrkdwn.ts';
import type { SlackRequestContext } from '../request-context.ts';
import { buildReportMessage, describePeriod } from './blocks.ts';

/**
 * Who may ask for a report: 办公室负责人 and 办公室秘书 (who run the supervision), 局长 and 分管领导
 * (who read it). Department heads see their figures in the weekly channel post.
 */
export const REPORT_ROLES = ['office_head', 'secretary', 'director', 'leader'] as const;

/** What `/doc report` needs from the rest of the bot. */
export interface DocReportChatDeps {
  /** The unit's time zone (organisation file): periods and times are in it. */
  timeZone: string;
  now(): Date;
  /** The asker's directory entry (their roles). */
  viewerOf(personId: string): Promise<{ personId: string; roles: readonly string[] }>;
  buildReport(period: ReportPeriod): Promise<Report>;
  /** The chart as PNG (logs a warning and still draws when no CJK font is installed). */
  renderChart(report: Report, locale: Locale): Promise<Buffer>;
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs<SlackRequestContext>;

/** Answers `/doc report …` for `input.slackUserId`. */
export async function answerDocReport(
  args: CommandArgs,
  input: { context: ActorContext; slackUserId: string; locale: Locale },
  words: readonly string[],
  deps: DocReportChatDeps,
): Promise<void> {
  const { ack, respond, client, context } = args;
  const { locale } = input;
  const parsed = parseReportArgs(words, deps.now(), deps.timeZone);
  if (!parsed.ok) {
    // Echoed in mrkdwn: escaped, so a typed `<!channel>` stays text.
    const problem = t(locale, 'report.bad_arg', { arg: escapeMrkdwn(truncateText(parsed.arg, 40)) });
    await ack({ response_type: 'ephemeral', text: `${problem}\n${t(locale, 'report.usage')}` });
    return;
  }
  await ack();
  const viewer = await asActor(
    input.context,
    async (text) => {
      await respond({ response_type: 'ephemeral', text });
      return null;
    },
    (actor) => deps.viewerOf(actor.personId),
  );
  if (!viewer) return;
  if (!REPORT_ROLES.some((role) => viewer.roles.includes(role))) {
    context.log.info({ roles: viewer.roles }, 'report refused');
    await respond({ response_type: 'ephemeral', text: t(locale, 'report.forbidden') });
    return;
  }
  const periodText = describePeriod(parsed.period, locale, deps.timeZone);
  await respond({ response_type: 'ephemeral', text: t(locale, 'report.generating', { period: periodText }) });
  const report = await deps.buildReport(parsed.period);
  const dm = await client.conversations.open({ users: input.slackUserId });
  const channel = dm.channel?.id;
  if (!channel) throw new Error('conversations.open answered without a channel');
  const message = buildReportMessage({ report, locale, timeZone: deps.timeZone, audience: 'direct' });
  await client.chat.postMessage({ channel, ...message });
  const chart = await deps.renderChart(report, locale);
  const csvName = reportFileName(report, 'csv');
  const pngName = reportFileName(report, 'png');
  await client.filesUploadV2({
    channel_id: channel,
    initial_comment: t(locale, 'report.ready', { period: periodText }),
    file_uploads: [
      { file: reportCsv(report, locale), filename: csvName, title: csvName },
      { file: chart, filename: pngName, title: pngName },
    ],
  });
  context.log.info(
    { period: report.period.label, departments: report.departments.length, overdue: report.total.overdue },
    'report sent',
  );
}
