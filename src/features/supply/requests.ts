// Supply requests (办公用品申领) on the approval engine: starting one, the keeper's issue in the
// click's transaction (stock out, ledger rows, what is owed, low-stock alerts), and the card's
// key fields.

import { DateTime } from 'luxon';
import { z } from 'zod';
import type { FlowWording } from '../../chat/core/card.ts';
import type { Db } from '../../db/types.ts';
import { itemLabel } from '../../domain/supply/catalog.ts';
import {
  type IssuedLine,
  type RequestLine,
  SUPPLY_DEFINITION_ID,
  SUPPLY_PARAMS,
  SUPPLY_STEP_IDS,
} from '../../domain/supply/definition.ts';
import { MAX_QUANTITY } from '../../domain/supply/numbers.ts';
import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import { AppError } from '../../shared/errors.ts';
import { type Locale, type PlainMessageKey, t } from '../../shared/i18n.ts';
import type { TransitionHook, WorkflowService } from '../workflow/workflow-service.ts';
import { applyStockChange } from './stock.ts';

/** Most lines one request carries (the issue form has an input per line). */
export const MAX_REQUEST_LINES = 20;

/** The longest reason (事由) kept. */
export const MAX_REASON_LENGTH = 500;

const RequestLineSchema = z.object({
  itemId: z.uuid(),
  name: z.string(),
  spec: z.string(),
  unit: z.string(),
  quantity: z.number().int().min(1).max(MAX_QUANTITY),
});
const IssuedLineSchema = z.object({
  itemId: z.uuid(),
  issued: z.number().int().min(0),
  owed: z.number().int().min(0),
  balanceAfter: z.number().int().nullable(),
});

/** The requested lines of an instance (empty when the param is missing or not ours). */
export function requestLinesOf(instance: Pick<WorkflowInstance, 'params'>): RequestLine[] {
  return linesParam(instance.params[SUPPLY_PARAMS.lines], z.array(RequestLineSchema));
}

/** What the keeper issued, once issued (empty before). */
export function issuedLinesOf(instance: Pick<WorkflowInstance, 'params'>): IssuedLine[] {
  return linesParam(instance.params[SUPPLY_PARAMS.issued], z.array(IssuedLineSchema));
}

/**
 * A param of lines, checked: a list of records, or (in requests started before lines were kept as
 * records) the same list as JSON inside a text, read as it was.
 */
function linesParam<T>(value: unknown, schema: z.ZodType<T[]>): T[] {
  let lines = value;
  if (typeof value === 'string') {
    try {
      lines = JSON.parse(value);
    } catch {
      return [];
    }
  }
  const parsed = schema.safeParse(lines);
  return parsed.success ? parsed.data : [];
}

/** A request as the form or the inline command gives it. */
export interface NewSupplyRequest {
  requesterPersonId: string;
  workspaceId: string | null;
  lines: ReadonlyArray<{ itemId: string; quantity: number }>;
  reason: string;
  /** The form's view id or the command's trigger id: sent twice, it starts one request. */
  startKey?: string;
}

/**
 * Starts a request. The same item twice is one line with the quantities added. Throws AppError
 * `supply_no_lines`, `supply_too_many_lines` or `supply_item_unknown` (an item no longer in the
 * catalog). Asking for more than is in stock is allowed: the keeper issues what there is and the
 * rest is owed.
 */
export async function startSupplyRequest(
  deps: { service: WorkflowService; prisma: Db },
  input: NewSupplyRequest,
): Promise<WorkflowInstance> {
  const merged = new Map<string, number>();
  for (const line of input.lines) {
    if (line.quantity < 1) continue;
    merged.set(line.itemId, Math.min(MAX_QUANTITY, (merged.get(line.itemId) ?? 0) + line.quantity));
  }
  if (merged.size === 0) throw new AppError('supply_no_lines', 'a request needs an item and a quantity');
  if (merged.size > MAX_REQUEST_LINES) {
    throw new AppError('supply_too_many_lines', 'too many lines', { params: { max: MAX_REQUEST_LINES } });
  }
  const items = await deps.prisma.supplyItem.findMany({
    where: { id: { in: [...merged.keys()] }, active: true },
    select: { id: true, name: true, spec: true, unit: true },
  });
  const lines: RequestLine[] = [];
  for (const [itemId, quantity] of merged) {
    const item = items.find((i) => i.id === itemId);
    if (!item) throw new AppError('supply_item_unknown', `item ${itemId} is not in the catalog`);
    lines.push({ itemId, name: item.name, spec: item.spec, unit: item.unit, quantity });
  }
  return deps.service.start({
    definitionId: SUPPLY_DEFINITION_ID,
    requesterPersonId: input.requesterPersonId,
    workspaceId: input.workspaceId,
    title: requestTitle(lines),
    secrecy: 'internal',
    urgency: 'normal',
    ...(input.startKey ? { startKey: input.startKey } : {}),
    params: {
      [SUPPLY_PARAMS.lines]: lines,
      [SUPPLY_PARAMS.reason]: input.reason.trim().slice(0, MAX_REASON_LENGTH),
    },
  });
}

/** `办公用品申领：A4纸×5、签字笔×2` (the first three lines, then 等). */
export function requestTitle(lines: readonly RequestLine[]): string {
  const shown = lines.slice(0, 3).map((l) => `${l.name}×${l.quantity}`);
  return `办公用品申领：${shown.join('、')}${lines.length > 3 ? '等' : ''}`;
}

/** Reads the issue form's params (`<itemId>:<quantity>` each); null when they are not that. */
export function parseIssueParam(value: unknown): Map<string, number> | null {
  const parsed = z
    .array(z.string().regex(/^[0-9a-f-]{36}:\d{1,6}$/))
    .max(MAX_REQUEST_LINES)
    .safeParse(value);
  if (!parsed.success) return null;
  const quantities = new Map<string, number>();
  for (const entry of parsed.data) {
    const [itemId = '', quantity = ''] = entry.split(':');
    if (quantities.has(itemId)) return null;
    quantities.set(itemId, Number(quantity));
  }
  return quantities;
}

/** The issue form's params for `quantities` (the form builds them; tests too). */
export function issueParam(quantities: ReadonlyMap<string, number>): string[] {
  return [...quantities].map(([itemId, quantity]) => `${itemId}:${quantity}`);
}

/**
 * The keeper's issue (发放), in the transaction of the click: for each line, stock goes out with
 * one conditional UPDATE (never below zero), a ledger row records it with the balance after, and
 * an issue line records requested, issued and owed. A quantity above what was requested, or an
 * item not on the request, refuses the click (`supply_issue_invalid`); stock short of a quantity
 * refuses it too (`supply_out_of_stock`, naming the item and what is left), and nothing is
 * written. A line issued at 0 is wholly owed. The approval's opinion is why something is owed
 * (无货): issuing 0 of everything without one is refused (`supply_issue_reason_required`), so a
 * request closed with everything owed says why, on its card and in the requester's notice.
 */
export function supplyIssueHook(options: { timeZone: string }): TransitionHook {
  return async (tx, { current, next, action, actorPersonId, now }) => {
    const step = current.steps[current.currentStep];
    if (action.type !== 'approve' || step?.definitionStepId !== SUPPLY_STEP_IDS.issue) return null;
    // Take the instance's row first: a second click of the same card (double submit) waits here,
    // then finds the version moved and does no stock work; the write reports the lost race.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id::text FROM workflow_instance
      WHERE id = ${current.id}::uuid AND version = ${current.version}
      FOR UPDATE`;
    if (locked.length === 0) return null;
    const lines = requestLinesOf(current);
    const quantities = parseIssueParam(action.params?.[SUPPLY_PARAMS.issue]);
    if (quantities === null || [...quantities.keys()].some((id) => !lines.some((l) => l.itemId === id))) {
      throw new AppError('supply_issue_invalid', 'the issue does not match the request');
    }
    for (const line of lines) {
      const quantity = quantities.get(line.itemId) ?? 0;
      if (quantity > line.quantity) {
        throw new AppError('supply_issue_over', 'more than requested', {
          params: { item: itemLabel(line), requested: line.quantity, unit: line.unit },
        });
      }
    }
    const reason = action.comment?.trim() ?? '';
    if (reason === '' && lines.every((l) => (quantities.get(l.itemId) ?? 0) === 0)) {
      throw new AppError('supply_issue_reason_required', 'nothing issued and no reason given');
    }
    const requester = await tx.person.findUnique({
      where: { id: current.requesterId },
      select: { departmentId: true },
    });
    const date = DateTime.fromJSDate(now).setZone(options.timeZone).toISODate() ?? '';
    const issued: IssuedLine[] = [];
    // Items in a fixed order: two issues taking the same items lock their rows in the same order.
    for (const line of [...lines].sort((a, b) => a.itemId.localeCompare(b.itemId))) {
      const quantity = quantities.get(line.itemId) ?? 0;
      let balanceAfter: number | null = null;
      if (quantity > 0) {
        const applied = await applyStockChange(tx, {
          itemId: line.itemId,
          delta: -quantity,
          kind: 'issue',
          actorId: actorPersonId,
          now,
          date,
          instanceId: current.id,
          reason: requester?.departmentId ?? null,
        });
        if (!applied) {
          const item = await tx.supplyItem.findUnique({
            where: { id: line.itemId },
            select: { stock: true },
          });
          throw new AppError('supply_out_of_stock', 'not enough in stock', {
            params: { item: itemLabel(line), stock: item?.stock ?? 0, quantity, unit: line.unit },
          });
        }
        balanceAfter = applied.balanceAfter;
      }
      issued.push({ itemId: line.itemId, issued: quantity, owed: line.quantity - quantity, balanceAfter });
    }
    await tx.supplyIssueLine.createMany({
      data: issued.map((l) => ({
        instanceId: current.id,
        itemId: l.itemId,
        requested: l.issued + l.owed,
        issued: l.issued,
        owed: l.owed,
        issuedById: actorPersonId,
        issuedAt: now,
      })),
    });
    // The request's order on the card, not the locking order.
    const ordered = lines.map((l) => issued.find((i) => i.itemId === l.itemId) as IssuedLine);
    const owedReason: Record<string, string> =
      reason !== '' && ordered.some((l) => l.owed > 0) ? { [SUPPLY_PARAMS.owedReason]: reason } : {};
    return {
      next: {
        ...next,
        params: { ...next.params, [SUPPLY_PARAMS.issued]: ordered, ...owedReason },
      },
      details: {
        issued: ordered.map((l) => ({
          itemId: l.itemId,
          quantity: l.issued,
          owed: l.owed,
          balanceAfter: l.balanceAfter,
        })),
      },
    };
  };
}

/**
 * A request ends issued (已发放), and its requester is told what went out and what is still
 * owed: "A4纸 5包（欠 2包）".
 */
export const supplyWording: FlowWording = {
  family: 'supply',
  // Closed with nothing issued (无货): everything is owed, so it did not end 已发放.
  familyOf: (instance) => (noneIssuedReason(instance) === null ? 'supply' : 'supply_none_issued'),
  facts: (instance, locale) => {
    const lines = requestLinesOf(instance);
    const sep = locale === 'en' ? '; ' : '、';
    const issued = issuedLinesOf(instance).map((i) => {
      const line = lines.find((l) => l.itemId === i.itemId);
      const unit = line?.unit ?? '';
      const owed = i.owed > 0 ? t(locale, 'supply.card.owed_suffix', { owed: i.owed, unit }) : '';
      return `${line ? itemLabel(line) : i.itemId} ${i.issued}${unit}${owed}`;
    });
    return { issued: issued.length > 0 ? issued.join(sep) : '—' };
  },
};

/** The card's field labels (in the feature's messages). */
const LABELS = {
  items: 'supply.card.items',
  reason: 'supply.card.reason',
  issued: 'supply.card.issued',
  owed: 'supply.card.owed',
  owedReason: 'supply.card.owed_reason',
} as const satisfies Record<string, PlainMessageKey>;

/** The key fields of a request's card: what was asked, why, and once issued what went out and what is owed. */
export function supplyCardFields(
  instance: WorkflowInstance,
  locale: Locale,
): Array<{ label: string; value: string }> {
  const lines = requestLinesOf(instance);
  const sep = locale === 'en' ? '; ' : '；';
  const fields: Array<{ label: string; value: string }> = [];
  if (lines.length > 0) {
    fields.push({
      label: t(locale, LABELS.items),
      value: lines.map((l) => `${itemLabel(l)} ×${l.quantity}${l.unit}`).join(sep),
    });
  }
  const reason = instance.params[SUPPLY_PARAMS.reason];
  if (typeof reason === 'string' && reason !== '')
    fields.push({ label: t(locale, LABELS.reason), value: reason });
  const issued = issuedLinesOf(instance);
  const lineOf = (id: string) => lines.find((l) => l.itemId === id);
  const out = issued.filter((i) => i.issued > 0);
  if (issued.length > 0) {
    const left = t(locale, 'supply.card.left');
    fields.push({
      label: t(locale, LABELS.issued),
      value:
        out.length === 0
          ? '—'
          : out
              .map((i) => {
                const line = lineOf(i.itemId);
                const unit = line?.unit ?? '';
                return `${line ? itemLabel(line) : i.itemId} ${i.issued}${unit}（${left} ${i.balanceAfter ?? '?'}${unit}）`;
              })
              .join(sep),
    });
  }
  const owed = issued.filter((i) => i.owed > 0);
  if (owed.length > 0) {
    fields.push({
      label: t(locale, LABELS.owed),
      value: owed
        .map((i) => {
          const line = lineOf(i.itemId);
          return `${line ? itemLabel(line) : i.itemId} ${i.owed}${line?.unit ?? ''}`;
        })
        .join(sep),
    });
    const why = instance.params[SUPPLY_PARAMS.owedReason];
    if (typeof why === 'string' && why !== '')
      fields.push({ label: t(locale, LABELS.owedReason), value: why });
  }
  return fields;
}

/** The reason a request was closed with nothing issued (everything owed); null otherwise. */
export function noneIssuedReason(instance: Pick<WorkflowInstance, 'params'>): string | null {
  const issued = issuedLinesOf(instance);
  const why = instance.params[SUPPLY_PARAMS.owedReason];
  if (issued.length === 0 || issued.some((l) => l.issued > 0) || typeof why !== 'string') return null;
  return why;
}

/**
 * The requester's notice when the keeper issued nothing: what happened and why, instead of an
 * approval (the request stays owed, in `/supply owed` and on the card).
 */
export function supplyNotice(
  instance: WorkflowInstance,
  event: string,
): { key: 'supply.notice.none_issued'; params: { reason: string } } | null {
  const reason = event === 'approved' ? noneIssuedReason(instance) : null;
  return reason === null ? null : { key: 'supply.notice.none_issued', params: { reason } };
}
