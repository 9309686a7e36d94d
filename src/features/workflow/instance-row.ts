import type { WorkflowInstance } from '../../domain/workflow/types.ts';
import type { Prisma, WorkflowInstance as WorkflowInstanceRow } from '../../generated/prisma/client.ts';

/** The instance as `transition()` sees it, from its row (the row's `state` holds it whole). */
export function instanceFromRow(row: WorkflowInstanceRow): WorkflowInstance {
  return row.state as unknown as WorkflowInstance;
}

/**
 * People whose action the instance waits on now: the current step's pending assignees (in a
 * circulation only the person whose turn it is), or the requester of a returned or recalled item.
 */
export function waitingOnOf(instance: WorkflowInstance): string[] {
  if (instance.status === 'returned' || instance.status === 'recalled') return [instance.requesterId];
  if (instance.status !== 'running') return [];
  const step = instance.steps[instance.currentStep];
  if (!step) return [];
  return [...new Set(step.assignments.filter((a) => a.status === 'pending').map((a) => a.personId))];
}

/** The columns an instance's row keeps beside its state, for queries and lists. */
export function rowFieldsOf(instance: WorkflowInstance) {
  return {
    status: instance.status,
    version: instance.version,
    title: instance.title,
    reference: instance.reference,
    secrecy: instance.secrecy,
    urgency: instance.urgency,
    state: instance as unknown as Prisma.InputJsonValue,
    waitingOn: waitingOnOf(instance),
    updatedAt: new Date(instance.updatedAt),
  };
}
