// The database side of `doc report`: the asker's roles, the figures and the chart.

import type { ReportPeriod } from '../../domain/reports/period.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/i18n.ts';
import type { Logger } from '../../shared/logger.ts';
import { renderReportChart } from './chart.ts';
import { buildReport, type Report } from './queries.ts';

/** `/doc report`'s dependencies on the database, the clock and the chart renderer. */
export function createDocReportChatDeps(deps: {
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  /** The unit's time zone (organisation file). */
  timeZone: string;
  /** Font folders for the chart (tests point it elsewhere). */
  fontDirs?: readonly string[];
}) {
  const { prisma, clock } = deps;
  return {
    timeZone: deps.timeZone,
    now: () => clock.now(),
    async viewerOf(personId: string) {
      const person = await prisma.person.findUniqueOrThrow({
        where: { id: personId },
        select: { id: true, roles: true },
      });
      return { personId: person.id, roles: person.roles };
    },
    buildReport: (period: ReportPeriod): Promise<Report> => buildReport(prisma, { period, now: clock.now() }),
    renderChart: (report: Report, locale: Locale): Promise<Buffer> =>
      renderReportChart(report, {
        locale,
        logger: deps.logger,
        ...(deps.fontDirs ? { fontDirs: deps.fontDirs } : {}),
      }),
  };
}
