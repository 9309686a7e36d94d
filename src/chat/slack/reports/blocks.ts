// The report (定期通报) as a Slack message: the feature's reply, drawn by the reply renderer, as the
// weekly channel post and `doc report`'s direct message draw it (the tests read it here).

import type { Report } from '../../../features/reports/queries.ts';
import { type ReportAudience, reportReply } from '../../../features/reports/report-reply.ts';
import type { Locale } from '../../../shared/i18n.ts';
import { renderReply } from '../reply-blocks.ts';

export { describePeriod, type ReportAudience } from '../../../features/reports/report-reply.ts';

/** The report message for `audience` in `locale`. */
export function buildReportMessage(input: {
  report: Report;
  locale: Locale;
  timeZone: string;
  audience: ReportAudience;
}): ReturnType<typeof renderReply> {
  return renderReply(reportReply(input));
}
