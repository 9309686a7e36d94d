// The keeper's 发放 checked against the request and the stock now (reads only), before the step's
// click: on Slack's modal and on the web form alike. The issue itself checks again in its
// transaction, where a concurrent issue may have taken the stock meanwhile.

import { type Locale, t } from '../../shared/i18n.ts';
import { SUPPLY_FIELDS } from './supply-forms.ts';

/** One line of the request as the issue form shows it. */
export interface IssueCheckLine {
  itemId: string;
  label: string;
  unit: string;
  requested: number;
  stock: number;
}

/**
 * What is wrong with issuing `quantities`, by item id (above the request or the stock) and by the
 * reason field (nothing at all issued without a reason, 无货); null when all fit.
 */
export function issueRefusals(
  lines: readonly IssueCheckLine[],
  quantities: ReadonlyMap<string, number>,
  locale: Locale,
  reason: string,
): Record<string, string> | null {
  const errors: Record<string, string> = {};
  for (const line of lines) {
    const quantity = quantities.get(line.itemId) ?? 0;
    const params = {
      item: line.label,
      requested: line.requested,
      stock: line.stock,
      quantity,
      unit: line.unit,
    };
    if (quantity > line.requested) errors[line.itemId] = t(locale, 'error.supply_issue_over', params);
    else if (quantity > line.stock) errors[line.itemId] = t(locale, 'error.supply_out_of_stock', params);
  }
  if (lines.length > 0 && reason === '' && lines.every((l) => (quantities.get(l.itemId) ?? 0) === 0)) {
    errors[SUPPLY_FIELDS.reason] = t(locale, 'error.supply_issue_reason_required');
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
