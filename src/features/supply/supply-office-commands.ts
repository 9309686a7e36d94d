// The office's part of `/supply`: the departments' plans added up, and the ledger (领用台账) and
// plan exports as CSV files for the asker alone.

import { type CommandAnswer, replyAnswer, textAnswer } from '../../chat/core/commands.ts';
import { richT } from '../../chat/core/reply.ts';
import type { SupplyCommand } from '../../domain/supply/command.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { SupplyChatService } from './supply-chat.ts';
import { supplyPlanSummaryReply } from './supply-replies.ts';

/** `/supply plan summary [period]`: the departments' plans added up (the next month by default). */
export async function answerPlanSummary(
  deps: Pick<SupplyChatService, 'checkOffice' | 'defaultPeriod' | 'planSummary' | 'departmentName'>,
  personId: string,
  asked: string | null,
  locale: Locale,
): Promise<CommandAnswer> {
  await deps.checkOffice(personId);
  const period = asked ?? deps.defaultPeriod();
  return replyAnswer(
    supplyPlanSummaryReply(await deps.planSummary(period), period, locale, deps.departmentName),
  );
}

/** `/supply ledger [year]` and `/supply plan export [period]`: the CSV, or that there is nothing in it. */
export async function answerExport(
  deps: Pick<SupplyChatService, 'checkOffice' | 'defaultPeriod' | 'ledgerCsv' | 'planSummaryCsv'>,
  personId: string,
  request: Extract<SupplyCommand, { kind: 'ledger' | 'plan_export' }>,
  locale: Locale,
): Promise<CommandAnswer> {
  await deps.checkOffice(personId);
  if (request.kind === 'ledger') {
    const file = await deps.ledgerCsv(request.year, locale);
    if (file === null) return textAnswer(t(locale, 'supply.ledger.empty'));
    return csvFile(`领用台账-${request.year ?? '全部'}.csv`, file, locale);
  }
  const period = request.period ?? deps.defaultPeriod();
  const file = await deps.planSummaryCsv(period, locale);
  if (file === null) return textAnswer(t(locale, 'supply.plan.empty', { period }));
  return csvFile(`办公用品计划汇总-${period}.csv`, file, locale);
}

function csvFile(filename: string, file: { csv: Buffer; rows: number }, locale: Locale): CommandAnswer {
  return {
    kind: 'file',
    file: {
      filename,
      content: file.csv,
      comment: richT(locale, 'supply.export.ready', { file: filename, count: file.rows }),
    },
  };
}
