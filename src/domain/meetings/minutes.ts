// Minutes (会议纪要) and decisions (决定事项), DOMAIN.md "Meetings", After: once a meeting has
// started, the organiser or someone of the host department drafts the minutes, with each
// decision's responsible person and deadline; the chairing leader reviews and signs them (审签),
// or returns them with an opinion to the drafter, who edits and sends them again. Once signed,
// each decision is followed up (跟踪督办) as its own item: its owner does it and completes it with
// a result (办结) before its deadline in working days. Here: both routes and what their params
// hold. Pure.

import { parseWorkflowDefinition, type WorkflowDefinitionInput } from '../workflow/definition.ts';
import type { ParamRecord, ParamValue, WorkflowDefinition } from '../workflow/types.ts';

/** Params of the minutes' instance (its title is the meeting's name). */
export const MINUTES_PARAMS = {
  /** The meeting request's instance id. */
  meetingId: 'meetingId',
  summary: 'summary',
  /** One record per decision: {@link DecisionRecord}. */
  decisions: 'decisions',
  /** Extra people and departments the signed minutes go to, beyond the meeting's attendees. */
  rangePeople: 'rangePeople',
  rangeDepartments: 'rangeDepartments',
  /** The chairing leader, who signs (the meeting's chair). */
  chair: 'chair',
} as const;

/** Params of one decision's instance (its title is the decision's text). */
export const DECISION_PARAMS = {
  meetingId: 'meetingId',
  /** The meeting's name, for the card and the lists. */
  meetingTitle: 'meetingTitle',
  minutesId: 'minutesId',
  /** The responsible person (one id). */
  owner: 'owner',
  /** The department named on the minutes (its head is the owner), when one was. */
  departmentId: 'departmentId',
  /** Working days from signing to the deadline, as text. */
  days: 'days',
} as const;

export const MINUTES_STEP_IDS = { sign: 'chair_sign' } as const;
export const DECISION_STEP_IDS = { handle: 'owner_handle' } as const;

/** Most decisions one set of minutes carries (the form's rows). */
export const MAX_DECISIONS = 5;
/** The longest deadline a decision may have, in working days. */
export const MAX_DECISION_DAYS = 365;

/** The minutes: the chairing leader signs (审签) or returns them to the drafter with an opinion. */
export const MINUTES_DEFINITION: WorkflowDefinition = parseWorkflowDefinition({
  id: 'meeting_minutes',
  version: 1,
  name: { zh: '会议纪要', en: 'Meeting minutes' },
  steps: [
    {
      id: MINUTES_STEP_IDS.sign,
      name: { zh: '主持领导审签', en: 'Chairing leader signs' },
      kind: 'single',
      assignees: { kind: 'runtime', key: MINUTES_PARAMS.chair },
      deadlineWorkingDays: 2,
      fixedAssignees: true,
    },
  ],
} satisfies WorkflowDefinitionInput);

/** One decision: its owner does it and completes it with a result (办结) by its deadline. */
export const DECISION_DEFINITION: WorkflowDefinition = parseWorkflowDefinition({
  id: 'meeting_decision',
  version: 1,
  name: { zh: '会议决定事项', en: 'Meeting decision' },
  steps: [
    {
      id: DECISION_STEP_IDS.handle,
      name: { zh: '责任人落实', en: 'Owner carries it out' },
      kind: 'task',
      assignees: { kind: 'runtime', key: DECISION_PARAMS.owner },
      deadlineWorkingDays: 5,
      deadlineParam: DECISION_PARAMS.days,
    },
  ],
} satisfies WorkflowDefinitionInput);

/** One decision as the minutes hold it. */
export interface Decision {
  text: string;
  /** The responsible person: the one named, or the named department's head. */
  ownerId: string;
  /** The department named instead of a person, when one was. */
  departmentId: string | null;
  /** Deadline in working days from signing. */
  days: number;
}

/** The minutes as drafted. */
export interface MinutesDraft {
  summary: string;
  decisions: Decision[];
  rangePeople: string[];
  rangeDepartments: string[];
}

/** The decisions as the instance's param records. */
export function decisionRecords(decisions: readonly Decision[]): ParamRecord[] {
  return decisions.map((d) => ({
    text: d.text,
    ownerId: d.ownerId,
    departmentId: d.departmentId,
    days: d.days,
  }));
}

/** The params a draft is stored as on the minutes' instance. */
export function draftParams(draft: MinutesDraft): Record<string, ParamValue> {
  return {
    [MINUTES_PARAMS.summary]: draft.summary,
    [MINUTES_PARAMS.decisions]: decisionRecords(draft.decisions),
    [MINUTES_PARAMS.rangePeople]: draft.rangePeople,
    [MINUTES_PARAMS.rangeDepartments]: draft.rangeDepartments,
  };
}

const textList = (value: ParamValue | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The draft a minutes instance's params hold. */
export function draftOf(params: Readonly<Record<string, ParamValue>>): MinutesDraft {
  const summary = params[MINUTES_PARAMS.summary];
  const records = params[MINUTES_PARAMS.decisions];
  const decisions: Decision[] = Array.isArray(records)
    ? records.flatMap((r) =>
        typeof r === 'object' && r !== null && typeof r.text === 'string' && typeof r.ownerId === 'string'
          ? [
              {
                text: r.text,
                ownerId: r.ownerId,
                departmentId: typeof r.departmentId === 'string' ? r.departmentId : null,
                days: Number(r.days) || 0,
              },
            ]
          : [],
      )
    : [];
  return {
    summary: typeof summary === 'string' ? summary : '',
    decisions,
    rangePeople: textList(params[MINUTES_PARAMS.rangePeople]),
    rangeDepartments: textList(params[MINUTES_PARAMS.rangeDepartments]),
  };
}

/**
 * Who receives the signed minutes: the people named on the meeting request, every active member
 * of its departments, the chair, and the extra range named on the minutes, each once, in that
 * order.
 */
export function minutesRecipients(
  input: {
    attendees: readonly string[];
    departments: readonly string[];
    chairId: string | null;
    rangePeople: readonly string[];
    rangeDepartments: readonly string[];
  },
  people: ReadonlyArray<{ id: string; departmentId: string; active: boolean }>,
): string[] {
  const ids = new Set<string>();
  const addDepartments = (departments: readonly string[]) => {
    for (const person of people) {
      if (person.active && departments.includes(person.departmentId)) ids.add(person.id);
    }
  };
  for (const id of input.attendees) ids.add(id);
  addDepartments(input.departments);
  if (input.chairId) ids.add(input.chairId);
  for (const id of input.rangePeople) ids.add(id);
  addDepartments(input.rangeDepartments);
  const active = new Set(people.filter((p) => p.active).map((p) => p.id));
  return [...ids].filter((id) => active.has(id));
}

/** Whether a deadline has passed at `now`. */
export function isOverdue(deadline: Date | null, now: Date): boolean {
  return deadline !== null && deadline.getTime() < now.getTime();
}
