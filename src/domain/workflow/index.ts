// The workflow engine's public API: definitions, assignee resolution, starting an instance, the
// pure transition, the working calendar, refusals and their texts.

export { WorkflowActionSchema } from './action-schema.ts';
export {
  type AssigneeContext,
  type DirectoryDepartment,
  type DirectoryPerson,
  type DirectorySeal,
  type DirectorySnapshot,
  instantiateSteps,
  newAssignments,
  resolveAssignees,
  ruleLabel,
  ruleName,
} from './assignees.ts';
export { type CalendarExceptions, type IsoDate, type WeekdayCalendar, weekdayCalendar } from './calendar.ts';
export {
  ADDED_STEP_KEY_PREFIX,
  GENERIC_APPROVAL,
  parseWorkflowDefinition,
  type WorkflowDefinitionInput,
  WorkflowDefinitionSchema,
} from './definition.ts';
export {
  DIRECTORY_REFUSAL_CODES,
  isWorkflowRefusal,
  MAX_COMMENT_LENGTH,
  REFUSAL_CODES,
  type RefusalCode,
  WorkflowRefusal,
} from './errors.ts';
export { WORKFLOW_MESSAGES_EN, WORKFLOW_MESSAGES_ZH, type WorkflowMessageKey } from './messages.ts';
export { isClassified, type StartInstanceInit, startInstance } from './start-instance.ts';
export {
  ADDED_STEP_NAME,
  availableActions,
  earlierApprovers,
  FINISHED_STATUSES,
  isFinished,
  stepContributors,
  transition,
  waitingOn,
} from './transition.ts';
export type * from './types.ts';
