// What the keeper's forms do once read, for every platform: the catalog import, stock-in (入库),
// 补发 of what is owed, an item changed (目录维护) and the stock-take (盘点). Each calls the
// service and answers with what the keeper is told (names and units plain, for each platform to
// escape), or with refusals beside the form's fields when nothing was written.

import { appErrorText } from '../../chat/core/flow.ts';
import { joinRich, REPLY_LIMITS, type RichText, richT, truncateText } from '../../chat/core/reply.ts';
import { itemLabel } from '../../domain/supply/catalog.ts';
import { formatFen } from '../../domain/supply/numbers.ts';
import { isAppError } from '../../shared/errors.ts';
import { type Locale, t } from '../../shared/i18n.ts';
import type { SupplyChatService } from './supply-chat.ts';
import { SUPPLY_FIELDS, type SupplyItemEdit } from './supply-forms.ts';
import { truncateRich } from './supply-replies.ts';

/** What a keeper's form came to: what the keeper is told, or refusals by field id (nothing written). */
export type KeeperOutcome = { ok: true; text: RichText } | { ok: false; errors: Record<string, string> };

/**
 * A keeper's form applied for the keeper `actorId` (already checked). `requestKey` is the key that
 * books a form sent twice once (a modal's id, a web-form link's).
 */
export type KeeperWork<T> = (
  deps: SupplyChatService,
  actorId: string,
  value: T,
  locale: Locale,
  requestKey: string,
) => Promise<KeeperOutcome>;

/** A stock-in as its form reads. */
export type SupplyStockIn = Parameters<SupplyChatService['stockIn']>[1];

const done = (text: RichText): KeeperOutcome => ({ ok: true, text });

/** The catalog import: every line checked first; the stock of existing items is left as booked. */
export const importCatalogWork: KeeperWork<string> = async (deps, actorId, csv, locale) => {
  const parsed = deps.parseCatalogCsv(csv);
  if (!parsed.ok) return { ok: false, errors: { [SUPPLY_FIELDS.csv]: importErrorText(parsed, locale) } };
  const result = await deps.importCatalog(actorId, parsed.rows);
  const ignored = result.stockIgnored.map((s) =>
    richT(locale, 'supply.import.stock_ignored', { item: itemLabel(s), booked: s.booked, file: s.inFile }),
  );
  const summary = t(locale, 'supply.import.done', {
    created: result.created,
    updated: result.updated,
    unchanged: result.unchanged,
  });
  return done(truncateRich(joinRich([[summary], ...ignored], '\n'), REPLY_LIMITS.sectionText));
};

/** Stock-in (入库): booked once per form. */
export const stockInWork: KeeperWork<SupplyStockIn> = async (deps, actorId, value, locale, requestKey) => {
  const booked = await deps.stockIn(actorId, value, requestKey);
  return done(
    richT(locale, 'supply.in.done', {
      item: booked.label,
      quantity: value.quantity,
      unit: booked.unit,
      stock: booked.balanceAfter,
      supplier: value.supplier,
    }),
  );
};

/** 补发 of what is owed: more than is owed or in stock now is said beside the quantity. */
export const issueOwedWork: KeeperWork<{ lineId: bigint; quantity: number }> = async (
  deps,
  actorId,
  value,
  locale,
  requestKey,
) => {
  let issued: Awaited<ReturnType<typeof deps.issueOwed>>;
  try {
    issued = await deps.issueOwed(actorId, value.lineId, value.quantity, requestKey);
  } catch (error) {
    // More than is owed or in stock now: said on the form, so the keeper can correct it.
    if (!isAppError(error) || !['supply_owed_over', 'supply_out_of_stock'].includes(error.code)) throw error;
    return { ok: false, errors: { [SUPPLY_FIELDS.quantity]: appErrorText(locale, error) } };
  }
  const names = await deps.namesOf([issued.requesterId], locale);
  return done(
    richT(locale, 'supply.owed.done', {
      item: issued.label,
      quantity: issued.quantity,
      unit: issued.unit,
      owed: issued.owedAfter,
      stock: issued.balanceAfter,
      person: names.get(issued.requesterId) ?? issued.requesterId,
    }),
  );
};

/** An item's unit, price, threshold or use changed: what changed is listed. */
export const changeItemWork: KeeperWork<SupplyItemEdit> = async (deps, actorId, value, locale) => {
  const { itemId, ...change } = value;
  const { before, after } = await deps.changeItem(actorId, itemId, change);
  const changes: RichText[] = [];
  if (before.unit !== after.unit)
    changes.push(richT(locale, 'supply.edit.change.unit', { from: before.unit, to: after.unit }));
  if (before.unitPriceFen !== after.unitPriceFen) {
    const prices = { from: formatFen(before.unitPriceFen), to: formatFen(after.unitPriceFen) };
    changes.push(richT(locale, 'supply.edit.change.price', prices));
  }
  if (before.lowStockThreshold !== after.lowStockThreshold) {
    const thresholds = { from: before.lowStockThreshold, to: after.lowStockThreshold };
    changes.push(richT(locale, 'supply.edit.change.threshold', thresholds));
  }
  if (before.active !== after.active)
    changes.push(
      richT(locale, after.active ? 'supply.edit.change.restored' : 'supply.edit.change.withdrawn'),
    );
  return done(
    richT(locale, 'supply.edit.done', {
      item: itemLabel(after),
      changes:
        changes.length > 0
          ? joinRich(changes, locale === 'en' ? ', ' : '，')
          : t(locale, 'supply.edit.change.none'),
    }),
  );
};

/** The stock-take (盘点): the differences from the books; with any, a reason is asked for first. */
export const stockTakeWork: KeeperWork<{ counted: Map<string, number>; reason: string }> = async (
  deps,
  actorId,
  value,
  locale,
) => {
  let report: Awaited<ReturnType<typeof deps.stockTake>>;
  try {
    report = await deps.stockTake(actorId, value.counted, value.reason);
  } catch (error) {
    if (isAppError(error) && error.code === 'supply_reason_required')
      return { ok: false, errors: { [SUPPLY_FIELDS.reason]: appErrorText(locale, error) } };
    throw error;
  }
  if (report.length === 0) return done(richT(locale, 'supply.count.match'));
  const lines = report.map((r) =>
    richT(locale, 'supply.count.difference', {
      item: r.label,
      booked: r.booked,
      counted: r.counted,
      difference: r.difference > 0 ? `+${r.difference}` : String(r.difference),
      unit: r.unit,
    }),
  );
  const header = t(locale, 'supply.count.done', { count: report.length });
  return done(truncateRich(joinRich([[header], ...lines], '\n'), REPLY_LIMITS.sectionText));
};

/** Every problem of an import, by line, within what a form can show beside the field. */
export function importErrorText(
  parsed: Extract<ReturnType<SupplyChatService['parseCatalogCsv']>, { ok: false }>,
  locale: Locale,
): string {
  if (parsed.malformedAt !== null)
    return t(locale, 'supply.import.error.malformed', { line: parsed.malformedAt });
  if (parsed.missingColumns.length > 0) {
    return t(locale, 'supply.import.error.columns', {
      columns: parsed.missingColumns
        .map((c) => t(locale, `supply.import.column.${c}` as 'supply.import.column.name'))
        .join(locale === 'en' ? ', ' : '、'),
    });
  }
  const lines = parsed.errors.map((e) =>
    t(locale, 'supply.import.error.line', {
      line: e.line,
      column: e.column ?? '—',
      problem: t(locale, `supply.import.problem.${e.problem}` as 'supply.import.problem.missing'),
    }),
  );
  return truncateText(
    [t(locale, 'supply.import.error.header', { count: parsed.errors.length }), ...lines].join(' '),
    1900,
  );
}
