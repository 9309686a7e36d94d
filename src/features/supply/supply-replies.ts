// What `/supply` answers with, for every platform: the help, nonsense explained, the stock list,
// the owed list with its 补发 buttons, the plans added up, and the line that says a request
// started. Words are the catalog's; what people and the keeper typed (names, units, departments)
// stays plain text, so each platform's renderer escapes it for its own markup.

import {
  joinRich,
  REPLY_LIMITS,
  type Reply,
  type ReplyBlock,
  type RichText,
  richT,
  strong,
  textReply,
  truncateText,
} from '../../chat/core/reply.ts';
import { type CatalogItem, itemLabel } from '../../domain/supply/catalog.ts';
import type { SupplyCommand } from '../../domain/supply/command.ts';
import { formatFen } from '../../domain/supply/numbers.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { OwedLine } from './supply-forms.ts';

/** The actions of the buttons `/supply` replies carry (on Slack, their action ids). */
export const SUPPLY_ACTIONS = {
  /** 补发 on an owed line of `/supply owed`; the value is the issue line's id. */
  issueOwed: 'supply_issue_owed',
} as const;

/**
 * `text` cut to `max` characters as read (the marks of emphasis not counted), ending with an
 * ellipsis when something was cut; each run keeps its emphasis.
 */
export function truncateRich(text: RichText, max: number): RichText {
  const whole = text.reduce((n, run) => n + (typeof run === 'string' ? run : run.text).length, 0);
  if (whole <= max) return text;
  // The cut falls where the plain text's cut falls: the runs before it whole, the one it splits cut.
  const cut = truncateText(text.map((run) => (typeof run === 'string' ? run : run.text)).join(''), max);
  const keep = cut.length - 1;
  const out: RichText[number][] = [];
  let used = 0;
  for (const run of text) {
    const words = typeof run === 'string' ? run : run.text;
    if (used + words.length <= keep) {
      out.push(run);
      used += words.length;
      continue;
    }
    const part = words.slice(0, keep - used);
    if (part !== '') out.push(typeof run === 'string' ? part : { ...run, text: part });
    break;
  }
  return [...out, '…'];
}

/** `/supply help`: what each sub-command does, under a bold title. */
export function supplyHelpReply(locale: Locale): Reply {
  return textReply(richT(locale, 'supply.help', { title: strong(t(locale, 'supply.help.title')) }));
}

/** What `/supply …` that could not be read says (the typed text shortened, on one line). */
export function invalidCommandRich(
  request: Extract<SupplyCommand, { kind: 'invalid' }>,
  locale: Locale,
): RichText {
  const echo = (typed: string) => truncateText(typed.replace(/[`\n]/g, ' '), 40);
  if (request.reason === 'quantity_missing')
    return richT(locale, 'supply.invalid.quantity_missing', {
      item: echo(request.item),
      word: echo(request.word),
    });
  return richT(locale, `supply.invalid.${request.reason}`, { input: echo(request.input) });
}

/** The catalog with its stock and price, low items marked; the catalog's emptiness said. */
export function supplyStockReply(catalog: readonly CatalogItem[], locale: Locale): Reply {
  if (catalog.length === 0) return textReply(t(locale, 'supply.catalog.empty'));
  const lines = catalog.map((item) => {
    const low = item.stock < item.lowStockThreshold ? ` ${t(locale, 'supply.stock.low')}` : '';
    return [`• ${itemLabel(item)}  ${item.stock}${item.unit}  ¥${formatFen(item.unitPriceFen)}${low}`];
  });
  return textReply(
    truncateRich(
      joinRich([[strong(t(locale, 'supply.stock.header'))], ...lines], '\n'),
      REPLY_LIMITS.sectionText,
    ),
  );
}

/** `/supply owed`: a section per line, with 补发 while there is stock to issue. */
export function supplyOwedReply(locale: Locale, lines: readonly OwedLine[]): Reply {
  if (lines.length === 0) return textReply(t(locale, 'supply.owed.none'));
  const row = (l: OwedLine) =>
    richT(locale, 'supply.owed.row', {
      item: l.label,
      owed: l.owed,
      unit: l.unit,
      person: l.requester,
      stock: l.stock,
    });
  // The heading takes one block; the rest are rows.
  const shown = lines.slice(0, REPLY_LIMITS.blocks - 1);
  const header = [strong(t(locale, 'supply.owed.header'))];
  const blocks: ReplyBlock[] = [
    { kind: 'section', text: header },
    ...shown.map(
      (l): ReplyBlock => ({
        kind: 'section',
        text: truncateRich(row(l), REPLY_LIMITS.sectionText),
        ...(l.stock > 0
          ? {
              button: {
                label: t(locale, 'supply.owed.button'),
                action: SUPPLY_ACTIONS.issueOwed,
                value: l.lineId,
              },
            }
          : {}),
      }),
    ),
  ];
  const text = truncateRich(
    joinRich([header, ...shown.map((l) => ['• ', ...row(l)])], '\n'),
    REPLY_LIMITS.sectionText,
  );
  return { text, blocks };
}

/** The departments' plans for a period added up (what `/supply plan summary` shows the office). */
export interface PlanSummaryView {
  totalFen: number;
  rows: ReadonlyArray<{
    label: string;
    unit: string;
    total: number;
    estimateFen: number;
    byDepartment: ReadonlyMap<string, number>;
  }>;
}

/** `/supply plan summary`: a line per item with each department's quantity, under the total. */
export function supplyPlanSummaryReply(
  summary: PlanSummaryView,
  period: string,
  locale: Locale,
  departmentName: (id: string, locale: Locale) => string,
): Reply {
  if (summary.rows.length === 0) return textReply(t(locale, 'supply.plan.empty', { period }));
  const sep = locale === 'en' ? ', ' : '、';
  const lines = summary.rows.map((r) => {
    const parts = [...r.byDepartment].map(([d, q]) => `${departmentName(d, locale)} ${q}`).join(sep);
    return [`• ${r.label} ${r.total}${r.unit} ¥${formatFen(r.estimateFen)}（${parts}）`];
  });
  const header = richT(locale, 'supply.plan.summary_header', {
    title: strong(t(locale, 'supply.plan.summary_header.title', { period })),
    total: formatFen(summary.totalFen),
  });
  return textReply(truncateRich(joinRich([header, ...lines], '\n'), REPLY_LIMITS.sectionText));
}

/** A request started: what it is called and who reviews it first. */
export function supplyStartedReply(locale: Locale, started: { title: string; firstReviewer: string }): Reply {
  return textReply(
    richT(locale, 'supply.request.started', { title: started.title, person: started.firstReviewer }),
  );
}

/** The keeper's alert that an item fell below its threshold (预警), with its stock now. */
export function lowStockAlertRich(locale: Locale, item: CatalogItem): RichText {
  return richT(locale, 'supply.low_stock.alert', {
    item: itemLabel(item),
    stock: item.stock,
    unit: item.unit,
    threshold: item.lowStockThreshold,
  });
}
