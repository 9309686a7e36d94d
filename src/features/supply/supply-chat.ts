// The database side of the /supply listeners: who the Slack user is, the catalog, starting a
// request, the keeper's forms (issue, import, stock-in, count), plans, lists and exports.

import { DateTime } from 'luxon';
import { type CatalogItem, itemLabel, matchItem } from '../../domain/supply/catalog.ts';
import { type QuantityMissing, quantityMissingIn, type TypedLine } from '../../domain/supply/command.ts';
import { SUPPLY_DEFINITION_ID, SUPPLY_STEP_IDS } from '../../domain/supply/definition.ts';
import { currentPeriods, nextPeriods } from '../../domain/supply/period.ts';
import { waitingOn } from '../../domain/workflow/index.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Locale } from '../../shared/i18n.ts';
import { instanceFromRow } from '../workflow/instance-row.ts';
import type { WorkflowService } from '../workflow/workflow-service.ts';
import {
  type CatalogItemChange,
  changeCatalogItem,
  importCatalog,
  KEEPER_ROLE,
  listCatalog,
  OFFICE_ROLES,
  parseCatalogCsv,
  requireRole,
} from './catalog.ts';
import { ledgerCsv, planSummaryCsv } from './exports.ts';
import { planSummary, submitPlan } from './plans.ts';
import { requestLinesOf, startSupplyRequest } from './requests.ts';
import { issueOwed, stockIn, stockTake } from './stock-ops.ts';

/** An inline line resolved against the catalog. */
export type ResolvedLine =
  | { kind: 'found'; item: CatalogItem; quantity: number }
  | { kind: 'ambiguous'; typed: string; candidates: CatalogItem[]; quantity: number }
  | { kind: 'missing'; typed: string; quantity: number };

export function createSupplyChatDeps(deps: {
  prisma: PrismaClient;
  service: WorkflowService;
  clock: Clock;
  timeZone: string;
  namesOf(personIds: readonly string[], locale: Locale): Promise<Map<string, string>>;
  departmentName(id: string, locale: Locale): string;
  /** Wakes the outbox dispatcher after a commit that wrote messages. */
  onOutboxWritten?: () => void;
}) {
  const { prisma, clock, timeZone } = deps;
  const today = () => DateTime.fromJSDate(clock.now()).setZone(timeZone).toISODate() ?? '';

  return {
    today,
    nextPeriods: () => nextPeriods(clock.now(), timeZone),
    catalog: () => listCatalog(prisma),

    /**
     * The typed lines matched against the catalog (found, ambiguous or missing each), and the first
     * line whose last word stands where its quantity goes (`复印纸 abc`), if any.
     */
    async resolveLines(lines: readonly TypedLine[]): Promise<{
      catalog: CatalogItem[];
      resolved: ResolvedLine[];
      quantityMissing: QuantityMissing | null;
    }> {
      const catalog = await listCatalog(prisma);
      const resolved = lines.map((line): ResolvedLine => {
        const match = matchItem(catalog, line.item);
        if (match.kind === 'found') return { kind: 'found', item: match.item, quantity: line.quantity };
        if (match.kind === 'ambiguous')
          return {
            kind: 'ambiguous',
            typed: line.item,
            candidates: match.candidates,
            quantity: line.quantity,
          };
        return { kind: 'missing', typed: line.item, quantity: line.quantity };
      });
      // `复印纸 abc`: a word where the quantity goes, unless the whole name is an item (`铅笔 HB`).
      const quantityMissing = quantityMissingIn(lines, (_, i) => resolved[i]?.kind !== 'missing');
      return { catalog, resolved, quantityMissing };
    },

    /** Starts a request; the first reviewer's name. AppErrors propagate. */
    async startRequest(input: {
      workspaceId: string | null;
      requesterPersonId: string;
      lines: ReadonlyArray<{ itemId: string; quantity: number }>;
      reason: string;
      locale: Locale;
      /** Sent twice with the same key (a retried form or command), it starts one request. */
      startKey?: string;
    }): Promise<{ title: string; firstReviewer: string }> {
      const instance = await startSupplyRequest(
        { service: deps.service, prisma },
        {
          requesterPersonId: input.requesterPersonId,
          workspaceId: input.workspaceId,
          lines: input.lines,
          reason: input.reason,
          ...(input.startKey ? { startKey: input.startKey } : {}),
        },
      );
      const first = waitingOn(instance);
      const names = await deps.namesOf(first, input.locale);
      return {
        title: instance.title ?? '',
        firstReviewer: first.map((id) => names.get(id) ?? id).join('、'),
      };
    },

    /** The issue form's lines (requested, and stock now); [] when the request no longer waits on issuing. */
    async issueLines(instanceId: string) {
      const row = await prisma.workflowInstance.findUnique({ where: { id: instanceId } });
      if (!row || row.definitionId !== SUPPLY_DEFINITION_ID) return [];
      const instance = instanceFromRow(row);
      const step = instance.steps[instance.currentStep];
      if (instance.status !== 'running' || step?.definitionStepId !== SUPPLY_STEP_IDS.issue) return [];
      const lines = requestLinesOf(instance);
      const items = await prisma.supplyItem.findMany({
        where: { id: { in: lines.map((l) => l.itemId) } },
        select: { id: true, stock: true },
      });
      return lines.map((l) => ({
        itemId: l.itemId,
        label: itemLabel(l),
        unit: l.unit,
        requested: l.quantity,
        stock: items.find((i) => i.id === l.itemId)?.stock ?? 0,
      }));
    },

    /** Refuses (AppError) a person who is not a keeper; reads only. */
    async checkKeeper(id: string): Promise<string> {
      await requireRole(prisma, id, [KEEPER_ROLE]);
      return id;
    },

    /** Refuses (AppError) a person who does not see office-wide summaries (office head or keeper). */
    async checkOffice(id: string): Promise<string> {
      await requireRole(prisma, id, OFFICE_ROLES);
      return id;
    },

    parseCatalogCsv,
    importCatalog: (actorId: string, rows: Parameters<typeof importCatalog>[1]['rows']) =>
      importCatalog(prisma, { rows, actorId, now: clock.now(), timeZone }),

    stockIn: (
      actorId: string,
      input: { itemId: string; quantity: number; unitPriceFen: number; supplier: string; date: string },
      requestKey: string | null,
    ) => stockIn(prisma, { ...input, actorId, now: clock.now(), timeZone, requestKey }),

    /** 补发: issue `quantity` of what is owed on the line; the requester is told. */
    issueOwed: (actorId: string, lineId: bigint, quantity: number, requestKey: string | null) =>
      issueOwed(prisma, {
        actorId,
        lineId,
        quantity,
        now: clock.now(),
        timeZone,
        requestKey,
        ...(deps.onOutboxWritten ? { onOutboxWritten: deps.onOutboxWritten } : {}),
      }),

    /** Every item, withdrawn ones too (the catalog form can take them back). */
    allItems: () =>
      prisma.supplyItem.findMany({
        orderBy: [{ active: 'desc' }, { name: 'asc' }, { spec: 'asc' }],
        select: {
          id: true,
          name: true,
          spec: true,
          unit: true,
          stock: true,
          unitPriceFen: true,
          lowStockThreshold: true,
          active: true,
        },
      }),
    changeItem: (actorId: string, itemId: string, change: CatalogItemChange) =>
      changeCatalogItem(prisma, { actorId, itemId, change, now: clock.now() }),

    stockTake: (actorId: string, counted: ReadonlyMap<string, number>, reason: string) =>
      stockTake(prisma, { actorId, counted, reason, now: clock.now(), timeZone }),

    submitPlan: (
      personId: string,
      period: string,
      lines: ReadonlyArray<{ itemId: string; quantity: number }>,
    ) => submitPlan(prisma, { personId, period, lines, now: clock.now() }),

    /** The period asked, or the next month when none was. */
    defaultPeriod: () => nextPeriods(clock.now(), timeZone).month,
    currentPeriods: () => currentPeriods(clock.now(), timeZone),
    planSummary: (period: string) => planSummary(prisma, period),
    planSummaryCsv: (period: string, locale: Locale) =>
      planSummaryCsv(prisma, { period, departmentName: (id) => deps.departmentName(id, locale) }),
    ledgerCsv: (year: number | null, locale: Locale) =>
      ledgerCsv(prisma, { year, timeZone, departmentName: (id) => deps.departmentName(id, locale) }),

    /** What is still owed (欠发), oldest first. */
    async owed() {
      const lines = await prisma.supplyIssueLine.findMany({
        where: { owed: { gt: 0 } },
        orderBy: { issuedAt: 'asc' },
        take: 50,
        include: { item: true, instance: { select: { requesterId: true } } },
      });
      return lines.map((l) => ({
        lineId: String(l.id),
        stock: l.item.stock,
        instanceId: l.instanceId,
        requesterId: l.instance.requesterId,
        label: itemLabel(l.item),
        unit: l.item.unit,
        owed: l.owed,
        issuedAt: l.issuedAt,
      }));
    },
    namesOf: deps.namesOf,
    departmentName: deps.departmentName,
  };
}

/** What the /supply listeners get. */
export type SupplyChatService = ReturnType<typeof createSupplyChatDeps>;
