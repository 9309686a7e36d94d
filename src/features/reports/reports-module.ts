// Reports (定期通报) as a feature: the weekly report posted to the office channel when the
// organisation file names one and a weekly time, and `doc report` on demand.

import { OUTBOX_KINDS } from '../../outbox/intents.ts';
import type { Feature } from '../feature-module.ts';
import { REPORTS_MESSAGES } from './messages.ts';
import { createDocReportChatDeps } from './report-chat.ts';
import { reportCommand } from './report-commands.ts';
import { reportOutboxRows } from './report-rows.ts';
import { weeklyReportTask } from './weekly-task.ts';

/** Always enabled; its weekly task only when the organisation file's `reports:` has `weekly`. */
export const reportsFeature: Feature = ({ settings, prisma, clock, logger, onOutboxWritten }) => {
  const { reports, timeZone } = settings;
  return {
    name: 'reports',
    messages: REPORTS_MESSAGES,
    outboxKinds: [OUTBOX_KINDS.reportPost, OUTBOX_KINDS.reportChart],
    tasks: reports?.weekly
      ? [
          weeklyReportTask({
            prisma,
            logger,
            timeZone,
            channel: reports.channel,
            schedule: reports.weekly,
            rowsOf: reportOutboxRows,
            onOutboxWritten,
          }),
        ]
      : [],
    chat: () => ({
      commands: [reportCommand(createDocReportChatDeps({ prisma, clock, logger, timeZone }))],
    }),
  };
};
