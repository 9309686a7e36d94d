// Who is asked at each step, from a snapshot of the organisation directory. Pure: the service
// loads the snapshot (people, departments, seals) and passes it in.

import { AppError } from '../../shared/errors.ts';
import type { DepartmentKind, HeadRank, SealState, SecrecyLevel } from '../org.ts';
import { paramList } from './params.ts';
import type {
  AssigneeRule,
  Assignment,
  ParamValue,
  StepKind,
  StepState,
  WorkflowDefinition,
} from './types.ts';

/** A person as the rules need them. */
export interface DirectoryPerson {
  id: string;
  departmentId: string;
  /** Roles of `ROLES` in org.ts (`department_head`, `office_head`, `leader`, …). */
  roles: readonly string[];
  /** 正职/副职 for department heads; null for everyone else. */
  headRank: HeadRank | null;
  /** Inactive people (left, deactivated) are never assigned. */
  active: boolean;
  /**
   * Highest secrecy level the person may see. When known, an item above it is never put before
   * them: starting it is refused (`assignee_not_cleared`). Unknown (left out): not checked.
   */
  clearance?: SecrecyLevel;
}

export interface DirectoryDepartment {
  id: string;
  kind: DepartmentKind;
  /** The leader in charge (分管领导); null for the leadership itself. */
  supervisingLeaderId: string | null;
}

export interface DirectorySeal {
  id: string;
  custodianId: string;
  active: boolean;
  state: SealState;
}

/**
 * The organisation directory at the moment an instance starts. Arrays are in directory order
 * (the org file's `sort_order`): where a rule finds several people and needs one, the order
 * decides.
 */
export interface DirectorySnapshot {
  people: readonly DirectoryPerson[];
  departments: readonly DirectoryDepartment[];
  seals: readonly DirectorySeal[];
}

/** What `resolveAssignees` needs: the directory, who asks, and the instance's run-time params. */
export interface AssigneeContext {
  directory: DirectorySnapshot;
  requesterId: string;
  params: Readonly<Record<string, ParamValue>>;
}

type RoleRuleName = Extract<AssigneeRule, { kind: 'role' }>['role'];

const RULE_LABELS: Record<RoleRuleName | 'seal_custodian', { zh: string; en: string }> = {
  department_head: { zh: '部门负责人', en: 'department head' },
  office_head: { zh: '办公室负责人', en: 'office head' },
  supervising_leader: { zh: '分管领导', en: 'supervising leader' },
  director: { zh: '局长', en: 'director' },
  print_room: { zh: '文印室', en: 'print room' },
  secretary: { zh: '办公室秘书', en: 'secretary' },
  archivist: { zh: '档案管理员', en: 'archivist' },
  supplies_keeper: { zh: '办公用品管理员', en: 'supplies keeper' },
  seal_custodian: { zh: '印章保管人', en: 'seal custodian' },
};

const HEAD_ORDER: Record<HeadRank | 'none', number> = { principal: 0, deputy: 1, none: 2 };

/**
 * The people a rule names, in order, never an inactive one (pure).
 * - `department_head` (reviewer rule, seed 004 art. 8): one person: the principal head of the
 *   requester's department (a deputy when there is no principal); when the requester is a head,
 *   another active head of the department (principal first); when the requester is its only
 *   active head, the requester, who must still do the step.
 * - `supervising_leader`: the leader in charge of the requester's department.
 * - other roles: every active person holding that role, unit-wide.
 * - `seal_custodian`: the custodian of the seal `params.sealId` (the seal must be in use).
 * - `runtime`: the people in `params[key]`, in the given order, duplicates dropped.
 *
 * Throws AppError `no_assignee` (params `rule`, `ruleZh`, `ruleEn`) when nobody is found,
 * `requester_unknown` when a rule needs the requester's department and the requester is not in
 * the directory, and `assignee_unavailable` (param `person`) when a runtime pick is unknown or
 * inactive: the requester chose them, so dropping them silently would change the route.
 */
export function resolveAssignees(rule: AssigneeRule, ctx: AssigneeContext): string[] {
  const { directory } = ctx;
  const activeWithRole = (role: string) =>
    directory.people.filter((p) => p.active && p.roles.includes(role)).map((p) => p.id);

  switch (rule.kind) {
    case 'role': {
      switch (rule.role) {
        case 'department_head':
          return orNobody(rule, reviewerFor(ctx));
        case 'supervising_leader': {
          const requester = requesterOf(ctx);
          const department = directory.departments.find((d) => d.id === requester.departmentId);
          const leader = directory.people.find((p) => p.id === department?.supervisingLeaderId);
          return orNobody(rule, leader?.active ? [leader.id] : []);
        }
        default:
          return orNobody(rule, activeWithRole(rule.role));
      }
    }
    case 'seal_custodian': {
      const sealId = ctx.params.sealId;
      const seal = directory.seals.find((s) => s.id === sealId);
      const custodian =
        seal?.active && seal.state === 'active'
          ? directory.people.find((p) => p.id === seal.custodianId && p.active)
          : undefined;
      return orNobody(rule, custodian ? [custodian.id] : []);
    }
    case 'runtime': {
      const value = ctx.params[rule.key];
      const ids = [
        ...new Set(
          paramList(value)
            .map(trim)
            .filter((id) => id !== ''),
        ),
      ];
      for (const id of ids) {
        if (!directory.people.some((p) => p.id === id && p.active)) {
          throw new AppError(
            'assignee_unavailable',
            `Person "${id}" (params.${rule.key}) is unknown or inactive`,
            {
              params: { person: id, key: rule.key },
            },
          );
        }
      }
      return orNobody(rule, ids);
    }
  }
}

function reviewerFor(ctx: AssigneeContext): string[] {
  const requester = requesterOf(ctx);
  const heads = ctx.directory.people
    .filter(
      (p) => p.active && p.departmentId === requester.departmentId && p.roles.includes('department_head'),
    )
    .map((p, index) => ({ p, index }))
    .sort(
      (a, b) => HEAD_ORDER[a.p.headRank ?? 'none'] - HEAD_ORDER[b.p.headRank ?? 'none'] || a.index - b.index,
    )
    .map(({ p }) => p.id);
  const others = heads.filter((id) => id !== requester.id);
  if (others.length > 0) return [others[0] as string];
  // The requester is the department's only active head: they review their own draft (art. 8).
  return heads.includes(requester.id) ? [requester.id] : [];
}

function requesterOf(ctx: AssigneeContext): DirectoryPerson {
  const requester = ctx.directory.people.find((p) => p.id === ctx.requesterId);
  if (!requester) {
    throw new AppError('requester_unknown', `Requester "${ctx.requesterId}" is not in the directory`, {
      params: { person: ctx.requesterId },
    });
  }
  return requester;
}

function orNobody(rule: AssigneeRule, ids: string[]): string[] {
  if (ids.length > 0) return ids;
  const label = ruleLabel(rule);
  throw new AppError('no_assignee', `No assignee found for rule ${ruleName(rule)}`, {
    params: { rule: ruleName(rule), ruleZh: label.zh, ruleEn: label.en },
  });
}

/** `role:department_head`, `seal_custodian`, `runtime:countersigners`. */
export function ruleName(rule: AssigneeRule): string {
  if (rule.kind === 'role') return `role:${rule.role}`;
  if (rule.kind === 'runtime') return `runtime:${rule.key}`;
  return rule.kind;
}

/** A rule in words, for messages. */
export function ruleLabel(rule: AssigneeRule): { zh: string; en: string } {
  if (rule.kind === 'role') return RULE_LABELS[rule.role];
  if (rule.kind === 'seal_custodian') return RULE_LABELS.seal_custodian;
  return { zh: `指定人员（${rule.key}）`, en: `people chosen for “${rule.key}”` };
}

function trim(id: string): string {
  return id.trim();
}

/**
 * Assignments for people about to be asked at a step of `kind`: all pending, except in a
 * circulation (传阅) where only the first reader is; the others wait for their turn.
 */
export function newAssignments(kind: StepKind, personIds: readonly string[]): Assignment[] {
  return personIds.map((personId, index) => ({
    personId,
    status: kind === 'sequence' && index > 0 ? 'waiting' : 'pending',
    openedAt: null,
    actedAt: null,
    comment: null,
    transferredFrom: null,
  }));
}

/**
 * The steps of a new instance of `definition`: all pending, each with its people resolved
 * (`single` and `task`: the first person the rule finds; `anyOf`/`allOf`: all of them;
 * `sequence`: all, in the rule's order). A rule that finds nobody throws `no_assignee` with the
 * step's id and names added to its params (`stepId`, `stepZh`, `stepEn`).
 */
export function instantiateSteps(definition: WorkflowDefinition, ctx: AssigneeContext): StepState[] {
  return definition.steps.map((step) => {
    let people: string[];
    try {
      // A step that chooses its people on activation has none yet.
      people = step.bindAtActivation ? [] : resolveAssignees(step.assignees, ctx);
    } catch (error) {
      if (error instanceof AppError && error.code === 'no_assignee') {
        throw new AppError('no_assignee', `${error.message} at step "${step.id}" of ${definition.id}`, {
          params: { ...error.params, stepId: step.id, stepZh: step.name.zh, stepEn: step.name.en },
          cause: error,
        });
      }
      throw error;
    }
    const chosen = step.kind === 'single' || step.kind === 'task' ? people.slice(0, 1) : people;
    const bound = step.bindAtActivation && step.assignees.kind === 'runtime' ? step.assignees.key : undefined;
    return {
      key: step.id,
      definitionStepId: step.id,
      name: { ...step.name },
      kind: step.kind,
      requireComment: step.requireComment,
      skipIfSameAsPrevious: step.skipIfSameAsPrevious,
      onReject: step.onReject,
      ...(step.returnResumesHere ? { returnResumesHere: true } : {}),
      ...(bound !== undefined
        ? { bindKey: bound, ...(step.skipIfNobody ? { skipIfNobody: true } : {}) }
        : {}),
      ...(step.deadlineParam ? { deadlineParam: step.deadlineParam } : {}),
      ...(step.setsParams?.length ? { setsParams: [...step.setsParams] } : {}),
      ...(step.commentersFrom?.length ? { commentersFrom: [...step.commentersFrom] } : {}),
      ...(step.contributorsParam ? { contributorsParam: step.contributorsParam } : {}),
      ...(step.fixedAssignees ? { fixedAssignees: true } : {}),
      ...(step.onlyActions?.length ? { onlyActions: [...step.onlyActions] } : {}),
      deadlineWorkingDays: step.deadlineWorkingDays ?? null,
      status: 'pending',
      assignments: newAssignments(step.kind, chosen),
      activatedAt: null,
      finishedAt: null,
      deadline: null,
      result: null,
    };
  });
}
