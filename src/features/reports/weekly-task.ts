// The weekly report (每周通报) as a periodic task for the scheduler: on each wake it checks
// whether last week's report is due (src/domain/reports/period.ts) and, if so, claims it by
// inserting its `reminder` row (kind `report`, subject `unit`, slot = the reported ISO week,
// unique key) with ON CONFLICT DO NOTHING; only the transaction whose insert took the key computes
// the figures and writes the channel post and chart to the outbox, in the same transaction. Two
// replicas waking together, or a restart after the post, post once: the second insert waits for
// the first to commit, finds the key and does nothing.

import { dueWeeklyReport, type WeeklySchedule } from '../../domain/reports/period.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { OutboxMessageInput } from '../../outbox/outbox-message.ts';
import { enqueueOutbox } from '../../outbox/outbox-repository.ts';
import type { PeriodicTask } from '../../scheduler/scheduler.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import { buildReport, type Report } from './queries.ts';

/** Outbox rows of a report for a group conversation (see reportOutboxRows). */
export type ReportRowsOf = (input: {
  channel: string;
  locale: Locale;
  timeZone: string;
  report: Report;
}) => readonly OutboxMessageInput[];

/** What the weekly report needs. */
export interface WeeklyReportDeps {
  prisma: PrismaClient;
  logger: Logger;
  /** The unit's time zone (organisation file). */
  timeZone: string;
  /** The office channel's id (organisation file `reports.channel`). */
  channel: string;
  /** When it goes out (default Monday 09:00 local). */
  schedule: WeeklySchedule;
  /** The channel's language (default zh). */
  locale?: Locale;
  /** The outbox rows of the post (reportOutboxRows: neutral intents each platform draws). */
  rowsOf: ReportRowsOf;
  /** Called after a commit that wrote outbox rows (wakes the dispatcher). */
  onOutboxWritten?: () => void;
}

/** The reminder key of the weekly report of `slot`: `<subject>|<kind>|<person>|<slot>`. */
export function weeklyReportKey(slot: string): string {
  return `unit|report||${slot}`;
}

/** The weekly report task: `{ name: 'weekly-report', run(now) }`. */
export function weeklyReportTask(deps: WeeklyReportDeps): PeriodicTask {
  const logger = deps.logger.child({ task: 'weekly-report' });
  return {
    name: 'weekly-report',
    async run(now: Date): Promise<void> {
      const due = dueWeeklyReport(now, deps.timeZone, deps.schedule);
      if (!due) return;
      const slot = due.period.label;
      const key = weeklyReportKey(slot);
      // Every wake of the week after the post finds it done: a read, not a write, is enough then.
      const done = await deps.prisma.reminder.findUnique({ where: { key }, select: { id: true } });
      if (done) return;
      const posted = await deps.prisma.$transaction(async (tx) => {
        const claimed = await tx.$queryRaw<Array<{ id: bigint }>>`
          INSERT INTO reminder (key, subject, kind, slot, due_at, status, payload, created_at, done_at)
          VALUES (${key}, 'unit', 'report', ${slot}, ${due.dueAt.toISOString()}::timestamptz, 'sent',
                  ${JSON.stringify({ channel: deps.channel })}::jsonb,
                  ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
          ON CONFLICT (key) DO NOTHING
          RETURNING id`;
        if (claimed.length === 0) return null;
        const report = await buildReport(tx, { period: due.period, now });
        const rows = deps.rowsOf({
          channel: deps.channel,
          locale: deps.locale ?? 'zh',
          timeZone: deps.timeZone,
          report,
        });
        await enqueueOutbox(tx, rows, now);
        // What was posted, beside the claim: operators see the totals without opening the outbox.
        await tx.$executeRaw`
          UPDATE reminder SET payload = ${JSON.stringify({ channel: deps.channel, total: report.total })}::jsonb
           WHERE key = ${key}`;
        return report;
      });
      if (!posted) return;
      deps.onOutboxWritten?.();
      logger.info(
        { slot, channel: deps.channel, total: posted.total },
        'weekly report written to the outbox',
      );
    },
  };
}
