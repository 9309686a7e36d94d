// The figures of a report (定期通报), per department: items finished on time, finished late, still
// overdue, and the average handling time; plus the longest-overdue items. Pure: the rows come
// from src/features/reports/queries.ts, the rendering from the chat layer.
//
// Definitions (also in docs/features/reports.md):
// - finished: the item reached 同意/办结 (`approved`) or 驳回 (`rejected`) inside the period;
//   cancelled (撤销) items were withdrawn, not handled, and are not counted.
// - late (超时办结): finished, and at least one of its steps finished after that step's deadline.
// - on time (按时办结): finished, and no step finished after its deadline (steps without a
//   deadline are never late).
// - overdue (仍超期): still running at the report's time, and its current step's deadline passed.
//   Counted as of the report's time whatever the period, since "still" is about now.
// - handling time: from start (拟稿/登记) to finish, in calendar hours, averaged over the finished
//   items; hours rather than working days because an office reads "26.5 小时" without doubt,
//   while working days need the calendar the deadline used.
// - department: the lead department (主办) of an incoming document once 批办 named it, else the
//   requester's department.

import type { SecrecyLevel } from '../org.ts';
import { isClassified } from '../workflow/start-instance.ts';
import type { LocalizedText, Urgency } from '../workflow/types.ts';
import type { ReportPeriod } from './period.ts';

/** A finished item, as the report counts it. */
export interface FinishedReportItem {
  instanceId: string;
  departmentId: string;
  startedAt: Date;
  finishedAt: Date;
  /** Steps that finished after their deadline (0 = on time). */
  lateSteps: number;
}

/** An item still running whose current step's deadline has passed. */
export interface OverdueReportItem {
  instanceId: string;
  departmentId: string;
  definitionId: string;
  /** Stored title; dropped for classified items by {@link aggregateReport}, whatever is stored. */
  title: string | null;
  reference: string | null;
  secrecy: SecrecyLevel;
  urgency: Urgency;
  stepName: LocalizedText;
  deadline: Date;
  /** The people the step waits on. */
  waitingOn: string[];
}

/** A department as the report names it. */
export interface ReportDepartment {
  id: string;
  name: string;
  nameEn: string | null;
  /** Always listed (with zeros): the office and the business departments. */
  alwaysListed: boolean;
}

/** One department's figures. */
export interface DepartmentFigures {
  departmentId: string;
  name: string;
  nameEn: string | null;
  onTime: number;
  late: number;
  overdue: number;
  /** Average start-to-finish time of the items finished in the period, in hours (1 decimal); null when none. */
  averageHours: number | null;
}

/** One of the longest-overdue items. Classified items carry no title: reference only. */
export interface OverdueListItem {
  instanceId: string;
  definitionId: string;
  /** Null for items at 秘密 and above. */
  title: string | null;
  reference: string | null;
  secrecy: SecrecyLevel;
  classified: boolean;
  urgency: Urgency;
  departmentId: string;
  stepName: LocalizedText;
  deadline: string;
  /** Whole hours past the deadline at the report's time. */
  hoursOverdue: number;
  waitingOn: string[];
}

/** A whole report, as stored in outbox payloads (JSON-safe: ISO strings, no Dates). */
export interface ReportFigures {
  period: { kind: ReportPeriod['kind']; label: string; start: string; end: string };
  /** The report's time: "still overdue" is as of then. */
  generatedAt: string;
  departments: DepartmentFigures[];
  total: Omit<DepartmentFigures, 'departmentId' | 'name' | 'nameEn'>;
  /** The longest-overdue items, most overdue first, at most `overdueListLimit`. */
  longestOverdue: OverdueListItem[];
}

/** How many longest-overdue items a report lists. */
export const OVERDUE_LIST_LIMIT = 10;

const HOUR_MS = 60 * 60 * 1000;

function averageHours(durationsMs: readonly number[]): number | null {
  if (durationsMs.length === 0) return null;
  const mean = durationsMs.reduce((sum, ms) => sum + ms, 0) / durationsMs.length;
  return Math.round((mean / HOUR_MS) * 10) / 10;
}

/**
 * The report's figures: one row per department in `departments` order (those `alwaysListed`,
 * and any other with a figure), then departments the directory no longer lists (kept by id, so
 * nothing counted disappears), and the total over all.
 */
export function aggregateReport(input: {
  period: ReportPeriod;
  now: Date;
  departments: readonly ReportDepartment[];
  finished: readonly FinishedReportItem[];
  overdue: readonly OverdueReportItem[];
  overdueListLimit?: number;
}): ReportFigures {
  const { period, now } = input;
  const inPeriod = input.finished.filter(
    (item) =>
      item.finishedAt.getTime() >= period.start.getTime() && item.finishedAt.getTime() < period.end.getTime(),
  );
  const overdue = input.overdue.filter((item) => item.deadline.getTime() < now.getTime());

  const known = new Map(input.departments.map((d) => [d.id, d]));
  const order = [...input.departments.map((d) => d.id)];
  for (const id of [...inPeriod.map((i) => i.departmentId), ...overdue.map((i) => i.departmentId)]) {
    if (!order.includes(id)) order.push(id);
  }
  const rowOf = (
    items: readonly FinishedReportItem[],
    overdueCount: number,
  ): Omit<DepartmentFigures, 'departmentId' | 'name' | 'nameEn'> => ({
    onTime: items.filter((i) => i.lateSteps === 0).length,
    late: items.filter((i) => i.lateSteps > 0).length,
    overdue: overdueCount,
    averageHours: averageHours(items.map((i) => i.finishedAt.getTime() - i.startedAt.getTime())),
  });
  const departments: DepartmentFigures[] = [];
  for (const id of order) {
    const items = inPeriod.filter((i) => i.departmentId === id);
    const overdueCount = overdue.filter((i) => i.departmentId === id).length;
    const department = known.get(id);
    if (!department?.alwaysListed && items.length === 0 && overdueCount === 0) continue;
    departments.push({
      departmentId: id,
      name: department?.name ?? id,
      nameEn: department?.nameEn ?? null,
      ...rowOf(items, overdueCount),
    });
  }

  const longestOverdue = [...overdue]
    .sort((a, b) => a.deadline.getTime() - b.deadline.getTime() || a.instanceId.localeCompare(b.instanceId))
    .slice(0, input.overdueListLimit ?? OVERDUE_LIST_LIMIT)
    .map((item): OverdueListItem => {
      const classified = isClassified(item.secrecy);
      return {
        instanceId: item.instanceId,
        definitionId: item.definitionId,
        title: classified ? null : item.title,
        reference: item.reference,
        secrecy: item.secrecy,
        classified,
        urgency: item.urgency,
        departmentId: item.departmentId,
        stepName: item.stepName,
        deadline: item.deadline.toISOString(),
        hoursOverdue: Math.floor((now.getTime() - item.deadline.getTime()) / HOUR_MS),
        waitingOn: item.waitingOn,
      };
    });

  return {
    period: {
      kind: period.kind,
      label: period.label,
      start: period.start.toISOString(),
      end: period.end.toISOString(),
    },
    generatedAt: now.toISOString(),
    departments,
    total: rowOf(inPeriod, overdue.length),
    longestOverdue,
  };
}
