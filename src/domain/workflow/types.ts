// The approval engine's data: workflow definitions (what a flow looks like), instances (one
// request or document going through a flow), actions (what a person does on a card) and effects
// (what must happen after a transition commits). Pure data: no Slack, Prisma, pino or clock here.

import type { SecrecyLevel } from '../org.ts';

/** Text in both languages the bot speaks. */
export interface LocalizedText {
  zh: string;
  en: string;
}

/**
 * How a step completes:
 * - `single`: one person acts.
 * - `anyOf` (或签): several are asked; the first decision settles the step.
 * - `allOf` (会签): all must agree; a rejection or return ends the step as `onReject` says.
 * - `sequence` (传阅): people one after another, each acknowledges before it passes on.
 * - `task` (承办): a handler does the work and completes it with a result note.
 */
export type StepKind = 'single' | 'anyOf' | 'allOf' | 'sequence' | 'task';

/**
 * Who is asked at a step, resolved from the organisation directory when the instance starts
 * (see `resolveAssignees`).
 * - `role`: by the requester's position: `department_head` applies the reviewer rule of
 *   DOMAIN.md (the head of the requester's department; a head as requester → another head; the
 *   sole head → the requester, who must still do the step); `supervising_leader` is the leader in
 *   charge of the requester's department; the others are unit-wide roles.
 * - `seal_custodian`: the custodian of the seal named in the instance's `params.sealId`.
 * - `runtime`: people chosen when the instance starts, in `params[key]` (e.g. countersigners).
 */
export type AssigneeRule =
  | {
      kind: 'role';
      role:
        | 'department_head'
        | 'office_head'
        | 'supervising_leader'
        | 'director'
        | 'print_room'
        | 'secretary'
        | 'archivist'
        | 'supplies_keeper';
    }
  | { kind: 'seal_custodian' }
  | { kind: 'runtime'; key: string };

/** One step of a workflow definition. */
export interface StepDefinition {
  /** Stable slug, unique within the definition (e.g. `dept_review`). */
  id: string;
  name: LocalizedText;
  kind: StepKind;
  assignees: AssigneeRule;
  /** Reviewers must write an opinion (意见) to approve or reject (seed 004 art. 10). */
  requireComment: boolean;
  /** Deadline of the step in working days from its activation; none when absent. */
  deadlineWorkingDays?: number;
  /**
   * The step is skipped (recorded as such) when its only assignee is the person who just acted.
   * Only where the definition allows it: review steps never set it.
   */
  skipIfSameAsPrevious: boolean;
  /** allOf: what one rejection does. `reject` ends the instance; `return` sends it back to the requester. */
  onReject: 'reject' | 'return';
  /**
   * A return to the requester from this step is a correction round (校对): once resubmitted, the
   * route resumes at this step and the steps before it keep their approvals (the sign-off stands).
   */
  returnResumesHere: boolean;
  /**
   * `runtime` rule only: the people are read from `params` when the step activates, not when the
   * instance starts, so an earlier step can choose them (批办 names the readers and the handler).
   */
  bindAtActivation?: boolean;
  /** With `bindAtActivation`: a step that then finds nobody is skipped (no leaders to circulate to). */
  skipIfNobody?: boolean;
  /** The deadline in working days comes from this param when it holds a whole number from 1 to 365. */
  deadlineParam?: string;
  /** The params an approval at this step may set (the choices of the 批办 form). */
  setsParams?: string[];
  /**
   * Ids of earlier definition steps whose approvers (the people who approved that step) may also
   * comment while this step is active: the leader who instructed (批办) answers the handler's
   * questions (问题上报) during 承办. Each must name a step before this one.
   */
  commentersFrom?: string[];
  /**
   * A param naming people (ids) who may add contributions (comments) while this step is active,
   * for its holders: the co-departments' heads at 承办 (协办意见). Set by an earlier step.
   */
  contributorsParam?: string;
  /**
   * Nobody else may take this step over: no transfer (转交) and no added signer (加签). For a
   * seal's custodian, the one named person who stamps.
   */
  fixedAssignees?: boolean;
  /**
   * While this step is active, only these actions are taken, by anyone (opening a card always
   * is): a borrowed record's 归还 can be recorded, not rejected, returned, recalled or cancelled,
   * since the record is out. The card offers nothing else.
   */
  onlyActions?: Array<Exclude<WorkflowActionType, 'open' | 'resubmit'>>;
}

/** A workflow definition: validated with zod (`WorkflowDefinitionSchema`) before use. */
export interface WorkflowDefinition {
  /** Stable slug, e.g. `generic_approval`. */
  id: string;
  version: number;
  name: LocalizedText;
  steps: StepDefinition[];
  /** A channel that gets a copy of the card (never for items above 公开/内部 rules allow). */
  channel?: string;
}

/** Where an instance stands. `returned` and `recalled` wait on the requester to resubmit or cancel. */
export type InstanceStatus = 'running' | 'returned' | 'recalled' | 'approved' | 'rejected' | 'cancelled';

/** Where one step stands. */
export type StepStatus = 'pending' | 'active' | 'done' | 'skipped' | 'rejected' | 'returned';

/**
 * One person's part at a step. `waiting`: a later person in a sequence (传阅), not yet their turn.
 * `transferred`: handed to someone else (the new assignment names `transferredFrom`).
 * `superseded`: the step ended before this person acted (anyOf settled by someone else).
 */
export type AssignmentStatus =
  | 'pending'
  | 'waiting'
  | 'approved'
  | 'rejected'
  | 'returned'
  | 'acknowledged'
  | 'completed'
  | 'transferred'
  | 'superseded';

export interface Assignment {
  personId: string;
  status: AssignmentStatus;
  /** When this person first opened the card (or modal) for this step; recall is refused after it. */
  openedAt: string | null;
  actedAt: string | null;
  comment: string | null;
  /** Set on an assignment created by a transfer (转交): who handed it over. */
  transferredFrom: string | null;
}

/** A step as it runs: from the definition, or added at run time (加签). */
export interface StepState {
  /** Unique within the instance: the definition step id, or `added-N` for an added signer step. */
  key: string;
  /** The definition step this runs, or null for an added signer step. */
  definitionStepId: string | null;
  name: LocalizedText;
  kind: StepKind;
  requireComment: boolean;
  skipIfSameAsPrevious: boolean;
  onReject: 'reject' | 'return';
  /** See StepDefinition; absent in states stored before it existed (= false). */
  returnResumesHere?: boolean;
  /** The params key the people are read from at activation (StepDefinition.bindAtActivation). */
  bindKey?: string;
  skipIfNobody?: boolean;
  deadlineParam?: string;
  setsParams?: string[];
  /** See StepDefinition.commentersFrom: definition step ids whose approvers may comment here. */
  commentersFrom?: string[];
  /** See StepDefinition.contributorsParam. */
  contributorsParam?: string;
  /** See StepDefinition.fixedAssignees. */
  fixedAssignees?: boolean;
  /** See StepDefinition.onlyActions. */
  onlyActions?: Array<Exclude<WorkflowActionType, 'open' | 'resubmit'>>;
  deadlineWorkingDays: number | null;
  status: StepStatus;
  assignments: Assignment[];
  /** ISO times; null until they happen. */
  activatedAt: string | null;
  finishedAt: string | null;
  deadline: string | null;
  /** Result note of a `task` step (承办结果). */
  result: string | null;
}

/** Urgency of DOMAIN.md: 特急 / 加急 / 平件. */
export type Urgency = 'extra_urgent' | 'urgent' | 'normal';

/**
 * One request or document going through a workflow: everything `transition` needs, and nothing
 * it does not. Times are ISO-8601 strings so the state round-trips through JSON unchanged.
 */
export interface WorkflowInstance {
  id: string;
  definitionId: string;
  definitionVersion: number;
  requesterId: string;
  /** Null for items at 秘密 and above: the bot keeps no title or content for them. */
  title: string | null;
  /** Reference for classified items (their number), shown instead of the title. */
  reference: string | null;
  secrecy: SecrecyLevel;
  urgency: Urgency;
  status: InstanceStatus;
  /**
   * Bumped by every applied transition; optimistic concurrency checks it. `open` is the one
   * exception: it only records `openedAt` and leaves the version alone (see `TransitionResult`).
   */
  version: number;
  /** Index into `steps` of the active step; equals steps.length once finished. */
  currentStep: number;
  steps: StepState[];
  /** Run-time parameters (seal id, people picked for countersign, a supply request's lines…). */
  params: Record<string, ParamValue>;
  /** Set while a correction round waits on the requester: the step the route resumes at. */
  resumeStepKey?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One record of a structured param (a supply request's line): named scalar fields. */
export type ParamRecord = { readonly [field: string]: string | number | null };

/**
 * One run-time parameter of an instance: a text, a list of texts (people picked), or a list of
 * records a feature keeps as data rather than as JSON inside a text (a supply request's lines).
 */
export type ParamValue = string | string[] | ParamRecord[];

/**
 * What a person does on a card. `open` records that they opened it (recall is refused after); it
 * changes no `version`, so a card drawn before someone opened it is not out of date.
 */
export type WorkflowAction =
  | { type: 'approve'; comment?: string; params?: Record<string, string | string[]> }
  | { type: 'reject'; comment?: string }
  | { type: 'return'; comment: string; to: 'requester' | { stepKey: string } }
  | { type: 'transfer'; toPersonId: string; comment?: string }
  | { type: 'add_signer'; personId: string; position: 'before' | 'after'; comment?: string }
  | { type: 'comment'; comment: string }
  | { type: 'acknowledge'; comment?: string }
  | { type: 'complete'; result: string }
  | { type: 'open' }
  | { type: 'recall'; comment?: string }
  | { type: 'resubmit'; comment?: string }
  | { type: 'cancel'; comment?: string };

export type WorkflowActionType = WorkflowAction['type'];

/** Who acts: a person of the directory. Roles matter for nothing here; assignments decide. */
export interface Actor {
  personId: string;
}

/**
 * What must happen once a transition is committed, as plain data; the service turns these into
 * outbox rows (messages) and reminder rows.
 */
export type WorkflowEffect =
  /** New people must receive the card (a new message to each). */
  | { type: 'notify_assignees'; stepKey: string; personIds: string[] }
  /** Every posted copy of the card must be updated in place. */
  | { type: 'refresh_cards' }
  /**
   * What these viewers may do changed without a new version (the first open at a step takes the
   * requester's 撤回 away): their copies must be drawn again although their version is current.
   */
  | { type: 'redraw_cards'; personIds: string[] }
  /**
   * The people the current step waits on are told of a comment by someone who is not among its
   * holders (an earlier step's approver allowed by `commentersFrom`: the instructing leader's
   * answer to the handler).
   */
  | {
      type: 'notify_holders';
      stepKey: string;
      /** `replied`: an earlier approver's answer; `contributed`: a contributor's 协办意见. */
      event: 'replied' | 'contributed';
      personIds: string[];
      byPersonId: string;
    }
  /** The requester is told what happened (approved, rejected, returned…). */
  | {
      type: 'notify_requester';
      event: 'approved' | 'rejected' | 'returned' | 'transferred' | 'commented';
      byPersonId: string;
    }
  /**
   * A step got a deadline, or the people asked at it changed (a countersigner agreed, a reader
   * passed it on, a transfer): the step's reminders are replaced by reminders to `personIds`,
   * everyone still asked there.
   */
  | { type: 'deadline_set'; stepKey: string; personIds: string[]; deadline: string }
  /** Reminders for a step (or all, when stepKey is null) are cancelled. */
  | { type: 'deadline_cleared'; stepKey: string | null }
  | { type: 'instance_finished'; status: 'approved' | 'rejected' | 'cancelled' };

/** The outcome of an accepted transition. */
export interface TransitionResult {
  next: WorkflowInstance;
  effects: WorkflowEffect[];
  /**
   * False when the action recorded nothing (an `open` already recorded, or by someone whose part
   * is done): write nothing. True otherwise; `next.version` is then one up, except for `open`.
   */
  changed: boolean;
}

/** Computes deadlines in working days (weekends, holidays and 调休 by the unit's calendar). */
export interface WorkingCalendar {
  /** The end of the `days`-th working day after `from` (from's own day does not count). */
  addWorkingDays(from: Date, days: number): Date;
}
