// `doc report [week|month|…]` (通报): the report (定期通报) on demand, in the direct conversation of
// the person who asked: the figures, then the CSV and the chart as files. For the office head, the
// office secretaries, the director and the leaders; anyone else is told so and gets nothing.
// Nothing is written, so it needs no outbox: like `doc register`, the answer goes straight out.

import { asPerson, type CommandHandler, replyAnswer, textAnswer } from '../../chat/core/commands.ts';
import { richT } from '../../chat/core/reply.ts';
import { parseReportArgs } from '../../domain/reports/command.ts';
import type { ReportPeriod } from '../../domain/reports/period.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import { truncateText } from '../../shared/text.ts';
import { reportCsv, reportFileName } from './csv.ts';
import type { Report } from './queries.ts';
import { describePeriod, reportReply } from './report-reply.ts';

/**
 * Who may ask for a report: 办公室负责人 and 办公室秘书 (who run the supervision), 局长 and 分管领导
 * (who read it). Department heads see their figures in the weekly channel post.
 */
export const REPORT_ROLES = ['office_head', 'secretary', 'director', 'leader'] as const;

/** `doc report` and `doc 通报`. */
export const REPORT_SUBCOMMANDS = ['report', '通报'] as const;

/** What `doc report` needs from the rest of the bot. */
export interface DocReportDeps {
  /** The unit's time zone (organisation file): periods and times are in it. */
  timeZone: string;
  now(): Date;
  /** The asker's directory entry (their roles). */
  viewerOf(personId: string): Promise<{ personId: string; roles: readonly string[] }>;
  buildReport(period: ReportPeriod): Promise<Report>;
  /** The chart as PNG (logs a warning and still draws when no CJK font is installed). */
  renderChart(report: Report, locale: Locale): Promise<Buffer>;
}

/** The `doc report` handler. */
export function reportCommand(deps: DocReportDeps): CommandHandler {
  return {
    command: 'doc',
    subcommands: REPORT_SUBCOMMANDS,
    async handle(text, context) {
      const { locale, log } = context;
      const parsed = parseReportArgs(text.split(/[\s\u3000]+/u).filter(Boolean), deps.now(), deps.timeZone);
      if (!parsed.ok) {
        const problem = richT(locale, 'report.bad_arg', { arg: truncateText(parsed.arg, 40) });
        return textAnswer([...problem, '\n', t(locale, 'report.usage')]);
      }
      return asPerson(context, async (actor) => {
        const viewer = await deps.viewerOf(actor.personId);
        if (!REPORT_ROLES.some((role) => viewer.roles.includes(role))) {
          log.info({ roles: viewer.roles }, 'report refused');
          return textAnswer(t(locale, 'report.forbidden'));
        }
        const periodText = describePeriod(parsed.period, locale, deps.timeZone);
        const { direct } = context;
        await direct?.note(richT(locale, 'report.generating', { period: periodText }));
        const report = await deps.buildReport(parsed.period);
        const reply = reportReply({ report, locale, timeZone: deps.timeZone, audience: 'direct' });
        // Where nothing can be sent besides the answer, the figures are the answer (without files).
        if (!direct) return replyAnswer(reply);
        await direct.post(reply);
        const chart = await deps.renderChart(report, locale);
        await direct.sendFiles(
          [
            { name: reportFileName(report, 'csv'), content: reportCsv(report, locale) },
            { name: reportFileName(report, 'png'), content: chart },
          ],
          t(locale, 'report.ready', { period: periodText }),
        );
        log.info(
          {
            period: report.period.label,
            departments: report.departments.length,
            overdue: report.total.overdue,
          },
          'report sent',
        );
        return { kind: 'none' };
      });
    },
  };
}
