import type { DirectoryPerson } from '../../src/domain/workflow/index.ts';
import type { Assignment, StepKind, StepState } from '../../src/domain/workflow/types.ts';

/** A person of a test directory: active unless told otherwise. */
export function directoryPerson(
  id: string,
  departmentId: string,
  roles: string[] = [],
  headRank: DirectoryPerson['headRank'] = null,
  active = true,
): DirectoryPerson {
  return { id, departmentId, roles, headRank, active };
}

/** A person's part at a step, untouched unless `extra` says otherwise. */
export function assignment(
  personId: string,
  status: Assignment['status'] = 'pending',
  extra: Partial<Assignment> = {},
): Assignment {
  return { personId, status, openedAt: null, actedAt: null, comment: null, transferredFrom: null, ...extra };
}

/** A step as an instance holds it, with plain defaults (3 working days, no opinion required). */
export function step(
  key: string,
  kind: StepKind,
  status: StepState['status'],
  assignments: Assignment[],
  extra: Partial<StepState> = {},
): StepState {
  return {
    key,
    definitionStepId: key,
    name: { zh: `步骤${key}`, en: `Step ${key}` },
    kind,
    requireComment: false,
    skipIfSameAsPrevious: false,
    onReject: 'reject',
    deadlineWorkingDays: 3,
    status,
    assignments,
    activatedAt: null,
    finishedAt: null,
    deadline: null,
    result: null,
    ...extra,
  };
}
